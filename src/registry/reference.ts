/**
 * The registry's files of the reference dataset (data/reference/, format in FORMAT.md): their schemas, the
 * checks against the country list and each other, and the write — two reference parts (src/reference/part.ts),
 * `registry` and `reported`, that the one loader validates and applies with every other feature's.
 */
import { createHash } from 'node:crypto';
import Type, { type Static, type TSchema } from 'typebox';
import {
  recordId,
  schemaProblems,
  type LoadProblem,
  type ReferenceInput,
  type ReferencePart,
  type Validated,
} from '../reference/part.js';
import { allCountries } from './countries.js';
import { applyReference, applyReported, countMechanisms, type LoadSummary } from './store.js';
import { compareDates, isPartialDate, LEVELS, overlaps, ROLES, STATUSES } from './model.js';

const D = Type.String({ description: 'ISO 8601 date at year, month or day precision' });
const ND = Type.Union([Type.Null(), D]);
const NS = Type.Union([Type.Null(), Type.String()]);
const Ids = Type.Array(Type.String());
const strict = { additionalProperties: false } as const;

const SourceList = Type.Object(
  {
    mechanism: Type.String(),
    lists: Type.Enum(['members', 'observers', 'partners', 'all']),
    kind: Type.Enum(['membership list', 'participation', 'bloc composition', 'membership basis (no list)']),
    as_of: ND,
    as_of_basis: Type.Union([Type.Null(), Type.Enum(['stated', 'inferred'])]),
    stated_count: Type.Union([Type.Null(), Type.Integer({ minimum: 0 })]),
    named_count: Type.Integer({ minimum: 0 }),
    cut_off: Type.Boolean(),
    via_bloc: NS,
  },
  strict,
);

export const SourceRecord = Type.Object(
  {
    id: Type.String({ pattern: '^src-[0-9a-f]{10}$' }),
    url: Type.String({ pattern: '^https?://' }),
    title: NS,
    publisher: NS,
    accessed: NS,
    // Optional for datasets written before issue 9 (then computed from the URL at load).
    site: Type.Optional(NS),
    date: Type.Optional(ND),
    date_basis: Type.Optional(Type.Union([Type.Null(), Type.Enum(['stated', 'inferred', 'accessed'])])),
    mirror: Type.Optional(Type.Boolean()),
    lists: Type.Optional(Type.Array(SourceList)),
  },
  strict,
);

const OfficialName = Type.Union([
  Type.Null(),
  Type.Object(
    {
      name: Type.String({ minLength: 1 }),
      source: Type.String(),
      usage: Type.Optional(Type.Union([Type.Null(), Type.Enum(['eu-terminology'])])),
    },
    strict,
  ),
]);
export const OFFICIAL_NAME_LANGS = ['fr', 'es', 'ar', 'ru', 'zh'] as const;
export const ATTESTATIONS = ['list', 'bloc', 'participation', 'event', 'none'] as const;

export const ThemeRecord = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9-]+$' }),
    name: Type.Object(
      { en: Type.String({ minLength: 1 }), fr: Type.String({ minLength: 1 }), es: Type.String({ minLength: 1 }) },
      strict,
    ),
    description: Type.Object({ en: Type.String() }),
  },
  strict,
);

export const OrganizationRecord = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9-]+$' }),
    name: Type.String({ minLength: 1 }),
    acronym: NS,
    kind: Type.Enum([
      'un-system',
      'intergovernmental',
      'regional-organization',
      'regional-economic-community',
      'government-body',
      'non-governmental',
      'other',
    ]),
    note: NS,
  },
  strict,
);

/** How a fact was compiled (sources, inference, conflicts): for editors and the history page, never a public page. */
export const CN = Type.Optional(NS);
/** A field no source backs; `note` (public, usually null) and `compilation_note` say why. */
export const UnverifiedField = Type.Object({ field: Type.String(), note: NS, compilation_note: CN }, strict);

