/**
 * Document records editors write, on SQLite and PostgreSQL: the service (create with a generated id, update, every
 * field checked and named, who may, audited) and the API (POST /api/v1/documents, PATCH /api/v1/documents/{id}:
 * 201/200 with the record, 400 naming the field, 401, 403 for an outsider with nothing changed, 404, 412 on a stale
 * If-Match); the search finds a created or renamed record; a reference reload keeps an edited record as edited.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp, loadReference } from '../app.js';
import { createTestDatabase, engines, type TestDatabase } from '../../test/helpers/db.js';
import { documentRecord } from '../../test/helpers/documents.js';
import { datasetWith } from '../../test/helpers/reference.js';
import { seedRoleUsers } from '../../test/helpers/roles.js';
import { documentId } from './edit.js';
import type { DocumentRecord } from './reference.js';
import * as store from './store.js';

const REF = documentRecord();
const REF2: DocumentRecord = { ...REF, id: 'beta-report-2014', title: 'Beta report', mechanisms: ['beta-forum'] };

describe('document ids', () => {
  it('look like the reference ids: prefix, the title’s first words, the year', () => {
    assert.equal(documentId('ADD', 'Abu Dhabi Declaration', 2008), 'add-abu-dhabi-declaration-2008');
    assert.equal(
      documentId('alpha-process', 'Alpha Declaration on Labour, 2025', 2025),
      'alpha-process-declaration-on-labour-2025',
    );
    assert.equal(documentId('Bali', 'Ministerial statement', null), 'bali-ministerial-statement');
    assert.ok(documentId('x', 'word '.repeat(200), 2020).length <= 140);
  });
});

for (const { engine, skip } of await engines()) {
  describe(`document records written by editors on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let tokens: Record<string, string>;
    const dataset = datasetWith({ 'documents.json': [REF, REF2] });
    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db, dataset);
      app = await buildApp({ database: t, cacheTtlMs: 0, sessionSecret: 'document-edit-test-secret' });
      tokens = (await seedRoleUsers(t.db)).tokens;
    });
    after(async () => {
      await app?.close();
      await t?.dispose();
    });

    const call = async (method: 'POST' | 'PATCH' | 'GET', url: string, who?: string, body?: unknown, h = {}) => {
      const res = await app.inject({
        method,
        url,
        headers: {
          ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...h,
        },
        ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
      });
      return { status: res.statusCode, body: res.json<Record<string, unknown>>(), headers: res.headers };
    };
    /** Everything a write could change: the documents with their links, and the audit events about documents. */
    const snapshot = async () =>
      JSON.stringify([
        await store.allDocuments(t.db),
        await store.allMechanismLinks(t.db),
        await store.allLanguages(t.db),
        await store.allSourceLinks(t.db),
        await t.db
          .selectFrom('audit_event')
          .select(['action', 'record_id'])
          .where('record_type', '=', 'document')
          .execute(),
      ]);
    const audits = async (action: string, id: string) =>
      t.db.selectFrom('audit_event').selectAll().where('action', '=', action).where('record_id', '=', id).execute();
    const fields = {
      title: 'Alpha Action Plan on Fair Recruitment',
      kind: 'action-plan',
      date: '2026-05-14',
      mechanisms: ['alpha-process'],
      meeting: 'alpha-process-2025-ministerial',
      languages: ['en', 'fr'],
      url: 'https://alpha.example/plan.pdf',
      summaryFacts: ['Sets out steps to end recruitment fees.'],
      sources: ['src-d75cf69047'],
    };

    it('an editor of the mechanism creates a record: 201, an id made from the mechanism’s acronym, the title and the year, audited', async () => {
      const r = await call('POST', '/api/v1/documents', 'editor of alpha', fields);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.id, 'ap-alpha-action-plan-on-fair-recruitment-2026');
      assert.equal(r.headers.location, '/api/v1/documents/ap-alpha-action-plan-on-fair-recruitment-2026');
      assert.equal(r.headers.etag, '"1"');
      assert.equal(r.body.datePrecision, 'day');
      assert.equal(r.body.origin, 'edited');
      assert.deepEqual(r.body.mechanisms, [{ id: 'alpha-process', name: 'Alpha Process' }]);
      assert.deepEqual((r.body.meeting as { id: string }).id, 'alpha-process-2025-ministerial');
      assert.deepEqual(r.body.languages, ['en', 'fr']);
      assert.deepEqual(r.body.summaryFacts, fields.summaryFacts);
      const got = await call('GET', '/api/v1/documents/ap-alpha-action-plan-on-fair-recruitment-2026');
      assert.equal(got.status, 200);
      assert.equal(got.body.title, fields.title);
      const ev = await audits('document.create', 'ap-alpha-action-plan-on-fair-recruitment-2026');
      assert.equal(ev.length, 1);
      // The same title and year again: a new id, not an overwrite.
      const again = await call('POST', '/api/v1/documents', 'admin', fields);
      assert.equal(again.status, 201);
      assert.equal(again.body.id, 'ap-alpha-action-plan-on-fair-recruitment-2026-2');
    });

    it('the search finds a created record, and finds it by its new title once renamed', async () => {
      const created = await call('POST', '/api/v1/documents', 'editor of alpha', {
        ...fields,
        title: 'Quillwort compact on seasonal workers',
      });
      assert.equal(created.status, 201);
      const id = created.body.id as string;
      const find = async (q: string) =>
        ((await call('GET', `/api/v1/search?q=${encodeURIComponent(q)}`)).body.items as { id: string }[]).map(
          (i) => i.id,
        );
      assert.ok((await find('quillwort')).includes(id));
      const r = await call('PATCH', `/api/v1/documents/${id}`, 'editor of alpha', { title: 'Zanthoxylum compact' });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.ok((await find('zanthoxylum')).includes(id));
      assert.ok(!(await find('quillwort')).includes(id));
    });

    it('PATCH changes the fields sent and keeps the others; If-Match refuses a stale version (412)', async () => {
      const r = await call('PATCH', '/api/v1/documents/alpha-declaration-2025', 'editor of alpha', {
        title: 'Alpha Declaration on Decent Work',
        date: '2025',
        languages: ['en', 'ar'],
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.title, 'Alpha Declaration on Decent Work');
      assert.equal(r.body.date, '2025');
      assert.equal(r.body.datePrecision, 'year');
      assert.deepEqual(r.body.languages, ['en', 'ar']);
      assert.equal(r.body.kind, 'declaration');
      assert.equal((r.body.meeting as { id: string }).id, 'alpha-process-2025-ministerial');
      assert.equal(r.body.origin, 'edited');
      assert.equal(r.body.version, 2);
      assert.equal(r.headers.etag, '"2"');
      const ev = await audits('document.update', 'alpha-declaration-2025');
      assert.equal(ev.length, 1);
      assert.match(String(ev[0]!.before), /Alpha Declaration/);
      assert.match(String(ev[0]!.after), /Decent Work/);
      const before = await snapshot();
      const stale = await call(
        'PATCH',
        '/api/v1/documents/alpha-declaration-2025',
        'editor of alpha',
        { title: 'Stale' },
        { 'if-match': '"1"' },
      );
      assert.equal(stale.status, 412);
      assert.equal(await snapshot(), before);
      const fresh = await call(
        'PATCH',
        '/api/v1/documents/alpha-declaration-2025',
        'editor of alpha',
        { kind: 'statement' },
        { 'if-match': '"2"' },
      );
      assert.equal(fresh.status, 200);
      assert.equal(fresh.body.kind, 'statement');
    });

    it('an edit of the metadata keeps who may see the document (its visibility is set on its own)', async () => {
      const id = 'alpha-declaration-2025';
      const visibility = async () =>
        (await t.db.selectFrom('document').select('visibility').where('id', '=', id).executeTakeFirstOrThrow())
          .visibility;
      const closed = await call('PATCH', `/api/v1/documents/${id}/visibility`, 'editor of alpha', {
        visibility: 'members',
      });
      assert.equal(closed.status, 200, JSON.stringify(closed.body));
      const edit = await call('PATCH', `/api/v1/documents/${id}`, 'editor of alpha', { kind: 'declaration' });
      assert.equal(edit.status, 200, JSON.stringify(edit.body));
      assert.equal(await visibility(), 'members');
      const open = await call('PATCH', `/api/v1/documents/${id}/visibility`, 'editor of alpha', {
        visibility: 'public',
      });
      assert.equal(open.status, 200);
      assert.equal(await visibility(), 'public');
    });

    it('a reference reload keeps an edited record as the editor left it, and still updates the others', async () => {
      const edited = JSON.stringify(await store.documentWithLinks(t.db, 'alpha-declaration-2025'));
      const changed = datasetWith({
        'documents.json': [
          { ...REF, title: 'Alpha Declaration (reference wording)' },
          { ...REF2, title: 'Beta report, revised' },
        ],
      });
      const s = await loadReference(t.db, changed);
      assert.equal(s.documents.kept, 1);
      assert.equal(s.documents.updated, 1);
      assert.equal(JSON.stringify(await store.documentWithLinks(t.db, 'alpha-declaration-2025')), edited);
      assert.equal((await store.documentWithLinks(t.db, 'beta-report-2014'))!.row.title, 'Beta report, revised');
      // A file without the edited record, nor the created ones: they stay; the reference-only record goes.
      const without = datasetWith({ 'documents.json': [] });
      const s2 = await loadReference(t.db, without);
      assert.equal(s2.documents.removed, 1);
      assert.equal(await store.documentWithLinks(t.db, 'beta-report-2014'), null);
      assert.equal(JSON.stringify(await store.documentWithLinks(t.db, 'alpha-declaration-2025')), edited);
      assert.ok(await store.documentExists(t.db, 'ap-alpha-action-plan-on-fair-recruitment-2026'));
      await loadReference(t.db, dataset);
      assert.equal((await store.documentWithLinks(t.db, 'beta-report-2014'))!.row.origin, 'reference');
    });

    it('an outsider is refused (403) and nothing changes: another mechanism’s editor, a focal point, no role', async () => {
      const before = await snapshot();
      for (const who of ['editor of beta', 'focal point of SEN', 'reviewer', 'no role']) {
        const c = await call('POST', '/api/v1/documents', who, fields);
        assert.equal(c.status, 403, `${who} creates`);
        assert.equal(c.headers['content-type'], 'application/problem+json; charset=utf-8');
        const u = await call('PATCH', '/api/v1/documents/alpha-declaration-2025', who, { title: 'Taken over' });
        assert.equal(u.status, 403, `${who} updates`);
      }
      // An editor of alpha may not add a mechanism they do not edit, nor write a record of two mechanisms.
      const both = await call('POST', '/api/v1/documents', 'editor of alpha', {
        ...fields,
        mechanisms: ['alpha-process', 'beta-forum'],
      });
      assert.equal(both.status, 403);
      const move = await call('PATCH', '/api/v1/documents/alpha-declaration-2025', 'editor of alpha', {
        mechanisms: ['beta-forum'],
      });
      assert.equal(move.status, 403);
      const signedOut = await call('POST', '/api/v1/documents', undefined, fields);
      assert.equal(signedOut.status, 401);
      assert.equal(await snapshot(), before);
    });

    it('bad input is a 400 naming the field, and nothing changes', async () => {
      const before = await snapshot();
      const cases: [Record<string, unknown>, string][] = [
        [{ title: '   ' }, 'title'],
        [{ kind: 'memo' }, 'kind'],
        [{ date: '2025-02-30' }, 'date'],
        [{ date: '2025-02', datePrecision: 'day' }, 'datePrecision'],
        [{ mechanisms: [] }, 'mechanisms'],
        [{ mechanisms: ['omega-process'] }, 'mechanisms'],
        [{ meeting: 'no-such-meeting' }, 'meeting'],
        [{ languages: ['english'] }, 'languages'],
        [{ url: 'ftp://alpha.example/x' }, 'url'],
        [{ sources: ['src-nope'] }, 'sources'],
        [{ sources: [] }, 'sources'],
        [{ colour: 'red' }, 'colour'],
      ];
      for (const [over, field] of cases) {
        for (const [method, url, body] of [
          ['POST', '/api/v1/documents', { ...fields, ...over }],
          ['PATCH', '/api/v1/documents/alpha-declaration-2025', over],
        ] as const) {
          const r = await call(method, url, 'admin', body);
          assert.equal(r.status, 400, `${method} ${JSON.stringify(over)}: ${JSON.stringify(r.body)}`);
          const named = (r.body.errors as { name: string }[] | undefined)?.map((e) => e.name) ?? [];
          assert.ok(
            named.includes(field),
            `${method} ${JSON.stringify(over)} names ${field}: ${JSON.stringify(r.body)}`,
          );
        }
      }
      const missing = await call('POST', '/api/v1/documents', 'admin', { title: 'No kind' });
      assert.equal(missing.status, 400);
      const none = await call('PATCH', '/api/v1/documents/alpha-declaration-2025', 'admin', {});
      assert.equal(none.status, 400);
      const notJson = await app.inject({
        method: 'POST',
        url: '/api/v1/documents',
        headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'text/plain' },
        payload: 'title=x',
      });
      assert.equal(notJson.statusCode, 415);
      assert.equal((await call('PATCH', '/api/v1/documents/no-such-document', 'admin', { title: 'x' })).status, 404);
      assert.equal(await snapshot(), before);
    });

    it('the OpenAPI document declares both routes with their bodies and problems', async () => {
      const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
        paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
      }>();
      const post = doc.paths['/api/v1/documents']!.post!;
      const patch = doc.paths['/api/v1/documents/{id}']!.patch!;
      assert.ok(post.requestBody && patch.requestBody);
      for (const code of ['201', '400', '401', '403']) assert.ok(post.responses[code], `POST ${code}`);
      for (const code of ['200', '400', '401', '403', '404', '412']) assert.ok(patch.responses[code], `PATCH ${code}`);
    });
  });
}
