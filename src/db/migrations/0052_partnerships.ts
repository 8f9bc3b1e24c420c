import type { Kysely } from 'kysely';

/**
 * Partnerships of the mechanisms (issue 14 item 3): an organization's role in a mechanism, or a link between two
 * mechanisms (such as the Rabat–Khartoum joint follow-up), each with its years and its sources. An organization
 * wording no organization of the table resolves keeps the research's words (`organization_wording`) and no row in
 * partnership_organization. `years` is the research's wording; first_year, last_year and ongoing (1/0/null) are
 * what it states.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('partnership')
    .addColumn('id', 'varchar(200)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(30)', (c) => c.notNull())
    .addColumn('mechanism_id', 'varchar(80)', (c) => c.references('mechanism.id'))
    .addColumn('organization_wording', 'text')
    .addColumn('mechanism_a', 'varchar(80)', (c) => c.references('mechanism.id'))
    .addColumn('mechanism_b', 'varchar(80)', (c) => c.references('mechanism.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('years', 'varchar(40)')
    .addColumn('first_year', 'integer')
    .addColumn('last_year', 'integer')
    .addColumn('ongoing', 'integer')
    .addColumn('compilation_note', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('partnership_mechanism').on('partnership').column('mechanism_id').execute();
  await db.schema
    .createTable('partnership_organization')
    .addColumn('partnership_id', 'varchar(200)', (c) => c.notNull().references('partnership.id'))
    .addColumn('organization_id', 'varchar(80)', (c) => c.notNull().references('organization.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('partnership_organization_pk', ['partnership_id', 'organization_id'])
    .execute();
  await db.schema
    .createTable('partnership_party')
    .addColumn('partnership_id', 'varchar(200)', (c) => c.notNull().references('partnership.id'))
    .addColumn('mechanism_id', 'varchar(80)', (c) => c.notNull().references('mechanism.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('partnership_party_pk', ['partnership_id', 'mechanism_id'])
    .execute();
  await db.schema
    .createTable('partnership_source')
    .addColumn('partnership_id', 'varchar(200)', (c) => c.notNull().references('partnership.id'))
    .addColumn('source_id', 'varchar(20)', (c) => c.notNull().references('source.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('partnership_source_pk', ['partnership_id', 'source_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['partnership_source', 'partnership_party', 'partnership_organization', 'partnership'])
    await db.schema.dropTable(t).execute();
}
