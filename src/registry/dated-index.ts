/**
 * The registry's participation, indexed for questions asked at any date (issue 16, item 4: a hundred times the
 * data). Built once per data version from the in-memory snapshot: each row's dates floored once (the rules of
 * model.ts compare the date asked for with the first day of each), rows grouped by mechanism, by country and by
 * party, and mechanism ids in the order the overlaps are listed. Answers are those of model.ts (holdsAt,
 * countryCounts) and of RegistryService.overlaps computed over every pair: dated-index.test.ts compares them.
 *
 * Why: at 4,500 mechanisms and 100,000 rows, the figures re-floored every row's dates on each request and looked
 * mechanisms up in a list (stats: a quadratic `find`), and the overlaps compared every pair of mechanisms'
 * sets (10 million pairs) and built an object with its parties for each of the millions that share one; the
 * profile page computed all of that to show five. Here the pairs are counted through the parties (each party's
 * mechanisms at the date), kept in typed arrays, and an item is built only when it is asked for.
 */
import type { ParticipationRow } from '../db/schema.js';
import { floorDate, isSourcedRow, mechanismAt, type Certainty, type MechanismHistory } from './model.js';

interface Fact {
  row: ParticipationRow;
  /** The mechanism's index in the snapshot's list. */
  m: number;
  /** The party's number (country code, organization id or `?label`, as the overlaps name it). */
  party: number;
  /** The first day of the start (the establishment's when the start is unknown), of the end, of end_not_before, of first_attested. */
  start: string | null;
  end: string | null;
  enb: string | null;
  fa: string | null;
  stated: boolean;
  sourced: boolean;
  /** The row's role is member. */
  member: boolean;
}

/** holdsAt (model.ts) on a row whose dates are floored already. */
function certaintyOf(f: Fact, at: string): Certainty | null {
  if (f.start !== null && at < f.start) return null;
  if (f.end !== null && at >= f.end) return null;
  if (f.enb !== null && at >= f.enb) return 'assumed';
  if (f.stated) return 'stated';
  if (f.fa !== null && at >= f.fa) return 'attested';
  return 'assumed';
}

export interface Tally {
  /** Active mechanisms the country takes part in (in one of the roles) at the date. */
  all: number;
  known: number;
  sourced: number;
}

export interface OverlapItem {
  a: string;
  b: string;
  shared: number;
  jaccard: number;
  parties: string[];
}

/** Every pair of mechanisms sharing a party at a date, ordered as RegistryService.overlaps orders them. */
export class OverlapTable {
  constructor(
    private readonly index: DatedIndex,
    /** Per pair (in order): the two mechanisms' ranks and the parties they share. */
    private readonly pa: Int32Array,
    private readonly pb: Int32Array,
    private readonly ps: Int32Array,
    readonly total: number,
    /** Per rank, the sorted party numbers holding at the date (empty: not established or no party). */
    private readonly sets: Int32Array[],
  ) {}

  item(i: number): OverlapItem {
    const ra = this.pa[i]!;
    const rb = this.pb[i]!;
    return this.index.pairItem(this.sets[ra]!, this.sets[rb]!, ra, rb);
  }

  slice(offset: number, limit: number): OverlapItem[] {
    const out: OverlapItem[] = [];
    for (let i = Math.max(0, offset); i < Math.min(this.total, offset + limit); i++) out.push(this.item(i));
    return out;
  }

  /** The pair of two mechanisms (by id), null when they share no party. */
  cell(a: string, b: string): { shared: number; jaccard: number } | null {
    const ra = this.index.rankOf(a);
    const rb = this.index.rankOf(b);
    if (ra === undefined || rb === undefined || ra === rb) return null;
    const x = this.sets[ra]!;
    const y = this.sets[rb]!;
    const shared = intersectCount(x, y);
    return shared === 0 ? null : { shared, jaccard: jaccard(shared, x.length, y.length) };
  }
}

const jaccard = (shared: number, a: number, b: number) => Math.round((shared / (a + b - shared)) * 1000) / 1000;

