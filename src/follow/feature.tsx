/**
 * Follow and digests (issue 17, item 5): anyone signed in follows a mechanism, a country, a meeting series or a
 * document kind; the published changes that match are listed on the following page and sent as one digest per
 * period (`iscm digests send`); the public Atom feeds of published changes need no account. The published
 * changes come from the editing feature through the `ChangeSource` the composition root gives.
 */
import type { AccountsService } from '../accounts/service.js';
import type { Feature, FeatureContext } from '../feature.js';
import type { RegistryService } from '../registry/service.js';
import type { ChangeSource } from './model.js';
import { announceFeed, FollowSection, feedHref } from './pages/pages.js';
import { changeFeeds, followPages } from './pages/routes.js';
import { followApi } from './routes.js';
import { Follow } from './schema.js';
import { FollowService } from './service.js';

export function followFeature(
  ctx: FeatureContext,
  registry: RegistryService,
  accounts: AccountsService,
  changes: ChangeSource,
  digestSecret: string | null,
): Feature & { service: FollowService } {
  const service = new FollowService(ctx.db, registry, accounts, changes, digestSecret);
  return {
    name: 'follow',
    tag: {
      name: 'follow',
      description:
        'What you follow (mechanisms, countries, meeting series, document kinds) and your digest of their published changes: personal API token (Bearer) required',
    },
    schemas: [Follow],
    routes: [followApi(service, accounts), followPages(service), changeFeeds(service, registry, ctx.cache)],
    sections: {
      mechanism: async ({ id, ctx: page }) => (
        <FollowSection
          ctx={page}
          kind="mechanism"
          target={id}
          feed={announceFeed(page, feedHref(page, { mechanism: id }))}
        />
      ),
      country: async ({ id, ctx: page }) => (
        <FollowSection
          ctx={page}
          kind="country"
          target={id}
          feed={announceFeed(page, feedHref(page, { country: id }))}
        />
      ),
      series: async ({ id, ctx: page }) => <FollowSection ctx={page} kind="series" target={id} />,
      query: async ({ id, ctx: page }) => <FollowSection ctx={page} kind="query" target={id} />,
    },
    service,
  };
}
