import type { Kysely } from 'kysely';

/**
 * Invitations (issue 12, item 4): an administrator invites an e-mail address; the one-time link's token is stored as
 * its sha256, expires, and is used once, when the invitee sets a name and a password (which creates the account).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('invitation')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('email', 'varchar(320)', (c) => c.notNull())
    .addColumn('invited_by', 'varchar(40)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('used_at', 'varchar(32)')
    .addColumn('user_id', 'varchar(40)')
    .execute();
  await db.schema.createIndex('invitation_email').on('invitation').column('email').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('invitation').execute();
}
