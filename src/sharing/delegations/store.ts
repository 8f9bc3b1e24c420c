/** The delegations' queries: the only place with SQL of src/sharing/delegations. Same code on SQLite and PostgreSQL. */
import type { Kysely, Transaction } from 'kysely';
import type { DB, MeetingDelegatePersonTable, MeetingDelegationTable } from '../../db/schema.js';

type Q = Kysely<DB> | Transaction<DB>;

/** The delegations to a meeting, by State. */
export function delegationsOf(q: Q, meeting: string) {
  return q
    .selectFrom('meeting_delegation')
    .selectAll()
    .where('meeting_id', '=', meeting)
    .orderBy('country_code')
    .execute();
}

export function delegation(q: Q, meeting: string, country: string) {
  return q
    .selectFrom('meeting_delegation')
    .selectAll()
    .where('meeting_id', '=', meeting)
    .where('country_code', '=', country)
    .executeTakeFirst();
}

/** The persons of some delegations, in their order. */
export function personsOf(q: Q, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([] as MeetingDelegatePersonTable[]);
  return q
    .selectFrom('meeting_delegate_person')
    .selectAll()
    .where('delegation_id', 'in', [...ids])
    .orderBy('delegation_id')
    .orderBy('seq')
    .execute();
}

/** Write a delegation and replace its persons. */
export async function saveDelegation(
  q: Q,
  row: MeetingDelegationTable,
  exists: boolean,
  persons: readonly MeetingDelegatePersonTable[],
) {
  if (exists) {
    const { id, ...rest } = row;
    await q.updateTable('meeting_delegation').set(rest).where('id', '=', id).execute();
    await q.deleteFrom('meeting_delegate_person').where('delegation_id', '=', id).execute();
  } else await q.insertInto('meeting_delegation').values(row).execute();
  if (persons.length > 0)
    await q
      .insertInto('meeting_delegate_person')
      .values([...persons])
      .execute();
}

export function decide(q: Q, id: string, status: string, by: string, at: string, note: string | null) {
  return q
    .updateTable('meeting_delegation')
    .set({ status, decided_by: by, decided_at: at, decision_note: note })
    .where('id', '=', id)
    .execute();
}

/** The confirmed delegations' States of every meeting (for the public attendance), by meeting. */
export function confirmedAll(q: Q) {
  return q
    .selectFrom('meeting_delegation')
    .select(['meeting_id', 'country_code', 'status', 'eligibility'])
    .where('status', '=', 'confirmed')
    .orderBy('meeting_id')
    .orderBy('country_code')
    .execute();
}
