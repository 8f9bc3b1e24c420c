/**
 * `iscm documents import` on SQLite and PostgreSQL, run as the command line: every row checked first (a problem
 * names its line and column, nothing written), a dry run reporting what would change, kill -9 after the first
 * progress line leaving no half document, the second run finishing the rest and a third changing nothing.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadReference } from '../../app.js';
import { insertDocument } from '../../../test/helpers/documents.js';
import { createTestDatabase, engines, type TestDatabase } from '../../../test/helpers/db.js';
import { textPdf } from '../../../test/helpers/pdf.js';
import { MINI } from '../../../test/helpers/reference.js';
import { parseCsv } from './import.js';

const DOCS = ['alpha-declaration-2020', 'beta-action-plan-2021'];
const FILES = 6;

/** A PDF of `pages` pages of numbered paragraphs, its words unique to file `i`. */
const bookPdf = (i: number, pages: number) =>
  textPdf(
    Array.from({ length: pages }, (_, p) =>
      Array.from({ length: 30 }, (_, l) =>
        l % 3 === 0
          ? `${p * 10 + l / 3 + 1}. Paragraph of file ${i} on page ${p + 1}, about labour mobility and return.`
          : `continued text line ${l} of file ${i}, word quokka${i}.`,
      ),
    ),
  );

