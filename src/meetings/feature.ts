/** Meetings and the global meeting series. */
import type { Feature, FeatureContext, ProfileSections } from '../feature.js';
import type { RegistryService } from '../registry/service.js';
import { meetingsPages } from './pages/routes.js';
import { meetingsSections } from './pages/sections.js';
import { meetingsApi } from './routes.js';
import { MeetingSummary } from './schema.js';
import type { MeetingsService } from './service.js';

export function meetingsFeature(
  ctx: FeatureContext,
  meetings: MeetingsService,
  registry: RegistryService,
  sections: () => readonly ProfileSections[],
): Feature {
  return {
    name: 'meetings',
    tag: { name: 'meetings', description: 'Meetings and the global meeting series' },
    schemas: [MeetingSummary],
    routes: [meetingsApi(meetings, registry, ctx.cache), meetingsPages(meetings, registry, ctx.cache, sections)],
    sections: meetingsSections(meetings),
    nav: [{ path: '/meetings', label: 'nav.meetings', order: 30 }],
    sitemap: async () => {
      const [list, series] = await Promise.all([meetings.list({}), meetings.allSeries()]);
      return [
        { path: '/meetings' },
        ...list.items.map((m) => ({ path: `/meetings/${m.id}` })),
        ...series.map((s) => ({ path: `/series/${s.id}` })),
      ];
    },
  };
}
