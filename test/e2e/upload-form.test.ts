/**
 * The upload form in Chromium, without JavaScript: an editor of the mechanism picks a real PDF (pdf-lib), its
 * language and status, and sends it; the document page shows the new version with its size and text state, then
 * its paragraph anchors once the worker has read it. In Arabic, a file of the wrong type re-shows the form with
 * the message next to the file field, in Arabic. axe on each page (0 violations).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { LocalBlobStore } from '../../src/documents/files/blobs.js';
import { browserUnavailable, signedInPage } from '../helpers/browser.js';
import { insertDocument } from '../helpers/documents.js';
import { textPdf } from '../helpers/pdf.js';
import { ALPHA_EDITOR, E2E_PASSWORD as PASSWORD, startEditingSite, type EditingSite } from '../helpers/editing-site.js';

const skip = browserUnavailable();
const DOC = 'alpha-declaration-2020';

describe('the upload form in Chromium', { skip }, () => {
  let site: EditingSite;
  let browser: Browser;
  let base = '';
  let dir = '';
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'iscm-e2e-upload-'));
    writeFileSync(
      join(dir, 'declaration.pdf'),
      await textPdf([
        ['Alpha declaration', '1. Welcome the work of the secretariat.', '2. Recall the declaration.'],
        ['12. Commit to share information on recruitment.', '13. Agree to meet again in two years.'],
      ]),
    );
    writeFileSync(join(dir, 'notes.pdf'), 'plain text notes, named as a PDF');
    site = await startEditingSite({
      secret: 'e2e-upload-form-secret',
      accounts: [ALPHA_EDITOR],
      prepare: (db) => insertDocument(db.db, DOC),
      app: { blobs: new LocalBlobStore(join(dir, 'blobs')) },
    });
    ({ browser, base } = site);
  });
  after(async () => {
    await site?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const axe = (page: Page) => site.axe(page);

  it('en: a PDF through the form lands on the document page, with its size, state and then #para-12', async () => {
    const page = await signedInPage(browser, base, 'editor@alpha.example', PASSWORD, 'en');
    await page.goto(`${base}/en/documents/${DOC}`);
    await Promise.all([page.waitForURL(/\/versions\/new$/), page.click('text=Upload a language version')]);
    await axe(page);
    await page.setInputFiles('#f-file', join(dir, 'declaration.pdf'));
    await page.selectOption('#f-language', 'fr');
    await page.check('#f-status-unofficial');
    await Promise.all([
      page.waitForURL(new RegExp(`/en/documents/${DOC}\\?version=v-[0-9a-f-]+#files$`)),
      page.click('form.edit button[type=submit]'),
    ]);
    const files = await page.locator('section[aria-labelledby=files]').innerText();
    assert.match(files, /French \(Unofficial\)/i);
    assert.match(files, /kB/);
    assert.match(files, /text being read|text read/);
    for (let i = 0; i < 200 && /text being read/.test(await page.locator('#files').locator('..').innerText()); i++) {
      await new Promise((r) => setTimeout(r, 100));
      await page.reload();
    }
    assert.equal(await page.locator('#para-12').count(), 1);
    assert.match(await page.locator('#para-12').innerText(), /Commit to share information on recruitment/);
    await axe(page);
  });

  it('ar: a file of the wrong type re-shows the form with the message next to the file field, in Arabic', async () => {
    const page = await signedInPage(browser, base, 'editor@alpha.example', PASSWORD, 'ar');
    await page.goto(`${base}/ar/edit/documents/${DOC}/versions/new`);
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    await axe(page);
    await page.setInputFiles('#f-file', join(dir, 'notes.pdf'));
    await page.click('form.edit button[type=submit]');
    await page.waitForSelector('#f-file-err');
    assert.match(await page.locator('#f-file-err').innerText(), /هذا الملف ليس ملف PDF/);
    assert.equal(await page.getAttribute('#f-file', 'aria-invalid'), 'true');
    assert.match(await page.locator('[role=alert]').innerText(), /الملف/);
    // the re-shown form, with its error, is itself accessible (axe needs JavaScript: the same post in a tab with it on)
    const ctx = await browser.newContext();
    await ctx.addCookies(await page.context().cookies());
    const tab = await ctx.newPage();
    await tab.goto(`${base}/ar/edit/documents/${DOC}/versions/new`);
    await tab.setInputFiles('#f-file', join(dir, 'notes.pdf'));
    await Promise.all([tab.waitForSelector('#f-file-err'), tab.click('form.edit button[type=submit]')]);
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
