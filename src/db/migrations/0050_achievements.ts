import type { Kysely } from 'kysely';

/**
 * Achievements of the mechanisms (issue 14 item 1): what a mechanism achieved, read through the three lenses of
 * the GRCP 8 outcome document (policy impact, sustainable structures, partnership models), with the countries a
 * source names and the sources. `year` is the year as the research gives it ("YYYY") or null.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('achievement')
    .addColumn('id', 'varchar(140)', (c) => c.primaryKey())
    .addColumn('mechanism_id', 'varchar(80)', (c) => c.notNull().references('mechanism.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('type', 'varchar(40)', (c) => c.notNull())
    .addColumn('level', 'varchar(20)', (c) => c.notNull())
    .addColumn('year', 'integer')
    .addColumn('lens', 'varchar(40)', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('confidence', 'varchar(6)', (c) => c.notNull())
    .addColumn('compilation_note', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('achievement_mechanism').on('achievement').column('mechanism_id').execute();
  await db.schema
    .createTable('achievement_country')
    .addColumn('achievement_id', 'varchar(140)', (c) => c.notNull().references('achievement.id'))
    .addColumn('country_code', 'varchar(3)', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('achievement_country_pk', ['achievement_id', 'country_code'])
    .execute();
  await db.schema.createIndex('achievement_country_by').on('achievement_country').column('country_code').execute();
  await db.schema
    .createTable('achievement_source')
    .addColumn('achievement_id', 'varchar(140)', (c) => c.notNull().references('achievement.id'))
    .addColumn('source_id', 'varchar(20)', (c) => c.notNull().references('source.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('achievement_source_pk', ['achievement_id', 'source_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['achievement_source', 'achievement_country', 'achievement']) await db.schema.dropTable(t).execute();
}
