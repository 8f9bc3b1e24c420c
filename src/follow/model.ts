/**
 * Follow and digests: the pure rules (no I/O). What may be followed, which published change a follow matches,
 * the signed one-click unsubscribe link, and the plain sentence that tells a change in the reader's language.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SessionUser } from '../accounts/service.js';
import { DOCUMENT_KINDS } from '../documents/model.js';

/**
 * What an account may follow. A peer query (`query`) is followed by those who may see it; its published
 * compilation is a public record, so the change that tells it is public too (an open query tells nothing).
 */
export const FOLLOW_KINDS = ['mechanism', 'country', 'series', 'document-kind', 'query'] as const;
export type FollowKind = (typeof FOLLOW_KINDS)[number];
export const isFollowKind = (k: string): k is FollowKind => (FOLLOW_KINDS as readonly string[]).includes(k);

export const PERIODS = ['daily', 'weekly'] as const;
export type Period = (typeof PERIODS)[number];
export const isPeriod = (p: string): p is Period => (PERIODS as readonly string[]).includes(p);

export const isDocumentKind = (k: string) => (DOCUMENT_KINDS as readonly string[]).includes(k);

/**
 * A published change as the editing feature gives it (the composition root passes `published`): what record it
 * is about and when it was published — never a payload, a comment or a person.
 */
export interface PublishedChange {
  id: string;
  kind: string;
  recordType: string;
  recordId: string;
  mechanism: string | null;
  country: string | null;
  organization: string | null;
  series: string | null;
  title: string | null;
  effect: 'created' | 'changed' | 'removed';
  revertOf: string | null;
  publishedAt: string;
}

/** Where the follow feature reads published changes and names series (given by the composition root). */
export interface ChangeSource {
  published(opts: { after?: string | null; limit?: number; mechanism?: string }): Promise<PublishedChange[]>;
  seriesName(id: string): Promise<string | null>;
  /** A peer query's title, when `user` may see the query (null: no such query, or not for this reader). */
  queryTitle(user: SessionUser | null, id: string): Promise<string | null>;
}

export interface Followed {
  kind: string;
  target: string;
}

/** Does a follow match a published change? (A document kind matches a change to a document of that kind.) */
export function matches(f: Followed, c: PublishedChange): boolean {
  switch (f.kind) {
    case 'mechanism':
      return c.mechanism === f.target;
    case 'country':
      return c.country === f.target;
    case 'series':
      return c.series === f.target;
    case 'document-kind':
      return c.recordType === 'document' && c.kind === f.target;
    case 'query':
      return c.recordType === 'query' && c.recordId === f.target;
    default:
      return false;
  }
}

/** The published changes that match any of the follows, newest first (each once). */
export function matching(follows: readonly Followed[], changes: readonly PublishedChange[]): PublishedChange[] {
  return changes.filter((c) => follows.some((f) => matches(f, c)));
}

// ---------------------------------------------------------------- the one-click unsubscribe link

/** The HMAC of an account's unsubscribe link (base64url of HMAC-SHA256 over "unsubscribe:<user id>"). */
export function unsubscribeSignature(secret: string, userId: string): string {
  return createHmac('sha256', secret).update(`unsubscribe:${userId}`).digest('base64url');
}

/** Is `signature` the account's? Compared in constant time; any malformed value is simply false. */
export function validUnsubscribe(secret: string | null, userId: string, signature: string): boolean {
  if (!secret || !userId || !signature) return false;
  const want = Buffer.from(unsubscribeSignature(secret, userId));
  const got = Buffer.from(signature);
  return want.length === got.length && timingSafeEqual(want, got);
}

// ---------------------------------------------------------------- a change in a sentence

/** The catalogue key and what it names for the sentence that tells a change (`follow.sentence.*`). */
export function sentenceOf(
  c: PublishedChange,
  names: { mechanism: (id: string) => string; party: (c: PublishedChange) => string },
): { key: string; scope: Record<string, string> } {
  const mechanism = c.mechanism ? names.mechanism(c.mechanism) : '';
  if (c.recordType === 'participation')
    return { key: `follow.sentence.participation.${c.effect}`, scope: { party: names.party(c), mechanism } };
  if (c.recordType === 'mechanism') return { key: `follow.sentence.mechanism.${c.effect}`, scope: { mechanism } };
  if (c.recordType === 'document')
    return { key: 'delegations.documentChanged', scope: { title: c.title ?? c.recordId } };
  if (c.recordType === 'query') return { key: 'follow.sentence.query', scope: { title: c.title ?? c.recordId } };
  return { key: `follow.sentence.meeting.${c.effect}`, scope: { title: c.title ?? c.recordId } };
}

/** The path of a record's public history page (after the language prefix). */
export const historyPath = (c: PublishedChange) =>
  c.recordType === 'document'
    ? `/documents/${encodeURIComponent(c.recordId)}`
    : c.recordType === 'query'
      ? `/queries/${encodeURIComponent(c.recordId)}`
      : `/history/${encodeURIComponent(c.recordType)}/${encodeURIComponent(c.recordId)}`;

// ---------------------------------------------------------------- Atom

const escapeXml = (s: string) =>
  s.replace(/[<>&"']/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[ch]!);

export interface AtomEntry {
  id: string;
  title: string;
  updated: string;
  link: string;
  summary: string;
}

/**
 * An Atom (RFC 4287) feed as text: the same entries give the same bytes (`updated` is the newest entry's
 * publication, or `since` for an empty feed), so its ETag changes only when a change is published.
 */
export function atomFeed(feed: {
  id: string;
  title: string;
  subtitle: string;
  self: string;
  alternate: string;
  lang: string;
  entries: readonly AtomEntry[];
  emptyUpdated: string;
}): string {
  const updated = feed.entries[0]?.updated ?? feed.emptyUpdated;
  const out = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(feed.lang)}">`,
    `  <id>${escapeXml(feed.id)}</id>`,
    `  <title>${escapeXml(feed.title)}</title>`,
    `  <subtitle>${escapeXml(feed.subtitle)}</subtitle>`,
    `  <updated>${escapeXml(updated)}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(feed.self)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(feed.alternate)}"/>`,
    '  <author><name>ISCM Hub</name></author>',
    '  <generator>ISCM Hub</generator>',
  ];
  for (const e of feed.entries)
    out.push(
      '  <entry>',
      `    <id>${escapeXml(e.id)}</id>`,
      `    <title>${escapeXml(e.title)}</title>`,
      `    <updated>${escapeXml(e.updated)}</updated>`,
      `    <link rel="alternate" type="text/html" href="${escapeXml(e.link)}"/>`,
      `    <summary type="text">${escapeXml(e.summary)}</summary>`,
      '  </entry>',
    );
  out.push('</feed>', '');
  return out.join('\n');
}

/** A change's entry id: the same in every language and at every address the site is served from. */
export const entryId = (changeId: string) => `tag:iscm-hub,2026:change/${changeId}`;
