/**
 * documents.json in the reference dataset (format: data/reference/FORMAT.md): its schema, the checks against
 * the rest of the dataset, and the write. Self-contained: `documentsReference`, the documents' reference part
 * (src/reference/part.ts), gives validate() the file the loader read and the ids it may cite and, when nothing is
 * wrong anywhere, calls apply() in the loader's transaction.
 */
import type { Transaction } from 'kysely';
import Type, { type Static } from 'typebox';
import type { DB } from '../db/schema.js';
import type { LoadProblem, ReferenceInput, ReferencePart, SchemaError } from '../reference/part.js';
import { isPartialDate, precisionOf } from '../registry/model.js';
import { CONFIDENCES, DATE_PRECISIONS, DOCUMENT_KINDS, MEETING_MATCHES } from './model.js';
import { applyDocuments, type DocumentsLoadSummary } from './store.js';

export const FILE = 'documents.json';

const NS = Type.Union([Type.Null(), Type.String()]);
const strict = { additionalProperties: false } as const;

export const DocumentRecord = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 140 }),
    title: Type.String({ minLength: 1 }),
    titles: Type.Object(
      { fr: Type.Optional(Type.String({ minLength: 1 })), es: Type.Optional(Type.String({ minLength: 1 })) },
      strict,
    ),
    kind: Type.Enum(DOCUMENT_KINDS),
    date: NS,
    date_precision: Type.Union([Type.Null(), Type.Enum(DATE_PRECISIONS)]),
    mechanisms: Type.Array(Type.String()),
    meeting: Type.Object(
      {
        id: NS,
        match: Type.Union([Type.Null(), Type.Enum(MEETING_MATCHES)]),
        text: NS,
        place: NS,
        candidates: Type.Array(Type.String()),
        compilation_note: Type.String(),
      },
      strict,
    ),
    adopted_by: NS,
    languages: Type.Array(Type.String({ pattern: '^[a-z]{2}$' })),
    url: Type.Union([Type.Null(), Type.String({ pattern: '^https?://' })]),
    sources: Type.Array(Type.String(), { minItems: 1 }),
    summary_facts: Type.Array(Type.String({ minLength: 1 })),
    structure_hint: NS,
    confidence: Type.Enum(CONFIDENCES),
    compilation_note: NS,
  },
  strict,
);
export type DocumentRecord = Static<typeof DocumentRecord>;

/** What validate() needs of the dataset: documents.json as parsed (undefined: the file is absent) and the ids it may cite. */
export interface DocumentFiles {
  documents: unknown;
  sources: ReadonlySet<string>;
  mechanisms: ReadonlySet<string>;
  meetings: ReadonlySet<string>;
  /** TypeBox's Value.Errors (the loader's ReferenceInput.errors). */
  errors: (schema: typeof DocumentRecord, value: unknown) => Iterable<SchemaError>;
}

/** Every problem of documents.json, each naming the record and the field; the records only when there is none. */
export function validate(files: DocumentFiles): { data: DocumentRecord[]; problems: LoadProblem[] } {
  const problems: LoadProblem[] = [];
  const p = (record: string, field: string, message: string) => problems.push({ file: FILE, record, field, message });
  const raw = files.documents ?? [];
  if (!Array.isArray(raw)) {
    p('-', '-', 'must be a JSON array');
    return { data: [], problems };
  }
  const { sources, mechanisms, meetings } = files;
  const ids = new Set<string>();
  const data: DocumentRecord[] = [];
  raw.forEach((rec: unknown, i) => {
    const id =
      typeof rec === 'object' && rec !== null && typeof (rec as { id?: unknown }).id === 'string'
        ? (rec as { id: string }).id
        : `#${i}`;
    const seen = new Set<string>();
    let bad = false;
    for (const e of files.errors(DocumentRecord, rec)) {
      if (e.keyword === 'anyOf' || e.keyword === 'boolean') continue;
      bad = true;
      const field = e.instancePath.replace(/^\//, '').replaceAll('/', '.') || '-';
      if (seen.has(field)) continue;
      seen.add(field);
      const extra =
        e.keyword === 'additionalProperties'
          ? `: ${JSON.stringify((e.params as { additionalProperties?: unknown }).additionalProperties)}`
          : '';
      p(id, field, e.message + extra);
    }
    if (bad) return;
    const d = rec as DocumentRecord;
    if (ids.has(d.id)) p(d.id, 'id', 'duplicate id');
    ids.add(d.id);
    if (d.date !== null && !isPartialDate(d.date))
      p(d.id, 'date', `"${d.date}" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)`);
    else if (d.date !== null && d.date_precision !== precisionOf(d.date))
      p(d.id, 'date_precision', `"${String(d.date_precision)}" does not match the date ${d.date}`);
    else if (d.date === null && d.date_precision !== null)
      p(d.id, 'date_precision', 'an undated document has no precision');
    const mech = new Set<string>();
    d.mechanisms.forEach((m, j) => {
      if (!mechanisms.has(m)) p(d.id, `mechanisms.${j}`, `unknown mechanism "${m}"`);
      if (mech.has(m)) p(d.id, `mechanisms.${j}`, `"${m}" is listed twice`);
      mech.add(m);
    });
    if (new Set(d.languages).size !== d.languages.length) p(d.id, 'languages', 'a language is listed twice');
    d.sources.forEach((s, j) => {
      if (!sources.has(s)) p(d.id, `sources.${j}`, `unknown source "${s}"`);
    });
    if (new Set(d.sources).size !== d.sources.length) p(d.id, 'sources', 'a source is listed twice');
    if (d.meeting.id !== null && !meetings.has(d.meeting.id))
      p(d.id, 'meeting.id', `unknown meeting "${d.meeting.id}"`);
    if ((d.meeting.id === null) !== (d.meeting.match === null))
      p(d.id, 'meeting.match', 'a linked meeting says how it was matched, and only a linked one');
    d.meeting.candidates.forEach((c, j) => {
      if (!meetings.has(c)) p(d.id, `meeting.candidates.${j}`, `unknown meeting "${c}"`);
    });
    data.push(d);
  });
  return { data: problems.length ? [] : data, problems };
}

/** Write the validated documents in the loader's transaction; loading the same file twice changes nothing. */
export function apply(
  trx: Transaction<DB>,
  documents: readonly DocumentRecord[],
  now: string,
): Promise<DocumentsLoadSummary> {
  return applyDocuments(trx, documents, now);
}

/** The documents' part of the reference dataset (documents.json is optional: absent means none). */
export const documentsReference: ReferencePart<DocumentRecord[], DocumentsLoadSummary, 'documents'> = {
  name: 'documents',
  files: [{ key: 'documents', file: FILE, optional: true }],
  validate: (input: ReferenceInput) => {
    const r = validate({
      documents: input.files.documents,
      sources: input.ids('source'),
      mechanisms: input.ids('mechanism'),
      meetings: input.ids('meeting'),
      errors: input.errors,
    });
    return {
      data: r.problems.length ? null : r.data,
      problems: r.problems,
      ids: { document: r.data.map((d) => d.id) },
    };
  },
  apply,
};
