import type { Kysely } from 'kysely';

/** Accounts: users, sessions, scoped role grants, API tokens, and the append-only audit log. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('user_account')
    .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('email', 'varchar(320)', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  // The session id is sha256(token): a stolen database does not hold usable cookies.
  await db.schema
    .createTable('session')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(40)', (c) => c.notNull().references('user_account.id'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('session_user').on('session').column('user_id').execute();

  await db.schema
    .createTable('role_grant')
    .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(40)', (c) => c.notNull().references('user_account.id'))
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    .addColumn('scope_type', 'varchar(16)')
    .addColumn('scope_id', 'varchar(80)')
    .addColumn('granted_by', 'varchar(40)', (c) => c.notNull())
    .addColumn('granted_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('revoked_at', 'varchar(32)')
    .execute();
  await db.schema.createIndex('role_grant_user').on('role_grant').column('user_id').execute();

  await db.schema
    .createTable('api_token')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey()) // sha256 of the token
    .addColumn('user_id', 'varchar(40)', (c) => c.notNull().references('user_account.id'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('revoked_at', 'varchar(32)')
    .execute();

  await db.schema
    .createTable('audit_event')
    .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('at', 'varchar(32)', (c) => c.notNull())
    .addColumn('actor', 'varchar(40)', (c) => c.notNull()) // a user id, or "anonymous"/"system"
    .addColumn('action', 'varchar(40)', (c) => c.notNull())
    .addColumn('record_type', 'varchar(40)')
    .addColumn('record_id', 'varchar(160)')
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .addColumn('ip', 'varchar(64)')
    .execute();
  await db.schema.createIndex('audit_event_record').on('audit_event').columns(['record_type', 'record_id']).execute();
  await db.schema
    .createIndex('audit_event_action_at')
    .on('audit_event')
    .columns(['action', 'record_id', 'at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['audit_event', 'api_token', 'role_grant', 'session', 'user_account'])
    await db.schema.dropTable(t).execute();
}
