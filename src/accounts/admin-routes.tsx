/**
 * Administration forms under /{lang}/: users and roles (administrators), and the caller's API tokens
 * on the account page. CSRF-protected; signed out → 303 to sign-in, not allowed → 403 page.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Conflict, Forbidden, HttpError, NotFound, Unauthenticated, ValidationError } from '../http/errors.js';
import { pageErrorHandler } from '../web/errors.js';
import { isLang, type Lang } from '../web/i18n.js';
import { href } from '../web/layout.js';
import { pageContext, sendPage } from '../web/render.js';
import {
  AdminAuditPage,
  type RecordHref,
  AdminForbiddenPage,
  AdminUsersPage,
  auditHref,
  type AccountFormValues,
  type AuditFormValues,
  type FormError,
  type GrantFormValues,
  type UsersForm,
} from './admin-pages.js';
import { AccountPage } from './pages.js';
import { TooManyAttempts, type AccountsService, type SessionUser } from './service.js';

/** The notice a redirect after a form names (?notice=…), as its catalogue key. */
const NOTICES: Record<string, string> = {
  granted: 'admin.granted',
  revoked: 'admin.revoked',
  created: 'admin.accountCreated',
  invited: 'admin.inviteSent',
};

function langOf(req: FastifyRequest): Lang {
  const l = (req.params as { lang?: string }).lang;
  return isLang(l) ? l : 'en';
}

/** The scope type a form grant gets from its role: editors a mechanism, focal points a country, reviewers a mechanism if one is given. */
function formScopeType(role: string, scope: string): 'mechanism' | 'country' | null {
  if (role === 'focal_point') return 'country';
  if (role === 'editor') return 'mechanism';
  return scope ? 'mechanism' : null; // an administrator with a scope is refused with the reason
}

