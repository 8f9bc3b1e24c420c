/**
 * The API as a good citizen of the web, for every route of every feature (one hook, no feature named):
 * - CORS: public GET routes (under /api/, /calendar/, /feeds/, /data/, and the sitemap) answer any origin with
 *   `Access-Control-Allow-Origin: *` and `Cross-Origin-Resource-Policy: cross-origin`; a preflight OPTIONS is
 *   answered for them. Write routes and routes that need credentials (an OpenAPI `security`) never get CORS,
 *   and no answer allows credentials (`Access-Control-Allow-Credentials` is never sent).
 * - Cache-Control: one policy for every answer (publicCache below; `private, no-store` for what is personal, and for
 *   any request that carries a session cookie or an `Authorization` header, whatever the route: a shared cache
 *   never keeps an answer given to someone signed in). Public answers say `Vary: Cookie, Authorization`.
 * - 405 with `Allow` when a path exists but not for the method; OPTIONS answers 204 with `Allow`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { sendProblem } from './problem.js';

/**
 * Public GET answers (API, pages, feeds, sitemap): caches keep them `maxAge` seconds (PUBLIC_MAX_AGE, default 30)
 * and may serve them as long again while they revalidate (ETag), so a publish shows everywhere within 2 × maxAge
 * (a minute; plus the data version's second between server processes); `stale-if-error` keeps the site readable
 * for 10 minutes if the app is down. A reverse proxy follows `s-maxage` (deploy/nginx/iscm-hub.conf).
 * 30 s: short enough that an editor sees a publish within a minute without a purge, long enough that a page
 * read a few times a second is computed once per 30 s per cache.
 */
export const publicCache = (maxAge = 30): string =>
  `public, max-age=${maxAge}, s-maxage=${maxAge}, stale-while-revalidate=${maxAge}, stale-if-error=600`;
export const PUBLIC_CACHE = publicCache(30);
/** What a public answer varies on besides its URL: whether the request is someone's (a cookie, a token). */
export const PUBLIC_VARY = 'Cookie, Authorization';
/** Answers for one person (signed in, a token, a cookie set) or to a write: never kept by any cache. */
export const PRIVATE_CACHE = 'private, no-store';
/** What a long-lived asset keeps (content-addressed or dated files): left as its route sets it. */
const LONG_LIVED = 86_400;

/** Response headers a browser script on another origin may read. */
const EXPOSED = 'ETag, Last-Modified, Link, Location, Retry-After, X-Request-Id, Content-Disposition';
/** Request headers a preflight allows (no Authorization: credentialed routes are same-origin only). */
const ALLOWED_HEADERS = 'Accept, Accept-Language, If-None-Match, If-Modified-Since, Cache-Control';

interface RouteEntry {
  pattern: string;
  re: RegExp;
  method: string;
  /** Needs credentials (the route's schema declares `security`). */
  credentialed: boolean;
}

const PUBLIC_PREFIXES = ['/api/', '/calendar/', '/feeds/', '/data/'];
const PUBLIC_PATHS = new Set(['/sitemap.xml']);

function isPublicPath(path: string): boolean {
  return PUBLIC_PATHS.has(path) || PUBLIC_PREFIXES.some((p) => path.startsWith(p));
}