export const MechanismRecord = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' }),
    name: Type.String({ minLength: 1 }),
    acronym: NS,
    names: Type.Array(
      Type.Object({ name: Type.String({ minLength: 1 }), kind: Type.Enum(['alias', 'former']), note: NS }, strict),
    ),
    established: Type.Union([Type.Null(), Type.Integer({ minimum: 1900, maximum: 2100 })]),
    region: NS,
    levels: Type.Array(
      Type.Object(
        {
          level: Type.Enum(LEVELS),
          start: ND,
          end: ND,
          end_not_before: ND,
          note: NS,
          compilation_note: CN,
          sources: Ids,
        },
        strict,
      ),
      { minItems: 1 },
    ),
    statuses: Type.Array(
      Type.Object(
        {
          status: Type.Enum(STATUSES),
          start: ND,
          end: ND,
          end_not_before: ND,
          confidence: Type.Union([Type.Null(), Type.Enum(['high', 'medium', 'low'])]),
          note: NS,
          compilation_note: CN,
          sources: Ids,
        },
        strict,
      ),
      { minItems: 1 },
    ),
    last_evidence_of_activity: ND,
    structure: NS,
    chair_model: NS,
    secretariat: Type.Union([Type.Null(), Type.Object({ text: Type.String(), organization: NS }, strict)]),
    supporting_organizations: Ids,
    website: Type.Union([Type.Null(), Type.String({ pattern: '^https?://' })]),
    themes: Type.Array(Type.Object({ theme: Type.String(), wording: Type.String() }, strict)),
    membership_note: NS,
    membership_compilation_note: CN,
    members_complete: Type.Union([Type.Null(), Type.Boolean()]),
    observers_complete: Type.Optional(Type.Union([Type.Null(), Type.Boolean()])),
    member_groups: Type.Array(Type.Object({ name: Type.String(), note: NS })),
    key_outputs: Type.Array(Type.Object({ title: Type.String(), year: Type.Union([Type.Null(), Type.Integer()]) })),
    unverified_fields: Type.Array(UnverifiedField),
    sources: Ids,
    notes: NS,
    compilation_note: CN,
    common_name: Type.Optional(Type.String({ minLength: 1 })),
    membership_basis: Type.Optional(
      Type.Array(Type.Object({ quote: Type.String({ minLength: 1 }), as_of: ND, source: Type.String() }, strict)),
    ),
    common_name_source: Type.Optional(NS),
    official_names: Type.Optional(
      Type.Object({ fr: OfficialName, es: OfficialName, ar: OfficialName, ru: OfficialName, zh: OfficialName }, strict),
    ),
  },
  strict,
);

export const ParticipationRecord = Type.Object(
  {
    id: Type.String({ minLength: 1 }),
    mechanism: Type.String(),
    country: NS,
    organization: NS,
    party_label: NS,
    name_in_source: NS,
    role: Type.Enum(ROLES),
    start: ND,
    start_not_before: ND,
    start_basis: NS,
    end: ND,
    end_not_before: ND,
    end_cause: Type.Union([
      Type.Null(),
      Type.Enum(['left', 'suspended', 'role_changed', 'mechanism_concluded', 'unknown']),
    ]),
    first_attested: ND,
    via_group: NS,
    verification: Type.Enum(['sourced', 'unverified']),
    // How a source names the row (issue 9); optional for datasets written before.
    attestation: Type.Optional(Type.Enum(ATTESTATIONS)),
    via_bloc: Type.Optional(
      Type.Union([
        Type.Null(),
        Type.Object({ bloc: Type.String({ minLength: 1 }), explanation: Type.String() }, strict),
      ]),
    ),
    sources: Ids,
    note: NS,
    compilation_note: CN,
  },
  strict,
);

