/**
 * Sign-in forms in Chromium, without JavaScript: the browser's own form posts carry the site's Origin
 * (so the Origin check lets them through, the reset page too), the reset form revokes the API tokens
 * with its box left checked, and a form on another site posting here is refused with the clear page.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { AccountsService } from '../../src/accounts/service.js';
import { buildApp } from '../../src/app.js';
import { browserUnavailable, freePort, launch, listenLocally, signedInPage } from '../helpers/browser.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

const skip = browserUnavailable();
const PASSWORD = 'a long enough password';

describe('sign-in forms in Chromium', { skip }, () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let browser: Browser;
  let base = '';
  let accounts: AccountsService;
  let userId = '';
  const mail: string[] = [];
  const origins: { url: string; origin: string | undefined }[] = [];
  let attacker: Server | undefined;
  before(async () => {
    t = await createTestDatabase('sqlite');
    accounts = new AccountsService(t.db);
    userId = await accounts.createUser(
      { email: 'editor@example.org', displayName: 'Editor', password: PASSWORD },
      'system',
    );
    await accounts.grant(userId, { role: 'editor', scopeType: 'mechanism', scopeId: 'alpha-process' }, 'system');
    // Reset mail is sent only with PUBLIC_URL: the server's own address, so the Origin check sees the browser's origin.
    const port = await freePort();
    app = await buildApp({
      database: t,
      publicUrl: `http://127.0.0.1:${port}`,
      sessionSecret: 'e2e-signin-secret',
      mailSender: async (m) => {
        mail.push(m.text);
      },
    });
    app.addHook('onRequest', async (req) => {
      if (req.method === 'POST') origins.push({ url: req.url, origin: req.headers.origin });
    });
    base = await listenLocally(app, port);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await new Promise((resolve) => {
      if (attacker) attacker.close(resolve);
      else resolve(undefined);
    });
    await t?.dispose();
  });

  it("the browser's own sign-in post carries the site's origin and is let through", async () => {
    const page = await signedInPage(browser, base, 'editor@example.org', PASSWORD);
    assert.match((await page.textContent('h1')) ?? '', /Your account/);
    assert.deepEqual(
      origins.filter((o) => o.url === '/en/sign-in').map((o) => o.origin),
      [base],
    );
    await page.context().close();
  });

  it('a reset from the mailed link, with the box left checked, revokes the API tokens', async () => {
    const token = await accounts.createToken(userId, 'script', 'system');
    const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await page.goto(`${base}/en/reset`);
    await page.fill('#reset-email', 'editor@example.org');
    await Promise.all([page.waitForLoadState(), page.click('form[action="/en/reset"] button[type=submit]')]);
    const link = /(\/en\/reset\/[A-Za-z0-9_-]+)/.exec(mail.at(-1) ?? '')?.[1];
    assert.ok(link, 'a link was mailed');
    await page.goto(`${base}${link}`);
    assert.equal(await page.isChecked('#revoke-tokens'), true, 'checked by default');
    assert.equal(
      await page.textContent('label[for="revoke-tokens"]').then((s) => s?.trim()),
      'Also revoke my API tokens (a script using one will need a new token)',
    );
    await page.fill('#new-password', 'a brand new long password');
    await Promise.all([page.waitForLoadState(), page.click(`form[action="${link}"] button[type=submit]`)]);
    assert.match(
      (await page.textContent('[role=status]')) ?? '',
      /Your password is changed.*Your API tokens were revoked/,
    );
    assert.equal(
      origins.find((o) => o.url === link)?.origin,
      base,
      'the reset page (its own Referrer-Policy) still posts its origin',
    );
    assert.equal(await accounts.tokenUser(token), null);
    await page.context().close();
  });

  it('a form on another site posting here is refused with the clear page, even with a valid CSRF token', async () => {
    const page = await signedInPage(browser, base, 'editor@example.org', 'a brand new long password');
    const csrf = await page.getAttribute('form[action="/en/sign-out"] input[name=_csrf]', 'value');
    assert.ok(csrf);
    // localhost is another origin (and site) than 127.0.0.1: the attacker's page, with the victim's own token in it.
    attacker = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        `<!doctype html><title>Win a prize</title><form method="post" action="${base}/en/sign-out">` +
          `<input type="hidden" name="_csrf" value="${csrf}"><button type="submit">Claim</button></form>`,
      );
    });
    await new Promise<void>((resolve) => attacker!.listen(0, '127.0.0.1', resolve));
    const port = (attacker.address() as { port: number }).port;
    await page.goto(`http://localhost:${port}/`);
    const [res] = await Promise.all([page.waitForResponse(`${base}/en/sign-out`), page.click('button[type=submit]')]);
    assert.equal(res.status(), 403);
    assert.equal(await page.textContent('h1'), 'Form refused: it came from another site');
    assert.match(
      (await page.textContent('[role=alert]')) ?? '',
      new RegExp(`sent from http://localhost:${port}, not from this site, so nothing was changed`),
    );
    await page.goto(`${base}/en/account`);
    assert.match((await page.textContent('h1')) ?? '', /Your account/, 'still signed in');
    await page.context().close();
  });
});
