/**
 * A synthetic dataset at scale factor N (issue 16, item 4): about 45·N mechanisms, 1,000·N participation rows and
 * 150·N meetings (N = 100: 4,500, 100,000 and 15,000), in the format of data/reference/ (FORMAT.md), so that it
 * goes through the same validation and `load` path as the bundled data. Clearly synthetic: ids `syn-0001`, names
 * "Synthetic process 0001", every source under https://synthetic.invalid/. Seeded (mulberry32): the same N and
 * seed give the same bytes. Written to a folder the caller gives (a temp dir), never under data/.
 *
 * Countries are the real ISO list (src/registry/countries.ts); a mechanism draws its members from one or two UN
 * M49 sub-regions and their region, so mechanisms of a region overlap, and a few "hub" countries join many.
 *
 *   tsx bench/synthetic/generate.ts [outDir] [N] [seed]
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { allCountries } from '../../src/registry/countries.js';

/** mulberry32: a small seeded PRNG (uniform in [0, 1)). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticCounts {
  scale: number;
  seed: number;
  mechanisms: number;
  participation: number;
  meetings: number;
  snapshots: number;
  sources: number;
}

const REFERENCE = new URL('../../data/reference/', import.meta.url).pathname;
const pad = (n: number, w = 4) => String(n).padStart(w, '0');
const sourceId = (url: string) => `src-${createHash('sha1').update(url).digest('hex').slice(0, 10)}`;

/** Days since 1970-01-01 ⇄ ISO date. */
const dayOf = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
const isoOf = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

/**
 * Write the dataset into `dir` (created if needed) and return what it holds. The vocabulary files (themes,
 * organizations) are the bundled ones; everything else is generated.
 */
/** The generated dataset's mechanism ids, and the countries that take part in any (sorted): what the benches pick from. */
export function syntheticIds(dir: string): { mechanisms: string[]; countries: string[] } {
  const mechanisms = (JSON.parse(readFileSync(join(dir, 'mechanisms.json'), 'utf8')) as { id: string }[]).map(
    (m) => m.id,
  );
  const countries = [
    ...new Set(
      (JSON.parse(readFileSync(join(dir, 'participation.json'), 'utf8')) as { country: string | null }[])
        .map((p) => p.country)
        .filter((c): c is string => c !== null),
    ),
  ].sort();
  return { mechanisms, countries };
}

