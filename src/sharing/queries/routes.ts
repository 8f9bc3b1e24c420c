/**
 * Peer-query API v1 under /api/v1/queries: validate, call the service, return what it gives. Nothing goes through
 * the response cache (every answer depends on who asks). Order of checks on writes: authenticate (401), find and
 * authorise (404/403) in `onRequest`, before the body is read; then the content type (415), the body (400 naming
 * the field), and the state of the query (409: past its deadline, already published).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { AccountsService, SessionUser } from '../../accounts/service.js';
import { apiUser, identified } from '../../accounts/api-auth.js';
import { pageOf } from '../../http/paging.js';
import { jsonOnly, strictBody } from '../../http/validation.js';
import { optionalToken, token } from '../schema.js';
import { queriesRoutes } from './schema.js';
import type { QueriesService } from './service.js';

const userOf = apiUser;

export const queriesApi =
  (queries: QueriesService, accounts: AccountsService): FastifyPluginAsyncTypebox =>
  async (app) => {
    const tags = ['sharing'];
    const who = (authorise?: (u: SessionUser | null, req: FastifyRequest) => Promise<void>) =>
      identified(accounts, authorise);
    const param = (req: FastifyRequest, name: string) => (req.params as Record<string, string>)[name] ?? '';
    app.addHook('preValidation', jsonOnly);

    app.get(
      '/api/v1/queries',
      {
        onRequest: who(),
        schema: {
          ...queriesRoutes.list,
          tags,
          security: optionalToken,
          summary:
            'Peer queries you may see, newest first, with their response rates (the public: the published compilations)',
        },
      },
      async (req, reply) => pageOf(req, reply, await queries.list(userOf(req))),
    );

    app.get(
      '/api/v1/queries/response-rates',
      {
        onRequest: who(),
        schema: {
          ...queriesRoutes.rates,
          tags,
          security: optionalToken,
          summary: 'Response rates per State over the peer queries you may see: queries asked, queries answered',
        },
      },
      async (req, reply) => pageOf(req, reply, await queries.stateRates(userOf(req))),
    );

    app.post(
      '/api/v1/queries',
      {
        validatorCompiler: strictBody,
        onRequest: who((u) => queries.authoriseAsk(u)),
        schema: {
          ...queriesRoutes.ask,
          tags,
          security: token,
          summary:
            "Ask the member States of mechanisms a question set: a State's focal point (its State a member of each), the secretariat of each, or an administrator",
        },
      },
      async (req, reply) => reply.code(201).send(await queries.ask(userOf(req), req.body)),
    );

    app.get(
      '/api/v1/queries/:id',
      {
        onRequest: who(),
        schema: {
          ...queriesRoutes.get,
          tags,
          security: optionalToken,
          summary:
            'A peer query and its compilation: the submitted answers by State, the response rate (404 also when you may not see it)',
        },
      },
      async (req) => queries.get(userOf(req), req.params.id),
    );

    app.get(
      '/api/v1/queries/:id/answers/:country',
      {
        onRequest: who(),
        schema: {
          ...queriesRoutes.draft,
          tags,
          security: token,
          summary: "A State's answers as they stand, drafts included (its delegates and administrators)",
        },
      },
      async (req) => queries.draft(userOf(req), req.params.id, req.params.country),
    );

    app.put(
      '/api/v1/queries/:id/answers/:country',
      {
        validatorCompiler: strictBody,
        onRequest: who((u, req) => queries.authoriseAnswer(u, param(req, 'id'), param(req, 'country'))),
        schema: {
          ...queriesRoutes.answer,
          tags,
          security: token,
          summary:
            "Save a State's answers (a delegate of a State asked): a draft, or submitted into the compilation; amended until the deadline",
        },
      },
      async (req) => queries.answer(userOf(req), req.params.id, req.params.country, req.body),
    );

    app.post(
      '/api/v1/queries/:id/publish',
      {
        validatorCompiler: strictBody,
        onRequest: who((u, req) => queries.authorisePublish(u, param(req, 'id'))),
        schema: {
          ...queriesRoutes.publish,
          tags,
          security: token,
          summary: 'Publish the compilation as a public record with its date (the asker or an administrator; once)',
        },
      },
      async (req) => queries.publish(userOf(req), req.params.id),
    );
  };
