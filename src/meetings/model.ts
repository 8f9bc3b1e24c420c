/** Meetings: pure rules (no I/O) — what counts as "mechanisms represented", and recent activity. */
import { compareDates, floorDate, type PartialDate } from '../registry/model.js';

export const MEETING_KINDS = [
  'ministerial',
  'senior-officials',
  'working-group',
  'global-meeting',
  'workshop',
  'webinar',
  'side-event',
  'other',
] as const;
export const MEETING_STATUSES = ['held', 'planned', 'postponed', 'cancelled'] as const;
export const PARTICIPANT_ROLES = ['host', 'chair', 'participant', 'observer', 'speaker'] as const;
export const COUNT_KINDS = ['mechanisms', 'participants', 'delegates', 'speakers'] as const;

export interface ReportedCount {
  what: string;
  count: number;
  note: string | null;
  sources: string[];
}
export interface ListedParticipant {
  mechanism: string | null;
  name_in_source: string;
}

export interface Represented {
  /** null when neither a list nor a reported count exists. */
  value: number | null;
  basis: 'listed' | 'reported' | 'none';
  /** Always false: a list of names is never shown as a count ("at least 1"); `named` gives its size. */
  atLeast: boolean;
  /** Distinct mechanisms named among the participants (a list no source says is complete). */
  named: number;
  /** The sources of a reported count; when several counts disagree, each is given in `alternatives`. */
  sources: string[];
  note: string | null;
  alternatives: ReportedCount[];
  definition: string;
}

export const REPRESENTED_DEFINITION =
  'Mechanisms represented at a meeting: the count a source reports, with that source. When sources report different counts, the largest is shown and every count is given. ' +
  'Without a reported count the number is "not reported"; the mechanisms named among the participants are given beside it (named), since no source says such a list is complete.';

/**
 * "Mechanisms represented" = the reported count with its source; without one, not reported, with the
 * number of distinct mechanisms (resolved or not) named among the participants beside it.
 */
export function mechanismsRepresented(
  listed: readonly ListedParticipant[],
  reported: readonly ReportedCount[],
): Represented {
  const named = new Set(listed.filter((p) => p.mechanism !== null).map((p) => p.mechanism)).size;
  const reports = reported.filter((r) => r.what === 'mechanisms');
  if (reports.length === 0)
    return {
      value: null,
      basis: 'none',
      atLeast: false,
      named,
      sources: [],
      note: null,
      alternatives: [],
      definition: REPRESENTED_DEFINITION,
    };
  const top = [...reports].sort((a, b) => b.count - a.count)[0]!;
  return {
    value: top.count,
    basis: 'reported',
    atLeast: false,
    named,
    sources: top.sources,
    note: top.note,
    alternatives: reports.length > 1 ? reports : [],
    definition: REPRESENTED_DEFINITION,
  };
}

/**
 * The status a page shows at `date`: a planned meeting whose last day has passed with no record
 * that it was held is "not-confirmed" (held not confirmed), not "planned".
 */
export function displayStatus(
  m: { status: string; start: PartialDate; end: PartialDate | null },
  date: string,
): string {
  return m.status === 'planned' && !isUpcoming(m, date) ? 'not-confirmed' : m.status;
}

export const RECENT_YEARS = 3;
export const RECENT_ACTIVITY_RULE = `A mechanism is flagged "no recent activity recorded" when no meeting it held is recorded in the ${RECENT_YEARS} years before the date shown. This is a flag about the record, not a change of status. When the mechanism's meeting record is known to be incomplete, the page says so instead of raising the flag.`;

/**
 * What the record says about recent activity: a recent meeting; none, with a record not known to be
 * incomplete (the flag); or none, with a record known to be incomplete (say so, imply no dormancy).
 * `meetingsComplete`: true or false when the research says so, null when not known.
 */
export type ActivityFlag = 'recent' | 'no-recent-activity' | 'record-incomplete';

export function activityFlag(
  last: { start: PartialDate } | null,
  asOf: string,
  meetingsComplete: boolean | null,
): ActivityFlag {
  if (!noRecentActivity(last, asOf)) return 'recent';
  return meetingsComplete === false ? 'record-incomplete' : 'no-recent-activity';
}

/** The last held meeting on or before `asOf`, among a mechanism's meetings. */
export function lastHeld<T extends { start: PartialDate; status: string }>(
  meetings: readonly T[],
  asOf: string,
): T | null {
  let best: T | null = null;
  for (const m of meetings) {
    if (m.status !== 'held' || floorDate(m.start) > asOf) continue;
    if (!best || compareDates(m.start, best.start) > 0) best = m;
  }
  return best;
}

/** True when nothing was held in the RECENT_YEARS years before `asOf`. */
export function noRecentActivity(last: { start: PartialDate } | null, asOf: string): boolean {
  if (!last) return true;
  const limit = `${Number(asOf.slice(0, 4)) - RECENT_YEARS}${asOf.slice(4)}`;
  // A year- or month-precision date counts from its last day: "2023" is recent until the end of 2026.
  const s = last.start;
  const lastDay = s.length === 4 ? `${s}-12-31` : s.length === 7 ? `${s}-31` : s;
  return lastDay < limit;
}

/** Upcoming (start on or after the date) or past. */
export function isUpcoming(m: { start: PartialDate; end: PartialDate | null }, today: string): boolean {
  const last = m.end ?? m.start;
  const lastDay = last.length === 4 ? `${last}-12-31` : last.length === 7 ? `${last}-31` : last;
  return lastDay >= today;
}
