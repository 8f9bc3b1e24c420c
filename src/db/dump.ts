/** Every row of every table, for the export command. */
import type { Kysely } from 'kysely';
import type { DB } from './schema.js';

export const TABLES = ['country', 'organization', 'source', 'theme', 'mechanism', 'mechanism_name', 'mechanism_level',
  'mechanism_status', 'mechanism_theme', 'mechanism_source', 'participation', 'snapshot', 'dataset_load',
  'meeting_series', 'meeting', 'meeting_participant', 'meeting_agenda_item', 'meeting_document', 'change_request',
  'reported_figure', 'reported_list'] as const satisfies readonly (keyof DB)[];

export async function dumpTables(db: Kysely<DB>): Promise<Record<string, Record<string, unknown>[]>> {
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const t of TABLES) out[t] = await db.selectFrom(t).selectAll().execute();
  return out;
}
