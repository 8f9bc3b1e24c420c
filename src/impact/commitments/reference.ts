/**
 * commitments.json in the reference dataset (format: data/reference/FORMAT.md, research copy
 * data/research/impact/commitments.json): frameworks (a tree of weighted nodes, each with the URL it was read
 * from and the date), commitments (document, paragraph, framework position, mechanisms, countries, themes, source)
 * and follow-up updates a source states (each with its source; none is ever invented). Checked against the ids the
 * parts before it publish (documents, mechanisms, themes, countries).
 */
import type { Transaction } from 'kysely';
import Type, { type Static } from 'typebox';
import type { DB } from '../../db/schema.js';
import {
  recordId,
  schemaProblems,
  type LoadProblem,
  type ReferenceInput,
  type ReferencePart,
} from '../../reference/part.js';
import { LEVELS, STATUSES } from './model.js';
import { applyCommitments, type CommitmentsLoadSummary } from './store.js';

export const FILE = 'commitments.json';
const strict = { additionalProperties: false } as const;
const Slug = Type.String({ pattern: '^[a-z0-9]+(-+[a-z0-9]+)*$', maxLength: 140 });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Url = Type.String({ pattern: '^https?://', maxLength: 2000 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([Type.Null(), t]);

export const NodeRecord = Type.Object(
  {
    id: Slug,
    parent: Nullable(Slug),
    level: Type.Enum(LEVELS),
    code: Type.String({ minLength: 1, maxLength: 20 }),
    title: Type.String({ minLength: 1 }),
    weight: Type.Number({ minimum: 0, maximum: 1000 }),
    source_url: Url,
    read_on: Day,
  },
  strict,
);
export const FrameworkRecord = Type.Object(
  {
    id: Slug,
    title: Type.String({ minLength: 1 }),
    document: Nullable(Type.String({ minLength: 1 })),
    levels: Type.Array(Type.Enum(LEVELS), { minItems: 1 }),
    public_note: Nullable(Type.String()),
    compilation_note: Nullable(Type.String()),
    nodes: Type.Array(NodeRecord),
  },
  strict,
);
export const CommitmentRecord = Type.Object(
  {
    id: Slug,
    document: Type.String({ minLength: 1 }),
    paragraph: Nullable(Type.String({ minLength: 1, maxLength: 40 })),
    framework: Nullable(Slug),
    node: Nullable(Slug),
    text: Type.String({ minLength: 1 }),
    weight: Type.Number({ minimum: 0, maximum: 1000 }),
    mechanisms: Type.Array(Slug, { minItems: 1 }),
    countries: Type.Array(Type.String({ pattern: '^[A-Z]{3}$' })),
    themes: Type.Array(Slug),
    source_url: Url,
    read_on: Day,
  },
  strict,
);
export const UpdateRecord = Type.Object(
  {
    id: Slug,
    commitment: Slug,
    country: Nullable(Type.String({ pattern: '^[A-Z]{3}$' })),
    status: Type.Enum(STATUSES),
    progress: Nullable(Type.Integer({ minimum: 0, maximum: 100 })),
    date: Day,
    evidence_url: Url,
    note: Nullable(Type.String()),
    read_on: Day,
  },
  strict,
);
export const CommitmentsFile = Type.Object(
  {
    frameworks: Type.Array(Type.Unknown()),
    commitments: Type.Array(Type.Unknown()),
    updates: Type.Array(Type.Unknown()),
  },
  strict,
);
export type FrameworkRecord = Static<typeof FrameworkRecord>;
export type CommitmentRecord = Static<typeof CommitmentRecord>;
export type UpdateRecord = Static<typeof UpdateRecord>;
export interface CommitmentsData {
  frameworks: FrameworkRecord[];
  commitments: CommitmentRecord[];
  updates: UpdateRecord[];
}

export interface CommitmentsFiles {
  file: unknown;
  documents: ReadonlySet<string>;
  mechanisms: ReadonlySet<string>;
  themes: ReadonlySet<string>;
  countries: ReadonlySet<string>;
  errors: ReferenceInput['errors'];
}

/** Every problem of commitments.json, each naming the record and the field; the data only when there is none. */
export function validate(files: CommitmentsFiles): { data: CommitmentsData | null; problems: LoadProblem[] } {
  const problems: LoadProblem[] = [];
  const p = (record: string, field: string, message: string) => problems.push({ file: FILE, record, field, message });
  const empty: CommitmentsData = { frameworks: [], commitments: [], updates: [] };
  if (files.file === undefined) return { data: empty, problems };
  const top = schemaProblems(files, CommitmentsFile, FILE, '-', files.file);
  if (top.length) return { data: null, problems: top };
  const raw = files.file as { frameworks: unknown[]; commitments: unknown[]; updates: unknown[] };
  const data: CommitmentsData = { frameworks: [], commitments: [], updates: [] };
  const nodesOf = new Map<string, Map<string, { level: string }>>();
  raw.frameworks.forEach((rec, i) => {
    const found = schemaProblems(files, FrameworkRecord, FILE, recordId(rec, i), rec);
    problems.push(...found);
    if (found.length) return;
    const f = rec as FrameworkRecord;
    if (nodesOf.has(f.id)) p(f.id, 'id', 'duplicate framework id');
    if (f.document !== null && !files.documents.has(f.document))
      p(f.id, 'document', `unknown document "${f.document}"`);
    const nodes = new Map<string, { level: string; parent: string | null }>();
    f.nodes.forEach((n, j) => {
      if (nodes.has(n.id)) p(f.id, `nodes.${j}.id`, `duplicate node id "${n.id}"`);
      nodes.set(n.id, n);
      if (!f.levels.includes(n.level)) p(f.id, `nodes.${j}.level`, `"${n.level}" is not a level of this framework`);
    });
    f.nodes.forEach((n, j) => {
      if (n.parent === null) {
        if (n.level !== f.levels[0]) p(f.id, `nodes.${j}.level`, `a top node is a ${f.levels[0]}`);
        return;
      }
      const parent = nodes.get(n.parent);
      if (!parent) return p(f.id, `nodes.${j}.parent`, `unknown node "${n.parent}"`);
      if (f.levels.indexOf(n.level) !== f.levels.indexOf(parent.level as (typeof LEVELS)[number]) + 1)
        p(f.id, `nodes.${j}.level`, `a ${n.level} does not sit under a ${parent.level}`);
    });
    nodesOf.set(f.id, nodes);
    data.frameworks.push(f);
  });
  const ids = new Set<string>();
  raw.commitments.forEach((rec, i) => {
    const found = schemaProblems(files, CommitmentRecord, FILE, recordId(rec, i), rec);
    problems.push(...found);
    if (found.length) return;
    const c = rec as CommitmentRecord;
    if (ids.has(c.id)) p(c.id, 'id', 'duplicate commitment id');
    ids.add(c.id);
    if (!files.documents.has(c.document)) p(c.id, 'document', `unknown document "${c.document}"`);
    if (c.framework === null) {
      if (c.node !== null) p(c.id, 'node', 'a node is a position in a framework: name the framework');
    } else if (!nodesOf.has(c.framework)) p(c.id, 'framework', `unknown framework "${c.framework}"`);
    else if (c.node !== null && !nodesOf.get(c.framework)!.has(c.node))
      p(c.id, 'node', `framework ${c.framework} has no node "${c.node}"`);
    const list = (field: string, xs: string[], known: ReadonlySet<string>, what: string) => {
      xs.forEach((x, j) => {
        if (!known.has(x)) p(c.id, `${field}.${j}`, `unknown ${what} "${x}"`);
      });
      if (new Set(xs).size !== xs.length) p(c.id, field, 'listed twice');
    };
    list('mechanisms', c.mechanisms, files.mechanisms, 'mechanism');
    list('countries', c.countries, files.countries, 'country code');
    list('themes', c.themes, files.themes, 'theme');
    data.commitments.push(c);
  });
  const updateIds = new Set<string>();
  raw.updates.forEach((rec, i) => {
    const found = schemaProblems(files, UpdateRecord, FILE, recordId(rec, i), rec);
    problems.push(...found);
    if (found.length) return;
    const u = rec as UpdateRecord;
    if (updateIds.has(u.id)) p(u.id, 'id', 'duplicate update id');
    updateIds.add(u.id);
    if (!ids.has(u.commitment)) p(u.id, 'commitment', `unknown commitment "${u.commitment}"`);
    if (u.country !== null && !files.countries.has(u.country))
      p(u.id, 'country', `unknown country code "${u.country}"`);
    if (u.date > u.read_on) p(u.id, 'date', `an update dated ${u.date} was not read on ${u.read_on}`);
    data.updates.push(u);
  });
  return { data: problems.length ? null : data, problems };
}

/** The commitments' part of the reference dataset: commitments.json (optional: absent means none). */
export const commitmentsReference: ReferencePart<CommitmentsData, CommitmentsLoadSummary, 'commitments'> = {
  name: 'commitments',
  files: [{ key: 'commitments', file: FILE, optional: true }],
  validate: (input: ReferenceInput) => {
    const r = validate({
      file: input.files.commitments,
      documents: input.ids('document'),
      mechanisms: input.ids('mechanism'),
      themes: input.ids('theme'),
      countries: input.ids('country'),
      errors: input.errors,
    });
    return {
      data: r.data,
      problems: r.problems,
      ids: { commitment: r.data?.commitments.map((c) => c.id) ?? [] },
    };
  },
  apply: (trx: Transaction<DB>, data: CommitmentsData, now: string) => applyCommitments(trx, data, now),
};
