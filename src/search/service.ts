/** One search over every feature's records: the index kept fresh, then ranked, filtered, faceted and paged. */
import type { Lang } from '../web/i18n.js';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { BadParameter } from '../http/errors.js';
import type { DataVersion } from '../db/data-version.js';
import {
  fold,
  parseQuery,
  prepareNames,
  scorePrepared,
  snippet,
  snippetHtml,
  snippetTexts,
  type SnippetText,
  TEXT_LANGS,
  type FieldLang,
  type IndexedRecord,
  type PreparedNames,
  type SearchIndexer,
  type Snippet,
  type TermSet,
  words as wordsOf,
} from './model.js';
import { allMeta, bodiesOf, candidateKeys, indexState, recordsOf, syncIndex } from './store.js';

/** Bump when the index's stored format or the term rules change: every index is rebuilt. */
const INDEX_FORMAT = 3;

export const FACETS = ['type', 'mechanism', 'year', 'lang', 'kind'] as const;
export type Facet = (typeof FACETS)[number];

export interface SearchParams {
  q: string;
  type?: string;
  mechanism?: string;
  year?: number;
  lang?: string;
  kind?: string;
  limit?: number;
  page?: number;
  cursor?: string;
  /** The interface language the titles are shown in (default en). */
  display?: Lang;
}

export interface SearchHit {
  type: string;
  id: string;
  title: string;
  /** The language `title` is in: the reader's when the record has a label in it, else its English one. */
  titleLang: FieldLang | Lang;
  lang: FieldLang;
  path: string | null;
  url: string | null;
  score: number;
  snippet: Snippet | null;
  snippetHtml: string | null;
  mechanisms: string[];
  years: number[];
  kind: string | null;
}

export interface SearchResult {
  q: string;
  total: number;
  /** true when no record matched every word, and these match some of them. */
  partial: boolean;
  page: number;
  limit: number;
  pages: number;
  nextCursor: string | null;
  items: SearchHit[];
  facets: Record<Facet, { value: string; count: number }[]>;
}

const facetValues = (r: IndexedRecord, f: Facet): string[] => {
  switch (f) {
    case 'type':
      return [r.type];
    case 'mechanism':
      return r.facets.mechanism ?? [];
    case 'year':
      return (r.facets.year ?? []).map(String);
    case 'lang':
      return [r.lang];
    case 'kind':
      return r.facets.kind ? [r.facets.kind] : [];
  }
};

const encodeCursor = (offset: number) => Buffer.from(`o:${offset}`).toString('base64url');
function decodeCursor(cursor: string): number {
  const m = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new BadParameter('cursor', `cursor "${cursor}" is not a cursor this search returned`);
  return Number(m[1]);
}

/** A record's names, facets and prepared name tokens, held for every record of the index version. */
interface Entry {
  r: IndexedRecord;
  names: PreparedNames;
  order: number;
  /** The folded label by display language (the sort key of equal scores). */
  sortLabels: Map<string, string>;
  /** Its facet values, distinct. */
  values: Record<Facet, string[]>;
}
/** A record's body terms (stored with it), for exact ranking. */
interface Full {
  body: TermSet;
  weight: number;
}

/**
 * Below this many matches every match is read in full and ranked exactly (and facets count exact matches);
 * above it, matches are ranked by their names and the most the body can add, and only the best are read in
 * full: at most `MAX_READ` per query, so a word in every record costs about what a rare one does.
 */
const EXACT_LIMIT = 400;
const MAX_READ = 400;
/** The body term sets kept between queries (an LRU), by the characters of their terms. */
const FULL_BUDGET_CHARS = 24_000_000;
/** The records of the pages shown lately, tokenised for snippets (an LRU, by count). */
const SHOWN_BUDGET = 200;

