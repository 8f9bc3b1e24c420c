/**
 * The built server behind a real nginx with the repository's deploy/nginx/iscm-hub.conf (rendered into a
 * temporary directory: ports, cache path, and `inactive` to the test's 1 s): a public page is a MISS, then a
 * HIT; a request with the session cookie or a token is never answered from the cache nor stored; after a write
 * through the API the public answer is the new one once the documented time has passed (PUBLIC_MAX_AGE=1 here:
 * max-age + stale-while-revalidate + the data version's second). Without nginx the tests are skipped, saying
 * why; with CI=true a missing nginx is a failure.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BUILT_MAIN, ROOT, startBuilt, type ServerProcess } from '../helpers/built.js';
import { freePort, nginxMissing, renderDeployConf, startNginx, type Nginx } from '../helpers/nginx.js';
import { MINI } from '../helpers/reference.js';

const missing = nginxMissing();
if (missing && process.env.CI === 'true') throw new Error(`CI=true and ${missing}`);
if (missing) console.log(`# nginx tests not run: ${missing}`);

const TTL = 1;
const dir = mkdtempSync(join(tmpdir(), 'iscm-nginx-test-'));
const refDir = join(dir, 'reference');
cpSync(MINI, refDir, { recursive: true });
const env = {
  SQLITE_PATH: join(dir, 'nginx.sqlite'),
  DATABASE_URL: '',
  REFERENCE_DIR: refDir,
  SESSION_SECRET: 'nginx-test-secret',
  WEB_CONCURRENCY: '1',
  PUBLIC_MAX_AGE: String(TTL),
  TRUST_PROXY: '127.0.0.1',
  ALLOWED_HOSTS: '127.0.0.1',
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('behind nginx proxy_cache (deploy/nginx/iscm-hub.conf)', { skip: missing ?? false }, () => {
  let server: ServerProcess;
  let nginx: Nginx;
  before(async () => {
    server = await startBuilt(env);
    const port = await freePort();
    const conf = renderDeployConf({
      port,
      upstream: server.base.replace('http://', ''),
      cacheDir: '{{DIR}}/cache',
      inactive: TTL,
    });
    nginx = await startNginx(conf, port);
  });
  after(async () => {
    await nginx?.stop();
    server?.child.kill('SIGTERM');
    await server?.exited;
  });

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const r = await fetch(nginx.base + path, { headers: { 'accept-encoding': 'identity', ...headers } });
    return {
      status: r.status,
      cache: r.headers.get('x-cache-status'),
      cacheControl: r.headers.get('cache-control'),
      encoding: r.headers.get('content-encoding'),
      body: await r.text(),
    };
  };

  it('a public page is a MISS, then a HIT, with the same bytes', async () => {
    // Two requests within the 1 s the answer is fresh (a new URL each try, should the machine be slow).
    for (let day = 1; day <= 9; day++) {
      const path = `/en/mechanisms/alpha-process?asOf=2020-01-0${day}`;
      const t0 = Date.now();
      const first = await get(path);
      const second = await get(path);
      if (Date.now() - t0 > 800) continue;
      assert.equal(first.status, 200);
      assert.equal(first.cache, 'MISS');
      assert.equal(second.cache, 'HIT');
      assert.equal(second.body, first.body);
      assert.match(first.cacheControl ?? '', /^public, max-age=1, s-maxage=1, stale-while-revalidate=1/);
      return;
    }
    assert.fail('no two requests within 800 ms on this machine');
  });

  it('the answers for brotli, gzip and no coding are kept side by side (the coding is in the key)', async () => {
    // nginx keeps one answer per key: with the coding outside the key, each of these evicted the other's.
    const codings = ['gzip, deflate, br', 'gzip', 'identity'];
    for (let day = 1; day <= 9; day++) {
      const path = `/en/mechanisms/alpha-process?asOf=2021-02-0${day}`;
      const t0 = Date.now();
      const first = [];
      for (const coding of codings) first.push(await get(path, { 'accept-encoding': coding }));
      const second = [];
      for (const coding of codings) second.push(await get(path, { 'accept-encoding': coding }));
      if (Date.now() - t0 > 800) continue;
      assert.deepEqual(
        first.map((r) => [r.status, r.cache]),
        codings.map(() => [200, 'MISS']),
      );
      assert.deepEqual(
        second.map((r) => r.cache),
        codings.map(() => 'HIT'),
      );
      assert.deepEqual(
        second.map((r) => r.encoding),
        ['br', 'gzip', null],
      );
      return;
    }
    assert.fail('no six requests within 800 ms on this machine');
  });

  it('a request with the session cookie or a token is never answered from the cache, nor stored', async () => {
    const path = '/en/mechanisms/beta-forum';
    const signedIn = { cookie: 'lang=fr; iscm_session=s%3Aanything.sig' };
    for (const headers of [signedIn, signedIn, { authorization: 'Bearer iscm_x' }]) {
      const r = await get(path, headers);
      assert.equal(r.cache, 'BYPASS');
      assert.equal(r.cacheControl, 'private, no-store');
    }
    // what they got was not stored: the first anonymous request is a MISS
    assert.equal((await get(path)).cache, 'MISS');
    // another cookie (not a session) is public, and cached
    const other = await get('/en/mechanisms', { cookie: 'lang=fr' });
    assert.notEqual(other.cache, 'BYPASS');
  });

  it('after a write through the API, the public answer is the new one within max-age + stale-while-revalidate + 1 s', async () => {
    const made = spawnSync(
      process.execPath,
      [BUILT_MAIN, 'user', 'create', '--email', 'admin@example.org', '--name', 'Admin', '--admin'],
      { cwd: ROOT, env: { ...process.env, ...env }, input: 'a long enough password\n', encoding: 'utf8' },
    );
    assert.equal(made.status, 0, made.stderr);
    const token = spawnSync(process.execPath, [BUILT_MAIN, 'token', 'create', '--email', 'admin@example.org'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      encoding: 'utf8',
    }).stdout.trim();
    const path = '/api/v1/participation?mechanism=beta-forum&country=SEN';
    const before = await get(path);
    assert.match(before.body, /beta-forum\/SEN\/member\/1/);
    await get(path); // cached
    const ended = await fetch(
      `${nginx.base}/api/v1/participation/${encodeURIComponent('beta-forum/SEN/member/1')}/end`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'if-match': '"1"', 'content-type': 'application/json' },
        body: JSON.stringify({ end: '2024-06', endCause: 'left', sources: ['https://example.org/minutes-2024'] }),
      },
    );
    assert.equal(ended.status, 200, await ended.text());
    assert.equal(ended.headers.get('x-cache-status'), null, 'a write never goes near the cache');
    assert.equal(ended.headers.get('cache-control'), 'private, no-store');
    await sleep((TTL + TTL + 1 + 1) * 1000); // the documented bound, and a second for nginx's cache manager
    // nginx may give the old answer once more while it fetches the new one (STALE / UPDATING); no other.
    let stale = 0;
    for (;;) {
      const r = await get(path);
      if (r.cache === 'STALE' || r.cache === 'UPDATING') {
        assert.ok(++stale <= 20, 'nginx keeps serving a stale answer');
        await sleep(100);
        continue;
      }
      assert.equal(r.status, 200);
      assert.doesNotMatch(r.body, /beta-forum\/SEN\/member\/1/, `X-Cache-Status ${r.cache}: the old answer`);
      assert.match(r.body, /"total":0/);
      break;
    }
  });
});
