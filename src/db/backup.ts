/**
 * `iscm backup` / `iscm restore`: every table (the registry, meetings, accounts, roles, sessions,
 * tokens, password resets, change requests, the audit log) in one JSON file, on either engine.
 *
 * Deterministic: tables in a fixed order, columns sorted by name, rows sorted by primary key, one
 * row per line — the same database gives the same bytes, on SQLite and on PostgreSQL. Restore goes
 * into a migrated database at the same migration, in one transaction (all or nothing), and refuses
 * a database that holds any row unless `force` (see restoreBackup).
 */
import { sql, type Kysely } from 'kysely';
import { PUBLIC_TABLES, sortedRows, type Row } from './dump.js';
import type { DB } from './schema.js';

export const BACKUP_FORMAT = 'iscm-hub-backup';
export const BACKUP_VERSION = 1;

export class BackupError extends Error {}

/** Parents before children (foreign keys); tables added later by a migration come after, by name. */
const KNOWN_ORDER: readonly string[] = [
  ...PUBLIC_TABLES,
  'user_account',
  'session',
  'role_grant',
  'api_token',
  'password_reset',
  'change_request',
  'audit_event',
];

/**
 * The search index (migration 0017: search_record, search_word, search_meta, and on SQLite the FTS5 table and
 * its shadow tables) is derived from the other tables: not backed up; a restore marks it stale, so it is rebuilt.
 */
const DERIVED = /^search_/;

async function tableNames(db: Kysely<DB>): Promise<string[]> {
  const all = (await db.introspection.getTables())
    .map((t) => t.name)
    .filter((n) => !n.startsWith('kysely_') && !DERIVED.test(n));
  const known = KNOWN_ORDER.filter((t) => all.includes(t));
  return [...known, ...all.filter((t) => !KNOWN_ORDER.includes(t)).sort()];
}

async function appliedMigrations(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.map((r) => r.name);
}

/** The whole database as the backup file's text. */
export async function createBackup(db: Kysely<DB>): Promise<string> {
  const migrations = await appliedMigrations(db);
  const parts: string[] = [];
  for (const table of await tableNames(db)) {
    const rows = await sortedRows(db, table);
    const columns = (await db.introspection.getTables())
      .find((t) => t.name === table)!
      .columns.map((c) => c.name)
      .sort();
    const lines = rows.map((r) => JSON.stringify(columns.map((c) => normalise(r[c]))));
    parts.push(
      `${JSON.stringify(table)}: {"columns": ${JSON.stringify(columns)}, "rows": [${lines.length ? `\n${lines.join(',\n')}\n` : ''}]}`,
    );
  }
  return (
    `{"format": ${JSON.stringify(BACKUP_FORMAT)}, "version": ${BACKUP_VERSION}, "migrations": ${JSON.stringify(migrations)},\n` +
    `"tables": {\n${parts.join(',\n')}\n}}\n`
  );
}

/** Integers come back as numbers on both engines; bigint (PostgreSQL count-like columns) as strings. */
function normalise(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  return v ?? null;
}

interface BackupFile {
  format: string;
  version: number;
  migrations: string[];
  tables: Record<string, { columns: string[]; rows: unknown[][] }>;
}

function parseBackup(text: string): BackupFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new BackupError(`not a backup file: ${err instanceof Error ? err.message : String(err)}`);
  }
  const b = parsed as Partial<BackupFile>;
  if (b.format !== BACKUP_FORMAT) throw new BackupError(`not a backup file: format is not "${BACKUP_FORMAT}"`);
  if (b.version !== BACKUP_VERSION)
    throw new BackupError(
      `backup version ${String(b.version)} is not supported (this version reads ${BACKUP_VERSION})`,
    );
  if (!Array.isArray(b.migrations) || typeof b.tables !== 'object' || b.tables === null)
    throw new BackupError('not a backup file: migrations or tables missing');
  return b as BackupFile;
}

