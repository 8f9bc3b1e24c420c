/** The search index in the database: rebuilt as a whole, read by candidate term queries (FTS5 or tsvector). */
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { lockInTransaction } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { groupTerms, terms, words, type IndexedRecord, type QueryGroup, type SearchRecord } from './model.js';

const isPostgres = (db: Kysely<DB>) => db.getExecutor().adapter instanceof PostgresAdapter;

export const recordKey = (r: Pick<SearchRecord, 'type' | 'id'>) => `${r.type}:${r.id}`;

export async function indexVersion(db: Kysely<DB>): Promise<string | null> {
  const row = await db.selectFrom('search_meta').select('value').where('name', '=', 'version').executeTakeFirst();
  return row?.value ?? null;
}

/**
 * Replace the whole index with `records`, stamped with `version`, in one transaction. The version is checked
 * again under the lock, so several processes seeing the same new data version rebuild it once.
 */
export async function replaceIndex(
  db: Kysely<DB>,
  version: string,
  records: () => Promise<SearchRecord[]>,
): Promise<boolean> {
  // Read outside the transaction (SQLite has one connection); `version` was computed before, so data that
  // changes meanwhile gives a newer version and another rebuild.
  const all = await records();
  const seen = new Set<string>();
  const rows: DB['search_record'][] = [];
  const vocabulary = new Set<string>();
  for (const r of all) {
    const key = recordKey(r);
    if (seen.has(key)) throw new Error(`search: two records are ${key}`);
    seen.add(key);
    const t = new Set<string>();
    for (const f of [...r.titles, ...(r.related ?? []), ...r.bodies]) for (const x of terms(f)) t.add(x);
    for (const f of r.titles) for (const w of words(f.text)) if (w.word.length >= 3) vocabulary.add(w.word);
    rows.push({
      key,
      type: r.type,
      id: r.id,
      data: JSON.stringify(r),
      terms: [...t].join(' '),
      meta: JSON.stringify({ ...r, bodies: [] }),
    });
  }
  return db.transaction().execute(async (tx) => {
    const pg = isPostgres(db);
    if (pg) await lockInTransaction(tx, 'search-index');
    const current = await tx.selectFrom('search_meta').select('value').where('name', '=', 'version').executeTakeFirst();
    if (current?.value === version) return false;
    await tx.deleteFrom('search_record').execute();
    await tx.deleteFrom('search_word').execute();
    if (!pg) await sql`delete from search_fts`.execute(tx);
    for (let i = 0; i < rows.length; i += 200) {
      const batch = rows.slice(i, i + 200);
      await tx.insertInto('search_record').values(batch).execute();
      if (!pg)
        await sql`insert into search_fts (key, terms) values ${sql.join(
          batch.map((b) => sql`(${b.key}, ${b.terms})`),
        )}`.execute(tx);
    }
    const vocab = [...vocabulary].sort().map((word) => ({ word }));
    for (let i = 0; i < vocab.length; i += 500)
      await tx
        .insertInto('search_word')
        .values(vocab.slice(i, i + 500))
        .execute();
    await tx
      .insertInto('search_meta')
      .values({ name: 'version', value: version })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value: version }))
      .execute();
    return true;
  });
}

export async function vocabulary(db: Kysely<DB>): Promise<Set<string>> {
  const rows = await db.selectFrom('search_word').select('word').execute();
  return new Set(rows.map((r) => r.word));
}

/** The keys of the records holding a term of every group (`all`) or of any group, found by the engine's index. */
export async function candidateKeys(db: Kysely<DB>, groups: QueryGroup[], mode: 'all' | 'any'): Promise<string[]> {
  if (!groups.length) return [];
  const parts = groups.map(groupTerms);
  if (isPostgres(db)) {
    const query = parts
      .map((p) => `(${[...p.terms, ...(p.prefix ? [`${p.prefix}:*`] : [])].join(' | ')})`)
      .join(mode === 'all' ? ' & ' : ' | ');
    const rows = await sql<{
      key: string;
    }>`select key from search_record where tsv @@ to_tsquery('simple', ${query})`.execute(db);
    return rows.rows.map((r) => r.key);
  }
  const query = parts
    .map((p) => `(${[...p.terms.map((x) => `"${x}"`), ...(p.prefix ? [`"${p.prefix}"*`] : [])].join(' OR ')})`)
    .join(mode === 'all' ? ' AND ' : ' OR ');
  const rows = await sql<{ key: string }>`select key from search_fts where search_fts match ${query}`.execute(db);
  return rows.rows.map((r) => r.key);
}

/** Every record's names and facets (the stored record without its bodies). */
export async function allMeta(db: Kysely<DB>): Promise<IndexedRecord[]> {
  const rows = await db.selectFrom('search_record').select(['key', 'meta']).execute();
  return rows.map((r) => ({ ...(JSON.parse(r.meta) as SearchRecord), key: r.key }));
}

/** The whole records of some keys. */
export async function recordsOf(db: Kysely<DB>, keys: readonly string[]): Promise<IndexedRecord[]> {
  const out: IndexedRecord[] = [];
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db
      .selectFrom('search_record')
      .select(['key', 'data'])
      .where('key', 'in', keys.slice(i, i + 500))
      .execute();
    for (const r of rows) out.push({ ...(JSON.parse(r.data) as SearchRecord), key: r.key });
  }
  return out;
}

/** The records holding a term of every group (`all`) or of any group, found by the engine's index. */
export async function candidates(db: Kysely<DB>, groups: QueryGroup[], mode: 'all' | 'any'): Promise<IndexedRecord[]> {
  return recordsOf(db, await candidateKeys(db, groups, mode));
}
