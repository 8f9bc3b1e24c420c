/** The search in a real Chromium with JavaScript off, in every interface language: header box, results, facets, pages, axe. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext } from 'playwright-core';
import { buildApp, loadReference } from '../../src/app.js';
import { browserUnavailable, launch, listenLocally } from '../helpers/browser.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

const skip = browserUnavailable();

const CASES = [
  { lang: 'en', q: 'Senegal', title: 'Senegal', path: '/en/countries/SEN', results: /\d+ results for “Senegal”\./ },
  {
    lang: 'fr',
    q: 'Sénégal',
    title: 'Sénégal',
    path: '/fr/countries/SEN',
    results: /\d+ résultats pour « Sénégal »\./,
  },
  { lang: 'es', q: 'Senegal', title: 'Senegal', path: '/es/countries/SEN', results: /\d+ resultados para «Senegal»\./ },
] as const;

describe('search in Chromium', { skip }, () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let browser: Browser;
  let context: BrowserContext;
  let axeContext: BrowserContext;
  let base = '';

  before(async () => {
    t = await createTestDatabase('sqlite');
    await loadReference(t.db);
    app = await buildApp({ database: t });
    base = await listenLocally(app);
    browser = await launch();
    context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    axeContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  });
  after(async () => {
    await context?.close();
    await axeContext?.close();
    await browser?.close();
    await app?.close();
    await t?.dispose();
  });

  for (const c of CASES) {
    it(`${c.lang}: the header search box finds "${c.q}" without JavaScript; facets and pages are links`, async () => {
      const page = await context.newPage();
      try {
        await page.goto(`${base}/${c.lang}/`);
        await page.fill('#site-q', c.q);
        await Promise.all([page.waitForURL(/\/search\?q=/), page.click('form.search button[type=submit]')]);
        assert.equal(new URL(page.url()).pathname, `/${c.lang}/search`);
        assert.equal(await page.locator('script:not([type="application/ld+json"])').count(), 0);
        assert.match(await page.locator('[role=status]').innerText(), c.results);
        const first = page.locator('ol.search-results > li').first();
        assert.equal(await first.locator('h2 a').innerText(), c.title);
        assert.equal(await first.locator('h2 a').getAttribute('href'), c.path);
        // a facet link narrows the results to its count
        const facet = page.locator('aside section').first().locator('a').first();
        const label = await facet.innerText();
        const count = Number(/\((\d+)\)$/.exec(label)![1]);
        await Promise.all([page.waitForURL(/type=/), facet.click()]);
        assert.match(
          await page.locator('[role=status]').innerText(),
          count === 1 ? /^(One|Un) / : new RegExp(`^${count} `),
        );
        assert.equal((await page.locator('aside strong[aria-current]').count()) >= 1, true);
      } finally {
        await page.close();
      }
    });
  }

  it('the results page has no axe violations in any language, and pages through results', async () => {
    for (const c of CASES) {
      const page = await axeContext.newPage();
      await page.goto(`${base}/${c.lang}/search?q=migration`);
      const result = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
        .analyze();
      assert.deepEqual(
        result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`),
        [],
        c.lang,
      );
      await page.close();
    }
    const page = await context.newPage();
    await page.goto(`${base}/en/search?q=migration`);
    const links = async () =>
      Promise.all(
        (await page.locator('ol.search-results h2 a').all()).map(async (a) => (await a.getAttribute('href')) ?? ''),
      );
    const firstPage = await links();
    await Promise.all([page.waitForURL(/page=2/), page.click('nav.pager a[rel=next]')]);
    assert.equal(await page.locator('ol.search-results').getAttribute('start'), '21');
    const second = await links();
    assert.ok(second.length > 0);
    assert.deepEqual(
      second.filter((h) => firstPage.includes(h)),
      [],
    );
    assert.match(await page.locator('nav.pager span').innerText(), /^Page 2 of \d+$/);
    await page.close();
  });
});
