import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, loadReference } from '../app.js';
import { createTestDatabase, engines, type TestDatabase } from '../../test/helpers/db.js';
import { Client } from '../../test/helpers/client.js';
import { MINI } from '../../test/helpers/reference.js';
import { roleEmail, seedRoleUsers, signedInClients } from '../../test/helpers/roles.js';
import { changedFields } from './admin-pages.js';
import { AccountsService, type AuditItem } from './service.js';
import * as store from './store.js';

interface Json {
  [k: string]: unknown;
}
interface Page {
  items: AuditItem[];
  nextCursor: string | null;
}
const REFUSED_ROLES = ['editor of alpha', 'focal point of SEN', 'reviewer', 'no role'] as const;
const email = roleEmail;
const NAMES = ['admin', 'editor of alpha', 'focal point of SEN', 'reviewer', 'no role'];

/**
 * 30 events in 2001 (long before anything the tests do), three to an hour so equal times are
 * ordered by id: actions, actors and records vary with the index.
 */
const ACTIONS = ['change.propose', 'change.publish', 'auth.signin', 'role.grant', 'change.revert', 'auth.failed'];
function fixture(i: number, actors: string[]) {
  const hour = Math.floor(i / 3);
  const at = new Date(Date.UTC(2001, 0, 1 + Math.floor(hour / 4), (hour % 4) * 6)).toISOString();
  return {
    id: `fixture-${String(i).padStart(2, '0')}`,
    at,
    actor: actors[i % actors.length]!,
    action: ACTIONS[i % ACTIONS.length]!,
    record_type: i % 5 === 0 ? 'mechanism' : 'participation',
    record_id: i % 5 === 0 ? 'alpha-process' : `alpha-process/SEN/member/${i % 2}`,
    before: JSON.stringify({ name: `before ${i}`, same: 1 }),
    after: JSON.stringify({ name: `after ${i}`, same: 1, added: i }),
    ip: '192.0.2.1',
  };
}
const newestFirst = (a: { at: string; id: string }, b: { at: string; id: string }) =>
  a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1;

describe("changedFields (the audit page's diff)", () => {
  it('lists only the keys that differ; a missing key and null are the same; non-objects compare whole', () => {
    assert.deepEqual(changedFields({ a: 1, b: 'x', c: null, d: [1] }, { a: 1, b: 'y', d: [1, 2], e: true }), [
      { field: 'b', before: 'x', after: 'y' },
      { field: 'd', before: '[1]', after: '[1,2]' },
      { field: 'e', before: '', after: 'true' },
    ]);
    assert.deepEqual(changedFields(null, { id: 'g', scopeId: null }), [{ field: 'id', before: '', after: 'g' }]);
    assert.deepEqual(changedFields({ id: 'g' }, null), [{ field: 'id', before: 'g', after: '' }]);
    assert.deepEqual(changedFields(null, null), []);
    assert.deepEqual(changedFields('a', 'b'), [{ field: '—', before: 'a', after: 'b' }]);
    assert.equal(changedFields(null, { long: 'x'.repeat(1000) })[0]!.after.length, 300);
  });
});

