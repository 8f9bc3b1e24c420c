import type { Kysely } from 'kysely';

/** Meetings, the series they belong to, who took part, agenda and documents. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('meeting_series')
    .addColumn('id', 'varchar(80)', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('sources', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('meeting')
    .addColumn('id', 'varchar(140)', (c) => c.primaryKey())
    .addColumn('series_id', 'varchar(80)', (c) => c.references('meeting_series.id'))
    .addColumn('mechanism_id', 'varchar(80)', (c) => c.references('mechanism.id'))
    .addColumn('ordinal', 'integer')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'varchar(24)', (c) => c.notNull())
    .addColumn('start', 'varchar(10)', (c) => c.notNull())
    .addColumn('end', 'varchar(10)')
    .addColumn('city', 'text')
    .addColumn('country_code', 'varchar(3)', (c) => c.references('country.code'))
    .addColumn('online', 'integer', (c) => c.notNull())
    .addColumn('host', 'text')
    .addColumn('theme', 'text')
    .addColumn('status', 'varchar(12)', (c) => c.notNull())
    .addColumn('reported_counts', 'text', (c) => c.notNull())
    .addColumn('sources', 'text', (c) => c.notNull())
    .addColumn('unverified_fields', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('meeting_mechanism').on('meeting').column('mechanism_id').execute();
  await db.schema.createIndex('meeting_series_idx').on('meeting').column('series_id').execute();
  await db.schema.createIndex('meeting_start').on('meeting').column('start').execute();

  await db.schema
    .createTable('meeting_participant')
    .addColumn('meeting_id', 'varchar(140)', (c) => c.notNull().references('meeting.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('mechanism_id', 'varchar(80)', (c) => c.references('mechanism.id'))
    .addColumn('country_code', 'varchar(3)', (c) => c.references('country.code'))
    .addColumn('organization_id', 'varchar(80)', (c) => c.references('organization.id'))
    .addColumn('name_in_source', 'text', (c) => c.notNull())
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    .addColumn('sources', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('meeting_participant_pk', ['meeting_id', 'seq'])
    .execute();
  await db.schema.createIndex('meeting_participant_country').on('meeting_participant').column('country_code').execute();

  await db.schema
    .createTable('meeting_agenda_item')
    .addColumn('meeting_id', 'varchar(140)', (c) => c.notNull().references('meeting.id'))
    .addColumn('order', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('time', 'text')
    .addColumn('speakers', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('meeting_agenda_item_pk', ['meeting_id', 'order'])
    .execute();

  // Documents are records of their own: the document repository will attach files to them.
  await db.schema
    .createTable('meeting_document')
    .addColumn('meeting_id', 'varchar(140)', (c) => c.notNull().references('meeting.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('date', 'varchar(10)')
    .addColumn('language', 'varchar(16)')
    .addColumn('url', 'text')
    .addColumn('sources', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('meeting_document_pk', ['meeting_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['meeting_document', 'meeting_agenda_item', 'meeting_participant', 'meeting', 'meeting_series']) {
    await db.schema.dropTable(t).execute();
  }
}
