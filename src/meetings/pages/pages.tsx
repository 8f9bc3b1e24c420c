/** The meetings calendar, one meeting, and a meeting series. */
import { countryNames } from '../../registry/countries.js';
import type { JSX } from 'preact';
import { formatDate } from '../../web/format.js';
import { En, href, Layout, type PageContext } from '../../web/layout.js';
import { Unverified, UnverifiedField } from '../../registry/fields.js';
import { safeUrl, SourceList, SourceRefs, type SourceRow } from '../../web/sources.js';
import { displayStatus, MEETING_KINDS } from '../model.js';
import type { MeetingsService } from '../service.js';
import { MeetingTable, RepresentedText, when, where, Where, type MeetingItem } from './parts.js';
import { TableScroll } from '../../web/table.js';
import { meetingLd, seriesLd } from './linked-data.js';

export interface CalendarQuery {
  mechanism?: string | undefined;
  kind?: string | undefined;
  country?: string | undefined;
  series?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export function CalendarPage(props: {
  ctx: PageContext;
  query: CalendarQuery;
  upcoming: MeetingItem[];
  past: MeetingItem[];
  options: {
    mechanisms: { id: string; name: string }[];
    countries: { code: string; name: string }[];
    series: { id: string; name: string }[];
  };
}): JSX.Element {
  const { ctx, query, options } = props;
  const { t, lang } = ctx;
  return (
    <Layout ctx={ctx} title={t('meetings.title')} description={t('meetings.intro')}>
      <h1>{t('meetings.title')}</h1>
      <p class="lead">{t('meetings.intro')}</p>
      <form class="filters" method="get" aria-label={t('mechanisms.filters')}>
        <div class="field">
          <label for="mf-mech">{t('common.mechanism')}</label>
          <select id="mf-mech" name="mechanism">
            <option value="">{t('meetings.allMechanisms')}</option>
            {options.mechanisms.map((m) => (
              <option value={m.id} selected={query.mechanism === m.id} lang="en">
                {m.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="mf-series">{t('meetings.series')}</label>
          <select id="mf-series" name="series">
            <option value="">{t('meetings.allSeries')}</option>
            {options.series.map((s) => (
              <option value={s.id} selected={query.series === s.id} lang="en">
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="mf-kind">{t('meetings.kind')}</label>
          <select id="mf-kind" name="kind">
            <option value="">{t('meetings.allKinds')}</option>
            {MEETING_KINDS.map((k) => (
              <option value={k} selected={query.kind === k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="mf-country">{t('common.country')}</label>
          <select id="mf-country" name="country">
            <option value="">{t('mechanisms.allCountries')}</option>
            {options.countries.map((c) => (
              <option value={c.code} selected={query.country === c.code}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="mf-from">{t('meetings.from')}</label>
          <input id="mf-from" name="from" type="date" value={query.from ?? ''} />
        </div>
        <div class="field">
          <label for="mf-to">{t('meetings.to')}</label>
          <input id="mf-to" name="to" type="date" value={query.to ?? ''} />
        </div>
        <button type="submit">{t('common.apply')}</button>
        <a href={href(lang, '/meetings')}>{t('mechanisms.reset')}</a>
      </form>
      <p role="status">
        <strong>{t('common.results', { count: props.upcoming.length + props.past.length })}</strong>
      </p>
      <MeetingTable ctx={ctx} items={props.upcoming} caption={t('meetings.upcoming')} id="upcoming" />
      <MeetingTable ctx={ctx} items={props.past} caption={t('meetings.past')} id="past" showRepresented />
      <p>
        {t('meetings.feeds')}: <a href="/calendar/meetings.ics">{t('meetings.feedAll')}</a>
        {options.series.map((s) => (
          <>
            {' '}
            ·{' '}
            <a href={`/calendar/series/${s.id}.ics`}>
              <En ctx={ctx}>{s.name}</En>
            </a>
          </>
        ))}
        . <span class="muted">{t('meetings.feedNote')}</span>
      </p>
    </Layout>
  );
}

type Detail = Awaited<ReturnType<MeetingsService['get']>>;

export function MeetingPage(props: {
  ctx: PageContext;
  m: Detail;
  sources: SourceRow[];
  today: string;
  reported?: JSX.Element | null;
  /** The sections other features contribute (documents…), given by the composition root. */
  sections?: readonly JSX.Element[];
}): JSX.Element {
  const { ctx, m } = props;
  const { t, lang } = ctx;
  const numbers = new Map(props.sources.map((s, i) => [s.id, i + 1]));
  const unverified = new Set(m.unverifiedFields.map((f) => f.field));
  const U = (p: { field: string }) =>
    unverified.has(p.field) ? (
      <>
        {' '}
        <Unverified ctx={ctx} />
      </>
    ) : null;
  const status = displayStatus(m, props.today);
  const datePassed = status === 'not-confirmed';
  const jsonLd = meetingLd(ctx, m);
  return (
    <Layout
      ctx={ctx}
      title={m.title}
      description={`${when(ctx, m)} — ${where(ctx, m)}`}
      jsonLd={jsonLd}
      ogType="article"
      className="profile"
    >
      <h1>
        <En ctx={ctx}>{m.title}</En>
      </h1>
      <p class="lead">
        {t(`kind.${m.kind}`)} · {t(`mstatus.${status}`)} · {when(ctx, m)}
        {where(ctx, m) ? (
          <>
            {' · '}
            <Where ctx={ctx} m={m} />
          </>
        ) : null}
      </p>
      {datePassed ? (
        <p>
          <span class="badge assumed">{t('meetings.datePassed')}</span>
        </p>
      ) : null}
      {m.start.length === 10 ? (
        <p>
          <a href={`/calendar/meetings/${m.id}.ics?lang=${lang}`} type="text/calendar" rel="alternate">
            {t('meetings.addToCalendar')}
          </a>
        </p>
      ) : null}
      <dl class="facts">
        {m.seriesName ? (
          <>
            <dt>{t('meetings.series')}</dt>
            <dd>
              <a href={href(lang, `/series/${m.series}`)}>
                <En ctx={ctx}>{m.seriesName}</En>
              </a>
              {m.ordinal ? ` — ${t('meetings.ordinal')} ${m.ordinal}` : ''}
            </dd>
          </>
        ) : null}
        {m.mechanism ? (
          <>
            <dt>{t('meetings.organiser')}</dt>
            <dd>
              <a href={href(lang, `/mechanisms/${m.mechanism.id}`)}>
                <En ctx={ctx}>{m.mechanism.name}</En>
              </a>
            </dd>
          </>
        ) : null}
        <dt>{t('meetings.date')}</dt>
        <dd>{when(ctx, m)}</dd>
        <dt>{t('meetings.place')}</dt>
        <dd>{where(ctx, m) ? <Where ctx={ctx} m={m} /> : t('common.unknown')}</dd>
        {m.host ? (
          <>
            <dt>
              {t('meetings.host')}
              <U field="host" />
            </dt>
            <dd>
              <En ctx={ctx}>{m.host}</En>
            </dd>
          </>
        ) : null}
        {m.theme ? (
          <>
            <dt>{t('meetings.theme')}</dt>
            <dd>
              <En ctx={ctx}>{m.theme}</En>
            </dd>
          </>
        ) : null}
        <dt>{t('meetings.represented')}</dt>
        <dd>
          <RepresentedText ctx={ctx} r={m.represented} />
          {m.represented.basis === 'reported' ? (
            <>
              {' '}
              — {t('common.source')} <SourceRefs ids={m.represented.sources} numbers={numbers} />
            </>
          ) : null}
          {m.represented.alternatives.length > 1 ? (
            <ul>
              {m.represented.alternatives.map((a) => (
                <li>
                  {a.count} — <En ctx={ctx}>{a.note ?? ''}</En> <SourceRefs ids={a.sources} numbers={numbers} />
                </li>
              ))}
            </ul>
          ) : m.represented.note ? (
            <div class="muted">
              <En ctx={ctx}>{m.represented.note}</En>
            </div>
          ) : null}
          <details>
            <summary>{t('common.definition')}</summary>
            <p lang="en">{m.represented.definition}</p>
          </details>
        </dd>
        {m.reportedCounts
          .filter((c) => c.what !== 'mechanisms')
          .map((c) => (
            <>
              <dt>
                {t('common.count')} ({c.what})
              </dt>
              <dd>
                {c.count}{' '}
                {c.note ? (
                  <span class="muted">
                    <En ctx={ctx}>{c.note}</En>
                  </span>
                ) : null}{' '}
                <SourceRefs ids={c.sources} numbers={numbers} />
              </dd>
            </>
          ))}
      </dl>
      {m.participants.length ? (
        <section aria-labelledby="participants">
          <h2 id="participants">{t('meetings.participants')}</h2>
          <TableScroll label={`${t('common.table')} — ${t('meetings.participants')}`}>
            <table>
              <caption class="visually-hidden">{t('meetings.participants')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('common.name')}</th>
                  <th scope="col">{t('common.role')}</th>
                  <th scope="col">{t('common.sources')}</th>
                </tr>
              </thead>
              <tbody>
                {m.participants.map((p) => (
                  <tr>
                    <th scope="row">
                      {p.type === 'mechanism' && p.id ? (
                        <a href={href(lang, `/mechanisms/${p.id}`)}>
                          <En ctx={ctx}>{p.name}</En>
                        </a>
                      ) : p.type === 'country' && p.id ? (
                        <a href={href(lang, `/countries/${p.id}`)}>{countryNames(lang).get(p.id) ?? p.name}</a>
                      ) : (
                        <span lang="en">{p.name}</span>
                      )}
                    </th>
                    <td>{t(`prole.${p.role}`)}</td>
                    <td>
                      <SourceRefs ids={p.sources} numbers={numbers} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </section>
      ) : null}
      {m.agenda.length ? (
        <section aria-labelledby="agenda">
          <h2 id="agenda">{t('meetings.agenda')}</h2>
          <ol>
            {m.agenda.map((a) => (
              <li>
                <En ctx={ctx}>{a.title}</En>
                {a.time ? <span class="muted"> — {a.time}</span> : null}
                {a.speakers.length ? (
                  <span class="muted">
                    {' '}
                    — {t('meetings.speakers')}: <span lang="en">{a.speakers.join(', ')}</span>
                  </span>
                ) : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {m.documents.length ? (
        <section aria-labelledby="documents">
          <h2 id="documents">{t('meetings.documents')}</h2>
          <ul>
            {m.documents.map((d) => {
              const url = safeUrl(d.url);
              return (
                <li>
                  {d.kind === 'outcome' ? <strong>{t('meetings.outcome')}: </strong> : null}
                  {url ? (
                    <a href={url} rel="noopener">
                      <En ctx={ctx}>{d.title}</En>
                    </a>
                  ) : (
                    <En ctx={ctx}>{d.title}</En>
                  )}
                  {d.date ? ` (${formatDate(d.date, lang)})` : ''}
                  {d.language ? <span class="muted"> [{d.language}]</span> : null}{' '}
                  <SourceRefs ids={d.sources} numbers={numbers} />
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
      {m.notes ? (
        <section aria-labelledby="notes">
          <h2 id="notes">{t('profile.notes')}</h2>
          <p>
            <En ctx={ctx}>{m.notes}</En>
          </p>
        </section>
      ) : null}
      {m.unverifiedFields.length ? (
        <ul class="muted">
          {m.unverifiedFields.map((f) => (
            <UnverifiedField ctx={ctx} field={f} />
          ))}
        </ul>
      ) : null}
      {props.sections ?? null}
      {props.reported ?? null}
      <SourceList ctx={ctx} sources={props.sources} />
      <p>
        <a href={href(lang, `/history/meeting/${m.id}`)}>{t('change.seeHistory')}</a>
      </p>
    </Layout>
  );
}

type Series = Awaited<ReturnType<MeetingsService['series']>>;

export function SeriesPage(props: {
  reported?: JSX.Element | null;
  /** The sections other features contribute (documents…), given by the composition root. */
  sections?: readonly JSX.Element[];
  ctx: PageContext;
  s: Series;
  sources: SourceRow[];
}): JSX.Element {
  const { ctx, s } = props;
  const { t, lang } = ctx;
  const numbers = new Map(props.sources.map((x, i) => [x.id, i + 1]));
  return (
    <Layout ctx={ctx} title={s.name} description={`${s.name}: ${t('meetings.editions')}`} jsonLd={seriesLd(ctx, s)}>
      <h1>
        <En ctx={ctx}>{s.name}</En>
      </h1>
      {s.note ? (
        <p class="lead">
          <En ctx={ctx}>{s.note}</En>
        </p>
      ) : null}
      <TableScroll label={t('meetings.editions')}>
        <table>
          <caption>
            {t('meetings.editions')} ({s.meetings.length})
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('meetings.ordinal')}</th>
              <th scope="col">{t('meetings.date')}</th>
              <th scope="col">{t('meetings.place')}</th>
              <th scope="col">{t('meetings.theme')}</th>
              <th scope="col">{t('meetings.represented')}</th>
              <th scope="col">{t('meetings.outcome')}</th>
              <th scope="col">{t('common.sources')}</th>
            </tr>
          </thead>
          <tbody>
            {s.meetings.map((m) => (
              <tr>
                <th scope="row">
                  <a href={href(lang, `/meetings/${m.id}`)}>{m.ordinal ?? '—'}</a>
                </th>
                <td>
                  <a href={href(lang, `/meetings/${m.id}`)}>{when(ctx, m)}</a>
                </td>
                <td>
                  <Where ctx={ctx} m={m} />
                </td>
                <td>{m.theme ? <span lang="en">{m.theme}</span> : null}</td>
                <td>
                  <RepresentedText ctx={ctx} r={m.represented} />
                  {m.represented.basis === 'reported' ? (
                    <>
                      {' '}
                      <SourceRefs ids={m.represented.sources} numbers={numbers} />
                    </>
                  ) : null}
                </td>
                <td>{m.outcome ? <En ctx={ctx}>{m.outcome.title}</En> : null}</td>
                <td>
                  <SourceRefs ids={m.sources} numbers={numbers} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <p>
        <a href={`/calendar/series/${s.id}.ics`}>{t('meetings.feeds')}</a>
      </p>
      {props.sections ?? null}
      {props.reported ?? null}
      <SourceList ctx={ctx} sources={props.sources} />
    </Layout>
  );
}
