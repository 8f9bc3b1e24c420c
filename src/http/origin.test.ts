/** Origins from configuration only: the Host check, PUBLIC_URL everywhere, the cache keyed by origin, reset mail. */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ConfigError, readConfig } from '../config.js';
import { type AppOptions, buildApp, loadReference } from '../app.js';
import { AccountsService } from '../accounts/service.js';
import { Client } from '../../test/helpers/client.js';
import { createTestDatabase, engines, type TestDatabase } from '../../test/helpers/db.js';
import { MINI } from '../../test/helpers/reference.js';

const FORGED = 'evil.example';
/** Every kind of URL that writes absolute links: pages (canonical, hreflang, og:url, JSON-LD), sitemap, robots, feeds. */
const URLS = [
  '/en/',
  '/fr/mechanisms/alpha-process',
  '/es/countries/SEN',
  '/en/meetings/alpha-process-2025-ministerial',
  '/sitemap.xml',
  '/robots.txt',
  '/calendar/meetings.ics',
  '/calendar/mechanisms/alpha-process.ics',
  '/api/v1/mechanisms/alpha-process',
];

function logLines(): { lines: string[]; logger: AppOptions['logger'] } {
  const lines: string[] = [];
  return {
    lines,
    logger: {
      level: 'info',
      stream: {
        write: (l: string) => {
          lines.push(l);
        },
      },
    },
  };
}

