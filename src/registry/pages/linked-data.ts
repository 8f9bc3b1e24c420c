/**
 * Linked data (schema.org JSON-LD) shared by every page type. Each node has an `@id`: an entity's is the canonical
 * URL of its page in the page's language (origin from configuration, as the canonical link: `ctx.origin`, never
 * the request's Host; without the page's `?asOf`, which dates a view, not the entity); a node that has no page of
 * its own (a membership role, a place, an address, a file) is a fragment of the page that describes it. Names are
 * language-tagged values: the page language's where the data has it, else English (what the page shows, marked).
 * `sameAs` links go to Wikidata only where the reference data holds a QID with a source; today it holds none.
 */
import { allCountries, countryNames } from '../countries.js';
import { LANG_TAGS, type Lang } from '../../web/i18n.js';
import { href, type PageContext } from '../../web/layout.js';

export const SCHEMA_ORG = 'https://schema.org';

/** A JSON-LD node or value. */
export type LdNode = { '@id': string; '@type': string | string[] } & Record<string, unknown>;
export interface LdText {
  '@value': string;
  '@language': string;
}

/** The `@id` of the entity whose page is `path` (after the language prefix), in the page's language. */
export const ldId = (ctx: PageContext, path: string): string => ctx.origin + href(ctx.lang, path);

/** A string in a language (the BCP 47 tag the page's `lang` attribute uses: zh-Hans for Chinese). */
export const ldText = (text: string, lang: Lang): LdText => ({ '@value': text, '@language': LANG_TAGS[lang] });

/** A name the page shows in its own language when `own`, else in English. */
export const ldName = (ctx: PageContext, text: string, own: boolean): LdText => ldText(text, own ? ctx.lang : 'en');

let byCode: Map<string, { alpha2: string; kind: string }> | null = null;
const countryOf = (code: string) => (byCode ??= new Map(allCountries().map((c) => [c.code, c]))).get(code);

/** ISO 3166-1 alpha-2 of a registry country code (alpha-3; XKX for Kosovo → XK), undefined when unknown. */
export const alpha2Of = (code: string): string | undefined => countryOf(code)?.alpha2;

/**
 * A country or territory as a party (a member, an organizer, an attendee): schema.org's `member`, `organizer` and
 * `attendee` take an Organization, and a Country is a Place, so the party is typed as both the place and its
 * government (one node, the country page's `@id`).
 */
export function ldParty(ctx: PageContext, code: string): LdNode {
  return {
    '@id': ldId(ctx, `/countries/${code}`),
    '@type': [countryOf(code)?.kind === 'territory' ? 'AdministrativeArea' : 'Country', 'GovernmentOrganization'],
    name: ldText(countryNames(ctx.lang).get(code) ?? code, ctx.lang),
    identifier: code,
  };
}

/** A mechanism referred to from another page (an organizer, a document's organization, a membership). */
export function ldMechanismRef(ctx: PageContext, id: string, name: string): LdNode {
  return { '@id': ldId(ctx, `/mechanisms/${id}`), '@type': 'Organization', name: ldText(name, 'en') };
}

/** A full date or a reduced-precision one (YYYY, YYYY-MM) as ISO 8601 writes it; anything else is left out. */
export const ldDate = (value: string | null | undefined): string | undefined =>
  value && /^\d{4}(-\d{2}(-\d{2})?)?$/.test(value) ? value : undefined;

/** The block of a page: the context and its main node. */
export const jsonLd = (node: LdNode): Record<string, unknown> => ({ '@context': SCHEMA_ORG, ...node });

/** Drop the properties whose value is undefined (JSON.stringify would, but the tests read the object). */
export function compact<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
