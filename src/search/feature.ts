/** One search over everything: the core indexers plus those other features contribute. */
import type { Feature, FeatureContext } from '../feature.js';
import type { RegistryService } from '../registry/service.js';
import { coreIndexers } from './indexers.js';
import type { SearchIndexer } from './model.js';
import { searchApi, searchPages } from './routes.js';
import { SearchService } from './service.js';

export function searchFeature(
  ctx: FeatureContext,
  registry: RegistryService,
  indexers: readonly SearchIndexer[] = [],
): Feature & { service: SearchService } {
  const service = new SearchService(ctx.db, [...coreIndexers, ...indexers], ctx.version);
  return {
    name: 'search',
    tag: { name: 'search', description: 'One search over mechanisms, countries, organizations, meetings and sources' },
    routes: [searchApi(service, ctx.cache), searchPages(service, registry, ctx.cache)],
    sitemap: async () => [{ path: '/search' }],
    service,
  };
}
