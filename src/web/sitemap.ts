/**
 * `/sitemap.xml` and `/robots.txt`, served by the root from what every feature contributes (`Feature.sitemap`):
 * each path is listed in all six languages, each with hreflang alternates to all six and x-default (English).
 */
import type { FastifyPluginAsync } from 'fastify';
import { LANG_TAGS, LANGS } from './i18n.js';
import { href } from './layout.js';
import { origin } from './render.js';

/** One page of the site, without its language prefix (`/meetings/m1`); `lastmod` a YYYY-MM-DD day when known. */
export interface SitemapEntry {
  path: string;
  lastmod?: string;
}

/**
 * The `lastmod` of a page from the change times of what it shows (ISO timestamps or dates): the latest one's day,
 * undefined when none is given (a page whose last change is not known gets no lastmod).
 */
export function lastmodOf(...times: readonly (string | null | undefined)[]): string | undefined {
  let last: string | undefined;
  for (const t of times) if (t && /^\d{4}-\d{2}-\d{2}/.test(t) && (last === undefined || t > last)) last = t;
  return last?.slice(0, 10);
}

/** A sitemap entry, with its lastmod when one is known (`exactOptionalPropertyTypes`: never `lastmod: undefined`). */
export const withLastmod = (path: string, lastmod: string | undefined): SitemapEntry =>
  lastmod === undefined ? { path } : { path, lastmod };

export type SitemapContributor = () => Promise<readonly SitemapEntry[]>;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** The XML of a sitemap listing `entries` (duplicate paths listed once, the first one kept) under `base`. */
export function sitemapXml(base: string, entries: readonly SitemapEntry[]): string {
  const seen = new Set<string>();
  const urls: string[] = [];
  for (const e of entries) {
    if (seen.has(e.path)) continue;
    seen.add(e.path);
    const alternates =
      LANGS.map(
        (a) => `<xhtml:link rel="alternate" hreflang="${LANG_TAGS[a]}" href="${esc(base + href(a, e.path))}"/>`,
      ).join('') + `<xhtml:link rel="alternate" hreflang="x-default" href="${esc(base + href('en', e.path))}"/>`;
    const lastmod = e.lastmod ? `<lastmod>${esc(e.lastmod)}</lastmod>` : '';
    for (const l of LANGS) urls.push(`<url><loc>${esc(base + href(l, e.path))}</loc>${lastmod}${alternates}</url>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${urls.join('\n')}\n</urlset>\n`;
}

/** The sitemap and robots.txt routes; `contributors` are read per request (in feature order). */
export function sitemapRoutes(contributors: () => readonly SitemapContributor[]): FastifyPluginAsync {
  return async (app) => {
    app.get('/sitemap.xml', { schema: { hide: true } }, async (req, reply) => {
      const parts = await Promise.all(contributors().map((c) => c()));
      return reply
        .type('application/xml; charset=utf-8')
        .header('cache-control', 'public, max-age=3600')
        .send(sitemapXml(origin(req), parts.flat()));
    });

    app.get('/robots.txt', { schema: { hide: true } }, async (req, reply) =>
      reply.type('text/plain; charset=utf-8').send(`User-agent: *\nAllow: /\nSitemap: ${origin(req)}/sitemap.xml\n`),
    );
  };
}
