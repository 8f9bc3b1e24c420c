/**
 * Tidy tables for a release: the public tables (src/db/dump.ts) with no JSON in any cell — every list
 * becomes a join table keyed by its parent and its position — booleans as true/false, dates as the API
 * gives them (ISO 8601 at the precision a source gives), no record-time or load-time columns, and a
 * Frictionless Table Schema per table (types, primary key, foreign keys, descriptions). Pure: no I/O.
 */
import { floorDate, holdsAt, type Certainty } from '../registry/model.js';

export type Cell = string | number | boolean | null;
export type TidyRow = Record<string, Cell>;
type Row = Record<string, unknown>;

export interface Field {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean';
  description?: string;
  constraints?: { required?: boolean; enum?: string[] };
}
export interface ForeignKey {
  fields: string[];
  reference: { resource: string; fields: string[] };
}
export interface TidyTable {
  name: string;
  description: string;
  fields: Field[];
  primaryKey: string[];
  foreignKeys: ForeignKey[];
  rows: TidyRow[];
}

// ---------------------------------------------------------------- table specifications

interface Spec {
  description: string;
  primaryKey: string[];
  /** column → description (columns are taken in this order; any column not listed is left out). */
  columns: Record<string, string>;
  booleans?: string[];
  integers?: string[];
  numbers?: string[];
  /** column → [resource, column] */
  refs?: Record<string, [string, string]>;
}

const fk = (refs: Record<string, [string, string]>): ForeignKey[] =>
  Object.entries(refs).map(([field, [resource, col]]) => ({
    fields: [field],
    reference: { resource, fields: [col] },
  }));

const PARTIAL = 'an ISO 8601 date at the precision the source gives: YYYY, YYYY-MM or YYYY-MM-DD';
const SOURCE = 'the source (source.id)';
const MECH = 'the mechanism (mechanism.id)';

/** The tables built from one JSON list column of a parent: parent keys, seq (0-based position), the item's fields. */
interface ListSpec {
  name: string;
  description: string;
  parent: string;
  /** parent key columns → column name in the child */
  parentKey: Record<string, string>;
  column: string;
  /** scalar lists: the value's column; object lists: item field → column */
  value?: string;
  fields?: Record<string, string>;
  descriptions: Record<string, string>;
  booleans?: string[];
  integers?: string[];
  numbers?: string[];
  refs?: Record<string, [string, string]>;
  /** keep only the parent rows that pass */
  where?: (parent: Row) => boolean;
  /** object lists keyed by name instead of position (official_names: { fr: {...} | null }) */
  keyed?: string;
}

const isCurrent = (p: Row): boolean => p.superseded_at === null || p.superseded_at === undefined;

