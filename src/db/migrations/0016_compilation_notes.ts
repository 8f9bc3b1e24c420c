import type { Kysely } from 'kysely';

/**
 * Public notes and compilation notes: every note a reader sees (`note`, `notes`, `membership_note`) gets a
 * sibling that says how the fact was compiled (sources, inference, conflicts) — shown to editors and on the
 * record's history page, never on a public page. Unverified fields and reported counts keep theirs inside
 * their JSON lists.
 */
const COLUMNS: [string, string][] = [
  ['mechanism', 'compilation_note'],
  ['mechanism', 'membership_compilation_note'],
  ['mechanism_level', 'compilation_note'],
  ['mechanism_status', 'compilation_note'],
  ['participation', 'compilation_note'],
  ['meeting', 'compilation_note'],
  ['meeting_series', 'compilation_note'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [table, column] of COLUMNS) await db.schema.alterTable(table).addColumn(column, 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [table, column] of [...COLUMNS].reverse()) await db.schema.alterTable(table).dropColumn(column).execute();
}
