/**
 * Account administration under /api/v1 for personal API tokens (Bearer): users and their roles
 * (administrators only), and the caller's own API tokens. Errors are problem+json.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ONE_LINE } from '../http/problem.js';
import { jsonOnly, strictBody } from '../http/validation.js';
import { BadParameter, ValidationError } from '../http/errors.js';
import { origin } from '../http/origin.js';
import { linkNext, pageFields, pageOf, pageQuery } from '../http/paging.js';
import { apiUser, authenticated, needs } from './api-auth.js';
import { ROLES } from './model.js';
import { AUDIT_LIMIT, type AccountsService } from './service.js';

const problems = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, Type.Ref('Problem')]));
const security = [{ bearerAuth: [] }];
const tags = ['accounts'];
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const GrantSchema = Type.Object({
  id: Type.String(),
  userId: Type.String(),
  role: Type.Enum([...ROLES]),
  scopeType: Nullable(Type.Enum(['mechanism', 'country'])),
  scopeId: Nullable(Type.String()),
  grantedBy: Type.String(),
  grantedAt: Type.String(),
  revokedAt: Nullable(Type.String()),
});
const TokenSchema = Type.Object({
  id: Type.String({ description: 'Public id: the first 16 hex characters of sha256(token)' }),
  userId: Type.String(),
  label: Type.String(),
  createdAt: Type.String(),
  revokedAt: Nullable(Type.String()),
});
const Id = Type.Object({ id: Type.String({ maxLength: 64 }) });
const AuditItemSchema = Type.Object({
  id: Type.String(),
  at: Type.String({ description: 'ISO datetime (UTC)' }),
  actor: Type.Object({
    id: Type.String({ description: 'A user id, or "anonymous", "system", "reference-dataset"' }),
    displayName: Nullable(Type.String()),
    email: Nullable(Type.String()),
  }),
  action: Type.String(),
  recordType: Nullable(Type.String()),
  recordId: Nullable(Type.String()),
  before: Type.Unknown({ description: 'The record before (parsed JSON), or null' }),
  after: Type.Unknown({ description: 'The record after (parsed JSON), or null' }),
  ip: Nullable(Type.String()),
});
const AuditQuery = Type.Object(
  {
    action: Type.Optional(
      Type.String({
        maxLength: 40,
        description: 'An action ("role.grant"), or a prefix ending in "." ("change.", "auth.")',
      }),
    ),
    actor: Type.Optional(
      Type.String({ maxLength: 320, description: 'A user id or e-mail address, or "anonymous", "system"' }),
    ),
    recordType: Type.Optional(Type.String({ maxLength: 40 })),
    recordId: Type.Optional(Type.String({ maxLength: 160 })),
    from: Type.Optional(Type.String({ maxLength: 40, description: 'ISO date (the whole day, inclusive) or datetime' })),
    to: Type.Optional(Type.String({ maxLength: 40, description: 'ISO date (the whole day, inclusive) or datetime' })),
    limit: Type.Optional(
      Type.Integer({ minimum: AUDIT_LIMIT.min, maximum: AUDIT_LIMIT.max, default: AUDIT_LIMIT.default }),
    ),
    cursor: Type.Optional(Type.String({ maxLength: 400, description: 'The nextCursor of the previous page' })),
  },
  { additionalProperties: false },
);

export const accountsApi =
  (accounts: AccountsService): FastifyPluginAsyncTypebox =>
  async (app) => {
    // Authenticate (401), authorise (403), then validate the body (400): see api-auth.ts.
    const user = apiUser;
    const signedIn = authenticated(accounts);
    const admin = authenticated(accounts, needs('role.grant', 'only an administrator may manage roles'));
    // JSON bodies: application/json only (415), never coerced (strictBody); querystrings keep the coercing validator.
    app.addHook('preValidation', jsonOnly);

    app.get(
      '/api/v1/users',
      {
        onRequest: admin,
        schema: {
          tags,
          security,
          summary: 'Every account with its active roles (administrators only)',
          querystring: Type.Object({ ...pageQuery() }, { additionalProperties: false }),
          response: {
            200: Type.Object({
              ...pageFields,
              items: Type.Array(
                Type.Object({
                  id: Type.String(),
                  email: Type.String(),
                  displayName: Type.String(),
                  disabled: Type.Boolean(),
                  grants: Type.Array(GrantSchema),
                }),
              ),
            }),
            ...problems(401, 403),
          },
        },
      },
      async (req, reply) => pageOf(req, reply, await accounts.listUsers(user(req))),
    );

    app.post(
      '/api/v1/users/:id/roles',
      {
        validatorCompiler: strictBody,
        onRequest: admin,
        schema: {
          tags,
          security,
          summary:
            'Grant a role (administrators only): an editor needs a mechanism, a focal point a country (ISO alpha-3); a reviewer may have a mechanism',
          params: Id,
          body: Type.Object(
            {
              role: Type.Enum([...ROLES]),
              scopeType: Type.Optional(Nullable(Type.Enum(['mechanism', 'country']))),
              scopeId: Type.Optional(
                Nullable(
                  Type.String({
                    maxLength: 80,
                    pattern: ONE_LINE,
                    description: 'a mechanism id, or an ISO 3166-1 alpha-3 country code',
                  }),
                ),
              ),
            },
            { additionalProperties: false },
          ),
          response: { 201: GrantSchema, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (req, reply) => reply.code(201).send(await accounts.grantRole(req.params.id, req.body, user(req))),
    );

    app.delete(
      '/api/v1/roles/:id',
      {
        onRequest: admin,
        schema: {
          tags,
          security,
          summary: 'Revoke a role grant (administrators only; never your own last administrator grant)',
          params: Id,
          response: { 200: GrantSchema, ...problems(401, 403, 404, 409) },
        },
      },
      async (req) => accounts.revokeGrant(req.params.id, user(req)),
    );

    app.get(
      '/api/v1/tokens',
      {
        onRequest: signedIn,
        schema: {
          tags,
          security,
          summary: 'Your API tokens (without the tokens themselves)',
          querystring: Type.Object({ ...pageQuery() }, { additionalProperties: false }),
          response: { 200: Type.Object({ ...pageFields, items: Type.Array(TokenSchema) }), ...problems(401) },
        },
      },
      async (req, reply) => pageOf(req, reply, await accounts.listTokens(user(req))),
    );

    app.post(
      '/api/v1/tokens',
      {
        validatorCompiler: strictBody,
        onRequest: authenticated(
          accounts,
          needs('token.create', 'an account without a role may not create API tokens'),
        ),
        schema: {
          tags,
          security,
          summary: 'Create an API token for yourself; the token is in this answer only',
          body: Type.Object(
            { label: Type.String({ minLength: 1, maxLength: 100, pattern: ONE_LINE, description: 'one line' }) },
            { additionalProperties: false },
          ),
          response: {
            201: Type.Object({ token: Type.String(), ...TokenSchema.properties }),
            ...problems(400, 401, 403),
          },
        },
      },
      async (req, reply) => {
        const { token, info } = await accounts.createOwnToken(req.body.label, user(req));
        return reply
          .code(201)
          .header('cache-control', 'no-store')
          .send({ token, ...info });
      },
    );

    app.delete(
      '/api/v1/tokens/:id',
      {
        onRequest: signedIn,
        schema: {
          tags,
          security,
          summary: "Revoke one of your API tokens (an administrator: anyone's)",
          params: Id,
          response: { 200: TokenSchema, ...problems(401, 404) },
        },
      },
      async (req) => accounts.revokeTokenById(req.params.id, user(req)),
    );

    app.get(
      '/api/v1/audit',
      {
        onRequest: authenticated(accounts, needs('audit.read', 'only an administrator may read the audit log')),
        schema: {
          tags,
          security,
          summary: 'The audit log, newest first, by pages (administrators only)',
          querystring: AuditQuery,
          response: {
            200: Type.Object({
              items: Type.Array(AuditItemSchema),
              nextCursor: Nullable(
                Type.String({ description: 'The cursor of the next page (also in the Link header); null at the end' }),
              ),
            }),
            ...problems(400, 401, 403),
          },
        },
      },
      async (req, reply) => {
        reply.header('cache-control', 'no-store');
        try {
          const r = await accounts.auditLog(user(req), req.query);
          linkNext(req, reply, origin(req), r.next);
          return { items: r.items, nextCursor: r.next };
        } catch (err) {
          // A bad filter value: a 400 problem naming the parameter.
          if (err instanceof ValidationError && err.field) throw new BadParameter(err.field, err.message);
          throw err;
        }
      },
    );
  };
