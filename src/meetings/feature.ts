/** Meetings and the global meeting series. */
import type { Feature, FeatureContext, MeetingFigures, ProfileSections } from '../feature.js';
import type { RegistryService } from '../registry/service.js';
import { meetingsPages } from './pages/routes.js';
import { lastmodOf, withLastmod } from '../web/sitemap.js';
import { meetingsSections } from './pages/sections.js';
import { meetingsApi } from './routes.js';
import { MeetingSummary } from './schema.js';
import type { MeetingsService } from './service.js';

export function meetingsFeature(
  ctx: FeatureContext,
  meetings: MeetingsService,
  registry: RegistryService,
  sections: () => readonly ProfileSections[],
  figures: MeetingFigures,
): Feature {
  return {
    name: 'meetings',
    tag: { name: 'meetings', description: 'Meetings and the global meeting series' },
    schemas: [MeetingSummary],
    routes: [
      meetingsApi(meetings, registry, ctx.cache),
      meetingsPages(meetings, registry, ctx.cache, sections, figures),
    ],
    sections: meetingsSections(meetings),
    nav: [{ path: '/meetings', label: 'nav.meetings', order: 30 }],
    sitemap: async () => {
      const [list, series, revisions] = await Promise.all([
        meetings.list({}),
        meetings.allSeries(),
        meetings.revisions(),
      ]);
      const changed = (id: string) => revisions.get(id)?.updatedAt;
      return [
        { path: '/meetings' },
        ...list.items.map((m) => withLastmod(`/meetings/${m.id}`, lastmodOf(changed(m.id)))),
        // a series' page is its editions: its last change is theirs
        ...series.map((s) =>
          withLastmod(
            `/series/${s.id}`,
            lastmodOf(...list.items.filter((m) => m.series === s.id).map((m) => changed(m.id))),
          ),
        ),
      ];
    },
  };
}
