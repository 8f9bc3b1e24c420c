/** The HTTP application: one Fastify instance, the API under /api, problem+json errors, ETags. */
import compress from '@fastify/compress';
import etag from '@fastify/etag';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import type { TrustProxy } from '../config.js';
import { pendingMigrations, type Database } from '../db/database.js';
import { accountsApi } from '../accounts/admin-api.js';
import { adminPages } from '../accounts/admin-routes.js';
import { accountRoutes, sessionUserPlugin } from '../accounts/routes.js';
import { AccountsService, type MailSender } from '../accounts/service.js';
import { editingPages } from '../editing/page-routes.js';
import { editingApi } from '../editing/routes.js';
import { EditingService } from '../editing/service.js';
import { meetingsPages } from '../meetings/pages/routes.js';
import { meetingsApi } from '../meetings/routes.js';
import { MeetingSummary } from '../meetings/schema.js';
import { MeetingsService } from '../meetings/service.js';
import { NotFoundPage } from '../web/errors.js';
import { registryPages } from '../registry/pages/routes.js';
import { registryRoutes } from '../registry/routes.js';
import { STYLESHEET, STYLESHEET_HASH } from '../web/assets.js';
import { pageContext, requestLang, sendPage } from '../web/render.js';
import { sharedSchemas } from '../registry/schema.js';
import { RegistryService } from '../registry/service.js';
import { dataVersion } from '../registry/store.js';
import { ResponseCache } from './cache.js';
import { origins, parsePublicUrl } from './origin.js';
import { fastifyTrustProxy, sameOriginForms, security, sessionSecret } from './security.js';
import { errorHandler, sendProblem } from './problem.js';

export interface AppOptions {
  database: Database;
  logger?: FastifyServerOptions['logger'];
  /** Extra routes used only by the benchmark (a constant body of a given size). */
  benchRoutes?: boolean;
  /** Delivers account e-mail (password reset); default: written to the log. */
  mailSender?: MailSender;
  /** Reverse proxies whose X-Forwarded-* are believed (TRUST_PROXY): a hop count or addresses; default none. */
  trustProxy?: TrustProxy;
  /** Signs cookies; default SESSION_SECRET or a secret kept in var/session-secret. */
  sessionSecret?: string;
  /** How often the response cache re-reads the data version (ms); default 1000. */
  cacheTtlMs?: number;
  /** PUBLIC_URL: the origin of every absolute URL; default none (the request's own, for allowed hosts only). */
  publicUrl?: string | null;
  /** Host headers served (`name` or `name:port`); default localhost, 127.0.0.1 and [::1] on the connection's port. */
  allowedHosts?: readonly string[];
  /** The whole request (headers and body) must arrive within this many ms; default 30000. */
  requestTimeoutMs?: number;
  /** Largest request body in bytes; default 1 MiB. */
  bodyLimitBytes?: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The response cache of this app (its size is what tests look at). */
    responseCache: ResponseCache;
  }
}

