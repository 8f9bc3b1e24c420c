/** Achievements API v1: validate, call the service, return what it gives. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ResponseCache } from '../http/cache.js';
import { BadParameter } from '../http/errors.js';
import { achievementRoutes } from './schema.js';
import type { ImpactService } from './service.js';

/** Cursors as the mechanisms list gives them out: an offset, base64url-encoded. */
function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const m = /^o(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new BadParameter('cursor', `cursor "${cursor}" is not one this API gave out`);
  return Number(m[1]);
}
const encodeCursor = (offset: number) => Buffer.from(`o${offset}`).toString('base64url');

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
          const q = req.query;
          if (q.limit !== undefined && !Number.isSafeInteger(q.limit))
            throw new BadParameter('limit', `limit "${String(q.limit)}" is not an integer from 1 to 500`);
          const limit = q.limit ?? 50;
          const r = await impact.list({ ...q, limit, offset: decodeCursor(q.cursor) });
          return {
            asOf: r.asOf,
            undatedLeftOut: r.undatedLeftOut,
            total: r.total,
            facets: r.facets,
            items: r.items,
            nextCursor: r.offset + limit < r.total ? encodeCursor(r.offset + limit) : null,
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
