/**
 * The partnerships network page and the profile section in a real Chromium with JavaScript off: the SVG is a
 * labelled image that fits the viewport, its table alternative lists every link in a named scroll region, nothing
 * is wider than 320 CSS px (reflow.test.ts's measure), and axe finds nothing, in a left-to-right and a
 * right-to-left language.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildApp, loadReference } from '../../src/app.js';
import { axeViolations, browserUnavailable, launch, listenLocally } from '../helpers/browser.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

const skip = browserUnavailable();
const WIDTHS = [320, 768, 1280] as const;
const PAGES = ['/en/partnerships', '/ar/partnerships', '/zh/partnerships', '/en/mechanisms/rabat-process'];

describe('partnerships pages in Chromium', { skip }, () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let browser: Browser;
  let base = '';
  const contexts: BrowserContext[] = [];
  const pages = new Map<number, Page>();
  before(async () => {
    t = await createTestDatabase('sqlite');
    await loadReference(t.db);
    app = await buildApp({ database: t });
    base = await listenLocally(app);
    browser = await launch();
    for (const width of WIDTHS) {
      const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width, height: 800 } });
      contexts.push(context);
      pages.set(width, await context.newPage());
    }
  });
  after(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await app?.close();
    await t?.dispose();
  });

  async function wider(width: number, path: string): Promise<string | null> {
    const page = pages.get(width)!;
    const res = await page.goto(base + path);
    assert.equal(res?.status(), 200, path);
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
    return scrollWidth > innerWidth ? `${path} at ${width}: ${scrollWidth} px — ${culprits.join(', ')}` : null;
  }

  for (const path of PAGES)
    it(`${path}: no page-wide horizontal scrolling at ${WIDTHS.join(', ')} px`, async () => {
      const wide = (await Promise.all(WIDTHS.map((w) => wider(w, path)))).filter((x) => x !== null);
      assert.deepEqual(wide, []);
    });

  it('the network is a labelled image within 320 px; its table lists every link; the links reach it', async () => {
    const page = pages.get(320)!;
    await page.goto(`${base}/en/partnerships`);
    const svg = page.locator('svg.net');
    assert.equal(await svg.getAttribute('role'), 'img');
    assert.equal(await page.locator('#network-title').textContent(), 'Network of partnerships');
    assert.match(String(await page.locator('#network-desc').textContent()), /linked by 188 partnerships/);
    const box = (await svg.boundingBox())!;
    assert.ok(box.width <= 320 && box.width > 200, `the drawing scales to the viewport (${box.width} px)`);
    assert.equal(await page.locator('.table-wrap[aria-labelledby="links"] tbody tr').count(), 188);
    const region = page.locator('.table-wrap[aria-labelledby="links"]');
    assert.equal(await region.getAttribute('role'), 'region');
    assert.equal(await region.getAttribute('tabindex'), '0');
    await page.click('figcaption a[href="#links"]');
    await page.waitForURL(/#links$/);
    // the profile's section links to the network page
    await page.goto(`${base}/en/mechanisms/rabat-process`);
    await page.click('section[aria-labelledby="partnerships"] a[href="/en/partnerships"]');
    await page.waitForURL(/\/en\/partnerships$/);
    assert.equal(await page.locator('h1').innerText(), 'Who the mechanisms work with');
  });

  for (const path of PAGES)
    it(`axe: ${path}`, async () => {
      assert.deepEqual(await axeViolations(browser, base + path, [], { expectStatus: 200 }), []);
    });
});
