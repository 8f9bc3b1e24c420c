/**
 * achievements.json, structures.json and partnerships.json from the research's impact/ folder (impact/README.md).
 * Ids are the research's ids (checked unique; a structure's id is its mechanism). Mechanism and country
 * references must resolve (else the conversion stops, naming the row and field); an organization
 * wording that names no organization of the dataset is kept as worded with `organizations: []`, and listed
 * in the report as unresolved: never dropped.
 */
import { readFileSync } from 'node:fs';
import countries from 'i18n-iso-countries';
import type { DocumentOut } from './documents.js';
import { InputProblems, type Row, RowReader } from './input-check.js';
import { lookupOrgs } from './organizations.js';
import type { SourceAdder } from './types.js';
import { cmpStr } from './util.js';

export const ACHIEVEMENTS_FILE = 'impact/achievements.json';
export const STRUCTURES_FILE = 'impact/structures.json';
export const PARTNERSHIPS_FILE = 'impact/partnerships.json';
/** When the impact research read its pages. */
const READ = '2026-12';

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
export const ACHIEVEMENT_LEVELS = ['bilateral', 'global', 'interregional', 'national', 'regional'] as const;
/** The three things the GRCP 8 outcome document acknowledges. */
export const LENSES = ['partnership-models', 'policy-impact', 'sustainable-structures'] as const;
export const SECRETARIAT_MODELS = ['ICMPD', 'IOM-hosted', 'own', 'regional organization', 'rotating'] as const;
const CONFIDENCE = ['high', 'medium', 'low'] as const;

export interface ImpactContext {
  addSource: SourceAdder;
  mechanisms: ReadonlySet<string>;
  /** country codes the dataset knows (ISO 3166-1 alpha-3, and XKX) */
  countries?: ReadonlySet<string>;
}

export interface AchievementOut {
  id: string;
  mechanism: string;
  title: string;
  type: (typeof ACHIEVEMENT_TYPES)[number];
  level: (typeof ACHIEVEMENT_LEVELS)[number];
  year: string | null;
  countries: string[];
  lens: (typeof LENSES)[number];
  /** what the mechanism achieved, in the research's own words */
  evidence: string;
  sources: string[];
  confidence: 'high' | 'medium' | 'low';
  compilation_note: string | null;
}

export interface StructureField<T> {
  value: T;
  sources: string[];
  note: string | null;
  /** where the value was taken without being re-read (then `sources` may be empty) */
  basis: string | null;
}

export interface StructureOut {
  id: string;
  mechanism: string;
  secretariat_model: StructureField<string> | null;
  secretariat: StructureField<string> | null;
  funding: StructureField<string> | null;
  chair_rotation: StructureField<string> | null;
  written_rules: StructureField<{ title: string; year: string | null }[]> | null;
  strategies_workplans: StructureField<{ title: string; years: string | null }[]> | null;
  meeting_cadence: StructureField<string> | null;
  working_groups: StructureField<string[]> | null;
  compilation_note: string | null;
}

export interface PartnershipOut {
  id: string;
  kind: 'organization-mechanism' | 'mechanism-mechanism';
  /** organization-mechanism: the mechanism, the organizations the wording names (dataset ids) and the wording */
  mechanism: string | null;
  organizations: string[];
  organization_wording: string | null;
  /** mechanism-mechanism: the two mechanisms, and other mechanisms taking part */
  mechanism_a: string | null;
  mechanism_b: string | null;
  other_parties: string[];
  role: string;
  /** the research's wording ("2015-", "2009-2011", "-" = unknown), and the years it states plainly */
  years: string | null;
  first_year: number | null;
  last_year: number | null;
  ongoing: boolean | null;
  sources: string[];
  compilation_note: string | null;
}

export interface ImpactBuild {
  achievements: AchievementOut[];
  structures: StructureOut[];
  partnerships: PartnershipOut[];
  log: string[];
}

