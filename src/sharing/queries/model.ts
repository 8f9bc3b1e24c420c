/**
 * Peer queries: who asks, who must answer, who sees what, and what an answer is. Pure, no I/O; the viewer is the
 * one of sharing/model.ts (grants, the States the account acts for, their ledger rows).
 *
 * - asking: an administrator; the secretariat of EVERY mechanism addressed (managesSpace); or the focal point of a
 *   State that is a member, on the day, of every mechanism addressed (it asks for that State);
 * - answering: the member States of the mechanisms addressed on the day the query was asked (the ledger, as
 *   standingOn reads it); a delegate of such a State drafts, submits and amends its answers until the deadline
 *   (the deadline day included); after it, every write is refused;
 * - seeing a closed query: the asker, administrators, the secretariats of the mechanisms addressed, the delegates of
 *   the States asked and of the asking State. A published query is a public record: anyone sees its compilation
 *   (the submitted answers by State, never persons). Drafts are seen by the State's own delegates only.
 */
import { isAdmin, managesSpace, standingOn, type Viewer } from '../model.js';

export const QUESTION_KINDS = ['text', 'yes-no', 'choice', 'number', 'date'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export const MAX_QUERY_TITLE = 300;
export const MAX_QUESTION = 2_000;
export const MAX_QUESTIONS = 50;
export const MAX_OPTIONS = 20;
export const MAX_OPTION = 200;
export const MAX_ANSWER = 10_000;
export const MAX_MECHANISMS = 20;
/** Reminders are due this many days before the deadline, and on it. */
export const REMINDER_DAYS = 3;

export interface Question {
  id: string;
  kind: QuestionKind;
  text: string;
  /** The options of a `choice` question (empty otherwise). */
  options: string[];
}

/** What the visibility rules need of a query. */
export interface QueryScope {
  askedBy: string;
  askerCountry: string | null;
  mechanisms: readonly string[];
  /** The States that must answer (members of the mechanisms on the day it was asked). */
  states: readonly string[];
  published: boolean;
}

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isIsoDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Whole days from `from` to `to` (YYYY-MM-DD each); negative when `to` is before. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Answers are accepted up to and including the deadline day. */
export const isOpen = (deadline: string, date: string): boolean => date <= deadline;

/** The sentence of a write refused after the deadline (409). */
export const pastDeadline = (deadline: string, date: string): string =>
  `the deadline of this query was ${deadline}: answers are no longer accepted (today is ${date})`;

/**
 * Who may ask the members of `mechanisms` on `date`, and as whom: `{ country: null }` for an administrator or the
 * secretariat of all of them, `{ country }` for the focal point of a State that is a member of all of them; else why
 * not. `country` is the State the asker names when it is the focal point of several.
 */
export function askAs(
  viewer: Viewer,
  mechanisms: readonly string[],
  date: string,
  country?: string,
): { country: string | null } | { refusal: string } {
  if (country === undefined && (isAdmin(viewer) || mechanisms.every((m) => managesSpace(viewer, m))))
    return { country: null };
  const focal = viewer.delegateOf.filter((d) => d.focalPoint && (country === undefined || d.country === country));
  for (const d of focal) {
    const only: Viewer = { ...viewer, grants: [], delegateOf: [d] };
    if (mechanisms.every((m) => standingOn(only, m, date) === 'member')) return { country: d.country };
  }
  if (country !== undefined)
    return {
      refusal: `you are not the focal point of ${country}, or ${country} is not a member of every mechanism asked on ${date}`,
    };
  return {
    refusal: `only an administrator, the secretariat of every mechanism asked, or the focal point of a State that is a member of each of them on ${date} may ask their members`,
  };
}

/** Whether the viewer may ask anything at all today (shows the "ask" link): an administrator, a secretariat or a focal point. */
export const mayAsk = (viewer: Viewer): boolean =>
  isAdmin(viewer) || viewer.grants.some((g) => g.role === 'editor') || viewer.delegateOf.some((d) => d.focalPoint);

/** May the viewer see the query (its questions and its compilation)? */
export function seesQuery(viewer: Viewer, q: QueryScope): boolean {
  if (q.published) return true;
  return insideQuery(viewer, q);
}

/** The asker, administrators, the secretariats addressed, the delegates of the States asked and of the asking State. */
export function insideQuery(viewer: Viewer, q: QueryScope): boolean {
  if (viewer.userId === null) return false;
  if (viewer.userId === q.askedBy || isAdmin(viewer)) return true;
  if (q.mechanisms.some((m) => managesSpace(viewer, m))) return true;
  return viewer.delegateOf.some((d) => q.states.includes(d.country) || d.country === q.askerCountry);
}

/** May the viewer publish the compilation? The asker or an administrator. */
export const publishRefusal = (viewer: Viewer, q: QueryScope): string | null =>
  viewer.userId !== null && (viewer.userId === q.askedBy || isAdmin(viewer))
    ? null
    : 'only the account that asked this query, or an administrator, may publish its compilation';

/** May the viewer read or write the answers of `country`? A delegate of that State, when the State was asked. */
export function answerRefusal(viewer: Viewer, q: QueryScope, country: string): string | null {
  if (!q.states.includes(country))
    return `${country} was not asked this query: only the member States of the mechanisms asked answer it`;
  if (!viewer.delegateOf.some((d) => d.country === country)) return `only a delegate of ${country} may answer for it`;
  return null;
}

/** Who may read a State's answers as they stand (drafts included): its delegates and administrators. */
export const seesDraft = (viewer: Viewer, q: QueryScope, country: string): boolean =>
  q.states.includes(country) && (isAdmin(viewer) || viewer.delegateOf.some((d) => d.country === country));

/**
 * The stored form of an answer to `question`, or why `raw` is not one. Empty (after trimming) is "not answered" and
 * gives null.
 */
export function answerValue(question: Question, raw: string): { value: string | null } | { error: string } {
  const v = raw.trim();
  if (v === '') return { value: null };
  if (v.length > MAX_ANSWER) return { error: `an answer has at most ${MAX_ANSWER} characters` };
  switch (question.kind) {
    case 'text':
      return { value: v };
    case 'yes-no':
      return v === 'yes' || v === 'no' ? { value: v } : { error: 'must be "yes" or "no"' };
    case 'choice':
      return question.options.includes(v)
        ? { value: v }
        : { error: `must be one of the options: ${question.options.map((o) => `"${o}"`).join(', ')}` };
    case 'number': {
      if (!/^-?\d+(\.\d+)?$/.test(v)) return { error: 'must be a number written with digits (e.g. 12 or 3.5)' };
      return { value: String(Number(v)) === v ? v : v.replace(/^(-?)0+(?=\d)/, '$1') };
    }
    case 'date':
      return isIsoDate(v) ? { value: v } : { error: 'must be a date written YYYY-MM-DD' };
  }
}

/** The response rate: answered of asked, with the share (null when nobody was asked). */
export function rate(answered: number, asked: number): { asked: number; answered: number; share: number | null } {
  return { asked, answered, share: asked === 0 ? null : Math.round((answered / asked) * 1000) / 1000 };
}
