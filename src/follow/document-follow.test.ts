/**
 * A follow of a document kind matches the repository's new or changed documents (they are not published through
 * editing's change records): on both engines, the following page lists a document of the kind followed, with a
 * link to its page, and not one of another kind.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp, loadReference } from '../app.js';
import { createTestDatabase, engines, type TestDatabase } from '../../test/helpers/db.js';
import type { Client } from '../../test/helpers/client.js';
import { insertDocument } from '../../test/helpers/documents.js';
import { MINI } from '../../test/helpers/reference.js';
import { seedRoleUsers, signedInClients } from '../../test/helpers/roles.js';

for (const { engine, skip } of await engines()) {
  describe(`document-kind follows on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let clients: Record<string, Client>;
    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db, MINI);
      const { tokens } = await seedRoleUsers(t.db, ['no role']);
      app = await buildApp({ database: t, cacheTtlMs: 0 });
      clients = await signedInClients(app, ['no role']);
      const r = await app.inject({
        method: 'PUT',
        url: '/api/v1/me/follows/document-kind/outcome-document',
        headers: { authorization: `Bearer ${tokens['no role']}` },
      });
      assert.equal(r.statusCode, 201, r.body);
      // Documents added after the follow: one of the kind followed, one of another kind.
      await insertDocument(t.db, 'doc-followed');
      await insertDocument(t.db, 'doc-other');
      await t.db.updateTable('document').set({ kind: 'report' }).where('id', '=', 'doc-other').execute();
    });
    after(async () => {
      await app?.close();
      await t?.dispose();
    });

    it('the following page lists the new document of the kind followed, linked to its page', async () => {
      const res = await clients['no role']!.get('/en/account/following');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /New or changed document: Document doc-followed/);
      assert.match(res.body, /href="\/en\/documents\/doc-followed"/);
      assert.doesNotMatch(res.body, /doc-other/);
    });
  });
}