export const SnapshotRecord = Type.Object(
  {
    id: Type.String(),
    mechanism: Type.String(),
    as_of: D,
    role: Type.Enum(ROLES),
    list_type: Type.String(),
    complete: Type.Boolean(),
    stated_count: Type.Union([Type.Null(), Type.Integer({ minimum: 0 })]),
    source: Type.String(),
    note: NS,
    member_groups: Type.Union([Type.Null(), Type.Array(Type.Unknown())]),
    parties: Type.Array(Type.Object({ country: NS, organization: NS, name_in_source: NS, note: NS })),
  },
  strict,
);

export const ReportedFigureRecord = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' }),
    value: Type.Integer({ minimum: 0 }),
    comparator: Type.Enum(['exact', 'at-least', 'over', 'at-most']),
    counts: Type.Enum([
      'active-mechanisms',
      'active-rcps',
      'countries-engaged',
      'max-mechanisms-per-country',
      'mechanisms-represented',
    ]),
    date: D,
    scope: NS,
    reported_by: Type.String({ minLength: 1 }),
    source: Type.String(),
    quote: Type.String({ minLength: 1 }),
    quote_kind: Type.Enum(['verbatim', 'as-recorded']),
    quoted_in: Type.String(),
    note: NS,
  },
  strict,
);

export const ReportedListRecord = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' }),
    title: Type.String({ minLength: 1 }),
    reported_by: Type.String({ minLength: 1 }),
    figure: Type.String(),
    date: D,
    date_note: Type.String(),
    entries: Type.Array(
      Type.Object(
        {
          mechanism: Type.String(),
          named: Type.Enum(['yes', 'no', 'partly']),
          evidence: Type.Array(Type.Object({ source: Type.String(), quote: NS }, strict), { minItems: 1 }),
          note: NS,
        },
        strict,
      ),
    ),
    note: NS,
  },
  strict,
);

export type ReportedFigureRecord = Static<typeof ReportedFigureRecord>;
export type ReportedListRecord = Static<typeof ReportedListRecord>;
export type SourceRecord = Static<typeof SourceRecord>;
export type ThemeRecord = Static<typeof ThemeRecord>;
export type OrganizationRecord = Static<typeof OrganizationRecord>;
export type MechanismRecord = Static<typeof MechanismRecord>;
export type ParticipationRecord = Static<typeof ParticipationRecord>;
export type SnapshotRecord = Static<typeof SnapshotRecord>;
/** The registry's files, validated (reference part `registry`). */
export interface RegistryData {
  sources: SourceRecord[];
  themes: ThemeRecord[];
  organizations: OrganizationRecord[];
  mechanisms: MechanismRecord[];
  participation: ParticipationRecord[];
  snapshots: SnapshotRecord[];
}

/** The reported figures and lists, validated (reference part `reported`; both files optional: absent means none). */
export interface ReportedData {
  reportedFigures: ReportedFigureRecord[];
  reportedLists: ReportedListRecord[];
}

export type { LoadProblem } from '../reference/part.js';

const FILES = {
  sources: SourceRecord,
  themes: ThemeRecord,
  organizations: OrganizationRecord,
  mechanisms: MechanismRecord,
  participation: ParticipationRecord,
  snapshots: SnapshotRecord,
} as const;

/** The records of one file that match its schema; every mismatch is a problem naming record and field. */
function typedRecords<T>(
  input: ReferenceInput,
  problems: LoadProblem[],
  file: string,
  schema: TSchema,
  raw: unknown,
): T[] {
  const value = raw ?? [];
  if (!Array.isArray(value)) {
    problems.push({ file, record: '-', field: '-', message: 'must be a JSON array' });
    return [];
  }
  return value.filter((rec: unknown, i) => {
    const found = schemaProblems(input, schema, file, recordId(rec, i), rec);
    problems.push(...found);
    return found.length === 0;
  }) as T[];
}

