/**
 * Test databases on both engines. SQLite: a fresh file in a temp folder. PostgreSQL: a fresh
 * database created on the server at TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres)
 * and dropped afterwards. With CI=true an unreachable PostgreSQL fails the run instead of skipping.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migrateToLatest, openDatabase, type Database, type Engine } from '../../src/db/database.js';

export const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const requirePostgres = process.env.CI === 'true' || process.env.REQUIRE_POSTGRES === 'true';

let pgReachable: Promise<string | null> | null = null;
/** null when reachable, else the reason. */
export function postgresUnavailable(): Promise<string | null> {
  pgReachable ??= (async () => {
    const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 20000 });
    try {
      await client.connect();
      await client.query('select 1');
      return null;
    } catch (err) {
      return `PostgreSQL not reachable at ${ADMIN_URL}: ${err instanceof Error ? err.message : String(err)}`;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return pgReachable;
}

export interface TestDatabase extends Database {
  /** Connection string (PostgreSQL) or file path (SQLite), to start a second process on the same data. */
  location: string;
  dispose(): Promise<void>;
}

let counter = 0;

export async function createTestDatabase(engine: Engine, opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  let database: Database;
  let location: string;
  let cleanup: () => Promise<void>;
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'iscm-test-'));
    location = join(dir, 'test.sqlite');
    database = openDatabase({ databaseUrl: null, sqlitePath: location });
    cleanup = () => {
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    };
  } else {
    // A failed probe is probed again when a database is wanted: a probe started while the process was busy
    // (a test rendering pages synchronously) can time out although the server is up.
    let reason = await postgresUnavailable();
    if (reason) {
      pgReachable = null;
      reason = await postgresUnavailable();
    }
    if (reason) throw new Error(reason);
    const name = `iscm_test_${process.pid}_${Date.now()}_${counter++}`;
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    location = url.toString();
    database = openDatabase({ databaseUrl: location, sqlitePath: '' });
    cleanup = async () => {
      const a = new pg.Client({ connectionString: ADMIN_URL });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    };
  }
  if (opts.migrate !== false) await migrateToLatest(database.db);
  return {
    ...database,
    location,
    dispose: async () => {
      await database.close();
      await cleanup();
    },
  };
}

/**
 * The engines a store test runs on. PostgreSQL is skipped (with the reason printed) only when it is
 * unreachable and CI is not set; with CI=true it is always included, so an unreachable server fails.
 */
export async function engines(): Promise<{ engine: Engine; skip: string | false }[]> {
  const reason = await postgresUnavailable();
  if (reason && !requirePostgres) {
    console.warn(`\n*** PostgreSQL tests NOT RUN: ${reason}. Set CI=true to make this a failure. ***\n`);
  }
  return [
    { engine: 'sqlite', skip: false },
    { engine: 'postgres', skip: reason && !requirePostgres ? reason : false },
  ];
}
