import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { buildApp, loadReference } from '../app.js';
import { openDatabase, type Database } from './database.js';
import { DataVersion } from './data-version.js';
import { createTestDatabase, engines, type TestDatabase } from '../../test/helpers/db.js';
import { MINI } from '../../test/helpers/reference.js';
import { seedRoleUsers } from '../../test/helpers/roles.js';

describe('data-version signal', () => {
  it('reads the database at most once per ttl, and a bump is seen at once by every follower', async () => {
    let reads = 0;
    let stored = 'a';
    const v = new DataVersion(async () => {
      reads++;
      return stored;
    }, 60_000);
    const seen: string[] = [];
    v.subscribe((x) => seen.push(x));
    let loads = 0;
    const derived = v.derived(async () => ++loads);
    assert.equal(await derived.get(), 1);
    assert.equal(await derived.get(), 1);
    const first = await v.version();
    assert.equal(reads, 1, 'one read within the ttl, however many followers ask');
    stored = 'b'; // another process wrote: not seen before the ttl has passed
    assert.equal(await v.version(), first);
    v.bump(); // a write through this process
    assert.equal(await derived.get(), 2);
    assert.equal(reads, 2, 'a bump re-reads the database');
    assert.notEqual(await v.version(), first);
    assert.equal(seen.length, 2, `the bump, then the other writer's version: ${seen.join(', ')}`);
  });

  it('re-reads after the ttl and follows another writer', async () => {
    let stored = 'a';
    const v = new DataVersion(async () => stored, 20);
    const derived = v.derived(async () => stored);
    assert.equal(await derived.get(), 'a');
    stored = 'b';
    await sleep(40);
    assert.equal(await derived.get(), 'b');
  });
});

for (const { engine, skip } of await engines()) {
  describe(`two apps on one ${engine} database`, { skip }, () => {
    const TTL = 3000;
    let t: TestDatabase;
    let second: Database;
    let a: FastifyInstance;
    let b: FastifyInstance;
    let token = '';
    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db, MINI);
      token = (await seedRoleUsers(t.db, ['admin'])).tokens.admin!;
      second =
        engine === 'sqlite'
          ? openDatabase({ databaseUrl: null, sqlitePath: t.location })
          : openDatabase({ databaseUrl: t.location, sqlitePath: '' });
      a = await buildApp({ database: t, sessionSecret: 'data-version-a', cacheTtlMs: 60_000 });
      b = await buildApp({ database: second, sessionSecret: 'data-version-b', cacheTtlMs: TTL });
    });
    after(async () => {
      await a.close();
      await b.close();
      await second.close();
      await t.dispose();
    });

    const url = '/api/v1/mechanisms/alpha-process?asOf=2020-01-01';
    const senUntil = async (app: FastifyInstance) => {
      const body = JSON.parse((await app.inject(url)).body) as { members: { party: { id: string }; until: string }[] };
      return body.members.find((m) => m.party.id === 'SEN')?.until ?? null;
    };

    it('a write through one app is seen by itself at once and by the other within its ttl', async () => {
      assert.equal(await senUntil(a), null);
      await senUntil(b); // warm: the first answer loads the registry
      await sleep(TTL);
      const readAt = Date.now(); // b reads the version again no earlier than this
      assert.equal(await senUntil(b), null);
      const res = await a.inject({
        method: 'POST',
        url: `/api/v1/participation/${encodeURIComponent('alpha-process/SEN/member/1')}/end`,
        payload: { end: '2024-06', endCause: 'left', sources: ['https://example.org/minutes-2024'] },
        headers: { authorization: `Bearer ${token}`, 'if-match': '"1"' },
      });
      assert.equal(res.statusCode, 200, res.body);
      // The writer's caches (ttl one minute) follow at once: the publish bumped its signal.
      assert.equal(await senUntil(a), '2024-06');
      // The other app keeps its cached answer until its ttl has passed (when the check comes soon enough to tell).
      const stale = await senUntil(b);
      if (Date.now() - readAt < TTL / 2) assert.equal(stale, null, 'the other app re-read before its ttl');
      let seen: string | null = stale;
      const deadline = readAt + TTL + 3000;
      while (seen !== '2024-06' && Date.now() < deadline) {
        await sleep(100);
        seen = await senUntil(b);
      }
      assert.equal(seen, '2024-06', 'the other app never saw the write');
    });
  });
}
