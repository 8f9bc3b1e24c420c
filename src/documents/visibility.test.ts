/**
 * Per-document visibility (issue 17, item 2) on both engines: the MATRIX of roles (anonymous, a signed-in
 * outsider, a delegate of a member State, a delegate of an observer State, the secretariat, an administrator) ×
 * visibility (public, members, members-and-observers) × every read route (the documents list, the document page,
 * the API list and item, the files API, the search API, the sitemap, the Atom feeds, the member space's listing
 * API and page); the exports and the release leave closed documents out; the PATCH's permission (an outsider gets
 * 403 and nothing changes), bad input (400 naming `visibility`, nothing changes), its audit event, and the form
 * on the document's edit page.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp, loadReference } from '../app.js';
import { LocalBlobStore } from './files/blobs.js';
import { dumpPublicTables } from '../db/dump.js';
import { exportTables } from '../registry/export.js';
import { buildRelease } from '../releases/service.js';
import { createTestDatabase, engines, type TestDatabase } from '../../test/helpers/db.js';
import type { Client } from '../../test/helpers/client.js';
import { insertDocument } from '../../test/helpers/documents.js';
import { textPdf } from '../../test/helpers/pdf.js';
import { MINI } from '../../test/helpers/reference.js';
import { roleEmail, seedRoleUsers, signedInClients } from '../../test/helpers/roles.js';

interface Json {
  [k: string]: unknown;
}
const M = 'alpha-process';
const ROLES = [
  'anonymous',
  'no role',
  'delegate of SEN (member)',
  'delegate of FRA (observer)',
  'editor of alpha',
  'admin',
] as const;
type Role = (typeof ROLES)[number];
/** A meeting of alpha-process in the mini fixture: the three documents are linked to it. */
const MEETING = 'alpha-process-2025-ministerial';
const VISIBILITIES = ['public', 'members', 'members-and-observers'] as const;
type Vis = (typeof VISIBILITIES)[number];
/** One document of alpha-process per visibility, with a distinctive word in its title for the search. */
const DOC: Record<Vis, string> = {
  public: 'vis-public',
  members: 'vis-members',
  'members-and-observers': 'vis-observers',
};
const TITLE: Record<Vis, string> = {
  public: 'Quokkavis public declaration',
  members: 'Quokkavis members briefing',
  'members-and-observers': 'Quokkavis observers note',
};
/** Who sees a document in the member space of alpha-process. */
const IN_SPACE: Record<Role, Vis[]> = {
  anonymous: ['public'],
  'no role': ['public'],
  'delegate of SEN (member)': ['public', 'members', 'members-and-observers'],
  'delegate of FRA (observer)': ['public', 'members-and-observers'],
  'editor of alpha': ['public', 'members', 'members-and-observers'],
  admin: ['public', 'members', 'members-and-observers'],
};

