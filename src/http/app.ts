/**
 * The HTTP infrastructure: one Fastify instance with its security, origins, problem+json errors, ETags, the
 * data-version signal and response cache, the stylesheet, health and readiness. It knows no feature: the
 * composition root (src/app.ts) hands it the features' schemas, tags and app-wide plugins, then registers
 * their routes.
 */
import compress from '@fastify/compress';
import etag from '@fastify/etag';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import Fastify, {
  type FastifyInstance,
  type FastifyPluginAsync,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import type { TSchema } from 'typebox';
import type { TrustProxy } from '../config.js';
import type { DataVersion } from '../db/data-version.js';
import { pendingMigrations, type Database } from '../db/database.js';
import { NotFoundPage } from '../web/errors.js';
import { registerApiDocs } from '../web/api-docs.js';
import { FAVICON_URL, LOGO_SVG, STYLESHEET, STYLESHEET_HASH } from '../web/assets.js';
import { pageContext, requestLang, sendPage } from '../web/render.js';
import type { ResponseCache } from './cache.js';
import { goodCitizen, publicCache } from './citizen.js';
import { HotPath, hotVersion } from './hot.js';
import { finishOpenApi, type Json } from './openapi.js';
import { origins, parsePublicUrl } from './origin.js';
import { fastifyTrustProxy, sameOriginForms, security, sessionSecret } from './security.js';
import { lazyCompilers } from './lazy-schemas.js';
import { errorHandler, sendProblem } from './problem.js';

export interface HttpOptions {
  database: Database;
  logger?: FastifyServerOptions['logger'];
  /** Extra routes used only by the benchmark (a constant body of a given size). */
  benchRoutes?: boolean;
  /** Reverse proxies whose X-Forwarded-* are believed (TRUST_PROXY): a hop count or addresses; default none. */
  trustProxy?: TrustProxy;
  /** Signs cookies; default SESSION_SECRET or a secret kept in var/session-secret. */
  sessionSecret?: string;
  /** How often the data version is re-read from the database (ms); default 1000 (read by src/app.ts). */
  cacheTtlMs?: number;
  /** PUBLIC_URL: the origin of every absolute URL; default none (the request's own, for allowed hosts only). */
  publicUrl?: string | null;
  /** Host headers served (`name` or `name:port`); default localhost, 127.0.0.1 and [::1] on the connection's port. */
  allowedHosts?: readonly string[];
  /** The whole request (headers and body) must arrive within this many ms; default 30000. */
  requestTimeoutMs?: number;
  /** Largest request body in bytes; default 1 MiB. */
  bodyLimitBytes?: number;
  /** PUBLIC_MAX_AGE: seconds a cache keeps a public answer (and may serve it stale while revalidating); default 30. */
  publicMaxAge?: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The response cache of this app (its size is what tests look at). */
    responseCache: ResponseCache;
    /** The app's data-version signal (db/data-version.ts): caches follow it. */
    dataVersion: DataVersion;
    /** Cached public answers sent before Fastify routes the request (http/hot.ts). */
    hotPath: HotPath;
  }
}

/** An `X-Request-Id` sent by a client or a proxy is kept when it is a sane token. */
const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;
export function requestId(req: IncomingMessage): string {
  const sent = req.headers['x-request-id'];
  return typeof sent === 'string' && REQUEST_ID.test(sent) ? sent : randomUUID();
}

/** What the features bring to the infrastructure before their routes are registered. */
export interface HttpParts {
  /** The app's data-version signal and the response cache that follows it (decorated on the app). */
  version: DataVersion;
  cache: ResponseCache;
  /** Schemas other routes refer to (`Type.Ref`): added to the app and to the OpenAPI document. */
  schemas: readonly TSchema[];
  /** OpenAPI tags, in the order the document lists them. */
  tags: readonly { name: string; description: string }[];
  /** App-wide plugins (wrapped with fastify-plugin), registered after security and before compression. */
  plugins: readonly FastifyPluginAsync[];
  /** Cookies that make a request someone's (a session): `private, no-store`, and never the hot path. */
  personalCookies?: readonly string[];
}

