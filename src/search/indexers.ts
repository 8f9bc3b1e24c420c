/**
 * The records search finds in the registry and the meetings: mechanisms (every name), countries and territories
 * (names in every interface language), organizations, meetings and series, sources. Other features add theirs
 * by passing their own `SearchIndexer` to `searchFeature` in src/app.ts (e.g. documents, paragraph by paragraph).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { countryNames } from '../registry/countries.js';
import { displayName, officialNames } from '../registry/service.js';
import type { FieldLang, SearchIndexer, SearchRecord, SearchText } from './model.js';

const text = (t: string | null | undefined, lang: FieldLang = 'en'): SearchText[] =>
  t && t.trim() ? [{ text: t, lang }] : [];
const year = (d: string | null | undefined): number[] => {
  const y = d ? Number(d.slice(0, 4)) : NaN;
  return Number.isInteger(y) ? [y] : [];
};
const httpUrl = (u: string | null | undefined): string | null => (u && /^https?:\/\//i.test(u) ? u : null);
const unique = <T>(xs: T[]) => [...new Set(xs)];

export const mechanismIndexer: SearchIndexer = {
  type: 'mechanism',
  version: 1,
  async records(db: Kysely<DB>): Promise<SearchRecord[]> {
    const [mechs, names, levels, orgs] = await Promise.all([
      db.selectFrom('mechanism').selectAll().orderBy('id').execute(),
      db.selectFrom('mechanism_name').selectAll().orderBy('mechanism_id').orderBy('slug').execute(),
      db.selectFrom('mechanism_level').select(['mechanism_id', 'seq', 'value']).orderBy('seq').execute(),
      db.selectFrom('organization').selectAll().execute(),
    ]);
    const orgById = new Map(orgs.map((o) => [o.id, o]));
    const level = new Map(levels.map((l) => [l.mechanism_id, l.value])); // the last period wins
    return mechs.map((m) => {
      const official = officialNames(m);
      const supporting = unique([...(JSON.parse(m.supporting_orgs) as string[]), m.secretariat_org ?? ''])
        .map((id) => orgById.get(id))
        .filter((o) => o !== undefined);
      return {
        type: 'mechanism',
        id: m.id,
        labels: { en: displayName(m) },
        titles: [
          ...text(displayName(m)),
          ...(m.common_name ? text(m.name) : []),
          ...text(m.acronym, 'und'),
          ...names.filter((n) => n.mechanism_id === m.id).flatMap((n) => text(n.name)),
          ...text(official.fr?.name, 'fr'),
          ...text(official.es?.name, 'es'),
        ],
        related: supporting.flatMap((o) => text([o.acronym, o.name].filter(Boolean).join(' — '))),
        bodies: [...text(m.objectives), ...text(m.region), ...text(m.secretariat_text), ...text(m.structure)],
        lang: 'und',
        facets: { mechanism: [m.id], year: m.established ? [m.established] : [], kind: level.get(m.id) },
        path: `/mechanisms/${m.id}`,
      };
    });
  },
};

export const countryIndexer: SearchIndexer = {
  type: 'country',
  version: 1,
  async records(db) {
    const [countries, parts] = await Promise.all([
      db.selectFrom('country').selectAll().orderBy('code').execute(),
      db
        .selectFrom('participation')
        .select(['country_code', 'mechanism_id'])
        .where('superseded_at', 'is', null)
        .where('country_code', 'is not', null)
        .execute(),
    ]);
    const mechs = new Map<string, Set<string>>();
    for (const p of parts) {
      if (!mechs.has(p.country_code!)) mechs.set(p.country_code!, new Set());
      mechs.get(p.country_code!)!.add(p.mechanism_id);
    }
    return countries.map((c) => ({
      type: 'country',
      id: c.code,
      labels: {
        en: c.name_en,
        fr: c.name_fr,
        es: c.name_es,
        ar: countryNames('ar').get(c.code),
        zh: countryNames('zh').get(c.code),
        ru: countryNames('ru').get(c.code),
      },
      titles: [
        ...text(c.name_en),
        ...text(c.name_fr, 'fr'),
        ...text(c.name_es, 'es'),
        // Arabic, Chinese and Russian names (i18n-iso-countries): matched as written, without a stemmer.
        ...(['ar', 'zh', 'ru'] as const).flatMap((l) => text(countryNames(l).get(c.code), 'und')),
        ...text(c.code, 'und'),
      ],
      bodies: [...text([c.subregion, c.region].filter(Boolean).join(', '))],
      lang: 'und' as const,
      facets: { mechanism: [...(mechs.get(c.code) ?? [])].sort(), kind: c.kind },
      path: `/countries/${c.code}`,
    }));
  },
};

export const organizationIndexer: SearchIndexer = {
  type: 'organization',
  version: 1,
  async records(db) {
    const [orgs, mechs] = await Promise.all([
      db.selectFrom('organization').selectAll().orderBy('id').execute(),
      db.selectFrom('mechanism').select(['id', 'name', 'common_name', 'supporting_orgs', 'secretariat_org']).execute(),
    ]);
    return orgs.map((o) => {
      const supported = mechs
        .filter((m) => m.secretariat_org === o.id || (JSON.parse(m.supporting_orgs) as string[]).includes(o.id))
        .sort((a, b) => (a.id < b.id ? -1 : 1));
      return {
        type: 'organization',
        id: o.id,
        labels: { en: o.acronym ? `${o.name} (${o.acronym})` : o.name },
        titles: [...text(o.name), ...text(o.acronym, 'und')],
        bodies: [...text(o.note), ...text(supported.map((m) => displayName(m)).join(', '))],
        lang: 'und' as const,
        facets: { mechanism: supported.map((m) => m.id), kind: o.kind },
        path: null,
      };
    });
  },
};

/** A series' short name: its last parenthesised acronym ("… of ISCMs (GRCP)" → "GRCP"). */
export function seriesShortName(name: string): string | null {
  const m = [...name.matchAll(/\(([A-Z][A-Z0-9-]{1,15})\)/g)].pop();
  return m ? m[1]! : null;
}

