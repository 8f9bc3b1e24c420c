/** Render a page to HTML and send it with the headers every page shares. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ResponseCache } from '../http/cache.js';
import { NotFound } from '../http/errors.js';
import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';
import { isLang, negotiate, translator, type Lang } from './i18n.js';
import type { PageContext } from './layout.js';
import { origin } from '../http/origin.js';
import type { DatedKey } from '../http/dated.js';
import { formatDate } from './format.js';

export const HTML = 'text/html; charset=utf-8';

export function renderPage(page: VNode): string {
  return `<!doctype html>${render(page)}`;
}

export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return reply.code(status).type(HTML).header('cache-control', 'no-store').send(renderPage(page));
}

export { origin } from '../http/origin.js';

/** The page context for a request under /{lang}/…; the language comes from the path. */
export function pageContext(req: FastifyRequest, lang: Lang): PageContext {
  const [path = '/', query] = req.url.split('?');
  const prefixed = path === `/${lang}` || path.startsWith(`/${lang}/`);
  const rest = (prefixed ? path.slice(lang.length + 1) : path) || '/';
  const q = query ? `?${query}` : '';
  return {
    lang,
    t: translator(lang),
    path: rest,
    query: q,
    origin: origin(req),
    nav: req.server.siteNav ?? [],
    alternates: [],
  };
}

/** The language of a request that may not be under a language prefix (404s). */
export function requestLang(req: FastifyRequest): Lang {
  const first = req.url.split('/')[1];
  return isLang(first) ? first : negotiate(req.headers['accept-language']);
}

/**
 * A public page at /{lang}{path}: the language checked, the HTML cached per URL and data version. `dated`, for a
 * page that takes `asOf`: the key of the requested date's interval (null when no date was asked for), so that
 * every date of an interval is written from one template (http/dated.ts) instead of rendered.
 */
export function registerPage(
  app: FastifyInstance,
  cache: ResponseCache,
  path: string,
  build: (req: FastifyRequest, lang: Lang) => Promise<string>,
  dated?: (req: FastifyRequest, lang: Lang) => Promise<DatedKey | null>,
): void {
  app.get(`/:lang${path}`, { schema: { hide: true } }, async (req, reply) => {
    const lang = (req.params as { lang?: string }).lang;
    if (!isLang(lang)) throw new NotFound('page', req.url);
    reply.header('cache-control', 'public, max-age=300');
    if (dated) return cache.sendTextDated(req, reply, HTML, await dated(req, lang), () => build(req, lang));
    return cache.sendText(req, reply, HTML, () => build(req, lang));
  });
}

/** The forms in which a page writes a date: its long form in the page language and its ISO form. */
export const pageDateForms =
  (lang: Lang) =>
  (date: string): readonly string[] => [formatDate(date, lang), date];
