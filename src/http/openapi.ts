/**
 * The finishing of the OpenAPI document, for every feature's routes at once: an operationId on every operation,
 * responses described in words, errors as `application/problem+json`, the 301 an alias answers, `security: []`
 * on public operations, `format: date` on date parameters, `servers`, and the routes that are not JSON (feeds,
 * health, readiness, sitemap, the document itself) described by hand. `@redocly/cli lint` with its recommended
 * rules is clean on the result (test/openapi.test.ts).
 */
import { LANGS } from '../web/i18n.js';

export type Json = Record<string, unknown>;
interface Operation extends Json {
  operationId?: string;
  summary?: string;
  description?: string;
  security?: unknown[];
  parameters?: { name: string; in: string; schema?: Json; description?: string }[];
  responses?: Record<string, Json>;
  tags?: string[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const DATE = '^\\d{4}-\\d{2}-\\d{2}$';

const STATUS_WORDS: Record<string, string> = {
  '400': 'A parameter or the body is not valid: `errors` names each field at fault.',
  '401': 'No valid API token (Authorization: Bearer …) was sent.',
  '403': 'The token is valid but its account may not do this.',
  '404': 'Nothing has this id (a problem naming it).',
  '409': 'The change conflicts with the current state of the record (a problem naming it).',
  '412': 'The record changed since the version sent in If-Match.',
  '413': 'The body is larger than the server accepts.',
  '415': 'The body is not application/json.',
  '428': 'The write needs an If-Match header with the version it changes.',
  '429': 'Too many requests: Retry-After says when to try again.',
};

/** `GET /api/v1/mechanisms/{id}/meeting-record` → `getMechanismsByIdMeetingRecord`. */
export function operationId(method: string, path: string): string {
  const words = path
    .replace(/^\/api\/v1\//, '/')
    .replace(/^\/api\//, '/')
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      const param = /^\{(.+)\}$/.exec(segment);
      return param ? `by-${param[1]}` : segment;
    })
    .join('-')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return [method, ...words].map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');
}

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

const text = (type: string, description: string) => ({
  description,
  content: { [type]: { schema: { type: 'string' } } },
});

const CALENDAR_HEADERS = {
  ETag: {
    description: 'Changes only when the feed does: send it back in If-None-Match for a 304',
    schema: { type: 'string' },
  },
  'Content-Disposition': { description: 'The file name of this feed', schema: { type: 'string' } },
};

/** The routes that answer something other than JSON, described by hand. */
function extraPaths(): Record<string, Record<string, Operation>> {
  const feed = (what: string, param?: { name: string; description: string }): Operation => ({
    tags: ['feeds'],
    summary: `iCalendar feed of ${what}`,
    description: `An RFC 5545 calendar of ${what}: one event per meeting, DTSTAMP and LAST-MODIFIED from the meeting's last change, SEQUENCE from its version. Subscribe to it from a calendar app.`,
    security: [],
    parameters: [
      ...(param
        ? [
            {
              name: param.name,
              in: 'path',
              required: true,
              description: param.description,
              schema: { type: 'string' },
            } as never,
          ]
        : []),
      {
        name: 'lang',
        in: 'query',
        required: false,
        description:
          "The language of the events' links, places and names (default en); the meeting titles are the sources' own",
        schema: { type: 'string', enum: [...LANGS] },
      } as never,
    ],
    responses: {
      '200': { ...text('text/calendar', `The calendar of ${what}`), headers: CALENDAR_HEADERS },
      '304': { description: 'The feed has not changed since the ETag sent in If-None-Match' },
      '400': problem('lang is not one of the interface languages'),
      ...(param
        ? {
            '301': {
              description: 'The id is an alias (or lacks its .ics): Location gives the canonical feed',
              headers: { Location: { schema: { type: 'string' } } },
            },
            '404': problem('No mechanism, country, series or meeting has this id'),
          }
        : {}),
    },
  });
  return {
    '/calendar/meetings.ics': { get: { ...feed('every meeting'), operationId: 'getCalendarMeetings' } },
    '/calendar/mechanisms/{id}.ics': {
      get: {
        ...feed("a mechanism's meetings and those it took part in", { name: 'id', description: 'A mechanism id' }),
        operationId: 'getCalendarMechanism',
      },
    },
    '/calendar/countries/{iso3}.ics': {
      get: {
        ...feed('the meetings held in a country or where it took part', {
          name: 'iso3',
          description: 'ISO 3166-1 alpha-3 code',
        }),
        operationId: 'getCalendarCountry',
      },
    },
    '/calendar/series/{id}.ics': {
      get: {
        ...feed('the editions of a meeting series', { name: 'id', description: 'A meeting series id' }),
        operationId: 'getCalendarSeries',
      },
    },
    '/calendar/meetings/{id}.ics': {
      get: {
        ...feed('one meeting', { name: 'id', description: 'A meeting id' }),
        operationId: 'getCalendarMeeting',
      },
    },
    '/health': {
      get: {
        tags: ['service'],
        operationId: 'getHealth',
        summary: 'Liveness: the process answers',
        description: 'Always 200 while the process runs; says which database engine it uses. Never cached.',
        security: [],
        responses: {
          '200': {
            description: 'The process is alive',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['status', 'engine'],
                  properties: { status: { const: 'ok' }, engine: { enum: ['sqlite', 'postgres'] } },
                },
              },
            },
          },
          '404': problem('Not answered at this path'),
        },
      },
    },
    '/ready': {
      get: {
        tags: ['service'],
        operationId: 'getReady',
        summary: 'Readiness: the database answers and its schema is current',
        description: ' 200 when the database answers a query and every migration is applied, else 503 with the reason.',
        security: [],
        responses: {
          '200': {
            description: 'Ready to serve',
            content: { 'application/json': { schema: { type: 'object', properties: { status: { const: 'ready' } } } } },
          },
          '503': {
            description: 'Not ready: the database did not answer, or migrations are pending',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    status: { const: 'unavailable' },
                    reason: { type: 'string' },
                    pending: { type: 'array', items: { type: 'string' } },
                  },
                },
              },
            },
          },
          '404': problem('Not answered at this path'),
        },
      },
    },
    '/sitemap.xml': {
      get: {
        tags: ['service'],
        operationId: 'getSitemap',
        summary: 'The sitemap of every public page, in every language',
        description:
          'A sitemaps.org XML sitemap: each public page (mechanisms, countries, meetings, series, documents…) with its lastmod and its translations (hreflang, x-default).',
        security: [],
        responses: { '200': text('application/xml', 'The sitemap'), '404': problem('Not answered at this path') },
      },
    },
    '/api/openapi.json': {
      get: {
        tags: ['service'],
        operationId: 'getOpenApi',
        summary: 'This OpenAPI 3.1 document',
        description: 'The description of every operation of this API, as JSON.',
        security: [],
        responses: {
          '200': { description: 'The document', content: { 'application/json': { schema: { type: 'object' } } } },
          '404': problem('Not answered at this path'),
        },
      },
    },
  };
}

