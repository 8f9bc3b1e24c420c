/** The one place that knows which engine is in use. Everything else talks to `Kysely<DB>`. */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  Migrator,
  PostgresAdapter,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  sql,
  type DatabaseConnection,
  type Driver,
  type Migration,
  type MigrationProvider,
  type Transaction,
} from 'kysely';

/**
 * SQLite transactions start with BEGIN IMMEDIATE: a deferred BEGIN that later writes can fail with
 * SQLITE_BUSY at once when another process writes; IMMEDIATE takes the write lock up front, so the
 * busy timeout applies and concurrent writers (several server processes on one file) queue instead.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}
class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.config);
  }
}
import type pg from 'pg';
import * as m0001 from './migrations/0001_registry.js';
import * as m0002 from './migrations/0002_meetings.js';
import * as m0003 from './migrations/0003_accounts.js';
import * as m0004 from './migrations/0004_changes.js';
import * as m0005 from './migrations/0005_password_reset.js';
import * as m0006 from './migrations/0006_edit_kinds.js';
import * as m0007 from './migrations/0007_audit_append_only.js';
import * as m0008 from './migrations/0008_audit_index.js';
import * as m0015 from './migrations/0015_meeting_coverage.js';
import * as m0009 from './migrations/0009_signin_attempts.js';
import * as m0010 from './migrations/0010_citations.js';
import * as m0011 from './migrations/0011_reported_figures.js';
import * as m0012 from './migrations/0012_current_participation_unique.js';
import * as m0016 from './migrations/0016_compilation_notes.js';
import * as m0017 from './migrations/0017_search.js';
import * as m0020 from './migrations/0020_documents.js';
import * as m0021 from './migrations/0021_search_incremental.js';
import * as m0050 from './migrations/0050_achievements.js';
import * as m0051 from './migrations/0051_structures.js';
import * as m0052 from './migrations/0052_partnerships.js';
import * as m0070 from './migrations/0070_sharing.js';
import * as m0071 from './migrations/0071_peer_queries.js';
import * as m0072 from './migrations/0072_delegations.js';
import * as m0080 from './migrations/0080_follow.js';
import * as m0085 from './migrations/0085_invitations.js';
import * as m0090 from './migrations/0090_commitments.js';
import * as m0095 from './migrations/0095_assessments.js';
import * as m0100 from './migrations/0100_document_visibility.js';
import * as m0106 from './migrations/0106_org_delegations.js';
import * as m0040 from './migrations/0040_search_names.js';
import * as m0041 from './migrations/0041_document_files.js';
import * as m0125 from './migrations/0125_document_origin.js';
import type { DB } from './schema.js';

export type Engine = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  engine: Engine;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl: string | null;
  sqlitePath: string;
}

export function openDatabase(opts: DatabaseOptions): Database {
  if (opts.databaseUrl) {
    // Loaded only for PostgreSQL: a SQLite server does not spend start-up time importing the driver.
    const { Pool } = createRequire(import.meta.url)('pg') as typeof pg;
    const pool = new Pool({ connectionString: opts.databaseUrl, max: 10 });
    // An idle connection the server closes (restart, admin command) must not crash the process:
    // the pool drops it and opens a new one on the next query.
    pool.on('error', (err) => {
      console.warn(`PostgreSQL: idle connection lost (${err.message})`);
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: 'postgres', close: () => db.destroy() };
  }
  if (opts.sqlitePath !== ':memory:') mkdirSync(dirname(opts.sqlitePath), { recursive: true });
  const sqlite = new SQLite(opts.sqlitePath);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<DB>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) });
  return { db, engine: 'sqlite', close: () => db.destroy() };
}

const migrations: Record<string, Migration> = {
  '0001_registry': m0001,
  '0002_meetings': m0002,
  '0003_accounts': m0003,
  '0004_changes': m0004,
  '0005_password_reset': m0005,
  '0006_edit_kinds': m0006,
  '0007_audit_append_only': m0007,
  '0008_audit_index': m0008,
  '0015_meeting_coverage': m0015,
  '0009_signin_attempts': m0009,
  '0010_citations': m0010,
  '0011_reported_figures': m0011,
  '0012_current_participation_unique': m0012,
  '0016_compilation_notes': m0016,
  '0017_search': m0017,
  '0020_documents': m0020,
  '0021_search_incremental': m0021,
  '0050_achievements': m0050,
  '0051_structures': m0051,
  '0052_partnerships': m0052,
  '0070_sharing': m0070,
  '0071_peer_queries': m0071,
  '0072_delegations': m0072,
  '0085_invitations': m0085,
  '0090_commitments': m0090,
  '0095_assessments': m0095,
  '0100_document_visibility': m0100,
  '0106_org_delegations': m0106,
  '0040_search_names': m0040,
  '0041_document_files': m0041,
  '0080_follow': m0080,
  '0125_document_origin': m0125,
};

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };

export async function migrateToLatest(db: Kysely<DB>): Promise<string[]> {
  // Migrations land from parallel work (0012 after 0016): a database at 0016 still takes 0012.
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(`migration failed: ${JSON.stringify(error)}`);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Serialise the transactions that name one key, until each ends (e.g. count-then-insert of sign-in
 * attempts, across every server process): PostgreSQL takes a transaction-level advisory lock on the
 * key's hash; SQLite needs nothing more, its transactions (BEGIN IMMEDIATE) already run one at a time.
 */
export async function lockInTransaction(tx: Transaction<DB>, key: string): Promise<void> {
  if (tx.getExecutor().adapter instanceof PostgresAdapter)
    await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(tx);
}

/** The migrations this code has that the database has not applied (all of them on an empty database). */
export async function pendingMigrations(db: Kysely<DB>): Promise<string[]> {
  await db.executeQuery(CompiledQuery.raw('select 1')); // the database answers a query
  const known = await new Migrator({ db, provider, allowUnorderedMigrations: true }).getMigrations();
  return known.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
