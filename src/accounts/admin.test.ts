import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, loadReference } from '../app.js';
import { createTestDatabase, engines, type TestDatabase } from '../../test/helpers/db.js';
import { Client as BaseClient } from '../../test/helpers/client.js';
import { MINI } from '../../test/helpers/reference.js';
import { PASSWORD, roleEmail, seedRoleUsers, signedInClients } from '../../test/helpers/roles.js';
import { AccountsService, publicTokenId } from './service.js';
import * as store from './store.js';

interface Json {
  [k: string]: unknown;
}
const REFUSED_ROLES = ['editor of alpha', 'focal point of SEN', 'reviewer', 'no role'] as const;
const email = roleEmail;
const NAMES = ['admin', 'editor of alpha', 'focal point of SEN', 'reviewer', 'no role'];

/** The shared test client, signing in with the test password. */
class Client extends BaseClient {
  async signInAs(address: string) {
    const res = await this.signIn(address, PASSWORD);
    assert.equal(res.statusCode, 303, `sign-in of ${address}`);
  }
}

for (const { engine, skip } of await engines()) {
  describe(`account administration on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let accounts: AccountsService;
    const ids: Record<string, string> = {};
    const tokens: Record<string, string> = {};
    const clients: Record<string, BaseClient> = {};
    let victim = '';
    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db, MINI);
      app = await buildApp({ database: t, sessionSecret: 'admin-test-secret-admin-test-secret', cacheTtlMs: 0 });
      accounts = new AccountsService(t.db);
      const seeded = await seedRoleUsers(t.db, NAMES);
      Object.assign(ids, seeded.ids);
      Object.assign(tokens, seeded.tokens);
      Object.assign(clients, await signedInClients(app, NAMES));
      victim = await accounts.createUser(
        { email: 'victim@example.org', displayName: 'Victim', password: PASSWORD },
        'system',
      );
      await accounts.grant(victim, { role: 'editor', scopeType: 'mechanism', scopeId: 'beta-forum' }, 'system');
    });
    after(async () => {
      await app.close();
      await t.dispose();
    });

    const api = (method: 'GET' | 'POST' | 'DELETE', url: string, who: string | null, payload?: Json) =>
      app.inject({
        method,
        url,
        ...(payload ? { payload } : {}),
        headers: who ? { authorization: `Bearer ${tokens[who] ?? who}` } : {},
      });
    const activeGrants = async (userId: string) =>
      (await store.activeGrants(t.db, userId)).map((g) => `${g.role}:${g.scope_id ?? '-'}`).sort();
    const tokenIdOf = async (token: string) => {
      const { createHash } = await import('node:crypto');
      return publicTokenId(createHash('sha256').update(token).digest('hex'));
    };
    const revokedAt = async (tokenId: string) => (await store.tokensByPublicId(t.db, tokenId))[0]!.revoked_at;
    const grantRevokedAt = async (id: string) => (await store.grantById(t.db, id))!.revoked_at;
    const problem = (res: LightMyRequestResponse) =>
      assert.match(String(res.headers['content-type']), /problem\+json/, res.body);

    describe('API permission matrix', () => {
      it('POST /api/v1/users/{id}/roles: administrators only; refused attempts add no grant', async () => {
        const body = { role: 'editor', scopeType: 'mechanism', scopeId: 'gamma-dialogue' };
        const before = await activeGrants(victim);
        for (const [who, status] of [
          [null, 401],
          ['not-a-real-token', 401],
          ...REFUSED_ROLES.map((r) => [r, 403] as const),
        ] as const) {
          const res = await api('POST', `/api/v1/users/${victim}/roles`, who, body);
          assert.equal(res.statusCode, status, `${who ?? 'anonymous'}: ${res.body}`);
          problem(res);
        }
        assert.deepEqual(await activeGrants(victim), before, 'no grant added by a refused attempt');
        const ok = await api('POST', `/api/v1/users/${victim}/roles`, 'admin', body);
        assert.equal(ok.statusCode, 201, ok.body);
        const grant = JSON.parse(ok.body) as Json;
        assert.deepEqual(
          [grant.userId, grant.role, grant.scopeType, grant.scopeId, grant.grantedBy, grant.revokedAt],
          [victim, 'editor', 'mechanism', 'gamma-dialogue', ids.admin, null],
        );
        assert.deepEqual(await activeGrants(victim), ['editor:beta-forum', 'editor:gamma-dialogue']);
        const last = (await accounts.auditTrail({ action: 'role.grant', recordId: victim })).find((e) =>
          e.after?.includes(String(grant.id)),
        )!;
        assert.equal(last.actor, ids.admin);
        assert.equal(last.before, null);
        assert.deepEqual(JSON.parse(last.after!), {
          id: grant.id,
          role: 'editor',
          scopeType: 'mechanism',
          scopeId: 'gamma-dialogue',
        });
      });

      it('DELETE /api/v1/roles/{id}: administrators only; refused attempts revoke nothing; audited with the grant as before', async () => {
        const grantId = (
          await accounts.grantRole(
            victim,
            { role: 'reviewer', scopeType: 'mechanism', scopeId: 'alpha-process' },
            await accounts.tokenUser(tokens.admin!),
          )
        ).id;
        for (const [who, status] of [
          [null, 401],
          ['not-a-real-token', 401],
          ...REFUSED_ROLES.map((r) => [r, 403] as const),
        ] as const) {
          const res = await api('DELETE', `/api/v1/roles/${grantId}`, who);
          assert.equal(res.statusCode, status, `${who ?? 'anonymous'}: ${res.body}`);
          problem(res);
        }
        assert.equal(await grantRevokedAt(grantId), null, 'nothing revoked by a refused attempt');
        const ok = await api('DELETE', `/api/v1/roles/${grantId}`, 'admin');
        assert.equal(ok.statusCode, 200, ok.body);
        assert.ok(await grantRevokedAt(grantId));
        assert.ok(!(await activeGrants(victim)).includes('reviewer:alpha-process'));
        const again = await api('DELETE', `/api/v1/roles/${grantId}`, 'admin');
        assert.equal(again.statusCode, 404, 'already revoked');
        assert.equal((await api('DELETE', '/api/v1/roles/no-such-grant', 'admin')).statusCode, 404);
        const [event] = await accounts.auditTrail({ action: 'role.revoke', recordId: victim });
        assert.equal(event!.actor, ids.admin);
        const before = JSON.parse(event!.before!) as Json;
        assert.deepEqual(
          [before.id, before.role, before.scopeType, before.scopeId, before.revokedAt],
          [grantId, 'reviewer', 'mechanism', 'alpha-process', null],
        );
        assert.equal(event!.after, null);
      });

      it('POST /api/v1/tokens: anyone with a role; no role 403; anonymous 401; the token is returned once and works', async () => {
        for (const [who, status] of [
          [null, 401],
          ['not-a-real-token', 401],
          ['no role', 403],
        ] as const) {
          const before = who === 'no role' ? (await store.tokensOf(t.db, ids['no role']!)).length : 0;
          const res = await api('POST', '/api/v1/tokens', who, { label: 'matrix' });
          assert.equal(res.statusCode, status, `${who ?? 'anonymous'}: ${res.body}`);
          problem(res);
          if (who === 'no role')
            assert.equal((await store.tokensOf(t.db, ids['no role']!)).length, before, 'no token created');
        }
        for (const who of ['admin', 'editor of alpha', 'focal point of SEN', 'reviewer']) {
          const res = await api('POST', '/api/v1/tokens', who, { label: `made by ${who}` });
          assert.equal(res.statusCode, 201, `${who}: ${res.body}`);
          const made = JSON.parse(res.body) as Json;
          assert.match(String(made.token), /^iscm_/);
          assert.match(String(made.id), /^[0-9a-f]{16}$/);
          assert.equal(made.id, await tokenIdOf(String(made.token)));
          const list = JSON.parse((await api('GET', '/api/v1/tokens', String(made.token))).body) as { items: Json[] };
          assert.ok(list.items.some((x) => x.id === made.id && x.label === `made by ${who}` && x.revokedAt === null));
          assert.ok(
            list.items.every((x) => x.userId === ids[who] && !('token' in x)),
            "only the caller's own tokens, never the token",
          );
          const [event] = (await accounts.auditTrail({ action: 'token.create', recordId: ids[who] })).filter((e) =>
            e.after?.includes(String(made.id)),
          );
          assert.equal(event!.actor, ids[who]);
          assert.deepEqual(JSON.parse(event!.after!), { id: made.id, label: `made by ${who}` });
        }
        assert.equal((await api('POST', '/api/v1/tokens', 'reviewer', { label: '' })).statusCode, 400);
        assert.equal((await api('GET', '/api/v1/tokens', null)).statusCode, 401);
      });

      it("DELETE /api/v1/tokens/{id}: your own, or anyone's for an administrator; others get 404; a revoked token gets 401", async () => {
        const victimToken = await accounts.createToken(victim, 'victim api', 'system');
        const id = await tokenIdOf(victimToken);
        for (const [who, status] of [
          [null, 401],
          ['not-a-real-token', 401],
          ...REFUSED_ROLES.map((r) => [r, 404] as const),
        ] as const) {
          const res = await api('DELETE', `/api/v1/tokens/${id}`, who);
          assert.equal(res.statusCode, status, `${who ?? 'anonymous'}: ${res.body}`);
          problem(res);
        }
        assert.equal(await revokedAt(id), null, 'nothing revoked by a refused attempt');
        const write = () =>
          app.inject({
            method: 'POST',
            url: `/api/v1/participation/${encodeURIComponent('beta-forum/SEN/member/1')}/end`,
            headers: { authorization: `Bearer ${victimToken}`, 'if-match': '"1"' },
            payload: { end: '2024-06', endCause: 'left', sources: ['https://example.org/minutes'] },
          });
        assert.equal((await write()).statusCode, 202, 'the victim (editor of beta) may still write');
        const ok = await api('DELETE', `/api/v1/tokens/${id}`, 'admin');
        assert.equal(ok.statusCode, 200, ok.body);
        assert.equal((JSON.parse(ok.body) as Json).id, id);
        const denied = await write();
        assert.equal(denied.statusCode, 401, 'a revoked token is refused');
        problem(denied);
        assert.equal((await api('GET', '/api/v1/tokens', victimToken)).statusCode, 401);
        assert.equal((await api('DELETE', `/api/v1/tokens/${id}`, 'admin')).statusCode, 404, 'already revoked');
        const [event] = await accounts.auditTrail({ action: 'token.revoke', recordId: id });
        assert.equal(event!.actor, ids.admin);
        assert.equal((JSON.parse(event!.before!) as Json).revokedAt, null);
        assert.equal((JSON.parse(event!.before!) as Json).userId, victim);
        assert.ok((JSON.parse(event!.after!) as Json).revokedAt);

        // Your own token: any signed-in caller, even without a role.
        const own = await accounts.createToken(ids['no role']!, 'own', 'system');
        const res = await api('DELETE', `/api/v1/tokens/${await tokenIdOf(own)}`, own);
        assert.equal(res.statusCode, 200, res.body);
        assert.equal((await api('GET', '/api/v1/tokens', own)).statusCode, 401);
        assert.equal((await api('DELETE', '/api/v1/tokens/not-hex', 'admin')).statusCode, 404);
      });

      it('GET /api/v1/users lists every account with its active roles, for administrators only', async () => {
        assert.equal((await api('GET', '/api/v1/users', null)).statusCode, 401);
        for (const who of REFUSED_ROLES) assert.equal((await api('GET', '/api/v1/users', who)).statusCode, 403, who);
        const res = await api('GET', '/api/v1/users', 'admin');
        assert.equal(res.statusCode, 200);
        const items = (JSON.parse(res.body) as { items: Json[] }).items;
        const fp = items.find((u) => u.id === ids['focal point of SEN'])!;
        assert.equal(fp.email, email('focal point of SEN'));
        assert.deepEqual(
          (fp.grants as Json[]).map((g) => [g.role, g.scopeType, g.scopeId]),
          [['focal_point', 'country', 'SEN']],
        );
        assert.ok(items.every((u) => !('password_hash' in u) && !('passwordHash' in u)));
      });

      it('validates the scope: an existing mechanism, a known ISO alpha-3 code, the scope the role needs; no duplicate', async () => {
        const grant = (body: Json) => api('POST', `/api/v1/users/${victim}/roles`, 'admin', body);
        const cases: [Json, number, RegExp][] = [
          [
            { role: 'editor', scopeType: 'mechanism', scopeId: 'no-such-mechanism' },
            400,
            /no mechanism \W+no-such-mechanism/,
          ],
          [
            { role: 'focal_point', scopeType: 'country', scopeId: 'XXX' },
            400,
            /XXX\W+ is not a known ISO 3166-1 alpha-3/,
          ],
          [{ role: 'focal_point', scopeType: 'mechanism', scopeId: 'alpha-process' }, 400, /needs a country/],
          [
            { role: 'admin', scopeType: 'mechanism', scopeId: 'alpha-process' },
            400,
            /administrator grant has no scope/,
          ],
          [{ role: 'editor', scopeType: 'mechanism', scopeId: 'beta-forum' }, 409, /already has this role/],
          [{ role: 'superuser' }, 400, /role/],
        ];
        const before = await activeGrants(victim);
        for (const [body, status, message] of cases) {
          const res = await grant(body);
          assert.equal(res.statusCode, status, `${JSON.stringify(body)}: ${res.body}`);
          assert.match(res.body, message);
        }
        assert.deepEqual(await activeGrants(victim), before);
        assert.equal(
          (await api('POST', '/api/v1/users/no-such-user/roles', 'admin', { role: 'reviewer' })).statusCode,
          404,
        );
        const lower = await grant({ role: 'focal_point', scopeType: 'country', scopeId: 'sen' });
        assert.equal(lower.statusCode, 201, lower.body);
        assert.equal((JSON.parse(lower.body) as Json).scopeId, 'SEN');
      });

      it('is in the OpenAPI document, with bearer security', async () => {
        const doc = JSON.parse((await app.inject('/api/openapi.json')).body) as {
          paths: Record<string, Record<string, Json>>;
        };
        for (const [path, method] of [
          ['/api/v1/users', 'get'],
          ['/api/v1/users/{id}/roles', 'post'],
          ['/api/v1/roles/{id}', 'delete'],
          ['/api/v1/tokens', 'get'],
          ['/api/v1/tokens', 'post'],
          ['/api/v1/tokens/{id}', 'delete'],
        ] as const) {
          const op = doc.paths[path]?.[method];
          assert.ok(op, `${method} ${path}`);
          assert.deepEqual(op.security, [{ bearerAuth: [] }]);
          assert.deepEqual(op.tags, ['accounts']);
        }
      });
    });

    describe('forms', () => {
      const refusedForm = [['anonymous', 303], ...REFUSED_ROLES.map((r) => [r, 403] as const)] as const;
      const expectRefused = (res: LightMyRequestResponse, who: string, status: number) => {
        assert.equal(res.statusCode, status, `${who}: ${res.body.slice(0, 300)}`);
        if (status === 303) assert.equal(res.headers.location, '/en/sign-in');
      };

      it('GET /{lang}/admin/users: administrators see every account and role; others 403; signed out 303 to sign-in', async () => {
        expectRefused(await clients.anonymous!.get('/en/admin/users'), 'anonymous', 303);
        for (const who of REFUSED_ROLES)
          assert.equal((await clients[who]!.get('/fr/admin/users')).statusCode, 403, who);
        for (const lang of ['en', 'fr', 'es']) {
          const res = await clients.admin!.get(`/${lang}/admin/users`);
          assert.equal(res.statusCode, 200);
          assert.match(res.body, new RegExp(`<html lang="${lang}"`));
          assert.match(res.body, /victim@example.org/);
          assert.match(res.body, /action="\/[a-z]{2}\/admin\/grants\/[^"]+\/revoke"/);
          assert.match(res.body, /<select id="grant-user" name="user"/);
          assert.equal(res.headers['cache-control'], 'private, no-store');
        }
        const account = await clients.admin!.get('/en/account');
        assert.match(account.body, /href="\/en\/admin\/users"/, 'administrators get a link to the page');
        assert.doesNotMatch((await clients['editor of alpha']!.get('/en/account')).body, /\/admin\/users/);
      });

      it('POST /{lang}/admin/grants: administrators only; refused attempts add no grant; success is 303 with a notice', async () => {
        const form = { user: victim, role: 'reviewer', scope: 'delta-global' };
        const before = await activeGrants(victim);
        for (const [who, status] of refusedForm)
          expectRefused(await clients[who]!.form('/en/admin/grants', form), who, status);
        assert.deepEqual(await activeGrants(victim), before);
        const ok = await clients.admin!.form('/en/admin/grants', form);
        assert.equal(ok.statusCode, 303, ok.body);
        assert.equal(ok.headers.location, '/en/admin/users?notice=granted');
        assert.match(
          (await clients.admin!.get(String(ok.headers.location))).body,
          /role="status"><strong>The role is granted/,
        );
        assert.ok((await activeGrants(victim)).includes('reviewer:delta-global'));
        assert.equal((await accounts.auditTrail({ action: 'role.grant', recordId: victim })).at(-1)!.actor, ids.admin);
      });

      it('a bad scope re-renders the form (400) with the error next to the field and the values kept', async () => {
        const before = await activeGrants(victim);
        const res = await clients.admin!.form('/es/admin/grants', {
          user: victim,
          role: 'editor',
          scope: 'no-such-mechanism',
        });
        assert.equal(res.statusCode, 400);
        assert.match(
          res.body,
          /<p id="err-grant-scope" class="badge unverified" lang="en">no mechanism &quot;no-such-mechanism&quot;/,
        );
        assert.match(res.body, /<select id="grant-scope" name="scope" aria-invalid="true"/);
        assert.match(res.body, /<option value="no-such-mechanism" selected>/, 'the value sent is kept');
        assert.match(res.body, new RegExp(`<option value="${victim}" selected`));
        assert.match(res.body, /<option value="editor" selected/);
        const country = await clients.admin!.form('/en/admin/grants', {
          user: victim,
          role: 'focal_point',
          scope: 'ZZZ',
        });
        assert.equal(country.statusCode, 400);
        assert.match(country.body, /err-grant-scope[^>]*>&quot;ZZZ&quot; is not a known ISO 3166-1 alpha-3/);
        const missing = await clients.admin!.form('/en/admin/grants', { user: victim, role: 'focal_point', scope: '' });
        assert.equal(missing.statusCode, 400);
        assert.deepEqual(await activeGrants(victim), before);
      });

      it('POST /{lang}/admin/grants/{id}/revoke: administrators only; refused attempts revoke nothing', async () => {
        const g = await accounts.grantRole(
          victim,
          { role: 'editor', scopeType: 'mechanism', scopeId: 'delta-global' },
          await accounts.tokenUser(tokens.admin!),
        );
        for (const [who, status] of refusedForm)
          expectRefused(await clients[who]!.form(`/en/admin/grants/${g.id}/revoke`), who, status);
        assert.equal(await grantRevokedAt(g.id), null);
        const ok = await clients.admin!.form(`/en/admin/grants/${g.id}/revoke`);
        assert.equal(ok.statusCode, 303);
        assert.equal(ok.headers.location, '/en/admin/users?notice=revoked');
        assert.ok(await grantRevokedAt(g.id));
        assert.equal((await clients.admin!.form(`/en/admin/grants/${g.id}/revoke`)).statusCode, 404, 'already revoked');
        const [event] = (await accounts.auditTrail({ action: 'role.revoke', recordId: victim })).filter((e) =>
          e.before?.includes(g.id),
        );
        assert.equal(event!.actor, ids.admin);
        assert.equal((JSON.parse(event!.before!) as Json).scopeId, 'delta-global');
      });

      it('POST /{lang}/account/tokens: anyone with a role gets the new token shown once; no role 403; signed out 303', async () => {
        const noRoleBefore = (await store.tokensOf(t.db, ids['no role']!)).length;
        expectRefused(await clients.anonymous!.form('/en/account/tokens', { label: 'x' }), 'anonymous', 303);
        expectRefused(await clients['no role']!.form('/en/account/tokens', { label: 'x' }), 'no role', 403);
        assert.equal((await store.tokensOf(t.db, ids['no role']!)).length, noRoleBefore, 'no token created');
        assert.doesNotMatch(
          (await clients['no role']!.get('/en/account')).body,
          /action="\/en\/account\/tokens"/,
          'no create form without a role',
        );
        for (const who of ['admin', 'editor of alpha', 'focal point of SEN', 'reviewer']) {
          const res = await clients[who]!.form('/fr/account/tokens', { label: `form ${who}` });
          assert.equal(res.statusCode, 200, `${who}: ${res.body.slice(0, 300)}`);
          const token = /<code id="new-token" lang="en">(iscm_[A-Za-z0-9_-]+)<\/code>/.exec(res.body)?.[1];
          assert.ok(token, who);
          assert.equal((await accounts.tokenUser(token))?.id, ids[who]);
          assert.match(res.body, new RegExp(`form ${who}`));
          const later = await clients[who]!.get('/en/account');
          assert.doesNotMatch(later.body, new RegExp(token), 'shown once');
          assert.match(later.body, new RegExp(await tokenIdOf(token)));
        }
        const empty = await clients.reviewer!.form('/en/account/tokens', { label: '  ' });
        assert.equal(empty.statusCode, 400);
        assert.match(empty.body, /id="err-token-label"/);
      });

      it("POST /{lang}/account/tokens/{id}/revoke: your own, or anyone's for an administrator; others 404; nothing revoked by refused attempts", async () => {
        const victimToken = await accounts.createToken(victim, 'victim form', 'system');
        const id = await tokenIdOf(victimToken);
        for (const [who, status] of [['anonymous', 303], ...REFUSED_ROLES.map((r) => [r, 404] as const)] as const) {
          expectRefused(await clients[who]!.form(`/en/account/tokens/${id}/revoke`), who, status);
        }
        assert.equal(await revokedAt(id), null);
        assert.ok(await accounts.tokenUser(victimToken));
        const ok = await clients.admin!.form(`/en/account/tokens/${id}/revoke`);
        assert.equal(ok.statusCode, 303);
        assert.equal(ok.headers.location, '/en/account?notice=tokenRevoked');
        assert.equal(await accounts.tokenUser(victimToken), null);
        // Your own, from the account page.
        const own = await accounts.createToken(ids['editor of alpha']!, 'own form', 'system');
        const page = await clients['editor of alpha']!.get('/en/account');
        assert.match(page.body, new RegExp(`action="/en/account/tokens/${await tokenIdOf(own)}/revoke"`));
        assert.equal(
          (await clients['editor of alpha']!.form(`/en/account/tokens/${await tokenIdOf(own)}/revoke`)).statusCode,
          303,
        );
        assert.equal(await accounts.tokenUser(own), null);
        assert.match(
          (await clients['editor of alpha']!.get('/en/account?notice=tokenRevoked')).body,
          /role="status"><strong>The token is revoked/,
        );
        const events = await accounts.auditTrail({ action: 'token.revoke', recordId: await tokenIdOf(own) });
        assert.equal(events.length, 1);
        assert.equal(events[0]!.actor, ids['editor of alpha']);
      });

      it('every new form refuses a post without its CSRF token (403), and nothing changes', async () => {
        const g = await accounts.grantRole(
          victim,
          { role: 'focal_point', scopeType: 'country', scopeId: 'MLI' },
          await accounts.tokenUser(tokens.admin!),
        );
        const victimToken = await accounts.createToken(victim, 'csrf', 'system');
        const id = await tokenIdOf(victimToken);
        const grantsBefore = await activeGrants(victim);
        const tokensBefore = (await store.tokensOf(t.db, ids.admin!)).length;
        const c = clients.admin!;
        for (const [url, form] of [
          ['/en/admin/grants', { user: victim, role: 'reviewer', scope: 'gamma-dialogue' }],
          [`/en/admin/grants/${g.id}/revoke`, {}],
          ['/en/account/tokens', { label: 'csrf' }],
          [`/en/account/tokens/${id}/revoke`, {}],
        ] as const) {
          assert.equal((await c.post(url, form)).statusCode, 403, `${url} without _csrf`);
          assert.equal((await c.post(url, { ...form, _csrf: 'forged' })).statusCode, 403, `${url} with a forged _csrf`);
        }
        assert.deepEqual(await activeGrants(victim), grantsBefore);
        assert.equal((await store.tokensOf(t.db, ids.admin!)).length, tokensBefore);
        assert.equal(await revokedAt(id), null);
      });
    });

    it('an administrator cannot revoke their own last administrator grant; another administrator can', async () => {
      const first = await accounts.createUser(
        { email: 'first-admin@example.org', displayName: 'First admin', password: PASSWORD },
        'system',
      );
      await accounts.grant(first, { role: 'admin', scopeType: null, scopeId: null }, 'system');
      const firstToken = await accounts.createToken(first, 'admin', 'system');
      const firstUser = (await accounts.tokenUser(firstToken))!;
      const [own] = await store.activeGrants(t.db, first);
      const refused = await api('DELETE', `/api/v1/roles/${own!.id}`, firstToken);
      assert.equal(refused.statusCode, 409, refused.body);
      assert.match(refused.body, /own last administrator role/);
      await assert.rejects(accounts.revokeGrant(own!.id, firstUser), /own last administrator role/);
      assert.equal(await grantRevokedAt(own!.id), null);

      const c = new Client(app);
      await c.signInAs('first-admin@example.org');
      const form = await c.form(`/en/admin/grants/${own!.id}/revoke`);
      assert.equal(form.statusCode, 409);
      assert.match(form.body, /role="alert"[\s\S]*own last administrator role/);
      assert.equal(await grantRevokedAt(own!.id), null);

      // Another administrator may: the system still has one.
      const other = await api('DELETE', `/api/v1/roles/${own!.id}`, 'admin');
      assert.equal(other.statusCode, 200, other.body);
      assert.equal((await api('GET', '/api/v1/users', firstToken)).statusCode, 403, 'no longer an administrator');
      const [lastAdminGrant] = await store.activeGrants(t.db, ids.admin!);
      assert.equal((await api('DELETE', `/api/v1/roles/${lastAdminGrant!.id}`, 'admin')).statusCode, 409);
    });

    it('two administrators revoking each other at the same time: exactly one succeeds, one administrator remains', async () => {
      const made: { id: string; token: string; grant: string }[] = [];
      for (const name of ['x', 'y']) {
        const id = await accounts.createUser(
          { email: `admin-${name}@example.org`, displayName: `Admin ${name}`, password: PASSWORD },
          'system',
        );
        const grant = await accounts.grant(id, { role: 'admin', scopeType: null, scopeId: null }, 'system');
        made.push({ id, grant, token: await accounts.createToken(id, 'race', 'system') });
      }
      const [x, y] = made as [(typeof made)[0], (typeof made)[0]];
      const [ux, uy] = [(await accounts.tokenUser(x.token))!, (await accounts.tokenUser(y.token))!];
      const status = (p: Promise<unknown>) =>
        p.then(
          () => 200,
          (e: Error & { statusCode?: number }) => e.statusCode ?? 500,
        );
      const statuses = (
        await Promise.all([status(accounts.revokeGrant(y.grant, ux)), status(accounts.revokeGrant(x.grant, uy))])
      ).sort();
      assert.deepEqual(statuses, [200, 409]);
      const left = (await Promise.all([x.id, y.id].map((id) => store.countActiveAdminGrants(t.db, id)))).reduce(
        (a, b) => a + b,
        0,
      );
      assert.equal(left, 1);
    });

    it('the service checks permissions itself, not only the routes', async () => {
      const editor = (await accounts.tokenUser(tokens['editor of alpha']!))!;
      await assert.rejects(accounts.listUsers(editor), (e: Error & { statusCode?: number }) => e.statusCode === 403);
      await assert.rejects(
        accounts.grantRole(victim, { role: 'admin' }, editor),
        (e: Error & { statusCode?: number }) => e.statusCode === 403,
      );
      await assert.rejects(
        accounts.grantRole(victim, { role: 'admin' }, null),
        (e: Error & { statusCode?: number }) => e.statusCode === 401,
      );
      const [g] = await store.activeGrants(t.db, victim);
      await assert.rejects(
        accounts.revokeGrant(g!.id, editor),
        (e: Error & { statusCode?: number }) => e.statusCode === 403,
      );
      const noRole = (await accounts.tokenUser(tokens['no role']!))!;
      await assert.rejects(
        accounts.createOwnToken('x', noRole),
        (e: Error & { statusCode?: number }) => e.statusCode === 403,
      );
    });
  });
}
