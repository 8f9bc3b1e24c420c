/**
 * The output records of the converter (data/reference/FORMAT.md), as the modules under
 * scripts/reference/ see them. They mirror the interfaces in scripts/reference/model.ts.
 */
import type { MechanismNames } from './citations.js';
export interface SourceAdder {
  /** Registers a source and returns its id; `accessed` is the month the page was read. */
  (url: string, title: string | null, accessed?: string): string;
}

export interface IntervalOut {
  start: string | null;
  end: string | null;
  end_not_before: string | null;
  note: string | null;
  sources: string[];
}

export interface MechanismOut extends Partial<MechanismNames> {
  id: string;
  name: string;
  acronym: string | null;
  names: { name: string; kind: 'alias' | 'former'; note: string | null }[];
  established: number | null;
  region: string | null;
  levels: (IntervalOut & { level: 'rcp' | 'irf' | 'global' })[];
  statuses: (IntervalOut & {
    status: 'active' | 'dormant' | 'concluded';
    confidence: 'high' | 'medium' | 'low' | null;
  })[];
  last_evidence_of_activity: string | null;
  structure: string | null;
  chair_model: string | null;
  secretariat: { text: string; organization: string | null } | null;
  supporting_organizations: string[];
  website: string | null;
  themes: { theme: string; wording: string }[];
  membership_note: string | null;
  members_complete: boolean | null;
  member_groups: { name: string; note: string | null }[];
  key_outputs: { title: string; year: number | null }[];
  unverified_fields: { field: string; note: string }[];
  sources: string[];
  notes: string | null;
}

export interface ParticipationOut {
  id: string;
  mechanism: string;
  country: string | null;
  organization: string | null;
  party_label: string | null;
  name_in_source: string | null;
  role: 'member' | 'observer' | 'partner' | 'secretariat' | 'chair';
  start: string | null;
  start_not_before: string | null;
  start_basis:
    'stated' | 'derived_from_snapshots' | 'stated+derived_from_snapshots' | 'parent_body' | 'founding' | null;
  end: string | null;
  end_not_before: string | null;
  end_cause: 'left' | 'suspended' | 'role_changed' | 'mechanism_concluded' | 'unknown' | null;
  first_attested: string | null;
  via_group: string | null;
  verification: 'sourced' | 'unverified';
  sources: string[];
  note: string | null;
  /** what names the row: a membership list, only a bloc's list, only attendance, only a dated statement, or nothing */
  attestation: 'list' | 'bloc' | 'participation' | 'event' | 'none';
  via_bloc: { bloc: string; explanation: string } | null;
}

export interface SnapshotOutRecord {
  id: string;
  mechanism: string;
  as_of: string;
  role: 'member' | 'observer';
  list_type: string;
  complete: boolean;
  stated_count: number | null;
  source: string;
  note: string | null;
  member_groups: { name: string; note: string | null }[] | null;
  parties: {
    country: string | null;
    organization: string | null;
    name_in_source: string | null;
    note: string | null;
  }[];
}

export type MeetingKindOut =
  | 'ministerial'
  | 'senior-officials'
  | 'working-group'
  | 'global-meeting'
  | 'workshop'
  | 'webinar'
  | 'side-event'
  | 'other';

export interface MeetingOut {
  id: string;
  series: string | null;
  mechanism: string | null;
  ordinal: number | null;
  title: string;
  kind: MeetingKindOut;
  start: string;
  end: string | null;
  city: string | null;
  country: string | null;
  online: boolean;
  host: string | null;
  theme: string | null;
  status: 'held' | 'planned' | 'postponed' | 'cancelled';
  participants: {
    mechanism: string | null;
    country: string | null;
    organization: string | null;
    name_in_source: string;
    role: 'host' | 'chair' | 'participant' | 'observer' | 'speaker';
    sources: string[];
  }[];
  reported_counts: {
    what: 'mechanisms' | 'participants' | 'delegates' | 'speakers';
    count: number;
    note: string | null;
    sources: string[];
  }[];
  agenda: { order: number; title: string; time: string | null; speakers: string[] }[];
  documents: {
    title: string;
    kind: 'outcome' | 'report' | 'other';
    date: string | null;
    language: string | null;
    url: string | null;
    sources: string[];
  }[];
  sources: string[];
  unverified_fields: { field: string; note: string }[];
  notes: string | null;
}

export function appendNote(existing: string | null, addition: string): string {
  return existing === null || existing.length === 0 ? addition : `${existing} | ${addition}`;
}

export function addUnique(list: string[], ...ids: string[]): void {
  for (const id of ids) if (!list.includes(id)) list.push(id);
}
