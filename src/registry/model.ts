/**
 * Pure rules of the registry: partial dates, valid-time intervals, what holds "as of" a date, and
 * the headline figures. No I/O here.
 */

/** A date at the precision a source gives: "2014", "2014-10" or "2014-10-16". */
export type PartialDate = string;

const PARTIAL_DATE = /^(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$/;

export function isPartialDate(value: string): boolean {
  const m = PARTIAL_DATE.exec(value);
  if (!m) return false;
  if (m[3] === undefined) return true;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
}

/** "2014" → "2014-01-01", "2014-10" → "2014-10-01": the first day of the period. */
export function floorDate(value: PartialDate): string {
  if (value.length === 4) return `${value}-01-01`;
  if (value.length === 7) return `${value}-01`;
  return value;
}

export function precisionOf(value: PartialDate): 'year' | 'month' | 'day' {
  return value.length === 4 ? 'year' : value.length === 7 ? 'month' : 'day';
}

/** Full calendar date YYYY-MM-DD (what `asOf` takes). */
export function isFullDate(value: string): boolean {
  return value.length === 10 && isPartialDate(value);
}

export { today } from '../http/dates.js';

/** Compare two partial dates by the first day of each. */
export function compareDates(a: PartialDate, b: PartialDate): number {
  const x = floorDate(a);
  const y = floorDate(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

// ---------------------------------------------------------------- participation intervals

export interface ValidInterval {
  start: PartialDate | null;
  end: PartialDate | null;
  end_not_before: PartialDate | null;
  first_attested: PartialDate | null;
}

/**
 * How sure we are that a participation holds at a date:
 * - `stated`: its start is dated and the date is inside the interval;
 * - `attested`: start unknown, but a dated list shows the party at or before the date;
 * - `assumed`: start unknown and no earlier list (counted from the mechanism's establishment),
 *   or the party may already have left (the date is past `end_not_before`).
 */
export type Certainty = 'stated' | 'attested' | 'assumed';

export function holdsAt(iv: ValidInterval, at: string, establishedYear: number | null): Certainty | null {
  const start = iv.start ?? (establishedYear !== null ? String(establishedYear) : null);
  if (start !== null && at < floorDate(start)) return null;
  if (iv.end !== null && at >= floorDate(iv.end)) return null;
  if (iv.end_not_before !== null && at >= floorDate(iv.end_not_before)) return 'assumed';
  if (iv.start !== null) return 'stated';
  if (iv.first_attested !== null && at >= floorDate(iv.first_attested)) return 'attested';
  return 'assumed';
}

/** Intervals [a.start, a.end) and [b.start, b.end) share at least one day (null = unbounded). */
export function overlaps(
  a: { start: PartialDate | null; end: PartialDate | null },
  b: { start: PartialDate | null; end: PartialDate | null },
): boolean {
  const aStart = a.start === null ? '0000-01-01' : floorDate(a.start);
  const bStart = b.start === null ? '0000-01-01' : floorDate(b.start);
  const aEnd = a.end === null ? '9999-12-31' : floorDate(a.end);
  const bEnd = b.end === null ? '9999-12-31' : floorDate(b.end);
  return aStart < bEnd && bStart < aEnd;
}

// ---------------------------------------------------------------- level and status histories

export interface Period {
  value: string;
  start: PartialDate | null;
  end: PartialDate | null;
  end_not_before: PartialDate | null;
}

export interface Resolved {
  value: string;
  /** `known`, or `uncertain` when the date falls where the change to `next` may already have happened. */
  certainty: 'known' | 'uncertain';
  next: string | null;
}

/** The value of an ordered, contiguous history at a date; null before the first period starts. */
export function resolvePeriod(periods: readonly Period[], at: string): Resolved | null {
  for (let i = 0; i < periods.length; i++) {
    const p = periods[i]!;
    if (p.start !== null && at < floorDate(p.start)) return null;
    if (p.end !== null && at >= floorDate(p.end)) continue;
    if (p.start === null && i > 0) continue; // reached only when the previous period had already ended
    const next = periods[i + 1]?.value ?? null;
    if (p.end_not_before !== null && at >= floorDate(p.end_not_before)) {
      return { value: p.value, certainty: 'uncertain', next };
    }
    return { value: p.value, certainty: 'known', next: null };
  }
  return null;
}

// ---------------------------------------------------------------- figures

export const LEVELS = ['rcp', 'irf', 'global'] as const;
export type Level = (typeof LEVELS)[number];
export const STATUSES = ['active', 'dormant', 'concluded'] as const;
export const ROLES = ['member', 'observer', 'partner', 'secretariat', 'chair'] as const;
export type Role = (typeof ROLES)[number];

export interface MechanismHistory {
  id: string;
  established: number | null;
  levels: readonly Period[];
  statuses: readonly Period[];
}

export interface MechanismAt {
  id: string;
  level: Resolved | null;
  status: Resolved | null;
}

export function mechanismAt(m: MechanismHistory, at: string): MechanismAt {
  const existed = m.established === null || at >= `${m.established}-01-01`;
  return {
    id: m.id,
    level: existed ? resolvePeriod(m.levels, at) : null,
    status: existed ? resolvePeriod(m.statuses, at) : null,
  };
}

export interface ActiveFigure {
  /** Mechanisms whose status at the date is active for certain. */
  total: number;
  byLevel: Record<Level, number>;
  /** Mechanisms whose level at the date is not certain (counted under the level then recorded). */
  levelUncertain: string[];
  /** Active per the last dated record, but possibly dormant by the date: not counted in `total`. */
  statusUncertain: string[];
  mechanisms: string[];
}

export function activeMechanisms(histories: readonly MechanismHistory[], at: string): ActiveFigure {
  const byLevel: Record<Level, number> = { rcp: 0, irf: 0, global: 0 };
  const result: ActiveFigure = { total: 0, byLevel, levelUncertain: [], statusUncertain: [], mechanisms: [] };
  for (const h of histories) {
    const s = mechanismAt(h, at);
    if (s.status?.value !== 'active') continue;
    if (s.status.certainty === 'uncertain') {
      result.statusUncertain.push(h.id);
      continue;
    }
    result.total++;
    result.mechanisms.push(h.id);
    const level = s.level?.value as Level | undefined;
    if (level && level in byLevel) byLevel[level]++;
    if (s.level?.certainty === 'uncertain') result.levelUncertain.push(h.id);
  }
  return result;
}

export interface ParticipationFact extends ValidInterval {
  mechanism_id: string;
  country_code: string | null;
  role: string;
  /** Absent (older callers): treated as sourced and not expanded from a bloc. */
  verification?: string;
  via_group?: string | null;
}

/**
 * A row backed by a source of its own: not recalled without a source (`unverified`), not disputed by
 * the country, and not expanded from a bloc's membership (`via_group`).
 */
export function isSourcedRow(f: Pick<ParticipationFact, 'verification' | 'via_group'>): boolean {
  return (
    (f.verification === undefined || f.verification === 'sourced' || f.verification === 'confirmed') && !f.via_group
  );
}

export interface CountryCount {
  country: string;
  /** Active mechanisms the country takes part in at the date. */
  mechanisms: string[];
  /** Of those, the ones backed by a dated start or a dated list (not assumed). */
  known: string[];
  /** Of those, the ones backed by a row with a source of its own (see isSourcedRow). */
  sourced: string[];
}

/**
 * Per country, the active mechanisms it takes part in (in one of `roles`) at the date.
 * Only mechanisms certainly active at the date count.
 */
export function countryCounts(
  histories: readonly MechanismHistory[],
  facts: readonly ParticipationFact[],
  at: string,
  roles: readonly string[],
): CountryCount[] {
  const active = new Map<string, MechanismHistory>();
  for (const h of histories) {
    const s = mechanismAt(h, at).status;
    if (s?.value === 'active' && s.certainty === 'known') active.set(h.id, h);
  }
  const byCountry = new Map<string, { all: Set<string>; known: Set<string>; sourced: Set<string> }>();
  for (const f of facts) {
    if (f.country_code === null || !roles.includes(f.role)) continue;
    const m = active.get(f.mechanism_id);
    if (!m) continue;
    const c = holdsAt(f, at, m.established);
    if (c === null) continue;
    let entry = byCountry.get(f.country_code);
    if (!entry) byCountry.set(f.country_code, (entry = { all: new Set(), known: new Set(), sourced: new Set() }));
    entry.all.add(f.mechanism_id);
    if (c !== 'assumed') entry.known.add(f.mechanism_id);
    if (isSourcedRow(f)) entry.sourced.add(f.mechanism_id);
  }
  return [...byCountry.entries()]
    .map(([country, e]) => ({
      country,
      mechanisms: [...e.all].sort(),
      known: [...e.known].sort(),
      sourced: [...e.sourced].sort(),
    }))
    .sort((a, b) => b.mechanisms.length - a.mechanisms.length || a.country.localeCompare(b.country));
}

/** The largest count over countries of one of their sets, and the countries that reach it (none when 0). */
export function maxOver(
  counts: readonly CountryCount[],
  key: 'mechanisms' | 'known' | 'sourced',
): { value: number; countries: string[] } {
  const value = Math.max(0, ...counts.map((c) => c[key].length));
  return {
    value,
    countries:
      value === 0
        ? []
        : counts
            .filter((c) => c[key].length === value)
            .map((c) => c.country)
            .sort(),
  };
}