export const TABLES: Record<string, Spec & { from: string; where?: (r: Row) => boolean }> = {
  country: {
    from: 'country',
    description: 'Countries and territories: ISO 3166-1 codes, UN M49 region and sub-region, names in en/fr/es.',
    primaryKey: ['code'],
    columns: {
      code: 'ISO 3166-1 alpha-3 (XKX for Kosovo)',
      alpha2: 'ISO 3166-1 alpha-2',
      numeric: 'ISO 3166-1 numeric (UN M49)',
      kind: 'state or territory',
      region_code: 'UN M49 region code',
      region: 'UN M49 region',
      subregion_code: 'UN M49 sub-region code',
      subregion: 'UN M49 sub-region',
      name_en: 'name in English',
      name_fr: 'name in French',
      name_es: 'name in Spanish',
      note: 'note',
    },
  },
  organization: {
    from: 'organization',
    description: 'International organizations taking part in or supporting mechanisms.',
    primaryKey: ['id'],
    columns: { id: 'slug', name: 'name', acronym: 'acronym', kind: 'kind of organization', note: 'note' },
  },
  source: {
    from: 'source',
    description: 'The public sources every fact cites.',
    primaryKey: ['id'],
    columns: {
      id: 'source id',
      url: 'address',
      title: 'title',
      publisher: 'publisher',
      accessed: 'the date the source was read',
      site: 'host name without www.',
      date: "the source's date (date_basis says how it is known)",
      date_basis: 'stated, inferred (from its lists) or accessed (the date read)',
      mirror: 'true: a copy on a document-mirror site, not the original publisher',
    },
    booleans: ['mirror'],
  },
  theme: {
    from: 'theme',
    description: 'The controlled vocabulary of themes.',
    primaryKey: ['id'],
    columns: {
      id: 'theme id',
      name_en: 'name in English',
      name_fr: 'name in French',
      name_es: 'name in Spanish',
      description_en: 'description',
    },
  },
  mechanism: {
    from: 'mechanism',
    description: 'Inter-State Consultation Mechanisms on migration (RCPs, IRFs, global processes).',
    primaryKey: ['id'],
    columns: {
      id: 'slug',
      name: 'name',
      acronym: 'acronym',
      common_name: 'the name people use',
      common_name_source: 'the source that uses the common name (source.id)',
      established: 'year established',
      region: 'region',
      objectives: 'objectives',
      structure: 'structure',
      chair_model: 'how the chair is chosen',
      chair_current: 'the current chair',
      chair_since: 'chair since (' + PARTIAL + ')',
      secretariat_text: 'secretariat, in words',
      secretariat_org: 'secretariat organization (organization.id)',
      website: 'website',
      membership_note: 'note on the membership',
      membership_compilation_note: 'how the membership note was compiled',
      members_complete: 'true: the member list is complete; false: it is not; empty: not stated',
      observers_complete: 'true: the observer list is complete; false: it is not; empty: not stated',
      last_evidence: 'the latest evidence of activity (' + PARTIAL + ')',
      notes: 'notes',
      compilation_note: 'how the record was compiled',
      version: 'version of the record (1, +1 per published change)',
    },
    booleans: ['members_complete', 'observers_complete'],
    integers: ['established', 'version'],
    refs: { common_name_source: ['source', 'id'], secretariat_org: ['organization', 'id'] },
  },
  mechanism_name: {
    from: 'mechanism_name',
    description: 'Aliases and former names of mechanisms (each slug redirects to the mechanism).',
    primaryKey: ['slug'],
    columns: { slug: 'alias slug', mechanism_id: MECH, name: 'name', kind: 'alias or former', note: 'note' },
    refs: { mechanism_id: ['mechanism', 'id'] },
  },
  mechanism_level: {
    from: 'mechanism_level',
    description: 'The level history of each mechanism (rcp, irf, global), interval [start, end).',
    primaryKey: ['mechanism_id', 'seq'],
    columns: periodColumns('level'),
    integers: ['seq'],
    refs: { mechanism_id: ['mechanism', 'id'] },
  },
  mechanism_status: {
    from: 'mechanism_status',
    description: 'The status history of each mechanism (active, dormant, concluded), interval [start, end).',
    primaryKey: ['mechanism_id', 'seq'],
    columns: periodColumns('status'),
    integers: ['seq'],
    refs: { mechanism_id: ['mechanism', 'id'] },
  },
  mechanism_theme: {
    from: 'mechanism_theme',
    description: "Themes of each mechanism, with the mechanism's own wording.",
    primaryKey: ['mechanism_id', 'seq'],
    columns: { mechanism_id: MECH, seq: 'position', theme_id: 'theme (theme.id)', wording: "the mechanism's wording" },
    integers: ['seq'],
    refs: { mechanism_id: ['mechanism', 'id'], theme_id: ['theme', 'id'] },
  },
  mechanism_source: {
    from: 'mechanism_source',
    description: 'The sources of each mechanism record.',
    primaryKey: ['mechanism_id', 'seq'],
    columns: { mechanism_id: MECH, seq: 'position', source_id: SOURCE },
    integers: ['seq'],
    refs: { mechanism_id: ['mechanism', 'id'], source_id: ['source', 'id'] },
  },
  participation: {
    from: 'participation',
    where: isCurrent,
    description:
      'Who takes part in which mechanism, in which role, over the valid-time interval [start, end): the current record of each participation.',
    primaryKey: ['id'],
    columns: {
      id: 'participation id',
      mechanism_id: MECH,
      country_code: 'the country (country.code), when the party is a country',
      organization_id: 'the organization (organization.id), when the party is one',
      party_label: 'the party in words, when it is neither',
      name_in_source: 'the name the source uses',
      role: 'member, observer or partner',
      start: 'start (' + PARTIAL + '); empty: not known',
      start_not_before: 'the start is not before this date',
      start_basis: 'how the start is known',
      end: 'end, exclusive (' + PARTIAL + '); empty: still holds',
      end_not_before: 'the end is not before this date',
      end_cause: 'why it ended',
      first_attested: 'the earliest dated list that shows the party',
      via_group: 'the group the party takes part through',
      via_bloc: "the bloc whose list alone attests the row (its members expanded from the bloc's membership)",
      via_bloc_explanation: 'why the bloc stands for its members here',
      verification: 'sourced, unverified, confirmed or disputed',
      attestation: 'how a source names the row: list, bloc, participation, event or none; empty: entered in ISCM Hub',
      note: 'note',
      compilation_note: 'how the row was compiled',
      version: 'version (1 for the first record, +1 per published change)',
    },
    integers: ['version'],
    refs: {
      mechanism_id: ['mechanism', 'id'],
      country_code: ['country', 'code'],
      organization_id: ['organization', 'id'],
    },
  },
  snapshot: {
    from: 'snapshot',
    description: 'Membership lists as a source gives them at a date (the parties are in snapshot_party).',
    primaryKey: ['id'],
    columns: {
      id: 'snapshot id',
      mechanism_id: MECH,
      as_of: 'the date of the list',
      role: 'the role the list names',
      list_type: 'kind of list',
      complete: 'true: the list names every party',
      stated_count: 'the count the source states',
      source_id: SOURCE,
      note: 'note',
    },
    booleans: ['complete'],
    integers: ['stated_count'],
    refs: { mechanism_id: ['mechanism', 'id'], source_id: ['source', 'id'] },
  },
  meeting_series: {
    from: 'meeting_series',
    description: 'Meeting series (such as the global meetings of RCPs).',
    primaryKey: ['id'],
    columns: { id: 'series id', name: 'name', note: 'note', compilation_note: 'how the record was compiled' },
  },
  meeting: {
    from: 'meeting',
    description: 'Meetings of mechanisms and series.',
    primaryKey: ['id'],
    columns: {
      id: 'meeting id',
      series_id: 'the series (meeting_series.id)',
      mechanism_id: MECH,
      ordinal: 'ordinal in its series',
      title: 'title',
      kind: 'kind of meeting',
      start: 'first day (' + PARTIAL + ')',
      end: 'last day',
      city: 'city',
      country_code: 'the host country (country.code)',
      online: 'true: held online',
      host: 'host',
      theme: 'theme',
      status: 'status',
      notes: 'notes',
      compilation_note: 'how the record was compiled',
      version: 'version',
    },
    booleans: ['online'],
    integers: ['ordinal', 'version'],
    refs: {
      series_id: ['meeting_series', 'id'],
      mechanism_id: ['mechanism', 'id'],
      country_code: ['country', 'code'],
    },
  },
  meeting_participant: {
    from: 'meeting_participant',
    description: 'Who took part in a meeting.',
    primaryKey: ['meeting_id', 'seq'],
    columns: {
      meeting_id: 'the meeting (meeting.id)',
      seq: 'position',
      mechanism_id: 'the mechanism taking part (mechanism.id)',
      country_code: 'the country (country.code)',
      organization_id: 'the organization (organization.id)',
      name_in_source: 'the name the source uses',
      role: 'role',
    },
    integers: ['seq'],
    refs: {
      meeting_id: ['meeting', 'id'],
      mechanism_id: ['mechanism', 'id'],
      country_code: ['country', 'code'],
      organization_id: ['organization', 'id'],
    },
  },
  meeting_agenda_item: {
    from: 'meeting_agenda_item',
    description: "A meeting's agenda.",
    primaryKey: ['meeting_id', 'order'],
    columns: { meeting_id: 'the meeting (meeting.id)', order: 'position', title: 'title', time: 'time' },
    integers: ['order'],
    refs: { meeting_id: ['meeting', 'id'] },
  },
  meeting_document: {
    from: 'meeting_document',
    description: "A meeting's documents.",
    primaryKey: ['meeting_id', 'seq'],
    columns: {
      meeting_id: 'the meeting (meeting.id)',
      seq: 'position',
      title: 'title',
      kind: 'kind',
      date: 'date',
      language: 'language',
      url: 'address',
    },
    integers: ['seq'],
    refs: { meeting_id: ['meeting', 'id'] },
  },
  reported_figure: {
    from: 'reported_figure',
    description: 'Counts a source publishes (such as "31 active RCPs"), beside the figures computed from the data.',
    primaryKey: ['id'],
    columns: {
      id: 'figure id',
      value: 'the count',
      comparator: 'exactly, at least, about …',
      counts: 'what it counts',
      date: 'the date it refers to',
      scope: 'scope',
      reported_by: 'who reports it',
      source_id: SOURCE,
      quote: "the source's words",
      quote_kind: 'kind of quote',
      quoted_in: 'where the quote is',
      note: 'note',
    },
    numbers: ['value'],
    refs: { source_id: ['source', 'id'] },
  },
  reported_list: {
    from: 'reported_list',
    description: 'Lists of mechanisms a source publishes with a figure (entries in reported_list_entry).',
    primaryKey: ['id'],
    columns: {
      id: 'list id',
      title: 'title',
      reported_by: 'who reports it',
      figure_id: 'the figure (reported_figure.id)',
      date: 'date',
      date_note: 'how the date is known',
      note: 'note',
    },
    refs: { figure_id: ['reported_figure', 'id'] },
  },
  document: {
    from: 'document',
    description:
      'Documents of the mechanisms (declarations, action plans, reports…): titles in other languages in document_title, facts in document_summary_fact.',
    primaryKey: ['id'],
    columns: {
      id: 'document id',
      title: 'title',
      kind: 'kind of document',
      date: 'date (' + PARTIAL + ')',
      date_precision: 'year, month or day',
      year: 'year',
      meeting_id: 'the meeting it belongs to, where the data shows it (meeting.id)',
      meeting_match: 'how the meeting was matched: global_meeting, date or date+place',
      meeting_text: "the research's wording of the meeting",
      meeting_place: "the research's wording of the place",
      meeting_compilation_note: 'how the meeting link was made or why none was',
      adopted_by: 'who adopted it',
      url: "the document's page or file where one was seen",
      structure_hint: 'how the document is structured, in words',
      confidence: 'high, medium or low',
      compilation_note: 'how the record was compiled',
      version: 'version of the record',
    },
    integers: ['year', 'version'],
    refs: { meeting_id: ['meeting', 'id'] },
  },
  document_mechanism: {
    from: 'document_mechanism',
    description: 'The mechanisms of each document (none for records of the global meetings of all ISCMs).',
    primaryKey: ['document_id', 'mechanism_id'],
    columns: { document_id: 'the document (document.id)', mechanism_id: MECH, seq: 'position (from 0)' },
    integers: ['seq'],
    refs: { document_id: ['document', 'id'], mechanism_id: ['mechanism', 'id'] },
  },
  document_language: {
    from: 'document_language',
    description: 'The language versions of each document a source shows.',
    primaryKey: ['document_id', 'lang'],
    columns: { document_id: 'the document (document.id)', lang: 'ISO 639-1 language', seq: 'position (from 0)' },
    integers: ['seq'],
    refs: { document_id: ['document', 'id'] },
  },
  document_source: {
    from: 'document_source',
    description: 'The sources of each document.',
    primaryKey: ['document_id', 'source_id'],
    columns: { document_id: 'the document (document.id)', source_id: SOURCE, seq: 'position (from 0)' },
    integers: ['seq'],
    refs: { document_id: ['document', 'id'], source_id: ['source', 'id'] },
  },
  achievement: {
    from: 'achievement',
    description:
      'What the mechanisms achieved, read through the three lenses of the GRCP 8 outcome document (2019): policy impact, sustainable structures, partnership models.',
    primaryKey: ['id'],
    columns: {
      id: 'achievement id',
      mechanism_id: MECH,
      title: 'title (English)',
      type: 'agreement, declaration, fund, guidelines, institution, programme, training…',
      level: 'reach: bilateral, national, regional, interregional or global',
      year: 'year (empty: not known)',
      lens: 'the GRCP 8 lens: policy-impact, sustainable-structures or partnership-models',
      evidence: "what was achieved, in the research's words (English)",
      confidence: 'high, medium or low',
      compilation_note: 'how the record was compiled',
      version: 'version of the record',
    },
    integers: ['year', 'version'],
    refs: { mechanism_id: ['mechanism', 'id'] },
  },
  achievement_country: {
    from: 'achievement_country',
    description: 'The countries a source names for an achievement (none: the source names no country).',
    primaryKey: ['achievement_id', 'country_code'],
    columns: {
      achievement_id: 'the achievement (achievement.id)',
      country_code: 'the country (country.code)',
      seq: 'position (from 0)',
    },
    integers: ['seq'],
    refs: { achievement_id: ['achievement', 'id'], country_code: ['country', 'code'] },
  },
  achievement_source: {
    from: 'achievement_source',
    description: 'The sources of each achievement.',
    primaryKey: ['achievement_id', 'source_id'],
    columns: { achievement_id: 'the achievement (achievement.id)', source_id: SOURCE, seq: 'position (from 0)' },
    integers: ['seq'],
    refs: { achievement_id: ['achievement', 'id'], source_id: ['source', 'id'] },
  },
  partnership: {
    from: 'partnership',
    description:
      "Partnerships: an organization's role in a mechanism (organizations in partnership_organization), or a link between two mechanisms; sources in partnership_source.",
    primaryKey: ['id'],
    columns: {
      id: 'partnership id',
      kind: 'organization-mechanism or mechanism-mechanism',
      mechanism_id: 'the mechanism of an organization link (mechanism.id)',
      organization_wording:
        "the research's wording of the organization (the only name of one not in the organization table)",
      mechanism_a: 'the first mechanism of a mechanism-mechanism link (mechanism.id)',
      mechanism_b: 'the second mechanism of a mechanism-mechanism link (mechanism.id)',
      role: "the role or the link, in the research's words (English)",
      years: 'the years as the research words them ("2015-", "2009-2011", "-": not known)',
      first_year: 'the first year the wording states',
      last_year: 'the last year it states (empty: ongoing or not known)',
      ongoing: 'true: ongoing ("YYYY-"); false: ended; empty: not stated',
      compilation_note: 'how the record was compiled',
      version: 'version of the record',
    },
    booleans: ['ongoing'],
    integers: ['first_year', 'last_year', 'version'],
    refs: { mechanism_id: ['mechanism', 'id'], mechanism_a: ['mechanism', 'id'], mechanism_b: ['mechanism', 'id'] },
  },
  partnership_organization: {
    from: 'partnership_organization',
    description: 'The organizations the wording of an organization link names (none: not in the organization table).',
    primaryKey: ['partnership_id', 'organization_id'],
    columns: {
      partnership_id: 'the partnership (partnership.id)',
      organization_id: 'the organization (organization.id)',
      seq: 'position (from 0)',
    },
    integers: ['seq'],
    refs: { partnership_id: ['partnership', 'id'], organization_id: ['organization', 'id'] },
  },
  partnership_party: {
    from: 'partnership_party',
    description: 'Other mechanisms a mechanism-mechanism link names beside its two ends.',
    primaryKey: ['partnership_id', 'mechanism_id'],
    columns: { partnership_id: 'the partnership (partnership.id)', mechanism_id: MECH, seq: 'position (from 0)' },
    integers: ['seq'],
    refs: { partnership_id: ['partnership', 'id'], mechanism_id: ['mechanism', 'id'] },
  },
  partnership_source: {
    from: 'partnership_source',
    description: 'The sources of each partnership.',
    primaryKey: ['partnership_id', 'source_id'],
    columns: { partnership_id: 'the partnership (partnership.id)', source_id: SOURCE, seq: 'position (from 0)' },
    integers: ['seq'],
    refs: { partnership_id: ['partnership', 'id'], source_id: ['source', 'id'] },
  },
  structure: {
    from: 'structure',
    description:
      'How each mechanism is built: one row per mechanism with a structure record; its fields in structure_field (a field with no row there is not known).',
    primaryKey: ['mechanism_id'],
    columns: { mechanism_id: MECH, compilation_note: 'how the record was compiled', version: 'version of the record' },
    integers: ['version'],
    refs: { mechanism_id: ['mechanism', 'id'] },
  },
};

