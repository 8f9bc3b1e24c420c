import { sql, SqliteAdapter, type Kysely } from 'kysely';

/**
 * The audit log is append-only in the database itself, not only by convention: updating,
 * deleting (or, on PostgreSQL, truncating) audit events raises an error, whoever tries.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    for (const op of ['update', 'delete']) {
      await sql
        .raw(
          `CREATE TRIGGER audit_event_no_${op} BEFORE ${op.toUpperCase()} ON audit_event BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END`,
        )
        .execute(db);
    }
    return;
  }
  await sql
    .raw(
      `CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit events are append-only'; END $$`,
    )
    .execute(db);
  await sql
    .raw(
      'CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()',
    )
    .execute(db);
  await sql
    .raw(
      'CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()',
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    for (const op of ['update', 'delete']) await sql.raw(`DROP TRIGGER audit_event_no_${op}`).execute(db);
    return;
  }
  await sql.raw('DROP TRIGGER audit_event_no_truncate ON audit_event').execute(db);
  await sql.raw('DROP TRIGGER audit_event_no_change ON audit_event').execute(db);
  await sql.raw('DROP FUNCTION audit_event_append_only()').execute(db);
}