export interface RestoreSummary {
  tables: number;
  rows: number;
  skippedAuditEvents: number;
}

/**
 * Restore a backup. The target must be migrated to exactly the backup's migrations. It must be empty
 * (no row in any table) unless `force`: then every table but the audit log is emptied first; the
 * audit log is append-only (its triggers refuse deletes), so its rows stay and the backup's events
 * are added except those already there (same id).
 */
export async function restoreBackup(
  db: Kysely<DB>,
  text: string,
  opts: { force?: boolean } = {},
): Promise<RestoreSummary> {
  const backup = parseBackup(text);
  const migrations = await appliedMigrations(db);
  if (JSON.stringify(migrations) !== JSON.stringify([...backup.migrations].sort())) {
    const missing = backup.migrations.filter((m) => !migrations.includes(m));
    const extra = migrations.filter((m) => !backup.migrations.includes(m));
    throw new BackupError(
      `the database's schema is not the backup's: ${missing.length ? `not applied here: ${missing.join(', ')}` : ''}` +
        `${missing.length && extra.length ? '; ' : ''}${extra.length ? `applied here, not in the backup: ${extra.join(', ')}` : ''}` +
        ' (run iscm migrate with the version of ISCM Hub that made the backup)',
    );
  }
  const tables = await tableNames(db);
  const unknown = Object.keys(backup.tables).filter((t) => !tables.includes(t));
  if (unknown.length) throw new BackupError(`the backup has tables this database does not: ${unknown.join(', ')}`);
  const columnsOf = new Map((await db.introspection.getTables()).map((t) => [t.name, t.columns.map((c) => c.name)]));
  for (const [t, data] of Object.entries(backup.tables)) {
    const missing = data.columns.filter((c) => !columnsOf.get(t)!.includes(c));
    if (missing.length)
      throw new BackupError(`${t}: the backup has columns this database does not: ${missing.join(', ')}`);
  }

  return db.transaction().execute(async (tx) => {
    const nonEmpty: string[] = [];
    for (const t of tables) {
      const row = await tx
        .selectFrom(t as keyof DB)
        .select(sql<number>`1`.as('one'))
        .limit(1)
        .executeTakeFirst();
      if (row) nonEmpty.push(t);
    }
    if (nonEmpty.length && !opts.force) {
      throw new BackupError(
        `the database is not empty (rows in ${nonEmpty.join(', ')}): restore into a new, migrated ` +
          'database, or pass --force to replace its contents (the append-only audit log is kept and added to)',
      );
    }
    if (nonEmpty.length) {
      for (const t of [...tables].reverse()) if (t !== 'audit_event') await tx.deleteFrom(t as keyof DB).execute();
    }
    await tx.deleteFrom('search_meta').execute(); // the search index is rebuilt from the restored data
    const summary: RestoreSummary = { tables: 0, rows: 0, skippedAuditEvents: 0 };
    const existingAudit = nonEmpty.includes('audit_event')
      ? new Set((await tx.selectFrom('audit_event').select('id').execute()).map((r) => r.id))
      : new Set<string>();
    for (const t of tables) {
      const data = backup.tables[t];
      if (!data) continue;
      summary.tables++;
      let rows: Row[] = data.rows.map((values) =>
        Object.fromEntries(data.columns.map((c, i) => [c, values[i] ?? null])),
      );
      if (t === 'audit_event') {
        const before = rows.length;
        rows = rows.filter((r) => !existingAudit.has(String(r.id)));
        summary.skippedAuditEvents = before - rows.length;
      }
      // Batches under both engines' limits on bound parameters.
      const per = Math.max(1, Math.floor(8000 / Math.max(1, data.columns.length)));
      for (let i = 0; i < rows.length; i += per) {
        await tx
          .insertInto(t as keyof DB)
          .values(rows.slice(i, i + per))
          .execute();
      }
      summary.rows += rows.length;
    }
    return summary;
  });
}
