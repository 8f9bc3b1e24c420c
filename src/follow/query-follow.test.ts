/**
 * A follow of a peer query, on both engines: only a reader who may see the query may follow it (a closed query is
 * answered 404 to others, as if it did not exist); nothing about an open query reaches a follower, a feed or a
 * mechanism's follower; once its compilation is published, the query's followers and its mechanism's followers are
 * told in a plain sentence linked to the query's page, and the public feeds carry it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp, loadReference } from '../app.js';
import type { Client } from '../../test/helpers/client.js';
import { createTestDatabase, engines, type TestDatabase } from '../../test/helpers/db.js';
import { MINI } from '../../test/helpers/reference.js';
import { roleEmail, seedRoleUsers, signedInClients } from '../../test/helpers/roles.js';

const SEN = 'delegate of SEN (member)';
const TITLE = 'QFW labour attachés abroad';
const SENTENCE = `The compilation of the peer query “${TITLE}” was published.`;

for (const { engine, skip } of await engines()) {
  describe(`following a peer query on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let clients: Record<string, Client>;
    let tokens: Record<string, string>;
    let id = '';
    const api = async (who: string, method: 'GET' | 'PUT' | 'POST', url: string, body?: unknown) => {
      const res = await app.inject({
        method,
        url,
        headers: {
          authorization: `Bearer ${tokens[who]}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      });
      return { status: res.statusCode, body: res.body };
    };
    const followingPage = async (who: string) => (await clients[who]!.get('/en/account/following')).body;
    const feed = async (url: string) => (await app.inject({ method: 'GET', url })).body;

    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db, MINI);
      ({ tokens } = await seedRoleUsers(t.db, ['admin', 'editor of alpha', 'no role', SEN]));
      app = await buildApp({ database: t, cacheTtlMs: 0 });
      clients = await signedInClients(app, ['no role', SEN]);
      const d = await api('admin', 'POST', '/api/v1/countries/SEN/delegates', {
        email: roleEmail(SEN),
        focalPoint: true,
      });
      assert.equal(d.status, 201, d.body);
      const deadline = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
      const q = await api('editor of alpha', 'POST', '/api/v1/queries', {
        title: TITLE,
        mechanisms: ['alpha-process'],
        deadline,
        questions: [{ text: 'Do you post labour attachés abroad?', kind: 'yes-no' }],
      });
      assert.equal(q.status, 201, q.body);
      id = (JSON.parse(q.body) as { id: string }).id;
    });
    after(async () => {
      await app?.close();
      await t?.dispose();
    });

    it('a member State’s delegate follows the open query; an outsider gets 404 and follows nothing', async () => {
      const r = await api(SEN, 'PUT', `/api/v1/me/follows/query/${id}`);
      assert.equal(r.status, 201, r.body);
      assert.equal((JSON.parse(r.body) as { name: string }).name, TITLE);
      const outsider = await api('no role', 'PUT', `/api/v1/me/follows/query/${id}`);
      assert.equal(outsider.status, 404, outsider.body);
      assert.doesNotMatch(outsider.body, /QFW/, 'the 404 does not tell the title');
      const mine = JSON.parse((await api('no role', 'GET', '/api/v1/me/follows')).body) as { items: unknown[] };
      assert.deepEqual(mine.items, []);
      const unknown = await api(SEN, 'PUT', '/api/v1/me/follows/query/no-such-query');
      assert.equal(unknown.status, 404);
      // The outsider follows the mechanism instead.
      assert.equal((await api('no role', 'PUT', '/api/v1/me/follows/mechanism/alpha-process')).status, 201);
    });

    it('the query page offers its follow to a reader who sees it', async () => {
      const page = (await clients[SEN]!.get(`/en/queries/${id}`)).body;
      assert.match(page, /name="kind" value="query"/);
      assert.match(page, /Follow this peer query/);
    });

    it('an open query tells nothing: not to its follower, not to the mechanism’s follower, not in the feeds', async () => {
      const follower = await followingPage(SEN);
      assert.match(follower, /id="unseen-none"/, 'the follower has no unseen change');
      assert.ok(!follower.includes('was published'));
      assert.doesNotMatch(await followingPage('no role'), /QFW/);
      assert.doesNotMatch(await feed('/feeds/changes.atom'), /QFW/);
      assert.doesNotMatch(await feed('/feeds/mechanisms/alpha-process.atom'), /QFW/);
    });

    it('once published, the followers of the query and of its mechanism are told, and the feeds carry it', async () => {
      const p = await api('editor of alpha', 'POST', `/api/v1/queries/${id}/publish`);
      assert.equal(p.status, 200, p.body);
      for (const who of [SEN, 'no role']) {
        const page = await followingPage(who);
        assert.ok(page.includes(SENTENCE), `${who}: the sentence`);
        assert.match(page, new RegExp(`href="/en/queries/${id}"`), `${who}: linked to the query`);
      }
      assert.ok((await feed('/feeds/changes.atom')).includes(SENTENCE));
      assert.ok((await feed('/feeds/mechanisms/alpha-process.atom')).includes(SENTENCE));
      assert.doesNotMatch(await feed('/feeds/mechanisms/beta-forum.atom'), /QFW/, 'not in another mechanism’s feed');
      const fr = await clients[SEN]!.get('/fr/account/following');
      assert.ok(fr.body.includes(`La compilation de la consultation entre pairs « ${TITLE} » a été publiée.`));
    });

    it('the published compilation is public: now anyone signed in may follow it', async () => {
      const r = await api('no role', 'PUT', `/api/v1/me/follows/query/${id}`);
      assert.equal(r.status, 201, r.body);
    });
  });
}
