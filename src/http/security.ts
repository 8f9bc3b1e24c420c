/** Security headers (helmet: CSP without inline script, frame denial, no-sniff; HSTS only over TLS), cookies, forms, CSRF. */
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ForeignFormPage } from '../web/errors.js';
import { pageContext, requestLang, sendPage } from '../web/render.js';
import type { TrustProxy } from '../config.js';
import { origin, servedOverTls } from './origin.js';

export { sessionSecret } from './secret.js';

export async function security(app: FastifyInstance, secret: string): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null, // added below, and only over TLS: over plain HTTP it breaks every link
      },
    },
    frameguard: { action: 'deny' },
    // Not "no-referrer": with it, browsers send `Origin: null` on our own form posts (sameOriginForms).
    referrerPolicy: { policy: 'same-origin' },
    hsts: false, // sent below, and only over TLS
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onSend', async (req, reply) => {
    if (req.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    const csp = reply.getHeader('content-security-policy');
    if (servedOverTls(req) && typeof csp === 'string')
      reply.header('content-security-policy', `${csp};upgrade-insecure-requests`);
  });
  await app.register(cookie, { secret });
  await app.register(formbody);
  await app.register(csrf, { sessionPlugin: '@fastify/cookie', cookieOpts: csrfCookieOptions });
}

/** The `_csrf` cookie: Secure when the request came over TLS (req.protocol, which honours a trusted proxy). */
export const csrfCookieOptions = { signed: true, httpOnly: true, sameSite: 'lax', secure: 'auto', path: '/' } as const;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Where a form post says it comes from: the origin of its `Origin` header, else of its `Referer`;
 * null when it sends neither (old browsers); "null" or an unreadable value stays as it is, and is no
 * site's origin.
 */
export function formSender(req: FastifyRequest): string | null {
  const value = req.headers.origin ?? req.headers.referer;
  if (value === undefined || value === '') return null;
  try {
    return new URL(value).origin;
  } catch {
    return value;
  }
}

/** The site's own origin: PUBLIC_URL's when it is set, else the request's scheme and Host. */
export const siteOrigin = (req: FastifyRequest): string => new URL(origin(req)).origin;

/**
 * Every form post (an unsafe method outside /api/, whose writes take a Bearer token instead) whose
 * Origin — or Referer, when Origin is absent — is another site's is refused with 403 before its body
 * is read, so nothing changes. Register it after `origins()`, which sets the request's origin. Without either header it goes on, and its CSRF token is still checked.
 */
export function sameOriginForms(app: FastifyInstance): void {
  app.addHook('onRequest', async (req, reply) => {
    if (SAFE_METHODS.has(req.method) || req.url.startsWith('/api/')) return;
    const from = formSender(req);
    if (from === null || from === siteOrigin(req)) return;
    req.log.warn({ from, site: siteOrigin(req) }, 'form post from another origin refused');
    return sendPage(reply, ForeignFormPage({ ctx: pageContext(req, requestLang(req)), from }), 403);
  });
}

/**
 * TRUST_PROXY as Fastify's `trustProxy`. Fastify 5 ignores a bare hop count (it trusts nothing), so
 * n hops become a function trusting the n nearest addresses: the client address seen is then the
 * rightmost one the proxies did not add, whatever a client writes at the left of X-Forwarded-For.
 */
export function fastifyTrustProxy(tp: TrustProxy): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof tp === 'number') return (_address, hop) => hop < tp;
  return tp;
}
