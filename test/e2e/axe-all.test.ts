/**
 * axe-core with every rule it runs by default, best practices included (no tag filter), on every page type in
 * the six languages, public and signed in (as an administrator): 0 violations. The pages need no JavaScript; it is on only so that axe can inject itself.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildApp, loadReference } from '../../src/app.js';
import { browserUnavailable, launch, listenLocally } from '../helpers/browser.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { pageUrls, preparePageTypes, signedInUrls, signInAdmin } from '../helpers/page-types.js';

const skip = browserUnavailable();

describe('axe, all rules incl. best practices, in Chromium', { skip }, () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let signedIn: BrowserContext;
  let signedInPage: Page;
  let base = '';
  const cspErrors: string[] = [];

  before(async () => {
    t = await createTestDatabase('sqlite');
    await loadReference(t.db);
    await preparePageTypes(t.db);
    app = await buildApp({ database: t });
    base = await listenLocally(app);
    browser = await launch();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    signedIn = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await signedIn.addCookies(await signInAdmin(t.db, app, base));
    signedInPage = await signedIn.newPage();
    for (const p of [page, signedInPage])
      p.on('console', (m) => {
        if (m.type() === 'error' && /Content Security Policy/i.test(m.text()))
          cspErrors.push(`${p.url()}: ${m.text()}`);
      });
  });
  after(async () => {
    await context?.close();
    await signedIn?.close();
    await browser?.close();
    await app?.close();
    await t?.dispose();
  });

  for (const { label, path, status } of [...pageUrls(), ...signedInUrls()]) {
    it(`${label}: 0 axe violations, no CSP violation`, async () => {
      const tab = label.startsWith('signed in') ? signedInPage : page;
      const res = await tab.goto(base + path);
      assert.equal(res?.status(), status, `${label} status`);
      const result = await new AxeBuilder({ page: tab }).analyze();
      const violations = result.violations.map(
        (v) =>
          `${v.id} (${v.impact}): ${v.help} — ${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(' '))
            .join(' | ')}`,
      );
      assert.deepEqual(violations, [], `${label}: axe violations`);
      assert.deepEqual(
        cspErrors.filter((e) => e.startsWith(base + path)),
        [],
        `${label}: CSP violations`,
      );
    });
  }

  it('axe can fail here: two unnamed search landmarks are reported', async () => {
    await page.goto(`${base}/en/sign-in`);
    await page.evaluate(() => {
      const f = '<form role="search"><label>q <input name="q"></label></form>';
      document.querySelector('main')!.insertAdjacentHTML('beforeend', f + f);
    });
    const result = await new AxeBuilder({ page }).analyze();
    assert.ok(result.violations.some((v) => v.id === 'landmark-unique'));
  });
});
