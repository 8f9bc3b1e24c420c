import type { Kysely } from 'kysely';

/**
 * Follow and digests (issue 17, item 5; src/follow): what an account follows (a mechanism, a country, a meeting
 * series, a document kind; `kind` is open for other things, such as a peer query), its digest preference (period,
 * language, unsubscribed), and each digest sent (which published changes it held), so that a second run sends
 * nothing new.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('follow')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('user_account.id'))
    .addColumn('kind', 'varchar(30)', (c) => c.notNull())
    .addColumn('target', 'varchar(160)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('follow_user_kind_target', ['user_id', 'kind', 'target'])
    .execute();
  await db.schema.createIndex('follow_kind_target').on('follow').columns(['kind', 'target']).execute();
  await db.schema
    .createTable('follow_preference')
    .addColumn('user_id', 'varchar(36)', (c) => c.primaryKey().references('user_account.id'))
    .addColumn('lang', 'varchar(5)', (c) => c.notNull())
    .addColumn('period', 'varchar(10)', (c) => c.notNull())
    .addColumn('digest_from', 'varchar(30)', (c) => c.notNull())
    .addColumn('seen_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('unsubscribed_at', 'varchar(30)')
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('digest')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('user_account.id'))
    .addColumn('period', 'varchar(10)', (c) => c.notNull())
    .addColumn('lang', 'varchar(5)', (c) => c.notNull())
    .addColumn('sent_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('through', 'varchar(32)', (c) => c.notNull())
    .addColumn('change_ids', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('digest_user').on('digest').columns(['user_id', 'sent_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['digest', 'follow_preference', 'follow']) await db.schema.dropTable(t).execute();
}
