/**
 * achievements.json and structures.json in the reference dataset (format: data/reference/FORMAT.md): its schema, the checks against
 * the rest of the dataset, and the write. Self-contained like src/documents/reference.ts: the loader calls
 * validate() with the files it read and, when nothing is wrong anywhere, apply() in its transaction.
 */
import type { Transaction } from 'kysely';
import Type, { type Static, type TSchema } from 'typebox';
import type { DB } from '../db/schema.js';
import { recordId, schemaProblems, type ReferenceInput, type ReferencePart } from '../reference/part.js';
import { ACHIEVEMENT_LEVELS, ACHIEVEMENT_TYPES, CONFIDENCES, LENSES, PARTNERSHIP_KINDS } from './model.js';
import { applyAchievements, applyPartnerships, applyStructures, type AchievementsLoadSummary } from './store.js';

export const FILE = 'achievements.json';
export const STRUCTURES_FILE = 'structures.json';
export const PARTNERSHIPS_FILE = 'partnerships.json';
/** The files this feature reads (all optional: absent means none), by the name the loader gives them. */
export const FILES = { achievements: FILE, structures: STRUCTURES_FILE, partnerships: PARTNERSHIPS_FILE } as const;

const strict = { additionalProperties: false } as const;

export const AchievementRecord = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9]+(-+[a-z0-9]+)*$', maxLength: 140 }),
    mechanism: Type.String({ minLength: 1 }),
    title: Type.String({ minLength: 1 }),
    type: Type.Enum(ACHIEVEMENT_TYPES),
    level: Type.Enum(ACHIEVEMENT_LEVELS),
    year: Type.Union([Type.Null(), Type.String({ pattern: '^\\d{4}$' })]),
    countries: Type.Array(Type.String({ pattern: '^[A-Z]{3}$' })),
    lens: Type.Enum(LENSES),
    evidence: Type.String({ minLength: 1 }),
    sources: Type.Array(Type.String(), { minItems: 1 }),
    confidence: Type.Enum(CONFIDENCES),
    compilation_note: Type.Union([Type.Null(), Type.String()]),
  },
  strict,
);
export type AchievementRecord = Static<typeof AchievementRecord>;

const Sources = Type.Array(Type.String());
const field = <T extends TSchema>(value: T) =>
  Type.Union([
    Type.Null(),
    Type.Object(
      {
        value,
        sources: Sources,
        note: Type.Union([Type.Null(), Type.String()]),
        basis: Type.Union([Type.Null(), Type.String()]),
      },
      strict,
    ),
  ]);
const Text = Type.String({ minLength: 1 });

export const STRUCTURE_FIELDS = [
  'secretariat_model',
  'secretariat',
  'funding',
  'chair_rotation',
  'written_rules',
  'strategies_workplans',
  'meeting_cadence',
  'working_groups',
] as const;
export type StructureField = (typeof STRUCTURE_FIELDS)[number];

export const StructureRecord = Type.Object(
  {
    id: Type.String({ minLength: 1 }),
    mechanism: Type.String({ minLength: 1 }),
    secretariat_model: field(
      Type.String({ pattern: '^(IOM-hosted|ICMPD|regional organization|rotating|own|other \\(.+\\))$' }),
    ),
    secretariat: field(Text),
    funding: field(Text),
    chair_rotation: field(Text),
    written_rules: field(
      Type.Array(Type.Object({ title: Text, year: Type.Union([Type.Null(), Type.String()]) }, strict), { minItems: 1 }),
    ),
    strategies_workplans: field(
      Type.Array(Type.Object({ title: Text, years: Type.Union([Type.Null(), Type.String()]) }, strict), {
        minItems: 1,
      }),
    ),
    meeting_cadence: field(Text),
    working_groups: field(Type.Array(Text, { minItems: 1 })),
    compilation_note: Type.Union([Type.Null(), Type.String()]),
  },
  strict,
);
export type StructureRecord = Static<typeof StructureRecord>;

const Slug = Type.String({ pattern: '^[a-z0-9]+(-+[a-z0-9]+)*$', maxLength: 80 });
const Year = Type.Union([Type.Null(), Type.Integer({ minimum: 1900, maximum: 2100 })]);

