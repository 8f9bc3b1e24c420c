/**
 * The meeting form a secretariat can live with, on SQLite and PostgreSQL: several participants from the registry with
 * their role, agenda items and documents chosen from the repository's documents of the meeting's mechanism, in one
 * pending change; the change page and the review queue say what it adds in words, in the reader's language.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp, loadReference } from '../app.js';
import type { Client } from '../../test/helpers/client.js';
import { createTestDatabase, engines, type TestDatabase } from '../../test/helpers/db.js';
import { insertDocument } from '../../test/helpers/documents.js';
import { MINI } from '../../test/helpers/reference.js';
import { seedRoleUsers, signedInClients } from '../../test/helpers/roles.js';
import { ADAPTERS, type MeetingState } from './records.js';

const SRC = 'https://example.org/alpha-meeting';
const csrfOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)![1]!;
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .replace(/ ([,)])/g, '$1')
    .replace(/\( /g, '(');

for (const { engine, skip } of await engines()) {
  describe(`the meeting form on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let c: Record<string, Client> = {};
    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db, MINI);
      await insertDocument(t.db, 'alpha-declaration');
      await insertDocument(t.db, 'beta-report', 'beta-forum');
      app = await buildApp({ database: t, sessionSecret: 'meeting-form-secret', cacheTtlMs: 0 });
      await seedRoleUsers(t.db);
      c = await signedInClients(app);
    });
    after(async () => {
      await app?.close();
      await t?.dispose();
    });
    const changes = async () => (await t.db.selectFrom('change_request').select('id').execute()).length;
    const url = '/en/edit/mechanisms/alpha-process/meetings/new';
    const fields = (csrf: string) => ({
      _csrf: csrf,
      title: 'Alpha Process working group, Accra',
      kind: 'working-group',
      status: 'held',
      start: '2026-05-04',
      city: 'Accra',
      country_code: 'GHA',
      p_countries: ['GHA', 'SEN'],
      p_organizations: ['iom'],
      p_role: 'observer',
      agenda: 'Opening\nReturn and reintegration',
      repo_documents: ['alpha-declaration'],
      sources: SRC,
    });

    it("offers the repository's documents of the meeting's mechanism only", async () => {
      const form = await c['editor of alpha']!.get(url);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /<select id="repo_documents" name="repo_documents" multiple/);
      assert.match(form.body, /<option value="alpha-declaration">Document alpha-declaration \(2020\)<\/option>/);
      assert.doesNotMatch(form.body, /beta-report/);
      const beta = await c['editor of beta']!.get('/fr/edit/mechanisms/beta-forum/meetings/new');
      assert.match(beta.body, /value="beta-report"/);
      assert.doesNotMatch(beta.body, /alpha-declaration/);
    });

    it('a document of another mechanism is refused by name (400), and no change is made', async () => {
      const before = await changes();
      const form = await c['editor of alpha']!.get(url);
      const res = await c['editor of alpha']!.post(url, {
        ...fields(csrfOf(form.body)),
        repo_documents: ['beta-report'],
      });
      assert.equal(res.statusCode, 400);
      assert.match(
        res.body,
        /no document &quot;beta-report&quot; of this meeting(?:'|&#39;)s mechanism in the repository/,
      );
      assert.match(res.body, /<option value="SEN" selected/, 'the choices stay');
      assert.equal(await changes(), before);
    });

    it('one submission: several participants with their role, the agenda and a repository document, one pending change shown in words', async () => {
      const before = await changes();
      const form = await c['editor of alpha']!.get(url);
      const ok = await c['editor of alpha']!.post(url, fields(csrfOf(form.body)));
      assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
      assert.match(String(ok.headers.location), /^\/en\/changes\/[0-9a-f-]{36}\?change=pending$/);
      assert.equal(await changes(), before + 1, 'one pending change');
      const id = /changes\/([0-9a-f-]{36})/.exec(String(ok.headers.location))![1]!;

      const en = text((await c.reviewer!.get(`/en/changes/${id}`)).body);
      assert.match(
        en,
        /Participants Added: Ghana \(Observer\), Senegal \(Observer\), International Organization for Migration \(Observer\)/,
      );
      assert.match(en, /Agenda Added: Opening, Return and reintegration/);
      assert.match(en, /Documents Added: Document alpha-declaration/);
      const fr = text((await c.reviewer!.get(`/fr/changes/${id}`)).body);
      assert.match(fr, /Ajoutés : Ghana \(Observateur\), Sénégal \(Observateur\)/);
      const queue = text((await c.reviewer!.get('/es/review')).body);
      assert.match(queue, /Añadidos: Ghana \(Observador\), Senegal \(Observador\)/);
      assert.doesNotMatch(queue, /GHA \(observer\)/, 'no raw codes');

      const page = await c.reviewer!.get(`/en/changes/${id}`);
      const publish = await c.reviewer!.post(`/en/review/${id}/publish`, { _csrf: csrfOf(page.body) });
      assert.equal(publish.statusCode, 303);
      const row = await t.db.selectFrom('change_request').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      const m = (await ADAPTERS.meeting.read(t.db, row.record_id)) as MeetingState;
      assert.deepEqual(
        m.participants.map((p) => [p.country_code ?? p.organization_id, p.name_in_source, p.role]),
        [
          ['GHA', 'Ghana', 'observer'],
          ['SEN', 'Senegal', 'observer'],
          ['iom', 'International Organization for Migration', 'observer'],
        ],
      );
      assert.deepEqual(
        m.agenda.map((a) => a.title),
        ['Opening', 'Return and reintegration'],
      );
      assert.deepEqual(
        m.documents.map((d) => [d.title, d.kind]),
        [['Document alpha-declaration', 'outcome']],
      );

      // Editing it again: a participant removed and the document chosen again (not listed twice) read as words.
      const edit = await c['editor of alpha']!.get(`/en/edit/meetings/${encodeURIComponent(row.record_id)}`);
      assert.match(edit.body, /value="alpha-declaration"/);
      const again = await c['editor of alpha']!.post(`/en/edit/meetings/${encodeURIComponent(row.record_id)}`, {
        _csrf: csrfOf(edit.body),
        version: String(m.version),
        title: m.title,
        kind: m.kind,
        status: m.status,
        start: m.start,
        city: 'Accra',
        country_code: 'GHA',
        keep: ['0', '2'],
        agenda: 'Opening\nReturn and reintegration',
        documents: 'Document alpha-declaration | outcome',
        repo_documents: ['alpha-declaration'],
        sources: SRC,
      });
      assert.equal(again.statusCode, 303, again.body.slice(0, 300));
      const id2 = /changes\/([0-9a-f-]{36})/.exec(String(again.headers.location))![1]!;
      const words = text((await c.reviewer!.get(`/en/changes/${id2}`)).body);
      assert.match(words, /Participants Removed: Senegal \(Observer\)/);
      assert.doesNotMatch(words, /Documents Added/, 'a document already listed is not added twice');
    });

    it('agenda and participants as repeated rows: "add rows" re-shows the form with what was entered, and nothing is proposed', async () => {
      const before = await changes();
      const form = await c['editor of alpha']!.get(url);
      for (const id of ['agenda_item-0', 'agenda_item-2', 'pr_party-2', 'pr_role-2'])
        assert.match(form.body, new RegExp(`id="${id}"`), id);
      assert.doesNotMatch(form.body, /id="agenda_item-3"/);
      assert.match(form.body, /<button type="submit" name="more" value="agenda" formnovalidate/i);
      const more = await c['editor of alpha']!.post(url, {
        ...fields(csrfOf(form.body)),
        agenda_item: ['Opening', 'Return', ''],
        pr_party: ['country:GHA', '', ''],
        pr_role: ['host', 'participant', 'participant'],
        more: 'agenda',
      });
      assert.equal(more.statusCode, 200);
      assert.match(more.body, /id="agenda_item-1"[^>]*value="Return"/);
      assert.match(more.body, /id="agenda_item-5"/, 'three more agenda rows');
      assert.doesNotMatch(more.body, /id="agenda_item-6"/);
      assert.doesNotMatch(more.body, /id="pr_party-3"/, 'the participant rows stay as they were');
      assert.match(more.body, /<option value="country:GHA" selected/);
      assert.match(more.body, /id="pr_role-0"[\s\S]*?<option value="host" selected/);
      assert.match(more.body, /value="Alpha Process working group, Accra"/, 'the other fields stay');
      const moreP = await c['editor of alpha']!.post(url, { ...fields(csrfOf(more.body)), more: 'participants' });
      assert.match(moreP.body, /id="pr_party-5"/);
      assert.equal(await changes(), before, 'no change proposed');
    });

    it('participants of mixed roles chosen from the registry in one submission, with the agenda rows in order', async () => {
      const form = await c['editor of alpha']!.get(url);
      const ok = await c['editor of alpha']!.post(url, {
        ...fields(csrfOf(form.body)),
        title: 'Alpha Process ministerial, Accra',
        p_countries: [],
        p_organizations: [],
        agenda: '',
        agenda_item: ['Opening', '', 'Closing'],
        pr_party: ['country:GHA', 'organization:iom', 'country:SEN', 'mechanism:beta-forum', ''],
        pr_role: ['host', 'chair', 'speaker', 'observer', 'participant'],
        repo_documents: [],
      });
      assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
      const id = /changes\/([0-9a-f-]{36})/.exec(String(ok.headers.location))![1]!;
      const en = text((await c.reviewer!.get(`/en/changes/${id}`)).body);
      assert.match(
        en,
        /Added: Ghana \(Host\), International Organization for Migration \(Chair\), Senegal \(Speaker\)/,
      );
      const page = await c.reviewer!.get(`/en/changes/${id}`);
      assert.equal((await c.reviewer!.post(`/en/review/${id}/publish`, { _csrf: csrfOf(page.body) })).statusCode, 303);
      const row = await t.db.selectFrom('change_request').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      const m = (await ADAPTERS.meeting.read(t.db, row.record_id)) as MeetingState;
      assert.deepEqual(
        m.participants.map((p) => [p.country_code ?? p.organization_id ?? p.mechanism_id, p.role]),
        [
          ['GHA', 'host'],
          ['iom', 'chair'],
          ['SEN', 'speaker'],
          ['beta-forum', 'observer'],
        ],
      );
      assert.deepEqual(
        m.agenda.map((a) => a.title),
        ['Opening', 'Closing'],
      );
      // The edit form shows the agenda as rows, with empty rows after it.
      const edit = await c['editor of alpha']!.get(`/en/edit/meetings/${encodeURIComponent(row.record_id)}`);
      assert.match(edit.body, /id="agenda_item-1"[^>]*value="Closing"/);
      assert.match(edit.body, /id="agenda_item-4"/);
      assert.match(edit.body, /id="keep-0"[^>]*checked/, 'the recorded participants are kept unless unticked');
    });

    it('a row the registry does not know, a role that is no meeting role or a title too long: 400 next to its row, what was typed kept, no change', async () => {
      const before = await changes();
      const form = await c['editor of alpha']!.get(url);
      const base = {
        ...fields(csrfOf(form.body)),
        agenda_item: ['Opening', 'Closing', ''],
        pr_party: ['country:GHA', 'country:XYZ', ''],
        pr_role: ['host', 'chair', 'participant'],
      };
      const party = await c['editor of alpha']!.post(url, base);
      assert.equal(party.statusCode, 400);
      assert.match(party.body, /id="pr_party-1"[^>]*aria-invalid="true"/);
      assert.match(party.body, /id="pr_party-1-err"[^>]*>Participant 2 is not in the registry/);
      assert.match(party.body, /<a href="#pr_party-1">Participant 2<\/a>/, 'the summary links the row');
      assert.match(party.body, /id="agenda_item-1"[^>]*value="Closing"/, 'what was typed stays');
      const role = await c['editor of alpha']!.post(url, {
        ...base,
        _csrf: csrfOf(party.body),
        pr_party: ['country:GHA', '', ''],
        pr_role: ['president', 'participant', 'participant'],
      });
      assert.equal(role.statusCode, 400);
      assert.match(role.body, /id="pr_role-0"[^>]*aria-invalid="true"/);
      const fr = await c['editor of alpha']!.post(url.replace('/en/', '/fr/'), {
        ...base,
        _csrf: csrfOf(role.body),
        pr_party: ['', '', ''],
        agenda_item: ['Opening', 'x'.repeat(401), ''],
      });
      assert.equal(fr.statusCode, 400);
      assert.match(fr.body, /id="agenda_item-1"[^>]*aria-invalid="true"/);
      assert.match(fr.body, /Ce titre est trop long : 400 caractères au plus/);
      assert.equal(await changes(), before, 'nothing proposed');
    });
  });
}
