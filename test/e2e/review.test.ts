/** The review flow in Chromium, without JavaScript: an editor ends a membership with a source, a reviewer publishes it. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, browserUnavailable, type Cookies, signedInPage } from '../helpers/browser.js';
import {
  E2E_PASSWORD as PASSWORD,
  RABAT_EDITOR,
  REVIEWER,
  startEditingSite,
  type EditingSite,
} from '../helpers/editing-site.js';

const skip = browserUnavailable();

describe('editing with review in Chromium', { skip }, () => {
  let site: EditingSite;
  let browser: Browser;
  let base = '';
  before(async () => {
    site = await startEditingSite({
      secret: 'e2e-secret',
      reference: 'bundled',
      accounts: [RABAT_EDITOR, REVIEWER],
      app: { cacheTtlMs: 1000 },
    });
    ({ browser, base } = site);
  });
  after(() => site?.close());

  const signedIn = (email: string) => signedInPage(browser, base, email, PASSWORD);
  async function axe(url: string, cookies: Cookies) {
    assert.deepEqual(await axeViolations(browser, url, cookies), [], `axe on ${url}`);
  }
  const spainOnProfile = async (page: Page) =>
    (
      await (
        await page.context().newPage()
      )
        .goto(`${base}/en/mechanisms/rabat-process?asOf=2026-06-01`)
        .then((r) => r!.text())
    ).includes('href="/en/countries/ESP"');

  it('editor proposes, the public does not see it yet, the reviewer publishes, the profile and history follow', async () => {
    const editor = await signedIn('editor@rabat.example');
    assert.ok(await spainOnProfile(editor));
    await Promise.all([
      editor.waitForURL(/\/edit\/mechanisms\/rabat-process$/),
      editor.click('a[href="/en/edit/mechanisms/rabat-process"]'),
    ]);
    await Promise.all([
      editor.waitForURL(/\/edit\/participation\//),
      editor.click('tr:has(th:text-is("Spain")) a:has-text("End")'),
    ]);
    await axe(editor.url(), await editor.context().cookies());

    // A bad source first: the error shows next to the field and the entered values stay.
    await editor.fill('#f-end', '2026-01-15');
    await editor.selectOption('#f-endCause', 'left');
    await editor.fill('#f-note', 'Withdrew (letter of 15 January 2026)');
    await editor.fill('#f-sources', 'ftp://example.org/letter');
    await editor.click('form.edit button[type=submit]:not([name])');
    assert.match(await editor.locator('#f-sources-err').innerText(), /neither a source id nor an http\(s\) URL/);
    assert.equal(await editor.inputValue('#f-end'), '2026-01-15');
    assert.equal(await editor.inputValue('#f-note'), 'Withdrew (letter of 15 January 2026)');

    await editor.fill('#f-sources', 'https://www.rabat-process.org/en/news/letter-2026');
    await Promise.all([
      editor.waitForURL(/\/changes\/[0-9a-f-]{36}\?change=pending$/),
      editor.click('form.edit button[type=submit]:not([name])'),
    ]);
    assert.match(await editor.locator('[role=status]').innerText(), /waits for review/);
    assert.ok(await spainOnProfile(editor), 'not published yet');

    const reviewer = await signedIn('reviewer@example.org');
    await Promise.all([reviewer.waitForURL(/\/en\/review$/), reviewer.click('a[href="/en/review"]')]);
    const diff = await reviewer.locator('section.change').first().innerText();
    assert.match(diff, /15 January 2026/, 'dates in words');
    assert.match(diff, /Rabat secretariat/, 'the author by name');
    assert.match(diff, /rabat-process\.org\/en\/news\/letter-2026/);
    await axe(reviewer.url(), await reviewer.context().cookies());
    await Promise.all([reviewer.waitForURL(/change=published/), reviewer.click('button:has-text("Publish")')]);
    const history = await reviewer.locator('main').innerText();
    assert.match(history, /published/);
    assert.match(history, /proposed[\s\S]*published/);
    assert.match(history, /proposed by Rabat secretariat, published by Reviewer/);
    assert.equal(
      await reviewer.locator('table:has(caption:text-is("Every version of the record")) tbody tr').count(),
      2,
      'two versions',
    );
    await axe(reviewer.url(), []);

    assert.ok(!(await spainOnProfile(reviewer)), 'published: Spain is no longer a member on 1 June 2026');
  });

  it('a stale form shows the conflict page with both versions side by side', async () => {
    const editor = await signedIn('editor@rabat.example');
    await editor.goto(`${base}/en/edit/participation/${encodeURIComponent('rabat-process/FRA/member/1')}`);
    const stale = await editor.context().newPage();
    await stale.goto(editor.url());
    // First form wins…
    await editor.fill('#f-end', '2026-02-01');
    await editor.fill('#f-sources', 'https://example.org/first');
    await editor.click('form.edit button[type=submit]:not([name])');
    // …the reviewer has not published, so the record is unchanged: still version 1. Publish it through the queue.
    const reviewer = await signedIn('reviewer@example.org');
    await reviewer.goto(`${base}/en/review`);
    await Promise.all([reviewer.waitForURL(/change=published/), reviewer.click('button:has-text("Publish")')]);
    // The second, stale form now conflicts.
    await stale.fill('#f-end', '2026-03-01');
    await stale.fill('#f-sources', 'https://example.org/second');
    const res = await Promise.all([stale.waitForLoadState(), stale.click('form.edit button[type=submit]:not([name])')]);
    void res;
    assert.match(await stale.locator('h1').innerText(), /changed while you edited it/);
    const table = await stale.locator('table').innerText();
    assert.match(table, /2026-03-01/);
    assert.match(table, /2026-02-01/);
  });

  it('a signed-out visitor is sent to sign in; an editor of another mechanism is refused', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const anon = await context.newPage();
    await anon.goto(`${base}/en/edit/mechanisms/rabat-process`);
    assert.match(anon.url(), /\/en\/sign-in$/);
    await context.close();
    const editor = await signedIn('editor@rabat.example');
    const res = await editor.goto(`${base}/en/edit/mechanisms/bali-process`);
    assert.equal(res?.status(), 403);
  });
});
