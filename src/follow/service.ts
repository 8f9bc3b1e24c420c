/**
 * Follow and digests. Anyone signed in follows a mechanism, a country, a meeting series, a document kind or a peer
 * query it may see; the published changes that match are listed as unseen in the interface and sent as one digest
 * per period (daily or weekly, the reader's choice) in the reader's language, with a signed one-click unsubscribe
 * link. Every write runs
 * in one transaction with its audit event; a digest is recorded in the transaction that sends it, so a second run
 * sends nothing new.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AccountsService, SessionUser } from '../accounts/service.js';
import type { DB, FollowPreferenceTable } from '../db/schema.js';
import { NotFound, Unauthenticated, ValidationError } from '../http/errors.js';
import type { MailSender } from '../http/mail.js';
import { countryNames } from '../registry/countries.js';
import type { RegistryService } from '../registry/service.js';
import { formatDate } from '../web/format.js';
import { isLang, translator, type Lang } from '../web/i18n.js';
import {
  historyPath,
  isDocumentKind,
  isFollowKind,
  isPeriod,
  matching,
  sentenceOf,
  unsubscribeSignature,
  validUnsubscribe,
  type ChangeSource,
  type FollowKind,
  type Period,
  type PublishedChange,
} from './model.js';
import * as store from './store.js';

const SIGN_IN = 'sign in, or send a personal API token as "Authorization: Bearer …"';
/** How many published changes a digest, a feed or the unseen list reads at most. */
const WINDOW = 1000;
const KINDS_IN_WORDS = 'mechanism, country, series, document-kind or query';

export interface FollowView {
  kind: FollowKind;
  target: string;
  /** The thing's name in the reader's language (the target itself when it has none). */
  name: string;
  since: string;
}

export interface PreferenceView {
  period: Period;
  lang: Lang;
  unsubscribed: boolean;
}

export interface ChangeView {
  id: string;
  recordType: string;
  recordId: string;
  publishedAt: string;
  /** The plain sentence in the reader's language. */
  text: string;
  /** The public history page of the record, after the language prefix. */
  path: string;
}

export interface DigestOutcome {
  to: string;
  userId: string;
  lang: Lang;
  subject: string;
  changes: number;
}

