/**
 * iCalendar (RFC 5545) feeds, made with ical-generator. Only meetings dated to the day are in the
 * feeds: a meeting known only by its year or month has no day to put in a calendar, and none is made up.
 */
import ical, { ICalEventStatus } from 'ical-generator';

export interface CalendarMeeting {
  id: string; title: string; start: string; end: string | null; city: string | null; country: string | null;
  online: boolean; status: string; host: string | null; theme: string | null; url: string;
}

function nextDay(date: string): Date {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d;
}

const STATUS: Record<string, ICalEventStatus> = {
  held: ICalEventStatus.CONFIRMED, planned: ICalEventStatus.TENTATIVE, postponed: ICalEventStatus.TENTATIVE, cancelled: ICalEventStatus.CANCELLED,
};

export function calendarFeed(opts: { name: string; description: string; url: string; meetings: CalendarMeeting[] }): string {
  const cal = ical({
    name: opts.name, description: `${opts.description} Only meetings dated to the day are included.`, url: opts.url,
    prodId: { company: 'ISCM Hub', product: 'Meetings', language: 'EN' },
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
      location: m.online ? 'Online' : [m.city, m.country].filter(Boolean).join(', ') || null,
      description: [m.theme, m.host ? `Host: ${m.host}` : null, m.url].filter(Boolean).join('\n'),
      url: m.url,
      status: STATUS[m.status] ?? null,
    });
  }
  return cal.toString();
}