export async function buildHttp(opts: HttpOptions, parts: HttpParts): Promise<FastifyInstance> {
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
    http: {
      connectionsCheckingInterval: Math.max(50, Math.min(5000, Math.floor(requestTimeout / 4))),
      headersTimeout: Math.min(requestTimeout, 60_000),
    },
    connectionTimeout: Math.max(2 * requestTimeout, 120_000), // an idle socket; keep-alive ends sooner
    keepAliveTimeout: 72_000,
    bodyLimit: opts.bodyLimitBytes ?? 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, allErrors: true, coerceTypes: 'array', useDefaults: true } },
    schemaController: { compilersFactory: lazyCompilers() }, // each route's schemas compiled on its first request
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 }, // meeting ids run to about 110 characters
    // A URL the router refuses (bad encoding, a path parameter over 200 characters) is a problem like any other.
    frameworkErrors: (err, req, reply) => {
      void sendProblem(reply, req, err.statusCode ?? 400, err.message, [
        { name: 'path', in: 'path', message: err.message },
      ]);
    },
    trustProxy: fastifyTrustProxy(opts.trustProxy ?? false),
  }).withTypeProvider<TypeBoxTypeProvider>();

  const wrongMethod = goodCitizen(app, {
    personalCookies: parts.personalCookies ?? [],
    publicMaxAge: opts.publicMaxAge ?? 30,
  }); // first: its route table must see every route
  for (const s of parts.schemas) app.addSchema(s);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'ISCM Hub API',
        version: '1.0.0',
        description:
          'A dated, sourced registry of Inter-State Consultation Mechanisms on migration (ISCMs): mechanisms, who takes part in them and when, and the figures computed from them. Every answer can be asked "as of" a date.',
        license: {
          name: 'Data: CC-BY-4.0 (country kinds from world-countries: ODbL-1.0), see /en/data; code: MIT',
          url: 'https://creativecommons.org/licenses/by/4.0/',
        },
      },
      tags: [...parts.tags],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'A personal API token (iscm token create)' },
        },
      },
    },
    transformObject: (doc) =>
      finishOpenApi(structuredClone('openapiObject' in doc ? doc.openapiObject : doc.swaggerObject) as Json, {
        publicUrl: opts.publicUrl,
      }) as never,
    refResolver: {
      buildLocalReference: (json, _base, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
  });
  registerApiDocs(app, () => app.swagger());
  await security(app, opts.sessionSecret ?? sessionSecret());
  origins(app, { publicUrl: opts.publicUrl, allowedHosts: opts.allowedHosts });
  sameOriginForms(app); // after origins(): it compares a form's Origin with the request's origin
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  for (const plugin of parts.plugins) await app.register(plugin);
  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip'] });
  await app.register(etag);

  // The hot path (http/hot.ts): a cached public answer, kept whole after every onSend hook above, is sent again
  // from the server's request event before Fastify sees the request.
  const hot = new HotPath(parts.version, requestId, {
    trustProxy: opts.trustProxy !== undefined && opts.trustProxy !== false,
  });
  const publicPolicy = publicCache(opts.publicMaxAge ?? 30);
  app.decorate('hotPath', hot);
  app.addHook('onSend', async (req, reply, payload) => {
    const version = hotVersion(req.raw);
    if (version === undefined || reply.statusCode !== 200 || !hot.eligible(req.raw)) return;
    if (reply.getHeader('cache-control') !== publicPolicy) return;
    const body = Buffer.isBuffer(payload) ? payload : typeof payload === 'string' ? Buffer.from(payload, 'utf8') : null;
    if (body) hot.keep(req.raw, version, reply.getHeaders() as OutgoingHttpHeaders, body);
  });
  app.addHook('preClose', async () => hot.close());
  const fastifyHandler = app.server.listeners('request')[0] as (req: IncomingMessage, res: ServerResponse) => void;
  app.server.removeListener('request', fastifyHandler);
  app.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!hot.serve(req, res)) fastifyHandler(req, res);
  });

  app.setErrorHandler(errorHandler);
  const notFound = (req: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const answered = wrongMethod(req, reply);
    if (answered) return answered;
    if (req.url.startsWith('/api/'))
      return sendProblem(reply, req, 404, `no route for ${req.method} ${req.url.split('?')[0]}`);
    const ctx = pageContext(req, requestLang(req));
    return sendPage(reply, NotFoundPage({ ctx }), 404);
  };
  app.setNotFoundHandler(notFound);

  app.decorate('dataVersion', parts.version);
  app.decorate('responseCache', parts.cache);

  app.get('/assets/site.:hash', { schema: { hide: true } }, async (req, reply) => {
    if ((req.params as { hash: string }).hash !== `${STYLESHEET_HASH}.css`) return reply.callNotFound();
    return reply
      .type('text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(STYLESHEET);
  });

  app.get(FAVICON_URL, { schema: { hide: true } }, async (_req, reply) =>
    reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(LOGO_SVG),
  );

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
      return reply
        .code(503)
        .send({ status: 'unavailable', engine: opts.database.engine, reason: 'the database did not answer a query' });
    }
    if (pending.length) {
      return reply.code(503).send({
        status: 'unavailable',
        engine: opts.database.engine,
        reason: `migrations not applied: ${pending.join(', ')}`,
        pending,
      });
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
    // How dated answers were made (from a template or in full) and this process's memory.
    // `?gc=1`: after a full garbage collection (what is live, not what V8 has not collected yet).
    app.get('/bench/stats', { schema: { hide: true } }, async (req) => {
      if ((req.query as { gc?: string }).gc === '1') fullGc();
      return {
        dated: parts.cache.dated.stats,
        hot: hot.stats,
        rss: process.memoryUsage().rss,
        memory: process.memoryUsage(),
        heapSpaces: Object.fromEntries(
          getHeapSpaceStatistics().map((s) => [s.space_name, Math.round(s.space_used_size / 1024)]),
        ),
        kept: { cache: parts.cache.usage, dated: parts.cache.dated.usage, hot: hot.usage },
        pid: process.pid,
      };
    });
  }
  return app;
}

/** A full garbage collection, for the bench routes only (V8's `gc`, exposed on first use). */
function fullGc(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
