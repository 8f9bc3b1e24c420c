import type { Kysely } from 'kysely';

/**
 * The audit log read newest first, in pages: an index on (at, id) serves the keyset
 * "where (at, id) < cursor order by at desc, id desc". Touches only audit_event (independent of 0007).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('audit_event_at').on('audit_event').columns(['at', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('audit_event_at').execute();
}