export function readImpact(inputDir: string): { achievements: unknown; structures: unknown; partnerships: unknown } {
  const read = (f: string): unknown => JSON.parse(readFileSync(`${inputDir}/${f}`, 'utf8')) as unknown;
  return {
    achievements: read(ACHIEVEMENTS_FILE),
    structures: read(STRUCTURES_FILE),
    partnerships: read(PARTNERSHIPS_FILE),
  };
}

/** The ISO 3166-1 alpha-3 codes (i18n-iso-countries) and Kosovo's user-assigned XKX, as the dataset uses it. */
export function knownCountries(): Set<string> {
  return new Set([...Object.keys(countries.getAlpha3Codes()), 'XKX']);
}

/** The research's id, lower-cased (one id, "arcp-launch-gRCP5-2015", has capitals); unique after lower-casing. */
function checkId(r: RowReader, seen: Set<string>): string {
  const id = r.string('id').toLowerCase();
  if (id !== '' && !/^[a-z0-9]+(-+[a-z0-9]+)*$/.test(id)) r.problem('id', 'expected a kebab-case id');
  if (seen.has(id)) r.problem('id', `duplicate id "${id}" (ids are compared lower-cased)`);
  seen.add(id);
  return id;
}

function yearOrNull(r: RowReader, field: string): string | null {
  const y = r.stringOrNull(field);
  if (y !== null && !/^\d{4}$/.test(y)) r.problem(field, `expected a year "YYYY" or null, got ${JSON.stringify(y)}`);
  return y;
}

export function convertAchievements(data: unknown, ctx: ImpactContext): AchievementOut[] {
  const p = new InputProblems(ACHIEVEMENTS_FILE);
  const known = ctx.countries ?? knownCountries();
  const seen = new Set<string>();
  const urls: string[][] = [];
  const out: AchievementOut[] = p.rows(data).map((row: Row, i) => {
    const r = new RowReader(p, i, row);
    const mechanism = r.string('mechanism');
    if (mechanism !== '') r.ref('mechanism', mechanism, ctx.mechanisms, 'mechanism');
    const codes = r.strings('countries');
    for (const c of codes) r.ref('countries', c, known, 'country code');
    urls.push(r.urls('sources'));
    return {
      id: checkId(r, seen),
      mechanism,
      title: r.string('title'),
      type: r.oneOf('type', ACHIEVEMENT_TYPES),
      level: r.oneOf('level', ACHIEVEMENT_LEVELS),
      year: yearOrNull(r, 'year'),
      countries: codes,
      lens: r.oneOf('lens', LENSES),
      evidence: r.string('evidence'),
      sources: [],
      confidence: r.oneOf('confidence', CONFIDENCE),
      compilation_note: r.stringOrNull('note'),
    };
  });
  p.throwIfAny();
  out.forEach((a, i) => (a.sources = sourceIds(urls[i] ?? [], ctx)));
  return out.sort((a, b) => cmpStr(a.id, b.id));
}

function sourceIds(urls: string[], ctx: ImpactContext): string[] {
  return [...new Set(urls.map((u) => ctx.addSource(u, null, READ)))];
}

const STRUCTURE_FIELDS = [
  'secretariat_model',
  'secretariat',
  'funding',
  'chair_rotation',
  'written_rules',
  'strategies_workplans',
  'meeting_cadence',
  'working_groups',
] as const;

