/**
 * The API as a good citizen: CORS on public GET routes only (never on writes or credentialed routes), preflights
 * answered, Cache-Control on every answer (public with stale-while-revalidate, private for personal ones) that
 * stays correct after a publish, 405 with Allow, paging with one next-page field and a Link header on every list.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/db.js';
import { MINI } from '../../test/helpers/reference.js';
import { seedRoleUsers } from '../../test/helpers/roles.js';
import { buildApp, loadReference } from '../app.js';
import { PRIVATE_CACHE, PUBLIC_CACHE, patternRegExp } from './citizen.js';

type Json = Record<string, unknown>;

describe('the API as a good citizen', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  const tokens: Record<string, string> = {};
  const origin = { origin: 'https://elsewhere.example' };
  before(async () => {
    t = await createTestDatabase('sqlite');
    await loadReference(t.db, MINI);
    app = await buildApp({ database: t, sessionSecret: 'citizen-test-secret-citizen-test', cacheTtlMs: 0 });
    Object.assign(tokens, (await seedRoleUsers(t.db, ['admin'])).tokens);
  });
  after(async () => {
    await app.close();
    await t.dispose();
  });

  it('route patterns match the paths they serve and no others', () => {
    assert.ok(patternRegExp('/api/v1/mechanisms/:id').test('/api/v1/mechanisms/alpha-process'));
    assert.ok(patternRegExp('/api/v1/mechanisms/:id').test('/api/v1/mechanisms/alpha-process/'));
    assert.ok(!patternRegExp('/api/v1/mechanisms/:id').test('/api/v1/mechanisms/a/b'));
    assert.ok(patternRegExp('/assets/site.:hash').test('/assets/site.abc.css'));
    assert.ok(!patternRegExp('/assets/site.:hash').test('/assets/siteXabc'));
  });

  describe('CORS', () => {
    for (const url of [
      '/api/v1/mechanisms',
      '/api/v1/mechanisms/alpha-process',
      '/api/v1/sources',
      '/api/openapi.json',
      '/calendar/meetings.ics',
      '/api/v1/mechanisms/no-such-thing', // a 404 problem is readable too
    ]) {
      it(`GET ${url} may be read from any origin, without credentials`, async () => {
        const res = await app.inject({ url, headers: origin });
        assert.equal(res.headers['access-control-allow-origin'], '*');
        assert.equal(res.headers['cross-origin-resource-policy'], 'cross-origin');
        assert.match(String(res.headers['access-control-expose-headers']), /\bLink\b/);
        assert.equal(res.headers['access-control-allow-credentials'], undefined);
      });
    }

    it('a preflight of a public GET route is answered 204 without allowing Authorization or credentials', async () => {
      const res = await app.inject({
        method: 'OPTIONS',
        url: '/api/v1/meetings?limit=2',
        headers: { ...origin, 'access-control-request-method': 'GET' },
      });
      assert.equal(res.statusCode, 204);
      assert.equal(res.headers['access-control-allow-origin'], '*');
      assert.equal(res.headers['access-control-allow-methods'], 'GET, HEAD, OPTIONS');
      assert.doesNotMatch(String(res.headers['access-control-allow-headers']), /authorization/i);
      assert.equal(res.headers['access-control-allow-credentials'], undefined);
      assert.equal(res.headers.allow, 'GET, HEAD, POST, OPTIONS'); // POST is for editors, same-origin
    });

    it('write routes and routes needing a token never answer another origin', async () => {
      const write = await app.inject({
        method: 'OPTIONS',
        url: '/api/v1/participation/alpha-process%2FSEN%2Fmember%2F1/end',
        headers: { ...origin, 'access-control-request-method': 'POST' },
      });
      assert.equal(write.statusCode, 204);
      assert.equal(write.headers.allow, 'POST, OPTIONS');
      assert.equal(write.headers['access-control-allow-origin'], undefined);
      const post = await app.inject({ method: 'POST', url: '/api/v1/participation', headers: origin, payload: {} });
      assert.equal(post.headers['access-control-allow-origin'], undefined);
      assert.notEqual(post.headers['cross-origin-resource-policy'], 'cross-origin');
      const changes = await app.inject({
        url: '/api/v1/changes',
        headers: { ...origin, authorization: `Bearer ${tokens.admin}` },
      });
      assert.equal(changes.statusCode, 200);
      assert.equal(changes.headers['access-control-allow-origin'], undefined);
      assert.equal(changes.headers['cache-control'], PRIVATE_CACHE);
      const preflight = await app.inject({
        method: 'OPTIONS',
        url: '/api/v1/changes',
        headers: { ...origin, 'access-control-request-method': 'GET' },
      });
      assert.equal(preflight.headers['access-control-allow-origin'], undefined);
      // pages are same-origin: no CORS
      assert.equal(
        (await app.inject({ url: '/en/', headers: origin })).headers['access-control-allow-origin'],
        undefined,
      );
    });
  });

  describe('Cache-Control', () => {
    it('public GET answers (API, pages, feeds, sitemap, redirects of aliases) are public with stale-while-revalidate', async () => {
      assert.match(PUBLIC_CACHE, /^public, max-age=\d+, s-maxage=\d+, stale-while-revalidate=\d+/);
      const [maxAge, swr] = [/max-age=(\d+)/, /stale-while-revalidate=(\d+)/].map((re) =>
        Number(re.exec(PUBLIC_CACHE)![1]),
      );
      assert.ok(maxAge! + swr! <= 120, 'a publish shows within two minutes');
      for (const url of [
        '/api/v1/mechanisms',
        '/api/v1/stats',
        '/api/openapi.json',
        '/en/',
        '/fr/mechanisms/alpha-process',
        '/calendar/meetings.ics',
        '/sitemap.xml',
        '/en/data',
      ]) {
        const res = await app.inject(url);
        assert.equal(res.statusCode, 200, url);
        assert.equal(res.headers['cache-control'], PUBLIC_CACHE, url);
      }
    });

    it('errors are not kept; personal answers and writes are private, no-store', async () => {
      assert.equal((await app.inject('/api/v1/mechanisms/no-such-thing')).headers['cache-control'], 'no-store');
      assert.equal((await app.inject('/en/sign-in')).headers['cache-control'], PRIVATE_CACHE);
      assert.equal((await app.inject('/health')).headers['cache-control'], PRIVATE_CACHE);
      const me = await app.inject({ url: '/api/v1/tokens', headers: { authorization: `Bearer ${tokens.admin}` } });
      assert.equal(me.statusCode, 200);
      assert.equal(me.headers['cache-control'], PRIVATE_CACHE);
      const write = await app.inject({ method: 'POST', url: '/api/v1/participation', payload: {} });
      assert.equal(write.headers['cache-control'], PRIVATE_CACHE);
    });

    it('an answer revalidated after a publish is the new one (ETag changes, no stale 304)', async () => {
      const url = '/api/v1/participation?mechanism=beta-forum&country=SEN';
      const before = await app.inject(url);
      const etag = String(before.headers.etag);
      assert.equal((await app.inject({ url, headers: { 'if-none-match': etag } })).statusCode, 304);
      const ended = await app.inject({
        method: 'POST',
        url: `/api/v1/participation/${encodeURIComponent('beta-forum/SEN/member/1')}/end`,
        payload: { end: '2024-06', endCause: 'left', sources: ['https://example.org/minutes-2024'] },
        headers: { authorization: `Bearer ${tokens.admin}`, 'if-match': '"1"' },
      });
      assert.equal(ended.statusCode, 200, ended.body);
      const afterPublish = await app.inject({ url, headers: { 'if-none-match': etag } });
      assert.equal(afterPublish.statusCode, 200);
      assert.notEqual(afterPublish.headers.etag, etag);
      assert.notDeepEqual(JSON.parse(afterPublish.body), JSON.parse(before.body));
      assert.equal(afterPublish.headers['cache-control'], PUBLIC_CACHE);
    });
  });

  describe('methods', () => {
    it('a wrong method on an existing path is 405 with Allow (API and pages); an unknown path stays 404', async () => {
      const del = await app.inject({ method: 'DELETE', url: '/api/v1/mechanisms' });
      assert.equal(del.statusCode, 405);
      assert.equal(del.headers.allow, 'GET, HEAD, OPTIONS');
      assert.match(String(del.headers['content-type']), /application\/problem\+json/);
      const body = JSON.parse(del.body) as Json;
      assert.equal(body.code, 'method_not_allowed');
      assert.match(String(body.detail), /DELETE is not allowed/);
      const put = await app.inject({ method: 'PUT', url: '/api/v1/mechanisms/alpha-process' });
      assert.equal(put.statusCode, 405);
      assert.equal(put.headers.allow, 'GET, HEAD, PATCH, OPTIONS');
      assert.equal((await app.inject({ method: 'DELETE', url: '/calendar/meetings.ics' })).statusCode, 405);
      assert.equal((await app.inject({ method: 'DELETE', url: '/api/v1/nothing-here' })).statusCode, 404);
      assert.equal((await app.inject('/api/v1/mechanisms/no-such-thing')).statusCode, 404);
    });
  });

  describe('paging', () => {
    const lists = [
      '/api/v1/mechanisms',
      '/api/v1/countries',
      '/api/v1/organizations',
      '/api/v1/themes',
      '/api/v1/sources',
      '/api/v1/participation',
      '/api/v1/meetings',
      '/api/v1/reported-figures',
      '/api/v1/overlaps',
      '/api/v1/documents',
      '/api/v1/releases',
    ];
    for (const list of lists) {
      it(`${list} pages with limit and cursor, one nextCursor field and a Link header`, async () => {
        const all = JSON.parse((await app.inject(`${list}?limit=500`)).body) as { total: number; items: Json[] };
        assert.equal(typeof all.total, 'number');
        const pages: Json[] = [];
        let url: string | null = `${list}?limit=1`;
        let hops = 0;
        while (url !== null && hops++ < 600) {
          const res: Awaited<ReturnType<typeof app.inject>> = await app.inject(url);
          assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
          const body = JSON.parse(res.body) as { items: Json[]; nextCursor: string | null; next?: unknown };
          assert.ok('nextCursor' in body && !('next' in body));
          assert.ok(body.items.length <= 1);
          pages.push(...body.items);
          const link = res.headers.link as string | undefined;
          if (body.nextCursor === null) {
            assert.equal(link, undefined);
            url = null;
          } else {
            const m = /^<([^>]+)>; rel="next"$/.exec(String(link));
            assert.ok(m, `Link header: ${String(link)}`);
            const next = new URL(m[1]!);
            assert.equal(next.searchParams.get('cursor'), body.nextCursor);
            assert.equal(next.searchParams.get('limit'), '1');
            url = `${next.pathname}${next.search}`;
          }
        }
        assert.equal(pages.length, Math.min(all.total, 600));
        if (all.total <= 500) assert.deepEqual(pages, all.items);
      });
    }

    it('/api/v1/meetings?limit=10 is a page, and a bad cursor or limit names the parameter', async () => {
      const res = await app.inject('/api/v1/meetings?limit=10');
      assert.equal(res.statusCode, 200, res.body);
      assert.ok((JSON.parse(res.body) as { items: Json[] }).items.length <= 10);
      for (const [q, name] of [
        ['cursor=nope', 'cursor'],
        ['limit=0', 'limit'],
        ['limit=501', 'limit'],
      ] as const) {
        const bad = await app.inject(`/api/v1/participation?${q}`);
        assert.equal(bad.statusCode, 400, q);
        assert.ok(((JSON.parse(bad.body) as { errors: { name: string }[] }).errors ?? []).some((e) => e.name === name));
      }
    });

    it('GET /api/v1/sources resolves the citations of a table in one call', async () => {
      const all = JSON.parse((await app.inject('/api/v1/sources?limit=500')).body) as { items: { id: string }[] };
      assert.ok(all.items.length > 2);
      const ids = all.items.slice(0, 2).map((s) => s.id);
      const some = JSON.parse(
        (
          await app.inject(
            `/api/v1/sources?id=${encodeURIComponent(ids[0]!)}&id=${encodeURIComponent(ids[1]!)}&id=not-a-source`,
          )
        ).body,
      ) as { total: number; items: { id: string; url: string }[] };
      assert.equal(some.total, 2);
      assert.deepEqual(
        some.items.map((s) => s.id),
        [...ids].sort(),
      );
      assert.ok(some.items.every((s) => typeof s.url === 'string'));
    });

    it('the audit log pages with nextCursor and a Link header too', async () => {
      const res = await app.inject({
        url: '/api/v1/audit?limit=1',
        headers: { authorization: `Bearer ${tokens.admin}` },
      });
      assert.equal(res.statusCode, 200, res.body);
      const body = JSON.parse(res.body) as { nextCursor: string | null };
      assert.ok('nextCursor' in body);
      if (body.nextCursor) assert.match(String(res.headers.link), /rel="next"/);
    });
  });
});