export const adminPages =
  (accounts: AccountsService, recordHref: RecordHref): FastifyPluginAsync =>
  async (app) => {
    app.setErrorHandler((err, req, reply) => {
      if (err instanceof Unauthenticated)
        return reply
          .code(303)
          .header('location', href(langOf(req), '/sign-in'))
          .send();
      if (err instanceof Forbidden)
        return sendPage(reply, <AdminForbiddenPage ctx={pageContext(req, langOf(req))} message={err.message} />, 403);
      if (err instanceof NotFound && !err.what)
        return pageErrorHandler(new NotFound('record', err.message), req, reply);
      return pageErrorHandler(err instanceof Error ? err : new Error(String(err)), req, reply);
    });
    const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');
    // eslint-disable-next-line @typescript-eslint/unbound-method -- Fastify calls the hook with the instance bound
    const csrfCheck = app.csrfProtection;

    const usersPage = async (
      req: FastifyRequest,
      reply: FastifyReply,
      status: number,
      extra: {
        values?: GrantFormValues;
        account?: AccountFormValues;
        inviteEmail?: string;
        form?: UsersForm;
        error?: FormError;
        notice?: string;
      } = {},
    ) => {
      const users = await accounts.listUsers(req.user);
      const lang = langOf(req);
      return sendPage(
        noStore(reply),
        <AdminUsersPage
          ctx={pageContext(req, lang)}
          csrf={reply.generateCsrf()}
          users={users}
          scopes={await accounts.scopeChoices(req.user, lang)}
          invitations={await accounts.pendingInvitations(req.user)}
          invitesEnabled={!!req.server.publicUrl}
          {...extra}
        />,
        status,
      );
    };
    /** A refused form: 400 (409 for a duplicate or a disabled invitation, 429 when limited) with the message next to its field. */
    const refused = (
      req: FastifyRequest,
      reply: FastifyReply,
      err: unknown,
      extra: { account?: AccountFormValues; inviteEmail?: string; form: UsersForm },
    ) => {
      const field = err instanceof TooManyAttempts ? 'email' : err instanceof HttpError ? err.field : undefined;
      if (!(err instanceof HttpError) || !field) throw err;
      if (err instanceof TooManyAttempts) reply.header('retry-after', String(err.retryAfterSeconds));
      const status = err.statusCode === 409 || err.statusCode === 429 ? err.statusCode : 400;
      return usersPage(req, reply, status, { ...extra, error: { field, message: err.message } });
    };
    const accountPage = async (
      req: FastifyRequest,
      reply: FastifyReply,
      user: SessionUser,
      status: number,
      extra: { newToken?: string; tokenLabel?: string; error?: FormError } = {},
    ) =>
      sendPage(
        noStore(reply),
        <AccountPage
          ctx={pageContext(req, langOf(req))}
          user={user}
          csrf={reply.generateCsrf()}
          tokens={await accounts.listTokens(user)}
          {...extra}
        />,
        status,
      );

    app.get('/:lang/admin/users', { schema: { hide: true } }, async (req, reply) => {
      const ctx = pageContext(req, langOf(req));
      const n = (req.query as { notice?: string }).notice;
      return usersPage(req, reply, 200, {
        notice: n && Object.hasOwn(NOTICES, n) ? ctx.t(NOTICES[n]!) : undefined,
      });
    });

    app.get('/:lang/admin/audit', { schema: { hide: true } }, async (req, reply) => {
      const lang = langOf(req);
      const q = (req.query ?? {}) as Record<string, unknown>;
      const one = (k: string) => {
        const v = q[k];
        return typeof v === 'string' ? v.trim() : Array.isArray(v) && typeof v[0] === 'string' ? v[0].trim() : '';
      };
      const values: AuditFormValues = {
        action: one('action'),
        actor: one('actor'),
        recordType: one('recordType'),
        recordId: one('recordId'),
        from: one('from'),
        to: one('to'),
        limit: one('limit'),
        cursor: one('cursor'),
      };
      const ctx = pageContext(req, lang);
      try {
        const page = await accounts.auditLog(req.user, values);
        return await sendPage(
          noStore(reply),
          <AdminAuditPage
            ctx={ctx}
            values={values}
            items={page.items}
            nextHref={page.next ? auditHref(lang, values, page.next) : null}
            recordHref={recordHref}
          />,
        );
      } catch (err) {
        if (!(err instanceof ValidationError) || !err.field) throw err;
        return sendPage(
          noStore(reply),
          <AdminAuditPage
            ctx={ctx}
            values={values}
            items={null}
            nextHref={null}
            recordHref={recordHref}
            error={{ field: err.field, message: err.message }}
          />,
          400,
        );
      }
    });

    app.post('/:lang/admin/grants', { schema: { hide: true }, preHandler: csrfCheck }, async (req, reply) => {
      const b = (req.body ?? {}) as Record<string, string | undefined>;
      const values: GrantFormValues = {
        user: String(b.user ?? ''),
        role: String(b.role ?? ''),
        scope: String(b.scope ?? '').trim(),
      };
      try {
        await accounts.grantRole(
          values.user,
          { role: values.role, scopeType: formScopeType(values.role, values.scope), scopeId: values.scope || null },
          req.user,
        );
      } catch (err) {
        if (!(err instanceof HttpError) || !err.field) throw err;
        return usersPage(req, reply, err.statusCode === 409 ? 409 : 400, {
          values,
          error: { field: err.field, message: err.message },
        });
      }
      return reply
        .code(303)
        .header('location', href(langOf(req), '/admin/users', '?notice=granted'))
        .send();
    });

    app.post('/:lang/admin/users', { schema: { hide: true }, preHandler: csrfCheck }, async (req, reply) => {
      const b = (req.body ?? {}) as Record<string, string | undefined>;
      const account = { email: String(b.email ?? '').trim(), displayName: String(b.displayName ?? '') };
      try {
        await accounts.createAccount({ ...account, password: String(b.password ?? '') }, req.user);
      } catch (err) {
        return refused(req, reply, err, { account, form: 'create' });
      }
      return reply
        .code(303)
        .header('location', href(langOf(req), '/admin/users', '?notice=created'))
        .send();
    });

    app.post('/:lang/admin/invitations', { schema: { hide: true }, preHandler: csrfCheck }, async (req, reply) => {
      const lang = langOf(req);
      const email = String((req.body as { email?: string } | undefined)?.email ?? '').trim();
      // The link is written only with PUBLIC_URL, never from a Host header the request chose (as for reset mail).
      const base = req.server.publicUrl;
      try {
        await accounts.invite(
          email,
          base ? (token) => `${base}${href(lang, `/invite/${token}`)}` : null,
          req.user,
          req.ip,
        );
      } catch (err) {
        if (!base && err instanceof Conflict)
          req.log.warn('invitation refused: set PUBLIC_URL to enable invitation mail');
        return refused(req, reply, err, { inviteEmail: email, form: 'invite' });
      }
      return reply
        .code(303)
        .header('location', href(lang, '/admin/users', '?notice=invited'))
        .send();
    });

    app.post(
      '/:lang/admin/grants/:id/revoke',
      { schema: { hide: true }, preHandler: csrfCheck },
      async (req, reply) => {
        try {
          await accounts.revokeGrant((req.params as { id: string }).id, req.user);
        } catch (err) {
          if (!(err instanceof Conflict)) throw err;
          return usersPage(req, reply, 409, { error: { field: 'grant', message: err.message } });
        }
        return reply
          .code(303)
          .header('location', href(langOf(req), '/admin/users', '?notice=revoked'))
          .send();
      },
    );

    app.post('/:lang/account/tokens', { schema: { hide: true }, preHandler: csrfCheck }, async (req, reply) => {
      const label = String((req.body as { label?: string } | undefined)?.label ?? '');
      try {
        const { token } = await accounts.createOwnToken(label, req.user);
        return await accountPage(req, reply, req.user!, 200, { newToken: token });
      } catch (err) {
        if (!(err instanceof HttpError) || err.field !== 'label' || !req.user) throw err;
        return accountPage(req, reply, req.user, 400, {
          tokenLabel: label,
          error: { field: err.field, message: err.message },
        });
      }
    });

    app.post(
      '/:lang/account/tokens/:id/revoke',
      { schema: { hide: true }, preHandler: csrfCheck },
      async (req, reply) => {
        await accounts.revokeTokenById((req.params as { id: string }).id, req.user);
        return reply
          .code(303)
          .header('location', href(langOf(req), '/account', '?notice=tokenRevoked'))
          .send();
      },
    );
  };
