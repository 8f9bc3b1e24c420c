/**
 * The hot path (http/hot.ts), over real HTTP: a cached public answer is sent again before Fastify with the same
 * status, headers and body Fastify gave; requests that are someone's (a cookie, a token), conditional requests
 * and other hosts still go through Fastify; a change of the data is never answered from an old answer.
 */
import assert from 'node:assert/strict';
import { request, type IncomingHttpHeaders } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, engines, type TestDatabase } from '../../test/helpers/db.js';
import { MINI } from '../../test/helpers/reference.js';
import { buildApp, loadReference } from '../app.js';
import { PRIVATE_CACHE, PUBLIC_CACHE } from './citizen.js';

const API = '/api/v1/mechanisms/alpha-process';
const PAGE = '/en/mechanisms/alpha-process';
const PER_ANSWER = new Set(['date', 'x-request-id']);

for (const { engine, skip } of await engines()) {
  describe(`the hot path (${engine})`, { skip }, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let base = '';
    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db, MINI);
      app = await buildApp({ database: t, sessionSecret: 'hot-path-test-secret-hot-path', cacheTtlMs: 60_000 });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    });
    after(async () => {
      await app.close();
      await t.dispose();
    });

    const get = async (path: string, headers: Record<string, string> = {}) => {
      const r = await fetch(base + path, { headers: { 'accept-encoding': 'identity', ...headers } });
      return { status: r.status, headers: Object.fromEntries(r.headers), body: await r.text() };
    };
    const hot = () => app.hotPath.stats.hot;
    const without = (h: Record<string, string>) =>
      Object.fromEntries(Object.entries(h).filter(([k]) => !PER_ANSWER.has(k)));

    it('answers a cached API answer and page again with the status, headers and body Fastify gave', async () => {
      for (const path of [API, PAGE]) {
        const before = hot();
        const fastify = await get(path); // computed, through Fastify, kept in the response cache and kept whole
        assert.equal(hot(), before, 'the first answer comes from Fastify');
        const again = await get(path);
        assert.equal(hot(), before + 1, `${path} from the hot path`);
        assert.equal(again.status, 200);
        assert.equal(again.body, fastify.body);
        assert.deepEqual(without(again.headers), without(fastify.headers));
        // the security headers are among them
        assert.match(again.headers['content-security-policy'] ?? '', /default-src 'self'/);
        assert.equal(again.headers['x-frame-options'], 'DENY');
        assert.equal(again.headers['x-content-type-options'], 'nosniff');
        assert.equal(again.headers['cache-control'], PUBLIC_CACHE);
        assert.match(again.headers.vary ?? '', /Cookie, Authorization/);
        // every answer has its own request id, or the one a proxy sent
        assert.match(again.headers['x-request-id'] ?? '', /^[0-9a-f-]{36}$/);
        assert.notEqual(again.headers['x-request-id'], fastify.headers['x-request-id']);
        assert.equal((await get(path, { 'x-request-id': 'proxy-id-1' })).headers['x-request-id'], 'proxy-id-1');
      }
    });

    /** The bytes as sent (fetch would decompress them), with the headers. */
    const raw = (path: string, headers: Record<string, string> = {}) =>
      new Promise<{ status: number; headers: IncomingHttpHeaders; bytes: Buffer }>((resolve, reject) => {
        const port = Number(new URL(base).port);
        const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks) }),
          );
        });
        req.on('error', reject).end();
      });

    it('sends a cached answer compressed to a client that accepts it (from the hot path too), identity to others', async () => {
      for (const path of [API, PAGE]) {
        const plain = await raw(path); // no Accept-Encoding
        assert.equal(plain.status, 200);
        assert.ok(plain.bytes.length >= 1024, `${path} is large enough to be compressed`);
        assert.equal(plain.headers['content-encoding'], undefined);
        assert.match(plain.headers.vary ?? '', /accept-encoding/i);
        assert.equal(Number(plain.headers['content-length']), plain.bytes.length);
        for (const [accept, coding, decode] of [
          ['gzip', 'gzip', gunzipSync],
          ['gzip, deflate, br', 'br', brotliDecompressSync],
          ['br;q=0, gzip;q=0.8', 'gzip', gunzipSync],
        ] as const) {
          for (const round of ['first', 'again']) {
            const before = hot();
            const r = await raw(path, { 'accept-encoding': accept });
            if (round === 'again') assert.equal(hot(), before + 1, `${path} ${accept}: from the hot path`);
            assert.equal(r.status, 200);
            assert.equal(r.headers['content-encoding'], coding, `${path} ${accept} (${round})`);
            assert.match(r.headers.vary ?? '', /accept-encoding/i);
            assert.match(r.headers.vary ?? '', /Cookie, Authorization/);
            assert.equal(Number(r.headers['content-length']), r.bytes.length);
            assert.ok(r.bytes.length < plain.bytes.length);
            assert.deepEqual(decode(r.bytes), plain.bytes, `${path} ${accept}: the same body once decompressed`);
          }
        }
        for (const accept of [undefined, 'identity', 'deflate']) {
          for (const round of ['first', 'again']) {
            const before = hot();
            const r = await raw(path, accept === undefined ? {} : { 'accept-encoding': accept });
            if (round === 'again') assert.equal(hot(), before + 1, `${path} ${accept}: from the hot path`);
            assert.equal(r.headers['content-encoding'], undefined, `${path} ${accept} (${round})`);
            assert.match(r.headers.vary ?? '', /accept-encoding/i);
            assert.deepEqual(r.bytes, plain.bytes);
            assert.equal(Number(r.headers['content-length']), r.bytes.length);
          }
        }
      }
    });

    it('a session cookie, a token or a conditional request goes through Fastify; someone’s answer is private', async () => {
      await get(API);
      await get(API);
      const before = hot();
      const withCookie = await get(API, { cookie: 'iscm_session=whatever' });
      assert.equal(withCookie.status, 200);
      assert.equal(withCookie.headers['cache-control'], PRIVATE_CACHE);
      const withToken = await get(API, { authorization: 'Bearer not-a-token' });
      assert.equal(withToken.headers['cache-control'], PRIVATE_CACHE);
      const other = await get(API, { cookie: 'theme=dark' }); // not a session: public, but through Fastify
      assert.equal(other.headers['cache-control'], PUBLIC_CACHE);
      const etag = withCookie.headers.etag ?? '';
      assert.equal((await get(API, { 'if-none-match': etag })).status, 304);
      assert.equal(hot(), before, 'none of them from the hot path');
      // and the private answers were not kept: the next anonymous one is still public
      assert.equal((await get(API)).headers['cache-control'], PUBLIC_CACHE);
    });

    it('a Host that is not allowed is refused, even for a URL the hot path holds', async () => {
      await get(API);
      await get(API);
      const port = Number(new URL(base).port);
      for (const host of ['evil.example', `evil.example:${port}`]) {
        const r = await new Promise<{ status: number; body: string }>((resolve, reject) => {
          const req = request({ host: '127.0.0.1', port, path: API, headers: { host } }, (res) => {
            let body = '';
            res.setEncoding('utf8').on('data', (c: string) => (body += c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          });
          req.on('error', reject).end();
        });
        assert.equal(r.status, 400, host);
        assert.match(r.body, /evil\.example/);
      }
    });

    it('after a change of the data, the answer is the new one (never an old answer)', async () => {
      await get(API);
      await get(API);
      assert.match((await get(API)).body, /"name":"Alpha Process"/);
      await t.db
        .updateTable('mechanism')
        .set({ name: 'Alpha Process (hot)' })
        .where('id', '=', 'alpha-process')
        .execute();
      app.dataVersion.bump(); // what a write through this process does
      const before = hot();
      const changed = await get(API);
      assert.match(changed.body, /"name":"Alpha Process \(hot\)"/);
      assert.equal(hot(), before);
      assert.match((await get(API)).body, /"name":"Alpha Process \(hot\)"/);
      assert.equal(hot(), before + 1, 'the new answer is kept in turn');
    });
  });
}