function periodColumns(what: string): Record<string, string> {
  return {
    mechanism_id: MECH,
    seq: 'position in the history',
    value: `the ${what}`,
    start: 'start (' + PARTIAL + ')',
    end: 'end, exclusive',
    end_not_before: 'the end is not before this date',
    confidence: 'confidence',
    note: 'note',
    compilation_note: 'how the period was compiled',
  };
}

const sourceList = (name: string, parent: string, parentKey: Record<string, string>, what: string): ListSpec => ({
  name,
  description: `The sources of each ${what}.`,
  parent,
  parentKey,
  column: 'sources',
  value: 'source_id',
  descriptions: { source_id: SOURCE },
  refs: { source_id: ['source', 'id'] },
});

export const LISTS: ListSpec[] = [
  {
    name: 'source_list',
    description: 'The membership lists each source holds (which mechanism, which role, at which date).',
    parent: 'source',
    parentKey: { id: 'source_id' },
    column: 'lists',
    fields: {
      mechanism: 'mechanism_id',
      lists: 'lists',
      kind: 'kind',
      as_of: 'as_of',
      as_of_basis: 'as_of_basis',
      stated_count: 'stated_count',
      named_count: 'named_count',
      cut_off: 'cut_off',
      via_bloc: 'via_bloc',
    },
    descriptions: {
      mechanism_id: MECH,
      lists: 'members, observers, …',
      kind: 'kind of list',
      as_of: 'the date of the list',
      as_of_basis: 'stated or inferred',
      stated_count: 'the count the source states',
      named_count: 'the parties it names',
      cut_off: 'true: the list is cut off in the source',
      via_bloc: 'the bloc the list names instead of its members',
    },
    booleans: ['cut_off'],
    integers: ['stated_count', 'named_count'],
    refs: { mechanism_id: ['mechanism', 'id'] },
  },
  {
    name: 'mechanism_member_group',
    description: 'Groups of States named as members of a mechanism.',
    parent: 'mechanism',
    parentKey: { id: 'mechanism_id' },
    column: 'member_groups',
    fields: { name: 'name', note: 'note' },
    descriptions: { name: 'group', note: 'note' },
  },
  {
    name: 'mechanism_key_output',
    description: 'Key outputs of each mechanism (declarations, action plans, …).',
    parent: 'mechanism',
    parentKey: { id: 'mechanism_id' },
    column: 'key_outputs',
    fields: { title: 'title', year: 'year' },
    descriptions: { title: 'title', year: 'year' },
    integers: ['year'],
  },
  {
    name: 'mechanism_unverified_field',
    description: 'Fields of a mechanism record no source confirms yet.',
    parent: 'mechanism',
    parentKey: { id: 'mechanism_id' },
    column: 'unverified_fields',
    fields: { field: 'field', note: 'note', compilation_note: 'compilation_note' },
    descriptions: { field: 'field', note: 'note', compilation_note: 'how it was compiled' },
  },
  {
    name: 'mechanism_supporting_org',
    description: 'Organizations supporting each mechanism.',
    parent: 'mechanism',
    parentKey: { id: 'mechanism_id' },
    column: 'supporting_orgs',
    value: 'organization_id',
    descriptions: { organization_id: 'the organization (organization.id)' },
    refs: { organization_id: ['organization', 'id'] },
  },
  {
    name: 'mechanism_official_name',
    description: "A mechanism's official names in other languages, each with its source.",
    parent: 'mechanism',
    parentKey: { id: 'mechanism_id' },
    column: 'official_names',
    keyed: 'language',
    fields: { name: 'name', source: 'source_id', usage: 'usage' },
    descriptions: { language: 'ISO 639-1 language', name: 'name', source_id: SOURCE, usage: 'usage' },
    refs: { source_id: ['source', 'id'] },
  },
  {
    name: 'mechanism_membership_basis',
    description: 'Who may take part in a mechanism, in a source’s words.',
    parent: 'mechanism',
    parentKey: { id: 'mechanism_id' },
    column: 'membership_basis',
    fields: { quote: 'quote', as_of: 'as_of', source: 'source_id' },
    descriptions: { quote: "the source's words", as_of: 'date', source_id: SOURCE },
    refs: { source_id: ['source', 'id'] },
  },
  sourceList('mechanism_level_source', 'mechanism_level', { mechanism_id: 'mechanism_id', seq: 'level_seq' }, 'level'),
  sourceList(
    'mechanism_status_source',
    'mechanism_status',
    { mechanism_id: 'mechanism_id', seq: 'status_seq' },
    'status',
  ),
  {
    ...sourceList('participation_source', 'participation', { id: 'participation_id' }, 'participation'),
    where: isCurrent,
  },
  {
    name: 'snapshot_party',
    description: 'The parties each membership list names.',
    parent: 'snapshot',
    parentKey: { id: 'snapshot_id' },
    column: 'parties',
    fields: {
      country: 'country_code',
      organization: 'organization_id',
      name_in_source: 'name_in_source',
      note: 'note',
    },
    descriptions: {
      country_code: 'the country (country.code)',
      organization_id: 'the organization (organization.id)',
      name_in_source: 'the name the source uses',
      note: 'note',
    },
    refs: { country_code: ['country', 'code'], organization_id: ['organization', 'id'] },
  },
  {
    name: 'snapshot_member_group',
    description: 'Groups a membership list names instead of their members.',
    parent: 'snapshot',
    parentKey: { id: 'snapshot_id' },
    column: 'member_groups',
    fields: { name: 'name', note: 'note' },
    descriptions: { name: 'group', note: 'note' },
  },
  sourceList('meeting_series_source', 'meeting_series', { id: 'series_id' }, 'meeting series'),
  sourceList('meeting_source', 'meeting', { id: 'meeting_id' }, 'meeting'),
  {
    name: 'meeting_reported_count',
    description: 'Counts reported for a meeting (participants, delegations, …).',
    parent: 'meeting',
    parentKey: { id: 'meeting_id' },
    column: 'reported_counts',
    fields: { what: 'what', count: 'count', note: 'note', compilation_note: 'compilation_note' },
    descriptions: {
      what: 'what is counted',
      count: 'the count',
      note: 'note',
      compilation_note: 'how it was compiled',
    },
    integers: ['count'],
  },
  {
    name: 'meeting_unverified_field',
    description: 'Fields of a meeting record no source confirms yet.',
    parent: 'meeting',
    parentKey: { id: 'meeting_id' },
    column: 'unverified_fields',
    fields: { field: 'field', note: 'note', compilation_note: 'compilation_note' },
    descriptions: { field: 'field', note: 'note', compilation_note: 'how it was compiled' },
  },
  sourceList(
    'meeting_participant_source',
    'meeting_participant',
    { meeting_id: 'meeting_id', seq: 'participant_seq' },
    'meeting participant',
  ),
  {
    name: 'meeting_agenda_item_speaker',
    description: 'Speakers of each agenda item.',
    parent: 'meeting_agenda_item',
    parentKey: { meeting_id: 'meeting_id', order: 'item_order' },
    column: 'speakers',
    value: 'speaker',
    descriptions: { speaker: 'speaker' },
  },
  sourceList(
    'meeting_document_source',
    'meeting_document',
    { meeting_id: 'meeting_id', seq: 'document_seq' },
    'meeting document',
  ),
  {
    name: 'reported_list_entry',
    description: 'The mechanisms a reported list names, or does not.',
    parent: 'reported_list',
    parentKey: { id: 'list_id' },
    column: 'entries',
    fields: { mechanism: 'mechanism_id', named: 'named', note: 'note' },
    descriptions: { mechanism_id: MECH, named: 'yes, no or unknown: whether the list names it', note: 'note' },
    refs: { mechanism_id: ['mechanism', 'id'] },
  },
  {
    name: 'document_title',
    description: "A document's title in other languages, where a source shows it.",
    parent: 'document',
    parentKey: { id: 'document_id' },
    column: 'titles',
    keyed: 'language',
    value: 'title',
    descriptions: { language: 'ISO 639-1 language', title: 'title' },
  },
  {
    name: 'document_summary_fact',
    description: "What a document says, in one to three facts in the research's words (English).",
    parent: 'document',
    parentKey: { id: 'document_id' },
    column: 'summary_facts',
    value: 'fact',
    descriptions: { fact: 'a fact' },
  },
  {
    name: 'document_meeting_candidate',
    description:
      'The meetings a document may belong to when the data links none (see document.meeting_compilation_note).',
    parent: 'document',
    parentKey: { id: 'document_id' },
    column: 'meeting_candidates',
    value: 'meeting_id',
    descriptions: { meeting_id: 'a candidate meeting (meeting.id)' },
    refs: { meeting_id: ['meeting', 'id'] },
  },
];

