/** Meetings services: plain data for the API, the pages and the calendar feeds. */
import { countryNames } from '../registry/countries.js';
import type { Kysely } from 'kysely';
import type {
  DB,
  MeetingCoverageTable,
  MeetingDocumentTable,
  MeetingParticipantTable,
  MeetingSeriesTable,
  MeetingTable,
} from '../db/schema.js';
import { DataVersion, type Derived } from '../db/data-version.js';
import { compareDates, floorDate, isPartialDate } from '../registry/model.js';
import { BadParameter, NotFound } from '../http/errors.js';
import { unverifiedFields, type RegistryService } from '../registry/service.js';
import {
  activityFlag,
  lastHeld,
  mechanismsRepresented,
  RECENT_ACTIVITY_RULE,
  RECENT_YEARS,
  type ReportedCount,
  type Represented,
} from './model.js';
import * as store from './store.js';
import { groupBy } from '../db/group.js';

interface State {
  meetings: MeetingTable[];
  byId: Map<string, MeetingTable>;
  participants: Map<string, MeetingParticipantTable[]>;
  documents: Map<string, MeetingDocumentTable[]>;
  series: Map<string, MeetingSeriesTable>;
  coverage: Map<string, MeetingCoverageTable>;
}

export interface MeetingFilter {
  mechanism?: string | undefined;
  series?: string | undefined;
  country?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  kind?: string | undefined;
  status?: string | undefined;
}

const list = (s: string) => JSON.parse(s) as string[];

export class MeetingsService {
  private readonly state: Derived<State>;

  constructor(
    readonly db: Kysely<DB>,
    private readonly registry: RegistryService,
    version: DataVersion = DataVersion.of(db),
  ) {
    this.state = version.derived(async () => {
      const [meetings, participants, documents, series, coverage] = await Promise.all([
        store.allMeetings(db),
        store.allParticipants(db),
        store.documents(db),
        store.allSeries(db),
        store.allCoverage(db),
      ]);
      return {
        meetings,
        byId: new Map(meetings.map((m) => [m.id, m])),
        participants: groupBy(participants, (p) => p.meeting_id),
        documents: groupBy(documents, (d) => d.meeting_id),
        series: new Map(series.map((s) => [s.id, s])),
        coverage: new Map(coverage.map((c) => [c.mechanism_id, c])),
      };
    });
  }

  private represented(s: State, m: MeetingTable): Represented {
    const listed = (s.participants.get(m.id) ?? []).map((p) => ({
      mechanism: p.mechanism_id,
      name_in_source: p.name_in_source,
    }));
    return mechanismsRepresented(listed, JSON.parse(m.reported_counts) as ReportedCount[]);
  }

  /** A meeting's summary, built once per state and names (both follow the data version): read it, never change it. */
  private summary(s: State, m: MeetingTable, names: ReadonlyMap<string, string>): MeetingSummary {
    let memo = this.summaries.get(s);
    if (!memo || memo.names !== names) this.summaries.set(s, (memo = { names, byId: new Map() }));
    let v = memo.byId.get(m.id);
    if (!v) memo.byId.set(m.id, (v = this.buildSummary(s, m, names)));
    return v;
  }
  private readonly summaries = new WeakMap<
    State,
    { names: ReadonlyMap<string, string>; byId: Map<string, MeetingSummary> }
  >();

  private buildSummary(s: State, m: MeetingTable, names: ReadonlyMap<string, string>) {
    const outcome = (s.documents.get(m.id) ?? []).find((d) => d.kind === 'outcome') ?? null;
    return {
      id: m.id,
      title: m.title,
      kind: m.kind,
      status: m.status,
      start: m.start,
      end: m.end,
      city: m.city,
      country: m.country_code,
      online: m.online === 1,
      host: m.host,
      theme: m.theme,
      series: m.series_id,
      ordinal: m.ordinal,
      mechanism: m.mechanism_id ? { id: m.mechanism_id, name: names.get(m.mechanism_id) ?? m.mechanism_id } : null,
      represented: this.represented(s, m),
      outcome: outcome ? { title: outcome.title, url: outcome.url } : null,
      sources: list(m.sources),
    };
  }

