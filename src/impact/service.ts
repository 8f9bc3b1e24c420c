/** Impact services: plain data for the API, the pages, the profile sections and the search index. */
import type { Kysely } from 'kysely';
import { groupBy } from '../db/group.js';
import type { AchievementTable, DB } from '../db/schema.js';
import type { DataVersion, Derived } from '../db/data-version.js';
import { BadParameter, NotFound } from '../http/errors.js';
import { allCountries } from '../registry/countries.js';
import { isFullDate } from '../registry/model.js';
import type { RegistryService } from '../registry/service.js';
import {
  ACHIEVEMENT_LEVELS,
  ACHIEVEMENT_TYPES,
  facetCounts,
  LENSES,
  NO_COUNTRY,
  perYear,
  regionsOf,
  type AchievementFacts,
} from './model.js';
import * as store from './store.js';

interface Item extends AchievementFacts {
  row: AchievementTable;
}
interface State {
  items: Item[];
  byId: Map<string, Item>;
}

export interface AchievementFilter {
  mechanism?: string | undefined;
  lens?: string | undefined;
  type?: string | undefined;
  level?: string | undefined;
  country?: string | undefined;
  region?: string | undefined;
  year?: number | undefined;
  /** Only achievements of a year up to this day's year (YYYY-MM-DD); undated ones are left out. */
  asOf?: string | undefined;
}

export async function readState(db: Kysely<DB>): Promise<State> {
  const [rows, countries, sources] = await Promise.all([
    store.allAchievements(db),
    store.allCountryLinks(db),
    store.allSourceLinks(db),
  ]);
  const by = <T extends { achievement_id: string }, V>(xs: T[], f: (x: T) => V) =>
    groupBy(xs, (x) => x.achievement_id, f);
  const countryBy = by(countries, (x) => x.country_code);
  const sourceBy = by(sources, (x) => x.source_id);
  const items = rows.map((row): Item => ({
    row,
    id: row.id,
    mechanism: row.mechanism_id,
    title: row.title,
    type: row.type,
    level: row.level,
    year: row.year === null ? null : Number(row.year),
    lens: row.lens,
    evidence: row.evidence,
    countries: countryBy.get(row.id) ?? [],
    confidence: row.confidence,
    sources: sourceBy.get(row.id) ?? [],
  }));
  return { items, byId: new Map(items.map((a) => [a.id, a])) };
}

/** Newest first; undated last; then by title. */
const byYear = (a: Item, b: Item) =>
  a.year === b.year
    ? a.title.localeCompare(b.title) || a.id.localeCompare(b.id)
    : a.year === null
      ? 1
      : b.year === null
        ? -1
        : b.year - a.year;

const regionByCountry = new Map(allCountries().map((c) => [c.code, c.region_code]));
export const regionOf = (code: string): string | null => regionByCountry.get(code) ?? null;
/** The M49 regions (code and English name) countries can be in. */
export const REGIONS: ReadonlyMap<string, string> = new Map(
  allCountries()
    .filter((c) => c.region_code !== null)
    .map((c) => [c.region_code!, c.region!]),
);

const check = (name: string, value: string | undefined, vocab: readonly string[]) => {
  if (value !== undefined && !vocab.includes(value))
    throw new BadParameter(name, `${name} "${value}" is not one of ${vocab.join(', ')}`);
};

export class ImpactService {
  private readonly state: Derived<State>;

  constructor(
    readonly db: Kysely<DB>,
    private readonly registry: RegistryService,
    version: DataVersion,
  ) {
    this.state = version.derived(() => readState(db));
  }

  /** When each achievement last changed (ISO timestamps), for the sitemap. */
  async lastChanges(): Promise<Map<string, string>> {
    return new Map((await this.state.get()).items.map((a) => [a.id, a.row.updated_at]));
  }

  private item(a: Item, names: ReadonlyMap<string, string>) {
    return {
      id: a.id,
      title: a.title,
      mechanism: { id: a.mechanism, name: names.get(a.mechanism) ?? a.mechanism },
      type: a.type,
      level: a.level,
      year: a.year,
      lens: a.lens,
      evidence: a.evidence,
      countries: a.countries,
      confidence: a.confidence,
      sources: a.sources,
    };
  }

