/** The meetings feature's sections on the registry's profile pages (see ProfileSections in src/feature.ts). */
import type { ProfileSections } from '../../feature.js';
import type { MeetingsService } from '../service.js';
import { MechanismMeetings, MeetingTable } from './parts.js';

export function meetingsSections(meetings: MeetingsService): ProfileSections {
  return {
    mechanism: async ({ id, asOf, ctx }) => (
      <MechanismMeetings ctx={ctx} data={await meetings.forMechanism(id, asOf)} mechanismId={id} />
    ),
    mechanismChanges: (id) => meetings.mechanismChangeDates(id),
    country: async ({ id, asOf, ctx }) => {
      const items = await meetings.forCountry(id);
      if (!items.length) return null;
      return (
        <section aria-labelledby="meetings-h">
          <h2 id="meetings-h">{ctx.t('meetings.title')}</h2>
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