export function generateSynthetic(dir: string, scale = 100, seed = 1): SyntheticCounts {
  if (!(scale > 0)) throw new Error(`scale must be positive, not ${scale}`);
  const rnd = prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const chance = (p: number) => rnd() < p;
  /** A date in [fromDay, toDay] at day, month or year precision (mostly days), never before fromDay's floor. */
  const dateIn = (fromDay: number, toDay: number): string => {
    const d = isoOf(int(fromDay, Math.max(fromDay, toDay)));
    const r = rnd();
    // A coarser precision floors the date: keep it only when the floor is still on or after fromDay.
    if (r < 0.15 && dayOf(`${d.slice(0, 4)}-01-01`) >= fromDay) return d.slice(0, 4);
    if (r < 0.35 && dayOf(`${d.slice(0, 7)}-01`) >= fromDay) return d.slice(0, 7);
    return d;
  };
  const floorDay = (d: string) => dayOf(d.length === 4 ? `${d}-01-01` : d.length === 7 ? `${d}-01` : d);

  const themes = JSON.parse(readFileSync(join(REFERENCE, 'themes.json'), 'utf8')) as { id: string }[];
  const organizations = JSON.parse(readFileSync(join(REFERENCE, 'organizations.json'), 'utf8')) as { id: string }[];
  const orgIds = organizations.map((o) => o.id);

  const countries = allCountries().filter((c) => c.subregion_code !== null);
  const bySub = new Map<string, string[]>();
  const byRegion = new Map<string, string[]>();
  const subRegion = new Map<string, string>();
  for (const c of countries) {
    bySub.set(c.subregion_code!, [...(bySub.get(c.subregion_code!) ?? []), c.code]);
    byRegion.set(c.region_code!, [...(byRegion.get(c.region_code!) ?? []), c.code]);
    subRegion.set(c.subregion_code!, c.region_code!);
  }
  const subs = [...bySub.keys()].sort();
  const subName = new Map(countries.map((c) => [c.subregion_code!, c.subregion!]));
  const codes = countries.map((c) => c.code);
  /** Countries that join many mechanisms (as the real registry has: a few States in 15+). */
  const hubs = Array.from({ length: 12 }, () => pick(codes));

  const sources: object[] = [];
  const source = (path: string, title: string): string => {
    const url = `https://synthetic.invalid/${path}`;
    const id = sourceId(url);
    sources.push({
      id,
      url,
      title,
      publisher: 'synthetic.invalid',
      accessed: '2026-12',
      site: 'synthetic.invalid',
      date: '2026-12',
      date_basis: 'accessed',
      mirror: false,
      lists: [],
    });
    return id;
  };

  const nMech = Math.max(1, Math.round(45 * scale));
  const nRows = Math.max(1, Math.round(1000 * scale));
  const nMeetings = Math.max(1, Math.round(150 * scale));
  const rowsPer = (nRows / nMech) * 1.12; // the rows it adds beside the target (rejoins) are about as many as the observers it rounds away
  const mechanisms: object[] = [];
  const participation: object[] = [];
  const snapshots: object[] = [];
  const meetings: object[] = [];
  const todayDay = dayOf('2026-12-01');
  /** Per mechanism: id, established day, its members' intervals (for meetings' participants). */
  const made: { id: string; est: number; profile: string; members: { country: string; from: number; to: number }[] }[] =
    [];

  for (let i = 1; i <= nMech; i++) {
    const id = `syn-${pad(i)}`;
    const established = int(1985, 2024);
    const estDay = dayOf(`${established}-01-01`);
    const profile = source(`mechanisms/${id}`, `Synthetic process ${pad(i)}: profile (synthetic)`);
    const list = source(`mechanisms/${id}/members`, `Synthetic process ${pad(i)}: members (synthetic)`);
    const home = pick(subs);
    const region = subRegion.get(home)!;
    const second = chance(0.3) ? pick(subs) : null;
    const level = second && subRegion.get(second) !== region ? (chance(0.1) ? 'global' : 'irf') : 'rcp';

    // Level history: one period, or a reclassification.
    const levels: object[] = [];
    if (chance(0.1) && established < 2022) {
      const change = String(int(established + 1, 2025));
      levels.push({ level, start: null, end: change, end_not_before: null, note: null, sources: [profile] });
      levels.push({
        level: level === 'rcp' ? 'irf' : 'rcp',
        start: change,
        end: null,
        end_not_before: null,
        note: 'Reclassified (synthetic)',
        sources: [profile],
      });
    } else levels.push({ level, start: null, end: null, end_not_before: null, note: null, sources: [profile] });

    // Status history: active, then perhaps dormant (a known or an uncertain date), perhaps concluded.
    const statuses: object[] = [];
    let concludedDay: number | null = null;
    const r = rnd();
    const st = (status: string, start: string | null, end: string | null, enb: string | null = null) =>
      statuses.push({
        status,
        start,
        end,
        end_not_before: enb,
        confidence: null,
        note: null,
        compilation_note: 'Synthetic data, not a fact',
        sources: [profile],
      });
    if (r < 0.2 && established < 2020) {
      const dormant = dateIn(estDay + 400, todayDay - 30);
      st('active', String(established), dormant);
      st('dormant', dormant, null);
    } else if (r < 0.27 && established < 2018) {
      const enb = dateIn(estDay + 400, todayDay - 800);
      const end = isoOf(floorDay(enb) + int(200, 700));
      st('active', String(established), end, enb);
      st('dormant', end, null);
    } else if (r < 0.33 && established < 2018) {
      const end = dateIn(estDay + 800, todayDay - 30);
      concludedDay = floorDay(end);
      st('active', String(established), end);
      st('concluded', end, null);
    } else st('active', String(established), null);

    const mechEnd = concludedDay ?? todayDay + 3650;
    // Members: from the home sub-region (and a second), some from the region, some hubs; about rowsPer rows.
    const pool = [
      ...new Set([
        ...bySub.get(home)!,
        ...(second ? bySub.get(second)! : []),
        ...byRegion.get(region)!.filter(() => chance(0.25)),
        ...hubs.filter(() => chance(0.35)),
      ]),
    ];
    const target = Math.max(2, Math.round(rowsPer * (0.5 + rnd())));
    const rows: object[] = [];
    const members: (typeof made)[number]['members'] = [];
    const snapDay = chance(0.5) ? int(estDay + 30, todayDay) : null;
    const snapParties: object[] = [];
    const addRow = (party: { country?: string; organization?: string }, role: string, seq: number) => {
      const key = party.country ?? party.organization!;
      // A start: unknown (counted from the establishment) in 4 of 10 rows, else a date after it.
      const known = chance(0.6);
      const start = known ? dateIn(estDay, Math.min(mechEnd, todayDay) - 1) : null;
      const from = start === null ? estDay : floorDay(start);
      let end: string | null = null;
      let enb: string | null = null;
      let cause: string | null = null;
      const x = rnd();
      if (x < 0.12 && from + 400 < todayDay) {
        end = dateIn(from + 200, Math.min(todayDay, mechEnd) - 1);
        cause = pick(['left', 'suspended', 'unknown']);
      } else if (x < 0.16 && from + 400 < todayDay) {
        enb = dateIn(from + 200, todayDay - 1);
      } else if (concludedDay !== null) {
        end = isoOf(concludedDay);
        cause = 'mechanism_concluded';
      }
      const to = end === null ? mechEnd : floorDay(end);
      const attested = start === null && snapDay !== null && snapDay >= from && snapDay < to ? isoOf(snapDay) : null;
      if (attested)
        snapParties.push({
          country: party.country ?? null,
          organization: party.organization ?? null,
          name_in_source: null,
          note: null,
        });
      const rec = {
        id: `${id}/${key}/${role}/${seq}`,
        mechanism: id,
        country: party.country ?? null,
        organization: party.organization ?? null,
        party_label: null,
        name_in_source: `Synthetic party ${key}`,
        role,
        start,
        start_not_before: null,
        start_basis: start === null ? null : 'stated',
        end,
        end_not_before: enb,
        end_cause: cause,
        first_attested: attested,
        via_group: null,
        verification: chance(0.95) ? 'sourced' : 'unverified',
        attestation: 'list',
        via_bloc: null,
        sources: [list],
        note: null,
        compilation_note: 'Synthetic data, not a fact',
      };
      rows.push(rec);
      if (role === 'member' && party.country) members.push({ country: party.country, from, to });
      // Some who left come back (a second interval of the same party and role).
      if (end !== null && cause !== 'mechanism_concluded' && chance(0.3) && to + 400 < Math.min(todayDay, mechEnd)) {
        const again = dateIn(to + 1, Math.min(todayDay, mechEnd) - 1);
        rows.push({
          ...rec,
          id: `${id}/${key}/${role}/${seq + 1}`,
          start: again,
          start_basis: 'stated',
          end: concludedDay === null ? null : isoOf(concludedDay),
          end_not_before: null,
          end_cause: concludedDay === null ? null : 'mechanism_concluded',
          first_attested: null,
        });
        if (role === 'member' && party.country)
          members.push({ country: party.country, from: floorDay(again), to: mechEnd });
      }
    };
    const shuffled = pool
      .map((c) => [rnd(), c] as const)
      .sort((a, b) => a[0] - b[0])
      .map(([, c]) => c);
    const nObservers = Math.min(shuffled.length - 1, Math.round(target * 0.1));
    const nMembers = Math.max(1, Math.min(shuffled.length - nObservers, target - nObservers - 1));
    shuffled.slice(0, nMembers).forEach((c) => addRow({ country: c }, 'member', 1));
    shuffled.slice(nMembers, nMembers + nObservers).forEach((c) => addRow({ country: c }, 'observer', 1));
    addRow({ organization: pick(orgIds) }, 'partner', 1);
    participation.push(...rows);
    if (snapDay !== null && snapParties.length)
      snapshots.push({
        id: `${id}/member/${isoOf(snapDay)}`,
        mechanism: id,
        as_of: isoOf(snapDay),
        role: 'member',
        list_type: 'synthetic_list',
        complete: false,
        stated_count: null,
        source: list,
        note: 'Synthetic list',
        member_groups: null,
        parties: snapParties,
      });

    const mThemes = Array.from({ length: int(1, 4) }, () => pick(themes).id);
    mechanisms.push({
      id,
      name: `Synthetic process ${pad(i)}`,
      acronym: `SYN${pad(i)}`,
      names: [],
      established,
      region: `${subName.get(home)}${second ? ` and ${subName.get(second)}` : ''} (synthetic)`,
      levels,
      statuses,
      last_evidence_of_activity: null,
      structure: null,
      chair_model: null,
      secretariat: null,
      supporting_organizations: [pick(orgIds)],
      website: null,
      themes: [...new Set(mThemes)].map((t) => ({ theme: t, wording: `Synthetic wording for ${t}` })),
      membership_note: null,
      members_complete: null,
      member_groups: [],
      key_outputs: [],
      unverified_fields: [],
      sources: [profile, list],
      notes: 'Synthetic record generated for benchmarks: not a fact.',
      compilation_note: `bench/synthetic/generate.ts, scale ${scale}, seed ${seed}`,
    });
    made.push({ id, est: estDay, profile, members });
  }

  // Meetings: a mechanism's, on a day after its establishment (some planned after today), with some of the
  // members holding on that day as participants and one of them as host.
  const perMech = new Map<string, number>();
  for (let k = 0; k < nMeetings; k++) {
    const m = pick(made);
    const day = int(m.est, todayDay + 365);
    const date = isoOf(day);
    const n = (perMech.get(m.id) ?? 0) + 1;
    perMech.set(m.id, n);
    const present = m.members.filter((x) => x.from <= day && day < x.to);
    const chosen = [...new Set(present.filter(() => chance(0.4)).map((x) => x.country))].slice(0, 12);
    const host = chosen[0] ?? null;
    const online = host === null && chance(0.5);
    meetings.push({
      id: `${m.id}-${date.slice(0, 4)}-m${n}`,
      series: null,
      mechanism: m.id,
      ordinal: n,
      title: `Synthetic meeting ${n} of ${m.id.replace('syn-', 'Synthetic process ')}`,
      kind: pick(['ministerial', 'senior-officials', 'working-group', 'workshop', 'other'] as const),
      start: date,
      end: chance(0.5) ? isoOf(day + int(1, 3)) : null,
      city: online || host === null ? null : `Synthetic city ${host}`,
      country: online ? null : host,
      online,
      host: host === null ? null : `Synthetic host ${host}`,
      theme: null,
      status: day > todayDay ? 'planned' : 'held',
      participants: chosen.map((c, j) => ({
        mechanism: null,
        country: c,
        organization: null,
        name_in_source: `Synthetic delegation ${c}`,
        role: j === 0 ? 'host' : 'participant',
        sources: [m.profile],
      })),
      reported_counts: [],
      agenda: [],
      documents: [],
      sources: [m.profile],
      unverified_fields: [],
      notes: 'Synthetic meeting generated for benchmarks: not a fact.',
      compilation_note: null,
    });
  }
  meetings.sort((a, b) => {
    const x = a as { start: string; id: string };
    const y = b as { start: string; id: string };
    return x.start < y.start ? -1 : x.start > y.start ? 1 : x.id < y.id ? -1 : 1;
  });

  mkdirSync(dir, { recursive: true });
  const write = (name: string, value: unknown) => writeFileSync(join(dir, name), JSON.stringify(value));
  write('sources.json', sources);
  writeFileSync(join(dir, 'themes.json'), readFileSync(join(REFERENCE, 'themes.json')));
  writeFileSync(join(dir, 'organizations.json'), readFileSync(join(REFERENCE, 'organizations.json')));
  write('mechanisms.json', mechanisms);
  write('participation.json', participation);
  write('snapshots.json', snapshots);
  write('meetings.json', { series: [], meetings });
  return {
    scale,
    seed,
    mechanisms: mechanisms.length,
    participation: participation.length,
    meetings: meetings.length,
    snapshots: snapshots.length,
    sources: sources.length,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'iscm-synthetic-'));
  const counts = generateSynthetic(dir, Number(process.argv[3] ?? 100), Number(process.argv[4] ?? 1));
  console.log(JSON.stringify({ dir, ...counts }));
}
