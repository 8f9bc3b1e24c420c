/**
 * The documents benchmark's code (bench/documents.ts) at a small N, on SQLite and PostgreSQL: the synthetic PDFs
 * have 5 to 30 pages in three languages, some are ingested through the bulk import (pdf.js in a pool of two
 * workers; the bench checks that pdf.js reads them as the text the store path writes), the others stored with their
 * text, the word only one document holds finds it first, and the figures are reported.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadReference } from '../src/app.js';
import { reportDocumentsBench, runDocumentsBench, type DocumentsBenchResult } from '../bench/documents.js';
import { createTestDatabase, engines, type TestDatabase } from './helpers/db.js';
import { MINI } from './helpers/reference.js';

const N = 6;
const EXTRACT = 4;

for (const { engine, skip } of await engines()) {
  describe(`documents benchmark on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let r: DocumentsBenchResult;
    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db, MINI);
      r = await runDocumentsBench({
        database: t,
        n: N,
        extractN: EXTRACT,
        workers: 2,
        repeats: 3,
        extractTimeoutMs: 120_000,
      });
    });
    after(() => t?.dispose());

    it('ingests N synthetic PDFs of 5 to 30 pages in three languages, each with its text', async () => {
      assert.equal(r.documents, N);
      assert.equal(r.extracted.documents, EXTRACT);
      assert.equal(r.stored.documents, N - EXTRACT);
      assert.equal(r.extracted.pages + r.stored.pages, r.pages);
      const versions = await t.db.selectFrom('document_version').selectAll().execute();
      assert.equal(versions.length, N);
      assert.deepEqual([...new Set(versions.map((v) => v.lang))].sort(), ['en', 'es', 'fr']);
      for (const v of versions) {
        assert.equal(v.text_status, 'extracted');
        assert.ok(v.pages !== null && v.pages >= 5 && v.pages <= 30, `${v.id}: ${v.pages} pages`);
      }
      assert.equal(
        r.pages,
        versions.reduce((s, v) => s + (v.pages ?? 0), 0),
      );
      const paragraphs = await t.db
        .selectFrom('document_paragraph')
        .select('number')
        .where('number', '=', '12')
        .execute();
      assert.equal(paragraphs.length, N, 'every document has its paragraph 12');
    });

    it('times the searches and reports ingest rate, p95 and memory', () => {
      const migration = r.searches.find((s) => s.path === '/api/v1/search?q=migration')!;
      assert.ok(migration.total >= N, `"migration" finds the documents (${migration.total})`);
      const fr = r.searches.find((s) => s.path.includes('travailleurs'))!;
      assert.ok(fr.total >= 1, 'a French search finds the French documents');
      for (const s of r.searches) assert.ok(s.p95 > 0 && s.p95 >= s.p50, `${s.path}: p50 ${s.p50} p95 ${s.p95}`);
      assert.ok(r.documentsPerSecond > 0 && Number.isFinite(r.documentsPerSecond));
      assert.ok(r.peakRssMb.ingest > 0 && r.peakRssMb.search > 0);
      const lines = reportDocumentsBench(r);
      assert.match(lines[0]!, new RegExp(`^Documents on ${engine}: ${N} documents, ${r.pages} pages`));
      assert.match(
        lines.join('\n'),
        /every search through the service \(no response cache\): p50 [\d.]+ ms, p95 [\d.]+ ms \(goal p95 ≤ 30 ms\)/,
      );
      for (const s of r.service.searches) assert.ok(s.p95 >= s.p50, `service ${s.path}: p50 ${s.p50} p95 ${s.p95}`);
      assert.ok(r.updateSeconds > 0, 'one edit synced');
    });
  });
}
