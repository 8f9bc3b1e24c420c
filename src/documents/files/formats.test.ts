/**
 * HTML and DOCX versions on SQLite and PostgreSQL, through the API: the type found from the content (415 naming
 * the type found otherwise, whatever the name), the body text read block by block (scripts, styles and nav
 * dropped), paragraphs 12 and 12(b) with their address, search, the rendition, and the download served with its
 * type as an attachment under a sandboxing CSP. Hostile files — a zip bomb, a broken zip, HTML nested without
 * end, a text over the limit, fuzzed copies — fail with a reason while the server keeps answering.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp, loadReference } from '../../app.js';
import { createTestDatabase, engines, type TestDatabase } from '../../../test/helpers/db.js';
import { insertDocument } from '../../../test/helpers/documents.js';
import { CONTENT_TYPES, docx, xlsxLike, zip } from '../../../test/helpers/docx.js';
import { random } from '../../../test/helpers/pdf.js';
import { MINI } from '../../../test/helpers/reference.js';
import { seedRoleUsers } from '../../../test/helpers/roles.js';
import { AccountsService } from '../../accounts/service.js';
import { DataVersion } from '../../db/data-version.js';
import { LocalBlobStore } from './blobs.js';
import { planImport, runImport } from './import.js';
import { DocumentFiles } from './service.js';
import { htmlText } from './html-text.js';
import { detectType, DOCX, HTML, looksLikeHtml } from './types.js';

interface Json {
  [k: string]: unknown;
}
const LIMIT = 400_000;
const DOC = 'alpha-html-2021';

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

const PAGE = `<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Déclaration</title>
<style>p { color: red } .zzstyleword {}</style><script>var zzscriptword = 1;</script></head>
<body><nav><a href="/">Accueil zznavword</a></nav>
<h1>Déclaration ministérielle du Processus Alpha</h1>
<p>Les États participants,</p>
<p>1. Saluent le travail du secrétariat.</p>
<p>2. Rappellent la déclaration de <b>Valletta</b>
et son plan d'action.</p>
<ol start="3"><li>Conviennent de se réunir.</li></ol>
<p>12. S'engagent à protéger les travailleurs quetzalcoatlites :</p>
<p>(a) en partageant l'information ;</p>
<p>(b) en soutenant le retour et la réintégration.</p>
<script>document.write('zzscriptword')</script>
</body></html>`;

const WORD = [
  '# Action plan of the Alpha Process',
  'The participating States,',
  '1. Welcome the work of the secretariat.',
  '2. Recall the Valletta declaration.',
  '3. Agree to meet again.',
  '12. Commit to support tlaloc-worker mobility schemes:',
  '(a) by sharing information;',
  '(b) by supporting return and reintegration.',
];

describe('types by content and HTML text', () => {
  it('knows a DOCX by its [Content_Types].xml, HTML by its first tag, and names what else it found', async () => {
    assert.equal(await detectType(docx(['Hello'])), DOCX);
    assert.equal(await detectType(Buffer.from('\ufeff  <!doctype html><p>x')), HTML);
    assert.equal(await detectType(Buffer.from('<p>x</p>')), HTML);
    assert.equal(await detectType(xlsxLike()), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.equal(await detectType(zip([{ name: 'a.txt', data: 'a' }])), 'application/zip');
    assert.equal(await detectType(Buffer.from('plain text <html>')), null);
    assert.equal(await detectType(Buffer.from('<?xml version="1.0"?><svg/>')), 'application/xml');
    assert.equal(looksLikeHtml(Buffer.from('<pre>x')), false, 'only the tags the sniffing rule names');
    // A DOCX cut in half has no directory: a zip, not a DOCX.
    const d = docx(['Hello']);
    assert.equal(await detectType(d.subarray(0, d.length - 30)), 'application/zip');
  });

  it('takes the body text by blocks, numbers ordered lists, drops head, script, style and nav', () => {
    const text = htmlText(PAGE, { maxDepth: 100, maxChars: 100_000 });
    assert.doesNotMatch(text, /zzstyleword|zzscriptword|zznavword|<|Déclaration<\/title>/);
    const lines = text.split('\n\n');
    assert.equal(lines[0], 'Déclaration ministérielle du Processus Alpha');
    assert.ok(lines.includes("2. Rappellent la déclaration de Valletta et son plan d'action."), text);
    assert.ok(lines.includes('3. Conviennent de se réunir.'), 'an <ol start="3"> item is numbered 3');
    const nested = htmlText('<ol><li>One<ol><li>sub</li><li>sub two</li></ol></li><li>Two</li></ol>', {
      maxDepth: 10,
      maxChars: 1000,
    });
    assert.equal(nested, '1. One\n\n(a) sub\n\n(b) sub two\n\n2. Two');
    assert.throws(() => htmlText('<div>'.repeat(50), { maxDepth: 40, maxChars: 1000 }), /deeper than 40/);
    assert.throws(() => htmlText(`<p>${'x'.repeat(2000)}</p>`, { maxDepth: 40, maxChars: 1000 }), /longer than 1000/);
  });
});

for (const { engine, skip } of await engines()) {
  describe(`HTML and DOCX versions on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let tokens: Record<string, string> = {};
    let dir: string;
    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db, MINI);
      await insertDocument(t.db, DOC);
      dir = mkdtempSync(join(tmpdir(), 'iscm-blobs-'));
      app = await buildApp({
        database: t,
        cacheTtlMs: 0,
        blobs: new LocalBlobStore(dir),
        uploadLimitBytes: LIMIT,
        extractLimits: {
          timeoutMs: 120_000,
          heapMb: 128,
          maxPages: 40,
          maxChars: 200_000,
          maxUnzippedBytes: 5_000_000,
          maxDepth: 500,
        },
      });
      tokens = (await seedRoleUsers(t.db)).tokens;
    });
    after(async () => {
      await app?.close();
      await t?.dispose();
      rmSync(dir, { recursive: true, force: true });
    });
    const upload = (body: ReturnType<typeof multipart>, who = 'editor of alpha') =>
      app.inject({
        method: 'POST',
        url: `/api/v1/documents/${DOC}/versions`,
        payload: body.payload,
        headers: { ...body.headers, authorization: `Bearer ${tokens[who]}` },
      });
    async function settled(id: string): Promise<Json> {
      for (let i = 0; i < 3000; i++) {
        const v = JSON.parse((await app.inject(`/api/v1/documents/${DOC}/versions/${id}`)).body) as Json;
        if (v.textStatus !== 'pending') return v;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`version ${id} still pending`);
    }
    const count = async () => (await t.db.selectFrom('document_version').select('id').execute()).length;
    const uploadOk = async (lang: string, name: string, bytes: Buffer) => {
      const r = await upload(multipart({ language: lang, status: 'unofficial' }, { name, bytes }));
      assert.equal(r.statusCode, 201, r.body);
      return String((JSON.parse(r.body) as Json).id);
    };
    let htmlId = '';
    let docxId = '';

    it('refuses other types with 415 naming the type found, whatever the file is called; nothing stored', async () => {
      for (const [name, bytes, found] of [
        ['plan.docx', xlsxLike(), /spreadsheetml\.sheet by its content/],
        ['plan.docx', zip([{ name: 'word/document.xml', data: '<w:document/>' }]), /application\/zip by its content/],
        ['page.html', Buffer.from('Just some words, no tag.'), /of no type recognised by its content/],
        ['page.html', Buffer.from('GIF89a' + '\0'.repeat(64), 'latin1'), /image\/gif by its content/],
      ] as const) {
        const r = await upload(multipart({ language: 'fr', status: 'official' }, { name, bytes, type: 'text/html' }));
        assert.equal(r.statusCode, 415, `${name}: ${r.body}`);
        const p = JSON.parse(r.body) as { detail: string; errors: Json[] };
        assert.match(p.detail, found);
        assert.match(p.detail, /a PDF, an HTML file or a DOCX/);
        assert.equal(p.errors[0]!.name, 'file');
      }
      const big = Buffer.concat([Buffer.from('<!doctype html><p>'), Buffer.alloc(LIMIT, 0x41)]);
      const r413 = await upload(multipart({ language: 'fr', status: 'official' }, { name: 'big.html', bytes: big }));
      assert.equal(r413.statusCode, 413, 'an HTML file over the limit is too large');
      assert.equal(await count(), 0);
    });

    it('an HTML version: its body text, paragraphs 12 and 12(b), search, rendition and an attached download', async () => {
      htmlId = await uploadOk('fr', 'declaration.pdf', Buffer.from(PAGE));
      const v = await settled(htmlId);
      assert.equal(v.textStatus, 'extracted', String(v.textError));
      assert.equal(v.mediaType, 'text/html');
      assert.equal(v.pages, null, 'an HTML file has no pages');
      const p12 = JSON.parse((await app.inject(`/api/v1/documents/${DOC}/paragraphs/12`)).body) as { items: Json[] };
      assert.equal(p12.items[0]!.language, 'fr');
      assert.match(String(p12.items[0]!.text), /^S'engagent à protéger les travailleurs quetzalcoatlites :$/);
      const b = JSON.parse((await app.inject(`/api/v1/documents/${DOC}/paragraphs/12(b)`)).body) as { items: Json[] };
      assert.match(String(b.items[0]!.text), /retour et la réintégration/);
      const s = JSON.parse((await app.inject('/api/v1/search?q=quetzalcoatlites')).body) as { items: Json[] };
      assert.equal(s.items[0]?.id, DOC);
      const none = JSON.parse((await app.inject('/api/v1/search?q=zzscriptword')).body) as { total: number };
      assert.equal(none.total, 0, 'a script is not text');

      const page = await app.inject(`/fr/documents/${DOC}/versions/${htmlId}`);
      assert.equal(page.statusCode, 200);
      assert.match(
        page.body,
        /<p id="para-12"><a href="#para-12"[^>]*>12<\/a> S&#39;engagent|<p id="para-12"><a href="#para-12"[^>]*>12<\/a> S'engagent/,
      );
      assert.doesNotMatch(page.body, /id="page-1-title"/, 'no page headings for a file without pages');
      assert.match(page.body, new RegExp(`/versions/${htmlId}/file" type="text/html"`));
      assert.ok(page.headers['content-security-policy'], 'the page keeps its CSP');

      const file = await app.inject(`/api/v1/documents/${DOC}/versions/${htmlId}/file`);
      assert.equal(file.statusCode, 200);
      assert.match(String(file.headers['content-type']), /^text\/html/);
      assert.equal(file.headers['content-disposition'], `attachment; filename="${DOC}-fr.html"`);
      assert.equal(file.headers['x-content-type-options'], 'nosniff');
      assert.match(String(file.headers['content-security-policy']), /default-src 'none'; sandbox/);
      assert.ok(file.rawPayload.equals(Buffer.from(PAGE)), 'the file comes back byte for byte');
    });

    it('a DOCX version: mammoth text by paragraph, paragraph 12(b), search, an attached download', async () => {
      const bytes = docx(WORD);
      docxId = await uploadOk('en', 'plan.bin', bytes);
      const v = await settled(docxId);
      assert.equal(v.textStatus, 'extracted', String(v.textError));
      assert.equal(v.mediaType, DOCX);
      const p = JSON.parse((await app.inject(`/api/v1/documents/${DOC}/paragraphs/12(b)`)).body) as {
        items: Json[];
      };
      const en = p.items.find((i) => i.language === 'en')!;
      assert.equal(en.text, 'by supporting return and reintegration.');
      const s = JSON.parse((await app.inject('/api/v1/search?q=tlaloc-worker')).body) as { items: Json[] };
      assert.equal(s.items[0]?.id, DOC);
      const page = await app.inject(`/en/documents/${DOC}/versions/${docxId}`);
      assert.match(page.body, /<p id="para-2"><a href="#para-2"[^>]*>2<\/a> Recall the Valletta declaration\.<\/p>/);
      const file = await app.inject(`/api/v1/documents/${DOC}/versions/${docxId}/file`);
      assert.equal(file.headers['content-type'], DOCX);
      assert.equal(file.headers['content-disposition'], `attachment; filename="${DOC}-en.docx"`);
      assert.ok(file.rawPayload.equals(bytes));
    });

    it('a zip bomb, a broken zip, HTML nested without end and too much text fail cleanly', async () => {
      const cases: [string, string, Buffer, RegExp][] = [
        [
          'bomb.docx',
          'es',
          zip([
            { name: '[Content_Types].xml', data: CONTENT_TYPES },
            // 50 MB of zeros in ≈50 KB, its size declared as 1 KB.
            { name: 'word/document.xml', data: Buffer.alloc(50_000_000), declaredSize: 1000 },
          ]),
          /^too-large: the DOCX inflates to more than 5000000 bytes/,
        ],
        [
          'declared.docx',
          'ar',
          zip([
            { name: '[Content_Types].xml', data: CONTENT_TYPES },
            { name: 'word/document.xml', data: Buffer.alloc(6_000_000) },
          ]),
          /^too-large: the DOCX inflates to more than 5000000 bytes \(word\/document\.xml declares 6000000\)/,
        ],
        [
          'broken.docx',
          'ru',
          (() => {
            const d = docx(WORD.slice(0, 2).concat(['zz broken']));
            // Damage the deflated document.xml inside, keep the directory and [Content_Types].xml whole.
            const at = d.indexOf(Buffer.from('word/document.xml')) + 'word/document.xml'.length;
            for (let i = at; i < at + 40; i++) d[i] = 0xff;
            return d;
          })(),
          /^malformed: /,
        ],
        ['deep.html', 'zh', Buffer.from(`<!doctype html><body>${'<div>'.repeat(20_000)}deep`), /^too-deep: /],
        ['long.html', 'de', Buffer.from(`<!doctype html><p>${'word '.repeat(60_000)}</p>`), /^too-long: /],
      ];
      for (const [name, lang, bytes, reason] of cases) {
        const id = await uploadOk(lang, name, bytes);
        const health = await app.inject('/api/v1/documents?limit=1');
        assert.equal(health.statusCode, 200, 'the server answers while a file is read');
        const v = await settled(id);
        assert.equal(v.textStatus, 'failed', `${name}: ${String(v.textStatus)}`);
        assert.match(String(v.textError), reason, name);
      }
    });

    it('the bulk import reads HTML and DOCX files too, and names the type of a file it refuses', async () => {
      const work = mkdtempSync(join(tmpdir(), 'iscm-import-formats-'));
      try {
        await insertDocument(t.db, 'alpha-import-2022');
        writeFileSync(join(work, 'a.htm'), PAGE.replace('quetzalcoatlites', 'axolotlites'));
        writeFileSync(join(work, 'b.docx'), docx(WORD.concat(['imported ocelotword'])));
        writeFileSync(join(work, 'c.docx'), xlsxLike());
        const head = 'document,language,status,file';
        const bad = await planImport(t.db, work, `${head}\nalpha-import-2022,es,official,c.docx\n`, LIMIT);
        assert.match(
          bad.problems[0]!.message,
          /spreadsheetml\.sheet by its content, not a PDF, an HTML file or a DOCX/,
        );
        const csv = `${head}\nalpha-import-2022,fr,official,a.htm\nalpha-import-2022,en,unofficial,b.docx\n`;
        const plan = await planImport(t.db, work, csv, LIMIT);
        assert.deepEqual(plan.problems, []);
        const files = new DocumentFiles(
          t.db,
          new LocalBlobStore(join(work, 'blobs')),
          new AccountsService(t.db),
          DataVersion.of(t.db),
        );
        const out = await runImport(files, plan, { actor: 'system', workers: 2 });
        assert.deepEqual(
          out.added.map((a) => [a.row.file, a.textStatus, a.pages]),
          [
            ['a.htm', 'extracted', null],
            ['b.docx', 'extracted', null],
          ],
        );
        const types = await t.db
          .selectFrom('document_version')
          .select(['filename', 'media_type'])
          .where('document_id', '=', 'alpha-import-2022')
          .orderBy('filename')
          .execute();
        assert.deepEqual(
          types.map((v) => v.media_type),
          [HTML, DOCX],
        );
        const s = JSON.parse((await app.inject('/api/v1/search?q=ocelotword')).body) as { items: Json[] };
        assert.equal(s.items[0]?.id, 'alpha-import-2022');
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    });

    it('fuzzed HTML and DOCX files fail or are read, never crash, and the server keeps answering', async () => {
      const rnd = random(31);
      const seeds = [Buffer.from(PAGE), docx(WORD.concat(['fuzz seed']))];
      const seen = new Set<string>();
      for (let i = 0; i < 12; i++) {
        const b = Buffer.from(seeds[i % 2]!);
        for (let k = 0, n = 1 + Math.floor(rnd() * 30); k < n; k++)
          b[20 + Math.floor(rnd() * (b.length - 20))] = Math.floor(rnd() * 256);
        const r = await upload(
          multipart({ language: 'it', status: 'machine-translation' }, { name: `f${i}`, bytes: b }),
        );
        if (r.statusCode !== 201) {
          assert.ok([409, 415].includes(r.statusCode), `fuzz ${i}: ${r.statusCode} ${r.body}`);
          continue;
        }
        assert.equal((await app.inject('/api/v1/documents?limit=1')).statusCode, 200);
        const v = await settled(String((JSON.parse(r.body) as Json).id));
        assert.ok(['extracted', 'no-text', 'failed'].includes(String(v.textStatus)), String(v.textStatus));
        seen.add(String(v.textStatus));
      }
      assert.ok(seen.size > 0);
    });
  });
}
