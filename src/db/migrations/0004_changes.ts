import type { Kysely } from 'kysely';

/** Edits: a version number on participation records, and changes waiting for review. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('participation')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createTable('change_request')
    .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(40)', (c) => c.notNull())
    .addColumn('record_type', 'varchar(40)', (c) => c.notNull())
    .addColumn('record_id', 'varchar(160)', (c) => c.notNull())
    .addColumn('mechanism_id', 'varchar(80)', (c) => c.notNull())
    .addColumn('base_version', 'integer', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('author', 'varchar(40)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('reviewer', 'varchar(40)')
    .addColumn('reviewed_at', 'varchar(32)')
    .addColumn('comment', 'text')
    .execute();
  await db.schema
    .createIndex('change_request_status')
    .on('change_request')
    .columns(['status', 'mechanism_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('change_request').execute();
  await db.schema.alterTable('participation').dropColumn('version').execute();
}
