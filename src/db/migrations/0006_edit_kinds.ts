import type { Kysely } from 'kysely';

/**
 * Edits of every kind: a change keeps the state it replaced and the state it wrote (so an
 * administrator can revert it, and history can show the difference); mechanisms remember which
 * fields were edited in ISCM Hub (a reference reload leaves those alone) and gain a dated current
 * chair; meetings remember that they were edited here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('change_request').addColumn('before_state', 'text').execute();
  await db.schema.alterTable('change_request').addColumn('after_state', 'text').execute();
  await db.schema.alterTable('change_request').addColumn('result_version', 'integer').execute();
  await db.schema.alterTable('change_request').addColumn('revert_of', 'varchar(40)').execute();
  await db.schema
    .createIndex('change_request_record')
    .on('change_request')
    .columns(['record_type', 'record_id'])
    .execute();
  await db.schema
    .alterTable('mechanism')
    .addColumn('edited_fields', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema.alterTable('mechanism').addColumn('chair_current', 'text').execute();
  await db.schema.alterTable('mechanism').addColumn('chair_since', 'varchar(10)').execute();
  await db.schema.alterTable('meeting').addColumn('edited_at', 'varchar(32)').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('meeting').dropColumn('edited_at').execute();
  for (const c of ['chair_since', 'chair_current', 'edited_fields'])
    await db.schema.alterTable('mechanism').dropColumn(c).execute();
  await db.schema.dropIndex('change_request_record').execute();
  for (const c of ['revert_of', 'result_version', 'after_state', 'before_state'])
    await db.schema.alterTable('change_request').dropColumn(c).execute();
}
