/**
 * Row-level citations for the reference converter (issue 9, items 1 and 2).
 *
 * Reads `sources/membership-sources.json` of the researched dataset (the membership lists found for
 * each mechanism: URL, role listed, kind of evidence, date and its basis, stated count, ISO3 codes
 * named, `via_bloc` for a bloc's composition) and `snapshots.json` (dated lists), and decides for
 * one participation row which lists name it: a row cites those lists and the dated sources that
 * date it, nothing else. It also describes every source: site, date (stated, inferred or read) and
 * whether the URL is a mirror copy of a document hosted elsewhere.
 *
 * Pure functions of the input: the same input gives the same citations (deterministic order).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMirror, siteOf } from '../../src/registry/sources.js';

// ------------------------------------------------------------------------------------ input types

export interface RawMembershipSource {
  url: string;
  title: string | null;
  lists: 'members' | 'observers' | 'partners' | 'all';
  list_kind: 'membership list' | 'participation' | 'bloc composition' | 'membership basis (no list)';
  as_of: string | null;
  as_of_basis: string;
  stated_count: number | null;
  named_count?: number | null;
  iso3: string[];
  names_in_source?: string[];
  stored_text_cut_off?: boolean;
  via_bloc?: string;
  note?: string;
}

interface RawName {
  name: string;
  source: string;
}

export interface RawMembershipRecord {
  mechanism: string;
  common_name: string;
  common_name_source: string | null;
  names: { fr: RawName | null; es: RawName | null; ar: RawName | null; ru: RawName | null; zh: RawName | null };
  membership_sources: RawMembershipSource[];
  unsourced_rows: { iso3: string; role: string }[];
  note: string;
}

interface RawEventLite {
  mechanism_id: string;
  iso3: string | null;
  org: string | null;
  source_url: string;
}

interface RawSnapshotLite {
  mechanism_id: string;
  as_of: string;
  role: 'member' | 'observer';
  list_type: string;
  source_url: string;
  parties: { iso3: string | null; org: string | null; name_in_source: string | null }[];
}

// ------------------------------------------------------------------------------------ output types

/**
 * list: a membership list of the right role names the party; bloc: only a bloc's composition does (an
 * inference, `via_bloc` says which); participation: only attendance, founding or signatory lists;
 * event: only a dated membership event (joined, left, ...) names it; none: no source we hold names it.
 */
export type Attestation = 'list' | 'bloc' | 'participation' | 'event' | 'none';
export type DateBasis = 'stated' | 'inferred' | 'accessed';
export const ATTESTATIONS: readonly Attestation[] = ['list', 'bloc', 'participation', 'event', 'none'];

/** One membership list a source holds (a URL can hold several: members and observers). */
export interface SourceList {
  mechanism: string;
  lists: RawMembershipSource['lists'];
  kind: RawMembershipSource['list_kind'];
  as_of: string | null;
  as_of_basis: 'stated' | 'inferred' | null;
  stated_count: number | null;
  named_count: number;
  cut_off: boolean;
  via_bloc: string | null;
}

export interface SourceDescription {
  site: string | null;
  date: string;
  date_basis: DateBasis;
  mirror: boolean;
  lists: SourceList[];
}

export interface ViaBloc {
  bloc: string;
  explanation: string;
}

export interface Citation {
  /** source URLs, naming lists first, then the dated sources that date the row */
  urls: string[];
  attestation: Attestation;
  via_bloc: ViaBloc | null;
}

export interface RowToCite {
  mechanism: string;
  role: 'member' | 'observer' | 'partner' | 'secretariat' | 'chair';
  country: string | null;
  organization: string | null;
  /** for rows without a code: the wording to match in a list's names (e.g. "St. Martin") */
  label: string | null;
  /** the organization's name, acronym and the row's own wording, to find it in a list's text */
  orgLabels: string[];
  start: string | null;
  end: string | null;
}

export interface OfficialName {
  name: string;
  source: string;
  /** "eu-terminology": the EU EMN glossary's form, not necessarily a name the mechanism uses itself (notes.md) */
  usage: 'eu-terminology' | null;
}

const EU_GLOSSARY = /emn-asylum-and-migration-glossary/;

/** Who may take part, in a source's own words (a membership basis without a list: "open to all UN Member States"). */
export interface MembershipBasis {
  quote: string;
  as_of: string | null;
  source: string;
}

/** The quoted passages of a research note (the source's words), without the researcher's wording around them. */
export function quotesIn(note: string): string | null {
  const parts = [...note.matchAll(/(?:^|[\s(:;,])'([^']*?[a-zà-ÿ ][^']*?)'(?=[\s).,;:]|$)/g)]
    .map((m) => m[1]!.trim())
    .filter((q) => q.length >= 15 && q.includes(' '));
  return parts.length === 0 ? null : parts.join(' … ');
}

