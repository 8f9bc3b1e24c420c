/**
 * The composition root: the only module that knows every feature. It builds the shared infrastructure (the
 * data-version signal, the response cache), each feature's service, and registers the features in ONE list;
 * src/http/ and src/web/ know no feature. A new feature adds its folder with a feature.ts (the contract is
 * src/feature.ts) and one entry in that list; when it brings reference data, its reference part (the contract is
 * src/reference/part.ts) is one entry in REFERENCE_PARTS.
 */
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from './db/schema.js';
import { accountsFeature } from './accounts/feature.js';
import { AccountsService } from './accounts/service.js';
import { DataVersion } from './db/data-version.js';
import { documentIndexer, documentsFeature } from './documents/feature.js';
import { documentsReference } from './documents/reference.js';
import { impactReference } from './impact/reference.js';
import { commitmentsReference } from './impact/commitments/reference.js';
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
import { meetingsFeature } from './meetings/feature.js';
import { meetingsReference } from './meetings/reference.js';
import { MeetingsService } from './meetings/service.js';
import { checkParts, loadParts, loadPartsOnStart, referenceDigest } from './reference/load.js';
import { REFERENCE_DIR } from './reference/part.js';
import { meetingFigures, registryFeature } from './registry/feature.js';
import { registryReference, reportedReference } from './registry/reference.js';
import { RegistryService } from './registry/service.js';
import { releasesFeature } from './releases/feature.js';
import { searchFeature } from './search/feature.js';
import { queryIndexer, sharingFeature } from './sharing/feature.js';
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
  /** Time and memory limits of text extraction (tests lower them). */
  extractLimits?: ExtractLimits;
  /** Today's date for the peer queries' deadlines (tests move it past a deadline); default the real date. */
  sharingClock?: () => string;
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
  const documents = documentsFeature(ctx, registry, meetings, {
    accounts,
    blobs: opts.blobs ?? new LocalBlobStore('var/blobs'),
    uploadLimitBytes: opts.uploadLimitBytes ?? 50 * 1024 * 1024,
    ...(opts.extractLimits ? { extractLimits: opts.extractLimits } : {}),
  });
  const documentExists = (id: string) =>
    documents.service.get(id).then(
      () => true,
      () => false,
    );
  const delegates = new SharingService(ctx.db, registry, accounts);
  const all: Feature[] = [
    registryFeature(ctx, registry, sections),
    meetingsFeature(ctx, meetings, registry, sections, meetingFigures(registry)),
    documents,
    impactFeature(ctx, registry, meetings, {
      accounts,
      delegateOf: async (u) => (await delegates.viewer(u)).delegateOf.map((d) => d.country),
      documentExists,
      ...(opts.commitmentsClock ? { clock: opts.commitmentsClock } : {}),
    }),
    editingFeature(editing, accounts, registry, (mechanism) => documents.service.forMechanism(mechanism)),
    searchFeature(ctx, registry, [documentIndexer, achievementIndexer, queryIndexer]),
    accountsFeature(accounts, recordHistoryHref),
    sharingFeature(ctx, registry, accounts, {
      documentExists,
      ...(opts.sharingClock ? { clock: opts.sharingClock } : {}),
    }),
    followFeature(ctx, registry, accounts, followChanges(editing, meetings), opts.digestSecret ?? null),
    releasesFeature(opts.releasesDir ?? 'var/releases'),
  ];
  return all;
}

/** The published changes and series names the follow feature reads (from editing and meetings). */
export function followChanges(editing: EditingService, meetings: MeetingsService) {
  return {
    published: (o: { after?: string | null; limit?: number; mechanism?: string }) => editing.published(o),
    seriesName: async (id: string) => {
      try {
        return (await meetings.series(id)).name;
      } catch (err) {
        if (err instanceof NotFound) return null;
        throw err;
      }
    },
  };
}

/** The follow service outside the server (`iscm digests send`), built from the same parts as in `features()`. */
export function followService(db: Kysely<DB>, digestSecret: string | null): FollowService {
  const accounts = new AccountsService(db);
  const registry = new RegistryService(db);
  const meetings = new MeetingsService(db, registry);
  const editing = new EditingService(db, accounts);
  return new FollowService(db, registry, accounts, followChanges(editing, meetings), digestSecret);
}

/**
 * Every feature's part of the reference dataset (src/reference/part.ts), in load order: a part checks its
 * references against the ids the parts before it publish (meetings cite the registry's sources, documents cite
 * meetings). `iscm load`, `iscm check`, start-up and the tests load them all, in one transaction.
 */
export const REFERENCE_PARTS = [
  registryReference,
  meetingsReference,
  reportedReference,
  documentsReference,
  impactReference,
  commitmentsReference,
] as const;

/** Validate the dataset in `dir` (default the bundled one) without writing; throws ReferenceError naming every problem. */
export const checkReference = (dir: string = REFERENCE_DIR) => checkParts(REFERENCE_PARTS, dir);
/** Validate, then write every part in one transaction (loading the same files twice changes nothing). */
export const loadReference = (db: Kysely<DB>, dir: string = REFERENCE_DIR) => loadParts(db, REFERENCE_PARTS, dir);
/** Start-up: load only when the files' digest is not the last load's (or a part's data is missing). */
export const loadOnStart = (db: Kysely<DB>, dir: string = REFERENCE_DIR) => loadPartsOnStart(db, REFERENCE_PARTS, dir);
/** The digest of every part's files' bytes, null when one cannot be read. */
export const datasetDigest = (dir: string = REFERENCE_DIR) => referenceDigest(REFERENCE_PARTS, dir);
export type ReferenceSummary = Awaited<ReturnType<typeof loadReference>>;
export type StartupLoad = Awaited<ReturnType<typeof loadOnStart>>;

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
  });
  app.decorate('siteNav', siteNav(all.flatMap((f) => (f.nav ? [f.nav] : []))));
  for (const f of all) for (const routes of f.routes ?? []) await app.register(routes);
  await app.register(sitemapRoutes(() => all.flatMap((f) => (f.sitemap ? [f.sitemap] : []))));
  return app;
}
