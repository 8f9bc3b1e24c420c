/**
 * Paging for every list of the API: `limit` and an opaque `cursor` in, `total`, the page's `items` and ONE
 * next-page field, `nextCursor` (null on the last page), out. The response cache (http/cache.ts) adds the
 * RFC 8288 `Link: <…>; rel="next"` header to any answer with a `nextCursor`.
 */
import Type from 'typebox';
import { BadParameter } from './errors.js';
import { origin } from './origin.js';

export const MAX_LIMIT = 500;

/** The two query parameters of a paged list (spread into its querystring schema). */
export const pageQuery = (defaultLimit = 100) => ({
  limit: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: MAX_LIMIT,
      multipleOf: 1,
      default: defaultLimit,
      description: `Items per page, 1 to ${MAX_LIMIT} (default ${defaultLimit})`,
    }),
  ),
  cursor: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z0-9_-]{1,40}$',
      description: 'Opaque cursor: the nextCursor of the previous page',
    }),
  ),
});

/** The paging fields of a list's answer (spread into its response schema). */
export const pageFields = {
  total: Type.Integer({ description: 'Items on all pages' }),
  nextCursor: Type.Union([Type.String(), Type.Null()], {
    description: 'The cursor of the next page (also in the Link header, rel="next"); null on the last page',
  }),
};

export function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const m = /^o(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new BadParameter('cursor', `cursor "${cursor}" is not one this API gave out`);
  return Number(m[1]);
}
export const encodeCursor = (offset: number): string => Buffer.from(`o${offset}`).toString('base64url');

/** The limit asked for, refusing what Ajv's coercion lets through ("1e309" is Infinity). */
export function pageLimit(limit: number | undefined, defaultLimit = 100): number {
  if (limit !== undefined && !Number.isSafeInteger(limit))
    throw new BadParameter('limit', `limit "${String(limit)}" is not an integer from 1 to ${MAX_LIMIT}`);
  return limit ?? defaultLimit;
}

/** One page of a list computed whole. */
export function page<T>(
  all: readonly T[],
  q: { limit?: number; cursor?: string },
  defaultLimit = 100,
): { total: number; items: T[]; nextCursor: string | null } {
  const limit = pageLimit(q.limit, defaultLimit);
  const offset = decodeCursor(q.cursor);
  return {
    total: all.length,
    items: all.slice(offset, offset + limit),
    nextCursor: offset + limit < all.length ? encodeCursor(offset + limit) : null,
  };
}

/** The URL of the next page: the request's own with its cursor replaced. */
export function nextUrl(base: string, url: string, cursor: string): string {
  const u = new URL(url, base);
  u.searchParams.set('cursor', cursor);
  return `${u.origin}${u.pathname}${u.search}`;
}

/** The `Link` header of a page answered outside the response cache (a personal list). */
export function linkNext(
  req: { url: string },
  reply: { header(name: string, value: string): unknown },
  base: string,
  next: string | null,
): void {
  if (next !== null) reply.header('link', `<${nextUrl(base, req.url, next)}>; rel="next"`);
}

/** A list answered outside the response cache (a personal one), by pages, its Link header set. */
export function pageOf<T>(
  req: { url: string; query: unknown },
  reply: { header(name: string, value: string): unknown },
  all: readonly T[],
): { total: number; items: T[]; nextCursor: string | null } {
  const p = page(all, req.query as { limit?: number; cursor?: string });
  linkNext(req, reply, origin(req as Parameters<typeof origin>[0]), p.nextCursor);
  return p;
}
