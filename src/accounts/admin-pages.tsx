/** Administration pages: users and their roles (grant, revoke), the audit log, and the API tokens list on the account page. Plain forms, no JavaScript. */
import { ErrorAlert, StatusNotice } from '../web/messages.js';
import type { JSX } from 'preact';
import { countryNames } from '../registry/countries.js';
import { formatDate } from '../web/format.js';
import { href, Layout, type PageContext } from '../web/layout.js';
import { INVITE_DAYS, ROLES } from './model.js';
import type { AuditItem, GrantInfo, InvitationInfo, TokenInfo, UserInfo } from './service.js';

export interface FormError {
  field: string;
  message: string;
}
export interface GrantFormValues {
  user: string;
  role: string;
  scope: string;
}
export interface AccountFormValues {
  email: string;
  displayName: string;
}
/** The forms of the users page; an error belongs to one of them. */
export type UsersForm = 'grant' | 'create' | 'invite';
export interface ScopeChoices {
  mechanisms: { id: string; name: string; en: boolean }[];
}

const FIELD_IDS: Record<UsersForm, Record<string, string>> = {
  grant: { user: 'grant-user', role: 'grant-role', scopeId: 'grant-scope' },
  create: { email: 'new-email', displayName: 'new-name', password: 'new-password' },
  invite: { email: 'invite-email' },
};

export function scopeLabel(
  ctx: PageContext,
  g: Pick<GrantInfo, 'scopeType' | 'scopeId'>,
  names?: ScopeChoices,
): string {
  if (!g.scopeId) return ctx.t('admin.everywhere');
  if (g.scopeType === 'country') return `${countryNames(ctx.lang).get(g.scopeId) ?? g.scopeId} (${g.scopeId})`;
  return names?.mechanisms.find((m) => m.id === g.scopeId)?.name ?? g.scopeId;
}

