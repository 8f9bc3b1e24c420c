/** The achievements page in a real Chromium: facets and chart tables work with JavaScript off, and axe finds nothing. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { buildApp, loadReference } from '../../src/app.js';
import { axeViolations, browserUnavailable, launch, listenLocally } from '../helpers/browser.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

const skip = browserUnavailable();

describe('achievements pages in Chromium', { skip }, () => {
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

  it('a lens facet narrows the list, a chart table opens and links, with JavaScript off', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/en/achievements`);
    assert.match(await page.locator('[role=status]').innerText(), /182 results/);
    await page.click('#facet-lens + ul a[href$="lens=sustainable-structures"]');
    await page.waitForURL(/lens=sustainable-structures/);
    assert.match(await page.locator('[role=status]').innerText(), /58 results — filtered by Sustainable structures/);
    const level = page.locator('section[aria-labelledby="chart-level-h"]');
    await level.locator('summary').click();
    await level.locator('table a').getByText('Regional', { exact: true }).click();
    await page.waitForURL(/level=regional/);
    assert.match(await page.locator('[role=status]').innerText(), /Sustainable structures, Regional/);
    await page.click('ul.achievements li a');
    await page.waitForURL(/\/en\/achievements\/[a-z0-9-]+$/);
    assert.equal(await page.locator('dl.facts dt').first().innerText(), 'Mechanism');
    assert.ok((await page.locator('#sources + ol li').count()) >= 1);
    await context.close();
  });

  for (const path of [
    '/en/achievements',
    '/fr/achievements?lens=policy-impact&region=002',
    '/ar/achievements',
    '/es/achievements/acpeu-acp-observatory-migration-2010',
    '/en/mechanisms/colombo-process',
    '/zh/countries/SEN',
    '/en/structures',
    '/ru/structures',
    '/fr/mechanisms/berne-initiative',
  ]) {
    it(`axe: ${path}`, async () => {
      assert.deepEqual(await axeViolations(browser, base + path, [], { expectStatus: 200 }), []);
    });
  }
});
