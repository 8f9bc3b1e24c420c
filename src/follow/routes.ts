/**
 * Follow API v1, under /api/v1/me/: the signed-in account's own follows and digest preference (a personal API
 * token). Nothing here goes through the response cache: every answer is the asker's own (`private, no-store`, as
 * every route declaring `security`).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { AccountsService, SessionUser } from '../accounts/service.js';
import { NotFound, Unauthenticated } from '../http/errors.js';
import { jsonOnly, strictBody } from '../http/validation.js';
import { FOLLOW_KINDS, isFollowKind } from './model.js';
import { followRoutes, token } from './schema.js';
import type { FollowService } from './service.js';

const users = new WeakMap<FastifyRequest, SessionUser>();

export const followApi =
  (follow: FollowService, accounts: AccountsService): FastifyPluginAsyncTypebox =>
  async (app) => {
    const tags = ['follow'];
    /** 401 before anything else is read: every route is the token owner's. */
    const who: onRequestAsyncHookHandler = async (req) => {
      const u = await accounts.bearerUser(req.headers.authorization);
      if (!u) throw new Unauthenticated('send a personal API token as "Authorization: Bearer …"');
      users.set(req, u);
    };
    const userOf = (req: FastifyRequest) => users.get(req) ?? null;
    /** After 401: the thing named in the URL is found (404) before anything else is read. */
    const found: onRequestAsyncHookHandler = async (req) => {
      const { kind, target } = req.params as { kind: string; target: string };
      if (!isFollowKind(kind))
        throw new NotFound('kind', kind, `"${kind}" cannot be followed: use ${FOLLOW_KINDS.join(', ')}`, 'kind');
      await follow.resolve(kind, target, userOf(req));
    };
    app.addHook('preValidation', jsonOnly);

    app.get(
      '/api/v1/me/follows',
      {
        onRequest: who,
        schema: { ...followRoutes.list, tags, security: token, summary: 'What you follow, and your digest preference' },
      },
      async (req) => follow.list(userOf(req), req.query.lang ?? 'en'),
    );

    app.put(
      '/api/v1/me/follows/:kind/:target',
      {
        onRequest: [who, found],
        schema: {
          ...followRoutes.follow,
          tags,
          security: token,
          summary:
            'Follow a mechanism, a country, a meeting series or a document kind (201; 200 when already followed)',
        },
      },
      async (req, reply) => {
        const r = await follow.follow(userOf(req), req.params.kind, req.params.target, req.query.lang ?? 'en');
        return reply.code(r.created ? 201 : 200).send(r.follow);
      },
    );

    app.delete(
      '/api/v1/me/follows/:kind/:target',
      {
        onRequest: [who, found],
        schema: { ...followRoutes.unfollow, tags, security: token, summary: 'Stop following it' },
      },
      async (req, reply) => {
        await follow.unfollow(userOf(req), req.params.kind, req.params.target);
        return reply.code(204).send(null);
      },
    );

    app.put(
      '/api/v1/me/digest',
      {
        validatorCompiler: strictBody,
        onRequest: who,
        schema: {
          ...followRoutes.preference,
          tags,
          security: token,
          summary: "Your digest's period (daily or weekly) and language; setting it again undoes an unsubscribe",
        },
      },
      async (req) => follow.setPreference(userOf(req), req.body),
    );
  };
