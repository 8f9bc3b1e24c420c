/** The researched dataset as the converter reads it (mechanisms.json, snapshots.json, membership-events.json, global-meetings.json). */

export type MechanismType = 'rcp' | 'irf' | 'global';
export type InputStatus = 'active' | 'inactive' | 'concluded';
export type Confidence = 'high' | 'medium' | 'low';

export interface RawRowEvent {
  event: 'suspended' | 'absent_from_list';
  date: string;
  note?: string;
  sources: string[];
}

export interface RawMember {
  iso3: string | null;
  name_in_source: string | null;
  name?: string;
  since: number | null;
  note?: string;
  via_group?: string;
  from_recall?: boolean;
  events?: RawRowEvent[];
  resolution_evidence?: string;
}

export interface RawObserver {
  iso3: string | null;
  name_in_source: string;
  kind: 'state' | 'organization';
  note?: string | null;
}

export interface RawPartner {
  iso3: string | null;
  name_in_source: string;
  kind: 'state' | 'organization';
  note?: string | null;
}

export interface RawInstitutionalPartner {
  name: string;
  note?: string | null;
}

export interface RawCoreGroupState {
  iso3: string;
  name_in_source: string;
  since: number | null;
  note?: string | null;
}

export interface RawMemberGroup {
  name: string;
  note?: string | null;
}

export interface RawKeyOutput {
  title: string;
  year: number | null;
}

export interface RawMechanism {
  id: string;
  name: string;
  acronym: string | null;
  aliases: string[];
  type: MechanismType;
  classification_contested?: boolean;
  iom_classification?: string;
  established: number | null;
  status: InputStatus;
  status_note: string | null;
  status_confidence?: Confidence;
  last_evidence_of_activity?: string;
  region?: string;
  regions_bridged?: string;
  members: RawMember[];
  observers: RawObserver[];
  observers_note?: string;
  member_groups?: RawMemberGroup[];
  membership_note?: string;
  members_complete?: boolean;
  core_group_named_states?: RawCoreGroupState[];
  member_organizations?: string[];
  partners?: RawPartner[];
  institutional_partners?: RawInstitutionalPartner[];
  secretariat: string | null;
  chair_model: string | null;
  supporting_organizations: string[];
  thematic_focus: string[];
  structure: string | null;
  key_outputs: RawKeyOutput[];
  website: string | null;
  sources: string[];
  from_recall: string[];
  notes: string | null;
}

export type EventType = 'joined' | 'left' | 'suspended' | 'readmitted' | 'became_observer';
export type Basis = 'stated' | 'derived_from_snapshots' | 'stated+derived_from_snapshots' | 'parent_body';

export interface RawEvent {
  mechanism_id: string;
  iso3: string | null;
  org: string | null;
  event: EventType;
  date: string;
  source_url: string;
  notes: string;
  basis: Basis;
  not_before?: string;
  not_after?: string;
  conflicting_source?: string;
}

export interface RawSnapshotParty {
  iso3: string | null;
  org: string | null;
  name_in_source: string | null;
  note?: string;
  since_in_source?: number;
}

export interface RawSnapshot {
  mechanism_id: string;
  as_of: string;
  role: 'member' | 'observer';
  parties: RawSnapshotParty[];
  complete: boolean;
  stated_count: number | null;
  source_url: string;
  source_title: string | null;
  notes: string | null;
  list_type: string;
  member_groups?: string[];
}

export interface RawGlobalMeeting {
  id: string;
  kind: 'precursor' | 'grcp' | 'global_iscm_event' | 'side_event';
  ordinal: number | null;
  title: string;
  date: string;
  date_end: string | null;
  city: string | null;
  country_iso3: string | null;
  host: string | null;
  theme: string | null;
  iscms_represented: { count: number | null; names: string[]; note: string };
  participants: string | null;
  outcome_documents: string[];
  sources: string[];
  from_recall: string[];
  notes: string | null;
}
