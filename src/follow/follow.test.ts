/**
 * Follow, digests and the public Atom feeds on both engines: the permission matrix of every route × role, bad
 * input (400 naming the field, nothing written), the audit of every write, digests sent through a real SMTP
 * server (smtp-server on 127.0.0.1, STARTTLS off) and read back with mailparser (recipients, subject, language,
 * content, List-Unsubscribe; the signed link works without signing in; a second run sends nothing), and feeds that
 * hold published changes only (never a pending one, never an e-mail address) with ETag and CORS.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { AccountsService } from '../accounts/service.js';
import { buildApp, followService, loadReference } from '../app.js';
import { smtpMailSender } from '../http/mail.js';
import { createTestDatabase, engines, type TestDatabase } from '../../test/helpers/db.js';
import { Client } from '../../test/helpers/client.js';
import { MINI } from '../../test/helpers/reference.js';
import { PASSWORD, roleEmail, seedRoleUsers, signedInClients } from '../../test/helpers/roles.js';
import { unsubscribeSignature } from './model.js';

interface Json {
  [k: string]: unknown;
}
const SECRET = 'a digest secret for the tests only';
const ROLES = ['no role', 'editor of alpha', 'editor of beta', 'focal point of SEN', 'admin'] as const;
const READER_FR = 'lecteur-fr@example.org';

/** A real SMTP server on an ephemeral port of 127.0.0.1 that keeps every message it receives, parsed. */
async function smtpServer() {
  const received: { envelopeTo: string[]; mail: ParsedMail }[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), mail });
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { received, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

for (const { engine, skip } of await engines()) {
  describe(`follow on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let tokens: Record<string, string>;
    let ids: Record<string, string>;
    let clients: Record<string, Client>;
    let smtp: Awaited<ReturnType<typeof smtpServer>>;
    let sender: ReturnType<typeof smtpMailSender>;
    const api = async (who: string | null, method: 'GET' | 'PUT' | 'DELETE', url: string, payload?: unknown) => {
      const headers: Record<string, string> = {};
      if (who) headers.authorization = `Bearer ${tokens[who] ?? who}`;
      if (payload !== undefined) headers['content-type'] = 'application/json';
      const res = await app.inject({
        method,
        url,
        headers,
        ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
      });
      return { status: res.statusCode, body: (res.body ? JSON.parse(res.body) : null) as Json, res };
    };
    const audit = async (action: string) =>
      t.db.selectFrom('audit_event').selectAll().where('action', '=', action).orderBy('at').execute();
    const send = (period: 'daily' | 'weekly' = 'daily', dryRun = false) =>
      followService(t.db, SECRET).sendDigests({ period, origin: 'https://hub.example.test', send: sender, dryRun });
    /** An administrator ends a participation: published at once. */
    const endNow = async (id: string) => {
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/participation/${encodeURIComponent(id)}/end`,
        headers: { authorization: `Bearer ${tokens.admin}`, 'if-match': '"1"' },
        payload: { end: '2024-06', endCause: 'left', sources: ['https://example.org/minutes-2024'] },
      });
      assert.equal(res.statusCode, 200, res.body);
    };

    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db, MINI);
      app = await buildApp({ database: t, cacheTtlMs: 0, digestSecret: SECRET });
      ({ ids, tokens } = await seedRoleUsers(t.db, [...ROLES]));
      const accounts = new AccountsService(t.db);
      ids.fr = await accounts.createUser({ email: READER_FR, displayName: 'Lectrice', password: PASSWORD }, 'system');
      clients = await signedInClients(app, [...ROLES]);
      clients.fr = new Client(app);
      assert.equal((await clients.fr.signIn(READER_FR, PASSWORD)).statusCode, 303);
      smtp = await smtpServer();
      sender = smtpMailSender({
        url: `smtp://127.0.0.1:${smtp.port}`,
        from: 'ISCM Hub <hub@example.test>',
        starttls: false,
      });
    });
    after(async () => {
      sender?.close();
      await smtp?.close();
      await app?.close();
      await t?.dispose();
    });

    it('permission matrix: every follow route × every role (anonymous 401; each account its own follows only)', async () => {
      const routes: [string, 'GET' | 'PUT' | 'DELETE', string, unknown, number][] = [
        ['list', 'GET', '/api/v1/me/follows', undefined, 200],
        ['follow', 'PUT', '/api/v1/me/follows/mechanism/gamma-dialogue', undefined, 201],
        ['follow again', 'PUT', '/api/v1/me/follows/mechanism/gamma-dialogue', undefined, 200],
        ['preference', 'PUT', '/api/v1/me/digest', { period: 'weekly' }, 200],
        ['unfollow', 'DELETE', '/api/v1/me/follows/mechanism/gamma-dialogue', undefined, 204],
        ['unfollow again', 'DELETE', '/api/v1/me/follows/mechanism/gamma-dialogue', undefined, 404],
      ];
      for (const [name, method, url, body, status] of routes) {
        assert.equal((await api(null, method, url, body)).status, 401, `anonymous ${name}`);
        assert.equal((await api('not-a-token', method, url, body)).status, 401, `bad token ${name}`);
        for (const role of ROLES) {
          const r = await api(role, method, url, body);
          assert.equal(r.status, status, `${role} ${name}: ${JSON.stringify(r.body)}`);
          assert.equal(r.res.headers['cache-control'], 'private, no-store', `${role} ${name}`);
          assert.equal(r.res.headers['access-control-allow-origin'], undefined, `${role} ${name}: no CORS`);
        }
      }
      // Each account sees only its own follows.
      assert.equal((await api('admin', 'PUT', '/api/v1/me/follows/country/FRA')).status, 201);
      const others = await api('no role', 'GET', '/api/v1/me/follows');
      assert.deepEqual(others.body.items, []);
      const own = await api('admin', 'GET', '/api/v1/me/follows?lang=fr');
      assert.deepEqual(
        (own.body.items as Json[]).map((f) => [f.kind, f.target, f.name]),
        [['country', 'FRA', 'France']],
      );
      assert.equal((await api('admin', 'DELETE', '/api/v1/me/follows/country/FRA')).status, 204);
      // The page: signed out → sign-in; signed in → 200; a form without the CSRF token is refused.
      const anon = await clients.anonymous!.get('/en/account/following');
      assert.equal(anon.statusCode, 303);
      assert.equal(anon.headers.location, '/en/sign-in');
      for (const role of ROLES) assert.equal((await clients[role]!.get('/en/account/following')).statusCode, 200, role);
      const noCsrf = await clients['no role']!.post('/en/account/following/add', {
        kind: 'mechanism',
        target: 'alpha-process',
      });
      assert.equal(noCsrf.statusCode, 403);
      const anonPost = await clients.anonymous!.post('/en/account/following/add', {
        kind: 'mechanism',
        target: 'alpha-process',
      });
      assert.ok([303, 403].includes(anonPost.statusCode), String(anonPost.statusCode));
      assert.equal((await api('no role', 'GET', '/api/v1/me/follows')).body.items instanceof Array, true);
      assert.deepEqual((await api('no role', 'GET', '/api/v1/me/follows')).body.items, []);
    });

    it('bad input: a 400 naming the field (or a 404 for a thing that does not exist) and nothing written', async () => {
      const before = (await t.db.selectFrom('follow').select('id').execute()).length;
      const events = (await t.db.selectFrom('audit_event').select('id').execute()).length;
      const kind = await api('no role', 'PUT', '/api/v1/me/follows/planet/earth');
      assert.equal(kind.status, 404, 'a kind that cannot be followed names nothing');
      assert.ok(JSON.stringify(kind.body).includes('kind'), JSON.stringify(kind.body));
      assert.equal((await api('no role', 'PUT', '/api/v1/me/follows/mechanism/no-such-process')).status, 404);
      assert.equal((await api('no role', 'PUT', '/api/v1/me/follows/country/XYZ')).status, 404);
      assert.equal((await api('no role', 'PUT', '/api/v1/me/follows/series/no-such-series')).status, 404);
      assert.equal((await api('no role', 'PUT', '/api/v1/me/follows/document-kind/poem')).status, 404);
      const period = await api('no role', 'PUT', '/api/v1/me/digest', { period: 'hourly' });
      assert.equal(period.status, 400);
      assert.ok(JSON.stringify(period.body).includes('period'), JSON.stringify(period.body));
      const extra = await api('no role', 'PUT', '/api/v1/me/digest', { period: 'daily', colour: 'blue' });
      assert.equal(extra.status, 400);
      const text = await app.inject({
        method: 'PUT',
        url: '/api/v1/me/digest',
        headers: { authorization: `Bearer ${tokens['no role']}`, 'content-type': 'text/plain' },
        payload: 'daily',
      });
      assert.equal(text.statusCode, 415);
      // The page form: an unknown kind re-shows the page with the error (400).
      const c = clients['no role']!;
      const bad = await c.post('/en/account/following/add', {
        _csrf: await c.csrf('/en/account/following'),
        kind: 'planet',
        target: 'earth',
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /id="follow-error"/);
      assert.equal((await t.db.selectFrom('follow').select('id').execute()).length, before);
      assert.equal((await t.db.selectFrom('audit_event').select('id').execute()).length, events);
    });

    it('following from the pages: the profile section, the confirmation, the following page; each write audited', async () => {
      const page = await app.inject('/fr/mechanisms/beta-forum');
      assert.equal(page.statusCode, 200);
      assert.match(
        page.body,
        /<link rel="alternate" type="application\/atom\+xml" title="[^"]+" href="\/feeds\/mechanisms\/beta-forum\.atom\?lang=fr"/,
      );
      assert.match(page.body, /<form method="get" action="\/fr\/account\/following">/);
      assert.match(page.body, /Suivre ce mécanisme/);
      const country = await app.inject('/en/countries/SEN');
      assert.match(country.body, /href="\/feeds\/countries\/SEN\.atom\?lang=en"/);
      assert.match(country.body, /Follow this country/);
      assert.match((await app.inject('/en/series/global-meetings')).body, /Follow this meeting series/);

      const c = clients.fr!;
      const ask = await c.get('/fr/account/following?kind=mechanism&target=beta-forum');
      assert.equal(ask.statusCode, 200);
      assert.match(ask.body, /Voulez-vous suivre/);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(ask.body)![1]!;
      const done = await c.post('/fr/account/following/add', { _csrf: csrf, kind: 'mechanism', target: 'beta-forum' });
      assert.equal(done.statusCode, 303);
      const shown = await c.get(done.headers.location as string);
      assert.match(shown.body, /Vous le suivez désormais/);
      assert.match(shown.body, /<table id="followed">/);
      const digest = await c.post('/fr/account/following/digest', {
        _csrf: await c.csrf('/fr/account/following'),
        period: 'daily',
        lang: 'fr',
      });
      assert.equal(digest.statusCode, 303);
      // The API: "no role" follows a mechanism and a country, daily, in English.
      assert.equal((await api('no role', 'PUT', '/api/v1/me/follows/mechanism/alpha-process')).status, 201);
      assert.equal((await api('no role', 'PUT', '/api/v1/me/follows/country/sen')).status, 201);
      const pref = await api('no role', 'PUT', '/api/v1/me/digest', { period: 'daily', lang: 'en' });
      assert.deepEqual(pref.body, { period: 'daily', lang: 'en', unsubscribed: false });
      const adds = await audit('follow.add');
      assert.ok(
        adds.some((e) => e.actor === ids.fr && (JSON.parse(e.after!) as { target: string }).target === 'beta-forum'),
      );
      assert.ok(
        adds.some((e) => e.actor === ids['no role'] && (JSON.parse(e.after!) as { target: string }).target === 'SEN'),
      );
      assert.ok((await audit('follow.remove')).length >= ROLES.length);
      assert.ok((await audit('follow.preference')).some((e) => e.actor === ids.fr));
    });

    it('digests through a real SMTP server: one mail per reader, in its language, only published changes; unsubscribe; a second run sends nothing', async () => {
      await endNow('alpha-process/MLI/member/1'); // alpha-process and Mali: "no role" follows alpha-process
      await endNow('beta-forum/SEN/member/1'); // beta-forum and Senegal: both readers
      // A change waiting for review is not published: in no digest, no feed.
      const pending = await app.inject({
        method: 'POST',
        url: `/api/v1/participation/${encodeURIComponent('beta-forum/MLI/member/1')}/end`,
        headers: { authorization: `Bearer ${tokens['editor of beta']}`, 'if-match': '"1"' },
        payload: { end: '2023-01', endCause: 'left', sources: ['https://example.org/pending'] },
      });
      assert.equal(pending.statusCode, 202, pending.body);

      const dry = await send('daily', true);
      assert.equal(dry.length, 2);
      assert.equal(smtp.received.length, 0, 'a dry run sends nothing');
      assert.equal((await t.db.selectFrom('digest').select('id').execute()).length, 0, 'and records nothing');
      assert.deepEqual(await send('weekly'), [], 'nobody chose weekly');

      const sent = await send('daily');
      assert.deepEqual(sent.map((d) => [d.to, d.lang, d.changes]).sort(), [
        [READER_FR, 'fr', 1],
        [roleEmail('no role'), 'en', 2],
      ]);
      assert.equal(smtp.received.length, 2);
      const mailTo = (to: string) => smtp.received.find((m) => m.envelopeTo.includes(to))!;
      const en = mailTo(roleEmail('no role')).mail;
      assert.equal(en.subject, 'ISCM Hub: your daily digest (2)');
      assert.equal(en.headers.get('content-language'), 'en');
      assert.match(en.text!, /Hello no role,/);
      assert.match(en.text!, /The participation of Mali in Alpha Process was updated\./);
      assert.match(en.text!, /The participation of Senegal in Beta Forum was updated\./);
      const fr = mailTo(READER_FR).mail;
      assert.equal(fr.subject, 'ISCM Hub : votre résumé quotidien (1)');
      assert.equal(fr.headers.get('content-language'), 'fr');
      assert.match(fr.text!, /Bonjour Lectrice,/);
      assert.match(fr.text!, /La participation de Sénégal à Beta Forum a été mise à jour\./);
      assert.doesNotMatch(fr.text!, /Mali/, 'the pending change is not in the digest');
      assert.equal(fr.from?.value[0]?.address, 'hub@example.test');
      // The one-click link, also in List-Unsubscribe; signed, works without signing in.
      const raw = (name: string) => fr.headerLines.find((h) => h.key === name)?.line ?? '';
      const header = raw('list-unsubscribe');
      const link = /<([^>]+)>/.exec(header)![1]!;
      assert.ok(fr.text!.includes(link));
      assert.equal(raw('list-unsubscribe-post'), 'List-Unsubscribe-Post: List-Unsubscribe=One-Click');
      assert.equal((await audit('follow.digest')).length, 2);

      assert.deepEqual(await send('daily'), [], 'a second run sends nothing new');
      assert.equal(smtp.received.length, 2);

      const url = new URL(link);
      const forged = await app.inject(
        `${url.pathname}?u=${ids.fr}&s=${unsubscribeSignature('another secret', ids.fr!)}`,
      );
      assert.equal(forged.statusCode, 400);
      assert.equal((await audit('follow.unsubscribe')).length, 0, 'a forged link changes nothing');
      const other = await app.inject(`${url.pathname}?u=${ids['no role']}&s=${String(url.searchParams.get('s'))}`);
      assert.equal(other.statusCode, 400, "one reader's signature does not unsubscribe another");
      const ok = await app.inject(url.pathname + url.search);
      assert.equal(ok.statusCode, 200);
      assert.match(ok.body, /Vous êtes désabonné/);
      assert.equal((await audit('follow.unsubscribe')).length, 1);
      const state = await clients.fr!.get('/fr/account/following');
      assert.match(state.body, /Vous vous êtes désabonné du résumé/);

      // A new published change: the unsubscribed reader gets nothing, the other exactly that change.
      await endNow('gamma-dialogue/SEN/member/1');
      const third = await send('daily');
      assert.deepEqual(
        third.map((d) => [d.to, d.changes]),
        [[roleEmail('no role'), 1]],
      );
      assert.equal(smtp.received.length, 3);
      assert.match(smtp.received[2]!.mail.text!, /Gamma Dialogue/);
      assert.doesNotMatch(smtp.received[2]!.mail.text!, /Alpha Process/);
    });

    it('the following page lists the unseen changes; marking them seen empties the list (audited)', async () => {
      const c = clients['no role']!;
      const page = await c.get('/en/account/following');
      assert.match(page.body, /<ul id="unseen">/);
      assert.match(page.body, /The participation of Mali in Alpha Process was updated\./);
      const seen = await c.post('/en/account/following/seen', { _csrf: await c.csrf('/en/account/following') });
      assert.equal(seen.statusCode, 303);
      assert.match((await c.get('/en/account/following')).body, /id="unseen-none"/);
      assert.ok((await audit('follow.seen')).some((e) => e.actor === ids['no role']));
    });

    it('public Atom feeds: published changes only, no personal data, ETag, CORS; per mechanism and per country', async () => {
      const all = await app.inject({
        url: '/feeds/changes.atom?lang=fr',
        headers: { origin: 'https://elsewhere.example' },
      });
      assert.equal(all.statusCode, 200);
      assert.match(String(all.headers['content-type']), /^application\/atom\+xml/);
      assert.equal(all.headers['access-control-allow-origin'], '*');
      assert.match(
        all.body,
        /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom" xml:lang="fr">/,
      );
      for (const el of ['id', 'title', 'updated', 'author']) assert.match(all.body, new RegExp(`<${el}>`), el);
      const published = await t.db.selectFrom('change_request').select(['id', 'status']).execute();
      const entries = [...all.body.matchAll(/<id>tag:iscm-hub,2026:change\/([^<]+)<\/id>/g)].map((m) => m[1]);
      assert.deepEqual(
        entries.sort(),
        published
          .filter((c) => c.status === 'published')
          .map((c) => c.id)
          .sort(),
      );
      assert.ok(
        published.some((c) => c.status === 'pending'),
        'there is a pending change to leave out',
      );
      assert.doesNotMatch(all.body, /@/, 'no e-mail address');
      assert.doesNotMatch(all.body, /editor of|admin/i, 'no account name');
      assert.match(all.body, /La participation de Sénégal à Beta Forum a été mise à jour\./);
      const etag = String(all.headers.etag);
      const again = await app.inject({ url: '/feeds/changes.atom?lang=fr', headers: { 'if-none-match': etag } });
      assert.equal(again.statusCode, 304);

      const alpha = await app.inject('/feeds/mechanisms/alpha-process.atom');
      assert.equal(alpha.statusCode, 200);
      assert.equal([...alpha.body.matchAll(/<entry>/g)].length, 1);
      assert.match(alpha.body, /The participation of Mali in Alpha Process was updated\./);
      const sen = await app.inject('/feeds/countries/SEN.atom?lang=en');
      assert.equal([...sen.body.matchAll(/<entry>/g)].length, 2);
      assert.doesNotMatch(sen.body, /Mali/);
      assert.equal((await app.inject('/feeds/countries/sen.atom')).statusCode, 301);
      assert.equal((await app.inject('/feeds/mechanisms/alpha-process')).statusCode, 301);
      assert.equal((await app.inject('/feeds/countries/XYZ.atom')).statusCode, 404);
      assert.equal((await app.inject('/feeds/mechanisms/no-such.atom')).statusCode, 404);
      const lang = await app.inject('/feeds/changes.atom?lang=xx');
      assert.equal(lang.statusCode, 400);
      assert.match(lang.body, /lang/);
    });
  });
}
