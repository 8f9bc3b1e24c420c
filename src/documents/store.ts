/** The documents' queries: the only place with documents SQL. Same code on SQLite and PostgreSQL. */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type {
  DB,
  DocumentLanguageTable,
  DocumentMechanismTable,
  DocumentSourceTable,
  DocumentTable,
} from '../db/schema.js';
import { yearOf } from './model.js';
import type { DocumentRecord } from './reference.js';
import { groupBy } from '../db/group.js';

export interface DocumentsLoadSummary {
  changed: boolean;
  inserted: number;
  updated: number;
  removed: number;
  unchanged: number;
  /** Records of the file an editor has created or changed since (origin 'edited'): left as the editor wrote them. */
  kept?: number;
}

const CHILDREN = ['document_mechanism', 'document_language', 'document_source'] as const;

type Children = [DocumentMechanismTable[], DocumentLanguageTable[], DocumentSourceTable[]];

/** A record's row as the reference data gives it: never its visibility, which editors set (PATCH …/visibility). */
type ReferenceRow = Omit<Selectable<DocumentTable>, 'visibility'>;
export type DocumentRow = Selectable<DocumentTable>;

function rowsOf(d: DocumentRecord, version: number, now: string): { row: ReferenceRow; children: Children } {
  return {
    row: {
      id: d.id,
      title: d.title,
      titles: JSON.stringify(d.titles),
      kind: d.kind,
      date: d.date,
      date_precision: d.date_precision,
      year: yearOf(d.date),
      meeting_id: d.meeting.id,
      meeting_match: d.meeting.match,
      meeting_text: d.meeting.text,
      meeting_place: d.meeting.place,
      meeting_candidates: JSON.stringify(d.meeting.candidates),
      meeting_compilation_note: d.meeting.compilation_note,
      adopted_by: d.adopted_by,
      url: d.url,
      summary_facts: JSON.stringify(d.summary_facts),
      structure_hint: d.structure_hint,
      confidence: d.confidence,
      compilation_note: d.compilation_note,
      version,
      updated_at: now,
      origin: 'reference',
    },
    children: [
      d.mechanisms.map((mechanism_id, seq) => ({ document_id: d.id, mechanism_id, seq })),
      d.languages.map((lang, seq) => ({ document_id: d.id, lang, seq })),
      d.sources.map((source_id, seq) => ({ document_id: d.id, source_id, seq })),
    ],
  };
}

const key = (x: ReferenceRow) => JSON.stringify({ ...x, version: 0, updated_at: '', visibility: undefined });

/**
 * Write the documents of a validated file: new ones inserted, changed ones rewritten, missing ones removed — only
 * rows of origin 'reference'. A record an editor created or changed (origin 'edited', src/documents/edit.ts) is
 * never inserted over, rewritten nor removed: the file's record of the same id is left out (counted as `kept`).
 */
