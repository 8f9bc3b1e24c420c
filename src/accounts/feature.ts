/** Users, roles, sessions, API tokens and the audit log; the session user is an app-wide plugin. */
import type { Feature } from '../feature.js';
import { accountsApi } from './admin-api.js';
import type { RecordHref } from './admin-pages.js';
import { adminPages } from './admin-routes.js';
import { SESSION_COOKIE, accountRoutes, sessionUserPlugin } from './routes.js';
import type { AccountsService } from './service.js';

/** `recordHref`: where the audit log links a record to (its history page; given by the root). */
export function accountsFeature(accounts: AccountsService, recordHref: RecordHref): Feature {
  return {
    name: 'accounts',
    tag: {
      name: 'accounts',
      description: 'Users and roles (administrators), and your own API tokens: personal API token (Bearer) required',
    },
    plugins: [sessionUserPlugin(accounts)],
    personalCookies: [SESSION_COOKIE],
    routes: [accountRoutes(accounts), accountsApi(accounts), adminPages(accounts, recordHref)],
  };
}