/** Helpers every registry check uses: a problem, unique ids, a partial date. */
function checks(problems: LoadProblem[]) {
  const p = (file: string, record: string, field: string, message: string) =>
    problems.push({ file, record, field, message });
  const unique = <T extends { id: string }>(file: string, rows: T[]): Set<string> => {
    const ids = new Set<string>();
    for (const r of rows) {
      if (ids.has(r.id)) p(file, r.id, 'id', 'duplicate id');
      ids.add(r.id);
    }
    return ids;
  };
  const checkDate = (file: string, rec: string, field: string, v: string | null) => {
    if (v !== null && !isPartialDate(v)) p(file, rec, field, `"${v}" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)`);
    return v !== null && isPartialDate(v);
  };
  return { p, unique, checkDate };
}

/**
 * Validate the registry's files against the schemas, the country list and themselves. Publishes the ids of
 * sources, themes, organizations, mechanisms and countries for the parts after it.
 */
function validateRegistry(input: ReferenceInput, countryCodes: ReadonlySet<string>): Validated<RegistryData> {
  const problems: LoadProblem[] = [];
  const typed = {} as Record<string, unknown[]>;
  for (const [name, schema] of Object.entries(FILES))
    typed[name] = typedRecords(input, problems, `${name}.json`, schema, input.files[name]);
  const ds = typed as unknown as RegistryData;
  const { p, unique, checkDate } = checks(problems);
  const sourceIds = unique('sources.json', ds.sources);
  const themeIds = unique('themes.json', ds.themes);
  const orgIds = unique('organizations.json', ds.organizations);
  const mechIds = unique('mechanisms.json', ds.mechanisms);
  unique('participation.json', ds.participation);
  unique('snapshots.json', ds.snapshots);

  const checkSources = (file: string, rec: string, field: string, ids: string[], required: boolean) => {
    if (required && ids.length === 0) p(file, rec, field, 'missing source: every fact needs at least one');
    ids.forEach((s, i) => {
      if (!sourceIds.has(s)) p(file, rec, `${field}.${i}`, `unknown source "${s}"`);
    });
  };
  const checkRange = (
    file: string,
    rec: string,
    field: string,
    r: { start: string | null; end: string | null; end_not_before: string | null },
  ) => {
    const okS = checkDate(file, rec, `${field}start`, r.start);
    const okE = checkDate(file, rec, `${field}end`, r.end);
    const okN = checkDate(file, rec, `${field}end_not_before`, r.end_not_before);
    if (okS && okE && compareDates(r.end!, r.start!) <= 0)
      p(file, rec, `${field}end`, `end ${r.end} is not after start ${r.start}`);
    if (okS && okN && compareDates(r.end_not_before!, r.start!) < 0)
      p(file, rec, `${field}end_not_before`, `end_not_before ${r.end_not_before} is before start ${r.start}`);
    if (okE && okN && compareDates(r.end!, r.end_not_before!) < 0)
      p(file, rec, `${field}end`, `end ${r.end} is before end_not_before ${r.end_not_before}`);
  };

  ds.sources.forEach((s) => {
    if (s.id !== sourceId(s.url)) p('sources.json', s.id, 'id', `id must be ${sourceId(s.url)} (derived from the url)`);
  });

  for (const m of ds.mechanisms) {
    const f = 'mechanisms.json';
    checkSources(f, m.id, 'sources', m.sources, true);
    if (m.common_name_source) checkSources(f, m.id, 'common_name_source', [m.common_name_source], false);
    (m.membership_basis ?? []).forEach((b, i) =>
      checkSources(f, m.id, `membership_basis.${i}.source`, [b.source], true),
    );
    for (const lang of OFFICIAL_NAME_LANGS) {
      const n = m.official_names?.[lang];
      if (n) checkSources(f, m.id, `official_names.${lang}.source`, [n.source], false);
    }
    m.themes.forEach((t, i) => {
      if (!themeIds.has(t.theme)) p(f, m.id, `themes.${i}.theme`, `unknown theme "${t.theme}"`);
    });
    m.supporting_organizations.forEach((o, i) => {
      if (!orgIds.has(o)) p(f, m.id, `supporting_organizations.${i}`, `unknown organization "${o}"`);
    });
    if (m.secretariat?.organization && !orgIds.has(m.secretariat.organization))
      p(f, m.id, 'secretariat.organization', `unknown organization "${m.secretariat.organization}"`);
    checkDate(f, m.id, 'last_evidence_of_activity', m.last_evidence_of_activity);
    for (const [key, list] of [
      ['levels', m.levels],
      ['statuses', m.statuses],
    ] as const) {
      list.forEach((per, i) => {
        checkRange(f, m.id, `${key}.${i}.`, per);
        checkSources(f, m.id, `${key}.${i}.sources`, per.sources, false);
        const next = list[i + 1];
        if (next && per.end !== next.start)
          p(
            f,
            m.id,
            `${key}.${i + 1}.start`,
            `history must be contiguous: starts ${next.start}, previous ends ${per.end}`,
          );
        if (!next && per.end !== null)
          p(f, m.id, `${key}.${i}.end`, 'the last period of a history must be open (end null)');
      });
    }
  }

  const byParty = new Map<string, ParticipationRecord[]>();
  for (const r of ds.participation) {
    const f = 'participation.json';
    if (!mechIds.has(r.mechanism)) p(f, r.id, 'mechanism', `unknown mechanism "${r.mechanism}"`);
    const set = [r.country, r.organization, r.party_label].filter((x) => x !== null).length;
    if (set !== 1) p(f, r.id, 'country', 'exactly one of country, organization, party_label must be set');
    if (r.country !== null && !countryCodes.has(r.country))
      p(f, r.id, 'country', `unknown country code "${r.country}"`);
    if (r.organization !== null && !orgIds.has(r.organization))
      p(f, r.id, 'organization', `unknown organization "${r.organization}"`);
    checkRange(f, r.id, '', r);
    checkDate(f, r.id, 'start_not_before', r.start_not_before);
    checkDate(f, r.id, 'first_attested', r.first_attested);
    if (
      r.start_not_before &&
      r.start &&
      isPartialDate(r.start_not_before) &&
      isPartialDate(r.start) &&
      compareDates(r.start, r.start_not_before) < 0
    ) {
      p(f, r.id, 'start_not_before', `start_not_before ${r.start_not_before} is after start ${r.start}`);
    }
    // A row no source names (attestation "none") is kept, shown as not attested, and cites nothing.
    checkSources(f, r.id, 'sources', r.sources, r.attestation !== 'none');
    if (r.attestation === 'none' && r.sources.length === 0 && r.verification !== 'unverified') {
      p(f, r.id, 'verification', 'a row that no source names must be "unverified"');
    }
    if ((r.attestation === 'bloc') !== (r.via_bloc != null))
      p(f, r.id, 'via_bloc', 'via_bloc is set exactly when attestation is "bloc"');
    const key = `${r.mechanism}|${r.country ?? r.organization ?? r.party_label}|${r.role}`;
    const list = byParty.get(key) ?? [];
    for (const other of list) {
      if (overlaps(other, r))
        p(
          f,
          r.id,
          'start',
          `overlaps ${other.id} (same mechanism, party and role): [${r.start ?? '…'}, ${r.end ?? '…'}) and [${other.start ?? '…'}, ${other.end ?? '…'})`,
        );
    }
    list.push(r);
    byParty.set(key, list);
  }

  for (const s of ds.snapshots) {
    const f = 'snapshots.json';
    if (!mechIds.has(s.mechanism)) p(f, s.id, 'mechanism', `unknown mechanism "${s.mechanism}"`);
    checkDate(f, s.id, 'as_of', s.as_of);
    if (!sourceIds.has(s.source)) p(f, s.id, 'source', `unknown source "${s.source}"`);
    s.parties.forEach((party, i) => {
      if (party.country !== null && !countryCodes.has(party.country))
        p(f, s.id, `parties.${i}.country`, `unknown country code "${party.country}"`);
      if (party.organization !== null && !orgIds.has(party.organization))
        p(f, s.id, `parties.${i}.organization`, `unknown organization "${party.organization}"`);
    });
  }

  return {
    data: problems.length ? null : ds,
    problems,
    ids: {
      source: sourceIds,
      theme: themeIds,
      organization: orgIds,
      mechanism: mechIds,
      country: countryCodes,
    },
  };
}

