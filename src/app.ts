/**
 * The composition root: the only module that knows every feature. It builds the shared infrastructure (the
 * data-version signal, the response cache), each feature's service, and registers the features in ONE list;
 * src/http/ and src/web/ know no feature. A new feature adds its folder with a feature.ts (the contract is
 * src/feature.ts) and one entry in that list; when it brings reference data, its reference part (the contract is
 * src/reference/part.ts) is one entry in REFERENCE_PARTS (src/reference-parts.ts, the root's other module).
 */
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from './db/schema.js';
import { accountsFeature } from './accounts/feature.js';
import { AccountsService } from './accounts/service.js';
import { DataVersion } from './db/data-version.js';
import { documentIndexer, documentsFeature } from './documents/feature.js';
import { DocumentsService } from './documents/service.js';
import type { ChangeSource, PublishedChange } from './follow/model.js';
import { LocalBlobStore, type BlobStore } from './documents/files/blobs.js';
import type { ExtractLimits } from './documents/files/extract.js';
import { editingFeature, recordHistoryHref } from './editing/feature.js';
import { EditingService } from './editing/service.js';
import type { Feature, FeatureContext } from './feature.js';
import { followFeature } from './follow/feature.js';
import { FollowService } from './follow/service.js';
import { NotFound } from './http/errors.js';
import type { MailSender } from './http/mail.js';
import { sitemapRoutes } from './web/sitemap.js';
import { buildHttp, type HttpOptions } from './http/app.js';
import { ResponseCache } from './http/cache.js';
import { achievementIndexer, impactFeature } from './impact/feature.js';
import { holdsYear } from './impact/partnerships.js';
import { meetingsFeature } from './meetings/feature.js';
import { MeetingsService } from './meetings/service.js';
import { meetingFigures, registryFeature } from './registry/feature.js';
import { RegistryService } from './registry/service.js';
import { releasesFeature } from './releases/feature.js';
import { searchFeature } from './search/feature.js';
import { coreIndexers } from './search/indexers.js';
import { SearchService } from './search/service.js';
import { queryIndexer, sharingFeature } from './sharing/feature.js';
import { QueriesService } from './sharing/queries/service.js';
import { SharingService } from './sharing/service.js';
import { siteNav } from './web/nav.js';

export { requestId } from './http/app.js';

export interface AppOptions extends HttpOptions {
  /** Delivers e-mail (password reset); default: written to the log (main.ts gives SMTP when SMTP_URL is set). */
  mailSender?: MailSender;
  /** DIGEST_SECRET: signs the digests' one-click unsubscribe links (null or absent: no link is valid). */
  digestSecret?: string | null;
  /** RELEASES_DIR: the dated releases `iscm release` writes (default var/releases). */
  releasesDir?: string;
  /** false: answer every requested date in full instead of from its interval's template (tests compare both). */
  datedTemplates?: boolean;
  /** Where uploaded document files are kept; default a local folder, var/blobs (BLOB_DIR). */
  blobs?: BlobStore;
  /** The largest document file accepted (bytes); default 50 MiB (UPLOAD_LIMIT_BYTES). */
  uploadLimitBytes?: number;
  /** false: leave document files pending at start to another process (cluster workers after the first). */
  resumePendingFiles?: boolean;
  /** Time and memory limits of text extraction (tests lower them). */
  extractLimits?: ExtractLimits;
  /** Today's date for the peer queries' deadlines (tests move it past a deadline); default the real date. */
  sharingClock?: () => string;
  /** Today's date for the assessments' deadlines (tests move it past a deadline); default the real date. */
  assessmentClock?: () => string;
  /** Today's date for the commitments' reporting cycles (tests move it past a deadline); default the real date. */
  commitmentsClock?: () => string;
}