/** An `X-Request-Id` sent by a client or a proxy is kept when it is a sane token. */
const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;
export function requestId(req: IncomingMessage): string {
  const sent = req.headers['x-request-id'];
  return typeof sent === 'string' && REQUEST_ID.test(sent) ? sent : randomUUID();
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  if (opts.publicUrl) {
    const parsed = parsePublicUrl(opts.publicUrl);
    if ('error' in parsed) throw new Error(parsed.error);
    opts = { ...opts, publicUrl: parsed.origin };
  }
  const requestTimeout = opts.requestTimeoutMs ?? 30_000;
  const app = Fastify({
    logger: opts.logger ?? false,
    genReqId: requestId,
    requestTimeout,
    // Node checks request timeouts every connectionsCheckingInterval (30 s by default): often enough to keep the limit.
    // It enforces requestTimeout on a slow body only when headersTimeout is not longer (measured on Node 20.20).
    http: { connectionsCheckingInterval: Math.max(50, Math.min(5000, Math.floor(requestTimeout / 4))), headersTimeout: Math.min(requestTimeout, 60_000) },
    connectionTimeout: Math.max(2 * requestTimeout, 120_000), // an idle socket; keep-alive ends sooner
    keepAliveTimeout: 72_000,
    bodyLimit: opts.bodyLimitBytes ?? 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, allErrors: true, coerceTypes: 'array', useDefaults: true } },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 }, // meeting ids run to about 110 characters
    // A URL the router refuses (bad encoding, a path parameter over 200 characters) is a problem like any other.
    frameworkErrors: (err, req, reply) => {
      void sendProblem(reply, req, err.statusCode ?? 400, err.message, [{ name: 'path', in: 'path', message: err.message }]);
    },
    trustProxy: fastifyTrustProxy(opts.trustProxy ?? false),
  }).withTypeProvider<TypeBoxTypeProvider>();

  for (const s of [...sharedSchemas, MeetingSummary]) app.addSchema(s);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'ISCM Hub API', version: '1.0.0',
        description: 'A dated, sourced registry of Inter-State Consultation Mechanisms on migration (ISCMs): mechanisms, who takes part in them and when, and the figures computed from them. Every answer can be asked "as of" a date.',
        license: { name: 'Data: see each source; code: MIT', url: 'https://opensource.org/licenses/MIT' },
      },
      tags: [{ name: 'registry', description: 'Mechanisms, countries, participation and figures' }, { name: 'meetings', description: 'Meetings and the global meeting series' },
        { name: 'editing', description: 'Write endpoints: personal API token (Bearer) and If-Match required' },
        { name: 'accounts', description: 'Users and roles (administrators), and your own API tokens: personal API token (Bearer) required' }],
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'A personal API token (iscm token create)' } } },
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { url: '/api/openapi.json' }, staticCSP: true });
  await security(app, opts.sessionSecret ?? sessionSecret());
  origins(app, { publicUrl: opts.publicUrl, allowedHosts: opts.allowedHosts });
  sameOriginForms(app); // after origins(): it compares a form's Origin with the request's origin
  app.addHook('onSend', async (req, reply) => { reply.header('x-request-id', req.id); });
  const accounts = new AccountsService(opts.database.db, opts.mailSender);
  await app.register(sessionUserPlugin(accounts));
  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip'] });
  await app.register(etag);

  app.setErrorHandler(errorHandler);
  const notFound = (req: FastifyRequest, reply: FastifyReply): FastifyReply => {
    if (req.url.startsWith('/api/')) return sendProblem(reply, req, 404, `no route for ${req.method} ${req.url.split('?')[0]}`);
    const ctx = pageContext(req, requestLang(req));
    return sendPage(reply, NotFoundPage({ ctx }), 404);
  };
  app.setNotFoundHandler(notFound);

  const service = new RegistryService(opts.database.db, opts.cacheTtlMs ?? 1000);
  const cache = new ResponseCache(() => dataVersion(opts.database.db), 64 * 1024 * 1024, opts.cacheTtlMs ?? 1000);
  app.decorate('responseCache', cache);
  await app.register(registryRoutes(service, cache));
  const meetings = new MeetingsService(opts.database.db, service, opts.cacheTtlMs ?? 1000);
  await app.register(meetingsApi(meetings, service, cache));
  await app.register(registryPages(service, meetings, cache));
  await app.register(meetingsPages(meetings, service, cache));
  await app.register(accountRoutes(accounts));
  await app.register(accountsApi(accounts));
  await app.register(adminPages(accounts));
  const editing = new EditingService(opts.database.db, accounts, () => { service.invalidate(); meetings.invalidate(); cache.invalidate(); });
  await app.register(editingApi(editing, accounts));
  await app.register(editingPages(editing, service));

  app.get('/assets/site.:hash', { schema: { hide: true } }, async (req, reply) => {
    if ((req.params as { hash: string }).hash !== `${STYLESHEET_HASH}.css`) return reply.callNotFound();
    return reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(STYLESHEET);
  });

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  // Liveness: the process answers. Readiness: the database answers a query and its schema is current.
  app.get('/health', { schema: { hide: true } }, async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    return { status: 'ok', engine: opts.database.engine };
  });
  app.get('/ready', { schema: { hide: true } }, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    let pending: string[];
    try {
      pending = await pendingMigrations(opts.database.db);
    } catch (err) {
      req.log.warn({ err }, 'not ready: the database did not answer');
      return reply.code(503).send({ status: 'unavailable', engine: opts.database.engine, reason: 'the database did not answer a query' });
    }
    if (pending.length) {
      return reply.code(503).send({ status: 'unavailable', engine: opts.database.engine, reason: `migrations not applied: ${pending.join(', ')}`, pending });
    }
    return { status: 'ready', engine: opts.database.engine };
  });

  if (opts.benchRoutes) {
    const bodies = new Map<number, string>();
    app.get('/bench/constant/:size', { schema: { hide: true } }, async (req, reply) => {
      const size = Number((req.params as { size: string }).size);
      let body = bodies.get(size);
      if (body === undefined) {
        body = JSON.stringify({ padding: 'x'.repeat(Math.max(0, size - 14)) });
        bodies.set(size, body);
      }
      return reply.type('application/json; charset=utf-8').send(body);
    });
  }
  return app;
}
