/** Sign-in and account pages: plain forms, CSRF-protected, no JavaScript. */
import { ErrorAlert, StatusNotice } from '../web/messages.js';
import type { JSX } from 'preact';
import { href, Layout, type PageContext } from '../web/layout.js';
import { can } from './model.js';
import { TokensSection, type FormError } from './admin-pages.js';
import type { SessionUser, TokenInfo } from './service.js';

export function SignInPage(props: {
  ctx: PageContext;
  csrf: string;
  email?: string;
  error?: { field: string; message: string };
  notice?: string;
}): JSX.Element {
  const { ctx, error } = props;
  const { t, lang } = ctx;
  const describedBy = (field: string) => (error?.field === field ? 'signin-error' : undefined);
  return (
    <Layout ctx={ctx} title={t('accounts.signIn')} description={t('accounts.intro')}>
      <h1>{t('accounts.signIn')}</h1>
      <p class="lead">{t('accounts.intro')}</p>
      <StatusNotice text={props.notice} />
      <ErrorAlert ctx={ctx} error={error} id="signin-error" />
      <form method="post" action={href(lang, '/sign-in')} class="filters">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <div class="field">
          <label for="email">{t('accounts.email')}</label>
          <input
            id="email"
            name="email"
            type="email"
            autocomplete="username"
            required
            value={props.email ?? ''}
            aria-invalid={error?.field === 'email' ? 'true' : undefined}
            aria-describedby={describedBy('email')}
          />
        </div>
        <div class="field">
          <label for="password">{t('accounts.password')}</label>
          <input
            id="password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
            aria-invalid={error?.field === 'password' ? 'true' : undefined}
            aria-describedby={describedBy('password')}
          />
        </div>
        <button type="submit">{t('accounts.signIn')}</button>
      </form>
      <p>
        <a href={href(lang, '/reset')}>{t('accounts.forgot')}</a>
      </p>
    </Layout>
  );
}

/** Ask for a reset link (step 1), or choose the new password with the link's token (step 2). */
export function ResetPage(props: {
  ctx: PageContext;
  csrf: string;
  token?: string;
  notice?: string;
  error?: string;
  revokeTokens?: boolean;
}): JSX.Element {
  const { ctx } = props;
  const { t, lang } = ctx;
  return (
    <Layout ctx={ctx} title={t('accounts.resetTitle')} description={t('accounts.resetTitle')}>
      <h1>{t('accounts.resetTitle')}</h1>
      {props.notice ? <p role="status">{props.notice}</p> : null}
      {props.error ? (
        <p role="alert" id="reset-error" class="badge unverified" lang="en">
          {props.error}
        </p>
      ) : null}
      {props.token === undefined ? (
        <form method="post" action={href(lang, '/reset')} class="filters">
          <input type="hidden" name="_csrf" value={props.csrf} />
          <div class="field">
            <label for="reset-email">{t('accounts.email')}</label>
            <input id="reset-email" name="email" type="email" required autocomplete="username" />
          </div>
          <button type="submit">{t('accounts.sendLink')}</button>
        </form>
      ) : (
        <form method="post" action={href(lang, `/reset/${props.token}`)} class="filters">
          <input type="hidden" name="_csrf" value={props.csrf} />
          <div class="field">
            <label for="new-password">{t('accounts.newPassword')}</label>
            <input
              id="new-password"
              name="password"
              type="password"
              required
              minlength={12}
              autocomplete="new-password"
              aria-describedby={props.error ? 'reset-error' : undefined}
            />
          </div>
          <div class="field">
            <label for="revoke-tokens">
              <input
                id="revoke-tokens"
                name="revokeTokens"
                type="checkbox"
                value="yes"
                checked={props.revokeTokens ?? true}
              />{' '}
              {t('forms.revokeTokens')}
            </label>
          </div>
          <button type="submit">{t('accounts.setPassword')}</button>
        </form>
      )}
    </Layout>
  );
}

