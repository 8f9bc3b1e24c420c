/** The converter's output records (data/reference/FORMAT.md). */
import type { Attestation, MechanismNames, SourceDescription, ViaBloc } from './citations.js';
import type { Basis, Confidence, MechanismType } from './input.js';

export interface Source extends Partial<SourceDescription> {
  id: string;
  url: string;
  title: string | null;
  publisher: string | null;
  accessed: string;
}

export interface Theme {
  id: string;
  name: { en: string; fr: string; es: string };
  description: { en: string };
}

export type OrgKind =
  | 'un-system'
  | 'intergovernmental'
  | 'regional-organization'
  | 'regional-economic-community'
  | 'government-body'
  | 'non-governmental'
  | 'other';

export interface Organization {
  id: string;
  name: string;
  acronym: string | null;
  kind: OrgKind;
  note: string | null;
}

export type Level = MechanismType;
export type Status = 'active' | 'dormant' | 'concluded';

export interface LevelInterval {
  level: Level;
  start: string | null;
  end: string | null;
  end_not_before: string | null;
  note: string | null;
  sources: string[];
}

export interface StatusInterval {
  status: Status;
  start: string | null;
  end: string | null;
  end_not_before: string | null;
  confidence: Confidence | null;
  note: string | null;
  sources: string[];
}

export interface Mechanism extends Partial<MechanismNames> {
  id: string;
  name: string;
  acronym: string | null;
  names: { name: string; kind: 'alias' | 'former'; note: string | null }[];
  established: number | null;
  region: string | null;
  levels: LevelInterval[];
  statuses: StatusInterval[];
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

export type Role = 'member' | 'observer' | 'partner' | 'secretariat' | 'chair';
export type StartBasis = Basis | 'founding';
export type EndCause = 'left' | 'suspended' | 'role_changed' | 'mechanism_concluded' | 'unknown';

export interface Participation {
  id: string;
  mechanism: string;
  country: string | null;
  organization: string | null;
  party_label: string | null;
  name_in_source: string | null;
  role: Role;
  start: string | null;
  start_not_before: string | null;
  start_basis: StartBasis | null;
  end: string | null;
  end_not_before: string | null;
  end_cause: EndCause | null;
  first_attested: string | null;
  via_group: string | null;
  verification: 'sourced' | 'unverified';
  /** how the row is named by a source: reference/citations.ts */
  attestation: Attestation;
  via_bloc: ViaBloc | null;
  sources: string[];
  note: string | null;
}

export interface SnapshotOut {
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

export type MeetingKind =
  | 'ministerial'
  | 'senior-officials'
  | 'working-group'
  | 'global-meeting'
  | 'workshop'
  | 'webinar'
  | 'side-event'
  | 'other';
export type MeetingStatus = 'held' | 'planned' | 'postponed' | 'cancelled';
export type MeetingRole = 'host' | 'chair' | 'participant' | 'observer' | 'speaker';
export type CountWhat = 'mechanisms' | 'participants' | 'delegates' | 'speakers';
export type DocKind = 'outcome' | 'report' | 'other';

export interface MeetingParticipant {
  mechanism: string | null;
  country: string | null;
  organization: string | null;
  name_in_source: string;
  role: MeetingRole;
  sources: string[];
}

export interface ReportedCount {
  what: CountWhat;
  count: number;
  note: string | null;
  sources: string[];
}

export interface AgendaItem {
  order: number;
  title: string;
  time: string | null;
  speakers: string[];
}

export interface MeetingDocument {
  title: string;
  kind: DocKind;
  date: string | null;
  language: string | null;
  url: string | null;
  sources: string[];
}

export interface Meeting {
  id: string;
  series: string | null;
  mechanism: string | null;
  ordinal: number | null;
  title: string;
  kind: MeetingKind;
  start: string;
  end: string | null;
  city: string | null;
  country: string | null;
  online: boolean;
  host: string | null;
  theme: string | null;
  status: MeetingStatus;
  participants: MeetingParticipant[];
  reported_counts: ReportedCount[];
  agenda: AgendaItem[];
  documents: MeetingDocument[];
  sources: string[];
  unverified_fields: { field: string; note: string }[];
  notes: string | null;
}

export interface MeetingSeries {
  id: string;
  name: string;
  note: string | null;
  sources: string[];
}

export interface MeetingsFile {
  series: MeetingSeries[];
  meetings: Meeting[];
}
