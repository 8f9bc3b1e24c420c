/**
 * Sessions and sign-in (issue 10, item 4): TRUST_PROXY hop counts, the sign-in limit counted in the
 * database across processes, one argon2 verification per attempt, reset links and API tokens,
 * Secure cookies over TLS, and form posts from other origins.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { verify } from '@node-rs/argon2';
import type { FastifyInstance } from 'fastify';
import { openDatabase, type Database } from '../db/database.js';
import { buildApp } from '../app.js';
import { Client } from '../../test/helpers/client.js';
import { createTestDatabase, engines, type TestDatabase } from '../../test/helpers/db.js';
import { MAX_ATTEMPTS_PER_ADDRESS, MAX_RESET_REQUESTS_PER_ACCOUNT, MAX_RESET_REQUESTS_PER_ADDRESS } from './model.js';
import { AccountError, AccountsService, publicTokenId, TooManyAttempts } from './service.js';
import * as store from './store.js';

const PASSWORD = 'correct horse battery staple';
const SECRET = 'test-secret-test-secret-test-secret';
/** A client behind the one trusted proxy (TRUST_PROXY=1): the proxy appends the address it saw. */
const via = (app: FastifyInstance, clientAddress: string, forgedLeft?: string, extra: Record<string, string> = {}) =>
  new Client(app, { 'x-forwarded-for': forgedLeft ? `${forgedLeft}, ${clientAddress}` : clientAddress, ...extra });

