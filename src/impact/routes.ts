/** Achievements API v1: validate, call the service, return what it gives. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ResponseCache } from '../http/cache.js';
import { page } from '../http/paging.js';
import { achievementRoutes } from './schema.js';
import type { ImpactService } from './service.js';

export const impactApi =
  (impact: ImpactService, cache: ResponseCache): FastifyPluginAsyncTypebox =>
  async (app) => {
    const tags = ['impact'];
    app.get(
      '/api/v1/achievements',
      {
        schema: {
          ...achievementRoutes.list,
          tags,
          summary: 'Achievements of the mechanisms (GRCP 8 lenses), filtered, with facet counts',
        },
      },
      async (req, reply) =>
        cache.send(req, reply, async () => {
          const { limit, cursor, ...filter } = req.query;
          const r = await impact.list(filter);
          return {
            asOf: r.asOf,
            undatedLeftOut: r.undatedLeftOut,
            facets: r.facets,
            ...page(r.items, { limit, cursor }, 50),
          };
        }),
    );
    app.get(
      '/api/v1/achievements/:id',
      {
        schema: {
          ...achievementRoutes.get,
          tags,
          summary: 'One achievement: its mechanism, type, level, year, lens, evidence, countries and sources',
        },
      },
      async (req, reply) => cache.send(req, reply, () => impact.get(req.params.id)),
    );
  };
