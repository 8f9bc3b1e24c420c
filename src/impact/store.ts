/** The impact queries: the only place with impact SQL. Same code on SQLite and PostgreSQL. */
import type { Kysely, Transaction } from 'kysely';
import { groupBy } from '../db/group.js';
import type {
  AchievementCountryTable,
  AchievementSourceTable,
  AchievementTable,
  DB,
  PartnershipTable,
  StructureTable,
} from '../db/schema.js';
import { STRUCTURE_FIELDS, type AchievementRecord, type PartnershipRecord, type StructureRecord } from './reference.js';

export interface AchievementsLoadSummary {
  changed: boolean;
  inserted: number;
  updated: number;
  removed: number;
  unchanged: number;
}

const CHILDREN = ['achievement_country', 'achievement_source'] as const;

function rowsOf(
  a: AchievementRecord,
  version: number,
  now: string,
): { row: AchievementTable; children: [AchievementCountryTable[], AchievementSourceTable[]] } {
  return {
    row: {
      id: a.id,
      mechanism_id: a.mechanism,
      title: a.title,
      type: a.type,
      level: a.level,
      year: a.year === null ? null : Number(a.year),
      lens: a.lens,
      evidence: a.evidence,
      confidence: a.confidence,
      compilation_note: a.compilation_note,
      version,
      updated_at: now,
    },
    children: [
      a.countries.map((country_code, seq) => ({ achievement_id: a.id, country_code, seq })),
      a.sources.map((source_id, seq) => ({ achievement_id: a.id, source_id, seq })),
    ],
  };
}

const key = (x: AchievementTable) =>
  JSON.stringify({ ...x, year: x.year === null ? null : Number(x.year), version: 0, updated_at: '' });
const childKey = (xs: { achievement_id: string; seq: number }[][]) =>
  JSON.stringify(xs.map((rows) => rows.map((r) => ({ ...r, seq: Number(r.seq) }))));

/** Write the achievements of a validated file: new ones inserted, changed ones rewritten, missing ones removed. */
export async function applyAchievements(
  tx: Transaction<DB>,
  items: readonly AchievementRecord[],
  now: string,
): Promise<AchievementsLoadSummary> {
  const summary: AchievementsLoadSummary = { changed: false, inserted: 0, updated: 0, removed: 0, unchanged: 0 };
  const [old, countries, sources] = await Promise.all([
    tx.selectFrom('achievement').selectAll().execute(),
    tx.selectFrom('achievement_country').selectAll().orderBy('achievement_id').orderBy('seq').execute(),
    tx.selectFrom('achievement_source').selectAll().orderBy('achievement_id').orderBy('seq').execute(),
  ]);
  const oldById = new Map(old.map((a) => [a.id, a]));
  const group = <T extends { achievement_id: string }>(xs: T[]) => groupBy(xs, (x) => x.achievement_id);
  const countriesOf = group(countries);
  const sourcesOf = group(sources);
  const seen = new Set<string>();
  for (const a of items) {
    seen.add(a.id);
    const prev = oldById.get(a.id);
    const { row, children } = rowsOf(a, (prev?.version ?? 0) + 1, now);
    if (prev) {
      if (
        key(prev) === key(row) &&
        childKey([countriesOf.get(a.id) ?? [], sourcesOf.get(a.id) ?? []]) === childKey(children)
      ) {
        summary.unchanged++;
        continue;
      }
      for (const t of CHILDREN) await tx.deleteFrom(t).where('achievement_id', '=', a.id).execute();
      await tx.updateTable('achievement').set(row).where('id', '=', a.id).execute();
      summary.updated++;
    } else {
      await tx.insertInto('achievement').values(row).execute();
      summary.inserted++;
    }
    const [c, s] = children;
    if (c.length) await tx.insertInto('achievement_country').values(c).execute();
    if (s.length) await tx.insertInto('achievement_source').values(s).execute();
  }
  for (const id of oldById.keys()) {
    if (seen.has(id)) continue;
    for (const t of CHILDREN) await tx.deleteFrom(t).where('achievement_id', '=', id).execute();
    await tx.deleteFrom('achievement').where('id', '=', id).execute();
    summary.removed++;
  }
  summary.changed = summary.inserted + summary.updated + summary.removed > 0;
  return summary;
}

