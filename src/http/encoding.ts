/**
 * Content codings of the cached answers (http/cache.ts, http/hot.ts): which one a request accepts, and the
 * compressed bytes of a body. A cached body is compressed once per coding, the first time a client asks for it,
 * and kept with the body; the hot path keys its answers by the coding chosen here, so both agree.
 */
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

export type Coding = 'br' | 'gzip';

/** Bodies smaller than this are sent as they are (the saving is smaller than the cost); as @fastify/compress's. */
export const COMPRESS_THRESHOLD = 1024;

/** The codings offered, best first: brotli, then gzip (or identity when the client accepts neither). */
const OFFERED: readonly Coding[] = ['br', 'gzip'];

/**
 * The coding to send for an `Accept-Encoding` header (RFC 9110, 12.5.3): the offered coding with the highest
 * q-value above 0 (brotli on a tie); `*` stands for any coding not named, `x-gzip` for gzip. null: identity
 * (no header, `identity`, or only codings we do not offer).
 */
export function negotiateCoding(header: string | string[] | undefined): Coding | null {
  if (header === undefined) return null;
  const weights = new Map<string, number>();
  for (const item of (Array.isArray(header) ? header.join(',') : header).toLowerCase().split(',')) {
    const [name = '', ...params] = item.split(';').map((s) => s.trim());
    if (!name) continue;
    let q = 1;
    for (const p of params) {
      const m = /^q\s*=\s*([0-9.]+)$/.exec(p);
      if (m) q = Number(m[1]);
    }
    weights.set(name === 'x-gzip' ? 'gzip' : name, Number.isFinite(q) ? q : 0);
  }
  let best: Coding | null = null;
  let bestQ = 0;
  for (const coding of OFFERED) {
    const q = weights.get(coding) ?? weights.get('*') ?? 0;
    if (q > bestQ) {
      best = coding;
      bestQ = q;
    }
  }
  return best;
}

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * The body compressed with `coding`, off the event loop (zlib's thread pool). Brotli at quality 5 (text mode):
 * most of quality 11's saving on these JSON and HTML bodies, at a fraction of its time.
 */
export function compress(body: Buffer, coding: Coding): Promise<Buffer> {
  return coding === 'br'
    ? brotli(body, {
        params: {
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_QUALITY]: 5,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      })
    : gzipAsync(body, { level: 6 });
}
