/** JSON API v1 for the registry: validate, call the service, return what it gives. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ResponseCache } from '../http/cache.js';
import { isFullDate, today } from './model.js';
import { routes } from './schema.js';
import { BadParameter } from '../http/errors.js';
import { withoutDate } from '../http/dated.js';
import { page, pageLimit } from '../http/paging.js';
import { RegistryService } from './service.js';

function asOfParam(value: string | undefined, name = 'asOf'): string {
  if (value === undefined) return today();
  if (!isFullDate(value)) throw new BadParameter(name, `${name} "${value}" is not a calendar date (YYYY-MM-DD)`);
  return value;
}

function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const m = /^o(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new BadParameter('cursor', `cursor "${cursor}" is not one this API gave out`);
  return Number(m[1]);
}
const encodeCursor = (offset: number) => Buffer.from(`o${offset}`).toString('base64url');

export const registryRoutes =
  (service: RegistryService, cache: ResponseCache): FastifyPluginAsyncTypebox =>
  async (app) => {
    const tags = ['registry'];

    app.get(
      '/api/v1/mechanisms',
      { schema: { ...routes.listMechanisms, tags, summary: 'Mechanisms, filtered as of a date' } },
      async (req, reply) =>
        cache.send(req, reply, async () => {
          const q = req.query;
          // Ajv's coercion turns "1e309" into Infinity, which passes its integer check: refuse it here.
          if (q.limit !== undefined && !Number.isSafeInteger(q.limit))
            throw new BadParameter('limit', `limit "${String(q.limit)}" is not an integer from 1 to 500`);
          const limit = q.limit ?? 50;
          const result = await service.listMechanisms({
            ...q,
            asOf: asOfParam(q.asOf),
            limit,
            offset: decodeCursor(q.cursor),
          });
          const next = result.offset + limit < result.total ? encodeCursor(result.offset + limit) : null;
          return {
            asOf: result.asOf,
            include: result.include,
            notYetEstablished: result.notYetEstablished,
            total: result.total,
            items: result.items,
            nextCursor: next,
          };
        }),
    );

    app.get(
      '/api/v1/mechanisms/:id',
      {
        schema: {
          ...routes.getMechanism,
          tags,
          summary: 'One mechanism with its participation as of a date; aliases answer 301',
        },
      },
      async (req, reply) => {
        const asOf = asOfParam(req.query.asOf);
        // A date asked for: every date between two of the mechanism's change dates shares one template.
        const dated =
          req.query.asOf === undefined
            ? null
            : {
                asOf,
                key: `mechanism ${withoutDate(req.url, asOf)} ${await service.mechanismDateKey(req.params.id, asOf)}`,
                forms: (d: string) => [d],
              };
        return cache.sendDated(req, reply, dated, () => service.mechanism(req.params.id, asOf));
      },
    );

    app.get(
      '/api/v1/countries',
      {
        schema: {
          ...routes.listCountries,
          tags,
          summary: 'Countries and territories, with how many active mechanisms each takes part in',
        },
      },
      async (req, reply) =>
        cache.send(req, reply, async () => {
          const r = await service.listCountries(asOfParam(req.query.asOf));
          return { asOf: r.asOf, ...page(r.items, req.query, 300) };
        }),
    );

    app.get(
      '/api/v1/countries/:iso3',
      { schema: { ...routes.getCountry, tags, summary: 'A country or territory and every participation it has' } },
      async (req, reply) =>
        cache.send(req, reply, () => {
          const code = req.params.iso3;
          if (!/^[A-Z]{3}$/.test(code))
            throw new BadParameter(
              'iso3',
              `"${code}" is not an ISO 3166-1 alpha-3 code (three capital letters, e.g. SEN)`,
            );
          return service.country(code, asOfParam(req.query.asOf));
        }),
    );

    app.get(
      '/api/v1/organizations',
      {
        schema: { ...routes.listOrganizations, tags, summary: 'Organizations taking part in or supporting mechanisms' },
      },
      async (req, reply) => cache.send(req, reply, async () => page((await service.organizations()).items, req.query)),
    );

    app.get(
      '/api/v1/themes',
      { schema: { ...routes.listThemes, tags, summary: 'The theme vocabulary, with the mechanisms on each' } },
      async (req, reply) => cache.send(req, reply, async () => page((await service.themes()).items, req.query)),
    );

    app.get(
      '/api/v1/sources',
      {
        schema: {
          ...routes.listSources,
          tags,
          summary: 'Sources, each with its URL, title, publisher, date and the lists it gives',
          description:
            'Every source the registry cites, in id order; ask for the ones a table cites at once with repeated `id` parameters (an unknown id is left out).',
        },
      },
      async (req, reply) =>
        cache.send(req, reply, async () => page(await service.listSources(req.query.id), req.query)),
    );

    app.get(
      '/api/v1/sources/:id',
      { schema: { ...routes.getSource, tags, summary: 'A source and the facts it backs' } },
      async (req, reply) => cache.send(req, reply, () => service.source(req.params.id)),
    );

    app.get(
      '/api/v1/participation',
      {
        schema: {
          ...routes.listParticipation,
          tags,
          summary: 'Participation holding at a date (valid time), as recorded at knownAt (record time)',
        },
      },
      async (req, reply) =>
        cache.send(req, reply, async () => {
          const q = req.query;
          let knownAt: string | undefined;
          if (q.knownAt !== undefined) {
            const d = new Date(
              q.knownAt.length === 10
                ? `${q.knownAt}T23:59:59.999Z`
                : q.knownAt.endsWith('Z')
                  ? q.knownAt
                  : `${q.knownAt}Z`,
            );
            if (Number.isNaN(d.getTime()) || !isFullDate(q.knownAt.slice(0, 10)))
              throw new BadParameter('knownAt', `knownAt "${q.knownAt}" is not a date or timestamp`);
            knownAt = d.toISOString();
          }
          const r = await service.participation({
            mechanism: q.mechanism,
            country: q.country,
            role: q.role,
            asOf: asOfParam(q.asOf),
            knownAt,
          });
          return { asOf: r.asOf, knownAt: r.knownAt, ...page(r.items, q) };
        }),
    );

    app.get(
      '/api/v1/stats',
      { schema: { ...routes.stats, tags, summary: 'Headline figures at a date, each with its definition' } },
      async (req, reply) => cache.send(req, reply, () => service.stats(asOfParam(req.query.asOf))),
    );

    app.get(
      '/api/v1/reported-figures',
      {
        schema: {
          ...routes.reportedFigures,
          tags,
          summary: 'Figures sources published (value, date, source, quote) and the lists behind them',
        },
      },
      async (req, reply) =>
        cache.send(req, reply, async () => {
          const { limit, cursor, ...filters } = req.query;
          const r = await service.reportedFigures(filters);
          return { ...r, ...page(r.items, { limit, cursor }) };
        }),
    );

    app.get(
      '/api/v1/overlaps',
      { schema: { ...routes.overlaps, tags, summary: 'Pairs of mechanisms sharing parties at a date' } },
      async (req, reply) =>
        cache.send(req, reply, async () => {
          const asOf = asOfParam(req.query.asOf);
          const role = req.query.role ?? 'member';
          // Only the page asked for is built: at a hundred times the data there are millions of pairs.
          const t = await service.overlapTable(asOf, role);
          const limit = pageLimit(req.query.limit);
          const offset = decodeCursor(req.query.cursor);
          return {
            asOf,
            role,
            definition: RegistryService.OVERLAPS_DEFINITION,
            total: t.total,
            items: t.slice(offset, limit),
            nextCursor: offset + limit < t.total ? encodeCursor(offset + limit) : null,
          };
        }),
    );
  };
