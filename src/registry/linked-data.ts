/**
 * How another feature's page refers to a registry record in its linked data (web/linked-data.ts): a country as a
 * party, a mechanism as an organization, each the `@id` of its profile page.
 */
import { ldId, ldText, type LdNode } from '../web/linked-data.js';
import type { PageContext } from '../web/layout.js';
import { allCountries, countryNames } from './countries.js';

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