export function convertStructures(data: unknown, ctx: ImpactContext, unsourcedLog: string[] = []): StructureOut[] {
  const p = new InputProblems(STRUCTURES_FILE);
  const seen = new Set<string>();
  const out: StructureOut[] = [];
  p.rows(data).forEach((row: Row, i) => {
    const r = new RowReader(p, i, row);
    const mechanism = r.string('mechanism');
    if (mechanism !== '') r.ref('mechanism', mechanism, ctx.mechanisms, 'mechanism');
    if (seen.has(mechanism)) r.problem('mechanism', `a second record for "${mechanism}"`);
    seen.add(mechanism);
    const rec: Record<string, unknown> = { id: mechanism, mechanism };
    const unsourced: string[] = [];
    for (const f of STRUCTURE_FIELDS) rec[f] = structureField(r, f, ctx, unsourced);
    const note = r.stringOrNull('note');
    rec.compilation_note =
      unsourced.length === 0
        ? note
        : [note, `Written as unknown, no source stating it: ${unsourced.join('; ')}.`]
            .filter((x) => x !== null)
            .join(' | ');
    for (const u of unsourced) unsourcedLog.push(`${mechanism} ${u}`);
    out.push(rec as unknown as StructureOut);
  });
  p.throwIfAny();
  return out.sort((a, b) => cmpStr(a.id, b.id));
}

function structureField(
  r: RowReader,
  f: (typeof STRUCTURE_FIELDS)[number],
  ctx: ImpactContext,
  unsourced: string[],
): unknown {
  const v = r.row[f];
  if (v === undefined) {
    r.problem(f, 'missing (null when unknown)');
    return null;
  }
  if (v === null) return null;
  if (typeof v !== 'object' || Array.isArray(v)) {
    r.problem(f, 'expected { value, sources, note?, basis? } or null');
    return null;
  }
  const o = v as Record<string, unknown>;
  const bad = (m: string): null => {
    r.problem(`${f}.value`, m);
    return null;
  };
  let value: unknown = o.value;
  if (f === 'written_rules' || f === 'strategies_workplans') {
    const key = f === 'written_rules' ? 'year' : 'years';
    if (
      !Array.isArray(value) ||
      value.length === 0 ||
      !value.every(
        (x: unknown) =>
          typeof x === 'object' &&
          x !== null &&
          typeof (x as Row).title === 'string' &&
          ((x as Row)[key] === null || typeof (x as Row)[key] === 'string'),
      )
    )
      value = bad(`expected a non-empty array of { title, ${key} }`);
    else value = (value as Row[]).map((x) => ({ title: x.title as string, [key]: (x[key] as string | null) ?? null }));
  } else if (f === 'working_groups') {
    if (!Array.isArray(value) || value.length === 0 || !value.every((x) => typeof x === 'string' && x.trim() !== ''))
      value = bad('expected a non-empty array of strings');
  } else if (typeof value !== 'string' || value.trim() === '') value = bad('expected a non-empty string');
  else if (
    f === 'secretariat_model' &&
    !(SECRETARIAT_MODELS as readonly string[]).includes(value) &&
    !/^other \(.+\)$/.test(value)
  )
    value = bad(
      `unknown secretariat model ${JSON.stringify(value)} (expected one of: ${SECRETARIAT_MODELS.join(', ')}, or "other (...)")`,
    );
  const basis = o.basis === undefined || o.basis === null ? null : typeof o.basis === 'string' ? o.basis : '';
  if (basis === '') r.problem(`${f}.basis`, 'expected a string');
  const note = o.note === undefined || o.note === null ? null : typeof o.note === 'string' ? o.note : '';
  if (note === '') r.problem(`${f}.note`, 'expected a string');
  let urls: string[] = [];
  if (!Array.isArray(o.sources) || !o.sources.every((u) => typeof u === 'string' && /^https?:\/\/\S+$/.test(u)))
    r.problem(`${f}.sources`, 'expected an array of http(s) URLs');
  else urls = o.sources as string[];
  if (value === null) return null;
  if (urls.length === 0 && basis === null) {
    // No source states it: unknown (null); the research's wording stays for editors.
    unsourced.push(`${f}: ${JSON.stringify(value)}${note !== null ? ` (${note})` : ''}`);
    return null;
  }
  return { value, sources: sourceIds(urls, ctx), note, basis };
}

