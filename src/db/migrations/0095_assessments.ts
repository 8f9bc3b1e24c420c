import type { Kysely } from 'kysely';

/**
 * Assessments (issue 14, item 5; src/impact/assessment): the ISCM unit (an administrator) writes a questionnaire of
 * typed questions, each addressed per mechanism (its secretariat answers) or per State (its delegates answer), names
 * the recipients and a deadline, sends it; each recipient's answers are kept with their author and time (draft,
 * submit, amend until the deadline); the compiled results stay closed until the unit publishes them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('assessment')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('intro', 'text')
    .addColumn('template', 'varchar(40)')
    .addColumn('deadline', 'varchar(10)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)', (c) => c.notNull().references('user_account.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('sent_at', 'varchar(30)')
    .addColumn('sent_by', 'varchar(36)')
    .addColumn('published_at', 'varchar(30)')
    .addColumn('published_by', 'varchar(36)')
    .execute();
  await db.schema
    .createTable('assessment_question')
    .addColumn('assessment_id', 'varchar(36)', (c) => c.notNull().references('assessment.id'))
    .addColumn('id', 'varchar(10)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('lens', 'varchar(40)')
    .addColumn('addressed', 'varchar(20)', (c) => c.notNull())
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('options', 'text')
    .addColumn('scale_min', 'integer')
    .addColumn('scale_max', 'integer')
    .addPrimaryKeyConstraint('assessment_question_pk', ['assessment_id', 'id'])
    .execute();
  await db.schema
    .createTable('assessment_recipient')
    .addColumn('assessment_id', 'varchar(36)', (c) => c.notNull().references('assessment.id'))
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('party_id', 'varchar(80)', (c) => c.notNull())
    .addPrimaryKeyConstraint('assessment_recipient_pk', ['assessment_id', 'kind', 'party_id'])
    .execute();
  await db.schema
    .createTable('assessment_response')
    .addColumn('assessment_id', 'varchar(36)', (c) => c.notNull().references('assessment.id'))
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('party_id', 'varchar(80)', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(36)', (c) => c.notNull().references('user_account.id'))
    .addColumn('submitted_at', 'varchar(30)')
    .addColumn('submitted_by', 'varchar(36)')
    .addPrimaryKeyConstraint('assessment_response_pk', ['assessment_id', 'kind', 'party_id'])
    .execute();
  await db.schema
    .createTable('assessment_answer')
    .addColumn('assessment_id', 'varchar(36)', (c) => c.notNull().references('assessment.id'))
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('party_id', 'varchar(80)', (c) => c.notNull())
    .addColumn('question_id', 'varchar(10)', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('assessment_answer_pk', ['assessment_id', 'kind', 'party_id', 'question_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'assessment_answer',
    'assessment_response',
    'assessment_recipient',
    'assessment_question',
    'assessment',
  ])
    await db.schema.dropTable(t).execute();
}
