import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { AccountsService } from '../accounts/service.js';
import { createTestDatabase, engines, type TestDatabase } from '../../test/helpers/db.js';

for (const { engine, skip } of await engines()) {
  describe(`the audit log on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase(engine);
      await new AccountsService(t.db).createUser(
        { email: 'someone@example.org', displayName: 'Someone', password: 'a long enough password' },
        'system',
      );
    });
    after(async () => {
      await t.dispose();
    });

    it('is append-only in the database: updating or deleting an event is refused, the event stays as written', async () => {
      const [event] = await t.db.selectFrom('audit_event').selectAll().execute();
      assert.ok(event, 'creating a user wrote an audit event');
      await assert.rejects(
        t.db.updateTable('audit_event').set({ actor: 'someone else' }).where('id', '=', event.id).execute(),
        /append-only/,
      );
      await assert.rejects(t.db.deleteFrom('audit_event').where('id', '=', event.id).execute(), /append-only/);
      if (engine === 'postgres') await assert.rejects(sql`TRUNCATE audit_event`.execute(t.db), /append-only/);
      assert.deepEqual(await t.db.selectFrom('audit_event').selectAll().execute(), [event]);
      await new AccountsService(t.db).createUser(
        { email: 'other@example.org', displayName: 'Other', password: 'a long enough password' },
        'system',
      );
      assert.equal((await t.db.selectFrom('audit_event').select('id').execute()).length, 2, 'appending still works');
    });
  });
}
