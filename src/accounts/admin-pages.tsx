/** Administration pages: users and their roles (grant, revoke), and the API tokens list on the account page. Plain forms, no JavaScript. */
import type { JSX } from 'preact';
import { countryNames } from '../registry/countries.js';
import { formatDate } from '../web/format.js';
import { href, Layout, type PageContext } from '../web/layout.js';
import { ROLES } from './model.js';
import type { GrantInfo, TokenInfo, UserInfo } from './service.js';

export interface FormError { field: string; message: string }
export interface GrantFormValues { user: string; role: string; scope: string }

const GRANT_FIELDS: Record<string, string> = { user: 'grant-user', role: 'grant-role', scopeId: 'grant-scope' };

export function scopeLabel(ctx: PageContext, g: Pick<GrantInfo, 'scopeType' | 'scopeId'>): string {
  if (!g.scopeId) return ctx.t('admin.everywhere');
  return g.scopeType === 'country' ? `${countryNames(ctx.lang).get(g.scopeId) ?? g.scopeId} (${g.scopeId})` : g.scopeId;
}

export function AdminUsersPage(props: { ctx: PageContext; csrf: string; users: UserInfo[]; values?: GrantFormValues; error?: FormError; notice?: string }): JSX.Element {
  const { ctx, error } = props;
  const { t, lang } = ctx;
  const v = props.values ?? { user: '', role: 'editor', scope: '' };
  const fieldError = error && GRANT_FIELDS[error.field] ? error : undefined;
  const err = (field: string) => (fieldError?.field === field ? <p id={`err-${GRANT_FIELDS[field]!}`} class="badge unverified" lang="en">{fieldError.message}</p> : null);
  const aria = (field: string) => (fieldError?.field === field ? { 'aria-invalid': 'true' as const, 'aria-describedby': `err-${GRANT_FIELDS[field]!}` } : {});
  return (
    <Layout ctx={ctx} title={t('admin.title')} description={t('admin.intro')}>
      <h1>{t('admin.title')}</h1>
      <p class="lead">{t('admin.intro')}</p>
      {props.notice ? <p role="status"><strong>{props.notice}</strong></p> : null}
      {error ? <div role="alert" class="badge unverified"><strong>{t('accounts.errors')}:</strong> <span lang="en">{error.message}</span></div> : null}
      <div class="table-wrap">
        <table>
          <caption>{t('admin.users')}</caption>
          <thead><tr><th scope="col">{t('common.name')}</th><th scope="col">{t('accounts.email')}</th><th scope="col">{t('accounts.roles')}</th></tr></thead>
          <tbody>{props.users.map((u) => (
            <tr>
              <th scope="row">{u.displayName}</th>
              <td>{u.email}</td>
              <td>{u.grants.length === 0 ? t('admin.noRole') : (
                <ul class="grants">{u.grants.map((g) => (
                  <li>
                    {t(`accounts.role_${g.role}`)} — {scopeLabel(ctx, g)}{' '}
                    <form method="post" action={href(lang, `/admin/grants/${encodeURIComponent(g.id)}/revoke`)} class="inline">
                      <input type="hidden" name="_csrf" value={props.csrf} />
                      <button type="submit">{t('admin.revoke')}<span class="visually-hidden">: {t(`accounts.role_${g.role}`)}, {scopeLabel(ctx, g)}, {u.displayName}</span></button>
                    </form>
                  </li>
                ))}</ul>
              )}</td>
            </tr>
          ))}</tbody>
        </table>
      </div>
      <h2 id="grant-title">{t('admin.grantTitle')}</h2>
      <form method="post" action={href(lang, '/admin/grants')} class="edit" aria-labelledby="grant-title">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <p><label for="grant-user">{t('admin.user')}</label><br />
          <select id="grant-user" name="user" required {...aria('user')}>
            {props.users.map((u) => <option value={u.id} selected={v.user === u.id}>{u.displayName} ({u.email})</option>)}
          </select></p>{err('user')}
        <p><label for="grant-role">{t('common.role')}</label><br />
          <select id="grant-role" name="role" {...aria('role')}>{ROLES.map((r) => <option value={r} selected={v.role === r}>{t(`accounts.role_${r}`)}</option>)}</select></p>{err('role')}
        <p><label for="grant-scope">{t('admin.scope')}</label><br />
          <input id="grant-scope" name="scope" type="text" size={30} maxlength={80} value={v.scope} aria-invalid={fieldError?.field === 'scopeId' ? 'true' : undefined}
            aria-describedby={fieldError?.field === 'scopeId' ? 'err-grant-scope grant-scope-help' : 'grant-scope-help'} /></p>
        <p id="grant-scope-help" class="muted">{t('admin.scopeHelp')}</p>{err('scopeId')}
        <button type="submit">{t('admin.grant')}</button>
      </form>
    </Layout>
  );
}

