/** Achievements API v1: validate, call the service, return what it gives. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ResponseCache } from '../http/cache.js';
import { page } from '../http/paging.js';
import { NotFound } from '../http/errors.js';
import type { PartnershipsService } from './partnerships.js';
import { achievementRoutes, partnershipRoutes, structureRoutes } from './schema.js';
import type { ImpactService, StructuresService } from './service.js';

export const impactApi =
  (
    impact: ImpactService,
    structures: StructuresService,
    partnerships: PartnershipsService,
    cache: ResponseCache,
  ): FastifyPluginAsyncTypebox =>
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
    app.get(
      '/api/v1/partnerships',
      {
        schema: {
          ...partnershipRoutes.list,
          tags,
          summary:
            "Partnerships: organizations' roles in mechanisms and links between mechanisms, with their years and sources",
        },
      },
      async (req, reply) =>
        cache.send(req, reply, async () => {
          const { limit, cursor, ...filter } = req.query;
          return page((await partnerships.list(filter)).items, { limit, cursor }, 50);
        }),
    );
    app.get(
      '/api/v1/structures',
      {
        schema: {
          ...structureRoutes.list,
          tags,
          summary: 'How each mechanism is built: secretariat, funding, chair, written rules, work plans, meetings',
        },
      },
      async (req, reply) => cache.send(req, reply, async () => page(await structures.list(), req.query, 50)),
    );
    app.get(
      '/api/v1/structures/:mechanism',
      {
        schema: {
          ...structureRoutes.get,
          tags,
          summary: "One mechanism's structure, field by field, each with its sources (null: not known)",
        },
      },
      async (req, reply) =>
        cache.send(req, reply, async () => {
          const s = await structures.view(req.params.mechanism);
          if (!s) throw new NotFound('structure', req.params.mechanism);
          return s;
        }),
    );
  };
