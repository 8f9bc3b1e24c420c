import { sql, type Kysely } from 'kysely';

/**
 * Per-document visibility (issue 17, item 2): `public` (the default: every document so far), `members` (the
 * delegates of the member States of one of its mechanisms, its secretariat, administrators) or
 * `members-and-observers` (also the delegates of observer States). A closed document is in no public read: the
 * lists, its pages and files, the API, the search, the sitemap, the feeds, the exports and the releases.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('document')
    .addColumn('visibility', 'text', (c) =>
      c
        .notNull()
        .defaultTo('public')
        .check(sql`visibility in ('public', 'members', 'members-and-observers')`),
    )
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('document').dropColumn('visibility').execute();
}
