/** The commitments' SQL: the reference load, the reads, the cycles and the follow-up updates. */
import type { Kysely, Transaction } from 'kysely';
import { groupBy } from '../../db/group.js';
import type { CommitmentUpdateTable, DB, ReportingCycleTable } from '../../db/schema.js';
import type { CommitmentsData } from './reference.js';

type Q = Kysely<DB> | Transaction<DB>;

export interface CommitmentsLoadSummary {
  changed: boolean;
  frameworks: number;
  nodes: number;
  commitments: number;
  updates: number;
}

/** Rows as one comparable value: each row's fields in name order, the rows sorted in JavaScript (not by collation). */
const canon = (groups: readonly (readonly object[])[]): string =>
  JSON.stringify(
    groups.map((rows) =>
      rows
        .map((r) =>
          JSON.stringify(
            Object.entries(r)
              .map(([k, v]) => [k, k === 'weight' ? Number(v) : v] as const)
              .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)),
          ),
        )
        .sort(),
    ),
  );

/** The reference rows in the database (what the file said at the last load, without versions and times). */
async function referenceKey(q: Q): Promise<string> {
  return canon(
    await Promise.all([
      q
        .selectFrom('commitment_framework')
        .select(['id', 'title', 'document_id', 'levels', 'public_note', 'compilation_note'])
        .execute(),
      q
        .selectFrom('commitment_node')
        .select(['framework_id', 'id', 'parent_id', 'level', 'code', 'title', 'weight', 'seq', 'source_url', 'read_on'])
        .execute(),
      q
        .selectFrom('commitment')
        .select([
          'id',
          'document_id',
          'paragraph',
          'framework_id',
          'node_id',
          'text',
          'weight',
          'source_url',
          'read_on',
        ])
        .execute(),
      q.selectFrom('commitment_mechanism').select(['commitment_id', 'mechanism_id']).execute(),
      q.selectFrom('commitment_country').select(['commitment_id', 'country_code']).execute(),
      q.selectFrom('commitment_theme').select(['commitment_id', 'theme_id']).execute(),
      q
        .selectFrom('commitment_update')
        .select([
          'id',
          'commitment_id',
          'country_code',
          'status',
          'progress',
          'on_date',
          'evidence_url',
          'note',
          'reviewed_at',
        ])
        .where('reported_by', '=', REFERENCE)
        .execute(),
    ]),
  );
}

/** The reporter of an update a source states (loaded with the reference data; accepted as read). */
export const REFERENCE = 'reference';

function rowsOf(data: CommitmentsData, now: string) {
  return {
    frameworks: data.frameworks.map((f) => ({
      id: f.id,
      title: f.title,
      document_id: f.document,
      levels: JSON.stringify(f.levels),
      public_note: f.public_note,
      compilation_note: f.compilation_note,
    })),
    nodes: data.frameworks.flatMap((f) =>
      f.nodes.map((n, seq) => ({
        framework_id: f.id,
        id: n.id,
        parent_id: n.parent,
        level: n.level,
        code: n.code,
        title: n.title,
        weight: n.weight,
        seq,
        source_url: n.source_url,
        read_on: n.read_on,
      })),
    ),
    commitments: data.commitments.map((c) => ({
      id: c.id,
      document_id: c.document,
      paragraph: c.paragraph,
      framework_id: c.framework,
      node_id: c.node,
      text: c.text,
      weight: c.weight,
      source_url: c.source_url,
      read_on: c.read_on,
    })),
    mechanisms: data.commitments.flatMap((c) =>
      [...c.mechanisms].sort().map((m) => ({ commitment_id: c.id, mechanism_id: m })),
    ),
    countries: data.commitments.flatMap((c) =>
      [...c.countries].sort().map((k) => ({ commitment_id: c.id, country_code: k })),
    ),
    themes: data.commitments.flatMap((c) => [...c.themes].sort().map((t) => ({ commitment_id: c.id, theme_id: t }))),
    updates: data.updates.map((u) => ({
      id: `ref-${u.id}`,
      commitment_id: u.commitment,
      country_code: u.country,
      status: u.status,
      progress: u.progress,
      on_date: u.date,
      evidence_url: u.evidence_url,
      note: u.note,
      reviewed_at: `${u.read_on}T00:00:00.000Z`,
    })),
    now,
  };
}

