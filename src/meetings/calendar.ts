/**
 * iCalendar (RFC 5545) feeds, made with ical-generator. Only meetings dated to the day are in the
 * feeds: a meeting known only by its year or month has no day to put in a calendar, and none is made up.
 */
import ical, { ICalEventStatus } from 'ical-generator';

export interface CalendarMeeting {
  id: string;
  title: string;
  start: string;
  end: string | null;
  city: string | null;
  country: string | null;
  online: boolean;
  status: string;
  host: string | null;
  theme: string | null;
  url: string;
  /** The meeting's version (SEQUENCE is version − 1: the first is 0) and when it last changed (ISO 8601). */
  version: number;
  updatedAt: string;
}

function nextDay(date: string): Date {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d;
}

const STATUS: Record<string, ICalEventStatus> = {
  held: ICalEventStatus.CONFIRMED,
  planned: ICalEventStatus.TENTATIVE,
  postponed: ICalEventStatus.TENTATIVE,
  cancelled: ICalEventStatus.CANCELLED,
};

/** The newest change among the meetings of a feed (its Last-Modified), or null for an empty one. */
export function lastChange(meetings: readonly CalendarMeeting[]): Date | null {
  const newest = meetings.reduce<string | null>((a, m) => (a === null || m.updatedAt > a ? m.updatedAt : a), null);
  return newest === null ? null : new Date(newest);
}

/**
 * The feed as text: the same meetings give the same bytes (DTSTAMP is the meeting's last change, not the
 * request's time), so its ETag only changes when a meeting does. `countryName` names the place in the feed's
 * language.
 */
export function calendarFeed(opts: {
  name: string;
  description: string;
  url: string;
  meetings: CalendarMeeting[];
  lang: string;
  countryName: (code: string) => string;
  onlineWord: string;
}): string {
  const cal = ical({
    name: opts.name,
    description: `${opts.description} Only meetings dated to the day are included.`,
    url: opts.url,
    prodId: { company: 'ISCM Hub', product: 'Meetings', language: opts.lang.toUpperCase() },
  });
  for (const m of opts.meetings) {
    if (m.start.length !== 10) continue;
    const last = m.end !== null && m.end.length === 10 ? m.end : m.start;
    cal.createEvent({
      id: `${m.id}@iscm-hub`,
      allDay: true,
      start: new Date(`${m.start}T00:00:00Z`),
      end: nextDay(last), // DTEND of an all-day event is the day after the last day
      summary: m.title,
      location: m.online
        ? opts.onlineWord
        : [m.city, m.country ? opts.countryName(m.country) : null].filter(Boolean).join(', ') || null,
      stamp: new Date(m.updatedAt),
      lastModified: new Date(m.updatedAt),
      sequence: Math.max(0, m.version - 1),
      description: [m.theme, m.host ? `Host: ${m.host}` : null, m.url].filter(Boolean).join('\n'),
      url: m.url,
      status: STATUS[m.status] ?? null,
    });
  }
  return cal.toString();
}
