/**
 * The delegations page of a meeting (signed in: the delegations the reader may read, the registration form of its
 * focal-point States, the secretariat's decisions, the meeting pack) and the public attendance section of the
 * meeting page (confirmed States only, never persons). The delegations page is never cached, never listed.
 */
import { TableScroll } from '../../web/table.js';
import type { JSX } from 'preact';
import { formatDate, formatNumber } from '../../web/format.js';
import { En, href, Layout, SLOT, WithEnglish, type PageContext } from '../../web/layout.js';
import { ErrorAlert, StatusNotice } from '../../web/messages.js';
import type { Attendance, Eligibility, DelegationStatus, OrgAttendance, OrgEligibility } from './model.js';
import type { MeetingDelegations } from './service.js';

export const PERSON_SLOTS = 6;
const ELIG: Record<Eligibility, string> = {
  member: 'delegations.eligMember',
  observer: 'delegations.eligObserver',
  guest: 'delegations.eligGuest',
};
const ORG_ELIG: Record<OrgEligibility, string> = {
  member: 'orgDelegations.eligMember',
  observer: 'orgDelegations.eligObserver',
  partner: 'orgDelegations.eligPartner',
  guest: 'orgDelegations.eligGuest',
};
const STATUS: Record<DelegationStatus, string> = {
  pending: 'delegations.statusPending',
  confirmed: 'delegations.statusConfirmed',
  declined: 'delegations.statusDeclined',
};

export const delegationsHref = (ctx: PageContext, meeting: string, rest = '') =>
  href(ctx.lang, `/meetings/${encodeURIComponent(meeting)}/delegations${rest}`);

/** The organizations' delegations live beside the States' (…/organization-delegations/{org}). */
const orgDelegationsHref = (ctx: PageContext, meeting: string, rest: string) =>
  href(ctx.lang, `/meetings/${encodeURIComponent(meeting)}/organization-delegations${rest}`);

const kb = (ctx: PageContext, bytes: number) =>
  ctx.t('delegations.size', { n: formatNumber(Math.max(1, Math.ceil(bytes / 1024)), ctx.lang) });

