/** Meetings API v1 and the iCalendar feeds. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ResponseCache } from '../http/cache.js';
import { allCountries, countryNames } from '../registry/countries.js';
import { isFullDate, today } from '../registry/model.js';
import { BadParameter, Moved, NotFound } from '../http/errors.js';
import { page } from '../http/paging.js';
import type { RegistryService } from '../registry/service.js';
import { origin } from '../web/render.js';
import { isLang, LANGS, translator, type Lang } from '../web/i18n.js';
import { calendarFeed, lastChange } from './calendar.js';
import { meetingRoutes } from './schema.js';
import type { MeetingsService } from './service.js';

export const meetingsApi =
  (meetings: MeetingsService, registry: RegistryService, cache: ResponseCache): FastifyPluginAsyncTypebox =>
  async (app) => {
    const tags = ['meetings'];
    app.get(
      '/api/v1/meetings',
      {
        schema: {
          ...meetingRoutes.list,
          tags,
          summary: 'Meetings, filtered by mechanism, series, country, dates, kind and status',
        },
      },
      async (req, reply) =>
        cache.send(req, reply, async () => {
          const { limit, cursor, ...filters } = req.query;
          return page((await meetings.list(filters)).items, { limit, cursor });
        }),
    );
    app.get(
      '/api/v1/meetings/:id',
      {
        schema: {
          ...meetingRoutes.get,
          tags,
          summary: 'One meeting: participants, agenda, documents, mechanisms represented',
        },
      },
      async (req, reply) => cache.send(req, reply, () => meetings.get(req.params.id)),
    );
    app.get(
      '/api/v1/mechanisms/:id/meeting-record',
      {
        schema: {
          ...meetingRoutes.record,
          tags,
          summary:
            "A mechanism's last held meeting, the recent-activity flag, and whether its meeting record is known to be complete",
        },
      },
      async (req, reply) =>
        cache.send(req, reply, async () => {
          const asOf = req.query.asOf ?? today();
          if (!isFullDate(asOf)) throw new BadParameter('asOf', `asOf "${asOf}" is not a calendar date (YYYY-MM-DD)`);
          if (!(await registry.mechanismNames()).has(req.params.id)) throw new NotFound('mechanism', req.params.id);
          const r = await meetings.forMechanism(req.params.id, asOf);
          return {
            mechanism: req.params.id,
            asOf,
            lastMeeting: r.lastMeeting,
            noRecentActivity: r.noRecentActivity,
            recordIncomplete: r.recordIncomplete,
            meetingsComplete: r.meetingsComplete,
            meetingRecord: r.meetingRecord,
            rule: r.rule,
          };
        }),
    );
    app.get(
      '/api/v1/series/:id',
      { schema: { ...meetingRoutes.series, tags, summary: 'A meeting series and all its editions' } },
      async (req, reply) => cache.send(req, reply, () => meetings.series(req.params.id)),
    );

    // Calendar feeds: the same data gives the same bytes, so their ETag answers 304 until a meeting changes.
    const feed = async (
      req: FastifyRequest,
      reply: FastifyReply,
      o: {
        name: string;
        description: string;
        filename: string;
        items: Awaited<ReturnType<MeetingsService['list']>>['items'];
      },
    ) => {
      const asked = (req.query as { lang?: string }).lang;
      if (asked !== undefined && !isLang(asked))
        throw new BadParameter('lang', `lang "${asked}" is not one of ${LANGS.join(', ')}`);
      const lang: Lang = asked ?? 'en';
      const base = origin(req);
      const revisions = await meetings.revisions();
      const items = o.items.map((m) => ({
        ...m,
        url: `${base}/${lang}/meetings/${m.id}`,
        version: revisions.get(m.id)?.version ?? 1,
        updatedAt: revisions.get(m.id)?.updatedAt ?? '1970-01-01T00:00:00.000Z',
      }));
      const last = lastChange(items);
      if (last) reply.header('last-modified', last.toUTCString());
      reply.header('content-disposition', `inline; filename="${o.filename}"`);
      const names = countryNames(lang);
      return cache.sendText(req, reply, 'text/calendar; charset=utf-8', async () =>
        calendarFeed({
          name: o.name,
          description: o.description,
          url: base + req.url,
          meetings: items,
          lang,
          countryName: (code) => names.get(code) ?? code,
          onlineWord: translator(lang)('meetings.online'),
        }),
      );
    };
    /** `/calendar/x/<id>.ics` and `/calendar/x/<id>`: the id, and whether the URL is the canonical one. */
    const feedId = (req: FastifyRequest, param: string) => {
      const raw = (req.params as Record<string, string>)[param]!;
      return { id: raw.replace(/\.ics$/, ''), suffixed: raw.endsWith('.ics') };
    };
    const moved = (reply: FastifyReply, req: FastifyRequest, path: string) => {
      const at = req.url.indexOf('?');
      return reply.redirect(`${path}${at < 0 ? '' : req.url.slice(at)}`, 301);
    };

    app.get('/calendar/meetings.ics', { schema: { hide: true } }, async (req, reply) =>
      feed(req, reply, {
        name: 'ISCM meetings',
        description: 'Meetings of the inter-State consultation mechanisms on migration.',
        filename: 'iscm-meetings.ics',
        items: (await meetings.list({})).items,
      }),
    );
    app.get('/calendar/meetings/:id', { schema: { hide: true } }, async (req, reply) => {
      const { id, suffixed } = feedId(req, 'id');
      const m = await meetings.get(id); // 404 when there is no such meeting
      if (!suffixed) return moved(reply, req, `/calendar/meetings/${encodeURIComponent(id)}.ics`);
      return feed(req, reply, {
        name: m.title,
        description: m.title,
        filename: `iscm-meeting-${id.replace(/[^A-Za-z0-9._-]+/g, '-')}.ics`,
        items: [m],
      });
    });
    app.get('/calendar/mechanisms/:id', { schema: { hide: true } }, async (req, reply) => {
      const { id, suffixed } = feedId(req, 'id');
      let canonical: string;
      try {
        canonical = (await registry.resolveMechanism(id)).id;
      } catch (err) {
        if (err instanceof Moved)
          canonical = err.canonical; // an alias or a former id
        else throw err;
      }
      if (canonical !== id || !suffixed) return moved(reply, req, `/calendar/mechanisms/${canonical}.ics`);
      const names = await registry.mechanismNames();
      return feed(req, reply, {
        name: `${names.get(id)} — meetings`,
        description: `Meetings of ${names.get(id)} and meetings it took part in.`,
        filename: `iscm-mechanism-${id}.ics`,
        items: (await meetings.list({ mechanism: id })).items,
      });
    });
    app.get('/calendar/countries/:iso3', { schema: { hide: true } }, async (req, reply) => {
      const { id, suffixed } = feedId(req, 'iso3');
      const country = allCountries().find((c) => c.code === id.toUpperCase());
      if (!country) throw new NotFound('country', id);
      if (country.code !== id || !suffixed) return moved(reply, req, `/calendar/countries/${country.code}.ics`);
      const lang = (req.query as { lang?: string }).lang;
      const name = (isLang(lang) ? countryNames(lang).get(country.code) : undefined) ?? country.name_en;
      return feed(req, reply, {
        name: `${name} — ISCM meetings`,
        description: `ISCM meetings held in ${country.name_en} or where it took part.`,
        filename: `iscm-country-${country.code}.ics`,
        items: (await meetings.list({ country: country.code })).items,
      });
    });
    app.get('/calendar/series/:id', { schema: { hide: true } }, async (req, reply) => {
      const { id, suffixed } = feedId(req, 'id');
      const s = await meetings.series(id);
      if (!suffixed) return moved(reply, req, `/calendar/series/${id}.ics`);
      return feed(req, reply, {
        name: s.name,
        description: s.name,
        filename: `iscm-series-${id}.ics`,
        items: s.meetings,
      });
    });
  };
