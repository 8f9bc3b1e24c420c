/**
 * Accounts: users with argon2id passwords, database sessions behind a random token, scoped role
 * grants, and the audit log. Every change writes its audit event in the same transaction.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Kysely, Transaction } from 'kysely';
import { lockInTransaction } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { allCountries } from '../registry/countries.js';
import {
  ADDRESS_WINDOW_MS,
  can,
  grantProblem,
  INVITE_DAYS,
  LOGIN_WINDOW_MS,
  LONGEST_ATTEMPT_WINDOW_MS,
  MAX_ATTEMPTS_PER_ADDRESS,
  MAX_FAILED_LOGINS,
  MAX_RESET_REQUESTS_PER_ACCOUNT,
  MAX_RESET_REQUESTS_PER_ADDRESS,
  MAX_RESET_USES_PER_ADDRESS,
  RESET_ACCOUNT_WINDOW_MS,
  RESET_ADDRESS_WINDOW_MS,
  ROLES,
  SESSION_DAYS,
  type AccountRole,
  type Grant,
} from './model.js';
import * as store from './store.js';
import { Conflict, Forbidden, NotFound, TooManyRequests, Unauthenticated, ValidationError } from '../http/errors.js';
import { logMailSender, type MailSender } from '../http/mail.js';

/** A refused account request (sign-in, reset, a CLI command), naming the field; sign-in answers it with 401 itself. */
export class AccountError extends ValidationError {
  constructor(field: string, message: string) {
    super(message, field);
  }
  declare readonly field: string;
}
/** Too many sign-in or reset attempts: the catalogue's 429, with Retry-After. */
export { TooManyRequests as TooManyAttempts };

export interface GrantInfo {
  id: string;
  userId: string;
  role: AccountRole;
  scopeType: 'mechanism' | 'country' | null;
  scopeId: string | null;
  grantedBy: string;
  grantedAt: string;
  revokedAt: string | null;
}
export interface UserInfo {
  id: string;
  email: string;
  displayName: string;
  disabled: boolean;
  grants: GrantInfo[];
}
/** A personal API token as its owner sees it: `id` is public (the first 16 hex characters of the stored sha256), never the token. */
export interface TokenInfo {
  id: string;
  userId: string;
  label: string;
  createdAt: string;
  revokedAt: string | null;
}

/** The public id of an API token: the first 16 hex characters of sha256(token), as stored in api_token.id. */
export const publicTokenId = (storedId: string) => storedId.slice(0, 16);
const grantInfo = (r: {
  id: string;
  user_id: string;
  role: string;
  scope_type: string | null;
  scope_id: string | null;
  granted_by: string;
  granted_at: string;
  revoked_at: string | null;
}): GrantInfo => ({
  id: r.id,
  userId: r.user_id,
  role: r.role as AccountRole,
  scopeType: r.scope_type as GrantInfo['scopeType'],
  scopeId: r.scope_id,
  grantedBy: r.granted_by,
  grantedAt: r.granted_at,
  revokedAt: r.revoked_at,
});
const tokenInfo = (r: {
  id: string;
  user_id: string;
  label: string;
  created_at: string;
  revoked_at: string | null;
}): TokenInfo => ({
  id: publicTokenId(r.id),
  userId: r.user_id,
  label: r.label,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});
const SIGN_IN = 'sign in, or send a personal API token as "Authorization: Bearer …"';

/** Filters of the audit log; every value as given (query string or form), '' meaning none. */
export interface AuditFilter {
  /** An action ("role.grant"), or every action under a prefix ending in "." ("change.", "auth."). */
  action?: string;
  /** A user id or an e-mail address (resolved to the account's id), or a literal actor ("anonymous", "system"). */
  actor?: string;
  recordType?: string;
  recordId?: string;
  /** ISO dates (whole days, inclusive) or ISO datetimes (UTC without an offset). */
  from?: string;
  to?: string;
  /** 1–200, default 50. */
  limit?: number | string;
  /** The `next` of the previous page. */
  cursor?: string;
}
/** Who did it: a user with their name and address, or a literal actor ("anonymous", "system", "reference-dataset") with nulls. */
export interface AuditActor {
  id: string;
  displayName: string | null;
  email: string | null;
}
export interface AuditItem {
  id: string;
  at: string;
  actor: AuditActor;
  action: string;
  recordType: string | null;
  recordId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
}
export const AUDIT_LIMIT = { min: 1, max: 200, default: 50 } as const;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/;
const validDay = (day: string) => {
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
};
const badParam = (name: string, message: string) => new ValidationError(`${name}: ${message}`, name);

