import type { Kysely } from 'kysely';

/**
 * Sign-in attempts, shared by every server process on the database: one row per attempt per key
 * (`kind` "address": every attempt from a client address; `kind` "account": failed attempts on an
 * e-mail address), with its time. Rows older than the longest window are pruned as attempts come.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('signin_attempt')
    .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('key', 'varchar(320)', (c) => c.notNull())
    .addColumn('at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('signin_attempt_key').on('signin_attempt').columns(['kind', 'key', 'at']).execute();
  await db.schema.createIndex('signin_attempt_at').on('signin_attempt').column('at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('signin_attempt').execute();
}
