/** Impact pages under /{lang}/: the achievements with facets and charts, and one achievement. */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ResponseCache } from '../../http/cache.js';
import { BadParameter } from '../../http/errors.js';
import { countryNames } from '../../registry/countries.js';
import type { RegistryService } from '../../registry/service.js';
import { pageErrorHandler } from '../../web/errors.js';
import type { Lang } from '../../web/i18n.js';
import { pageContext, registerPage, renderPage } from '../../web/render.js';
import { REGIONS, type ImpactService, type StructuresService } from '../service.js';
import { StructuresPage } from './structures.js';
import type { PartnershipsService } from '../partnerships.js';
import { PartnershipsPage } from './partnerships.js';
import { AchievementPage, AchievementsPage, PAGE_SIZE, type AchievementsQuery } from './pages.js';

type Query = Record<string, string | undefined>;
const one = (q: Query, k: string) => (q[k] === undefined || q[k] === '' ? undefined : String(q[k]));

export const impactPages =
  (
    impact: ImpactService,
    structures: StructuresService,
    partnerships: PartnershipsService,
    registry: RegistryService,
    cache: ResponseCache,
  ): FastifyPluginAsync =>
  async (app) => {
    app.setErrorHandler(pageErrorHandler);
    const page = (path: string, build: (req: FastifyRequest, lang: Lang) => Promise<string>) =>
      registerPage(app, cache, path, build);

    page('/achievements', async (req, lang) => {
      const q = req.query as Query;
      const query: AchievementsQuery = {
        lens: one(q, 'lens'),
        type: one(q, 'type'),
        level: one(q, 'level'),
        region: one(q, 'region'),
        mechanism: one(q, 'mechanism'),
        year: one(q, 'year'),
        country: one(q, 'country'),
      };
      if (query.year !== undefined && !/^\d{4}$/.test(query.year))
        throw new BadParameter('year', `year "${query.year}" is not a year (YYYY)`);
      const pageNo = one(q, 'page') ?? '1';
      if (!/^[1-9]\d{0,5}$/.test(pageNo))
        throw new BadParameter('page', `page "${pageNo}" is not a page number (1, 2, 3…)`);
      const n = Number(pageNo);
      const r = await impact.list({
        ...query,
        year: query.year === undefined ? undefined : Number(query.year),
      });
      return renderPage(
        <AchievementsPage
          ctx={pageContext(req, lang)}
          query={query}
          page={n}
          r={{ ...r, items: r.items.slice((n - 1) * PAGE_SIZE, n * PAGE_SIZE) }}
          labels={{ mechanism: await registry.mechanismNames(), country: countryNames(lang), region: REGIONS }}
        />,
      );
    });

    page('/structures', async (req, lang) =>
      renderPage(
        <StructuresPage
          ctx={pageContext(req, lang)}
          c={await structures.compare(new Date().toISOString().slice(0, 10))}
        />,
      ),
    );

    page('/partnerships', async (req, lang) => {
      const items = await partnerships.all();
      const sources = await registry.sources([...new Set(items.flatMap((p) => p.sources))]);
      return renderPage(<PartnershipsPage ctx={pageContext(req, lang)} items={items} sources={sources} />);
    });

    page('/achievements/:id', async (req, lang) => {
      const a = await impact.get((req.params as { id: string }).id);
      const order = new Map(a.sources.map((s, i) => [s, i]));
      const sources = (await registry.sources(a.sources)).sort(
        (x, y) => (order.get(x.id) ?? 1e6) - (order.get(y.id) ?? 1e6),
      );
      return renderPage(
        <AchievementPage ctx={pageContext(req, lang)} a={a} sources={sources} countryNames={countryNames(lang)} />,
      );
    });
  };
