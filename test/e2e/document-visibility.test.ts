/**
 * A document's visibility in Chromium, without JavaScript: the secretariat closes a document to members from its
 * edit page (the page then says it is saved, the public page answers 404), and the member space lists it with its
 * "closed to members" badge. axe on each page (0 violations).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { browserUnavailable, signedInPage } from '../helpers/browser.js';
import { insertDocument } from '../helpers/documents.js';
import { ALPHA_EDITOR, E2E_PASSWORD as PASSWORD, startEditingSite, type EditingSite } from '../helpers/editing-site.js';

const skip = browserUnavailable();
const DOC = 'alpha-briefing-2020';

describe('document visibility in Chromium', { skip }, () => {
  let site: EditingSite;
  let browser: Browser;
  let base = '';
  before(async () => {
    site = await startEditingSite({
      secret: 'e2e-document-visibility-secret',
      accounts: [ALPHA_EDITOR],
      prepare: (db) => insertDocument(db.db, DOC),
    });
    ({ browser, base } = site);
  });
  after(() => site?.close());
  const axe = (page: Page) => site.axe(page);

  it('en: the secretariat closes the document to members; the space shows it with its badge', async () => {
    const page = await signedInPage(browser, base, 'editor@alpha.example', PASSWORD, 'en');
    await page.goto(`${base}/en/edit/documents/${DOC}/versions/new`);
    await axe(page);
    assert.equal(await page.isChecked('#f-visibility-public'), true);
    await page.check('#f-visibility-members');
    await Promise.all([page.waitForURL(/visibility=saved/), page.click('text=Save the visibility')]);
    assert.match((await page.textContent('[role=status]')) ?? '', /The visibility is saved/);
    assert.equal(await page.isChecked('#f-visibility-members'), true);
    await axe(page);
    const res = await page.goto(`${base}/en/documents/${DOC}`);
    assert.equal(res?.status(), 404);
    await page.goto(`${base}/en/spaces/alpha-process`);
    const item = page.locator('.space-documents li', { hasText: `Document ${DOC}` });
    assert.equal(await item.count(), 1);
    assert.match((await item.textContent()) ?? '', /Closed to members/);
    await axe(page);
    await page.context().close();
  });

  it('fr: the form and its refusal are in French', async () => {
    const page = await signedInPage(browser, base, 'editor@alpha.example', PASSWORD, 'fr');
    await page.goto(`${base}/fr/edit/documents/${DOC}/versions/new`);
    assert.match((await page.textContent('#visibility-title')) ?? '', /Qui peut voir ce document/);
    await axe(page);
    await page.context().close();
  });
});