// ---------------------------------------------------------------- building

function parseJson(v: unknown): unknown {
  if (typeof v !== 'string') return v ?? null;
  try {
    return JSON.parse(v);
  } catch {
    return null;
  }
}

function cell(v: unknown, kind: Field['type']): Cell {
  if (v === null || v === undefined || v === '') return null;
  if (kind === 'boolean') return v === true || v === 1 || v === '1' || v === 'true';
  if (kind === 'integer' || kind === 'number') return Number(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new Error(`a list or an object cannot be a cell: ${JSON.stringify(v)}`);
}

function typeOf(
  col: string,
  s: { booleans?: string[]; integers?: string[]; numbers?: string[] },
  parentKeys: Record<string, Field['type']> = {},
): Field['type'] {
  if (parentKeys[col]) return parentKeys[col];
  if (s.booleans?.includes(col)) return 'boolean';
  if (s.integers?.includes(col)) return 'integer';
  if (s.numbers?.includes(col)) return 'number';
  return 'string';
}

const byKey =
  (keys: string[]) =>
  (a: TidyRow, b: TidyRow): number => {
    for (const k of keys) {
      const x = a[k],
        y = b[k];
      if (x === y) continue;
      if (x === null) return -1;
      if (y === null) return 1;
      if (typeof x === 'number' && typeof y === 'number') return x - y;
      return String(x) < String(y) ? -1 : 1;
    }
    return 0;
  };

/** Every tidy table from the public tables (dumpTables' output), in a fixed order, rows sorted by primary key. */
export function tidyTables(source: Record<string, Row[]>): TidyTable[] {
  const out: TidyTable[] = [];
  const typesOf: Record<string, Record<string, Field['type']>> = {};
  for (const [name, spec] of Object.entries(TABLES)) {
    const cols = Object.keys(spec.columns);
    typesOf[name] = Object.fromEntries(cols.map((c) => [c, typeOf(c, spec)]));
    const rows = (source[spec.from] ?? [])
      .filter((r) => !spec.where || spec.where(r))
      .map((r) => {
        const flat: Row = { ...r };
        if (name === 'participation') {
          const bloc = parseJson(r.via_bloc) as { bloc?: string; explanation?: string } | null;
          flat.via_bloc = bloc?.bloc ?? null;
          flat.via_bloc_explanation = bloc?.explanation ?? null;
        }
        return Object.fromEntries(cols.map((c) => [c, cell(flat[c], typesOf[name]![c]!)]));
      });
    out.push({
      name,
      description: spec.description,
      fields: cols.map((c) => ({ name: c, type: typesOf[name]![c]!, description: spec.columns[c] })),
      primaryKey: spec.primaryKey,
      foreignKeys: fk(spec.refs ?? {}),
      rows: rows.sort(byKey(spec.primaryKey)),
    });
  }
  for (const l of LISTS) {
    const parentTypes = typesOf[l.parent] ?? {};
    const keyCols = Object.values(l.parentKey);
    const keyTypes = Object.fromEntries(Object.entries(l.parentKey).map(([p, c]) => [c, parentTypes[p] ?? 'string']));
    const itemCols = l.value
      ? [...(l.keyed ? [l.keyed] : []), l.value]
      : l.keyed
        ? [l.keyed, ...Object.values(l.fields!)]
        : Object.values(l.fields!);
    const cols = [...keyCols, ...(l.keyed ? [] : ['seq']), ...itemCols];
    const types: Record<string, Field['type']> = Object.fromEntries(
      cols.map((c) => [c, c === 'seq' ? 'integer' : typeOf(c, l, keyTypes)]),
    );
    const rows: TidyRow[] = [];
    for (const p of source[l.parent] ?? []) {
      if (l.where && !l.where(p)) continue;
      const key = Object.fromEntries(Object.entries(l.parentKey).map(([pc, c]) => [c, cell(p[pc], types[c]!)]));
      const value = parseJson(p[l.column]);
      if (value === null) continue;
      const items: [string | number, unknown][] = l.keyed
        ? Object.entries(value as Record<string, unknown>)
            .filter(([, v]) => v !== null)
            .sort(([a], [b]) => (a < b ? -1 : 1))
        : (value as unknown[]).map((v, i) => [i, v]);
      for (const [k, item] of items) {
        const row: TidyRow = { ...key };
        if (l.keyed) row[l.keyed] = String(k);
        else row.seq = k;
        if (l.value) row[l.value] = cell(item, types[l.value]!);
        else for (const [from, to] of Object.entries(l.fields!)) row[to] = cell((item as Row)[from], types[to]!);
        rows.push(row);
      }
    }
    const pk = [...keyCols, l.keyed ?? 'seq'];
    const parentRefFields = Object.keys(l.parentKey);
    out.push({
      name: l.name,
      description: l.description,
      fields: cols.map((c) => ({
        name: c,
        type: types[c]!,
        description:
          c === 'seq'
            ? 'position in the list (from 0)'
            : keyCols.includes(c)
              ? `the ${l.parent} (${l.parent}.${parentRefFields[keyCols.indexOf(c)]})`
              : l.descriptions[c],
      })),
      primaryKey: pk,
      foreignKeys: [
        { fields: keyCols, reference: { resource: l.parent, fields: parentRefFields } },
        ...fk(l.refs ?? {}),
      ],
      rows: rows.sort(byKey(pk)),
    });
  }
  out.push(...structureTables(source));
  out.push(...derivedTables(source));
  return out;
}

// ---------------------------------------------------------------- structures, field by field

const STRUCTURE_FIELDS = [
  'secretariat_model',
  'secretariat',
  'funding',
  'chair_rotation',
  'written_rules',
  'strategies_workplans',
  'meeting_cadence',
  'working_groups',
] as const;
const LIST_FIELDS = new Set(['written_rules', 'strategies_workplans', 'working_groups']);

/**
 * The structure record's fields (each `{ value, sources, note, basis }` as JSON, or null: not known) as three tidy
 * tables: structure_field (a row per known field: its value when it is one text, its note and basis),
 * structure_field_item (the entries of a list field: written rules, strategies and work plans, working groups)
 * and structure_field_source.
 */
export function structureTables(source: Record<string, Row[]>): TidyTable[] {
  const fields: TidyRow[] = [];
  const items: TidyRow[] = [];
  const sources: TidyRow[] = [];
  for (const r of source.structure ?? []) {
    const mechanism_id = r.mechanism_id as string;
    for (const field of STRUCTURE_FIELDS) {
      const f = parseJson(r[field]) as {
        value: unknown;
        sources: string[];
        note: string | null;
        basis: string | null;
      } | null;
      if (f === null) continue;
      const list = LIST_FIELDS.has(field);
      fields.push({
        mechanism_id,
        field,
        value: list ? null : cell(f.value, 'string'),
        note: f.note ?? null,
        basis: f.basis ?? null,
      });
      if (list)
        (f.value as unknown[]).forEach((x, seq) => {
          const o = (typeof x === 'string' ? { title: x } : x) as {
            title: string;
            year?: string | null;
            years?: string | null;
          };
          items.push({ mechanism_id, field, seq, text: o.title, years: o.year ?? o.years ?? null });
        });
      f.sources.forEach((source_id, seq) => sources.push({ mechanism_id, field, seq, source_id }));
    }
  }
  const key = ['mechanism_id', 'field'];
  const parent: ForeignKey = { fields: key, reference: { resource: 'structure_field', fields: key } };
  const base: Field[] = [
    { name: 'mechanism_id', type: 'string', description: 'the mechanism (structure.mechanism_id)' },
    { name: 'field', type: 'string', description: `the field: ${STRUCTURE_FIELDS.join(', ')}` },
  ];
  const seq: Field = { name: 'seq', type: 'integer', description: 'position in the list (from 0)' };
  return [
    {
      name: 'structure_field',
      description: 'The known fields of each structure record (a field not listed is not known).',
      fields: [
        ...base,
        {
          name: 'value',
          type: 'string',
          description: 'the value of a one-text field (list fields: structure_field_item)',
        },
        { name: 'note', type: 'string', description: 'note' },
        {
          name: 'basis',
          type: 'string',
          description: 'where the value was taken without being re-read (then no source)',
        },
      ],
      primaryKey: key,
      foreignKeys: fk({ mechanism_id: ['structure', 'mechanism_id'] }),
      rows: fields.sort(byKey(key)),
    },
    {
      name: 'structure_field_item',
      description: 'The entries of the list fields: written rules, strategies and work plans, working groups.',
      fields: [
        ...base,
        seq,
        {
          name: 'text',
          type: 'string',
          description: 'the title of a rule, strategy or work plan, or the name of a working group',
        },
        {
          name: 'years',
          type: 'string',
          description: 'its year or years as the source gives them (empty: not known or not a dated entry)',
        },
      ],
      primaryKey: [...key, 'seq'],
      foreignKeys: [parent],
      rows: items.sort(byKey([...key, 'seq'])),
    },
    {
      name: 'structure_field_source',
      description: 'The sources of each field of a structure record.',
      fields: [...base, seq, { name: 'source_id', type: 'string', description: SOURCE }],
      primaryKey: [...key, 'seq'],
      foreignKeys: [parent, ...fk({ source_id: ['source', 'id'] })],
      rows: sources.sort(byKey([...key, 'seq'])),
    },
  ];
}

// ---------------------------------------------------------------- derived, analysis-ready tables

const CERTAINTY_RANK: Record<Certainty, number> = { stated: 0, attested: 1, assumed: 2 };

/** COW IGO-style codes for a role (documented in the panel's schema). */
export const COW_CODES: Record<string, number> = { member: 1, observer: 3, partner: 2 };

export interface PanelOptions {
  /** the last year of the panel (the release's year) */
  lastYear: number;
}

/**
 * The country-year membership panel: a row for each country, mechanism, role and year in which one of
 * its current participation records holds on the last day of the year it can (31 December, or the day
 * before its end when it ends that year), with the certainty of that (stated, attested, assumed), and
 * the participation record that gives it (its sources are in participation_source).
 */
export function membershipPanel(source: Record<string, Row[]>, opts: PanelOptions): TidyRow[] {
  const established = new Map((source.mechanism ?? []).map((m) => [m.id as string, m.established as number | null]));
  const best = new Map<string, TidyRow>();
  for (const p of source.participation ?? []) {
    if (!isCurrent(p) || typeof p.country_code !== 'string') continue;
    const mech = p.mechanism_id as string;
    const est = established.get(mech) ?? null;
    const startText = (p.start as string | null) ?? (est !== null ? String(est) : null);
    if (startText === null) continue; // no start and no year of establishment: no year can be given
    const first = Number(startText.slice(0, 4));
    const endText = p.end as string | null;
    const endDay = endText === null ? null : floorDate(endText);
    const last = Math.min(opts.lastYear, endDay === null ? opts.lastYear : Number(endDay.slice(0, 4)));
    for (let year = first; year <= last; year++) {
      let at = `${year}-12-31`;
      if (endDay !== null && endDay <= at) {
        if (endDay <= `${year}-01-01`) continue;
        at = dayBefore(endDay);
      }
      const certainty = holdsAt(
        {
          start: p.start as string | null,
          end: endText,
          end_not_before: p.end_not_before as string | null,
          first_attested: p.first_attested as string | null,
        },
        at,
        est,
      );
      if (certainty === null) continue;
      const key = `${p.country_code}\u0000${mech}\u0000${p.role as string}\u0000${year}`;
      const row: TidyRow = {
        country_code: p.country_code,
        mechanism_id: mech,
        year,
        role: p.role as string,
        cow_code: COW_CODES[p.role as string] ?? null,
        certainty,
        participation_id: p.id as string,
      };
      const prev = best.get(key);
      if (
        !prev ||
        CERTAINTY_RANK[certainty] < CERTAINTY_RANK[prev.certainty as Certainty] ||
        (prev.certainty === certainty && String(row.participation_id) < String(prev.participation_id))
      )
        best.set(key, row);
    }
  }
  return [...best.values()].sort(byKey(['country_code', 'mechanism_id', 'role', 'year']));
}

function dayBefore(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/**
 * The co-membership dyads by year: for each pair of countries (a < b by code) and year, the mechanisms
 * both are members of (role member, any certainty) — one row per pair, year and shared mechanism.
 */
export function coMembership(panel: TidyRow[]): TidyRow[] {
  const members = new Map<string, string[]>(); // mechanism␀year → countries
  for (const r of panel) {
    if (r.role !== 'member') continue;
    const k = `${r.mechanism_id as string}\u0000${r.year as number}`;
    const list = members.get(k) ?? [];
    if (!list.includes(r.country_code as string)) list.push(r.country_code as string);
    members.set(k, list);
  }
  const counts = new Map<string, number>();
  for (const [k, countries] of members) {
    const year = k.split('\u0000')[1]!;
    countries.sort();
    for (let i = 0; i < countries.length; i++)
      for (let j = i + 1; j < countries.length; j++) {
        const key = `${countries[i]}\u0000${countries[j]}\u0000${year}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
  }
  return [...counts.entries()]
    .map(([k, n]) => {
      const [a, b, year] = k.split('\u0000') as [string, string, string];
      return { country_a: a, country_b: b, year: Number(year), shared_mechanisms: n };
    })
    .sort(byKey(['country_a', 'country_b', 'year']));
}

function derivedTables(source: Record<string, Row[]>): TidyTable[] {
  const years = (source.participation ?? [])
    .flatMap((p) => [p.start, p.end, p.first_attested, p.end_not_before])
    .filter((v): v is string => typeof v === 'string')
    .map((v) => Number(v.slice(0, 4)));
  const lastYear = lastYearOf(source, years);
  const panel = membershipPanel(source, { lastYear });
  return [
    {
      name: 'membership_panel',
      description:
        `Country-year panel of participation, ${lastYear} the last year: a row when a current participation record of the country holds on 31 December ` +
        '(or on the day before it ends, when it ends that year). Years before a dated start count from the year the mechanism was established (certainty assumed). ' +
        'cow_code follows the Correlates of War IGO data: 1 full member, 2 associate (here: partner), 3 observer.',
      fields: [
        { name: 'country_code', type: 'string', description: 'the country (country.code)' },
        { name: 'mechanism_id', type: 'string', description: MECH },
        { name: 'year', type: 'integer', description: 'year' },
        { name: 'role', type: 'string', description: 'member, observer or partner' },
        {
          name: 'cow_code',
          type: 'integer',
          description: 'Correlates of War IGO code: 1 full member, 2 associate member (partner), 3 observer',
        },
        {
          name: 'certainty',
          type: 'string',
          description:
            'stated: a dated start covers the year; attested: a dated list shows the country by then; assumed: counted from the establishment, or the country may have left',
          constraints: { enum: ['stated', 'attested', 'assumed'] },
        },
        {
          name: 'participation_id',
          type: 'string',
          description: 'the participation record (participation.id); its sources are in participation_source',
        },
      ],
      primaryKey: ['country_code', 'mechanism_id', 'role', 'year'],
      foreignKeys: fk({
        country_code: ['country', 'code'],
        mechanism_id: ['mechanism', 'id'],
        participation_id: ['participation', 'id'],
      }),
      rows: panel,
    },
    {
      name: 'co_membership',
      description:
        'Country-country co-membership by year (dyads, country_a < country_b by code): the number of mechanisms both are members of in the panel that year. Pairs sharing none are left out.',
      fields: [
        { name: 'country_a', type: 'string', description: 'the first country (country.code)' },
        { name: 'country_b', type: 'string', description: 'the second country (country.code)' },
        { name: 'year', type: 'integer', description: 'year' },
        {
          name: 'shared_mechanisms',
          type: 'integer',
          description: 'mechanisms both are members of (membership_panel, role member)',
        },
      ],
      primaryKey: ['country_a', 'country_b', 'year'],
      foreignKeys: fk({ country_a: ['country', 'code'], country_b: ['country', 'code'] }),
      rows: coMembership(panel),
    },
  ];
}

/** The panel ends with the latest year any date in the data names (so it does not depend on the day it is built). */
function lastYearOf(source: Record<string, Row[]>, years: number[]): number {
  const more = [...(source.snapshot ?? []).map((s) => s.as_of), ...(source.source ?? []).map((s) => s.date)]
    .filter((v): v is string => typeof v === 'string')
    .map((v) => Number(v.slice(0, 4)));
  return Math.max(...years, ...more, 1900);
}
