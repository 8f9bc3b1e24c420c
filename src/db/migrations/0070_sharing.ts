import type { Kysely } from 'kysely';

/**
 * Information sharing among States (issue 17, first slice; src/sharing): who is who — a delegate account acting
 * for a State (ISO3), granted by an administrator or by that State's focal point, revoked by a date, never
 * deleted — and the posts of each mechanism's member space, each with its visibility.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('delegate')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('user_account.id'))
    .addColumn('country_code', 'varchar(3)', (c) => c.notNull())
    .addColumn('focal_point', 'integer', (c) => c.notNull())
    .addColumn('granted_by', 'varchar(36)', (c) => c.notNull())
    .addColumn('granted_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('revoked_by', 'varchar(36)')
    .addColumn('revoked_at', 'varchar(30)')
    .execute();
  await db.schema.createIndex('delegate_user').on('delegate').column('user_id').execute();
  await db.schema.createIndex('delegate_country').on('delegate').column('country_code').execute();
  await db.schema
    .createTable('space_post')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('mechanism_id', 'varchar(80)', (c) => c.notNull().references('mechanism.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('visibility', 'varchar(30)', (c) => c.notNull())
    .addColumn('author_id', 'varchar(36)', (c) => c.notNull().references('user_account.id'))
    .addColumn('author_country', 'varchar(3)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('space_post_mechanism')
    .on('space_post')
    .columns(['mechanism_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['space_post', 'delegate']) await db.schema.dropTable(t).execute();
}
