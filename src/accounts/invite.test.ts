/**
 * Accounts in the interface (issue 12, item 4): administrators create an account with a first password, or invite an
 * address (a one-time link by mail, only with PUBLIC_URL), and pick a grant's scope from lists. Both engines.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, loadReference } from '../app.js';
import { createTestDatabase, engines, type TestDatabase } from '../../test/helpers/db.js';
import { Client } from '../../test/helpers/client.js';
import { MINI } from '../../test/helpers/reference.js';
import { PRIVATE_TABLES, PUBLIC_TABLES } from '../db/dump.js';
import { PASSWORD, seedRoleUsers, signedInClients } from '../../test/helpers/roles.js';
import { AccountsService } from './service.js';
import * as store from './store.js';

const NAMES = ['admin', 'editor of alpha', 'focal point of SEN', 'reviewer', 'no role'];
const REFUSED = ['editor of alpha', 'focal point of SEN', 'reviewer', 'no role'] as const;
const SECRET = 'invite-test-secret-invite-test-secret';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
type Mail = { to: string; subject: string; text: string };

for (const { engine, skip } of await engines()) {
  describe(`accounts in the interface on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let noUrl: FastifyInstance;
    let accounts: AccountsService;
    let clients: Record<string, Client> = {};
    let bare: Record<string, Client> = {};
    const mails: Mail[] = [];
    const ids: Record<string, string> = {};
    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db, MINI);
      await t.db
        .updateTable('mechanism')
        .set({ official_names: JSON.stringify({ fr: { name: 'Processus Alpha', source: 'https://example.org/fr' } }) })
        .where('id', '=', 'alpha-process')
        .execute();
      const mailSender = (m: Mail) => {
        mails.push(m);
        return Promise.resolve();
      };
      app = await buildApp({
        database: t,
        sessionSecret: SECRET,
        cacheTtlMs: 0,
        publicUrl: 'https://hub.example.org',
        mailSender,
      });
      noUrl = await buildApp({ database: t, sessionSecret: SECRET, cacheTtlMs: 0, mailSender });
      accounts = new AccountsService(t.db, mailSender);
      const seeded = await seedRoleUsers(t.db, NAMES);
      Object.assign(ids, seeded.ids);
      Object.assign(tokens, seeded.tokens);
      clients = await signedInClients(app, NAMES);
      bare = await signedInClients(noUrl, ['admin']);
    });
    after(async () => {
      await app.close();
      await noUrl.close();
      await t.dispose();
    });

    const tokens: Record<string, string> = {};
    const admin = async () => (await accounts.tokenUser(tokens.admin!))!;
    const invitations = (email: string) =>
      t.db.selectFrom('invitation').selectAll().where('email', '=', email).orderBy('created_at').execute();
    const linkOf = (m: Mail) => /https:\/\/hub\.example\.org(\/[a-z]{2}\/invite\/[A-Za-z0-9_-]+)/.exec(m.text)?.[1];
    const userCount = async () => (await store.allUsers(t.db)).length;
    const expectRefused = (res: LightMyRequestResponse, who: string) => {
      if (who === 'anonymous') {
        assert.equal(res.statusCode, 303, `${who}: ${res.body.slice(0, 200)}`);
        assert.equal(res.headers.location, '/en/sign-in');
      } else assert.equal(res.statusCode, 403, `${who}: ${res.body.slice(0, 200)}`);
    };

    describe('service', () => {
      it('invitations are private: never in the public export or a release, always in the backup', () => {
        assert.ok((PRIVATE_TABLES as readonly string[]).includes('invitation'));
        assert.ok(!(PUBLIC_TABLES as readonly string[]).includes('invitation'));
      });

      it('invite: administrators only; the token is stored hashed, mailed once with PUBLIC_URL, audited; without PUBLIC_URL refused and nothing stored', async () => {
        const link = (token: string) => `https://hub.example.org/en/invite/${token}`;
        await assert.rejects(accounts.invite('a@example.org', link, null, null), { statusCode: 401 });
        const editor = await accounts.tokenUser(tokens['editor of alpha']!);
        await assert.rejects(accounts.invite('a@example.org', link, editor, null), { statusCode: 403 });
        const a = await admin();
        await assert.rejects(
          accounts.invite('a@example.org', null, a, null),
          (e: Error & { statusCode?: number; field?: string }) => {
            assert.equal(e.statusCode, 409);
            assert.equal(e.field, 'email');
            assert.match(e.message, /PUBLIC_URL/);
            return true;
          },
        );
        await assert.rejects(accounts.invite('not an address', link, a, null), { statusCode: 400, field: 'email' });
        await assert.rejects(accounts.invite('Admin@Example.org', link, a, null), { statusCode: 400, field: 'email' });
        assert.equal((await invitations('a@example.org')).length, 0, 'nothing stored by a refused invitation');
        const before = mails.length;
        const info = await accounts.invite(' A@Example.org ', link, a, '10.0.0.1');
        assert.equal(info.email, 'a@example.org');
        assert.equal(mails.length, before + 1);
        const mail = mails.at(-1)!;
        assert.equal(mail.to, 'a@example.org');
        const token = /invite\/([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
        const rows = await invitations('a@example.org');
        assert.equal(rows.length, 1);
        assert.equal(rows[0]!.id, sha256(token), 'stored as its sha256');
        assert.ok(!JSON.stringify(rows).includes(token), 'the token itself is not stored');
        const days = (Date.parse(rows[0]!.expires_at) - Date.parse(rows[0]!.created_at)) / 86_400_000;
        assert.equal(days, 7);
        const [event] = (await accounts.auditTrail({ action: 'user.invite' })).filter(
          (e) => e.record_id === 'a@example.org',
        );
        assert.equal(event!.actor, a.id);
        assert.equal(event!.ip, '10.0.0.1');
        assert.ok(!event!.after!.includes(token), 'the audit never holds the token');
        assert.deepEqual((await accounts.invitation(token)).email, 'a@example.org');
      });

      it('accept: a name and a password of 12 characters open the account once; a used, expired, cancelled or unknown link is refused', async () => {
        const a = await admin();
        const tokens: string[] = [];
        const link = (token: string) => {
          tokens.push(token);
          return `https://hub.example.org/en/invite/${token}`;
        };
        await accounts.invite('b@example.org', link, a, null);
        await accounts.invite('b@example.org', link, a, null); // cancels the first
        const [first, second] = tokens as [string, string];
        const count = await userCount();
        await assert.rejects(accounts.acceptInvitation(first, { displayName: 'B', password: PASSWORD }, null), {
          statusCode: 400,
          field: 'token',
        });
        await assert.rejects(accounts.acceptInvitation(second, { displayName: 'B', password: 'short' }, null), {
          field: 'password',
        });
        await assert.rejects(accounts.acceptInvitation(second, { displayName: '  ', password: PASSWORD }, null), {
          field: 'displayName',
        });
        assert.equal(await userCount(), count, 'no account from a refused use');
        const id = await accounts.acceptInvitation(second, { displayName: ' Bea ', password: PASSWORD }, '10.0.0.2');
        assert.equal(await userCount(), count + 1);
        const u = await accounts.findUser('b@example.org');
        assert.equal(u!.id, id);
        assert.equal(u!.display_name, 'Bea');
        assert.equal((await accounts.signIn('b@example.org', PASSWORD, null)).userId, id);
        await assert.rejects(accounts.acceptInvitation(second, { displayName: 'Again', password: PASSWORD }, null), {
          field: 'token',
        });
        const [event] = (await accounts.auditTrail({ action: 'user.create', recordId: id })) as {
          actor: string;
          after: string;
        }[];
        assert.equal(event!.actor, id);
        assert.deepEqual(JSON.parse(event!.after), { email: 'b@example.org', displayName: 'Bea', invitedBy: a.id });
        // Expired
        await accounts.invite('c@example.org', link, a, null);
        await t.db
          .updateTable('invitation')
          .set({ expires_at: '2000-01-01T00:00:00.000Z' })
          .where('email', '=', 'c@example.org')
          .execute();
        await assert.rejects(
          accounts.acceptInvitation(tokens.at(-1)!, { displayName: 'C', password: PASSWORD }, null),
          {
            field: 'token',
          },
        );
        await assert.rejects(accounts.invitation('no-such-token-no-such-token'), { field: 'token' });
        assert.equal(await accounts.findUser('c@example.org'), undefined);
      });

      it('two uses of one link at once open one account', async () => {
        const a = await admin();
        let token = '';
        await accounts.invite('d@example.org', (x) => ((token = x), `https://hub.example.org/en/invite/${x}`), a, null);
        const results = await Promise.allSettled([
          accounts.acceptInvitation(token, { displayName: 'D1', password: PASSWORD }, null),
          accounts.acceptInvitation(token, { displayName: 'D2', password: PASSWORD }, null),
        ]);
        assert.equal(
          results.filter((r) => r.status === 'fulfilled').length,
          1,
          JSON.stringify(results.map((r) => r.status)),
        );
        assert.equal((await store.allUsers(t.db)).filter((u) => u.email === 'd@example.org').length, 1);
      });

      it('createAccount: administrators only, audited as user.create by the administrator; a bad field changes nothing', async () => {
        const a = await admin();
        await assert.rejects(
          accounts.createAccount({ email: 'e@example.org', displayName: 'E', password: PASSWORD }, null),
          {
            statusCode: 401,
          },
        );
        const count = await userCount();
        await assert.rejects(accounts.createAccount({ email: 'nope', displayName: 'E', password: PASSWORD }, a), {
          field: 'email',
        });
        await assert.rejects(
          accounts.createAccount({ email: 'e@example.org', displayName: 'E', password: 'short' }, a),
          {
            field: 'password',
          },
        );
        assert.equal(await userCount(), count);
        const id = await accounts.createAccount({ email: 'e@example.org', displayName: 'E', password: PASSWORD }, a);
        const [event] = await accounts.auditTrail({ action: 'user.create', recordId: id });
        assert.equal(event!.actor, a.id);
      });
    });

    describe('forms', () => {
      it('POST /{lang}/admin/users: administrators only (others 403, signed out 303), nothing created by a refusal; success 303 with a notice', async () => {
        const form = { email: 'made@example.org', displayName: 'Made here', password: PASSWORD };
        for (const who of ['anonymous', ...REFUSED])
          expectRefused(await clients[who]!.form('/en/admin/users', form), who);
        assert.equal(await accounts.findUser('made@example.org'), undefined);
        const bad = await clients.admin!.form('/fr/admin/users', { ...form, email: 'nope' });
        assert.equal(bad.statusCode, 400);
        assert.match(
          bad.body,
          /<p id="err-new-email" class="badge unverified" lang="en">&quot;nope&quot; is not an e-mail address/,
        );
        assert.match(bad.body, /id="new-email"[^>]*value="nope"[^>]*aria-invalid="true"/);
        assert.match(bad.body, /id="new-name"[^>]*value="Made here"/);
        assert.doesNotMatch(bad.body, new RegExp(PASSWORD), 'the password is never shown back');
        assert.equal(await accounts.findUser('made@example.org'), undefined);
        const ok = await clients.admin!.form('/en/admin/users', form);
        assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
        assert.equal(ok.headers.location, '/en/admin/users?notice=created');
        assert.match(
          (await clients.admin!.get('/en/admin/users?notice=created')).body,
          /role="status"><strong>The account is created/,
        );
        assert.ok(await accounts.findUser('made@example.org'));
        const dup = await clients.admin!.form('/en/admin/users', form);
        assert.equal(dup.statusCode, 400);
        assert.match(dup.body, /err-new-email[^>]*>an account for made@example.org already exists/);
      });

      it('POST /{lang}/admin/invitations: administrators only; refused without PUBLIC_URL (409, nothing stored or mailed); the invitee opens the account on /{lang}/invite/{token}', async () => {
        for (const who of ['anonymous', ...REFUSED])
          expectRefused(await clients[who]!.form('/en/admin/invitations', { email: 'inv@example.org' }), who);
        assert.equal((await invitations('inv@example.org')).length, 0);
        const mailed = mails.length;
        const off = await bare.admin!.form('/en/admin/invitations', { email: 'inv@example.org' });
        assert.equal(off.statusCode, 409);
        assert.match(off.body, /err-invite-email[^>]*>invitations are mailed only when PUBLIC_URL is set/);
        assert.match(
          (await bare.admin!.get('/en/admin/users')).body,
          /the site&#39;s public address \(PUBLIC_URL\) is not set|PUBLIC_URL\) is not set/,
        );
        assert.equal((await invitations('inv@example.org')).length, 0);
        assert.equal(mails.length, mailed);

        const ok = await clients.admin!.form('/es/admin/invitations', { email: 'inv@example.org' });
        assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
        assert.equal(ok.headers.location, '/es/admin/users?notice=invited');
        const page = await clients.admin!.get('/en/admin/users');
        assert.match(page.body, /<caption>Invitations not yet used<\/caption>[\s\S]*inv@example.org/);
        const path = linkOf(mails.at(-1)!);
        assert.ok(path, mails.at(-1)!.text);
        assert.match(path, /^\/es\/invite\//, 'the link is in the language of the administrator who sent it');

        const guest = new Client(app);
        const form = await guest.get(path);
        assert.equal(form.statusCode, 200);
        assert.match(form.body, /<strong>inv@example.org<\/strong>/);
        assert.equal(form.headers['referrer-policy'], 'same-origin');
        const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
        const short = await guest.post(path, { _csrf: csrf, displayName: 'Invitee', password: 'short' });
        assert.equal(short.statusCode, 400);
        assert.match(short.body, /id="invite-password"[^>]*aria-invalid="true"/);
        assert.match(short.body, /value="Invitee"/);
        assert.equal(await accounts.findUser('inv@example.org'), undefined);
        const noCsrf = await guest.post(path, { displayName: 'Invitee', password: PASSWORD });
        assert.equal(noCsrf.statusCode, 403);
        assert.equal(await accounts.findUser('inv@example.org'), undefined);
        const done = await guest.post(path, { _csrf: csrf, displayName: 'Invitee', password: PASSWORD });
        assert.equal(done.statusCode, 200, done.body.slice(0, 300));
        assert.match(done.body, /role="status"><strong>Su cuenta está abierta/);
        assert.equal((await accounts.findUser('inv@example.org'))!.display_name, 'Invitee');
        const signIn = await guest.signIn('inv@example.org', PASSWORD);
        assert.equal(signIn.statusCode, 303);
        const again = await new Client(app).get(path);
        assert.equal(again.statusCode, 400, 'used once');
        assert.match(again.body, /unknown, used or expired/);
        assert.doesNotMatch(again.body, /name="password"/);
      });

      it('the grant form picks its scope from lists (mechanism names in the reader’s language, countries by name), and the server still names a bad id', async () => {
        const fr = await clients.admin!.get('/fr/admin/users');
        assert.equal(fr.statusCode, 200);
        assert.match(fr.body, /<select id="grant-scope" name="scope"/);
        assert.doesNotMatch(fr.body, /<input[^>]*id="grant-scope"/, 'no typed id');
        assert.match(fr.body, /<option value="alpha-process">Processus Alpha \(AP\)<\/option>/);
        assert.match(fr.body, /<option value="beta-forum" lang="en">Beta Forum<\/option>/);
        assert.match(fr.body, /<option value="SEN">Sénégal<\/option>/);
        const en = await clients.admin!.get('/en/admin/users');
        assert.match(en.body, /<option value="alpha-process">Alpha Process \(AP\)<\/option>/);
        assert.match(en.body, /Editor of alpha|editor of alpha/);
        assert.match(en.body, /Mechanism editor — Alpha Process \(AP\)/, 'a grant is named by its scope’s name');
        const victim = ids['no role']!;
        const before = await store.activeGrants(t.db, victim);
        const bad = await clients.admin!.form('/en/admin/grants', {
          user: victim,
          role: 'editor',
          scope: 'no-such-mechanism',
        });
        assert.equal(bad.statusCode, 400);
        assert.match(
          bad.body,
          /<p id="err-grant-scope" class="badge unverified" lang="en">no mechanism &quot;no-such-mechanism&quot;/,
        );
        assert.match(bad.body, /<select id="grant-scope" name="scope" aria-invalid="true"/);
        const wrongKind = await clients.admin!.form('/en/admin/grants', {
          user: victim,
          role: 'focal_point',
          scope: 'alpha-process',
        });
        assert.equal(wrongKind.statusCode, 400);
        assert.match(
          wrongKind.body,
          /err-grant-scope[^>]*>a country focal point grant needs a country, not a mechanism: &quot;alpha-process&quot; is a mechanism; choose a country/,
        );
        const country = await clients.admin!.form('/en/admin/grants', { user: victim, role: 'editor', scope: 'SEN' });
        assert.equal(country.statusCode, 400);
        assert.match(country.body, /err-grant-scope[^>]*>this role is scoped to a mechanism, not to a country/);
        assert.deepEqual(await store.activeGrants(t.db, victim), before, 'nothing granted by a refusal');
        const ok = await clients.admin!.form('/en/admin/grants', { user: victim, role: 'focal_point', scope: 'SEN' });
        assert.equal(ok.statusCode, 303);
        assert.deepEqual(
          (await store.activeGrants(t.db, victim)).map((g) => [g.role, g.scope_type, g.scope_id]),
          [['focal_point', 'country', 'SEN']],
        );
      });

      it('every new form refuses a post without its CSRF token (403), and nothing changes', async () => {
        const c = clients.admin!;
        const count = await userCount();
        for (const [url, form] of [
          ['/en/admin/users', { email: 'csrf@example.org', displayName: 'C', password: PASSWORD }],
          ['/en/admin/invitations', { email: 'csrf@example.org' }],
        ] as const) {
          assert.equal((await c.post(url, form)).statusCode, 403, url);
          assert.equal((await c.post(url, { ...form, _csrf: 'forged' })).statusCode, 403, url);
        }
        assert.equal(await userCount(), count);
        assert.equal((await invitations('csrf@example.org')).length, 0);
      });
    });
  });
}
