/**
 * Information sharing among States (issue 17): who is who (delegates of States), the member spaces of the
 * mechanisms, and peer queries (queries/). Nothing closed is in the sitemap, the search, the feeds, the exports or
 * the releases: the only public things are the published peer-query compilations (their pages, in the sitemap, and
 * queryIndexer for the search); no reference part and no public table.
 */
import type { AccountsService } from '../accounts/service.js';
import { NotFound } from '../http/errors.js';
import type { Feature, FeatureContext, ProfileSections } from '../feature.js';
import { countryNames } from '../registry/countries.js';
import { delegationsPages } from './delegations/page-routes.js';
import type { PackSource } from './delegations/pack.js';
import { AttendanceSection } from './delegations/pages.js';
import { delegationsApi } from './delegations/routes.js';
import { Attendance, Delegation, OrgDelegation } from './delegations/schema.js';
import { DelegationsService, type MeetingLookup, type PartnerLookup } from './delegations/service.js';
import type { RegistryService } from '../registry/service.js';
import { withLastmod } from '../web/sitemap.js';
import { sharingPages } from './pages/routes.js';
import { queriesPages } from './queries/page-routes.js';
import { queriesApi } from './queries/routes.js';
import { Draft, Question, QuerySummary, QueryView } from './queries/schema.js';
import { QueriesService } from './queries/service.js';
import { sharingApi } from './routes.js';
import { Delegate, Post, SpaceDocument } from './schema.js';
import { SharingService, type SpaceDocumentsSource } from './service.js';

export { queryIndexer } from './queries/indexer.js';

export interface SharingOptions {
  /** Every feature's sections (the query page shows the `query` ones). */
  sections?: () => readonly ProfileSections[];
  /** Whether a document id names a document of the repository (a query's attachment). */
  documentExists?: (id: string) => Promise<boolean>;
  /** Today's date (tests move it). */
  clock?: () => string;
  /** A meeting by id (404 for none), for its delegations; wired by the root from the meetings feature. */
  meeting?: MeetingLookup;
  /** A meeting's agenda and documents, for its meeting pack; wired by the root from meetings and documents. */
  packSource?: (id: string) => Promise<PackSource | null>;
  /** The repository's documents of a mechanism with their visibility, for its space; wired by the root. */
  spaceDocuments?: SpaceDocumentsSource;
  /** Whether a partnership links an organization to a mechanism on a date (organizations' delegations, "partner"); wired by the root from impact. */
  partnerOf?: PartnerLookup;
}

export function sharingFeature(
  ctx: FeatureContext,
  registry: RegistryService,
  accounts: AccountsService,
  opts: SharingOptions = {},
): Feature & { service: SharingService; queries: QueriesService; delegations: DelegationsService } {
  const service = new SharingService(ctx.db, registry, accounts, opts.spaceDocuments);
  const queries = new QueriesService(ctx.db, registry, accounts, service, ctx.version, opts.documentExists, opts.clock);
  const noMeeting: MeetingLookup = (id) => Promise.reject(NotFound.because(`no meeting ${id}`));
  const delegations = new DelegationsService(
    ctx.db,
    registry,
    accounts,
    service,
    ctx.version,
    opts.meeting ?? noMeeting,
    opts.packSource,
    opts.partnerOf,
  );
  return {
    name: 'sharing',
    tag: {
      name: 'sharing',
      description:
        "Information sharing among States: delegates of States, the mechanisms' member spaces (what you see follows the participation on the day) and peer queries with their compiled answers",
    },
    schemas: [
      Post,
      SpaceDocument,
      Delegate,
      QuerySummary,
      Question,
      QueryView,
      Draft,
      Delegation,
      OrgDelegation,
      Attendance,
    ],
    routes: [
      sharingApi(service, accounts),
      sharingPages(service, queries),
      queriesApi(queries, accounts),
      queriesPages(queries, opts.sections ?? (() => [])),
      delegationsApi(delegations, accounts),
      delegationsPages(delegations),
    ],
    // The public meeting page shows which States attended by a confirmed delegation (never persons).
    sections: {
      meeting: async ({ id, ctx }) => (
        <AttendanceSection ctx={ctx} meeting={id} a={await delegations.attendance(id)} names={countryNames(ctx.lang)} />
      ),
    },
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
    delegations,
  };
}