/** The public part: which States and organizations attended by a confirmed delegation (a basis of its own, labelled so). */
export function AttendanceSection(props: {
  ctx: PageContext;
  meeting: string;
  a: Attendance & { organizations?: OrgAttendance };
  names: ReadonlyMap<string, string>;
}): JSX.Element {
  const { ctx, a } = props;
  const { t } = ctx;
  const orgs = a.organizations;
  return (
    <section aria-labelledby="attendance-h" id="attendance">
      <h2 id="attendance-h">{t('delegations.attendance')}</h2>
      {a.confirmed === 0 && !orgs?.confirmed ? <p>{t('delegations.attendanceNone')}</p> : null}
      {a.confirmed > 0 ? (
        <>
          <p id="attendance-count">
            {t('delegations.attendanceCount', { count: formatNumber(a.confirmed, ctx.lang) })} (
            {t('delegations.attendanceBy', {
              member: formatNumber(a.byEligibility.member, ctx.lang),
              observer: formatNumber(a.byEligibility.observer, ctx.lang),
              guest: formatNumber(a.byEligibility.guest, ctx.lang),
            })}
            )
          </p>
          <ul id="attendance-states">
            {a.states.map((c) => (
              <li>
                <a href={href(ctx.lang, `/countries/${c}`)}>{props.names.get(c) ?? c}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {orgs && orgs.confirmed > 0 ? (
        <>
          <p id="attendance-org-count">
            {t('orgDelegations.attendanceCount', { count: formatNumber(orgs.confirmed, ctx.lang) })} (
            {t('orgDelegations.attendanceBy', {
              member: formatNumber(orgs.byEligibility.member, ctx.lang),
              observer: formatNumber(orgs.byEligibility.observer, ctx.lang),
              partner: formatNumber(orgs.byEligibility.partner, ctx.lang),
              guest: formatNumber(orgs.byEligibility.guest, ctx.lang),
            })}
            )
          </p>
          <ul id="attendance-organizations">
            {orgs.organizations.map((o) => (
              <li>
                <En ctx={ctx}>{o.name}</En>
                {o.acronym ? ` (${o.acronym})` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p class="muted">{t('delegations.attendanceBasis')}</p>
      {orgs ? <p class="muted">{t('orgDelegations.attendanceBasis')}</p> : null}
      <p>
        <a href={delegationsHref(ctx, props.meeting)} rel="nofollow">
          {t('delegations.manage')}
        </a>
      </p>
    </section>
  );
}

/** A delegation's status with the secretariat's note under it. */
function StatusCell(props: { ctx: PageContext; d: { status: DelegationStatus; decisionNote: string | null } }) {
  const { ctx, d } = props;
  return (
    <td>
      {ctx.t(STATUS[d.status])}
      {d.decisionNote ? (
        <div class="muted">
          <En ctx={ctx}>{d.decisionNote}</En>
        </div>
      ) : null}
    </td>
  );
}

/** A delegation's persons (null: the viewer may not read them). */
function PersonsCell(props: { ctx: PageContext; persons: readonly { name: string; function: string }[] | null }) {
  return (
    <td>
      {props.persons ? (
        <ul>
          {props.persons.map((p) => (
            <li>
              {p.name} — {p.function}
            </li>
          ))}
        </ul>
      ) : (
        props.ctx.t('delegations.hidden')
      )}
    </td>
  );
}

/** The secretariat's confirm / decline form of one delegation, with its note. */
function DecisionForm(props: {
  ctx: PageContext;
  csrf: string;
  status: DelegationStatus;
  action: string;
  party: string;
  noteId: string;
  noteLabel: string;
}) {
  const { t } = props.ctx;
  return (
    <form
      method="post"
      action={props.action}
      class="edit decision"
      aria-label={`${t('delegations.decision')} — ${props.party}`}
    >
      <input type="hidden" name="_csrf" value={props.csrf} />
      <label for={props.noteId}>{props.noteLabel}</label>
      <input id={props.noteId} name="note" maxLength={2000} />
      {props.status !== 'confirmed' ? (
        <button type="submit" name="decision" value="confirmed">
          {t('delegations.confirm')}
        </button>
      ) : null}
      {props.status !== 'declined' ? (
        <button type="submit" name="decision" value="declined">
          {t('delegations.decline')}
        </button>
      ) : null}
    </form>
  );
}

export interface RegisterError {
  country: string;
  field: string;
  message: string;
}

function RegisterForm(props: {
  ctx: PageContext;
  meeting: string;
  csrf: string;
  country: string | null;
  eligibility: Eligibility | null;
  names: ReadonlyMap<string, string>;
  persons: { name: string; function: string }[];
  error: RegisterError | null;
}): JSX.Element {
  const { ctx, country } = props;
  const { t } = ctx;
  const key = country ?? 'any';
  const heading = country
    ? t('delegations.register', { country: props.names.get(country) ?? country })
    : t('delegations.registerAny');
  const err = props.error && props.error.country === key ? props.error : null;
  const fieldId = (f: string) => `reg-${key}-${f.replace(/\./g, '-')}`;
  return (
    <form
      method="post"
      action={delegationsHref(ctx, props.meeting, `/${country ?? 'register'}`)}
      class="edit"
      aria-labelledby={`reg-${key}-h`}
    >
      <h3 id={`reg-${key}-h`}>{heading}</h3>
      <input type="hidden" name="_csrf" value={props.csrf} />
      {props.eligibility ? (
        <p>
          {t('delegations.eligibility')}: <strong>{t(ELIG[props.eligibility])}</strong>
        </p>
      ) : null}
      <ErrorAlert ctx={ctx} error={err} id={`reg-${key}-error`} />
      {country === null ? (
        <p>
          <label for={fieldId('country')}>{t('delegations.country')}</label>
          <select id={fieldId('country')} name="country" required>
            {[...props.names.entries()]
              .sort((a, b) => a[1].localeCompare(b[1], ctx.lang))
              .map(([code, name]) => (
                <option value={code}>{name}</option>
              ))}
          </select>
        </p>
      ) : null}
      <p class="muted">{t('delegations.registerHelp')}</p>
      {Array.from({ length: PERSON_SLOTS }, (_, i) => {
        const p = props.persons[i] ?? { name: '', function: '' };
        const bad = (f: string) => err?.field === `persons.${i}.${f}` || (i === 0 && err?.field === 'persons');
        return (
          <p class="person-row">
            <label for={fieldId(`persons.${i}.name`)}>{t('delegations.personName', { n: i + 1 })}</label>
            <input
              id={fieldId(`persons.${i}.name`)}
              name={`persons.${i}.name`}
              value={p.name}
              maxLength={200}
              autocomplete="off"
              {...(bad('name') ? { 'aria-invalid': 'true', 'aria-describedby': `reg-${key}-error` } : {})}
            />
            <label for={fieldId(`persons.${i}.function`)}>{t('delegations.personFunction', { n: i + 1 })}</label>
            <input
              id={fieldId(`persons.${i}.function`)}
              name={`persons.${i}.function`}
              value={p.function}
              maxLength={300}
              autocomplete="off"
              {...(bad('function') ? { 'aria-invalid': 'true', 'aria-describedby': `reg-${key}-error` } : {})}
            />
          </p>
        );
      })}
      <button type="submit">{t('delegations.save')}</button>
    </form>
  );
}

export function DelegationsPage(props: {
  ctx: PageContext;
  data: MeetingDelegations;
  csrf: string;
  names: ReadonlyMap<string, string>;
  pack: { files: number; bytes: number } | null;
  notice?: string | undefined;
  error?: RegisterError | null;
  values?: { country: string; persons: { name: string; function: string }[] } | null;
  orgError?: OrgRegisterError | null;
  orgValues?: { organization: string; persons: { name: string; function: string }[] } | null;
}): JSX.Element {
  const { ctx, data } = props;
  const { t, lang } = ctx;
  const m = data.meeting;
  const name = (c: string) => props.names.get(c) ?? c;
  const personsFor = (c: string) =>
    props.values?.country === c ? props.values.persons : (data.items.find((d) => d.country === c)?.persons ?? []);
  return (
    <Layout ctx={ctx} title={`${t('delegations.heading')} — ${m.title}`} description={t('delegations.intro')}>
      <p>
        <a href={href(lang, `/meetings/${encodeURIComponent(m.id)}`)}>{t('delegations.back')}</a>
      </p>
      <h1>
        <WithEnglish ctx={ctx} text={t('delegations.title', { meeting: SLOT })} english={m.title} />
      </h1>
      <p class="lead">{t('delegations.intro')}</p>
      <p>{t('delegations.dateRule', { date: formatDate(m.date, lang) })}</p>
      <StatusNotice text={props.notice} />
      <AttendanceSection ctx={ctx} meeting={m.id} a={data.attendance} names={props.names} />
      <section aria-labelledby="pack-h">
        <h2 id="pack-h">{t('delegations.pack')}</h2>
        <p>{t('delegations.packIntro')}</p>
        {props.pack ? (
          <>
            <p>
              <a href={delegationsHref(ctx, m.id, '/pack.zip')} download id="pack-link">
                {t('delegations.packDownload', { size: kb(ctx, props.pack.bytes) })}
              </a>
            </p>
            <p class="muted">{t('delegations.packFiles', { count: formatNumber(props.pack.files, lang) })}</p>
          </>
        ) : (
          <p class="muted">{t('delegations.packRefused')}</p>
        )}
      </section>
      <section>
        <h2 id="list-h">{t('delegations.heading')}</h2>
        {data.items.length === 0 ? (
          <p>{t('delegations.none')}</p>
        ) : (
          <TableScroll label={t('delegations.heading')}>
            <table id="delegations">
              <caption class="visually-hidden">{t('delegations.heading')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('delegations.country')}</th>
                  <th scope="col">{t('delegations.eligibility')}</th>
                  <th scope="col">{t('delegations.status')}</th>
                  <th scope="col">{t('delegations.persons')}</th>
                  {data.may.decide ? <th scope="col">{t('delegations.decision')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {data.items.map((d) => (
                  <tr>
                    <th scope="row">{name(d.country)}</th>
                    <td>{t(ELIG[d.eligibility])}</td>
                    <StatusCell ctx={ctx} d={d} />
                    <PersonsCell ctx={ctx} persons={d.persons} />
                    {data.may.decide ? (
                      <td>
                        <DecisionForm
                          ctx={ctx}
                          csrf={props.csrf}
                          status={d.status}
                          action={delegationsHref(ctx, m.id, `/${d.country}/decision`)}
                          party={name(d.country)}
                          noteId={`note-${d.country}`}
                          noteLabel={t('delegations.noteLabel')}
                        />
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
      {data.may.registerFor.map((r) => (
        <RegisterForm
          ctx={ctx}
          meeting={m.id}
          csrf={props.csrf}
          country={r.country}
          eligibility={r.eligibility}
          names={props.names}
          persons={personsFor(r.country)}
          error={props.error ?? null}
        />
      ))}
      {data.may.anyState ? (
        <RegisterForm
          ctx={ctx}
          meeting={m.id}
          csrf={props.csrf}
          country={null}
          eligibility={null}
          names={props.names}
          persons={props.values && props.error?.country === 'any' ? props.values.persons : []}
          error={props.error ?? null}
        />
      ) : null}
      {data.may.decide ? (
        <OrgDelegations
          ctx={ctx}
          data={data}
          csrf={props.csrf}
          error={props.orgError ?? null}
          values={props.orgValues ?? null}
        />
      ) : null}
    </Layout>
  );
}

export interface OrgRegisterError {
  field: string;
  message: string;
}

/**
 * The organizations' delegations, for the meeting's secretariat and administrators only: there is no organization
 * role in accounts, so the secretariat registers an organization's delegation on its behalf, and confirms it.
 */
function OrgDelegations(props: {
  ctx: PageContext;
  data: MeetingDelegations;
  csrf: string;
  error: OrgRegisterError | null;
  values: { organization: string; persons: { name: string; function: string }[] } | null;
}): JSX.Element {
  const { ctx, data } = props;
  const { t } = ctx;
  const m = data.meeting;
  const err = props.error;
  const fieldId = (f: string) => `org-reg-${f.replace(/\./g, '-')}`;
  const invalid = (f: string) =>
    err?.field === f ? { 'aria-invalid': 'true' as const, 'aria-describedby': 'org-reg-error' } : {};
  return (
    <section aria-labelledby="org-delegations-h" id="org-delegations">
      <h2 id="org-delegations-h">{t('orgDelegations.heading')}</h2>
      <p>{t('orgDelegations.intro')}</p>
      {data.organizations.length === 0 ? (
        <p>{t('orgDelegations.none')}</p>
      ) : (
        <TableScroll label={t('orgDelegations.heading')}>
          <table id="org-delegations-table">
            <caption class="visually-hidden">{t('orgDelegations.heading')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('orgDelegations.organization')}</th>
                <th scope="col">{t('delegations.eligibility')}</th>
                <th scope="col">{t('delegations.status')}</th>
                <th scope="col">{t('delegations.persons')}</th>
                <th scope="col">{t('delegations.decision')}</th>
              </tr>
            </thead>
            <tbody>
              {data.organizations.map((d) => (
                <tr>
                  <th scope="row">
                    <En ctx={ctx}>{d.organization.name}</En>
                  </th>
                  <td>{t(ORG_ELIG[d.eligibility])}</td>
                  <StatusCell ctx={ctx} d={d} />
                  <PersonsCell ctx={ctx} persons={d.persons ?? []} />
                  <td>
                    <DecisionForm
                      ctx={ctx}
                      csrf={props.csrf}
                      status={d.status}
                      action={orgDelegationsHref(ctx, m.id, `/${encodeURIComponent(d.organization.id)}/decision`)}
                      party={d.organization.name}
                      noteId={`org-note-${d.organization.id}`}
                      noteLabel={t('orgDelegations.noteLabel')}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <form
        method="post"
        action={orgDelegationsHref(ctx, m.id, '/register')}
        class="edit"
        id="org-register"
        aria-labelledby="org-reg-h"
      >
        <h3 id="org-reg-h">{t('orgDelegations.register')}</h3>
        <input type="hidden" name="_csrf" value={props.csrf} />
        <ErrorAlert ctx={ctx} error={err} id="org-reg-error" />
        <p>
          <label for={fieldId('org')}>{t('orgDelegations.organization')}</label>
          <select id={fieldId('org')} name="org" required {...invalid('org')}>
            {data.organizationChoices.map((o) => (
              <option value={o.id} selected={props.values?.organization === o.id}>
                {o.name}
                {o.acronym ? ` (${o.acronym})` : ''}
              </option>
            ))}
          </select>
        </p>
        <p class="muted">{t('orgDelegations.registerHelp')}</p>
        {Array.from({ length: PERSON_SLOTS }, (_, i) => {
          const p = props.values?.persons[i] ?? { name: '', function: '' };
          const bad = (f: string) =>
            err?.field === `persons.${i}.${f}` || (i === 0 && err?.field === 'persons')
              ? { 'aria-invalid': 'true' as const, 'aria-describedby': 'org-reg-error' }
              : {};
          return (
            <p class="person-row">
              <label for={fieldId(`persons.${i}.name`)}>{t('delegations.personName', { n: i + 1 })}</label>
              <input
                id={fieldId(`persons.${i}.name`)}
                name={`persons.${i}.name`}
                value={p.name}
                maxLength={200}
                autocomplete="off"
                {...bad('name')}
              />
              <label for={fieldId(`persons.${i}.function`)}>{t('delegations.personFunction', { n: i + 1 })}</label>
              <input
                id={fieldId(`persons.${i}.function`)}
                name={`persons.${i}.function`}
                value={p.function}
                maxLength={300}
                autocomplete="off"
                {...bad('function')}
              />
            </p>
          );
        })}
        <button type="submit">{t('delegations.save')}</button>
      </form>
    </section>
  );
}

/** Signed out: the page says to sign in (the public attendance stays on the meeting page). */
export function SignInPage(props: { ctx: PageContext; meeting: { id: string; title: string } }): JSX.Element {
  const { ctx } = props;
  const { t, lang } = ctx;
  return (
    <Layout ctx={ctx} title={t('delegations.heading')} description={t('delegations.intro')}>
      <p>
        <a href={href(lang, `/meetings/${encodeURIComponent(props.meeting.id)}`)}>{t('delegations.back')}</a>
      </p>
      <h1>
        <WithEnglish ctx={ctx} text={t('delegations.title', { meeting: SLOT })} english={props.meeting.title} />
      </h1>
      <p class="lead">{t('delegations.intro')}</p>
      <p>
        <a href={href(lang, '/sign-in')}>{t('delegations.signIn')}</a>
      </p>
    </Layout>
  );
}
