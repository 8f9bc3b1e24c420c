/** The public portal in a real Chromium, with JavaScript switched off: every page type in each language, axe, forms, redirects. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildApp, loadReference } from '../../src/app.js';
import { ARTEFACTS, browserUnavailable, launch, listenLocally } from '../helpers/browser.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { LANG_TAGS, LANGS } from '../../src/web/i18n.js';

const skip = browserUnavailable();
const PAGES = [
  '/',
  '/mechanisms',
  '/mechanisms/colombo-process',
  '/countries',
  '/countries/SEN',
  '/map',
  '/overlaps',
  '/timeline',
  '/themes',
  '/meetings',
  '/meetings/grcp-8',
  '/series/global-iscm-meetings',
  '/sign-in',
  '/reset',
  '/no-such-page',
];

describe('portal in Chromium', { skip }, () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let browser: Browser;
  let context: BrowserContext;
  /** axe injects its script, so it needs a context with JavaScript on; the pages themselves have none. */
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

  async function open(path: string): Promise<{ page: Page; status: number }> {
    const page = await context.newPage();
    const res = await page.goto(base + path);
    return { page, status: res?.status() ?? 0 };
  }

  async function axe(path: string, label: string): Promise<void> {
    const page = await axeContext.newPage();
    await page.goto(base + path);
    const result = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
      .analyze();
    const summary = result.violations.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    );
    await page.close();
    assert.deepEqual(summary, [], `${label}: axe violations`);
  }

  for (const lang of LANGS) {
    for (const path of PAGES) {
      it(`${lang}${path}: renders in ${lang} without JavaScript, 0 axe violations`, async () => {
        const { page, status } = await open(`/${lang}${path}`);
        try {
          assert.equal(status, path === '/no-such-page' ? 404 : 200);
          assert.equal(await page.getAttribute('html', 'lang'), LANG_TAGS[lang]);
          assert.ok((await page.locator('h1').first().innerText()).length > 0);
          const alternates = await page.locator('link[rel="alternate"][hreflang]').count();
          assert.equal(alternates, LANGS.length + 1); // the six languages and x-default
          assert.equal(
            await page.locator('script:not([type="application/ld+json"])').count(),
            0,
            'a page must not need JavaScript',
          );
          await axe(`/${lang}${path}`, `${lang}${path}`);
        } finally {
          await page.close();
        }
      });
    }
  }

  it('the mechanisms filters and sort are a plain GET form', async () => {
    const { page } = await open('/en/mechanisms');
    const all = await page.locator('tbody tr').count();
    await page.selectOption('#f-level', 'rcp');
    await page.fill('#f-asof', '2010-01-01');
    await Promise.all([page.waitForURL(/level=rcp/), page.click('form.filters button[type=submit]')]);
    assert.match(page.url(), /asOf=2010-01-01/);
    const rcps = await page.locator('tbody tr').count();
    assert.ok(rcps > 0 && rcps < all, `${rcps} of ${all}`);
    assert.match(await page.locator('[role=status]').innerText(), new RegExp(`${rcps} results`));
    await Promise.all([page.waitForURL(/sort=established/), page.click('thead a:has-text("Established")')]);
    const years = (await page.locator('tbody td.num:nth-of-type(3)').allInnerTexts()).map(Number);
    assert.deepEqual(
      years,
      [...years].sort((a, b) => a - b),
    );
    await page.close();
  });

  it('the date control changes who is a member', async () => {
    const { page } = await open('/en/mechanisms/colombo-process');
    const now = await page.locator('table[aria-labelledby="members"] tbody tr').count();
    await page.fill('#asOf', '2004-06-01');
    await Promise.all([page.waitForURL(/asOf=2004-06-01/), page.click('form.asof button')]);
    const then = await page.locator('table[aria-labelledby="members"] tbody tr').count();
    assert.ok(then < now, `members in 2004: ${then}, now: ${now}`);
    assert.ok(!(await page.locator('table[aria-labelledby="members"]').innerText()).includes('Cambodia'));
    await page.close();
  });

  it('an alias redirects to the canonical profile', async () => {
    const { page, status } = await open('/fr/mechanisms/puebla-process');
    assert.equal(status, 200);
    assert.equal(new URL(page.url()).pathname, '/fr/mechanisms/regional-conference-on-migration');
    await page.close();
  });

  it('facts from recall are shown as unverified', async () => {
    const { page } = await open('/es/mechanisms/eu-celac-migration-dialogue');
    const badges = page.locator('table[aria-labelledby="members"] .badge.unverified');
    assert.ok((await badges.count()) > 0);
    assert.equal(await badges.first().innerText(), 'Sin verificar');
    await page.close();
  });

  it('the language switch keeps the page', async () => {
    const { page } = await open('/en/countries/SEN?asOf=2019-04-05');
    await Promise.all([page.waitForURL(/\/fr\//), page.click('nav.langs a[hreflang=fr]')]);
    assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, '/fr/countries/SEN?asOf=2019-04-05');
    assert.equal(await page.locator('h1').innerText(), 'Sénégal');
    await page.close();
  });

  it('the keyboard reaches the skip link first, and it moves to the content', async () => {
    const { page } = await open('/en/');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip');
    await page.keyboard.press('Enter');
    assert.match(page.url(), /#main$/);
    await page.close();
  });

  it('takes screenshots of the home, a mechanism, a country and the map', async () => {
    for (const [name, path] of [
      ['home', '/en/'],
      ['mechanism', '/en/mechanisms/colombo-process'],
      ['country', '/fr/countries/SEN'],
      ['map', '/es/map'],
    ] as const) {
      const { page } = await open(path);
      const file = `${ARTEFACTS}screenshots/${name}.png`;
      const png = await page.screenshot({ path: file, fullPage: name !== 'map' });
      assert.ok(png.length > 10_000, `${name} screenshot is suspiciously small`);
      await page.close();
    }
  });
});
