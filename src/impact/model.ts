/** Impact: the vocabularies of achievements, their facets and the counts the page charts. No I/O. */

/** The three things the GRCP 8 outcome document (2019) acknowledges of the mechanisms. */
export const LENSES = ['policy-impact', 'sustainable-structures', 'partnership-models'] as const;
export type Lens = (typeof LENSES)[number];

export const ACHIEVEMENT_TYPES = [
  'agreement',
  'collaboration-framework',
  'data-system',
  'declaration',
  'fund',
  'guidelines',
  'handbook',
  'initiative',
  'institution',
  'legislation',
  'policy',
  'programme',
  'standard',
  'training',
] as const;
export type AchievementType = (typeof ACHIEVEMENT_TYPES)[number];

/** From the narrowest reach to the widest. */
export const ACHIEVEMENT_LEVELS = ['bilateral', 'national', 'regional', 'interregional', 'global'] as const;
export type AchievementLevel = (typeof ACHIEVEMENT_LEVELS)[number];

export const CONFIDENCES = ['high', 'medium', 'low'] as const;

/** The facets of the achievements list (API and page), in display order. */
export const FACETS = ['lens', 'type', 'level', 'region', 'mechanism', 'year'] as const;
export type Facet = (typeof FACETS)[number];

/** The region value of an achievement that names no country. */
export const NO_COUNTRY = 'none';

/** What the list, the facets and the search need of an achievement. */
export interface AchievementFacts {
  id: string;
  mechanism: string;
  title: string;
  type: string;
  level: string;
  year: number | null;
  lens: string;
  evidence: string;
  countries: string[];
  confidence: string;
  sources: string[];
}

export interface FacetCount {
  value: string;
  count: number;
}

/**
 * Counts per facet value over the achievements given (those the filters select). An achievement counts once per
 * UN M49 region of the countries it names (`none` when it names none: the source names no country); undated ones
 * count under no year. Lens, type and level keep their vocabulary order (every value, zero included, so a chart
 * shows what is absent); mechanisms by count; years in order.
 */
export function facetCounts(
  items: readonly AchievementFacts[],
  regionOf: (country: string) => string | null,
): Record<Facet, FacetCount[]> {
  const counters = Object.fromEntries(FACETS.map((f) => [f, new Map<string, number>()])) as Record<
    Facet,
    Map<string, number>
  >;
  for (const f of ['lens', 'type', 'level'] as const) {
    const vocab = f === 'lens' ? LENSES : f === 'type' ? ACHIEVEMENT_TYPES : ACHIEVEMENT_LEVELS;
    for (const v of vocab) counters[f].set(v, 0);
  }
  const bump = (f: Facet, values: Iterable<string>) => {
    for (const v of new Set(values)) counters[f].set(v, (counters[f].get(v) ?? 0) + 1);
  };
  for (const a of items) {
    bump('lens', [a.lens]);
    bump('type', [a.type]);
    bump('level', [a.level]);
    bump('mechanism', [a.mechanism]);
    if (a.year !== null) bump('year', [String(a.year)]);
    const regions = regionsOf(a, regionOf);
    bump('region', regions);
  }
  const out = {} as Record<Facet, FacetCount[]>;
  for (const f of FACETS) {
    const list = [...counters[f]].map(([value, count]) => ({ value, count }));
    if (f === 'year') list.sort((a, b) => Number(a.value) - Number(b.value));
    else if (f === 'mechanism' || f === 'region')
      list.sort((a, b) =>
        a.value === NO_COUNTRY ? 1 : b.value === NO_COUNTRY ? -1 : b.count - a.count || a.value.localeCompare(b.value),
      );
    out[f] = list;
  }
  return out;
}

/** The M49 regions of the countries an achievement names; [`none`] when it names no country. */
export function regionsOf(a: Pick<AchievementFacts, 'countries'>, regionOf: (c: string) => string | null): string[] {
  if (a.countries.length === 0) return [NO_COUNTRY];
  return [...new Set(a.countries.map(regionOf).filter((r): r is string => r !== null))];
}

/** Every year from the first to the last dated achievement, with its count (0 where none): the chart over time. */
export function perYear(items: readonly Pick<AchievementFacts, 'year'>[]): { year: number; count: number }[] {
  const years = items.map((a) => a.year).filter((y): y is number => y !== null);
  if (!years.length) return [];
  const from = Math.min(...years);
  const to = Math.max(...years);
  const counts = new Map<number, number>();
  for (const y of years) counts.set(y, (counts.get(y) ?? 0) + 1);
  return Array.from({ length: to - from + 1 }, (_, i) => ({ year: from + i, count: counts.get(from + i) ?? 0 }));
}

// ---------------------------------------------------------------- partnerships (issue 14 item 3)

/** An organization's role in a mechanism, or a link between two mechanisms. */
export const PARTNERSHIP_KINDS = ['organization-mechanism', 'mechanism-mechanism'] as const;
export type PartnershipKind = (typeof PARTNERSHIP_KINDS)[number];
