/** The peer-query queries: the only place with SQL of src/sharing/queries. Same code on SQLite and PostgreSQL. */
import type { Kysely, Transaction } from 'kysely';
import type {
  DB,
  PeerQueryAnswerTable,
  PeerQueryQuestionTable,
  PeerQueryResponseTable,
  PeerQueryReminderTable,
  PeerQueryTable,
} from '../../db/schema.js';
import { groupBy } from '../../db/group.js';

type Q = Kysely<DB> | Transaction<DB>;

export async function insertQuery(
  q: Q,
  row: PeerQueryTable,
  mechanisms: readonly string[],
  questions: readonly PeerQueryQuestionTable[],
) {
  await q.insertInto('peer_query').values(row).execute();
  await q
    .insertInto('peer_query_mechanism')
    .values(mechanisms.map((m) => ({ query_id: row.id, mechanism_id: m })))
    .execute();
  await q
    .insertInto('peer_query_question')
    .values([...questions])
    .execute();
}

/** Every query, newest first, with its mechanisms (the service filters what the viewer may see). */
export async function queries(q: Q, ids?: readonly string[]) {
  if (ids && ids.length === 0) return [];
  let rows = q.selectFrom('peer_query').selectAll();
  if (ids) rows = rows.where('id', 'in', [...ids]);
  const list = await rows.orderBy('created_at', 'desc').orderBy('id').execute();
  const links = await q.selectFrom('peer_query_mechanism').selectAll().orderBy('mechanism_id').execute();
  const byQuery = groupBy(
    links,
    (l) => l.query_id,
    (l) => l.mechanism_id,
  );
  return list.map((r) => ({ ...r, mechanisms: byQuery.get(r.id) ?? [] }));
}

export async function query(q: Q, id: string) {
  const [row] = await queries(q, [id]);
  return row;
}

export function questionsOf(q: Q, id: string) {
  return q.selectFrom('peer_query_question').selectAll().where('query_id', '=', id).orderBy('position').execute();
}

/** The responses (one per State that saved something) of the given queries. */
export function responsesOf(q: Q, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return q
    .selectFrom('peer_query_response')
    .selectAll()
    .where('query_id', 'in', [...ids])
    .orderBy('country_code')
    .execute();
}

export function response(q: Q, id: string, country: string) {
  return q
    .selectFrom('peer_query_response')
    .selectAll()
    .where('query_id', '=', id)
    .where('country_code', '=', country)
    .executeTakeFirst();
}

export function answersOf(q: Q, id: string, country?: string) {
  let rows = q.selectFrom('peer_query_answer').selectAll().where('query_id', '=', id);
  if (country) rows = rows.where('country_code', '=', country);
  return rows.orderBy('country_code').orderBy('question_id').execute();
}

export async function saveResponse(
  q: Q,
  row: PeerQueryResponseTable,
  exists: boolean,
  answers: readonly PeerQueryAnswerTable[],
) {
  if (exists)
    await q
      .updateTable('peer_query_response')
      .set({
        status: row.status,
        updated_at: row.updated_at,
        updated_by: row.updated_by,
        submitted_at: row.submitted_at,
      })
      .where('query_id', '=', row.query_id)
      .where('country_code', '=', row.country_code)
      .execute();
  else await q.insertInto('peer_query_response').values(row).execute();
  await q
    .deleteFrom('peer_query_answer')
    .where('query_id', '=', row.query_id)
    .where('country_code', '=', row.country_code)
    .execute();
  if (answers.length > 0)
    await q
      .insertInto('peer_query_answer')
      .values([...answers])
      .execute();
}

export function publish(q: Q, id: string, by: string, at: string) {
  return q
    .updateTable('peer_query')
    .set({ published_at: at, published_by: by })
    .where('id', '=', id)
    .where('published_at', 'is', null)
    .executeTakeFirst();
}

/** The published queries (public records) with their questions' text, for the sitemap and the search. */
export async function published(q: Q) {
  const rows = await q
    .selectFrom('peer_query')
    .selectAll()
    .where('published_at', 'is not', null)
    .orderBy('published_at')
    .orderBy('id')
    .execute();
  const ids = rows.map((r) => r.id);
  const questions =
    ids.length === 0
      ? []
      : await q
          .selectFrom('peer_query_question')
          .selectAll()
          .where('query_id', 'in', ids)
          .orderBy('position')
          .execute();
  const links =
    ids.length === 0
      ? []
      : await q.selectFrom('peer_query_mechanism').selectAll().where('query_id', 'in', ids).execute();
  return rows.map((r) => ({
    ...r,
    questions: questions.filter((x) => x.query_id === r.id).map((x) => x.text),
    mechanisms: links
      .filter((l) => l.query_id === r.id)
      .map((l) => l.mechanism_id)
      .sort(),
  }));
}

/**
 * The compilations published after `after` (all when null), newest first, at most `limit`, with their mechanisms;
 * `mechanism` keeps those of one mechanism. One query for the rows, one for their mechanisms.
 */
export async function publishedAfter(q: Q, after: string | null, mechanism: string | undefined, limit: number) {
  let rows = q
    .selectFrom('peer_query')
    .select(['id', 'title', 'published_at'])
    .where('published_at', 'is not', null)
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit);
  if (after) rows = rows.where('published_at', '>', after);
  if (mechanism)
    rows = rows.where(
      'id',
      'in',
      q.selectFrom('peer_query_mechanism').select('query_id').where('mechanism_id', '=', mechanism),
    );
  const found = await rows.execute();
  const links =
    found.length === 0
      ? []
      : await q
          .selectFrom('peer_query_mechanism')
          .selectAll()
          .where(
            'query_id',
            'in',
            found.map((r) => r.id),
          )
          .orderBy('mechanism_id')
          .execute();
  const byQuery = groupBy(
    links,
    (l) => l.query_id,
    (l) => l.mechanism_id,
  );
  return found.map((r) => ({
    id: r.id,
    title: r.title,
    publishedAt: r.published_at!,
    mechanisms: byQuery.get(r.id) ?? [],
  }));
}

/** Whether a delegate was already reminded of a query for a State. */
export async function reminded(q: Q, query: string, country: string, user: string): Promise<boolean> {
  const row = await q
    .selectFrom('peer_query_reminder')
    .select('sent_at')
    .where('query_id', '=', query)
    .where('country_code', '=', country)
    .where('user_id', '=', user)
    .executeTakeFirst();
  return row !== undefined;
}

export function insertReminder(q: Q, row: PeerQueryReminderTable) {
  return q.insertInto('peer_query_reminder').values(row).execute();
}
