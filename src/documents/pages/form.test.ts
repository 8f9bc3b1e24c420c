/**
 * The form of a document record on SQLite and PostgreSQL: an editor creates a record through
 * /{lang}/edit/documents/new and lands on its page (POST-redirect-GET), changes it through /{lang}/edit/documents/{id};
 * a refusal re-shows the form with the message next to its field in the reader's language and changes nothing; a bad
 * CSRF token, an outsider and a signed-out visitor change nothing; the links from the documents list, the document
 * page and the mechanism's editing page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp, loadReference } from '../../app.js';
import { Client } from '../../../test/helpers/client.js';
import { createTestDatabase, engines, type TestDatabase } from '../../../test/helpers/db.js';
import { insertDocument } from '../../../test/helpers/documents.js';
import { MINI } from '../../../test/helpers/reference.js';
import { seedRoleUsers, signedInClients } from '../../../test/helpers/roles.js';
import * as store from '../store.js';

const DOC = 'alpha-outcome-2020';
const NEW = (lang = 'en') => `/${lang}/edit/documents/new`;
const EDIT = (lang = 'en', id = DOC) => `/${lang}/edit/documents/${id}`;

for (const { engine, skip } of await engines()) {
  describe(`the document record form on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let clients: Record<string, Client>;
    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db, MINI);
      await insertDocument(t.db, DOC, 'alpha-process');
      await t.db
        .insertInto('document_source')
        .values({ document_id: DOC, source_id: 'src-d75cf69047', seq: 0 })
        .execute();
      app = await buildApp({ database: t, cacheTtlMs: 0, sessionSecret: 'document-form-test-secret' });
      await seedRoleUsers(t.db);
      clients = await signedInClients(app);
    });
    after(async () => {
      await app?.close();
      await t?.dispose();
    });

    const snapshot = async () =>
      JSON.stringify([
        await store.allDocuments(t.db),
        await store.allMechanismLinks(t.db),
        await store.allLanguages(t.db),
        await store.allSourceLinks(t.db),
        await t.db.selectFrom('audit_event').select(['action']).where('record_type', '=', 'document').execute(),
      ]);
    const form = {
      title: 'Alpha guidelines on labour mobility',
      kind: 'guidelines',
      date: '2024-06',
      datePrecision: '',
      mechanisms: 'alpha-process',
      meeting: '',
      languages: 'en, fr',
      url: 'https://alpha.example/guidelines',
      summaryFacts: 'Sets common rules.\nAsks members to report.',
      sources: 'src-d75cf69047',
    };
    /** POST as a browser would: the CSRF token read from the form first. */
    async function send(who: string, url: string, fields: Record<string, string | string[]>, csrf?: string) {
      const c = clients[who]!;
      const token = csrf ?? /name="_csrf" value="([^"]+)"/.exec((await c.get(url)).body)?.[1] ?? 'none';
      return c.post(url, { _csrf: token, ...fields });
    }
    const errorOf = (html: string, field: string) =>
      new RegExp(`id="f-${field}-err"[^>]*>([^<]+)<`).exec(html)?.[1] ?? null;

    it('signed out: 303 to sign in; without an editor grant: 403', async () => {
      const out = await clients.anonymous!.get(NEW());
      assert.equal(out.statusCode, 303);
      assert.equal(out.headers.location, '/en/sign-in');
      assert.equal((await clients.anonymous!.get(EDIT())).statusCode, 303);
      for (const who of ['no role', 'focal point of SEN', 'reviewer']) {
        assert.equal((await clients[who]!.get(NEW())).statusCode, 403, who);
        assert.equal((await clients[who]!.get(EDIT())).statusCode, 403, who);
      }
      assert.equal((await clients['editor of beta']!.get(EDIT())).statusCode, 403);
      assert.equal((await clients.admin!.get(EDIT('en', 'no-such-document'))).statusCode, 404);
    });

    it('an editor creates a record: the form offers their mechanisms, the POST lands on the new page', async () => {
      const page = await clients['editor of alpha']!.get(`${NEW()}?mechanism=alpha-process`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<option value="alpha-process" selected lang="en">/);
      assert.doesNotMatch(page.body, /value="beta-forum"/, 'only the mechanisms they edit are offered');
      assert.match(page.body, /<option value="alpha-process-2025-ministerial">/, 'its meetings are suggested');
      const res = await send('editor of alpha', NEW(), form);
      assert.equal(res.statusCode, 303, res.body.slice(0, 500));
      const id = 'ap-alpha-guidelines-on-labour-mobility-2024';
      assert.equal(res.headers.location, `/en/documents/${id}`);
      const shown = await clients['editor of alpha']!.get(String(res.headers.location));
      assert.equal(shown.statusCode, 200);
      assert.match(shown.body, /Alpha guidelines on labour mobility/);
      assert.match(shown.body, /Asks members to report\./);
      assert.match(shown.body, new RegExp(`href="/en/edit/documents/${id}"`));
      const row = (await store.documentWithLinks(t.db, id))!;
      assert.equal(row.row.origin, 'edited');
      assert.equal(row.row.date_precision, 'month');
      assert.deepEqual(row.languages, ['en', 'fr']);
    });

    it('a refusal re-shows the form with the message next to its field, in French, keeping what was typed', async () => {
      const before = await snapshot();
      const res = await send('editor of alpha', NEW('fr'), { ...form, date: '2024-13' });
      assert.equal(res.statusCode, 400);
      assert.match(errorOf(res.body, 'date') ?? '', /« 2024-13 » n’est pas une date/);
      assert.match(res.body, /id="f-date"[^>]*aria-invalid="true"/);
      assert.match(res.body, /value="Alpha guidelines on labour mobility"/);
      const src = await send('editor of alpha', NEW('fr'), { ...form, sources: 'src-nope' });
      assert.equal(src.statusCode, 400);
      assert.match(errorOf(src.body, 'sources') ?? '', /Il n’existe pas de source « src-nope »/);
      const title = await send('editor of alpha', NEW('fr'), { ...form, title: ' ' });
      assert.match(errorOf(title.body, 'title') ?? '', /Saisissez le titre/);
      assert.equal(await snapshot(), before);
    });

    it('a bad CSRF token, an outsider, a mechanism not edited: 403 and nothing changes', async () => {
      const before = await snapshot();
      assert.equal((await send('editor of alpha', NEW(), form, 'forged')).statusCode, 403);
      assert.equal((await send('editor of alpha', EDIT(), { ...form, version: '1' }, 'forged')).statusCode, 403);
      const beta = await clients['editor of beta']!.post(EDIT(), {
        _csrf: await clients['editor of beta']!.csrf(NEW()),
        ...form,
        version: '1',
      });
      assert.equal(beta.statusCode, 403);
      const both = await send('editor of alpha', NEW(), { ...form, mechanisms: ['alpha-process', 'beta-forum'] });
      assert.equal(both.statusCode, 403);
      assert.match(both.body, /alpha-process, beta-forum/);
      assert.equal(await snapshot(), before);
    });

    it('an editor changes a record through its form; a stale form is shown again with the current version', async () => {
      const page = await clients['editor of alpha']!.get(EDIT('es'));
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /value="Document alpha-outcome-2020"/);
      assert.match(page.body, /name="version" value="1"/);
      const res = await send('editor of alpha', EDIT('es'), {
        ...form,
        title: 'Alpha outcome, as adopted',
        kind: 'outcome-document',
        date: '2020-11-02',
        version: '1',
      });
      assert.equal(res.statusCode, 303, res.body.slice(0, 500));
      assert.equal(res.headers.location, `/es/documents/${DOC}`);
      const row = (await store.documentWithLinks(t.db, DOC))!;
      assert.equal(row.row.title, 'Alpha outcome, as adopted');
      assert.equal(row.row.date_precision, 'day');
      assert.equal(row.row.version, 2);
      const before = await snapshot();
      const stale = await send('editor of alpha', EDIT('es'), { ...form, title: 'Stale', version: '1' });
      assert.equal(stale.statusCode, 409);
      assert.match(stale.body, /Alguien modificó esta ficha/);
      assert.match(stale.body, /name="version" value="2"/);
      assert.equal(await snapshot(), before);
    });

    it('links: the documents list, the document page and the mechanism’s editing page', async () => {
      const list = await clients.anonymous!.get('/en/documents');
      assert.match(list.body, /href="\/en\/edit\/documents\/new">Add a document</);
      const doc = await clients.anonymous!.get(`/ar/documents/${DOC}`);
      assert.match(doc.body, new RegExp(`href="/ar/edit/documents/${DOC}">تعديل هذا السجل<`));
      const desk = await clients['editor of alpha']!.get('/en/edit/mechanisms/alpha-process');
      assert.equal(desk.statusCode, 200);
      assert.match(desk.body, /href="\/en\/edit\/documents\/new\?mechanism=alpha-process"/);
    });
  });
}
