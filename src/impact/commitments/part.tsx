/**
 * Commitments and their follow-up as a part of the impact feature (impact/feature.tsx merges it): its service, API
 * and pages, its section on the mechanism profile, its public pages for the sitemap.
 */
import type { FeatureContext, ProfileQuery } from '../../feature.js';
import { countryNames } from '../../registry/countries.js';
import type { RegistryService } from '../../registry/service.js';
import { lastmodOf, withLastmod } from '../../web/sitemap.js';
import { CommitmentsSection } from './pages/pages.js';
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
    sitemap: async () => {
      const [changed, list] = await Promise.all([service.lastChanged(), service.list({})]);
      if (!list.items.length) return [];
      const at = lastmodOf(changed);
      return [withLastmod('/commitments', at), ...list.items.map((c) => withLastmod(`/commitments/${c.id}`, at))];
    },
  };
}
