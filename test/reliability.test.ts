/**
 * The reliability suite (test/reliability/run.ts) at its small size, so CI runs it: generated bad
 * input against every OpenAPI operation on SQLite and PostgreSQL, kill -9 during `iscm load`, and the
 * stored-XSS crawl in Chromium (SQLite, English pages). `npm run reliability -- --full` (or
 * RELIABILITY_SIZE=full) runs it at full size: ≥ 10,000 requests per engine, the crawl on both engines
 * in en and fr.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failures, print, reliability } from './reliability/run.js';

describe('reliability suite (small size)', () => {
  it('no 5xx, problem+json 4xx naming the field, refused writes change nothing, on both engines; kill -9 during load is all or nothing; no stored payload runs or shows unescaped in Chromium', async () => {
    const r = await reliability(500);
    print(r);
    for (const f of r.fuzz) {
      if (f.skipped) continue;
      assert.equal(f.requests, 500, f.engine);
      assert.ok(
        Object.keys(f.statuses).every((s) => Number(s) < 500),
        `${f.engine}: ${JSON.stringify(f.statuses)}`,
      );
    }
    assert.ok(r.fuzz.some((f) => f.engine === 'sqlite' && !f.skipped));
    assert.ok(r.xss.some((x) => !x.skipped && x.pages > 0) || r.xss.every((x) => x.skipped), 'the crawl ran');
    assert.deepEqual(failures(r), []);
  });
});