for (const { engine, skip } of await engines()) {
  describe(`documents import on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let work: string;
    let env: NodeJS.ProcessEnv;
    const csvPath = () => join(work, 'metadata.csv');
    const blobs = () => join(work, 'blobs');
    const iscm = (...args: string[]) => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], { env, encoding: 'utf8' });
      return { code: r.status, out: r.stdout, err: r.stderr };
    };
    const counts = async () => {
      const n = async (table: 'document_version' | 'document_page' | 'document_paragraph') =>
        Number(
          (
            await t.db
              .selectFrom(table)
              .select((e) => e.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const audit = Number(
        (
          await t.db
            .selectFrom('audit_event')
            .select((e) => e.fn.countAll().as('n'))
            .where('action', '=', 'document.version.import')
            .executeTakeFirstOrThrow()
        ).n,
      );
      return {
        versions: await n('document_version'),
        pages: await n('document_page'),
        paragraphs: await n('document_paragraph'),
        audit,
      };
    };
    /** Every version is whole: its pages all there, its text status final, its audit event written. */
    async function assertWhole() {
      const versions = await t.db.selectFrom('document_version').selectAll().execute();
      for (const v of versions) {
        assert.equal(v.text_status, 'extracted', `${v.id} ${v.text_status} ${v.text_error ?? ''}`);
        const pages = await t.db.selectFrom('document_page').select('page').where('version_id', '=', v.id).execute();
        assert.equal(pages.length, v.pages, `version ${v.id} has all its pages`);
        const paras = await t.db
          .selectFrom('document_paragraph')
          .select('seq')
          .where('version_id', '=', v.id)
          .execute();
        assert.ok(paras.length > 0, `version ${v.id} has its paragraphs`);
      }
      assert.equal((await counts()).audit, versions.length, 'one audit event per version');
      return versions.length;
    }

    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db, MINI);
      for (const id of DOCS) await insertDocument(t.db, id);
      work = mkdtempSync(join(tmpdir(), 'iscm-import-'));
      mkdirSync(join(work, 'files', 'fr'), { recursive: true });
      const rows = ['document,language,status,file'];
      for (let i = 0; i < FILES; i++) {
        const name = i % 2 ? `fr/file-${i}.pdf` : `file-${i}.pdf`;
        writeFileSync(join(work, 'files', name), await bookPdf(i, 5 + (i % 4)));
        const status = ['official', 'unofficial', 'machine'][i % 3]!;
        rows.push(`${DOCS[i % 2]},${i % 2 ? 'fr' : 'en'},${status},"${name}"`);
      }
      writeFileSync(csvPath(), rows.join('\r\n') + '\r\n');
      writeFileSync(join(work, 'files', 'note.pdf'), 'not a pdf at all');
      writeFileSync(join(work, 'secret.pdf'), await bookPdf(99, 1));
      env = {
        ...process.env,
        ...(engine === 'sqlite'
          ? { SQLITE_PATH: t.location, DATABASE_URL: '' }
          : { DATABASE_URL: t.location, SQLITE_PATH: '' }),
        BLOB_DIR: blobs(),
      };
    });
    after(async () => {
      await t?.dispose();
      if (work) rmSync(work, { recursive: true, force: true });
    });

    it('checks every row first: each problem names its line and column, and nothing is written', async () => {
      const bad = join(work, 'bad.csv');
      writeFileSync(
        bad,
        [
          'document,language,status,file',
          'no-such-document,en,official,file-0.pdf',
          `${DOCS[0]},english,official,file-2.pdf`,
          `${DOCS[0]},en,draft,file-4.pdf`,
          `${DOCS[0]},en,official,missing.pdf`,
          `${DOCS[0]},en,official,note.pdf`,
          `${DOCS[0]},en,official,../secret.pdf`,
          `${DOCS[1]},fr,official,fr/file-1.pdf`,
          `${DOCS[1]},fr,official,fr/file-1.pdf`,
          `${DOCS[1]},fr,official`,
        ].join('\n'),
      );
      const r = iscm('documents', 'import', join(work, 'files'), '--metadata', bad);
      assert.equal(r.code, 1, r.err);
      assert.match(r.err, /line 2, column document: there is no document "no-such-document"/);
      assert.match(r.err, /line 3, column language: language "english" is not a two-letter ISO 639-1 code/);
      assert.match(r.err, /line 4, column status: status "draft" is not valid/);
      assert.match(r.err, /line 5, column file: file "missing.pdf" is not in/);
      assert.match(r.err, /line 6, column file: file "note.pdf" is .* by its content, not a PDF/);
      assert.match(r.err, /line 7, column file: file "..\/secret.pdf" is not a path inside/);
      assert.match(r.err, /line 9, column file: file "fr\/file-1.pdf" is the same file as line 8's/);
      assert.match(r.err, /line 10: the row has 3 fields; the header has 4/);
      assert.doesNotMatch(r.err, /line 8[,:]/, 'a good row is not named');
      assert.match(r.err, /8 problem\(s\): nothing was imported/);
      const header = join(work, 'header.csv');
      writeFileSync(header, 'document,lang,status,file\n');
      const h = iscm('documents', 'import', join(work, 'files'), '--metadata', header);
      assert.equal(h.code, 1);
      assert.match(h.err, /line 1: unknown column "lang"/);
      assert.match(h.err, /line 1, column language: the header has no column language/);
      assert.deepEqual(await counts(), { versions: 0, pages: 0, paragraphs: 0, audit: 0 });
      assert.equal(readdirSync(work).includes('blobs'), false, 'no file stored');
    });

    it('a dry run reports what would change and writes nothing', async () => {
      const r = iscm('documents', 'import', join(work, 'files'), '--metadata', csvPath(), '--dry-run');
      assert.equal(r.code, 0, r.err);
      assert.equal(r.out.match(/^would add: /gm)?.length, FILES);
      assert.match(r.out, /would add: line 3: fr\/file-1.pdf → beta-action-plan-2021 \(fr, unofficial\)/);
      assert.match(r.out, /would add: line 4: file-2.pdf → alpha-declaration-2020 \(en, machine-translation\)/);
      assert.match(r.out, new RegExp(`dry run: ${FILES} version\\(s\\) would be added, 0 unchanged`));
      assert.deepEqual(await counts(), { versions: 0, pages: 0, paragraphs: 0, audit: 0 });
    });

    it('kill -9 after the first progress line leaves no half document', async () => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'src/main.ts', 'documents', 'import', join(work, 'files'), '--metadata', csvPath()],
        { env, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let err = '';
      const exited = new Promise<NodeJS.Signals | null>((res) => child.on('exit', (_code, signal) => res(signal)));
      await new Promise<void>((res, rej) => {
        child.stderr.on('data', (d: Buffer) => {
          err += d.toString();
          if (/^\[1\/\d+\] /m.test(err)) {
            child.kill('SIGKILL');
            res();
          }
        });
        child.on('exit', () => rej(new Error(`the import ended before its first progress line: ${err}`)));
      });
      assert.equal(await exited, 'SIGKILL');
      const n = await assertWhole();
      assert.ok(n >= 1 && n < FILES, `killed part-way: ${n} of ${FILES} versions written`);
    });

    it('running it again adds the rest; a third run changes nothing', async () => {
      const before = await counts();
      const again = iscm('documents', 'import', join(work, 'files'), '--metadata', csvPath());
      assert.equal(again.code, 0, again.err);
      assert.match(again.err, /^\[1\/\d+\] line \d+: .* added v-/m, 'a progress line per file');
      assert.match(
        again.out,
        new RegExp(`imported: ${FILES - before.versions} version\\(s\\) added, ${before.versions} unchanged`),
      );
      assert.equal(await assertWhole(), FILES);
      const p12 = await t.db
        .selectFrom('document_paragraph')
        .innerJoin('document_version', 'document_version.id', 'document_paragraph.version_id')
        .select(['document_paragraph.text', 'document_paragraph.page'])
        .where('document_version.filename', '=', 'file-2.pdf')
        .where('document_paragraph.number', '=', '12')
        .executeTakeFirstOrThrow();
      assert.equal(p12.page, 2);
      assert.match(p12.text, /^Paragraph of file 2 on page 2, about labour mobility and return\. continued/);
      const statuses = await t.db
        .selectFrom('document_version')
        .select(['filename', 'status', 'lang', 'document_id'])
        .where('filename', 'in', ['file-1.pdf', 'file-2.pdf'])
        .orderBy('filename')
        .execute();
      assert.deepEqual(statuses, [
        { filename: 'file-1.pdf', status: 'unofficial', lang: 'fr', document_id: DOCS[1] },
        { filename: 'file-2.pdf', status: 'machine-translation', lang: 'en', document_id: DOCS[0] },
      ]);
      const full = await counts();
      const third = iscm('documents', 'import', join(work, 'files'), '--metadata', csvPath());
      assert.equal(third.code, 0, third.err);
      assert.match(third.out, new RegExp(`imported: 0 version\\(s\\) added, ${FILES} unchanged`));
      assert.deepEqual(await counts(), full, 'the third run changed nothing');
    });
  });
}

describe('metadata CSV', () => {
  it('reads quotes, doubled quotes, commas and line breaks in quotes, CRLF and a BOM; refuses a broken quote', () => {
    const rows = parseCsv('\ufeffa,b\r\n"x, y","say ""hi"""\r\n"two\nlines",z\n\n');
    assert.deepEqual(rows, [
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, y', 'say "hi"'] },
      { line: 3, cells: ['two\nlines', 'z'] },
    ]);
    assert.throws(() => parseCsv('a,b\n"open,b\n'), /line 2: a quoted field is not closed/);
    assert.throws(() => parseCsv('a\n"x"y\n'), /line 2: a closing quote must end its field/);
  });
});
