/**
 * Linked data (schema.org JSON-LD) shared by every page type. Each node has an `@id`: an entity's is the canonical
 * URL of its page in the page's language (origin from configuration, as the canonical link: `ctx.origin`, never
 * the request's Host; without the page's `?asOf`, which dates a view, not the entity); a node that has no page of
 * its own (a membership role, a place, an address, a file) is a fragment of the page that describes it. Names are
 * language-tagged values: the page language's where the data has it, else English (what the page shows, marked).
 * `sameAs` links go to Wikidata only where the reference data holds a QID with a source; today it holds none.
 */
import { LANG_TAGS, type Lang } from './i18n.js';
import { href, type PageContext } from './layout.js';

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

/** A full date or a reduced-precision one (YYYY, YYYY-MM) as ISO 8601 writes it; anything else is left out. */
export const ldDate = (value: string | null | undefined): string | undefined =>
  value && /^\d{4}(-\d{2}(-\d{2})?)?$/.test(value) ? value : undefined;

/** The block of a page: the context and its main node. */
export const jsonLd = (node: LdNode): Record<string, unknown> => ({ '@context': SCHEMA_ORG, ...node });

/** Drop the properties whose value is undefined (JSON.stringify would, but the tests read the object). */
export function compact<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
