/**
 * Assessments (issue 14, item 5): a sub-feature of impact, wired through ../feature.tsx. What it contributes:
 * its API and pages, its schemas, a menu-less entry point, and the published assessments for the sitemap (never
 * one before publication).
 */
import type { FeatureContext } from '../../feature.js';
import type { RegistryService } from '../../registry/service.js';
import type { NavEntry } from '../../web/nav.js';
import { withLastmod, type SitemapEntry } from '../../web/sitemap.js';
import type { PartnershipsService } from '../partnerships.js';
import type { ImpactService, StructuresService } from '../service.js';
import { assessmentsPages } from './pages/routes.js';
import { assessmentsApi } from './routes.js';
import { ASSESSMENT_SCHEMAS } from './schema.js';
import { AssessmentsService, type AssessmentDeps } from './service.js';

export type { AssessmentDeps } from './service.js';

export function assessmentPart(
  ctx: FeatureContext,
  registry: RegistryService,
  impact: { achievements: ImpactService; structures: StructuresService; partnerships: PartnershipsService },
  deps: AssessmentDeps,
) {
  const service = new AssessmentsService(ctx.db, registry, impact, ctx.version, deps);
  const nav: NavEntry[] = [{ path: '/assessments', label: 'assessments.nav', order: 57, menu: false, explore: false }];
  return {
    service,
    schemas: ASSESSMENT_SCHEMAS,
    routes: [assessmentsApi(service, deps.accounts), assessmentsPages(service)],
    nav,
    sitemap: async (): Promise<SitemapEntry[]> => {
      const published = await service.published();
      if (published.length === 0) return [];
      return [
        { path: '/assessments' },
        ...published.flatMap((p) => [
          withLastmod(`/assessments/${p.id}`, p.publishedAt.slice(0, 10)),
          withLastmod(`/assessments/${p.id}/report`, p.publishedAt.slice(0, 10)),
        ]),
      ];
    },
  };
}
