import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { AccountsService } from '../accounts/service.js';
import { buildApp, loadReference } from '../app.js';
import { ADAPTERS } from './records.js';
import { createTestDatabase, engines, type TestDatabase } from '../../test/helpers/db.js';
import { MINI } from '../../test/helpers/reference.js';
import { seedRoleUsers } from '../../test/helpers/roles.js';

interface Json {
  [k: string]: unknown;
}

for (const { engine, skip } of await engines()) {
  describe(`editing with review on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    const tokens: Record<string, string> = {};
    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db, MINI);
      app = await buildApp({ database: t, sessionSecret: 'editing-test-secret', cacheTtlMs: 0 });
      Object.assign(tokens, (await seedRoleUsers(t.db)).tokens);
    });
    after(async () => {
      await app.close();
      await t.dispose();
    });

    const end = (
      id: string,
      who: string | null,
      ifMatch: string | null,
      body: Json = { end: '2024-06', endCause: 'left', sources: ['https://example.org/minutes-2024'] },
    ) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/participation/${encodeURIComponent(id)}/end`,
        payload: body,
        headers: {
          ...(who ? { authorization: `Bearer ${tokens[who] ?? who}` } : {}),
          ...(ifMatch === null ? {} : { 'if-match': ifMatch }),
        },
      });
    /** The current version of a record, from its public history (it may no longer hold today). */
    const version = async (mechanism: string, country: string, role = 'member') => {
      const r = JSON.parse(
        (await app.inject(`/api/v1/participation/${encodeURIComponent(`${mechanism}/${country}/${role}/1`)}/history`))
          .body,
      ) as { versions: Json[] };
      return r.versions.find((v) => v.supersededAt === null)!.version as number;
    };

    it('permission matrix for POST /participation/{id}/end: who may and who may not', async () => {
      const id = 'beta-forum/SEN/member/1';
      const expected: [string | null, number][] = [
        [null, 401],
        ['not-a-real-token', 401],
        ['no role', 403],
        ['focal point of SEN', 403],
        ['reviewer', 403],
        ['editor of alpha', 403],
        ['editor of beta', 202], // waits for review: the record is unchanged
      ];
      for (const [who, status] of expected) {
        const res = await end(id, who, '"1"');
        assert.equal(res.statusCode, status, `${who ?? 'anonymous'}: ${res.body}`);
        if (status >= 400) assert.match(String(res.headers['content-type']), /problem\+json/);
      }
      assert.equal(await version('beta-forum', 'SEN'), 1);
      const admin = await end(id, 'admin', '"1"'); // an administrator may also publish: applied at once
      assert.equal(admin.statusCode, 200, admin.body);
      assert.equal(await version('beta-forum', 'SEN'), 2);
    });

    it('permission matrix for publishing: only reviewers and administrators', async () => {
      const res = await end('alpha-process/FRA/observer/1', 'editor of alpha', '"1"', {
        end: '2020',
        endCause: 'role_changed',
        sources: ['https://example.org/fra'],
      });
      assert.equal(res.statusCode, 202, res.body);
      const change = JSON.parse(res.body) as Json;
      const publish = (who: string | null) =>
        app.inject({
          method: 'POST',
          url: `/api/v1/changes/${String(change.id)}/publish`,
          headers: who ? { authorization: `Bearer ${tokens[who]!}` } : {},
        });
      for (const [who, status] of [
        [null, 401],
        ['no role', 403],
        ['editor of alpha', 403],
        ['editor of beta', 403],
        ['focal point of SEN', 403],
      ] as const) {
        assert.equal((await publish(who)).statusCode, status, String(who));
      }
      assert.equal(await version('alpha-process', 'FRA', 'observer'), 1, 'nothing applied by the refused attempts');
      assert.equal((await publish('reviewer')).statusCode, 200);
      assert.equal(await version('alpha-process', 'FRA', 'observer'), 2);
      // a record that already ended is refused as a change, with the field named
      const refused = await end('alpha-process/NER/member/1', 'editor of alpha', '"1"');
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /already ended/);
    });

    it('If-Match: none is 428, a stale or unknown version is 412, and nothing changes', async () => {
      const before = await version('alpha-process', 'SEN');
      assert.equal((await end('alpha-process/SEN/member/1', 'editor of alpha', null)).statusCode, 428);
      assert.equal((await end('alpha-process/SEN/member/1', 'editor of alpha', '"7"')).statusCode, 412);
      assert.equal((await end('alpha-process/SEN/member/1', 'editor of alpha', 'whatever')).statusCode, 412);
      const bad = await end('alpha-process/SEN/member/1', 'editor of alpha', `"${before}"`, {
        end: '1990',
        endCause: 'left',
        sources: ['https://x.org/a'],
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /not after the start/);
      assert.equal(await version('alpha-process', 'SEN'), before);
    });

    it('an editor ends a membership with a source; it waits for review; a reviewer publishes; the profile, the figures and the history follow', async () => {
      const id = 'alpha-process/MLI/member/1';
      const asOf = '2025-01-01';
      const members = async () =>
        (
          (JSON.parse((await app.inject(`/api/v1/mechanisms/alpha-process?asOf=${asOf}`)).body) as Json)
            .members as Json[]
        ).map((m) => (m.party as Json).id);
      const countries = async () =>
        ((JSON.parse((await app.inject(`/api/v1/stats?asOf=${asOf}`)).body) as Json).countriesMembers as Json)
          .value as number;
      assert.ok((await members()).includes('MLI'));
      const figureBefore = await countries();

      const proposed = await end(id, 'editor of alpha', `"${await version('alpha-process', 'MLI')}"`, {
        end: '2024-06',
        endCause: 'left',
        sources: ['https://example.org/alpha-minutes-2024'],
        note: 'Withdrew (minutes of June 2024)',
      });
      assert.equal(proposed.statusCode, 202, proposed.body);
      const change = JSON.parse(proposed.body) as Json;
      assert.ok((await members()).includes('MLI'), 'the public sees only published values');

      const queue = JSON.parse(
        (
          await app.inject({
            method: 'GET',
            url: '/api/v1/changes',
            headers: { authorization: `Bearer ${tokens.reviewer}` },
          })
        ).body,
      ) as { items: Json[] };
      assert.ok(queue.items.some((c) => c.id === change.id));
      const editorQueue = JSON.parse(
        (
          await app.inject({
            method: 'GET',
            url: '/api/v1/changes',
            headers: { authorization: `Bearer ${tokens['editor of alpha']}` },
          })
        ).body,
      ) as { items: Json[] };
      assert.equal(editorQueue.items.length, 0, 'an editor has nothing to review');
      assert.equal(
        (
          await app.inject({
            method: 'POST',
            url: `/api/v1/changes/${String(change.id)}/publish`,
            headers: { authorization: `Bearer ${tokens['editor of alpha']}` },
          })
        ).statusCode,
        403,
      );

      const published = await app.inject({
        method: 'POST',
        url: `/api/v1/changes/${String(change.id)}/publish`,
        headers: { authorization: `Bearer ${tokens.reviewer}` },
      });
      assert.equal(published.statusCode, 200, published.body);
      assert.ok(!(await members()).includes('MLI'), 'ended in June 2024: not a member on 1 January 2025');
      assert.ok((await members()).length > 0);
      const mali = (
        (JSON.parse((await app.inject('/api/v1/mechanisms/alpha-process?asOf=2024-01-01')).body) as Json)
          .members as Json[]
      ).find((m) => (m.party as Json).id === 'MLI')!;
      assert.deepEqual([mali.until, mali.endCause], ['2024-06', 'left']);
      // Mali's only other membership (Beta Forum) is in a mechanism dormant since 2015: one country fewer.
      assert.equal(await countries(), figureBefore - 1);

      const history = JSON.parse(
        (await app.inject(`/api/v1/participation/${encodeURIComponent(id)}/history`)).body,
      ) as Json;
      assert.deepEqual(
        (history.versions as Json[]).map((v) => [v.version, v.end]),
        [
          [1, null],
          [2, '2024-06'],
        ],
      );
      assert.deepEqual(
        (history.steps as Json[]).map((s) => s.action),
        ['change.propose', 'change.publish'],
      );
      const again = await app.inject({
        method: 'POST',
        url: `/api/v1/changes/${String(change.id)}/publish`,
        headers: { authorization: `Bearer ${tokens.reviewer}` },
      });
      assert.equal(again.statusCode, 409);
    });

    it('a reviewer can return a change with a comment; a returned change is never applied', async () => {
      const v = await version('gamma-dialogue', 'SEN');
      assert.equal(
        (await end('gamma-dialogue/SEN/member/1', 'editor of alpha', `"${v}"`)).statusCode,
        403,
        'editor of alpha may not edit gamma',
      );
      const admin = new AccountsService(t.db);
      const gammaEditor = await admin.createUser(
        { email: 'gamma@example.org', displayName: 'Gamma', password: 'a long enough password' },
        'system',
      );
      await admin.grant(gammaEditor, { role: 'editor', scopeType: 'mechanism', scopeId: 'gamma-dialogue' }, 'system');
      tokens.gamma = await admin.createToken(gammaEditor, 'tests', 'system');
      const proposed = JSON.parse((await end('gamma-dialogue/SEN/member/1', 'gamma', `"${v}"`)).body) as Json;
      assert.equal(proposed.status, 'pending');
      const noComment = await app.inject({
        method: 'POST',
        url: `/api/v1/changes/${String(proposed.id)}/return`,
        payload: { comment: '' },
        headers: { authorization: `Bearer ${tokens.reviewer!}` },
      });
      assert.equal(noComment.statusCode, 400);
      const returned = await app.inject({
        method: 'POST',
        url: `/api/v1/changes/${String(proposed.id)}/return`,
        payload: { comment: 'Which minutes say so?' },
        headers: { authorization: `Bearer ${tokens.reviewer!}` },
      });
      assert.equal(returned.statusCode, 200, returned.body);
      assert.equal(
        (
          await app.inject({
            method: 'POST',
            url: `/api/v1/changes/${String(proposed.id)}/publish`,
            headers: { authorization: `Bearer ${tokens.reviewer!}` },
          })
        ).statusCode,
        409,
      );
      assert.equal(await version('gamma-dialogue', 'SEN'), v);
    });

    it('two server processes on the same database: of concurrent writes based on one version, exactly one wins', async () => {
      const id = 'alpha-process/SEN/member/1';
      const base = await version('alpha-process', 'SEN');
      const servers: ChildProcess[] = [];
      try {
        const ports: number[] = [];
        for (let i = 0; i < 2; i++) {
          const env = {
            ...process.env,
            ...(engine === 'postgres' ? { DATABASE_URL: t.location } : { DATABASE_URL: '', SQLITE_PATH: t.location }),
          };
          const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/server.ts'], {
            env,
            stdio: ['ignore', 'pipe', 'inherit'],
          });
          servers.push(child);
          const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
          ports.push((JSON.parse(line) as { port: number }).port);
        }
        const attempts = Array.from({ length: 12 }, (_, i) =>
          fetch(`http://127.0.0.1:${ports[i % 2]!}/api/v1/participation/${encodeURIComponent(id)}/end`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${tokens.admin!}`,
              'if-match': `"${base}"`,
            },
            body: JSON.stringify({
              end: `2025-${String((i % 12) + 1).padStart(2, '0')}`,
              endCause: 'left',
              sources: [`https://example.org/writer-${i}`],
            }),
          }),
        );
        const statuses = (await Promise.all(attempts)).map((r) => r.status).sort();
        assert.equal(statuses.filter((s) => s === 200).length, 1, `statuses: ${statuses.join(',')}`);
        assert.ok(
          statuses.every((s) => s === 200 || s === 412),
          `statuses: ${statuses.join(',')}`,
        );

        // The same for the other editable records: a mechanism's profile and a meeting with its participants.
        for (const [type, path, body] of [
          [
            'mechanism',
            'mechanisms/alpha-process',
            (i: number) => ({ fields: { chair_current: `Chair ${i}` }, sources: [`https://example.org/chair-${i}`] }),
          ],
          [
            'meeting',
            'meetings/alpha-process-2025-ministerial',
            (i: number) => ({
              fields: { host: `Host ${i}` },
              participants: [{ country: 'SEN', role: 'host' }],
              sources: [`https://example.org/host-${i}`],
            }),
          ],
        ] as const) {
          const v0 = (await ADAPTERS[type].read(t.db, path.split('/')[1]!))!.version;
          const writes = Array.from({ length: 12 }, (_, i) =>
            fetch(`http://127.0.0.1:${ports[i % 2]!}/api/v1/${path}`, {
              method: 'PATCH',
              headers: {
                'content-type': 'application/json',
                authorization: `Bearer ${tokens.admin!}`,
                'if-match': `"${v0}"`,
              },
              body: JSON.stringify(body(i)),
            }),
          );
          const codes = (await Promise.all(writes)).map((r) => r.status).sort();
          assert.deepEqual(
            [codes.filter((c) => c === 200).length, codes.every((c) => c === 200 || c === 412)],
            [1, true],
            `${type}: ${codes.join(',')}`,
          );
          assert.equal(
            (await ADAPTERS[type].read(t.db, path.split('/')[1]!))!.version,
            v0 + 1,
            `${type}: one write, one new version`,
          );
        }
      } finally {
        for (const s of servers) s.kill('SIGTERM');
        await Promise.all(servers.map((s) => (s.exitCode === null ? once(s, 'exit') : Promise.resolve())));
      }
      assert.equal(await version('alpha-process', 'SEN'), base + 1);
      const history = JSON.parse(
        (await app.inject(`/api/v1/participation/${encodeURIComponent(id)}/history`)).body,
      ) as Json;
      assert.equal(
        (history.versions as Json[]).filter((v) => v.supersededAt === null).length,
        1,
        'one current version, no lost or double update',
      );
    });
  });
}