/** A from/to bound as a stored timestamp: a date covers its whole day (UTC); a datetime is exact. */
function auditBound(name: 'from' | 'to', value: string): { at: string; exclusive: boolean } {
  if (DAY.test(value) && validDay(value)) {
    if (name === 'from') return { at: `${value}T00:00:00.000Z`, exclusive: false };
    const next = new Date(`${value}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    return { at: next.toISOString(), exclusive: true };
  }
  const m = DATETIME.exec(value);
  const d = m && validDay(m[1]!) ? new Date(m[4] ? value : `${value}Z`) : null;
  if (!d || Number.isNaN(d.getTime()))
    throw badParam(name, `"${value}" is not an ISO date (YYYY-MM-DD) or datetime (YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM])`);
  return { at: d.toISOString(), exclusive: false };
}

/** The opaque cursor of a page: base64url of the JSON [at, id] of its last item. */
const encodeCursor = (at: string, id: string) => Buffer.from(JSON.stringify([at, id])).toString('base64url');
function decodeCursor(value: string): { at: string; id: string } {
  const bad = badParam('cursor', 'not a cursor from a previous page (use the "next" value as it is)');
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(value)) throw bad;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw bad;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw bad;
  const [at, id] = parsed as unknown[];
  if (typeof at !== 'string' || typeof id !== 'string' || !DATETIME.test(at) || id.length === 0 || id.length > 40)
    throw bad;
  return { at, id };
}

function auditLimit(value: number | string | undefined): number {
  if (value === undefined || value === '') return AUDIT_LIMIT.default;
  const n = typeof value === 'number' ? value : /^\d{1,6}$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isInteger(n) || n < AUDIT_LIMIT.min || n > AUDIT_LIMIT.max)
    throw badParam('limit', `"${value}" is not an integer from ${AUDIT_LIMIT.min} to ${AUDIT_LIMIT.max}`);
  return n;
}

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  grants: Grant[];
  sessionId: string;
}

/** OWASP's minimum for argon2id: 19 MiB, 2 iterations, 1 lane. */
const ARGON2 = { memoryCost: 19456, timeCost: 2, parallelism: 1 };
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Delivers account e-mail (src/http/mail.ts): the default writes the message to the log; SMTP_URL sends it. */
export type { MailSender } from '../http/mail.js';

export const RESET_MINUTES = 60;

/** An invitation not yet used, as administrators see it (never the token). */
export interface InvitationInfo {
  email: string;
  invitedBy: string;
  createdAt: string;
  expiresAt: string;
}
const INVITE_UNUSABLE = 'this invitation link is unknown, used or expired; ask an administrator for a new one';

/** Checks a password against a stored argon2 hash (injectable so tests can count the calls). */
export type PasswordVerifier = (passwordHash: string, password: string) => Promise<boolean>;
const argon2Verify: PasswordVerifier = (passwordHash, password) => verify(passwordHash, password);

/**
 * The hash an unknown (or disabled) account's sign-in is verified against, so that every sign-in
 * costs one argon2 verification: made once per process, with the same parameters as real hashes.
 */
let dummyHash: Promise<string> | undefined;
const dummy = () => (dummyHash ??= hash(randomBytes(32).toString('base64url'), ARGON2));

export interface AccountsOptions {
  /** Default: argon2 verify. */
  verifyPassword?: PasswordVerifier;
}

export class AccountsService {
  private readonly verifyPassword: PasswordVerifier;
  constructor(
    readonly db: Kysely<DB>,
    private readonly send: MailSender = logMailSender,
    opts: AccountsOptions = {},
  ) {
    this.verifyPassword = opts.verifyPassword ?? argon2Verify;
    void dummy(); // at start, not on the first sign-in
  }

  /**
   * Send a one-time reset link when the address belongs to an account. The caller always answers
   * the same way, so the form does not reveal which addresses have accounts.
   */
  /**
   * `linkFor` null: reset mail is disabled (no PUBLIC_URL); the request is audited, nothing is created or sent.
   * Limited in the database, so the limits hold across server processes (TooManyAttempts): per client
   * address, and per e-mail address whether or not it has an account (the refusal reveals nothing).
   */
  async requestReset(
    emailInput: string,
    linkFor: ((token: string) => string) | null,
    ip: string | null,
  ): Promise<void> {
    const email = emailInput.trim().toLowerCase();
    await store.pruneAttempts(this.db, new Date(Date.now() - LONGEST_ATTEMPT_WINDOW_MS).toISOString());
    if (ip)
      await this.attempt(
        'reset-address',
        ip,
        MAX_RESET_REQUESTS_PER_ADDRESS,
        RESET_ADDRESS_WINDOW_MS,
        `too many password-reset requests from this address; try again in ${RESET_ADDRESS_WINDOW_MS / 1000} seconds`,
      );
    await this.attempt(
      'reset-account',
      email.slice(0, 320),
      MAX_RESET_REQUESTS_PER_ACCOUNT,
      RESET_ACCOUNT_WINDOW_MS,
      `too many password-reset requests for this e-mail address; try again in ${RESET_ACCOUNT_WINDOW_MS / 60000} minutes`,
    );
    const user = await store.userByEmail(this.db, email);
    await this.audit(this.db, {
      actor: 'anonymous',
      action: 'auth.reset.request',
      recordType: 'user',
      recordId: email,
      ip,
      after: linkFor ? undefined : { mailed: false, reason: 'PUBLIC_URL is not set' },
    });
    if (!user || user.disabled === 1 || !linkFor) return;
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    await this.db
      .insertInto('password_reset')
      .values({
        id: sha256(token),
        user_id: user.id,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + RESET_MINUTES * 60_000).toISOString(),
        used_at: null,
      })
      .execute();
    await this.send({
      to: user.email,
      subject: 'ISCM Hub: reset your password',
      text: `Open this link within ${RESET_MINUTES} minutes to choose a new password:\n${linkFor(token)}\n\nIf you did not ask for it, ignore this message.`,
    });
  }

  /**
   * Use a reset token once: set the new password, end every session of the account, cancel every
   * other outstanding reset link, and (when asked) revoke every API token — all in one transaction.
   */
  async resetPassword(
    token: string,
    password: string,
    ip: string | null,
    opts: { revokeTokens: boolean },
  ): Promise<{ tokensRevoked: number }> {
    if (ip)
      await this.attempt(
        'reset-use',
        ip,
        MAX_RESET_USES_PER_ADDRESS,
        RESET_ADDRESS_WINDOW_MS,
        `too many password resets from this address; try again in ${RESET_ADDRESS_WINDOW_MS / 1000} seconds`,
      );
    if (password.length < 12) throw new AccountError('password', 'the password must have at least 12 characters');
    const row = await this.db
      .selectFrom('password_reset')
      .selectAll()
      .where('id', '=', sha256(token))
      .executeTakeFirst();
    if (!row || row.used_at !== null || row.expires_at < new Date().toISOString())
      throw new AccountError('token', 'this reset link is unknown, used or expired; ask for a new one');
    const password_hash = await hash(password, ARGON2);
    return this.db.transaction().execute(async (tx) => {
      const used = await tx
        .updateTable('password_reset')
        .set({ used_at: new Date().toISOString() })
        .where('id', '=', row.id)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      if (Number(used.numUpdatedRows) !== 1) throw new AccountError('token', 'this reset link was used already');
      const now = new Date().toISOString();
      const others = await tx
        .updateTable('password_reset')
        .set({ used_at: now })
        .where('user_id', '=', row.user_id)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      await tx.updateTable('user_account').set({ password_hash }).where('id', '=', row.user_id).execute();
      await tx.deleteFrom('session').where('user_id', '=', row.user_id).execute();
      const revoked = opts.revokeTokens ? await this.revokeAllTokens(tx, row.user_id, now, ip) : 0;
      await this.audit(tx, {
        actor: row.user_id,
        action: 'auth.reset',
        recordType: 'user',
        recordId: row.user_id,
        ip,
        after: { otherResetLinksCancelled: Number(others.numUpdatedRows), tokensRevoked: revoked },
      });
      return { tokensRevoked: revoked };
    });
  }

  /** Revoke every active API token of a user inside the caller's transaction, one audit event each. */
  private async revokeAllTokens(
    tx: Transaction<DB>,
    userId: string,
    revokedAt: string,
    ip: string | null,
  ): Promise<number> {
    const rows = await tx
      .selectFrom('api_token')
      .selectAll()
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    for (const r of rows) {
      await tx.updateTable('api_token').set({ revoked_at: revokedAt }).where('id', '=', r.id).execute();
      await this.audit(tx, {
        actor: userId,
        action: 'token.revoke',
        recordType: 'token',
        recordId: publicTokenId(r.id),
        ip,
        before: tokenInfo(r),
        after: { ...tokenInfo(r), revokedAt },
      });
    }
    return rows.length;
  }

  private async audit(
    q: Kysely<DB> | Transaction<DB>,
    e: {
      actor: string;
      action: string;
      recordType?: string;
      recordId?: string;
      before?: unknown;
      after?: unknown;
      ip?: string | null;
    },
  ) {
    await store.insertAudit(q, {
      id: randomUUID(),
      at: new Date().toISOString(),
      actor: e.actor,
      action: e.action,
      record_type: e.recordType ?? null,
      record_id: e.recordId ?? null,
      before: e.before === undefined ? null : JSON.stringify(e.before),
      after: e.after === undefined ? null : JSON.stringify(e.after),
      ip: e.ip ?? null,
    });
  }

  async createUser(input: { email: string; displayName: string; password: string }, actor: string): Promise<string> {
    const email = input.email.trim().toLowerCase();
    if (!EMAIL.test(email)) throw new AccountError('email', `"${input.email}" is not an e-mail address`);
    if (input.password.length < 12) throw new AccountError('password', 'the password must have at least 12 characters');
    if (!input.displayName.trim()) throw new AccountError('displayName', 'a display name is required');
    if (await store.userByEmail(this.db, email))
      throw new AccountError('email', `an account for ${email} already exists`);
    const id = randomUUID();
    const password_hash = await hash(input.password, ARGON2);
    await this.db.transaction().execute(async (tx) => {
      await store.insertUser(tx, {
        id,
        email,
        display_name: input.displayName.trim(),
        password_hash,
        disabled: 0,
        created_at: new Date().toISOString(),
        version: 1,
      });
      await this.audit(tx, {
        actor,
        action: 'user.create',
        recordType: 'user',
        recordId: id,
        after: { email, displayName: input.displayName.trim() },
      });
    });
    return id;
  }

  async grant(userId: string, g: Grant, actor: string): Promise<string> {
    const problem = grantProblem(g);
    if (problem) throw new AccountError('role', problem);
    if (!(await store.userById(this.db, userId))) throw new AccountError('user', `no user ${userId}`);
    const id = randomUUID();
    await this.db.transaction().execute(async (tx) => {
      await store.insertGrant(tx, {
        id,
        user_id: userId,
        role: g.role,
        scope_type: g.scopeType,
        scope_id: g.scopeId,
        granted_by: actor,
        granted_at: new Date().toISOString(),
        revoked_at: null,
      });
      await this.audit(tx, { actor, action: 'role.grant', recordType: 'user', recordId: userId, after: { id, ...g } });
    });
    return id;
  }

  /**
   * Check the password and open a new session (a new token every time, so a token planted before
   * sign-in is never promoted). Limits, counted in the database so they hold across server processes
   * and checked before any password verification: MAX_ATTEMPTS_PER_ADDRESS attempts per client address
   * in ADDRESS_WINDOW_MS, and MAX_FAILED_LOGINS failures per account in LOGIN_WINDOW_MS (after which
   * the account refuses sign-in, even with the right password, until the window passes). Every
   * attempt verifies one argon2 hash — a dummy one for an unknown or disabled account.
   */
  async signIn(emailInput: string, password: string, ip: string | null): Promise<{ token: string; userId: string }> {
    const email = emailInput.trim().toLowerCase();
    await store.pruneAttempts(this.db, new Date(Date.now() - LONGEST_ATTEMPT_WINDOW_MS).toISOString());
    if (ip) {
      await this.attempt(
        'address',
        ip,
        MAX_ATTEMPTS_PER_ADDRESS,
        ADDRESS_WINDOW_MS,
        `too many sign-in attempts from this address; try again in ${ADDRESS_WINDOW_MS / 1000} seconds`,
      );
    }
    // Counted as a failure unless the password turns out right (concurrent guesses count too).
    const pending = await this.attempt(
      'account',
      email.slice(0, 320),
      MAX_FAILED_LOGINS,
      LOGIN_WINDOW_MS,
      `too many failed sign-ins for this account; try again in ${LOGIN_WINDOW_MS / 60000} minutes`,
    );
    const user = await store.userByEmail(this.db, email);
    const verified = await this.verifyPassword(user?.password_hash ?? (await dummy()), password);
    if (!verified || !user || user.disabled !== 0) {
      await this.audit(this.db, { actor: 'anonymous', action: 'auth.failed', recordType: 'user', recordId: email, ip });
      throw new AccountError('password', 'the e-mail address or the password is not right');
    }
    await store.deleteAttempt(this.db, pending);
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    await this.db.transaction().execute(async (tx) => {
      await store.insertSession(tx, {
        id: sha256(token),
        user_id: user.id,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString(),
      });
      await this.audit(tx, { actor: user.id, action: 'auth.signin', recordType: 'user', recordId: user.id, ip });
    });
    return { token, userId: user.id };
  }

  /**
   * Count a key's attempts in the window and, under `max`, record one more — in one transaction
   * serialised per key across every server process, so concurrent attempts are counted exactly. A
   * refused attempt is not recorded (it does not prolong the wait). Returns the attempt's id.
   */
  private async attempt(
    kind: store.AttemptKind,
    key: string,
    max: number,
    windowMs: number,
    refusal: string,
  ): Promise<string> {
    const id = randomUUID();
    await this.db.transaction().execute(async (tx) => {
      await lockInTransaction(tx, `signin_attempt:${kind}:${key}`);
      const now = Date.now();
      if ((await store.countAttempts(tx, kind, key, new Date(now - windowMs).toISOString())) >= max) {
        throw new TooManyRequests(refusal, Math.ceil(windowMs / 1000));
      }
      await store.insertAttempt(tx, { id, kind, key, at: new Date(now).toISOString() });
    });
    return id;
  }

  async sessionUser(token: string | undefined): Promise<SessionUser | null> {
    if (!token) return null;
    const row = await store.sessionWithUser(this.db, sha256(token));
    if (!row || row.disabled === 1 || row.expires_at < new Date().toISOString()) return null;
    const grants = (await store.activeGrants(this.db, row.id)).map(
      (g) => ({ role: g.role, scopeType: g.scope_type, scopeId: g.scope_id }) as Grant,
    );
    return { id: row.id, email: row.email, displayName: row.display_name, grants, sessionId: row.session_id };
  }

  async signOut(token: string, ip: string | null): Promise<void> {
    const id = sha256(token);
    const row = await store.sessionWithUser(this.db, id);
    if (!row) return;
    await this.db.transaction().execute(async (tx) => {
      await store.deleteSession(tx, id);
      await this.audit(tx, { actor: row.id, action: 'auth.signout', recordType: 'user', recordId: row.id, ip });
    });
  }

  /** A personal API token: shown once, stored as its sha256, acting with its owner's roles until revoked. */
  async createToken(userId: string, label: string, actor: string): Promise<string> {
    const token = `iscm_${randomBytes(32).toString('base64url')}`;
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('api_token')
        .values({ id: sha256(token), user_id: userId, label, created_at: new Date().toISOString(), revoked_at: null })
        .execute();
      await this.audit(tx, {
        actor,
        action: 'token.create',
        recordType: 'user',
        recordId: userId,
        after: { id: publicTokenId(sha256(token)), label },
      });
    });
    return token;
  }

  /**
   * The user behind an `Authorization: Bearer …` header: null without one (each service then answers
   * 401 for what needs a user); an unknown or revoked token is refused here.
   */
  async bearerUser(authorization: string | undefined): Promise<SessionUser | null> {
    if (!authorization?.startsWith('Bearer ')) return null;
    const u = await this.tokenUser(authorization.slice(7).trim());
    if (!u) throw new Unauthenticated('this API token is unknown or revoked');
    return u;
  }

  async tokenUser(token: string): Promise<SessionUser | null> {
    const row = await this.db
      .selectFrom('api_token')
      .innerJoin('user_account', 'user_account.id', 'api_token.user_id')
      .select([
        'api_token.id as token_id',
        'api_token.revoked_at',
        'user_account.id',
        'user_account.email',
        'user_account.display_name',
        'user_account.disabled',
      ])
      .where('api_token.id', '=', sha256(token))
      .executeTakeFirst();
    if (!row || row.revoked_at !== null || row.disabled === 1) return null;
    const grants = (await store.activeGrants(this.db, row.id)).map(
      (g) => ({ role: g.role, scopeType: g.scope_type, scopeId: g.scope_id }) as Grant,
    );
    return { id: row.id, email: row.email, displayName: row.display_name, grants, sessionId: row.token_id };
  }

  async revokeToken(token: string, actor: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('api_token')
        .set({ revoked_at: new Date().toISOString() })
        .where('id', '=', sha256(token))
        .execute();
      await this.audit(tx, {
        actor,
        action: 'token.revoke',
        recordType: 'token',
        recordId: publicTokenId(sha256(token)),
      });
    });
  }

  /** Write an audit event inside the caller's transaction (every change audits itself). */
  recordEvent(
    tx: Transaction<DB>,
    e: {
      actor: string;
      action: string;
      recordType?: string;
      recordId?: string;
      before?: unknown;
      after?: unknown;
      ip?: string | null;
    },
  ) {
    return this.audit(tx, e);
  }

  auditTrail(filter: Parameters<typeof store.auditEvents>[1] = {}) {
    return store.auditEvents(this.db, filter);
  }

  /**
   * The audit log for administrators (`audit.read`), newest first, one page at a time (keyset on
   * (at, id), so pages stay exact while events are added). A bad filter value is a 400 naming it.
   */
  async auditLog(
    actor: SessionUser | null,
    filter: AuditFilter = {},
  ): Promise<{ items: AuditItem[]; next: string | null }> {
    if (!actor) throw new Unauthenticated(SIGN_IN);
    if (!can(actor.grants, 'audit.read')) throw new Forbidden('only an administrator may read the audit log');
    const given = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());
    const limit = auditLimit(filter.limit);
    const cursor = given(filter.cursor);
    const before = cursor === undefined ? undefined : decodeCursor(cursor);
    const fromValue = given(filter.from);
    const toValue = given(filter.to);
    const from = fromValue === undefined ? undefined : auditBound('from', fromValue);
    const to = toValue === undefined ? undefined : auditBound('to', toValue);
    if (from && to && (to.exclusive ? to.at <= from.at : to.at < from.at))
      throw badParam('to', `"${toValue}" is before from "${fromValue}"`);
    const action = given(filter.action);
    let actorId = given(filter.actor);
    if (actorId?.includes('@')) {
      const user = await store.userByEmail(this.db, actorId.toLowerCase());
      if (!user) return { items: [], next: null };
      actorId = user.id;
    }
    const rows = await store.auditPage(this.db, {
      ...(action === undefined ? {} : action.endsWith('.') ? { actionPrefix: action } : { action }),
      actor: actorId,
      recordType: given(filter.recordType),
      recordId: given(filter.recordId),
      from: from?.at,
      to: to?.at,
      toExclusive: to?.exclusive ?? false,
      before,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const users = new Map(
      (await store.usersByIds(this.db, [...new Set(page.map((r) => r.actor))])).map((u) => [u.id, u]),
    );
    const items = page.map((r): AuditItem => {
      const u = users.get(r.actor);
      return {
        id: r.id,
        at: r.at,
        actor: { id: r.actor, displayName: u?.display_name ?? null, email: u?.email ?? null },
        action: r.action,
        recordType: r.record_type,
        recordId: r.record_id,
        before: parseJson(r.before),
        after: parseJson(r.after),
        ip: r.ip,
      };
    });
    const last = page.at(-1);
    return { items, next: rows.length > limit && last ? encodeCursor(last.at, last.id) : null };
  }

  async findUser(email: string) {
    return store.userByEmail(this.db, email.trim().toLowerCase());
  }

  /**
   * Where to write to some accounts, by id: the e-mail address and display name of each active one (a disabled
   * account is left out). For mail a feature sends (digests), without reading the accounts' tables.
   */
  async contacts(ids: readonly string[]): Promise<Map<string, { email: string; name: string }>> {
    const wanted = [...new Set(ids)];
    if (wanted.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('user_account')
      .select(['id', 'email', 'display_name'])
      .where('id', 'in', wanted)
      .where('disabled', '=', 0)
      .execute();
    return new Map(rows.map((r) => [r.id, { email: r.email, name: r.display_name }]));
  }

  /** The accounts holding a role with this scope now (not revoked): e.g. a mechanism's editors, its secretariat. */
  async holders(role: AccountRole, scope: { type: 'mechanism' | 'country'; id: string }): Promise<string[]> {
    const rows = await this.db
      .selectFrom('role_grant')
      .select('user_id')
      .distinct()
      .where('role', '=', role)
      .where('scope_type', '=', scope.type)
      .where('scope_id', '=', scope.id)
      .where('revoked_at', 'is', null)
      .orderBy('user_id')
      .execute();
    return rows.map((r) => r.user_id);
  }

  /** The display names of some accounts, by id (other features name authors without reading the accounts' tables). */
  async displayNames(ids: readonly string[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids)];
    if (wanted.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('user_account')
      .select(['id', 'display_name'])
      .where('id', 'in', wanted)
      .execute();
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }
  // ---- Administration: only administrators (`can(grants, 'role.grant')`) manage roles; everyone signed in manages their own tokens.

  private requireAdmin(actor: SessionUser | null, refusal = 'only an administrator may manage roles'): SessionUser {
    if (!actor) throw new Unauthenticated(SIGN_IN);
    if (!can(actor.grants, 'role.grant')) throw new Forbidden(refusal);
    return actor;
  }

  /**
   * An administrator opens an account with a first password (to hand over in person; the holder changes it by the
   * reset link). Audited as user.create by the administrator.
   */
  async createAccount(
    input: { email: string; displayName: string; password: string },
    actorOrNull: SessionUser | null,
  ): Promise<string> {
    const actor = this.requireAdmin(actorOrNull, 'only an administrator may create accounts');
    if (input.displayName.trim().length > 100)
      throw new AccountError('displayName', 'the display name has at most 100 characters');
    return this.createUser(input, actor.id);
  }

  /**
   * An administrator invites an e-mail address: a one-time link (random token, stored as its sha256, valid
   * INVITE_DAYS days) is mailed; its holder sets a name and a password on /{lang}/invite/{token}, which opens the
   * account. `linkFor` null (no PUBLIC_URL) refuses it: the link is never written from the request's Host header.
   * A new invitation to the same address cancels the earlier ones. Limited per address invited like reset mail.
   */
  async invite(
    emailInput: string,
    linkFor: ((token: string) => string) | null,
    actorOrNull: SessionUser | null,
    ip: string | null,
  ): Promise<InvitationInfo> {
    const actor = this.requireAdmin(actorOrNull, 'only an administrator may invite accounts');
    const email = emailInput.trim().toLowerCase();
    if (!EMAIL.test(email) || email.length > 320)
      throw new AccountError('email', `"${emailInput.trim()}" is not an e-mail address`);
    if (!linkFor)
      throw new Conflict(
        'invitations are mailed only when PUBLIC_URL is set (a link is never written from the Host header of a request); set PUBLIC_URL, or create the account with a first password',
        'email',
      );
    if (await store.userByEmail(this.db, email))
      throw new AccountError('email', `an account for ${email} already exists`);
    await store.pruneAttempts(this.db, new Date(Date.now() - LONGEST_ATTEMPT_WINDOW_MS).toISOString());
    await this.attempt(
      'invite-account',
      email,
      MAX_RESET_REQUESTS_PER_ACCOUNT,
      RESET_ACCOUNT_WINDOW_MS,
      `too many invitations to this e-mail address; try again in ${RESET_ACCOUNT_WINDOW_MS / 60000} minutes`,
    );
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    const info: InvitationInfo = {
      email,
      invitedBy: actor.id,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + INVITE_DAYS * 86_400_000).toISOString(),
    };
    await this.db.transaction().execute(async (tx) => {
      const cancelled = await tx
        .updateTable('invitation')
        .set({ expires_at: info.createdAt })
        .where('email', '=', email)
        .where('used_at', 'is', null)
        .where('expires_at', '>', info.createdAt)
        .executeTakeFirst();
      await tx
        .insertInto('invitation')
        .values({
          id: sha256(token),
          email,
          invited_by: actor.id,
          created_at: info.createdAt,
          expires_at: info.expiresAt,
          used_at: null,
          user_id: null,
        })
        .execute();
      await this.audit(tx, {
        actor: actor.id,
        action: 'user.invite',
        recordType: 'invitation',
        recordId: email,
        ip,
        after: { email, expiresAt: info.expiresAt, earlierInvitationsCancelled: Number(cancelled.numUpdatedRows) },
      });
    });
    await this.send({
      to: email,
      subject: 'ISCM Hub: you are invited to open an account',
      text: `${actor.displayName} invites you to ISCM Hub. Open this link within ${INVITE_DAYS} days to choose your name and password:\n${linkFor(token)}\n\nThe link works once. If you did not expect it, ignore this message.`,
    });
    return info;
  }

  /** The invitations not yet used nor expired (administrators). */
  async pendingInvitations(actorOrNull: SessionUser | null): Promise<InvitationInfo[]> {
    this.requireAdmin(actorOrNull);
    const rows = await this.db
      .selectFrom('invitation')
      .select(['email', 'invited_by', 'created_at', 'expires_at'])
      .where('used_at', 'is', null)
      .where('expires_at', '>', new Date().toISOString())
      .orderBy('created_at')
      .orderBy('email')
      .execute();
    return rows.map((r) => ({
      email: r.email,
      invitedBy: r.invited_by,
      createdAt: r.created_at,
      expiresAt: r.expires_at,
    }));
  }

  /** The address an invitation link is for, while it is usable (else a 400 naming the token). */
  async invitation(token: string): Promise<{ email: string; expiresAt: string }> {
    const row = /^[A-Za-z0-9_-]{20,100}$/.test(token)
      ? await this.db.selectFrom('invitation').selectAll().where('id', '=', sha256(token)).executeTakeFirst()
      : undefined;
    if (!row || row.used_at !== null || row.expires_at <= new Date().toISOString())
      throw new AccountError('token', INVITE_UNUSABLE);
    return { email: row.email, expiresAt: row.expires_at };
  }

  /**
   * Use an invitation once: open the account with the name and password chosen, in one transaction with the
   * link's use and the audit event (user.create by the new account, naming who invited it). Limited per client
   * address like reset links.
   */
  async acceptInvitation(
    token: string,
    input: { displayName: string; password: string },
    ip: string | null,
  ): Promise<string> {
    if (ip)
      await this.attempt(
        'invite-use',
        ip,
        MAX_RESET_USES_PER_ADDRESS,
        RESET_ADDRESS_WINDOW_MS,
        `too many invitation links used from this address; try again in ${RESET_ADDRESS_WINDOW_MS / 1000} seconds`,
      );
    const { email } = await this.invitation(token);
    const displayName = input.displayName.trim();
    if (!displayName) throw new AccountError('displayName', 'a display name is required');
    if (displayName.length > 100) throw new AccountError('displayName', 'the display name has at most 100 characters');
    if (input.password.length < 12) throw new AccountError('password', 'the password must have at least 12 characters');
    if (await store.userByEmail(this.db, email))
      throw new AccountError('token', `an account for ${email} exists already; sign in, or ask for a reset link`);
    const id = randomUUID();
    const password_hash = await hash(input.password, ARGON2);
    await this.db.transaction().execute(async (tx) => {
      const now = new Date().toISOString();
      const row = await tx.selectFrom('invitation').selectAll().where('id', '=', sha256(token)).executeTakeFirst();
      const used = await tx
        .updateTable('invitation')
        .set({ used_at: now, user_id: id })
        .where('id', '=', sha256(token))
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      if (!row || Number(used.numUpdatedRows) !== 1) throw new AccountError('token', INVITE_UNUSABLE);
      await store.insertUser(tx, {
        id,
        email,
        display_name: displayName,
        password_hash,
        disabled: 0,
        created_at: now,
        version: 1,
      });
      await this.audit(tx, {
        actor: id,
        action: 'user.create',
        recordType: 'user',
        recordId: id,
        ip,
        after: { email, displayName, invitedBy: row.invited_by },
      });
    });
    return id;
  }

  /**
   * The scopes a grant can have, for the administrators' picker: every mechanism (its name in `lang` where a source
   * gives one, else its English name, flagged `en`), sorted by name in that language.
   */
  async scopeChoices(
    actorOrNull: SessionUser | null,
    lang: string,
  ): Promise<{ mechanisms: { id: string; name: string; en: boolean }[] }> {
    this.requireAdmin(actorOrNull);
    const rows = await store.mechanismChoices(this.db);
    const mechanisms = rows.map((m) => {
      let own: string | undefined;
      try {
        own = (JSON.parse(m.official_names) as Record<string, { name?: string } | null>)[lang]?.name;
      } catch {
        own = undefined;
      }
      const english = m.common_name ?? m.name;
      const base = lang !== 'en' && own ? own : english;
      return {
        id: m.id,
        name: m.acronym && !base.includes(m.acronym) ? `${base} (${m.acronym})` : base,
        en: lang !== 'en' && !own,
      };
    });
    return { mechanisms: mechanisms.sort((a, b) => a.name.localeCompare(b.name, lang)) };
  }

  /** Every account with its active grants, by e-mail address. */
  async listUsers(actor: SessionUser | null): Promise<UserInfo[]> {
    this.requireAdmin(actor);
    const grants = await store.allActiveGrants(this.db);
    return (await store.allUsers(this.db)).map((u) => ({
      id: u.id,
      email: u.email,
      displayName: u.display_name,
      disabled: u.disabled === 1,
      grants: grants.filter((g) => g.user_id === u.id).map(grantInfo),
    }));
  }

  /**
   * Grant a role as an administrator. The scope must exist: a mechanism id in the registry, or an
   * ISO 3166-1 alpha-3 code of the registry's country list. The same active grant twice is a 409.
   */
  async grantRole(
    userId: string,
    input: { role: string; scopeType?: string | null; scopeId?: string | null },
    actorOrNull: SessionUser | null,
  ): Promise<GrantInfo> {
    const actor = this.requireAdmin(actorOrNull);
    if (!(ROLES as readonly string[]).includes(input.role))
      throw new ValidationError(`"${input.role}" is not a role (${ROLES.join(', ')})`, 'role');
    if (input.scopeType != null && input.scopeType !== 'mechanism' && input.scopeType !== 'country')
      throw new ValidationError(`"${input.scopeType}" is not a scope type (mechanism or country)`, 'scopeId');
    const scopeType = input.scopeType ?? null;
    let scopeId = input.scopeId?.trim() || null;
    if (scopeType === 'country' && scopeId) scopeId = scopeId.toUpperCase();
    const g: Grant = { role: input.role as AccountRole, scopeType, scopeId };
    const problem = grantProblem(g);
    if (problem) throw new ValidationError(problem, 'scopeId');
    if (scopeType === null && scopeId !== null)
      throw new ValidationError('an unscoped grant has no scope id', 'scopeId');
    if (!(await store.userById(this.db, userId))) throw NotFound.because(`no user ${userId}`, 'user');
    const isCountry = (code: string) => allCountries().some((c) => c.code === code);
    if (scopeType === 'mechanism' && !(await store.mechanismExists(this.db, scopeId!)))
      throw new ValidationError(
        isCountry(scopeId!.toUpperCase())
          ? `this role is scoped to a mechanism, not to a country: "${scopeId}" is a country code; choose a mechanism`
          : `no mechanism "${scopeId}" in the registry`,
        'scopeId',
      );
    if (scopeType === 'country' && !isCountry(scopeId!))
      throw new ValidationError(
        (await store.mechanismExists(this.db, scopeId!.toLowerCase()))
          ? `a country focal point grant needs a country, not a mechanism: "${scopeId!.toLowerCase()}" is a mechanism; choose a country`
          : `"${scopeId}" is not a known ISO 3166-1 alpha-3 country code`,
        'scopeId',
      );
    const same = (await store.activeGrants(this.db, userId)).some(
      (r) => r.role === g.role && r.scope_type === g.scopeType && r.scope_id === g.scopeId,
    );
    if (same) throw new Conflict('this account already has this role with this scope', 'role');
    const id = await this.grant(userId, g, actor.id);
    return grantInfo((await store.grantById(this.db, id))!);
  }

  /**
   * Revoke a grant (it stays in the table with revoked_at set). An administrator may not revoke
   * their own last administrator grant, and no revocation may leave the system without one.
   */
  async revokeGrant(grantId: string, actorOrNull: SessionUser | null): Promise<GrantInfo> {
    const actor = this.requireAdmin(actorOrNull);
    const row = await store.grantById(this.db, grantId);
    if (!row || row.revoked_at !== null) throw NotFound.because(`no active grant ${grantId}`);
    const lastAdmin =
      'you cannot revoke your own last administrator role: ask another administrator, so the system always keeps one';
    if (
      row.role === 'admin' &&
      row.user_id === actor.id &&
      (await store.countActiveAdminGrants(this.db, actor.id)) <= 1
    )
      throw new Conflict(lastAdmin);
    const revokedAt = new Date().toISOString();
    await this.db.transaction().execute(async (tx) => {
      // Revocations of administrator grants go one at a time: this no-op write locks every active
      // administrator grant (PostgreSQL), so two administrators revoking each other cannot both succeed.
      if (row.role === 'admin')
        await tx
          .updateTable('role_grant')
          .set({ revoked_at: null })
          .where('role', '=', 'admin')
          .where('revoked_at', 'is', null)
          .execute();
      const done = await tx
        .updateTable('role_grant')
        .set({ revoked_at: revokedAt })
        .where('id', '=', grantId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) !== 1) throw NotFound.because(`no active grant ${grantId}`);
      // Checked again inside the write: the acting administrator must still be one.
      if (row.role === 'admin' && (await store.countActiveAdminGrants(tx, actor.id)) === 0)
        throw new Conflict(lastAdmin);
      await this.audit(tx, {
        actor: actor.id,
        action: 'role.revoke',
        recordType: 'user',
        recordId: row.user_id,
        before: grantInfo(row),
      });
    });
    return { ...grantInfo(row), revokedAt };
  }

  /** The caller's own API tokens, revoked ones included (never the token itself). */
  async listTokens(actor: SessionUser | null): Promise<TokenInfo[]> {
    if (!actor) throw new Unauthenticated(SIGN_IN);
    return (await store.tokensOf(this.db, actor.id)).map(tokenInfo);
  }

  /** A new API token for the caller (`token.create`: anyone with a role). The token is returned once. */
  async createOwnToken(labelInput: string, actor: SessionUser | null): Promise<{ token: string; info: TokenInfo }> {
    if (!actor) throw new Unauthenticated(SIGN_IN);
    if (!can(actor.grants, 'token.create')) throw new Forbidden('an account without a role may not create API tokens');
    const label = labelInput.trim();
    if (!label || label.length > 100) throw new ValidationError('a label of 1 to 100 characters is required', 'label');
    const token = await this.createToken(actor.id, label, actor.id);
    const row = (await store.tokensByPublicId(this.db, publicTokenId(sha256(token))))[0]!;
    return { token, info: tokenInfo(row) };
  }

  /** Revoke a token by its public id: one of the caller's own, or anyone's for an administrator (404 otherwise). */
  async revokeTokenById(tokenId: string, actor: SessionUser | null): Promise<TokenInfo> {
    if (!actor) throw new Unauthenticated(SIGN_IN);
    const notFound = NotFound.because(`no active API token ${tokenId} of yours`);
    if (!/^[0-9a-f]{16}$/.test(tokenId)) throw notFound;
    const rows = await store.tokensByPublicId(this.db, tokenId);
    const row = rows.length === 1 ? rows[0]! : undefined;
    if (!row || row.revoked_at !== null || (row.user_id !== actor.id && !can(actor.grants, 'role.grant')))
      throw notFound;
    const revokedAt = new Date().toISOString();
    await this.db.transaction().execute(async (tx) => {
      const done = await tx
        .updateTable('api_token')
        .set({ revoked_at: revokedAt })
        .where('id', '=', row.id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) !== 1) throw notFound;
      await this.audit(tx, {
        actor: actor.id,
        action: 'token.revoke',
        recordType: 'token',
        recordId: tokenId,
        before: tokenInfo(row),
        after: { ...tokenInfo(row), revokedAt },
      });
    });
    return { ...tokenInfo(row), revokedAt };
  }
}