  async list(f: MeetingFilter) {
    const s = await this.state.get();
    const names = await this.registry.mechanismNames();
    if (f.mechanism && !names.has(f.mechanism))
      throw new BadParameter('mechanism', `unknown mechanism "${f.mechanism}"`);
    if (f.series && !s.series.has(f.series)) throw new BadParameter('series', `unknown series "${f.series}"`);
    if (f.country) this.registry.assertCountry(f.country, 'country');
    for (const key of ['from', 'to'] as const) {
      const v = f[key];
      if (v !== undefined && !isPartialDate(v))
        throw new BadParameter(key, `${key} "${v}" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)`);
    }
    const items = s.meetings
      .filter((m) => {
        if (
          f.mechanism &&
          m.mechanism_id !== f.mechanism &&
          !(s.participants.get(m.id) ?? []).some((p) => p.mechanism_id === f.mechanism)
        )
          return false;
        if (f.series && m.series_id !== f.series) return false;
        if (
          f.country &&
          m.country_code !== f.country &&
          !(s.participants.get(m.id) ?? []).some((p) => p.country_code === f.country)
        )
          return false;
        if (f.kind && m.kind !== f.kind) return false;
        if (f.status && m.status !== f.status) return false;
        const last = m.end ?? m.start;
        if (f.from && compareDates(lastDay(last), floorDate(f.from)) < 0) return false;
        if (f.to && compareDates(floorDate(m.start), lastDay(f.to)) > 0) return false;
        return true;
      })
      .map((m) => this.summary(s, m, names));
    return { total: items.length, items };
  }

  /** When each meeting last changed and its version (for calendar feeds: DTSTAMP, LAST-MODIFIED, SEQUENCE). */
  async revisions(): Promise<Map<string, { version: number; updatedAt: string }>> {
    const s = await this.state.get();
    return new Map([...s.byId.values()].map((m) => [m.id, { version: m.version, updatedAt: m.updated_at }]));
  }

  async get(id: string) {
    const s = await this.state.get();
    const m = s.byId.get(id);
    if (!m) throw new NotFound('meeting', id);
    const [names, orgs, agenda] = await Promise.all([
      this.registry.mechanismNames(),
      this.registry.organizations(),
      store.agenda(this.db, id),
    ]);
    const orgNames = new Map(orgs.items.map((o) => [o.id, o.name]));
    const series = m.series_id ? (s.series.get(m.series_id) ?? null) : null;
    return {
      ...this.summary(s, m, names),
      seriesName: series?.name ?? null,
      participants: (s.participants.get(id) ?? []).map((p) => ({
        type: p.mechanism_id
          ? 'mechanism'
          : p.country_code
            ? 'country'
            : p.organization_id
              ? 'organization'
              : 'unresolved',
        id: p.mechanism_id ?? p.country_code ?? p.organization_id,
        name: p.mechanism_id
          ? (names.get(p.mechanism_id) ?? p.name_in_source)
          : p.organization_id
            ? (orgNames.get(p.organization_id) ?? p.name_in_source)
            : p.country_code
              ? (countryNames('en').get(p.country_code) ?? p.name_in_source)
              : p.name_in_source,
        nameInSource: p.name_in_source,
        role: p.role,
        sources: list(p.sources),
      })),
      reportedCounts: (JSON.parse(m.reported_counts) as (ReportedCount & { compilation_note?: string | null })[]).map(
        (c) => ({
          what: c.what,
          count: c.count,
          note: c.note,
          compilationNote: c.compilation_note ?? null,
          sources: c.sources,
        }),
      ),
      agenda: agenda.map((a) => ({ order: a.order, title: a.title, time: a.time, speakers: list(a.speakers) })),
      documents: (s.documents.get(id) ?? []).map((d) => ({
        title: d.title,
        kind: d.kind,
        date: d.date,
        language: d.language,
        url: d.url,
        sources: list(d.sources),
      })),
      unverifiedFields: unverifiedFields(m.unverified_fields),
      notes: m.notes,
      compilationNote: m.compilation_note,
      version: m.version,
    };
  }

  async series(id: string) {
    const s = await this.state.get();
    const series = s.series.get(id);
    if (!series) throw new NotFound('series', id);
    const names = await this.registry.mechanismNames();
    const editions = s.meetings
      .filter((m) => m.series_id === id)
      .sort((a, b) => (a.ordinal ?? 0) - (b.ordinal ?? 0) || compareDates(a.start, b.start));
    return {
      id: series.id,
      name: series.name,
      note: series.note,
      compilationNote: series.compilation_note,
      sources: list(series.sources),
      meetings: editions.map((m) => this.summary(s, m, names)),
    };
  }

  async allSeries() {
    const s = await this.state.get();
    return [...s.series.values()].map((x) => ({ id: x.id, name: x.name }));
  }