for (const { engine, skip } of await engines()) {
  describe(`document visibility on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let tokens: Record<string, string>;
    let clients: Record<string, Client>;
    const api = async (role: Role, method: 'GET' | 'PATCH' | 'POST', url: string, payload?: unknown) => {
      const headers: Record<string, string> = {};
      if (role !== 'anonymous') headers.authorization = `Bearer ${tokens[role]}`;
      if (payload !== undefined) headers['content-type'] = 'application/json';
      const res = await app.inject({
        method,
        url,
        headers,
        ...(payload === undefined ? {} : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
      });
      let body: Json = {};
      try {
        body = JSON.parse(res.body) as Json;
      } catch {
        // a page or a file
      }
      return { status: res.statusCode, body, raw: res.body, res };
    };
    const visibilityInDb = async (id: string) =>
      (await t.db.selectFrom('document').select('visibility').where('id', '=', id).executeTakeFirstOrThrow())
        .visibility;
    const auditCount = async () =>
      (await t.db.selectFrom('audit_event').select('id').where('action', '=', 'document.visibility').execute()).length;

    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db, MINI);
      // The documents and one file version each (its text extracted: a rendition page in the sitemap) before the
      // app starts; their visibility is then set through the API.
      for (const v of VISIBILITIES) {
        await insertDocument(t.db, DOC[v], M);
        await t.db
          .updateTable('document')
          .set({ title: TITLE[v], meeting_id: MEETING })
          .where('id', '=', DOC[v])
          .execute();
        await t.db
          .insertInto('document_version')
          .values({
            id: `${DOC[v]}-en`,
            document_id: DOC[v],
            lang: 'en',
            status: 'official',
            sha256: DOC[v].padEnd(64, '0'),
            size_bytes: 10,
            media_type: 'application/pdf',
            blob_key: DOC[v],
            pages: 1,
            text_status: 'extracted',
            text_error: null,
            filename: null,
            created_at: new Date().toISOString(),
            created_by: null,
            updated_at: new Date().toISOString(),
          })
          .execute();
        await t.db
          .insertInto('document_page')
          .values({ version_id: `${DOC[v]}-en`, page: 1, text: `Quokkavis text of the ${v} document.` })
          .execute();
      }
      app = await buildApp({ database: t, blobs: new LocalBlobStore(mkdtempSync(join(tmpdir(), 'iscm-vis-blobs-'))) });
      const names = ROLES.filter((r) => r !== 'anonymous');
      ({ tokens } = await seedRoleUsers(t.db, names));
      clients = await signedInClients(app, names);
      for (const [role, country] of [
        ['delegate of SEN (member)', 'SEN'],
        ['delegate of FRA (observer)', 'FRA'],
      ] as const) {
        const r = await api('admin', 'POST', `/api/v1/countries/${country}/delegates`, { email: roleEmail(role) });
        assert.equal(r.status, 201, JSON.stringify(r.body));
      }
      // The search index, the sitemap and the feed are read once while everything is public: closing must update them.
      assert.equal((await api('anonymous', 'GET', '/api/v1/search?q=Quokkavis')).status, 200);
      for (const v of ['members', 'members-and-observers'] as const) {
        const r = await api('editor of alpha', 'PATCH', `/api/v1/documents/${DOC[v]}/visibility`, { visibility: v });
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.deepEqual({ id: r.body.id, visibility: r.body.visibility }, { id: DOC[v], visibility: v });
      }
    });
    after(async () => {
      await app?.close();
      await t?.dispose();
    });

    describe('the read matrix: every role × every visibility × every read route', () => {
      for (const role of ROLES) {
        const get = (url: string) => clients[role]!.get(url);
        it(`${role}: the documents list, the mechanism's profile and the meeting page show only the public document`, async () => {
          const res = await get(`/en/documents?mechanism=${M}`);
          assert.equal(res.statusCode, 200);
          for (const v of VISIBILITIES)
            assert.equal(res.body.includes(`/en/documents/${DOC[v]}"`), v === 'public', `${v} in the list`);
          assert.doesNotMatch(res.body, /Quokkavis (members|observers)/);
          // The mechanism's profile lists its documents the same way.
          const profile = await get(`/en/mechanisms/${M}`);
          assert.equal(profile.statusCode, 200);
          assert.match(profile.body, /Quokkavis public declaration/);
          assert.doesNotMatch(profile.body, /Quokkavis (members|observers)/);
          const meeting = await get(`/en/meetings/${MEETING}`);
          assert.equal(meeting.statusCode, 200);
          assert.match(meeting.body, /Quokkavis public declaration/);
          assert.doesNotMatch(meeting.body, /Quokkavis (members|observers)/);
        });
        it(`${role}: the document page answers 200 for the public document, 404 for the closed ones`, async () => {
          for (const v of VISIBILITIES) {
            const res = await get(`/en/documents/${DOC[v]}`);
            assert.equal(res.statusCode, v === 'public' ? 200 : 404, v);
            const rendition = await get(`/en/documents/${DOC[v]}/versions/${DOC[v]}-en`);
            assert.equal(rendition.statusCode, v === 'public' ? 200 : 404, `${v} rendition`);
            if (v !== 'public') assert.doesNotMatch(res.body + rendition.body, /Quokkavis/);
          }
        });
        it(`${role}: GET /api/v1/documents lists only the public document`, async () => {
          const r = await api(role, 'GET', `/api/v1/documents?mechanism=${M}&limit=500`);
          assert.equal(r.status, 200);
          assert.deepEqual((r.body.items as { id: string }[]).map((d) => d.id).sort(), [DOC.public]);
          assert.equal(r.body.total, 1);
        });
        it(`${role}: GET /api/v1/documents/{id}, its version and its paragraphs: 404 for the closed ones`, async () => {
          for (const v of VISIBILITIES) {
            const item = await api(role, 'GET', `/api/v1/documents/${DOC[v]}`);
            assert.equal(item.status, v === 'public' ? 200 : 404, `${v}: ${item.raw.slice(0, 200)}`);
            const version = await api(role, 'GET', `/api/v1/documents/${DOC[v]}/versions/${DOC[v]}-en`);
            assert.equal(version.status, v === 'public' ? 200 : 404, `${v} version`);
            const file = await api(role, 'GET', `/api/v1/documents/${DOC[v]}/versions/${DOC[v]}-en/file`);
            if (v !== 'public') assert.equal(file.status, 404, `${v} file`);
            const para = await api(role, 'GET', `/api/v1/documents/${DOC[v]}/paragraphs/1`);
            assert.equal(para.status, 404, `${v} paragraph (none is numbered, and closed ones are not told)`);
            if (v !== 'public') assert.doesNotMatch(item.raw + version.raw + file.raw, /Quokkavis/);
          }
        });
        it(`${role}: the search API finds only the public document`, async () => {
          const r = await api(role, 'GET', '/api/v1/search?q=Quokkavis');
          assert.equal(r.status, 200);
          const paths = (r.body.items as { path: string | null }[]).map((i) => i.path);
          for (const v of VISIBILITIES)
            assert.equal(paths.includes(`/documents/${DOC[v]}`), v === 'public', `${v} in the search`);
          assert.doesNotMatch(r.raw, /Quokkavis (members|observers)/);
        });
        it(`${role}: the sitemap lists only the public document and its rendition`, async () => {
          const res = await get('/sitemap.xml');
          assert.equal(res.statusCode, 200);
          for (const v of VISIBILITIES) {
            assert.equal(res.body.includes(`/documents/${DOC[v]}<`), v === 'public', `${v} page`);
            assert.equal(res.body.includes(`/documents/${DOC[v]}/versions/`), v === 'public', `${v} rendition`);
          }
        });
        it(`${role}: the Atom feeds tell only the public document`, async () => {
          for (const url of ['/feeds/changes.atom?lang=en', `/feeds/mechanisms/${M}.atom?lang=en`]) {
            const res = await get(url);
            assert.equal(res.statusCode, 200, url);
            for (const v of VISIBILITIES)
              assert.equal(res.body.includes(`/documents/${DOC[v]}"`), v === 'public', `${v} in ${url}`);
            assert.doesNotMatch(res.body, /Quokkavis (members|observers)|vis-members|vis-observers/);
          }
        });
        const sees = IN_SPACE[role];
        it(`${role}: the member space lists ${sees.join(', ')} (API and page)`, async () => {
          const r = await api(role, 'GET', `/api/v1/spaces/${M}/documents`);
          assert.equal(r.status, 200);
          assert.equal(r.res.headers['cache-control'], 'private, no-store');
          const items = r.body.items as { id: string; visibility: string; files: { url: string }[] }[];
          assert.deepEqual(items.map((d) => d.id).sort(), sees.map((v) => DOC[v]).sort());
          for (const d of items) assert.equal(d.files.length, 1);
          const page = await get(`/en/spaces/${M}`);
          assert.equal(page.statusCode, 200);
          for (const v of VISIBILITIES)
            assert.equal(page.body.includes(TITLE[v]), sees.includes(v), `${v} on the page`);
          assert.equal(page.body.includes('Closed to members<'), sees.includes('members'), 'the members badge');
          assert.equal(
            page.body.includes('Closed to members and observers<'),
            sees.includes('members-and-observers'),
            'the observers badge',
          );
          // A closed file through the space: 404 for who may not see the document (it is not told).
          const url = `/api/v1/spaces/${M}/documents/${DOC.members}/versions/${DOC.members}-en/file`;
          if (!sees.includes('members')) assert.equal((await api(role, 'GET', url)).status, 404);
        });
      }
    });

    it('the export and the release leave the closed documents out (and their rows in the child tables)', async () => {
      const dump = await dumpPublicTables(t.db);
      assert.deepEqual(
        dump.document!.map((r) => r.id),
        [DOC.public],
      );
      assert.deepEqual(
        dump.document_mechanism!.map((r) => r.document_id),
        [DOC.public],
      );
      const dir = mkdtempSync(join(tmpdir(), 'iscm-vis-'));
      await exportTables(t.db, join(dir, 'export'), ['json']);
      const exported = readFileSync(join(dir, 'export', 'document.json'), 'utf8');
      assert.match(exported, /vis-public/);
      assert.doesNotMatch(exported, /vis-members|vis-observers|Quokkavis (members|observers)/);
      const built = await buildRelease(t.db, join(dir, 'releases'), '2026-12-04');
      assert.ok(built.path);
      const text = readdirSync(built.path, { recursive: true, encoding: 'utf8' })
        .filter((f) => /\.(json|csv)$/.test(f))
        .map((f) => readFileSync(join(built.path!, f), 'utf8'))
        .join('\n');
      assert.match(text, /vis-public/);
      assert.doesNotMatch(text, /vis-members|vis-observers|Quokkavis (members|observers)/);
    });

    describe('PATCH /api/v1/documents/{id}/visibility', () => {
      for (const role of ['anonymous', 'no role', 'delegate of SEN (member)', 'delegate of FRA (observer)'] as const)
        it(`${role}: ${role === 'anonymous' ? 401 : 403}, and nothing changes`, async () => {
          const before = await auditCount();
          const r = await api(role, 'PATCH', `/api/v1/documents/${DOC.members}/visibility`, { visibility: 'public' });
          assert.equal(r.status, role === 'anonymous' ? 401 : 403, JSON.stringify(r.body));
          assert.match(String(r.res.headers['content-type']), /application\/problem\+json/);
          assert.equal(await visibilityInDb(DOC.members), 'members');
          assert.equal(await auditCount(), before);
          assert.equal((await api('anonymous', 'GET', `/api/v1/documents/${DOC.members}`)).status, 404);
        });

      it('an editor of another mechanism: 403, nothing changes', async () => {
        const r = await app.inject({
          method: 'PATCH',
          url: `/api/v1/documents/${DOC.members}/visibility`,
          headers: { authorization: `Bearer ${tokens['no role']}`, 'content-type': 'application/json' },
          payload: JSON.stringify({ visibility: 'public' }),
        });
        assert.equal(r.statusCode, 403);
        assert.equal(await visibilityInDb(DOC.members), 'members');
      });

      it('bad input: 400 problem+json naming visibility, and nothing changes', async () => {
        const before = await auditCount();
        for (const payload of [{ visibility: 'secret' }, {}, { visibility: 'public', extra: 1 }, { visibility: 3 }]) {
          const r = await api('editor of alpha', 'PATCH', `/api/v1/documents/${DOC.members}/visibility`, payload);
          assert.equal(r.status, 400, JSON.stringify(payload));
          assert.match(String(r.res.headers['content-type']), /application\/problem\+json/);
          const names = (r.body.errors as { name: string }[]).map((e) => e.name);
          assert.ok(
            names.includes('visibility') || names.includes('extra'),
            `${JSON.stringify(payload)}: ${JSON.stringify(r.body)}`,
          );
        }
        const notJson = await api('editor of alpha', 'PATCH', `/api/v1/documents/${DOC.members}/visibility`, 'x');
        assert.equal(notJson.status, 400);
        assert.equal(await visibilityInDb(DOC.members), 'members');
        assert.equal(await auditCount(), before);
      });

      it('an unknown document: 404', async () => {
        const r = await api('admin', 'PATCH', '/api/v1/documents/no-such-document/visibility', {
          visibility: 'public',
        });
        assert.equal(r.status, 404);
      });

      it('the editor opens a document and closes it again: audited, and every public read follows at once', async () => {
        const before = await auditCount();
        const open = await api('admin', 'PATCH', `/api/v1/documents/${DOC.members}/visibility`, {
          visibility: 'public',
        });
        assert.equal(open.status, 200, JSON.stringify(open.body));
        assert.equal((await api('anonymous', 'GET', `/api/v1/documents/${DOC.members}`)).status, 200);
        const search = await api('anonymous', 'GET', '/api/v1/search?q=Quokkavis');
        assert.ok((search.body.items as { path: string }[]).some((i) => i.path === `/documents/${DOC.members}`));
        const close = await api('editor of alpha', 'PATCH', `/api/v1/documents/${DOC.members}/visibility`, {
          visibility: 'members',
        });
        assert.equal(close.status, 200);
        assert.equal((await api('anonymous', 'GET', `/api/v1/documents/${DOC.members}`)).status, 404);
        const events = await t.db
          .selectFrom('audit_event')
          .selectAll()
          .where('action', '=', 'document.visibility')
          .where('record_id', '=', DOC.members)
          .execute();
        assert.equal(events.length - (before - 0) >= 0, true);
        assert.equal(await auditCount(), before + 2);
        assert.ok(events.some((e) => String(e.after).includes('public')));
      });
    });

    it('a file of a closed document: through the space for its members only, never through the public API', async () => {
      const pdf = await textPdf([['Quokkavis closed text', '1. Members only.']]);
      const boundary = '----iscm-vis-boundary';
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="language"\r\n\r\nfr\r\n`),
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="status"\r\n\r\nofficial\r\n`),
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="b.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
        ),
        pdf,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const up = await app.inject({
        method: 'POST',
        url: `/api/v1/documents/${DOC.members}/versions`,
        headers: {
          authorization: `Bearer ${tokens['editor of alpha']}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
        },
        payload,
      });
      assert.equal(up.statusCode, 201, up.body);
      const version = (JSON.parse(up.body) as { id: string }).id;
      const url = `/api/v1/spaces/${M}/documents/${DOC.members}/versions/${version}/file`;
      for (const role of ROLES) {
        const r = await api(role, 'GET', url);
        const may = IN_SPACE[role].includes('members');
        assert.equal(r.status, may ? 200 : 404, role);
        if (may) {
          assert.equal(r.res.headers['content-type'], 'application/pdf');
          assert.equal(r.res.headers['cache-control'], 'private, no-store');
          assert.ok(r.res.rawPayload.equals(pdf));
        }
        const open = await api(role, 'GET', `/api/v1/documents/${DOC.members}/versions/${version}/file`);
        assert.equal(open.status, 404, `${role}: the public file route`);
      }
    });

    describe('the form on the edit page', () => {
      const page = `/en/edit/documents/${DOC.members}/versions/new`;
      it('the secretariat sees the closed document and its visibility; an outsider gets 403', async () => {
        const res = await clients['editor of alpha']!.get(page);
        assert.equal(res.statusCode, 200);
        assert.match(res.body, /Who may see this document/);
        assert.match(res.body, /value="members"[^>]*checked/);
        const outsider = await clients['no role']!.get(page);
        assert.equal(outsider.statusCode, 403);
        assert.doesNotMatch(outsider.body, /Quokkavis/);
      });
      it('a bad value re-shows the form with the message at the field, and nothing changes', async () => {
        const c = clients['editor of alpha']!;
        const res = await c.post(`/en/edit/documents/${DOC.members}/visibility`, {
          _csrf: await c.csrf(page),
          visibility: 'secret',
        });
        assert.equal(res.statusCode, 400);
        assert.match(res.body, /f-visibility-err/);
        assert.match(res.body, /&quot;secret&quot; is not a visibility/);
        assert.equal(await visibilityInDb(DOC.members), 'members');
      });
      it('an outsider posting the form gets 403 and nothing changes', async () => {
        const c = clients['no role']!;
        const res = await c.post(`/en/edit/documents/${DOC.members}/visibility`, {
          _csrf: await c.csrf('/en/sign-in'),
          visibility: 'public',
        });
        assert.equal(res.statusCode, 403);
        assert.equal(await visibilityInDb(DOC.members), 'members');
      });
      it('the secretariat sets members-and-observers: 303 back to the page, which says it is saved', async () => {
        const c = clients['editor of alpha']!;
        const res = await c.post(`/en/edit/documents/${DOC.members}/visibility`, {
          _csrf: await c.csrf(page),
          visibility: 'members-and-observers',
        });
        assert.equal(res.statusCode, 303);
        assert.equal(await visibilityInDb(DOC.members), 'members-and-observers');
        const back = await c.get(String(res.headers.location).replace(/#.*/, ''));
        assert.match(back.body, /The visibility is saved/);
        // The FRA observer's delegate now sees it in the space.
        const r = await api('delegate of FRA (observer)', 'GET', `/api/v1/spaces/${M}/documents`);
        assert.ok((r.body.items as { id: string }[]).some((d) => d.id === DOC.members));
      });
    });
  });
}
