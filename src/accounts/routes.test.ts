import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { Client } from '../../test/helpers/client.js';
import { createTestDatabase, engines, type TestDatabase } from '../../test/helpers/db.js';
import { AccountsService } from './service.js';
import * as store from './store.js';

const PASSWORD = 'correct horse battery staple';

for (const { engine, skip } of await engines()) {
  describe(`accounts on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let accounts: AccountsService;
    let userId = '';
    const mail: { to: string; subject: string; text: string }[] = [];
    before(async () => {
      t = await createTestDatabase(engine);
      app = await buildApp({
        database: t,
        publicUrl: 'http://localhost',
        sessionSecret: 'test-secret-test-secret-test-secret',
        trustProxy: 1,
        mailSender: async (m) => {
          mail.push(m);
        },
      });
      accounts = new AccountsService(t.db);
      userId = await accounts.createUser(
        { email: 'Editor@Example.org', displayName: 'Rabat secretariat', password: PASSWORD },
        'system',
      );
      await accounts.grant(userId, { role: 'editor', scopeType: 'mechanism', scopeId: 'rabat-process' }, 'system');
    });
    after(async () => {
      await app.close();
      await t.dispose();
    });

    it('sends security headers: CSP without inline script, frame denial, no-sniff; HSTS only over TLS', async () => {
      const res = await app.inject({ method: 'GET', url: '/en/sign-in' });
      const csp = String(res.headers['content-security-policy']);
      assert.match(csp, /script-src 'self'(;|$)/);
      assert.doesNotMatch(csp, /unsafe-inline/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.equal(res.headers['x-frame-options'], 'DENY');
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['strict-transport-security'], undefined);
      const tls = await app.inject({ method: 'GET', url: '/en/sign-in', headers: { 'x-forwarded-proto': 'https' } });
      assert.match(String(tls.headers['strict-transport-security']), /max-age=\d+/);
    });

    it('refuses a form without its CSRF token', async () => {
      const c = new Client(app);
      await c.get('/en/sign-in');
      const res = await c.post('/en/sign-in', { email: 'editor@example.org', password: PASSWORD });
      assert.equal(res.statusCode, 403);
      const forged = await c.post('/en/sign-in', { _csrf: 'forged', email: 'editor@example.org', password: PASSWORD });
      assert.equal(forged.statusCode, 403);
    });

    it('a wrong password is refused, the e-mail kept, and the failure audited', async () => {
      const c = new Client(app);
      const res = await c.signIn('editor@example.org', 'not the password');
      assert.equal(res.statusCode, 401);
      assert.match(res.body, /value="editor@example.org"/);
      assert.match(res.body, /aria-invalid="true"/);
      assert.equal(c.cookies.has('iscm_session'), false);
      const failed = await accounts.auditTrail({ action: 'auth.failed', recordId: 'editor@example.org' });
      assert.equal(failed.length, 1);
    });

    it('signs in with a signed, HttpOnly, SameSite cookie backed by a database session, and shows the roles', async () => {
      const c = new Client(app);
      const res = await c.signIn('EDITOR@example.org', PASSWORD);
      assert.equal(res.statusCode, 303);
      const cookie = res.cookies.find((x) => x.name === 'iscm_session')!;
      assert.ok(cookie.httpOnly);
      assert.equal(cookie.sameSite, 'Lax');
      assert.match(cookie.value, /\./, 'signed');
      const account = await c.get('/en/account');
      assert.equal(account.statusCode, 200);
      assert.match(account.body, /editor@example.org/);
      assert.match(account.body, /Mechanism editor/);
      assert.match(account.body, /rabat-process/);
      assert.equal((await accounts.auditTrail({ action: 'auth.signin', recordId: userId })).length >= 1, true);
    });

    it('a session from before sign-in is never kept (no fixation), and signing out ends it', async () => {
      const c = new Client(app);
      await c.signIn('editor@example.org', PASSWORD);
      const first = c.cookies.get('iscm_session')!;
      await c.signIn('editor@example.org', PASSWORD);
      const second = c.cookies.get('iscm_session')!;
      assert.notEqual(first, second);
      const stale = new Client(app);
      stale.cookies.set('iscm_session', first);
      assert.equal((await stale.get('/en/account')).statusCode, 303, 'the earlier session must be gone');
      assert.equal((await c.get('/en/account')).statusCode, 200);
      const out = await c.post('/en/sign-out', { _csrf: await c.csrf('/en/account') });
      assert.equal(out.statusCode, 303);
      const after = new Client(app);
      after.cookies.set('iscm_session', second);
      assert.equal((await after.get('/en/account')).statusCode, 303);
      assert.equal((await accounts.auditTrail({ action: 'auth.signout', recordId: userId })).length >= 1, true);
    });

    it('an unsigned or tampered cookie is no session', async () => {
      const c = new Client(app);
      c.cookies.set('iscm_session', 'made-up-token');
      assert.equal((await c.get('/en/account')).statusCode, 303);
    });

    it('locks an account after five failed sign-ins, even with the right password', async () => {
      await accounts.createUser({ email: 'target@example.org', displayName: 'Target', password: PASSWORD }, 'system');
      const c = new Client(app);
      for (let i = 0; i < 5; i++) assert.equal((await c.signIn('target@example.org', `wrong ${i}`)).statusCode, 401);
      const locked = await c.signIn('target@example.org', PASSWORD);
      assert.equal(locked.statusCode, 429);
      assert.match(locked.body, /too many failed sign-ins/);
      // Another account is not affected.
      assert.equal((await c.signIn('editor@example.org', PASSWORD)).statusCode, 303);
    });

    it('resets a password with a one-time link: unknown addresses look the same, the link works once, every session ends', async () => {
      await accounts.createUser(
        { email: 'forgetful@example.org', displayName: 'Forgetful', password: PASSWORD },
        'system',
      );
      const signedIn = new Client(app);
      await signedIn.signIn('forgetful@example.org', PASSWORD);
      assert.equal((await signedIn.get('/en/account')).statusCode, 200);

      const c = new Client(app);
      const unknown = await c.post('/en/reset', { _csrf: await c.csrf('/en/reset'), email: 'nobody@example.org' });
      const known = await c.post('/en/reset', { _csrf: await c.csrf('/en/reset'), email: 'Forgetful@example.org' });
      assert.equal(unknown.statusCode, 200);
      assert.equal(known.statusCode, 200);
      assert.equal(
        unknown.body.replace(/name="_csrf" value="[^"]+"/, ''),
        known.body.replace(/name="_csrf" value="[^"]+"/, ''),
        'the answer does not reveal which address has an account',
      );
      assert.equal(mail.length, 1);
      assert.equal(mail[0]!.to, 'forgetful@example.org');
      const link = /(\/en\/reset\/[A-Za-z0-9_-]+)/.exec(mail[0]!.text)![1]!;

      const short = await c.post(link, { _csrf: await c.csrf(link), password: 'short' });
      assert.equal(short.statusCode, 400);
      assert.match(short.body, /at least 12 characters/);
      const done = await c.post(link, { _csrf: await c.csrf(link), password: 'a brand new long password' });
      assert.equal(done.statusCode, 200);
      assert.match(done.body, /role="status"><strong>Your password is changed/);
      assert.doesNotMatch(done.body, /role="alert"/);
      assert.equal((await signedIn.get('/en/account')).statusCode, 303, 'every session ended');
      assert.equal((await new Client(app).signIn('forgetful@example.org', PASSWORD)).statusCode, 401);
      assert.equal(
        (await new Client(app).signIn('forgetful@example.org', 'a brand new long password')).statusCode,
        303,
      );
      const again = await c.post(link, { _csrf: await c.csrf(link), password: 'yet another long password' });
      assert.equal(again.statusCode, 400, 'the link works once');
      assert.equal((await accounts.auditTrail({ action: 'auth.reset' })).length, 1);
    });

    it('rejects bad account input with the field named', async () => {
      await assert.rejects(
        accounts.createUser({ email: 'not-an-email', displayName: 'X', password: PASSWORD }, 'system'),
        /not an e-mail address/,
      );
      await assert.rejects(
        accounts.createUser({ email: 'a@b.org', displayName: 'X', password: 'short' }, 'system'),
        /at least 12 characters/,
      );
      await assert.rejects(
        accounts.createUser({ email: 'editor@example.org', displayName: 'X', password: PASSWORD }, 'system'),
        /already exists/,
      );
      await assert.rejects(
        accounts.grant(userId, { role: 'editor', scopeType: null, scopeId: null }, 'system'),
        /needs a mechanism/,
      );
      const grants = await store.auditEvents(t.db, { action: 'role.grant', recordId: userId });
      assert.equal(grants.length, 1, 'the refused grant is not audited');
    });
  });
}
