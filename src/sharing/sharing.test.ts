/**
 * Who is who and the member spaces on both engines: the permission MATRIX of every read route of src/sharing ×
 * every role, the writes (401 → 403 → 400 order, 409, audit), and that nothing closed reaches the public pages,
 * the search, the sitemap, the export or a release.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { AccountsService } from '../accounts/service.js';
import { buildApp, loadReference } from '../app.js';
import { PUBLIC_TABLES } from '../db/dump.js';
import { exportTables } from '../registry/export.js';
import { buildRelease } from '../releases/service.js';
import { createTestDatabase, engines, type TestDatabase } from '../../test/helpers/db.js';
import type { Client } from '../../test/helpers/client.js';
import { MINI } from '../../test/helpers/reference.js';
import { roleEmail, seedRoleUsers, signedInClients } from '../../test/helpers/roles.js';

interface Json {
  [k: string]: unknown;
}
const M = 'alpha-process';
/** The seven roles of the brief, and a former member (NER left alpha-process in 2016-10). */
const ROLES = [
  'anonymous',
  'no role',
  'delegate of GHA (non-member)',
  'delegate of FRA (observer)',
  'delegate of SEN (member)',
  'delegate of NER (former member)',
  'editor of alpha',
  'admin',
] as const;
type Role = (typeof ROLES)[number];
const DELEGATES: [Role, string][] = [
  ['delegate of GHA (non-member)', 'GHA'],
  ['delegate of FRA (observer)', 'FRA'],
  ['delegate of SEN (member)', 'SEN'],
  ['delegate of NER (former member)', 'NER'],
];
const POSTS = {
  members: 'ZQX members-only briefing',
  observers: 'ZQX note opened to observers',
  public: 'ZQX public announcement',
  memberPost: 'ZQX a member State shares its practice',
} as const;
type PostKey = keyof typeof POSTS;
const ALL: PostKey[] = ['members', 'observers', 'public', 'memberPost'];
/** What each role sees in alpha-process's space today. */
const SEES: Record<Role, PostKey[]> = {
  anonymous: ['public'],
  'no role': ['public'],
  'delegate of GHA (non-member)': ['public'],
  'delegate of FRA (observer)': ['observers', 'public'],
  'delegate of SEN (member)': ALL,
  'delegate of NER (former member)': ['public'],
  'editor of alpha': ALL,
  admin: ALL,
};
/** Who may read SEN's delegates (personal data). */
const SEN_DELEGATES: Record<Role, number> = {
  anonymous: 401,
  'no role': 403,
  'delegate of GHA (non-member)': 403,
  'delegate of FRA (observer)': 403,
  'delegate of SEN (member)': 200,
  'delegate of NER (former member)': 403,
  'editor of alpha': 403,
  admin: 200,
};

/** Peer queries of alpha-process (its members today: SEN and MLI): one kept closed, one published. */
const QUERIES = { closed: 'QRY closed question set', published: 'QRY published question set' } as const;
type QueryKey = keyof typeof QUERIES;
const CLOSED_ANSWER = 'QRY-CLOSED-ANSWER';
/** Who sees the closed query (its asker SEN, the States asked, the secretariat, administrators); the published one: all. */
const SEES_CLOSED: Record<Role, boolean> = {
  anonymous: false,
  'no role': false,
  'delegate of GHA (non-member)': false,
  'delegate of FRA (observer)': false,
  'delegate of SEN (member)': true,
  'delegate of NER (former member)': false,
  'editor of alpha': true,
  admin: true,
};
/** GET /api/v1/queries/{id}/answers/SEN (SEN's answers as they stand) and its form page, by query. */
const SEN_ANSWERS: Record<QueryKey, Record<Role, number>> = {
  closed: {
    anonymous: 401,
    'no role': 404,
    'delegate of GHA (non-member)': 404,
    'delegate of FRA (observer)': 404,
    'delegate of SEN (member)': 200,
    'delegate of NER (former member)': 404,
    'editor of alpha': 403,
    admin: 200,
  },
  published: {
    anonymous: 401,
    'no role': 403,
    'delegate of GHA (non-member)': 403,
    'delegate of FRA (observer)': 403,
    'delegate of SEN (member)': 200,
    'delegate of NER (former member)': 403,
    'editor of alpha': 403,
    admin: 200,
  },
};
const QUERY_KEYS: QueryKey[] = ['closed', 'published'];