function intersectCount(x: Int32Array, y: Int32Array): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < x.length && j < y.length) {
    if (x[i]! < y[j]!) i++;
    else if (x[i]! > y[j]!) j++;
    else {
      n++;
      i++;
      j++;
    }
  }
  return n;
}

export class DatedIndex {
  private readonly facts: Fact[] = [];
  private readonly byMechanism: Fact[][];
  private readonly byCountry = new Map<string, Fact[]>();
  /** Per role, per party number, the rows. */
  private readonly byRoleParty = new Map<string, Map<number, Fact[]>>();
  private readonly partyKeys: string[] = [];
  /** Mechanism index → its place in id order (localeCompare), and back. */
  private readonly rank: Int32Array;
  private readonly byRank: Int32Array;
  private readonly rankById = new Map<string, number>();

  constructor(
    private readonly histories: readonly MechanismHistory[],
    participation: readonly ParticipationRow[],
  ) {
    const mIndex = new Map(histories.map((h, i) => [h.id, i]));
    const partyNo = new Map<string, number>();
    this.byMechanism = histories.map(() => []);
    for (const row of participation) {
      const m = mIndex.get(row.mechanism_id);
      if (m === undefined) continue;
      const est = histories[m]!.established;
      const key = row.country_code ?? row.organization_id ?? `?${row.party_label}`;
      let party = partyNo.get(key);
      if (party === undefined) {
        partyNo.set(key, (party = this.partyKeys.length));
        this.partyKeys.push(key);
      }
      const start = row.start ?? (est !== null ? String(est) : null);
      const f: Fact = {
        row,
        m,
        party,
        start: start === null ? null : floorDate(start),
        end: row.end === null ? null : floorDate(row.end),
        enb: row.end_not_before === null ? null : floorDate(row.end_not_before),
        fa: row.first_attested === null ? null : floorDate(row.first_attested),
        stated: row.start !== null,
        sourced: isSourcedRow(row),
        member: row.role === 'member',
      };
      this.facts.push(f);
      this.byMechanism[m]!.push(f);
      if (row.country_code !== null) {
        const l = this.byCountry.get(row.country_code);
        if (l) l.push(f);
        else this.byCountry.set(row.country_code, [f]);
      }
      let roles = this.byRoleParty.get(row.role);
      if (!roles) this.byRoleParty.set(row.role, (roles = new Map<number, Fact[]>()));
      const l = roles.get(party);
      if (l) l.push(f);
      else roles.set(party, [f]);
    }
    const order = histories.map((_, i) => i).sort((a, b) => histories[a]!.id.localeCompare(histories[b]!.id));
    this.byRank = Int32Array.from(order);
    this.rank = new Int32Array(histories.length);
    order.forEach((m, r) => {
      this.rank[m] = r;
      this.rankById.set(histories[m]!.id, r);
    });
  }

  rankOf(id: string): number | undefined {
    return this.rankById.get(id);
  }

  /** Per mechanism: 2 active for certain at the date, 1 established (any status), 0 not yet. */
  private statesAt(at: string): Uint8Array {
    const out = new Uint8Array(this.histories.length);
    this.histories.forEach((h, i) => {
      const s = mechanismAt(h, at).status;
      out[i] = s === null ? 0 : s.value === 'active' && s.certainty === 'known' ? 2 : 1;
    });
    return out;
  }

  /** countryCounts (model.ts) as tallies: per country, how many active mechanisms it takes part in, in one of `roles`. */
  tallies(at: string, roles: readonly string[], only?: readonly string[]): Map<string, Tally> {
    const states = this.statesAt(at);
    const seen = new Int32Array(this.histories.length).fill(-1);
    const flags = new Uint8Array(this.histories.length);
    const out = new Map<string, Tally>();
    let stamp = 0;
    const codes = only ?? [...this.byCountry.keys()];
    for (const code of codes) {
      const facts = this.byCountry.get(code);
      if (!facts) continue;
      stamp++;
      const t: Tally = { all: 0, known: 0, sourced: 0 };
      for (const f of facts) {
        if (states[f.m] !== 2 || !roles.includes(f.row.role)) continue;
        const c = certaintyOf(f, at);
        if (c === null) continue;
        if (seen[f.m] !== stamp) {
          seen[f.m] = stamp;
          flags[f.m] = 0;
          t.all++;
        }
        if (c !== 'assumed' && !(flags[f.m]! & 1)) {
          flags[f.m]! |= 1;
          t.known++;
        }
        if (f.sourced && !(flags[f.m]! & 2)) {
          flags[f.m]! |= 2;
          t.sourced++;
        }
      }
      if (t.all > 0) out.set(code, t);
    }
    return out;
  }