export interface MechanismNames {
  membership_basis: MembershipBasis[];
  common_name: string;
  common_name_source: string | null;
  official_names: {
    fr: OfficialName | null;
    es: OfficialName | null;
    ar: OfficialName | null;
    ru: OfficialName | null;
    zh: OfficialName | null;
  };
}

interface SourceSink {
  add(url: string, title?: string | null): string;
}

// ------------------------------------------------------------------------------------ rules

/** The research's free-text basis → stated | inferred (null when the list is undated). */
export function basisOf(asOf: string | null, basis: string): 'stated' | 'inferred' | null {
  if (asOf === null) return null;
  if (/infer/i.test(basis)) return 'inferred';
  if (/^(stated|document title|project duration|as above)/i.test(basis) && !/infer/i.test(basis)) return 'stated';
  // "capture date", "snapshot date in the copy's path", "page on the 2022 Forum": a date read off the
  // copy, not one the page states for its list.
  return 'inferred';
}

/** Short names of the blocs a composition source lists, read from the start of `via_bloc`. */
const BLOCS: { match: RegExp; bloc: string }[] = [
  { match: /^ACP Group of States\b/, bloc: 'ACP Group of States' },
  { match: /^EU Member States\b/, bloc: 'European Union' },
  { match: /^ASEM partnership\b/, bloc: 'ASEM' },
  { match: /^CELAC-EU\b/, bloc: 'CELAC and the European Union' },
  { match: /^Ibero-American Conference\b/, bloc: 'Ibero-American Conference' },
  { match: /^IGAD Member States\b/, bloc: 'IGAD' },
  { match: /^Indian Ocean Commission\b/, bloc: 'Indian Ocean Commission' },
];

export function blocOf(viaBloc: string): string {
  const hit = BLOCS.find((b) => b.match.test(viaBloc));
  if (hit === undefined) throw new Error(`membership-sources: no bloc name for via_bloc "${viaBloc}"`);
  return hit.bloc;
}

/** Which `lists` values can attest a row of this role. */
function listsFor(role: RowToCite['role']): RawMembershipSource['lists'][] {
  if (role === 'member') return ['members', 'all'];
  if (role === 'observer') return ['observers', 'partners', 'all'];
  if (role === 'partner') return ['partners', 'all'];
  return [];
}

const SNAPSHOT_LIST_TYPES = new Set(['membership_list', 'membership_table']);
/** Snapshot kinds that name parties without being a membership list (attendance, founding, signatures). */
const SNAPSHOT_PARTICIPATION_TYPES = new Set([
  'founding_participants',
  'attendance',
  'declaration_signatories',
  'declaration_adopters',
  'meeting_decision',
  'invitation_list',
  'announced_participants',
  'attendance_all_members',
]);

function lo(d: string): string {
  return d.length === 4 ? `${d}-01-01` : d.length === 7 ? `${d}-01` : d;
}
function hi(d: string): string {
  return d.length === 4 ? `${d}-12-31` : d.length === 7 ? `${d}-31` : d;
}
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Can a list dated `asOf` attest [start, end)? Yes when the two may overlap at the precision given
 * (a list of "2005" may precede an end in "2005"). An undated list attests only a row still open. A
 * bloc's composition may be older than the row (the bloc existed before the mechanism named it).
 */
function fits(asOf: string | null, start: string | null, end: string | null, bloc = false): boolean {
  if (asOf === null) return end === null;
  if (!bloc && start !== null && hi(asOf) < lo(start)) return false;
  if (end !== null && !(lo(asOf) < hi(end))) return false;
  return true;
}

