/** GET /api/v1/search and /{lang}/search; `searchFeature` (feature.ts) hands both to the composition root. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ResponseCache } from '../http/cache.js';
import { BadParameter, NotFound } from '../http/errors.js';
import type { RegistryService } from '../registry/service.js';
import { pageErrorHandler } from '../web/errors.js';
import { isLang } from '../web/i18n.js';
import { HTML, pageContext, renderPage } from '../web/render.js';
import { SearchPage } from './pages.js';
import { searchRoute } from './schema.js';
import { FACETS, SEARCH_LANGS, SearchService, type SearchParams } from './service.js';

/**
 * Both answer from the response cache: a search depends only on its URL and the data version (the index is
 * rebuilt on the first search after the version changes, and only published records are indexed).
 */
export const searchApi =
  (service: SearchService, cache: ResponseCache): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/v1/search',
      {
        schema: {
          ...searchRoute,
          tags: ['search'],
          summary:
            'One search over mechanisms, countries, organizations, meetings and sources: ranked, with snippets, facets and paging',
        },
      },
      async (req, reply) => {
        reply.header('cache-control', 'public, max-age=60');
        return cache.send(req, reply, () => service.search(req.query));
      },
    );
  };

type Query = Record<string, string | string[] | undefined>;
const one = (q: Query, k: string): string | undefined => {
  const v = q[k];
  if (Array.isArray(v)) throw new BadParameter(k, `${k} is given ${v.length} times; give it once`);
  return v === undefined || v === '' ? undefined : v;
};
const integer = (name: string, v: string | undefined, min: number, max: number): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d{1,6}$/.test(v) || n < min || n > max)
    throw new BadParameter(name, `${name} "${v}" is not a whole number from ${min} to ${max}`);
  return n;
};

export const searchPages =
  (service: SearchService, registry: RegistryService, cache: ResponseCache): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.setErrorHandler(pageErrorHandler);
    app.get('/:lang/search', { schema: { hide: true } }, async (req, reply) => {
      const lang = (req.params as { lang?: string }).lang;
      if (!isLang(lang)) throw new NotFound('page', req.url);
      const q = req.query as Query;
      const params = {
        q: one(q, 'q'),
        type: one(q, 'type'),
        mechanism: one(q, 'mechanism'),
        year: one(q, 'year'),
        lang: one(q, 'lang'),
        kind: one(q, 'kind'),
      };
      for (const k of Object.keys(q))
        if (!['q', 'page', ...FACETS].includes(k)) throw new BadParameter(k, `"${k}" is not a search parameter`);
      if (params.q !== undefined && params.q.length > 200)
        throw new BadParameter('q', `q is ${params.q.length} characters long; at most 200`);
      if (params.lang !== undefined && !(SEARCH_LANGS as readonly string[]).includes(params.lang))
        throw new BadParameter('lang', `lang "${params.lang}" is not one of ${SEARCH_LANGS.join(', ')}`);
      const query: SearchParams | null = params.q
        ? {
            q: params.q,
            type: params.type,
            mechanism: params.mechanism,
            year: integer('year', params.year, 1900, 2100),
            lang: params.lang,
            kind: params.kind,
            page: integer('page', one(q, 'page'), 1, 100000),
            display: lang,
          }
        : null;
      reply.header('cache-control', 'public, max-age=60');
      return cache.sendText(req, reply, HTML, async () => {
        const [result, names] = await Promise.all([
          query ? service.search(query) : Promise.resolve(null),
          registry.mechanismNames(),
        ]);
        return renderPage(
          <SearchPage
            ctx={pageContext(req, lang)}
            params={params}
            types={service.types}
            result={result}
            mechanismNames={names}
          />,
        );
      });
    });
  };