/**
 * Write the reference commitments in the loader's transaction. Unchanged files change nothing (compared as one
 * value); otherwise every reference row is written again. A commitment the file no longer has is removed only
 * when no State or secretariat has reported on it (their updates are never lost); it is kept otherwise.
 */
export async function applyCommitments(
  tx: Transaction<DB>,
  data: CommitmentsData,
  now: string,
): Promise<CommitmentsLoadSummary> {
  const r = rowsOf(data, now);
  const summary = {
    changed: false,
    frameworks: r.frameworks.length,
    nodes: r.nodes.length,
    commitments: r.commitments.length,
    updates: r.updates.length,
  };
  const want = canon([r.frameworks, r.nodes, r.commitments, r.mechanisms, r.countries, r.themes, r.updates]);
  // frameworks the database has but the file lacks are part of the difference too
  if ((await referenceKey(tx)) === want) return summary;
  summary.changed = true;
  const reported = new Set(
    (
      await tx.selectFrom('commitment_update').select('commitment_id').where('reported_by', '<>', REFERENCE).execute()
    ).map((u) => u.commitment_id),
  );
  const keep = new Set([...r.commitments.map((c) => c.id), ...reported]);
  const old = await tx.selectFrom('commitment').select(['id', 'version']).execute();
  const version = new Map(old.map((c) => [c.id, c.version]));
  await tx.deleteFrom('commitment_update').where('reported_by', '=', REFERENCE).execute();
  for (const t of ['commitment_mechanism', 'commitment_country', 'commitment_theme'] as const) {
    const ids = r.commitments.map((c) => c.id);
    if (ids.length) await tx.deleteFrom(t).where('commitment_id', 'in', ids).execute();
  }
  for (const c of old) {
    if (keep.has(c.id)) continue;
    for (const t of ['commitment_mechanism', 'commitment_country', 'commitment_theme'] as const)
      await tx.deleteFrom(t).where('commitment_id', '=', c.id).execute();
    await tx.deleteFrom('commitment').where('id', '=', c.id).execute();
  }
  const fws = await tx.selectFrom('commitment_framework').select(['id', 'version']).execute();
  const fwVersion = new Map(fws.map((f) => [f.id, f.version]));
  for (const f of r.frameworks) {
    const row = { ...f, version: (fwVersion.get(f.id) ?? 0) + 1, updated_at: now };
    if (fwVersion.has(f.id)) await tx.updateTable('commitment_framework').set(row).where('id', '=', f.id).execute();
    else await tx.insertInto('commitment_framework').values(row).execute();
  }
  await tx.deleteFrom('commitment_node').execute();
  if (r.nodes.length) await tx.insertInto('commitment_node').values(r.nodes).execute();
  for (const c of r.commitments) {
    const row = { ...c, version: (version.get(c.id) ?? 0) + 1, updated_at: now };
    if (version.has(c.id)) await tx.updateTable('commitment').set(row).where('id', '=', c.id).execute();
    else await tx.insertInto('commitment').values(row).execute();
  }
  if (r.mechanisms.length) await tx.insertInto('commitment_mechanism').values(r.mechanisms).execute();
  if (r.countries.length) await tx.insertInto('commitment_country').values(r.countries).execute();
  if (r.themes.length) await tx.insertInto('commitment_theme').values(r.themes).execute();
  // frameworks the file no longer has, once no commitment sits in them
  const used = new Set((await tx.selectFrom('commitment').select('framework_id').execute()).map((c) => c.framework_id));
  for (const f of fws)
    if (!r.frameworks.some((x) => x.id === f.id) && !used.has(f.id))
      await tx.deleteFrom('commitment_framework').where('id', '=', f.id).execute();
  for (const u of r.updates)
    await tx
      .insertInto('commitment_update')
      .values({
        ...u,
        cycle_id: null,
        evidence_document_id: null,
        reported_by: REFERENCE,
        review: 'accepted',
        review_comment: null,
        reviewed_by: REFERENCE,
        created_at: u.reviewed_at,
      })
      .execute();
  return summary;
}

// ---------------------------------------------------------------- reads

