/**
 * Recovery at start, on SQLite and PostgreSQL: a version whose text was still pending when the process died (its
 * upload committed, its extraction never written) is read when the next server starts; a file missing from storage
 * fails with its reason; a version already read is not written again.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp, loadReference } from '../../app.js';
import { AccountsService } from '../../accounts/service.js';
import { DataVersion } from '../../db/data-version.js';
import type { DocumentVersionTable } from '../../db/schema.js';
import { insertDocument } from '../../../test/helpers/documents.js';
import { createTestDatabase, engines, type TestDatabase } from '../../../test/helpers/db.js';
import { textPdf } from '../../../test/helpers/pdf.js';
import { MINI } from '../../../test/helpers/reference.js';
import { LocalBlobStore } from './blobs.js';
import { DocumentFiles } from './service.js';

const DOC = 'alpha-declaration-2020';

for (const { engine, skip } of await engines()) {
  describe(`recovery of pending text on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let dir: string;
    let app: FastifyInstance | undefined;
    const pending = (id: string, sha256: string, size: number): DocumentVersionTable => ({
      id,
      document_id: DOC,
      lang: 'en',
      status: 'official',
      sha256,
      size_bytes: size,
      media_type: 'application/pdf',
      blob_key: sha256,
      pages: null,
      text_status: 'pending',
      text_error: null,
      created_at: '2026-12-01T10:00:00.000Z',
      created_by: 'system',
      updated_at: '2026-12-01T10:00:00.000Z',
      filename: `${id}.pdf`,
    });
    const version = (id: string) =>
      t.db.selectFrom('document_version').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db, MINI);
      await insertDocument(t.db, DOC);
      dir = mkdtempSync(join(tmpdir(), 'iscm-recovery-'));
      const blobs = new LocalBlobStore(dir);
      // What a process killed after an upload's commit leaves: the row and the blob, the text never written.
      const pdf = await textPdf([['1. States agree to meet again.', '2. The chair reports on kookaburra progress.']]);
      const sha = createHash('sha256').update(pdf).digest('hex');
      await blobs.put(sha, pdf);
      await t.db
        .insertInto('document_version')
        .values([pending('v-left-pending', sha, pdf.length), pending('v-blob-lost', 'f'.repeat(64), 10)])
        .execute();
    });
    after(async () => {
      await app?.close();
      await t?.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    it('a server starting on the data reads the text left pending', async () => {
      assert.equal((await version('v-left-pending')).text_status, 'pending');
      app = await buildApp({ database: t, cacheTtlMs: 0, blobs: new LocalBlobStore(dir) });
      await app.ready();
      let v = await version('v-left-pending');
      for (let i = 0; i < 600 && v.text_status === 'pending'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        v = await version('v-left-pending');
      }
      assert.equal(v.text_status, 'extracted', v.text_error ?? '');
      assert.equal(v.pages, 1);
      const res = await app.inject(`/api/v1/documents/${DOC}/paragraphs/2`);
      assert.equal(res.statusCode, 200, res.body);
      assert.match(res.body, /kookaburra progress/);
      let lost = await version('v-blob-lost');
      for (let i = 0; i < 200 && lost.text_status === 'pending'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        lost = await version('v-blob-lost');
      }
      assert.equal(lost.text_status, 'failed');
      assert.match(lost.text_error ?? '', /^missing: the stored file is missing/);
    });

    it('a version already read is not written again (a second process resuming it too)', async () => {
      const before = await version('v-left-pending');
      const paras = await t.db.selectFrom('document_paragraph').selectAll().execute();
      const other = new DocumentFiles(t.db, new LocalBlobStore(dir), new AccountsService(t.db), DataVersion.of(t.db));
      await other.saveText('v-left-pending', { status: 'failed', reason: 'timeout', message: 'late' });
      assert.equal(await other.resumePending(), 0, 'nothing is pending any more');
      assert.deepEqual(await version('v-left-pending'), before);
      assert.deepEqual(await t.db.selectFrom('document_paragraph').selectAll().execute(), paras);
    });
  });
}
