/**
 * Editing a secretariat can live with, on SQLite and PostgreSQL: a proposal lands on its change's own page (never a
 * 404, also for a record it creates); a returned change is amended and resubmitted by its author (and by no one
 * else); the review queue names records, authors and sources in words; refusals are sentences in the reader's
 * language; a meeting form adds several participants, an agenda and documents at once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp, loadReference } from '../app.js';
import type { Client } from '../../test/helpers/client.js';
import { createTestDatabase, engines, type TestDatabase } from '../../test/helpers/db.js';
import { MINI } from '../../test/helpers/reference.js';
import { seedRoleUsers, signedInClients } from '../../test/helpers/roles.js';
import { ADAPTERS, type MeetingState } from './records.js';

interface Json {
  [k: string]: unknown;
}
const SRC = 'https://example.org/alpha';
const csrfOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)![1]!;

for (const { engine, skip } of await engines()) {
  describe(`proposing, returning, amending and resubmitting on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let tokens: Record<string, string> = {};
    let c: Record<string, Client> = {};
    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db, MINI);
      // A title for one source, so the queue can show it by title.
      await t.db.updateTable('source').set({ title: 'Alpha Process membership list' }).where('url', '=', SRC).execute();
      app = await buildApp({ database: t, sessionSecret: 'amend-test-secret', cacheTtlMs: 0 });
      tokens = (await seedRoleUsers(t.db)).tokens;
      c = await signedInClients(app);
    });
    after(async () => {
      await app?.close();
      await t?.dispose();
    });
    const api = (method: 'GET' | 'POST' | 'DELETE', url: string, who: string | null, body?: Json, ifMatch?: number) =>
      app.inject({
        method,
        url,
        ...(body ? { payload: body } : {}),
        headers: {
          ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}),
          ...(ifMatch === undefined ? {} : { 'if-match': `"${ifMatch}"` }),
        },
      });
    const changeRow = (id: string) =>
      t.db.selectFrom('change_request').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const auditCount = async () =>
      Number(
        (
          await t.db
            .selectFrom('audit_event')
            .select((e) => e.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    /** Post a form with the CSRF token of the page it is on. */
    async function submit(who: string, url: string, form: Record<string, string | string[]>) {
      const page = await c[who]!.get(url);
      assert.equal(page.statusCode, 200, `${url}: ${page.body.slice(0, 300)}`);
      return c[who]!.post(url, { _csrf: csrfOf(page.body), ...form });
    }
    const changeIdOf = (location: unknown) => /\/changes\/([0-9a-f-]{36})/.exec(String(location))![1]!;

    it('a new participation lands on its pending change, named in words; only its author, reviewers and administrators see it', async () => {
      const res = await submit('editor of alpha', '/en/edit/mechanisms/alpha-process/participation/new', {
        country: 'ESP',
        role: 'member',
        start: '2024',
        sources: SRC,
        note: '',
      });
      assert.equal(res.statusCode, 303, res.body.slice(0, 400));
      assert.match(String(res.headers.location), /^\/en\/changes\/[0-9a-f-]{36}\?change=pending$/);
      const page = await c['editor of alpha']!.get(String(res.headers.location));
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Your change waits for review/);
      assert.match(page.body, /New participation: Spain — <span lang="en">Alpha Process<\/span>/);
      assert.match(page.body, /Proposed by editor of alpha on /);
      assert.match(page.body, /<a href="https:\/\/example.org\/alpha">Alpha Process membership list<\/a>/);
      assert.match(page.body, /<ins>Member<\/ins>/, 'the role in words, not its code');
      assert.match(page.body, /<ins>2024<\/ins>/);
      const url = String(res.headers.location).split('?')[0]!;
      assert.equal((await c.reviewer!.get(url)).statusCode, 200);
      assert.match((await c.reviewer!.get(url)).body, /name="comment"/, 'a reviewer can publish or return it there');
      assert.equal((await c.admin!.get(url)).statusCode, 200);
      for (const who of ['editor of beta', 'focal point of SEN', 'no role']) {
        const refused = await c[who]!.get(url);
        assert.equal(refused.statusCode, 403, who);
        assert.match(refused.body, /Only its author, a reviewer of its mechanism or an administrator may see a change/);
      }
      const anonymous = await c.anonymous!.get(url);
      assert.equal(anonymous.statusCode, 303);
      assert.equal(anonymous.headers.location, '/en/sign-in');
      // The same through the API.
      const id = changeIdOf(url);
      assert.equal((await api('GET', `/api/v1/changes/${id}`, null)).statusCode, 401);
      assert.equal((await api('GET', `/api/v1/changes/${id}`, 'editor of beta')).statusCode, 403);
      const one = JSON.parse((await api('GET', `/api/v1/changes/${id}`, 'reviewer')).body) as Json;
      assert.equal(one.authorName, 'editor of alpha');
      assert.deepEqual(one.citedSources, [{ id: SRC, title: 'Alpha Process membership list', url: SRC }]);
      assert.equal((await api('GET', '/api/v1/changes/nope', 'reviewer')).statusCode, 404);
    });

    it('the review queue names the record, the author and the sources, with the diff in words', async () => {
      const queue = await c.reviewer!.get('/fr/review');
      assert.equal(queue.statusCode, 200);
      assert.match(queue.body, /Espagne — <span lang="en">Alpha Process<\/span>/);
      assert.match(queue.body, /Proposée par editor of alpha le /);
      assert.match(queue.body, /Alpha Process membership list/);
      assert.match(queue.body, /<ins>Membre<\/ins>/);
      assert.doesNotMatch(queue.body, /<code>alpha-process\/ESP/, 'no raw record id as its name');
    });

    it('returned, amended by its author (a bad amendment changes nothing), resubmitted, then published', async () => {
      const mine = JSON.parse((await api('GET', '/api/v1/changes/mine', 'editor of alpha')).body) as { items: Json[] };
      const id = String(mine.items.find((x) => x.kind === 'participation.add')!.id);
      const page = `/en/changes/${id}`;
      // Not returned yet: nothing to amend.
      assert.equal((await c['editor of alpha']!.get(`${page}/amend`)).statusCode, 409);
      // The reviewer returns it from its page.
      const back = await c.reviewer!.post(`/en/review/${id}/return`, {
        _csrf: csrfOf((await c.reviewer!.get(page)).body),
        comment: 'The source says 2023, not 2024.',
      });
      assert.equal(back.statusCode, 303);
      assert.equal((await changeRow(id)).status, 'returned');

      // Only its author amends it.
      for (const who of ['reviewer', 'admin', 'editor of beta']) {
        const res = await c[who]!.get(`${page}/amend`);
        assert.equal(res.statusCode, 403, who);
      }
      assert.equal((await c.anonymous!.get(`${page}/amend`)).statusCode, 303);
      const form = await c['editor of alpha']!.get(`${page}/amend`);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /The source says 2023, not 2024\./, "the reviewer's comment beside the form");
      assert.match(form.body, /id="f-start"[^>]*value="2024"/, 'the form is filled from the change');
      assert.match(form.body, /<option value="ESP" selected/);

      // A bad amendment: the field is named, nothing changes.
      const before = await changeRow(id);
      const audit = await auditCount();
      const bad = await c['editor of alpha']!.post(`${page}/amend`, {
        _csrf: csrfOf(form.body),
        country: 'ESP',
        role: 'member',
        start: 'in 2023',
        sources: SRC,
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /id="f-start"[^>]*aria-invalid="true"/);
      assert.match(bad.body, /start &quot;in 2023&quot; is not a date/);
      assert.deepEqual(await changeRow(id), before);
      assert.equal(await auditCount(), audit);

      const ok = await c['editor of alpha']!.post(`${page}/amend`, {
        _csrf: csrfOf(bad.body),
        country: 'ESP',
        role: 'member',
        start: '2023',
        sources: SRC,
      });
      assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
      assert.equal(ok.headers.location, `/en/changes/${id}?change=resubmitted`);
      const after = await changeRow(id);
      assert.equal(after.status, 'pending');
      assert.equal((JSON.parse(after.payload) as Json).start, '2023');
      assert.equal(after.comment, 'The source says 2023, not 2024.', 'the comment stays beside the change');
      const event = await t.db
        .selectFrom('audit_event')
        .selectAll()
        .where('action', '=', 'change.amend')
        .executeTakeFirstOrThrow();
      assert.equal(event.record_id, after.record_id);
      assert.match(String(event.before), /2024/);
      assert.match(String(event.after), /2023/);
      assert.match((await c['editor of alpha']!.get(ok.headers.location)).body, /resubmitted and waits for review/);
      // Pending again: no second amendment.
      assert.equal((await c['editor of alpha']!.get(`${page}/amend`)).statusCode, 409);

      const published = await c.reviewer!.post(`/en/review/${id}/publish`, {
        _csrf: csrfOf((await c.reviewer!.get(page)).body),
      });
      assert.equal(published.statusCode, 303);
      const row = await ADAPTERS.participation.read(t.db, after.record_id);
      assert.equal(row?.start, '2023');
      assert.equal(row?.country_code, 'ESP');
    });

    it('amending through the API: 401, 403, 409, 400 naming the field, then 202', async () => {
      const proposed = await api(
        'POST',
        '/api/v1/mechanisms/alpha-process/status',
        'editor of alpha',
        { status: 'dormant', since: '2025', sources: [SRC] },
        (await ADAPTERS.mechanism.read(t.db, 'alpha-process'))!.version,
      );
      assert.equal(proposed.statusCode, 202, proposed.body);
      const id = String((JSON.parse(proposed.body) as Json).id);
      const version = (await ADAPTERS.mechanism.read(t.db, 'alpha-process'))!.version;
      const body = { status: 'dormant', since: '2025-06', sources: [SRC] };
      assert.equal((await api('POST', `/api/v1/changes/${id}/amend`, null, body, version)).statusCode, 401);
      assert.equal(
        (await api('POST', `/api/v1/changes/${id}/amend`, 'editor of alpha', body, version)).statusCode,
        409,
      );
      assert.equal(
        (await api('POST', `/api/v1/changes/${id}/return`, 'reviewer', { comment: 'Which month?' })).statusCode,
        200,
      );
      assert.equal((await api('POST', `/api/v1/changes/${id}/amend`, 'editor of beta', body, version)).statusCode, 403);
      assert.equal((await api('POST', `/api/v1/changes/${id}/amend`, 'reviewer', body, version)).statusCode, 403);
      const bad = await api(
        'POST',
        `/api/v1/changes/${id}/amend`,
        'editor of alpha',
        { ...body, since: 'June' },
        version,
      );
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /since/);
      assert.equal((await changeRow(id)).status, 'returned');
      const stale = await api('POST', `/api/v1/changes/${id}/amend`, 'editor of alpha', body, version + 5);
      assert.equal(stale.statusCode, 412);
      const ok = await api('POST', `/api/v1/changes/${id}/amend`, 'editor of alpha', body, version);
      assert.equal(ok.statusCode, 202, ok.body);
      assert.equal((await changeRow(id)).status, 'pending');
      assert.equal((JSON.parse((await changeRow(id)).payload) as Json).since, '2025-06');
      // Tidy up: withdraw it so later tests see the mechanism as it was.
      assert.equal((await api('DELETE', `/api/v1/changes/${id}`, 'editor of alpha')).statusCode, 200);
    });

    it('refusals are sentences in the reader’s language, naming the mechanism', async () => {
      const en = await c['editor of beta']!.get('/en/edit/mechanisms/alpha-process/meetings/new');
      assert.equal(en.statusCode, 403);
      assert.match(en.body, /You may not edit the meetings of Alpha Process\./);
      assert.doesNotMatch(en.body, /may not meeting edit/);
      const fr = await c['editor of beta']!.get('/fr/edit/mechanisms/alpha-process/profile');
      assert.match(fr.body, /Vous ne pouvez pas modifier le profil de Alpha Process\./);
      const es = await c['focal point of SEN']!.get('/es/edit/mechanisms/alpha-process');
      assert.match(es.body, /No puede modificar la participación en Alpha Process\./);
      const api403 = await api(
        'POST',
        '/api/v1/mechanisms/alpha-process/status',
        'editor of beta',
        { status: 'dormant', since: '2025', sources: [SRC] },
        1,
      );
      assert.equal(api403.statusCode, 403);
      assert.match(api403.body, /you may not edit the profile of Alpha Process/);
    });

    it('a new meeting with several participants chosen from the registry, its agenda and documents, in one form', async () => {
      const url = '/en/edit/mechanisms/alpha-process/meetings/new';
      const form = await c['editor of alpha']!.get(url);
      assert.match(form.body, /<select id="p_countries" name="p_countries" multiple/);
      assert.match(form.body, /<select id="p_mechanisms" name="p_mechanisms" multiple/);
      assert.match(form.body, /<select id="p_organizations" name="p_organizations" multiple/);
      const fields = {
        _csrf: csrfOf(form.body),
        title: 'Alpha Process senior officials, Dakar',
        kind: 'senior-officials',
        status: 'held',
        start: '2026-03-10',
        city: 'Dakar',
        country_code: 'SEN',
        p_countries: ['SEN', 'ESP'],
        p_mechanisms: ['beta-forum'],
        p_organizations: ['iom'],
        p_role: 'participant',
        agenda: 'Opening\r\nLabour migration\r\nClosing',
        documents: 'Chair’s summary | https://example.org/summary.pdf | outcome\nList of participants',
        sources: SRC,
      };
      const before = await t.db.selectFrom('change_request').select('id').execute();
      const bad = await c['editor of alpha']!.post(url, { ...fields, documents: 'Summary | outcome | ftp://x' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /id="f-documents"[^>]*aria-invalid="true"/);
      assert.match(bad.body, /<option value="ESP" selected/, 'the choices stay');
      assert.deepEqual(await t.db.selectFrom('change_request').select('id').execute(), before);

      const ok = await c['editor of alpha']!.post(url, { ...fields, _csrf: csrfOf(bad.body) });
      assert.equal(ok.statusCode, 303, ok.body.slice(0, 400));
      const id = changeIdOf(ok.headers.location);
      const page = await c.reviewer!.get(`/en/changes/${id}`);
      assert.match(page.body, /Labour migration/);
      const publish = await c.reviewer!.post(`/en/review/${id}/publish`, { _csrf: csrfOf(page.body) });
      assert.equal(publish.statusCode, 303);
      const recordId = (await changeRow(id)).record_id;
      const m = (await ADAPTERS.meeting.read(t.db, recordId)) as MeetingState;
      assert.deepEqual(
        m.participants.map((p) => [p.mechanism_id ?? p.country_code ?? p.organization_id, p.role]),
        [
          ['beta-forum', 'participant'],
          ['SEN', 'participant'],
          ['ESP', 'participant'],
          ['iom', 'participant'],
        ],
      );
      assert.equal(m.participants.find((p) => p.country_code === 'ESP')!.name_in_source, 'Spain');
      assert.deepEqual(
        m.agenda.map((a) => a.title),
        ['Opening', 'Labour migration', 'Closing'],
      );
      assert.deepEqual(
        m.documents.map((d) => [d.title, d.kind, d.url]),
        [
          ['Chair’s summary', 'outcome', 'https://example.org/summary.pdf'],
          ['List of participants', 'other', null],
        ],
      );
      const publicPage = await app.inject(`/en/meetings/${encodeURIComponent(recordId)}`);
      assert.equal(publicPage.statusCode, 200);
      assert.match(publicPage.body, /Labour migration/);
      assert.match(publicPage.body, /Chair’s summary/);

      // Editing it again: the form shows them; an untouched agenda and documents stay as they are.
      const edit = await c['editor of alpha']!.get(`/en/edit/meetings/${encodeURIComponent(recordId)}`);
      assert.match(edit.body, /id="agenda_item-1"[^>]*value="Labour migration"/);
      assert.match(edit.body, /Chair’s summary \| https:\/\/example.org\/summary.pdf \| outcome/);
    });
  });
}
