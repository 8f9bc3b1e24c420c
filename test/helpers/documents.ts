/** Document records made in the tests (the mini fixture has none). */
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.js';

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
