/** The follow queries: the only place with SQL of src/follow. Same code on SQLite and PostgreSQL. */
import type { Kysely, Transaction } from 'kysely';
import type { DB, DigestTable, FollowPreferenceTable, FollowTable } from '../db/schema.js';

type Q = Kysely<DB> | Transaction<DB>;

export function followsOf(q: Q, userId: string) {
  return q.selectFrom('follow').selectAll().where('user_id', '=', userId).orderBy('kind').orderBy('target').execute();
}

export function follow(q: Q, userId: string, kind: string, target: string) {
  return q
    .selectFrom('follow')
    .selectAll()
    .where('user_id', '=', userId)
    .where('kind', '=', kind)
    .where('target', '=', target)
    .executeTakeFirst();
}

export function insertFollow(q: Q, row: FollowTable) {
  return q.insertInto('follow').values(row).execute();
}

export function deleteFollow(q: Q, id: string) {
  return q.deleteFrom('follow').where('id', '=', id).execute();
}

export function preference(q: Q, userId: string) {
  return q.selectFrom('follow_preference').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export function insertPreference(q: Q, row: FollowPreferenceTable) {
  return q.insertInto('follow_preference').values(row).execute();
}

export function updatePreference(q: Q, userId: string, set: Partial<Omit<FollowPreferenceTable, 'user_id'>>) {
  return q.updateTable('follow_preference').set(set).where('user_id', '=', userId).execute();
}

/** The accounts a digest of `period` goes to: not unsubscribed, following something. */
export function digestReaders(q: Q, period: string) {
  return q
    .selectFrom('follow_preference')
    .selectAll()
    .where('period', '=', period)
    .where('unsubscribed_at', 'is', null)
    .where((eb) =>
      eb.exists(eb.selectFrom('follow').select('id').whereRef('follow.user_id', '=', 'follow_preference.user_id')),
    )
    .orderBy('user_id')
    .execute();
}

export function insertDigest(q: Q, row: DigestTable) {
  return q.insertInto('digest').values(row).execute();
}

export function digestsOf(q: Q, userId: string) {
  return q.selectFrom('digest').selectAll().where('user_id', '=', userId).orderBy('sent_at', 'desc').execute();
}