  private async select(f: AchievementFilter) {
    const [s, names] = await Promise.all([this.state.get(), this.registry.mechanismNames()]);
    check('lens', f.lens, LENSES);
    check('type', f.type, ACHIEVEMENT_TYPES);
    check('level', f.level, ACHIEVEMENT_LEVELS);
    if (f.mechanism !== undefined && !names.has(f.mechanism))
      throw new BadParameter('mechanism', `unknown mechanism "${f.mechanism}": see /api/v1/mechanisms`);
    if (f.country !== undefined && !regionByCountry.has(f.country))
      throw new BadParameter('country', `unknown country code "${f.country}": see /api/v1/countries`);
    if (f.region !== undefined && f.region !== NO_COUNTRY && !REGIONS.has(f.region))
      throw new BadParameter(
        'region',
        `region "${f.region}" is not a UN M49 region code (${[...REGIONS.keys()].sort().join(', ')}) or "${NO_COUNTRY}"`,
      );
    if (f.year !== undefined && !(Number.isSafeInteger(f.year) && f.year >= 1900 && f.year <= 2100))
      throw new BadParameter('year', `year "${String(f.year)}" is not a year from 1900 to 2100`);
    if (f.asOf !== undefined && !isFullDate(f.asOf))
      throw new BadParameter('asOf', `asOf "${f.asOf}" is not a calendar date (YYYY-MM-DD)`);
    const asOfYear = f.asOf === undefined ? undefined : Number(f.asOf.slice(0, 4));
    let undated = 0;
    const selected = s.items.filter((a) => {
      if (asOfYear !== undefined) {
        if (a.year === null) {
          undated++;
          return false;
        }
        if (a.year > asOfYear) return false;
      }
      if (f.mechanism !== undefined && a.mechanism !== f.mechanism) return false;
      if (f.lens !== undefined && a.lens !== f.lens) return false;
      if (f.type !== undefined && a.type !== f.type) return false;
      if (f.level !== undefined && a.level !== f.level) return false;
      if (f.country !== undefined && !a.countries.includes(f.country)) return false;
      if (f.region !== undefined && !regionsOf(a, regionOf).includes(f.region)) return false;
      if (f.year !== undefined && a.year !== f.year) return false;
      return true;
    });
    selected.sort(byYear);
    return { selected, undated, names };
  }

  /** Every achievement the filters select, newest first (a list pages it: http/paging.ts), with the facet counts. */
  async list(f: AchievementFilter) {
    const { selected, undated, names } = await this.select(f);
    return {
      asOf: f.asOf ?? null,
      undatedLeftOut: undated,
      total: selected.length,
      facets: facetCounts(selected, regionOf),
      perYear: perYear(selected),
      undated: selected.filter((a) => a.year === null).length,
      items: selected.map((a) => this.item(a, names)),
    };
  }

  async get(id: string) {
    const [s, names] = await Promise.all([this.state.get(), this.registry.mechanismNames()]);
    const a = s.byId.get(id);
    if (!a) throw new NotFound('achievement', id);
    return { ...this.item(a, names), compilationNote: a.row.compilation_note, version: a.row.version };
  }

  /**
   * A profile's achievements: those of a year up to `asOf`'s year, and the undated ones (the reader sees they are
   * undated), newest first. `by` picks the mechanism's own or those naming a country.
   */
  async forProfile(by: { mechanism: string } | { country: string }, asOf: string) {
    const [s, names] = await Promise.all([this.state.get(), this.registry.mechanismNames()]);
    const year = Number(asOf.slice(0, 4));
    return s.items
      .filter((a) => ('mechanism' in by ? a.mechanism === by.mechanism : a.countries.includes(by.country)))
      .filter((a) => a.year === null || a.year <= year)
      .sort(byYear)
      .map((a) => this.item(a, names));
  }
}

// ---------------------------------------------------------------- structures (issue 14 item 2)

export interface FieldValue<T> {
  value: T;
  sources: string[];
  note: string | null;
  basis: string | null;
}
export interface Structure {
  mechanism: string;
  secretariat_model: FieldValue<string> | null;
  secretariat: FieldValue<string> | null;
  funding: FieldValue<string> | null;
  chair_rotation: FieldValue<string> | null;
  written_rules: FieldValue<{ title: string; year: string | null }[]> | null;
  strategies_workplans: FieldValue<{ title: string; years: string | null }[]> | null;
  meeting_cadence: FieldValue<string> | null;
  working_groups: FieldValue<string[]> | null;
}
export const FIELDS = [
  'secretariat_model',
  'secretariat',
  'funding',
  'chair_rotation',
  'written_rules',
  'strategies_workplans',
  'meeting_cadence',
  'working_groups',
] as const;
/** Titles that name rules of procedure (not terms of reference, modalities or other written rules). */
const RULES_OF_PROCEDURE = /rules? of procedure|règlement intérieur|reglamento/i;