/** "2015-" -> 2015, open; "2009-2011"; "2017"; anything else ("-", "c.2022-2023", "-2016-") states no plain year. */
function parseYears(years: string | null): {
  first_year: number | null;
  last_year: number | null;
  ongoing: boolean | null;
} {
  const m = years === null ? null : /^(\d{4})(-(\d{4})?)?$/.exec(years);
  if (m === null) return { first_year: null, last_year: null, ongoing: null };
  const first = Number(m[1]);
  if (m[2] === undefined) return { first_year: first, last_year: first, ongoing: false };
  if (m[3] === undefined) return { first_year: first, last_year: null, ongoing: true };
  return { first_year: first, last_year: Number(m[3]), ongoing: false };
}

export function convertPartnerships(
  data: unknown,
  ctx: ImpactContext,
): { partnerships: PartnershipOut[]; unresolved: string[] } {
  const p = new InputProblems(PARTNERSHIPS_FILE);
  const seen = new Set<string>();
  const unresolved: string[] = [];
  const out: (Omit<PartnershipOut, 'sources'> & { urls: string[] })[] = [];
  p.rows(data).forEach((row: Row, i) => {
    const r = new RowReader(p, i, row);
    const id = checkId(r, seen);
    const kind = r.oneOf('kind', ['organization-mechanism', 'mechanism-mechanism'] as const);
    const mech = (field: string): string | null => {
      const m = r.string(field);
      if (m !== '') r.ref(field, m, ctx.mechanisms, 'mechanism');
      return m;
    };
    const years = r.stringOrNull('years');
    const common = {
      id,
      kind,
      role: r.string('role'),
      years,
      ...parseYears(years),
      urls: r.urls('sources'),
      compilation_note: r.stringOrNull('note'),
    };
    if (kind === 'organization-mechanism') {
      const wording = r.string('organization');
      const organizations = resolveWording(wording);
      if (organizations.length === 0 && wording !== '') unresolved.push(`${id}: "${wording}"`);
      for (const f of ['mechanism_a', 'mechanism_b', 'other_parties'])
        if (r.has(f)) r.problem(f, 'not a field of an organization-mechanism link');
      out.push({
        ...common,
        mechanism: mech('mechanism'),
        organizations,
        organization_wording: wording,
        mechanism_a: null,
        mechanism_b: null,
        other_parties: [],
      });
    } else {
      for (const f of ['mechanism', 'organization'])
        if (r.has(f)) r.problem(f, 'not a field of a mechanism-mechanism link');
      const a = mech('mechanism_a');
      const b = mech('mechanism_b');
      if (a !== null && a === b) r.problem('mechanism_b', 'the same mechanism as mechanism_a');
      const others = r.strings('other_parties', { optional: true });
      for (const o of others) r.ref('other_parties', o, ctx.mechanisms, 'mechanism');
      out.push({
        ...common,
        mechanism: null,
        organizations: [],
        organization_wording: null,
        mechanism_a: a,
        mechanism_b: b,
        other_parties: others,
      });
    }
  });
  p.throwIfAny();
  const partnerships = out
    .map(({ urls, compilation_note, ...x }) => ({ ...x, sources: sourceIds(urls, ctx), compilation_note }))
    .sort((a, b) => cmpStr(a.id, b.id));
  return { partnerships, unresolved: unresolved.sort(cmpStr) };
}

/**
 * The organizations a wording names: the whole wording through the organizations table (aliases, a
 * trailing "(...)" qualifier dropped; else an acronym only one organization has), else each part of a list written with ";" or " / ", when every
 * part resolves. Otherwise none: the wording stays as the research wrote it.
 */
function resolveWording(wording: string): string[] {
  const whole = lookupOrgs(wording);
  if (whole !== null) return whole;
  const parts = wording.split(/\s*;\s*|\s+\/\s+/).filter((x) => x.length > 0);
  if (parts.length < 2) return [];
  const ids = parts.map((x) => lookupOrgsDry(x));
  if (ids.some((x) => x === null)) return [];
  return [...new Set(parts.flatMap((x) => lookupOrgs(x) ?? []))];
}

