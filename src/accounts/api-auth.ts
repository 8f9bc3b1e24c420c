/**
 * The order of checks on every API route that needs a user: authenticate (401) and, where the
 * target is known from the URL, authorise (403) in an `onRequest` hook — before the body is read,
 * parsed or validated, so an anonymous or forged-token caller learns nothing about the schema. The
 * body is validated after (400 naming the field), and If-Match last (428/412, in the service).
 */
import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { can, type Action } from './model.js';
import type { AccountsService, SessionUser } from './service.js';
import { Forbidden, Unauthenticated } from '../http/errors.js';

const users = new WeakMap<FastifyRequest, SessionUser>();

/** The Bearer-token user an `authenticated` hook found for this request (null on routes without one). */
export const apiUser = (req: FastifyRequest): SessionUser | null => users.get(req) ?? null;

/** Authorise a request whose user is known; throws a 403 (or 404 for a target that does not exist). */
export type Authorise = (user: SessionUser, req: FastifyRequest) => Promise<void> | void;

/** An onRequest hook: 401 without a valid personal API token, then `authorise`. */
export function authenticated(accounts: AccountsService, authorise?: Authorise): onRequestAsyncHookHandler {
  return async (req) => {
    const user = await accounts.bearerUser(req.headers.authorization);
    if (!user) throw new Unauthenticated('sign in, or send a personal API token as "Authorization: Bearer …"');
    users.set(req, user);
    if (authorise) await authorise(user, req);
  };
}

/**
 * An onRequest hook for a route open to everyone whose answer depends on who asks: the personal API token's
 * user when one is sent (then read with `apiUser`), and `authorise` with that user or null.
 */
export function identified(
  accounts: AccountsService,
  authorise?: (user: SessionUser | null, req: FastifyRequest) => Promise<void>,
): onRequestAsyncHookHandler {
  return async (req) => {
    const user = await accounts.bearerUser(req.headers.authorization);
    if (user) users.set(req, user);
    if (authorise) await authorise(user, req);
  };
}

/** Authorise by a permission that needs no target (administration: any mechanism or country). */
export const needs =
  (action: Action, message: string): Authorise =>
  (user) => {
    if (!can(user.grants, action)) throw new Forbidden(message);
  };
