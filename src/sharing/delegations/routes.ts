/**
 * Delegations API v1 under /api/v1/meetings/{id}/delegations: validate, call the service, return what it gives.
 * Only the attendance (confirmed States, never persons) is public; nothing goes through the response cache. Order of
 * checks on writes: authenticate (401), find and authorise (404/403) in `onRequest`, before the body is read; then
 * the content type (415), the body (400 naming the field), the state (409).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { AccountsService, SessionUser } from '../../accounts/service.js';
import { apiUser, identified } from '../../accounts/api-auth.js';
import { jsonOnly, strictBody } from '../../http/validation.js';
import { optionalToken, token } from '../schema.js';
import { delegationsRoutes } from './schema.js';
import type { DelegationsService } from './service.js';

const userOf = apiUser;

export const delegationsApi =
  (delegations: DelegationsService, accounts: AccountsService): FastifyPluginAsyncTypebox =>
  async (app) => {
    const tags = ['sharing'];
    const who = (authorise?: (u: SessionUser | null, req: FastifyRequest) => Promise<void>) =>
      identified(accounts, authorise);
    const param = (req: FastifyRequest, name: string) => (req.params as Record<string, string>)[name] ?? '';
    app.addHook('preValidation', jsonOnly);

    app.get(
      '/api/v1/meetings/:id/delegations',
      {
        onRequest: who(),
        schema: {
          ...delegationsRoutes.list,
          tags,
          security: token,
          summary:
            "A meeting's delegations you may read (the secretariat: all; a State's delegates: their State's), with the persons (personal data)",
        },
      },
      async (req) => delegations.list(userOf(req), req.params.id),
    );

    app.get(
      '/api/v1/meetings/:id/attendance',
      {
        onRequest: who(),
        schema: {
          ...delegationsRoutes.attendance,
          tags,
          security: optionalToken,
          summary:
            'Which States attended a meeting by their confirmed delegations registered in ISCM Hub (counts and States, never persons)',
        },
      },
      async (req) => delegations.attendance(req.params.id),
    );

    app.put(
      '/api/v1/meetings/:id/delegations/:country',
      {
        validatorCompiler: strictBody,
        onRequest: who((u, req) => delegations.authoriseRegister(u, param(req, 'id'), param(req, 'country'))),
        schema: {
          ...delegationsRoutes.register,
          tags,
          security: token,
          summary:
            "Register or change a State's delegation to a meeting (its focal point or an administrator); a change waits for the secretariat again",
        },
      },
      async (req) => delegations.register(userOf(req), req.params.id, req.params.country, req.body),
    );

    app.post(
      '/api/v1/meetings/:id/delegations/:country/decision',
      {
        validatorCompiler: strictBody,
        onRequest: who((u, req) => delegations.authoriseDecide(u, param(req, 'id'), param(req, 'country'))),
        schema: {
          ...delegationsRoutes.decide,
          tags,
          security: token,
          summary: "Confirm or decline a State's delegation (the meeting's secretariat or an administrator)",
        },
      },
      async (req) => delegations.decide(userOf(req), req.params.id, req.params.country, req.body),
    );

    // Organizations' delegations: registered and confirmed on the organization's behalf by the meeting's
    // secretariat (the editors and reviewers of its mechanism) or an administrator (no organization role exists).
    app.put(
      '/api/v1/meetings/:id/organization-delegations/:org',
      {
        validatorCompiler: strictBody,
        onRequest: who((u, req) => delegations.authoriseOrg(u, param(req, 'id'), param(req, 'org'))),
        schema: {
          ...delegationsRoutes.registerOrg,
          tags,
          security: token,
          summary:
            "Register or change an organization's delegation to a meeting, on its behalf (the meeting's secretariat or an administrator); a change is pending again",
        },
      },
      async (req) => delegations.registerOrg(userOf(req), req.params.id, req.params.org, req.body),
    );

    app.post(
      '/api/v1/meetings/:id/organization-delegations/:org/decision',
      {
        validatorCompiler: strictBody,
        onRequest: who((u, req) => delegations.authoriseOrg(u, param(req, 'id'), param(req, 'org'))),
        schema: {
          ...delegationsRoutes.decideOrg,
          tags,
          security: token,
          summary: "Confirm or decline an organization's delegation (the meeting's secretariat or an administrator)",
        },
      },
      async (req) => delegations.decideOrg(userOf(req), req.params.id, req.params.org, req.body),
    );

    app.get(
      '/api/v1/meetings/:id/pack/contents',
      {
        onRequest: who((u, req) => delegations.authorisePack(u, param(req, 'id')).then(() => undefined)),
        schema: {
          ...delegationsRoutes.packContents,
          tags,
          security: token,
          summary: "What your meeting pack holds, with each file's size (the members of the meeting's space)",
        },
      },
      async (req) => {
        const plan = await delegations.packPlan(userOf(req), req.params.id);
        return { entries: plan.entries, contentBytes: plan.contentBytes };
      },
    );

    app.get(
      '/api/v1/meetings/:id/pack',
      {
        onRequest: who((u, req) => delegations.authorisePack(u, param(req, 'id')).then(() => undefined)),
        schema: {
          ...delegationsRoutes.pack,
          tags,
          security: token,
          summary:
            "The meeting pack as one zip: the agenda, the meeting's documents you may see, the delegations (members of the meeting's space)",
        },
      },
      async (req, reply) => {
        const p = await delegations.pack(userOf(req), req.params.id);
        return reply
          .type('application/zip')
          .header('content-length', String(p.size))
          .header('content-disposition', `attachment; filename="${p.filename}"`)
          .send(p.stream as unknown as Uint8Array); // a stream: Fastify pipes it
      },
    );
  };
