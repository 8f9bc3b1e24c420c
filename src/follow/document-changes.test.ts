/**
 * The documents changed after a date (DocumentsService.changesAfter, read in SQL) and the follow feature's change
 * source built on it (followChanges in src/app.ts), on both engines: a document changed before `after` is left out,
 * one changed after is in, a file (version) changed after brings its document in at the file's date, and the
 * mechanism filter keeps only that mechanism's documents.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataVersion } from '../db/data-version.js';
import { AccountsService } from '../accounts/service.js';
import { DocumentsService } from '../documents/service.js';
import { EditingService } from '../editing/service.js';
import { MeetingsService } from '../meetings/service.js';
import { RegistryService } from '../registry/service.js';
import { followChanges, loadReference } from '../app.js';
import { createTestDatabase, engines, type TestDatabase } from '../../test/helpers/db.js';
import { insertDocument } from '../../test/helpers/documents.js';
import { MINI } from '../../test/helpers/reference.js';

const AFTER = '2026-06-01T00:00:00.000Z';

for (const { engine, skip } of await engines()) {
  describe(`documents changed after a date on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let documents: DocumentsService;
    let source: ReturnType<typeof followChanges>;
    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db, MINI);
      const at = (id: string, updated: string) =>
        t.db.updateTable('document').set({ updated_at: updated }).where('id', '=', id).execute();
      await insertDocument(t.db, 'doc-old'); // changed before `after`
      await at('doc-old', '2026-05-01T10:00:00.000Z');
      await insertDocument(t.db, 'doc-new'); // changed after
      await at('doc-new', '2026-06-02T10:00:00.000Z');
      await insertDocument(t.db, 'doc-beta', 'beta-forum'); // changed after, another mechanism
      await at('doc-beta', '2026-06-03T10:00:00.000Z');
      await t.db
        .insertInto('document_mechanism')
        .values({ document_id: 'doc-beta', mechanism_id: 'alpha-process', seq: 1 })
        .execute();
      await insertDocument(t.db, 'doc-file', 'gamma-dialogue'); // the record before, a file after
      await at('doc-file', '2026-04-01T10:00:00.000Z');
      await insertDocument(t.db, 'doc-old-file', 'gamma-dialogue'); // record and file both before
      await at('doc-old-file', '2026-04-01T10:00:00.000Z');
      const version = (id: string, documentId: string, updated: string) =>
        t.db
          .insertInto('document_version')
          .values({
            id,
            document_id: documentId,
            lang: 'en',
            status: 'official',
            sha256: id.padEnd(64, '0'),
            size_bytes: 10,
            media_type: 'application/pdf',
            blob_key: id,
            pages: 1,
            text_status: 'extracted',
            text_error: null,
            created_at: updated,
            created_by: null,
            updated_at: updated,
            filename: null,
          })
          .execute();
      await version('v-file-1', 'doc-file', '2026-05-15T10:00:00.000Z');
      await version('v-file-2', 'doc-file', '2026-06-04T10:00:00.000Z');
      await version('v-old-file', 'doc-old-file', '2026-05-20T10:00:00.000Z');
      const registry = new RegistryService(t.db);
      const meetings = new MeetingsService(t.db, registry);
      documents = new DocumentsService(t.db, registry, meetings, DataVersion.of(t.db, 0));
      source = followChanges(new EditingService(t.db, new AccountsService(t.db)), meetings, documents);
    });
    after(async () => {
      await t?.dispose();
    });

    it('lists only the documents changed after the date, newest first, at their last change', async () => {
      const got = await documents.changesAfter(AFTER);
      assert.deepEqual(
        got.map((d) => [d.id, d.changedAt]),
        [
          ['doc-file', '2026-06-04T10:00:00.000Z'],
          ['doc-beta', '2026-06-03T10:00:00.000Z'],
          ['doc-new', '2026-06-02T10:00:00.000Z'],
        ],
      );
      assert.deepEqual(got.find((d) => d.id === 'doc-beta')?.mechanisms, ['beta-forum', 'alpha-process']);
      assert.equal(got[0]!.kind, 'outcome-document');
      assert.equal(got[0]!.title, 'Document doc-file');
    });

    it('a date just before a change keeps it; the change date itself leaves it out', async () => {
      const ids = async (a: string) => (await documents.changesAfter(a)).map((d) => d.id);
      assert.ok((await ids('2026-06-02T09:59:59.999Z')).includes('doc-new'));
      assert.ok(!(await ids('2026-06-02T10:00:00.000Z')).includes('doc-new'));
      // Between the two files of doc-file: only the later one brings it in.
      assert.ok((await ids('2026-05-16T00:00:00.000Z')).includes('doc-file'));
      assert.ok(!(await ids('2026-06-05T00:00:00.000Z')).includes('doc-file'));
    });

    it('no date: every document, each at its last change', async () => {
      const got = await documents.changesAfter(null);
      assert.equal(got.length, 5);
      assert.equal(got.find((d) => d.id === 'doc-old-file')?.changedAt, '2026-05-20T10:00:00.000Z');
      assert.equal(got.find((d) => d.id === 'doc-old')?.changedAt, '2026-05-01T10:00:00.000Z');
    });

    it('the mechanism filter keeps that mechanism’s documents (any of their mechanisms), and a limit', async () => {
      assert.deepEqual(
        (await documents.changesAfter(AFTER, 'alpha-process')).map((d) => d.id),
        ['doc-beta', 'doc-new'],
      );
      assert.deepEqual(
        (await documents.changesAfter(AFTER, 'gamma-dialogue')).map((d) => d.id),
        ['doc-file'],
      );
      assert.deepEqual(await documents.changesAfter(AFTER, 'no-such-mechanism'), []);
      assert.deepEqual(
        (await documents.changesAfter(null, undefined, 2)).map((d) => d.id),
        ['doc-file', 'doc-beta'],
      );
    });

    it('bad input names the field', async () => {
      await assert.rejects(documents.changesAfter('yesterday'), /after "yesterday"/);
      await assert.rejects(documents.changesAfter(AFTER, undefined, 0), /limit "0"/);
    });

    it("the follow feature's change source reads them as document changes", async () => {
      const got = await source.published({ after: AFTER, limit: 1000 });
      const docs = got.filter((c) => c.recordType === 'document');
      assert.deepEqual(
        docs.map((c) => [c.recordId, c.publishedAt, c.mechanism]),
        [
          ['doc-file', '2026-06-04T10:00:00.000Z', 'gamma-dialogue'],
          ['doc-beta', '2026-06-03T10:00:00.000Z', 'beta-forum'],
          ['doc-new', '2026-06-02T10:00:00.000Z', 'alpha-process'],
        ],
      );
      assert.equal(docs[0]!.id, 'document:doc-file:2026-06-04T10:00:00.000Z');
      const alpha = await source.published({ after: AFTER, mechanism: 'alpha-process' });
      assert.deepEqual(
        alpha.filter((c) => c.recordType === 'document').map((c) => c.recordId),
        ['doc-beta', 'doc-new'],
      );
    });
  });
}
