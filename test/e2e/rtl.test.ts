/** Arabic in a real Chromium: the document is right to left and its layout is mirrored; charts keep their axes. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext } from 'playwright-core';
import { buildApp, loadReference } from '../../src/app.js';
import { browserUnavailable, launch, listenLocally } from '../helpers/browser.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

const skip = browserUnavailable();

describe('Arabic pages in Chromium are mirrored', { skip }, () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let browser: Browser;
  let context: BrowserContext;
  let base = '';

  before(async () => {
    t = await createTestDatabase('sqlite');
    await loadReference(t.db);
    app = await buildApp({ database: t });
    base = await listenLocally(app);
    browser = await launch();
    context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
    await t?.dispose();
  });

  /** Where the main navigation's first and last items and the brand sit, and the page's computed direction. */
  async function layout(path: string) {
    const page = await context.newPage();
    const res = await page.goto(base + path);
    assert.equal(res?.status(), 200, path);
    const facts = await page.evaluate(() => {
      const items = [...document.querySelectorAll('nav.main-nav li')].map((li) => li.getBoundingClientRect());
      const brand = document.querySelector('a.brand')!.getBoundingClientRect();
      // The heading's text (the block spans the line), through a Range over its contents.
      const range = document.createRange();
      range.selectNodeContents(document.querySelector('h1')!);
      const h1 = range.getBoundingClientRect();
      const svg = document.querySelector('svg');
      return {
        dir: document.documentElement.dir,
        lang: document.documentElement.lang,
        direction: getComputedStyle(document.body).direction,
        firstX: items[0]!.x,
        lastX: items[items.length - 1]!.x,
        sameRow: Math.abs(items[0]!.y - items[1]!.y) < 2,
        brandCentre: brand.x + brand.width / 2,
        h1Right: h1.right,
        h1Left: h1.left,
        width: document.documentElement.clientWidth,
        svgDirection: svg ? getComputedStyle(svg).direction : null,
      };
    });
    await page.close();
    return facts;
  }

  it('ar: dir=rtl, the nav starts on the right, the brand and headings sit on the right', async () => {
    const ar = await layout('/ar/mechanisms');
    assert.equal(ar.dir, 'rtl');
    assert.equal(ar.lang, 'ar');
    assert.equal(ar.direction, 'rtl');
    // First nav item to the right of the second (same row) or of the last.
    assert.ok(ar.firstX > ar.lastX, `first nav item at ${ar.firstX}, last at ${ar.lastX}`);
    assert.ok(ar.brandCentre > ar.width / 2, `brand centre at ${ar.brandCentre} of ${ar.width}`);
    const en = await layout('/en/mechanisms');
    assert.equal(en.dir, 'ltr');
    assert.equal(en.direction, 'ltr');
    assert.ok(en.firstX < en.lastX, 'in English the nav starts on the left');
    assert.ok(en.brandCentre < en.width / 2);
    // The heading hugs the right edge in Arabic, the left edge in English.
    assert.ok(ar.width - ar.h1Right < ar.h1Left, 'ar h1 is on the right');
    assert.ok(en.h1Left < en.width - en.h1Right, 'en h1 is on the left');
  });

  it('ar: charts and maps keep left-to-right axes', async () => {
    for (const p of ['/ar/timeline', '/ar/map']) {
      const f = await layout(p);
      assert.equal(f.direction, 'rtl', p);
      assert.equal(f.svgDirection, 'ltr', `${p}: the svg must not mirror`);
    }
  });

  it('zh and ru: left to right, with their own lang', async () => {
    assert.equal((await layout('/zh/')).lang, 'zh-Hans');
    const ru = await layout('/ru/countries');
    assert.equal(ru.lang, 'ru');
    assert.equal(ru.dir, 'ltr');
  });
});
