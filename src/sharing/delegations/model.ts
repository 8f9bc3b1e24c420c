/**
 * Meeting delegations: pure rules, no I/O. A State's delegation to a meeting is registered by that State's focal
 * point (a delegate flagged focal point, src/sharing/model.ts) or an administrator; its eligibility is what the
 * participation ledger made the State in the meeting's mechanism on the meeting's date; the meeting's secretariat
 * (the mechanism's editors and the reviewers scoped to it) or an administrator confirms or declines it. The persons
 * are personal data: only those who may manage the delegation, the meeting's secretariat and administrators read
 * them; the public reads the confirmed States (counts and names of States, never persons).
 */
import { floorDate } from '../../registry/model.js';
import { holdsOn, isAdmin, managesSpace, type LedgerRow, type Viewer } from '../model.js';

export const ELIGIBILITIES = ['member', 'observer', 'guest'] as const;
export type Eligibility = (typeof ELIGIBILITIES)[number];
export const DELEGATION_STATUSES = ['pending', 'confirmed', 'declined'] as const;
export type DelegationStatus = (typeof DELEGATION_STATUSES)[number];
export const DECISIONS = ['confirmed', 'declined'] as const;
export type Decision = (typeof DECISIONS)[number];

export const MAX_PERSONS = 40;
export const MAX_NAME = 200;
export const MAX_FUNCTION = 300;
export const MAX_NOTE = 2000;

/** The day a meeting's eligibility is read on: its start, at the precision given (2030-02 → 2030-02-01). */
export const meetingDate = (start: string): string => floorDate(start);

/**
 * What the ledger makes a State in a mechanism on a date: member if a member row holds then, else observer if an
 * observer row does, else guest (a meeting without a mechanism has only guests).
 */
export function eligibilityOn(
  rows: readonly Pick<LedgerRow, 'mechanism' | 'country' | 'role' | 'from' | 'until'>[],
  mechanism: string | null,
  country: string,
  date: string,
): Eligibility {
  if (mechanism === null) return 'guest';
  let best: Eligibility = 'guest';
  for (const r of rows) {
    if (r.mechanism !== mechanism || r.country !== country || !holdsOn(r, date)) continue;
    if (r.role === 'member') return 'member';
    best = 'observer';
  }
  return best;
}

/** The meeting's secretariat: the editors of its mechanism, the reviewers scoped to it, and administrators. */
export function isSecretariat(viewer: Viewer, mechanism: string | null): boolean {
  if (isAdmin(viewer)) return true;
  if (mechanism === null) return false;
  return (
    managesSpace(viewer, mechanism) ||
    viewer.grants.some((g) => g.role === 'reviewer' && g.scopeType === 'mechanism' && g.scopeId === mechanism)
  );
}

/** May the viewer register (or change) the delegation of `country`? Null when allowed, else why not. */
export function registerRefusal(viewer: Viewer, country: string): string | null {
  if (isAdmin(viewer)) return null;
  if (viewer.delegateOf.some((d) => d.country === country && d.focalPoint)) return null;
  return `only the focal point of ${country} or an administrator may register its delegation`;
}

/** May the viewer confirm or decline delegations to a meeting of `mechanism`? */
export function decideRefusal(viewer: Viewer, mechanism: string | null): string | null {
  if (isSecretariat(viewer, mechanism)) return null;
  return mechanism === null
    ? 'only an administrator confirms the delegations to a meeting that no mechanism organises'
    : `only the secretariat of ${mechanism} (its editors and reviewers) or an administrator may confirm or decline a delegation`;
}

/** Who reads a delegation's persons: the secretariat, administrators, and the delegates of its State. */
export function seesPersons(viewer: Viewer, mechanism: string | null, country: string): boolean {
  return isSecretariat(viewer, mechanism) || viewer.delegateOf.some((d) => d.country === country);
}

/** A person as the form gives it: trimmed; an empty row (both fields empty) is no person. */
export interface PersonInput {
  name: string;
  function: string;
}

