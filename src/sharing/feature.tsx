/**
 * Information sharing among States (issue 17, first slice): who is who (delegates of States) and the member
 * spaces of the mechanisms. Nothing of it is in the sitemap, the search, the feeds, the exports or the releases:
 * it adds no sitemap entries, no search indexer, no reference part and no public table.
 */
import type { AccountsService } from '../accounts/service.js';
import type { Feature, FeatureContext } from '../feature.js';
import type { RegistryService } from '../registry/service.js';
import { sharingPages } from './pages/routes.js';
import { sharingApi } from './routes.js';
import { Delegate, Post } from './schema.js';
import { SharingService } from './service.js';

export function sharingFeature(
  ctx: FeatureContext,
  registry: RegistryService,
  accounts: AccountsService,
): Feature & { service: SharingService } {
  const service = new SharingService(ctx.db, registry, accounts);
  return {
    name: 'sharing',
    tag: {
      name: 'sharing',
      description:
        "Information sharing among States: delegates of States and the mechanisms' member spaces (what you see follows the participation on the day)",
    },
    schemas: [Post, Delegate],
    routes: [sharingApi(service, accounts), sharingPages(service)],
    service,
  };
}