export function parseStructure(row: import('../db/schema.js').StructureTable): Structure {
  const out = { mechanism: row.mechanism_id } as Record<string, unknown>;
  for (const f of FIELDS) out[f] = row[f] === null ? null : (JSON.parse(row[f]) as unknown);
  return out as unknown as Structure;
}

/** Every source id a structure cites. */
export const structureSources = (s: Structure): string[] => [...new Set(FIELDS.flatMap((f) => s[f]?.sources ?? []))];

export class StructuresService {
  private readonly state: Derived<Map<string, Structure>>;
  constructor(
    readonly db: Kysely<DB>,
    private readonly registry: RegistryService,
    private readonly meetings: import('../meetings/service.js').MeetingsService,
    version: DataVersion,
  ) {
    this.state = version.derived(
      async () => new Map((await store.allStructures(db)).map((r) => [r.mechanism_id, parseStructure(r)])),
    );
  }

  /** When any mechanism's structure last changed (the comparison page shows them all), for the sitemap. */
  async lastChanged(): Promise<string | null> {
    const rows = await store.allStructures(this.db);
    return rows.reduce<string | null>((a, r) => (a === null || r.updated_at > a ? r.updated_at : a), null);
  }

  async of(mechanism: string): Promise<Structure | null> {
    return (await this.state.get()).get(mechanism) ?? null;
  }

  private async viewOf(s: Structure, names: ReadonlyMap<string, string>) {
    const { mechanism, ...fields } = s;
    return { mechanism: { id: mechanism, name: names.get(mechanism) ?? mechanism }, ...fields };
  }

  /** Every structure as the API gives it, by mechanism id. */
  async list() {
    const [s, names] = await Promise.all([this.state.get(), this.registry.mechanismNames()]);
    return Promise.all(
      [...s.values()].sort((a, b) => (a.mechanism < b.mechanism ? -1 : 1)).map((x) => this.viewOf(x, names)),
    );
  }

  /** One mechanism's structure as the API gives it; null when none is recorded. */
  async view(mechanism: string) {
    const [s, names] = await Promise.all([this.of(mechanism), this.registry.mechanismNames()]);
    return s ? this.viewOf(s, names) : null;
  }

  /** The comparison across mechanisms, and the patterns computed from it: nothing the data does not have. */
  async compare(today: string) {
    const [s, names, years, held] = await Promise.all([
      this.state.get(),
      this.registry.mechanismNames(),
      store.mechanismYears(this.db),
      this.meetings.list({ status: 'held' }),
    ]);
    const meetingYears = groupBy(
      held.items.flatMap((m) => (m.mechanism ? [{ mechanism: m.mechanism.id, start: m.start }] : [])),
      (m) => m.mechanism,
      (m) => Number(m.start.slice(0, 4)),
    );
    const thisYear = Number(today.slice(0, 4));
    const rows = years
      .filter((y) => s.has(y.id))
      .map((y) => {
        const st = s.get(y.id)!;
        const my = meetingYears.get(y.id) ?? [];
        const established = y.established === null ? null : Number(y.established);
        const lastEvidence = y.last_evidence === null ? null : Number(y.last_evidence.slice(0, 4));
        const until = lastEvidence ?? null;
        const yearsActive = established !== null && until !== null ? Math.max(1, until - established + 1) : null;
        return {
          id: y.id,
          name: names.get(y.id) ?? y.id,
          structure: st,
          established,
          lastEvidence,
          yearsActive,
          meetingRecords: my.length,
          firstMeeting: my.length ? Math.min(...my) : null,
          lastMeeting: my.length ? Math.max(...my) : null,
          yearsWithRecords: new Set(my).size,
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
    const models = new Map<string, number>();
    for (const r of rows) {
      const v = r.structure.secretariat_model?.value ?? null;
      if (v !== null) models.set(v, (models.get(v) ?? 0) + 1);
    }
    const written = rows.filter((r) => r.structure.written_rules !== null);
    return {
      total: rows.length,
      thisYear,
      models: [...models]
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)),
      modelUnknown: rows.filter((r) => r.structure.secretariat_model === null).length,
      iomHosted: models.get('IOM-hosted') ?? 0,
      writtenRules: written.map((r) => ({
        id: r.id,
        name: r.name,
        rules: r.structure.written_rules!.value,
        rulesOfProcedure: r.structure.written_rules!.value.some((x) => RULES_OF_PROCEDURE.test(x.title)),
      })),
      writtenUnknown: rows.length - written.length,
      rows,
    };
  }
}
