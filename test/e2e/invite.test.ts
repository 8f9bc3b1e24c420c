/**
 * Invitations in Chromium, without JavaScript: an administrator invites an address from the users page, the invitee
 * opens the mailed link, chooses a name and password (a short one first), and signs in; axe on every page of the flow.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { AccountsService } from '../../src/accounts/service.js';
import { buildApp, loadReference } from '../../src/app.js';
import {
  axeViolations,
  browserUnavailable,
  freePort,
  launch,
  listenLocally,
  signedInPage,
  type Cookies,
} from '../helpers/browser.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { MINI } from '../helpers/reference.js';

const skip = browserUnavailable();
const PASSWORD = 'a long enough password';

describe('invitations in Chromium', { skip }, () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let browser: Browser;
  let base = '';
  const mails: { to: string; text: string }[] = [];
  before(async () => {
    t = await createTestDatabase('sqlite');
    await loadReference(t.db, MINI);
    const accounts = new AccountsService(t.db);
    const admin = await accounts.createUser(
      { email: 'admin@example.org', displayName: 'Administrator', password: PASSWORD },
      'system',
    );
    await accounts.grant(admin, { role: 'admin', scopeType: null, scopeId: null }, 'system');
    const port = await freePort();
    app = await buildApp({
      database: t,
      sessionSecret: 'e2e-invite-secret',
      publicUrl: `http://127.0.0.1:${port}`,
      mailSender: (m) => {
        mails.push(m);
        return Promise.resolve();
      },
    });
    base = await listenLocally(app, port);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await t?.dispose();
  });

  const axe = async (url: string, cookies: Cookies = [], expectStatus = 200) =>
    assert.deepEqual(await axeViolations(browser, url, cookies, { expectStatus }), [], `axe on ${url}`);

  it('an administrator invites an address; the invitee opens the link, chooses a name and a password, and signs in', async () => {
    const admin = await signedInPage(browser, base, 'admin@example.org', PASSWORD, 'fr');
    await admin.goto(`${base}/fr/admin/users`);
    await admin.fill('#invite-email', 'not-an-address@');
    await admin.locator('#invite-email').evaluate((el) => el.removeAttribute('type')); // let the server judge it
    await admin.click('form[action="/fr/admin/invitations"] button[type=submit]');
    assert.match(await admin.locator('#err-invite-email').innerText(), /is not an e-mail address/);
    assert.equal(await admin.getAttribute('#invite-email', 'aria-invalid'), 'true');
    assert.equal(mails.length, 0);

    await admin.fill('#invite-email', 'guest@example.org');
    await Promise.all([
      admin.waitForURL(/notice=invited/),
      admin.click('form[action="/fr/admin/invitations"] button[type=submit]'),
    ]);
    assert.match(await admin.locator('[role=status]').innerText(), /L’invitation est envoyée/);
    assert.match(
      await admin.locator('table:has(caption:text("Invitations pas encore utilisées"))').innerText(),
      /guest@example.org/,
    );
    const cookies = await admin.context().cookies();
    await axe(`${base}/fr/admin/users`, cookies);
    await axe(`${base}/ar/admin/users`, cookies);

    assert.equal(mails.length, 1);
    assert.equal(mails[0]!.to, 'guest@example.org');
    const link = new RegExp(`${base}/fr/invite/[A-Za-z0-9_-]+`).exec(mails[0]!.text)?.[0];
    assert.ok(link, mails[0]!.text);
    await axe(link);
    await axe(link.replace('/fr/', '/ar/'));
    await axe(link.replace('/fr/', '/zh/'));

    const guest = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await guest.goto(link);
    assert.match(await guest.locator('main').innerText(), /guest@example\.org/);
    await guest.fill('#invite-name', 'Guest Secretariat');
    await guest.fill('#invite-password', 'short');
    await guest.locator('#invite-password').evaluate((el) => el.removeAttribute('minlength'));
    await guest.click(`form[action^="/fr/invite/"] button[type=submit]`);
    assert.match(await guest.locator('[role=alert]').innerText(), /at least 12 characters/);
    assert.equal(await guest.getAttribute('#invite-password', 'aria-invalid'), 'true');
    assert.equal(await guest.inputValue('#invite-name'), 'Guest Secretariat');

    await guest.fill('#invite-password', PASSWORD);
    await guest.click(`form[action^="/fr/invite/"] button[type=submit]`);
    assert.match(await guest.locator('[role=status]').innerText(), /Votre compte est ouvert/);
    await guest.fill('#email', 'guest@example.org');
    await guest.fill('#password', PASSWORD);
    await Promise.all([
      guest.waitForURL(/\/fr\/account$/),
      guest.click('form[action="/fr/sign-in"] button[type=submit]'),
    ]);
    assert.match(await guest.locator('main').innerText(), /Guest Secretariat/);

    const used = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    const res = await used.goto(link);
    assert.equal(res?.status(), 400, 'the link works once');
    assert.equal(await used.locator('#invite-password').count(), 0);
    await axe(link, [], 400);
  });
});
