/**
 * Search: what a record is, how text becomes terms, and how a match is ranked. Pure functions, no I/O, so the
 * same code decides on SQLite and PostgreSQL: each engine only finds the candidate records that hold a term
 * (FTS5 or a GIN-indexed tsvector over the same pre-computed terms); ranking, facets, snippets and paging are here.
 */
import type { Lang } from '../web/i18n.js';
import { stemmer as english } from '@orama/stemmers/english';
import { stemmer as french } from '@orama/stemmers/french';
import { stemmer as spanish } from '@orama/stemmers/spanish';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

// ---------------------------------------------------------------- the indexer interface

/** The languages text is stemmed in (@orama/stemmers: Porter for English, Snowball-style French and Spanish). */
export const TEXT_LANGS = ['en', 'fr', 'es'] as const;
export type TextLang = (typeof TEXT_LANGS)[number];
/** A text's language; `und` when it has none (codes, acronyms, proper names in no language). */
export type FieldLang = TextLang | 'und';

export interface SearchText {
  text: string;
  lang: FieldLang;
}

/** One thing search can find. A feature gives these to search through a `SearchIndexer`. */
export interface SearchRecord {
  /** The kind of thing (mechanism, country, document, ...): the `type` filter and facet. */
  type: string;
  /** Unique within its type. */
  id: string;
  /** The name to show, by interface language (default: the first title). */
  labels?: Partial<Record<Lang, string>>;
  /** Names and titles: ranked above body text; tolerant of a typo. */
  titles: SearchText[];
  /** Names of related things (the organizations that support a mechanism): between titles and body text. */
  related?: SearchText[];
  /** Multiplies the score (default 1): e.g. sources, which are evidence more than things, rank below. */
  boost?: number;
  /** Body text (descriptions, places, paragraphs). */
  bodies: SearchText[];
  /** The language of the record itself (a document's language version), or `und`. */
  lang: FieldLang;
  /** Facet values: mechanism ids, years, a kind. */
  facets: { mechanism?: string[]; year?: number[]; kind?: string };
  /** The public page under /{lang}, e.g. "/mechanisms/colombo-process"; null when there is none. */
  path: string | null;
  /** An external address (a source's URL: http or https only), or null. */
  url?: string | null;
}

/**
 * How a feature adds its records. `version` changes when the indexer's output format changes (the index is
 * rebuilt when it or the data version changes); `records` reads the feature's current data.
 */
export interface SearchIndexer {
  type: string;
  version: number;
  records(db: Kysely<DB>): Promise<SearchRecord[]>;
  /**
   * For a feature with many or large records (documents and their full text): a cheap stamp per record id
   * (changes whenever the record would), and the records of some ids. With these, a change reads and replaces
   * only the records whose stamp changed; without, `records` is read and each record's stamp is its hash.
   */
  incremental?: {
    stamps(db: Kysely<DB>): Promise<Map<string, string>>;
    records(db: Kysely<DB>, ids: readonly string[]): Promise<SearchRecord[]>;
  };
}

// ---------------------------------------------------------------- text to terms

const STEMMERS: Record<TextLang, { stem(word: string): string }> = {
  en: { stem: english },
  fr: { stem: french },
  es: { stem: spanish },
};

/** Lower case without diacritics ("Sénégal" → "senegal"); ligatures and ß spelled out. */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/æ/g, 'ae')
    .replace(/œ/g, 'oe')
    .replace(/ø/g, 'o')
    .replace(/ł/g, 'l')
    .replace(/đ/g, 'd');
}

const WORD = /[\p{L}\p{N}]+/gu;
/** Words of a text with their offsets in the original string (for highlights). */
export function words(text: string): { word: string; start: number; end: number }[] {
  const out: { word: string; start: number; end: number }[] = [];
  for (const m of text.matchAll(WORD)) out.push({ word: fold(m[0]), start: m.index, end: m.index + m[0].length });
  return out;
}

/** The stem of a folded word in a language (stemmed before folding: the French and Spanish rules know accents). */
export function stem(word: string, lang: FieldLang): string {
  if (lang === 'und' || word.length < 3 || /\p{N}/u.test(word)) return word;
  return fold(STEMMERS[lang].stem(word));
}