/** Every feature of the app, in registration order (OpenAPI tags follow it). */
function features(ctx: FeatureContext, opts: AppOptions): Feature[] {
  const accounts = new AccountsService(ctx.db, opts.mailSender);
  const registry = new RegistryService(ctx.db, ctx.version);
  const meetings = new MeetingsService(ctx.db, registry, ctx.version);
  const editing = new EditingService(ctx.db, accounts, ctx.version);
  const sections = () => all.flatMap((f) => (f.sections ? [f.sections] : []));
  const documents = documentsFeature(
    ctx,
    registry,
    meetings,
    {
      accounts,
      blobs: opts.blobs ?? new LocalBlobStore('var/blobs'),
      uploadLimitBytes: opts.uploadLimitBytes ?? 50 * 1024 * 1024,
      resumePending: opts.resumePendingFiles ?? true,
      ...(opts.extractLimits ? { extractLimits: opts.extractLimits } : {}),
    },
    sections,
  );
  const documentExists = (id: string) =>
    documents.service.get(id).then(
      () => true,
      () => false,
    );
  const delegates = new SharingService(ctx.db, registry, accounts);
  const impact = impactFeature(ctx, registry, meetings, assessmentDeps(ctx, registry, accounts, opts), {
    accounts,
    delegateOf: async (u) => (await delegates.viewer(u)).delegateOf.map((d) => d.country),
    documentExists,
    ...(opts.commitmentsClock ? { clock: opts.commitmentsClock } : {}),
  });
  const sharing = sharingFeature(ctx, registry, accounts, {
    sections,
    documentExists,
    meeting: async (id) => {
      const m = await meetings.get(id);
      return { id: m.id, title: m.title, start: m.start, status: m.status, mechanism: m.mechanism };
    },
    packSource: async (id) => {
      const m = await meetings.get(id);
      const docs = await documents.service.forMeetingAll(id);
      return {
        meeting: {
          id: m.id,
          title: m.title,
          start: m.start,
          end: m.end,
          place: [m.city, m.country].filter(Boolean).join(', ') || null,
          mechanism: m.mechanism?.id ?? '',
        },
        agenda: m.agenda,
        // Each document with its own visibility: the pack keeps those the viewer may see.
        documents: await Promise.all(
          docs.map(async (d) => ({
            id: d.id,
            title: d.title,
            visibility: d.visibility,
            files: (await documents.files.versions(d.id)).map((v) => ({
              name: v.filename ?? `${d.id}-${v.language}.pdf`,
              size: v.sizeBytes,
              read: async () => (await documents.files.file(d.id, v.id)).bytes,
            })),
          })),
        ),
      };
    },
    spaceDocuments: {
      list: async (mechanism) =>
        Promise.all(
          (await documents.service.forSpace(mechanism)).map(async (d) => ({
            id: d.id,
            title: d.title,
            kind: d.kind,
            date: d.date,
            visibility: d.visibility,
            files: (await documents.files.versions(d.id)).map((v) => ({
              version: v.id,
              language: v.language,
              sizeBytes: v.sizeBytes,
            })),
          })),
        ),
      file: async (documentId, versionId) => {
        const { info, bytes } = await documents.files.file(documentId, versionId);
        return { bytes, mediaType: info.mediaType, language: info.language };
      },
    },
    // An organization is a partner of a meeting's mechanism when an organization–mechanism partnership links them
    // and its stated years hold the meeting's year (an undated partnership counts: its years are not known).
    partnerOf: async (mechanism, organization, date) =>
      (await impact.partnerships.ofMechanism(mechanism)).some(
        (p) =>
          p.kind === 'organization-mechanism' &&
          p.mechanism?.id === mechanism &&
          p.organizations.some((o) => o.id === organization) &&
          (p.firstYear === null || holdsYear(p, Number(date.slice(0, 4)))),
      ),
    ...(opts.sharingClock ? { clock: opts.sharingClock } : {}),
  });
  const all: Feature[] = [
    registryFeature(ctx, registry, sections),
    meetingsFeature(ctx, meetings, registry, sections, meetingFigures(registry)),
    documents,
    impact,
    editingFeature(editing, accounts, registry, (mechanism) => documents.service.forMechanism(mechanism)),
    searchFeature(ctx, registry, FEATURE_INDEXERS),
    accountsFeature(accounts, recordHistoryHref),
    sharing,
    followFeature(
      ctx,
      registry,
      accounts,
      followChanges(editing, meetings, documents.service, sharing.queries),
      opts.digestSecret ?? null,
    ),
    releasesFeature(opts.releasesDir ?? 'var/releases'),
  ];
  return all;
}

/** What the assessments (impact) need of accounts and of sharing's delegates: who answers for a mechanism or a State. */
function assessmentDeps(ctx: FeatureContext, registry: RegistryService, accounts: AccountsService, opts: AppOptions) {
  const delegates = new SharingService(ctx.db, registry, accounts);
  return {
    accounts,
    statesOf: (userId: string) => delegates.statesOf(userId),
    respondents: (r: { kind: 'mechanism' | 'state'; party: string }) =>
      r.kind === 'mechanism'
        ? accounts.holders('editor', { type: 'mechanism', id: r.party })
        : delegates.delegateUsers(r.party),
    mail: opts.mailSender ?? null,
    publicUrl: opts.publicUrl ?? null,
    ...(opts.assessmentClock ? { clock: opts.assessmentClock } : {}),
  };
}

/**
 * The published changes and series names the follow feature reads: editing's published change records, the
 * repository's documents (public, not published through change records), each at its last change, so that a follow
 * of a document kind matches a new or changed document, and the peer queries' published compilations (public
 * records; an open query tells nothing), so that a follow of a query or of its mechanism matches its publication.
 */
