/**
 * The set-up the editing pages' Chromium tests share: a SQLite test database with a reference dataset, the accounts
 * they sign in with and their roles, the app listening locally (no response cache), a browser, and axe on a page
 * with its cookies.
 */
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import type { Grant } from '../../src/accounts/model.js';
import { AccountsService } from '../../src/accounts/service.js';
import { buildApp, loadReference, type AppOptions } from '../../src/app.js';
import { axeViolations, launch, listenLocally } from './browser.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import { MINI } from './reference.js';

export const E2E_PASSWORD = 'a long enough password';

export interface SiteAccount {
  email: string;
  displayName: string;
  grant: Grant;
}

/** The Alpha Process's secretariat: an editor of that mechanism. */
/** An editor of the Rabat Process (in the bundled reference) and a reviewer of every mechanism. */
export const RABAT_EDITOR: SiteAccount = {
  email: 'editor@rabat.example',
  displayName: 'Rabat secretariat',
  grant: { role: 'editor', scopeType: 'mechanism', scopeId: 'rabat-process' },
};
export const REVIEWER: SiteAccount = {
  email: 'reviewer@example.org',
  displayName: 'Reviewer',
  grant: { role: 'reviewer', scopeType: null, scopeId: null },
};

export const ALPHA_EDITOR: SiteAccount = {
  email: 'editor@alpha.example',
  displayName: 'Alpha secretariat',
  grant: { role: 'editor', scopeType: 'mechanism', scopeId: 'alpha-process' },
};

export interface EditingSite {
  t: TestDatabase;
  app: FastifyInstance;
  browser: Browser;
  base: string;
  /** axe on the page's URL with its cookies: 0 violations, or the assertion names them. */
  axe(page: Page): Promise<void>;
  close(): Promise<void>;
}

export async function startEditingSite(opts: {
  secret: string;
  /** The test reference (default) or the bundled reference dataset. */
  reference?: 'mini' | 'bundled';
  accounts: readonly SiteAccount[];
  /** Records the test needs, written after the reference is loaded. */
  prepare?: (t: TestDatabase) => Promise<void>;
  app?: Partial<AppOptions>;
}): Promise<EditingSite> {
  const t = await createTestDatabase('sqlite');
  await (opts.reference === 'bundled' ? loadReference(t.db) : loadReference(t.db, MINI));
  await opts.prepare?.(t);
  const accounts = new AccountsService(t.db);
  for (const a of opts.accounts) {
    const id = await accounts.createUser(
      { email: a.email, displayName: a.displayName, password: E2E_PASSWORD },
      'system',
    );
    await accounts.grant(id, a.grant, 'system');
  }
  const app = await buildApp({ database: t, sessionSecret: opts.secret, cacheTtlMs: 0, ...opts.app });
  const base = await listenLocally(app);
  const browser = await launch();
  return {
    t,
    app,
    browser,
    base,
    axe: async (page) =>
      assert.deepEqual(
        await axeViolations(browser, page.url(), await page.context().cookies()),
        [],
        `axe on ${page.url()}`,
      ),
    close: async () => {
      await browser.close();
      await app.close();
      await t.dispose();
    },
  };
}
