/**
 * The meeting form in Chromium, without JavaScript: an editor proposes a new meeting with several participants chosen
 * from the registry (with their role), agenda items and a document chosen from the repository, in one submission; the
 * change's own page and the reviewer's queue say what it adds in words. axe on every page (0 violations).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { browserUnavailable, signedInPage } from '../helpers/browser.js';
import { insertDocument } from '../helpers/documents.js';
import { ALPHA_EDITOR, E2E_PASSWORD as PASSWORD, startEditingSite, type EditingSite } from '../helpers/editing-site.js';

const skip = browserUnavailable();

describe('the meeting form in Chromium', { skip }, () => {
  let site: EditingSite;
  let browser: Browser;
  let base = '';
  before(async () => {
    site = await startEditingSite({
      secret: 'e2e-meeting-form-secret',
      accounts: [
        ALPHA_EDITOR,
        {
          email: 'reviewer@example.org',
          displayName: 'Reviewer',
          grant: { role: 'reviewer', scopeType: null, scopeId: null },
        },
      ],
      prepare: (db) => insertDocument(db.db, 'alpha-declaration'),
    });
    ({ browser, base } = site);
  });
  after(() => site?.close());
  const axe = (page: Page) => site.axe(page);

  it('several participants, agenda items and a repository document in one submission; the review says it in words', async () => {
    const editor = await signedInPage(browser, base, 'editor@alpha.example', PASSWORD, 'es');
    await editor.goto(`${base}/es/edit/mechanisms/alpha-process/meetings/new`);
    await axe(editor);
    await editor.fill('#f-title', 'Alpha Process working group, Accra');
    await editor.selectOption('#f-kind', 'working-group');
    await editor.fill('#f-start', '2026-05-04');
    await editor.selectOption('#p_countries', ['GHA', 'SEN']);
    await editor.selectOption('#p_organizations', ['iom']);
    await editor.selectOption('#p_role', 'observer');
    await editor.fill('#agenda_item-0', 'Opening');
    await editor.fill('#agenda_item-1', 'Return and reintegration');
    await editor.selectOption('#repo_documents', ['alpha-declaration']);
    await editor.fill('#f-sources', 'https://alpha.example/working-group-2026');
    await Promise.all([
      editor.waitForURL(/\/es\/changes\/[0-9a-f-]{36}\?change=pending$/),
      editor.click('form.edit button[type=submit]:not([name])'),
    ]);
    const own = await editor.locator('main').innerText();
    assert.match(
      own,
      /Añadidos: Ghana \(Observador\), Senegal \(Observador\), International Organization for Migration \(Observador\)/,
    );
    assert.match(own, /Añadidos: Opening, Return and reintegration/);
    assert.match(own, /Añadidos: Document alpha-declaration/);
    await axe(editor);

    const reviewer = await signedInPage(browser, base, 'reviewer@example.org', PASSWORD, 'fr');
    await reviewer.goto(`${base}/fr/review`);
    assert.equal(await reviewer.locator('section.change').count(), 1, 'one pending change');
    const queue = await reviewer.locator('section.change').innerText();
    assert.match(queue, /Alpha secretariat/);
    assert.match(queue, /Ajoutés\s:\sGhana \(Observateur\), Sénégal \(Observateur\)/);
    await axe(reviewer);
  });

  it('without JavaScript: agenda rows added by a button keep what was typed; participants of mixed roles in one submission', async () => {
    const editor = await signedInPage(browser, base, 'editor@alpha.example', PASSWORD, 'ar');
    await editor.goto(`${base}/ar/edit/mechanisms/alpha-process/meetings/new`);
    await editor.fill('#f-title', 'Alpha Process ministerial, Accra');
    await editor.fill('#f-start', '2026-06-01');
    for (const [i, title] of ['Opening', 'Labour migration', 'Return'].entries())
      await editor.fill(`#agenda_item-${i}`, title);
    await Promise.all([editor.waitForLoadState('load'), editor.click('button[name=more][value=agenda]')]);
    assert.equal(await editor.inputValue('#agenda_item-2'), 'Return', 'what was typed stays');
    assert.equal(await editor.locator('input[name=agenda_item]').count(), 6, 'three more rows');
    assert.equal(await editor.inputValue('#f-title'), 'Alpha Process ministerial, Accra');
    await editor.fill('#agenda_item-3', 'Closing');
    await editor.selectOption('#pr_party-0', 'country:GHA');
    await editor.selectOption('#pr_role-0', 'host');
    await editor.selectOption('#pr_party-1', 'organization:iom');
    await editor.selectOption('#pr_role-1', 'chair');
    await editor.selectOption('#pr_party-2', 'country:SEN');
    await editor.selectOption('#pr_role-2', 'speaker');
    await editor.fill('#f-sources', 'https://alpha.example/ministerial-2026');
    await axe(editor);
    await Promise.all([
      editor.waitForURL(/\/ar\/changes\/[0-9a-f-]{36}\?change=pending$/),
      editor.click('form.edit button[type=submit]:not([name])'),
    ]);
    const own = await editor.locator('main').innerText();
    assert.match(own, /Opening, Labour migration, Return, Closing/);
    assert.match(own, /غانا \(المضيف\), International Organization for Migration \(الرئيس\), السنغال \(متحدث\)/);
  });

  it("an agenda title too long: the form again, the error next to its row in the reader's language, axe clean", async () => {
    const editor = await signedInPage(browser, base, 'editor@alpha.example', PASSWORD, 'es');
    await editor.goto(`${base}/es/edit/mechanisms/alpha-process/meetings/new`);
    await editor.fill('#f-title', 'Alpha Process working group');
    await editor.fill('#f-start', '2026-07-01');
    await editor.fill('#agenda_item-0', 'Opening');
    await editor.fill('#agenda_item-1', 'x'.repeat(401));
    await editor.selectOption('#pr_party-0', 'country:GHA');
    await editor.selectOption('#pr_role-0', 'chair');
    await editor.fill('#f-sources', 'https://alpha.example/wg');
    await Promise.all([editor.waitForLoadState('load'), editor.click('form.edit button[type=submit]:not([name])')]);
    assert.equal(await editor.getAttribute('#agenda_item-1', 'aria-invalid'), 'true');
    assert.match(await editor.locator('#agenda_item-1-err').innerText(), /demasiado largo/);
    assert.equal(await editor.inputValue('#agenda_item-0'), 'Opening');
    assert.equal(await editor.inputValue('#pr_role-0'), 'chair');
    await axe(editor);
  });
});