/** Stems by language and word: a stemmer is slow next to a map look-up (bounded, cleared when full). */
const STEM_CACHE = new Map<string, string>();
function stemOriginal(original: string, lang: FieldLang): string {
  if (lang === 'und' || original.length < 3 || /\p{N}/u.test(original)) return fold(original);
  const key = `${lang}:${original}`;
  let s = STEM_CACHE.get(key);
  if (s === undefined) {
    s = fold(STEMMERS[lang].stem(original.toLowerCase()));
    if (STEM_CACHE.size >= 200_000) STEM_CACHE.clear();
    STEM_CACHE.set(key, s);
  }
  return s;
}

/** The index terms of a text: every folded word and its stem in the text's language. */
export function terms(t: SearchText): string[] {
  const out: string[] = [];
  for (const m of t.text.matchAll(WORD)) {
    const w = fold(m[0]);
    out.push(w);
    const s = stemOriginal(m[0], t.lang);
    if (s !== w) out.push(s);
  }
  return out;
}

const STOPWORDS = new Set(
  (
    'a an and at by for from in into of on or the to with ' +
    'au aux de des du en et l la le les par pour sur un une ' +
    'al con del el las los para por una y'
  ).split(' '),
);

/** Damerau–Levenshtein distance up to `max` (adjacent transposition counts 1); max+1 when further. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prev2: number[] = [];
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[n]!;
}

/** How one query word may match: the word itself, its stems, name words one typo away, words it begins. */
export interface QueryGroup {
  word: string;
  exact: Set<string>;
  stems: Set<string>;
  fuzzy: Set<string>;
  /** The word is a prefix to match (the last word typed, three letters or more). */
  prefix: boolean;
}

export interface ParsedQuery {
  groups: QueryGroup[];
  /** Stopwords were dropped from the query (so they are skipped in titles when comparing phrases). */
  dropped: boolean;
}

/**
 * Parse a query: folded words, stopwords dropped when other words remain, each word's stems in every text
 * language, and name words (from `vocabulary`) one typo away for words of four letters or more that no name has.
 */
export function parseQuery(q: string, vocabulary: ReadonlySet<string>): ParsedQuery {
  const all = [...q.matchAll(WORD)].map((m) => ({ original: m[0], word: fold(m[0]) }));
  const kept = all.filter((w) => !STOPWORDS.has(w.word));
  const used = (kept.length ? kept : all).slice(0, 12);
  const groups = used.map(({ original, word }, i): QueryGroup => {
    const stems = new Set<string>();
    for (const lang of TEXT_LANGS) {
      const s = stemOriginal(original, lang);
      if (s !== word) stems.add(s);
    }
    const fuzzy = new Set<string>();
    if (word.length >= 4 && !/\p{N}/u.test(word) && !vocabulary.has(word)) {
      const max = word.length >= 8 ? 2 : 1;
      for (const v of vocabulary) if (v !== word && editDistance(word, v, max) <= max) fuzzy.add(v);
    }
    return { word, exact: new Set([word]), stems, fuzzy, prefix: i === used.length - 1 && word.length >= 3 };
  });
  return { groups, dropped: kept.length > 0 && kept.length < all.length };
}

/** Every term a group may match in the index, for the engine's candidate query (prefix terms end in "*"). */
export function groupTerms(g: QueryGroup): { terms: string[]; prefix: string | null } {
  return { terms: [...new Set([...g.exact, ...g.stems, ...g.fuzzy])].sort(), prefix: g.prefix ? g.word : null };
}

// ---------------------------------------------------------------- ranking

/** A record as stored in the index. */
export interface IndexedRecord extends SearchRecord {
  key: string;
}

const W = {
  title: { exact: 10, stem: 7, prefix: 6, fuzzy: 5 },
  related: { exact: 8, stem: 6, prefix: 5, fuzzy: 0 },
  body: { exact: 2, stem: 1.5, prefix: 1, fuzzy: 1 },
  phraseEqualsTitle: 100,
  titleStartsWithPhrase: 30,
  titleHasPhrase: 20,
  /** A phrase bonus won through a typo or a stem counts this much of the exact one. */
  inexact: 0.8,
};

type Level = 'exact' | 'stem' | 'prefix' | 'fuzzy';
interface Token {
  word: string;
  stem: string;
}

