/**
 * Every kind of change, on SQLite and PostgreSQL: the permission matrix of every write route ×
 * every role, what each change does to the public record, the audit trail it leaves, revert, the
 * reference reload leaving edits alone, and the forms (CSRF, field errors, conflict page).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp, loadReference } from '../app.js';
import { en } from '../web/locales/en.js';
import { Client } from '../../test/helpers/client.js';
import { createTestDatabase, engines, type TestDatabase } from '../../test/helpers/db.js';
import { findRecord, MINI, mutatedCopy } from '../../test/helpers/reference.js';
import { PASSWORD, roleEmail, seedRoleUsers } from '../../test/helpers/roles.js';
import { ADAPTERS } from './records.js';

interface Json {
  [k: string]: unknown;
}
/** Who tries, in order: refusals first, then the roles that may (so a success never hides a later refusal). */
const WHO: (string | null)[] = [
  null,
  'revoked-or-unknown',
  'no role',
  'focal point of SEN',
  'reviewer',
  'editor of beta',
  'editor of alpha',
  'admin',
];
const SRC = 'https://example.org/minutes';
const email = roleEmail;

for (const { engine, skip } of await engines()) {
  describe(`every kind of change on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    const tokens: Record<string, string> = {};
    const ids: Record<string, string> = {};
    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db, MINI);
      app = await buildApp({ database: t, sessionSecret: 'changes-test-secret', cacheTtlMs: 0 });
      const seeded = await seedRoleUsers(t.db);
      Object.assign(ids, seeded.ids);
      Object.assign(tokens, seeded.tokens);
    });
    after(async () => {
      await app.close();
      await t.dispose();
    });

    const api = (
      method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
      url: string,
      who: string | null,
      body?: Json,
      ifMatch?: number | string,
    ) =>
      app.inject({
        method,
        url,
        ...(body ? { payload: body } : {}),
        headers: {
          ...(who ? { authorization: `Bearer ${tokens[who] ?? who}` } : {}),
          ...(ifMatch === undefined ? {} : { 'if-match': `"${ifMatch}"` }),
        },
      });
    const json = async (url: string) => JSON.parse((await app.inject(url)).body) as Json;
    const history = async (type: 'participation' | 'mechanisms' | 'meetings', id: string) =>
      json(`/api/v1/${type}/${encodeURIComponent(id)}/history`);
    const version = async (type: 'participation' | 'mechanism' | 'meeting', id: string) =>
      (await ADAPTERS[type].read(t.db, id))?.version ?? null;
    /** Everything a refused request must leave alone. */
    const snapshot = async () =>
      JSON.stringify(
        await Promise.all([
          t.db.selectFrom('change_request').select(['id', 'status']).orderBy('id').execute(),
          t.db.selectFrom('participation').select(['row_id', 'version', 'superseded_at']).orderBy('row_id').execute(),
          t.db.selectFrom('mechanism').select(['id', 'version']).orderBy('id').execute(),
          t.db.selectFrom('meeting').select(['id', 'version']).orderBy('id').execute(),
        ]),
      );
    const pendingBy = async (
      who: string,
      url: string,
      body: Json,
      ifMatch?: () => Promise<number | null>,
      method: 'POST' | 'PATCH' = 'PATCH',
    ) => {
      const res = await api(method, url, who, body, ifMatch ? ((await ifMatch()) ?? undefined) : undefined);
      assert.equal(res.statusCode, 202, res.body);
      return String((JSON.parse(res.body) as Json).id);
    };

    interface Route {
      name: string;
      may: Record<string, number>;
      prepare?: () => Promise<string>;
      call: (
        who: string | null,
        prepared: string,
      ) => Promise<{ statusCode: number; body: string; headers: Record<string, unknown> }>;
    }
    let noteN = 0;
    const mechanismNote = () => ({ fields: { notes: `note ${++noteN}` }, sources: [SRC] });
    const routes: Route[] = [
      {
        name: 'POST /participation',
        may: { 'editor of alpha': 202, admin: 201 },
        call: (who) =>
          api('POST', '/api/v1/participation', who, {
            mechanism: 'alpha-process',
            country: 'ESP',
            role: 'member',
            start: '2024-03',
            sources: [SRC],
          }),
      },
      {
        name: 'PATCH /participation/{id}',
        may: { 'editor of alpha': 202, admin: 200 },
        call: async (who) =>
          api(
            'PATCH',
            `/api/v1/participation/${encodeURIComponent('alpha-process/SEN/member/1')}`,
            who,
            { note: `corrected by ${who}`, sources: [SRC] },
            (await version('participation', 'alpha-process/SEN/member/1'))!,
          ),
      },
      {
        name: 'POST /participation/{id}/end',
        may: { 'editor of beta': 202, admin: 200 },
        call: async (who) =>
          api(
            'POST',
            `/api/v1/participation/${encodeURIComponent('beta-forum/MLI/member/1')}/end`,
            who,
            { end: '2024', endCause: 'left', sources: [SRC] },
            (await version('participation', 'beta-forum/MLI/member/1'))!,
          ),
      },
      {
        name: 'POST /participation/{id}/verification',
        may: { 'focal point of SEN': 200, admin: 200 },
        call: async (who) =>
          api(
            'POST',
            `/api/v1/participation/${encodeURIComponent('gamma-dialogue/SEN/member/1')}/verification`,
            who,
            { state: 'confirmed' },
            (await version('participation', 'gamma-dialogue/SEN/member/1'))!,
          ),
      },
      {
        name: 'PATCH /mechanisms/{id}',
        may: { 'editor of alpha': 202, admin: 200 },
        call: async (who) =>
          api(
            'PATCH',
            '/api/v1/mechanisms/alpha-process',
            who,
            { fields: { chair_current: `Chair named by ${who}` }, sources: [SRC] },
            (await version('mechanism', 'alpha-process'))!,
          ),
      },
      {
        name: 'POST /mechanisms/{id}/status',
        may: { 'editor of alpha': 202, admin: 200 },
        call: async (who) =>
          api(
            'POST',
            '/api/v1/mechanisms/alpha-process/status',
            who,
            { status: 'dormant', since: '2026-01', sources: [SRC] },
            (await version('mechanism', 'alpha-process'))!,
          ),
      },
      {
        name: 'POST /meetings',
        may: { 'editor of alpha': 202, admin: 201 },
        call: (who) =>
          api('POST', '/api/v1/meetings', who, {
            mechanism: 'alpha-process',
            fields: { title: `Working group (${who})`, kind: 'working-group', status: 'held', start: '2024-05-06' },
            sources: [SRC],
          }),
      },
      {
        name: "PATCH /meetings/{id} (a mechanism's)",
        may: { 'editor of alpha': 202, admin: 200 },
        call: async (who) =>
          api(
            'PATCH',
            '/api/v1/meetings/alpha-process-2025-ministerial',
            who,
            { fields: { city: `City ${who}` }, sources: [SRC] },
            (await version('meeting', 'alpha-process-2025-ministerial'))!,
          ),
      },
      {
        name: 'PATCH /meetings/{id} (a series meeting)',
        may: { admin: 200 },
        call: async (who) =>
          api(
            'PATCH',
            '/api/v1/meetings/global-2',
            who,
            { fields: { city: `City ${who}` }, sources: [SRC] },
            (await version('meeting', 'global-2'))!,
          ),
      },
      {
        name: 'POST /changes/{id}/publish',
        may: { reviewer: 200, admin: 200 },
        prepare: () =>
          pendingBy('editor of alpha', '/api/v1/mechanisms/alpha-process', mechanismNote(), () =>
            version('mechanism', 'alpha-process'),
          ),
        call: (who, change) => api('POST', `/api/v1/changes/${change}/publish`, who),
      },
      {
        name: 'POST /changes/{id}/return',
        may: { reviewer: 200, admin: 200 },
        prepare: () =>
          pendingBy('editor of alpha', '/api/v1/mechanisms/alpha-process', mechanismNote(), () =>
            version('mechanism', 'alpha-process'),
          ),
        call: (who, change) =>
          api('POST', `/api/v1/changes/${change}/return`, who, { comment: 'Which source says so?' }),
      },
      {
        name: 'DELETE /changes/{id}',
        may: { 'editor of alpha': 200, admin: 200 },
        prepare: () =>
          pendingBy('editor of alpha', '/api/v1/mechanisms/alpha-process', mechanismNote(), () =>
            version('mechanism', 'alpha-process'),
          ),
        call: (who, change) => api('DELETE', `/api/v1/changes/${change}`, who),
      },
      {
        name: 'POST /changes/{id}/revert',
        may: { admin: 200 },
        prepare: async () => {
          const res = await api(
            'PATCH',
            '/api/v1/mechanisms/beta-forum',
            'admin',
            mechanismNote(),
            (await version('mechanism', 'beta-forum'))!,
          );
          assert.equal(res.statusCode, 200, res.body);
          return String((JSON.parse(res.body) as Json).id);
        },
        call: (who, change) => api('POST', `/api/v1/changes/${change}/revert`, who),
      },
    ];

    it('permission matrix: every write route × every role (and none); a refused request changes nothing', async () => {
      const table: string[] = [];
      for (const route of routes) {
        for (const who of WHO) {
          const prepared = route.prepare ? await route.prepare() : '';
          const before = await snapshot();
          const res = await route.call(who, prepared);
          const expected = who === null || who === 'revoked-or-unknown' ? 401 : (route.may[who] ?? 403);
          table.push(`${route.name} × ${who ?? 'anonymous'}: ${res.statusCode}`);
          assert.equal(res.statusCode, expected, `${route.name} as ${who ?? 'anonymous'}: ${res.body}`);
          if (expected >= 400) {
            assert.match(String(res.headers['content-type']), /problem\+json/);
            assert.equal(await snapshot(), before, `${route.name} as ${who ?? 'anonymous'} changed something`);
          } else {
            assert.notEqual(await snapshot(), before, `${route.name} as ${who}: a success that changed nothing`);
          }
        }
      }
      assert.equal(table.length, routes.length * WHO.length);
    });

    it('order of checks: 401 before an invalid body, then 403 where the target is in the URL, then 400 naming the field, then If-Match', async () => {
      const invalid = { bogus: 1, sources: 42 };
      const P = encodeURIComponent('alpha-process/SEN/member/1');
      const change = await pendingBy('editor of alpha', '/api/v1/mechanisms/alpha-process', mechanismNote(), () =>
        version('mechanism', 'alpha-process'),
      );
      // [method, url, who may not (signed in), target known from the URL]
      const writes: ['POST' | 'PATCH' | 'DELETE', string, boolean][] = [
        ['POST', '/api/v1/participation', false],
        ['PATCH', `/api/v1/participation/${P}`, true],
        ['POST', `/api/v1/participation/${P}/end`, true],
        ['POST', `/api/v1/participation/${P}/verification`, true],
        ['PATCH', '/api/v1/mechanisms/alpha-process', true],
        ['POST', '/api/v1/mechanisms/alpha-process/status', true],
        ['POST', '/api/v1/meetings', false],
        ['PATCH', '/api/v1/meetings/alpha-process-2025-ministerial', true],
        ['POST', `/api/v1/changes/${change}/publish`, true],
        ['POST', `/api/v1/changes/${change}/return`, true],
        ['POST', `/api/v1/changes/${change}/revert`, true],
        ['DELETE', `/api/v1/changes/${change}`, true],
        ['POST', `/api/v1/users/${ids.admin!}/roles`, true],
        ['DELETE', '/api/v1/roles/nope', true],
        ['POST', '/api/v1/tokens', true],
        ['DELETE', '/api/v1/tokens/nope', false],
      ];
      const before = await snapshot();
      for (const [method, url, known] of writes) {
        for (const who of [null, 'revoked-or-unknown']) {
          const res = await api(method, url, who, invalid);
          assert.equal(
            res.statusCode,
            401,
            `${method} ${url} as ${who ?? 'anonymous'} with an invalid body: ${res.body}`,
          );
          assert.doesNotMatch(res.body, /bogus|must be/, 'a 401 says nothing about the schema');
        }
        const text = await app.inject({ method, url, payload: 'not json', headers: { 'content-type': 'text/plain' } });
        assert.equal(text.statusCode, 401, `${method} ${url}: anonymous text/plain is a 401 first`);
        if (known) {
          const res = await api(method, url, 'no role', invalid);
          assert.equal(res.statusCode, 403, `${method} ${url} as no role with an invalid body: ${res.body}`);
        }
      }
      assert.equal(await snapshot(), before, 'refused requests changed nothing');
      // signed in and allowed: the body is validated (400 naming the field) before If-Match (428)
      const bad = await api('PATCH', '/api/v1/mechanisms/alpha-process', 'admin', {
        fields: { notes: 5 },
        sources: [SRC],
      });
      assert.equal(bad.statusCode, 400, bad.body);
      assert.deepEqual(
        (JSON.parse(bad.body) as { errors: Json[] }).errors.map((e) => e.name),
        ['fields.notes'],
      );
      const typed = await api('POST', '/api/v1/tokens', 'admin', { label: 123 });
      assert.equal(typed.statusCode, 400, 'no type coercion on bodies');
      const plain = await app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        payload: 'label',
        headers: { authorization: `Bearer ${tokens.admin!}`, 'content-type': 'text/plain' },
      });
      assert.equal(plain.statusCode, 415, plain.body);
      const noIfMatch = await api('PATCH', '/api/v1/mechanisms/alpha-process', 'admin', mechanismNote());
      assert.equal(noIfMatch.statusCode, 428);
      const service = await api('POST', '/api/v1/participation', 'admin', {
        mechanism: 'alpha-process',
        country: 'ZZZ',
        role: 'member',
        start: '2024',
        sources: [SRC],
      });
      assert.deepEqual(
        (JSON.parse(service.body) as { errors: Json[] }).errors.map((e) => [e.name, e.in]),
        [['country', 'body']],
        'a service 400 names its field',
      );
      assert.equal((await api('DELETE', `/api/v1/changes/${change}`, 'admin')).statusCode, 200);
    });

    it('one-line fields refuse control characters; lists and texts have bounds; a meeting posted twice is refused', async () => {
      const meeting = (title: string, sources: string[] = [SRC]) =>
        api('POST', '/api/v1/meetings', 'admin', {
          mechanism: 'alpha-process',
          fields: { title, kind: 'workshop', status: 'held', start: '2024-10-01' },
          sources,
        });
      for (const title of ['Line\nbreak', 'Carriage\rreturn', 'Nul\u0000char', 'Tab\there']) {
        const res = await meeting(title);
        assert.equal(res.statusCode, 400, JSON.stringify(title));
        assert.deepEqual(
          (JSON.parse(res.body) as { errors: Json[] }).errors.map((e) => e.name),
          ['title'],
        );
      }
      const many = await meeting(
        'Many sources',
        Array.from({ length: 51 }, (_, i) => `https://example.org/s${i}`),
      );
      assert.equal(many.statusCode, 400);
      assert.match(many.body, /sources must not have more than 50 items/);
      assert.equal((await meeting('Held once')).statusCode, 201);
      const twice = await meeting('Held once');
      assert.equal(twice.statusCode, 409, 'a duplicate is a conflict with the meeting recorded');
      assert.deepEqual(
        (JSON.parse(twice.body) as { errors: Json[] }).errors.map((e) => e.name),
        ['title'],
      );
      assert.match(twice.body, /already recorded: meeting alpha-process-2024-10-01-held-once/);
      assert.equal((await app.inject('/api/v1/mechanisms?limit=1e309')).statusCode, 400);
      assert.equal((await app.inject('/api/v1/mechanisms?limit=0')).statusCode, 400);
    });

    it('every write route is in OpenAPI, with its security and its problems', async () => {
      const doc = JSON.parse((await app.inject('/api/openapi.json')).body) as {
        paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>;
      };
      const expected = [
        ['post', '/api/v1/participation'],
        ['patch', '/api/v1/participation/{id}'],
        ['post', '/api/v1/participation/{id}/end'],
        ['post', '/api/v1/participation/{id}/verification'],
        ['patch', '/api/v1/mechanisms/{id}'],
        ['post', '/api/v1/mechanisms/{id}/status'],
        ['post', '/api/v1/meetings'],
        ['patch', '/api/v1/meetings/{id}'],
        ['post', '/api/v1/changes/{id}/publish'],
        ['post', '/api/v1/changes/{id}/return'],
        ['post', '/api/v1/changes/{id}/revert'],
        ['delete', '/api/v1/changes/{id}'],
      ] as const;
      for (const [method, path] of expected) {
        const op = doc.paths[path]?.[method];
        assert.ok(op, `${method.toUpperCase()} ${path} is not in OpenAPI`);
        assert.deepEqual(op.security, [{ bearerAuth: [] }], `${method} ${path} security`);
        assert.ok(op.responses['401'] && op.responses['403'], `${method} ${path} documents 401 and 403`);
      }
      for (const path of ['/api/v1/participation/{id}', '/api/v1/mechanisms/{id}', '/api/v1/meetings/{id}']) {
        assert.ok(
          doc.paths[path]!.patch!.responses['412'] && doc.paths[path]!.patch!.responses['428'],
          `${path} documents 412 and 428`,
        );
      }
    });

    it('adding a membership: waits for review, then the profile and the figures include it; its history has both steps', async () => {
      const members = async () =>
        ((await json('/api/v1/mechanisms/beta-forum?asOf=2025-01-01')).members as Json[]).map(
          (m) => (m.party as Json).id,
        );
      assert.ok(!(await members()).includes('GHA'));
      const res = await api('POST', '/api/v1/participation', 'editor of beta', {
        mechanism: 'beta-forum',
        country: 'gha',
        role: 'member',
        start: '2023-07-01',
        sources: [SRC],
        note: 'Joined at the 2023 meeting',
      });
      assert.equal(res.statusCode, 202, res.body);
      const change = JSON.parse(res.body) as Json;
      assert.equal(change.recordId, 'beta-forum/GHA/member/1');
      assert.ok(!(await members()).includes('GHA'), 'not published yet');
      const queue = JSON.parse((await api('GET', '/api/v1/changes', 'reviewer')).body) as { items: Json[] };
      const item = queue.items.find((c) => c.id === change.id)!;
      assert.deepEqual(
        (item.diff as Json[]).find((d) => d.label === 'common.since'),
        { label: 'common.since', before: '', after: '2023-07-01' },
      );
      const mine = JSON.parse((await api('GET', '/api/v1/changes/mine', 'editor of beta')).body) as { items: Json[] };
      assert.ok(mine.items.some((c) => c.id === change.id && c.status === 'pending'));
      assert.equal((await api('POST', `/api/v1/changes/${String(change.id)}/publish`, 'reviewer')).statusCode, 200);
      assert.ok((await members()).includes('GHA'));
      assert.ok(
        !((await json('/api/v1/mechanisms/beta-forum?asOf=2023-06-30')).members as Json[]).some(
          (m) => (m.party as Json).id === 'GHA',
        ),
        'not before its start',
      );
      const h = await history('participation', 'beta-forum/GHA/member/1');
      assert.deepEqual(
        (h.steps as Json[]).map((s) => s.action),
        ['change.propose', 'change.publish'],
      );
      assert.equal((h.changes as Json[])[0]!.author, 'editor of beta');
      assert.equal((h.changes as Json[])[0]!.reviewer, 'reviewer');
      // the same party again, overlapping: refused, naming the field and the existing record
      const again = await api('POST', '/api/v1/participation', 'admin', {
        mechanism: 'beta-forum',
        country: 'GHA',
        role: 'member',
        start: '2024',
        sources: [SRC],
      });
      assert.equal(again.statusCode, 409);
      assert.match(again.body, /already recorded: beta-forum\/GHA\/member\/1/);
    });

    it('a correction supersedes: the old version stays in record time (knownAt) and in the history', async () => {
      const id = 'gamma-dialogue/FRA/member/1';
      const knownBefore = new Date().toISOString();
      await new Promise((r) => setTimeout(r, 5));
      const res = await api(
        'PATCH',
        `/api/v1/participation/${encodeURIComponent(id)}`,
        'admin',
        { start: '2009-11', sources: [SRC] },
        (await version('participation', id))!,
      );
      assert.equal(res.statusCode, 200, res.body);
      const since = async (knownAt?: string) =>
        (
          (
            await json(
              `/api/v1/participation?mechanism=gamma-dialogue&asOf=2012-01-01${knownAt ? `&knownAt=${knownAt}` : ''}`,
            )
          ).items as Json[]
        ).find((p) => p.id === id)!.since;
      assert.equal(await since(), '2009-11');
      assert.equal(await since(knownBefore), '2010', 'as the registry stood before the correction');
      const h = await history('participation', id);
      assert.equal((h.versions as Json[]).length, 2);
      assert.deepEqual(
        (h.changes as Json[])[0]!.diff,
        [
          { label: 'common.since', before: '2010', after: '2009-11' },
          {
            label: 'common.sources',
            before: String((h.versions as Json[])[0]!.sources),
            after: (h.versions as Json[])[1]!.sources as string[],
          },
        ].map((d) => ({
          ...d,
          after: Array.isArray(d.after) ? d.after.join(', ') : d.after,
          before: d.before.split(',').join(', '),
        })),
      );
      const nothing = await api(
        'PATCH',
        `/api/v1/participation/${encodeURIComponent(id)}`,
        'admin',
        { start: '2009-11', sources: [SRC] },
        (await version('participation', id))!,
      );
      assert.equal(nothing.statusCode, 400);
      assert.match(nothing.body, /changes nothing/);
    });

    it('a focal point confirms or disputes; a dispute needs a note; the public record shows it', async () => {
      const id = 'beta-forum/SEN/member/1';
      const v = (await version('participation', id))!;
      const noNote = await api(
        'POST',
        `/api/v1/participation/${encodeURIComponent(id)}/verification`,
        'focal point of SEN',
        { state: 'disputed' },
        v,
      );
      assert.equal(noNote.statusCode, 400);
      assert.match(noNote.body, /note/);
      const ok = await api(
        'POST',
        `/api/v1/participation/${encodeURIComponent(id)}/verification`,
        'focal point of SEN',
        { state: 'disputed', note: 'Senegal joined in 2006, not 2005' },
        v,
      );
      assert.equal(ok.statusCode, 200, ok.body);
      const row = ((await json('/api/v1/participation?mechanism=beta-forum&asOf=2010-01-01')).items as Json[]).find(
        (p) => p.id === id,
      )!;
      assert.equal(row.verification, 'disputed');
      const page = (await app.inject('/fr/mechanisms/beta-forum?asOf=2010-01-01')).body;
      assert.match(page, /contesté par le pays/);
      const other = await api(
        'POST',
        `/api/v1/participation/${encodeURIComponent('beta-forum/MLI/member/1')}/verification`,
        'focal point of SEN',
        { state: 'confirmed' },
        1,
      );
      assert.equal(other.statusCode, 403, "Mali is not the focal point's country");
    });

    it('a profile change shows on the profile; a reference reload keeps the edited fields and updates the others', async () => {
      const res = await api(
        'PATCH',
        '/api/v1/mechanisms/beta-forum',
        'editor of beta',
        {
          fields: {
            structure: 'Annual ministerial, biannual senior officials',
            chair_current: 'Ghana',
            chair_since: '2025-01',
          },
          sources: [SRC],
        },
        (await version('mechanism', 'beta-forum'))!,
      );
      assert.equal(res.statusCode, 202);
      assert.equal(
        (await api('POST', `/api/v1/changes/${String((JSON.parse(res.body) as Json).id)}/publish`, 'admin')).statusCode,
        200,
      );
      const m = await json('/api/v1/mechanisms/beta-forum');
      assert.deepEqual(m.currentChair, { name: 'Ghana', since: '2025-01' });
      assert.equal(m.structure, 'Annual ministerial, biannual senior officials');
      const profile = (await app.inject('/en/mechanisms/beta-forum')).body;
      assert.match(profile, /Current chair<\/dt><dd>.*Ghana.*since January 2025/);
      assert.match(profile, /href="\/en\/history\/mechanism\/beta-forum"/, 'the profile links to its history');
      assert.match(profile, /<footer[^]*href="\/en\/account"/, 'every page leads secretariats to sign in');

      const dir = mutatedCopy('mechanisms.json', (records) => {
        const beta = findRecord(records, 'beta-forum');
        beta.structure = 'Something else from the reference';
        beta.website = 'https://beta-forum.example.org/new';
      });
      await loadReference(t.db, dir);
      const after = await json('/api/v1/mechanisms/beta-forum');
      assert.equal(after.structure, 'Annual ministerial, biannual senior officials', 'the edited field is kept');
      assert.equal(after.website, 'https://beta-forum.example.org/new', 'a field not edited follows the reference');
      assert.deepEqual(after.currentChair, { name: 'Ghana', since: '2025-01' });
      await loadReference(t.db, MINI);
    });

    it('a change of status ends the current period; the active count follows from that date; a reload keeps it; a revert restores it', async () => {
      const active = async (asOf: string) =>
        ((await json(`/api/v1/stats?asOf=${asOf}`)).activeMechanisms as Json).value as number;
      const [before2025, before2026] = [await active('2025-01-01'), await active('2026-01-01')];
      const same = await api(
        'POST',
        '/api/v1/mechanisms/delta-global/status',
        'admin',
        { status: 'active', since: '2025-06', sources: [SRC] },
        (await version('mechanism', 'delta-global'))!,
      );
      assert.equal(same.statusCode, 400);
      assert.match(same.body, /already active/);
      const early = await api(
        'POST',
        '/api/v1/mechanisms/delta-global/status',
        'admin',
        { status: 'concluded', since: '2006', sources: [SRC] },
        (await version('mechanism', 'delta-global'))!,
      );
      assert.equal(early.statusCode, 400);
      assert.match(early.body, /not after the start of the current status \(2007\)/);
      const res = await api(
        'POST',
        '/api/v1/mechanisms/delta-global/status',
        'admin',
        { status: 'concluded', since: '2025-06', sources: [SRC], note: 'Final declaration' },
        (await version('mechanism', 'delta-global'))!,
      );
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual([await active('2025-01-01'), await active('2026-01-01')], [before2025, before2026 - 1]);
      const m = await json('/api/v1/mechanisms/delta-global');
      assert.deepEqual(
        (m.statusHistory as Json[]).map((p) => [p.status, p.start, p.end]),
        [
          ['active', '2007', '2025-06'],
          ['concluded', '2025-06', null],
        ],
      );
      await loadReference(t.db, MINI);
      assert.equal(await active('2026-01-01'), before2026 - 1, 'a reference reload keeps the edited status history');
      assert.equal(
        (await api('POST', `/api/v1/changes/${String((JSON.parse(res.body) as Json).id)}/revert`, 'admin')).statusCode,
        200,
      );
      assert.equal(await active('2026-01-01'), before2026);
      assert.equal(((await json('/api/v1/mechanisms/delta-global')).statusHistory as Json[]).length, 1);
    });

    it('meetings: an editor adds one with participants and changes them; a reference reload keeps both', async () => {
      const created = await api('POST', '/api/v1/meetings', 'admin', {
        mechanism: 'beta-forum',
        fields: {
          title: "Senior officials' meeting",
          kind: 'senior-officials',
          status: 'held',
          start: '2025-03-11',
          end: '2025-03-12',
          city: 'Accra',
          country_code: 'GHA',
        },
        participants: [
          { country: 'GHA', role: 'host' },
          { country: 'SEN', role: 'participant' },
        ],
        sources: [SRC],
      });
      assert.equal(created.statusCode, 201, created.body);
      const id = String((JSON.parse(created.body) as Json).recordId);
      assert.equal(id, 'beta-forum-2025-03-11-senior-officials-meeting');
      const m = await json(`/api/v1/meetings/${id}`);
      assert.equal(m.title, "Senior officials' meeting");
      assert.equal((m.participants as Json[]).length, 2);
      assert.match(
        (await app.inject(`/en/meetings/${id}`)).body,
        new RegExp(`href="/en/history/meeting/${id}"`),
        'the meeting page links to its history',
      );
      const listed = ((await json('/api/v1/meetings?mechanism=beta-forum')).items as Json[]).map((x) => x.id);
      assert.ok(listed.includes(id));

      const bad = await api(
        'PATCH',
        `/api/v1/meetings/${id}`,
        'editor of beta',
        { participants: [{ country: 'XXX', role: 'participant' }], sources: [SRC] },
        1,
      );
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /XXX/);
      const changed = await api(
        'PATCH',
        `/api/v1/meetings/${id}`,
        'editor of beta',
        {
          participants: [
            { country: 'GHA', role: 'host' },
            { mechanism: 'alpha-process', role: 'observer' },
          ],
          sources: [SRC],
        },
        1,
      );
      assert.equal(changed.statusCode, 202, changed.body);
      assert.equal(
        (await api('POST', `/api/v1/changes/${String((JSON.parse(changed.body) as Json).id)}/publish`, 'reviewer'))
          .statusCode,
        200,
      );
      const after = await json(`/api/v1/meetings/${id}`);
      assert.deepEqual(
        (after.participants as Json[]).map((p) => `${String(p.type)}:${String(p.id)}:${String(p.role)}`),
        ['country:GHA:host', 'mechanism:alpha-process:observer'],
      );

      const edited = await api(
        'PATCH',
        '/api/v1/meetings/beta-forum-2014-senior-officials',
        'admin',
        { fields: { city: 'Dakar' }, sources: [SRC] },
        (await version('meeting', 'beta-forum-2014-senior-officials'))!,
      );
      assert.equal(edited.statusCode, 200, edited.body);
      await loadReference(t.db, MINI);
      assert.equal(
        (await json('/api/v1/meetings/beta-forum-2014-senior-officials')).city,
        'Dakar',
        'an edited meeting is not overwritten',
      );
      assert.equal(
        (await app.inject(`/api/v1/meetings/${id}`)).statusCode,
        200,
        'a meeting created here is not removed',
      );
    });

    it('an administrator reverts a change; the revert is a change of its own and can be reverted; only the latest change can be', async () => {
      const v = (await version('mechanism', 'alpha-process'))!;
      const before = (await json('/api/v1/mechanisms/alpha-process')).objectives;
      const first = JSON.parse(
        (
          await api(
            'PATCH',
            '/api/v1/mechanisms/alpha-process',
            'admin',
            { fields: { objectives: 'First wording' }, sources: [SRC] },
            v,
          )
        ).body,
      ) as Json;
      const second = JSON.parse(
        (
          await api(
            'PATCH',
            '/api/v1/mechanisms/alpha-process',
            'admin',
            { fields: { objectives: 'Second wording' }, sources: [SRC] },
            v + 1,
          )
        ).body,
      ) as Json;
      const early = await api('POST', `/api/v1/changes/${String(first.id)}/revert`, 'admin');
      assert.equal(early.statusCode, 409, 'a later change would be lost');
      assert.match(early.body, /revert the later change first/);
      const revert = await api('POST', `/api/v1/changes/${String(second.id)}/revert`, 'admin');
      assert.equal(revert.statusCode, 200, revert.body);
      assert.equal((await json('/api/v1/mechanisms/alpha-process')).objectives, 'First wording');
      const again = await api(
        'POST',
        `/api/v1/changes/${String((JSON.parse(revert.body) as Json).id)}/revert`,
        'admin',
      );
      assert.equal(again.statusCode, 200);
      assert.equal((await json('/api/v1/mechanisms/alpha-process')).objectives, 'Second wording');
      assert.match(
        (await app.inject('/en/mechanisms/alpha-process')).body,
        /Objectives<\/dt><dd>.*Second wording/,
        'objectives show on the profile',
      );
      const h = await history('mechanisms', 'alpha-process');
      const kinds = (h.changes as Json[]).map((c) => c.kind);
      assert.deepEqual(kinds.slice(-4), ['mechanism.update', 'mechanism.update', 'revert', 'revert']);
      assert.equal((h.changes as Json[]).at(-2)!.revertOf, second.id);
      assert.notEqual(before, 'Second wording');

      // reverting an addition withdraws the record (its history stays); reverting that brings it back
      const added = JSON.parse(
        (
          await api('POST', '/api/v1/participation', 'admin', {
            mechanism: 'gamma-dialogue',
            country: 'MLI',
            role: 'observer',
            start: '2020',
            sources: [SRC],
          })
        ).body,
      ) as Json;
      const rid = String(added.recordId);
      const gone = JSON.parse((await api('POST', `/api/v1/changes/${String(added.id)}/revert`, 'admin')).body) as Json;
      assert.equal(await version('participation', rid), null);
      const hist = await history('participation', rid);
      assert.equal(hist.exists, false);
      assert.equal((hist.versions as Json[]).length, 1);
      assert.equal((await api('POST', `/api/v1/changes/${String(gone.id)}/revert`, 'admin')).statusCode, 200);
      assert.equal(await version('participation', rid), 2, 'back, as the next version of the record');
      assert.equal(((await history('participation', rid)).versions as Json[]).length, 2);
    });

    it('the audit trail holds every kind of step: actor, action, record, before and after', async () => {
      const events = await t.db.selectFrom('audit_event').selectAll().where('action', 'like', 'change.%').execute();
      const by = (action: string, recordType: string) =>
        events.filter((e) => e.action === action && e.record_type === recordType);
      for (const kind of [
        'participation.add',
        'participation.correct',
        'participation.end',
        'participation.verify',
        'mechanism.update',
        'meeting.create',
        'meeting.update',
      ]) {
        const proposals = events.filter(
          (e) => e.action === 'change.propose' && e.after !== null && (JSON.parse(e.after) as Json).kind === kind,
        );
        assert.ok(proposals.length > 0, `a proposal of ${kind} is audited`);
        for (const p of proposals) assert.ok(Object.values(ids).includes(p.actor), `${kind}: the actor is a user`);
      }
      for (const type of ['participation', 'mechanism', 'meeting']) {
        const published = by('change.publish', type);
        assert.ok(published.length > 0, `publishing a ${type} change is audited`);
        assert.ok(
          published.every((e) => (JSON.parse(e.after ?? 'null') as Json | null)?.version !== undefined),
          'after: the state written, with its version',
        );
        assert.ok(
          published.some((e) => (JSON.parse(e.before ?? 'null') as Json | null)?.version !== undefined),
          'before: the state replaced',
        );
      }
      for (const action of ['change.return', 'change.withdraw', 'change.revert']) {
        const e = events.find((x) => x.action === action);
        assert.ok(e, `${action} is audited`);
        assert.ok(e.at && e.record_id && Object.values(ids).includes(e.actor));
      }
      const revert = events.find((e) => e.action === 'change.revert' && e.record_type === 'mechanism')!;
      assert.notEqual(JSON.parse(revert.before!), null);
      assert.notEqual(JSON.parse(revert.after!), null);
    });

    it('bad input names the field and changes nothing', async () => {
      const v = (await version('mechanism', 'alpha-process'))!;
      const cases: [string, 'POST' | 'PATCH', string, Json, number | undefined, RegExp][] = [
        [
          'bad date',
          'POST',
          '/api/v1/participation',
          { mechanism: 'alpha-process', country: 'GHA', role: 'member', start: '2024-13', sources: [SRC] },
          undefined,
          /start "2024-13" is not a date/,
        ],
        [
          'unknown country',
          'POST',
          '/api/v1/participation',
          { mechanism: 'alpha-process', country: 'ZZZ', role: 'member', start: '2024', sources: [SRC] },
          undefined,
          /"ZZZ" is not an ISO 3166-1 alpha-3 code/,
        ],
        [
          'both parties',
          'POST',
          '/api/v1/participation',
          {
            mechanism: 'alpha-process',
            country: 'GHA',
            organization: 'iom',
            role: 'member',
            start: '2024',
            sources: [SRC],
          },
          undefined,
          /not both/,
        ],
        [
          'unknown mechanism',
          'POST',
          '/api/v1/participation',
          { mechanism: 'nope', country: 'GHA', role: 'member', start: '2024', sources: [SRC] },
          undefined,
          /no mechanism "nope"|may not/,
        ],
        [
          'no source',
          'PATCH',
          '/api/v1/mechanisms/alpha-process',
          { fields: { notes: 'x' }, sources: [] },
          v,
          /sources/,
        ],
        [
          'not a URL',
          'PATCH',
          '/api/v1/mechanisms/alpha-process',
          { fields: { website: 'beta-forum.org' }, sources: [SRC] },
          v,
          /website "beta-forum.org" is not an http\(s\) URL/,
        ],
        [
          'unknown field',
          'PATCH',
          '/api/v1/mechanisms/alpha-process',
          { fields: { name: 'Renamed' }, sources: [SRC] },
          v,
          /name/,
        ],
        [
          'end before start',
          'POST',
          '/api/v1/meetings',
          {
            mechanism: 'alpha-process',
            fields: { title: 'T', kind: 'workshop', status: 'held', start: '2024-05-06', end: '2024-05-01' },
            sources: [SRC],
          },
          undefined,
          /end 2024-05-01 is before the start 2024-05-06/,
        ],
        [
          'meeting without mechanism or series',
          'POST',
          '/api/v1/meetings',
          { fields: { title: 'T', kind: 'workshop', status: 'held', start: '2024-05-06' }, sources: [SRC] },
          undefined,
          /mechanism or to a series/,
        ],
      ];
      for (const [name, method, url, body, ifMatch, message] of cases) {
        const before = await snapshot();
        const res = await api(method, url, 'admin', body, ifMatch);
        assert.equal(res.statusCode, 400, `${name}: ${res.body}`);
        assert.match(String((JSON.parse(res.body) as Json).detail), message, name);
        assert.equal(await snapshot(), before, `${name} changed something`);
      }
    });

    it('every label a change shows exists in the catalogues', () => {
      const known = (key: string) =>
        key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], en) !== undefined;
      const states = {
        participation: {
          role: 'member',
          start: null,
          end: null,
          end_cause: null,
          verification: 'sourced',
          sources: '[]',
          note: null,
        },
        mechanism: { acronym: null, statuses: [] },
        meeting: { participants: [], sources: '[]', online: 0 },
      };
      for (const [type, adapter] of Object.entries(ADAPTERS)) {
        const view = (s: unknown) => (adapter as { view(s: unknown): Record<string, string> }).view(s);
        for (const label of Object.keys(view(states[type as keyof typeof states])))
          assert.ok(known(label), `${type}: ${label}`);
      }
    });

    describe('forms', () => {
      const signedIn = async (who: string) => {
        const c = new Client(app);
        assert.equal((await c.signIn(email(who), PASSWORD)).statusCode, 303);
        return c;
      };
      const FORMS = [
        '/en/edit/mechanisms/alpha-process/profile',
        '/en/edit/mechanisms/alpha-process/status',
        '/en/edit/mechanisms/alpha-process/participation/new',
        '/en/edit/mechanisms/alpha-process/meetings/new',
        '/en/edit/meetings/alpha-process-2025-ministerial',
        `/en/edit/participation/${encodeURIComponent('alpha-process/SEN/member/1')}/correct`,
        `/en/edit/participation/${encodeURIComponent('alpha-process/SEN/member/1')}`,
      ];

      it('each form: shown to its editor, refused to others (403) and to visitors (sign in); a POST without the CSRF token is refused and changes nothing', async () => {
        const editor = await signedIn('editor of alpha');
        const other = await signedIn('editor of beta');
        for (const url of FORMS) {
          const res = await editor.get(url);
          assert.equal(res.statusCode, 200, `${url}: ${res.body.slice(0, 300)}`);
          assert.match(res.body, /name="_csrf"/);
          assert.equal((await other.get(url)).statusCode, 403, url);
          const anon = await app.inject(url);
          assert.equal(anon.statusCode, 303, url);
          assert.equal(anon.headers.location, '/en/sign-in');
          const before = await snapshot();
          const forged = await editor.post(url, {
            sources: SRC,
            notes: 'forged',
            title: 'forged',
            start: '2024',
            version: '1',
          });
          assert.equal(forged.statusCode, 403, `${url} without CSRF`);
          assert.equal(await snapshot(), before, `${url}: a forged POST changed something`);
        }
        const focal = await signedIn('focal point of SEN');
        const verify = `/en/edit/participation/${encodeURIComponent('alpha-process/SEN/member/1')}/verify`;
        assert.equal((await focal.get(verify)).statusCode, 200);
        assert.equal((await editor.get(verify)).statusCode, 403);
        assert.equal((await focal.get('/en/edit/countries/SEN')).statusCode, 200);
        assert.equal((await focal.get('/en/edit/countries/MLI')).statusCode, 403);
      });

      it('permission matrix of every form POST route × every role: refused ones change nothing', async () => {
        const clients: Record<string, Client> = {};
        for (const who of WHO) if (who && who !== 'revoked-or-unknown') clients[who] = await signedIn(who);
        clients.anonymous = new Client(app);
        const enc = encodeURIComponent;
        let n = 0;
        const v = async (type: 'participation' | 'mechanism' | 'meeting', id: string) =>
          String(await version(type, id));
        const pending = () =>
          pendingBy('editor of alpha', '/api/v1/mechanisms/alpha-process', mechanismNote(), () =>
            version('mechanism', 'alpha-process'),
          );
        const FORM_ROUTES: {
          url: (p: string) => string;
          may: string[];
          prepare?: () => Promise<string>;
          body: () => Promise<Record<string, string>>;
        }[] = [
          {
            url: () => '/en/edit/mechanisms/alpha-process/profile',
            may: ['editor of alpha', 'admin'],
            body: async () => ({
              version: await v('mechanism', 'alpha-process'),
              notes: `form note ${++n}`,
              sources: SRC,
            }),
          },
          {
            url: () => '/en/edit/mechanisms/alpha-process/status',
            may: ['editor of alpha', 'admin'],
            body: async () => ({
              version: await v('mechanism', 'alpha-process'),
              status: 'concluded',
              since: '2026-06',
              sources: SRC,
            }),
          },
          {
            url: () => '/en/edit/mechanisms/alpha-process/participation/new',
            may: ['editor of alpha', 'admin'],
            body: async () => ({ country: 'CIV', role: 'member', start: '2024', sources: SRC }),
          },
          {
            url: () => '/en/edit/mechanisms/alpha-process/meetings/new',
            may: ['editor of alpha', 'admin'],
            body: async () => ({
              title: `Workshop ${++n}`,
              kind: 'workshop',
              status: 'held',
              start: '2024-09-01',
              sources: SRC,
            }),
          },
          {
            url: () => '/en/edit/meetings/alpha-process-2025-ministerial',
            may: ['editor of alpha', 'admin'],
            body: async () => ({
              version: await v('meeting', 'alpha-process-2025-ministerial'),
              title: `Ministerial ${++n}`,
              kind: 'ministerial',
              status: 'held',
              start: '2025-02-10',
              sources: SRC,
            }),
          },
          {
            url: () => `/en/edit/participation/${enc('alpha-process/SEN/member/1')}/correct`,
            may: ['editor of alpha', 'admin'],
            body: async () => ({
              version: await v('participation', 'alpha-process/SEN/member/1'),
              start: '2000',
              note: `form correction ${++n}`,
              sources: SRC,
            }),
          },
          {
            url: () => `/en/edit/participation/${enc('alpha-process/MLI/member/1')}`,
            may: ['editor of alpha', 'admin'],
            body: async () => ({
              version: await v('participation', 'alpha-process/MLI/member/1'),
              end: '2024-06',
              endCause: 'left',
              sources: SRC,
            }),
          },
          {
            url: () => `/en/edit/participation/${enc('gamma-dialogue/SEN/member/1')}/verify`,
            may: ['focal point of SEN', 'admin'],
            body: async () => ({
              version: await v('participation', 'gamma-dialogue/SEN/member/1'),
              state: 'confirmed',
            }),
          },
          {
            url: (c) => `/en/review/${c}/publish`,
            may: ['reviewer', 'admin'],
            prepare: pending,
            body: async () => ({}),
          },
          {
            url: (c) => `/en/review/${c}/return`,
            may: ['reviewer', 'admin'],
            prepare: pending,
            body: async () => ({ comment: 'Source?' }),
          },
          {
            url: (c) => `/en/review/${c}/withdraw`,
            may: ['editor of alpha', 'admin'],
            prepare: pending,
            body: async () => ({}),
          },
          {
            url: (c) => `/en/changes/${c}/revert`,
            may: ['admin'],
            prepare: async () =>
              String(
                (
                  JSON.parse(
                    (
                      await api(
                        'PATCH',
                        '/api/v1/mechanisms/beta-forum',
                        'admin',
                        mechanismNote(),
                        (await version('mechanism', 'beta-forum'))!,
                      )
                    ).body,
                  ) as Json
                ).id,
              ),
            body: async () => ({}),
          },
        ];
        let cells = 0;
        for (const route of FORM_ROUTES) {
          for (const who of ['anonymous', ...WHO.filter((w): w is string => !!w && w !== 'revoked-or-unknown')]) {
            const prepared = route.prepare ? await route.prepare() : '';
            const c = clients[who]!;
            const form = { _csrf: await c.csrf(), ...(await route.body()) };
            const before = await snapshot();
            const res = await c.post(route.url(prepared), form);
            const where = `${route.url(prepared)} as ${who}`;
            cells++;
            if (who === 'anonymous') {
              assert.deepEqual([res.statusCode, res.headers.location], [303, '/en/sign-in'], where);
            } else if (route.may.includes(who)) {
              assert.equal(res.statusCode, 303, `${where}: ${res.body.slice(0, 400)}`);
              assert.doesNotMatch(String(res.headers.location), /sign-in/, where);
              assert.notEqual(await snapshot(), before, `${where}: a success that changed nothing`);
              continue;
            } else {
              assert.equal(res.statusCode, 403, `${where}: ${res.body.slice(0, 400)}`);
            }
            assert.equal(await snapshot(), before, `${where} changed something`);
          }
        }
        assert.equal(cells, FORM_ROUTES.length * 7);
      });

      it('a field error shows next to its field with the entered values kept; a valid form goes to review', async () => {
        const editor = await signedIn('editor of alpha');
        const url = '/en/edit/mechanisms/alpha-process/profile';
        const page = await editor.get(url);
        const version = /name="version" value="(\d+)"/.exec(page.body)![1]!;
        const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
        const form = {
          _csrf: csrf,
          version,
          acronym: 'AP',
          chair_current: 'Mali',
          chair_since: 'March 2025',
          sources: SRC,
          note: 'From the communiqué',
        };
        const bad = await editor.post(url, form);
        assert.equal(bad.statusCode, 400);
        assert.match(bad.body, /id="f-chair_since"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="f-chair_since"/);
        assert.match(bad.body, /id="f-chair_since-err"[^>]*>chair_since &quot;March 2025&quot; is not a date/);
        assert.match(bad.body, /value="Mali"/);
        assert.match(bad.body, /From the communiqué/);
        const ok = await editor.post(url, {
          ...form,
          _csrf: /name="_csrf" value="([^"]+)"/.exec(bad.body)![1]!,
          chair_since: '2025-03',
        });
        assert.equal(ok.statusCode, 303, ok.body.slice(0, 500));
        // A change waiting for review lands on its own page.
        assert.match(String(ok.headers.location), /^\/en\/changes\/[0-9a-f-]{36}\?change=pending$/);
        const landing = await editor.get(String(ok.headers.location));
        assert.equal(landing.statusCode, 200);
        assert.match(landing.body, /Your change waits for review/);
      });

      it('a stale form shows the conflict page with both versions side by side, and saves nothing', async () => {
        const editor = await signedIn('admin');
        const url = '/en/edit/meetings/alpha-process-2025-ministerial';
        const page = await editor.get(url);
        const version = /name="version" value="(\d+)"/.exec(page.body)![1]!;
        const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
        const meanwhile = await api(
          'PATCH',
          '/api/v1/meetings/alpha-process-2025-ministerial',
          'admin',
          { fields: { host: 'Host from elsewhere' }, sources: [SRC] },
          Number(version),
        );
        assert.equal(meanwhile.statusCode, 200);
        const before = await snapshot();
        const res = await editor.post(url, {
          _csrf: csrf,
          version,
          title: 'Ministerial',
          kind: 'ministerial',
          status: 'held',
          start: '2025-02-10',
          host: 'My host',
          sources: SRC,
          keep: ['0', '1'],
        });
        assert.equal(res.statusCode, 409);
        assert.match(res.body, /changed while you edited it/);
        assert.match(res.body, /My host/);
        assert.match(res.body, /Host from elsewhere/);
        assert.equal(await snapshot(), before);
      });

      it('history pages exist for every kind of record, in each language', async () => {
        for (const lang of ['en', 'fr', 'es']) {
          for (const url of [
            `/${lang}/history/mechanism/alpha-process`,
            `/${lang}/history/meeting/alpha-process-2025-ministerial`,
            `/${lang}/history/participation/${encodeURIComponent('beta-forum/GHA/member/1')}`,
          ]) {
            const res = await app.inject(url);
            assert.equal(res.statusCode, 200, url);
            assert.match(res.body, new RegExp(`<html lang="${lang}"`));
          }
        }
        assert.match((await app.inject('/fr/history/mechanism/alpha-process')).body, /Modification du profil/);
        assert.equal((await app.inject('/en/history/mechanism/nope')).statusCode, 404);
        assert.equal((await app.inject('/en/history/user/x')).statusCode, 404);
      });
    });
  });
}
