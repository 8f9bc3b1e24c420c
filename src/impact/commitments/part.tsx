/**
 * Commitments and their follow-up as a part of the impact feature (impact/feature.tsx merges it): its service, API
 * and pages, its sections on the mechanism profile and on a document's page, its public pages for the sitemap.
 */
import type { FeatureContext, ProfileQuery } from '../../feature.js';
import { countryNames } from '../../registry/countries.js';
import type { RegistryService } from '../../registry/service.js';
import { lastmodOf, withLastmod } from '../../web/sitemap.js';
import { CommitmentsSection, DocumentCommitmentsSection } from './pages/pages.js';
import { commitmentsPages } from './pages/routes.js';
import { commitmentsApi } from './routes.js';
import { commitmentSchemas } from './schema.js';
import { CommitmentsService, type CommitmentsDeps } from './service.js';

export type { CommitmentsDeps } from './service.js';

export function commitmentsPart(ctx: FeatureContext, registry: RegistryService, deps: CommitmentsDeps) {
  const service = new CommitmentsService(ctx.db, registry, ctx.version, deps);
  return {
    service,
    schemas: commitmentSchemas,
    routes: [commitmentsApi(service, deps.accounts), commitmentsPages(service, registry, ctx.cache)],
    nav: { path: '/commitments', label: 'commitments.nav', order: 57, menu: false },
    mechanism: async (q: ProfileQuery) => {
      const [list, cycles] = await Promise.all([service.list({ mechanism: q.id, asOf: q.asOf }), service.cycles(q.id)]);
      return (
        <CommitmentsSection
          ctx={q.ctx}
          mechanism={q.id}
          items={list.items}
          cycles={cycles}
          labels={{ mechanism: await registry.mechanismNames(), country: countryNames(q.ctx.lang) }}
        />
      );
    },
    document: async (q: ProfileQuery) => {
      const { asOf, items } = await service.forDocument(q.id);
      if (!items.length) return null;
      const frameworks = new Map((await service.frameworks()).map((f) => [f.id, f.title]));
      return (
        <DocumentCommitmentsSection
          ctx={q.ctx}
          items={items}
          asOf={asOf}
          frameworks={frameworks}
          labels={{ mechanism: await registry.mechanismNames(), country: countryNames(q.ctx.lang) }}
        />
      );
    },
    sitemap: async () => {
      const [changed, list] = await Promise.all([service.lastChanged(), service.list({})]);
      if (!list.items.length) return [];
      const at = lastmodOf(changed);
      return [withLastmod('/commitments', at), ...list.items.map((c) => withLastmod(`/commitments/${c.id}`, at))];
    },
  };
}
