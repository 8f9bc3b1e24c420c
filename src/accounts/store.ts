/** Accounts SQL: users, sessions, grants, tokens, audit events. */
import type { Kysely, Transaction } from 'kysely';
import type { AuditEventTable, DB, RoleGrantTable, UserAccountTable } from '../db/schema.js';

type Q = Kysely<DB> | Transaction<DB>;

export function insertUser(q: Q, row: UserAccountTable) {
  return q.insertInto('user_account').values(row).execute();
}
export function userByEmail(q: Q, email: string) {
  return q.selectFrom('user_account').selectAll().where('email', '=', email).executeTakeFirst();
}
export function userById(q: Q, id: string) {
  return q.selectFrom('user_account').selectAll().where('id', '=', id).executeTakeFirst();
}
export function countUsers(q: Q) {
  return q
    .selectFrom('user_account')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}
export function insertSession(q: Q, row: { id: string; user_id: string; created_at: string; expires_at: string }) {
  return q.insertInto('session').values(row).execute();
}
export function sessionWithUser(q: Q, id: string) {
  return q
    .selectFrom('session')
    .innerJoin('user_account', 'user_account.id', 'session.user_id')
    .select([
      'session.id as session_id',
      'session.expires_at',
      'user_account.id',
      'user_account.email',
      'user_account.display_name',
      'user_account.disabled',
    ])
    .where('session.id', '=', id)
    .executeTakeFirst();
}
export function deleteSession(q: Q, id: string) {
  return q.deleteFrom('session').where('id', '=', id).execute();
}
export function activeGrants(q: Q, userId: string) {
  return q
    .selectFrom('role_grant')
    .selectAll()
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .orderBy('granted_at')
    .execute();
}
export function insertGrant(q: Q, row: RoleGrantTable) {
  return q.insertInto('role_grant').values(row).execute();
}
export function insertAudit(q: Q, row: AuditEventTable) {
  return q.insertInto('audit_event').values(row).execute();
}
export function auditEvents(q: Q, filter: { recordType?: string; recordId?: string; action?: string } = {}) {
  let s = q.selectFrom('audit_event').selectAll().orderBy('at').orderBy('id');
  if (filter.recordType) s = s.where('record_type', '=', filter.recordType);
  if (filter.recordId) s = s.where('record_id', '=', filter.recordId);
  if (filter.action) s = s.where('action', '=', filter.action);
  return s.execute();
}
export function grantById(q: Q, id: string) {
  return q.selectFrom('role_grant').selectAll().where('id', '=', id).executeTakeFirst();
}
export function allUsers(q: Q) {
  return q
    .selectFrom('user_account')
    .select(['id', 'email', 'display_name', 'disabled', 'created_at'])
    .orderBy('email')
    .execute();
}
export function allActiveGrants(q: Q) {
  return q
    .selectFrom('role_grant')
    .selectAll()
    .where('revoked_at', 'is', null)
    .orderBy('granted_at')
    .orderBy('id')
    .execute();
}
export function countActiveAdminGrants(q: Q, userId: string) {
  return q
    .selectFrom('role_grant')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('role', '=', 'admin')
    .where('revoked_at', 'is', null)
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}
/** Every mechanism with its names, for the scope picker (the accounts feature reads no other registry table). */
export function mechanismChoices(q: Q) {
  return q.selectFrom('mechanism').select(['id', 'name', 'common_name', 'acronym', 'official_names']).execute();
}

export function mechanismExists(q: Q, id: string) {
  return q
    .selectFrom('mechanism')
    .select('id')
    .where('id', '=', id)
    .executeTakeFirst()
    .then((r) => r !== undefined);
}
export function tokensOf(q: Q, userId: string) {
  return q
    .selectFrom('api_token')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}
/** A token by its public id (the first 16 hex characters of the stored sha256). */
export function tokensByPublicId(q: Q, publicId: string) {
  return q.selectFrom('api_token').selectAll().where('id', 'like', `${publicId}%`).execute();
}
/**
 * One page of the audit log, newest first: keyset pagination on (at, id) — rows strictly before the
 * cursor — with `limit` rows at most. `actionPrefix` ends in "." and matches every action under it.
 */
export function auditPage(
  q: Q,
  f: {
    action?: string;
    actionPrefix?: string;
    actor?: string;
    recordType?: string;
    recordId?: string;
    from?: string;
    to?: string;
    toExclusive?: boolean;
    before?: { at: string; id: string };
    limit: number;
  },
) {
  let s = q.selectFrom('audit_event').selectAll();
  if (f.action !== undefined) s = s.where('action', '=', f.action);
  if (f.actionPrefix !== undefined)
    s = s.where((eb) =>
      eb(eb.fn('substr', ['action', eb.val(1), eb.val(f.actionPrefix!.length)]), '=', f.actionPrefix!),
    );
  if (f.actor !== undefined) s = s.where('actor', '=', f.actor);
  if (f.recordType !== undefined) s = s.where('record_type', '=', f.recordType);
  if (f.recordId !== undefined) s = s.where('record_id', '=', f.recordId);
  if (f.from !== undefined) s = s.where('at', '>=', f.from);
  if (f.to !== undefined) s = s.where('at', f.toExclusive ? '<' : '<=', f.to);
  const c = f.before;
  if (c) s = s.where((eb) => eb.or([eb('at', '<', c.at), eb.and([eb('at', '=', c.at), eb('id', '<', c.id)])]));
  return s.orderBy('at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
}
export function usersByIds(q: Q, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return q.selectFrom('user_account').select(['id', 'email', 'display_name']).where('id', 'in', ids).execute();
}
/**
 * The kinds of limited attempt (signin_attempt.kind, migration 0009): sign-ins per client address and
 * failures per account; reset requests per client address and per e-mail address; reset-link uses per address.
 */
export type AttemptKind =
  'address' | 'account' | 'reset-address' | 'reset-account' | 'reset-use' | 'invite-account' | 'invite-use';
/** One limited attempt row (migration 0009); returns nothing, the caller keeps the id. */
export function insertAttempt(q: Q, row: { id: string; kind: AttemptKind; key: string; at: string }) {
  return q.insertInto('signin_attempt').values(row).execute();
}
export function countAttempts(q: Q, kind: AttemptKind, key: string, since: string) {
  return q
    .selectFrom('signin_attempt')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', '=', kind)
    .where('key', '=', key)
    .where('at', '>=', since)
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}
export function deleteAttempt(q: Q, id: string) {
  return q.deleteFrom('signin_attempt').where('id', '=', id).execute();
}
/** Forget attempts older than `before` (the start of the longest window). */
export function pruneAttempts(q: Q, before: string) {
  return q.deleteFrom('signin_attempt').where('at', '<', before).execute();
}