export function allAchievements(db: Kysely<DB>) {
  return db.selectFrom('achievement').selectAll().orderBy('id').execute();
}
export function allCountryLinks(db: Kysely<DB>) {
  return db.selectFrom('achievement_country').selectAll().orderBy('achievement_id').orderBy('seq').execute();
}
export function allSourceLinks(db: Kysely<DB>) {
  return db.selectFrom('achievement_source').selectAll().orderBy('achievement_id').orderBy('seq').execute();
}
export function countAchievements(db: Kysely<DB>) {
  return db
    .selectFrom('achievement')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}

function structureRow(r: StructureRecord, version: number, now: string): StructureTable {
  const row = {
    mechanism_id: r.mechanism,
    compilation_note: r.compilation_note,
    version,
    updated_at: now,
  } as StructureTable;
  for (const f of STRUCTURE_FIELDS) row[f] = r[f] === null ? null : JSON.stringify(r[f]);
  return row;
}
const structureKey = (x: StructureTable) => JSON.stringify({ ...x, version: 0, updated_at: '' }, Object.keys(x).sort());

/** Write the structures of a validated file: one row per mechanism, rewritten only when it changed. */
export async function applyStructures(
  tx: Transaction<DB>,
  items: readonly StructureRecord[],
  now: string,
): Promise<AchievementsLoadSummary> {
  const summary: AchievementsLoadSummary = { changed: false, inserted: 0, updated: 0, removed: 0, unchanged: 0 };
  const old = new Map((await tx.selectFrom('structure').selectAll().execute()).map((r) => [r.mechanism_id, r]));
  for (const r of items) {
    const prev = old.get(r.mechanism);
    const row = structureRow(r, (prev?.version ?? 0) + 1, now);
    if (prev && structureKey(prev) === structureKey(row)) summary.unchanged++;
    else if (prev) {
      await tx.updateTable('structure').set(row).where('mechanism_id', '=', r.mechanism).execute();
      summary.updated++;
    } else {
      await tx.insertInto('structure').values(row).execute();
      summary.inserted++;
    }
    old.delete(r.mechanism);
  }
  for (const id of old.keys()) {
    await tx.deleteFrom('structure').where('mechanism_id', '=', id).execute();
    summary.removed++;
  }
  summary.changed = summary.inserted + summary.updated + summary.removed > 0;
  return summary;
}

export function allStructures(db: Kysely<DB>) {
  return db.selectFrom('structure').selectAll().orderBy('mechanism_id').execute();
}

/** What the structures comparison needs of the registry's mechanisms: when each was established, last seen active. */
export function mechanismYears(db: Kysely<DB>) {
  return db.selectFrom('mechanism').select(['id', 'established', 'last_evidence']).orderBy('id').execute();
}

// ---------------------------------------------------------------- partnerships (migration 0052)

const P_CHILDREN = ['partnership_organization', 'partnership_party', 'partnership_source'] as const;

function partnershipRows(p: PartnershipRecord, version: number, now: string) {
  const row: PartnershipTable = {
    id: p.id,
    kind: p.kind,
    mechanism_id: p.mechanism,
    organization_wording: p.organization_wording,
    mechanism_a: p.mechanism_a,
    mechanism_b: p.mechanism_b,
    role: p.role,
    years: p.years,
    first_year: p.first_year,
    last_year: p.last_year,
    ongoing: p.ongoing === null ? null : p.ongoing ? 1 : 0,
    compilation_note: p.compilation_note,
    version,
    updated_at: now,
  };
  return {
    row,
    organizations: p.organizations.map((organization_id, seq) => ({ partnership_id: p.id, organization_id, seq })),
    parties: p.other_parties.map((mechanism_id, seq) => ({ partnership_id: p.id, mechanism_id, seq })),
    sources: p.sources.map((source_id, seq) => ({ partnership_id: p.id, source_id, seq })),
  };
}