/** Reported figures and lists: checked against the sources, mechanisms and meetings the parts before published. */
function validateReported(input: ReferenceInput): Validated<ReportedData> {
  const problems: LoadProblem[] = [];
  const ds: ReportedData = {
    reportedFigures: typedRecords(input, problems, 'reported-figures.json', ReportedFigureRecord, input.files.figures),
    reportedLists: typedRecords(input, problems, 'reported-lists.json', ReportedListRecord, input.files.lists),
  };
  const { p, unique, checkDate } = checks(problems);
  const sourceIds = input.ids('source');
  const mechIds = input.ids('mechanism');
  const meetingIds = input.ids('meeting');
  const figureIds = unique('reported-figures.json', ds.reportedFigures);
  for (const r of ds.reportedFigures) {
    const f = 'reported-figures.json';
    checkDate(f, r.id, 'date', r.date);
    if (!sourceIds.has(r.source)) p(f, r.id, 'source', `unknown source "${r.source}"`);
    if (r.scope !== null && !meetingIds.has(r.scope)) p(f, r.id, 'scope', `unknown meeting "${r.scope}"`);
    if ((r.counts === 'mechanisms-represented') !== (r.scope !== null))
      p(f, r.id, 'scope', 'a count of mechanisms represented names its meeting; no other figure does');
  }
  unique('reported-lists.json', ds.reportedLists);
  for (const l of ds.reportedLists) {
    const f = 'reported-lists.json';
    checkDate(f, l.id, 'date', l.date);
    if (!figureIds.has(l.figure)) p(f, l.id, 'figure', `unknown reported figure "${l.figure}"`);
    const seen = new Set<string>();
    l.entries.forEach((e, i) => {
      if (!mechIds.has(e.mechanism)) p(f, l.id, `entries.${i}.mechanism`, `unknown mechanism "${e.mechanism}"`);
      if (seen.has(e.mechanism)) p(f, l.id, `entries.${i}.mechanism`, `"${e.mechanism}" is listed twice`);
      seen.add(e.mechanism);
      e.evidence.forEach((ev, j) => {
        if (!sourceIds.has(ev.source)) p(f, l.id, `entries.${i}.evidence.${j}.source`, `unknown source "${ev.source}"`);
      });
    });
  }

  return { data: problems.length ? null : ds, problems };
}

/** The registry's part of the reference dataset: sources, themes, organizations, mechanisms, participation, snapshots. */
export const registryReference: ReferencePart<RegistryData, LoadSummary, 'registry'> = {
  name: 'registry',
  files: Object.keys(FILES).map((key) => ({ key, file: `${key}.json` })),
  validate: (input) => validateRegistry(input, new Set(allCountries().map((c) => c.code))),
  apply: (trx, data, now) => applyReference(trx, data, allCountries(), now),
  present: async (db) => (await countMechanisms(db)) > 0,
};

/** The reported figures and lists (after the meetings: a figure of mechanisms represented names its meeting). */
export const reportedReference: ReferencePart<ReportedData, { changed: boolean }, 'reported'> = {
  name: 'reported',
  files: [
    { key: 'figures', file: 'reported-figures.json', optional: true },
    { key: 'lists', file: 'reported-lists.json', optional: true },
  ],
  validate: validateReported,
  apply: async (trx, data) => ({ changed: await applyReported(trx, data) }),
};

export function sourceId(url: string): string {
  return `src-${createHash('sha1').update(url).digest('hex').slice(0, 10)}`;
}