export async function applyDocuments(
  tx: Transaction<DB>,
  docs: readonly DocumentRecord[],
  now: string,
): Promise<DocumentsLoadSummary> {
  const summary: DocumentsLoadSummary = { changed: false, inserted: 0, updated: 0, removed: 0, unchanged: 0 };
  const [old, mechs, langs, srcs] = await Promise.all([
    tx.selectFrom('document').selectAll().execute(),
    tx.selectFrom('document_mechanism').selectAll().orderBy('document_id').orderBy('seq').execute(),
    tx.selectFrom('document_language').selectAll().orderBy('document_id').orderBy('seq').execute(),
    tx.selectFrom('document_source').selectAll().orderBy('document_id').orderBy('seq').execute(),
  ]);
  const edited = new Set(old.filter((d) => d.origin !== 'reference').map((d) => d.id));
  const oldById = new Map(old.filter((d) => d.origin === 'reference').map((d) => [d.id, d]));
  const childrenOf = (id: string) =>
    JSON.stringify([
      mechs.filter((r) => r.document_id === id),
      langs.filter((r) => r.document_id === id),
      srcs.filter((r) => r.document_id === id),
    ]);
  const seen = new Set<string>();
  for (const d of docs) {
    seen.add(d.id);
    if (edited.has(d.id)) {
      summary.kept = (summary.kept ?? 0) + 1;
      continue;
    }
    const prev = oldById.get(d.id);
    const { row, children } = rowsOf(d, (prev?.version ?? 0) + 1, now);
    if (prev) {
      if (key(prev) === key(row) && childrenOf(d.id) === JSON.stringify(children)) {
        summary.unchanged++;
        continue;
      }
      for (const t of CHILDREN) await tx.deleteFrom(t).where('document_id', '=', d.id).execute();
      await tx.updateTable('document').set(row).where('id', '=', d.id).execute();
      summary.updated++;
    } else {
      await tx.insertInto('document').values(row).execute();
      summary.inserted++;
    }
    const [m, l, s] = children;
    if (m.length) await tx.insertInto('document_mechanism').values(m).execute();
    if (l.length) await tx.insertInto('document_language').values(l).execute();
    if (s.length) await tx.insertInto('document_source').values(s).execute();
  }
  for (const id of oldById.keys()) {
    if (seen.has(id)) continue;
    // A document that has files keeps them: removing it from the reference data does not delete uploads.
    const files = await tx.selectFrom('document_version').select('id').where('document_id', '=', id).executeTakeFirst();
    if (files) continue;
    for (const t of CHILDREN) await tx.deleteFrom(t).where('document_id', '=', id).execute();
    await tx.deleteFrom('document').where('id', '=', id).execute();
    summary.removed++;
  }
  summary.changed = summary.inserted + summary.updated + summary.removed > 0;
  return summary;
}

export function allDocuments(db: Kysely<DB>) {
  return db.selectFrom('document').selectAll().orderBy('id').execute();
}
export function allMechanismLinks(db: Kysely<DB>) {
  return db.selectFrom('document_mechanism').selectAll().orderBy('document_id').orderBy('seq').execute();
}
export function allLanguages(db: Kysely<DB>) {
  return db.selectFrom('document_language').selectAll().orderBy('document_id').orderBy('seq').execute();
}
export function allSourceLinks(db: Kysely<DB>) {
  return db.selectFrom('document_source').selectAll().orderBy('document_id').orderBy('seq').execute();
}
/** When each document's files last changed (a version added or its text extracted), for the sitemap. */
export function versionChanges(db: Kysely<DB>) {
  return db
    .selectFrom('document_version')
    .select((eb) => ['document_id', eb.fn.max('updated_at').as('updated_at')])
    .groupBy('document_id')
    .orderBy('document_id')
    .execute();
}
/**
 * The documents changed after `after` (an ISO 8601 instant; null: every document), each at its last change — the
 * later of the record's own change and its files' (a version added or its text extracted) — newest first, at most
 * `limit`; with `mechanism`, only the documents linked to that mechanism. Only those rows are read.
 */
export async function changesAfter(
  db: Kysely<DB>,
  opts: { after: string | null; mechanism?: string | undefined; limit?: number | undefined },
) {
  const { after, mechanism, limit } = opts;
  let files = db
    .selectFrom('document_version')
    .select((eb) => ['document_id', eb.fn.max('updated_at').as('files_at')])
    .groupBy('document_id');
  // Only the versions changed after `after`: when none is, the record's own change is the later one anyway.
  if (after !== null) files = files.where('updated_at', '>', after);
  let q = db
    .selectFrom('document as d')
    .leftJoin(files.as('f'), 'f.document_id', 'd.id')
    .select((eb) => [
      'd.id',
      'd.kind',
      'd.title',
      eb
        .case()
        .when(eb.and([eb('f.files_at', 'is not', null), eb('f.files_at', '>', eb.ref('d.updated_at'))]))
        .then(eb.ref('f.files_at'))
        .else(eb.ref('d.updated_at'))
        .end()
        .as('changed_at'),
    ]);
  // Closed documents are never told to followers (their feeds and digests are public).
  q = q.where('d.visibility', '=', 'public');
  if (after !== null) q = q.where((eb) => eb.or([eb('d.updated_at', '>', after), eb('f.files_at', 'is not', null)]));
  if (mechanism !== undefined)
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('document_mechanism as dm')
          .select('dm.document_id')
          .whereRef('dm.document_id', '=', 'd.id')
          .where('dm.mechanism_id', '=', mechanism),
      ),
    );
  q = q.orderBy('changed_at', 'desc').orderBy('d.id', 'desc');
  if (limit !== undefined) q = q.limit(limit);
  const rows = await q.execute();
  if (rows.length === 0) return [];
  const links = await db
    .selectFrom('document_mechanism')
    .select(['document_id', 'mechanism_id'])
    .where(
      'document_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('document_id')
    .orderBy('seq')
    .execute();
  const mechanisms = groupBy(
    links,
    (l) => l.document_id,
    (l) => l.mechanism_id,
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    title: r.title,
    mechanisms: mechanisms.get(r.id) ?? [],
    changedAt: String(r.changed_at),
  }));
}
export function versionsOf(db: Kysely<DB>, documentId: string) {
  return db
    .selectFrom('document_version')
    .selectAll()
    .where('document_id', '=', documentId)
    .orderBy('lang')
    .orderBy('created_at')
    .execute();
}
export function countDocuments(db: Kysely<DB>) {
  return db
    .selectFrom('document')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}

