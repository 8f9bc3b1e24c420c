/** Table types for Kysely. Dates are ISO 8601 text on both engines; JSON lists are text. */
import type { Generated, Selectable } from 'kysely';
export interface CountryTable {
  code: string; // ISO 3166-1 alpha-3 (XKX for Kosovo)
  alpha2: string;
  numeric: string | null;
  kind: 'state' | 'territory';
  region_code: string | null;
  region: string | null;
  subregion_code: string | null;
  subregion: string | null;
  name_en: string;
  name_fr: string;
  name_es: string;
  note: string | null;
}

export interface OrganizationTable {
  id: string;
  name: string;
  acronym: string | null;
  kind: string;
  note: string | null;
}

export interface SourceTable {
  id: string;
  url: string;
  title: string | null;
  publisher: string | null;
  accessed: string | null;
  /** host name without www. */
  site: string | null;
  /** the source's date: stated or inferred from its lists, else the date it was read (date_basis says which) */
  date: string | null;
  date_basis: 'stated' | 'inferred' | 'accessed' | null;
  /** 1: a copy on a document-mirror site (docslib, yumpu, ...), not the original publisher */
  mirror: Generated<number>;
  lists: Generated<string>; // JSON: the membership lists the source holds (data/reference/FORMAT.md)
}

export interface ThemeTable {
  id: string;
  name_en: string;
  name_fr: string;
  name_es: string;
  description_en: string | null;
}

export interface MechanismTable {
  id: string;
  name: string;
  acronym: string | null;
  established: number | null;
  region: string | null;
  objectives: string | null;
  structure: string | null;
  chair_model: string | null;
  secretariat_text: string | null;
  secretariat_org: string | null;
  website: string | null;
  membership_note: string | null;
  /** How the membership note's facts were compiled (editors, history); never on a public page. */
  membership_compilation_note: string | null;
  members_complete: number | null; // 0/1, null = not stated
  observers_complete: number | null; // 0/1, null = not stated (migration 0015)
  member_groups: string; // JSON
  key_outputs: string; // JSON
  unverified_fields: string; // JSON
  supporting_orgs: string; // JSON list of organization ids
  last_evidence: string | null;
  notes: string | null;
  compilation_note: string | null;
  version: number;
  updated_at: string;
  /** JSON list of the fields edited in ISCM Hub: a reference reload keeps their values. */
  edited_fields: string;
  chair_current: string | null;
  chair_since: string | null;
  /** the name people use ("Colombo Process"), with the source that uses it */
  common_name: string | null;
  common_name_source: string | null;
  official_names: string; // JSON { fr|es|ar|ru|zh: { name, source, usage } | null }
  membership_basis: string; // JSON [{ quote, as_of, source }]: who may take part, in a source's words
}

export interface MechanismNameTable {
  mechanism_id: string;
  slug: string;
  name: string;
  kind: 'alias' | 'former';
  note: string | null;
}

export interface MechanismPeriodTable {
  mechanism_id: string;
  seq: number;
  value: string; // a level or a status
  start: string | null;
  end: string | null;
  end_not_before: string | null;
  confidence: string | null;
  note: string | null;
  compilation_note: string | null;
  sources: string; // JSON list of source ids
}

export interface MechanismThemeTable {
  mechanism_id: string;
  seq: number;
  theme_id: string;
  wording: string;
}

export interface MechanismSourceTable {
  mechanism_id: string;
  seq: number;
  source_id: string;
}

/** Bitemporal: valid time [start, end) and record time [recorded_at, superseded_at). */
export interface ParticipationTable {
  row_id: string;
  id: string;
  mechanism_id: string;
  country_code: string | null;
  organization_id: string | null;
  party_label: string | null;
  name_in_source: string | null;
  role: string;
  start: string | null;
  start_not_before: string | null;
  start_basis: string | null;
  end: string | null;
  end_not_before: string | null;
  end_cause: string | null;
  first_attested: string | null;
  via_group: string | null;
  verification: string;
  sources: string; // JSON list of source ids
  note: string | null;
  /** list | bloc | participation | event | none (how a source names the row); null: entered in ISCM Hub */
  attestation: string | null;
  via_bloc: string | null; // JSON { bloc, explanation } when attested only through a bloc's list
  compilation_note: string | null;
  recorded_at: string;
  recorded_by: string;
  superseded_at: string | null;
  /** 1 for the first record of a logical participation, +1 for each published change. */
  version: Generated<number>;
}