/** A Fastify route pattern (`/api/v1/mechanisms/:id`, `/assets/site.:hash`, `/x/*`) as a regular expression. */
export function patternRegExp(pattern: string): RegExp {
  const source = pattern
    .split(/(:[A-Za-z0-9_]+|\*)/)
    .map((part) => {
      if (part === '*') return '.*';
      if (part.startsWith(':')) return '[^/]+';
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}/?$`);
}

/** The path as sent (still percent-encoded: an encoded "/" inside an id is not a separator). */
const pathOf = (url: string): string => url.split('?')[0] ?? '/';

export class RouteTable {
  private readonly entries: RouteEntry[] = [];
  private readonly byKey = new Map<string, RouteEntry>();

  add(route: RouteOptions): void {
    const methods = [route.method].flat().map((m) => m.toUpperCase());
    const credentialed = Boolean((route.schema as { security?: unknown[] } | undefined)?.security?.length);
    for (const method of methods) {
      const key = `${method} ${route.url}`;
      if (this.byKey.has(key)) continue;
      const entry = { pattern: route.url, re: patternRegExp(route.url), method, credentialed };
      this.entries.push(entry);
      this.byKey.set(key, entry);
    }
  }

  /** The methods a concrete path answers (HEAD wherever GET, OPTIONS wherever anything), in a stable order. */
  allowed(url: string): string[] {
    const path = pathOf(url);
    const found = new Set(this.entries.filter((e) => e.re.test(path)).map((e) => e.method));
    if (found.size === 0) return [];
    if (found.has('GET')) found.add('HEAD');
    found.add('OPTIONS');
    const order = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
    return [...found].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  }

  /** Whether a concrete path has a public GET route (one that needs no credentials) in a public place. */
  publicGet(url: string): boolean {
    const path = pathOf(url);
    return isPublicPath(path) && this.entries.some((e) => e.method === 'GET' && !e.credentialed && e.re.test(path));
  }

  /** The route a request matched, by its pattern. */
  route(method: string, pattern: string | undefined): RouteEntry | undefined {
    return pattern === undefined ? undefined : this.byKey.get(`${method === 'HEAD' ? 'GET' : method} ${pattern}`);
  }
}

function corsHeaders(reply: FastifyReply): void {
  reply
    .header('access-control-allow-origin', '*')
    .header('access-control-expose-headers', EXPOSED)
    .header('cross-origin-resource-policy', 'cross-origin');
}

const maxAge = (value: string): number | null => {
  const m = /(?:^|[,\s])max-age=(\d+)/.exec(value);
  return m ? Number(m[1]) : null;
};

/** The request is someone's: it carries an `Authorization` header or one of the personal cookies (a session). */
export function personal(req: FastifyRequest, cookies: readonly string[]): boolean {
  if (req.headers.authorization !== undefined) return true;
  const sent = (req as { cookies?: Record<string, string | undefined> }).cookies;
  return sent !== undefined && cookies.some((c) => sent[c] !== undefined);
}

/** The Cache-Control an answer leaves with, from what its route set and who asked. */
export function cachePolicy(
  req: FastifyRequest,
  reply: FastifyReply,
  credentialed: boolean,
  opts: { personalCookies?: readonly string[]; publicCache?: string } = {},
): string {
  const set = reply.getHeader('cache-control');
  const current = typeof set === 'string' ? set : '';
  const method = req.method;
  const status = reply.statusCode;
  if (method !== 'GET' && method !== 'HEAD') return PRIVATE_CACHE;
  if (credentialed || reply.hasHeader('set-cookie') || /no-store|private/.test(current)) return PRIVATE_CACHE;
  if (personal(req, opts.personalCookies ?? [])) return PRIVATE_CACHE;
  if (status >= 400) return 'no-store';
  // A redirect chosen from the request's headers (the reader's language) is not everybody's.
  if (status >= 300 && status !== 301 && status !== 308 && status !== 304) return 'no-store';
  if (/immutable/.test(current) || (maxAge(current) ?? 0) >= LONG_LIVED) return current;
  return opts.publicCache ?? PUBLIC_CACHE;
}

/**
 * Install the hook (before any route is registered, so the route table sees them all). Returns the handler
 * the not-found handler calls first: it answers OPTIONS and wrong methods, and returns null for a true 404.
 */
export function goodCitizen(
  app: FastifyInstance,
  opts: { personalCookies?: readonly string[]; publicMaxAge?: number } = {},
): (req: FastifyRequest, reply: FastifyReply) => FastifyReply | null {
  const table = new RouteTable();
  const policy = { personalCookies: opts.personalCookies ?? [], publicCache: publicCache(opts.publicMaxAge ?? 30) };
  app.addHook('onRoute', (route) => table.add(route));

  app.addHook('onSend', async (req, reply) => {
    if (req.method === 'OPTIONS') return;
    const route = table.route(req.method, req.routeOptions.url);
    const credentialed = route?.credentialed ?? false;
    const cacheControl = cachePolicy(req, reply, credentialed, policy);
    reply.header('cache-control', cacheControl);
    if (cacheControl === policy.publicCache) {
      const vary = reply.getHeader('vary');
      reply.header('vary', typeof vary === 'string' && vary ? `${vary}, ${PUBLIC_VARY}` : PUBLIC_VARY);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return;
    const publicRoute = route ? !credentialed && isPublicPath(pathOf(req.url)) : pathOf(req.url).startsWith('/api/');
    if (publicRoute) corsHeaders(reply);
  });

  return (req, reply) => {
    const allowed = table.allowed(req.url);
    if (allowed.length === 0) return null;
    if (req.method === 'OPTIONS') {
      reply.header('allow', allowed.join(', ')).header('cache-control', 'public, max-age=86400');
      if (table.publicGet(req.url) && typeof req.headers.origin === 'string') {
        corsHeaders(reply);
        reply
          .header('access-control-allow-methods', 'GET, HEAD, OPTIONS')
          .header('access-control-allow-headers', ALLOWED_HEADERS)
          .header('access-control-max-age', '86400');
      }
      return reply.code(204).send();
    }
    if (allowed.includes(req.method)) return null; // the route is there and itself said 404
    reply.header('allow', allowed.join(', '));
    return sendProblem(
      reply,
      req,
      405,
      `${req.method} is not allowed on ${pathOf(req.url)}; it answers ${allowed.join(', ')}`,
      undefined,
      'method_not_allowed',
    );
  };
}
