/** Sign-in, sign-out and the account page. The session lives in a signed, HttpOnly, SameSite=Lax cookie. */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { isLang, type Lang } from '../web/i18n.js';
import { href } from '../web/layout.js';
import { pageContext, sendPage } from '../web/render.js';
import { AccountPage, InvitePage, ResetPage, SignInPage } from './pages.js';
import { AccountError, TooManyAttempts, type AccountsService, type SessionUser } from './service.js';

export const SESSION_COOKIE = 'iscm_session';

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
  }
}

export function sessionToken(req: FastifyRequest): string | undefined {
  const raw = req.cookies[SESSION_COOKIE];
  if (!raw) return undefined;
  const unsigned = req.unsignCookie(raw);
  return unsigned.valid && unsigned.value ? unsigned.value : undefined;
}

function langOf(req: FastifyRequest): Lang {
  const l = (req.params as { lang?: string }).lang;
  return isLang(l) ? l : 'en';
}

/** `req.user` on every request that carries a session cookie (no query without one). */
export const sessionUserPlugin = (accounts: AccountsService) =>
  fp(async (app) => {
    app.decorateRequest('user', null);
    app.addHook('onRequest', async (req) => {
      const token = sessionToken(req);
      req.user = token ? await accounts.sessionUser(token) : null;
    });
  });

