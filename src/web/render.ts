/** Render a page to HTML and send it with the headers every page shares. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';
import { isLang, negotiate, translator, type Lang } from './i18n.js';
import type { PageContext } from './layout.js';

export function renderPage(page: VNode): string {
  return `<!doctype html>${render(page)}`;
}

export const HTML = 'text/html; charset=utf-8';

export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return reply.code(status).type(HTML).header('cache-control', 'no-store').send(renderPage(page));
}

export function origin(req: FastifyRequest): string {
  return process.env.PUBLIC_URL?.replace(/\/$/, '') ?? `${req.protocol}://${req.host}`;
}

/** The page context for a request under /{lang}/…; the language comes from the path. */
export function pageContext(req: FastifyRequest, lang: Lang): PageContext {
  const [path = '/', query] = req.url.split('?');
  const prefixed = path === `/${lang}` || path.startsWith(`/${lang}/`);
  const rest = (prefixed ? path.slice(lang.length + 1) : path) || '/';
  return { lang, t: translator(lang), path: rest, query: query ? `?${query}` : '', origin: origin(req) };
}

/** The language of a request that may not be under a language prefix (404s). */
export function requestLang(req: FastifyRequest): Lang {
  const first = req.url.split('/')[1];
  return isLang(first) ? first : negotiate(req.headers['accept-language']);
}
