import type { Kysely } from 'kysely';

/**
 * Document records editors write (issue 13 item 1): where a record comes from. `reference`: the bundled dataset
 * (data/reference/documents.json), which a reference load inserts, rewrites and removes; `edited`: created or
 * changed by an editor (src/documents/edit.ts), which a reference load never touches.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('document')
    .addColumn('origin', 'varchar(20)', (c) => c.notNull().defaultTo('reference'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('document').dropColumn('origin').execute();
}