export interface SnapshotTable {
  id: string;
  mechanism_id: string;
  as_of: string;
  role: string;
  list_type: string;
  complete: number;
  stated_count: number | null;
  source_id: string;
  note: string | null;
  member_groups: string | null; // JSON
  parties: string; // JSON list
}

export interface ReportedFigureTable {
  id: string;
  value: number;
  comparator: string;
  counts: string;
  date: string;
  scope: string | null;
  reported_by: string;
  source_id: string;
  quote: string;
  quote_kind: string;
  quoted_in: string;
  note: string | null;
}

export interface ReportedListTable {
  id: string;
  title: string;
  reported_by: string;
  figure_id: string;
  date: string;
  date_note: string;
  entries: string; // JSON list
  note: string | null;
}

export interface DatasetLoadTable {
  id: string;
  loaded_at: string;
  digest: string;
  summary: string; // JSON
}

/** Whether a mechanism's meeting record is known to be complete (migration 0015). */
export interface MeetingCoverageTable {
  mechanism_id: string;
  complete: number;
  checked: string;
  gaps: string | null;
  note: string | null;
}

export interface MeetingSeriesTable {
  id: string;
  name: string;
  note: string | null;
  compilation_note: string | null;
  sources: string;
}

export interface MeetingTable {
  id: string;
  series_id: string | null;
  mechanism_id: string | null;
  ordinal: number | null;
  title: string;
  kind: string;
  start: string;
  end: string | null;
  city: string | null;
  country_code: string | null;
  online: number;
  host: string | null;
  theme: string | null;
  status: string;
  reported_counts: string; // JSON
  sources: string; // JSON
  unverified_fields: string; // JSON
  notes: string | null;
  compilation_note: string | null;
  version: number;
  updated_at: string;
  /** Set when the meeting was created or edited in ISCM Hub: a reference reload leaves it alone. */
  edited_at: string | null;
}

export interface MeetingParticipantTable {
  meeting_id: string;
  seq: number;
  mechanism_id: string | null;
  country_code: string | null;
  organization_id: string | null;
  name_in_source: string;
  role: string;
  sources: string; // JSON
}

export interface MeetingAgendaItemTable {
  meeting_id: string;
  order: number;
  title: string;
  time: string | null;
  speakers: string;
}

export interface MeetingDocumentTable {
  meeting_id: string;
  seq: number;
  title: string;
  kind: string;
  date: string | null;
  language: string | null;
  url: string | null;
  sources: string;
}

export interface UserAccountTable {
  id: string;
  email: string;
  display_name: string;
  password_hash: string;
  disabled: number;
  created_at: string;
  version: number;
}
export interface SessionTable {
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}
export interface RoleGrantTable {
  id: string;
  user_id: string;
  role: string;
  scope_type: string | null;
  scope_id: string | null;
  granted_by: string;
  granted_at: string;
  revoked_at: string | null;
}
export interface ApiTokenTable {
  id: string;
  user_id: string;
  label: string;
  created_at: string;
  revoked_at: string | null;
}
export interface AuditEventTable {
  id: string;
  at: string;
  actor: string;
  action: string;
  record_type: string | null;
  record_id: string | null;
  before: string | null;
  after: string | null;
  ip: string | null;
}

