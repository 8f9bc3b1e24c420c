/** One account per role, for permission matrices: the same names, scopes and password in every test. */
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Grant } from '../../src/accounts/model.js';
import { AccountsService } from '../../src/accounts/service.js';
import type { DB } from '../../src/db/schema.js';
import { Client } from './client.js';

export const PASSWORD = 'a long enough password';

/** Scopes refer to the MINI fixture: mechanisms alpha-process and beta-forum, Senegal. */
export const ROLES: Record<string, Grant[]> = {
  admin: [{ role: 'admin', scopeType: null, scopeId: null }],
  'editor of alpha': [{ role: 'editor', scopeType: 'mechanism', scopeId: 'alpha-process' }],
  'editor of beta': [{ role: 'editor', scopeType: 'mechanism', scopeId: 'beta-forum' }],
  'focal point of SEN': [{ role: 'focal_point', scopeType: 'country', scopeId: 'SEN' }],
  reviewer: [{ role: 'reviewer', scopeType: null, scopeId: null }],
  'no role': [],
};

export const roleEmail = (name: string) => `${name.replace(/\W+/g, '-').toLowerCase()}@example.org`;

/** Create the accounts (display name = role name), grant their roles and give each a personal API token. */
export async function seedRoleUsers(db: Kysely<DB>, names: readonly string[] = Object.keys(ROLES)) {
  const accounts = new AccountsService(db);
  const ids: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  for (const name of names) {
    ids[name] = await accounts.createUser({ email: roleEmail(name), displayName: name, password: PASSWORD }, 'system');
    for (const g of ROLES[name] ?? []) await accounts.grant(ids[name], g, 'system');
    tokens[name] = await accounts.createToken(ids[name], 'tests', 'system');
  }
  return { ids, tokens };
}

/** A signed-in test client per account (and one signed out, as `anonymous`), over app.inject. */
export async function signedInClients(
  app: FastifyInstance,
  names: readonly string[] = Object.keys(ROLES),
): Promise<Record<string, Client>> {
  const clients: Record<string, Client> = { anonymous: new Client(app) };
  for (const name of names) {
    clients[name] = new Client(app);
    const res = await clients[name].signIn(roleEmail(name), PASSWORD);
    if (res.statusCode !== 303) throw new Error(`sign-in of ${name}: ${res.statusCode}`);
  }
  return clients;
}
