/**
 * Browser tests run in Debian's Chromium (/usr/bin/chromium, installed by .ci/run), driven by
 * playwright-core — never a downloaded browser. Without Chromium, the tests are skipped with a loud
 * message; with CI=true they fail instead.
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTEFACTS = new URL('../../test-results/', import.meta.url).pathname;

export function browserUnavailable(): string | false {
  if (existsSync(CHROMIUM)) return false;
  const reason = `Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`;
  if (process.env.CI === 'true') throw new Error(`${reason}: browser tests must run in CI`);
  console.warn(`\n*** BROWSER TESTS NOT RUN: ${reason}. ***\n`);
  return reason;
}

/** `extraArgs`: more Chromium flags, e.g. `--host-resolver-rules=MAP iscm.lan 127.0.0.1`. */
export function launch(extraArgs: string[] = []): Promise<Browser> {
  mkdirSync(`${ARTEFACTS}screenshots`, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

/** A page with JavaScript off (as every page must work), signed in through the sign-in form. */
export async function signedInPage(
  browser: Browser,
  base: string,
  email: string,
  password: string,
  lang: 'en' | 'fr' | 'es' | 'ar' | 'zh' | 'ru' = 'en',
): Promise<Page> {
  const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await page.goto(`${base}/${lang}/sign-in`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([
    page.waitForURL(new RegExp(`/${lang}/account$`)),
    page.click(`form[action="/${lang}/sign-in"] button[type=submit]`),
  ]);
  return page;
}

export type Cookies = Awaited<ReturnType<BrowserContext['cookies']>>;

/**
 * axe-core (WCAG 2.2 AA tags) on a URL, with the given cookies. axe injects its script, so it runs in
 * a context with JavaScript on; closed <details> are opened first when asked, so their content counts.
 * Returns the violations as readable lines (an empty list is a pass).
 */
export async function axeViolations(
  browser: Browser,
  url: string,
  cookies: Cookies = [],
  opts: { openDetails?: boolean; expectStatus?: number } = {},
): Promise<string[]> {
  const context = await browser.newContext();
  await context.addCookies(cookies);
  const page = await context.newPage();
  const res = await page.goto(url);
  if (opts.expectStatus !== undefined && res?.status() !== opts.expectStatus)
    throw new Error(`${url}: status ${res?.status()}, expected ${opts.expectStatus}`);
  if (opts.openDetails)
    await page.locator('details').evaluateAll((ds) => {
      for (const d of ds) (d as HTMLDetailsElement).open = true;
    });
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  await context.close();
  return result.violations.map(
    (v) =>
      `${v.id}: ${v.help} — ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(' | ')}`,
  );
}

/** Listen on a free local port; the base URL to give the browser. */
export async function listenLocally(app: FastifyInstance, port = 0): Promise<string> {
  await app.listen({ port, host: '127.0.0.1' });
  const addr = app.server.address() as { port: number } | null;
  return `http://127.0.0.1:${addr?.port ?? 0}`;
}

/** A free local port, for a server whose PUBLIC_URL must name its port before it listens. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = createServer()
      .once('error', reject)
      .listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as { port: number };
        srv.close(() => resolve(port));
      });
  });
}
