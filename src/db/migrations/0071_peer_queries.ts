import type { Kysely } from 'kysely';

/**
 * Peer queries (issue 17, item 3; src/sharing/queries): a focal point of a State or a mechanism's secretariat asks
 * the member States of one or more mechanisms a structured question set with a deadline; each State answers once
 * per question (draft, submit, amend until the deadline); the asker keeps the compilation closed or publishes it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('peer_query')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('asked_by', 'varchar(36)', (c) => c.notNull().references('user_account.id'))
    .addColumn('asker_country', 'varchar(3)')
    .addColumn('asked_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('deadline', 'varchar(10)', (c) => c.notNull())
    .addColumn('attachment_document_id', 'varchar(200)')
    .addColumn('published_at', 'varchar(30)')
    .addColumn('published_by', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('peer_query_mechanism')
    .addColumn('query_id', 'varchar(36)', (c) => c.notNull().references('peer_query.id'))
    .addColumn('mechanism_id', 'varchar(80)', (c) => c.notNull().references('mechanism.id'))
    .addPrimaryKeyConstraint('peer_query_mechanism_pk', ['query_id', 'mechanism_id'])
    .execute();
  await db.schema
    .createIndex('peer_query_mechanism_by_mechanism')
    .on('peer_query_mechanism')
    .column('mechanism_id')
    .execute();
  await db.schema
    .createTable('peer_query_question')
    .addColumn('query_id', 'varchar(36)', (c) => c.notNull().references('peer_query.id'))
    .addColumn('id', 'varchar(10)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('options', 'text')
    .addPrimaryKeyConstraint('peer_query_question_pk', ['query_id', 'id'])
    .execute();
  await db.schema
    .createTable('peer_query_response')
    .addColumn('query_id', 'varchar(36)', (c) => c.notNull().references('peer_query.id'))
    .addColumn('country_code', 'varchar(3)', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(36)', (c) => c.notNull().references('user_account.id'))
    .addColumn('submitted_at', 'varchar(30)')
    .addPrimaryKeyConstraint('peer_query_response_pk', ['query_id', 'country_code'])
    .execute();
  await db.schema
    .createTable('peer_query_answer')
    .addColumn('query_id', 'varchar(36)', (c) => c.notNull().references('peer_query.id'))
    .addColumn('country_code', 'varchar(3)', (c) => c.notNull())
    .addColumn('question_id', 'varchar(10)', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('peer_query_answer_pk', ['query_id', 'country_code', 'question_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'peer_query_answer',
    'peer_query_response',
    'peer_query_question',
    'peer_query_mechanism',
    'peer_query',
  ])
    await db.schema.dropTable(t).execute();
}