  /**
   * The dates on which forMechanism(id, asOf) and its table may change, sorted (see intervalOf in
   * registry/service.ts): a meeting's start (the last held meeting), the day after the RECENT_YEARS window
   * following its start's last day (the recent-activity flag), and the day after its last day (planned →
   * not confirmed). "~" after a date: from the next day.
   */
  async mechanismChangeDates(id: string): Promise<readonly string[]> {
    const s = await this.state.get();
    let memo = this.changeDatesOf.get(s);
    if (!memo) this.changeDatesOf.set(s, (memo = new Map<string, readonly string[]>()));
    let dates = memo.get(id);
    if (!dates) {
      const out = new Set<string>();
      for (const m of this.ofMechanism(s, id)) {
        out.add(floorDate(m.start));
        const first = lastDay(m.start);
        out.add(`${Number(first.slice(0, 4)) + RECENT_YEARS}${first.slice(4)}~`);
        out.add(`${lastDay(m.end ?? m.start)}~`);
      }
      memo.set(id, (dates = [...out].sort()));
    }
    return dates;
  }
  private readonly changeDatesOf = new WeakMap<State, Map<string, readonly string[]>>();

  /**
   * The meetings a mechanism organised or attended, in the state's order: indexed by mechanism once per state
   * (15,000 meetings at a hundred times the data: a profile looked at every meeting's participants, twice).
   */
  private ofMechanism(s: State, id: string): readonly MeetingTable[] {
    let index = this.byMechanismOf.get(s);
    if (!index) {
      index = new Map<string, MeetingTable[]>();
      for (const m of s.meetings) {
        const ids = new Set<string>();
        if (m.mechanism_id) ids.add(m.mechanism_id);
        for (const p of s.participants.get(m.id) ?? []) if (p.mechanism_id) ids.add(p.mechanism_id);
        for (const k of ids) {
          const l = index.get(k);
          if (l) l.push(m);
          else index.set(k, [m]);
        }
      }
      this.byMechanismOf.set(s, index);
    }
    return index.get(id) ?? [];
  }
  private readonly byMechanismOf = new WeakMap<State, Map<string, MeetingTable[]>>();

  /** A mechanism's meetings (organised or attended), its last held meeting, and the recent-activity flag at a date. */
  async forMechanism(id: string, asOf: string) {
    const s = await this.state.get();
    const names = await this.registry.mechanismNames();
    const own = this.ofMechanism(s, id);
    const last = lastHeld(own, asOf);
    const coverage = s.coverage.get(id);
    const meetingsComplete = coverage ? coverage.complete === 1 : null;
    const flag = activityFlag(last, asOf, meetingsComplete);
    return {
      meetings: own.map((m) => this.summary(s, m, names)).sort((a, b) => compareDates(b.start, a.start)),
      lastMeeting: last ? this.summary(s, last, names) : null,
      noRecentActivity: flag === 'no-recent-activity',
      /** No recent meeting recorded, and the record is known to be incomplete: not a sign of dormancy. */
      recordIncomplete: flag === 'record-incomplete',
      /** true/false when the meetings research says so; null when not known. */
      meetingsComplete,
      meetingRecord: coverage
        ? { complete: coverage.complete === 1, checked: coverage.checked, gaps: coverage.gaps, note: coverage.note }
        : null,
      rule: RECENT_ACTIVITY_RULE,
      asOf,
    };
  }

  async forCountry(code: string) {
    return (await this.list({ country: code })).items.sort((a, b) => compareDates(b.start, a.start));
  }

  /**
   * The latest `limit` of forCountry's meetings (held there or with the country among the participants) and how
   * many there are: from the meetings indexed by country once per state (a country page at a hundred times the
   * data takes part in thousands; list() would look at every meeting's participants).
   */
  async latestForCountry(code: string, limit: number): Promise<{ total: number; items: MeetingSummary[] }> {
    const s = await this.state.get();
    this.registry.assertCountry(code, 'country');
    const names = await this.registry.mechanismNames();
    let index = this.byCountryOf.get(s);
    if (!index) {
      index = new Map<string, MeetingTable[]>();
      for (const m of s.meetings) {
        const codes = new Set<string>();
        if (m.country_code) codes.add(m.country_code);
        for (const p of s.participants.get(m.id) ?? []) if (p.country_code) codes.add(p.country_code);
        for (const c of codes) {
          const l = index.get(c);
          if (l) l.push(m);
          else index.set(c, [m]);
        }
      }
      for (const l of index.values()) l.sort((a, b) => compareDates(b.start, a.start));
      this.byCountryOf.set(s, index);
    }
    const all = index.get(code) ?? [];
    return { total: all.length, items: all.slice(0, limit).map((m) => this.summary(s, m, names)) };
  }
  private readonly byCountryOf = new WeakMap<State, Map<string, MeetingTable[]>>();
}

type MeetingSummary = ReturnType<MeetingsService['buildSummary']>;

function lastDay(d: string): string {
  return d.length === 4 ? `${d}-12-31` : d.length === 7 ? `${d}-31` : d;
}
