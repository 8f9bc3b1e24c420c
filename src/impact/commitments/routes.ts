/**
 * Commitments API v1 under /api/v1/commitments: validate, call the service, return what it gives. The reads are
 * public (only accepted updates, the reporter named only as a State); the writes need a token or a session:
 * open a reporting cycle, report an update, review it. Order of checks on writes: 401, 404 for the record named
 * in the URL, the content type (415), the body (400 naming the field), permission (403: it depends on the State
 * and the cycle the body names), the state (409: past the cycle's deadline, already reviewed).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { AccountsService, SessionUser } from '../../accounts/service.js';
import { Unauthenticated } from '../../http/errors.js';
import { page } from '../../http/paging.js';
import { jsonOnly, strictBody } from '../../http/validation.js';
import { commitmentRoutes } from './schema.js';
import type { CommitmentsService } from './service.js';

const optionalToken: { [scheme: string]: string[] }[] = [{ bearerAuth: [] }, {}];
const token: { [scheme: string]: string[] }[] = [{ bearerAuth: [] }];

export const commitmentsApi =
  (service: CommitmentsService, accounts: AccountsService): FastifyPluginAsyncTypebox =>
  async (app) => {
    const tags = ['impact'];
    const users = new WeakMap<FastifyRequest, SessionUser>();
    const who = (req: FastifyRequest): SessionUser | null => users.get(req) ?? null;
    /** Before the body is read: the token's user, and 401 without one. */
    const signedIn = async (req: FastifyRequest) => {
      const u = await accounts.bearerUser(req.headers.authorization);
      if (!u) throw new Unauthenticated('send a personal API token as "Authorization: Bearer …"');
      users.set(req, u);
    };
    app.addHook('preValidation', jsonOnly);

    app.get(
      '/api/v1/commitments',
      {
        schema: {
          ...commitmentRoutes.list,
          tags,
          summary:
            'Commitments (document, paragraph, framework position, countries, themes) each in its state on asOf: the last accepted follow-up update on or before it',
        },
      },
      async (req) => {
        const { limit, cursor, ...filter } = req.query;
        const r = await service.list(filter);
        return { asOf: r.asOf, ...page(r.items, { limit, cursor }, 50) };
      },
    );
    app.get(
      '/api/v1/commitments/frameworks',
      {
        schema: {
          ...commitmentRoutes.frameworks,
          tags,
          summary: 'The frameworks of commitments (e.g. the JVAP domains)',
        },
      },
      async () => ({ items: await service.frameworks() }),
    );
    app.get(
      '/api/v1/commitments/frameworks/:id',
      {
        schema: {
          ...commitmentRoutes.framework,
          tags,
          summary:
            "A framework's tree with the progress rolled up on asOf: weighted mean of what reports a figure; a node with no report has none (never 0 %)",
        },
      },
      async (req) => service.framework(req.params.id, req.query.asOf),
    );
    app.get(
      '/api/v1/commitments/cycles',
      { schema: { ...commitmentRoutes.cycles, tags, summary: 'Reporting cycles, newest first' } },
      async (req) => ({ items: await service.cycles(req.query.mechanism) }),
    );
    app.get(
      '/api/v1/commitments/cycles/:id',
      {
        schema: {
          ...commitmentRoutes.cycle,
          tags,
          summary:
            "A reporting cycle's dashboard: who reported (per member State on the day it opened) and the state of every commitment on asOf",
        },
      },
      async (req) => service.cycle(req.params.id, req.query.asOf),
    );
    app.post(
      '/api/v1/commitments/cycles',
      {
        validatorCompiler: strictBody,
        onRequest: signedIn,
        schema: {
          ...commitmentRoutes.openCycle,
          tags,
          security: token,
          summary:
            "Open a reporting cycle for a mechanism with a deadline (its secretariat: editors or reviewers, or an administrator); its member States on today's ledger report",
        },
      },
      async (req, reply) => reply.code(201).send(await service.openCycle(who(req), req.body)),
    );
    app.get(
      '/api/v1/commitments/updates',
      {
        onRequest: signedIn,
        schema: {
          ...commitmentRoutes.pending,
          tags,
          security: token,
          summary: 'The follow-up updates waiting for your review (secretariat, reviewers, administrators)',
        },
      },
      async (req) => ({ items: await service.pending(who(req)) }),
    );
    app.post(
      '/api/v1/commitments/updates/:id/review',
      {
        validatorCompiler: strictBody,
        onRequest: signedIn,
        schema: {
          ...commitmentRoutes.review,
          tags,
          security: token,
          summary: 'Accept a follow-up update (it becomes public) or return it with a comment; once',
        },
      },
      async (req) => service.review(who(req), req.params.id, req.body),
    );
    app.get(
      '/api/v1/commitments/:id',
      {
        schema: {
          ...commitmentRoutes.get,
          tags,
          security: optionalToken,
          summary: 'One commitment, its state on asOf and its accepted follow-up updates',
        },
      },
      async (req) => service.get(req.params.id, req.query.asOf),
    );
    app.post(
      '/api/v1/commitments/updates',
      {
        validatorCompiler: strictBody,
        onRequest: signedIn,
        schema: {
          ...commitmentRoutes.report,
          tags,
          security: token,
          summary:
            'Report a follow-up update (status, progress, date, evidence): in a cycle for a State by its focal point or delegate until the deadline (409 after it), or by the secretariat; it waits for review',
        },
      },
      async (req, reply) => {
        const { commitment, ...input } = req.body;
        return reply.code(201).send(await service.report(who(req), commitment, input));
      },
    );
  };