/** The problem with a list of persons, naming the field (persons.N.name), or null. */
export function personsProblem(persons: readonly PersonInput[]): { field: string; message: string } | null {
  if (persons.length === 0) return { field: 'persons', message: 'a delegation names at least one person' };
  if (persons.length > MAX_PERSONS)
    return { field: 'persons', message: `a delegation names at most ${MAX_PERSONS} persons` };
  for (const [i, p] of persons.entries()) {
    if (!p.name.trim()) return { field: `persons.${i}.name`, message: 'the name is empty' };
    if (p.name.length > MAX_NAME)
      return { field: `persons.${i}.name`, message: `the name is longer than ${MAX_NAME} characters` };
    if (!p.function.trim()) return { field: `persons.${i}.function`, message: 'the function is empty' };
    if (p.function.length > MAX_FUNCTION)
      return { field: `persons.${i}.function`, message: `the function is longer than ${MAX_FUNCTION} characters` };
    if (/[\r\n]/.test(p.name) || /[\r\n]/.test(p.function))
      return { field: `persons.${i}.${/[\r\n]/.test(p.name) ? 'name' : 'function'}`, message: 'one line only' };
  }
  return null;
}

/** The public attendance of a meeting from its confirmed delegations: States only, never persons. */
export interface Attendance {
  /** How many States' delegations the secretariat confirmed. */
  confirmed: number;
  /** Those States (ISO3), sorted. */
  states: string[];
  /** Of them, by eligibility on the meeting's date. */
  byEligibility: Record<Eligibility, number>;
  basis: string;
}

export const ATTENDANCE_BASIS =
  'States whose delegation to this meeting was registered in ISCM Hub and confirmed by the secretariat. A separate basis from the figures sources report: a State that came without registering here is not counted.';

export function attendanceOf(
  rows: readonly { country_code: string; status: string; eligibility: string }[],
): Attendance {
  const confirmed = rows.filter((r) => r.status === 'confirmed');
  const byEligibility: Record<Eligibility, number> = { member: 0, observer: 0, guest: 0 };
  for (const r of confirmed)
    if ((ELIGIBILITIES as readonly string[]).includes(r.eligibility)) byEligibility[r.eligibility as Eligibility]++;
  return {
    confirmed: confirmed.length,
    states: confirmed.map((r) => r.country_code).sort(),
    byEligibility,
    basis: ATTENDANCE_BASIS,
  };
}

/*
 * Organizations' delegations (IOM, ICMPD, UNHCR, …; migration 0106). There is no organization role in accounts, so
 * the simplest correct design: the meeting's secretariat (the editors and reviewers of its mechanism) or an
 * administrator registers an organization's delegation on the organization's behalf, and confirms it. Eligibility
 * on the meeting's date: member or observer by the participation ledger, else partner when a partnership links the
 * organization to the mechanism, else guest.
 */
export const ORG_ELIGIBILITIES = ['member', 'observer', 'partner', 'guest'] as const;
export type OrgEligibility = (typeof ORG_ELIGIBILITIES)[number];

/** What the ledger (its roles holding on the meeting's date) and the partnerships make an organization. */
export function orgEligibilityOn(rolesOnDate: readonly string[], partner: boolean): OrgEligibility {
  if (rolesOnDate.includes('member')) return 'member';
  if (rolesOnDate.includes('observer')) return 'observer';
  return partner ? 'partner' : 'guest';
}

/** May the viewer register, change, confirm or decline an organization's delegation to a meeting of `mechanism`? */
export function orgRefusal(viewer: Viewer, mechanism: string | null): string | null {
  if (isSecretariat(viewer, mechanism)) return null;
  return mechanism === null
    ? "only an administrator registers an organization's delegation to a meeting that no mechanism organises"
    : `only the secretariat of ${mechanism} (its editors and reviewers) or an administrator registers and confirms an organization's delegation, on the organization's behalf`;
}

/** The public attendance of the organizations: their names and counts, never persons. */
export interface OrgAttendance {
  confirmed: number;
  organizations: { id: string; name: string; acronym: string | null }[];
  byEligibility: Record<OrgEligibility, number>;
}

export function orgAttendanceOf(
  rows: readonly {
    organization_id: string;
    organization_name: string;
    organization_acronym: string | null;
    status: string;
    eligibility: string;
  }[],
): OrgAttendance {
  const confirmed = rows.filter((r) => r.status === 'confirmed');
  const byEligibility: Record<OrgEligibility, number> = { member: 0, observer: 0, partner: 0, guest: 0 };
  for (const r of confirmed)
    if ((ORG_ELIGIBILITIES as readonly string[]).includes(r.eligibility))
      byEligibility[r.eligibility as OrgEligibility]++;
  return {
    confirmed: confirmed.length,
    organizations: confirmed
      .map((r) => ({ id: r.organization_id, name: r.organization_name, acronym: r.organization_acronym }))
      .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id)),
    byEligibility,
  };
}