export function followChanges(
  editing: EditingService,
  meetings: MeetingsService,
  documents?: DocumentsService,
  queries?: QueriesService,
): ChangeSource {
  type Window = { after?: string | null; limit?: number; mechanism?: string };
  const documentChanges = async (o: Window): Promise<PublishedChange[]> => {
    if (!documents) return [];
    // Only the documents changed after `after` are read (in SQL), at most as many as asked.
    const changed = await documents.changesAfter(o.after ?? null, o.mechanism, o.limit ?? 1000);
    return changed.map((d) => ({
      ...NO_PARTY,
      id: `document:${d.id}:${d.changedAt}`,
      kind: d.kind,
      recordType: 'document',
      recordId: d.id,
      mechanism: d.mechanisms[0] ?? null,
      title: d.title,
      effect: 'changed' as const,
      publishedAt: d.changedAt,
    }));
  };
  const compilations = async (o: Window): Promise<PublishedChange[]> => {
    if (!queries) return [];
    const published = await queries.compilationsAfter(o.after ?? null, o.mechanism, o.limit ?? 1000);
    return published.map((q) => ({
      ...NO_PARTY,
      id: `query:${q.id}:${q.publishedAt}`,
      kind: 'query-compilation',
      recordType: 'query',
      recordId: q.id,
      mechanism: (o.mechanism ?? q.mechanisms[0]) || null,
      title: q.title,
      effect: 'created' as const,
      publishedAt: q.publishedAt,
    }));
  };
  return {
    published: async (o: Window) => {
      const [edits, docs, compiled] = await Promise.all([editing.published(o), documentChanges(o), compilations(o)]);
      if (docs.length === 0 && compiled.length === 0) return edits;
      return [...edits, ...docs, ...compiled]
        .sort((a, b) => (a.publishedAt < b.publishedAt ? 1 : a.publishedAt > b.publishedAt ? -1 : a.id < b.id ? 1 : -1))
        .slice(0, o.limit ?? 1000);
    },
    seriesName: async (id: string) => {
      try {
        return (await meetings.series(id)).name;
      } catch (err) {
        if (err instanceof NotFound) return null;
        throw err;
      }
    },
    queryTitle: async (user, id) => (queries ? queries.titleFor(user, id) : null),
  };
}

/** What a change that is not about a party, an organization, a series or a revert leaves empty. */
const NO_PARTY = { country: null, organization: null, series: null, revertOf: null } as const;

/** The search indexers other features contribute (with the core ones: everything search finds). */
const FEATURE_INDEXERS = [documentIndexer, achievementIndexer, queryIndexer];

/** The search service outside the server (`iscm search reindex`), over the same indexers as in `features()`. */
export function searchService(db: Kysely<DB>): SearchService {
  return new SearchService(db, [...coreIndexers, ...FEATURE_INDEXERS], DataVersion.of(db));
}

/** The follow service outside the server (`iscm digests send`), built from the same parts as in `features()`. */
export function followService(db: Kysely<DB>, digestSecret: string | null): FollowService {
  const accounts = new AccountsService(db);
  const registry = new RegistryService(db);
  const meetings = new MeetingsService(db, registry);
  const editing = new EditingService(db, accounts);
  const documents = new DocumentsService(db, registry, meetings, DataVersion.of(db, 0));
  const changes = followChanges(editing, meetings, documents, queriesService(db));
  return new FollowService(db, registry, accounts, changes, digestSecret);
}

/** The peer queries outside the server (`iscm queries remind`), built from the same parts as in `features()`. */
export function queriesService(db: Kysely<DB>, clock?: () => string): QueriesService {
  const accounts = new AccountsService(db);
  const registry = new RegistryService(db);
  const sharing = new SharingService(db, registry, accounts);
  return new QueriesService(db, registry, accounts, sharing, DataVersion.of(db, 0), undefined, clock);
}

/** Every feature's part of the reference dataset, and the loader over them: in src/reference-parts.ts (see why there). */
export {
  REFERENCE_PARTS,
  checkReference,
  datasetDigest,
  loadOnStart,
  loadReference,
  type ReferenceSummary,
  type StartupLoad,
} from './reference-parts.js';

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const version = DataVersion.of(opts.database.db, opts.cacheTtlMs ?? 1000);
  const ctx: FeatureContext = {
    db: opts.database.db,
    version,
    cache: new ResponseCache(version, 64 * 1024 * 1024, { datedTemplates: opts.datedTemplates ?? true }),
  };
  const all = features(ctx, opts);
  const app = await buildHttp(opts, {
    version,
    cache: ctx.cache,
    schemas: all.flatMap((f) => f.schemas ?? []),
    tags: all.flatMap((f) => (f.tag ? [f.tag] : [])),
    plugins: all.flatMap((f) => f.plugins ?? []),
    personalCookies: all.flatMap((f) => f.personalCookies ?? []),
  });
  app.decorate('siteNav', siteNav(all.flatMap((f) => (f.nav ? [f.nav] : []))));
  for (const f of all) for (const routes of f.routes ?? []) await app.register(routes);
  await app.register(sitemapRoutes(() => all.flatMap((f) => (f.sitemap ? [f.sitemap] : []))));
  return app;
}
