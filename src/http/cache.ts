/**
 * A cache of serialised GET responses, keyed by the origin the body is written with, the URL and the
 * date that "today" resolves to, and emptied whenever the app's data version changes (db/data-version.ts:
 * another process's write shows within its ttl, a write through this process at once).
 *
 * A body of 1 KiB or more is sent compressed to a client that accepts it (brotli, else gzip: http/encoding.ts),
 * compressed once per coding the first time one is asked for and kept with the entry (not once per request),
 * with its own ETag per coding; every such answer, identity too, says `Vary: Accept-Encoding`.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DataVersion, Derived } from '../db/data-version.js';
import { today } from './dates.js';
import { DatedTemplates, type DatedKey } from './dated.js';
import { COMPRESS_THRESHOLD, compress, negotiateCoding, type Coding } from './encoding.js';
import { markHot } from './hot.js';
import { origin } from './origin.js';
import { nextUrl } from './paging.js';

/** The body is kept UTF-8 encoded: encoding a large non-ASCII string on every send costs more than the rest of the request. */
interface Entry {
  body: Buffer;
  etag: string;
  /** The `Link` header of a page of a list (rel="next"), when there is a next page. */
  link?: string;
  /** The body compressed with each coding asked for so far (made once, then kept). */
  coded: Partial<Record<Coding, Promise<Buffer>>>;
  /** The bytes the entry holds: the body and its compressed copies once made. */
  bytes: number;
}

export class ResponseCache {
  private entries = new Map<string, Entry>();
  private bytes = 0;
  /** A fresh (empty) map of entries per data version: the version check is Versioned's. */
  private readonly generation: Derived<Map<string, Entry>>;

  /** How many bodies were compressed (once per entry and coding, however many requests asked). */
  readonly stats = { compressed: 0 };

  /** Answers for a requested date, shared over the dates on which nothing changes (http/dated.ts). */
  readonly dated: DatedTemplates;

  constructor(
    private readonly version: DataVersion,
    /** Upper bound on the memory the kept bodies take. */
    private readonly maxBytes = 64 * 1024 * 1024,
    opts: { datedTemplates?: boolean } = {},
  ) {
    this.generation = version.derived(async () => new Map<string, Entry>());
    this.dated = new DatedTemplates(version, maxBytes / 2, opts.datedTemplates ?? true);
  }

  get size(): number {
    return this.entries.size;
  }

  /** What the kept bodies take, for /bench/stats: entries and bytes (bodies and their compressed copies). */
  get usage(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private async fresh(): Promise<void> {
    const current = await this.generation.get();
    if (current !== this.entries) {
      this.entries = current;
      this.bytes = 0;
    }
  }

  /** Send the cached body for this request, or compute, serialise with the route's schema, and keep it. */
  async send(req: FastifyRequest, reply: FastifyReply, compute: () => Promise<unknown>): Promise<FastifyReply> {
    // the JSON serializer always returns a string
    return this.sendText(req, reply, 'application/json; charset=utf-8', async () => {
      const value = await compute();
      const next = (value as { nextCursor?: unknown } | null)?.nextCursor;
      const text = reply.serialize(value) as string;
      return typeof next === 'string' ? { text, link: `<${nextUrl(origin(req), req.url, next)}>; rel="next"` } : text;
    });
  }

  /**
   * An answer for a requested date (`dated`; null: no date was asked for, use `send`): written into the
   * template of its date's interval when there is one, else computed. Not kept per URL (every date has its
   * own URL, and the template already holds what they share).
   */
  async sendDated(
    req: FastifyRequest,
    reply: FastifyReply,
    dated: DatedKey | null,
    compute: () => Promise<unknown>,
  ): Promise<FastifyReply> {
    return this.sendTextDated(
      req,
      reply,
      'application/json; charset=utf-8',
      dated,
      async () => reply.serialize(await compute()) as string,
    );
  }

  /** The same for a body that is already text (an HTML page). */
  async sendTextDated(
    req: FastifyRequest,
    reply: FastifyReply,
    type: string,
    dated: DatedKey | null,
    compute: () => Promise<string>,
  ): Promise<FastifyReply> {
    if (dated === null) return this.sendText(req, reply, type, compute);
    const { body, etag } = await this.dated.text({ ...dated, key: `${today()} ${origin(req)} ${dated.key}` }, compute);
    return reply.header('etag', etag).type(type).send(body);
  }

  /** The same for a body that is already text (an HTML page). */
  async sendText(
    req: FastifyRequest,
    reply: FastifyReply,
    type: string,
    compute: () => Promise<string | { text: string; link: string }>,
  ): Promise<FastifyReply> {
    const version = await this.version.version();
    await this.fresh();
    markHot(req.raw, version); // the answer may be kept whole by the hot path (http/hot.ts)
    const key = `${today()} ${origin(req)} ${req.url}`;
    let entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key); // least recently used goes first
      this.entries.set(key, entry);
    } else {
      const computed = await compute();
      const body = Buffer.from(typeof computed === 'string' ? computed : computed.text, 'utf8');
      entry = { body, etag: `"${createHash('sha1').update(body).digest('base64')}"`, coded: {}, bytes: body.length };
      if (typeof computed !== 'string') entry.link = computed.link;
      this.entries.set(key, entry);
      this.bytes += body.length;
      this.trim();
    }
    if (entry.link) reply.header('link', entry.link);
    reply.type(type);
    if (entry.body.length < COMPRESS_THRESHOLD) return reply.header('etag', entry.etag).send(entry.body);
    const vary = reply.getHeader('vary');
    reply.header('vary', typeof vary === 'string' && vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
    const coding = negotiateCoding(req.headers['accept-encoding']);
    if (coding === null) return reply.header('etag', entry.etag).send(entry.body);
    const bytes = await this.coded(key, entry, coding);
    // A strong ETag names one representation: the compressed one has its own (RFC 9110, 8.8.3).
    return reply
      .header('etag', `${entry.etag.slice(0, -1)}-${coding}"`)
      .header('content-encoding', coding)
      .send(bytes);
  }

  /** The entry's body compressed with `coding`: made the first time (counted in the byte budget), then kept. */
  private coded(key: string, entry: Entry, coding: Coding): Promise<Buffer> {
    let made = entry.coded[coding];
    if (!made) {
      made = entry.coded[coding] = compress(entry.body, coding);
      this.stats.compressed++;
      made.then(
        (bytes) => {
          entry.bytes += bytes.length;
          if (this.entries.get(key) !== entry) return; // dropped meanwhile (evicted, or the data changed)
          this.bytes += bytes.length;
          this.trim();
        },
        () => {
          delete entry.coded[coding]; // the next request tries again
        },
      );
    }
    return made;
  }

  /** Drop the least recently used entries until the kept bytes are within the budget. */
  private trim(): void {
    for (const [k, old] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= old.bytes;
    }
  }
}