export const frameworks = (q: Q) => q.selectFrom('commitment_framework').selectAll().orderBy('id').execute();
export const framework = (q: Q, id: string) =>
  q.selectFrom('commitment_framework').selectAll().where('id', '=', id).executeTakeFirst();
export const nodes = (q: Q, frameworkId?: string) => {
  let s = q.selectFrom('commitment_node').selectAll();
  if (frameworkId !== undefined) s = s.where('framework_id', '=', frameworkId);
  return s.orderBy('framework_id').orderBy('seq').execute();
};

/** Every commitment with its mechanisms, countries and themes. */
export async function commitments(q: Q) {
  const [rows, mechanisms, countries, themes] = await Promise.all([
    q.selectFrom('commitment').selectAll().orderBy('id').execute(),
    q.selectFrom('commitment_mechanism').selectAll().orderBy('mechanism_id').execute(),
    q.selectFrom('commitment_country').selectAll().orderBy('country_code').execute(),
    q.selectFrom('commitment_theme').selectAll().orderBy('theme_id').execute(),
  ]);
  const group = <T extends { commitment_id: string }>(xs: T[], f: (x: T) => string) =>
    groupBy(xs, (x) => x.commitment_id, f);
  const [ms, cs, ts] = [
    group(mechanisms, (x) => x.mechanism_id),
    group(countries, (x) => x.country_code),
    group(themes, (x) => x.theme_id),
  ];
  return rows.map((r) => ({
    ...r,
    weight: Number(r.weight),
    mechanisms: ms.get(r.id) ?? [],
    countries: cs.get(r.id) ?? [],
    themes: ts.get(r.id) ?? [],
  }));
}
export type CommitmentRow = Awaited<ReturnType<typeof commitments>>[number];

/** Updates by review state (all when none is given), oldest first. */
export function updates(q: Q, filter: { review?: string; commitment?: string; cycle?: string } = {}) {
  let s = q.selectFrom('commitment_update').selectAll();
  if (filter.review) s = s.where('review', '=', filter.review);
  if (filter.commitment) s = s.where('commitment_id', '=', filter.commitment);
  if (filter.cycle) s = s.where('cycle_id', '=', filter.cycle);
  return s.orderBy('created_at').orderBy('id').execute();
}
export const update = (q: Q, id: string) =>
  q.selectFrom('commitment_update').selectAll().where('id', '=', id).executeTakeFirst();
export const insertUpdate = (q: Q, row: CommitmentUpdateTable) =>
  q.insertInto('commitment_update').values(row).execute();
/** Review a submitted update; 0 rows when it is no longer submitted (reviewed meanwhile). */
export const reviewUpdate = (
  q: Q,
  id: string,
  set: Pick<CommitmentUpdateTable, 'review' | 'review_comment' | 'reviewed_by' | 'reviewed_at'>,
) =>
  q.updateTable('commitment_update').set(set).where('id', '=', id).where('review', '=', 'submitted').executeTakeFirst();

export const cycles = (q: Q, mechanism?: string) => {
  let s = q.selectFrom('reporting_cycle').selectAll();
  if (mechanism) s = s.where('mechanism_id', '=', mechanism);
  return s.orderBy('opened_on', 'desc').orderBy('id').execute();
};
export const cycle = (q: Q, id: string) =>
  q.selectFrom('reporting_cycle').selectAll().where('id', '=', id).executeTakeFirst();
export const insertCycle = (q: Q, row: ReportingCycleTable) => q.insertInto('reporting_cycle').values(row).execute();

/** The latest change of the public commitment data (reference rows, accepted updates), for the sitemap. */
export async function lastChanged(q: Q): Promise<string | null> {
  const [c, u] = await Promise.all([
    q
      .selectFrom('commitment')
      .select((e) => e.fn.max('updated_at').as('at'))
      .executeTakeFirst(),
    q
      .selectFrom('commitment_update')
      .select((e) => e.fn.max('reviewed_at').as('at'))
      .where('review', '=', 'accepted')
      .executeTakeFirst(),
  ]);
  const xs = [c?.at, u?.at].filter((x): x is string => typeof x === 'string');
  return xs.length ? xs.sort().at(-1)! : null;
}