/** Mark date-only string schemas (their pattern is YYYY-MM-DD) as `format: date`, everywhere in a schema. */
function markDates(node: unknown): void {
  if (Array.isArray(node)) {
    for (const n of node) markDates(n);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const o = node as Json;
  if (o.type === 'string' && o.pattern === DATE && o.format === undefined) o.format = 'date';
  for (const v of Object.values(o)) markDates(v);
}

export function finishOpenApi(doc: Json, opts: { publicUrl?: string | null }): Json {
  const paths = (doc.paths ?? {}) as Record<string, Record<string, Operation>>;
  Object.assign(paths, extraPaths());
  for (const [path, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      op.operationId ??= operationId(method, path);
      op.security ??= [];
      if (!op.description && op.summary) op.description = `${op.summary}.`;
      const responses = (op.responses ??= {});
      for (const [status, response] of Object.entries(responses)) {
        const code = Number(status);
        if (code >= 400) {
          const content = response.content as Record<string, Json> | undefined;
          const schema = content?.['application/json']?.schema ?? content?.['application/problem+json']?.schema;
          if (schema) response.content = { 'application/problem+json': { schema } };
          if (!response.description || response.description === 'Default Response')
            response.description = STATUS_WORDS[status] ?? 'A problem (RFC 9457)';
        } else if (!response.description || response.description === 'Default Response') {
          response.description = code === 201 ? `Created: ${op.summary ?? 'the record'}` : (op.summary ?? 'The answer');
        }
      }
      if (method === 'get' && path === '/api/v1/mechanisms/{id}')
        responses['301'] = {
          description:
            'The id is an alias or a former id of a mechanism: Location gives its canonical URL (the query kept)',
          headers: { Location: { description: 'The canonical URL', schema: { type: 'string' } } },
        };
      if (!Object.keys(responses).some((s) => s.startsWith('4'))) responses['400'] = problem(STATUS_WORDS['400']!);
      markDates(op.parameters);
    }
  }
  markDates(doc.components);
  for (const item of Object.values(paths)) for (const method of METHODS) markDates(item[method]?.responses);
  doc.servers = [
    opts.publicUrl
      ? { url: `${opts.publicUrl}`, description: 'This site' }
      : { url: '/', description: 'The server answering this document' },
  ];
  const tags = (doc.tags ?? []) as { name: string; description?: string }[];
  if (!tags.some((t) => t.name === 'feeds'))
    tags.push({ name: 'feeds', description: 'iCalendar feeds of meetings, to subscribe to from a calendar app' });
  if (!tags.some((t) => t.name === 'service'))
    tags.push({ name: 'service', description: 'The service itself: liveness, readiness, sitemap, this document' });
  doc.tags = tags;
  return doc;
}
