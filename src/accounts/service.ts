/**
 * Accounts: users with argon2id passwords, database sessions behind a random token, scoped role
 * grants, and the audit log. Every change writes its audit event in the same transaction.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import { grantProblem, LOGIN_WINDOW_MS, MAX_FAILED_LOGINS, SESSION_DAYS, type Grant } from './model.js';
import * as store from './store.js';

export class AccountError extends Error {
  constructor(readonly field: string, message: string) { super(message); }
}
export class TooManyAttempts extends Error {}

export interface SessionUser { id: string; email: string; displayName: string; grants: Grant[]; sessionId: string }

/** OWASP's minimum for argon2id: 19 MiB, 2 iterations, 1 lane. */
const ARGON2 = { memoryCost: 19456, timeCost: 2, parallelism: 1 };
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Delivers account e-mail. The default writes the message to the log; plug a real sender in production. */
export type MailSender = (message: { to: string; subject: string; text: string }) => Promise<void>;

export const RESET_MINUTES = 60;

export class AccountsService {
  constructor(readonly db: Kysely<DB>, private readonly send: MailSender = async (m) => { console.log(`[mail] to ${m.to}: ${m.subject}\n${m.text}`); }) {}

  /**
   * Send a one-time reset link when the address belongs to an account. The caller always answers
   * the same way, so the form does not reveal which addresses have accounts.
   */
  async requestReset(emailInput: string, linkFor: (token: string) => string, ip: string | null): Promise<void> {
    const email = emailInput.trim().toLowerCase();
    const user = await store.userByEmail(this.db, email);
    await this.audit(this.db, { actor: 'anonymous', action: 'auth.reset.request', recordType: 'user', recordId: email, ip });
    if (!user || user.disabled === 1) return;
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    await this.db.insertInto('password_reset').values({ id: sha256(token), user_id: user.id, created_at: now.toISOString(), expires_at: new Date(now.getTime() + RESET_MINUTES * 60_000).toISOString(), used_at: null }).execute();
    await this.send({ to: user.email, subject: 'ISCM Hub: reset your password', text: `Open this link within ${RESET_MINUTES} minutes to choose a new password:\n${linkFor(token)}\n\nIf you did not ask for it, ignore this message.` });
  }

  /** Use a reset token once: set the new password and end every session of the account. */
  async resetPassword(token: string, password: string, ip: string | null): Promise<void> {
    if (password.length < 12) throw new AccountError('password', 'the password must have at least 12 characters');
    const row = await this.db.selectFrom('password_reset').selectAll().where('id', '=', sha256(token)).executeTakeFirst();
    if (!row || row.used_at !== null || row.expires_at < new Date().toISOString()) throw new AccountError('token', 'this reset link is unknown, used or expired; ask for a new one');
    const password_hash = await hash(password, ARGON2);
    await this.db.transaction().execute(async (tx) => {
      const used = await tx.updateTable('password_reset').set({ used_at: new Date().toISOString() }).where('id', '=', row.id).where('used_at', 'is', null).executeTakeFirst();
      if (Number(used.numUpdatedRows) !== 1) throw new AccountError('token', 'this reset link was used already');
      await tx.updateTable('user_account').set({ password_hash }).where('id', '=', row.user_id).execute();
      await tx.deleteFrom('session').where('user_id', '=', row.user_id).execute();
      await this.audit(tx, { actor: row.user_id, action: 'auth.reset', recordType: 'user', recordId: row.user_id, ip });
    });
  }

  private async audit(q: Kysely<DB> | Transaction<DB>, e: { actor: string; action: string; recordType?: string; recordId?: string; before?: unknown; after?: unknown; ip?: string | null }) {
    await store.insertAudit(q, {
      id: randomUUID(), at: new Date().toISOString(), actor: e.actor, action: e.action,
      record_type: e.recordType ?? null, record_id: e.recordId ?? null,
      before: e.before === undefined ? null : JSON.stringify(e.before), after: e.after === undefined ? null : JSON.stringify(e.after), ip: e.ip ?? null,
    });
  }

  async createUser(input: { email: string; displayName: string; password: string }, actor: string): Promise<string> {
    const email = input.email.trim().toLowerCase();
    if (!EMAIL.test(email)) throw new AccountError('email', `"${input.email}" is not an e-mail address`);
    if (input.password.length < 12) throw new AccountError('password', 'the password must have at least 12 characters');
    if (!input.displayName.trim()) throw new AccountError('displayName', 'a display name is required');
    if (await store.userByEmail(this.db, email)) throw new AccountError('email', `an account for ${email} already exists`);
    const id = randomUUID();
    const password_hash = await hash(input.password, ARGON2);
    await this.db.transaction().execute(async (tx) => {
      await store.insertUser(tx, { id, email, display_name: input.displayName.trim(), password_hash, disabled: 0, created_at: new Date().toISOString(), version: 1 });
      await this.audit(tx, { actor, action: 'user.create', recordType: 'user', recordId: id, after: { email, displayName: input.displayName.trim() } });
    });
    return id;
  }

