/** The search index in the database: kept in step record by record, read by candidate term queries (FTS5 or tsvector). */
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { lockInTransaction } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { createHash } from 'node:crypto';
import {
  groupTerms,
  terms,
  termSet,
  type IndexedRecord,
  type QueryGroup,
  type SearchIndexer,
  type SearchRecord,
  type TermSet,
} from './model.js';

const isPostgres = (db: Kysely<DB>) => db.getExecutor().adapter instanceof PostgresAdapter;

export const recordKey = (r: Pick<SearchRecord, 'type' | 'id'>) => `${r.type}:${r.id}`;

/** The index's format (the service's and indexers' formats) and the data version it was last brought up to. */
export interface IndexState {
  format: string | null;
  data: string | null;
}

export async function indexState(db: Kysely<DB>): Promise<IndexState> {
  const rows = await db
    .selectFrom('search_meta')
    .select(['name', 'value'])
    .where('name', 'in', ['version', 'data'])
    .execute();
  const get = (n: string) => rows.find((r) => r.name === n)?.value ?? null;
  return { format: get('version'), data: get('data') };
}

const hash = (s: string) => createHash('sha256').update(s).digest('base64url');

/** A record's body terms as stored (`body`): distinct words, U+0001, distinct stems; each space-separated. */
export function bodyOf(t: TermSet): string {
  return `${[...t.words].join(' ')}\u0001${[...t.stems].join(' ')}`;
}
export function parseBody(s: string): TermSet {
  const at = s.indexOf('\u0001');
  const split = (x: string) => new Set(x ? x.split(' ') : []);
  return at < 0
    ? { words: split(s), stems: new Set() }
    : { words: split(s.slice(0, at)), stems: split(s.slice(at + 1)) };
}

function rowOf(r: SearchRecord, stamp: string): DB['search_record'] {
  const t = new Set<string>();
  for (const f of [...r.titles, ...(r.related ?? []), ...r.bodies]) for (const x of terms(f)) t.add(x);
  return {
    key: recordKey(r),
    type: r.type,
    id: r.id,
    data: JSON.stringify(r),
    terms: [...t].join(' '),
    meta: JSON.stringify({ ...r, bodies: [] }),
    stamp,
    body: bodyOf(termSet(r.bodies)),
  };
}

async function deleteKeys(tx: Kysely<DB>, keys: readonly string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 500) {
    const batch = keys.slice(i, i + 500);
    await tx.deleteFrom('search_record').where('key', 'in', batch).execute();
    if (!isPostgres(tx)) await sql`delete from search_fts where key in (${sql.join(batch)})`.execute(tx);
  }
}

async function insertRows(tx: Kysely<DB>, rows: DB['search_record'][]): Promise<void> {
  for (let i = 0; i < rows.length; i += 100) {
    const batch = rows.slice(i, i + 100);
    await tx.insertInto('search_record').values(batch).execute();
    if (!isPostgres(tx))
      await sql`insert into search_fts (key, terms) values ${sql.join(
        batch.map((b) => sql`(${b.key}, ${b.terms})`),
      )}`.execute(tx);
  }
}

/** How many records a sync read from its indexers at once (documents: their full text). */
const SYNC_BATCH = 500;

/**
 * Bring the index to `data` (the data version its records were read at), in ONE transaction that also stamps
 * the index with `format` and `data`: a crash or an error leaves the previous index and its previous stamp,
 * so the next query syncs again — the index is never left stale with a stamp that says it is fresh.
 * Each record is compared by its stamp with the stored one: only the records whose stamp differs are read
 * (through `incremental`, in batches) and replaced (delete + insert by key); those gone are deleted. A full
 * rebuild (every record replaced) when `full` or when the stored format differs.
 * Rechecked under the lock, so several processes seeing the same new data version sync it once.
 *
 * Why this is as good as indexing in each write's own transaction (issue 13): every write bumps the data version in
 * its transaction, and a query syncs, before it searches, whenever the version it reads is not the index's stamp.
 * The sync starts after that version was read, so it sees every write up to it: the index is never older than its
 * stamp. A write that commits during a sync may be partly in it, but it moved the version, so the next query syncs
 * again and replaces, by stamp, the records it changed: a stamp never claims data the index lacks, and the index
 * converges. What differs is who pays: the first query after a write (and, in another process, within the data
 * version's ttl, as for the response cache), not the writer.
 */