export const PartnershipRecord = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9]+(-+[a-z0-9]+)*$', maxLength: 200 }),
    kind: Type.Enum(PARTNERSHIP_KINDS),
    role: Type.String({ minLength: 1 }),
    years: Type.Union([Type.Null(), Type.String({ minLength: 1, maxLength: 40 })]),
    first_year: Year,
    last_year: Year,
    ongoing: Type.Union([Type.Null(), Type.Boolean()]),
    mechanism: Type.Union([Type.Null(), Slug]),
    organizations: Type.Array(Slug),
    organization_wording: Type.Union([Type.Null(), Type.String({ minLength: 1 })]),
    mechanism_a: Type.Union([Type.Null(), Slug]),
    mechanism_b: Type.Union([Type.Null(), Slug]),
    other_parties: Type.Array(Slug),
    sources: Type.Array(Type.String(), { minItems: 1 }),
    compilation_note: Type.Union([Type.Null(), Type.String()]),
  },
  strict,
);
export type PartnershipRecord = Static<typeof PartnershipRecord>;

/** What this feature loads. */
export interface ImpactData {
  achievements: AchievementRecord[];
  structures: StructureRecord[];
  partnerships: PartnershipRecord[];
}

export interface Problem {
  file: string;
  record: string;
  field: string;
  message: string;
}

/** What validate() needs of the dataset: the feature's files as parsed (undefined: absent) and the ids they may cite. */
export interface ImpactFiles {
  achievements: unknown;
  structures?: unknown;
  partnerships?: unknown;
  sources: ReadonlySet<string>;
  mechanisms: ReadonlySet<string>;
  /** The organization ids of organizations.json (empty: checks of partnerships name each unknown one). */
  organizations?: ReadonlySet<string>;
  /** The country codes the registry knows (ISO 3166-1 alpha-3 and XKX). */
  countries: ReadonlySet<string>;
  /** TypeBox's errors of a value against a schema, as the loader gives them. */
  errors: ReferenceInput['errors'];
}

/** Every problem of the feature's files, each naming the file, the record and the field; the data only when there is none. */
export function validate(files: ImpactFiles): { data: ImpactData; problems: Problem[] } {
  const a = validateAchievements(files);
  const s = validateStructures(files);
  const ps = validatePartnerships(files);
  const problems = [...a.problems, ...s.problems, ...ps.problems];
  return {
    data: problems.length
      ? { achievements: [], structures: [], partnerships: [] }
      : { achievements: a.data, structures: s.data, partnerships: ps.data },
    problems,
  };
}

/** "YYYY", "YYYY-" or "YYYY-YYYY": the years a wording states; anything else states none. */
export function yearsOf(w: string | null): { first: number | null; last: number | null; ongoing: boolean | null } {
  const m = w === null ? null : /^(\d{4})(?:(-)(\d{4})?)?$/.exec(w);
  if (!m) return { first: null, last: null, ongoing: null };
  const first = Number(m[1]);
  if (m[2] === undefined) return { first, last: first, ongoing: false };
  return m[3] === undefined ? { first, last: null, ongoing: true } : { first, last: Number(m[3]), ongoing: false };
}

