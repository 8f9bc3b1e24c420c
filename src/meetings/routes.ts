/** Meetings API v1 and the iCalendar feeds. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ResponseCache } from '../http/cache.js';
import { allCountries } from '../registry/countries.js';
import { isFullDate, today } from '../registry/model.js';
import { BadParameter, NotFound, type RegistryService } from '../registry/service.js';
import { origin } from '../web/render.js';
import { calendarFeed } from './calendar.js';
import { meetingRoutes } from './schema.js';
import type { MeetingsService } from './service.js';

export const meetingsApi = (meetings: MeetingsService, registry: RegistryService, cache: ResponseCache): FastifyPluginAsyncTypebox => async (app) => {
  const tags = ['meetings'];
  app.get('/api/v1/meetings', { schema: { ...meetingRoutes.list, tags, summary: 'Meetings, filtered by mechanism, series, country, dates, kind and status' } },
    async (req, reply) => cache.send(req, reply, () => meetings.list(req.query)));
  app.get('/api/v1/meetings/:id', { schema: { ...meetingRoutes.get, tags, summary: 'One meeting: participants, agenda, documents, mechanisms represented' } },
    async (req, reply) => cache.send(req, reply, () => meetings.get(req.params.id)));
  app.get('/api/v1/mechanisms/:id/meeting-record', {
    schema: { ...meetingRoutes.record, tags, summary: 'A mechanism\'s last held meeting, the recent-activity flag, and whether its meeting record is known to be complete' },
  }, async (req, reply) => cache.send(req, reply, async () => {
    const asOf = req.query.asOf ?? today();
    if (!isFullDate(asOf)) throw new BadParameter('asOf', `asOf "${asOf}" is not a calendar date (YYYY-MM-DD)`);
    if (!(await registry.mechanismNames()).has(req.params.id)) throw new NotFound('mechanism', req.params.id);
    const r = await meetings.forMechanism(req.params.id, asOf);
    return { mechanism: req.params.id, asOf, lastMeeting: r.lastMeeting, noRecentActivity: r.noRecentActivity, recordIncomplete: r.recordIncomplete,
      meetingsComplete: r.meetingsComplete, meetingRecord: r.meetingRecord, rule: r.rule };
  }));
  app.get('/api/v1/series/:id', { schema: { ...meetingRoutes.series, tags, summary: 'A meeting series and all its editions' } },
    async (req, reply) => cache.send(req, reply, () => meetings.series(req.params.id)));

  // Calendar feeds
  const feed = async (req: FastifyRequest, reply: FastifyReply, name: string, description: string, items: Awaited<ReturnType<MeetingsService['list']>>['items']) => {
    const base = origin(req);
    const body = calendarFeed({
      name, description, url: base + req.url,
      meetings: items.map((m) => ({ ...m, url: `${base}/en/meetings/${m.id}` })),
    });
    return reply.type('text/calendar; charset=utf-8').header('content-disposition', 'inline; filename="iscm-meetings.ics"').send(body);
  };
  app.get('/calendar/meetings.ics', { schema: { hide: true } }, async (req, reply) =>
    feed(req, reply, 'ISCM meetings', 'Meetings of the inter-State consultation mechanisms on migration.', (await meetings.list({})).items));
  app.get('/calendar/mechanisms/:id', { schema: { hide: true } }, async (req, reply) => {
    const id = (req.params as { id: string }).id.replace(/\.ics$/, '');
    const names = await registry.mechanismNames();
    if (!names.has(id)) throw new NotFound('mechanism', id);
    return feed(req, reply, `${names.get(id)} — meetings`, `Meetings of ${names.get(id)} and meetings it took part in.`, (await meetings.list({ mechanism: id })).items);
  });
  app.get('/calendar/countries/:iso3', { schema: { hide: true } }, async (req, reply) => {
    const code = (req.params as { iso3: string }).iso3.replace(/\.ics$/, '');
    const country = allCountries().find((c) => c.code === code);
    if (!country) throw new NotFound('country', code);
    return feed(req, reply, `${country.name_en} — ISCM meetings`, `ISCM meetings held in ${country.name_en} or where it took part.`, (await meetings.list({ country: code })).items);
  });
  app.get('/calendar/series/:id', { schema: { hide: true } }, async (req, reply) => {
    const id = (req.params as { id: string }).id.replace(/\.ics$/, '');
    const s = await meetings.series(id);
    return feed(req, reply, s.name, s.name, s.meetings);
  });
};
