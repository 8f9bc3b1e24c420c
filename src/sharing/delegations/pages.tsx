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
import type { Attendance, Eligibility, DelegationStatus } from './model.js';
import type { MeetingDelegations } from './service.js';

export const PERSON_SLOTS = 6;
const ELIG: Record<Eligibility, string> = {
  member: 'delegations.eligMember',
  observer: 'delegations.eligObserver',
  guest: 'delegations.eligGuest',
};
const STATUS: Record<DelegationStatus, string> = {
  pending: 'delegations.statusPending',
  confirmed: 'delegations.statusConfirmed',
  declined: 'delegations.statusDeclined',
};

export const delegationsHref = (ctx: PageContext, meeting: string, rest = '') =>
  href(ctx.lang, `/meetings/${encodeURIComponent(meeting)}/delegations${rest}`);

const kb = (ctx: PageContext, bytes: number) =>
  ctx.t('delegations.size', { n: formatNumber(Math.max(1, Math.ceil(bytes / 1024)), ctx.lang) });

/** The public part: which States attended by a confirmed delegation (a basis of its own, labelled so). */
export function AttendanceSection(props: {
  ctx: PageContext;
  meeting: string;
  a: Attendance;
  names: ReadonlyMap<string, string>;
}): JSX.Element {
  const { ctx, a } = props;
  const { t } = ctx;
  return (
    <section aria-labelledby="attendance-h" id="attendance">
      <h2 id="attendance-h">{t('delegations.attendance')}</h2>
      {a.confirmed === 0 ? (
        <p>{t('delegations.attendanceNone')}</p>
      ) : (
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
      )}
      <p class="muted">{t('delegations.attendanceBasis')}</p>
      <p>
        <a href={delegationsHref(ctx, props.meeting)} rel="nofollow">
          {t('delegations.manage')}
        </a>
      </p>
    </section>
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
                    <td>
                      {t(STATUS[d.status])}
                      {d.decisionNote ? (
                        <div class="muted">
                          <En ctx={ctx}>{d.decisionNote}</En>
                        </div>
                      ) : null}
                    </td>
                    <td>
                      {d.persons ? (
                        <ul>
                          {d.persons.map((p) => (
                            <li>
                              {p.name} — {p.function}
                            </li>
                          ))}
                        </ul>
                      ) : (
                        t('delegations.hidden')
                      )}
                    </td>
                    {data.may.decide ? (
                      <td>
                        <form
                          method="post"
                          action={delegationsHref(ctx, m.id, `/${d.country}/decision`)}
                          class="edit decision"
                          aria-label={`${t('delegations.decision')} — ${name(d.country)}`}
                        >
                          <input type="hidden" name="_csrf" value={props.csrf} />
                          <label for={`note-${d.country}`}>{t('delegations.noteLabel')}</label>
                          <input id={`note-${d.country}`} name="note" maxLength={2000} />
                          {d.status !== 'confirmed' ? (
                            <button type="submit" name="decision" value="confirmed">
                              {t('delegations.confirm')}
                            </button>
                          ) : null}
                          {d.status !== 'declined' ? (
                            <button type="submit" name="decision" value="declined">
                              {t('delegations.decline')}
                            </button>
                          ) : null}
                        </form>
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
    </Layout>
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
