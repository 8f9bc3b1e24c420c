import type { Kysely } from 'kysely';

/**
 * Meeting delegations (issue 17 item 4; src/sharing/delegations): for a meeting, the delegation a State registers
 * (its focal point or an administrator), with the eligibility the participation ledger gave on the meeting's date,
 * and the secretariat's decision (confirmed or declined). The persons (names, functions) are personal data: both
 * tables are private (src/db/dump.ts). Peer-query reminders sent (`iscm queries remind`), one row per query, State
 * and account, so that a second run sends nothing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('meeting_delegation')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('meeting_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('country_code', 'varchar(3)', (c) => c.notNull())
    .addColumn('eligibility', 'varchar(20)', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('registered_by', 'varchar(36)', (c) => c.notNull())
    .addColumn('registered_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('decided_by', 'varchar(36)')
    .addColumn('decided_at', 'varchar(30)')
    .addColumn('decision_note', 'text')
    .addUniqueConstraint('meeting_delegation_state', ['meeting_id', 'country_code'])
    .execute();
  await db.schema
    .createTable('meeting_delegate_person')
    .addColumn('delegation_id', 'varchar(36)', (c) => c.notNull().references('meeting_delegation.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('function', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('meeting_delegate_person_pk', ['delegation_id', 'seq'])
    .execute();
  await db.schema
    .createTable('peer_query_reminder')
    .addColumn('query_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('country_code', 'varchar(3)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('sent_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('peer_query_reminder_pk', ['query_id', 'country_code', 'user_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['peer_query_reminder', 'meeting_delegate_person', 'meeting_delegation'])
    await db.schema.dropTable(t).execute();
}