export async function syncIndex(
  db: Kysely<DB>,
  format: string,
  data: string,
  indexers: readonly SearchIndexer[],
  full: boolean,
): Promise<{ rebuilt: boolean; replaced: number; removed: number } | null> {
  return db.transaction().execute(async (tx) => {
    await lockInTransaction(tx, 'search-index');
    const current = await indexState(tx);
    const rebuild = full || current.format !== format;
    if (!rebuild && current.data === data) return null;
    if (rebuild) {
      await tx.deleteFrom('search_record').execute();
      await tx.deleteFrom('search_word').execute(); // the vocabulary is now the names' (read with them)
      if (!isPostgres(tx)) await sql`delete from search_fts`.execute(tx);
    }
    let replaced = 0;
    let removed = 0;
    for (const i of indexers) {
      const stored = new Map<string, string>();
      if (!rebuild)
        for (const r of await tx
          .selectFrom('search_record')
          .select(['id', 'stamp'])
          .where('type', '=', i.type)
          .execute())
          stored.set(r.id, r.stamp);
      const check = (r: SearchRecord) => {
        if (r.type !== i.type) throw new Error(`search: the ${i.type} indexer gave a record of type ${r.type}`);
      };
      const apply = async (stamps: Map<string, string>, read: (ids: string[]) => Promise<SearchRecord[]>) => {
        const changed = [...stamps].filter(([id, s]) => stored.get(id) !== s).map(([id]) => id);
        const gone = [...stored.keys()].filter((id) => !stamps.has(id));
        await deleteKeys(
          tx,
          [...gone, ...changed.filter((id) => stored.has(id))].map((id) => recordKey({ type: i.type, id })),
        );
        removed += gone.length;
        for (let at = 0; at < changed.length; at += SYNC_BATCH) {
          const ids = changed.slice(at, at + SYNC_BATCH);
          const records = await read(ids);
          const seen = new Set<string>();
          for (const r of records) {
            check(r);
            if (seen.has(r.id) || !ids.includes(r.id))
              throw new Error(`search: ${recordKey(r)} given twice or unasked`);
            seen.add(r.id);
          }
          await insertRows(
            tx,
            records.map((r) => rowOf(r, stamps.get(r.id)!)),
          );
          replaced += records.length;
        }
      };
      if (i.incremental) {
        const inc = i.incremental;
        await apply(await inc.stamps(tx), (ids) => inc.records(tx, ids));
      } else {
        const all = await i.records(tx);
        const byId = new Map<string, SearchRecord>();
        for (const r of all) {
          check(r);
          if (byId.has(r.id)) throw new Error(`search: two records are ${recordKey(r)}`);
          byId.set(r.id, r);
        }
        const stamps = new Map([...byId].map(([id, r]) => [id, hash(JSON.stringify(r))]));
        await apply(stamps, async (ids) => ids.map((id) => byId.get(id)!));
      }
    }
    for (const [name, value] of [
      ['version', format],
      ['data', data],
    ] as const)
      await tx
        .insertInto('search_meta')
        .values({ name, value })
        .onConflict((oc) => oc.column('name').doUpdateSet({ value }))
        .execute();
    return { rebuilt: rebuild, replaced, removed };
  });
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

/** The body terms of some keys (what ranking needs, without reading the full text). */
export async function bodiesOf(db: Kysely<DB>, keys: readonly string[]): Promise<Map<string, TermSet>> {
  const out = new Map<string, TermSet>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db
      .selectFrom('search_record')
      .select(['key', 'body'])
      .where('key', 'in', keys.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.key, parseBody(r.body));
  }
  return out;
}

/** The records holding a term of every group (`all`) or of any group, found by the engine's index. */
export async function candidates(db: Kysely<DB>, groups: QueryGroup[], mode: 'all' | 'any'): Promise<IndexedRecord[]> {
  return recordsOf(db, await candidateKeys(db, groups, mode));
}
