import type { Kysely } from 'kysely';

/**
 * Each fact cites what backs it (issue 9): a source shows its site, its date (stated, inferred or
 * the date it was read: `date_basis`), whether it is a mirror copy, and the membership lists it holds;
 * a participation row says how a source names it (`attestation`, with `via_bloc` for a bloc's list);
 * a mechanism has the name people use (`common_name`, with its source) and official names in other
 * languages as sources give them (`official_names`, JSON) and who may take part in a source's words
 * (`membership_basis`, JSON: quote, date, source). All nullable: rows written before keep working.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('source').addColumn('site', 'text').execute();
  await db.schema.alterTable('source').addColumn('date', 'varchar(10)').execute();
  await db.schema.alterTable('source').addColumn('date_basis', 'varchar(10)').execute();
  await db.schema
    .alterTable('source')
    .addColumn('mirror', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('source')
    .addColumn('lists', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema.alterTable('participation').addColumn('attestation', 'varchar(16)').execute();
  await db.schema.alterTable('participation').addColumn('via_bloc', 'text').execute();
  await db.schema.alterTable('mechanism').addColumn('common_name', 'text').execute();
  await db.schema.alterTable('mechanism').addColumn('common_name_source', 'varchar(40)').execute();
  await db.schema
    .alterTable('mechanism')
    .addColumn('official_names', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema
    .alterTable('mechanism')
    .addColumn('membership_basis', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const c of ['membership_basis', 'official_names', 'common_name_source', 'common_name'])
    await db.schema.alterTable('mechanism').dropColumn(c).execute();
  for (const c of ['via_bloc', 'attestation']) await db.schema.alterTable('participation').dropColumn(c).execute();
  for (const c of ['lists', 'mirror', 'date_basis', 'date', 'site'])
    await db.schema.alterTable('source').dropColumn(c).execute();
}
