/**
 * Self-published writes under concurrency, on SQLite and PostgreSQL, through two server processes
 * on one database: conflicting edits (one 200 per version, the others 412, nothing left in the
 * review queue), many writes citing one new source URL at once (no 5xx), and a server killed with
 * SIGKILL in the middle of a burst (every change in the database is one the client was told about,
 * or one whose request died with the process, complete), and duplicates created at once (the same
 * participation added or published through both processes, the same meeting posted twice: one
 * write lands, the others are 409 naming it — migration 0012 and the meeting's key). RELIABILITY_SIZE
 * sets the burst size (default 40; the full run is 200).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { AccountsService } from '../accounts/service.js';
import { loadReference } from '../app.js';
import { ADAPTERS } from './records.js';
import { createTestDatabase, engines, type TestDatabase } from '../../test/helpers/db.js';
import { MINI } from '../../test/helpers/reference.js';
import { seedRoleUsers } from '../../test/helpers/roles.js';

const N = Number(process.env.RELIABILITY_SIZE ?? 40);
const ROUND = 10;

interface Outcome {
  status: number | 'connection error';
  body: string;
}

for (const { engine, skip } of await engines()) {
  describe(`self-published writes under concurrency on ${engine} (${N} per burst)`, { skip }, () => {
    let t: TestDatabase;
    const tokens: Record<string, string> = {};
    const servers: ChildProcess[] = [];
    const ports: number[] = [];

    const start = async () => {
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
      return (JSON.parse(line) as { port: number }).port;
    };

    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db, MINI);
      Object.assign(tokens, (await seedRoleUsers(t.db, ['admin', 'editor of alpha'])).tokens);
      // A reviewer who is also an editor of alpha-process: publishes their own changes at once.
      const accounts = new AccountsService(t.db);
      const id = await accounts.createUser(
        { email: 'reviewer-editor@example.org', displayName: 'Reviewer-editor', password: 'a long enough password' },
        'system',
      );
      await accounts.grant(id, { role: 'editor', scopeType: 'mechanism', scopeId: 'alpha-process' }, 'system');
      await accounts.grant(id, { role: 'reviewer', scopeType: 'mechanism', scopeId: 'alpha-process' }, 'system');
      tokens['reviewer-editor'] = await accounts.createToken(id, 'tests', 'system');
      ports.push(await start(), await start());
    });
    after(async () => {
      for (const s of servers) if (s.exitCode === null && s.signalCode === null) s.kill('SIGTERM');
      await Promise.all(
        servers.map((s) => (s.exitCode === null && s.signalCode === null ? once(s, 'exit') : Promise.resolve())),
      );
      await t.dispose();
    });

    const write = async (
      port: number,
      who: string,
      method: string,
      path: string,
      body: unknown,
      ifMatch?: number,
    ): Promise<Outcome> => {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/v1/${path}`, {
          method,
          body: JSON.stringify(body),
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${tokens[who]!}`,
            ...(ifMatch === undefined ? {} : { 'if-match': `"${ifMatch}"` }),
          },
        });
        return { status: res.status, body: await res.text() };
      } catch {
        return { status: 'connection error', body: '' };
      }
    };
    const pendingChanges = async () =>
      Number(
        (
          await t.db
            .selectFrom('change_request')
            .select((e) => e.fn.countAll().as('n'))
            .where('status', '=', 'pending')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const tally = (outcomes: Outcome[]) =>
      outcomes
        .map((o) => o.status)
        .sort()
        .join(',');

    it('conflicting self-published edits: exactly one 200 per version, the others 412, no 5xx, no pending change left', async () => {
      const targets = [
        {
          type: 'mechanism',
          id: 'alpha-process',
          path: 'mechanisms/alpha-process',
          method: 'PATCH',
          body: (i: number) => ({
            fields: { chair_current: `Chair ${i}` },
            sources: [`https://example.org/chair-${i}`],
          }),
        },
        {
          type: 'meeting',
          id: 'alpha-process-2025-ministerial',
          path: 'meetings/alpha-process-2025-ministerial',
          method: 'PATCH',
          body: (i: number) => ({
            fields: { host: `Host ${i}` },
            participants: [{ country: 'SEN', role: 'host' }],
            sources: [`https://example.org/host-${i}`],
          }),
        },
        {
          type: 'participation',
          id: 'alpha-process/SEN/member/1',
          path: `participation/${encodeURIComponent('alpha-process/SEN/member/1')}`,
          method: 'PATCH',
          body: (i: number) => ({ note: `Correction ${i}`, sources: [`https://example.org/correction-${i}`] }),
        },
      ] as const;
      const proposalsBefore = (
        await t.db.selectFrom('audit_event').select('id').where('action', '=', 'change.propose').execute()
      ).length;
      let wins = 0;
      for (let round = 0, sent = 0; sent < N; round++, sent += ROUND) {
        const target = targets[round % targets.length]!;
        const v0 = (await ADAPTERS[target.type].read(t.db, target.id))!.version;
        const who = round % 2 === 0 ? 'admin' : 'reviewer-editor';
        const outcomes = await Promise.all(
          Array.from({ length: Math.min(ROUND, N - sent) }, (_, k) =>
            write(ports[k % 2]!, who, target.method, target.path, target.body(sent + k), v0),
          ),
        );
        const codes = outcomes.map((o) => o.status);
        assert.equal(codes.filter((c) => c === 200).length, 1, `${target.type} v${v0} (${who}): ${tally(outcomes)}`);
        assert.ok(
          codes.every((c) => c === 200 || c === 412),
          `${target.type} v${v0}: ${tally(outcomes)}`,
        );
        assert.equal(
          (await ADAPTERS[target.type].read(t.db, target.id))!.version,
          v0 + 1,
          `${target.type}: one write, one new version`,
        );
        wins++;
        assert.equal(
          await pendingChanges(),
          0,
          `round ${round}: a refused edit left a pending change in the review queue`,
        );
      }
      const proposalsAfter = (
        await t.db.selectFrom('audit_event').select('id').where('action', '=', 'change.propose').execute()
      ).length;
      assert.equal(
        proposalsAfter - proposalsBefore,
        wins,
        'an audit event for each published change only (refused ones are rolled back whole)',
      );
    });

    it(`${Math.max(N, 64)} concurrent writes citing one new source URL: every one succeeds, the source is registered once`, async () => {
      const url = `https://example.org/shared-source-${engine}`;
      const count = Math.max(N, 64);
      const outcomes = await Promise.all(
        Array.from({ length: count }, (_, i) =>
          write(ports[i % 2]!, 'admin', 'POST', 'meetings', {
            mechanism: 'alpha-process',
            fields: { title: `Workshop number ${i}`, kind: 'workshop', status: 'held', start: '2024-09-10' },
            sources: [url],
          }),
        ),
      );
      assert.ok(
        outcomes.every((o) => o.status === 201),
        tally(outcomes),
      );
      assert.equal((await t.db.selectFrom('source').select('id').where('url', '=', url).execute()).length, 1);
      assert.equal(await pendingChanges(), 0);
    });

    it('the index of migration 0012 holds one open row per mechanism, party and role, written directly too', async () => {
      const row = await t.db
        .selectFrom('participation')
        .selectAll()
        .where('id', '=', 'alpha-process/SEN/member/1')
        .where('superseded_at', 'is', null)
        .executeTakeFirstOrThrow();
      await assert.rejects(
        t.db
          .insertInto('participation')
          .values({ ...row, row_id: 'duplicate-row', id: 'alpha-process/SEN/member/99' })
          .execute(),
        (err: { code?: string; message: string }) =>
          ['23505', 'SQLITE_CONSTRAINT_UNIQUE'].includes(err.code ?? '') &&
          /participation_open_country|participation\.mechanism_id/.test(err.message),
      );
      const org = await t.db
        .selectFrom('participation')
        .selectAll()
        .where('id', '=', 'alpha-process/iom/observer/1')
        .where('superseded_at', 'is', null)
        .executeTakeFirstOrThrow();
      await assert.rejects(
        t.db
          .insertInto('participation')
          .values({ ...org, row_id: 'duplicate-org-row', id: 'alpha-process/iom/observer/99' })
          .execute(),
        (err: { code?: string }) => ['23505', 'SQLITE_CONSTRAINT_UNIQUE'].includes(err.code ?? ''),
      );
      // An ended row beside an open one of the same party and role is allowed (a party that left and came back).
      await t.db
        .insertInto('participation')
        .values({ ...row, row_id: 'ended-row', id: 'alpha-process/SEN/member/98', end: '1999', end_cause: 'left' })
        .execute();
      await t.db.deleteFrom('participation').where('row_id', '=', 'ended-row').execute();
    });

    const openRows = async (mechanism: string, party: { country?: string; organization?: string }, role: string) => {
      let q = t.db
        .selectFrom('participation')
        .select('id')
        .where('mechanism_id', '=', mechanism)
        .where('role', '=', role)
        .where('superseded_at', 'is', null)
        .where('end', 'is', null);
      q = party.country
        ? q.where('country_code', '=', party.country)
        : q.where('organization_id', '=', party.organization!);
      return (await q.execute()).map((r) => r.id);
    };
    const named = (o: Outcome, pattern: RegExp) => {
      const body = JSON.parse(o.body) as { detail?: string; errors?: { name: string }[] };
      return pattern.test(body.detail ?? '') && (body.errors ?? []).length > 0;
    };

    it('the same participation added at once through both processes: one 201, the others 409 naming the row', async () => {
      for (const [party, role] of [
        [{ country: 'KEN' }, 'member'],
        [{ organization: 'unhcr' }, 'observer'],
      ] as const) {
        const outcomes = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            write(ports[i % 2]!, i % 4 < 2 ? 'admin' : 'reviewer-editor', 'POST', 'participation', {
              mechanism: 'alpha-process',
              ...party,
              role,
              start: '2024',
              sources: [`https://example.org/added-${i}`],
            }),
          ),
        );
        const codes = outcomes.map((o) => o.status);
        assert.equal(codes.filter((c) => c === 201).length, 1, tally(outcomes));
        assert.equal(codes.filter((c) => c === 409).length, 7, tally(outcomes));
        const rows = await openRows('alpha-process', party, role);
        assert.equal(rows.length, 1, `one open row: ${rows.join(', ')}`);
        for (const o of outcomes.filter((x) => x.status === 409))
          assert.ok(named(o, new RegExp(`already recorded: ${rows[0]!.replace(/\//g, '\\/')}`)), o.body);
      }
      assert.equal(await pendingChanges(), 0);
    });

    it('two pending proposals of the same participation published at once through both processes: one 200, one 409', async () => {
      const proposals = [];
      for (let i = 0; i < 2; i++) {
        const o = await write(ports[i]!, 'editor of alpha', 'POST', 'participation', {
          mechanism: 'alpha-process',
          country: 'GHA',
          role: 'observer',
          start: '2023',
          sources: [`https://example.org/proposed-${i}`],
        });
        assert.equal(o.status, 202, o.body);
        proposals.push((JSON.parse(o.body) as { id: string }).id);
      }
      const outcomes = await Promise.all(
        proposals.map((id, i) => write(ports[i]!, 'admin', 'POST', `changes/${id}/publish`, {})),
      );
      assert.deepEqual(outcomes.map((o) => o.status).sort(), [200, 409], tally(outcomes));
      const rows = await openRows('alpha-process', { country: 'GHA' }, 'observer');
      assert.equal(rows.length, 1);
      assert.ok(
        named(
          outcomes.find((o) => o.status === 409)!,
          /already recorded: alpha-process\/GHA\/observer\/1/,
        ),
      );
      // The refused one stays pending: a reviewer can return it; nothing was half-published.
      assert.equal(await pendingChanges(), 1);
      const left = proposals.find((id, i) => outcomes[i]!.status === 409)!;
      assert.equal((await write(ports[0]!, 'admin', 'DELETE', `changes/${left}`, {})).status, 200);
      assert.equal(await pendingChanges(), 0);
    });

    it('the same meeting posted at once through both processes: one 201, the others 409 naming the meeting', async () => {
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          write(ports[i % 2]!, 'admin', 'POST', 'meetings', {
            mechanism: 'alpha-process',
            fields: { title: 'Posted twice', kind: 'workshop', status: 'held', start: '2024-11-05' },
            sources: [`https://example.org/posted-${i}`],
          }),
        ),
      );
      const codes = outcomes.map((o) => o.status);
      assert.equal(codes.filter((c) => c === 201).length, 1, tally(outcomes));
      assert.equal(codes.filter((c) => c === 409).length, 7, tally(outcomes));
      const meetings = await t.db
        .selectFrom('meeting')
        .select('id')
        .where('mechanism_id', '=', 'alpha-process')
        .where('start', '=', '2024-11-05')
        .execute();
      assert.deepEqual(
        meetings.map((m) => m.id),
        ['alpha-process-2024-11-05-posted-twice'],
      );
      for (const o of outcomes.filter((x) => x.status === 409))
        assert.ok(named(o, /already recorded: meeting alpha-process-2024-11-05-posted-twice/), o.body);
      assert.equal(await pendingChanges(), 0);
    });

    it('SIGKILL of a server in the middle of a burst: every change is one the client was told of, or complete', async () => {
      const id = 'beta-forum';
      const v0 = (await ADAPTERS.mechanism.read(t.db, id))!.version;
      const results = new Map<number, Outcome>();
      const victim = servers[1]!;
      let next = 0;
      let killed = false;
      const alive = () => (killed ? [ports[0]!] : ports);
      const worker = async (w: number) => {
        while (next < N) {
          const i = next++;
          if (!killed && i >= N / 3) {
            killed = true;
            victim.kill('SIGKILL');
          }
          const port = alive()[w % alive().length]!;
          const version = (await ADAPTERS.mechanism.read(t.db, id))!.version;
          results.set(
            i,
            await write(
              port,
              'admin',
              'PATCH',
              `mechanisms/${id}`,
              { fields: { notes: `burst ${i}` }, sources: [`https://example.org/burst-${i}`] },
              version,
            ),
          );
        }
      };
      await Promise.all(Array.from({ length: 6 }, (_, w) => worker(w)));
      if (victim.exitCode === null && victim.signalCode === null) await once(victim, 'exit');
      const statuses = [...results.values()].map((o) => o.status);
      assert.ok(
        statuses.every((s) => s === 200 || s === 412 || s === 'connection error'),
        tally([...results.values()]),
      );
      assert.ok(statuses.includes(200), 'some writes went through');

      const changes = await t.db
        .selectFrom('change_request')
        .selectAll()
        .where('record_id', '=', id)
        .where('kind', '=', 'mechanism.update')
        .execute();
      const burst = changes.filter((c) => /"notes":"burst \d+"/.test(c.payload));
      assert.deepEqual(
        burst.filter((c) => c.status !== 'published').map((c) => c.id),
        [],
        'no pending (or other) orphan change',
      );
      const told = new Set<string>();
      for (const o of results.values())
        if (o.status === 200) told.add(String((JSON.parse(o.body) as { id: string }).id));
      for (const c of burst) {
        const note = (JSON.parse(c.payload) as { fields: { notes: string } }).fields.notes;
        const i = Number(note.slice('burst '.length));
        assert.ok(
          told.has(c.id) || results.get(i)?.status === 'connection error',
          `change ${c.id} (${note}) was never reported to its client`,
        );
      }
      for (const [i, o] of results) {
        if (o.status === 200)
          assert.ok(
            burst.some((c) => c.payload.includes(`"burst ${i}"`)),
            `burst ${i}: a 200 without its change`,
          );
      }
      const now = (await ADAPTERS.mechanism.read(t.db, id))!;
      assert.equal(now.version, v0 + burst.length, 'one version per published change, none lost, none half-written');
      const events = await t.db
        .selectFrom('audit_event')
        .select(['action', 'after'])
        .where('record_id', '=', id)
        .where('action', 'in', ['change.propose', 'change.publish'])
        .execute();
      const burstEvents = events.filter((e) => /burst \d+/.test(e.after ?? ''));
      assert.equal(
        burstEvents.filter((e) => e.action === 'change.propose').length,
        burst.length,
        'one proposal event per change',
      );
      assert.equal(
        burstEvents.filter((e) => e.action === 'change.publish').length,
        burst.length,
        'one publication event per change',
      );
      assert.equal(await pendingChanges(), 0);
    });
  });
}
