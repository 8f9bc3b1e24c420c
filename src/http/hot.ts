/**
 * The hot path: a cached public GET answer sent straight from the HTTP server's request event, before Fastify
 * parses, routes or runs a hook. It does only what a cached answer needs: a map lookup, a request id, and the
 * bytes and headers that Fastify itself produced for the same request the first time.
 *
 * What is kept: the complete answer (status 200, every header — helmet's security headers and CSP, CORS,
 * Cache-Control, Vary, ETag, Link — and the body) of a GET that the response cache answered (http/cache.ts marks
 * it), after every onSend hook ran, when the answer is public (`Cache-Control` is the public policy, no
 * Set-Cookie), compressed or not (the response cache compresses a body once per coding: http/encoding.ts). It is
 * keyed by everything Fastify read to make it: the URL, the `Host` header, the port the request arrived on and
 * whether over TLS; with TRUST_PROXY, also `X-Forwarded-Host`, `X-Forwarded-Proto` and the peer address (they set
 * the origin and the scheme, hence HSTS); the content coding `Accept-Encoding` chooses (brotli, gzip or none).
 * A Host that is not allowed is refused by Fastify and never kept, so it never matches a key.
 *
 * When it answers: a GET without `Cookie`, `Authorization`, conditional or range headers and without a body
 * (anything else goes to Fastify: sessions, tokens, 304s, CSRF are Fastify's), while the data version is the one
 * the answer was made for (`DataVersion.peek`, which is null once a second: that request goes through Fastify,
 * which reads the version again) and on the day it was made (answers without a date are today's). Not while the
 * server is closing (Fastify answers 503 then). Answers from the hot path are not logged one by one (the
 * counters are in `/bench/stats`; a proxy's access log has them); every other request is logged as before.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { DataVersion } from '../db/data-version.js';
import { today } from './dates.js';
import { negotiateCoding } from './encoding.js';

interface Entry {
  version: string;
  day: string;
  headers: OutgoingHttpHeaders;
  body: Buffer;
}

/** Request headers that send a request to Fastify whatever its URL. */
const PASS = [
  'cookie',
  'authorization',
  'if-none-match',
  'if-modified-since',
  'if-match',
  'if-unmodified-since',
  'if-range',
  'range',
  'content-length',
  'transfer-encoding',
];
/** Response headers that are per answer (written again each time) or per connection. */
const DROP = new Set(['x-request-id', 'content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding']);
/** Vary values the key covers (Cookie and Authorization: such requests never take the hot path). */
const COVERED_VARY = new Set(['accept-encoding', 'cookie', 'authorization']);

export class HotPath {
  private entries = new Map<string, Entry>();
  private bytes = 0;
  private at: string | null = null;
  private closing = false;
  readonly stats = { hot: 0, kept: 0 };

  constructor(
    private readonly version: DataVersion,
    private readonly requestId: (req: IncomingMessage) => string,
    private readonly opts: { trustProxy: boolean; maxBytes?: number },
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** What the kept answers take, for /bench/stats. */
  get usage(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  /** The server is closing: every request goes to Fastify (which answers 503 to new ones). */
  close(): void {
    this.closing = true;
  }

  /** Whether a request may be answered here at all (and may have its answer kept). */
  eligible(req: IncomingMessage): boolean {
    if (req.method !== 'GET' || this.closing) return false;
    const h = req.headers;
    for (const name of PASS) if (h[name] !== undefined) return false;
    return true;
  }

  /** Everything Fastify reads to make a public answer, besides the data: see the module comment. */
  key(req: IncomingMessage): string {
    const h = req.headers;
    const socket = req.socket as IncomingMessage['socket'] & { encrypted?: boolean };
    const coding = negotiateCoding(h['accept-encoding']) ?? 'identity';
    let key = `${socket.encrypted ? 's' : ''}${socket.localPort ?? ''} ${h.host ?? ''} ${coding}`;
    if (this.opts.trustProxy)
      key += ` ${socket.remoteAddress ?? ''} ${String(h['x-forwarded-host'] ?? '')} ${String(h['x-forwarded-proto'] ?? '')}`;
    return `${key} ${req.url ?? ''}`;
  }

  /** Answer from a kept answer; false: Fastify answers. */
  serve(req: IncomingMessage, res: ServerResponse): boolean {
    if (this.entries.size === 0 || !this.eligible(req)) return false;
    const entry = this.entries.get(this.key(req));
    if (!entry || entry.version !== this.version.peek() || entry.day !== today()) return false;
    this.stats.hot++;
    res.writeHead(200, { ...entry.headers, 'content-length': entry.body.length, 'x-request-id': this.requestId(req) });
    res.end(entry.body);
    return true;
  }

  /** Keep Fastify's answer to an eligible request (its headers after every onSend hook), made at `version`. */
  keep(req: IncomingMessage, version: string, headers: OutgoingHttpHeaders, body: Buffer): void {
    if (this.closing || version !== this.version.peek()) return; // the data changed meanwhile
    const vary = String(headers.vary ?? '')
      .split(',')
      .map((v) => v.trim().toLowerCase())
      .filter(Boolean);
    if (vary.some((v) => !COVERED_VARY.has(v))) return;
    if (headers['set-cookie'] !== undefined) return;
    // Compressed only with the coding this request's key stands for (the response cache's choice).
    const coding = headers['content-encoding'];
    if (coding !== undefined && coding !== negotiateCoding(req.headers['accept-encoding'])) return;
    if (this.at !== version) {
      this.entries.clear();
      this.bytes = 0;
      this.at = version;
    }
    const kept: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(headers))
      if (value !== undefined && !DROP.has(name.toLowerCase())) kept[name] = value;
    const key = this.key(req);
    const old = this.entries.get(key);
    if (old) this.bytes -= old.body.length;
    this.entries.set(key, { version, day: today(), headers: kept, body });
    this.bytes += body.length;
    this.stats.kept++;
    const max = this.opts.maxBytes ?? 32 * 1024 * 1024;
    for (const [k, e] of this.entries) {
      if (this.bytes <= max) break;
      this.entries.delete(k);
      this.bytes -= e.body.length;
    }
  }
}

const HOT = Symbol('hot path version');
type Marked = IncomingMessage & { [HOT]?: string };

/** The response cache answered this request from (or into) its entries at `version`: its answer may be kept. */
export function markHot(req: IncomingMessage, version: string): void {
  (req as Marked)[HOT] = version;
}

/** The version a request was marked with, if any. */
export function hotVersion(req: IncomingMessage): string | undefined {
  return (req as Marked)[HOT];
}