export function AdminUsersPage(props: {
  ctx: PageContext;
  csrf: string;
  users: UserInfo[];
  scopes: ScopeChoices;
  invitations: InvitationInfo[];
  /** Whether invitations can be mailed (PUBLIC_URL is set). */
  invitesEnabled: boolean;
  values?: GrantFormValues;
  account?: AccountFormValues;
  inviteEmail?: string;
  form?: UsersForm;
  error?: FormError;
  notice?: string;
}): JSX.Element {
  const { ctx, error } = props;
  const { t, lang } = ctx;
  const form = props.form ?? 'grant';
  const v = props.values ?? { user: '', role: 'editor', scope: '' };
  const a = props.account ?? { email: '', displayName: '' };
  const ids = FIELD_IDS[form];
  const fieldError = error && ids[error.field] ? error : undefined;
  const errId = (f: UsersForm, field: string) => `err-${FIELD_IDS[f][field]!}`;
  const invalid = (f: UsersForm, field: string) => form === f && fieldError?.field === field;
  const err = (f: UsersForm, field: string) =>
    invalid(f, field) ? (
      <p id={errId(f, field)} class="badge unverified" lang="en">
        {fieldError!.message}
      </p>
    ) : null;
  const aria = (f: UsersForm, field: string, help?: string) => {
    const bad = invalid(f, field);
    const describedBy = [help, bad ? errId(f, field) : undefined].filter(Boolean).join(' ') || undefined;
    return { 'aria-invalid': bad ? ('true' as const) : undefined, 'aria-describedby': describedBy };
  };
  const names = props.scopes;
  const countries = [...countryNames(lang).entries()].sort((x, y) => x[1].localeCompare(y[1], lang));
  const knownScope =
    v.scope === '' || names.mechanisms.some((m) => m.id === v.scope) || countries.some(([c]) => c === v.scope);
  return (
    <Layout ctx={ctx} title={t('admin.title')} description={t('admin.intro')}>
      <h1>{t('admin.title')}</h1>
      <p class="lead">{t('admin.intro')}</p>
      <p>
        <a href={href(lang, '/admin/audit')}>{t('audit.link')}</a>
      </p>
      <StatusNotice text={props.notice} />
      <ErrorAlert ctx={ctx} error={error} />
      <div class="table-wrap">
        <table>
          <caption>{t('admin.users')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('common.name')}</th>
              <th scope="col">{t('accounts.email')}</th>
              <th scope="col">{t('accounts.roles')}</th>
            </tr>
          </thead>
          <tbody>
            {props.users.map((u) => (
              <tr>
                <th scope="row">{u.displayName}</th>
                <td>{u.email}</td>
                <td>
                  {u.grants.length === 0 ? (
                    t('admin.noRole')
                  ) : (
                    <ul class="grants">
                      {u.grants.map((g) => (
                        <li>
                          {t(`accounts.role_${g.role}`)} — {scopeLabel(ctx, g, names)}{' '}
                          <form
                            method="post"
                            action={href(lang, `/admin/grants/${encodeURIComponent(g.id)}/revoke`)}
                            class="inline"
                          >
                            <input type="hidden" name="_csrf" value={props.csrf} />
                            <button type="submit">
                              {t('admin.revoke')}
                              <span class="visually-hidden">
                                : {t(`accounts.role_${g.role}`)}, {scopeLabel(ctx, g, names)}, {u.displayName}
                              </span>
                            </button>
                          </form>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2 id="grant-title">{t('admin.grantTitle')}</h2>
      <form method="post" action={href(lang, '/admin/grants')} class="edit" aria-labelledby="grant-title">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <p>
          <label for="grant-user">{t('admin.user')}</label>
          <br />
          <select id="grant-user" name="user" required {...aria('grant', 'user')}>
            {props.users.map((u) => (
              <option value={u.id} selected={v.user === u.id}>
                {u.displayName} ({u.email})
              </option>
            ))}
          </select>
        </p>
        {err('grant', 'user')}
        <p>
          <label for="grant-role">{t('common.role')}</label>
          <br />
          <select id="grant-role" name="role" {...aria('grant', 'role')}>
            {ROLES.map((r) => (
              <option value={r} selected={v.role === r}>
                {t(`accounts.role_${r}`)}
              </option>
            ))}
          </select>
        </p>
        {err('grant', 'role')}
        <p>
          <label for="grant-scope">{t('admin.scope')}</label>
          <br />
          <select id="grant-scope" name="scope" {...aria('grant', 'scopeId', 'grant-scope-help')}>
            <option value="" selected={v.scope === ''}>
              {t('admin.noScope')}
            </option>
            {knownScope ? null : (
              <option value={v.scope} selected>
                {v.scope}
              </option>
            )}
            <optgroup label={t('admin.scopeMechanisms')}>
              {names.mechanisms.map((m) => (
                <option value={m.id} selected={v.scope === m.id} lang={m.en ? 'en' : undefined}>
                  {m.name}
                </option>
              ))}
            </optgroup>
            <optgroup label={t('admin.scopeCountries')}>
              {countries.map(([code, name]) => (
                <option value={code} selected={v.scope === code}>
                  {name}
                </option>
              ))}
            </optgroup>
          </select>
        </p>
        <p id="grant-scope-help" class="muted">
          {t('admin.scopeHelp')}
        </p>
        {err('grant', 'scopeId')}
        <button type="submit">{t('admin.grant')}</button>
      </form>
      <h2 id="create-title">{t('admin.createTitle')}</h2>
      <p>{t('admin.createIntro')}</p>
      <form method="post" action={href(lang, '/admin/users')} class="edit" aria-labelledby="create-title">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <p>
          <label for="new-email">{t('accounts.email')}</label>
          <br />
          <input
            id="new-email"
            name="email"
            type="email"
            required
            maxlength={320}
            autocomplete="off"
            value={a.email}
            {...aria('create', 'email')}
          />
        </p>
        {err('create', 'email')}
        <p>
          <label for="new-name">{t('common.name')}</label>
          <br />
          <input
            id="new-name"
            name="displayName"
            type="text"
            required
            maxlength={100}
            autocomplete="off"
            value={a.displayName}
            {...aria('create', 'displayName')}
          />
        </p>
        {err('create', 'displayName')}
        <p>
          <label for="new-password">{t('admin.firstPassword')}</label>
          <br />
          <input
            id="new-password"
            name="password"
            type="password"
            required
            minlength={12}
            autocomplete="new-password"
            {...aria('create', 'password')}
          />
        </p>
        {err('create', 'password')}
        <button type="submit">{t('admin.createAccount')}</button>
      </form>
      <h2 id="invite-title">{t('admin.inviteTitle')}</h2>
      <p id="invite-help">
        {props.invitesEnabled ? t('admin.inviteIntro', { days: INVITE_DAYS }) : t('admin.inviteOff')}
      </p>
      <form method="post" action={href(lang, '/admin/invitations')} class="edit" aria-labelledby="invite-title">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <p>
          <label for="invite-email">{t('accounts.email')}</label>
          <br />
          <input
            id="invite-email"
            name="email"
            type="email"
            required
            maxlength={320}
            autocomplete="off"
            value={props.inviteEmail ?? ''}
            {...aria('invite', 'email', 'invite-help')}
          />
        </p>
        {err('invite', 'email')}
        <button type="submit">{t('admin.invite')}</button>
      </form>
      {props.invitations.length ? (
        <div class="table-wrap">
          <table>
            <caption>{t('admin.pendingInvitations')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('accounts.email')}</th>
                <th scope="col">{t('admin.invitedOn')}</th>
                <th scope="col">{t('admin.expiresOn')}</th>
              </tr>
            </thead>
            <tbody>
              {props.invitations.map((i) => (
                <tr>
                  <th scope="row">{i.email}</th>
                  <td>{formatDate(i.createdAt.slice(0, 10), lang)}</td>
                  <td>{formatDate(i.expiresAt.slice(0, 10), lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Layout>
  );
}

/** The API tokens section of the account page: the list with a revoke button each, and the create form. */
export function TokensSection(props: {
  ctx: PageContext;
  csrf: string;
  tokens: TokenInfo[];
  mayCreate: boolean;
  newToken?: string;
  label?: string;
  error?: FormError;
}): JSX.Element {
  const { ctx, error } = props;
  const { t, lang } = ctx;
  return (
    <section aria-labelledby="tokens-title">
      <h2 id="tokens-title">{t('admin.tokens')}</h2>
      <p>{t('admin.tokensIntro')}</p>
      {props.newToken ? (
        <div role="status">
          <p>
            <strong>{t('admin.newToken')}</strong>
          </p>
          <p>
            <code id="new-token" lang="en">
              {props.newToken}
            </code>
          </p>
        </div>
      ) : null}
      {props.tokens.length === 0 ? (
        <p>{t('admin.noTokens')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption>{t('admin.tokens')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.tokenLabel')}</th>
                <th scope="col">{t('admin.tokenId')}</th>
                <th scope="col">{t('admin.created')}</th>
                <th scope="col">{t('common.status')}</th>
              </tr>
            </thead>
            <tbody>
              {props.tokens.map((tk) => (
                <tr>
                  <th scope="row">{tk.label}</th>
                  <td>
                    <code>{tk.id}</code>
                  </td>
                  <td>{formatDate(tk.createdAt.slice(0, 10), lang)}</td>
                  <td>
                    {tk.revokedAt ? (
                      t('admin.revokedOn', { date: formatDate(tk.revokedAt.slice(0, 10), lang) })
                    ) : (
                      <form method="post" action={href(lang, `/account/tokens/${tk.id}/revoke`)} class="inline">
                        <input type="hidden" name="_csrf" value={props.csrf} />
                        <button type="submit">
                          {t('admin.revoke')}
                          <span class="visually-hidden">
                            : {tk.label} ({tk.id})
                          </span>
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.mayCreate ? (
        <form method="post" action={href(lang, '/account/tokens')} class="filters">
          <input type="hidden" name="_csrf" value={props.csrf} />
          <div class="field">
            <label for="token-label">{t('admin.tokenLabel')}</label>
            <input
              id="token-label"
              name="label"
              type="text"
              required
              maxlength={100}
              value={props.label ?? ''}
              aria-invalid={error?.field === 'label' ? 'true' : undefined}
              aria-describedby={error?.field === 'label' ? 'err-token-label' : undefined}
            />
          </div>
          {error?.field === 'label' ? (
            <p id="err-token-label" class="badge unverified" lang="en">
              {error.message}
            </p>
          ) : null}
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
      <p class="muted" lang="en">
        {props.message}
      </p>
    </Layout>
  );
}

/** The audit page's filters as given (query string), '' for none. */
export interface AuditFormValues {
  action: string;
  actor: string;
  recordType: string;
  recordId: string;
  from: string;
  to: string;
  limit: string;
  cursor: string;
}
export const AUDIT_FILTERS = ['action', 'actor', 'recordType', 'recordId', 'from', 'to'] as const;

/** The keys whose values differ between two states (a missing key and null are the same), with both values as text ('' for none). */
export function changedFields(before: unknown, after: unknown): { field: string; before: string; after: string }[] {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  const text = (v: unknown) => {
    const s = v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);
    return s.length > 300 ? `${s.slice(0, 299)}…` : s;
  };
  if (before === null && after === null) return [];
  if ((before === null || isObject(before)) && (after === null || isObject(after))) {
    const b = before ?? {};
    const a = after ?? {};
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
    return keys
      .filter((k) => JSON.stringify(b[k] ?? null) !== JSON.stringify(a[k] ?? null))
      .map((k) => ({ field: k, before: text(b[k]), after: text(a[k]) }));
  }
  return JSON.stringify(before) === JSON.stringify(after)
    ? []
    : [{ field: '—', before: text(before), after: text(after) }];
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
function formatDateTime(iso: string, lang: PageContext['lang']): string {
  let f = dateTimeFormats.get(lang);
  if (!f)
    dateTimeFormats.set(
      lang,
      (f = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' })),
    );
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${f.format(d)} UTC`;
}

function AuditChanges(props: { ctx: PageContext; e: AuditItem }): JSX.Element {
  const { t } = props.ctx;
  const rows = changedFields(props.e.before, props.e.after);
  if (rows.length === 0) return <span class="muted">{t('audit.noChange')}</span>;
  return (
    <details>
      <summary>{t('audit.changed', { count: rows.length })}</summary>
      <table class="diff">
        <thead>
          <tr>
            <th scope="col">{t('audit.field')}</th>
            <th scope="col">{t('audit.before')}</th>
            <th scope="col">{t('audit.after')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <th scope="row">
                <code>{r.field}</code>
              </th>
              <td>{r.before ? <del>{r.before}</del> : '—'}</td>
              <td>{r.after ? <ins>{r.after}</ins> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/** The page that shows a record's history, or null for a record without one (given by the root: editing knows). */
export type RecordHref = (lang: PageContext['lang'], type: string, id: string) => string | null;

function AuditRecord(props: { ctx: PageContext; e: AuditItem; recordHref: RecordHref }): JSX.Element {
  const { recordType, recordId } = props.e;
  if (!recordType && !recordId) return <>—</>;
  const label = (
    <>
      <span class="muted">{recordType ?? '—'}</span> <code>{recordId ?? '—'}</code>
    </>
  );
  const link = recordType && recordId ? props.recordHref(props.ctx.lang, recordType, recordId) : null;
  return link ? <a href={link}>{label}</a> : label;
}

/** The audit log for administrators: a GET filter form, one page of events newest first, and a link to the next page. */
export function AdminAuditPage(props: {
  ctx: PageContext;
  values: AuditFormValues;
  items: AuditItem[] | null;
  nextHref: string | null;
  recordHref: RecordHref;
  error?: FormError;
}): JSX.Element {
  const { ctx, values, error } = props;
  const { t, lang } = ctx;
  const fieldError = error && (AUDIT_FILTERS as readonly string[]).includes(error.field) ? error : undefined;
  const field = (
    name: (typeof AUDIT_FILTERS)[number],
    opts: { type?: 'text' | 'date'; help?: boolean; size?: number } = {},
  ) => {
    const id = `audit-${name}`;
    const invalid = fieldError?.field === name;
    const describedBy =
      [opts.help ? `${id}-help` : '', invalid ? `err-${id}` : ''].filter(Boolean).join(' ') || undefined;
    return (
      <div class="field">
        <label for={id}>{t(`audit.${name}`)}</label>
        {opts.type === 'date' ? (
          <input
            id={id}
            name={name}
            type="date"
            value={values[name]}
            aria-invalid={invalid ? 'true' : undefined}
            aria-describedby={describedBy}
          />
        ) : (
          <input
            id={id}
            name={name}
            type="text"
            size={opts.size ?? 20}
            value={values[name]}
            aria-invalid={invalid ? 'true' : undefined}
            aria-describedby={describedBy}
          />
        )}
        {opts.help ? (
          <small id={`${id}-help`} class="muted">
            {t(`audit.${name}Help`)}
          </small>
        ) : null}
        {invalid ? (
          <small id={`err-${id}`} class="badge unverified" lang="en">
            {fieldError.message}
          </small>
        ) : null}
      </div>
    );
  };
  // A date input for a day (or nothing); a text input keeps a datetime the browser's date input would drop.
  const dayType = (v: string): 'date' | 'text' => (v === '' || /^\d{4}-\d{2}-\d{2}$/.test(v) ? 'date' : 'text');
  return (
    <Layout ctx={ctx} title={t('audit.title')} description={t('audit.intro')}>
      <h1>{t('audit.title')}</h1>
      <p class="lead">{t('audit.intro')}</p>
      <p>
        <a href={href(lang, '/admin/users')}>{t('admin.title')}</a>
      </p>
      <ErrorAlert ctx={ctx} error={error} label={t('audit.badFilter')} />
      <form class="filters" method="get" action={href(lang, '/admin/audit')} aria-label={t('audit.filters')}>
        {field('action', { help: true })}
        {field('actor', { help: true, size: 28 })}
        {field('recordType', { size: 14 })}
        {field('recordId', { size: 28 })}
        {field('from', { type: dayType(values.from) })}
        {field('to', { type: dayType(values.to) })}
        {values.limit ? <input type="hidden" name="limit" value={values.limit} /> : null}
        <button type="submit">{t('audit.apply')}</button>
        <a href={href(lang, '/admin/audit')}>{t('audit.reset')}</a>
      </form>
      {props.items === null ? null : props.items.length === 0 ? (
        <p>{t('audit.none')}</p>
      ) : (
        <div class="table-wrap">
          <table class="audit">
            <caption>{t('audit.events')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('audit.time')}</th>
                <th scope="col">{t('audit.actor')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col">{t('audit.record')}</th>
                <th scope="col">{t('audit.changes')}</th>
              </tr>
            </thead>
            <tbody>
              {props.items.map((e) => (
                <tr id={`event-${e.id}`}>
                  <td>
                    <time datetime={e.at}>{formatDateTime(e.at, lang)}</time>
                  </td>
                  <td>
                    {e.actor.displayName !== null ? (
                      <>
                        {e.actor.displayName}
                        <br />
                        <small>{e.actor.email}</small>
                      </>
                    ) : (
                      <code>{e.actor.id}</code>
                    )}
                  </td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td>
                    <AuditRecord ctx={ctx} e={e} recordHref={props.recordHref} />
                  </td>
                  <td>
                    <AuditChanges ctx={ctx} e={e} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.nextHref || values.cursor ? (
        <p>
          {props.nextHref ? (
            <a href={props.nextHref} rel="next">
              {t('audit.next')}
            </a>
          ) : null}
          {props.nextHref && values.cursor ? ' · ' : null}
          {values.cursor ? <a href={firstPageHref(lang, values)}>{t('audit.first')}</a> : null}
        </p>
      ) : null}
    </Layout>
  );
}

/** The audit page with these filters (and limit), from the cursor given or from the newest event. */
export function auditHref(lang: PageContext['lang'], values: AuditFormValues, cursor: string | null): string {
  const q = new URLSearchParams();
  for (const k of [...AUDIT_FILTERS, 'limit'] as const) if (values[k]) q.set(k, values[k]);
  if (cursor) q.set('cursor', cursor);
  const qs = q.toString();
  return href(lang, '/admin/audit', qs ? `?${qs}` : '');
}
const firstPageHref = (lang: PageContext['lang'], values: AuditFormValues) => auditHref(lang, values, null);
