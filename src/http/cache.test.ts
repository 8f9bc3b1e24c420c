import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import { DataVersion } from '../db/data-version.js';
import { ResponseCache } from './cache.js';

describe('response cache', () => {
  async function setup(maxBytes: number, ttlMs: number) {
    let version = 'v1';
    let computed = 0;
    const cache = new ResponseCache(new DataVersion(async () => version, ttlMs), maxBytes);
    const app = Fastify();
    app.get('/page/:n', async (req, reply) =>
      cache.sendText(req, reply, 'text/plain', async () => {
        computed++;
        return `${version}:${(req.params as { n: string }).n}:${'é'.repeat(100)}`;
      }),
    );
    return {
      app,
      cache,
      setVersion: (v: string) => {
        version = v;
      },
      computed: () => computed,
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
});