  /**
   * The dates on which a figure over every row may change (stats, memberCounts), sorted: each row's floored
   * dates, each mechanism's first day of establishment and its status and level periods' dates (the rules of
   * model.ts compare the date asked for with these, `at < d` or `at >= d`): between two of them the figures are
   * the same. Built on first use.
   */
  changeDates(): readonly string[] {
    if (this.changes) return this.changes;
    const out = new Set<string>();
    for (const f of this.facts) {
      if (f.start !== null) out.add(f.start);
      if (f.end !== null) out.add(f.end);
      if (f.enb !== null) out.add(f.enb);
      if (f.fa !== null) out.add(f.fa);
    }
    for (const h of this.histories) {
      if (h.established !== null) out.add(`${h.established}-01-01`);
      for (const p of [...h.levels, ...h.statuses])
        for (const d of [p.start, p.end, p.end_not_before]) if (d !== null) out.add(floorDate(d));
    }
    return (this.changes = [...out].sort());
  }
  private changes: readonly string[] | null = null;

  /**
   * tallies(at, ['member']) and the number of countries in tallies(at, every role), in one pass over every
   * country's rows (the stats need both).
   */
  memberTalliesAndEngaged(at: string): { members: Map<string, Tally>; engaged: number } {
    const states = this.statesAt(at);
    const seen = new Int32Array(this.histories.length).fill(-1);
    const flags = new Uint8Array(this.histories.length);
    const members = new Map<string, Tally>();
    let engaged = 0;
    let stamp = 0;
    for (const [code, facts] of this.byCountry) {
      stamp++;
      let all = 0;
      let known = 0;
      let sourced = 0;
      let any = false;
      for (let i = 0; i < facts.length; i++) {
        const f = facts[i]!;
        if (states[f.m] !== 2) continue;
        const c = certaintyOf(f, at);
        if (c === null) continue;
        any = true;
        if (!f.member) continue;
        if (seen[f.m] !== stamp) {
          seen[f.m] = stamp;
          flags[f.m] = 0;
          all++;
        }
        if (c !== 'assumed' && !(flags[f.m]! & 1)) {
          flags[f.m]! |= 1;
          known++;
        }
        if (f.sourced && !(flags[f.m]! & 2)) {
          flags[f.m]! |= 2;
          sourced++;
        }
      }
      if (any) engaged++;
      if (all > 0) members.set(code, { all, known, sourced });
    }
    return { members, engaged };
  }

  /** One country's entry of countryCounts (model.ts): the mechanism ids, sorted. */
  countryLists(
    code: string,
    at: string,
    roles: readonly string[],
  ): { mechanisms: string[]; known: string[]; sourced: string[] } {
    const states = this.statesAt(at);
    const all = new Set<string>();
    const known = new Set<string>();
    const sourced = new Set<string>();
    for (const f of this.byCountry.get(code) ?? []) {
      if (states[f.m] !== 2 || !roles.includes(f.row.role)) continue;
      const c = certaintyOf(f, at);
      if (c === null) continue;
      const id = this.histories[f.m]!.id;
      all.add(id);
      if (c !== 'assumed') known.add(id);
      if (f.sourced) sourced.add(id);
    }
    return { mechanisms: [...all].sort(), known: [...known].sort(), sourced: [...sourced].sort() };
  }

