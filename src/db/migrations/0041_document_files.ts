import type { Kysely } from 'kysely';

/**
 * Files and text (issue 13 items 2-3): when a language version last changed (upload, text extracted or failed),
 * part of the data version so every process sees a new file and its text; and the file's name as uploaded.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('document_version')
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.alterTable('document_version').addColumn('filename', 'text').execute();
  await db.schema.createIndex('document_version_updated').on('document_version').column('updated_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('document_version_updated').execute();
  await db.schema.alterTable('document_version').dropColumn('filename').execute();
  await db.schema.alterTable('document_version').dropColumn('updated_at').execute();
}
