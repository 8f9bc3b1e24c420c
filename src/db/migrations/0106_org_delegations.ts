import { sql, SqliteAdapter, type Kysely } from 'kysely';

/**
 * Organizations' delegations (issue 17 item 4; src/sharing/delegations): a meeting delegation is for a State
 * (country_code) or an organization (organization_id), exactly one (a check). The existing rows are States'
 * delegations and stay valid. PostgreSQL alters the table in place; SQLite cannot drop a NOT NULL nor add a check to
 * a table, so it rebuilds it (the persons' foreign key is checked at commit, when the rebuilt table has the same ids).
 */
const CHECK = '(country_code IS NULL) <> (organization_id IS NULL)';

export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    await sql`PRAGMA defer_foreign_keys = ON`.execute(db);
    await sql
      .raw(
        `CREATE TABLE meeting_delegation_new (
          id varchar(36) PRIMARY KEY,
          meeting_id varchar(200) NOT NULL,
          country_code varchar(3),
          organization_id varchar(200),
          eligibility varchar(20) NOT NULL,
          status varchar(20) NOT NULL,
          registered_by varchar(36) NOT NULL,
          registered_at varchar(30) NOT NULL,
          decided_by varchar(36),
          decided_at varchar(30),
          decision_note text,
          CONSTRAINT meeting_delegation_state UNIQUE (meeting_id, country_code),
          CONSTRAINT meeting_delegation_organization UNIQUE (meeting_id, organization_id),
          CONSTRAINT meeting_delegation_one_party CHECK (${CHECK})
        )`,
      )
      .execute(db);
    await sql
      .raw(
        `INSERT INTO meeting_delegation_new (id, meeting_id, country_code, organization_id, eligibility, status,
           registered_by, registered_at, decided_by, decided_at, decision_note)
         SELECT id, meeting_id, country_code, NULL, eligibility, status, registered_by, registered_at, decided_by,
           decided_at, decision_note FROM meeting_delegation`,
      )
      .execute(db);
    await sql.raw('DROP TABLE meeting_delegation').execute(db);
    await sql.raw('ALTER TABLE meeting_delegation_new RENAME TO meeting_delegation').execute(db);
    return;
  }
  await sql.raw('ALTER TABLE meeting_delegation ALTER COLUMN country_code DROP NOT NULL').execute(db);
  await sql.raw('ALTER TABLE meeting_delegation ADD COLUMN organization_id varchar(200)').execute(db);
  await sql
    .raw(
      'ALTER TABLE meeting_delegation ADD CONSTRAINT meeting_delegation_organization UNIQUE (meeting_id, organization_id)',
    )
    .execute(db);
  await sql
    .raw(`ALTER TABLE meeting_delegation ADD CONSTRAINT meeting_delegation_one_party CHECK (${CHECK})`)
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // The organizations' delegations and their persons go; the States' stay.
  await sql
    .raw(
      'DELETE FROM meeting_delegate_person WHERE delegation_id IN (SELECT id FROM meeting_delegation WHERE organization_id IS NOT NULL)',
    )
    .execute(db);
  await sql.raw('DELETE FROM meeting_delegation WHERE organization_id IS NOT NULL').execute(db);
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    await sql`PRAGMA defer_foreign_keys = ON`.execute(db);
    await sql
      .raw(
        `CREATE TABLE meeting_delegation_old (
          id varchar(36) PRIMARY KEY,
          meeting_id varchar(200) NOT NULL,
          country_code varchar(3) NOT NULL,
          eligibility varchar(20) NOT NULL,
          status varchar(20) NOT NULL,
          registered_by varchar(36) NOT NULL,
          registered_at varchar(30) NOT NULL,
          decided_by varchar(36),
          decided_at varchar(30),
          decision_note text,
          CONSTRAINT meeting_delegation_state UNIQUE (meeting_id, country_code)
        )`,
      )
      .execute(db);
    await sql
      .raw(
        `INSERT INTO meeting_delegation_old SELECT id, meeting_id, country_code, eligibility, status, registered_by,
           registered_at, decided_by, decided_at, decision_note FROM meeting_delegation`,
      )
      .execute(db);
    await sql.raw('DROP TABLE meeting_delegation').execute(db);
    await sql.raw('ALTER TABLE meeting_delegation_old RENAME TO meeting_delegation').execute(db);
    return;
  }
  await sql.raw('ALTER TABLE meeting_delegation DROP CONSTRAINT meeting_delegation_one_party').execute(db);
  await sql.raw('ALTER TABLE meeting_delegation DROP CONSTRAINT meeting_delegation_organization').execute(db);
  await sql.raw('ALTER TABLE meeting_delegation DROP COLUMN organization_id').execute(db);
  await sql.raw('ALTER TABLE meeting_delegation ALTER COLUMN country_code SET NOT NULL').execute(db);
}
