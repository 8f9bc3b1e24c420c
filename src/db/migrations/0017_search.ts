import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * One search over everything (issue 13): the index search builds from every feature's records. `search_record`
 * holds each record (JSON) and its terms (folded words and their stems, computed in the application so both
 * engines index the same terms); the engine indexes the terms: an FTS5 table on SQLite, a GIN-indexed tsvector
 * ('simple' configuration: the terms are already folded and stemmed) on PostgreSQL. `search_word` is the name
 * vocabulary a typo is matched against; `search_meta` the data version the index was built from.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('search_record')
    .addColumn('key', 'varchar(400)', (c) => c.primaryKey())
    .addColumn('type', 'varchar(40)', (c) => c.notNull())
    .addColumn('id', 'varchar(300)', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('terms', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('search_word')
    .addColumn('word', 'varchar(200)', (c) => c.primaryKey())
    .execute();
  await db.schema
    .createTable('search_meta')
    .addColumn('name', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table search_record add column tsv tsvector generated always as (to_tsvector('simple', terms)) stored`.execute(
      db,
    );
    await sql`create index search_record_tsv on search_record using gin (tsv)`.execute(db);
  } else {
    await sql`create virtual table search_fts using fts5(key unindexed, terms, tokenize = 'unicode61 remove_diacritics 0')`.execute(
      db,
    );
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists search_fts`.execute(db);
  await db.schema.dropTable('search_meta').execute();
  await db.schema.dropTable('search_word').execute();
  await db.schema.dropTable('search_record').execute();
}