for (const { engine, skip } of await engines()) {
  describe(`sharing on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let tokens: Record<string, string>;
    let ids: Record<string, string>;
    let clients: Record<string, Client>;
    const postIds = {} as Record<PostKey, string>;
    const queryIds = {} as Record<QueryKey, string>;
    const api = async (
      role: Role | null,
      method: 'GET' | 'POST' | 'PUT' | 'DELETE',
      url: string,
      payload?: unknown,
    ) => {
      const headers: Record<string, string> = {};
      if (role && role !== 'anonymous') headers.authorization = `Bearer ${tokens[role]}`;
      if (payload !== undefined) headers['content-type'] = 'application/json';
      const res = await app.inject({
        method,
        url,
        headers,
        ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
      });
      return { status: res.statusCode, body: (res.body ? JSON.parse(res.body) : null) as Json, res };
    };
    const fieldOf = (body: Json) => (body.errors as { name: string }[] | undefined)?.map((e) => e.name);

    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db, MINI);
      app = await buildApp({ database: t });
      const names = ROLES.filter((r) => r !== 'anonymous');
      ({ ids, tokens } = await seedRoleUsers(t.db, names));
      clients = await signedInClients(app, names);
      // The administrator makes SEN's focal point (a delegate flagged focal point) and the other States' delegates.
      for (const [role, country] of DELEGATES) {
        const r = await api('admin', 'POST', `/api/v1/countries/${country}/delegates`, {
          email: roleEmail(role),
          focalPoint: country === 'SEN',
        });
        assert.equal(r.status, 201, JSON.stringify(r.body));
      }
      const secretariat = async (key: PostKey, visibility: string) => {
        const r = await api('editor of alpha', 'POST', `/api/v1/spaces/${M}/posts`, {
          title: POSTS[key],
          body: `Body of ${POSTS[key]}.\n\nSecond paragraph.`,
          visibility,
        });
        assert.equal(r.status, 201, JSON.stringify(r.body));
        postIds[key] = r.body.id as string;
      };
      await secretariat('members', 'members');
      await secretariat('observers', 'members-and-observers');
      await secretariat('public', 'public');
      const r = await api('delegate of SEN (member)', 'POST', `/api/v1/spaces/${M}/posts`, {
        title: POSTS.memberPost,
        body: 'What we do.',
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.deepEqual(r.body.author, { name: 'delegate of SEN (member)', country: 'SEN', secretariat: false });
      assert.equal(r.body.visibility, 'members');
      postIds.memberPost = r.body.id as string;
      // Peer queries: SEN's focal point asks (kept closed), the secretariat asks (published); SEN answers both.
      const deadline = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
      for (const [key, role] of [
        ['closed', 'delegate of SEN (member)'],
        ['published', 'editor of alpha'],
      ] as const) {
        const q = await api(role, 'POST', '/api/v1/queries', {
          title: QUERIES[key],
          mechanisms: [M],
          deadline,
          questions: [{ text: `QRY question of the ${key} set`, kind: 'text' }],
        });
        assert.equal(q.status, 201, JSON.stringify(q.body));
        queryIds[key] = q.body.id as string;
        const a = await api('delegate of SEN (member)', 'PUT', `/api/v1/queries/${queryIds[key]}/answers/SEN`, {
          answers: { q1: key === 'closed' ? CLOSED_ANSWER : 'QRY public answer' },
          submit: true,
        });
        assert.equal(a.status, 200, JSON.stringify(a.body));
      }
      const p = await api('editor of alpha', 'POST', `/api/v1/queries/${queryIds.published}/publish`);
      assert.equal(p.status, 200, JSON.stringify(p.body));
    });
    after(async () => {
      await app?.close();
      await t?.dispose();
    });

    describe('the read matrix: every read route × every role', () => {
      for (const role of ROLES) {
        const sees = SEES[role];
        it(`${role}: GET /api/v1/spaces/${M}/posts lists ${sees.join(', ')}`, async () => {
          const r = await api(role, 'GET', `/api/v1/spaces/${M}/posts`);
          assert.equal(r.status, 200);
          const titles = (r.body.items as { title: string }[]).map((p) => p.title).sort();
          assert.deepEqual(titles, sees.map((k) => POSTS[k]).sort());
          assert.equal(r.body.total, sees.length);
          assert.equal(r.res.headers['cache-control'], 'private, no-store');
          const inside = ['delegate of SEN (member)', 'delegate of FRA (observer)', 'editor of alpha', 'admin'];
          for (const p of r.body.items as { author: { name: string | null } }[])
            assert.equal(p.author.name !== null, inside.includes(role), 'persons are named only inside the space');
        });
        it(`${role}: GET /api/v1/spaces/${M}/posts/{id} answers 200 for ${sees.join(', ')}, else 404`, async () => {
          for (const key of ALL) {
            const r = await api(role, 'GET', `/api/v1/spaces/${M}/posts/${postIds[key]}`);
            assert.equal(r.status, sees.includes(key) ? 200 : 404, `${key}: ${JSON.stringify(r.body)}`);
            if (r.status === 200) assert.equal(r.body.title, POSTS[key]);
            else assert.doesNotMatch(JSON.stringify(r.body), /ZQX/);
          }
        });
        it(`${role}: the space page /en/spaces/${M} shows exactly ${sees.join(', ')}`, async () => {
          const res = await clients[role]!.get(`/en/spaces/${M}`);
          assert.equal(res.statusCode, 200);
          assert.match(String(res.headers['cache-control']), /no-store/);
          for (const key of ALL) assert.equal(res.body.includes(POSTS[key]), sees.includes(key), key);
        });
        it(`${role}: each post page answers 200 for ${sees.join(', ')}, else 404`, async () => {
          for (const key of ALL) {
            const res = await clients[role]!.get(`/fr/spaces/${M}/posts/${postIds[key]}`);
            assert.equal(res.statusCode, sees.includes(key) ? 200 : 404, key);
            assert.equal(res.body.includes(POSTS[key]), sees.includes(key), key);
          }
        });
        it(`${role}: GET /api/v1/countries/SEN/delegates answers ${SEN_DELEGATES[role]}`, async () => {
          const r = await api(role, 'GET', '/api/v1/countries/SEN/delegates');
          assert.equal(r.status, SEN_DELEGATES[role], JSON.stringify(r.body));
          if (r.status === 200) {
            const items = r.body.items as { user: { name: string }; focalPoint: boolean }[];
            assert.deepEqual(
              items.map((d) => [d.user.name, d.focalPoint]),
              [['delegate of SEN (member)', true]],
            );
          }
        });
      }

      it('the space page says how the reader sees it, in the reader language', async () => {
        const cases: [Role, RegExp][] = [
          ['anonymous', /Vous ne voyez que les messages publics/],
          ['delegate of FRA (observer)', /ouvert aux États observateurs/],
          ['delegate of SEN (member)', /délégué d&#39;un État membre|délégué d'un État membre/],
          ['editor of alpha', /secrétariat ou administrateur/],
        ];
        for (const [role, re] of cases) assert.match((await clients[role]!.get(`/fr/spaces/${M}`)).body, re, role);
        const ar = await clients['delegate of SEN (member)']!.get(`/ar/spaces/${M}`);
        assert.match(ar.body, /ترى هذا الفضاء بصفتك مندوبًا لدولة عضو/);
        assert.match(ar.body, /dir="rtl"/);
      });

      it('an unknown mechanism is a 404 on the API and the page; an unknown State a 404', async () => {
        assert.equal((await api('admin', 'GET', '/api/v1/spaces/no-such-thing/posts')).status, 404);
        assert.equal((await clients.admin!.get('/en/spaces/no-such-thing')).statusCode, 404);
        assert.equal((await api('admin', 'GET', '/api/v1/countries/QQQ/delegates')).status, 404);
        const bad = await api('admin', 'GET', '/api/v1/countries/sen/delegates');
        assert.equal(bad.status, 404);
        assert.deepEqual(fieldOf(bad.body), ['country']);
        const text = await app.inject({
          method: 'POST',
          url: '/api/v1/countries/SEN/delegates',
          headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'text/plain' },
          payload: 'x',
        });
        assert.equal(text.statusCode, 415, 'after 401 and 403, a body that is not JSON is a 415');
      });
    });

    describe('peer queries, the read matrix: every read route × every role', () => {
      for (const role of ROLES) {
        const sees = (key: QueryKey) => key === 'published' || SEES_CLOSED[role];
        const seen = QUERY_KEYS.filter(sees);
        it(`${role}: GET /api/v1/queries lists ${seen.join(', ')}`, async () => {
          const r = await api(role, 'GET', '/api/v1/queries');
          assert.equal(r.status, 200);
          assert.equal(r.res.headers['cache-control'], 'private, no-store');
          const titles = (r.body.items as { title: string }[]).map((q) => q.title).sort();
          assert.deepEqual(titles, seen.map((k) => QUERIES[k]).sort());
        });
        it(`${role}: GET /api/v1/queries/response-rates counts ${seen.join(', ')}`, async () => {
          const r = await api(role, 'GET', '/api/v1/queries/response-rates');
          assert.equal(r.status, 200);
          const n = seen.length;
          assert.deepEqual(r.body.items, [
            { country: 'MLI', asked: n, answered: 0, share: 0 },
            { country: 'SEN', asked: n, answered: n, share: 1 },
          ]);
        });
        it(`${role}: GET /api/v1/queries/{id} answers 200 for ${seen.join(', ')}, else 404`, async () => {
          for (const key of QUERY_KEYS) {
            const r = await api(role, 'GET', `/api/v1/queries/${queryIds[key]}`);
            assert.equal(r.status, sees(key) ? 200 : 404, `${key}: ${JSON.stringify(r.body)}`);
            if (r.status === 200) {
              assert.equal(r.body.title, QUERIES[key]);
              assert.deepEqual(
                (r.body.answers as { country: string }[]).map((a) => a.country),
                ['SEN'],
              );
            } else assert.doesNotMatch(JSON.stringify(r.body), /QRY/);
          }
        });
        it(`${role}: GET /api/v1/queries/{id}/answers/SEN answers ${QUERY_KEYS.map((k) => SEN_ANSWERS[k][role]).join(', ')}`, async () => {
          for (const key of QUERY_KEYS) {
            const r = await api(role, 'GET', `/api/v1/queries/${queryIds[key]}/answers/SEN`);
            assert.equal(r.status, SEN_ANSWERS[key][role], `${key}: ${JSON.stringify(r.body)}`);
            if (r.status === 200) assert.equal(r.body.status, 'submitted');
            else assert.doesNotMatch(JSON.stringify(r.body), /QRY/);
          }
        });
        it(`${role}: the pages /{lang}/queries, /{id}, /print and /answers.csv show ${seen.join(', ')} only`, async () => {
          const c = clients[role]!;
          const list = await c.get('/en/queries');
          assert.equal(list.statusCode, 200);
          assert.match(String(list.headers['cache-control']), /no-store/);
          for (const key of QUERY_KEYS) assert.equal(list.body.includes(QUERIES[key]), sees(key), `list: ${key}`);
          for (const key of QUERY_KEYS)
            for (const path of ['', '/print', '/answers.csv']) {
              const res = await c.get(`/fr/queries/${queryIds[key]}${path}`);
              assert.equal(res.statusCode, sees(key) ? 200 : 404, `${key}${path}`);
              assert.match(String(res.headers['cache-control']), /no-store/);
              assert.equal(
                res.body.includes(key === 'closed' ? CLOSED_ANSWER : 'QRY public answer'),
                sees(key),
                `${key}${path}`,
              );
            }
        });
        it(`${role}: the answer form of SEN answers ${QUERY_KEYS.map((k) => SEN_ANSWERS[k][role]).join(', ')}`, async () => {
          for (const key of QUERY_KEYS) {
            const res = await clients[role]!.get(`/en/queries/${queryIds[key]}/answers/SEN`);
            const expected = SEN_ANSWERS[key][role] === 200 && role === 'admin' ? 403 : SEN_ANSWERS[key][role];
            assert.equal(res.statusCode, expected, `${key}: an administrator reads, but only a delegate answers`);
            assert.equal(res.body.includes('name="answers.q1"'), expected === 200, key);
            if (expected !== 200) assert.doesNotMatch(res.body, /QRY/);
          }
        });
        it(`${role}: the space page lists the open queries it may see`, async () => {
          const res = await clients[role]!.get(`/en/spaces/${M}`);
          for (const key of QUERY_KEYS)
            assert.equal(res.body.includes(QUERIES[key]), SEES_CLOSED[role], `${key} on the space page`);
        });
      }

      it('only the published compilation reaches the sitemap and the search', async () => {
        const sitemap = (await app.inject('/sitemap.xml')).body;
        assert.match(sitemap, new RegExp(`/ar/queries/${queryIds.published}<`));
        assert.doesNotMatch(sitemap, new RegExp(queryIds.closed));
        const search = await app.inject('/api/v1/search?q=QRY');
        assert.match(search.body, new RegExp(queryIds.published));
        assert.doesNotMatch(search.body, new RegExp(`${queryIds.closed}|${CLOSED_ANSWER}|closed question set`));
        const page = await app.inject('/en/search?q=QRY');
        assert.doesNotMatch(page.body, /closed question set/);
      });
    });

    describe('nothing closed leaves the space', () => {
      const closed = [POSTS.members, POSTS.observers, POSTS.memberPost];
      it('not in the sitemap, the search (API and page), the public mechanism page or the API docs', async () => {
        for (const url of [
          '/sitemap.xml',
          '/api/v1/search?q=ZQX',
          '/en/search?q=ZQX',
          `/api/v1/search?q=${encodeURIComponent('briefing')}`,
          `/en/mechanisms/${M}`,
          `/api/v1/mechanisms/${M}`,
        ]) {
          const res = await app.inject(url);
          assert.ok(res.statusCode < 400, `${url}: ${res.statusCode}`);
          for (const title of closed) assert.ok(!res.body.includes(title), `${url} shows "${title}"`);
          assert.doesNotMatch(res.body, /\/spaces\//, `${url} links to a space`);
        }
      });

      it('not in the export nor in a release (the sharing tables are not public tables)', async () => {
        assert.ok(!(PUBLIC_TABLES as readonly string[]).includes('space_post'));
        assert.ok(!(PUBLIC_TABLES as readonly string[]).includes('delegate'));
        const out = mkdtempSync(join(tmpdir(), 'iscm-share-export-'));
        await exportTables(t.db, out, ['json', 'csv']);
        const rel = mkdtempSync(join(tmpdir(), 'iscm-share-release-'));
        const built = await buildRelease(t.db, rel, '2026-12-01');
        assert.ok(built.path);
        const files = [
          ...readdirSync(out).map((f) => join(out, f)),
          ...readdirSync(built.path, { recursive: true, encoding: 'utf8' }).map((f) => join(built.path!, f)),
        ];
        assert.ok(files.length > 10, 'the export and the release wrote their files');
        for (const f of files) {
          if (!/\.(json|csv)$/.test(f)) continue;
          const text = readFileSync(f, 'utf8');
          assert.ok(!text.includes('ZQX'), `${f} holds a post`);
          assert.ok(!text.includes(roleEmail('delegate of SEN (member)')), `${f} holds a delegate`);
        }
      });
    });

    describe('writes: 401 → 403 → 400, refusals, audit', () => {
      const url = `/api/v1/spaces/${M}/posts`;
      it('posting: anonymous 401 (even with a bad body), outsiders and observers 403, bad fields 400 naming them', async () => {
        assert.equal((await api(null, 'POST', url, { nonsense: 1 })).status, 401);
        for (const role of [
          'no role',
          'delegate of GHA (non-member)',
          'delegate of FRA (observer)',
          'delegate of NER (former member)',
        ] as const) {
          const r = await api(role, 'POST', url, { nonsense: 1 });
          assert.equal(r.status, 403, `${role}: ${JSON.stringify(r.body)}`);
        }
        const member = 'delegate of SEN (member)';
        const missing = await api(member, 'POST', url, { body: 'x' });
        assert.equal(missing.status, 400);
        assert.deepEqual(fieldOf(missing.body), ['title']);
        const twoLines = await api(member, 'POST', url, { title: 'a\nb', body: 'x' });
        assert.equal(twoLines.status, 400);
        assert.deepEqual(fieldOf(twoLines.body), ['title']);
        const long = await api(member, 'POST', url, { title: 'x', body: 'y'.repeat(20_001) });
        assert.equal(long.status, 400);
        assert.deepEqual(fieldOf(long.body), ['body']);
        const badVis = await api(member, 'POST', url, { title: 'x', body: 'y', visibility: 'everyone' });
        assert.equal(badVis.status, 400);
        assert.deepEqual(fieldOf(badVis.body), ['visibility']);
        const blank = await api(member, 'POST', url, { title: '   ', body: 'y' });
        assert.equal(blank.status, 400);
        assert.deepEqual(fieldOf(blank.body), ['title']);
        const open = await api(member, 'POST', url, { title: 'x', body: 'y', visibility: 'public' });
        assert.equal(open.status, 403);
        assert.match(open.body.detail as string, /secretariat opens/);
        const elsewhere = await api('editor of alpha', 'POST', '/api/v1/spaces/gamma-dialogue/posts', {
          title: 'x',
          body: 'y',
        });
        assert.equal(elsewhere.status, 403, 'an editor of alpha is not the secretariat of gamma');
        assert.equal(
          (await api('admin', 'POST', '/api/v1/spaces/no-such/posts', { title: 'x', body: 'y' })).status,
          404,
        );
        const list = await api('admin', 'GET', url);
        assert.equal(list.body.total, 4, 'no refused write left a post');
      });

      it('granting: only an administrator or the State focal point; focal points only by an administrator', async () => {
        const g = (role: Role | null, country: string, body: unknown) =>
          api(role, 'POST', `/api/v1/countries/${country}/delegates`, body);
        assert.equal((await g(null, 'SEN', { bad: 1 })).status, 401);
        assert.equal((await g('no role', 'SEN', { bad: 1 })).status, 403);
        assert.equal((await g('editor of alpha', 'SEN', { email: roleEmail('no role') })).status, 403);
        assert.equal((await g('delegate of FRA (observer)', 'SEN', { email: roleEmail('no role') })).status, 403);
        const focal = 'delegate of SEN (member)';
        assert.equal((await g(focal, 'MLI', { email: roleEmail('no role') })).status, 403);
        const unknown = await g(focal, 'SEN', { email: 'nobody@example.org' });
        assert.equal(unknown.status, 400);
        assert.deepEqual(fieldOf(unknown.body), ['email']);
        const extra = await g(focal, 'SEN', { email: roleEmail('no role'), role: 'admin' });
        assert.equal(extra.status, 400);
        assert.deepEqual(fieldOf(extra.body), ['role']);
        assert.equal((await g(focal, 'SEN', { email: roleEmail('no role'), focalPoint: true })).status, 403);
        const ok = await g(focal, 'SEN', { email: roleEmail('no role') });
        assert.equal(ok.status, 201, JSON.stringify(ok.body));
        assert.equal(ok.body.grantedBy, ids[focal]);
        assert.equal((await g(focal, 'SEN', { email: roleEmail('no role') })).status, 409);
        // The new delegate of SEN now sees the member space; revoked, it sees the public again.
        const before = await api('no role', 'GET', url);
        assert.equal(before.body.total, 4);
        assert.equal(before.body.seenAs, 'member');
        assert.equal((await api('no role', 'DELETE', `/api/v1/countries/SEN/delegates/${ids[focal]}`)).status, 403);
        const revoke = await api(focal, 'DELETE', `/api/v1/countries/SEN/delegates/${ids['no role']}`);
        assert.equal(revoke.status, 204);
        const after = await api('no role', 'GET', url);
        assert.equal(after.body.total, 1);
        assert.equal(after.body.seenAs, 'public');
        assert.equal((await api(focal, 'DELETE', `/api/v1/countries/SEN/delegates/${ids['no role']}`)).status, 404);
        // A focal point cannot unmake itself (or another focal point): that is the administrator's.
        assert.equal((await api(focal, 'DELETE', `/api/v1/countries/SEN/delegates/${ids[focal]}`)).status, 403);
      });

      it('every write is in the audit log with its actor', async () => {
        const accounts = new AccountsService(t.db);
        const grants = await accounts.auditTrail({ action: 'delegate.grant' });
        assert.equal(grants.length, DELEGATES.length + 1);
        assert.equal(grants.at(-1)!.actor, ids['delegate of SEN (member)']);
        const revokes = await accounts.auditTrail({ action: 'delegate.revoke' });
        assert.equal(revokes.length, 1);
        const posts = await accounts.auditTrail({ action: 'space.post' });
        assert.equal(posts.length, 4);
        assert.deepEqual(posts.map((p) => p.record_id).sort(), Object.values(postIds).sort());
        assert.equal(posts.filter((p) => p.actor === ids['editor of alpha']).length, 3);
      });
    });
  });
}
