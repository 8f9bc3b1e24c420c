import type { Kysely } from 'kysely';

/**
 * Reported figures: counts a source publishes (value, comparator, what it counts, date, scope, source,
 * quote), kept beside the figures ISCM Hub computes; and reported lists: per mechanism, whether the
 * source's lists of that time name it (entries as JSON), so the difference can be computed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('reported_figure')
    .addColumn('id', 'varchar(120)', (c) => c.primaryKey())
    .addColumn('value', 'integer', (c) => c.notNull())
    .addColumn('comparator', 'varchar(12)', (c) => c.notNull())
    .addColumn('counts', 'varchar(40)', (c) => c.notNull())
    .addColumn('date', 'varchar(10)', (c) => c.notNull())
    .addColumn('scope', 'varchar(140)')
    .addColumn('reported_by', 'text', (c) => c.notNull())
    .addColumn('source_id', 'varchar(20)', (c) => c.notNull().references('source.id'))
    .addColumn('quote', 'text', (c) => c.notNull())
    .addColumn('quote_kind', 'varchar(12)', (c) => c.notNull())
    .addColumn('quoted_in', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('reported_figure_date').on('reported_figure').column('date').execute();
  await db.schema
    .createTable('reported_list')
    .addColumn('id', 'varchar(120)', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('reported_by', 'text', (c) => c.notNull())
    .addColumn('figure_id', 'varchar(120)', (c) => c.notNull().references('reported_figure.id'))
    .addColumn('date', 'varchar(10)', (c) => c.notNull())
    .addColumn('date_note', 'text', (c) => c.notNull())
    .addColumn('entries', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('reported_list').execute();
  await db.schema.dropTable('reported_figure').execute();
}
