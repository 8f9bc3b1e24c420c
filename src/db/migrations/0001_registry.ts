import type { Kysely } from 'kysely';

/** The registry: countries, organizations, sources, themes, mechanisms and bitemporal participation. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('country')
    .addColumn('code', 'varchar(3)', (c) => c.primaryKey())
    .addColumn('alpha2', 'varchar(2)', (c) => c.notNull())
    .addColumn('numeric', 'varchar(3)')
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('region_code', 'varchar(3)')
    .addColumn('region', 'text')
    .addColumn('subregion_code', 'varchar(3)')
    .addColumn('subregion', 'text')
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('name_fr', 'text', (c) => c.notNull())
    .addColumn('name_es', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();

  await db.schema
    .createTable('organization')
    .addColumn('id', 'varchar(80)', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('acronym', 'text')
    .addColumn('kind', 'varchar(40)', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();

  await db.schema
    .createTable('source')
    .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text')
    .addColumn('publisher', 'text')
    .addColumn('accessed', 'varchar(10)')
    .execute();

  await db.schema
    .createTable('theme')
    .addColumn('id', 'varchar(60)', (c) => c.primaryKey())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('name_fr', 'text', (c) => c.notNull())
    .addColumn('name_es', 'text', (c) => c.notNull())
    .addColumn('description_en', 'text')
    .execute();

  await db.schema
    .createTable('mechanism')
    .addColumn('id', 'varchar(80)', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('acronym', 'text')
    .addColumn('established', 'integer')
    .addColumn('region', 'text')
    .addColumn('objectives', 'text')
    .addColumn('structure', 'text')
    .addColumn('chair_model', 'text')
    .addColumn('secretariat_text', 'text')
    .addColumn('secretariat_org', 'varchar(80)', (c) => c.references('organization.id'))
    .addColumn('website', 'text')
    .addColumn('membership_note', 'text')
    .addColumn('members_complete', 'integer')
    .addColumn('member_groups', 'text', (c) => c.notNull())
    .addColumn('key_outputs', 'text', (c) => c.notNull())
    .addColumn('unverified_fields', 'text', (c) => c.notNull())
    .addColumn('supporting_orgs', 'text', (c) => c.notNull())
    .addColumn('last_evidence', 'varchar(10)')
    .addColumn('notes', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('mechanism_name')
    .addColumn('mechanism_id', 'varchar(80)', (c) => c.notNull().references('mechanism.id'))
    .addColumn('slug', 'varchar(120)', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();

  for (const table of ['mechanism_level', 'mechanism_status']) {
    await db.schema
      .createTable(table)
      .addColumn('mechanism_id', 'varchar(80)', (c) => c.notNull().references('mechanism.id'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('value', 'varchar(16)', (c) => c.notNull())
      .addColumn('start', 'varchar(10)')
      .addColumn('end', 'varchar(10)')
      .addColumn('end_not_before', 'varchar(10)')
      .addColumn('confidence', 'varchar(10)')
      .addColumn('note', 'text')
      .addColumn('sources', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, ['mechanism_id', 'seq'])
      .execute();
  }

  await db.schema
    .createTable('mechanism_theme')
    .addColumn('mechanism_id', 'varchar(80)', (c) => c.notNull().references('mechanism.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('theme_id', 'varchar(60)', (c) => c.notNull().references('theme.id'))
    .addColumn('wording', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('mechanism_theme_pk', ['mechanism_id', 'seq'])
    .execute();
  await db.schema.createIndex('mechanism_theme_theme').on('mechanism_theme').column('theme_id').execute();

  await db.schema
    .createTable('mechanism_source')
    .addColumn('mechanism_id', 'varchar(80)', (c) => c.notNull().references('mechanism.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('source_id', 'varchar(40)', (c) => c.notNull().references('source.id'))
    .addPrimaryKeyConstraint('mechanism_source_pk', ['mechanism_id', 'seq'])
    .execute();

  await db.schema
    .createTable('participation')
    .addColumn('row_id', 'varchar(160)', (c) => c.primaryKey())
    .addColumn('id', 'varchar(140)', (c) => c.notNull())
    .addColumn('mechanism_id', 'varchar(80)', (c) => c.notNull().references('mechanism.id'))
    .addColumn('country_code', 'varchar(3)', (c) => c.references('country.code'))
    .addColumn('organization_id', 'varchar(80)', (c) => c.references('organization.id'))
    .addColumn('party_label', 'text')
    .addColumn('name_in_source', 'text')
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    .addColumn('start', 'varchar(10)')
    .addColumn('start_not_before', 'varchar(10)')
    .addColumn('start_basis', 'varchar(40)')
    .addColumn('end', 'varchar(10)')
    .addColumn('end_not_before', 'varchar(10)')
    .addColumn('end_cause', 'varchar(24)')
    .addColumn('first_attested', 'varchar(10)')
    .addColumn('via_group', 'text')
    .addColumn('verification', 'varchar(12)', (c) => c.notNull())
    .addColumn('sources', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('recorded_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('recorded_by', 'varchar(80)', (c) => c.notNull())
    .addColumn('superseded_at', 'varchar(32)')
    .execute();
  await db.schema
    .createIndex('participation_mechanism')
    .on('participation')
    .columns(['mechanism_id', 'superseded_at'])
    .execute();
  await db.schema
    .createIndex('participation_country')
    .on('participation')
    .columns(['country_code', 'superseded_at'])
    .execute();
  await db.schema.createIndex('participation_logical').on('participation').columns(['id', 'recorded_at']).execute();

  await db.schema
    .createTable('snapshot')
    .addColumn('id', 'varchar(140)', (c) => c.primaryKey())
    .addColumn('mechanism_id', 'varchar(80)', (c) => c.notNull().references('mechanism.id'))
    .addColumn('as_of', 'varchar(10)', (c) => c.notNull())
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    .addColumn('list_type', 'varchar(40)', (c) => c.notNull())
    .addColumn('complete', 'integer', (c) => c.notNull())
    .addColumn('stated_count', 'integer')
    .addColumn('source_id', 'varchar(40)', (c) => c.notNull().references('source.id'))
    .addColumn('note', 'text')
    .addColumn('member_groups', 'text')
    .addColumn('parties', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('dataset_load')
    .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('loaded_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('digest', 'varchar(64)', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'dataset_load',
    'snapshot',
    'participation',
    'mechanism_source',
    'mechanism_theme',
    'mechanism_status',
    'mechanism_level',
    'mechanism_name',
    'mechanism',
    'theme',
    'source',
    'organization',
    'country',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