export const meetingIndexer: SearchIndexer = {
  type: 'meeting',
  version: 1,
  async records(db) {
    const [series, meetings, countries] = await Promise.all([
      db.selectFrom('meeting_series').selectAll().orderBy('id').execute(),
      db.selectFrom('meeting').selectAll().orderBy('id').execute(),
      db.selectFrom('country').select(['code', 'name_en', 'name_fr', 'name_es']).execute(),
    ]);
    const country = new Map(countries.map((c) => [c.code, c]));
    const seriesById = new Map(series.map((s) => [s.id, s]));
    const out: SearchRecord[] = series.map((s) => ({
      type: 'meeting',
      id: `series:${s.id}`,
      labels: { en: s.name },
      titles: [...text(s.name), ...text(seriesShortName(s.name), 'und')],
      bodies: [...text(s.note)],
      lang: 'und',
      facets: { kind: 'series' },
      path: `/series/${s.id}`,
    }));
    for (const m of meetings) {
      const s = m.series_id ? seriesById.get(m.series_id) : undefined;
      const short = s ? seriesShortName(s.name) : null;
      const c = m.country_code ? country.get(m.country_code) : undefined;
      out.push({
        type: 'meeting',
        id: m.id,
        labels: { en: m.title },
        titles: [...text(m.title), ...(short && m.ordinal !== null ? text(`${short} ${m.ordinal}`, 'und') : [])],
        related: text(s?.name),
        bodies: [
          ...text(m.city, 'und'),
          ...(c ? [...text(c.name_en), ...text(c.name_fr, 'fr'), ...text(c.name_es, 'es')] : []),
          ...text(m.host),
          ...text(m.theme),
          ...text(m.notes),
        ],
        lang: 'und',
        facets: { mechanism: m.mechanism_id ? [m.mechanism_id] : [], year: year(m.start), kind: m.kind },
        path: `/meetings/${m.id}`,
      });
    }
    return out;
  },
};

export const sourceIndexer: SearchIndexer = {
  type: 'source',
  version: 1,
  async records(db) {
    const [sources, cited] = await Promise.all([
      db.selectFrom('source').selectAll().orderBy('id').execute(),
      db.selectFrom('mechanism_source').select(['mechanism_id', 'source_id']).execute(),
    ]);
    const mechs = new Map<string, Set<string>>();
    for (const c of cited) {
      if (!mechs.has(c.source_id)) mechs.set(c.source_id, new Set());
      mechs.get(c.source_id)!.add(c.mechanism_id);
    }
    return sources.map((s) => ({
      type: 'source',
      id: s.id,
      labels: { en: s.title ?? s.site ?? s.url },
      titles: [...text(s.title ?? s.site ?? s.url)],
      bodies: [...text(s.publisher), ...text(s.site, 'und'), ...text(s.url, 'und')],
      boost: 0.2, // evidence for the other records: found, below the things themselves
      lang: 'und' as const,
      facets: { mechanism: [...(mechs.get(s.id) ?? [])].sort(), year: year(s.date) },
      path: null,
      url: httpUrl(s.url),
    }));
  },
};

/** The indexers of the registry and the meetings. */
export const coreIndexers: SearchIndexer[] = [
  mechanismIndexer,
  countryIndexer,
  organizationIndexer,
  meetingIndexer,
  sourceIndexer,
];