export class SearchService {
  /** The version the index was last seen to have: checked again only when the data version changes. */
  private checked: string | null = null;
  private index: {
    version: string;
    byKey: Map<string, Entry>;
    known: Record<Facet, Set<string>>;
    /** The words of three letters or more in the names: what a typo is matched against. */
    vocabulary: Set<string>;
  } | null = null;
  private indexLoading: { version: string; p: Promise<NonNullable<SearchService['index']>> } | null = null;
  private full = new Map<string, Full>();
  private fullVersion = '';
  private fullWeight = 0;
  private shown = new Map<string, { r: IndexedRecord; snippets: SnippetText[] }>();
  private shownVersion = '';
  private readonly order: Map<string, number>;
  /** What the last sync of this process did (for tests and the CLI). */
  lastSync: { rebuilt: boolean; replaced: number; removed: number } | null = null;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly indexers: readonly SearchIndexer[],
    private readonly dataVersion: DataVersion,
  ) {
    const types = indexers.map((i) => i.type);
    if (new Set(types).size !== types.length)
      throw new Error(`search: two indexers share a type (${types.join(', ')})`);
    this.order = new Map(types.map((t, i) => [t, i]));
  }

  get types(): string[] {
    return this.indexers.map((i) => i.type);
  }

  /** The index's format: the service's and each indexer's type and format. */
  private format(): string {
    return `${INDEX_FORMAT}#${this.indexers.map((i) => `${i.type}:${i.version}`).join(',')}`;
  }

  /**
   * Keep the index in step: when the data version (or the format) differs from the one the index was last
   * brought up to, sync it — each record's stamp compared with its indexer's, and only the records that
   * changed replaced, in one transaction that stamps the index with the data version (src/search/store.ts:
   * syncIndex). It follows the data-version signal (no clock of its own): the index is looked at again only
   * when that version changes — at once after a write in this process, within the signal's ttl after one in
   * another. `full`: rebuild every record (`iscm search reindex`); also done when the format changed.
   */
  async refresh(full = false): Promise<string> {
    const format = this.format();
    const data = await this.dataVersion.version();
    const wanted = `${format}#${data}`;
    if (!full && this.checked === wanted) return wanted;
    const state = await indexState(this.db);
    if (full || state.format !== format || state.data !== data) {
      this.lastSync = await syncIndex(this.db, format, data, this.indexers, full);
    }
    this.checked = wanted;
    return wanted;
  }

  /** Every record's names and facets, prepared once per index version (concurrent queries share the read). */
  private async names(version: string): Promise<NonNullable<SearchService['index']>> {
    if (this.index?.version === version) return this.index;
    if (this.indexLoading?.version !== version) {
      const p = allMeta(this.db).then((rows) => {
        const known = Object.fromEntries(FACETS.map((f) => [f, new Set<string>()])) as Record<Facet, Set<string>>;
        const byKey = new Map<string, Entry>();
        const vocabulary = new Set<string>();
        for (const r of rows) {
          for (const f of r.titles) for (const w of wordsOf(f.text)) if (w.word.length >= 3) vocabulary.add(w.word);
          const values = Object.fromEntries(FACETS.map((f) => [f, [...new Set(facetValues(r, f))]])) as Entry['values'];
          for (const f of FACETS) for (const v of values[f]) known[f].add(v);
          byKey.set(r.key, {
            r,
            names: prepareNames(r),
            order: this.order.get(r.type) ?? 0,
            sortLabels: new Map(),
            values,
          });
        }
        const index = { version, byKey, known, vocabulary };
        if (this.indexLoading?.version === version) this.index = index;
        return index;
      });
      this.indexLoading = { version, p };
    }
    return this.indexLoading.p;
  }

  /** Records' body terms, from an LRU kept per index version. */
  private async readFull(version: string, keys: readonly string[]): Promise<Map<string, Full>> {
    if (this.fullVersion !== version) {
      this.full.clear();
      this.fullWeight = 0;
      this.fullVersion = version;
    }
    const out = new Map<string, Full>();
    const missing: string[] = [];
    for (const k of keys) {
      const f = this.full.get(k);
      if (f) {
        this.full.delete(k); // most recently used last
        this.full.set(k, f);
        out.set(k, f);
      } else missing.push(k);
    }
    if (missing.length) {
      for (const [key, body] of await bodiesOf(this.db, missing)) {
        let weight = 200;
        for (const w of body.words) weight += w.length + 1;
        for (const w of body.stems) weight += w.length + 1;
        const f: Full = { body, weight };
        out.set(key, f);
        if (this.fullVersion !== version) continue;
        this.full.set(key, f);
        this.fullWeight += weight;
      }
      for (const [k, f] of this.full) {
        if (this.fullWeight <= FULL_BUDGET_CHARS) break;
        this.full.delete(k);
        this.fullWeight -= f.weight;
      }
    }
    return out;
  }

  /** The records of a page in full (their text, for snippets): read only for the page shown. */
  private async readShown(version: string, keys: readonly string[]) {
    if (this.shownVersion !== version) {
      this.shown.clear();
      this.shownVersion = version;
    }
    const missing = keys.filter((k) => !this.shown.has(k));
    if (missing.length)
      for (const r of await recordsOf(this.db, missing)) {
        if (this.shownVersion !== version) break;
        this.shown.set(r.key, { r, snippets: snippetTexts(r) });
        if (this.shown.size > SHOWN_BUDGET) this.shown.delete(this.shown.keys().next().value!);
      }
    const out = new Map<string, { r: IndexedRecord; snippets: SnippetText[] }>();
    for (const k of keys) {
      const x = this.shown.get(k);
      if (x) {
        this.shown.delete(k);
        this.shown.set(k, x);
        out.set(k, x);
      }
    }
    return out;
  }

  async search(p: SearchParams): Promise<SearchResult> {
    const q = p.q.trim();
    if (!q) throw new BadParameter('q', 'q is empty: give one or more words to search for');
    if (p.page !== undefined && p.cursor !== undefined)
      throw new BadParameter('cursor', 'give page or cursor, not both');
    const limit = p.limit ?? 20;
    const offset = p.cursor !== undefined ? decodeCursor(p.cursor) : ((p.page ?? 1) - 1) * limit;
    const version = await this.refresh();

    const filters: Partial<Record<Facet, string>> = {
      type: p.type,
      mechanism: p.mechanism,
      year: p.year === undefined ? undefined : String(p.year),
      lang: p.lang,
      kind: p.kind,
    };
    if (p.type !== undefined && !this.order.has(p.type))
      throw new BadParameter('type', `type "${p.type}" is not one of ${this.types.join(', ')}`);
    const index = await this.names(version);
    const known = index.known;
    if (p.mechanism !== undefined && !known.mechanism.has(p.mechanism))
      throw new BadParameter('mechanism', `mechanism "${p.mechanism}" is not a mechanism id`);
    if (p.kind !== undefined && !known.kind.has(p.kind))
      throw new BadParameter('kind', `kind "${p.kind}" is not one of ${[...known.kind].sort().join(', ')}`);

    const parsed = parseQuery(q, index.vocabulary);
    const display = p.display ?? 'en';
    const label = (r: IndexedRecord) => r.labels?.[display] ?? r.labels?.en ?? r.titles[0]?.text ?? r.id;
    const sortLabel = (e: Entry) => {
      let l = e.sortLabels.get(display);
      if (l === undefined) e.sortLabels.set(display, (l = fold(label(e.r))));
      return l;
    };
    const active = FACETS.filter((f) => filters[f] !== undefined);
    const passes = (e: Entry, except?: Facet) => active.every((f) => f === except || e.values[f].includes(filters[f]!));
    interface Ranked {
      e: Entry;
      score: number;
      sortLabel: string;
      full: Full | null;
    }
    const compare = (a: Ranked, b: Ranked) =>
      b.score - a.score ||
      a.e.order - b.e.order ||
      (a.sortLabel < b.sortLabel ? -1 : a.sortLabel > b.sortLabel ? 1 : 0) ||
      (a.e.r.key < b.e.r.key ? -1 : a.e.r.key > b.e.r.key ? 1 : 0);

    /** The matches of a mode, ranked: exactly when few, by names and bound (the best read in full) when many. */
    const rank = async (mode: 'all' | 'any'): Promise<{ matched: Entry[]; hits: Ranked[] }> => {
      const entries = (await candidateKeys(this.db, parsed.groups, mode))
        .map((k) => index.byKey.get(k))
        .filter((e): e is Entry => e !== undefined);
      const enough = (m: number, unknown: number) =>
        mode === 'all' ? m + unknown === parsed.groups.length : m + unknown > 0;
      if (entries.length <= EXACT_LIMIT) {
        const full = await this.readFull(
          version,
          entries.map((e) => e.r.key),
        );
        const matched: Entry[] = [];
        const hits: Ranked[] = [];
        for (const e of entries) {
          const f = full.get(e.r.key);
          if (!f) continue;
          const s = scorePrepared(e.names, f.body, parsed);
          if (!enough(s.matched, 0)) continue;
          matched.push(e);
          if (passes(e)) hits.push({ e, score: s.score, sortLabel: sortLabel(e), full: f });
        }
        return { matched, hits: hits.sort(compare) };
      }
      // Many matches: the engine found each query word in each of them; rank by names and the body's bound.
      const matched: Entry[] = [];
      const bounded: Ranked[] = [];
      for (const e of entries) {
        const s = scorePrepared(e.names, null, parsed);
        if (!enough(s.matched, s.unknown)) continue;
        matched.push(e);
        if (passes(e)) bounded.push({ e, score: s.bound, sortLabel: sortLabel(e), full: null });
      }
      bounded.sort(compare);
      // Read the best in full, in order of bound, until the page's last hit scores at least the next bound.
      const want = offset + limit;
      const exact: Ranked[] = [];
      let at = 0;
      while (at < bounded.length && at < MAX_READ) {
        const batch = bounded.slice(at, Math.min(at + Math.max(want, 50), bounded.length, MAX_READ));
        const full = await this.readFull(
          version,
          batch.map((b) => b.e.r.key),
        );
        for (const b of batch) {
          const f = full.get(b.e.r.key);
          if (!f) continue;
          exact.push({ ...b, score: scorePrepared(b.e.names, f.body, parsed).score, full: f });
        }
        at += batch.length;
        exact.sort(compare);
        const next = bounded[at];
        if (!next || (exact.length >= want && exact[want - 1]!.score >= next.score)) break;
      }
      return { matched, hits: [...exact, ...bounded.slice(at)] };
    };

    let partial = false;
    let found = await rank('all');
    if (!found.matched.length && parsed.groups.length > 1) {
      found = await rank('any');
      partial = found.matched.length > 0;
    }
    const { matched, hits } = found;

    const facets = Object.fromEntries(
      FACETS.map((f) => {
        const counts = new Map<string, number>();
        for (const e of matched) if (passes(e, f)) for (const v of e.values[f]) counts.set(v, (counts.get(v) ?? 0) + 1);
        return [
          f,
          [...counts]
            .map(([value, count]) => ({ value, count }))
            .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0)),
        ];
      }),
    ) as SearchResult['facets'];

    const page = hits.slice(offset, offset + limit);
    const shown = await this.readShown(
      version,
      page.map((h) => h.e.r.key),
    );
    const items = page.map(({ e, score: s }): SearchHit => {
      const f = shown.get(e.r.key);
      const r = f?.r ?? e.r;
      const snip = snippet(r, parsed, 160, f?.snippets ?? []);
      return {
        type: r.type,
        id: r.id,
        title: label(r),
        titleLang: r.labels?.[display] ? display : r.labels?.en ? 'en' : (r.titles[0]?.lang ?? 'und'),
        lang: r.lang,
        path: r.path,
        url: r.url ?? null,
        score: s,
        snippet: snip,
        snippetHtml: snip ? snippetHtml(snip) : null,
        mechanisms: r.facets.mechanism ?? [],
        years: r.facets.year ?? [],
        kind: r.facets.kind ?? null,
      };
    });
    return {
      q,
      total: hits.length,
      partial,
      page: Math.floor(offset / limit) + 1,
      limit,
      pages: Math.ceil(hits.length / limit),
      nextCursor: offset + limit < hits.length ? encodeCursor(offset + limit) : null,
      items,
      facets,
    };
  }
}

export const SEARCH_LANGS = [...TEXT_LANGS, 'und'] as const;
