/**
 * axe-core with every rule it runs by default, best practices included (no tag filter), on every page type in
 * `langs`, public and signed in (as an administrator, and as the author of a returned change): 0 violations, no
 * CSP violation. The pages need no JavaScript; it is on only so that axe can inject itself. Two test files run it
 * (en/fr/es and ar/zh/ru), so that the two halves run side by side.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildApp, loadReference } from '../../src/app.js';
import { browserUnavailable, launch, listenLocally } from './browser.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import {
  fillPath,
  PAGE_TYPES_SECRET,
  pageUrls,
  preparePageSessions,
  preparePageTypes,
  signedInUrls,
  type PageLang,
  type Viewer,
} from './page-types.js';

export function axeSuite(langs: readonly PageLang[]): void {
  const skip = browserUnavailable();
  describe(`axe, all rules incl. best practices, in Chromium: ${langs.join(', ')}`, { skip }, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let browser: Browser;
    const contexts: BrowserContext[] = [];
    const tabs = new Map<Viewer, Page>();
    let made: Record<string, string> = {};
    let base = '';
    const cspErrors: string[] = [];

    before(async () => {
      t = await createTestDatabase('sqlite');
      await loadReference(t.db);
      await preparePageTypes(t.db);
      app = await buildApp({ database: t, digestSecret: PAGE_TYPES_SECRET });
      base = await listenLocally(app);
      const sessions = await preparePageSessions(t.db, app, base);
      made = sessions.made;
      browser = await launch();
      for (const viewer of ['public', 'admin', 'author'] as const) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        if (viewer !== 'public') await context.addCookies(sessions.cookies[viewer]);
        contexts.push(context);
        tabs.set(viewer, await context.newPage());
      }
      for (const p of tabs.values())
        p.on('console', (m) => {
          if (m.type() === 'error' && /Content Security Policy/i.test(m.text()))
            cspErrors.push(`${p.url()}: ${m.text()}`);
        });
    });
    after(async () => {
      for (const c of contexts) await c.close();
      await browser?.close();
      await app?.close();
      await t?.dispose();
    });

    for (const { label, path: pattern, status, viewer } of [...pageUrls(langs), ...signedInUrls(langs)]) {
      it(`${label}: 0 axe violations, no CSP violation`, async () => {
        const tab = tabs.get(viewer)!;
        const path = fillPath(pattern, made);
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
      const page = tabs.get('public')!;
      await page.goto(`${base}/en/sign-in`);
      await page.evaluate(() => {
        const f = '<form role="search"><label>q <input name="q"></label></form>';
        document.querySelector('main')!.insertAdjacentHTML('beforeend', f + f);
      });
      const result = await new AxeBuilder({ page }).analyze();
      assert.ok(result.violations.some((v) => v.id === 'landmark-unique'));
    });
  });
}
