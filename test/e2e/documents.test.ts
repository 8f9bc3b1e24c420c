/** The documents pages in a real Chromium: facets work with JavaScript off, and axe finds nothing on the list or a document. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { buildApp, loadReference } from '../../src/app.js';
import { axeViolations, browserUnavailable, launch, listenLocally } from '../helpers/browser.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

const skip = browserUnavailable();

describe('documents pages in Chromium', { skip }, () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let browser: Browser;
  let base = '';
  before(async () => {
    t = await createTestDatabase('sqlite');
    await loadReference(t.db);
    app = await buildApp({ database: t });
    base = await listenLocally(app);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await t?.dispose();
  });

  it('a facet link narrows the list with JavaScript off', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/en/documents`);
    await page.click('#facet-kind + ul a[href$="kind=declaration"]');
    await page.waitForURL(/kind=declaration/);
    const status = await page.locator('[role=status]').innerText();
    assert.match(status, /filtered by Declaration/);
    await page.click('ul.documents li a');
    await page.waitForURL(/\/en\/documents\/[a-z0-9-]+$/);
    assert.equal(await page.locator('dl.facts dt').first().innerText(), 'Kind');
    await context.close();
  });

  for (const path of [
    '/en/documents',
    '/fr/documents?kind=declaration',
    '/en/documents/add-5th-ministerial-consultation-2019-outcome',
    '/es/documents/grcp-3-report-gaborone-2011',
  ]) {
    it(`axe: ${path}`, async () => {
      assert.deepEqual(await axeViolations(browser, base + path, [], { expectStatus: 200 }), []);
    });
  }
});