/** An invitation link: the address it opens an account for, and the name and password to choose; or why it cannot be used. */
export function InvitePage(props: {
  ctx: PageContext;
  csrf: string;
  token: string;
  /** null: the link is unknown, used or expired (`error` says so). */
  email: string | null;
  displayName?: string;
  error?: { field: string; message: string };
}): JSX.Element {
  const { ctx, error } = props;
  const { t, lang } = ctx;
  const bad = (field: string) =>
    error?.field === field ? { 'aria-invalid': 'true' as const, 'aria-describedby': 'invite-error' } : {};
  return (
    <Layout ctx={ctx} title={t('invite.title')} description={t('invite.intro')}>
      <h1>{t('invite.title')}</h1>
      <ErrorAlert ctx={ctx} error={error} id="invite-error" />
      {props.email === null ? (
        <p>
          <a href={href(lang, '/sign-in')}>{t('accounts.signIn')}</a>
        </p>
      ) : (
        <>
          <p class="lead">{t('invite.intro')}</p>
          <p>
            {t('invite.for')} <strong>{props.email}</strong>
          </p>
          <form method="post" action={href(lang, `/invite/${props.token}`)} class="filters">
            <input type="hidden" name="_csrf" value={props.csrf} />
            <div class="field">
              <label for="invite-name">{t('invite.name')}</label>
              <input
                id="invite-name"
                name="displayName"
                type="text"
                required
                maxlength={100}
                autocomplete="name"
                value={props.displayName ?? ''}
                {...bad('displayName')}
              />
            </div>
            <div class="field">
              <label for="invite-password">{t('accounts.newPassword')}</label>
              <input
                id="invite-password"
                name="password"
                type="password"
                required
                minlength={12}
                autocomplete="new-password"
                {...bad('password')}
              />
            </div>
            <button type="submit">{t('invite.open')}</button>
          </form>
        </>
      )}
    </Layout>
  );
}

export function AccountPage(props: {
  ctx: PageContext;
  user: SessionUser;
  csrf: string;
  tokens?: TokenInfo[];
  newToken?: string;
  tokenLabel?: string;
  error?: FormError;
  notice?: string;
}): JSX.Element {
  const { ctx, user } = props;
  const { t, lang } = ctx;
  return (
    <Layout ctx={ctx} title={t('accounts.account')} description={t('accounts.account')}>
      <h1>{t('accounts.account')}</h1>
      <StatusNotice text={props.notice} />
      <p>
        {t('accounts.signedInAs')} <strong>{user.displayName}</strong> ({user.email})
      </p>
      <h2>{t('accounts.roles')}</h2>
      {user.grants.length === 0 ? (
        <p>{t('accounts.noRoles')}</p>
      ) : (
        <ul>
          {user.grants.map((g) => (
            <li>
              {t(`accounts.role_${g.role}`)}
              {g.scopeId ? (
                <>
                  {' '}
                  —{' '}
                  <a
                    href={href(
                      lang,
                      g.scopeType === 'country'
                        ? `/edit/countries/${g.scopeId}`
                        : g.role === 'editor'
                          ? `/edit/mechanisms/${g.scopeId}`
                          : `/mechanisms/${g.scopeId}`,
                    )}
                  >
                    {g.scopeId}
                  </a>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {user.grants.length ? (
        <p>
          <a href={href(lang, '/edit')}>{t('change.deskTitle')}</a>
        </p>
      ) : null}
      <p>
        <a href={href(lang, '/review')}>
          {user.grants.some((g) => g.role === 'reviewer' || g.role === 'admin')
            ? t('edit.reviewTitle')
            : t('change.mine')}
        </a>
      </p>
      {can(user.grants, 'role.grant') ? (
        <p>
          <a href={href(lang, '/admin/users')}>{t('admin.link')}</a>
        </p>
      ) : null}
      {can(user.grants, 'audit.read') ? (
        <p>
          <a href={href(lang, '/admin/audit')}>{t('audit.link')}</a>
        </p>
      ) : null}
      {props.tokens ? (
        <TokensSection
          ctx={ctx}
          csrf={props.csrf}
          tokens={props.tokens}
          mayCreate={can(user.grants, 'token.create')}
          newToken={props.newToken}
          label={props.tokenLabel}
          error={props.error}
        />
      ) : null}
      <form method="post" action={href(lang, '/sign-out')}>
        <input type="hidden" name="_csrf" value={props.csrf} />
        <button type="submit">{t('accounts.signOut')}</button>
      </form>
    </Layout>
  );
}