export class FollowService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly registry: RegistryService,
    private readonly accounts: AccountsService,
    private readonly changes: ChangeSource,
    /** DIGEST_SECRET: signs the unsubscribe links (null: no digest is sent, no link is valid). */
    private readonly secret: string | null = null,
  ) {}

  private require(user: SessionUser | null): SessionUser {
    if (!user) throw new Unauthenticated(SIGN_IN);
    return user;
  }

  /** The canonical target of a follow (404 for a thing that does not exist; a mechanism alias resolves). */
  async resolve(
    kindInput: string,
    targetInput: string,
    user: SessionUser | null = null,
  ): Promise<{ kind: FollowKind; target: string }> {
    if (!isFollowKind(kindInput))
      throw new ValidationError(`"${kindInput}" cannot be followed: follow a ${KINDS_IN_WORDS}`, 'kind');
    const kind = kindInput;
    if (kind === 'query') {
      // A query the reader may not see is answered as one that does not exist.
      if ((await this.changes.queryTitle(user, targetInput)) === null) throw new NotFound('query', targetInput);
      return { kind, target: targetInput };
    }
    if (kind === 'mechanism') {
      const m = await this.registry.resolveMechanism(targetInput).catch((err: unknown) => {
        if (err instanceof Error && 'canonical' in err) return { id: (err as { canonical: string }).canonical };
        throw err;
      });
      return { kind, target: m.id };
    }
    if (kind === 'country') {
      const code = targetInput.toUpperCase();
      if (!this.registry.countryCodes().has(code))
        throw new NotFound('country', targetInput, `no country "${targetInput}": use an ISO 3166-1 alpha-3 code`);
      return { kind, target: code };
    }
    if (kind === 'series') {
      if ((await this.changes.seriesName(targetInput)) === null) throw new NotFound('series', targetInput);
      return { kind, target: targetInput };
    }
    if (!isDocumentKind(targetInput)) throw new NotFound('document kind', targetInput);
    return { kind, target: targetInput };
  }

  private async names(lang: Lang) {
    const mechanisms = await this.registry.mechanismNames();
    const countries = countryNames(lang);
    const t = translator(lang);
    return {
      mechanism: (id: string) => mechanisms.get(id) ?? id,
      country: (code: string) => countries.get(code) ?? code,
      party: (c: PublishedChange) =>
        (c.country && (countries.get(c.country) ?? c.country)) || c.organization || t('follow.aParty'),
      documentKind: (k: string) => t(`dkind.${k}`),
    };
  }

  async nameFor(kind: FollowKind, target: string, lang: Lang, user: SessionUser | null = null): Promise<string> {
    if (kind === 'query') return (await this.changes.queryTitle(user, target)) ?? target;
    const n = await this.names(lang);
    if (kind === 'mechanism') return n.mechanism(target);
    if (kind === 'country') return n.country(target);
    if (kind === 'series') return (await this.changes.seriesName(target)) ?? target;
    return n.documentKind(target);
  }

  /** The language each account chose for its mail (its digest preference), for other features' mail. */
  async languages(ids: readonly string[]): Promise<Map<string, Lang>> {
    const out = new Map<string, Lang>();
    for (const id of new Set(ids)) {
      const p = await this.preferenceOf(id);
      if (p && isLang(p.lang)) out.set(id, p.lang);
    }
    return out;
  }

  private async preferenceOf(userId: string): Promise<FollowPreferenceTable | undefined> {
    return store.preference(this.db, userId);
  }

  private view(p: FollowPreferenceTable | undefined, lang: Lang): PreferenceView {
    return {
      period: p && isPeriod(p.period) ? p.period : 'weekly',
      lang: p && isLang(p.lang) ? p.lang : lang,
      unsubscribed: p?.unsubscribed_at != null,
    };
  }

  /** What the user follows, named in `lang`, with the digest preference. */
  async list(userOrNull: SessionUser | null, lang: Lang = 'en') {
    const user = this.require(userOrNull);
    const rows = await store.followsOf(this.db, user.id);
    const items: FollowView[] = [];
    for (const r of rows)
      if (isFollowKind(r.kind))
        items.push({
          kind: r.kind,
          target: r.target,
          name: await this.nameFor(r.kind, r.target, lang, user),
          since: r.created_at,
        });
    return { items, preference: this.view(await this.preferenceOf(user.id), lang) };
  }

  /** Is the user following this thing? */
  async isFollowing(user: SessionUser, kind: FollowKind, target: string): Promise<boolean> {
    return (await store.follow(this.db, user.id, kind, target)) !== undefined;
  }

  /** Follow a thing (idempotent: `created` false when it was already followed, and nothing is written). */
  async follow(
    userOrNull: SessionUser | null,
    kindInput: string,
    targetInput: string,
    lang: Lang = 'en',
  ): Promise<{ created: boolean; follow: FollowView }> {
    const user = this.require(userOrNull);
    const { kind, target } = await this.resolve(kindInput, targetInput, user);
    const name = await this.nameFor(kind, target, lang, user);
    const existing = await store.follow(this.db, user.id, kind, target);
    if (existing) return { created: false, follow: { kind, target, name, since: existing.created_at } };
    const at = new Date().toISOString();
    const id = randomUUID();
    await this.db.transaction().execute(async (tx) => {
      if (!(await store.preference(tx, user.id)))
        await store.insertPreference(tx, {
          user_id: user.id,
          lang,
          period: 'weekly',
          digest_from: at,
          seen_at: at,
          unsubscribed_at: null,
          updated_at: at,
        });
      await store.insertFollow(tx, { id, user_id: user.id, kind, target, created_at: at });
      await this.accounts.recordEvent(tx, {
        actor: user.id,
        action: 'follow.add',
        recordType: 'follow',
        recordId: id,
        after: { kind, target },
      });
    });
    return { created: true, follow: { kind, target, name, since: at } };
  }

  /** Stop following a thing (404 when it was not followed). */
  async unfollow(userOrNull: SessionUser | null, kindInput: string, targetInput: string): Promise<void> {
    const user = this.require(userOrNull);
    if (!isFollowKind(kindInput))
      throw new ValidationError(`"${kindInput}" cannot be followed: follow a ${KINDS_IN_WORDS}`, 'kind');
    const target = kindInput === 'country' ? targetInput.toUpperCase() : targetInput;
    await this.db.transaction().execute(async (tx) => {
      const row = await store.follow(tx, user.id, kindInput, target);
      if (!row) throw NotFound.because(`you do not follow ${kindInput} "${targetInput}"`);
      await store.deleteFollow(tx, row.id);
      await this.accounts.recordEvent(tx, {
        actor: user.id,
        action: 'follow.remove',
        recordType: 'follow',
        recordId: row.id,
        before: { kind: row.kind, target: row.target },
      });
    });
  }

  /** Choose the digest's period and language; choosing again after an unsubscribe turns the digest back on. */
  async setPreference(
    userOrNull: SessionUser | null,
    input: { period?: string | undefined; lang?: string | undefined },
    pageLang: Lang = 'en',
  ): Promise<PreferenceView> {
    const user = this.require(userOrNull);
    if (input.period !== undefined && !isPeriod(input.period))
      throw new ValidationError(`period "${input.period}" must be daily or weekly`, 'period');
    if (input.lang !== undefined && !isLang(input.lang))
      throw new ValidationError(`lang "${input.lang}" must be one of ar, zh, en, fr, ru, es`, 'lang');
    const at = new Date().toISOString();
    await this.db.transaction().execute(async (tx) => {
      const before = await store.preference(tx, user.id);
      const next = {
        period: input.period ?? before?.period ?? 'weekly',
        lang: input.lang ?? before?.lang ?? pageLang,
        unsubscribed_at: null,
        updated_at: at,
      };
      if (before) await store.updatePreference(tx, user.id, next);
      else await store.insertPreference(tx, { user_id: user.id, ...next, digest_from: at, seen_at: at });
      await this.accounts.recordEvent(tx, {
        actor: user.id,
        action: 'follow.preference',
        recordType: 'follow_preference',
        recordId: user.id,
        before: before
          ? { period: before.period, lang: before.lang, unsubscribed: before.unsubscribed_at !== null }
          : null,
        after: { period: next.period, lang: next.lang, unsubscribed: false },
      });
    });
    return this.view(await this.preferenceOf(user.id), pageLang);
  }

  /** The changes as the reader reads them: a sentence in `lang` and the record's history page. */
  async present(changes: readonly PublishedChange[], lang: Lang): Promise<ChangeView[]> {
    const names = await this.names(lang);
    const t = translator(lang);
    return changes.map((c) => {
      const s = sentenceOf(c, names);
      return {
        id: c.id,
        recordType: c.recordType,
        recordId: c.recordId,
        publishedAt: c.publishedAt,
        text: t(s.key, { ...s.scope, interpolation: { escapeValue: false } }),
        path: historyPath(c),
      };
    });
  }

  /** The published changes matching what the user follows, published after `after`. */
  private async matchingSince(userId: string, after: string | null): Promise<PublishedChange[]> {
    const follows = await store.followsOf(this.db, userId);
    if (follows.length === 0) return [];
    return matching(follows, await this.changes.published({ after, limit: WINDOW }));
  }

  /** The changes the user has not seen yet (published after the last "mark as seen"), newest first. */
  async unseen(userOrNull: SessionUser | null, lang: Lang): Promise<ChangeView[]> {
    const user = this.require(userOrNull);
    const p = await this.preferenceOf(user.id);
    if (!p) return [];
    return this.present(await this.matchingSince(user.id, p.seen_at), lang);
  }

  /** Mark every change listed so far as seen. */
  async markSeen(userOrNull: SessionUser | null): Promise<void> {
    const user = this.require(userOrNull);
    const at = new Date().toISOString();
    await this.db.transaction().execute(async (tx) => {
      const p = await store.preference(tx, user.id);
      if (!p) return;
      await store.updatePreference(tx, user.id, { seen_at: at, updated_at: at });
      await this.accounts.recordEvent(tx, {
        actor: user.id,
        action: 'follow.seen',
        recordType: 'follow_preference',
        recordId: user.id,
        before: { seenAt: p.seen_at },
        after: { seenAt: at },
      });
    });
  }

  // ---------------------------------------------------------------- digests

  /** The one-click unsubscribe URL of an account (absolute, with the site's origin). */
  unsubscribeUrl(origin: string, userId: string, lang: Lang): string {
    if (!this.secret) throw new Error('DIGEST_SECRET is not set: digests cannot carry an unsubscribe link');
    const s = unsubscribeSignature(this.secret, userId);
    return `${origin}/${lang}/account/following/unsubscribe?u=${encodeURIComponent(userId)}&s=${s}`;
  }

  /**
   * Unsubscribe from the digests by the signed link (no sign-in): false when the signature is not the account's.
   * Following stays as it is; choosing a period again turns digests back on.
   */
  async unsubscribe(userId: string, signature: string): Promise<boolean> {
    if (!validUnsubscribe(this.secret, userId, signature)) return false;
    const at = new Date().toISOString();
    await this.db.transaction().execute(async (tx) => {
      const p = await store.preference(tx, userId);
      if (!p || p.unsubscribed_at !== null) return;
      await store.updatePreference(tx, userId, { unsubscribed_at: at, updated_at: at });
      await this.accounts.recordEvent(tx, {
        actor: userId,
        action: 'follow.unsubscribe',
        recordType: 'follow_preference',
        recordId: userId,
        before: { unsubscribed: false },
        after: { unsubscribed: true },
      });
    });
    return true;
  }

  /**
   * Send the digests of one period: to each account of that period (not unsubscribed) one mail holding the
   * published changes matching its follows since its last digest, in its language. Each digest is recorded,
   * with its audit event, in the transaction that sends it: a failed send records nothing, and a second run
   * finds nothing new. `dryRun`: tells what would be sent and writes and sends nothing.
   */
  async sendDigests(opts: {
    period: Period;
    origin: string;
    send: MailSender;
    dryRun?: boolean;
  }): Promise<DigestOutcome[]> {
    if (!this.secret && !opts.dryRun)
      throw new ValidationError(
        'DIGEST_SECRET is not set: a digest needs it to sign its unsubscribe link',
        'DIGEST_SECRET',
      );
    const readers = await store.digestReaders(this.db, opts.period);
    const contacts = await this.accounts.contacts(readers.map((r) => r.user_id));
    const out: DigestOutcome[] = [];
    for (const r of readers) {
      const contact = contacts.get(r.user_id);
      if (!contact) continue; // a disabled account gets nothing
      // `digest_from` is inclusive (the first digest holds what was published since the first follow).
      const since = new Date(new Date(r.digest_from).getTime() - 1).toISOString();
      const changes = await this.matchingSince(r.user_id, since);
      if (changes.length === 0) continue;
      const lang: Lang = isLang(r.lang) ? r.lang : 'en';
      const message = await this.digestMessage(r.user_id, contact, lang, opts.period, changes, opts.origin);
      out.push({ to: contact.email, userId: r.user_id, lang, subject: message.subject, changes: changes.length });
      if (opts.dryRun) continue;
      const through = changes[0]!.publishedAt;
      const id = randomUUID();
      const at = new Date().toISOString();
      await this.db.transaction().execute(async (tx) => {
        await store.insertDigest(tx, {
          id,
          user_id: r.user_id,
          period: opts.period,
          lang,
          sent_at: at,
          through,
          change_ids: JSON.stringify(changes.map((c) => c.id)),
        });
        // Next time: what is published after the newest change this digest held.
        const next = new Date(new Date(through).getTime() + 1).toISOString();
        await store.updatePreference(tx, r.user_id, { digest_from: next > r.digest_from ? next : r.digest_from });
        await this.accounts.recordEvent(tx, {
          actor: 'system',
          action: 'follow.digest',
          recordType: 'digest',
          recordId: id,
          after: { user: r.user_id, period: opts.period, lang, changes: changes.length, through },
        });
        await opts.send(message); // a failure rolls the record back: the next run sends it again
      });
    }
    return out;
  }

  private async digestMessage(
    userId: string,
    contact: { email: string; name: string },
    lang: Lang,
    period: Period,
    changes: readonly PublishedChange[],
    origin: string,
  ) {
    const t = translator(lang);
    const items = await this.present(changes, lang);
    const unsubscribe = this.secret ? this.unsubscribeUrl(origin, userId, lang) : `${origin}/${lang}/account/following`;
    const lines = [
      t('follow.mail.greeting', { name: contact.name, interpolation: { escapeValue: false } }),
      '',
      t(`follow.mail.intro.${period}`, { count: items.length }),
      '',
      ...items.flatMap((c) => [
        `- ${formatDate(c.publishedAt.slice(0, 10), lang)}: ${c.text}`,
        `  ${origin}/${lang}${c.path}`,
      ]),
      '',
      t('follow.mail.manage', { url: `${origin}/${lang}/account/following`, interpolation: { escapeValue: false } }),
      t('follow.mail.unsubscribe', { url: unsubscribe, interpolation: { escapeValue: false } }),
    ];
    return {
      to: contact.email,
      subject: t(`follow.mail.subject.${period}`, { count: items.length }),
      text: lines.join('\n'),
      lang,
      headers: {
        'List-Unsubscribe': `<${unsubscribe}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    };
  }

  // ---------------------------------------------------------------- public feeds

  /** The newest published changes (all, of a mechanism, or of a country), for the public Atom feeds. */
  async feedChanges(scope: { mechanism?: string; country?: string }): Promise<PublishedChange[]> {
    const all = await this.changes.published({
      limit: scope.country ? WINDOW : 50,
      ...(scope.mechanism ? { mechanism: scope.mechanism } : {}),
    });
    const wanted = scope.country ? all.filter((c) => c.country === scope.country) : all;
    return wanted.slice(0, 50);
  }
}
