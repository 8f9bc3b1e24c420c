/** Document records made in the tests (the mini fixture has none). */
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import type { DocumentRecord } from '../../src/documents/reference.js';

/** A document record of one mechanism, with no files. */
export async function insertDocument(db: Kysely<DB>, id: string, mechanism = 'alpha-process'): Promise<void> {
  const now = new Date().toISOString();
  await db
    .insertInto('document')
    .values({
      id,
      title: `Document ${id}`,
      titles: '{}',
      kind: 'outcome-document',
      date: '2020',
      date_precision: 'year',
      year: 2020,
      meeting_id: null,
      meeting_match: null,
      meeting_text: null,
      meeting_place: null,
      meeting_candidates: '[]',
      meeting_compilation_note: null,
      adopted_by: null,
      url: null,
      summary_facts: '[]',
      structure_hint: null,
      confidence: 'medium',
      compilation_note: null,
      version: 1,
      updated_at: now,
    })
    .execute();
  await db.insertInto('document_mechanism').values({ document_id: id, mechanism_id: mechanism, seq: 0 }).execute();
}

/** A reference document record of the mini fixture's Alpha Process (its 2025 ministerial), with the fields given. */
export const documentRecord = (over: Partial<DocumentRecord> = {}): DocumentRecord => ({
  id: 'alpha-declaration-2025',
  title: 'Alpha Declaration',
  titles: {},
  kind: 'declaration',
  date: '2025-03',
  date_precision: 'month',
  mechanisms: ['alpha-process'],
  meeting: {
    id: 'alpha-process-2025-ministerial',
    match: 'date',
    text: 'Ministerial',
    place: null,
    candidates: [],
    compilation_note: 'x',
  },
  adopted_by: null,
  languages: ['en'],
  url: null,
  sources: ['src-d75cf69047'],
  summary_facts: ['A fact'],
  structure_hint: null,
  confidence: 'high',
  compilation_note: null,
  ...over,
});
