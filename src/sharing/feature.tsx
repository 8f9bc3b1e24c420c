/**
 * Information sharing among States (issue 17): who is who (delegates of States), the member spaces of the
 * mechanisms, and peer queries (queries/). Nothing closed is in the sitemap, the search, the feeds, the exports or
 * the releases: the only public things are the published peer-query compilations (their pages, in the sitemap, and
 * queryIndexer for the search); no reference part and no public table.
 */
import type { AccountsService } from '../accounts/service.js';
import type { Feature, FeatureContext } from '../feature.js';
import type { RegistryService } from '../registry/service.js';
import { withLastmod } from '../web/sitemap.js';
import { sharingPages } from './pages/routes.js';
import { queriesPages } from './queries/page-routes.js';
import { queriesApi } from './queries/routes.js';
import { Draft, Question, QuerySummary, QueryView } from './queries/schema.js';
import { QueriesService } from './queries/service.js';
import { sharingApi } from './routes.js';
import { Delegate, Post } from './schema.js';
import { SharingService } from './service.js';

export { queryIndexer } from './queries/indexer.js';

export interface SharingOptions {
  /** Whether a document id names a document of the repository (a query's attachment). */
  documentExists?: (id: string) => Promise<boolean>;
  /** Today's date (tests move it). */
  clock?: () => string;
}

export function sharingFeature(
  ctx: FeatureContext,
  registry: RegistryService,
  accounts: AccountsService,
  opts: SharingOptions = {},
): Feature & { service: SharingService; queries: QueriesService } {
  const service = new SharingService(ctx.db, registry, accounts);
  const queries = new QueriesService(ctx.db, registry, accounts, service, ctx.version, opts.documentExists, opts.clock);
  return {
    name: 'sharing',
    tag: {
      name: 'sharing',
      description:
        "Information sharing among States: delegates of States, the mechanisms' member spaces (what you see follows the participation on the day) and peer queries with their compiled answers",
    },
    schemas: [Post, Delegate, QuerySummary, Question, QueryView, Draft],
    routes: [
      sharingApi(service, accounts),
      sharingPages(service, queries),
      queriesApi(queries, accounts),
      queriesPages(queries),
    ],
    sitemap: async () => {
      const published = await queries.published();
      if (published.length === 0) return [];
      return [
        { path: '/queries' },
        ...published.map((q) => withLastmod(`/queries/${q.id}`, q.published_at?.slice(0, 10))),
      ];
    },
    service,
    queries,
  };
}
