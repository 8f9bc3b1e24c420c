/**
 * The editing pages in Chromium, in French and Spanish, without JavaScript: an editor changes a
 * profile, adds a membership and edits a meeting; a reviewer publishes; a focal point disputes a
 * row; an administrator reverts. axe-core checks every page on the way (0 violations).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { AccountsService } from '../../src/accounts/service.js';
import { buildApp, loadReference } from '../../src/app.js';
import { axeViolations, browserUnavailable, launch, listenLocally, signedInPage } from '../helpers/browser.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { MINI } from '../helpers/reference.js';

const skip = browserUnavailable();
const PASSWORD = 'a long enough password';
const USERS = {
  editor: {
    email: 'editor@alpha.example',
    grant: { role: 'editor', scopeType: 'mechanism', scopeId: 'alpha-process' },
  },
  reviewer: { email: 'reviewer@example.org', grant: { role: 'reviewer', scopeType: null, scopeId: null } },
  focal: { email: 'focal@senegal.example', grant: { role: 'focal_point', scopeType: 'country', scopeId: 'SEN' } },
  admin: { email: 'admin@example.org', grant: { role: 'admin', scopeType: null, scopeId: null } },
} as const;

describe('editing pages in French and Spanish, in Chromium', { skip }, () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let browser: Browser;
  let base = '';
  const checked: string[] = [];
  before(async () => {
    t = await createTestDatabase('sqlite');
    await loadReference(t.db, MINI);
    const accounts = new AccountsService(t.db);
    for (const [name, u] of Object.entries(USERS)) {
      const id = await accounts.createUser({ email: u.email, displayName: name, password: PASSWORD }, 'system');
      await accounts.grant(id, { ...u.grant }, 'system');
    }
    app = await buildApp({ database: t, sessionSecret: 'e2e-i18n-secret', cacheTtlMs: 0 });
    base = await listenLocally(app);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await t?.dispose();
  });

  const signedIn = (who: keyof typeof USERS, lang: 'fr' | 'es') =>
    signedInPage(browser, base, USERS[who].email, PASSWORD, lang);
  /** axe on the page as it is now (same cookies, JavaScript on for axe itself), and its language. */
  async function axe(page: Page, lang: 'fr' | 'es') {
    const url = page.url();
    assert.equal(await page.getAttribute('html', 'lang'), lang, url);
    assert.equal(await page.locator('script:not([type="application/ld+json"])').count(), 0, `no script on ${url}`);
    assert.deepEqual(await axeViolations(browser, url, await page.context().cookies()), [], `axe on ${url}`);
    checked.push(new URL(url).pathname);
  }
  const submit = (page: Page, url: RegExp) =>
    Promise.all([page.waitForURL(url), page.click('form.edit button[type=submit]:not([name])')]);

  it('fr: an editor changes the profile, adds a membership and edits a meeting; each waits for review', async () => {
    const editor = await signedIn('editor', 'fr');
    await editor.goto(`${base}/fr/edit`);
    await axe(editor, 'fr');
    await Promise.all([
      editor.waitForURL(/\/fr\/edit\/mechanisms\/alpha-process$/),
      editor.click('a[href="/fr/edit/mechanisms/alpha-process"]'),
    ]);
    await axe(editor, 'fr');

    await Promise.all([editor.waitForURL(/\/profile$/), editor.click('text=Modifier le profil')]);
    await axe(editor, 'fr');
    await editor.fill('#f-chair_current', 'Mali');
    await editor.fill('#f-chair_since', '2025-13'); // passes the form's pattern, not the server's check
    await editor.fill('#f-sources', 'https://alpha.example/communique-2025');
    await editor.click('form.edit button[type=submit]:not([name])');
    assert.match(await editor.locator('#f-chair_since-err').innerText(), /not a date/);
    assert.equal(await editor.inputValue('#f-chair_current'), 'Mali', 'the entered values stay');
    await axe(editor, 'fr');
    await editor.fill('#f-chair_since', '2025-03');
    await submit(editor, /\/fr\/changes\/[0-9a-f-]{36}\?change=pending$/);
    assert.match(await editor.locator('[role=status]').innerText(), /attend la révision/);
    await axe(editor, 'fr');

    await editor.goto(`${base}/fr/edit/mechanisms/alpha-process/participation/new`);
    await axe(editor, 'fr');
    await editor.selectOption('#f-country', 'GHA');
    await editor.selectOption('#f-role', 'observer');
    await editor.fill('#f-start', '2023-07');
    await editor.fill('#f-sources', 'https://alpha.example/ghana-observer');
    await submit(editor, /\/fr\/changes\/[0-9a-f-]{36}\?change=pending$/);

    await editor.goto(`${base}/fr/edit/meetings/alpha-process-2025-ministerial`);
    await axe(editor, 'fr');
    await editor.uncheck('#keep-1');
    await editor.selectOption('#p_countries', ['GHA']);
    await editor.selectOption('#p_role', 'observer');
    await editor.fill('#f-sources', 'https://alpha.example/ministerial-2025-list');
    await submit(editor, /\/fr\/changes\/[0-9a-f-]{36}\?change=pending$/);

    await editor.goto(`${base}/fr/edit/mechanisms/alpha-process/status`);
    await axe(editor, 'fr');
    await editor.selectOption('#f-status', 'dormant');
    await editor.fill('#f-since', '2026-02');
    await editor.fill('#f-sources', 'https://alpha.example/no-meeting-since');
    await submit(editor, /\/fr\/changes\/[0-9a-f-]{36}\?change=pending$/);

    await editor.goto(`${base}/fr/review`);
    assert.equal(await editor.locator('section.change').count(), 4, 'the editor sees their four changes waiting');
    await axe(editor, 'fr');
  });

  it('es: the reviewer sees the diffs and publishes; the public profile and meeting follow', async () => {
    const reviewer = await signedIn('reviewer', 'es');
    await reviewer.goto(`${base}/es/review`);
    await axe(reviewer, 'es');
    const queue = await reviewer.locator('main').innerText();
    assert.match(queue, /Cambio del perfil/);
    assert.match(queue, /Nueva participación/);
    assert.match(queue, /Cambio de una reunión/);
    assert.match(queue, /Cambio de estado/);
    // The profile change first: the status change, based on the same version, must then be refused.
    for (let i = 0; i < 3; i++) {
      await reviewer.goto(`${base}/es/review`);
      await Promise.all([
        reviewer.waitForURL(/change=published/),
        reviewer.locator('section.change button:has-text("Publicar")').first().click(),
      ]);
    }
    await axe(reviewer, 'es');
    // The status change was based on the version the profile change replaced: the queue says so, publishing it is refused, the reviewer returns it.
    await reviewer.goto(`${base}/es/review`);
    assert.equal(await reviewer.locator('section.change').count(), 1);
    assert.match(await reviewer.locator('section.change').innerText(), /changed since this change was proposed/);
    const refused = await Promise.all([
      reviewer.waitForLoadState(),
      reviewer.click('section.change button:has-text("Publicar")'),
    ]);
    void refused;
    assert.match(await reviewer.locator('main').innerText(), /changed since this change was proposed/);
    await reviewer.goto(`${base}/es/review`);
    await reviewer.fill('section.change input[name=comment]', 'Propóngalo de nuevo sobre la versión actual');
    await Promise.all([
      reviewer.waitForURL(/done=returned/),
      reviewer.click('section.change button:has-text("Devolver")'),
    ]);
    assert.match(await reviewer.locator('[role=status]').innerText(), /devolvió/);
    const profile = await reviewer.context().newPage();
    await profile.goto(`${base}/es/mechanisms/alpha-process?asOf=2025-06-01`);
    const text = await profile.locator('main').innerText();
    assert.match(text, /Presidencia actual\s+Mali/);
    assert.match(text, /Ghana/);
    await profile.goto(`${base}/es/meetings/alpha-process-2025-ministerial`);
    assert.match(await profile.locator('main').innerText(), /Ghana/);
  });

  it('es: a focal point disputes a row of their country, with the reason; the profile shows it', async () => {
    const focal = await signedIn('focal', 'es');
    await focal.goto(`${base}/es/edit/countries/SEN`);
    await axe(focal, 'es');
    await Promise.all([focal.waitForURL(/\/verify$/), focal.locator('tr:has(th:text-is("Beta Forum")) a').click()]);
    await axe(focal, 'es');
    await focal.selectOption('#f-state', 'disputed');
    await focal.click('form.edit button[type=submit]:not([name])');
    assert.match(await focal.locator('#f-note-err').innerText(), /dispute needs a note/);
    assert.equal(await focal.inputValue('#f-state'), 'disputed');
    await focal.fill('#f-note', 'Senegal joined in 2006');
    await submit(focal, /\/es\/history\/participation\/.*change=published$/);
    await axe(focal, 'es');
    const profile = await focal.context().newPage();
    await profile.goto(`${base}/es/mechanisms/beta-forum?asOf=2010-01-01`);
    assert.match(await profile.locator('main').innerText(), /impugnado por el país/);
  });

  it('fr: an administrator reverts the profile change from its history page', async () => {
    const admin = await signedIn('admin', 'fr');
    await admin.goto(`${base}/fr/history/mechanism/alpha-process`);
    await axe(admin, 'fr');
    await Promise.all([
      admin.waitForURL(/change=reverted/),
      admin.click('button:has-text("Annuler cette modification")'),
    ]);
    assert.match(await admin.locator('main').innerText(), /Annulation/);
    const profile = await admin.context().newPage();
    await profile.goto(`${base}/fr/mechanisms/alpha-process`);
    assert.doesNotMatch(await profile.locator('main').innerText(), /Présidence actuelle/);
    await admin.goto(`${base}/fr/edit/mechanisms/alpha-process/meetings/new`);
    await axe(admin, 'fr');
    assert.ok(checked.length >= 15, `axe ran on ${checked.length} pages`);
  });
});
