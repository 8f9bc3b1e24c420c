/**
 * Registry services: read the store, apply the model's as-of rules, return plain data that the API
 * (and later the pages) present. Every figure carries its definition and its date.
 */
import type { Kysely, Selectable } from 'kysely';
import type {
  CountryTable,
  DB,
  MechanismNameTable,
  MechanismPeriodTable,
  MechanismTable,
  MechanismThemeTable,
  OrganizationTable,
  ParticipationRow,
  SourceTable,
  ThemeTable,
} from '../db/schema.js';
import { allCountries } from './countries.js';
import {
  activeMechanisms,
  holdsAt,
  mechanismAt,
  type Certainty,
  type MechanismHistory,
  type Period,
  floorDate,
} from './model.js';
import { agrees, reconcile, type Comparator, type FigureCounts, type ReportedList } from './reported.js';
import { DataVersion, type Derived } from '../db/data-version.js';
import { BadParameter, Moved, NotFound } from '../http/errors.js';
import * as store from './store.js';
import { DatedIndex, type OverlapItem, type OverlapTable, type Tally } from './dated-index.js';
import { groupBy } from '../db/group.js';

/** maxOver (model.ts) over tallies: the largest count and the countries that reach it (none when 0). */
function maxOfTallies(t: ReadonlyMap<string, Tally>, key: keyof Tally): { value: number; countries: string[] } {
  let value = 0;
  for (const v of t.values()) if (v[key] > value) value = v[key];
  return {
    value,
    countries:
      value === 0
        ? []
        : [...t]
            .filter(([, v]) => v[key] === value)
            .map(([c]) => c)
            .sort(),
  };
}

const ALL_ROLES = ['member', 'observer', 'partner', 'secretariat', 'chair'] as const;

export interface PartyRef {
  type: 'country' | 'organization' | 'unresolved';
  id: string | null;
  name: string;
}

export interface ParticipationView {
  id: string;
  mechanism: string;
  party: PartyRef;
  nameInSource: string | null;
  role: string;
  since: string | null;
  sinceNotBefore: string | null;
  sinceBasis: string | null;
  until: string | null;
  untilNotBefore: string | null;
  endCause: string | null;
  firstAttested: string | null;
  viaGroup: string | null;
  /** How sure the registry is that this holds at `asOf` (null: it does not hold then). */
  certainty: Certainty | null;
  verification: string;
  /** How a source names this row: list | bloc | participation | event | none; null: entered in ISCM Hub. */
  attestation: string | null;
  /** When named only through a bloc's list: which bloc, and why that list counts. */
  viaBloc: { bloc: string; explanation: string } | null;
  sources: string[];
  /** The public note: a plain sentence for readers. */
  note: string | null;
  /** How the row was compiled (sources, inference, conflicts): for editors and the history page. */
  compilationNote: string | null;
  recordedAt: string;
  /** The version to send back in If-Match when editing this record. */
  version: number;
}

const parseList = (s: string): string[] => JSON.parse(s) as string[];

/** The name people use ("Colombo Process"), else the official name. */
export const displayName = (m: Pick<MechanismTable, 'name' | 'common_name'>): string => m.common_name ?? m.name;

export type OfficialNames = Partial<
  Record<'fr' | 'es' | 'ar' | 'ru' | 'zh', { name: string; source: string; usage?: 'eu-terminology' | null } | null>
>;
export const officialNames = (m: Pick<MechanismTable, 'official_names'>): OfficialNames =>
  JSON.parse(m.official_names) as OfficialNames;