  /** Per mechanism id established at the date, how many of its rows in `role` hold then (listMechanisms' members). */
  rowCounts(at: string, role: string): Map<string, number> {
    const states = this.statesAt(at);
    const out = new Map<string, number>();
    this.histories.forEach((h, m) => {
      if (states[m] === 0) return;
      let n = 0;
      for (const f of this.byMechanism[m]!) if (f.row.role === role && certaintyOf(f, at) !== null) n++;
      out.set(h.id, n);
    });
    return out;
  }

  /** Per rank, the sorted distinct parties in `role` holding at the date in a mechanism established by then. */
  private setsAt(at: string, role: string, states: Uint8Array): Int32Array[] {
    const lists: number[][] = this.histories.map(() => []);
    for (const [, facts] of this.byRoleParty.get(role) ?? new Map<number, Fact[]>())
      for (const f of facts)
        if (states[f.m] !== 0 && certaintyOf(f, at) !== null) lists[this.rank[f.m]!]!.push(f.party);
    return lists.map((l) => {
      const s = Int32Array.from(l).sort();
      let n = 0;
      for (let i = 0; i < s.length; i++) if (i === 0 || s[i] !== s[i - 1]) s[n++] = s[i]!;
      return s.subarray(0, n);
    });
  }

  pairItem(x: Int32Array, y: Int32Array, ra: number, rb: number): OverlapItem {
    const parties: string[] = [];
    let i = 0;
    let j = 0;
    while (i < x.length && j < y.length) {
      if (x[i]! < y[j]!) i++;
      else if (x[i]! > y[j]!) j++;
      else {
        parties.push(this.partyKeys[x[i]!]!);
        i++;
        j++;
      }
    }
    parties.sort();
    return {
      a: this.histories[this.byRank[ra]!]!.id,
      b: this.histories[this.byRank[rb]!]!.id,
      shared: parties.length,
      jaccard: jaccard(parties.length, x.length, y.length),
      parties,
    };
  }

  /**
   * Every pair of mechanisms (ranks ra < rb) sharing a party in `role` at the date, with how many they share:
   * counted through each party's mechanisms, so no pair without a shared party is looked at. Pairs come by `ra`,
   * then by `rb` (id order). Returns the mechanisms' party sets.
   */
  private eachPair(at: string, role: string, visit: (ra: number, rb: number, shared: number) => void) {
    const sets = this.setsAt(at, role, this.statesAt(at));
    // Each party's mechanisms (ranks, ascending), and a pointer past those already paired.
    const inv = new Map<number, number[]>();
    sets.forEach((s, r) => {
      for (const p of s) {
        const l = inv.get(p);
        if (l) l.push(r);
        else inv.set(p, [r]);
      }
    });
    const ptr = new Map<number, number>();
    const counts = new Int32Array(sets.length);
    const touched: number[] = [];
    for (let ra = 0; ra < sets.length; ra++) {
      for (const p of sets[ra]!) {
        const l = inv.get(p)!;
        let k = ptr.get(p) ?? 0;
        while (k < l.length && l[k]! <= ra) k++;
        ptr.set(p, k);
        for (; k < l.length; k++) {
          const rb = l[k]!;
          if ((counts[rb] = counts[rb]! + 1) === 1) touched.push(rb);
        }
      }
      touched.sort((x, y) => x - y);
      for (const rb of touched) {
        visit(ra, rb, counts[rb]!);
        counts[rb] = 0;
      }
      touched.length = 0;
    }
    return sets;
  }