describe('configuration of origins', () => {
  it('PUBLIC_URL must be an absolute http(s) origin without path or query', () => {
    assert.equal(readConfig({ PUBLIC_URL: 'https://ISCM.example.org/' }).publicUrl, 'https://iscm.example.org');
    assert.equal(readConfig({ PUBLIC_URL: 'http://iscm.lan:8080' }).publicUrl, 'http://iscm.lan:8080');
    assert.equal(readConfig({}).publicUrl, null);
    for (const [bad, says] of [
      ['iscm.example.org', /absolute URL/],
      ['ftp://iscm.example.org', /http:\/\/ or https:\/\//],
      ['https://iscm.example.org/hub', /without path/],
      ['https://iscm.example.org/?a=1', /without path, query/],
      ['https://user:pw@iscm.example.org', /user name or password/],
    ] as const) {
      assert.throws(
        () => readConfig({ PUBLIC_URL: bad }),
        (e: Error) => e instanceof ConfigError && /PUBLIC_URL/.test(e.message) && says.test(e.message),
        bad,
      );
    }
  });

  it('ALLOWED_HOSTS is a comma list of names with optional ports; a bad entry is named', () => {
    assert.deepEqual(readConfig({ ALLOWED_HOSTS: 'iscm.lan:3000, 192.168.1.20:3000,[::1]:3000,hub' }).allowedHosts, [
      'iscm.lan:3000',
      '192.168.1.20:3000',
      '[::1]:3000',
      'hub',
    ]);
    assert.equal(readConfig({}).allowedHosts, null);
    assert.throws(
      () => readConfig({ ALLOWED_HOSTS: 'iscm.lan, http://x.org' }),
      (e: Error) => e instanceof ConfigError && e.message.includes('"http://x.org"'),
    );
    assert.throws(() => readConfig({ ALLOWED_HOSTS: 'iscm.lan:99999' }), /"iscm\.lan:99999"/);
  });

  it('timeouts and the body limit are positive whole numbers', () => {
    assert.equal(readConfig({}).requestTimeoutMs, 30_000);
    assert.equal(readConfig({ BODY_LIMIT_BYTES: '2048' }).bodyLimitBytes, 2048);
    assert.throws(
      () => readConfig({ REQUEST_TIMEOUT_MS: '1e3' }),
      /REQUEST_TIMEOUT_MS must be a positive whole number, got "1e3"/,
    );
  });
});

for (const { engine, skip } of await engines()) {
  describe(`origins on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    const apps: FastifyInstance[] = [];
    const app = async (opts: Partial<AppOptions> = {}) => {
      const a = await buildApp({ database: t, sessionSecret: 'origin-test-secret-origin-test-secret', ...opts });
      apps.push(a);
      return a;
    };
    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db, MINI);
      await new AccountsService(t.db).createUser(
        { email: 'forgetful@example.org', displayName: 'Forgetful', password: 'a long enough password' },
        'system',
      );
    });
    after(async () => {
      for (const a of apps) await a.close();
      await t.dispose();
    });

    it('without PUBLIC_URL, a forged Host gets 400 naming it, and nothing is rendered or cached', async () => {
      const a = await app();
      for (const url of URLS) {
        const res = await a.inject({ method: 'GET', url, headers: { host: FORGED } });
        assert.equal(res.statusCode, 400, url);
        assert.match(String(res.headers['cache-control']), /no-store/, url);
        assert.ok(res.body.includes(FORGED), `${url}: the answer names the Host`);
        assert.doesNotMatch(res.body, /<link|<loc>|BEGIN:VCALENDAR/, url);
      }
      const api = await a.inject({ method: 'GET', url: '/api/v1/stats', headers: { host: `${FORGED}:80` } });
      assert.equal(api.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.deepEqual(
        api.json<{ errors: { name: string; in: string }[] }>().errors.map((e) => `${e.in} ${e.name}`),
        ['header host'],
      );
      const missing = await a.inject({ method: 'GET', url: '/no/such/page', headers: { host: FORGED } });
      assert.equal(missing.statusCode, 400, 'refused before routing, so unknown paths too');
      assert.equal(a.responseCache.size, 0, 'no cache entry was made for a forged Host');
      // the next visitor with an allowed Host gets its own origin, never the forged one
      for (const url of URLS) {
        const res = await a.inject({ method: 'GET', url });
        assert.equal(res.statusCode, 200, url);
        assert.doesNotMatch(res.body, /evil/, url);
      }
      assert.match(
        (await a.inject({ method: 'GET', url: '/en/' })).body,
        /<link rel="canonical" href="http:\/\/localhost:80\/en\/"/,
      );
    });

    it('default allowed hosts: localhost, 127.0.0.1 and [::1] on the port of the connection only', async () => {
      const a = await app();
      for (const host of [
        'localhost',
        'localhost:80',
        'LOCALHOST:80',
        '127.0.0.1',
        '127.0.0.1:80',
        '[::1]:80',
        '[::1]',
      ]) {
        assert.equal((await a.inject({ method: 'GET', url: '/en/', headers: { host } })).statusCode, 200, host);
      }
      for (const host of ['localhost:8080', '10.0.0.1', 'localhost.evil.example', 'x@localhost', 'localhost:80:80']) {
        assert.equal((await a.inject({ method: 'GET', url: '/en/', headers: { host } })).statusCode, 400, host);
      }
      // over a real socket, the port the server listens on
      await a.listen({ port: 0, host: '127.0.0.1' });
      const port = (a.server.address() as { port: number }).port;
      const get = (host: string) =>
        new Promise<number>((resolve, reject) => {
          request({ host: '127.0.0.1', port, path: '/en/', headers: { host } }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          })
            .on('error', reject)
            .end();
        });
      assert.equal(await get(`localhost:${port}`), 200);
      assert.equal(await get(`127.0.0.1:${port}`), 200);
      assert.equal(await get('localhost'), 400, 'port 80 is not where this server listens');
      assert.equal(await get(`${FORGED}:${port}`), 400);
    });

    it('/health and /ready answer any Host: they write no URL', async () => {
      const a = await app();
      assert.equal(
        (await a.inject({ method: 'GET', url: '/health', headers: { host: '10.1.2.3:3000' } })).statusCode,
        200,
      );
      assert.equal(
        (await a.inject({ method: 'GET', url: '/ready', headers: { host: '10.1.2.3:3000' } })).statusCode,
        200,
      );
    });

    it('with PUBLIC_URL, a forged Host never appears in a page, the sitemap, a feed or the API', async () => {
      // an allowed second name (a mirror) and a proxy's forwarded Host are both ignored for URLs
      const a = await app({
        publicUrl: 'https://iscm.example.org',
        allowedHosts: ['mirror.example', 'localhost:80'],
        trustProxy: 1,
      });
      const sizes: number[] = [];
      for (const url of URLS) {
        for (const headers of [
          { host: 'mirror.example' },
          { host: 'localhost:80', 'x-forwarded-host': 'mirror.example' },
          {},
        ]) {
          const res = await a.inject({ method: 'GET', url, headers });
          assert.equal(res.statusCode, 200, `${url} ${JSON.stringify(headers)}`);
          assert.doesNotMatch(res.body, /mirror\.example|localhost/, url);
          if (!url.startsWith('/api/')) assert.match(res.body, /https:\/\/iscm\.example\.org\//, url);
          sizes.push(a.responseCache.size);
        }
        assert.equal((await a.inject({ method: 'GET', url, headers: { host: FORGED } })).statusCode, 400, url);
        assert.equal(
          (await a.inject({ method: 'GET', url, headers: { host: 'localhost:80', 'x-forwarded-host': FORGED } }))
            .statusCode,
          400,
          `${url}: a forwarded Host is checked too`,
        );
      }
      const home = (await a.inject({ method: 'GET', url: '/en/', headers: { host: 'mirror.example' } })).body;
      assert.match(home, /<link rel="canonical" href="https:\/\/iscm\.example\.org\/en\/"/);
      assert.match(home, /hreflang="fr" href="https:\/\/iscm\.example\.org\/fr\/"/);
      assert.match(home, /property="og:url" content="https:\/\/iscm\.example\.org\/en\/"/);
      assert.match(home, /"url":"https:\/\/iscm\.example\.org\/en\/"/);
      for (let i = 0; i < sizes.length; i += 3) {
        assert.deepEqual(
          sizes.slice(i, i + 3),
          [sizes[i], sizes[i], sizes[i]],
          'one origin: one cache entry per URL, whatever the Host',
        );
      }
    });

    it('with PUBLIC_URL, the reset mail links to it whatever the Host', async () => {
      const mail: { text: string }[] = [];
      const a = await app({
        publicUrl: 'https://iscm.example.org',
        allowedHosts: ['mirror.example', 'localhost:80'],
        mailSender: async (m) => {
          mail.push(m);
        },
      });
      const c = new Client(a);
      const csrf = await c.csrf('/en/reset');
      const res = await a.inject({
        method: 'POST',
        url: '/en/reset',
        headers: { host: 'mirror.example', cookie: c.header(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrf, email: 'forgetful@example.org' }).toString(),
      });
      assert.equal(res.statusCode, 200);
      assert.equal(mail.length, 1);
      assert.match(mail[0]!.text, /https:\/\/iscm\.example\.org\/en\/reset\/[A-Za-z0-9_-]+/);
      assert.doesNotMatch(mail[0]!.text, /mirror|localhost/);
    });

    it('without PUBLIC_URL, reset mail is not sent: the same neutral answer, no link made, a warning logged', async () => {
      const mail: unknown[] = [];
      const { lines, logger } = logLines();
      const a = await app({
        logger,
        mailSender: async (m) => {
          mail.push(m);
        },
      });
      const c = new Client(a);
      const before = await t.db
        .selectFrom('password_reset')
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      const known = await c.form('/en/reset', { email: 'forgetful@example.org' });
      const unknown = await c.form('/en/reset', { email: 'nobody@example.org' });
      assert.equal(known.statusCode, 200);
      const neutral = (b: string) => b.replace(/name="_csrf" value="[^"]+"/, '');
      assert.equal(neutral(known.body), neutral(unknown.body));
      assert.match(known.body, /If this address has an account/);
      assert.equal(mail.length, 0, 'nothing is mailed');
      const afterCount = await t.db
        .selectFrom('password_reset')
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(afterCount.n), Number(before.n), 'no reset token is created');
      const warnings = lines
        .map((l) => JSON.parse(l) as { level: number; msg: string })
        .filter((l) => l.level === 40 && /no mail sent.*PUBLIC_URL/.test(l.msg));
      assert.equal(warnings.length, 2);
    });

    it('two allowed origins get distinct cache entries, each with its own links', async () => {
      const a = await app({ allowedHosts: ['a.example', 'b.example:8080'] });
      const first = await a.inject({
        method: 'GET',
        url: '/en/mechanisms/alpha-process',
        headers: { host: 'a.example' },
      });
      const second = await a.inject({
        method: 'GET',
        url: '/en/mechanisms/alpha-process',
        headers: { host: 'b.example:8080' },
      });
      const again = await a.inject({
        method: 'GET',
        url: '/en/mechanisms/alpha-process',
        headers: { host: 'a.example' },
      });
      assert.match(first.body, /href="http:\/\/a\.example\/en\/mechanisms\/alpha-process"/);
      assert.match(second.body, /href="http:\/\/b\.example:8080\/en\/mechanisms\/alpha-process"/);
      assert.doesNotMatch(second.body, /\/\/a\.example/);
      assert.equal(again.body, first.body);
      assert.notEqual(first.headers.etag, second.headers.etag);
      assert.equal(a.responseCache.size, 2);
      assert.equal(
        (await a.inject({ method: 'GET', url: '/en/', headers: { host: 'localhost:80' } })).statusCode,
        400,
        'ALLOWED_HOSTS replaces the loopback default',
      );
    });
  });
}
