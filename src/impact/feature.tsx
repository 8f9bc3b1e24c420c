/** Impact: what the mechanisms achieved (GRCP 8 lenses), its pages, API, profile sections and search records. */
import type { Feature, FeatureContext } from '../feature.js';
import type { MeetingsService } from '../meetings/service.js';
import type { RegistryService } from '../registry/service.js';
import type { SearchIndexer, SearchRecord } from '../search/model.js';
import { AchievementsSection } from './pages/pages.js';
import { impactPages } from './pages/routes.js';
import { impactApi } from './routes.js';
import { PartnershipsService } from './partnerships.js';
import { PartnershipsSection } from './pages/partnerships.js';
import { AchievementSummary, PartnershipSummary, StructureView } from './schema.js';
import { ImpactService, readState, structureSources, StructuresService } from './service.js';
import { StructureSection } from './pages/structures.js';
import { lastmodOf, withLastmod } from '../web/sitemap.js';
import { assessmentPart, type AssessmentDeps } from './assessment/feature.js';
import { commitmentsPart, type CommitmentsDeps } from './commitments/part.js';
import type { CommitmentsService } from './commitments/service.js';

/** Achievements in the one search: a record per achievement, its title, and its evidence as body text. */
export const achievementIndexer: SearchIndexer = {
  type: 'achievement',
  version: 1,
  async records(db) {
    return (await readState(db)).items.map((a): SearchRecord => ({
      type: 'achievement',
      id: a.id,
      labels: { en: a.title },
      titles: [{ text: a.title, lang: 'en' }],
      bodies: [{ text: a.evidence, lang: 'en' }],
      // What a mechanism did ranks below the mechanisms and organizations themselves, like sources.
      boost: 0.2,
      lang: 'en',
      facets: { mechanism: [a.mechanism], year: a.year === null ? [] : [a.year], kind: a.type },
      path: `/achievements/${a.id}`,
    }));
  },
};

export function impactFeature(
  ctx: FeatureContext,
  registry: RegistryService,
  meetings: MeetingsService,
  assessmentDeps: AssessmentDeps,
  commitmentsDeps: CommitmentsDeps,
): Feature & {
  service: ImpactService;
  structures: StructuresService;
  partnerships: PartnershipsService;
  commitments: CommitmentsService;
} {
  const service = new ImpactService(ctx.db, registry, ctx.version);
  const structures = new StructuresService(ctx.db, registry, meetings, ctx.version);
  const partnerships = new PartnershipsService(ctx.db, registry, ctx.version);
  const assessment = assessmentPart(ctx, registry, { achievements: service, structures, partnerships }, assessmentDeps);
  const commitments = commitmentsPart(ctx, registry, commitmentsDeps);
  return {
    name: 'impact',
    tag: {
      name: 'impact',
      description:
        'What the mechanisms achieved, read through the lenses of GRCP 8 (2019), how they are built and who they work with',
    },
    schemas: [AchievementSummary, PartnershipSummary, StructureView, ...assessment.schemas, ...commitments.schemas],
    routes: [
      impactApi(service, structures, partnerships, ctx.cache),
      impactPages(service, structures, partnerships, registry, ctx.cache),
      ...assessment.routes,
      ...commitments.routes,
    ],
    nav: [
      { path: '/achievements', label: 'nav.achievements', order: 50 },
      { path: '/structures', label: 'nav.structures', order: 55, menu: false },
      { path: '/partnerships', label: 'partnerships.nav', order: 56, menu: false },
      ...assessment.nav,
      commitments.nav,
    ],
    sections: {
      mechanism: async (q) => {
        const s = await structures.of(q.id);
        const sources = s ? await registry.sources(structureSources(s)) : [];
        const achievements = await service.forProfile({ mechanism: q.id }, q.asOf);
        const links = await partnerships.ofMechanism(q.id);
        const linkSources = links.length ? await registry.sources([...new Set(links.flatMap((p) => p.sources))]) : [];
        return (
          <>
            <StructureSection ctx={q.ctx} s={s} sources={sources} />
            <PartnershipsSection ctx={q.ctx} mechanism={q.id} items={links} sources={linkSources} />
            <AchievementsSection
              ctx={q.ctx}
              items={achievements}
              heading={q.ctx.t('achievements.ofMechanism')}
              all={`?mechanism=${encodeURIComponent(q.id)}`}
              mechanism={false}
            />
            {await commitments.mechanism(q)}
          </>
        );
      },
      document: (q) => commitments.document(q),
      country: async (q) => (
        <AchievementsSection
          ctx={q.ctx}
          items={await service.forProfile({ country: q.id }, q.asOf)}
          heading={q.ctx.t('achievements.ofCountry')}
          all={`?country=${encodeURIComponent(q.id)}`}
          mechanism
        />
      ),
    },
    // the list and the comparison are public pages; an achievement's page is dated by its record
    sitemap: async () => {
      const [changed, structuresChanged, partnershipsChanged] = await Promise.all([
        service.lastChanges(),
        structures.lastChanged(),
        partnerships.lastChanged(),
      ]);
      return [
        { path: '/achievements' },
        withLastmod('/structures', lastmodOf(structuresChanged)),
        withLastmod('/partnerships', lastmodOf(partnershipsChanged)),
        ...[...changed].map(([id, at]) => withLastmod(`/achievements/${id}`, lastmodOf(at))),
        ...(await assessment.sitemap()),
        ...(await commitments.sitemap()),
      ];
    },
    service,
    structures,
    partnerships,
    commitments: commitments.service,
  };
}
