/** Write endpoints under /api/v1 for personal API tokens, with If-Match; and the public history of a record. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { AccountsService, SessionUser } from '../accounts/service.js';
import { END_CAUSES, EditError, type EditingService } from './service.js';

const problems = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, Type.Ref('Problem')]));
const ChangeResult = Type.Object({ id: Type.String(), status: Type.Enum(['pending', 'published', 'returned']), recordId: Type.String(), version: Type.Integer() });
const security = [{ bearerAuth: [] }];

/** If-Match: "3", W/"3" or 3 → 3; absent → null; anything else is a 412 (it cannot match). */
function ifMatchVersion(req: FastifyRequest): number | null {
  const h = req.headers['if-match'];
  if (h === undefined) return null;
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(String(h).trim());
  if (!m) throw new EditError(412, `If-Match "${String(h)}" names no version of this record`, 'If-Match');
  return Number(m[1]);
}

export const editingApi = (editing: EditingService, accounts: AccountsService): FastifyPluginAsyncTypebox => async (app) => {
  const user = async (req: FastifyRequest): Promise<SessionUser | null> => {
    const auth = req.headers.authorization;
    if (!auth?.startsWith('Bearer ')) return null;
    const u = await accounts.tokenUser(auth.slice(7).trim());
    if (!u) throw new EditError(401, 'this API token is unknown or revoked');
    return u;
  };
  const tags = ['editing'];

  app.post('/api/v1/participation/:id/end', {
    schema: {
      tags, security, summary: 'End a participation (date, cause, source); waits for review unless you may publish',
      params: Type.Object({ id: Type.String({ maxLength: 160 }) }),
      headers: Type.Object({ 'if-match': Type.Optional(Type.String({ description: 'The version you edited, e.g. "3" (from the participation record)' })) }),
      body: Type.Object({
        end: Type.String({ description: 'YYYY, YYYY-MM or YYYY-MM-DD' }), endCause: Type.Enum(END_CAUSES),
        sources: Type.Array(Type.String({ maxLength: 2000 }), { minItems: 1, description: 'source ids or http(s) URLs' }), note: Type.Optional(Type.String({ maxLength: 4000 })),
      }, { additionalProperties: false }),
      response: { 200: ChangeResult, 202: ChangeResult, ...problems(400, 401, 403, 404, 409, 412, 428) },
    },
  }, async (req, reply) => {
    const result = await editing.proposeEnd(await user(req), req.params.id, ifMatchVersion(req), req.body);
    return reply.code(result.status === 'pending' ? 202 : 200).header('etag', `"${result.version}"`).send(result);
  });

  app.get('/api/v1/changes', {
    schema: { tags, security, summary: 'Changes waiting for your review', querystring: Type.Object({}, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ id: Type.String(), kind: Type.String(), recordId: Type.String(), mechanism: Type.String(), baseVersion: Type.Integer(), payload: Type.Unknown(), author: Type.String(), createdAt: Type.String(), current: Type.Unknown() })) }), ...problems(401) } },
  }, async (req) => ({ items: await editing.pending(await user(req)) }));

  app.post('/api/v1/changes/:id/publish', {
    schema: { tags, security, summary: 'Publish a change', params: Type.Object({ id: Type.String({ maxLength: 40 }) }), response: { 200: ChangeResult, ...problems(401, 403, 404, 409, 412) } },
  }, async (req) => editing.publish(await user(req), req.params.id));

  app.post('/api/v1/changes/:id/return', {
    schema: { tags, security, summary: 'Return a change to its author with a comment', params: Type.Object({ id: Type.String({ maxLength: 40 }) }),
      body: Type.Object({ comment: Type.String({ minLength: 1, maxLength: 4000 }) }, { additionalProperties: false }), response: { 200: ChangeResult, ...problems(400, 401, 403, 404, 409) } },
  }, async (req) => editing.returnChange(await user(req), req.params.id, req.body.comment));

  app.get('/api/v1/participation/:id/history', {
    schema: { tags: ['registry'], summary: 'Every published version of a participation record, and the steps behind them',
      params: Type.Object({ id: Type.String({ maxLength: 160 }) }), querystring: Type.Object({}, { additionalProperties: false }),
      response: { 200: Type.Object({
        id: Type.String(),
        versions: Type.Array(Type.Object({ version: Type.Integer(), recordedAt: Type.String(), recordedBy: Type.String(), supersededAt: Type.Union([Type.String(), Type.Null()]), start: Type.Union([Type.String(), Type.Null()]), end: Type.Union([Type.String(), Type.Null()]), endCause: Type.Union([Type.String(), Type.Null()]), sources: Type.Array(Type.String()) })),
        steps: Type.Array(Type.Object({ at: Type.String(), action: Type.String() })),
      }), ...problems(404) } },
  }, async (req) => editing.history(req.params.id));
};
