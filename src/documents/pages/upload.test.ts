/**
 * The upload form on SQLite and PostgreSQL: a real PDF (pdf-lib) sent through the form with its CSRF token lands
 * on the document page with its size and text state, then its paragraph anchors once the worker has read it;
 * each refusal (missing field, too large, wrong type by content, duplicate, bad CSRF) re-shows the form with the
 * message next to its field in the reader's language and changes nothing; the permission matrix of GET and POST.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp, loadReference } from '../../app.js';
import { Client } from '../../../test/helpers/client.js';
import { createTestDatabase, engines, type TestDatabase } from '../../../test/helpers/db.js';
import { insertDocument } from '../../../test/helpers/documents.js';
import { textPdf } from '../../../test/helpers/pdf.js';
import { MINI } from '../../../test/helpers/reference.js';
import { ROLES, seedRoleUsers, signedInClients } from '../../../test/helpers/roles.js';
import { LocalBlobStore } from '../files/blobs.js';

const LIMIT = 200_000;
const DOC = 'alpha-upload-2021';
const FORM = (lang = 'en', doc = DOC) => `/${lang}/edit/documents/${doc}/versions/new`;

type Part = { name: string; value: string } | { name: string; filename: string; bytes: Buffer; type?: string };
function multipart(parts: Part[]) {
  const boundary = '----iscm-upload-form';
  const chunks: Buffer[] = [];
  for (const p of parts) {
    if ('value' in p)
      chunks.push(
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`),
      );
    else
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: ${p.type ?? 'application/pdf'}\r\n\r\n`,
        ),
        p.bytes,
        Buffer.from('\r\n'),
      );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
}

const PAGES = [
  ['Outcome of the Alpha Process meeting', '1. Welcome the work of the secretariat.', '2. Recall the declaration.'],
  ['12. Commit to share information on recruitment.', '13. Agree to meet again in two years.'],
];

for (const { engine, skip } of await engines()) {
  describe(`the upload form on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let dir: string;
    let clients: Record<string, Client>;
    let pdf: Buffer;
    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db, MINI);
      await insertDocument(t.db, DOC, 'alpha-process');
      await insertDocument(t.db, 'beta-only-2021', 'beta-forum');
      dir = mkdtempSync(join(tmpdir(), 'iscm-upload-'));
      app = await buildApp({
        database: t,
        cacheTtlMs: 0,
        blobs: new LocalBlobStore(dir),
        uploadLimitBytes: LIMIT,
        sessionSecret: 'upload-form-test-secret',
        extractLimits: { timeoutMs: 120_000, heapMb: 128, maxPages: 40, maxChars: 2_000_000 },
      });
      await seedRoleUsers(t.db);
      clients = await signedInClients(app);
      pdf = await textPdf(PAGES, 'Alpha upload');
    });
    after(async () => {
      await app?.close();
      await t?.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    const versions = async () =>
      (await t.db.selectFrom('document_version').select(['id', 'lang', 'status']).execute()).length;
    const audits = async () =>
      Number(
        (
          await t.db
            .selectFrom('audit_event')
            .select((e) => e.fn.countAll().as('n'))
            .where('action', '=', 'document.version.upload')
            .executeTakeFirstOrThrow()
        ).n,
      );
    /** POST the form as a browser would: the CSRF token read from the form first, then the fields and the file. */
    async function send(who: string, parts: Part[], opts: { lang?: string; csrf?: string | null } = {}) {
      const c = clients[who]!;
      const lang = opts.lang ?? 'en';
      let token = opts.csrf;
      if (token === undefined) {
        const form = await c.get(FORM(lang));
        token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? 'none';
      }
      const body = multipart([...(token === null ? [] : [{ name: '_csrf', value: token }]), ...parts]);
      return app.inject({
        method: 'POST',
        url: FORM(lang),
        payload: body.payload,
        headers: { 'content-type': body.type, cookie: c.header() },
      });
    }
    const fields = (language = 'en', status = 'official') => [
      { name: 'language', value: language },
      { name: 'status', value: status },
    ];
    const file = (bytes: Buffer, filename = 'outcome.pdf') => ({ name: 'file', filename, bytes });
    /** The text of a field's error (the element the field's aria-describedby names). */
    const errorOf = (html: string, field: string) => {
      const m = new RegExp(`id="f-${field}-err"[^>]*>([^<]+)<`).exec(html);
      return m?.[1]?.replace(/&quot;/g, '"').replace(/&amp;/g, '&') ?? null;
    };

    it('permission matrix: signed out → sign in; only editors of the mechanism and administrators; refusals change nothing', async () => {
      const may = new Set(['admin', 'editor of alpha']);
      for (const who of ['anonymous', ...Object.keys(ROLES)]) {
        const got = await clients[who]!.get(FORM());
        const expected = who === 'anonymous' ? 303 : may.has(who) ? 200 : 403;
        assert.equal(got.statusCode, expected, `GET as ${who}`);
        if (who === 'anonymous') assert.equal(got.headers.location, '/en/sign-in');
      }
      for (const who of ['anonymous', ...Object.keys(ROLES)].filter((w) => !may.has(w))) {
        const res = await send(who, [...fields(), file(pdf)], { csrf: 'not-a-token' });
        assert.equal(res.statusCode, who === 'anonymous' ? 303 : 403, `POST as ${who}`);
        if (who !== 'anonymous') assert.match(res.body, /administrator may upload its files/);
      }
      // a document of beta-forum: the editor of alpha may not upload to it
      assert.equal((await clients['editor of alpha']!.get(FORM('en', 'beta-only-2021'))).statusCode, 403);
      assert.equal((await clients['editor of beta']!.get(FORM('en', 'beta-only-2021'))).statusCode, 200);
      assert.equal((await clients.admin!.get(FORM('en', 'no-such-document'))).statusCode, 404);
      assert.equal(await versions(), 0);
      assert.equal(await audits(), 0);
    });

    it('without its CSRF token, or with a forged one, the upload is refused (403) and nothing is stored', async () => {
      assert.equal((await send('editor of alpha', [...fields(), file(pdf)], { csrf: null })).statusCode, 403);
      const forged = await send('editor of alpha', [...fields(), file(pdf)], { csrf: 'forged-token' });
      assert.equal(forged.statusCode, 403);
      assert.match(forged.body, /did not come from this site/);
      assert.equal(await versions(), 0);
    });

    it('the form: file, language (UN languages first, then others) and status, with its CSRF token, in the reader’s language', async () => {
      const res = await clients['editor of alpha']!.get(FORM('fr'));
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /enctype="multipart\/form-data"/);
      assert.match(res.body, /name="_csrf" value="[^"]+"/);
      assert.match(res.body, /<input[^>]*type="file"|<input[^>]*name="file"/);
      assert.match(res.body, /<optgroup label="Langues officielles des Nations Unies">/);
      assert.match(res.body, /<option value="fr" selected[^>]*>français</);
      assert.match(res.body, /<option value="pt">portugais</);
      assert.match(res.body, /value="machine-translation"/);
      assert.match(res.body, /Téléverser une version linguistique/);
      assert.match(String(res.headers['cache-control']), /no-store/);
    });

    it('a real PDF through the form: 303 to the document page with its size and state, then #para-12 after extraction', async () => {
      const res = await send('editor of alpha', [...fields('en', 'official'), file(pdf)]);
      assert.equal(res.statusCode, 303, res.body.slice(0, 500));
      const location = String(res.headers.location);
      const m = /^\/en\/documents\/alpha-upload-2021\?version=(v-[0-9a-f-]+)#files$/.exec(location);
      assert.ok(m, location);
      const vid = m[1]!;
      const row = await t.db.selectFrom('document_version').selectAll().where('id', '=', vid).executeTakeFirstOrThrow();
      assert.equal(row.size_bytes, pdf.length);
      assert.equal(row.lang, 'en');
      assert.equal(row.filename, 'outcome.pdf');
      assert.equal(await audits(), 1);
      const page = await clients.anonymous!.get(location.replace(/#.*/, ''));
      assert.equal(page.statusCode, 200);
      const size = new Intl.NumberFormat('en', {
        style: 'unit',
        unit: 'kilobyte',
        unitDisplay: 'short',
      }).format(Math.round(pdf.length / 1e3));
      assert.ok(page.body.includes(size), `size ${size} on the page`);
      assert.match(page.body, /text being read|text read/);
      // the extraction runs in the worker, off the request: wait for it
      let html = '';
      for (let i = 0; i < 600; i++) {
        html = (await clients.anonymous!.get(`/en/documents/${DOC}?version=${vid}`)).body;
        if (!/text being read/.test(html)) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.match(html, /class="text-state extracted">text read</);
      assert.match(html, /<p id="para-12"><a href="#para-12"/);
      assert.match(html, /Commit to share information on recruitment/);
      // in Arabic, the page names the state in Arabic
      const ar = (await clients.anonymous!.get(`/ar/documents/${DOC}?version=${vid}`)).body;
      assert.match(ar, /قُرئ النص/);
    });

    it('refusals re-show the form with the message next to the field, in the reader’s language, and change nothing', async () => {
      const before = [await versions(), await audits()];
      const cases: { lang: string; parts: Part[]; status: number; field: string; message: RegExp }[] = [
        { lang: 'en', parts: fields(), status: 400, field: 'file', message: /Choose a file to upload/ },
        {
          lang: 'fr',
          parts: [{ name: 'status', value: 'official' }, file(pdf)],
          status: 400,
          field: 'language',
          message: /Choisissez la langue du fichier/,
        },
        {
          lang: 'en',
          parts: [...fields('english'), file(pdf)],
          status: 400,
          field: 'language',
          message: /"english" is not a language code/,
        },
        {
          lang: 'es',
          parts: [...fields('es', 'draft'), file(pdf)],
          status: 400,
          field: 'status',
          message: /«draft» no es un estado/,
        },
        {
          lang: 'en',
          parts: [
            ...fields(),
            file(Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(LIMIT + 10, 32)]), 'big.pdf'),
          ],
          status: 413,
          field: 'file',
          message: /larger than 200 kB/,
        },
        {
          lang: 'ar',
          parts: [...fields(), file(Buffer.from('just some plain text, named as a PDF'), 'fake.pdf')],
          status: 415,
          field: 'file',
          message: /هذا الملف ليس ملف PDF/,
        },
        {
          lang: 'en',
          parts: [
            ...fields(),
            file(
              Buffer.from('\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89', 'latin1'),
            ),
          ],
          status: 415,
          field: 'file',
          message: /by its content, it is image\/png/,
        },
        {
          lang: 'zh',
          parts: [...fields('fr', 'unofficial'), file(pdf, 'again.pdf')],
          status: 409,
          field: 'file',
          message: /此文件已上传过/,
        },
      ];
      for (const c of cases) {
        const res = await send('editor of alpha', c.parts, { lang: c.lang });
        assert.equal(res.statusCode, c.status, `${c.field} ${String(c.message)}: ${res.body.slice(0, 300)}`);
        const message = errorOf(res.body, c.field);
        assert.ok(message, `an error next to ${c.field} for ${String(c.message)}`);
        assert.match(message, c.message);
        assert.match(
          res.body,
          new RegExp(
            `id="f-${c.field}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="f-${c.field}"|<fieldset id="f-${c.field}"`,
          ),
        );
        assert.match(res.body, /role="alert"/);
        assert.match(res.body, new RegExp(`<html[^>]*lang="${c.lang}`));
      }
      // the chosen language and status are kept on a re-shown form
      const kept = await send('editor of alpha', fields('ru', 'machine-translation'));
      assert.match(kept.body, /<option value="ru" selected/);
      assert.match(kept.body, /value="machine-translation"[^>]*checked|checked[^>]*value="machine-translation"/);
      assert.deepEqual([await versions(), await audits()], before);
    });
  });
}