/** The API tokens section of the account page: the list with a revoke button each, and the create form. */
export function TokensSection(props: { ctx: PageContext; csrf: string; tokens: TokenInfo[]; mayCreate: boolean; newToken?: string; label?: string; error?: FormError }): JSX.Element {
  const { ctx, error } = props;
  const { t, lang } = ctx;
  return (
    <section aria-labelledby="tokens-title">
      <h2 id="tokens-title">{t('admin.tokens')}</h2>
      <p>{t('admin.tokensIntro')}</p>
      {props.newToken ? (
        <div role="status">
          <p><strong>{t('admin.newToken')}</strong></p>
          <p><code id="new-token" lang="en">{props.newToken}</code></p>
        </div>
      ) : null}
      {props.tokens.length === 0 ? <p>{t('admin.noTokens')}</p> : (
        <div class="table-wrap">
          <table>
            <caption>{t('admin.tokens')}</caption>
            <thead><tr><th scope="col">{t('admin.tokenLabel')}</th><th scope="col">{t('admin.tokenId')}</th><th scope="col">{t('admin.created')}</th><th scope="col">{t('common.status')}</th></tr></thead>
            <tbody>{props.tokens.map((tk) => (
              <tr>
                <th scope="row">{tk.label}</th>
                <td><code>{tk.id}</code></td>
                <td>{formatDate(tk.createdAt.slice(0, 10), lang)}</td>
                <td>{tk.revokedAt ? `${t('admin.revokedOn')} ${formatDate(tk.revokedAt.slice(0, 10), lang)}` : (
                  <form method="post" action={href(lang, `/account/tokens/${tk.id}/revoke`)} class="inline">
                    <input type="hidden" name="_csrf" value={props.csrf} />
                    <button type="submit">{t('admin.revoke')}<span class="visually-hidden">: {tk.label} ({tk.id})</span></button>
                  </form>
                )}</td>
              </tr>
            ))}</tbody>
          </table>
        </div>
      )}
      {props.mayCreate ? (
        <form method="post" action={href(lang, '/account/tokens')} class="filters">
          <input type="hidden" name="_csrf" value={props.csrf} />
          <div class="field"><label for="token-label">{t('admin.tokenLabel')}</label>
            <input id="token-label" name="label" type="text" required maxlength={100} value={props.label ?? ''}
              aria-invalid={error?.field === 'label' ? 'true' : undefined} aria-describedby={error?.field === 'label' ? 'err-token-label' : undefined} /></div>
          {error?.field === 'label' ? <p id="err-token-label" class="badge unverified" lang="en">{error.message}</p> : null}
          <button type="submit">{t('admin.createToken')}</button>
        </form>
      ) : null}
    </section>
  );
}

export function AdminForbiddenPage(props: { ctx: PageContext; message: string }): JSX.Element {
  return (
    <Layout ctx={props.ctx} title="403" description={props.ctx.t('edit.forbidden')}>
      <h1>403</h1>
      <p>{props.ctx.t('edit.forbidden')}</p>
      <p class="muted" lang="en">{props.message}</p>
    </Layout>
  );
}
