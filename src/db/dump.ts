/**
 * Every row of a set of tables, each sorted by its primary key (compared in JavaScript, the same way
 * on both engines, not by the database's collation): the public export and the backup use it.
 */
import { sql, SqliteAdapter, type Kysely } from 'kysely';
import type { DB } from './schema.js';

/**
 * The public tables: what `iscm export` writes. Never change requests (unpublished payloads,
 * reviewer comments), accounts, sessions, tokens, password resets or the audit log.
 */
export const PUBLIC_TABLES = [
  'country',
  'organization',
  'source',
  'theme',
  'mechanism',
  'mechanism_name',
  'mechanism_level',
  'mechanism_status',
  'mechanism_theme',
  'mechanism_source',
  'participation',
  'snapshot',
  'dataset_load',
  'meeting_series',
  'meeting',
  'meeting_participant',
  'meeting_agenda_item',
  'meeting_document',
  'reported_figure',
  'reported_list',
  'document',
  'document_mechanism',
  'document_language',
  'document_source',
  'achievement',
  'achievement_country',
  'achievement_source',
  'structure',
  'partnership',
  'partnership_organization',
  'partnership_party',
  'partnership_source',
  'commitment_framework',
  'commitment_node',
  'commitment',
  'commitment_mechanism',
  'commitment_country',
  'commitment_theme',
  'reporting_cycle',
] as const satisfies readonly (keyof DB)[];

/** Tables never in the public export (the backup has them). */
export const PRIVATE_TABLES = [
  'user_account',
  'session',
  'role_grant',
  'api_token',
  'password_reset',
  'invitation',
  'audit_event',
  'change_request',
  'delegate',
  'space_post',
  'peer_query',
  'peer_query_mechanism',
  'peer_query_question',
  'peer_query_response',
  'peer_query_answer',
  'meeting_delegation',
  'meeting_delegate_person',
  'peer_query_reminder',
  'assessment',
  'assessment_question',
  'assessment_recipient',
  'assessment_response',
  'assessment_answer',
  'follow',
  'follow_preference',
  'digest',
  // follow-up updates: unreviewed ones and who reported (accepted ones are served by /api/v1/commitments)
  'commitment_update',
] as const satisfies readonly (keyof DB)[];

export type Row = Record<string, unknown>;

/** The primary-key columns of a table, from the database's own catalogue. */
export async function primaryKey(db: Kysely<DB>, table: string): Promise<string[]> {
  if (engineOf(db) === 'sqlite') {
    const { rows } = await sql<{ name: string; pk: number }>`select name, pk from pragma_table_info(${table})`.execute(
      db,
    );
    return rows
      .filter((r) => Number(r.pk) > 0)
      .sort((a, b) => Number(a.pk) - Number(b.pk))
      .map((r) => r.name);
  }
  const { rows } = await sql<{ column_name: string }>`
    select a.attname as column_name from pg_index i
    join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
    where i.indrelid = ${table}::regclass and i.indisprimary
    order by array_position(i.indkey, a.attnum)`.execute(db);
  return rows.map((r) => r.column_name);
}

export function engineOf(db: Kysely<DB>): 'sqlite' | 'postgres' {
  return db.getExecutor().adapter instanceof SqliteAdapter ? 'sqlite' : 'postgres';
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = typeof a === 'string' ? a : JSON.stringify(a),
    y = typeof b === 'string' ? b : JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Rows of one table sorted by its primary key (every column when it has none). */
export async function sortedRows(db: Kysely<DB>, table: string): Promise<Row[]> {
  const rows = (await db
    .selectFrom(table as keyof DB)
    .selectAll()
    .execute()) as Row[];
  const pk = await primaryKey(db, table);
  const keys = pk.length ? pk : Object.keys(rows[0] ?? {}).sort();
  return rows.sort((r, s) => {
    for (const k of keys) {
      const c = compareValues(r[k], s[k]);
      if (c !== 0) return c;
    }
    return 0;
  });
}

export async function dumpTables(
  db: Kysely<DB>,
  tables: readonly string[] = PUBLIC_TABLES,
): Promise<Record<string, Row[]>> {
  const out: Record<string, Row[]> = {};
  for (const t of tables) out[t] = await sortedRows(db, t);
  return out;
}

/**
 * The public tables without what is closed: documents whose visibility is not `public` (migration 0100) and their
 * rows in document_mechanism, document_language and document_source. `iscm export` and the releases write this;
 * the backup has everything.
 */
export async function dumpPublicTables(db: Kysely<DB>): Promise<Record<string, Row[]>> {
  const out = await dumpTables(db, PUBLIC_TABLES);
  const closed = new Set((out.document ?? []).filter((r) => r.visibility !== 'public').map((r) => String(r.id)));
  if (closed.size === 0) return out;
  out.document = (out.document ?? []).filter((r) => !closed.has(String(r.id)));
  for (const t of ['document_mechanism', 'document_language', 'document_source'])
    out[t] = (out[t] ?? []).filter((r) => !closed.has(String(r.document_id)));
  return out;
}