/** Set a document's visibility: its version and update time move, so caches, the search and the sitemap follow. */
export async function setVisibility(tx: Transaction<DB>, id: string, visibility: string, now: string) {
  await tx
    .updateTable('document')
    .set((eb) => ({ visibility, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}
/** A document's row and its mechanisms (null: none), read inside a write. */
export async function documentForUpdate(tx: Transaction<DB>, id: string) {
  const row = await tx
    .selectFrom('document')
    .select(['id', 'visibility', 'version'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const mechanisms = await tx
    .selectFrom('document_mechanism')
    .select('mechanism_id')
    .where('document_id', '=', id)
    .orderBy('seq')
    .execute();
  return { ...row, mechanisms: mechanisms.map((m) => m.mechanism_id) };
}

// ---------------------------------------------------------------- records editors write (edit.ts)

/** One document row and its links, as the reads give them (null: no such document). */
export async function documentWithLinks(db: Kysely<DB>, id: string) {
  const row = await db.selectFrom('document').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const [mechs, langs, srcs] = await Promise.all([
    db.selectFrom('document_mechanism').select('mechanism_id').where('document_id', '=', id).orderBy('seq').execute(),
    db.selectFrom('document_language').select('lang').where('document_id', '=', id).orderBy('seq').execute(),
    db.selectFrom('document_source').select('source_id').where('document_id', '=', id).orderBy('seq').execute(),
  ]);
  return {
    row,
    mechanisms: mechs.map((m) => m.mechanism_id),
    languages: langs.map((l) => l.lang),
    sources: srcs.map((s) => s.source_id),
  };
}

export async function documentExists(db: Kysely<DB>, id: string): Promise<boolean> {
  return !!(await db.selectFrom('document').select('id').where('id', '=', id).executeTakeFirst());
}

/**
 * Write a record an editor created (`insert`) or changed, with its links, in `tx`. An update only applies when the
 * row is still at `expectedVersion` (false otherwise: it changed meanwhile).
 */
export async function writeEditedDocument(
  tx: Transaction<DB>,
  row: DocumentRow,
  links: { mechanisms: readonly string[]; languages: readonly string[]; sources: readonly string[] },
  expectedVersion: number | null,
): Promise<boolean> {
  if (expectedVersion === null) await tx.insertInto('document').values(row).execute();
  else {
    const r = await tx
      .updateTable('document')
      .set(row)
      .where('id', '=', row.id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    for (const t of CHILDREN) await tx.deleteFrom(t).where('document_id', '=', row.id).execute();
  }
  const id = row.id;
  if (links.mechanisms.length)
    await tx
      .insertInto('document_mechanism')
      .values(links.mechanisms.map((mechanism_id, seq) => ({ document_id: id, mechanism_id, seq })))
      .execute();
  if (links.languages.length)
    await tx
      .insertInto('document_language')
      .values(links.languages.map((lang, seq) => ({ document_id: id, lang, seq })))
      .execute();
  if (links.sources.length)
    await tx
      .insertInto('document_source')
      .values(links.sources.map((source_id, seq) => ({ document_id: id, source_id, seq })))
      .execute();
  return true;
}
