/**
 * Sharing API v1: validate, call the service, return what it gives. Nothing here goes through the response cache:
 * every answer depends on who asks (and leaves `private, no-store`, as every route declaring `security` does).
 * Order of checks on writes: authenticate (401) and authorise (403) in `onRequest`, before the body is read;
 * then the body (400 naming the field).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { AccountsService, SessionUser } from '../accounts/service.js';
import { apiUser, identified } from '../accounts/api-auth.js';
import { pageOf } from '../http/paging.js';
import { jsonOnly, strictBody } from '../http/validation.js';
import { spaceFileUrl } from './model.js';
import { optionalToken, sharingRoutes, token } from './schema.js';
import type { SharingService } from './service.js';

const userOf = apiUser;

export const sharingApi =
  (sharing: SharingService, accounts: AccountsService): FastifyPluginAsyncTypebox =>
  async (app) => {
    const tags = ['sharing'];
    /** The token's user when one is sent (an unknown or revoked token is a 401), then `authorise`. */
    const who = (authorise?: (u: SessionUser | null, req: FastifyRequest) => Promise<void>) =>
      identified(accounts, authorise);
    const param = (req: FastifyRequest, name: string) => (req.params as Record<string, string>)[name] ?? '';
    app.addHook('preValidation', jsonOnly);

    app.get(
      '/api/v1/spaces/:mechanism/posts',
      {
        onRequest: who(),
        schema: {
          ...sharingRoutes.posts,
          tags,
          security: optionalToken,
          summary: "A mechanism's member space: the posts you may see today (the public: public posts only)",
        },
      },
      async (req, reply) => {
        const r = await sharing.posts(userOf(req), req.params.mechanism);
        const mechanism = (await sharing.mechanism(req.params.mechanism)).id;
        return {
          mechanism,
          seenAs: await sharing.spaceRole(r.viewer, mechanism),
          ...pageOf(req, reply, r.items),
        };
      },
    );

    app.get(
      '/api/v1/spaces/:mechanism/documents',
      {
        onRequest: who(),
        schema: {
          ...sharingRoutes.documents,
          tags,
          security: optionalToken,
          summary:
            "A mechanism's repository documents you may see today in its space: public ones, and those closed to its members (and observers)",
        },
      },
      async (req, reply) => {
        const r = await sharing.documents(userOf(req), req.params.mechanism);
        const mechanism = (await sharing.mechanism(req.params.mechanism)).id;
        const items = r.items.map((d) => ({
          ...d,
          files: d.files.map((f) => ({ ...f, url: spaceFileUrl(mechanism, d.id, f.version) })),
        }));
        return { mechanism, seenAs: await sharing.spaceRole(r.viewer, mechanism), ...pageOf(req, reply, items) };
      },
    );

    app.get(
      '/api/v1/spaces/:mechanism/documents/:id/versions/:version/file',
      {
        onRequest: who(),
        schema: {
          ...sharingRoutes.documentFile,
          tags,
          security: optionalToken,
          summary: 'The file of a document of a member space (404 also when you may not see the document)',
        },
      },
      async (req, reply) => {
        const f = await sharing.documentFile(userOf(req), req.params.mechanism, req.params.id, req.params.version);
        // As the public file route: a PDF inline, anything else an attachment, under a sandboxing CSP.
        const pdf = f.mediaType === 'application/pdf';
        return reply
          .type(f.mediaType)
          .header('content-disposition', `${pdf ? 'inline' : 'attachment'}; filename="${req.params.id}-${f.language}"`)
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; sandbox")
          .send(f.bytes);
      },
    );

    app.get(
      '/api/v1/spaces/:mechanism/posts/:id',
      {
        onRequest: who(),
        schema: {
          ...sharingRoutes.post,
          tags,
          security: optionalToken,
          summary: 'One post of a member space (404 also when you may not see it)',
        },
      },
      async (req) => sharing.post(userOf(req), req.params.mechanism, req.params.id),
    );

    app.post(
      '/api/v1/spaces/:mechanism/posts',
      {
        validatorCompiler: strictBody,
        onRequest: who((u, req) => sharing.authorisePost(u, param(req, 'mechanism'))),
        schema: {
          ...sharingRoutes.createPost,
          tags,
          security: token,
          summary:
            "Post in a member space: a member State's delegate (to the members), or the secretariat or an administrator (any visibility)",
        },
      },
      async (req, reply) => reply.code(201).send(await sharing.createPost(userOf(req), req.params.mechanism, req.body)),
    );

    app.get(
      '/api/v1/countries/:country/delegates',
      {
        onRequest: who(async (u, req) => {
          await sharing.delegates(u, param(req, 'country'));
        }),
        schema: {
          ...sharingRoutes.delegates,
          tags,
          security: token,
          summary: "A State's delegates (administrators and that State's delegates only: personal data)",
        },
      },
      async (req, reply) => pageOf(req, reply, await sharing.delegates(userOf(req), req.params.country)),
    );

    app.post(
      '/api/v1/countries/:country/delegates',
      {
        validatorCompiler: strictBody,
        onRequest: who((u, req) => sharing.authoriseGrant(u, param(req, 'country'))),
        schema: {
          ...sharingRoutes.grant,
          tags,
          security: token,
          summary: "Make an account a delegate of a State (an administrator, or that State's focal point)",
        },
      },
      async (req, reply) =>
        reply.code(201).send(await sharing.grantDelegate(userOf(req), req.params.country, req.body)),
    );

    app.delete(
      '/api/v1/countries/:country/delegates/:user',
      {
        validatorCompiler: strictBody,
        onRequest: who((u, req) => sharing.authoriseGrant(u, param(req, 'country'))),
        schema: {
          ...sharingRoutes.revoke,
          tags,
          security: token,
          summary: "End an account's delegation for a State (the grant stays in the record, revoked)",
        },
      },
      async (req, reply) => {
        await sharing.revokeDelegate(userOf(req), req.params.country, req.params.user);
        return reply.code(204).send(null);
      },
    );
  };
