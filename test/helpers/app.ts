/**
 * The set-up most API and page tests share: a fresh database on one engine with the bundled reference dataset
 * loaded, the app built on it (registered as the describe block's before/after hooks), and two ways to ask it.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp, loadReference, type AppOptions } from '../../src/app.js';
import type { Engine } from '../../src/db/database.js';
import { createTestDatabase, type TestDatabase } from './db.js';

export interface Json {
  [k: string]: unknown;
}

export interface ReferenceApp {
  /** The database (set once the before hook ran). */
  readonly t: TestDatabase;
  readonly app: FastifyInstance;
  /** GET a URL: status, parsed JSON body, headers and the raw body. */
  get: (url: string) => Promise<{ status: number; body: Json; headers: Record<string, unknown>; raw: string }>;
  /** GET a URL that must answer 200; its parsed JSON body. */
  ok: (url: string) => Promise<Json>;
}

/** Call inside a describe: before its tests, a database on `engine` with the reference data and the app on it. */
export function referenceApp(engine: Engine, opts: Omit<AppOptions, 'database'> = {}): ReferenceApp {
  let t: TestDatabase | undefined;
  let app: FastifyInstance | undefined;
  before(async () => {
    t = await createTestDatabase(engine);
    await loadReference(t.db);
    app = await buildApp({ ...opts, database: t });
  });
  after(async () => {
    await app?.close();
    await t?.dispose();
  });
  const self: ReferenceApp = {
    get t() {
      assert.ok(t, 'the before hook has run');
      return t;
    },
    get app() {
      assert.ok(app, 'the before hook has run');
      return app;
    },
    get: async (url) => {
      const res = await self.app.inject({ method: 'GET', url });
      let body: Json = {};
      try {
        body = JSON.parse(res.body) as Json;
      } catch {
        // not JSON (a page): the raw body is there
      }
      return { status: res.statusCode, body, headers: res.headers, raw: res.body };
    },
    ok: async (url) => {
      const r = await self.get(url);
      assert.equal(r.status, 200, `${url}: ${r.raw.slice(0, 300)}`);
      return r.body;
    },
  };
  return self;
}
