/** Account administration in Chromium, without JavaScript: an administrator grants and revokes roles; tokens on the account page; the audit log; axe on every new page. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { AccountsService } from '../../src/accounts/service.js';
import * as store from '../../src/accounts/store.js';
import { buildApp, loadReference } from '../../src/app.js';
import {
  axeViolations,
  browserUnavailable,
  type Cookies,
  launch,
  listenLocally,
  signedInPage,
} from '../helpers/browser.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { MINI } from '../helpers/reference.js';

const skip = browserUnavailable();
const PASSWORD = 'a long enough password';

describe('account administration in Chromium', { skip }, () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let browser: Browser;
  let base = '';
  before(async () => {
    t = await createTestDatabase('sqlite');
    await loadReference(t.db, MINI);
    const accounts = new AccountsService(t.db);
    const admin = await accounts.createUser(
      { email: 'admin@example.org', displayName: 'Administrator', password: PASSWORD },
      'system',
    );
    await accounts.grant(admin, { role: 'admin', scopeType: null, scopeId: null }, 'system');
    const editor = await accounts.createUser(
      { email: 'editor@example.org', displayName: 'Alpha secretariat', password: PASSWORD },
      'system',
    );
    await accounts.grant(editor, { role: 'editor', scopeType: 'mechanism', scopeId: 'alpha-process' }, 'system');
    await accounts.createUser({ email: 'newcomer@example.org', displayName: 'Newcomer', password: PASSWORD }, 'system');
    // A published change, so the audit page has a record linked to its history and a field-by-field diff.
    await store.insertAudit(t.db, {
      id: 'e2e-change',
      at: '2020-05-01T10:00:00.000Z',
      actor: editor,
      action: 'change.publish',
      record_type: 'participation',
      record_id: 'alpha-process/SEN/member/1',
      before: JSON.stringify({ end: null, status: 'member' }),
      after: JSON.stringify({ end: '2020-04', status: 'member', version: 2 }),
      ip: '192.0.2.7',
    });
    app = await buildApp({ database: t, sessionSecret: 'e2e-admin-secret' });
    base = await listenLocally(app);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await t?.dispose();
  });

  const signedIn = (email: string) => signedInPage(browser, base, email, PASSWORD);
  async function axe(url: string, cookies: Cookies, opts: { openDetails?: boolean } = {}) {
    assert.deepEqual(await axeViolations(browser, url, cookies, { ...opts, expectStatus: 200 }), [], `axe on ${url}`);
  }

  it('the users page in en, fr and es has 0 axe violations, and the account page with tokens too', async () => {
    const admin = await signedIn('admin@example.org');
    const cookies = await admin.context().cookies();
    for (const lang of ['en', 'fr', 'es']) {
      await axe(`${base}/${lang}/admin/users`, cookies);
      await axe(`${base}/${lang}/account`, cookies);
    }
  });

  it('an administrator grants a role (a wrong scope first), then revokes it; the error sits next to the field', async () => {
    const admin = await signedIn('admin@example.org');
    await Promise.all([admin.waitForURL(/\/en\/admin\/users$/), admin.click('a[href="/en/admin/users"]')]);
    await admin.selectOption('#grant-user', { label: 'Newcomer (newcomer@example.org)' });
    await admin.selectOption('#grant-role', 'focal_point');
    // The scope is picked from a list: a mechanism for a focal point is refused next to the field.
    await admin.selectOption('#grant-scope', { label: 'Alpha Process (AP)' });
    await admin.click('form[action="/en/admin/grants"] button[type=submit]');
    assert.match(await admin.locator('#err-grant-scope').innerText(), /needs a country, not a mechanism/);
    assert.equal(await admin.inputValue('#grant-role'), 'focal_point');
    assert.equal(await admin.getAttribute('#grant-scope', 'aria-invalid'), 'true');

    await admin.selectOption('#grant-scope', { label: 'Senegal' });
    await Promise.all([
      admin.waitForURL(/notice=granted/),
      admin.click('form[action="/en/admin/grants"] button[type=submit]'),
    ]);
    assert.match(await admin.locator('[role=status]').innerText(), /The role is granted/);
    const row = admin.locator('tr:has(th:text-is("Newcomer"))');
    assert.match(await row.innerText(), /Country focal point — Senegal \(SEN\)/);
    await axe(admin.url(), await admin.context().cookies());

    await Promise.all([admin.waitForURL(/notice=revoked/), row.locator('button:has-text("Revoke")').click()]);
    assert.match(await admin.locator('[role=status]').innerText(), /The role is revoked/);
    assert.match(await admin.locator('tr:has(th:text-is("Newcomer"))').innerText(), /No role/);
  });

  it('an editor creates a token shown once, then revokes it; the users page is refused', async () => {
    const editor = await signedIn('editor@example.org');
    assert.equal(await editor.locator('a[href="/en/admin/users"]').count(), 0);
    await editor.fill('#token-label', 'my script');
    await editor.click('form[action="/en/account/tokens"] button[type=submit]');
    const token = await editor.locator('#new-token').innerText();
    assert.match(token, /^iscm_/);
    await axe(`${base}/en/account`, await editor.context().cookies());
    await editor.goto(`${base}/en/account`);
    assert.equal(await editor.locator('#new-token').count(), 0, 'shown once');
    await Promise.all([
      editor.waitForURL(/notice=tokenRevoked/),
      editor.click('tr:has(th:text-is("my script")) button:has-text("Revoke")'),
    ]);
    assert.match(await editor.locator('tr:has(th:text-is("my script"))').innerText(), /Revoked on/);
    const res = await editor.goto(`${base}/en/admin/users`);
    assert.equal(res?.status(), 403);
  });

  it('the audit page in en, fr and es has 0 axe violations (diffs open); an administrator filters it without JavaScript', async () => {
    const admin = await signedIn('admin@example.org');
    const cookies = await admin.context().cookies();
    for (const lang of ['en', 'fr', 'es']) {
      await axe(`${base}/${lang}/admin/audit`, cookies, { openDetails: true });
      await axe(`${base}/${lang}/admin/audit?action=change.&limit=1`, cookies, { openDetails: true });
    }
    await admin.goto(`${base}/en/admin/users`);
    await Promise.all([admin.waitForURL(/\/en\/admin\/audit$/), admin.click('a[href="/en/admin/audit"]')]);
    await admin.fill('#audit-action', 'change.');
    await admin.fill('#audit-from', '2020-05-01');
    await admin.fill('#audit-to', '2020-05-01');
    await Promise.all([admin.waitForURL(/action=change\./), admin.click('form.filters button[type=submit]')]);
    const rows = admin.locator('table.audit > tbody > tr');
    assert.equal(await rows.count(), 1);
    assert.match(
      await rows.first().innerText(),
      /Alpha secretariat[\s\S]*change\.publish[\s\S]*alpha-process\/SEN\/member\/1/,
    );
    assert.equal(
      await admin
        .locator('table.audit td a[href="/en/history/participation/alpha-process%2FSEN%2Fmember%2F1"]')
        .count(),
      1,
    );
    await admin.click('table.audit summary');
    assert.match(await admin.locator('table.diff').innerText(), /end\s+—\s+2020-04[\s\S]*version\s+—\s+2/);
    assert.equal(await admin.inputValue('#audit-action'), 'change.', 'the filters stay in the form');

    await admin.fill('#audit-from', '');
    await admin.fill('#audit-to', '');
    await admin.fill('#audit-action', 'role.');
    await Promise.all([admin.waitForURL(/action=role\./), admin.click('form.filters button[type=submit]')]);
    assert.ok((await rows.count()) >= 2);
    for (const text of await admin.locator('table.audit > tbody > tr > td:nth-child(3)').allInnerTexts())
      assert.match(text, /^role\./);
  });
});
