/**
 * Meetings as schema.org Events and the global series as an EventSeries (see registry/pages/linked-data.ts for the
 * `@id` rules): a meeting's `organizer` is its mechanism's node, its series its `superEvent`, the countries and
 * mechanisms the data names as taking part its `attendee`s, its place a Place whose address has the ISO 3166-1
 * alpha-2 `addressCountry`.
 */
import { compact, jsonLd, ldDate, ldId, ldText, type LdNode } from '../../web/linked-data.js';
import { alpha2Of, ldMechanismRef, ldParty } from '../../registry/linked-data.js';
import { countryNames } from '../../registry/countries.js';
import type { PageContext } from '../../web/layout.js';
import type { MeetingsService } from '../service.js';

type Detail = Awaited<ReturnType<MeetingsService['get']>>;
type Series = Awaited<ReturnType<MeetingsService['series']>>;
type Summary = Series['meetings'][number];

const STATUS: Record<string, string> = {
  held: 'https://schema.org/EventScheduled',
  planned: 'https://schema.org/EventScheduled',
  postponed: 'https://schema.org/EventPostponed',
  cancelled: 'https://schema.org/EventCancelled',
};

/** What every meeting node says, on its own page and in its series' list. */
function meetingNode(ctx: PageContext, m: Summary): LdNode {
  const id = ldId(ctx, `/meetings/${m.id}`);
  const country = m.country ? alpha2Of(m.country) : undefined;
  const place =
    m.city || m.country
      ? compact({
          '@id': `${id}#place`,
          '@type': 'Place',
          name: m.city ? ldText(m.city, 'en') : ldText(countryNames(ctx.lang).get(m.country!) ?? m.country!, ctx.lang),
          address: compact({
            '@id': `${id}#address`,
            '@type': 'PostalAddress',
            addressLocality: m.city ? ldText(m.city, 'en') : undefined,
            addressCountry: country,
          }),
        })
      : undefined;
  return compact({
    '@id': id,
    '@type': 'Event',
    name: ldText(m.title, 'en'),
    url: id,
    startDate: ldDate(m.start),
    endDate: ldDate(m.end),
    eventStatus: STATUS[m.status],
    eventAttendanceMode: m.online
      ? 'https://schema.org/OnlineEventAttendanceMode'
      : 'https://schema.org/OfflineEventAttendanceMode',
    location: m.online ? { '@id': `${id}#online`, '@type': 'VirtualLocation', url: id } : place,
    organizer: m.mechanism ? ldMechanismRef(ctx, m.mechanism.id, m.mechanism.name) : undefined,
  });
}

const seriesRef = (ctx: PageContext, id: string, name: string): LdNode => ({
  '@id': ldId(ctx, `/series/${id}`),
  '@type': 'EventSeries',
  name: ldText(name, 'en'),
});

/** A meeting's page: the meeting, its series, its hosts (also organizers) and the parties named as attending. */
export function meetingLd(ctx: PageContext, m: Detail): Record<string, unknown> {
  const base = meetingNode(ctx, m);
  const party = (p: Detail['participants'][number]): LdNode | null =>
    p.id === null
      ? null
      : p.type === 'country'
        ? ldParty(ctx, p.id)
        : p.type === 'mechanism'
          ? ldMechanismRef(ctx, p.id, p.name)
          : null; // an organization has no page, so no @id to name it by
  const nodes = (roles: (r: string) => boolean) =>
    m.participants.filter((p) => roles(p.role)).flatMap((p) => party(p) ?? []);
  const hosts = nodes((r) => r === 'host');
  const organizers = [...(base.organizer ? [base.organizer as LdNode] : []), ...hosts];
  const attendees = nodes((r) => r !== 'host');
  return jsonLd(
    compact({
      ...base,
      organizer: organizers.length ? organizers : undefined,
      attendee: attendees.length ? attendees : undefined,
      superEvent: m.series && m.seriesName ? seriesRef(ctx, m.series, m.seriesName) : undefined,
      description: m.theme ? ldText(m.theme, 'en') : undefined,
    }),
  );
}

/** A series' page: the EventSeries and each of its editions as a `subEvent`. */
export function seriesLd(ctx: PageContext, s: Series): Record<string, unknown> {
  return jsonLd(
    compact({
      ...seriesRef(ctx, s.id, s.name),
      url: ldId(ctx, `/series/${s.id}`),
      description: s.note ? ldText(s.note, 'en') : undefined,
      subEvent: s.meetings.length ? s.meetings.map((m) => meetingNode(ctx, m)) : undefined,
    }),
  );
}