/** lookupOrgs marks what it finds as used; a list is resolved only when all its parts are known. */
function lookupOrgsDry(wording: string): string[] | null {
  return lookupOrgs(wording, false);
}

export function convertImpact(
  data: { achievements: unknown; structures: unknown; partnerships: unknown },
  ctx: ImpactContext,
): ImpactBuild {
  const achievements = convertAchievements(data.achievements, ctx);
  const unsourced: string[] = [];
  const structures = convertStructures(data.structures, ctx, unsourced);
  const { partnerships, unresolved } = convertPartnerships(data.partnerships, ctx);
  const tally = <T>(xs: T[], key: (x: T) => string): string => {
    const t = new Map<string, number>();
    for (const x of xs) t.set(key(x), (t.get(key(x)) ?? 0) + 1);
    return [...t]
      .sort((a, b) => cmpStr(a[0], b[0]))
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
  };
  const log = [
    `achievements: ${achievements.length} of ${new Set(achievements.map((a) => a.mechanism)).size} mechanisms; by lens: ${tally(achievements, (a) => a.lens)}`,
    `structures: ${structures.length}; values with no source (written as unknown): ${unsourced.length}`,
    ...unsourced.map((u) => `  unsourced ${u}`),
    `partnerships: ${partnerships.length} (${tally(partnerships, (x) => x.kind)}); organization wordings not in organizations.json (kept as worded, organizations []): ${unresolved.length}`,
    ...unresolved.map((u) => `  unresolved organization ${u}`),
  ];
  return { achievements, structures, partnerships, log };
}

/** The written records refer only to what the dataset has, and every record cites at least one source. */
export function validateDocumentsAndImpact(
  documents: readonly DocumentOut[],
  impact: Pick<ImpactBuild, 'achievements' | 'structures' | 'partnerships'>,
  ids: {
    sources: ReadonlySet<string>;
    organizations: ReadonlySet<string>;
    mechanisms: ReadonlySet<string>;
    meetings: ReadonlySet<string>;
  },
): string[] {
  const problems: string[] = [];
  const refs = (where: string, xs: readonly (string | null)[], known: ReadonlySet<string>, what: string): void => {
    for (const x of xs) if (x !== null && !known.has(x)) problems.push(`${where}: unknown ${what} ${x}`);
  };
  const cites = (where: string, xs: readonly string[], required = true): void => {
    if (required && xs.length === 0) problems.push(`${where}: no sources`);
    refs(where, xs, ids.sources, 'source');
  };
  for (const d of documents) {
    cites(`documents.json ${d.id}`, d.sources);
    refs(`documents.json ${d.id}`, d.mechanisms, ids.mechanisms, 'mechanism');
    refs(`documents.json ${d.id}`, [d.meeting.id, ...d.meeting.candidates], ids.meetings, 'meeting');
  }
  for (const a of impact.achievements) {
    cites(`achievements.json ${a.id}`, a.sources);
    refs(`achievements.json ${a.id}`, [a.mechanism], ids.mechanisms, 'mechanism');
  }
  for (const s of impact.structures) {
    refs(`structures.json ${s.id}`, [s.mechanism], ids.mechanisms, 'mechanism');
    for (const f of STRUCTURE_FIELDS) {
      const v = s[f];
      if (v !== null) cites(`structures.json ${s.id}.${f}`, v.sources, v.basis === null);
    }
  }
  for (const p of impact.partnerships) {
    cites(`partnerships.json ${p.id}`, p.sources);
    refs(
      `partnerships.json ${p.id}`,
      [p.mechanism, p.mechanism_a, p.mechanism_b, ...p.other_parties],
      ids.mechanisms,
      'mechanism',
    );
    refs(`partnerships.json ${p.id}`, p.organizations, ids.organizations, 'organization');
  }
  return problems;
}
