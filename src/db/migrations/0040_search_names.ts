import type { Kysely } from 'kysely';

/**
 * Search at scale (issue 13): each index record also keeps its names and facets without its body text
 * (`meta`, JSON), so the service holds every record's names in memory per data version, ranks the engine's
 * matches by name first and reads in full only the records it shows. The index is rebuilt on the next query
 * (the service's index format changed), so the default is never read.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('search_record')
    .addColumn('meta', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('search_record').dropColumn('meta').execute();
}
