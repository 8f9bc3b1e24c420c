import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { DataVersion } from '../db/data-version.js';
import { ResponseCache } from './cache.js';

describe('response cache', () => {
  async function setup(maxBytes: number, ttlMs: number, repeat = 100) {
    let version = 'v1';
    let computed = 0;
    const cache = new ResponseCache(new DataVersion(async () => version, ttlMs), maxBytes);
    const app = Fastify();
    app.get('/page/:n', async (req, reply) =>
      cache.sendText(req, reply, 'text/plain', async () => {
        computed++;
        return `${version}:${(req.params as { n: string }).n}:${'é'.repeat(repeat)}`;
      }),
    );
    return {
      app,
      cache,
      setVersion: (v: string) => {
        version = v;
      },
      computed: () => computed,
      stats: () => cache.stats.compressed,
    };
  }

  it('answers a repeated URL from memory, with a stable ETag and the UTF-8 body', async () => {
    const s = await setup(1 << 20, 0);
    const a = await s.app.inject('/page/1');
    const b = await s.app.inject('/page/1');
    assert.equal(s.computed(), 1);
    assert.equal(a.body, b.body);
    assert.equal(a.headers.etag, b.headers.etag);
    assert.ok(a.body.endsWith('é'.repeat(100)));
  });

  it('recomputes once the data version changes', async () => {
    const s = await setup(1 << 20, 0);
    await s.app.inject('/page/1');
    s.setVersion('v2');
    const r = await s.app.inject('/page/1');
    assert.equal(s.computed(), 2);
    assert.match(r.body, /^v2:1:/);
  });

  it('keeps the bodies under the byte budget, dropping the least recently used', async () => {
    const s = await setup(700, 0); // each body is 205 bytes in UTF-8: three fit
    for (const n of [1, 2, 3, 4]) await s.app.inject(`/page/${n}`);
    assert.equal(s.cache.size, 3);
    await s.app.inject('/page/1'); // evicted: computed again
    assert.equal(s.computed(), 5);
    await s.app.inject('/page/4'); // still there
    assert.equal(s.computed(), 5);
  });

  it('sends a body of 1 KiB or more compressed to a client that accepts it, compressed once, with Vary and its length', async () => {
    const s = await setup(1 << 20, 0, 600); // 1 205 bytes in UTF-8
    const plain = await s.app.inject('/page/1'); // no Accept-Encoding: identity
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.rawPayload.length, 1205);
    assert.equal(plain.headers.vary, 'Accept-Encoding', 'the identity answer can differ by Accept-Encoding too');
    for (const [accept, coding, decode] of [
      ['gzip', 'gzip', gunzipSync],
      ['gzip, deflate, br', 'br', brotliDecompressSync],
      ['br;q=0, gzip;q=0.5', 'gzip', gunzipSync],
      ['*', 'br', brotliDecompressSync],
    ] as const) {
      for (const round of [1, 2]) {
        const r = await s.app.inject({ url: '/page/1', headers: { 'accept-encoding': accept } });
        assert.equal(r.headers['content-encoding'], coding, `${accept} (${round})`);
        assert.equal(r.headers.vary, 'Accept-Encoding');
        assert.equal(Number(r.headers['content-length']), r.rawPayload.length);
        assert.ok(r.rawPayload.length < plain.rawPayload.length, 'smaller than the body');
        assert.deepEqual(decode(r.rawPayload), plain.rawPayload, 'the same body once decompressed');
        assert.notEqual(r.headers.etag, plain.headers.etag, 'each representation has its own ETag');
      }
    }
    assert.equal(s.stats(), 2, 'compressed once per coding, not once per request');
    assert.equal(s.computed(), 1);
    for (const accept of ['identity', 'deflate', 'gzip;q=0, br;q=0', '*;q=0']) {
      const r = await s.app.inject({ url: '/page/1', headers: { 'accept-encoding': accept } });
      assert.equal(r.headers['content-encoding'], undefined, accept);
      assert.deepEqual(r.rawPayload, plain.rawPayload, accept);
      assert.equal(r.headers.etag, plain.headers.etag);
    }
  });

  it('sends a small body as it is, whatever the client accepts', async () => {
    const s = await setup(1 << 20, 0);
    const r = await s.app.inject({ url: '/page/1', headers: { 'accept-encoding': 'gzip, br' } });
    assert.equal(r.headers['content-encoding'], undefined);
    assert.ok(r.body.endsWith('é'.repeat(100)));
    assert.equal(s.stats(), 0);
  });
});