/** Lower case without accents: "Proceso de Puebla" and "proceso de puebla" match, "Conférence" and "conference". */
export const fold = (s: string | null | undefined): string =>
  (s ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** A source as the API and the pages show it: site, date and its basis, mirror flag, the lists it holds. */
export function presentSource(s: Selectable<SourceTable>) {
  const lists = JSON.parse(s.lists) as {
    mechanism: string;
    lists: string;
    kind: string;
    as_of: string | null;
    as_of_basis: string | null;
    stated_count: number | null;
    named_count: number;
    cut_off: boolean;
    via_bloc: string | null;
  }[];
  return {
    id: s.id,
    url: s.url,
    title: s.title,
    publisher: s.publisher,
    accessed: s.accessed,
    site: s.site,
    date: s.date,
    dateBasis: s.date_basis,
    mirror: s.mirror === 1,
    lists: lists.map((l) => ({
      mechanism: l.mechanism,
      lists: l.lists,
      kind: l.kind,
      asOf: l.as_of,
      asOfBasis: l.as_of_basis,
      statedCount: l.stated_count,
      namedCount: l.named_count,
      cutOff: l.cut_off,
      viaBloc: l.via_bloc,
    })),
  };
}
export type SourceView = ReturnType<typeof presentSource>;

function period(
  r: MechanismPeriodTable,
): Period & { confidence: string | null; note: string | null; compilationNote: string | null; sources: string[] } {
  return {
    value: r.value,
    start: r.start,
    end: r.end,
    end_not_before: r.end_not_before,
    confidence: r.confidence,
    note: r.note,
    compilationNote: r.compilation_note,
    sources: parseList(r.sources),
  };
}

/** Unverified fields as stored (JSON, snake_case) → as served. */
export function unverifiedFields(
  json: string,
): { field: string; note: string | null; compilationNote: string | null }[] {
  return (JSON.parse(json) as { field: string; note: string | null; compilation_note?: string | null }[]).map((f) => ({
    field: f.field,
    note: f.note,
    compilationNote: f.compilation_note ?? null,
  }));
}

/**
 * How many of the sorted change dates are on or before `at`: two dates with the same count are in the same
 * interval. (A change date may carry a suffix, "2020-05-31~": then it takes effect the day after.)
 */
export function intervalOf(sorted: readonly string[], at: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

type MechanismRecords = [
  Awaited<ReturnType<typeof store.mechanismSources>>,
  Awaited<ReturnType<typeof store.snapshots>>,
];

type Hist = { levels: ReturnType<typeof period>[]; statuses: ReturnType<typeof period>[] };

/**
 * The registry's current state held in memory (a few thousand rows): every read that does not ask
 * for a past record time is answered from it. It is reloaded when the data version changes, which is
 * checked at most once per `ttlMs` (writes through this process call `invalidate()`).
 */
interface Snapshot {
  mechanisms: MechanismTable[];
  byId: Map<string, MechanismTable>;
  histories: MechanismHistory[];
  historyById: Map<string, Hist>;
  participation: ParticipationRow[];
  partsByMechanism: Map<string, ParticipationRow[]>;
  partsByCountry: Map<string, ParticipationRow[]>;
  themes: ThemeTable[];
  themeLinks: MechanismThemeTable[];
  names: MechanismNameTable[];
  canonical: Map<string, string>;
  orgs: Map<string, OrganizationTable>;
  reported: { figures: ReportedFigureView[]; lists: ReportedList[] };
}

export interface SourceRef {
  id: string;
  url: string;
  title: string | null;
  publisher: string | null;
}

export interface ReportedFigureView {
  id: string;
  value: number;
  comparator: Comparator;
  counts: FigureCounts;
  date: string;
  scope: string | null;
  reportedBy: string;
  source: SourceRef;
  quote: string;
  quoteKind: string;
  quotedIn: string;
  note: string | null;
  /** The list of mechanisms behind the figure, when one is known. */
  list: string | null;
}

export const DEFINITIONS = {
  activeMechanisms:
    'Mechanisms established on or before the date whose recorded status on that date is active. ' +
    'A mechanism whose change to dormant may already have happened (its date is unknown and the date falls after its last evidence of activity) is listed apart as possibly dormant and not counted.',
  byLevel: 'The active mechanisms by the level (rcp, irf, global) recorded for them on that date.',
  countriesMembers:
    'Countries and territories that are members of at least one active mechanism on the date. ' +
    'Global processes open to all UN Member States without a member list count no members. ' +
    '"known" counts those with at least one membership with a dated start or shown by a dated list on or before the date; ' +
    '"assumed" those whose memberships all have an unknown start (counted from the mechanism\'s establishment) or may already have ended.',
  countriesEngaged:
    'Countries and territories taking part in at least one active mechanism on the date in any role (member, observer, partner, secretariat, chair).',
  maxMechanismsPerCountry:
    'The largest number of active mechanisms one country or territory is a member of on the date, counting only ' +
    'memberships backed by a source of their own (sourced-rows), and which countries reach it. The counts over all rows and over dated rows only are given beside it (variants).',
  maxAllRows:
    "Over every membership row, including rows recalled without a source (unverified) and rows expanded from a bloc's membership (via a group such as the EU).",
  maxSourcedRows:
    "Over membership rows backed by a source of their own: without unverified rows and without rows expanded from a bloc's membership.",
  maxDatedRows:
    "Over membership rows with a dated start, or shown by a dated list on or before the date (not assumed from the mechanism's establishment).",
  reported:
    'Figures a source published for this date, each beside the figure ISCM Hub computes, with the source and its words. ' +
    "Where the source's list of the mechanisms of the time is known, the differences are computed from it; otherwise only the count is known.",
} as const;

export class RegistryService {
  private readonly countries: Map<string, CountryTable>;

  private readonly state: Derived<Snapshot>;

  constructor(
    readonly db: Kysely<DB>,
    /** The app's data-version signal; default: one of its own (the CLI, a test). */
    version: DataVersion = DataVersion.of(db),
  ) {
    this.countries = new Map(allCountries().map((c) => [c.code, c]));
    this.state = version.derived(() => this.load());
    this.records = version.derived(async () => new Map<string, Promise<MechanismRecords>>());
  }

  private current(): Promise<Snapshot> {
    return this.state.get();
  }

  /** The snapshot's participation indexed for any date (dated-index.ts), built on first use per data version. */
  private async indexed(): Promise<{ snap: Snapshot; index: DatedIndex }> {
    const snap = await this.current();
    let index = this.indexOf.get(snap);
    if (!index) this.indexOf.set(snap, (index = new DatedIndex(snap.histories, snap.participation)));
    return { snap, index };
  }
  private readonly indexOf = new WeakMap<Snapshot, DatedIndex>();

  private async load(): Promise<Snapshot> {
    const [mechanisms, levels, statuses, participation, themes, themeLinks, names, orgs, reported] = await Promise.all([
      store.allMechanisms(this.db),
      store.periods(this.db, 'mechanism_level'),
      store.periods(this.db, 'mechanism_status'),
      store.participation(this.db),
      store.themes(this.db),
      store.mechanismThemes(this.db),
      store.mechanismNames(this.db),
      store.organizations(this.db),
      this.loadReported(),
    ]);
    const lv = groupBy(levels, (r) => r.mechanism_id);
    const st = groupBy(statuses, (r) => r.mechanism_id);
    const historyById = new Map(
      mechanisms.map((m) => [
        m.id,
        { levels: (lv.get(m.id) ?? []).map(period), statuses: (st.get(m.id) ?? []).map(period) },
      ]),
    );
    return {
      mechanisms,
      byId: new Map(mechanisms.map((m) => [m.id, m])),
      histories: mechanisms.map((m) => ({ id: m.id, established: m.established, ...historyById.get(m.id)! })),
      historyById,
      participation,
      partsByMechanism: groupBy(participation, (p) => p.mechanism_id),
      partsByCountry: groupBy(
        participation.filter((p) => p.country_code !== null),
        (p) => p.country_code!,
      ),
      themes,
      themeLinks,
      names,
      canonical: new Map(names.map((n) => [n.slug, n.mechanism_id])),
      orgs: new Map(orgs.map((o) => [o.id, o])),
      reported,
    };
  }

  private async loadReported(): Promise<Snapshot['reported']> {
    const [figures, lists] = await Promise.all([store.reportedFigures(this.db), store.reportedLists(this.db)]);
    const entriesOf = new Map(lists.map((l) => [l.id, JSON.parse(l.entries) as ReportedList['entries']]));
    const ids = new Set([
      ...figures.map((f) => f.source_id),
      ...[...entriesOf.values()].flat().flatMap((e) => e.evidence.map((ev) => ev.source)),
    ]);
    const sources = new Map((await store.sourcesByIds(this.db, [...ids])).map((r) => [r.id, r]));
    const listOf = new Map(lists.map((l) => [l.figure_id, l.id]));
    return {
      figures: figures.map((f) => {
        const src = sources.get(f.source_id);
        return {
          id: f.id,
          value: f.value,
          comparator: f.comparator as Comparator,
          counts: f.counts as FigureCounts,
          date: f.date,
          scope: f.scope,
          reportedBy: f.reported_by,
          quote: f.quote,
          quoteKind: f.quote_kind,
          quotedIn: f.quoted_in,
          note: f.note,
          source: {
            id: f.source_id,
            url: src?.url ?? '',
            title: src?.title ?? null,
            publisher: src?.publisher ?? null,
          },
          list: listOf.get(f.id) ?? null,
        };
      }),
      lists: lists.map((l) => ({
        id: l.id,
        title: l.title,
        reportedBy: l.reported_by,
        figure: l.figure_id,
        date: l.date,
        dateNote: l.date_note,
        entries: entriesOf.get(l.id)!.map((e) => ({
          ...e,
          evidence: e.evidence.map((ev) => ({ ...ev, url: sources.get(ev.source)?.url ?? null })),
        })),
        note: l.note,
      })),
    };
  }

  countryCodes(): Set<string> {
    return new Set(this.countries.keys());
  }

  assertCountry(code: string, parameter: string): void {
    if (!this.countries.has(code))
      throw new BadParameter(
        parameter,
        `unknown country code "${code}": use ISO 3166-1 alpha-3 (e.g. SEN), or XKX for Kosovo`,
      );
  }

  private async mechanismHistories(): Promise<{ rows: MechanismTable[]; histories: MechanismHistory[] }> {
    const snap = await this.current();
    return { rows: snap.mechanisms, histories: snap.histories };
  }

  private partyNamer(snap: Snapshot): (r: ParticipationRow) => PartyRef {
    return (r) => {
      if (r.country_code)
        return {
          type: 'country',
          id: r.country_code,
          name: this.countries.get(r.country_code)?.name_en ?? r.country_code,
        };
      if (r.organization_id)
        return {
          type: 'organization',
          id: r.organization_id,
          name: snap.orgs.get(r.organization_id)?.name ?? r.organization_id,
        };
      return { type: 'unresolved', id: null, name: r.party_label ?? r.name_in_source ?? 'unresolved party' };
    };
  }

  private view(r: ParticipationRow, party: PartyRef, certainty: Certainty | null): ParticipationView {
    return {
      id: r.id,
      mechanism: r.mechanism_id,
      party,
      nameInSource: r.name_in_source,
      role: r.role,
      since: r.start,
      sinceNotBefore: r.start_not_before,
      sinceBasis: r.start_basis,
      until: r.end,
      untilNotBefore: r.end_not_before,
      endCause: r.end_cause,
      firstAttested: r.first_attested,
      viaGroup: r.via_group,
      certainty,
      verification: r.verification,
      attestation: r.attestation,
      viaBloc: r.via_bloc === null ? null : (JSON.parse(r.via_bloc) as { bloc: string; explanation: string }),
      sources: parseList(r.sources),
      note: r.note,
      compilationNote: r.compilation_note ?? null,
      recordedAt: r.recorded_at,
      version: r.version,
    };
  }

  /**
   * Every mechanism's name by id: the name people use (common name), else the official one. One map per
   * snapshot, shared by every caller: read it, never change it.
   */
  async mechanismNames(): Promise<ReadonlyMap<string, string>> {
    const snap = await this.current();
    let names = this.namesOf.get(snap);
    if (!names) this.namesOf.set(snap, (names = new Map(snap.mechanisms.map((m) => [m.id, displayName(m)]))));
    return names;
  }
  private readonly namesOf = new WeakMap<Snapshot, ReadonlyMap<string, string>>();

  /**
   * The dates on which a mechanism's profile (mechanism()) may change, sorted: every date its participation
   * rows, its status and level periods and its establishment are compared with (rules in model.ts compare the
   * date asked for with the first day of each: `at < floor(start)`, `at >= floor(end)`…). Between two of them
   * the profile is the same but for the date it shows.
   */
  async mechanismChangeDates(id: string): Promise<readonly string[]> {
    const snap = await this.current();
    let memo = this.changeDatesOf.get(snap);
    if (!memo) this.changeDatesOf.set(snap, (memo = new Map<string, readonly string[]>()));
    let dates = memo.get(id);
    if (!dates) {
      const m = snap.byId.get(id);
      const out = new Set<string>();
      const add = (d: string | null) => {
        if (d !== null) out.add(floorDate(d));
      };
      if (m?.established != null) add(String(m.established));
      for (const p of snap.partsByMechanism.get(id) ?? []) {
        add(p.start ?? (m?.established != null ? String(m.established) : null));
        add(p.end);
        add(p.end_not_before);
        add(p.first_attested);
      }
      const hist = snap.historyById.get(id);
      for (const p of [...(hist?.levels ?? []), ...(hist?.statuses ?? [])]) {
        add(p.start);
        add(p.end);
        add(p.end_not_before);
      }
      memo.set(id, (dates = [...out].sort()));
    }
    return dates;
  }
  private readonly changeDatesOf = new WeakMap<Snapshot, Map<string, readonly string[]>>();

  /**
   * The dates on which the overlaps between mechanisms in a role (overlaps(…, role)) may change: every
   * mechanism's establishment and status periods and every row's dates in that role.
   */
  private async overlapChangeDates(role = 'member'): Promise<readonly string[]> {
    const snap = await this.current();
    let memo = this.overlapDatesOf.get(snap);
    if (!memo) this.overlapDatesOf.set(snap, (memo = new Map<string, readonly string[]>()));
    let dates = memo.get(role);
    if (!dates) {
      const out = new Set<string>();
      const add = (d: string | null) => {
        if (d !== null) out.add(floorDate(d));
      };
      for (const m of snap.mechanisms) {
        if (m.established !== null) add(String(m.established));
        for (const p of snap.historyById.get(m.id)?.statuses ?? []) {
          add(p.start);
          add(p.end);
          add(p.end_not_before);
        }
        for (const p of snap.partsByMechanism.get(m.id) ?? []) {
          if (p.role !== role) continue;
          add(p.start ?? (m.established !== null ? String(m.established) : null));
          add(p.end);
          add(p.end_not_before);
          add(p.first_attested);
        }
      }
      memo.set(role, (dates = [...out].sort()));
    }
    return dates;
  }
  private readonly overlapDatesOf = new WeakMap<Snapshot, Map<string, readonly string[]>>();

  /**
   * A key naming the interval of `asOf` between a mechanism's change dates (with `extra`, other lists of dates
   * its answer depends on, such as a page section's): the same key, the same profile but for the date shown.
   * Throws what mechanism() throws for an unknown id or an alias.
   */
  async mechanismDateKey(id: string, asOf: string, extra: readonly (readonly string[])[] = []): Promise<string> {
    const m = await this.resolveMechanism(id);
    const own = await this.mechanismChangeDates(m.id);
    return [`${m.id}@${intervalOf(own, asOf)}`, ...extra.map((dates) => intervalOf(dates, asOf))].join('.');
  }

  /**
   * The first `limit` member overlaps naming mechanism `id` at a date, as overlaps(asOf, 'member') lists them
   * (the profile pages show five): computed from its members' other mechanisms, not from every pair.
   */
  async memberOverlapsOf(id: string, asOf: string, limit: number): Promise<OverlapItem[]> {
    const { index } = await this.indexed();
    return index.overlapsOf(id, asOf, 'member', limit);
  }

  /** A mechanism's sources and dated lists, read once per data version (they do not depend on the date). */
  private mechanismRecords(id: string) {
    return this.records.get().then((m) => {
      let r = m.get(id);
      if (!r) {
        r = Promise.all([store.mechanismSources(this.db, id), store.snapshots(this.db, id)]);
        r.catch(() => m.delete(id));
        m.set(id, r);
      }
      return r;
    });
  }
  private readonly records: Derived<
    Map<
      string,
      Promise<[Awaited<ReturnType<typeof store.mechanismSources>>, Awaited<ReturnType<typeof store.snapshots>>]>
    >
  >;

  /** Every name a mechanism goes by: common, official, acronym, aliases, former and translated names. */
  private searchNames(m: MechanismTable, names: readonly MechanismNameTable[]): string[] {
    return [
      m.name,
      m.common_name,
      m.acronym,
      m.id,
      ...names.map((n) => n.name),
      ...Object.values(officialNames(m)).map((n) => n?.name ?? null),
    ].filter((s): s is string => typeof s === 'string');
  }

  /** Follow an alias or former name to the canonical id; NotFound when it is neither. */
  async resolveMechanism(id: string): Promise<MechanismTable> {
    const snap = await this.current();
    const row = snap.byId.get(id);
    if (row) return row;
    const canonical = snap.canonical.get(id);
    if (canonical) throw new Moved(canonical);
    throw new NotFound('mechanism', id);
  }

  async listMechanisms(q: {
    asOf: string;
    level?: string | undefined;
    status?: string | undefined;
    region?: string | undefined;
    theme?: string | undefined;
    country?: string | undefined;
    q?: string | undefined;
    limit: number;
    offset: number;
    /** existing (default): only mechanisms that existed on asOf; all: also those established later. */
    include?: 'existing' | 'all' | undefined;
  }) {
    const include = q.include ?? (q.status === 'not-established' ? 'all' : 'existing');
    let later = 0;
    if (q.country) this.assertCountry(q.country, 'country');
    const snap = await this.current();
    if (q.theme && !snap.themes.some((t) => t.id === q.theme))
      throw new BadParameter('theme', `unknown theme "${q.theme}": see /api/v1/themes`);
    const regionCountries = q.region ? this.regionMembers(q.region) : null;
    const { mechanisms: rows, histories } = snap;
    const themesBy = groupBy(snap.themeLinks, (t) => t.mechanism_id);
    const namesBy = groupBy(snap.names, (n) => n.mechanism_id);
    const partsBy = snap.partsByMechanism;
    const needle = q.q === undefined ? undefined : fold(q.q).replace(/\s+/g, ' ').trim();
    const items = [];
    for (const [i, m] of rows.entries()) {
      const at = mechanismAt(histories[i]!, q.asOf);
      if (at.status === null && include === 'existing') {
        later++;
        continue;
      }
      if (q.level && at.level?.value !== q.level) continue;
      if (q.status && (at.status?.value ?? 'not-established') !== q.status) continue;
      const mThemes = [...new Set((themesBy.get(m.id) ?? []).map((t) => t.theme_id))];
      if (q.theme && !mThemes.includes(q.theme)) continue;
      if (
        needle &&
        ![...this.searchNames(m, namesBy.get(m.id) ?? []), m.region].some((s) =>
          fold(s).replace(/\s+/g, ' ').includes(needle),
        )
      )
        continue;
      const holding = (partsBy.get(m.id) ?? []).filter((p) => holdsAt(p, q.asOf, m.established) !== null);
      if (q.country && !holding.some((p) => p.country_code === q.country)) continue;
      if (
        regionCountries &&
        !holding.some((p) => p.role === 'member' && p.country_code && regionCountries.has(p.country_code))
      )
        continue;
      items.push({
        id: m.id,
        name: m.name,
        commonName: displayName(m),
        acronym: m.acronym,
        established: m.established,
        region: m.region,
        level: at.level,
        status: at.status,
        themes: mThemes,
        members: holding.filter((p) => p.role === 'member').length,
        observers: holding.filter((p) => p.role === 'observer').length,
      });
    }
    return {
      asOf: q.asOf,
      include,
      notYetEstablished: later,
      total: items.length,
      items: items.slice(q.offset, q.offset + q.limit),
      offset: q.offset,
    };
  }

  /** Countries in an M49 region or sub-region, given by code ("002") or name ("Africa"). */
  private regionMembers(region: string): Set<string> {
    const r = region.toLowerCase();
    const found = [...this.countries.values()].filter(
      (c) =>
        c.region_code === region ||
        c.subregion_code === region ||
        c.region?.toLowerCase() === r ||
        c.subregion?.toLowerCase() === r,
    );
    if (found.length === 0)
      throw new BadParameter(
        'region',
        `unknown region "${region}": give a UN M49 region or sub-region code (e.g. 002, 419) or name (e.g. Africa)`,
      );
    return new Set(found.map((c) => c.code));
  }

  /**
   * When each mechanism's and each country's registry record last changed (the profile's "last changed": the
   * mechanism row or one of its participation rows; a country: one of its participation rows), for the sitemap.
   */
  async lastChanges(): Promise<{ mechanisms: Map<string, string>; countries: Map<string, string> }> {
    const snap = await this.current();
    const later = (m: Map<string, string>, k: string, t: string) => {
      const v = m.get(k);
      if (v === undefined || t > v) m.set(k, t);
    };
    const mechanisms = new Map<string, string>();
    const countries = new Map<string, string>();
    for (const m of snap.mechanisms) later(mechanisms, m.id, m.updated_at);
    for (const p of snap.participation) {
      later(mechanisms, p.mechanism_id, p.recorded_at);
      if (p.country_code) later(countries, p.country_code, p.recorded_at);
    }
    return { mechanisms, countries };
  }

  async mechanism(id: string, asOf: string) {
    const m = await this.resolveMechanism(id);
    const snap = await this.current();
    const [sources, snaps] = await this.mechanismRecords(m.id);
    const names = snap.names.filter((n) => n.mechanism_id === m.id);
    const themes = snap.themeLinks.filter((t) => t.mechanism_id === m.id);
    const parts = snap.partsByMechanism.get(m.id) ?? [];
    const namer = this.partyNamer(snap);
    const hist = snap.historyById.get(m.id) ?? { levels: [], statuses: [] };
    const history: MechanismHistory = {
      id: m.id,
      established: m.established,
      levels: hist.levels,
      statuses: hist.statuses,
    };
    const at = mechanismAt(history, asOf);
    const byRole: Record<string, ParticipationView[]> = {
      member: [],
      observer: [],
      partner: [],
      secretariat: [],
      chair: [],
    };
    const former: ParticipationView[] = [];
    for (const p of parts) {
      const c = holdsAt(p, asOf, m.established);
      const v = this.view(p, namer(p), c);
      if (c !== null) (byRole[p.role] ??= []).push(v);
      else former.push(v);
    }
    const sortByName = (a: ParticipationView, b: ParticipationView) => a.party.name.localeCompare(b.party.name);
    Object.values(byRole).forEach((l) => l.sort(sortByName));
    const orgName = snap.orgs;
    const lastRecorded = parts.reduce((acc, p) => (p.recorded_at > acc ? p.recorded_at : acc), m.updated_at);
    return {
      id: m.id,
      name: m.name,
      commonName: displayName(m),
      commonNameSource: m.common_name_source,
      acronym: m.acronym,
      officialNames: officialNames(m),
      membershipBasis: (
        JSON.parse(m.membership_basis) as { quote: string; as_of: string | null; source: string }[]
      ).map((b) => ({ quote: b.quote, asOf: b.as_of, source: b.source })),
      names: names.map((n) => ({ name: n.name, kind: n.kind, slug: n.slug, note: n.note })),
      asOf,
      level: at.level,
      status: at.status,
      levelHistory: hist.levels.map(({ value, ...rest }) => ({ level: value, ...rest })),
      statusHistory: hist.statuses.map(({ value, ...rest }) => ({ status: value, ...rest })),
      established: m.established,
      region: m.region,
      objectives: m.objectives,
      structure: m.structure,
      chairModel: m.chair_model,
      currentChair: m.chair_current ? { name: m.chair_current, since: m.chair_since } : null,
      secretariat:
        m.secretariat_text === null
          ? null
          : {
              text: m.secretariat_text,
              organization: m.secretariat_org
                ? { id: m.secretariat_org, name: orgName.get(m.secretariat_org)?.name ?? m.secretariat_org }
                : null,
            },
      supportingOrganizations: parseList(m.supporting_orgs).map((id) => ({ id, name: orgName.get(id)?.name ?? id })),
      website: m.website,
      themes: themes.map((t) => ({ theme: t.theme_id, wording: t.wording })),
      membershipNote: m.membership_note,
      membershipCompilationNote: m.membership_compilation_note,
      membersComplete: m.members_complete === null ? null : m.members_complete === 1,
      observersComplete: m.observers_complete === null ? null : m.observers_complete === 1,
      memberGroups: JSON.parse(m.member_groups) as { name: string; note: string | null }[],
      keyOutputs: JSON.parse(m.key_outputs) as { title: string; year: number | null }[],
      unverifiedFields: unverifiedFields(m.unverified_fields),
      lastEvidenceOfActivity: m.last_evidence,
      notes: m.notes,
      compilationNote: m.compilation_note,
      members: byRole.member ?? [],
      observers: byRole.observer ?? [],
      partners: byRole.partner ?? [],
      otherRoles: [...(byRole.secretariat ?? []), ...(byRole.chair ?? [])],
      notHoldingAtAsOf: former.length,
      snapshots: snaps.map((s) => ({
        id: s.id,
        asOf: s.as_of,
        role: s.role,
        listType: s.list_type,
        complete: s.complete === 1,
        statedCount: s.stated_count,
        listed: (JSON.parse(s.parties) as unknown[]).length,
        source: s.source_id,
        note: s.note,
      })),
      sources: sources.map(presentSource),
      version: m.version,
      lastChanged: lastRecorded,
    };
  }

  async listCountries(asOf: string) {
    const { index } = await this.indexed();
    const counts = index.tallies(asOf, ['member']);
    const engaged = index.tallies(asOf, ALL_ROLES);
    return {
      asOf,
      items: [...this.countries.values()].map((c) => ({
        ...this.presentCountry(c),
        memberOf: counts.get(c.code)?.all ?? 0,
        engagedIn: engaged.get(c.code)?.all ?? 0,
      })),
    };
  }

  presentCountry(c: CountryTable) {
    return {
      code: c.code,
      alpha2: c.alpha2,
      numeric: c.numeric,
      kind: c.kind,
      region: c.region_code ? { code: c.region_code, name: c.region! } : null,
      subregion: c.subregion_code ? { code: c.subregion_code, name: c.subregion! } : null,
      name: { en: c.name_en, fr: c.name_fr, es: c.name_es },
      note: c.note,
    };
  }

  async country(code: string, asOf: string) {
    const c = this.countries.get(code);
    if (!c) throw new NotFound('country', code);
    const snap = await this.current();
    const parts = snap.partsByCountry.get(code) ?? [];
    const namer = this.partyNamer(snap);
    const mById = snap.byId;
    return {
      ...this.presentCountry(c),
      asOf,
      participation: parts.map((p) => ({
        ...this.view(p, namer(p), holdsAt(p, asOf, mById.get(p.mechanism_id)?.established ?? null)),
        mechanismName: mById.has(p.mechanism_id) ? displayName(mById.get(p.mechanism_id)!) : p.mechanism_id,
      })),
    };
  }

  /**
   * country() for a profile page: the rows in the page's order (holding at the date first, then by mechanism
   * name), of which `pick` chooses those shown (a page of them); only those are built. At a hundred times the
   * data a country has rows in hundreds of mechanisms: its rows are sorted by name once per data version, and
   * each date only splits them into holding and not.
   */
  async countryRows(code: string, asOf: string, pick: <T>(ordered: readonly T[]) => T[]) {
    const c = this.countries.get(code);
    if (!c) throw new NotFound('country', code);
    const snap = await this.current();
    let byName = this.countryRowsOf.get(snap);
    if (!byName) this.countryRowsOf.set(snap, (byName = new Map<string, readonly ParticipationRow[]>()));
    let sorted = byName.get(code);
    const mById = snap.byId;
    const nameOf = (p: ParticipationRow) =>
      mById.has(p.mechanism_id) ? displayName(mById.get(p.mechanism_id)!) : p.mechanism_id;
    if (!sorted) {
      const compare = new Intl.Collator().compare;
      const named = (snap.partsByCountry.get(code) ?? []).map((p) => ({ p, name: nameOf(p) }));
      byName.set(code, (sorted = named.sort((a, b) => compare(a.name, b.name)).map((x) => x.p)));
    }
    const holding: [ParticipationRow, Certainty][] = [];
    const not: [ParticipationRow, null][] = [];
    for (const p of sorted) {
      const certainty = holdsAt(p, asOf, mById.get(p.mechanism_id)?.established ?? null);
      if (certainty === null) not.push([p, null]);
      else holding.push([p, certainty]);
    }
    const namer = this.partyNamer(snap);
    return {
      ...this.presentCountry(c),
      asOf,
      participation: pick<[ParticipationRow, Certainty | null]>([...holding, ...not]).map(([p, certainty]) => ({
        ...this.view(p, namer(p), certainty),
        mechanismName: nameOf(p),
      })),
    };
  }
  private readonly countryRowsOf = new WeakMap<Snapshot, Map<string, readonly ParticipationRow[]>>();

  async participation(f: {
    mechanism?: string | undefined;
    country?: string | undefined;
    role?: string | undefined;
    asOf: string;
    knownAt?: string | undefined;
  }) {
    if (f.country) this.assertCountry(f.country, 'country');
    const snap = await this.current();
    if (f.mechanism && !snap.byId.has(f.mechanism))
      throw new BadParameter('mechanism', `unknown mechanism "${f.mechanism}"`);
    const parts = f.knownAt
      ? await store.participation(this.db, f)
      : (f.mechanism
          ? (snap.partsByMechanism.get(f.mechanism) ?? [])
          : f.country
            ? (snap.partsByCountry.get(f.country) ?? [])
            : snap.participation
        ).filter(
          (p) =>
            (!f.mechanism || p.mechanism_id === f.mechanism) &&
            (!f.country || p.country_code === f.country) &&
            (!f.role || p.role === f.role),
        );
    const namer = this.partyNamer(snap);
    const est = new Map(snap.mechanisms.map((m) => [m.id, m.established]));
    const items = [];
    for (const p of parts) {
      const c = holdsAt(p, f.asOf, est.get(p.mechanism_id) ?? null);
      if (c !== null) items.push(this.view(p, namer(p), c));
    }
    return { asOf: f.asOf, knownAt: f.knownAt ?? null, total: items.length, items };
  }

  async stats(asOf: string) {
    const { snap, index } = await this.indexed();
    // The figures are the same between two change dates (DatedIndex.changeDates): kept per interval, for the
    // last intervals asked for. Only the reported figures name the very date.
    const key = intervalOf(index.changeDates(), asOf);
    let memo = this.figuresOf.get(snap);
    if (!memo) this.figuresOf.set(snap, (memo = new Map<number, ReturnType<RegistryService['figuresAt']>>()));
    let figures = memo.get(key);
    if (figures) memo.delete(key);
    else figures = this.figuresAt(snap, index, asOf);
    memo.set(key, figures);
    if (memo.size > 512) memo.delete(memo.keys().next().value!);
    const { active, rcps, engagedCount, maxSourced, core } = figures;
    const hubFor = (counts: FigureCounts): { value: number; figure: string; mechanisms: string[] | null } | null => {
      switch (counts) {
        case 'active-mechanisms':
          return { value: active.total, figure: 'activeMechanisms', mechanisms: active.mechanisms };
        case 'active-rcps':
          return { value: rcps.length, figure: 'activeMechanisms.byLevel.rcp', mechanisms: rcps };
        case 'countries-engaged':
          return { value: engagedCount, figure: 'countriesEngaged', mechanisms: null };
        case 'max-mechanisms-per-country':
          return { value: maxSourced.value, figure: 'maxMechanismsPerCountry', mechanisms: null };
        default:
          return null;
      }
    };
    const reported = snap.reported.figures
      .filter((f) => f.date === asOf && f.scope === null)
      .map((f) => {
        const hub = hubFor(f.counts)!;
        const list = snap.reported.lists.find((l) => l.id === f.list) ?? null;
        return {
          ...f,
          hub: { value: hub.value, figure: hub.figure },
          agrees: agrees(hub.value, f),
          reconciliation: hub.mechanisms ? reconcile(hub.mechanisms, list) : null,
        };
      });
    return { asOf, ...core, reported, reportedDefinition: DEFINITIONS.reported };
  }
  private readonly figuresOf = new WeakMap<Snapshot, Map<number, ReturnType<RegistryService['figuresAt']>>>();

  /** The figures of stats() at a date but for the reported ones: the same for every date of its interval. */
  private figuresAt(snap: Snapshot, index: DatedIndex, asOf: string) {
    const { histories } = snap;
    const active = activeMechanisms(histories, asOf);
    // Tallies, not every country's lists (countryCounts): only the countries at the maximum need theirs.
    const { members: tallies, engaged: engagedCount } = index.memberTalliesAndEngaged(asOf);
    const members = [...tallies]
      .map(([country, t]) => ({ country, ...t }))
      .sort((a, b) => b.all - a.all || a.country.localeCompare(b.country));
    const maxAll = maxOfTallies(tallies, 'all');
    const maxSourced = maxOfTallies(tallies, 'sourced');
    const maxDated = maxOfTallies(tallies, 'known');
    const known = members.filter((c) => c.known > 0).length;
    const hist = new Map(histories.map((h) => [h.id, h]));
    const rcps = active.mechanisms.filter((id) => mechanismAt(hist.get(id)!, asOf).level?.value === 'rcp');
    const core = {
      activeMechanisms: {
        value: active.total,
        byLevel: active.byLevel,
        mechanisms: active.mechanisms,
        levelUncertain: active.levelUncertain,
        statusUncertain: active.statusUncertain,
        definition: DEFINITIONS.activeMechanisms,
        byLevelDefinition: DEFINITIONS.byLevel,
      },
      countriesMembers: {
        value: members.length,
        known,
        assumed: members.length - known,
        definition: DEFINITIONS.countriesMembers,
      },
      countriesEngaged: { value: engagedCount, definition: DEFINITIONS.countriesEngaged },
      maxMechanismsPerCountry: {
        value: maxSourced.value,
        basis: 'sourced-rows' as const,
        countries: maxSourced.countries.map((code) => {
          const c = index.countryLists(code, asOf, ['member']);
          return { code, mechanisms: c.sourced, known: c.known };
        }),
        variants: [
          { basis: 'all-rows' as const, ...maxAll, definition: DEFINITIONS.maxAllRows },
          { basis: 'sourced-rows' as const, ...maxSourced, definition: DEFINITIONS.maxSourcedRows },
          { basis: 'dated-rows' as const, ...maxDated, definition: DEFINITIONS.maxDatedRows },
        ],
        knownOnly: maxDated.value,
        top: members.slice(0, 15).map((c) => ({
          code: c.country,
          count: c.all,
          known: c.known,
          sourced: c.sourced,
        })),
        definition: DEFINITIONS.maxMechanismsPerCountry,
      },
    };
    return { active, rcps, engagedCount, maxSourced, core };
  }

  /** Reported figures (filtered by what they count, date or meeting) and the lists behind them. */
  async reportedFigures(
    f: { counts?: string | undefined; date?: string | undefined; scope?: string | undefined } = {},
  ) {
    const { reported } = await this.current();
    const items = reported.figures.filter(
      (r) =>
        (!f.counts || r.counts === f.counts) && (!f.date || r.date === f.date) && (!f.scope || r.scope === f.scope),
    );
    const listIds = new Set(items.map((r) => r.list));
    return { items, lists: reported.lists.filter((l) => listIds.has(l.id)), definition: DEFINITIONS.reported };
  }

  /**
   * What sources published about a meeting: its own reported counts (scope = the meeting) beside the
   * number of mechanisms ISCM Hub names among its participants, and the worldwide figures reported
   * for its date beside ISCM Hub's (with their reconciliation).
   */
  async reportedForMeeting(id: string, date: string, named: number) {
    const { reported } = await this.current();
    const own = reported.figures
      .filter((f) => f.scope === id)
      .map((f) => ({
        ...f,
        hub: { value: named, figure: 'represented.named' },
        agrees: agrees(named, f),
        reconciliation: null,
      }));
    const world = date.length === 10 ? (await this.stats(date)).reported : [];
    return [...own, ...world];
  }

  /** Per country, how many active mechanisms it is a member of at the date. */
  async memberCounts(asOf: string): Promise<Map<string, number>> {
    const { index } = await this.indexed();
    return new Map([...index.tallies(asOf, ['member'])].map(([c, t]) => [c, t.all]));
  }

  /** memberCounts for a few countries only (a country page's neighbours). */
  async memberCountsOf(codes: readonly string[], asOf: string): Promise<Map<string, number>> {
    const { index } = await this.indexed();
    return new Map([...index.tallies(asOf, ['member'], codes)].map(([c, t]) => [c, t.all]));
  }

  /** Per mechanism established at the date, its member rows holding then (listMechanisms' `members`). */
  async memberRowCounts(asOf: string): Promise<Map<string, number>> {
    const { index } = await this.indexed();
    return index.rowCounts(asOf, 'member');
  }

  /** Every mechanism's display name (mechanismNames) and acronym, by id. */
  async mechanismLabels(): Promise<ReadonlyMap<string, { name: string; acronym: string | null }>> {
    const snap = await this.current();
    let labels = this.labelsOf.get(snap);
    if (!labels)
      this.labelsOf.set(
        snap,
        (labels = new Map(snap.mechanisms.map((m) => [m.id, { name: displayName(m), acronym: m.acronym }]))),
      );
    return labels;
  }
  private readonly labelsOf = new WeakMap<Snapshot, ReadonlyMap<string, { name: string; acronym: string | null }>>();

  /** Every mechanism's year of establishment, by id (no date involved). */
  async establishedYears(): Promise<ReadonlyMap<string, number | null>> {
    const snap = await this.current();
    let years = this.establishedOf.get(snap);
    if (!years) this.establishedOf.set(snap, (years = new Map(snap.mechanisms.map((m) => [m.id, m.established]))));
    return years;
  }
  private readonly establishedOf = new WeakMap<Snapshot, ReadonlyMap<string, number | null>>();

  /** Mechanisms established per year, and active on 31 December of each year (today for this year). */
  async timeline(fromYear: number, asOf: string) {
    const { rows, histories } = await this.mechanismHistories();
    const lastYear = Number(asOf.slice(0, 4));
    const established: { year: number; count: number; mechanisms: string[] }[] = [];
    const active: { year: number; count: number; date: string }[] = [];
    for (let y = fromYear; y <= lastYear; y++) {
      const ids = rows.filter((m) => m.established === y).map((m) => m.id);
      established.push({ year: y, count: ids.length, mechanisms: ids });
      const date = y === lastYear ? asOf : `${y}-12-31`;
      active.push({ year: y, count: activeMechanisms(histories, date).total, date });
    }
    const before = rows.filter((m) => m.established !== null && m.established < fromYear).map((m) => m.id);
    return { fromYear, asOf, established, active, establishedBefore: before };
  }

  static readonly OVERLAPS_DEFINITION =
    'Every pair of mechanisms that share at least one party in the given role on the date (mechanisms established by then, any status). shared = parties in both; jaccard = shared / parties in either.';

  /**
   * Every pair of mechanisms sharing a party at the date, as a table whose items are built when read
   * (dated-index.ts): at a hundred times the data there are millions of pairs. Kept for the last few intervals
   * between change dates asked for.
   */
  async overlapTable(asOf: string, role: string): Promise<OverlapTable> {
    const { snap, index } = await this.indexed();
    const key = `${role} ${intervalOf(await this.overlapChangeDates(role), asOf)}`;
    let memo = this.overlapTables.get(snap);
    if (!memo) this.overlapTables.set(snap, (memo = new Map<string, OverlapTable>()));
    let t = memo.get(key);
    if (t) memo.delete(key);
    else t = index.overlapTable(asOf, role);
    memo.set(key, t);
    if (memo.size > 4) memo.delete(memo.keys().next().value!);
    return t;
  }
  private readonly overlapTables = new WeakMap<Snapshot, Map<string, OverlapTable>>();

  /**
   * The first `k` pairs of overlapTable(asOf, role) and its cells (the overlaps page): from the table when it is
   * kept for the interval, else counted without keeping every pair (DatedIndex.overlapTop).
   */
  async overlapTop(asOf: string, role: string, k: number): Promise<OverlapTable> {
    const { snap, index } = await this.indexed();
    const key = `${role} ${intervalOf(await this.overlapChangeDates(role), asOf)}`;
    return this.overlapTables.get(snap)?.get(key) ?? index.overlapTop(asOf, role, k);
  }

  async overlaps(asOf: string, role: string) {
    const t = await this.overlapTable(asOf, role);
    return { asOf, role, total: t.total, items: t.slice(0, t.total), definition: RegistryService.OVERLAPS_DEFINITION };
  }

  async organizations() {
    return {
      items: [...(await this.current()).orgs.values()].map((o) => ({
        id: o.id,
        name: o.name,
        acronym: o.acronym,
        kind: o.kind,
        note: o.note,
      })),
    };
  }

  async themes() {
    const { themes, themeLinks: links } = await this.current();
    const by = groupBy(links, (l) => l.theme_id);
    return {
      items: themes.map((t) => ({
        id: t.id,
        name: { en: t.name_en, fr: t.name_fr, es: t.name_es },
        description: t.description_en,
        mechanisms: [...new Set((by.get(t.id) ?? []).map((l) => l.mechanism_id))].sort(),
      })),
    };
  }

  async sources(ids: string[]): Promise<SourceView[]> {
    return (await store.sourcesByIds(this.db, ids)).map(presentSource);
  }

  /** Sources by id (all of them when no id is asked for), in id order: one call resolves a table's citations. */
  async listSources(ids?: string[]): Promise<SourceView[]> {
    const rows = ids?.length ? await store.sourcesByIds(this.db, [...new Set(ids)]) : await store.allSources(this.db);
    return rows.map(presentSource).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async source(id: string) {
    const [src] = await store.sourcesByIds(this.db, [id]);
    if (!src) throw new NotFound('source', id);
    const [mechanisms, { participation: parts }] = await Promise.all([
      store.mechanismsCitingSource(this.db, id),
      this.current(),
    ]);
    return {
      ...presentSource(src),
      backs: {
        mechanisms,
        participation: parts.filter((p) => parseList(p.sources).includes(id)).map((p) => p.id),
      },
    };
  }
}
