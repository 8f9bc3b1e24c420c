/**
 * Answers for a date, shared across the dates on which nothing changes.
 *
 * The registry is piecewise constant: between two dates on which something changes (a start, an end, a status
 * change, a meeting…) every answer about a mechanism is the same except for the date it shows. A route gives
 * a key that names that interval (see RegistryService.mechanismDateKey) and the forms in which the requested
 * date is written into the answer (its ISO form; on a page also its long form in the page language). The first
 * answer of an interval is kept as is; the second, for another date, is compared with it: where the two differ
 * only at those forms, the answer is kept as a template (the text between the forms, and which form goes
 * where), and every later date of the interval is answered by writing its own forms into the template — the
 * same bytes the full computation gives. When the two answers differ anywhere else, the key did not capture
 * something the answer depends on: no template is kept, and that interval is computed in full each time after
 * a few more tries.
 */
import { createHash } from 'node:crypto';
import type { DataVersion, Derived } from '../db/data-version.js';

export interface DatedKey {
  /** The requested date (YYYY-MM-DD). */
  asOf: string;
  /** Names the answer up to its date: the route, the URL without the date, and the date's interval. */
  key: string;
  /** How a date is written into the answer: the first form found wins where forms overlap (give the longest first). */
  forms: (date: string) => readonly string[];
}

/** A URL with the date it asks for (`asOf=…`) left out: the part of a dated key that names the request. */
export function withoutDate(url: string, asOf: string): string {
  return url.split(`asOf=${asOf}`).join('asOf=*');
}

interface Pending {
  kind: 'pending';
  date: string;
  text: string;
  tries: number;
}
interface Template {
  kind: 'template';
  /** Text between the slots, UTF-8 encoded (a large non-ASCII string costs more to encode than the rest): parts.length === slots.length + 1. */
  parts: Buffer[];
  /** Which form of the date goes into each slot. */
  slots: number[];
  bytes: number;
  /** A digest of the parts and slots: with the date's forms it names the answer (its ETag) without hashing the body. */
  digest: string;
}
interface Unshared {
  kind: 'unshared';
}
type Entry = Pending | Template | Unshared;

/** Tries before an interval is given up as not shareable. */
const TRIES = 4;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Split a text at every occurrence of one of the date's forms. */
export function splitAt(text: string, forms: readonly string[]): { parts: string[]; slots: number[] } {
  const re = new RegExp(forms.map(escape).join('|'), 'g');
  const parts: string[] = [];
  const slots: number[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    parts.push(text.slice(last, m.index));
    slots.push(forms.indexOf(m[0]));
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  return { parts, slots };
}

function same(a: { parts: string[]; slots: number[] }, b: { parts: string[]; slots: number[] }): boolean {
  if (a.parts.length !== b.parts.length) return false;
  for (let i = 0; i < a.slots.length; i++) if (a.slots[i] !== b.slots[i]) return false;
  for (let i = 0; i < a.parts.length; i++) if (a.parts[i] !== b.parts[i]) return false;
  return true;
}

export class DatedTemplates {
  private entries = new Map<string, Entry>();
  private bytes = 0;
  private readonly generation: Derived<Map<string, Entry>>;
  /** Counters for the benchmark and the tests: answers written into a template, and computed in full. */
  readonly stats = { fromTemplate: 0, computed: 0 };

  constructor(
    version: DataVersion,
    /** Upper bound on the memory the kept texts take (templates in UTF-8, pending texts counted 2 bytes a character). */
    private readonly maxBytes = 32 * 1024 * 1024,
    /** false: compute every answer in full (the tests compare both ways). */
    private readonly enabled = true,
  ) {
    this.generation = version.derived(async () => new Map<string, Entry>());
  }

  get size(): number {
    return this.entries.size;
  }

  /** What the kept texts take, for /bench/stats. */
  get usage(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  /**
   * The answer for `dated`, UTF-8 encoded, and its strong ETag: a digest of the body when it was computed, of the
   * template and the date's forms when written from a template (the same body always comes with the same ETag
   * from a template, in every process, and never with another body's).
   */
  async text(dated: DatedKey, compute: () => Promise<string>): Promise<{ body: Buffer; etag: string }> {
    const hashed = (body: Buffer) => ({ body, etag: `"${createHash('sha1').update(body).digest('base64')}"` });
    if (!this.enabled) {
      this.stats.computed++;
      return hashed(Buffer.from(await compute(), 'utf8'));
    }
    const current = await this.generation.get();
    if (current !== this.entries) {
      this.entries = current;
      this.bytes = 0;
    }
    const { key, asOf } = dated;
    const entry = this.entries.get(key);
    if (entry?.kind === 'template') {
      this.entries.delete(key); // least recently used goes first
      this.entries.set(key, entry);
      this.stats.fromTemplate++;
      const texts = dated.forms(asOf);
      const forms = texts.map((f) => Buffer.from(f, 'utf8'));
      const chunks: Buffer[] = [entry.parts[0]!];
      for (let i = 0; i < entry.slots.length; i++) chunks.push(forms[entry.slots[i]!]!, entry.parts[i + 1]!);
      const body = Buffer.concat(chunks, entry.bytes + entry.slots.reduce((n, k) => n + forms[k]!.length, 0));
      const etag = `"t${createHash('sha1').update(entry.digest).update(texts.join('\0')).digest('base64')}"`;
      return { body, etag };
    }
    if (entry?.kind === 'pending' && entry.date === asOf) return hashed(Buffer.from(entry.text, 'utf8'));
    this.stats.computed++;
    const text = await compute();
    const answer = hashed(Buffer.from(text, 'utf8'));
    if (entry?.kind === 'unshared') return answer;
    if (this.entries !== (await this.generation.get())) return answer; // the data changed meanwhile
    const latest = this.entries.get(key); // another request may have kept something meanwhile
    if (latest?.kind === 'template' || latest?.kind === 'unshared') return answer;
    if (latest?.kind === 'pending' && latest.date !== asOf) {
      const a = splitAt(latest.text, dated.forms(latest.date));
      const b = splitAt(text, dated.forms(asOf));
      this.drop(key);
      if (same(a, b)) {
        const parts = b.parts.map((p) => Buffer.from(p, 'utf8'));
        const digest = createHash('sha1');
        for (const p of parts) digest.update(p).update('\0');
        digest.update(b.slots.join(','));
        this.keep(key, {
          kind: 'template',
          parts,
          slots: b.slots,
          bytes: parts.reduce((n, p) => n + p.length, 0),
          digest: digest.digest('base64'),
        });
      } else if (latest.tries + 1 >= TRIES) this.keep(key, { kind: 'unshared' });
      else this.keep(key, { kind: 'pending', date: asOf, text, tries: latest.tries + 1 });
    } else if (!latest) {
      this.keep(key, { kind: 'pending', date: asOf, text, tries: 0 });
    }
    return answer;
  }

  private sizeOf(e: Entry): number {
    return e.kind === 'template' ? e.bytes : e.kind === 'pending' ? 2 * e.text.length : 0;
  }

  private drop(key: string): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.entries.delete(key);
    this.bytes -= this.sizeOf(old);
  }

  private keep(key: string, e: Entry): void {
    this.entries.set(key, e);
    this.bytes += this.sizeOf(e);
    for (const [k, old] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= this.sizeOf(old);
    }
  }
}
