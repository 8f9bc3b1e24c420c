import { sql, SqliteAdapter, type Kysely } from 'kysely';

/**
 * Organizations' delegations (issue 17 item 4; src/sharing/delegations): a meeting delegation is for a State
 * (country_code) or an organization (organization_id), exactly one (a check). The existing rows are States'
 * delegations and stay valid. PostgreSQL alters the table in place; SQLite cannot drop a NOT NULL nor add a check to
 * a table, so it rebuilds it in one transaction (Kysely runs SQLite migrations outside one), the persons kept.
 */
const CHECK = '(country_code IS NULL) <> (organization_id IS NULL)';
const COLUMNS =
  'id, meeting_id, country_code, eligibility, status, registered_by, registered_at, decided_by, decided_at, decision_note';

function table(name: string, withOrganizations: boolean): string {
  return `CREATE TABLE ${name} (
    id varchar(36) PRIMARY KEY,
    meeting_id varchar(200) NOT NULL,
    country_code varchar(3)${withOrganizations ? '' : ' NOT NULL'},
    ${withOrganizations ? 'organization_id varchar(200),' : ''}
    eligibility varchar(20) NOT NULL,
    status varchar(20) NOT NULL,
    registered_by varchar(36) NOT NULL,
    registered_at varchar(30) NOT NULL,
    decided_by varchar(36),
    decided_at varchar(30),
    decision_note text,
    CONSTRAINT meeting_delegation_state UNIQUE (meeting_id, country_code)${
      withOrganizations
        ? `,
    CONSTRAINT meeting_delegation_organization UNIQUE (meeting_id, organization_id),
    CONSTRAINT meeting_delegation_one_party CHECK (${CHECK})`
        : ''
    }
  )`;
}

/**
 * SQLite: rebuild meeting_delegation with or without the organizations, keeping the States' rows. Dropping a table
 * that persons reference would break their foreign key (deferred or not), so the persons of the kept rows are set
 * aside in a temporary table and put back once the rebuilt table holds the same ids.
 */
async function rebuild(db: Kysely<unknown>, withOrganizations: boolean): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const run = (q: string) => sql.raw(q).execute(tx);
    await run(
      'CREATE TEMP TABLE meeting_delegate_person_kept AS SELECT delegation_id, seq, name, function FROM meeting_delegate_person WHERE delegation_id IN (SELECT id FROM meeting_delegation WHERE country_code IS NOT NULL)',
    );
    await run('DELETE FROM meeting_delegate_person');
    await run(table('meeting_delegation_rebuilt', withOrganizations));
    await run(
      `INSERT INTO meeting_delegation_rebuilt (${COLUMNS}) SELECT ${COLUMNS} FROM meeting_delegation WHERE country_code IS NOT NULL`,
    );
    await run('DROP TABLE meeting_delegation');
    await run('ALTER TABLE meeting_delegation_rebuilt RENAME TO meeting_delegation');
    await run(
      'INSERT INTO meeting_delegate_person (delegation_id, seq, name, function) SELECT delegation_id, seq, name, function FROM meeting_delegate_person_kept',
    );
    await run('DROP TABLE meeting_delegate_person_kept');
  });
}

export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) return rebuild(db, true);
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
  if (db.getExecutor().adapter instanceof SqliteAdapter) return rebuild(db, false);
  await sql.raw('ALTER TABLE meeting_delegation DROP CONSTRAINT meeting_delegation_one_party').execute(db);
  await sql.raw('ALTER TABLE meeting_delegation DROP CONSTRAINT meeting_delegation_organization').execute(db);
  await sql.raw('ALTER TABLE meeting_delegation DROP COLUMN organization_id').execute(db);
  await sql.raw('ALTER TABLE meeting_delegation ALTER COLUMN country_code SET NOT NULL').execute(db);
}
