/**
 * Commitments on both engines, on the bundled reference data (the JVAP domains): the seed (framework, commitments,
 * no invented progress), the permission matrix of every route × role, bad input 400 naming the field (nothing
 * changes), reporting in a cycle by the State's focal point or delegate, the deadline 409 naming it, review (only
 * accepted updates are public and count), the roll-up and the dashboard for any date, the audit rows, the pages.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Grant } from '../../accounts/model.js';
import { AccountsService } from '../../accounts/service.js';
import { buildApp, loadReference } from '../../app.js';
import { today } from '../../registry/model.js';
import { createTestDatabase, engines, type TestDatabase } from '../../../test/helpers/db.js';
import { roleEmail, seedRoleUsers } from '../../../test/helpers/roles.js';

interface Json {
  [k: string]: unknown;
}
const GRANTS: Record<string, Grant[]> = {
  admin: [{ role: 'admin', scopeType: null, scopeId: null }],
  'secretariat of rabat': [{ role: 'editor', scopeType: 'mechanism', scopeId: 'rabat-process' }],
  'editor of colombo': [{ role: 'editor', scopeType: 'mechanism', scopeId: 'colombo-process' }],
  reviewer: [{ role: 'reviewer', scopeType: null, scopeId: null }],
  'focal point of SEN': [{ role: 'focal_point', scopeType: 'country', scopeId: 'SEN' }],
  'delegate of SEN': [],
  'no role': [],
};
const ROLES = Object.keys(GRANTS);
const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const START = today();
const DEADLINE = addDays(START, 10);
const C1 = 'jvap-2015-domain-1';
const C2 = 'jvap-2015-domain-2';

for (const { engine, skip } of await engines()) {
  describe(`commitments on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let tokens: Record<string, string>;
    let now = START;
    let cycleId = '';
    const api = async (role: string | null, method: 'GET' | 'POST', url: string, payload?: unknown) => {
      const headers: Record<string, string> = {};
      if (role) headers.authorization = `Bearer ${tokens[role]}`;
      if (payload !== undefined) headers['content-type'] = 'application/json';
      const res = await app.inject({
        method,
        url,
        headers,
        ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
      });
      return { status: res.statusCode, body: (res.body ? JSON.parse(res.body) : null) as Json };
    };
    const fieldOf = (body: Json) => (body.errors as { name: string }[] | undefined)?.map((e) => e.name);
    const counts = async () => {
      const n = async (table: 'commitment_update' | 'reporting_cycle' | 'audit_event') =>
        Number(
          (
            await t.db
              .selectFrom(table)
              .select((e) => e.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      return `${await n('reporting_cycle')}/${await n('commitment_update')}/${await n('audit_event')}`;
    };
    const report = (role: string | null, id: string, body: unknown) =>
      api(role, 'POST', '/api/v1/commitments/updates', { commitment: id, ...(body as Json) });
    const good = (over: Json = {}) => ({
      cycle: cycleId,
      country: 'SEN',
      status: 'in-progress',
      progress: 40,
      date: START,
      evidenceUrl: 'https://example.org/report',
      ...over,
    });

    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db);
      app = await buildApp({ database: t, commitmentsClock: () => now });
      const seeded = await seedRoleUsers(t.db, ROLES);
      tokens = seeded.tokens;
      const accounts = new AccountsService(t.db);
      for (const [name, grants] of Object.entries(GRANTS))
        for (const g of grants) await accounts.grant(seeded.ids[name]!, g, 'system');
      const r = await api('admin', 'POST', '/api/v1/countries/SEN/delegates', {
        email: roleEmail('delegate of SEN'),
        focalPoint: false,
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
    });
    after(async () => {
      await app?.close();
      await t?.dispose();
    });

    it('the seed: the five JVAP domains with their sources, six commitments, no update, no progress invented', async () => {
      const fw = await api(null, 'GET', '/api/v1/commitments/frameworks/jvap');
      assert.equal(fw.status, 200, JSON.stringify(fw.body));
      const tree = fw.body.tree as { code: string; source: { url: string; readOn: string }; rollup: Json }[];
      assert.deepEqual(
        tree.map((n) => n.code),
        ['1', '2', '3', '4', '5'],
      );
      for (const n of tree) {
        assert.match(n.source.url, /^https:\/\/jvapfollowup\.org\//);
        assert.equal(n.source.readOn, '2026-12-03');
        assert.equal(n.rollup.progress, null, 'no report: never 0 %');
        assert.equal(n.rollup.reported, 0);
      }
      assert.equal(fw.body.document, 'joint-valletta-action-plan-2015');
      const list = await api(null, 'GET', '/api/v1/commitments?framework=jvap');
      assert.equal(list.body.total, 6);
      assert.ok((list.body.items as Json[]).every((c) => c.state === null));
      const none = await api(null, 'GET', '/api/v1/commitments?status=none&mechanism=khartoum-process');
      assert.equal(none.body.total, 6);
    });

    it('filters: document, mechanism, country (named or a member State then), bad values 400 naming the field', async () => {
      assert.equal(
        (await api(null, 'GET', '/api/v1/commitments?document=joint-valletta-action-plan-2015')).body.total,
        6,
      );
      assert.equal((await api(null, 'GET', '/api/v1/commitments?mechanism=colombo-process')).body.total, 0);
      assert.equal((await api(null, 'GET', '/api/v1/commitments?country=SEN')).body.total, 6);
      assert.equal((await api(null, 'GET', '/api/v1/commitments?country=LKA')).body.total, 0);
      for (const [q, field] of [
        ['status=done', 'status'],
        ['asOf=2019-02-30', 'asOf'],
        ['country=sen', 'country'],
        ['country=QQQ', 'country'],
        ['limit=0', 'limit'],
      ] as const) {
        const r = await api(null, 'GET', `/api/v1/commitments?${q}`);
        assert.equal(r.status, 400, q);
        assert.ok(fieldOf(r.body)?.includes(field), `${q}: ${JSON.stringify(r.body)}`);
      }
      assert.equal((await api(null, 'GET', '/api/v1/commitments/no-such')).status, 404);
      assert.equal((await api(null, 'GET', '/api/v1/commitments/frameworks/no-such')).status, 404);
    });

    it('opening a cycle: bad input 400 naming the field, changes nothing', async () => {
      const before = await counts();
      for (const [body, field] of [
        [{ mechanism: 'no-such', title: 'x', deadline: DEADLINE }, 'mechanism'],
        [{ mechanism: 'rabat-process', title: '  ', deadline: DEADLINE }, 'title'],
        [{ mechanism: 'rabat-process', title: 'x', deadline: START }, 'deadline'],
        [{ mechanism: 'rabat-process', title: 'x', deadline: '2026-13-01' }, 'deadline'],
        [{ mechanism: 'rabat-process', title: 'x', deadline: DEADLINE, extra: 1 }, 'extra'],
      ] as const) {
        const r = await api('admin', 'POST', '/api/v1/commitments/cycles', body);
        assert.equal(r.status, 400, JSON.stringify(body));
        assert.ok(fieldOf(r.body)?.includes(field), `${field}: ${JSON.stringify(r.body)}`);
      }
      assert.equal(await counts(), before);
    });

    it('permission matrix: opening a cycle', async () => {
      const expect: Record<string, number> = {
        anonymous: 401,
        admin: 201,
        'secretariat of rabat': 201,
        'editor of colombo': 403,
        reviewer: 201,
        'focal point of SEN': 403,
        'delegate of SEN': 403,
        'no role': 403,
      };
      for (const [role, status] of Object.entries(expect)) {
        const before = await counts();
        const r = await api(role === 'anonymous' ? null : role, 'POST', '/api/v1/commitments/cycles', {
          mechanism: 'rabat-process',
          title: `JVAP follow-up (${role})`,
          deadline: DEADLINE,
        });
        assert.equal(r.status, status, `${role}: ${JSON.stringify(r.body)}`);
        if (status !== 201) assert.equal(await counts(), before, `${role}: nothing changed`);
        if (role === 'secretariat of rabat') cycleId = r.body.id as string;
      }
      const audit = await t.db
        .selectFrom('audit_event')
        .selectAll()
        .where('action', '=', 'commitment.cycle.open')
        .where('record_id', '=', cycleId)
        .execute();
      assert.equal(audit.length, 1);
      assert.ok((JSON.parse(audit[0]!.after!) as { states: string[] }).states.includes('SEN'));
    });

    it('reporting: bad input 400 naming the field, changes nothing', async () => {
      const before = await counts();
      for (const [over, field] of [
        [{ status: 'done' }, 'status'],
        [{ progress: 101 }, 'progress'],
        [{ progress: 2.5 }, 'progress'],
        [{ status: 'completed', progress: 50 }, 'progress'],
        [{ status: 'planned', progress: 10 }, 'progress'],
        [{ date: '2019-02-30' }, 'date'],
        [{ date: addDays(START, 1) }, 'date'],
        [{ evidenceUrl: 'javascript:alert(1)' }, 'evidenceUrl'],
        [{ evidenceUrl: null }, 'evidenceUrl'],
        [{ evidenceUrl: null, evidenceDocument: 'no-such-document' }, 'evidenceDocument'],
        [{ country: 'LKA' }, 'country'],
        [{ country: null }, 'country'],
        [{ cycle: '00000000-0000-0000-0000-000000000000' }, 'cycle'],
        [{ surprise: true }, 'surprise'],
      ] as const) {
        const r = await report('focal point of SEN', C1, good(over));
        assert.equal(r.status, 400, JSON.stringify(over));
        assert.ok(fieldOf(r.body)?.includes(field), `${field}: ${JSON.stringify(r.body)}`);
      }
      assert.equal(await counts(), before);
    });

    it('permission matrix: reporting in the cycle and outside it', async () => {
      const inCycle: Record<string, number> = {
        anonymous: 401,
        admin: 201,
        'secretariat of rabat': 201,
        'editor of colombo': 403,
        reviewer: 403,
        'focal point of SEN': 201,
        'delegate of SEN': 201,
        'no role': 403,
      };
      const outside: Record<string, number> = {
        anonymous: 401,
        admin: 201,
        'secretariat of rabat': 201,
        'editor of colombo': 403,
        reviewer: 403,
        'focal point of SEN': 403,
        'delegate of SEN': 403,
        'no role': 403,
      };
      for (const [matrix, body] of [
        [inCycle, good({ note: 'matrix' })],
        [outside, { status: 'planned', date: START, note: 'matrix' }],
      ] as const)
        for (const [role, status] of Object.entries(matrix)) {
          const before = await counts();
          const r = await report(role === 'anonymous' ? null : role, C2, body);
          assert.equal(r.status, status, `${role}: ${JSON.stringify(r.body)}`);
          if (status !== 201) assert.equal(await counts(), before, `${role}: nothing changed`);
          else assert.equal(r.body.review, 'submitted');
        }
      const unknown = await report('admin', 'no-such', good());
      assert.equal(unknown.status, 400);
      assert.deepEqual(fieldOf(unknown.body), ['commitment']);
    });

    it('review: permission matrix, a returned update needs a comment, only accepted ones are public', async () => {
      const sub = await report('focal point of SEN', C1, good({ progress: 40, date: '2026-01-15' }));
      assert.equal(sub.status, 201);
      const id = sub.body.id as string;
      // not public yet
      const c = await api(null, 'GET', `/api/v1/commitments/${C1}`);
      assert.equal(c.body.state, null);
      assert.deepEqual(c.body.updates, []);
      const pending = await api('secretariat of rabat', 'GET', '/api/v1/commitments/updates');
      assert.ok((pending.body.items as Json[]).some((u) => u.id === id));
      assert.deepEqual((await api('editor of colombo', 'GET', '/api/v1/commitments/updates')).body.items, []);
      assert.equal((await api(null, 'GET', '/api/v1/commitments/updates')).status, 401);
      const bad = await api('secretariat of rabat', 'POST', `/api/v1/commitments/updates/${id}/review`, {
        decision: 'return',
      });
      assert.equal(bad.status, 400);
      assert.deepEqual(fieldOf(bad.body), ['comment']);
      for (const [role, status] of Object.entries({
        anonymous: 401,
        'editor of colombo': 403,
        'focal point of SEN': 403,
        'delegate of SEN': 403,
        'no role': 403,
      })) {
        const r = await api(role === 'anonymous' ? null : role, 'POST', `/api/v1/commitments/updates/${id}/review`, {
          decision: 'accept',
        });
        assert.equal(r.status, status, role);
      }
      const ok = await api('secretariat of rabat', 'POST', `/api/v1/commitments/updates/${id}/review`, {
        decision: 'accept',
      });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(ok.body.review, 'accepted');
      const again = await api('reviewer', 'POST', `/api/v1/commitments/updates/${id}/review`, { decision: 'accept' });
      assert.equal(again.status, 409);
      const audit = await t.db
        .selectFrom('audit_event')
        .select(['action', 'record_type'])
        .where('record_id', '=', id)
        .orderBy('at')
        .execute();
      assert.deepEqual(
        audit.map((a) => a.action),
        ['commitment.report', 'commitment.accept'],
      );
      // a returned one stays private
      const other = await report('delegate of SEN', C1, good({ progress: 90, date: '2026-02-01' }));
      const ret = await api('reviewer', 'POST', `/api/v1/commitments/updates/${other.body.id as string}/review`, {
        decision: 'return',
        comment: 'The evidence does not show 90 %.',
      });
      assert.equal(ret.status, 200);
      assert.equal(ret.body.review, 'returned');
      const after = await api(null, 'GET', `/api/v1/commitments/${C1}`);
      assert.equal((after.body.state as Json).progress, 40);
      assert.equal((after.body.state as Json).country, 'SEN');
      assert.equal((after.body.updates as Json[]).length, 1);
      assert.ok(!JSON.stringify(after.body).includes('reported_by'), 'who reported is the State, never the person');
    });

    it('the roll-up and the state for any date: the last accepted update on or before it', async () => {
      const at = await api(null, 'GET', `/api/v1/commitments/${C1}?asOf=2026-01-14`);
      assert.equal(at.body.state, null, 'the day before the update: no report');
      const fw = await api(null, 'GET', '/api/v1/commitments/frameworks/jvap?asOf=2026-01-15');
      const tree = fw.body.tree as { code: string; rollup: { progress: number | null; reported: number } }[];
      assert.equal(tree[0]!.rollup.progress, 40);
      assert.equal(tree[0]!.rollup.reported, 1);
      assert.equal(tree[1]!.rollup.progress, null, 'domain 2: reports only submitted, none accepted');
      assert.equal((fw.body.rollup as Json).progress, 40, 'the mean of what reports a figure, not of zeros');
      const earlier = await api(null, 'GET', '/api/v1/commitments/frameworks/jvap?asOf=2025-12-31');
      assert.equal((earlier.body.rollup as Json).progress, null);
      const inProgress = await api(null, 'GET', '/api/v1/commitments?status=in-progress');
      assert.deepEqual(
        (inProgress.body.items as Json[]).map((c) => c.id),
        [C1],
      );
    });

    it('the dashboard: who reported in the cycle and the state of every commitment', async () => {
      const d = await api(null, 'GET', `/api/v1/commitments/cycles/${cycleId}`);
      assert.equal(d.status, 200, JSON.stringify(d.body));
      const sen = (d.body.states as Json[]).find((s) => s.country === 'SEN')!;
      assert.equal(sen.reported, 2);
      assert.equal(sen.accepted, 1);
      assert.equal(sen.concerned, 6);
      const aut = (d.body.states as Json[]).find((s) => s.country === 'AUT')!;
      assert.equal(aut.reported, 0);
      assert.equal((d.body.commitments as Json[]).length, 6);
      const list = await api(null, 'GET', '/api/v1/commitments/cycles?mechanism=rabat-process');
      assert.ok((list.body.items as Json[]).some((c) => c.id === cycleId && c.open === true));
      assert.equal((await api(null, 'GET', '/api/v1/commitments/cycles/not-a-uuid')).status, 400);
      assert.equal(
        (await api(null, 'GET', '/api/v1/commitments/cycles/00000000-0000-0000-0000-000000000000')).status,
        404,
      );
    });

    it('after the deadline: reports in the cycle get 409 naming the deadline, and nothing changes', async () => {
      now = DEADLINE;
      assert.equal((await report('focal point of SEN', C1, good())).status, 201, 'the deadline day is included');
      now = addDays(DEADLINE, 1);
      const before = await counts();
      const r = await report('focal point of SEN', C1, good({ date: START }));
      assert.equal(r.status, 409);
      assert.match(r.body.detail as string, new RegExp(DEADLINE));
      assert.equal(await counts(), before);
      const d = await api(null, 'GET', `/api/v1/commitments/cycles/${cycleId}`);
      assert.equal(d.body.open, false);
      now = START;
    });

    it('pages: the list, the dashboard, a commitment, the mechanism profile section, the sitemap', async () => {
      for (const lang of ['en', 'ar', 'zh']) {
        const list = await app.inject({ url: `/${lang}/commitments` });
        assert.equal(list.statusCode, 200, lang);
        assert.ok(list.body.includes('Return, readmission and reintegration'));
        const cy = await app.inject({ url: `/${lang}/commitments/cycles/${cycleId}` });
        assert.equal(cy.statusCode, 200);
        const one = await app.inject({ url: `/${lang}/commitments/${C2}` });
        assert.equal(one.statusCode, 200);
      }
      const en = await app.inject({ url: '/en/commitments' });
      assert.ok(en.body.includes('no report'));
      assert.equal((await app.inject({ url: '/en/commitments?status=nope' })).statusCode, 400);
      const profile = await app.inject({ url: '/en/mechanisms/rabat-process' });
      assert.ok(profile.body.includes('id="commitments"'));
      const sitemap = await app.inject({ url: '/sitemap.xml' });
      assert.ok(sitemap.body.includes('/en/commitments'));
    });
  });
}
