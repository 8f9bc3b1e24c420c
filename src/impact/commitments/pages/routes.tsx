/** Commitments pages under /{lang}/: the frameworks and commitments, a cycle's dashboard, one commitment. */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ResponseCache } from '../../../http/cache.js';
import { BadParameter } from '../../../http/errors.js';
import { countryNames } from '../../../registry/countries.js';
import type { RegistryService } from '../../../registry/service.js';
import { pageErrorHandler } from '../../../web/errors.js';
import type { Lang } from '../../../web/i18n.js';
import { pageContext, registerPage, renderPage } from '../../../web/render.js';
import { STATUSES, type Status } from '../model.js';
import type { CommitmentsService } from '../service.js';
import { CommitmentPage, CommitmentsPage, CyclePage, type CommitmentsQuery } from './pages.js';

type Query = Record<string, string | undefined>;
const one = (q: Query, k: string) => (q[k] === undefined || q[k] === '' ? undefined : String(q[k]));

export const commitmentsPages =
  (service: CommitmentsService, registry: RegistryService, cache: ResponseCache): FastifyPluginAsync =>
  async (app) => {
    app.setErrorHandler(pageErrorHandler);
    const page = (path: string, build: (req: FastifyRequest, lang: Lang) => Promise<string>) =>
      registerPage(app, cache, path, build);
    const labels = async (lang: Lang) => ({ mechanism: await registry.mechanismNames(), country: countryNames(lang) });

    page('/commitments', async (req, lang) => {
      const q = req.query as Query;
      const query: CommitmentsQuery = {
        framework: one(q, 'framework'),
        mechanism: one(q, 'mechanism'),
        country: one(q, 'country'),
        status: one(q, 'status'),
        asOf: one(q, 'asOf'),
      };
      if (query.status !== undefined && ![...STATUSES, 'none'].includes(query.status))
        throw new BadParameter('status', `status "${query.status}" is not one of ${[...STATUSES, 'none'].join(', ')}`);
      if (query.country !== undefined && !/^[A-Z]{3}$/.test(query.country))
        throw new BadParameter('country', `country "${query.country}" is not an ISO 3166-1 alpha-3 code`);
      const all = await service.list({});
      const r = await service.list({ ...query, status: query.status as Status | 'none' | undefined });
      const frameworks = await service.frameworks();
      const shown = frameworks.filter((f) => !query.framework || f.id === query.framework);
      return renderPage(
        <CommitmentsPage
          ctx={pageContext(req, lang)}
          query={query}
          asOf={r.asOf}
          frameworks={await Promise.all(shown.map((f) => service.framework(f.id, r.asOf)))}
          items={r.items}
          cycles={await service.cycles()}
          labels={await labels(lang)}
          options={{
            frameworks,
            mechanisms: [...new Set(all.items.flatMap((c) => c.mechanisms))].sort(),
            countries: [...countryNames(lang).keys()].sort(),
          }}
        />,
      );
    });

    page('/commitments/cycles/:id', async (req, lang) => {
      const id = (req.params as { id: string }).id;
      const asOf = one(req.query as Query, 'asOf');
      return renderPage(
        <CyclePage ctx={pageContext(req, lang)} c={await service.cycle(id, asOf)} labels={await labels(lang)} />,
      );
    });

    page('/commitments/:id', async (req, lang) => {
      const id = (req.params as { id: string }).id;
      const asOf = one(req.query as Query, 'asOf');
      return renderPage(
        <CommitmentPage ctx={pageContext(req, lang)} c={await service.get(id, asOf)} labels={await labels(lang)} />,
      );
    });
  };