const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const partnershipKey = (x: PartnershipTable, children: { seq: number; [k: string]: unknown }[][]) =>
  JSON.stringify([
    {
      ...x,
      first_year: numOrNull(x.first_year),
      last_year: numOrNull(x.last_year),
      ongoing: numOrNull(x.ongoing),
      version: 0,
      updated_at: '',
    },
    children.map((rows) => rows.map((r) => ({ ...r, seq: Number(r.seq) }))),
  ]);

/** Write the partnerships of a validated file: new ones inserted, changed ones rewritten, missing ones removed. */
export async function applyPartnerships(
  tx: Transaction<DB>,
  items: readonly PartnershipRecord[],
  now: string,
): Promise<AchievementsLoadSummary> {
  const summary: AchievementsLoadSummary = { changed: false, inserted: 0, updated: 0, removed: 0, unchanged: 0 };
  const [old, orgs, parties, sources] = await Promise.all([
    tx.selectFrom('partnership').selectAll().execute(),
    tx.selectFrom('partnership_organization').selectAll().orderBy('partnership_id').orderBy('seq').execute(),
    tx.selectFrom('partnership_party').selectAll().orderBy('partnership_id').orderBy('seq').execute(),
    tx.selectFrom('partnership_source').selectAll().orderBy('partnership_id').orderBy('seq').execute(),
  ]);
  const group = <T extends { partnership_id: string }>(xs: T[]) => groupBy(xs, (x) => x.partnership_id);
  const [orgsOf, partiesOf, sourcesOf] = [group(orgs), group(parties), group(sources)];
  const oldById = new Map(old.map((r) => [r.id, r]));
  const seen = new Set<string>();
  for (const p of items) {
    seen.add(p.id);
    const prev = oldById.get(p.id);
    const next = partnershipRows(p, (prev?.version ?? 0) + 1, now);
    if (prev) {
      const was = partnershipKey(prev, [orgsOf.get(p.id) ?? [], partiesOf.get(p.id) ?? [], sourcesOf.get(p.id) ?? []]);
      if (was === partnershipKey(next.row, [next.organizations, next.parties, next.sources])) {
        summary.unchanged++;
        continue;
      }
      for (const t of P_CHILDREN) await tx.deleteFrom(t).where('partnership_id', '=', p.id).execute();
      await tx.updateTable('partnership').set(next.row).where('id', '=', p.id).execute();
      summary.updated++;
    } else {
      await tx.insertInto('partnership').values(next.row).execute();
      summary.inserted++;
    }
    if (next.organizations.length) await tx.insertInto('partnership_organization').values(next.organizations).execute();
    if (next.parties.length) await tx.insertInto('partnership_party').values(next.parties).execute();
    if (next.sources.length) await tx.insertInto('partnership_source').values(next.sources).execute();
  }
  for (const id of oldById.keys()) {
    if (seen.has(id)) continue;
    for (const t of P_CHILDREN) await tx.deleteFrom(t).where('partnership_id', '=', id).execute();
    await tx.deleteFrom('partnership').where('id', '=', id).execute();
    summary.removed++;
  }
  summary.changed = summary.inserted + summary.updated + summary.removed > 0;
  return summary;
}

/** Every partnership and its lists, in id and position order. */
export async function allPartnerships(db: Kysely<DB>) {
  const [rows, organizations, parties, sources] = await Promise.all([
    db.selectFrom('partnership').selectAll().orderBy('id').execute(),
    db.selectFrom('partnership_organization').selectAll().orderBy('partnership_id').orderBy('seq').execute(),
    db.selectFrom('partnership_party').selectAll().orderBy('partnership_id').orderBy('seq').execute(),
    db.selectFrom('partnership_source').selectAll().orderBy('partnership_id').orderBy('seq').execute(),
  ]);
  return { rows, organizations, parties, sources };
}