export const accountRoutes =
  (accounts: AccountsService): FastifyPluginAsync =>
  async (app) => {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- Fastify calls the hook with the instance bound
    const csrfCheck = app.csrfProtection;
    // Sign-in attempts and reset requests are limited in the database, across every server process
    // (AccountsService.signIn, requestReset, resetPassword): a refusal is a 429 with Retry-After.

    const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');
    const tooMany = (req: FastifyRequest, reply: FastifyReply, err: TooManyAttempts, token?: string) =>
      sendPage(
        noStore(reply).header('retry-after', String(err.retryAfterSeconds)),
        <ResetPage
          ctx={pageContext(req, langOf(req))}
          csrf={reply.generateCsrf()}
          error={err.message}
          {...(token === undefined ? {} : { token })}
        />,
        429,
      );

    app.get('/:lang/sign-in', { schema: { hide: true } }, async (req, reply) => {
      const lang = langOf(req);
      return sendPage(noStore(reply), <SignInPage ctx={pageContext(req, lang)} csrf={reply.generateCsrf()} />, 200);
    });

    app.post(
      '/:lang/sign-in',
      {
        schema: { hide: true },
        preHandler: csrfCheck,
      },
      async (req, reply) => {
        const lang = langOf(req);
        const body = (req.body ?? {}) as { email?: string; password?: string };
        try {
          const { token } = await accounts.signIn(String(body.email ?? ''), String(body.password ?? ''), req.ip);
          const old = sessionToken(req);
          if (old) await accounts.signOut(old, req.ip); // never keep a session from before sign-in
          // Secure when the request came over TLS (req.protocol, which honours a trusted proxy).
          reply.setCookie(SESSION_COOKIE, token, {
            signed: true,
            httpOnly: true,
            sameSite: 'lax',
            secure: 'auto',
            path: '/',
            maxAge: 14 * 86400,
          });
          return reply.code(303).header('location', href(lang, '/account')).send();
        } catch (err) {
          const status = err instanceof TooManyAttempts ? 429 : err instanceof AccountError ? 401 : 500;
          if (status === 500) throw err;
          if (err instanceof TooManyAttempts) reply.header('retry-after', String(err.retryAfterSeconds));
          const error = { field: err instanceof AccountError ? err.field : 'email', message: (err as Error).message };
          return sendPage(
            noStore(reply),
            <SignInPage
              ctx={pageContext(req, lang)}
              csrf={reply.generateCsrf()}
              email={String(body.email ?? '')}
              error={error}
            />,
            status,
          );
        }
      },
    );

    app.post('/:lang/sign-out', { schema: { hide: true }, preHandler: csrfCheck }, async (req, reply) => {
      const token = sessionToken(req);
      if (token) await accounts.signOut(token, req.ip);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply
        .code(303)
        .header('location', href(langOf(req), '/'))
        .send();
    });

    app.get('/:lang/reset', { schema: { hide: true } }, async (req, reply) =>
      sendPage(noStore(reply), <ResetPage ctx={pageContext(req, langOf(req))} csrf={reply.generateCsrf()} />),
    );

    app.post('/:lang/reset', { schema: { hide: true }, preHandler: csrfCheck }, async (req, reply) => {
      const lang = langOf(req);
      const email = String((req.body as { email?: string } | undefined)?.email ?? '');
      // A reset link is written only with PUBLIC_URL: never from a Host header the request chose.
      const base = req.server.publicUrl;
      if (!base) req.log.warn('password reset requested, no mail sent: set PUBLIC_URL to enable reset mail');
      try {
        await accounts.requestReset(email, base ? (token) => `${base}${href(lang, `/reset/${token}`)}` : null, req.ip);
      } catch (err) {
        if (!(err instanceof TooManyAttempts)) throw err;
        return tooMany(req, reply, err);
      }
      const ctx = pageContext(req, lang);
      return sendPage(
        noStore(reply),
        <ResetPage ctx={ctx} csrf={reply.generateCsrf()} notice={ctx.t('accounts.resetSent')} />,
      );
    });

    app.get('/:lang/reset/:token', { schema: { hide: true } }, async (req, reply) =>
      sendPage(
        noStore(reply).header('referrer-policy', 'same-origin'),
        <ResetPage
          ctx={pageContext(req, langOf(req))}
          csrf={reply.generateCsrf()}
          token={(req.params as { token: string }).token}
        />,
      ),
    );

    app.post('/:lang/reset/:token', { schema: { hide: true }, preHandler: csrfCheck }, async (req, reply) => {
      const lang = langOf(req);
      const token = (req.params as { token: string }).token;
      const body = (req.body ?? {}) as { password?: string; revokeTokens?: string };
      // An unchecked checkbox sends nothing: the tokens are revoked only when the box was left checked.
      const revokeTokens = body.revokeTokens !== undefined;
      let done: { tokensRevoked: number };
      try {
        done = await accounts.resetPassword(token, String(body.password ?? ''), req.ip, { revokeTokens });
      } catch (err) {
        if (err instanceof TooManyAttempts) return tooMany(req, reply, err, token);
        if (!(err instanceof AccountError)) throw err;
        const page = (
          <ResetPage
            ctx={pageContext(req, lang)}
            csrf={reply.generateCsrf()}
            token={token}
            error={err.message}
            revokeTokens={revokeTokens}
          />
        );
        return sendPage(noStore(reply), page, 400);
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      const ctx = pageContext(req, lang);
      const notice =
        done.tokensRevoked > 0
          ? `${ctx.t('accounts.resetDone')} ${ctx.t('forms.tokensRevoked')}`
          : ctx.t('accounts.resetDone');
      return sendPage(noStore(reply), <SignInPage ctx={ctx} csrf={reply.generateCsrf()} notice={notice} />);
    });

    // Invitation links (an administrator mailed them): choose a name and a password, which opens the account.
    app.get('/:lang/invite/:token', { schema: { hide: true } }, async (req, reply) => {
      const token = (req.params as { token: string }).token;
      const ctx = pageContext(req, langOf(req));
      const page = (status: number, email: string | null, error?: { field: string; message: string }) =>
        sendPage(
          noStore(reply).header('referrer-policy', 'same-origin'),
          <InvitePage ctx={ctx} csrf={reply.generateCsrf()} token={token} email={email} error={error} />,
          status,
        );
      try {
        return await page(200, (await accounts.invitation(token)).email);
      } catch (err) {
        if (!(err instanceof AccountError)) throw err;
        return page(400, null, { field: err.field, message: err.message });
      }
    });

    app.post('/:lang/invite/:token', { schema: { hide: true }, preHandler: csrfCheck }, async (req, reply) => {
      const lang = langOf(req);
      const token = (req.params as { token: string }).token;
      const body = (req.body ?? {}) as { displayName?: string; password?: string };
      const displayName = String(body.displayName ?? '');
      const ctx = pageContext(req, lang);
      try {
        await accounts.acceptInvitation(token, { displayName, password: String(body.password ?? '') }, req.ip);
      } catch (err) {
        if (!(err instanceof AccountError) && !(err instanceof TooManyAttempts)) throw err;
        if (err instanceof TooManyAttempts) reply.header('retry-after', String(err.retryAfterSeconds));
        const field = err instanceof AccountError ? err.field : 'token';
        let email: string | null = null;
        if (field !== 'token' || err instanceof TooManyAttempts)
          email = (await accounts.invitation(token).catch(() => null))?.email ?? null;
        return sendPage(
          noStore(reply).header('referrer-policy', 'same-origin'),
          <InvitePage
            ctx={ctx}
            csrf={reply.generateCsrf()}
            token={token}
            email={email}
            displayName={displayName}
            error={{ field, message: err.message }}
          />,
          err instanceof TooManyAttempts ? 429 : 400,
        );
      }
      return sendPage(
        noStore(reply),
        <SignInPage ctx={ctx} csrf={reply.generateCsrf()} notice={ctx.t('invite.done')} />,
      );
    });

    app.get('/:lang/account', { schema: { hide: true } }, async (req, reply) => {
      const lang = langOf(req);
      if (!req.user) return reply.code(303).header('location', href(lang, '/sign-in')).send();
      const ctx = pageContext(req, lang);
      const notice =
        (req.query as { notice?: string }).notice === 'tokenRevoked' ? ctx.t('admin.tokenRevoked') : undefined;
      return sendPage(
        noStore(reply),
        <AccountPage
          ctx={ctx}
          user={req.user}
          csrf={reply.generateCsrf()}
          tokens={await accounts.listTokens(req.user)}
          notice={notice}
        />,
        200,
      );
    });
  };
