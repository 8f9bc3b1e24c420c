/** Pieces of the meetings pages that other pages (mechanism and country profiles) also show. */
import type { JSX } from 'preact';
import { countryNames } from '../../registry/countries.js';
import { formatDate } from '../../web/format.js';
import { En, Fill, href, SLOT, type PageContext } from '../../web/layout.js';
import { today } from '../../registry/model.js';
import { displayStatus } from '../model.js';
import type { MeetingsService } from '../service.js';
import { TableScroll } from '../../web/table.js';

export type MeetingItem = Awaited<ReturnType<MeetingsService['list']>>['items'][number];

export function when(ctx: PageContext, m: { start: string; end: string | null }): string {
  const a = formatDate(m.start, ctx.lang);
  return m.end && m.end !== m.start ? `${a} – ${formatDate(m.end, ctx.lang)}` : a;
}

export function where(ctx: PageContext, m: { online: boolean; city: string | null; country: string | null }): string {
  if (m.online) return ctx.t('meetings.online');
  return [m.city, m.country ? (countryNames(ctx.lang).get(m.country) ?? m.country) : null].filter(Boolean).join(', ');
}

/** The place of a meeting, rendered: the city as the data writes it (in English, so marked lang="en"), the country in the page language. */
export function Where(props: {
  ctx: PageContext;
  m: { online: boolean; city: string | null; country: string | null };
}): JSX.Element {
  const { ctx, m } = props;
  if (m.online) return <>{ctx.t('meetings.online')}</>;
  const country = m.country ? (countryNames(ctx.lang).get(m.country) ?? m.country) : null;
  return (
    <>
      {m.city ? <span lang="en">{m.city}</span> : null}
      {m.city && country ? ', ' : null}
      {country}
    </>
  );
}

export function RepresentedText(props: {
  ctx: PageContext;
  r: MeetingItem['represented'];
  sourceLink?: (id: string) => JSX.Element;
}): JSX.Element {
  const { ctx, r } = props;
  const { t } = ctx;
  if (r.value === null) {
    return (
      <span class="muted">
        {r.named > 0 ? t('meetings.notReportedNamed', { count: r.named }) : t('meetings.noCount')}
      </span>
    );
  }
  return (
    <>
      <strong>{r.value}</strong> <span class="muted">({t('meetings.reported')})</span>
      {r.alternatives.length > 1 ? (
        <span class="muted">
          {' '}
          — {t('meetings.discrepancy')} {r.alternatives.map((a) => a.count).join(' / ')}
        </span>
      ) : null}
    </>
  );
}

/** A table of meetings: date, title, kind, place, status. */
export function MeetingTable(props: {
  ctx: PageContext;
  items: MeetingItem[];
  caption: string;
  id: string;
  showRepresented?: boolean;
  asOf?: string;
}): JSX.Element {
  const { ctx, items } = props;
  const at = props.asOf ?? today();
  const { t, lang } = ctx;
  if (items.length === 0)
    return (
      <>
        <h3 id={props.id}>{props.caption}</h3>
        <p class="muted">{t('meetings.none')}</p>
      </>
    );
  return (
    <TableScroll label={`${t('common.table')} — ${props.caption}`}>
      <table aria-labelledby={props.id}>
        <caption id={props.id}>
          {props.caption} ({items.length})
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('meetings.date')}</th>
            <th scope="col">{t('common.name')}</th>
            <th scope="col">{t('meetings.kind')}</th>
            <th scope="col">{t('meetings.place')}</th>
            <th scope="col">{t('common.status')}</th>
            {props.showRepresented ? <th scope="col">{t('meetings.represented')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {items.map((m) => (
            <tr>
              <td>
                <time datetime={m.start}>{when(ctx, m)}</time>
              </td>
              <th scope="row">
                <a href={href(lang, `/meetings/${m.id}`)}>
                  <En ctx={ctx}>{m.title}</En>
                </a>
              </th>
              <td>{t(`kind.${m.kind}`)}</td>
              <td>
                <Where ctx={ctx} m={m} />
              </td>
              <td>{t(`mstatus.${displayStatus(m, at)}`)}</td>
              {props.showRepresented ? (
                <td>
                  <RepresentedText ctx={ctx} r={m.represented} />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** The meetings section of a mechanism profile: last recorded meeting, the recent-activity flag and its rule. */
export function MechanismMeetings(props: {
  ctx: PageContext;
  data: Awaited<ReturnType<MeetingsService['forMechanism']>>;
  mechanismId: string;
}): JSX.Element {
  const { ctx, data } = props;
  const { t, lang } = ctx;
  return (
    <section aria-labelledby="meetings">
      <h2 id="meetings">{t('meetings.title')}</h2>
      <p>
        <strong>{t('meetings.lastMeeting')}:</strong>{' '}
        {data.lastMeeting ? (
          <>
            <a href={href(lang, `/meetings/${data.lastMeeting.id}`)}>
              <En ctx={ctx}>{data.lastMeeting.title}</En>
            </a>{' '}
            ({when(ctx, data.lastMeeting)})
          </>
        ) : (
          t('meetings.noneRecorded')
        )}
      </p>
      {data.noRecentActivity ? (
        <p>
          <span class="badge unverified">{t('meetings.noRecent')}</span>{' '}
          <small class="muted" lang="en">
            {data.rule}
          </small>
        </p>
      ) : null}
      {data.recordIncomplete ? (
        <p class="record-incomplete">
          <span class="badge unverified">
            {data.lastMeeting ? (
              <Fill
                text={t('meetings.incompleteLast', { title: SLOT, date: when(ctx, data.lastMeeting) })}
                slots={[<En ctx={ctx}>{data.lastMeeting.title}</En>]}
              />
            ) : (
              t('meetings.incompleteNone')
            )}
          </span>
        </p>
      ) : null}
      {data.meetingRecord && !data.meetingRecord.complete && data.meetingRecord.gaps ? (
        <p class="muted">
          {t('meetings.gaps', { date: formatDate(data.meetingRecord.checked, lang) })}{' '}
          <span lang="en">{data.meetingRecord.gaps}</span>
        </p>
      ) : null}
      {data.meetings.length ? (
        <MeetingTable
          ctx={ctx}
          items={data.meetings}
          caption={t('meetings.title')}
          id="meetings-table"
          asOf={data.asOf}
        />
      ) : null}
      <p>
        <a href={`/calendar/mechanisms/${props.mechanismId}.ics`}>{t('meetings.feeds')}</a>
      </p>
    </section>
  );
}
