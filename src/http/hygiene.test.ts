/** HTTP hygiene: CSP over TLS only, timeouts and body limit, X-Request-Id, moved-id redirects, /health and /ready. */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { type AppOptions, buildApp, loadReference } from '../app.js';
import { createTestDatabase, engines, type TestDatabase } from '../../test/helpers/db.js';
import { MINI } from '../../test/helpers/reference.js';

describe('HTTP hygiene', () => {
  let t: TestDatabase;
  const apps: FastifyInstance[] = [];
  const app = async (opts: Partial<AppOptions> = {}) => {
    const a = await buildApp({ database: t, sessionSecret: 'hygiene-test-secret-hygiene-test', ...opts });
    apps.push(a);
    return a;
  };
  before(async () => {
    t = await createTestDatabase('sqlite');
    await loadReference(t.db); // the bundled dataset: its aliases (puebla-process) are what the redirects are about
  });
  after(async () => {
    for (const a of apps) await a.close();
    await t.dispose();
  });

  describe('upgrade-insecure-requests only when the site is served over TLS', () => {
    const csp = async (a: FastifyInstance, headers: Record<string, string> = {}) =>
      String((await a.inject({ method: 'GET', url: '/en/', headers })).headers['content-security-policy']);

    it('not over plain HTTP, nor when a client claims https without a trusted proxy', async () => {
      const a = await app();
      assert.match(await csp(a), /default-src 'self'/);
      assert.doesNotMatch(await csp(a), /upgrade-insecure-requests/);
      assert.doesNotMatch(await csp(a, { 'x-forwarded-proto': 'https' }), /upgrade-insecure-requests/);
      assert.doesNotMatch(
        await csp(await app({ publicUrl: 'http://iscm.lan:3000', allowedHosts: ['localhost:80'] })),
        /upgrade-insecure-requests/,
      );
    });

    it('when PUBLIC_URL is https, or the request came over TLS through a trusted proxy', async () => {
      assert.match(await csp(await app({ publicUrl: 'https://iscm.example.org' })), /;upgrade-insecure-requests$/);
      assert.match(
        await csp(await app({ trustProxy: 1 }), { 'x-forwarded-proto': 'https' }),
        /upgrade-insecure-requests/,
      );
      assert.doesNotMatch(await csp(await app({ trustProxy: 1 })), /upgrade-insecure-requests/);
    });
  });

  describe('timeouts and the body limit', () => {
    it('a client sending its body slowly is answered 408 and cut off before it finishes', async () => {
      const a = await app({ requestTimeoutMs: 300 });
      await a.listen({ port: 0, host: '127.0.0.1' });
      const port = (a.server.address() as { port: number }).port;
      const socket = connect(port, '127.0.0.1');
      const body = `email=${'x'.repeat(994)}`; // 1,000 bytes, sent one byte each 50 ms: 50 s if the server waited
      let answer = '';
      let sent = 0;
      const closed = new Promise<void>((resolve) => {
        socket.on('data', (d: Buffer) => {
          answer += d.toString('latin1');
        });
        socket.on('close', () => resolve());
        socket.on('error', () => undefined);
      });
      socket.write(
        `POST /en/sign-in HTTP/1.1\r\nHost: localhost:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n`,
      );
      const drip = setInterval(() => {
        if (socket.destroyed || sent >= body.length) return;
        socket.write(body[sent++]!);
      }, 50);
      await closed;
      clearInterval(drip);
      assert.match(answer, /^HTTP\/1\.1 408 /);
      assert.ok(sent < body.length, `the server waited for the whole body (${sent} bytes sent)`);
    });

    it('a body over the limit is refused with 413', async () => {
      const a = await app({ bodyLimitBytes: 100 });
      const res = await a.inject({
        method: 'POST',
        url: '/en/sign-in',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `email=${'x'.repeat(200)}`,
      });
      assert.equal(res.statusCode, 413);
      const ok = await a.inject({
        method: 'POST',
        url: '/en/sign-in',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'email=x',
      });
      assert.notEqual(ok.statusCode, 413);
    });
  });

  describe('URLs and bodies the router cannot serve', () => {
    it('a path parameter over 200 characters is a 414 problem naming the path; the longest meeting id is served', async () => {
      const a = await app();
      const res = await a.inject({ method: 'GET', url: `/api/v1/meetings/${'x'.repeat(201)}` });
      assert.equal(res.statusCode, 414);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      assert.deepEqual(
        res.json<{ errors: { name: string; in: string }[] }>().errors.map((e) => [e.name, e.in]),
        [['path', 'path']],
      );
      const long =
        'south-american-conference-on-migration-2025-xxiii-conferencia-suramericana-sobre-migraciones-protegiendo';
      assert.equal((await a.inject({ method: 'GET', url: `/api/v1/meetings/${long}` })).statusCode, 200);
    });

    it('bad JSON to a route that does not exist is a 404, not a 400; to a write route, credentials come first (401)', async () => {
      const a = await app();
      const bad = { headers: { 'content-type': 'application/json' }, payload: '{not json' };
      assert.equal((await a.inject({ method: 'PATCH', url: '/api/v1/nowhere', ...bad })).statusCode, 404);
      const res = await a.inject({
        method: 'POST',
        url: '/api/v1/participation',
        ...bad,
        headers: { ...bad.headers, authorization: 'Bearer x' },
      });
      assert.equal(res.statusCode, 401, 'credentials are checked before the body is read');
    });
  });

  describe('X-Request-Id', () => {
    it('a sane id is kept and echoed; any other is replaced by a generated one', async () => {
      const a = await app();
      const id = async (sent?: string) => {
        const res = await a.inject({
          method: 'GET',
          url: '/api/v1/stats',
          headers: sent === undefined ? {} : { 'x-request-id': sent },
        });
        return String(res.headers['x-request-id']);
      };
      assert.equal(await id('edge-7f3a.1_b'), 'edge-7f3a.1_b');
      assert.equal(await id('a'.repeat(128)), 'a'.repeat(128));
      const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
      for (const bad of ['a'.repeat(129), 'two words', '<script>', 'café', 'a/b', ''])
        assert.match(await id(bad), UUID, JSON.stringify(bad));
      assert.match(await id(), UUID);
      assert.notEqual(await id(), await id(), 'each request gets its own');
    });

    it('every log line of a request carries its id, also on a refused request', async () => {
      const lines: string[] = [];
      const a = await app({
        logger: {
          level: 'info',
          stream: {
            write: (l: string) => {
              lines.push(l);
            },
          },
        },
      });
      for (const [host, rid] of [
        ['localhost:80', 'trace-ok'],
        ['evil.example', 'trace-refused'],
      ] as const) {
        const from = lines.length;
        const res = await a.inject({ method: 'GET', url: '/en/', headers: { host, 'x-request-id': rid } });
        assert.equal(res.headers['x-request-id'], rid);
        const mine = lines.slice(from).map((l) => JSON.parse(l) as { reqId?: string; msg: string });
        assert.ok(mine.length >= 2, `${rid}: ${mine.length} lines`);
        for (const l of mine) assert.equal(l.reqId, rid, `${rid}: "${l.msg}"`);
        if (rid === 'trace-refused') assert.ok(mine.some((l) => /refused/.test(l.msg)));
      }
    });
  });

  describe('moved ids: one hop to the canonical URL without a trailing slash', () => {
    const cases: [string, string][] = [
      ['/fr/countries/sen/', '/fr/countries/SEN'],
      ['/fr/countries/sen', '/fr/countries/SEN'],
      ['/es/countries/sen/?asOf=2015-01-01', '/es/countries/SEN?asOf=2015-01-01'],
      ['/api/v1/mechanisms/puebla-process/', '/api/v1/mechanisms/regional-conference-on-migration'],
      [
        '/api/v1/mechanisms/puebla-process/?asOf=2015-01-01',
        '/api/v1/mechanisms/regional-conference-on-migration?asOf=2015-01-01',
      ],
      ['/api/v1/mechanisms/puebla-process', '/api/v1/mechanisms/regional-conference-on-migration'],
      ['/en/mechanisms/puebla-process/', '/en/mechanisms/regional-conference-on-migration'],
      [
        '/fr/mechanisms/puebla-process/?asOf=2010-06-30&x=1',
        '/fr/mechanisms/regional-conference-on-migration?asOf=2010-06-30&x=1',
      ],
    ];
    for (const [from, to] of cases) {
      it(`${from} → ${to}`, async () => {
        const a = apps[0] ?? (await app());
        const res = await a.inject({ method: 'GET', url: from });
        assert.equal(res.statusCode, 301);
        assert.equal(res.headers.location, to);
        const landed = await a.inject({ method: 'GET', url: to });
        assert.ok(
          landed.statusCode === 200 || landed.statusCode === 400,
          `${to}: ${landed.statusCode}, not a redirect nor a 404`,
        );
      });
    }
  });
});