function tokens(t: SearchText): Token[] {
  return [...t.text.matchAll(WORD)].map((m) => ({ word: fold(m[0]), stem: stemOriginal(m[0], t.lang) }));
}

function level(tok: Token, g: QueryGroup): Level | null {
  if (g.exact.has(tok.word)) return 'exact';
  if (g.stems.has(tok.stem) || g.stems.has(tok.word) || g.exact.has(tok.stem)) return 'stem';
  if (g.prefix && tok.word.startsWith(g.word)) return 'prefix';
  if (g.fuzzy.has(tok.word)) return 'fuzzy';
  return null;
}

function fieldScore(toks: Token[], g: QueryGroup, w: (typeof W)['title']): number {
  let best = 0;
  for (const tok of toks) {
    const l = level(tok, g);
    if (l) best = Math.max(best, w[l]);
    if (best === w.exact) break;
  }
  return best;
}

/** The words and stems of some texts, as sets: what ranking needs of body text, without its order. */
export interface TermSet {
  words: Set<string>;
  stems: Set<string>;
}

export function termSet(texts: readonly SearchText[]): TermSet {
  const words = new Set<string>();
  const stems = new Set<string>();
  for (const t of texts)
    for (const m of t.text.matchAll(WORD)) {
      words.add(fold(m[0]));
      stems.add(stemOriginal(m[0], t.lang));
    }
  return { words, stems };
}

/** The best level of a group in a term set: the same answer `level` gives over the tokens it was made of. */
function setLevel(f: TermSet, g: QueryGroup): Level | null {
  for (const x of g.exact) if (f.words.has(x)) return 'exact';
  for (const x of g.stems) if (f.stems.has(x) || f.words.has(x)) return 'stem';
  for (const x of g.exact) if (f.stems.has(x)) return 'stem';
  if (g.prefix) for (const w of f.words) if (w.startsWith(g.word)) return 'prefix';
  for (const x of g.fuzzy) if (f.words.has(x)) return 'fuzzy';
  return null;
}

const setScore = (f: TermSet, g: QueryGroup, w: (typeof W)['title']): number => {
  const l = setLevel(f, g);
  return l ? w[l] : 0;
};

/** What ranking keeps of a record's names: prepared once per index version, not on every query. */
export interface PreparedNames {
  titles: Token[][];
  related: TermSet;
  boost: number;
}

export function prepareNames(r: SearchRecord): PreparedNames {
  return { titles: r.titles.map(tokens), related: termSet(r.related ?? []), boost: r.boost ?? 1 };
}

/**
 * The score of a record from its prepared names and, when known, its body terms. Without the body (`null`),
 * `bound` is the most the body could add (every group no name matched, matched in the body at best), so
 * records can be ranked by their names first and only the best read in full; with it, `bound` is the score.
 */
export function scorePrepared(
  p: PreparedNames,
  body: TermSet | null,
  q: ParsedQuery,
): { score: number; matched: number; unknown: number; bound: number } {
  let total = 0;
  let matched = 0;
  let unknown = 0;
  for (const g of q.groups) {
    let best = 0;
    for (const t of p.titles) best = Math.max(best, fieldScore(t, g, W.title));
    if (best < W.related.exact) best = Math.max(best, setScore(p.related, g, W.related));
    if (best < W.body.exact) {
      if (body) best = Math.max(best, setScore(body, g, W.body));
      else if (best === 0) unknown++;
    }
    if (best > 0) matched++;
    total += best;
  }
  let bonus = 0;
  for (const t of p.titles) bonus = Math.max(bonus, phraseBonus(t, q));
  const round = (x: number) => Math.round(x * p.boost * 100) / 100;
  return {
    score: round(total + bonus),
    matched,
    unknown,
    bound: round(total + bonus + unknown * W.body.exact),
  };
}

