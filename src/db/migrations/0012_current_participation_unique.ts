import { sql, type Kysely } from 'kysely';

/**
 * One open participation row per mechanism, party and role: a partial unique index on the current
 * (not superseded), open (no end, no end-not-before) rows, one for countries and one for organizations
 * (a NULL party column never collides in a unique index, on either engine). Two concurrent additions
 * or publications of the same participation cannot both land: the second write fails on the index
 * and the editing service answers 409 naming the row that won. Both engines take the same DDL
 * (SQLite has partial indexes since 3.8.0, PostgreSQL since 7.2).
 */
const OPEN = sql`superseded_at is null and "end" is null and end_not_before is null`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create unique index participation_open_country on participation (mechanism_id, country_code, role) where ${OPEN} and country_code is not null`.execute(
    db,
  );
  await sql`create unique index participation_open_organization on participation (mechanism_id, organization_id, role) where ${OPEN} and organization_id is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('participation_open_organization').execute();
  await db.schema.dropIndex('participation_open_country').execute();
}
