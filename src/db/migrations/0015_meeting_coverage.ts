import type { Kysely } from 'kysely';

/**
 * December 2026: whether a mechanism's meeting record is known to be incomplete (from the meetings
 * research), and whether its observer list is complete (beside members_complete).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('meeting_coverage')
    .addColumn('mechanism_id', 'varchar(80)', (c) => c.primaryKey().references('mechanism.id'))
    .addColumn('complete', 'integer', (c) => c.notNull())
    .addColumn('checked', 'varchar(10)', (c) => c.notNull())
    .addColumn('gaps', 'text')
    .addColumn('note', 'text')
    .execute();
  await db.schema.alterTable('mechanism').addColumn('observers_complete', 'integer').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('mechanism').dropColumn('observers_complete').execute();
  await db.schema.dropTable('meeting_coverage').execute();
}
