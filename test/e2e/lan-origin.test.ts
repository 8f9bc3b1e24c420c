/**
 * A LAN deployment over plain HTTP at a name that is not localhost (HOST=0.0.0.0, reached as iscm.lan):
 * Chromium must load the stylesheet and keep links on http. `upgrade-insecure-requests` in the CSP
 * would rewrite them to https (the control case shows it), so it is sent only when the site is served over TLS.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { type AppOptions, buildApp, loadReference } from '../../src/app.js';
import { browserUnavailable, launch } from '../helpers/browser.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { MINI } from '../helpers/reference.js';

const skip = browserUnavailable();

/** A port free on 127.0.0.1 now, to write PUBLIC_URL before the server listens. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('a LAN name over plain HTTP in Chromium', { skip }, () => {
  let t: TestDatabase;
  let browser: Browser;
  before(async () => {
    t = await createTestDatabase('sqlite');
    await loadReference(t.db, MINI);
    browser = await launch(['--host-resolver-rules=MAP iscm.lan 127.0.0.1']);
  });
  after(async () => {
    await browser?.close();
    await t?.dispose();
  });

  /** Serve with these options at iscm.lan:<port>, open the home page and follow a link. */
  async function visit(opts: (port: number) => Partial<AppOptions>) {
    const port = await freePort();
    const app: FastifyInstance = await buildApp({ database: t, ...opts(port) });
    await app.listen({ port, host: '127.0.0.1' });
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const css: { url: string; status: number | null }[] = [];
      page.on('response', (r) => {
        if (r.request().resourceType() === 'stylesheet') css.push({ url: r.url(), status: r.status() });
      });
      page.on('requestfailed', (r) => {
        if (r.resourceType() === 'stylesheet') css.push({ url: r.url(), status: null });
      });
      const res = await page.goto(`http://iscm.lan:${port}/en/`);
      const csp = String(res?.headers()['content-security-policy']);
      const homeCss = [...css]; // the next page loads the stylesheet again
      const style = await page.evaluate(() => ({
        bodyMargin: getComputedStyle(document.body).margin,
        accent: getComputedStyle(document.documentElement).getPropertyValue('--accent').trim(),
        links: [...document.querySelectorAll('a[href^="/"]')].map((a) => (a as HTMLAnchorElement).href),
      }));
      let followed = '';
      try {
        await page.click('nav.main-nav a[href="/en/mechanisms"]', { timeout: 5000 });
        await page.waitForLoadState('load');
        followed = page.url();
      } catch {
        followed = page.url();
      }
      return { port, csp, css: homeCss, style, followed, status: res?.status() };
    } finally {
      await context.close();
      await app.close();
    }
  }

  for (const [label, opts] of [
    ['PUBLIC_URL=http://iscm.lan:<port>', (port: number) => ({ publicUrl: `http://iscm.lan:${port}` })],
    ['ALLOWED_HOSTS=iscm.lan:<port>', (port: number) => ({ allowedHosts: [`iscm.lan:${port}`] })],
  ] as const) {
    it(`${label}: the stylesheet loads and links stay http`, async () => {
      const v = await visit(opts);
      assert.equal(v.status, 200);
      assert.doesNotMatch(v.csp, /upgrade-insecure-requests/);
      assert.equal(v.css.length, 1, JSON.stringify(v.css));
      assert.match(v.css[0]!.url, new RegExp(`^http://iscm\\.lan:${v.port}/assets/site\\.[0-9a-f]+\\.css$`));
      assert.equal(v.css[0]!.status, 200);
      assert.equal(v.style.bodyMargin, '0px', 'the stylesheet applies');
      assert.equal(v.style.accent, '#0b5394');
      assert.ok(v.style.links.length > 10);
      for (const l of v.style.links) assert.ok(l.startsWith(`http://iscm.lan:${v.port}/`), l);
      assert.equal(v.followed, `http://iscm.lan:${v.port}/en/mechanisms`);
    });
  }

  it('control: claiming TLS (PUBLIC_URL=https://…) sends upgrade-insecure-requests, and over plain HTTP the stylesheet then fails', async () => {
    const v = await visit((port) => ({ publicUrl: `https://iscm.lan:${port}` }));
    assert.match(v.csp, /upgrade-insecure-requests/);
    assert.equal(v.css.length, 1);
    assert.match(v.css[0]!.url, /^https:\/\//, 'Chromium rewrote the stylesheet to https');
    assert.notEqual(v.css[0]!.status, 200);
    assert.equal(v.style.bodyMargin, '8px', 'unstyled');
  });
});
