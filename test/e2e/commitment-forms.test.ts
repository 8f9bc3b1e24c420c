/**
 * The follow-up forms in a real Chromium with JavaScript off, on the bundled reference data: the Rabat Process's
 * secretariat opens a reporting cycle from the commitments page (a past deadline is refused, naming the field);
 * Senegal's focal point reports on a commitment from the cycle's page (missing evidence refused, naming the field)
 * and lands on its pending update; the secretariat returns nothing without a message, then accepts it from the
 * review queue and the commitment's public page shows it. axe with every rule (best practices included) on each new
 * page, and on the forms re-shown with an error, in English and in Arabic (right to left).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { AccountsService } from '../../src/accounts/service.js';
import { buildApp, loadReference } from '../../src/app.js';
import { today } from '../../src/registry/model.js';
import { browserUnavailable, launch, listenLocally, signedInPage, type Cookies } from '../helpers/browser.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { PASSWORD, roleEmail, seedRoleUsers } from '../helpers/roles.js';

const skip = browserUnavailable();
const SEC = 'secretariat of rabat';
const FP = 'focal point of SEN';
const C1 = 'jvap-2015-domain-1';
const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('commitments follow-up forms in Chromium', { skip }, () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let browser: Browser;
  let base = '';
  let sec: Page;
  let fp: Page;
  let secCookies: Cookies = [];
  let fpCookies: Cookies = [];
  let cycleId = '';
  let updateId = '';

  /** axe, every rule, on a page reached in a context with these cookies (and JavaScript on, for axe alone). */
  const axe = async (cookies: Cookies, url: string, act?: (p: Page) => Promise<void>, status = 200) => {
    const context = await browser.newContext();
    await context.addCookies(cookies);
    const page = await context.newPage();
    const res = await page.goto(base + url);
    assert.equal(res?.status(), status, url);
    if (act) await act(page);
    const result = await new AxeBuilder({ page }).analyze();
    await context.close();
    return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  };

  before(async () => {
    t = await createTestDatabase('sqlite');
    await loadReference(t.db);
    app = await buildApp({ database: t });
    const { ids } = await seedRoleUsers(t.db, [SEC, FP]);
    const accounts = new AccountsService(t.db);
    await accounts.grant(ids[SEC]!, { role: 'editor', scopeType: 'mechanism', scopeId: 'rabat-process' }, 'system');
    await accounts.grant(ids[FP]!, { role: 'focal_point', scopeType: 'country', scopeId: 'SEN' }, 'system');
    base = await listenLocally(app);
    browser = await launch();
    sec = await signedInPage(browser, base, roleEmail(SEC), PASSWORD);
    secCookies = await sec.context().cookies();
    fp = await signedInPage(browser, base, roleEmail(FP), PASSWORD);
    fpCookies = await fp.context().cookies();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await t?.dispose();
  });

  it('the secretariat opens a reporting cycle from the commitments page', async () => {
    await sec.goto(`${base}/en/commitments`);
    await Promise.all([
      sec.waitForURL(/\/en\/commitments\/cycles\/new$/),
      sec.getByRole('link', { name: 'Open a reporting cycle' }).click(),
    ]);
    await sec.selectOption('#cf-mechanism', 'rabat-process');
    await sec.getByLabel('Title of the cycle').fill('JVAP follow-up 2027');
    await sec.getByLabel('Deadline').fill(today());
    await sec.getByRole('button', { name: 'Open the cycle' }).click();
    assert.match(
      await sec.locator('[role=alert]').innerText(),
      /Error in “Deadline”: the deadline must be after today/,
    );
    assert.equal(
      await sec.getByLabel('Title of the cycle').inputValue(),
      'JVAP follow-up 2027',
      'what was typed is kept',
    );
    assert.equal(await sec.locator('#cf-deadline').getAttribute('aria-invalid'), 'true');
    await sec.getByLabel('Deadline').fill(addDays(today(), 30));
    await Promise.all([
      sec.waitForURL(/\/en\/commitments\/cycles\/[0-9a-f-]{36}\?notice=opened$/),
      sec.getByRole('button', { name: 'Open the cycle' }).click(),
    ]);
    cycleId = /cycles\/([0-9a-f-]{36})/.exec(sec.url())![1]!;
    assert.equal(await sec.locator('h1').innerText(), 'JVAP follow-up 2027');
    assert.match(await sec.locator('[role=status]').first().innerText(), /The reporting cycle is open/);
  });

  it('the focal point reports from the cycle page and sees its pending update', async () => {
    await fp.goto(`${base}/en/commitments/cycles/${cycleId}`);
    const tasks = fp.locator('section[aria-labelledby="tasks"]');
    await Promise.all([
      fp.waitForURL(new RegExp(`/en/commitments/${C1}/report\\?cycle=${cycleId}$`)),
      tasks.getByRole('link', { name: /Report on this commitment: Address the root causes/ }).click(),
    ]);
    assert.equal(await fp.locator('#rf-cycle').inputValue(), cycleId);
    assert.equal(await fp.locator('#rf-country').inputValue(), 'SEN');
    await fp.getByLabel('in progress', { exact: true }).check();
    await fp.getByLabel('Progress (%)').fill('40');
    await fp.getByLabel('Note').fill('A national action plan was adopted.');
    await fp.getByRole('button', { name: 'Send the report' }).click();
    assert.match(await fp.locator('[role=alert]').innerText(), /Error in “Evidence: source URL”: give the evidence/);
    assert.equal(await fp.getByLabel('Progress (%)').inputValue(), '40', 'what was typed is kept');
    await fp.getByLabel('Evidence: source URL').fill('https://example.org/sen-report');
    await Promise.all([
      fp.waitForURL(/\/en\/commitments\/updates\/[0-9a-f-]{36}\?notice=reported$/),
      fp.getByRole('button', { name: 'Send the report' }).click(),
    ]);
    updateId = /updates\/([0-9a-f-]{36})/.exec(fp.url())![1]!;
    assert.match(await fp.locator('[role=status]').innerText(), /Your report is sent; it waits for review/);
    assert.match(await fp.locator('dl').innerText(), /awaiting review[\s\S]*Senegal[\s\S]*in progress[\s\S]*40 %/);
  });

  it('axe finds nothing on the new pages and the forms with an error, in English and in Arabic', async () => {
    for (const lang of ['en', 'ar']) {
      const pages: [Cookies, string, ((p: Page) => Promise<void>)?][] = [
        [secCookies, `/${lang}/commitments`],
        [secCookies, `/${lang}/commitments/cycles/new`],
        [
          secCookies,
          `/${lang}/commitments/cycles/new`,
          async (p) => {
            await p.fill('#cf-title', 'x');
            await p.fill('#cf-deadline', today());
            await p.click('form.edit button[type=submit]');
            await p.locator('[role=alert]').waitFor();
          },
        ],
        [fpCookies, `/${lang}/commitments/cycles/${cycleId}`],
        [fpCookies, `/${lang}/commitments/${C1}`],
        [fpCookies, `/${lang}/commitments/${C1}/report?cycle=${cycleId}`],
        [
          fpCookies,
          `/${lang}/commitments/${C1}/report?cycle=${cycleId}`,
          async (p) => {
            await p.check('#rf-status-completed');
            await p.click('form.edit button[type=submit]');
            await p.locator('[role=alert]').waitFor();
          },
        ],
        [fpCookies, `/${lang}/commitments/updates/${updateId}`],
        [secCookies, `/${lang}/commitments/review`],
        [
          secCookies,
          `/${lang}/commitments/review`,
          async (p) => {
            await p.click('form.edit button[value=return]');
            await p.locator('[role=alert]').waitFor();
          },
        ],
      ];
      for (const [cookies, url, act] of pages)
        assert.deepEqual(await axe(cookies, url, act), [], `${url}${act ? ' (with an error)' : ''}`);
    }
  });

  it('nothing on the new pages is wider than 320 px', async () => {
    for (const [cookies, paths] of [
      [secCookies, ['/en/commitments/cycles/new', '/ar/commitments/review', '/en/commitments/review']],
      [fpCookies, [`/ar/commitments/${C1}/report?cycle=${cycleId}`, `/en/commitments/updates/${updateId}`]],
    ] as const) {
      const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 320, height: 800 } });
      await context.addCookies(cookies);
      const page = await context.newPage();
      for (const path of paths) {
        await page.goto(base + path);
        const { scrollWidth, innerWidth } = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth: window.innerWidth,
        }));
        assert.ok(scrollWidth <= innerWidth, `${path}: ${scrollWidth} px`);
      }
      await context.close();
    }
  });

  it('the secretariat returns nothing without a message, then accepts the update from the queue', async () => {
    await sec.goto(`${base}/en/commitments`);
    await Promise.all([
      sec.waitForURL(/\/en\/commitments\/review$/),
      sec.getByRole('link', { name: 'Updates awaiting review: 1' }).click(),
    ]);
    const item = sec.locator('section').filter({ has: sec.getByRole('heading', { name: /Update 1: Senegal/ }) });
    assert.match(
      await item.innerText(),
      /Evidence\nhttps:\/\/example\.org\/sen-report[\s\S]*Reported by\nfocal point of SEN/,
    );
    await item.getByRole('button', { name: 'Return' }).click();
    assert.match(await sec.locator('[role=alert]').innerText(), /Error in “Message \(required to return the update\)”/);
    await Promise.all([
      sec.waitForURL(/\/en\/commitments\/review\?notice=accepted$/),
      sec.getByRole('button', { name: 'Accept' }).click(),
    ]);
    assert.match(await sec.locator('[role=status]').first().innerText(), /The update is accepted and public/);
    assert.match(await sec.locator('main').innerText(), /No update awaits your review/);
    // the commitment's public page (signed out: the cached one) shows the accepted update
    const anon = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await anon.goto(`${base}/en/commitments/${C1}`);
    assert.match(await anon.locator('section[aria-labelledby="updates"]').innerText(), /in progress \(40 %\)/);
    assert.equal(await anon.locator('section[aria-labelledby="tasks"]').count(), 0);
    await anon.context().close();
  });
});
