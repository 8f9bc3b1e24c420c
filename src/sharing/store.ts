/** The sharing queries: the only place with SQL of src/sharing. Same code on SQLite and PostgreSQL. */
import type { Kysely, Transaction } from 'kysely';
import type { DB, DelegateTable, SpacePostTable } from '../db/schema.js';

type Q = Kysely<DB> | Transaction<DB>;

/** The active delegate rows of a user (the States it acts for now). */
export function activeDelegations(q: Q, userId: string) {
  return q
    .selectFrom('delegate')
    .selectAll()
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .orderBy('country_code')
    .execute();
}

/** The active delegates of a State, by the date they were granted. */
export function delegatesOf(q: Q, country: string) {
  return q
    .selectFrom('delegate')
    .selectAll()
    .where('country_code', '=', country)
    .where('revoked_at', 'is', null)
    .orderBy('granted_at')
    .orderBy('id')
    .execute();
}

export function activeDelegation(q: Q, userId: string, country: string) {
  return q
    .selectFrom('delegate')
    .selectAll()
    .where('user_id', '=', userId)
    .where('country_code', '=', country)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export function insertDelegate(q: Q, row: DelegateTable) {
  return q.insertInto('delegate').values(row).execute();
}

export function revokeDelegate(q: Q, id: string, by: string, at: string) {
  return q.updateTable('delegate').set({ revoked_by: by, revoked_at: at }).where('id', '=', id).execute();
}

export function insertPost(q: Q, row: SpacePostTable) {
  return q.insertInto('space_post').values(row).execute();
}

/** Every post of a mechanism's space, newest first (the service filters what the viewer may see). */
export function postsOf(q: Q, mechanism: string) {
  return q
    .selectFrom('space_post')
    .selectAll()
    .where('mechanism_id', '=', mechanism)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export function post(q: Q, mechanism: string, id: string) {
  return q
    .selectFrom('space_post')
    .selectAll()
    .where('mechanism_id', '=', mechanism)
    .where('id', '=', id)
    .executeTakeFirst();
}