for (const { engine, skip } of await engines()) {
  describe(`the audit log on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let accounts: AccountsService;
    const ids: Record<string, string> = {};
    const tokens: Record<string, string> = {};
    const clients: Record<string, Client> = {};
    let events: ReturnType<typeof fixture>[] = [];
    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db, MINI);
      app = await buildApp({ database: t, sessionSecret: 'audit-test-secret-audit-test-secret', cacheTtlMs: 0 });
      accounts = new AccountsService(t.db);
      const seeded = await seedRoleUsers(t.db, NAMES);
      Object.assign(ids, seeded.ids);
      Object.assign(tokens, seeded.tokens);
      Object.assign(clients, await signedInClients(app, NAMES));
      events = Array.from({ length: 30 }, (_, i) => fixture(i, [ids.admin!, ids['editor of alpha']!, 'anonymous']));
      for (const e of events) await store.insertAudit(t.db, e);
    });
    after(async () => {
      await app.close();
      await t.dispose();
    });

    const api = (query: string, who: string | null = 'admin') =>
      app.inject({
        method: 'GET',
        url: `/api/v1/audit${query}`,
        headers: who ? { authorization: `Bearer ${tokens[who] ?? who}` } : {},
      });
    const items = async (query: string) => {
      const res = await api(query);
      assert.equal(res.statusCode, 200, `${query}: ${res.body}`);
      return JSON.parse(res.body) as Page;
    };
    const problem = (res: LightMyRequestResponse) =>
      assert.match(String(res.headers['content-type']), /problem\+json/, res.body);
    const in2001 = 'from=2001-01-01&to=2001-12-31';
    const expected = (keep: (e: ReturnType<typeof fixture>) => boolean) =>
      events
        .filter(keep)
        .sort(newestFirst)
        .map((e) => e.id);

    describe('GET /api/v1/audit', () => {
      it('administrators only: editor, focal point, reviewer and no role 403; anonymous and unknown token 401', async () => {
        for (const [who, status] of [
          [null, 401],
          ['not-a-real-token', 401],
          ...REFUSED_ROLES.map((r) => [r, 403] as const),
        ] as const) {
          const res = await api('', who);
          assert.equal(res.statusCode, status, `${who ?? 'anonymous'}: ${res.body}`);
          problem(res);
        }
        const res = await api('');
        assert.equal(res.statusCode, 200, res.body);
        assert.equal(res.headers['cache-control'], 'private, no-store');
      });

      it('the service checks the permission itself', async () => {
        const status = (p: Promise<unknown>) =>
          p.then(
            () => 200,
            (e: Error & { statusCode?: number }) => e.statusCode ?? 500,
          );
        assert.equal(await status(accounts.auditLog(null)), 401);
        for (const who of REFUSED_ROLES)
          assert.equal(await status(accounts.auditLog(await accounts.tokenUser(tokens[who]!))), 403, who);
        assert.equal(await status(accounts.auditLog(await accounts.tokenUser(tokens.admin!))), 200);
        // Permission first: a refused caller learns nothing about the parameters.
        assert.equal(await status(accounts.auditLog(await accounts.tokenUser(tokens.reviewer!), { limit: 0 })), 403);
      });

      it('items: the actor with name and address (a user) or the literal, the record, before and after parsed', async () => {
        const page = await items(`?${in2001}&limit=3`);
        assert.deepEqual(
          page.items.map((e) => e.id),
          ['fixture-29', 'fixture-28', 'fixture-27'],
        );
        const [e29, e28, e27] = page.items as [AuditItem, AuditItem, AuditItem];
        assert.deepEqual(e29.actor, { id: 'anonymous', displayName: null, email: null });
        assert.deepEqual(e28.actor, {
          id: ids['editor of alpha'],
          displayName: 'editor of alpha',
          email: email('editor of alpha'),
        });
        assert.deepEqual(e27.actor, { id: ids.admin, displayName: 'admin', email: email('admin') });
        assert.deepEqual(
          [e29.at, e29.action, e29.recordType, e29.recordId, e29.ip],
          [events[29]!.at, 'auth.failed', 'participation', 'alpha-process/SEN/member/1', '192.0.2.1'],
        );
        assert.deepEqual(e29.before, { name: 'before 29', same: 1 });
        assert.deepEqual(e29.after, { name: 'after 29', same: 1, added: 29 });
      });

      it('filters: an exact action, an action prefix, an actor by e-mail or id, a record, a date range', async () => {
        const ids2001 = async (q: string) => (await items(`?${in2001}&limit=200${q}`)).items.map((e) => e.id);
        assert.deepEqual(
          await ids2001('&action=change.publish'),
          expected((e) => e.action === 'change.publish'),
        );
        assert.deepEqual(
          await ids2001('&action=change.'),
          expected((e) => e.action.startsWith('change.')),
        );
        assert.deepEqual(
          await ids2001('&action=auth.'),
          expected((e) => e.action.startsWith('auth.')),
        );
        assert.deepEqual(await ids2001('&action=change'), [], 'without the dot, an exact action');
        assert.deepEqual(
          await ids2001(`&actor=${encodeURIComponent(email('editor of alpha'))}`),
          expected((e) => e.actor === ids['editor of alpha']),
        );
        assert.deepEqual(
          await ids2001(`&actor=${encodeURIComponent(email('Editor of alpha').toUpperCase())}`),
          expected((e) => e.actor === ids['editor of alpha']),
          'e-mail in any case',
        );
        assert.deepEqual(
          await ids2001(`&actor=${ids.admin}`),
          expected((e) => e.actor === ids.admin),
        );
        assert.deepEqual(
          await ids2001('&actor=anonymous'),
          expected((e) => e.actor === 'anonymous'),
        );
        assert.deepEqual(await ids2001('&actor=nobody%40example.org'), [], 'an unknown address matches nothing');
        assert.deepEqual(
          await ids2001('&recordType=mechanism&recordId=alpha-process'),
          expected((e) => e.record_type === 'mechanism'),
        );
        assert.deepEqual(
          await ids2001(`&recordId=${encodeURIComponent('alpha-process/SEN/member/1')}`),
          expected((e) => e.record_id === 'alpha-process/SEN/member/1'),
        );
        assert.deepEqual(
          await ids2001('&action=change.&recordType=participation&actor=anonymous'),
          expected(
            (e) => e.action.startsWith('change.') && e.record_type === 'participation' && e.actor === 'anonymous',
          ),
        );
        // Whole days, both bounds inclusive: 2001-01-02 and 2001-01-03.
        const days = (await items('?from=2001-01-02&to=2001-01-03&limit=200')).items.map((e) => e.id);
        assert.deepEqual(
          days,
          expected((e) => e.at >= '2001-01-02' && e.at < '2001-01-04'),
        );
        assert.equal(days.length, 18);
        assert.deepEqual(
          (await items('?from=2001-01-03&to=2001-01-03')).items.map((e) => e.id),
          expected((e) => e.at.startsWith('2001-01-03')),
        );
        // Datetimes are exact (inclusive); without an offset they are UTC.
        assert.deepEqual(
          (await items('?from=2001-01-01T06:00:00Z&to=2001-01-01T12:00')).items.map((e) => e.id),
          expected((e) => e.at >= '2001-01-01T06' && e.at <= '2001-01-01T12:00:00.000Z'),
        );
        assert.deepEqual(
          (await items('?from=2001-01-01T07:00%2B01:00&to=2001-01-01T06:00:00.000Z')).items.map((e) => e.id),
          expected((e) => e.at === '2001-01-01T06:00:00.000Z'),
        );
        // Empty values are no filter (a submitted form).
        assert.deepEqual(
          (await items(`?${in2001}&limit=200&action=&actor=&recordType=&recordId=&cursor=`)).items.length,
          30,
        );
      });

      it('pages walk every event exactly once, newest first (30 events, 7 a page)', async () => {
        const seen: string[] = [];
        let next: string | null = null;
        let pages = 0;
        do {
          const page: Page = await items(`?${in2001}&limit=7${next ? `&cursor=${encodeURIComponent(next)}` : ''}`);
          assert.ok(page.items.length <= 7);
          seen.push(...page.items.map((e) => e.id));
          next = page.nextCursor;
          pages++;
        } while (next !== null && pages < 20);
        assert.equal(pages, 5);
        assert.deepEqual(
          seen,
          expected(() => true),
        );
        assert.equal(new Set(seen).size, 30);
        // The whole log too, with a default limit: every stored event once, in (at, id) order newest first.
        const all: AuditItem[] = [];
        let cursor: string | null = null;
        do {
          const page: Page = await items(cursor ? `?limit=11&cursor=${cursor}` : '?limit=11');
          all.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor !== null);
        const stored = await store.auditEvents(t.db);
        assert.equal(all.length, stored.length);
        assert.deepEqual(
          all.map((e) => e.id),
          [...stored].sort(newestFirst).map((e) => e.id),
        );
        // A page that ends exactly at the last event has next null.
        assert.equal((await items(`?${in2001}&limit=30`)).nextCursor, null);
        assert.notEqual((await items(`?${in2001}&limit=29`)).nextCursor, null);
        assert.equal((await items('')).items.length, Math.min(50, stored.length), 'default limit 50');
      });

      it('a bad parameter is a 400 naming it', async () => {
        const forged = Buffer.from(JSON.stringify({ at: '2001-01-01', id: 'x' })).toString('base64url');
        for (const [query, name] of [
          ['limit=0', 'limit'],
          ['limit=201', 'limit'],
          ['limit=ten', 'limit'],
          ['limit=', 'limit'],
          ['from=2001-13-01', 'from'],
          ['from=2001-02-30', 'from'],
          ['to=yesterday', 'to'],
          ['from=2001-01-01T25:00Z', 'from'],
          ['from=2001-01-03&to=2001-01-02', 'to'],
          ['cursor=not-a-cursor', 'cursor'],
          [`cursor=${forged}`, 'cursor'],
          ['cursor=%25%25', 'cursor'],
          ['unknown=1', 'unknown'],
        ] as const) {
          const res = await api(`?${query}`);
          assert.equal(res.statusCode, 400, `${query}: ${res.body}`);
          problem(res);
          const body = JSON.parse(res.body) as { detail: string; errors?: { name: string }[] };
          assert.deepEqual(
            body.errors?.map((e) => e.name),
            [name],
            `${query}: ${res.body}`,
          );
          assert.match(body.detail, new RegExp(name), query);
        }
      });

      it('is in the OpenAPI document, with bearer security and its problems', async () => {
        const doc = JSON.parse((await app.inject('/api/openapi.json')).body) as {
          paths: Record<string, Record<string, Json>>;
        };
        const op = doc.paths['/api/v1/audit']?.get;
        assert.ok(op);
        assert.deepEqual(op.security, [{ bearerAuth: [] }]);
        assert.deepEqual(op.tags, ['accounts']);
        assert.deepEqual(Object.keys(op.responses as Json).sort(), ['200', '400', '401', '403']);
        const params = (op.parameters as { name: string }[]).map((p) => p.name).sort();
        assert.deepEqual(params, ['action', 'actor', 'cursor', 'from', 'limit', 'recordId', 'recordType', 'to']);
      });
    });

    describe('GET /{lang}/admin/audit', () => {
      const idsOn = (body: string) => [...body.matchAll(/<tr id="event-([^"]+)"/g)].map((m) => m[1]!);
      const nextOf = (body: string) => /<a href="([^"]+)" rel="next"/.exec(body)?.[1]?.replaceAll('&amp;', '&') ?? null;

      it('administrators only: others 403; signed out 303 to sign-in', async () => {
        const anon = await clients.anonymous!.get('/en/admin/audit');
        assert.equal(anon.statusCode, 303);
        assert.equal(anon.headers.location, '/en/sign-in');
        for (const who of REFUSED_ROLES)
          assert.equal((await clients[who]!.get('/fr/admin/audit')).statusCode, 403, who);
        for (const lang of ['en', 'fr', 'es']) {
          const res = await clients.admin!.get(`/${lang}/admin/audit`);
          assert.equal(res.statusCode, 200, res.body.slice(0, 300));
          assert.match(res.body, new RegExp(`<html lang="${lang}"`));
          assert.equal(res.headers['cache-control'], 'private, no-store');
          assert.match(res.body, new RegExp(`<form class="filters" method="get" action="/${lang}/admin/audit"`));
          for (const name of ['action', 'actor', 'recordType', 'recordId', 'from', 'to'])
            assert.match(res.body, new RegExp(`<input id="audit-${name}" name="${name}"`), name);
        }
        assert.match(
          (await clients.admin!.get('/fr/admin/users')).body,
          /href="\/fr\/admin\/audit"/,
          'linked from the users page',
        );
        assert.match(
          (await clients.admin!.get('/en/account')).body,
          /href="\/en\/admin\/audit"/,
          "and from an administrator's account page",
        );
        assert.doesNotMatch((await clients.reviewer!.get('/en/account')).body, /\/admin\/audit/);
      });

      it('a row: time, actor, action, the record linked to its history, the changed fields in a <details>', async () => {
        const res = await clients.admin!.get(`/en/admin/audit?${in2001}&limit=5`);
        assert.deepEqual(idsOn(res.body), expected(() => true).slice(0, 5));
        const row = (id: string) =>
          new RegExp(`<tr id="event-${id}">[\\s\\S]*?</tr>\\s*(?=<tr id|</tbody>)`).exec(res.body)?.[0] ?? '';
        const r29 = row('fixture-29');
        assert.match(r29, new RegExp(`<time datetime="${events[29]!.at}">`));
        assert.match(r29, /<code>anonymous<\/code>/);
        assert.match(r29, /<code>auth.failed<\/code>/);
        assert.match(r29, /<a href="\/en\/history\/participation\/alpha-process%2FSEN%2Fmember%2F1">/);
        assert.match(r29, /<details><summary>2 fields changed<\/summary>/);
        assert.match(
          r29,
          /<th scope="row"><code>name<\/code><\/th><td><del>before 29<\/del><\/td><td><ins>after 29<\/ins><\/td>/,
        );
        assert.match(r29, /<th scope="row"><code>added<\/code><\/th><td>—<\/td><td><ins>29<\/ins><\/td>/);
        assert.doesNotMatch(r29, /<code>same<\/code>/, 'unchanged fields are left out');
        assert.match(row('fixture-28'), new RegExp(`editor of alpha<br/><small>${email('editor of alpha')}</small>`));
        assert.match(row('fixture-25'), /<a href="\/en\/history\/mechanism\/alpha-process">/);
        // A record that is not a registry record is not linked.
        const users = await clients.admin!.get('/en/admin/audit?action=user.create&limit=1');
        assert.match(users.body, /<span class="muted">user<\/span> <code>[0-9a-f-]{36}<\/code>/);
        assert.doesNotMatch(users.body, /<td><a href="\/en\/history\/user/);
        assert.match(users.body, /<details><summary>2 fields changed/, 'created: every field of the new record');
      });

      it('filters in the form are kept; the next page link carries them with the cursor; pages walk every event once', async () => {
        const first = await clients.admin!.get(`/fr/admin/audit?action=change.&from=2001-01-01&to=2001-12-31&limit=4`);
        assert.equal(first.statusCode, 200);
        assert.match(first.body, /<input id="audit-action" name="action" type="text" size="20" value="change."/);
        assert.match(first.body, /<input id="audit-from" name="from" type="date" value="2001-01-01"/);
        assert.match(first.body, /<input type="hidden" name="limit" value="4"/);
        const seen: string[] = [];
        let body = first.body;
        for (let i = 0; i < 10; i++) {
          seen.push(...idsOn(body));
          const next = nextOf(body);
          if (!next) break;
          const url = new URL(next, 'http://x');
          assert.equal(url.pathname, '/fr/admin/audit');
          assert.deepEqual(
            [
              url.searchParams.get('action'),
              url.searchParams.get('from'),
              url.searchParams.get('to'),
              url.searchParams.get('limit'),
            ],
            ['change.', '2001-01-01', '2001-12-31', '4'],
          );
          assert.ok(url.searchParams.get('cursor'));
          const res = await clients.admin!.get(next);
          assert.equal(res.statusCode, 200);
          assert.match(
            res.body,
            /href="\/fr\/admin\/audit\?action=change\.&amp;from=2001-01-01&amp;to=2001-12-31&amp;limit=4"/,
            'a link back to the newest',
          );
          body = res.body;
        }
        assert.deepEqual(
          seen,
          expected((e) => e.action.startsWith('change.')),
        );
        assert.equal(nextOf(body), null);
        const none = await clients.admin!.get(`/es/admin/audit?actor=nobody%40example.org`);
        assert.equal(none.statusCode, 200);
        assert.match(none.body, /Ningún evento coincide/);
      });

      it('a bad filter re-renders the form (400) with the error naming the parameter, next to its field', async () => {
        const res = await clients.admin!.get('/en/admin/audit?from=2001-02-30&action=change.');
        assert.equal(res.statusCode, 400);
        assert.match(res.body, /role="alert"[\s\S]*from: &quot;2001-02-30&quot; is not an ISO date/);
        assert.match(
          res.body,
          /<input id="audit-from" name="from" type="date" value="2001-02-30" aria-invalid="true" aria-describedby="err-audit-from"/,
        );
        assert.match(res.body, /<small id="err-audit-from"/);
        assert.match(res.body, /value="change."/);
        assert.doesNotMatch(res.body, /<tr id="event-/);
        for (const [query, name] of [
          ['limit=500', 'limit'],
          ['cursor=nonsense', 'cursor'],
          ['to=later', 'to'],
        ] as const) {
          const bad = await clients.admin!.get(`/fr/admin/audit?${query}`);
          assert.equal(bad.statusCode, 400, query);
          assert.match(bad.body, new RegExp(`role="alert"[\\s\\S]*${name}: `), query);
        }
        // Refused callers learn nothing from a bad parameter.
        assert.equal((await clients.reviewer!.get('/en/admin/audit?limit=500')).statusCode, 403);
        assert.equal((await clients.anonymous!.get('/en/admin/audit?limit=500')).statusCode, 303);
      });
    });
  });
}
