/**
 * A document's visibility in Chromium, without JavaScript: the secretariat closes a document to members from its
 * edit page (the page then says it is saved, the public page answers 404), and the member space lists it with its
 * "closed to members" badge. axe on each page (0 violations).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { AccountsService } from '../../src/accounts/service.js';
import { buildApp, loadReference } from '../../src/app.js';
import { axeViolations, browserUnavailable, launch, listenLocally, signedInPage } from '../helpers/browser.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { insertDocument } from '../helpers/documents.js';
import { MINI } from '../helpers/reference.js';

const skip = browserUnavailable();
const PASSWORD = 'a long enough password';
const DOC = 'alpha-briefing-2020';

describe('document visibility in Chromium', { skip }, () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let browser: Browser;
  let base = '';
  before(async () => {
    t = await createTestDatabase('sqlite');
    await loadReference(t.db, MINI);
    await insertDocument(t.db, DOC);
    const accounts = new AccountsService(t.db);
    const editor = await accounts.createUser(
      { email: 'editor@alpha.example', displayName: 'Alpha secretariat', password: PASSWORD },
      'system',
    );
    await accounts.grant(editor, { role: 'editor', scopeType: 'mechanism', scopeId: 'alpha-process' }, 'system');
    app = await buildApp({ database: t, sessionSecret: 'e2e-document-visibility-secret', cacheTtlMs: 0 });
    base = await listenLocally(app);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await t?.dispose();
  });

  const axe = async (page: Page) =>
    assert.deepEqual(
      await axeViolations(browser, page.url(), await page.context().cookies()),
      [],
      `axe on ${page.url()}`,
    );

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
