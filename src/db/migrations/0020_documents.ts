import type { Kysely } from 'kysely';

/**
 * Documents as records (issue 13): declarations, action plans, outcome documents, reports…, with their
 * mechanisms, the languages a source shows, their sources and the meeting they were linked to. And, empty
 * for now, the shape the files and the text will take: a document's language versions (file by sha-256,
 * size, media type, blob key; official, unofficial or machine translation), the text of each page and
 * the numbered paragraphs. `meeting_id` has no foreign key: a reference reload may remove a meeting
 * before it rewrites the documents, and the loader checks every link against the meetings first.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('document')
    .addColumn('id', 'varchar(140)', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('titles', 'text', (c) => c.notNull()) // JSON { fr?, es? }
    .addColumn('kind', 'varchar(40)', (c) => c.notNull())
    .addColumn('date', 'varchar(10)')
    .addColumn('date_precision', 'varchar(5)')
    .addColumn('year', 'integer')
    .addColumn('meeting_id', 'varchar(140)')
    .addColumn('meeting_match', 'varchar(20)')
    .addColumn('meeting_text', 'text')
    .addColumn('meeting_place', 'text')
    .addColumn('meeting_candidates', 'text', (c) => c.notNull()) // JSON list of meeting ids
    .addColumn('meeting_compilation_note', 'text')
    .addColumn('adopted_by', 'text')
    .addColumn('url', 'text')
    .addColumn('summary_facts', 'text', (c) => c.notNull()) // JSON list of strings
    .addColumn('structure_hint', 'text')
    .addColumn('confidence', 'varchar(6)', (c) => c.notNull())
    .addColumn('compilation_note', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('document_kind').on('document').column('kind').execute();
  await db.schema.createIndex('document_year').on('document').column('year').execute();
  await db.schema.createIndex('document_meeting').on('document').column('meeting_id').execute();
  await db.schema
    .createTable('document_mechanism')
    .addColumn('document_id', 'varchar(140)', (c) => c.notNull().references('document.id'))
    .addColumn('mechanism_id', 'varchar(80)', (c) => c.notNull().references('mechanism.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('document_mechanism_pk', ['document_id', 'mechanism_id'])
    .execute();
  await db.schema.createIndex('document_mechanism_by').on('document_mechanism').column('mechanism_id').execute();
  await db.schema
    .createTable('document_language')
    .addColumn('document_id', 'varchar(140)', (c) => c.notNull().references('document.id'))
    .addColumn('lang', 'varchar(8)', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('document_language_pk', ['document_id', 'lang'])
    .execute();
  await db.schema
    .createTable('document_source')
    .addColumn('document_id', 'varchar(140)', (c) => c.notNull().references('document.id'))
    .addColumn('source_id', 'varchar(20)', (c) => c.notNull().references('source.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('document_source_pk', ['document_id', 'source_id'])
    .execute();
  // Files and text (issue 13 items 2-3): empty until uploads exist.
  await db.schema
    .createTable('document_version')
    .addColumn('id', 'varchar(80)', (c) => c.primaryKey())
    .addColumn('document_id', 'varchar(140)', (c) => c.notNull().references('document.id'))
    .addColumn('lang', 'varchar(8)', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull()) // official | unofficial | machine-translation
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('media_type', 'varchar(100)', (c) => c.notNull())
    .addColumn('blob_key', 'text', (c) => c.notNull())
    .addColumn('pages', 'integer')
    .addColumn('text_status', 'varchar(20)', (c) => c.notNull()) // pending | extracted | no-text | failed
    .addColumn('text_error', 'text')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(80)')
    .execute();
  await db.schema.createIndex('document_version_by').on('document_version').column('document_id').execute();
  await db.schema
    .createTable('document_page')
    .addColumn('version_id', 'varchar(80)', (c) => c.notNull().references('document_version.id'))
    .addColumn('page', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('document_page_pk', ['version_id', 'page'])
    .execute();
  await db.schema
    .createTable('document_paragraph')
    .addColumn('version_id', 'varchar(80)', (c) => c.notNull().references('document_version.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('number', 'varchar(40)') // as printed: 12, 12(b), II.3; null for unnumbered text
    .addColumn('page', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('document_paragraph_pk', ['version_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('document_paragraph_number')
    .on('document_paragraph')
    .columns(['version_id', 'number'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'document_paragraph',
    'document_page',
    'document_version',
    'document_source',
    'document_language',
    'document_mechanism',
    'document',
  ])
    await db.schema.dropTable(t).execute();
}
