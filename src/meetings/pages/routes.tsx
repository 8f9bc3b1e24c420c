/** Meetings pages under /{lang}/: the calendar, one meeting, one series. */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ResponseCache } from '../../http/cache.js';
import { countryNames } from '../../registry/countries.js';
import { isPartialDate, today } from '../../registry/model.js';
import { BadParameter } from '../../http/errors.js';
import type { RegistryService } from '../../registry/service.js';
import { pageErrorHandler } from '../../web/errors.js';
import type { Lang } from '../../web/i18n.js';
import { pageContext, registerPage, renderPage } from '../../web/render.js';
import { isUpcoming, MEETING_KINDS } from '../model.js';
import type { MeetingsService } from '../service.js';
import { CalendarPage, MeetingPage, SeriesPage } from './pages.js';
import { profileSections, type MeetingFigures, type ProfileSections } from '../../feature.js';

type Query = Record<string, string | undefined>;
const one = (q: Query, k: string) => (q[k] === undefined || q[k] === '' ? undefined : String(q[k]));

export const meetingsPages =
  (
    meetings: MeetingsService,
    registry: RegistryService,
    cache: ResponseCache,
    /** The other features' sections on a meeting's or a series' page (given by src/app.ts). */
    sections: () => readonly ProfileSections[],
    /** The figures sources reported for the meeting, rendered by the registry (given by src/app.ts). */
    figures: MeetingFigures,
  ): FastifyPluginAsync =>
  async (app) => {
    app.setErrorHandler(pageErrorHandler);
    const page = (path: string, build: (req: FastifyRequest, lang: Lang) => Promise<string>) =>
      registerPage(app, cache, path, build);

    page('/meetings', async (req, lang) => {
      const q = req.query as Query;
      const query = {
        mechanism: one(q, 'mechanism'),
        kind: one(q, 'kind'),
        country: one(q, 'country'),
        series: one(q, 'series'),
        from: one(q, 'from'),
        to: one(q, 'to'),
      };
      if (query.kind && !(MEETING_KINDS as readonly string[]).includes(query.kind))
        throw new BadParameter('kind', `kind "${query.kind}" is not one of ${MEETING_KINDS.join(', ')}`);
      for (const k of ['from', 'to'] as const)
        if (query[k] && !isPartialDate(query[k]))
          throw new BadParameter(k, `${k} "${query[k]}" is not a date (YYYY-MM-DD)`);
      const { items } = await meetings.list(query);
      const now = today();
      const upcoming = items.filter((m) => isUpcoming(m, now)).sort((a, b) => a.start.localeCompare(b.start));
      const past = items.filter((m) => !isUpcoming(m, now)).sort((a, b) => b.start.localeCompare(a.start));
      const names = await registry.mechanismNames();
      const collator = new Intl.Collator(lang);
      const options = {
        mechanisms: [...names.entries()]
          .map(([id, name]) => ({ id, name }))
          .sort((a, b) => collator.compare(a.name, b.name)),
        countries: [...countryNames(lang).entries()]
          .map(([code, name]) => ({ code, name }))
          .sort((a, b) => collator.compare(a.name, b.name)),
        series: await meetings.allSeries(),
      };
      return renderPage(
        <CalendarPage ctx={pageContext(req, lang)} query={query} upcoming={upcoming} past={past} options={options} />,
      );
    });

    page('/meetings/:id', async (req, lang) => {
      const m = await meetings.get((req.params as { id: string }).id);
      const ids = new Set<string>(m.sources);
      m.participants.forEach((p) => p.sources.forEach((s) => ids.add(s)));
      m.reportedCounts.forEach((c) => c.sources.forEach((s) => ids.add(s)));
      m.documents.forEach((d) => d.sources.forEach((s) => ids.add(s)));
      const order = new Map(m.sources.map((s, i) => [s, i]));
      const sources = (await registry.sources([...ids])).sort(
        (a, b) => (order.get(a.id) ?? 1e6) - (order.get(b.id) ?? 1e6) || a.url.localeCompare(b.url),
      );
      const ctx = pageContext(req, lang);
      const [reported, docs] = await Promise.all([
        figures.meeting(ctx, { id: m.id, start: m.start, named: m.represented.named }),
        profileSections(sections(), 'meeting', { id: m.id, asOf: today(), ctx }),
      ]);
      return renderPage(
        <MeetingPage ctx={ctx} m={m} sources={sources} today={today()} reported={reported} sections={docs} />,
      );
    });

    page('/series/:id', async (req, lang) => {
      const s = await meetings.series((req.params as { id: string }).id);
      const ids = new Set<string>(s.sources);
      s.meetings.forEach((m) => {
        m.sources.forEach((x) => ids.add(x));
        m.represented.sources.forEach((x) => ids.add(x));
      });
      const sources = (await registry.sources([...ids])).sort((a, b) => a.url.localeCompare(b.url));
      const ctx = pageContext(req, lang);
      const docs = await profileSections(sections(), 'series', { id: s.id, asOf: today(), ctx });
      const reported = await figures.series(
        ctx,
        s.meetings.map((m) => ({ id: m.id, named: m.represented.named })),
      );
      return renderPage(<SeriesPage ctx={ctx} s={s} sources={sources} reported={reported} sections={docs} />);
    });
  };
