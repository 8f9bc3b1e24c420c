import type { Kysely } from 'kysely';

/**
 * How each mechanism is built (issue 14 item 2): one row per mechanism, each field the reference's
 * `{ value, sources, note, basis }` as JSON text, or null where it is not known.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  let t = db.schema
    .createTable('structure')
    .addColumn('mechanism_id', 'varchar(80)', (c) => c.primaryKey().references('mechanism.id'));
  for (const f of [
    'secretariat_model',
    'secretariat',
    'funding',
    'chair_rotation',
    'written_rules',
    'strategies_workplans',
    'meeting_cadence',
    'working_groups',
  ])
    t = t.addColumn(f, 'text');
  await t
    .addColumn('compilation_note', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('structure').execute();
}