  /**
   * Every pair of mechanisms sharing a party in `role` at the date: counted through each party's mechanisms
   * (no pair without a shared party is looked at), ordered by shared parties (descending), then by id.
   */
  overlapTable(at: string, role: string): OverlapTable {
    let cap = 1024;
    let pa = new Int32Array(cap);
    let pb = new Int32Array(cap);
    let ps = new Int32Array(cap);
    let total = 0;
    let maxShared = 0;
    const sets = this.eachPair(at, role, (ra, rb, shared) => {
      if (total === cap) {
        cap *= 2;
        const grow = (a: Int32Array) => {
          const b = new Int32Array(cap);
          b.set(a);
          return b;
        };
        pa = grow(pa);
        pb = grow(pb);
        ps = grow(ps);
      }
      pa[total] = ra;
      pb[total] = rb;
      ps[total] = shared;
      if (shared > maxShared) maxShared = shared;
      total++;
    });
    // A stable counting sort by shared, descending: pairs of equal count stay in id order.
    const starts = new Int32Array(maxShared + 2);
    for (let i = 0; i < total; i++) starts[maxShared - ps[i]! + 1]!++;
    for (let s = 1; s < starts.length; s++) starts[s]! += starts[s - 1]!;
    const oa = new Int32Array(total);
    const ob = new Int32Array(total);
    const os = new Int32Array(total);
    for (let i = 0; i < total; i++) {
      const at = starts[maxShared - ps[i]!]!++;
      oa[at] = pa[i]!;
      ob[at] = pb[i]!;
      os[at] = ps[i]!;
    }
    return new OverlapTable(this, oa, ob, os, total, sets);
  }

  /**
   * The first `k` pairs of overlapTable(at, role), and its cells, without keeping every pair (the overlaps page
   * shows fifteen and a matrix: at a hundred times the data the table holds millions of pairs). The pairs are
   * met in the table's order within equal counts (by id), so a pair enters the `k` best only with more shared
   * parties than the last of them. The result's `total` is the number of pairs kept, not of all pairs.
   */
  overlapTop(at: string, role: string, k: number): OverlapTable {
    const top: { a: number; b: number; s: number }[] = [];
    const sets = this.eachPair(at, role, (ra, rb, c) => {
      if (k <= 0 || (top.length === k && c <= top[k - 1]!.s)) return;
      let at2 = top.length;
      while (at2 > 0 && top[at2 - 1]!.s < c) at2--;
      top.splice(at2, 0, { a: ra, b: rb, s: c });
      if (top.length > k) top.pop();
    });
    return new OverlapTable(
      this,
      Int32Array.from(top, (x) => x.a),
      Int32Array.from(top, (x) => x.b),
      Int32Array.from(top, (x) => x.s),
      top.length,
      sets,
    );
  }

  /**
   * The first `limit` pairs of the overlap table that name mechanism `id`, without computing the table: its
   * parties' other mechanisms at the date.
   */
  overlapsOf(id: string, at: string, role: string, limit: number): OverlapItem[] {
    const ra = this.rankById.get(id);
    if (ra === undefined) return [];
    const m = this.byRank[ra]!;
    if (mechanismAt(this.histories[m]!, at).status === null) return [];
    const roleMap = this.byRoleParty.get(role) ?? new Map<number, Fact[]>();
    const mine = new Set<number>();
    for (const f of this.byMechanism[m]!) if (f.row.role === role && certaintyOf(f, at) !== null) mine.add(f.party);
    if (mine.size === 0) return [];
    const established = new Map<number, boolean>();
    const isEstablished = (o: number) => {
      let e = established.get(o);
      if (e === undefined) established.set(o, (e = mechanismAt(this.histories[o]!, at).status !== null));
      return e;
    };
    /** Per other mechanism (rank), the parties it shares with this one. */
    const shared = new Map<number, Set<number>>();
    for (const p of mine)
      for (const f of roleMap.get(p) ?? []) {
        if (f.m === m || !isEstablished(f.m) || certaintyOf(f, at) === null) continue;
        const r = this.rank[f.m]!;
        const s = shared.get(r);
        if (s) s.add(p);
        else shared.set(r, new Set([p]));
      }
    const top = [...shared.entries()]
      .sort(([x, a], [y, b]) => b.size - a.size || x - y)
      .slice(0, limit)
      .map(([r]) => r);
    const setOf = (rank: number) => {
      const s = new Set<number>();
      for (const f of this.byMechanism[this.byRank[rank]!]!)
        if (f.row.role === role && certaintyOf(f, at) !== null) s.add(f.party);
      return Int32Array.from(s).sort();
    };
    const own = Int32Array.from(mine).sort();
    return top.map((rb) => (rb < ra ? this.pairItem(setOf(rb), own, rb, ra) : this.pairItem(own, setOf(rb), ra, rb)));
  }
}
