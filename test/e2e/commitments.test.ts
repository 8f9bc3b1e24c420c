/**
 * The commitments pages in a real Chromium with JavaScript off, in a left-to-right and a right-to-left language:
 * the list with the JVAP framework ("no report", never 0 %), a cycle's dashboard, a commitment, the mechanism
 * profile's section; nothing wider than 320 CSS px outside the tables' scroll regions, and axe finds nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildApp, loadReference } from '../../src/app.js';
import { today } from '../../src/registry/model.js';
import { axeViolations, browserUnavailable, launch, listenLocally } from '../helpers/browser.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { seedRoleUsers } from '../helpers/roles.js';

const skip = browserUnavailable();
const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('commitments pages in Chromium', { skip }, () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base = '';
  let paths: string[] = [];
  before(async () => {
    t = await createTestDatabase('sqlite');
    await loadReference(t.db);
    app = await buildApp({ database: t });
    const { tokens } = await seedRoleUsers(t.db, ['admin']);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/commitments/cycles',
      headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ mechanism: 'rabat-process', title: 'JVAP follow-up', deadline: addDays(today(), 30) }),
    });
    assert.equal(res.statusCode, 201, res.body);
    const cycle = (JSON.parse(res.body) as { id: string }).id;
    paths = ['en', 'ar'].flatMap((l) => [
      `/${l}/commitments`,
      `/${l}/commitments/cycles/${cycle}`,
      `/${l}/commitments/jvap-2015-domain-1`,
    ]);
    base = await listenLocally(app);
    browser = await launch();
    context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 320, height: 800 } });
    page = await context.newPage();
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
    await t?.dispose();
  });

  it('the list shows the framework with "no report", the filters work without JavaScript', async () => {
    await page.goto(`${base}/en/commitments`);
    assert.equal(await page.locator('h1').innerText(), 'Commitments and their follow-up');
    const rows = page.locator('.table-wrap[aria-labelledby="fw-jvap"] tbody tr');
    assert.equal(await rows.count(), 5);
    assert.match(await rows.nth(4).innerText(), /Return, readmission and reintegration[\s\S]*no report/);
    assert.ok(!(await page.locator('#fw-jvap').locator('xpath=..').innerText()).includes('0 %'));
    await page.selectOption('#cf-status', 'none');
    await page.click('form.filters button[type="submit"]');
    await page.waitForURL(/status=none/);
    assert.match(await page.locator('#list ~ p[role="status"]').innerText(), /6/);
    const ar = await page.goto(`${base}/ar/commitments`);
    assert.equal(ar?.status(), 200);
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
  });

  it('nothing is wider than 320 px outside the tables’ scroll regions', async () => {
    for (const path of [...paths, '/en/mechanisms/rabat-process']) {
      await page.goto(base + path);
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
      }));
      assert.ok(scrollWidth <= innerWidth, `${path}: ${scrollWidth} px`);
    }
  });

  it('axe finds nothing on the new pages in English and Arabic, and on the profile section', async () => {
    for (const path of [...paths, '/en/mechanisms/rabat-process', '/ar/mechanisms/rabat-process'])
      assert.deepEqual(await axeViolations(browser, base + path, [], { expectStatus: 200 }), [], path);
  });
});