function norm(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface Candidate {
  url: string;
  kind: 'list' | 'bloc' | 'participation';
  asOf: string | null;
  basis: 'stated' | 'inferred' | null;
  cutOff: boolean;
  mirror: boolean;
  viaBloc: string | null;
}

const KIND_RANK = { list: 0, bloc: 1, participation: 2 } as const;
const BASIS_RANK = { stated: 0, inferred: 1 } as const;

/** Better first: a list already cited for the dates, a complete stored list, a stated date, newer, an original. */
function rank(dating: ReadonlySet<string>) {
  return (a: Candidate, b: Candidate): number =>
    Number(dating.has(b.url)) - Number(dating.has(a.url)) ||
    Number(a.cutOff) - Number(b.cutOff) ||
    (a.basis === null ? 2 : BASIS_RANK[a.basis]) - (b.basis === null ? 2 : BASIS_RANK[b.basis]) ||
    cmp(b.asOf === null ? '' : lo(b.asOf), a.asOf === null ? '' : lo(a.asOf)) ||
    Number(a.mirror) - Number(b.mirror) ||
    cmp(a.url, b.url);
}

/**
 * Status periods that a membership source dates in its own words: that period cites those sources, not
 * the mechanism's whole list. Each quote must occur in the source's entry (checked when applied).
 */
const STATUS_SOURCES: { mechanism: string; status: 'dormant' | 'concluded'; url: string; quote: string }[] = [
  {
    mechanism: 'berne-initiative',
    status: 'concluded',
    url: 'https://www.iom.int/berne-initiative',
    quote: 'The Berne Initiative is concluded as of 2004',
  },
  {
    mechanism: 'acp-eu-dialogue-migration-development',
    status: 'dormant',
    url: 'https://www.iom.int/african-caribbean-and-pacific-group-states-acp-european-union-eu-dialogue-migration',
    quote: 'the ACP-EU MD is dormant as of 2020',
  },
  {
    mechanism: 'cis-conference',
    status: 'concluded',
    url: 'https://www.iom.int/cis-conference',
    quote: 'no longer active',
  },
  {
    mechanism: 'cis-conference',
    status: 'concluded',
    url: 'https://www.scoop.co.nz/stories/WL0511/S00434.htm',
    quote: 'Conference Process ends',
  },
];

/** At most this many sources per row, unless the dating sources alone are more (then one list beside them). */
export const MAX_ROW_SOURCES = 3;

// ------------------------------------------------------------------------------------ the module

export interface CoverageCounts {
  rows: number;
  byAttestation: Record<Attestation, number>;
  stateRows: number;
  stateByAttestation: Record<Attestation, number>;
  maxSourcesPerRow: number;
}

export class Citations {
  private readonly records = new Map<string, RawMembershipRecord>();
  private readonly snapshots: RawSnapshotLite[];
  private readonly events: RawEventLite[];
  private readonly described = new Map<string, SourceList[]>();

  /** `resolveOrg` maps an organization's wording in the research to its id (the converter's table). */
  constructor(
    inputDir: string,
    private readonly sources: SourceSink,
    private readonly resolveOrg: (wording: string) => string,
  ) {
    const raw = JSON.parse(
      readFileSync(join(inputDir, 'sources', 'membership-sources.json'), 'utf8'),
    ) as RawMembershipRecord[];
    if (!Array.isArray(raw)) throw new Error('membership-sources.json: expected an array');
    for (const r of raw) {
      if (this.records.has(r.mechanism)) throw new Error(`membership-sources.json: ${r.mechanism} twice`);
      this.records.set(r.mechanism, r);
    }
    this.snapshots = JSON.parse(readFileSync(join(inputDir, 'snapshots.json'), 'utf8')) as RawSnapshotLite[];
    this.events = JSON.parse(readFileSync(join(inputDir, 'membership-events.json'), 'utf8')) as RawEventLite[];
  }

  /** Register every membership source (deduplicated by URL; a URL keeps each list it holds). */
  registerSources(mechanismIds: ReadonlySet<string>): void {
    for (const r of [...this.records.values()].sort((a, b) => cmp(a.mechanism, b.mechanism))) {
      if (!mechanismIds.has(r.mechanism)) throw new Error(`membership-sources.json: unknown mechanism ${r.mechanism}`);
      for (const s of r.membership_sources) {
        if (s.via_bloc !== undefined) blocOf(s.via_bloc);
        this.sources.add(s.url, s.title);
        const lists = this.described.get(s.url) ?? [];
        lists.push({
          mechanism: r.mechanism,
          lists: s.lists,
          kind: s.list_kind,
          as_of: s.as_of,
          as_of_basis: basisOf(s.as_of, s.as_of_basis),
          stated_count: s.stated_count,
          named_count: s.named_count ?? s.iso3.length,
          cut_off: s.stored_text_cut_off === true,
          via_bloc: s.via_bloc ?? null,
        });
        this.described.set(s.url, lists);
      }
      if (r.common_name_source !== null) this.sources.add(r.common_name_source);
      for (const n of Object.values(r.names)) if (n !== null) this.sources.add(n.source);
    }
  }

  /** Site, date (stated or inferred from its lists, else the date it was read) and mirror flag of a source. */
  describe(url: string, accessed: string): SourceDescription {
    const lists = this.described.get(url) ?? [];
    const dated =
      lists.find((l) => l.as_of !== null && l.as_of_basis === 'stated') ?? lists.find((l) => l.as_of !== null);
    return {
      site: siteOf(url),
      date: dated?.as_of ?? accessed,
      date_basis: dated === undefined ? 'accessed' : (dated.as_of_basis ?? 'inferred'),
      mirror: isMirror(url),
      lists,
    };
  }

  names(mechanism: string): MechanismNames {
    const r = this.records.get(mechanism);
    if (r === undefined) throw new Error(`membership-sources.json: no record for ${mechanism}`);
    const one = (n: RawName | null): OfficialName | null =>
      n === null
        ? null
        : {
            name: n.name,
            source: this.sources.add(n.source),
            usage: EU_GLOSSARY.test(n.source) ? 'eu-terminology' : null,
          };
    const basis: MembershipBasis[] = [];
    for (const s of r.membership_sources) {
      if (s.list_kind !== 'membership basis (no list)') continue;
      // Only passages that state who may take part (the research labels them, or they say "open to").
      // The note's first clause holds the basis; what follows is about something else (a rename, a steering group).
      const quote = quotesIn((s.note ?? '').split(';')[0]!);
      // A basis quoted from a predecessor (e.g. the MME partnership before the C2CMMD) is not this mechanism's.
      if (/predecessor/i.test(s.note ?? '')) continue;
      if (quote !== null && (/^membership basis/i.test(s.note ?? '') || /\bopen to\b/i.test(quote)))
        basis.push({ quote, as_of: s.as_of, source: this.sources.add(s.url) });
    }
    return {
      membership_basis: basis,
      common_name: r.common_name,
      common_name_source: r.common_name_source === null ? null : this.sources.add(r.common_name_source),
      official_names: {
        fr: one(r.names.fr),
        es: one(r.names.es),
        ar: one(r.names.ar),
        ru: one(r.names.ru),
        zh: one(r.names.zh),
      },
    };
  }

  private names_(s: RawMembershipSource, row: RowToCite): boolean {
    if (row.country !== null) return s.iso3.includes(row.country);
    if (row.label !== null) return (s.names_in_source ?? []).some((n) => norm(n) === norm(row.label as string));
    const labels = row.orgLabels.filter((l) => l.length >= 3);
    if (labels.length === 0) return false;
    const text = norm([...(s.names_in_source ?? []), s.note ?? ''].join(' | '));
    return labels.some((l) => new RegExp(`(^|[^a-z0-9])${escapeRe(norm(l))}([^a-z0-9]|$)`).test(text));
  }

  /** The lists that name a row, its attestation, and the URLs it cites (lists, then `datingUrls`). */
  cite(row: RowToCite, datingUrls: readonly string[]): Citation {
    const dating = new Set(datingUrls);
    const candidates: Candidate[] = [];
    const roles = listsFor(row.role);
    for (const s of this.records.get(row.mechanism)?.membership_sources ?? []) {
      if (!roles.includes(s.lists) || s.list_kind === 'membership basis (no list)') continue;
      if (!this.names_(s, row) || !fits(s.as_of, row.start, row.end, s.list_kind === 'bloc composition')) continue;
      candidates.push({
        url: s.url,
        kind:
          s.list_kind === 'membership list' ? 'list' : s.list_kind === 'bloc composition' ? 'bloc' : 'participation',
        asOf: s.as_of,
        basis: basisOf(s.as_of, s.as_of_basis),
        cutOff: s.stored_text_cut_off === true,
        mirror: isMirror(s.url),
        viaBloc: s.via_bloc ?? null,
      });
    }
    if (row.role === 'member' || row.role === 'observer') {
      for (const snap of this.snapshots) {
        if (snap.mechanism_id !== row.mechanism || snap.role !== row.role || !fits(snap.as_of, row.start, row.end))
          continue;
        const named = snap.parties.some((p) =>
          row.country !== null
            ? p.iso3 === row.country
            : row.label !== null
              ? p.name_in_source !== null && norm(p.name_in_source) === norm(row.label)
              : p.iso3 === null && p.org !== null && this.resolveOrg(p.org) === row.organization,
        );
        if (!named) continue;
        const kind = SNAPSHOT_LIST_TYPES.has(snap.list_type)
          ? 'list'
          : SNAPSHOT_PARTICIPATION_TYPES.has(snap.list_type)
            ? 'participation'
            : null;
        if (kind === null) continue;
        candidates.push({
          url: snap.source_url,
          kind,
          asOf: snap.as_of,
          basis: 'stated',
          cutOff: false,
          mirror: isMirror(snap.source_url),
          viaBloc: null,
        });
      }
    }
    if (candidates.length === 0) {
      const named = this.events.some(
        (e) =>
          e.mechanism_id === row.mechanism &&
          dating.has(e.source_url) &&
          (row.country !== null
            ? e.iso3 === row.country
            : e.iso3 === null && e.org !== null && this.resolveOrg(e.org) === row.organization),
      );
      return { urls: [...dating], attestation: named ? 'event' : 'none', via_bloc: null };
    }

    const best = Math.min(...candidates.map((c) => KIND_RANK[c.kind]));
    const kind = (Object.keys(KIND_RANK) as Candidate['kind'][]).find(
      (k) => KIND_RANK[k] === best,
    ) as Candidate['kind'];
    const chosen = candidates.filter((c) => c.kind === kind).sort(rank(dating));
    const urls: string[] = [];
    const push = (u: string): void => {
      if (!urls.includes(u)) urls.push(u);
    };
    push((chosen[0] as Candidate).url);
    for (const u of datingUrls) push(u);
    for (const c of chosen.slice(1)) if (urls.length < MAX_ROW_SOURCES) push(c.url);
    // Naming lists first, in rank order, then the dating sources.
    const listUrls = chosen.map((c) => c.url).filter((u, i, a) => a.indexOf(u) === i && urls.includes(u));
    const ordered = [...listUrls, ...urls.filter((u) => !listUrls.includes(u))];
    const bloc = kind === 'bloc' ? (chosen[0] as Candidate).viaBloc : null;
    return {
      urls: ordered,
      attestation: kind,
      via_bloc: bloc === null ? null : { bloc: blocOf(bloc), explanation: bloc },
    };
  }

  /**
   * Give a status period its own sources where a membership source states it (STATUS_SOURCES); every
   * other period keeps what the converter gave it. Returns how many periods were given their own.
   */
  citeStatuses(mechanisms: { id: string; statuses: { status: string; sources: string[] }[] }[]): number {
    const own = new Map<string, string[]>();
    for (const s of STATUS_SOURCES) {
      const entry = this.records
        .get(s.mechanism)
        ?.membership_sources.find(
          (e) => e.url === s.url && [e.title ?? '', e.as_of_basis, e.note ?? ''].join(' ').includes(s.quote),
        );
      if (entry === undefined)
        throw new Error(`status source ${s.mechanism}/${s.status}: "${s.quote}" not in ${s.url}`);
      const key = `${s.mechanism}|${s.status}`;
      own.set(key, [...(own.get(key) ?? []), this.sources.add(s.url)]);
    }
    let n = 0;
    for (const m of mechanisms) {
      for (const period of m.statuses) {
        const ids = own.get(`${m.id}|${period.status}`);
        if (ids === undefined) continue;
        period.sources = ids;
        n += 1;
      }
    }
    if (n !== own.size) throw new Error(`status sources: applied ${n} of ${own.size}`);
    return n;
  }

  /** Coverage of the rows written, for the converter's report and the dataset test. */
  static coverage(
    rows: readonly { attestation: Attestation; country: string | null; sources: readonly string[] }[],
  ): CoverageCounts {
    const zero = (): Record<Attestation, number> => ({ list: 0, bloc: 0, participation: 0, event: 0, none: 0 });
    const c: CoverageCounts = {
      rows: rows.length,
      byAttestation: zero(),
      stateRows: 0,
      stateByAttestation: zero(),
      maxSourcesPerRow: 0,
    };
    for (const r of rows) {
      c.byAttestation[r.attestation] += 1;
      if (r.country !== null) {
        c.stateRows += 1;
        c.stateByAttestation[r.attestation] += 1;
      }
      c.maxSourcesPerRow = Math.max(c.maxSourcesPerRow, r.sources.length);
    }
    return c;
  }

  static report(c: CoverageCounts): string[] {
    const pct = (n: number, d: number): string => (d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}%`);
    const line = (label: string, n: number, by: Record<Attestation, number>): string =>
      `${label}: ${n}; named by a list ${by.list} (${pct(by.list, n)}), only via a bloc ${by.bloc} (${pct(by.bloc, n)}), ` +
      `list or bloc ${by.list + by.bloc} (${pct(by.list + by.bloc, n)}), only by participation ${by.participation}, ` +
      `only by a dated event ${by.event}, not attested ${by.none}`;
    return [
      line('citations: participation rows', c.rows, c.byAttestation),
      line('  country rows', c.stateRows, c.stateByAttestation),
      `  most sources cited by one row: ${c.maxSourcesPerRow}`,
    ];
  }
}

/** For the dataset's own checks: compare dates the way the converter does. */
export const _internal = { fits, lo, hi };
