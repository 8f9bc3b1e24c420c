/**
 * A cache of serialised GET responses, keyed by the origin the body is written with, the URL and the
 * date that "today" resolves to, and emptied whenever the data version changes. The version is read from the database at most once per
 * `ttlMs`, so a write from another process (a `load` from the command line) shows within that time;
 * writes through this process call `invalidate()` and show at once.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Versioned } from '../db/versioned.js';
import { today } from '../registry/model.js';
import { origin } from './origin.js';

/** The body is kept UTF-8 encoded: encoding a large non-ASCII string on every send costs more than the rest of the request. */
interface Entry { body: Buffer; etag: string }

export class ResponseCache {
  private entries = new Map<string, Entry>();
  private bytes = 0;
  /** A fresh (empty) map of entries per data version: the version check is Versioned's. */
  private readonly generation: Versioned<Map<string, Entry>>;

  constructor(
    currentVersion: () => Promise<string | null>,
    /** Upper bound on the memory the kept bodies take. */
    private readonly maxBytes = 64 * 1024 * 1024,
    ttlMs = 1000,
  ) {
    this.generation = new Versioned(currentVersion, async () => new Map<string, Entry>(), ttlMs);
  }

  invalidate(): void {
    this.generation.invalidate();
  }

  get size(): number { return this.entries.size; }

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
    return this.sendText(req, reply, 'application/json; charset=utf-8', async () => reply.serialize(await compute()) as string);
  }

  /** The same for a body that is already text (an HTML page). */
  async sendText(req: FastifyRequest, reply: FastifyReply, type: string, compute: () => Promise<string>): Promise<FastifyReply> {
    await this.fresh();
    const key = `${today()} ${origin(req)} ${req.url}`;
    let entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key); // least recently used goes first
      this.entries.set(key, entry);
    } else {
      const body = Buffer.from(await compute(), 'utf8');
      entry = { body, etag: `"${createHash('sha1').update(body).digest('base64')}"` };
      this.entries.set(key, entry);
      this.bytes += body.length;
      for (const [k, old] of this.entries) {
        if (this.bytes <= this.maxBytes) break;
        this.entries.delete(k);
        this.bytes -= old.body.length;
      }
    }
    return reply.header('etag', entry.etag).type(type).send(entry.body);
  }
}
