/**
 * The contract between a feature folder and the composition root (src/app.ts). A feature is built from the
 * shared infrastructure (database, data-version signal, response cache) and the services of the features it
 * depends on, and hands back what it contributes; the root registers each feature in ONE list. A feature's
 * caches follow `ctx.version` (never invalidated by name); its writes call `ctx.version.bump()`.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { JSX } from 'preact';
import type { Kysely } from 'kysely';
import type { TSchema } from 'typebox';
import type { DataVersion } from './db/data-version.js';
import type { DB } from './db/schema.js';
import type { ResponseCache } from './http/cache.js';
import type { PageContext } from './web/layout.js';
import type { SitemapEntry } from './web/sitemap.js';
import type { NavEntry } from './web/nav.js';

export type { SitemapEntry } from './web/sitemap.js';

export interface FeatureContext {
  db: Kysely<DB>;
  version: DataVersion;
  cache: ResponseCache;
}

export interface Feature {
  name: string;
  /** Its OpenAPI tag (routes use it in their schema's `tags`). */
  tag?: { name: string; description: string };
  /** Schemas other routes refer to by `$id` (`Type.Ref`). */
  schemas?: readonly TSchema[];
  /** App-wide plugins (fastify-plugin wrapped: a request decoration, a hook), before any route. */
  plugins?: readonly FastifyPluginAsync[];
  /** Cookies that make a request someone's (a session): its answers are never kept by a shared cache. */
  personalCookies?: readonly string[];
  /** Its API and page routes (each an encapsulated plugin). */
  routes?: readonly FastifyPluginAsync[];
  /** What it adds to the profile pages of the core domain (a mechanism, a country). */
  sections?: ProfileSections;
  /** Its entry points: the header menu and the home page's "Explore" cards (web/nav.ts). */
  nav?: readonly NavEntry[];
  /** The public pages it serves, for /sitemap.xml (the root lists each in all six languages). */
  sitemap?: () => Promise<readonly SitemapEntry[]>;
}

/**
 * A profile page asks each feature for its section: `id` is the mechanism's id, the country's ISO3 code, the
 * meeting's or the meeting series' id, the
 * peer query's or the document's id.
 */
export interface ProfileQuery {
  id: string;
  asOf: string;
  ctx: PageContext;
}

/**
 * Sections a feature contributes, each null when it has nothing to show; the page lists them in feature order.
 * A mechanism section that depends on `asOf` other than by showing it gives `mechanismChanges`: the dates on
 * which it may change (sorted; see intervalOf in registry/service.ts). Profiles for dates between two change
 * dates are written from one template (http/dated.ts), so a section that changes on a date it does not give
 * would show a stale answer there.
 */
export interface ProfileSections {
  mechanism?: (q: ProfileQuery) => Promise<JSX.Element | null>;
  mechanismChanges?: (id: string) => Promise<readonly string[]>;
  country?: (q: ProfileQuery) => Promise<JSX.Element | null>;
  meeting?: (q: ProfileQuery) => Promise<JSX.Element | null>;
  series?: (q: ProfileQuery) => Promise<JSX.Element | null>;
  /** On a peer query's page, for a reader who may see the query. */
  query?: (q: ProfileQuery) => Promise<JSX.Element | null>;
  /** On a document's page (`id`: the document's id), for every reader (the page is public and cached). */
  document?: (q: ProfileQuery) => Promise<JSX.Element | null>;
}

/**
 * The figures that sources reported for a meeting (or each meeting of a series), each beside the one the registry
 * computes: the registry renders them (registry/feature.ts), the meetings pages place them after the sections.
 */
export interface MeetingFigures {
  meeting: (ctx: PageContext, m: { id: string; start: string; named: number }) => Promise<JSX.Element | null>;
  series: (ctx: PageContext, meetings: readonly { id: string; named: number }[]) => Promise<JSX.Element | null>;
}

/** The sections of every feature for one kind of profile, rendered in order (nulls dropped). */
export async function profileSections(
  all: readonly ProfileSections[],
  kind: 'mechanism' | 'country' | 'meeting' | 'series' | 'query' | 'document',
  q: ProfileQuery,
): Promise<JSX.Element[]> {
  const parts = await Promise.all(all.map(async (s) => (s[kind] ? s[kind](q) : null)));
  return parts.filter((p): p is JSX.Element => p !== null);
}
