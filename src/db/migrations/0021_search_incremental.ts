import type { Kysely } from 'kysely';

/**
 * An incremental search index (issue 13): each index record keeps a `stamp` (what its indexer says the record is
 * made of: a hash of the record, or the document's own version stamps), so a change replaces only the records
 * whose stamp differs, and `body` (the distinct folded words and stems of its body text), so ranking reads these
 * and not the full text, which is read only for the snippets of the page shown. The empty defaults are never
 * read: the service's index format changed, so the index is rebuilt on the next query.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('search_record')
    .addColumn('stamp', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('search_record')
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('search_record_type').on('search_record').column('type').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('search_record_type').execute();
  await db.schema.alterTable('search_record').dropColumn('body').execute();
  await db.schema.alterTable('search_record').dropColumn('stamp').execute();
}
