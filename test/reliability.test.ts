/**
 * The reliability suite (test/reliability/run.ts) at its small size, so CI runs it: generated bad
 * input against every OpenAPI operation, and kill -9 during `iscm load`. `npm run reliability` runs
 * it alone (RELIABILITY_SIZE=full for ≥ 10,000 requests).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { print, reliability } from './reliability/run.js';

describe('reliability suite (small size)', () => {
  it('no 5xx, problem+json 4xx naming the field, refused writes change nothing; kill -9 during load is all or nothing', async () => {
    const r = await reliability(500);
    print(r);
    assert.equal(r.requests, 500);
    assert.ok(Object.keys(r.statuses).every((s) => Number(s) < 500), JSON.stringify(r.statuses));
    assert.deepEqual(r.failures, []);
    assert.ok(r.killLoad.ok, r.killLoad.problem);
  });
});
