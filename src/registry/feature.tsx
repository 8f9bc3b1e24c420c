/** The registry (core domain): mechanisms, countries, participation and the figures. */
import type { Feature, FeatureContext, MeetingFigures, ProfileSections } from '../feature.js';
import { allCountries } from './countries.js';
import { lastmodOf, withLastmod } from '../web/sitemap.js';
import { today } from './model.js';
import { registryPages } from './pages/routes.js';
import { registryRoutes } from './routes.js';
import { sharedSchemas } from './schema.js';
import type { RegistryService } from './service.js';
import { ReportedSection } from './pages/reported.js';

/** `sections`: the other features' profile sections, read when a page is rendered (the root's list is built by then). */
export function registryFeature(
  ctx: FeatureContext,
  registry: RegistryService,
  sections: () => readonly ProfileSections[],
): Feature {
  return {
    name: 'registry',
    tag: { name: 'registry', description: 'Mechanisms, countries, participation and figures' },
    schemas: sharedSchemas,
    routes: [registryRoutes(registry, ctx.cache), registryPages(registry, sections, ctx.cache)],
    nav: [
      { path: '/', label: 'nav.home', order: 0 },
      { path: '/mechanisms', label: 'nav.mechanisms', order: 10 },
      { path: '/countries', label: 'nav.countries', order: 20 },
      { path: '/map', label: 'nav.map', order: 60 },
      { path: '/overlaps', label: 'nav.overlaps', order: 70 },
      { path: '/timeline', label: 'nav.timeline', order: 80 },
      { path: '/themes', label: 'nav.themes', order: 90 },
    ],
    sitemap: async () => {
      const [list, changed] = await Promise.all([
        registry.listMechanisms({ asOf: today(), limit: 1000, offset: 0, include: 'all' }),
        registry.lastChanges(),
      ]);
      // the lists, the map and the figures are computed for today: no lastmod
      return [
        ...['/', '/mechanisms', '/countries', '/map', '/overlaps', '/timeline', '/themes'].map((path) => ({ path })),
        ...list.items.map((m) => withLastmod(`/mechanisms/${m.id}`, lastmodOf(changed.mechanisms.get(m.id)))),
        ...allCountries().map((c) => withLastmod(`/countries/${c.code}`, lastmodOf(changed.countries.get(c.code)))),
      ];
    },
  };
}

/** The reported figures of a meeting or a series (feature.ts MeetingFigures), for the meetings pages. */
export function meetingFigures(registry: RegistryService): MeetingFigures {
  return {
    meeting: async (ctx, m) => {
      const [items, names] = await Promise.all([
        registry.reportedForMeeting(m.id, m.start, m.named),
        registry.mechanismNames(),
      ]);
      return <ReportedSection ctx={ctx} items={items} names={names} />;
    },
    series: async (ctx, meetings) => {
      const [names, ...own] = await Promise.all([
        registry.mechanismNames(),
        ...meetings.map((m) => registry.reportedForMeeting(m.id, '', m.named)),
      ]);
      return <ReportedSection ctx={ctx} items={own.flat()} names={names} series />;
    },
  };
}
