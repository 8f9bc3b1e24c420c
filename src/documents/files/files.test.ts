/**
 * Document files on SQLite and PostgreSQL: who may upload (401/403 before the body), what is refused (400, 415,
 * 413, 409 naming the version), the text read in a worker (paragraphs 12, 12(b), II.3 with their own address),
 * scanned, encrypted, malformed and fuzzed files failing cleanly while the server keeps answering, and search
 * finding a word that is only inside an uploaded PDF.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp, loadReference } from '../../app.js';
import { createTestDatabase, engines, type TestDatabase } from '../../../test/helpers/db.js';
import { blankPdf, encrypted, mutate, random, textPdf } from '../../../test/helpers/pdf.js';
import { MINI } from '../../../test/helpers/reference.js';
import { seedRoleUsers } from '../../../test/helpers/roles.js';
import { LocalBlobStore } from './blobs.js';
import { detectParagraphs } from './paragraphs.js';

interface Json {
  [k: string]: unknown;
}
const LIMIT = 200_000;
const DOC = 'alpha-declaration-2020';

function multipart(fields: Record<string, string>, file?: { name: string; bytes: Buffer; type?: string }) {
  const boundary = '----iscm-test-boundary';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file)
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/pdf'}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from('\r\n'),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const OUTCOME = [
  [
    'Outcome document of the Alpha Process ministerial meeting',
    'The participating States,',
    '1. Welcome the work of the secretariat on labour mobility.',
    '2. Recall the declaration adopted in Valletta and its action plan,',
    'which remains the framework of the dialogue.',
    '3. Agree to meet again in two years.',
  ],
  [
    '12. Commit to strengthen the protection of zanzibarite workers:',
    '(a) by sharing information on recruitment;',
    '(b) by supporting the return and reintegration of migrants.',
    'II.3 The chair will report on progress.',
  ],
];

for (const { engine, skip } of await engines()) {
  describe(`document files on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let tokens: Record<string, string> = {};
    let dir: string;
    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db, MINI);
      const now = new Date().toISOString();
      await t.db
        .insertInto('document')
        .values({
          id: DOC,
          title: 'Alpha Process ministerial outcome document',
          titles: '{}',
          kind: 'outcome-document',
          date: '2020',
          date_precision: 'year',
          year: 2020,
          meeting_id: null,
          meeting_match: null,
          meeting_text: null,
          meeting_place: null,
          meeting_candidates: '[]',
          meeting_compilation_note: null,
          adopted_by: null,
          url: null,
          summary_facts: '[]',
          structure_hint: null,
          confidence: 'medium',
          compilation_note: null,
          version: 1,
          updated_at: now,
        })
        .execute();
      await t.db
        .insertInto('document_mechanism')
        .values({ document_id: DOC, mechanism_id: 'alpha-process', seq: 0 })
        .execute();
      dir = mkdtempSync(join(tmpdir(), 'iscm-blobs-'));
      app = await buildApp({
        database: t,
        cacheTtlMs: 0,
        blobs: new LocalBlobStore(dir),
        uploadLimitBytes: LIMIT,
        extractLimits: { timeoutMs: 120_000, heapMb: 128, maxPages: 40, maxChars: 2_000_000 },
      });
      tokens = (await seedRoleUsers(t.db)).tokens;
    });
    after(async () => {
      await app?.close();
      await t?.dispose();
      rmSync(dir, { recursive: true, force: true });
    });
    const upload = (who: string | null, body: ReturnType<typeof multipart>, doc = DOC) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/documents/${doc}/versions`,
        payload: body.payload,
        headers: { ...body.headers, ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}) },
      });
    const files = () => (app as unknown as { documentFiles?: unknown }).documentFiles;
    /** Wait for the version's text to be read. */
    async function settled(id: string): Promise<Json> {
      for (let i = 0; i < 3000; i++) {
        const v = JSON.parse((await app.inject(`/api/v1/documents/${DOC}/versions/${id}`)).body) as Json;
        if (v.textStatus !== 'pending') return v;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`version ${id} still pending`);
    }
    const auditCount = async () =>
      Number(
        (
          await t.db
            .selectFrom('audit_event')
            .select((e) => e.fn.countAll().as('n'))
            .where('action', '=', 'document.version.upload')
            .executeTakeFirstOrThrow()
        ).n,
      );
    let pdf: Buffer;
    let versionId = '';

    it('refuses in order: 401, 403, 400, 415, 413; nothing stored', async () => {
      void files;
      pdf = await textPdf(OUTCOME);
      const good = multipart({ language: 'en', status: 'official' }, { name: 'outcome.pdf', bytes: pdf });
      assert.equal((await upload(null, good)).statusCode, 401);
      const bad = await upload(null, multipart({}, { name: 'x.txt', bytes: Buffer.from('hello') }));
      assert.equal(bad.statusCode, 401, 'no token: 401 before the body is looked at');
      for (const who of ['editor of beta', 'focal point of SEN', 'reviewer', 'no role'])
        assert.equal((await upload(who, good)).statusCode, 403, who);
      assert.equal((await upload('editor of beta', multipart({}))).statusCode, 403, '403 before 400');
      assert.equal((await upload('editor of alpha', good, 'no-such-document')).statusCode, 404);

      const noLang = await upload('editor of alpha', multipart({ status: 'official' }, { name: 'a.pdf', bytes: pdf }));
      assert.equal(noLang.statusCode, 400);
      assert.equal((JSON.parse(noLang.body) as { errors: Json[] }).errors[0]!.name, 'language');
      const badStatus = multipart({ language: 'en', status: 'draft' }, { name: 'a.pdf', bytes: pdf });
      assert.match(
        (JSON.parse((await upload('editor of alpha', badStatus)).body) as Json).detail as string,
        /status "draft" is not valid/,
      );
      const noFile = await upload('editor of alpha', multipart({ language: 'en', status: 'official' }));
      assert.equal(noFile.statusCode, 400);

      const text = Buffer.from('not a pdf, only words');
      const named = multipart({ language: 'en', status: 'official' }, { name: 'outcome.pdf', bytes: text });
      const r415 = await upload('editor of alpha', named);
      assert.equal(r415.statusCode, 415, 'the type comes from the content, not the name or the part header');
      const big = Buffer.concat([pdf, Buffer.alloc(LIMIT, 0x20)]);
      const r413 = await upload(
        'editor of alpha',
        multipart({ language: 'en', status: 'official' }, { name: 'big.pdf', bytes: big }),
      );
      assert.equal(r413.statusCode, 413);
      const hugeText = multipart(
        { language: 'en', status: 'official' },
        { name: 'x.pdf', bytes: Buffer.alloc(LIMIT * 2, 0x41) },
      );
      assert.equal((await upload('editor of alpha', hugeText)).statusCode, 415, '415 before 413');
      const json = await app.inject({
        method: 'POST',
        url: `/api/v1/documents/${DOC}/versions`,
        payload: { language: 'en' },
        headers: { authorization: `Bearer ${tokens['editor of alpha']}` },
      });
      assert.equal(json.statusCode, 415);
      const rows = await t.db.selectFrom('document_version').selectAll().execute();
      assert.equal(rows.length, 0);
      assert.equal(await auditCount(), 0);
    });

    it('an editor of the mechanism uploads a version: sha-256 kept, audited, text read off the request path', async () => {
      const res = await upload(
        'editor of alpha',
        multipart({ language: 'en', status: 'official' }, { name: 'outcome.pdf', bytes: pdf }),
      );
      assert.equal(res.statusCode, 201, res.body);
      const v = JSON.parse(res.body) as Json;
      versionId = String(v.id);
      assert.equal(v.textStatus, 'pending');
      assert.equal(v.sizeBytes, pdf.length);
      assert.match(String(v.sha256), /^[0-9a-f]{64}$/);
      assert.equal(await auditCount(), 1);
      const done = await settled(versionId);
      assert.equal(done.textStatus, 'extracted', String(done.textError));
      assert.equal(done.pages, 2);
      const file = await app.inject(`/api/v1/documents/${DOC}/versions/${versionId}/file`);
      assert.equal(file.statusCode, 200);
      assert.ok(file.rawPayload.equals(pdf), 'the file comes back byte for byte');
    });

    it('the same file again is refused with 409 naming the version, even for another document or language', async () => {
      const again = await upload(
        'admin',
        multipart({ language: 'fr', status: 'unofficial' }, { name: 'copy.pdf', bytes: pdf }),
      );
      assert.equal(again.statusCode, 409);
      assert.match(again.body, new RegExp(`already version ${versionId}`));
      assert.equal(await auditCount(), 1);
    });

    it('numbered paragraphs have their own address, in the API and on the page', async () => {
      const p12 = JSON.parse((await app.inject(`/api/v1/documents/${DOC}/paragraphs/12`)).body) as { items: Json[] };
      assert.equal(p12.items.length, 1);
      assert.match(String(p12.items[0]!.text), /^Commit to strengthen the protection of zanzibarite workers:$/);
      assert.equal(p12.items[0]!.page, 2);
      assert.match(String(p12.items[0]!.citation), /^\/en\/documents\/alpha-declaration-2020\?version=.*#para-12$/);
      const b = JSON.parse((await app.inject(`/api/v1/documents/${DOC}/paragraphs/12(b)`)).body) as { items: Json[] };
      assert.match(String(b.items[0]!.text), /return and reintegration of migrants/);
      const sec = JSON.parse((await app.inject(`/api/v1/documents/${DOC}/paragraphs/II.3`)).body) as { items: Json[] };
      assert.match(String(sec.items[0]!.text), /chair will report/);
      const two = JSON.parse((await app.inject(`/api/v1/documents/${DOC}/paragraphs/2`)).body) as { items: Json[] };
      assert.match(
        String(two.items[0]!.text),
        /action plan, which remains the framework/,
        'a wrapped line stays in its paragraph',
      );
      assert.equal((await app.inject(`/api/v1/documents/${DOC}/paragraphs/99`)).statusCode, 404);
      assert.equal((await app.inject(`/api/v1/documents/${DOC}/paragraphs/twelve`)).statusCode, 400);
      const page = await app.inject(`/en/documents/${DOC}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /id="para-12"/);
      assert.match(page.body, /id="para-12b"/);
      assert.match(page.body, /id="para-II-3"/);
      assert.match(page.body, /href="#para-12"/, 'a citation link per paragraph');
      assert.match(page.body, /KB|kB|octets|bytes/);
    });

    it('each version has an HTML rendition: page by page, paragraph anchors, file size, link to the PDF', async () => {
      const page = await app.inject(`/en/documents/${DOC}/versions/${versionId}`);
      assert.equal(page.statusCode, 200, page.body);
      const body = page.body;
      assert.match(body, /<h1>Text of the English version, page by page<\/h1>/);
      assert.match(body, /<section id="page-1"[^>]*><h2 id="page-1-title">Page 1<\/h2>/);
      const p2 = body.indexOf('id="page-2"');
      assert.ok(p2 > body.indexOf('id="page-1"'), 'pages in order');
      const p12 = body.indexOf('id="para-12"');
      assert.ok(p12 > p2, 'paragraph 12 is on page 2');
      assert.match(body, /<p id="para-12"><a href="#para-12"[^>]*>12<\/a> Commit to strengthen/);
      assert.match(body, /id="para-12b"/);
      assert.match(body, /id="para-II-3"/);
      assert.ok(body.indexOf('Welcome the work of the secretariat') < p2, 'paragraph 1 on page 1');
      assert.match(
        body,
        new RegExp(`href="/api/v1/documents/${DOC}/versions/${versionId}/file" type="application/pdf"`),
      );
      assert.match(body, new RegExp(`${Math.max(1, Math.round(pdf.length / 1e3))}\\s?kB`), 'the file size');
      assert.match(body, /<div lang="en">/, 'the text is marked with its language');
      const fr = await app.inject(`/fr/documents/${DOC}/versions/${versionId}`);
      assert.equal(fr.statusCode, 200);
      assert.match(fr.body, /<h1>Texte de la version en anglais, page par page<\/h1>/);
      assert.match(fr.body, /<h2 id="page-2-title">Page 2<\/h2>/);
      assert.match(fr.body, /Télécharger le PDF/);
      const doc = await app.inject(`/en/documents/${DOC}`);
      assert.match(doc.body, new RegExp(`href="/en/documents/${DOC}/versions/${versionId}">Read page by page<`));
      assert.equal((await app.inject(`/en/documents/${DOC}/versions/v-nope`)).statusCode, 404);
      const sitemap = await app.inject('/sitemap.xml');
      assert.match(sitemap.body, new RegExp(`/en/documents/${DOC}/versions/${versionId}<`));
    });

    it('search finds a word that is only inside the uploaded PDF', async () => {
      const r = JSON.parse((await app.inject('/api/v1/search?q=zanzibarite')).body) as { items: Json[] };
      assert.equal(r.items[0]?.id, DOC);
      assert.match(String(r.items[0].snippetHtml), /<mark>zanzibarite<\/mark>/);
    });

    it('a scanned PDF (no text layer) is marked no-text; an encrypted one fails with its reason', async () => {
      const scan = await upload(
        'editor of alpha',
        multipart({ language: 'fr', status: 'unofficial' }, { name: 's.pdf', bytes: await blankPdf() }),
      );
      assert.equal(scan.statusCode, 201, scan.body);
      const scanId = String((JSON.parse(scan.body) as Json).id);
      assert.equal((await settled(scanId)).textStatus, 'no-text');
      const scanPage = await app.inject(`/fr/documents/${DOC}/versions/${scanId}`);
      assert.equal(scanPage.statusCode, 200);
      assert.match(scanPage.body, /Un fichier numérisé sans texte : il ne se lit que dans le PDF\./);
      assert.doesNotMatch(scanPage.body, /id="page-1"/, 'no empty pages shown for a scan');
      const enc = encrypted(await textPdf([['Secret paragraph']]));
      const er = await upload(
        'editor of alpha',
        multipart({ language: 'es', status: 'unofficial' }, { name: 'e.pdf', bytes: enc }),
      );
      assert.equal(er.statusCode, 201, er.body);
      const ev = await settled(String((JSON.parse(er.body) as Json).id));
      assert.equal(ev.textStatus, 'failed');
      assert.match(String(ev.textError), /encrypted|malformed/);
    });

    it('malformed, too long and fuzzed files fail cleanly, and the server keeps answering', async () => {
      const long = await textPdf(Array.from({ length: 45 }, (_, i) => [`Page ${i + 1}`]));
      const lr = await upload(
        'admin',
        multipart({ language: 'en', status: 'unofficial' }, { name: 'l.pdf', bytes: long }),
      );
      const lv = await settled(String((JSON.parse(lr.body) as Json).id));
      assert.equal(lv.textStatus, 'failed');
      assert.match(String(lv.textError), /too-many-pages/);
      const rnd = random(13);
      const seen = new Set<string>();
      for (let i = 0; i < 12; i++) {
        const bytes = mutate(pdf, rnd);
        const r = await upload(
          'admin',
          multipart({ language: 'ru', status: 'machine-translation' }, { name: `f${i}.pdf`, bytes }),
        );
        if (r.statusCode !== 201) {
          assert.ok([409, 415].includes(r.statusCode), `fuzz ${i}: ${r.statusCode} ${r.body}`);
          continue;
        }
        const started = Date.now();
        const health = await app.inject('/api/v1/documents?limit=1');
        assert.equal(health.statusCode, 200);
        assert.ok(Date.now() - started < 2000, 'the server answers while a file is read');
        const v = await settled(String((JSON.parse(r.body) as Json).id));
        assert.ok(['extracted', 'no-text', 'failed'].includes(String(v.textStatus)));
        seen.add(String(v.textStatus));
      }
      assert.ok(seen.size > 0);
    });
  });
}

describe('paragraph detection', () => {
  it('finds 12, 12(b) and II.3, keeps a year at the start of a line in its paragraph', () => {
    const p = detectParagraphs([
      'Preamble text\n1. First.\n2. Second, adopted in\n2015 at Valletta.\n3. Third\n(a) one\n(b) two\n4(c) odd\nII.3 Section three',
    ]);
    assert.deepEqual(
      p.map((x) => x.number),
      [null, '1', '2', '3', '3(a)', '3(b)', '4(c)', 'II.3'],
    );
    assert.equal(p[2]!.text, 'Second, adopted in 2015 at Valletta.');
  });
});