/** Sign-in attempts per client address (every attempt) or e-mail address (failures), for limits across processes. */
export interface SigninAttemptTable {
  id: string;
  /** Sign-ins per address, failures per account; reset requests per address and per e-mail; reset-link uses. */
  kind: 'address' | 'account' | 'reset-address' | 'reset-account' | 'reset-use' | 'invite-account' | 'invite-use';
  key: string;
  at: string;
}
/** An invitation to open an account (migration 0085): the one-time link's token as its sha256; `user_id` once used. */
export interface InvitationTable {
  id: string;
  email: string;
  invited_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  user_id: string | null;
}
export interface PasswordResetTable {
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export type ParticipationRow = Selectable<ParticipationTable>;

export interface ChangeRequestTable {
  id: string;
  kind: string;
  record_type: string;
  record_id: string;
  mechanism_id: string;
  base_version: number;
  payload: string;
  status: 'pending' | 'published' | 'returned' | 'withdrawn';
  author: string;
  created_at: string;
  reviewer: string | null;
  reviewed_at: string | null;
  comment: string | null;
  /** JSON: the record as it was before the change was published, and as the change wrote it (null: no record). */
  before_state: string | null;
  after_state: string | null;
  result_version: number | null;
  /** The change this one reverts. */
  revert_of: string | null;
}

/** The search index (migration 0017): kept in step with every feature's records, record by record (0021). */
export interface SearchRecordTable {
  key: string;
  type: string;
  id: string;
  data: string; // JSON: the SearchRecord
  terms: string; // folded words and their stems, space-separated
  meta: string; // JSON: the SearchRecord without its bodies (migration 0040)
  stamp: string; // what the record was made from: its indexer's stamp (migration 0021)
  body: string; // the distinct words, then \u0001, then the distinct stems of its bodies (migration 0021)
}
export interface SearchWordTable {
  word: string;
}
export interface SearchMetaTable {
  name: string;
  value: string;
}
/** A document record (migration 0020; src/documents). JSON lists are text. */
export interface DocumentTable {
  id: string;
  title: string;
  titles: string; // JSON { fr?, es? }
  kind: string;
  date: string | null;
  date_precision: 'year' | 'month' | 'day' | null;
  year: number | null;
  meeting_id: string | null;
  meeting_match: string | null;
  meeting_text: string | null;
  meeting_place: string | null;
  meeting_candidates: string; // JSON
  meeting_compilation_note: string | null;
  adopted_by: string | null;
  url: string | null;
  summary_facts: string; // JSON
  structure_hint: string | null;
  confidence: 'high' | 'medium' | 'low';
  compilation_note: string | null;
  version: number;
  updated_at: string;
  /** public (default) | members | members-and-observers (migration 0100): who may see it. */
  visibility: Generated<string>;
  /** Migration 0125: 'reference' (the bundled dataset, which a reference load rewrites) or 'edited' (an editor's). */
  origin: Generated<DocumentOrigin>;
}
export type DocumentOrigin = 'reference' | 'edited';
export interface DocumentMechanismTable {
  document_id: string;
  mechanism_id: string;
  seq: number;
}
export interface DocumentLanguageTable {
  document_id: string;
  lang: string;
  seq: number;
}
export interface DocumentSourceTable {
  document_id: string;
  source_id: string;
  seq: number;
}
/** An achievement of a mechanism (migration 0050; src/impact). */
export interface AchievementTable {
  id: string;
  mechanism_id: string;
  title: string;
  type: string;
  level: string;
  year: number | null;
  lens: string;
  evidence: string;
  confidence: 'high' | 'medium' | 'low';
  compilation_note: string | null;
  version: number;
  updated_at: string;
}
export interface AchievementCountryTable {
  achievement_id: string;
  country_code: string;
  seq: number;
}
export interface AchievementSourceTable {
  achievement_id: string;
  source_id: string;
  seq: number;
}
/** How a mechanism is built (migration 0051; src/impact): each field JSON `{ value, sources, note, basis }` or null. */
export interface StructureTable {
  mechanism_id: string;
  secretariat_model: string | null;
  secretariat: string | null;
  funding: string | null;
  chair_rotation: string | null;
  written_rules: string | null;
  strategies_workplans: string | null;
  meeting_cadence: string | null;
  working_groups: string | null;
  compilation_note: string | null;
  version: number;
  updated_at: string;
}
/** A partnership (migration 0052; src/impact): an organization's role in a mechanism, or a link of two mechanisms. */
export interface PartnershipTable {
  id: string;
  kind: 'organization-mechanism' | 'mechanism-mechanism';
  mechanism_id: string | null;
  /** The research's wording of the organization (kept as text when no organization of the table matches it). */
  organization_wording: string | null;
  mechanism_a: string | null;
  mechanism_b: string | null;
  role: string;
  years: string | null;
  first_year: number | null;
  last_year: number | null;
  /** 1 ongoing, 0 ended, null not known */
  ongoing: number | null;
  compilation_note: string | null;
  version: number;
  updated_at: string;
}
export interface PartnershipOrganizationTable {
  partnership_id: string;
  organization_id: string;
  seq: number;
}
/** The other mechanisms a mechanism–mechanism link names besides its two ends. */
export interface PartnershipPartyTable {
  partnership_id: string;
  mechanism_id: string;
  seq: number;
}
export interface PartnershipSourceTable {
  partnership_id: string;
  source_id: string;
  seq: number;
}
/** A language version of a document: one file (empty until uploads exist; see src/documents/model.ts). */
export interface DocumentVersionTable {
  id: string;
  document_id: string;
  lang: string;
  status: 'official' | 'unofficial' | 'machine-translation';
  sha256: string;
  size_bytes: number;
  media_type: string;
  blob_key: string;
  pages: number | null;
  text_status: 'pending' | 'extracted' | 'no-text' | 'failed';
  text_error: string | null;
  created_at: string;
  created_by: string | null;
  /** Migration 0041: when the version last changed (upload, text); part of the data version. */
  updated_at: string;
  filename: string | null;
}
export interface DocumentPageTable {
  version_id: string;
  page: number;
  text: string;
}
export interface DocumentParagraphTable {
  version_id: string;
  seq: number;
  number: string | null;
  page: number;
  text: string;
}

/** A delegate: a user acting for a State (migration 0070; src/sharing). `focal_point` 1: may grant its State's delegates. */
export interface DelegateTable {
  id: string;
  user_id: string;
  country_code: string;
  focal_point: number;
  granted_by: string;
  granted_at: string;
  revoked_by: string | null;
  revoked_at: string | null;
}
/** A post of a mechanism's member space (migration 0070; src/sharing). */
export interface SpacePostTable {
  id: string;
  mechanism_id: string;
  title: string;
  body: string;
  visibility: string;
  author_id: string;
  /** The State the author posted for; null: the secretariat (or an administrator). */
  author_country: string | null;
  created_at: string;
}
/** A peer query (migration 0071; src/sharing/queries). `asker_country` null: asked by a secretariat. */
export interface PeerQueryTable {
  id: string;
  title: string;
  asked_by: string;
  asker_country: string | null;
  /** YYYY-MM-DD: the day it was asked; who must answer is read from the ledger on this day. */
  asked_on: string;
  /** YYYY-MM-DD: the last day answers are accepted. */
  deadline: string;
  attachment_document_id: string | null;
  published_at: string | null;
  published_by: string | null;
  created_at: string;
}
export interface PeerQueryMechanismTable {
  query_id: string;
  mechanism_id: string;
}
export interface PeerQueryQuestionTable {
  query_id: string;
  id: string;
  position: number;
  kind: string;
  text: string;
  /** JSON array of the options of a `choice` question; null otherwise. */
  options: string | null;
}
/** A State's response to a peer query: `draft` or `submitted` (amended in place until the deadline). */
export interface PeerQueryResponseTable {
  query_id: string;
  country_code: string;
  status: string;
  created_at: string;
  updated_at: string;
  updated_by: string;
  submitted_at: string | null;
}
export interface PeerQueryAnswerTable {
  query_id: string;
  country_code: string;
  question_id: string;
  value: string;
}
/** What an account follows (migration 0080; src/follow): `kind` mechanism | country | series | document-kind | …. */
export interface FollowTable {
  id: string;
  user_id: string;
  kind: string;
  target: string;
  created_at: string;
}
/** An account's digest preference (migration 0080; src/follow). */
export interface FollowPreferenceTable {
  user_id: string;
  lang: string;
  /** daily | weekly */
  period: string;
  /** Changes published at or after it are due in the next digest (moves to each digest's `through`). */
  digest_from: string;
  /** The interface shows the changes published after it as unseen. */
  seen_at: string;
  /** Set by the one-click unsubscribe link: no digest is sent until a period is chosen again. */
  unsubscribed_at: string | null;
  updated_at: string;
}
/** One digest sent (migration 0080; src/follow): the published changes it held (JSON array of ids). */
export interface DigestTable {
  id: string;
  user_id: string;
  period: string;
  lang: string;
  sent_at: string;
  /** The publication time of the newest change it held. */
  through: string;
  change_ids: string;
}
/** A State's delegation to a meeting (migration 0072; src/sharing/delegations). Private. */
export interface MeetingDelegationTable {
  id: string;
  meeting_id: string;
  /** The State's delegation (ISO3), or null for an organization's (migration 0106: exactly one of the two). */
  country_code: string | null;
  /** The organization's delegation (organization.id), or null for a State's (migration 0106). */
  organization_id: string | null;
  /** What the ledger made the State or organization on the meeting's date: member | observer | guest; an
   * organization may also be partner (a partnership links it to the mechanism). */
  eligibility: string;
  /** pending | confirmed | declined */
  status: string;
  registered_by: string;
  registered_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
}
/** One person of a delegation (migration 0072): personal data, never public. */
export interface MeetingDelegatePersonTable {
  delegation_id: string;
  seq: number;
  name: string;
  function: string;
}
/** A peer-query reminder sent to one delegate for one State (migration 0072; `iscm queries remind`). */
export interface PeerQueryReminderTable {
  query_id: string;
  country_code: string;
  user_id: string;
  sent_at: string;
}
/** An assessment (migration 0095): a questionnaire the ISCM unit sends to mechanisms and States, with a deadline. */
export interface AssessmentTable {
  id: string;
  title: string;
  intro: string | null;
  /** The seed template it was built from (null: written question by question). */
  template: string | null;
  deadline: string;
  created_by: string;
  created_at: string;
  sent_at: string | null;
  sent_by: string | null;
  published_at: string | null;
  published_by: string | null;
}
export interface AssessmentQuestionTable {
  assessment_id: string;
  id: string;
  position: number;
  /** The GRCP 8 lens it reads (impact's LENSES), null: general. */
  lens: string | null;
  /** mechanism (its secretariat answers) | state (its delegates answer). */
  addressed: string;
  kind: string;
  text: string;
  /** JSON array of the options of a single or multiple choice. */
  options: string | null;
  scale_min: number | null;
  scale_max: number | null;
}
export interface AssessmentRecipientTable {
  assessment_id: string;
  /** mechanism | state */
  kind: string;
  /** A mechanism id or an ISO 3166-1 alpha-3 code. */
  party_id: string;
}
export interface AssessmentResponseTable {
  assessment_id: string;
  kind: string;
  party_id: string;
  status: string;
  created_at: string;
  updated_at: string;
  updated_by: string;
  submitted_at: string | null;
  submitted_by: string | null;
}
export interface AssessmentAnswerTable {
  assessment_id: string;
  kind: string;
  party_id: string;
  question_id: string;
  /** The answer; a multiple choice as a JSON array of the options chosen. */
  value: string;
}

/** A framework of commitments (domain → priority → action): its levels, top down, as a JSON array. */
export interface CommitmentFrameworkTable {
  id: string;
  title: string;
  document_id: string | null;
  levels: string;
  public_note: string | null;
  compilation_note: string | null;
  version: number;
  updated_at: string;
}
/** A node of a framework, with its weight in its parent's roll-up and the source it was read from. */
export interface CommitmentNodeTable {
  framework_id: string;
  id: string;
  parent_id: string | null;
  level: string;
  code: string;
  title: string;
  weight: number;
  seq: number;
  source_url: string;
  read_on: string;
}
export interface CommitmentTable {
  id: string;
  document_id: string;
  /** The paragraph number as printed (12, 12(b), II.3); null: the document has none or the source gives none. */
  paragraph: string | null;
  framework_id: string | null;
  node_id: string | null;
  text: string;
  weight: number;
  source_url: string;
  read_on: string;
  version: number;
  updated_at: string;
}
export interface CommitmentMechanismTable {
  commitment_id: string;
  mechanism_id: string;
}
export interface CommitmentCountryTable {
  commitment_id: string;
  country_code: string;
}
export interface CommitmentThemeTable {
  commitment_id: string;
  theme_id: string;
}
/** A reporting cycle of a mechanism: the member States on `opened_on` report until `deadline` (included). */
export interface ReportingCycleTable {
  id: string;
  mechanism_id: string;
  title: string;
  opened_on: string;
  deadline: string;
  created_at: string;
}
/** A follow-up update; `review`: submitted | accepted | returned (only accepted ones are public). */
export interface CommitmentUpdateTable {
  id: string;
  commitment_id: string;
  cycle_id: string | null;
  /** The State it reports for; null: the secretariat's own report. */
  country_code: string | null;
  status: string;
  progress: number | null;
  on_date: string;
  evidence_url: string | null;
  evidence_document_id: string | null;
  note: string | null;
  reported_by: string;
  review: string;
  review_comment: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  created_at: string;
}

export interface DB {
  country: CountryTable;
  organization: OrganizationTable;
  source: SourceTable;
  theme: ThemeTable;
  mechanism: MechanismTable;
  mechanism_name: MechanismNameTable;
  mechanism_level: MechanismPeriodTable;
  mechanism_status: MechanismPeriodTable;
  mechanism_theme: MechanismThemeTable;
  mechanism_source: MechanismSourceTable;
  participation: ParticipationTable;
  snapshot: SnapshotTable;
  reported_figure: ReportedFigureTable;
  reported_list: ReportedListTable;
  dataset_load: DatasetLoadTable;
  meeting_series: MeetingSeriesTable;
  meeting_coverage: MeetingCoverageTable;
  meeting: MeetingTable;
  meeting_participant: MeetingParticipantTable;
  meeting_agenda_item: MeetingAgendaItemTable;
  meeting_document: MeetingDocumentTable;
  user_account: UserAccountTable;
  session: SessionTable;
  role_grant: RoleGrantTable;
  api_token: ApiTokenTable;
  audit_event: AuditEventTable;
  change_request: ChangeRequestTable;
  password_reset: PasswordResetTable;
  invitation: InvitationTable;
  signin_attempt: SigninAttemptTable;
  search_record: SearchRecordTable;
  search_word: SearchWordTable;
  search_meta: SearchMetaTable;
  document: DocumentTable;
  document_mechanism: DocumentMechanismTable;
  document_language: DocumentLanguageTable;
  document_source: DocumentSourceTable;
  document_version: DocumentVersionTable;
  document_page: DocumentPageTable;
  document_paragraph: DocumentParagraphTable;
  achievement: AchievementTable;
  achievement_country: AchievementCountryTable;
  achievement_source: AchievementSourceTable;
  structure: StructureTable;
  partnership: PartnershipTable;
  partnership_organization: PartnershipOrganizationTable;
  partnership_party: PartnershipPartyTable;
  partnership_source: PartnershipSourceTable;
  delegate: DelegateTable;
  space_post: SpacePostTable;
  peer_query: PeerQueryTable;
  peer_query_mechanism: PeerQueryMechanismTable;
  peer_query_question: PeerQueryQuestionTable;
  peer_query_response: PeerQueryResponseTable;
  peer_query_answer: PeerQueryAnswerTable;
  meeting_delegation: MeetingDelegationTable;
  meeting_delegate_person: MeetingDelegatePersonTable;
  peer_query_reminder: PeerQueryReminderTable;
  follow: FollowTable;
  follow_preference: FollowPreferenceTable;
  digest: DigestTable;
  assessment: AssessmentTable;
  assessment_question: AssessmentQuestionTable;
  assessment_recipient: AssessmentRecipientTable;
  assessment_response: AssessmentResponseTable;
  assessment_answer: AssessmentAnswerTable;
  commitment_framework: CommitmentFrameworkTable;
  commitment_node: CommitmentNodeTable;
  commitment: CommitmentTable;
  commitment_mechanism: CommitmentMechanismTable;
  commitment_country: CommitmentCountryTable;
  commitment_theme: CommitmentThemeTable;
  reporting_cycle: ReportingCycleTable;
  commitment_update: CommitmentUpdateTable;
}
