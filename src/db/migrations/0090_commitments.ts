import type { Kysely } from 'kysely';

/**
 * Commitments and their follow-up (issue 14 item 4). A framework (the Joint Valletta Action Plan: domain → priority
 * → action) is a tree of weighted nodes, each with the source it was read from; a commitment belongs to a document
 * (and a numbered paragraph of it where the document has them), sits at a node of a framework where the document
 * defines one, and names the countries it concerns where a source states them (none: every member State of its
 * mechanisms). Follow-up updates are reported by a State's focal point or delegate inside a reporting cycle, or by
 * the secretariat, and reviewed (submitted → accepted | returned): only accepted ones are public.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('commitment_framework')
    .addColumn('id', 'varchar(80)', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('document_id', 'varchar(200)', (c) => c.references('document.id'))
    .addColumn('levels', 'text', (c) => c.notNull())
    .addColumn('public_note', 'text')
    .addColumn('compilation_note', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('commitment_node')
    .addColumn('framework_id', 'varchar(80)', (c) => c.notNull().references('commitment_framework.id'))
    .addColumn('id', 'varchar(40)', (c) => c.notNull())
    .addColumn('parent_id', 'varchar(40)')
    .addColumn('level', 'varchar(20)', (c) => c.notNull())
    .addColumn('code', 'varchar(20)', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('weight', 'double precision', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('source_url', 'text', (c) => c.notNull())
    .addColumn('read_on', 'varchar(10)', (c) => c.notNull())
    .addPrimaryKeyConstraint('commitment_node_pk', ['framework_id', 'id'])
    .execute();
  await db.schema
    .createTable('commitment')
    .addColumn('id', 'varchar(140)', (c) => c.primaryKey())
    .addColumn('document_id', 'varchar(200)', (c) => c.notNull().references('document.id'))
    .addColumn('paragraph', 'varchar(40)')
    .addColumn('framework_id', 'varchar(80)', (c) => c.references('commitment_framework.id'))
    .addColumn('node_id', 'varchar(40)')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('weight', 'double precision', (c) => c.notNull())
    .addColumn('source_url', 'text', (c) => c.notNull())
    .addColumn('read_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('commitment_document').on('commitment').column('document_id').execute();
  await db.schema
    .createTable('commitment_mechanism')
    .addColumn('commitment_id', 'varchar(140)', (c) => c.notNull().references('commitment.id'))
    .addColumn('mechanism_id', 'varchar(80)', (c) => c.notNull().references('mechanism.id'))
    .addPrimaryKeyConstraint('commitment_mechanism_pk', ['commitment_id', 'mechanism_id'])
    .execute();
  await db.schema
    .createTable('commitment_country')
    .addColumn('commitment_id', 'varchar(140)', (c) => c.notNull().references('commitment.id'))
    .addColumn('country_code', 'varchar(3)', (c) => c.notNull())
    .addPrimaryKeyConstraint('commitment_country_pk', ['commitment_id', 'country_code'])
    .execute();
  await db.schema
    .createTable('commitment_theme')
    .addColumn('commitment_id', 'varchar(140)', (c) => c.notNull().references('commitment.id'))
    .addColumn('theme_id', 'varchar(80)', (c) => c.notNull())
    .addPrimaryKeyConstraint('commitment_theme_pk', ['commitment_id', 'theme_id'])
    .execute();
  await db.schema
    .createTable('reporting_cycle')
    .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('mechanism_id', 'varchar(80)', (c) => c.notNull().references('mechanism.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('opened_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('deadline', 'varchar(10)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('commitment_update')
    .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('commitment_id', 'varchar(140)', (c) => c.notNull().references('commitment.id'))
    .addColumn('cycle_id', 'varchar(40)', (c) => c.references('reporting_cycle.id'))
    .addColumn('country_code', 'varchar(3)')
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('progress', 'integer')
    .addColumn('on_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('evidence_url', 'text')
    .addColumn('evidence_document_id', 'varchar(200)')
    .addColumn('note', 'text')
    .addColumn('reported_by', 'varchar(40)', (c) => c.notNull())
    .addColumn('review', 'varchar(20)', (c) => c.notNull())
    .addColumn('review_comment', 'text')
    .addColumn('reviewed_by', 'varchar(40)')
    .addColumn('reviewed_at', 'varchar(30)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('commitment_update_commitment').on('commitment_update').column('commitment_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'commitment_update',
    'reporting_cycle',
    'commitment_theme',
    'commitment_country',
    'commitment_mechanism',
    'commitment',
    'commitment_node',
    'commitment_framework',
  ])
    await db.schema.dropTable(t).execute();
}