for (const { engine, skip } of await engines()) {
  describe(`/health and /ready on ${engine}`, { skip }, () => {
    const dbs: TestDatabase[] = [];
    const apps: FastifyInstance[] = [];
    const serve = async (migrate: boolean) => {
      const t = await createTestDatabase(engine, { migrate });
      dbs.push(t);
      const a = await buildApp({ database: t, sessionSecret: 'ready-test-secret-ready-test-secret' });
      apps.push(a);
      return { t, a };
    };
    after(async () => {
      for (const a of apps) await a.close();
      for (const t of dbs) await t.dispose().catch(() => undefined);
    });

    it('a migrated database is ready', async () => {
      const { t, a } = await serve(true);
      await loadReference(t.db, MINI);
      const res = await a.inject({ method: 'GET', url: '/ready' });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json(), { status: 'ready', engine });
      assert.equal((await a.inject({ method: 'GET', url: '/health' })).statusCode, 200);
    });

    it('an un-migrated database is not ready (503 naming the migrations), while the process is alive', async () => {
      const { a } = await serve(false);
      const res = await a.inject({ method: 'GET', url: '/ready' });
      assert.equal(res.statusCode, 503);
      const body = res.json<{ status: string; reason: string; pending: string[] }>();
      assert.equal(body.status, 'unavailable');
      assert.match(body.reason, /^migrations not applied: 0001_registry, /);
      assert.ok(body.pending.includes('0008_audit_index'));
      assert.match(String(res.headers['cache-control']), /no-store/);
      assert.equal((await a.inject({ method: 'GET', url: '/health' })).statusCode, 200);
    });

    it('a database that does not answer is not ready', async () => {
      const { t, a } = await serve(true);
      await t.close();
      const res = await a.inject({ method: 'GET', url: '/ready' });
      assert.equal(res.statusCode, 503);
      assert.equal(res.json<{ reason: string }>().reason, 'the database did not answer a query');
      assert.equal((await a.inject({ method: 'GET', url: '/health' })).statusCode, 200);
    });
  });
}
