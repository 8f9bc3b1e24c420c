/** The delegations' queries: the only place with SQL of src/sharing/delegations. Same code on SQLite and PostgreSQL. */
import type { Kysely, Transaction } from 'kysely';
import type { DB, MeetingDelegatePersonTable, MeetingDelegationTable } from '../../db/schema.js';

type Q = Kysely<DB> | Transaction<DB>;

/** The States' delegations to a meeting, by State (an organization's has no country: migration 0106). */
export function delegationsOf(q: Q, meeting: string) {
  return q
    .selectFrom('meeting_delegation')
    .selectAll()
    .where('meeting_id', '=', meeting)
    .where('country_code', 'is not', null)
    .orderBy('country_code')
    .$narrowType<{ country_code: string }>()
    .execute();
}

export function delegation(q: Q, meeting: string, country: string) {
  return q
    .selectFrom('meeting_delegation')
    .selectAll()
    .where('meeting_id', '=', meeting)
    .where('country_code', '=', country)
    .$narrowType<{ country_code: string }>()
    .executeTakeFirst();
}

/** The organizations' delegations to a meeting, with the organization's name, by name. */
export function orgDelegationsOf(q: Q, meeting: string) {
  return q
    .selectFrom('meeting_delegation as d')
    .innerJoin('organization as o', 'o.id', 'd.organization_id')
    .selectAll('d')
    .select(['o.name as organization_name', 'o.acronym as organization_acronym'])
    .where('d.meeting_id', '=', meeting)
    .where('d.organization_id', 'is not', null)
    .orderBy('o.name')
    .orderBy('d.organization_id')
    .$narrowType<{ organization_id: string }>()
    .execute();
}

export function orgDelegation(q: Q, meeting: string, organization: string) {
  return q
    .selectFrom('meeting_delegation')
    .selectAll()
    .where('meeting_id', '=', meeting)
    .where('organization_id', '=', organization)
    .executeTakeFirst();
}

/** An organization of the table, or undefined. */
export function organization(q: Q, id: string) {
  return q.selectFrom('organization').select(['id', 'name', 'acronym']).where('id', '=', id).executeTakeFirst();
}

/** Every organization, by name (the secretariat's form). */
export function organizations(q: Q) {
  return q.selectFrom('organization').select(['id', 'name', 'acronym']).orderBy('name').orderBy('id').execute();
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
    .where('country_code', 'is not', null)
    .orderBy('meeting_id')
    .orderBy('country_code')
    .execute();
}