/** The phrase bonus of a title: the query's words, in order, are the title, begin it, or appear in it. */
function phraseBonus(toks: Token[], q: ParsedQuery): number {
  const n = q.groups.length;
  if (!n) return 0;
  const words = q.dropped ? toks.filter((t) => !STOPWORDS.has(t.word)) : toks;
  let best = 0;
  for (let at = 0; at + n <= words.length; at++) {
    let exact = true;
    let ok = true;
    for (let i = 0; i < n && ok; i++) {
      const l = level(words[at + i]!, q.groups[i]!);
      if (!l) ok = false;
      else if (l !== 'exact') exact = false;
    }
    if (!ok) continue;
    const base =
      at === 0 && words.length === n ? W.phraseEqualsTitle : at === 0 ? W.titleStartsWithPhrase : W.titleHasPhrase;
    best = Math.max(best, exact ? base : base * W.inexact);
  }
  return best;
}

/** The score of a record for a query, and how many query words it matched; 0 words: no match. */
export function score(r: SearchRecord, q: ParsedQuery): { score: number; matched: number } {
  const s = scorePrepared(prepareNames(r), termSet(r.bodies), q);
  return { score: s.score, matched: s.matched };
}

// ---------------------------------------------------------------- snippets

export interface Snippet {
  /** Plain text (not escaped). */
  text: string;
  /** [start, end) offsets into `text` of the matched words. */
  highlights: [number, number][];
  /** The language of the text it was cut from. */
  lang?: FieldLang;
}

/** A text's words with their offsets, folded and stemmed once (snippets of a record read many times). */
export interface SnippetText {
  t: SearchText;
  toks: { word: string; stem: string; start: number; end: number }[];
}

/** How many characters of body text a snippet reads at most (of each text, and in all once one matched). */
const SNIPPET_SCAN = 20_000;

/** The texts a snippet is taken from (bodies, then related names), tokenised up to the scan budget. */
export function snippetTexts(r: SearchRecord): SnippetText[] {
  return [...r.bodies, ...(r.related ?? [])].map((t) => {
    const toks: SnippetText['toks'] = [];
    const text = t.text.length > SNIPPET_SCAN ? t.text.slice(0, SNIPPET_SCAN) : t.text;
    for (const m of text.matchAll(WORD))
      toks.push({ word: fold(m[0]), stem: stemOriginal(m[0], t.lang), start: m.index, end: m.index + m[0].length });
    return { t, toks };
  });
}

/** The body text that best shows the match, cut to about `width` characters around the first hit. */
export function snippet(
  r: SearchRecord,
  q: ParsedQuery,
  width = 160,
  texts: readonly SnippetText[] = snippetTexts(r),
): Snippet | null {
  let best: { t: SearchText; h: [number, number][] } | null = null;
  // A long text (a document's full text) is read only until a match shows, within a budget of characters.
  let budget = SNIPPET_SCAN;
  for (const { t, toks } of texts) {
    if (budget <= 0 && best) break;
    const h: [number, number][] = [];
    for (const tok of toks) if (q.groups.some((g) => level(tok, g) !== null)) h.push([tok.start, tok.end]);
    budget -= Math.min(t.text.length, SNIPPET_SCAN);
    if (h.length && (!best || h.length > best.h.length)) best = { t, h };
  }
  if (!best) {
    const t = r.bodies[0];
    if (!t) return null;
    return { ...cut(t.text, [], 0, width), lang: t.lang };
  }
  const first = best.h[0]![0];
  return { ...cut(best.t.text, best.h, Math.max(0, first - Math.floor(width / 3)), width), lang: best.t.lang };
}

function cut(text: string, h: [number, number][], from: number, width: number): Snippet {
  let start = from;
  if (start > 0) {
    const space = text.indexOf(' ', start);
    start = space >= 0 && space < start + 20 ? space + 1 : start;
  }
  let end = Math.min(text.length, start + width);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > start + width / 2) end = space;
  }
  const pre = start > 0 ? '… ' : '';
  const post = end < text.length ? ' …' : '';
  const shift = pre.length - start;
  return {
    text: pre + text.slice(start, end) + post,
    highlights: h.filter(([a, b]) => a >= start && b <= end).map(([a, b]) => [a + shift, b + shift]),
  };
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ESC[c]!);

/** The snippet as HTML: the text escaped, each highlight in <mark>. */
export function snippetHtml(s: Snippet): string {
  let out = '';
  let at = 0;
  for (const [a, b] of s.highlights) {
    out += `${escape(s.text.slice(at, a))}<mark>${escape(s.text.slice(a, b))}</mark>`;
    at = b;
  }
  return out + escape(s.text.slice(at));
}
