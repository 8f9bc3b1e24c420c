/** The meetings feature's sections on the registry's profile pages (see ProfileSections in src/feature.ts). */
import type { ProfileSections } from '../../feature.js';
import type { MeetingsService } from '../service.js';
import { MechanismMeetings, MeetingTable } from './parts.js';
import { href } from '../../web/layout.js';
import { formatNumber } from '../../web/format.js';

/** A country page lists this many of its meetings, the latest first (at 1× every country's fit). */
export const COUNTRY_MEETINGS = 20;

export function meetingsSections(meetings: MeetingsService): ProfileSections {
  return {
    mechanism: async ({ id, asOf, ctx }) => (
      <MechanismMeetings ctx={ctx} data={await meetings.forMechanism(id, asOf)} mechanismId={id} />
    ),
    mechanismChanges: (id) => meetings.mechanismChangeDates(id),
    country: async ({ id, asOf, ctx }) => {
      // Past COUNTRY_MEETINGS (thousands at a hundred times the data) the latest, and a link to all of them.
      const latest = await meetings.latestForCountry(id, COUNTRY_MEETINGS);
      if (!latest.total) return null;
      const { items } = latest;
      const total = formatNumber(latest.total, ctx.lang);
      return (
        <section aria-labelledby="meetings-h">
          <h2 id="meetings-h">{ctx.t('meetings.title')}</h2>
          {items.length < latest.total ? (
            <p>
              {ctx.t('rowsPager.meetingsShown', { shown: formatNumber(items.length, ctx.lang), total })}{' '}
              <a href={href(ctx.lang, '/meetings', `?country=${id}`)}>{ctx.t('rowsPager.allMeetings', { total })}</a>
            </p>
          ) : null}
          <MeetingTable ctx={ctx} items={items} caption={ctx.t('meetings.title')} id="meetings" asOf={asOf} />
          <p>
            <a href={`/calendar/countries/${id}.ics?lang=${ctx.lang}`} type="text/calendar" rel="alternate">
              {ctx.t('meetings.feeds')}
            </a>
          </p>
        </section>
      );
    },
  };
}
