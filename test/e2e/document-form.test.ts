/**
 * The document record form in Chromium, without JavaScript: in English an editor of the mechanism follows "Add a
 * document" from the mechanism's editing page, fills the record and lands on the new document page, then edits it
 * from there; in Arabic a bad date re-shows the form with the message next to the date field, in Arabic. axe on
 * each page (0 violations), also on the re-shown form with its error.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { browserUnavailable, signedInPage } from '../helpers/browser.js';
import type { TestDatabase } from '../helpers/db.js';
import { insertDocument } from '../helpers/documents.js';
import { ALPHA_EDITOR, E2E_PASSWORD as PASSWORD, startEditingSite, type EditingSite } from '../helpers/editing-site.js';

const skip = browserUnavailable();
const DOC = 'alpha-declaration-2020';

describe('the document record form in Chromium', { skip }, () => {
  let site: EditingSite;
  let t: TestDatabase;
  let browser: Browser;
  let base = '';
  before(async () => {
    site = await startEditingSite({
      secret: 'e2e-document-form-secret',
      accounts: [ALPHA_EDITOR],
      prepare: async (db) => {
        await insertDocument(db.db, DOC);
        await db.db
          .insertInto('document_source')
          .values({ document_id: DOC, source_id: 'src-d75cf69047', seq: 0 })
          .execute();
      },
    });
    ({ t, browser, base } = site);
  });
  after(() => site?.close());
  const axe = (page: Page) => site.axe(page);

  it('en: from the mechanism’s editing page to a new record, then an edit of it from its page', async () => {
    const page = await signedInPage(browser, base, 'editor@alpha.example', PASSWORD, 'en');
    await page.goto(`${base}/en/edit/mechanisms/alpha-process`);
    await Promise.all([
      page.waitForURL(/\/en\/edit\/documents\/new\?mechanism=alpha-process$/),
      page.click('text=Add a document'),
    ]);
    await axe(page);
    assert.deepEqual(
      await page
        .locator('#f-mechanisms option:checked')
        .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)),
      ['alpha-process'],
    );
    await page.fill('#f-title', 'Alpha roadmap on skills partnerships');
    await page.selectOption('#f-kind', 'strategy');
    await page.fill('#f-date', '2026-03');
    await page.fill('#f-meeting', 'alpha-process-2025-ministerial');
    await page.fill('#f-languages', 'en, fr');
    await page.fill('#f-url', 'https://alpha.example/roadmap');
    await page.fill('#f-summaryFacts', 'Names three pilot corridors.\nAsks for a review in 2028.');
    await page.fill('#f-sources', 'src-d75cf69047');
    const id = 'ap-alpha-roadmap-on-skills-partnerships-2026';
    await Promise.all([page.waitForURL(`${base}/en/documents/${id}`), page.click('form.edit button[type=submit]')]);
    assert.match(await page.locator('h1').innerText(), /Alpha roadmap on skills partnerships/);
    assert.match(await page.locator('main').innerText(), /Names three pilot corridors\./);
    assert.match(await page.locator('main').innerText(), /Alpha ministerial conference/);
    await axe(page);
    await Promise.all([page.waitForURL(`${base}/en/edit/documents/${id}`), page.click('text=Edit this record')]);
    await axe(page);
    assert.equal(await page.inputValue('#f-date'), '2026-03');
    await page.fill('#f-title', 'Alpha roadmap on skills and talent partnerships');
    await Promise.all([page.waitForURL(`${base}/en/documents/${id}`), page.click('form.edit button[type=submit]')]);
    assert.match(await page.locator('h1').innerText(), /skills and talent partnerships/);
  });

  it('ar: a bad date re-shows the form with the message next to the date field, in Arabic', async () => {
    const page = await signedInPage(browser, base, 'editor@alpha.example', PASSWORD, 'ar');
    await page.goto(`${base}/ar/edit/documents/${DOC}`);
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    await axe(page);
    await page.fill('#f-date', '2020-14');
    await page.click('form.edit button[type=submit]');
    await page.waitForSelector('#f-date-err');
    assert.match(await page.locator('#f-date-err').innerText(), /«2020-14» ليس تاريخًا/);
    assert.equal(await page.getAttribute('#f-date', 'aria-invalid'), 'true');
    assert.match(await page.locator('[role=alert]').innerText(), /التاريخ/);
    assert.equal(
      (await t.db.selectFrom('document').select('date').where('id', '=', DOC).executeTakeFirstOrThrow()).date,
      '2020',
    );
    // The re-shown form, with its error, is itself accessible (axe needs JavaScript: the same post in a tab with it on).
    const ctx = await browser.newContext();
    await ctx.addCookies(await page.context().cookies());
    const tab = await ctx.newPage();
    await tab.goto(`${base}/ar/edit/documents/${DOC}`);
    await tab.fill('#f-date', '2020-14');
    await Promise.all([tab.waitForSelector('#f-date-err'), tab.click('form.edit button[type=submit]')]);
    const result = await new AxeBuilder({ page: tab })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
      .analyze();
    await ctx.close();
    assert.deepEqual(
      result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`),
      [],
    );
  });
});
