/** Documents API v1: validate, call the service, return what it gives. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { apiUser, authenticated } from '../accounts/api-auth.js';
import type { AccountsService } from '../accounts/service.js';
import type { ResponseCache } from '../http/cache.js';
import { BadParameter } from '../http/errors.js';
import { jsonOnly, strictBody } from '../http/validation.js';
import { documentRoutes } from './schema.js';
import type { DocumentsService } from './service.js';

/** Cursors as the mechanisms list gives them out: an offset, base64url-encoded. */
function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const m = /^o(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new BadParameter('cursor', `cursor "${cursor}" is not one this API gave out`);
  return Number(m[1]);
}
const encodeCursor = (offset: number) => Buffer.from(`o${offset}`).toString('base64url');

export const documentsApi =
  (documents: DocumentsService, cache: ResponseCache, accounts?: AccountsService): FastifyPluginAsyncTypebox =>
  async (app) => {
    const tags = ['documents'];
    app.get(
      '/api/v1/documents',
      {
        schema: {
          ...documentRoutes.list,
          tags,
          summary: 'Documents (declarations, action plans, outcome documents, reports…), filtered, with facet counts',
        },
      },
      async (req, reply) =>
        cache.send(req, reply, async () => {
          const q = req.query;
          // Ajv's coercion turns "1e309" into Infinity, which passes its integer check: refuse it here.
          if (q.limit !== undefined && !Number.isSafeInteger(q.limit))
            throw new BadParameter('limit', `limit "${String(q.limit)}" is not an integer from 1 to 500`);
          const limit = q.limit ?? 50;
          const r = await documents.list({ ...q, limit, offset: decodeCursor(q.cursor) });
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
      '/api/v1/documents/:id',
      {
        schema: {
          ...documentRoutes.get,
          tags,
          summary: 'One document: its mechanisms, meeting, languages, summary facts, sources and files',
        },
      },
      async (req, reply) => cache.send(req, reply, () => documents.get(req.params.id)),
    );
    if (!accounts) return;
    app.patch(
      '/api/v1/documents/:id/visibility',
      {
        validatorCompiler: strictBody,
        preValidation: jsonOnly,
        // 401 and 403 (and 404 for no such document) before the body is read; then the body (400 naming the field).
        onRequest: authenticated(accounts, (user, req) =>
          documents.authoriseVisibility(user, (req.params as { id: string }).id),
        ),
        schema: {
          ...documentRoutes.visibility,
          tags,
          security: [{ bearerAuth: [] }],
          summary:
            'Who may see a document: public, members (of its mechanisms) or members-and-observers (an editor of its mechanisms or an administrator)',
          description:
            'A closed document (members, members-and-observers) is in no public read: the lists, its page and files, this API, the search, the sitemap, the feeds, the exports and releases. It is listed in the member space of its mechanisms for those who may see it there.',
        },
      },
      async (req) => documents.setVisibility(apiUser(req), req.params.id, req.body.visibility, req.ip),
    );
  };
