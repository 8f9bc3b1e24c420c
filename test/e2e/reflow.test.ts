/**
 * Reflow (WCAG 2.2 1.4.10) in a real Chromium with JavaScript off: every page type at 320, 768 and 1280 CSS px,
 * in the six languages, public and signed in (as an administrator), is no wider than the viewport (a wide table scrolls in its own region instead).
 * One browser, one page per width reused across URLs, the three widths loaded at once.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildApp, loadReference } from '../../src/app.js';
import { browserUnavailable, launch, listenLocally } from '../helpers/browser.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import {
  fillPath,
  PAGE_TYPES_SECRET,
  pageUrls,
  preparePageSessions,
  preparePageTypes,
  signedInUrls,
  type PageUrl,
  type Viewer,
} from '../helpers/page-types.js';

const skip = browserUnavailable();
const WIDTHS = [320, 768, 1280] as const;
/** SHOTS=dir saves a full-page screenshot of every URL at every width (for looking, not for asserting). */
const SHOTS = process.env.SHOTS;

describe('reflow in Chromium', { skip }, () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let browser: Browser;
  let base = '';
  const contexts: BrowserContext[] = [];
  /** One page per viewer and width. */
  const tabs = new Map<Viewer, Map<number, Page>>();
  const pages = new Map<number, Page>();
  let made: Record<string, string> = {};

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
      const byWidth = new Map<number, Page>();
      for (const width of WIDTHS) {
        const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width, height: 800 } });
        if (viewer !== 'public') await context.addCookies(sessions.cookies[viewer]);
        contexts.push(context);
        byWidth.set(width, await context.newPage());
      }
      tabs.set(viewer, byWidth);
    }
    for (const [width, page] of tabs.get('public')!) pages.set(width, page);
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await app?.close();
    await t?.dispose();
  });

  /** null when the page fits `width`; otherwise how wide it is and the first elements that stick out. */
  async function overflow(width: number, url: PageUrl): Promise<string | null> {
    const { label, status } = url;
    const path = fillPath(url.path, made);
    const page = tabs.get(url.viewer)!.get(width)!;
    const res = await page.goto(base + path);
    assert.equal(res?.status(), status, `${label} status`);
    const { scrollWidth, innerWidth, culprits } = await page.evaluate(() => {
      const vw = window.innerWidth;
      const culprits: string[] = [];
      for (const el of Array.from(document.body.querySelectorAll('*'))) {
        const r = el.getBoundingClientRect();
        if (r.right > vw + 1 && r.width > 0 && !el.parentElement?.closest('.table-wrap'))
          culprits.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} (${Math.round(r.right)} px)`);
      }
      return { scrollWidth: document.documentElement.scrollWidth, innerWidth: vw, culprits: culprits.slice(0, 4) };
    });
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/${label.replace(/\W+/g, '_')}-${width}.png`, fullPage: true });
    return scrollWidth > innerWidth ? `${width}: ${scrollWidth} px wide — ${culprits.join(', ')}` : null;
  }

  for (const url of [...pageUrls(), ...signedInUrls()]) {
    const { label } = url;
    it(`${label}: no page-wide horizontal scrolling at ${WIDTHS.join(', ')} px`, async () => {
      // Settled, not raced: a failure at one width must not leave the other widths navigating into the next test.
      const results = await Promise.allSettled(WIDTHS.map((w) => overflow(w, url)));
      const failed = results.find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
      const wide = results.map((r) => (r.status === 'fulfilled' ? r.value : null)).filter((x) => x !== null);
      assert.deepEqual(wide, [], `${label} is wider than the viewport`);
    });
  }

  it('the measurement can fail: a page made wider than the viewport is caught', async () => {
    const page = pages.get(320)!;
    await page.goto(`${base}/en/sign-in`);
    await page.evaluate(() => {
      // Through the CSSOM: the page's Content-Security-Policy forbids inline style attributes.
      const wide = document.createElement('div');
      wide.style.width = '900px';
      wide.textContent = 'wide';
      document.querySelector('main')!.append(wide);
    });
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth));
  });

  it('every table sits in a named, focusable scroll region', async () => {
    const page = pages.get(320)!;
    for (const path of ['/en/mechanisms', '/fr/overlaps', '/en/countries/SEN', '/en/mechanisms/colombo-process']) {
      await page.goto(base + path);
      const bare = await page.evaluate(() =>
        Array.from(document.querySelectorAll('main table'))
          .filter((tbl) => {
            const wrap = tbl.closest('.table-wrap');
            const named = wrap?.getAttribute('aria-label') || wrap?.getAttribute('aria-labelledby');
            return !wrap || wrap.getAttribute('role') !== 'region' || wrap.getAttribute('tabindex') !== '0' || !named;
          })
          .map((tbl) => tbl.outerHTML.slice(0, 80)),
      );
      assert.deepEqual(bare, [], `${path}: tables outside a labelled region`);
    }
  });
});
