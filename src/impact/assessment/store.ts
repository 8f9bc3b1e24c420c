/** The assessment queries: the only place with SQL of src/impact/assessment. Same code on SQLite and PostgreSQL. */
import type { Kysely, Transaction } from 'kysely';
import type {
  AssessmentAnswerTable,
  AssessmentQuestionTable,
  AssessmentRecipientTable,
  AssessmentResponseTable,
  AssessmentTable,
  DB,
} from '../../db/schema.js';

type Q = Kysely<DB> | Transaction<DB>;

export async function insertAssessment(
  q: Q,
  row: AssessmentTable,
  questions: readonly AssessmentQuestionTable[],
  recipients: readonly AssessmentRecipientTable[],
) {
  await q.insertInto('assessment').values(row).execute();
  await q
    .insertInto('assessment_question')
    .values([...questions])
    .execute();
  if (recipients.length)
    await q
      .insertInto('assessment_recipient')
      .values([...recipients])
      .execute();
}

/** A draft's questionnaire replaced (no longer the template's as it was seeded). */
export async function replaceQuestions(q: Q, id: string, questions: readonly AssessmentQuestionTable[]) {
  await q.deleteFrom('assessment_question').where('assessment_id', '=', id).execute();
  await q
    .insertInto('assessment_question')
    .values([...questions])
    .execute();
  await q.updateTable('assessment').set({ template: null }).where('id', '=', id).execute();
}

/** Every assessment, newest first. */
export function assessments(q: Q) {
  return q.selectFrom('assessment').selectAll().orderBy('created_at', 'desc').orderBy('id').execute();
}

export function assessment(q: Q, id: string) {
  return q.selectFrom('assessment').selectAll().where('id', '=', id).executeTakeFirst();
}

export function questionsOf(q: Q, id: string) {
  return q.selectFrom('assessment_question').selectAll().where('assessment_id', '=', id).orderBy('position').execute();
}

export function recipientsOf(q: Q, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return q
    .selectFrom('assessment_recipient')
    .selectAll()
    .where('assessment_id', 'in', [...ids])
    .orderBy('kind')
    .orderBy('party_id')
    .execute();
}

export function responsesOf(q: Q, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return q
    .selectFrom('assessment_response')
    .selectAll()
    .where('assessment_id', 'in', [...ids])
    .orderBy('kind')
    .orderBy('party_id')
    .execute();
}

export function response(q: Q, id: string, kind: string, party: string) {
  return q
    .selectFrom('assessment_response')
    .selectAll()
    .where('assessment_id', '=', id)
    .where('kind', '=', kind)
    .where('party_id', '=', party)
    .executeTakeFirst();
}

export function answersOf(q: Q, id: string, who?: { kind: string; party: string }) {
  let rows = q.selectFrom('assessment_answer').selectAll().where('assessment_id', '=', id);
  if (who) rows = rows.where('kind', '=', who.kind).where('party_id', '=', who.party);
  return rows.orderBy('kind').orderBy('party_id').orderBy('question_id').execute();
}

export async function saveResponse(
  q: Q,
  row: AssessmentResponseTable,
  exists: boolean,
  answers: readonly AssessmentAnswerTable[],
) {
  if (exists)
    await q
      .updateTable('assessment_response')
      .set({
        status: row.status,
        updated_at: row.updated_at,
        updated_by: row.updated_by,
        submitted_at: row.submitted_at,
        submitted_by: row.submitted_by,
      })
      .where('assessment_id', '=', row.assessment_id)
      .where('kind', '=', row.kind)
      .where('party_id', '=', row.party_id)
      .execute();
  else await q.insertInto('assessment_response').values(row).execute();
  await q
    .deleteFrom('assessment_answer')
    .where('assessment_id', '=', row.assessment_id)
    .where('kind', '=', row.kind)
    .where('party_id', '=', row.party_id)
    .execute();
  if (answers.length > 0)
    await q
      .insertInto('assessment_answer')
      .values([...answers])
      .execute();
}

export function markSent(q: Q, id: string, by: string, at: string) {
  return q
    .updateTable('assessment')
    .set({ sent_at: at, sent_by: by })
    .where('id', '=', id)
    .where('sent_at', 'is', null)
    .executeTakeFirst();
}

export function publish(q: Q, id: string, by: string, at: string) {
  return q
    .updateTable('assessment')
    .set({ published_at: at, published_by: by })
    .where('id', '=', id)
    .where('published_at', 'is', null)
    .where('sent_at', 'is not', null)
    .executeTakeFirst();
}