  async grant(userId: string, g: Grant, actor: string): Promise<string> {
    const problem = grantProblem(g);
    if (problem) throw new AccountError('role', problem);
    if (!(await store.userById(this.db, userId))) throw new AccountError('user', `no user ${userId}`);
    const id = randomUUID();
    await this.db.transaction().execute(async (tx) => {
      await store.insertGrant(tx, { id, user_id: userId, role: g.role, scope_type: g.scopeType, scope_id: g.scopeId, granted_by: actor, granted_at: new Date().toISOString(), revoked_at: null });
      await this.audit(tx, { actor, action: 'role.grant', recordType: 'user', recordId: userId, after: g });
    });
    return id;
  }

  /**
   * Check the password and open a new session (a new token every time, so a token planted before
   * sign-in is never promoted). Failed attempts per account are counted in the audit log: after
   * MAX_FAILED_LOGINS in LOGIN_WINDOW_MS the account refuses sign-in until the window passes.
   */
  async signIn(emailInput: string, password: string, ip: string | null): Promise<{ token: string; userId: string }> {
    const email = emailInput.trim().toLowerCase();
    const since = new Date(Date.now() - LOGIN_WINDOW_MS).toISOString();
    if ((await store.countEvents(this.db, 'auth.failed', email, since)) >= MAX_FAILED_LOGINS) {
      throw new TooManyAttempts(`too many failed sign-ins for this account; try again in ${LOGIN_WINDOW_MS / 60000} minutes`);
    }
    const user = await store.userByEmail(this.db, email);
    const ok = user !== undefined && user.disabled === 0 && (await verify(user.password_hash, password));
    if (!ok || !user) {
      await this.audit(this.db, { actor: 'anonymous', action: 'auth.failed', recordType: 'user', recordId: email, ip });
      throw new AccountError('password', 'the e-mail address or the password is not right');
    }
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    await this.db.transaction().execute(async (tx) => {
      await store.insertSession(tx, { id: sha256(token), user_id: user.id, created_at: now.toISOString(), expires_at: new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString() });
      await this.audit(tx, { actor: user.id, action: 'auth.signin', recordType: 'user', recordId: user.id, ip });
    });
    return { token, userId: user.id };
  }

  async sessionUser(token: string | undefined): Promise<SessionUser | null> {
    if (!token) return null;
    const row = await store.sessionWithUser(this.db, sha256(token));
    if (!row || row.disabled === 1 || row.expires_at < new Date().toISOString()) return null;
    const grants = (await store.activeGrants(this.db, row.id)).map((g) => ({ role: g.role, scopeType: g.scope_type, scopeId: g.scope_id }) as Grant);
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
      await tx.insertInto('api_token').values({ id: sha256(token), user_id: userId, label, created_at: new Date().toISOString(), revoked_at: null }).execute();
      await this.audit(tx, { actor, action: 'token.create', recordType: 'user', recordId: userId, after: { label } });
    });
    return token;
  }

  async tokenUser(token: string): Promise<SessionUser | null> {
    const row = await this.db.selectFrom('api_token').innerJoin('user_account', 'user_account.id', 'api_token.user_id')
      .select(['api_token.id as token_id', 'api_token.revoked_at', 'user_account.id', 'user_account.email', 'user_account.display_name', 'user_account.disabled'])
      .where('api_token.id', '=', sha256(token)).executeTakeFirst();
    if (!row || row.revoked_at !== null || row.disabled === 1) return null;
    const grants = (await store.activeGrants(this.db, row.id)).map((g) => ({ role: g.role, scopeType: g.scope_type, scopeId: g.scope_id }) as Grant);
    return { id: row.id, email: row.email, displayName: row.display_name, grants, sessionId: row.token_id };
  }

  async revokeToken(token: string, actor: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.updateTable('api_token').set({ revoked_at: new Date().toISOString() }).where('id', '=', sha256(token)).execute();
      await this.audit(tx, { actor, action: 'token.revoke', recordType: 'token', recordId: sha256(token).slice(0, 12) });
    });
  }

  /** Write an audit event inside the caller's transaction (every change audits itself). */
  recordEvent(tx: Transaction<DB>, e: { actor: string; action: string; recordType?: string; recordId?: string; before?: unknown; after?: unknown; ip?: string | null }) {
    return this.audit(tx, e);
  }

  auditTrail(filter: Parameters<typeof store.auditEvents>[1] = {}) {
    return store.auditEvents(this.db, filter);
  }

  async findUser(email: string) {
    return store.userByEmail(this.db, email.trim().toLowerCase());
  }
}