function validatePartnerships(files: ImpactFiles): { data: PartnershipRecord[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const p = (record: string, field: string, message: string) =>
    problems.push({ file: PARTNERSHIPS_FILE, record, field, message });
  const raw = files.partnerships ?? [];
  if (!Array.isArray(raw)) {
    p('-', '-', 'must be a JSON array');
    return { data: [], problems };
  }
  const { sources, mechanisms } = files;
  const orgs = files.organizations ?? new Set<string>();
  const ids = new Set<string>();
  const data: PartnershipRecord[] = [];
  raw.forEach((rec: unknown, i) => {
    const found = schemaProblems(files, PartnershipRecord, PARTNERSHIPS_FILE, recordId(rec, i), rec);
    problems.push(...found);
    if (found.length) return;
    const r = rec as PartnershipRecord;
    if (ids.has(r.id)) p(r.id, 'id', 'duplicate id');
    ids.add(r.id);
    const mech = (field: string, v: string | null) => {
      if (v === null) p(r.id, field, `a ${r.kind} link names its ${field}`);
      else if (!mechanisms.has(v)) p(r.id, field, `unknown mechanism "${v}"`);
    };
    const none = (field: string, v: unknown) => {
      if (v !== null && !(Array.isArray(v) && v.length === 0)) p(r.id, field, `a ${r.kind} link has no ${field}`);
    };
    if (r.kind === 'organization-mechanism') {
      mech('mechanism', r.mechanism);
      if (r.organization_wording === null) p(r.id, 'organization_wording', 'an organization link keeps its wording');
      none('mechanism_a', r.mechanism_a);
      none('mechanism_b', r.mechanism_b);
      none('other_parties', r.other_parties);
    } else {
      mech('mechanism_a', r.mechanism_a);
      mech('mechanism_b', r.mechanism_b);
      if (r.mechanism_a !== null && r.mechanism_a === r.mechanism_b)
        p(r.id, 'mechanism_b', 'a mechanism is not linked to itself');
      none('mechanism', r.mechanism);
      none('organizations', r.organizations);
      none('organization_wording', r.organization_wording);
    }
    r.organizations.forEach((o, j) => {
      if (!orgs.has(o)) p(r.id, `organizations.${j}`, `unknown organization "${o}"`);
    });
    if (new Set(r.organizations).size !== r.organizations.length) p(r.id, 'organizations', 'listed twice');
    r.other_parties.forEach((m, j) => {
      if (!mechanisms.has(m)) p(r.id, `other_parties.${j}`, `unknown mechanism "${m}"`);
      if (m === r.mechanism_a || m === r.mechanism_b) p(r.id, `other_parties.${j}`, `"${m}" is an end of the link`);
    });
    if (new Set(r.other_parties).size !== r.other_parties.length) p(r.id, 'other_parties', 'listed twice');
    r.sources.forEach((x, j) => {
      if (!sources.has(x)) p(r.id, `sources.${j}`, `unknown source "${x}"`);
    });
    if (new Set(r.sources).size !== r.sources.length) p(r.id, 'sources', 'a source is listed twice');
    // first_year, last_year and ongoing say only what the wording states: nothing more, nothing less
    const y = yearsOf(r.years);
    if (r.first_year !== y.first) p(r.id, 'first_year', `"${String(r.years)}" states ${String(y.first)}`);
    if (r.last_year !== y.last) p(r.id, 'last_year', `"${String(r.years)}" states ${String(y.last)}`);
    if (r.ongoing !== y.ongoing) p(r.id, 'ongoing', `"${String(r.years)}" states ${String(y.ongoing)}`);
    if (y.first !== null && y.last !== null && y.last < y.first) p(r.id, 'years', 'the last year is before the first');
    data.push(r);
  });
  return { data: problems.length ? [] : data, problems };
}

function validateStructures(files: ImpactFiles): { data: StructureRecord[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const p = (record: string, field: string, message: string) =>
    problems.push({ file: STRUCTURES_FILE, record, field, message });
  const raw = files.structures ?? [];
  if (!Array.isArray(raw)) {
    p('-', '-', 'must be a JSON array');
    return { data: [], problems };
  }
  const sources = files.sources;
  const mechanisms = files.mechanisms;
  const ids = new Set<string>();
  const data: StructureRecord[] = [];
  raw.forEach((rec: unknown, i) => {
    const found = schemaProblems(files, StructureRecord, STRUCTURES_FILE, recordId(rec, i), rec);
    problems.push(...found);
    if (found.length) return;
    const r = rec as StructureRecord;
    if (r.id !== r.mechanism) p(r.id, 'id', `the id of a structure is its mechanism ("${r.mechanism}")`);
    if (ids.has(r.id)) p(r.id, 'id', 'duplicate id');
    ids.add(r.id);
    if (!mechanisms.has(r.mechanism)) p(r.id, 'mechanism', `unknown mechanism "${r.mechanism}"`);
    for (const f of STRUCTURE_FIELDS) {
      const v = r[f];
      if (v === null) continue;
      if (v.sources.length === 0 && v.basis === null)
        p(r.id, `${f}.sources`, 'a known value cites a source or says its basis (else it is unknown: null)');
      v.sources.forEach((x, j) => {
        if (!sources.has(x)) p(r.id, `${f}.sources.${j}`, `unknown source "${x}"`);
      });
    }
    data.push(r);
  });
  return { data: problems.length ? [] : data, problems };
}

function validateAchievements(files: ImpactFiles): { data: AchievementRecord[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const p = (record: string, field: string, message: string) => problems.push({ file: FILE, record, field, message });
  const raw = files.achievements ?? [];
  if (!Array.isArray(raw)) {
    p('-', '-', 'must be a JSON array');
    return { data: [], problems };
  }
  const sources = files.sources;
  const mechanisms = files.mechanisms;
  const ids = new Set<string>();
  const data: AchievementRecord[] = [];
  raw.forEach((rec: unknown, i) => {
    const found = schemaProblems(files, AchievementRecord, FILE, recordId(rec, i), rec);
    problems.push(...found);
    if (found.length) return;
    const a = rec as AchievementRecord;
    if (ids.has(a.id)) p(a.id, 'id', 'duplicate id');
    ids.add(a.id);
    if (!mechanisms.has(a.mechanism)) p(a.id, 'mechanism', `unknown mechanism "${a.mechanism}"`);
    const year = a.year === null ? null : Number(a.year);
    if (year !== null && (year < 1900 || year > 2100)) p(a.id, 'year', `${a.year} is not a year from 1900 to 2100`);
    const seenCountries = new Set<string>();
    a.countries.forEach((c, j) => {
      if (!files.countries.has(c)) p(a.id, `countries.${j}`, `unknown country code "${c}"`);
      if (seenCountries.has(c)) p(a.id, `countries.${j}`, `"${c}" is listed twice`);
      seenCountries.add(c);
    });
    a.sources.forEach((s, j) => {
      if (!sources.has(s)) p(a.id, `sources.${j}`, `unknown source "${s}"`);
    });
    if (new Set(a.sources).size !== a.sources.length) p(a.id, 'sources', 'a source is listed twice');
    data.push(a);
  });
  return { data: problems.length ? [] : data, problems };
}

/** Write the validated data in the loader's transaction; loading the same files twice changes nothing. */
export async function apply(
  trx: Transaction<DB>,
  files: ImpactData,
  now: string,
): Promise<{
  changed: boolean;
  achievements: AchievementsLoadSummary;
  structures: AchievementsLoadSummary;
  partnerships: AchievementsLoadSummary;
}> {
  const achievements = await applyAchievements(trx, files.achievements, now);
  const structures = await applyStructures(trx, files.structures, now);
  const partnerships = await applyPartnerships(trx, files.partnerships, now);
  return {
    changed: achievements.changed || structures.changed || partnerships.changed,
    achievements,
    structures,
    partnerships,
  };
}

type ImpactSummary = Awaited<ReturnType<typeof apply>>;

/** The impact feature's part of the reference dataset: achievements.json, structures.json and partnerships.json, all optional. */
export const impactReference: ReferencePart<ImpactData, ImpactSummary, 'impact'> = {
  name: 'impact',
  files: [
    { key: 'achievements', file: FILE, optional: true },
    { key: 'structures', file: STRUCTURES_FILE, optional: true },
    { key: 'partnerships', file: PARTNERSHIPS_FILE, optional: true },
  ],
  validate: (input: ReferenceInput) => {
    const r = validate({
      achievements: input.files.achievements,
      structures: input.files.structures,
      partnerships: input.files.partnerships,
      sources: input.ids('source'),
      mechanisms: input.ids('mechanism'),
      organizations: input.ids('organization'),
      countries: input.ids('country'),
      errors: input.errors,
    });
    return {
      data: r.problems.length ? null : r.data,
      problems: r.problems,
      ids: { achievement: r.data.achievements.map((a) => a.id) },
    };
  },
  apply,
};