for (const { engine, skip } of await engines()) {
  describe(`sessions and sign-in on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let second: Database;
    let app: FastifyInstance;
    let appB: FastifyInstance;
    let accounts: AccountsService;
    const mail: { to: string; text: string }[] = [];
    before(async () => {
      t = await createTestDatabase(engine);
      // A second server process on the same database: its own connection, its own Fastify instance.
      second = openDatabase(
        engine === 'sqlite'
          ? { databaseUrl: null, sqlitePath: t.location }
          : { databaseUrl: t.location, sqlitePath: '' },
      );
      app = await buildApp({
        database: t,
        publicUrl: 'http://localhost',
        sessionSecret: SECRET,
        trustProxy: 1,
        mailSender: async (m) => {
          mail.push(m);
        },
      });
      appB = await buildApp({ database: second, sessionSecret: SECRET, trustProxy: 1 });
      accounts = new AccountsService(t.db);
    });
    after(async () => {
      await app.close();
      await appB.close();
      await second.close();
      await t.dispose();
    });

    it('TRUST_PROXY=1: the rightmost address the proxy saw is used; a forged leftmost X-Forwarded-For neither evades the limit nor reaches the audit log', async () => {
      for (let i = 0; i < MAX_ATTEMPTS_PER_ADDRESS; i++) {
        const res = await via(app, '203.0.113.7', `10.9.${i}.1`).signIn(`rotating-${i}@example.org`, 'wrong password');
        assert.equal(res.statusCode, 401, `attempt ${i + 1}`);
      }
      const limited = await via(app, '203.0.113.7', '10.9.99.1').signIn('rotating-last@example.org', 'wrong password');
      assert.equal(limited.statusCode, 429);
      assert.match(limited.body, /too many sign-in attempts from this address/);
      assert.equal(limited.headers['retry-after'], '60');
      const failed = (await accounts.auditTrail({ action: 'auth.failed' })).filter((e) =>
        e.record_id?.startsWith('rotating-'),
      );
      assert.equal(failed.length, MAX_ATTEMPTS_PER_ADDRESS, 'the refused attempt is not a failed password');
      assert.deepEqual([...new Set(failed.map((e) => e.ip))], ['203.0.113.7']);
      // Another client address behind the same proxy is not limited.
      assert.equal(
        (await via(app, '203.0.113.8', '203.0.113.7').signIn('rotating-other@example.org', 'wrong password'))
          .statusCode,
        401,
      );
    });

    it('the sign-in limit per address holds across two server processes on one database', async () => {
      const clients = [via(app, '198.51.100.20'), via(appB, '198.51.100.20')];
      for (let i = 0; i < MAX_ATTEMPTS_PER_ADDRESS; i++) {
        assert.equal(
          (await clients[i % 2]!.signIn(`split-${i}@example.org`, 'wrong password')).statusCode,
          401,
          `attempt ${i + 1}`,
        );
      }
      assert.equal(
        (await clients[0]!.signIn('split-a@example.org', 'wrong password')).statusCode,
        429,
        'process A counts the attempts made on B',
      );
      assert.equal(
        (await clients[1]!.signIn('split-b@example.org', 'wrong password')).statusCode,
        429,
        'process B counts the attempts made on A',
      );
    });

    it('two server processes on one database, 30 concurrent attempts from one address: exactly 20 are let through to a password check', async () => {
      const env = {
        ...process.env,
        DATABASE_URL: engine === 'postgres' ? t.location : '',
        SQLITE_PATH: engine === 'sqlite' ? t.location : '',
      };
      const servers: ChildProcess[] = [];
      try {
        const ports: number[] = [];
        for (let i = 0; i < 2; i++) {
          const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/server.ts'], {
            env,
            stdio: ['ignore', 'pipe', 'inherit'],
          });
          servers.push(child);
          const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
          ports.push((JSON.parse(line) as { port: number }).port);
        }
        // Both processes see the client as 127.0.0.1 (no proxy); each attempt gets its form first.
        const forms = await Promise.all(
          Array.from({ length: 30 }, async (_, i) => {
            const res = await fetch(`http://127.0.0.1:${ports[i % 2]!}/en/sign-in`);
            const cookie = res.headers
              .getSetCookie()
              .map((c) => c.split(';')[0]!)
              .join('; ');
            return { port: ports[i % 2]!, cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(await res.text())![1]! };
          }),
        );
        const statuses = await Promise.all(
          forms.map(
            async (f, i) =>
              (
                await fetch(`http://127.0.0.1:${f.port}/en/sign-in`, {
                  method: 'POST',
                  redirect: 'manual',
                  headers: { cookie: f.cookie, 'content-type': 'application/x-www-form-urlencoded' },
                  body: new URLSearchParams({
                    _csrf: f.csrf,
                    email: `burst-${i}@example.org`,
                    password: 'wrong password',
                  }).toString(),
                })
              ).status,
          ),
        );
        const checked = statuses.filter((s) => s === 401).length;
        assert.ok(
          statuses.every((s) => s === 401 || s === 429),
          statuses.join(','),
        );
        assert.equal(checked, MAX_ATTEMPTS_PER_ADDRESS, `statuses: ${statuses.join(',')}`);
        const failed = (await accounts.auditTrail({ action: 'auth.failed' })).filter((e) =>
          e.record_id?.startsWith('burst-'),
        );
        assert.equal(failed.length, checked, 'only the attempts let through were checked');
      } finally {
        for (const child of servers) {
          child.kill('SIGTERM');
          if (child.exitCode === null) await once(child, 'exit');
        }
      }
    });

    it('the password-reset request limits hold across two server processes on one database: per client address and per e-mail address', async () => {
      const reset = async (c: Client, email: string) =>
        c.post('/en/reset', { _csrf: await c.csrf('/en/reset'), email });
      const clients = [via(app, '198.51.100.40'), via(appB, '198.51.100.40')];
      for (let i = 0; i < MAX_RESET_REQUESTS_PER_ADDRESS; i++)
        assert.equal(
          (await reset(clients[i % 2]!, `reset-split-${i}@example.org`)).statusCode,
          200,
          `request ${i + 1}`,
        );
      for (const [k, c] of clients.entries()) {
        const refused = await reset(c, `reset-split-last-${k}@example.org`);
        assert.equal(refused.statusCode, 429, `process ${k ? 'B' : 'A'} counts the requests made on the other`);
        assert.equal(refused.headers['retry-after'], '60');
        assert.match(refused.body, /too many password-reset requests from this address/);
      }
      // Another address is not limited by it.
      assert.equal((await reset(via(appB, '198.51.100.41'), 'reset-split-other@example.org')).statusCode, 200);

      // One inbox: mail is limited per e-mail address, whatever the client address and process.
      await accounts.createUser({ email: 'flooded@example.org', displayName: 'Flooded', password: PASSWORD }, 'system');
      const sent = mail.length;
      for (let i = 0; i < MAX_RESET_REQUESTS_PER_ACCOUNT; i++)
        assert.equal(
          (await reset(via(i % 2 ? appB : app, `192.0.2.${100 + i}`), 'flooded@example.org')).statusCode,
          200,
        );
      const flooded = await reset(via(app, '192.0.2.120'), 'Flooded@example.org');
      assert.equal(flooded.statusCode, 429);
      assert.match(flooded.body, /too many password-reset requests for this e-mail address/);
      // The same answer for an address without an account: the limit reveals nothing.
      for (let i = 0; i < MAX_RESET_REQUESTS_PER_ACCOUNT; i++)
        await reset(via(i % 2 ? appB : app, `192.0.2.${130 + i}`), 'no-account@example.org');
      assert.equal((await reset(via(appB, '192.0.2.140'), 'no-account@example.org')).statusCode, 429);
      // Only process A (with PUBLIC_URL) mails; the refused request mailed nothing.
      assert.equal(mail.length - sent, Math.ceil(MAX_RESET_REQUESTS_PER_ACCOUNT / 2));
      assert.ok(mail.slice(sent).every((m) => m.to === 'flooded@example.org'));
    });

    it('an account locks after five failures split across the two processes, even with the right password, for that account only', async () => {
      await accounts.createUser({ email: 'split@example.org', displayName: 'Split', password: PASSWORD }, 'system');
      await accounts.createUser(
        { email: 'bystander@example.org', displayName: 'Bystander', password: PASSWORD },
        'system',
      );
      for (let i = 0; i < 5; i++) {
        const res = await via(i % 2 ? appB : app, `192.0.2.${i + 1}`).signIn('split@example.org', `wrong ${i}`);
        assert.equal(res.statusCode, 401);
      }
      const locked = await via(app, '192.0.2.50').signIn('split@example.org', PASSWORD);
      assert.equal(locked.statusCode, 429);
      assert.match(locked.body, /too many failed sign-ins for this account/);
      assert.equal((await via(appB, '192.0.2.51').signIn('split@example.org', PASSWORD)).statusCode, 429);
      assert.equal((await via(appB, '192.0.2.52').signIn('bystander@example.org', PASSWORD)).statusCode, 303);
    });

    it('a successful sign-in is not a failure: four failures and a success leave the account open', async () => {
      await accounts.createUser(
        { email: 'careless@example.org', displayName: 'Careless', password: PASSWORD },
        'system',
      );
      for (let i = 0; i < 4; i++)
        assert.equal((await via(app, '192.0.2.60').signIn('careless@example.org', `wrong ${i}`)).statusCode, 401);
      assert.equal((await via(app, '192.0.2.60').signIn('careless@example.org', PASSWORD)).statusCode, 303);
      assert.equal((await via(app, '192.0.2.60').signIn('careless@example.org', PASSWORD)).statusCode, 303);
    });

    it('every sign-in verifies exactly one argon2 hash, a dummy one with the same parameters for an unknown account; none once limited', async () => {
      const seen: string[] = [];
      const counted = new AccountsService(t.db, undefined, {
        verifyPassword: (h, p) => {
          seen.push(h);
          return verify(h, p);
        },
      });
      const id = await counted.createUser(
        { email: 'counted@example.org', displayName: 'Counted', password: PASSWORD },
        'system',
      );
      const stored = (await store.userById(t.db, id))!.password_hash;
      const params = (h: string) => h.split('$').slice(1, 4).join('$');

      await assert.rejects(counted.signIn('nobody-at-all@example.org', PASSWORD, '192.0.2.70'), AccountError);
      assert.equal(seen.length, 1, 'an unknown address costs one verification');
      assert.notEqual(seen[0], stored);
      assert.equal(params(seen[0]!), params(stored));
      assert.match(seen[0]!, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);

      await assert.rejects(counted.signIn('counted@example.org', 'wrong password', '192.0.2.70'), AccountError);
      assert.deepEqual(seen.slice(1), [stored], 'a wrong password costs one verification');
      await counted.signIn('counted@example.org', PASSWORD, '192.0.2.70');
      assert.equal(seen.length, 3);

      await t.db.updateTable('user_account').set({ disabled: 1 }).where('id', '=', id).execute();
      await assert.rejects(counted.signIn('counted@example.org', PASSWORD, '192.0.2.70'), AccountError);
      assert.equal(seen.length, 4, 'a disabled account costs one verification too, and is refused');

      for (let i = 0; i < 5; i++)
        await assert.rejects(counted.signIn('guessed@example.org', `guess ${i}`, '192.0.2.71'), AccountError);
      assert.equal(seen.length, 9);
      await assert.rejects(counted.signIn('guessed@example.org', 'guess 6', '192.0.2.71'), TooManyAttempts);
      assert.equal(seen.length, 9, 'the limit is checked before any verification');
    });

    it('using a reset link cancels every other outstanding link of the account; the API tokens are revoked when the box stays checked', async () => {
      const id = await accounts.createUser(
        { email: 'twice@example.org', displayName: 'Twice', password: PASSWORD },
        'system',
      );
      await accounts.grant(id, { role: 'editor', scopeType: 'mechanism', scopeId: 'alpha-process' }, 'system');
      const tokens = [
        await accounts.createToken(id, 'script one', 'system'),
        await accounts.createToken(id, 'script two', 'system'),
      ];
      const c = via(app, '198.51.100.30');
      const sent = mail.length;
      for (let i = 0; i < 2; i++)
        assert.equal(
          (await c.post('/en/reset', { _csrf: await c.csrf('/en/reset'), email: 'twice@example.org' })).statusCode,
          200,
        );
      const links = mail.slice(sent).map((m) => /(\/en\/reset\/[A-Za-z0-9_-]+)/.exec(m.text)![1]!);
      assert.equal(links.length, 2);

      const form = await c.get(links[1]!);
      assert.match(
        form.body,
        /<input id="revoke-tokens" name="revokeTokens" type="checkbox" value="yes" checked/,
        'checked by default',
      );
      assert.match(form.body, /<label for="revoke-tokens">.*Also revoke my API tokens/s);
      assert.match((await c.get(links[1]!.replace('/en/', '/fr/'))).body, /Révoquer aussi mes jetons d’API/);
      assert.match((await c.get(links[1]!.replace('/en/', '/es/'))).body, /Revocar también mis tokens de API/);

      const done = await c.post(links[1]!, {
        _csrf: await c.csrf(links[1]),
        password: 'a brand new long password',
        revokeTokens: 'yes',
      });
      assert.equal(done.statusCode, 200);
      assert.match(done.body, /Your API tokens were revoked/);
      const other = await c.post(links[0]!, { _csrf: await c.csrf(links[0]), password: 'an attacker chosen password' });
      assert.equal(other.statusCode, 400, 'the other link is refused');
      assert.match(other.body, /unknown, used or expired/);
      assert.equal(
        (await via(app, '198.51.100.31').signIn('twice@example.org', 'a brand new long password')).statusCode,
        303,
      );

      for (const token of tokens) assert.equal(await accounts.tokenUser(token), null);
      const api = await app.inject({
        method: 'GET',
        url: '/api/v1/tokens',
        headers: { authorization: `Bearer ${tokens[0]!}` },
      });
      assert.equal(api.statusCode, 401);
      const revocations = (await accounts.auditTrail({ action: 'token.revoke' })).filter((e) => e.actor === id);
      assert.deepEqual(revocations.map((e) => e.record_id).sort(), tokens.map((x) => publicTokenId(sha(x))).sort());
      assert.ok(
        revocations.every(
          (e) => e.ip === '198.51.100.30' && (JSON.parse(e.after!) as { revokedAt: string | null }).revokedAt !== null,
        ),
      );
      const reset = (await accounts.auditTrail({ action: 'auth.reset', recordId: id }))[0]!;
      assert.deepEqual(JSON.parse(reset.after!), { otherResetLinksCancelled: 1, tokensRevoked: 2 });
    });

    it('a reset with the box unchecked keeps the API tokens', async () => {
      const id = await accounts.createUser(
        { email: 'keeper@example.org', displayName: 'Keeper', password: PASSWORD },
        'system',
      );
      await accounts.grant(id, { role: 'editor', scopeType: 'mechanism', scopeId: 'alpha-process' }, 'system');
      const token = await accounts.createToken(id, 'nightly import', 'system');
      const c = via(app, '198.51.100.32');
      const sent = mail.length;
      await c.post('/en/reset', { _csrf: await c.csrf('/en/reset'), email: 'keeper@example.org' });
      const link = /(\/en\/reset\/[A-Za-z0-9_-]+)/.exec(mail[sent]!.text)![1]!;
      const done = await c.post(link, { _csrf: await c.csrf(link), password: 'a brand new long password' });
      assert.equal(done.statusCode, 200);
      assert.doesNotMatch(done.body, /API tokens were revoked/);
      assert.equal((await accounts.tokenUser(token))?.id, id);
      assert.equal((await accounts.auditTrail({ action: 'token.revoke' })).filter((e) => e.actor === id).length, 0);
      const reset = (await accounts.auditTrail({ action: 'auth.reset', recordId: id }))[0]!;
      assert.deepEqual(JSON.parse(reset.after!), { otherResetLinksCancelled: 0, tokensRevoked: 0 });
    });

    it('the _csrf and session cookies are Secure over TLS (X-Forwarded-Proto: https from the trusted proxy), not over plain HTTP', async () => {
      await accounts.createUser({ email: 'tls@example.org', displayName: 'TLS', password: PASSWORD }, 'system');
      const secureOf = (res: { cookies: { name: string; secure?: boolean }[] }, name: string) => {
        const cookie = res.cookies.find((x) => x.name === name);
        assert.ok(cookie, `${name} is set`);
        return cookie.secure === true;
      };
      const tls = via(app, '198.51.100.40', undefined, { 'x-forwarded-proto': 'https' });
      assert.equal(secureOf(await tls.get('/en/sign-in'), '_csrf'), true);
      assert.equal(secureOf(await tls.signIn('tls@example.org', PASSWORD), 'iscm_session'), true);

      const plain = via(app, '198.51.100.41');
      assert.equal(secureOf(await plain.get('/en/sign-in'), '_csrf'), false);
      assert.equal(secureOf(await plain.signIn('tls@example.org', PASSWORD), 'iscm_session'), false);

      // Without a trusted proxy the header is anyone's: it does not make the request TLS.
      const untrusting = await buildApp({ database: t, sessionSecret: SECRET });
      try {
        const res = await untrusting.inject({
          method: 'GET',
          url: '/en/sign-in',
          headers: { 'x-forwarded-proto': 'https' },
        });
        assert.equal(secureOf(res, '_csrf'), false);
      } finally {
        await untrusting.close();
      }
    });

    it('a form post from another origin is refused with 403 and a clear page, even with a valid CSRF token, and changes nothing', async () => {
      const id = await accounts.createUser(
        { email: 'origin@example.org', displayName: 'Origin', password: PASSWORD },
        'system',
      );
      await accounts.grant(id, { role: 'editor', scopeType: 'mechanism', scopeId: 'alpha-process' }, 'system');
      const c = via(app, '198.51.100.50');
      assert.equal((await c.signIn('origin@example.org', PASSWORD)).statusCode, 303);
      const tokenCount = async () => (await store.tokensOf(t.db, id)).length;
      const post = async (headers: Record<string, string>, withCsrf = true) => {
        const form = new URLSearchParams({
          label: 'from a form',
          ...(withCsrf ? { _csrf: await c.csrf('/en/account') } : {}),
        });
        return app.inject({
          method: 'POST',
          url: '/en/account/tokens',
          payload: form.toString(),
          headers: {
            ...c.headers,
            ...headers,
            cookie: c.header(),
            'content-type': 'application/x-www-form-urlencoded',
          },
        });
      };

      const foreign = await post({ origin: 'https://evil.example' });
      assert.equal(foreign.statusCode, 403);
      assert.match(foreign.headers['content-type'] as string, /text\/html/);
      assert.match(foreign.body, /Form refused: it came from another site/);
      assert.match(
        foreign.body,
        /This form was sent from https:\/\/evil\.example, not from this site, so nothing was changed/,
      );
      assert.equal(
        (await post({ referer: 'https://evil.example/page.html' })).statusCode,
        403,
        'a foreign Referer without Origin',
      );
      assert.equal((await post({ origin: 'null' })).statusCode, 403, 'an opaque origin');
      assert.equal((await post({ origin: 'http://localhost:8080' })).statusCode, 403, 'another port is another origin');
      const fr = await app.inject({
        method: 'POST',
        url: '/fr/sign-out',
        headers: { origin: 'https://evil.example', cookie: c.header() },
      });
      assert.equal(fr.statusCode, 403);
      assert.match(fr.body, /Formulaire refusé/);
      assert.equal(await tokenCount(), 0, 'nothing changed');
      assert.equal((await c.get('/en/account')).statusCode, 200, 'still signed in');

      assert.equal(
        (await post({ origin: 'http://localhost' })).statusCode,
        200,
        'the site itself (Host: localhost:80)',
      );
      assert.equal(
        (await post({ referer: 'http://localhost/en/account' })).statusCode,
        200,
        'a same-site Referer without Origin',
      );
      assert.equal((await post({})).statusCode, 200, 'neither header (old browsers): allowed with its CSRF token');
      assert.equal(await tokenCount(), 3);
      const noCsrf = await post({}, false);
      assert.equal(noCsrf.statusCode, 403, 'neither header and no CSRF token');
      assert.doesNotMatch(noCsrf.body, /another site/);
      assert.equal(await tokenCount(), 3);

      // The API takes a Bearer token, not cookies: the Origin check does not apply to it.
      const token = await accounts.createToken(id, 'api', 'system');
      const api = await app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        payload: { label: 'from the API' },
        headers: { origin: 'https://evil.example', authorization: `Bearer ${token}` },
      });
      assert.equal(api.statusCode, 201);
    });

    it("with PUBLIC_URL set, its origin is the site's own, not the request's Host", async () => {
      const hub = await buildApp({ database: t, publicUrl: 'https://hub.example.org/', sessionSecret: SECRET });
      try {
        const c = via(hub, '198.51.100.60');
        const signOut = async (origin: string) =>
          hub.inject({
            method: 'POST',
            url: '/en/sign-out',
            payload: `_csrf=${encodeURIComponent(await c.csrf('/en/sign-in'))}`,
            headers: { ...c.headers, origin, cookie: c.header(), 'content-type': 'application/x-www-form-urlencoded' },
          });
        assert.equal((await signOut('http://localhost')).statusCode, 403);
        assert.equal((await signOut('https://hub.example.org')).statusCode, 303);
      } finally {
        await hub.close();
      }
    });
  });
}

function sha(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}
