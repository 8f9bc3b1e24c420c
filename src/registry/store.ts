/** The registry's queries: the only place with SQL. Same code on SQLite and PostgreSQL. */
import { randomUUID } from 'node:crypto';
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { CountryTable, DB, MechanismPeriodTable, MechanismTable, ParticipationTable } from '../db/schema.js';
import type { MechanismRecord, ParticipationRecord, RegistryData, ReportedData, SourceRecord } from './reference.js';
import { isMirror, siteOf } from './sources.js';

type Q = Kysely<DB> | Transaction<DB>;

function chunks<T>(rows: T[], size = 400): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

async function insertAll<T extends keyof DB>(q: Q, table: T, rows: Insertable<DB[T]>[]): Promise<void> {
  for (const part of chunks(rows)) {
    if (part.length) await q.insertInto(table).values(part).execute();
  }
}

export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

// ---------------------------------------------------------------- writing the reference dataset

export interface LoadSummary {
  changed: boolean;
  countries: number;
  mechanismsInserted: number;
  mechanismsUpdated: number;
  participationInserted: number;
  participationSuperseded: number;
  participationUnchanged: number;
  snapshotsReplaced: boolean;
}

function mechanismRow(m: MechanismRecord, now: string, version: number): MechanismTable {
  return {
    id: m.id,
    name: m.name,
    acronym: m.acronym,
    established: m.established,
    region: m.region,
    objectives: null,
    structure: m.structure,
    chair_model: m.chair_model,
    secretariat_text: m.secretariat?.text ?? null,
    secretariat_org: m.secretariat?.organization ?? null,
    website: m.website,
    membership_note: m.membership_note,
    members_complete: m.members_complete === null ? null : m.members_complete ? 1 : 0,
    member_groups: JSON.stringify(m.member_groups),
    key_outputs: JSON.stringify(m.key_outputs),
    unverified_fields: JSON.stringify(m.unverified_fields),
    supporting_orgs: JSON.stringify(m.supporting_organizations),
    last_evidence: m.last_evidence_of_activity,
    notes: m.notes,
    version,
    updated_at: now,
    edited_fields: '[]',
    chair_current: null,
    chair_since: null,
    common_name: m.common_name ?? null,
    common_name_source: m.common_name_source ?? null,
    official_names: JSON.stringify(m.official_names ?? {}),
    membership_basis: JSON.stringify(m.membership_basis ?? []),
    // Last, in the order the columns were added (0015, then 0016): a reload compares rows as JSON, in column order.
    observers_complete: m.observers_complete == null ? null : m.observers_complete ? 1 : 0,
    compilation_note: m.compilation_note ?? null,
    membership_compilation_note: m.membership_compilation_note ?? null,
  };
}

/** A source row: site, date and mirror flag from the dataset, or computed from the URL for older datasets. */
export function sourceRow(s: SourceRecord) {
  return {
    id: s.id,
    url: s.url,
    title: s.title,
    publisher: s.publisher,
    accessed: s.accessed,
    site: s.site ?? siteOf(s.url),
    date: s.date ?? s.accessed,
    date_basis: s.date_basis ?? (s.accessed === null ? null : 'accessed'),
    mirror: (s.mirror ?? isMirror(s.url)) ? 1 : 0,
    lists: JSON.stringify(s.lists ?? []),
  };
}

function periodRows(m: MechanismRecord, kind: 'levels' | 'statuses'): MechanismPeriodTable[] {
  if (kind === 'levels') {
    return m.levels.map((l, seq) => ({
      mechanism_id: m.id,
      seq,
      value: l.level,
      start: l.start,
      end: l.end,
      end_not_before: l.end_not_before,
      confidence: null,
      note: l.note,
      sources: JSON.stringify(l.sources),
      compilation_note: l.compilation_note ?? null,
    }));
  }
  return m.statuses.map((s, seq) => ({
    mechanism_id: m.id,
    seq,
    value: s.status,
    start: s.start,
    end: s.end,
    end_not_before: s.end_not_before,
    confidence: s.confidence,
    note: s.note,
    sources: JSON.stringify(s.sources),
    compilation_note: s.compilation_note ?? null,
  }));
}

type ParticipationContent = Omit<
  ParticipationTable,
  'row_id' | 'recorded_at' | 'recorded_by' | 'superseded_at' | 'version'
>;

function participationContent(r: ParticipationRecord): ParticipationContent {
  return {
    id: r.id,
    mechanism_id: r.mechanism,
    country_code: r.country,
    organization_id: r.organization,
    party_label: r.party_label,
    name_in_source: r.name_in_source,
    role: r.role,
    start: r.start,
    start_not_before: r.start_not_before,
    start_basis: r.start_basis,
    end: r.end,
    end_not_before: r.end_not_before,
    end_cause: r.end_cause,
    first_attested: r.first_attested,
    via_group: r.via_group,
    verification: r.verification,
    sources: JSON.stringify(r.sources),
    note: r.note,
    attestation: r.attestation ?? null,
    via_bloc: r.via_bloc ? JSON.stringify(r.via_bloc) : null,
    compilation_note: r.compilation_note ?? null,
  };
}

const CONTENT_KEYS = Object.keys(
  participationContent({
    id: '',
    mechanism: '',
    country: null,
    organization: null,
    party_label: null,
    name_in_source: null,
    role: 'member',
    start: null,
    start_not_before: null,
    start_basis: null,
    end: null,
    end_not_before: null,
    end_cause: null,
    first_attested: null,
    via_group: null,
    verification: 'sourced',
    sources: [] as string[],
    note: null,
  }),
) as (keyof ParticipationContent)[];

function sameContent(a: ParticipationContent, b: ParticipationContent): boolean {
  return CONTENT_KEYS.every((k) => a[k] === b[k]);
}

export const REFERENCE_ACTOR = 'reference-dataset';

/**
 * Write a validated dataset in one transaction. Unchanged records are left alone; a changed
 * participation record is superseded (record time), never overwritten; a record no longer in the
 * dataset is superseded without a successor.
 */
export async function applyReference(
  tx: Transaction<DB>,
  ds: RegistryData,
  countries: CountryTable[],
  now: string,
): Promise<LoadSummary> {
  {
    const summary: LoadSummary = {
      changed: false,
      countries: 0,
      mechanismsInserted: 0,
      mechanismsUpdated: 0,
      participationInserted: 0,
      participationSuperseded: 0,
      participationUnchanged: 0,
      snapshotsReplaced: false,
    };

    // Look-up tables: insert what is missing, update what differs.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one generic helper over four look-up tables
    const loose = tx as unknown as Transaction<any>;
    const sync = async (table: 'country' | 'source' | 'theme' | 'organization', key: 'code' | 'id', rows: object[]) => {
      const existing = new Map(
        ((await loose.selectFrom(table).selectAll().execute()) as Record<string, unknown>[]).map((r) => [
          r[key] as string,
          r,
        ]),
      );
      const fresh: object[] = [];
      let changed = 0;
      for (const row of rows as Record<string, unknown>[]) {
        const k = row[key] as string;
        const old = existing.get(k);
        if (!old) fresh.push(row);
        else if (JSON.stringify(old) !== JSON.stringify(row)) {
          await loose.updateTable(table).set(row).where(key, '=', k).execute();
          changed++;
        }
      }
      // on conflict do nothing: a source an edit registered meanwhile (same id, same URL) is already there.
      for (const part of chunks(fresh))
        if (part.length)
          await loose
            .insertInto(table)
            .values(part)
            .onConflict((oc) => oc.doNothing())
            .execute();
      return fresh.length + changed;
    };
    summary.countries = await sync('country', 'code', countries);
    let touched = summary.countries;
    touched += await sync('source', 'id', ds.sources.map(sourceRow));
    touched += await sync(
      'theme',
      'id',
      ds.themes.map((t) => ({
        id: t.id,
        name_en: t.name.en,
        name_fr: t.name.fr,
        name_es: t.name.es,
        description_en: t.description.en,
      })),
    );
    touched += await sync(
      'organization',
      'id',
      ds.organizations.map((o) => ({ id: o.id, name: o.name, acronym: o.acronym, kind: o.kind, note: o.note })),
    );

    // Mechanisms: compare the row and its children as one document.
    const oldRows = new Map((await tx.selectFrom('mechanism').selectAll().execute()).map((r) => [r.id, r]));
    const childrenOf = async () => {
      const docs = new Map<string, string[]>();
      const add = (id: string, v: unknown) => {
        const l = docs.get(id) ?? [];
        l.push(JSON.stringify(v));
        docs.set(id, l);
      };
      for (const r of await tx.selectFrom('mechanism_name').selectAll().orderBy('slug').execute())
        add(r.mechanism_id, r);
      for (const r of await tx
        .selectFrom('mechanism_level')
        .selectAll()
        .orderBy('mechanism_id')
        .orderBy('seq')
        .execute())
        add(r.mechanism_id, ['L', r]);
      for (const r of await tx
        .selectFrom('mechanism_status')
        .selectAll()
        .orderBy('mechanism_id')
        .orderBy('seq')
        .execute())
        add(r.mechanism_id, ['S', r]);
      for (const r of await tx
        .selectFrom('mechanism_theme')
        .selectAll()
        .orderBy('mechanism_id')
        .orderBy('seq')
        .execute())
        add(r.mechanism_id, r);
      for (const r of await tx
        .selectFrom('mechanism_source')
        .selectAll()
        .orderBy('mechanism_id')
        .orderBy('seq')
        .execute())
        add(r.mechanism_id, r);
      return docs;
    };
    const oldChildren = await childrenOf();
    for (const m of ds.mechanisms) {
      const names = [...new Map(m.names.map((n) => [slugify(n.name), n])).entries()]
        .filter(([slug]) => slug && slug !== m.id)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([slug, n]) => ({ mechanism_id: m.id, slug, name: n.name, kind: n.kind, note: n.note }));
      const levels = periodRows(m, 'levels');
      const old = oldRows.get(m.id);
      // A status history edited in ISCM Hub is the registry's own now: the reference data does not overwrite it.
      const statuses =
        old && (JSON.parse(old.edited_fields) as string[]).includes('statuses')
          ? await tx
              .selectFrom('mechanism_status')
              .selectAll()
              .where('mechanism_id', '=', m.id)
              .orderBy('seq')
              .execute()
          : periodRows(m, 'statuses');
      const themes = m.themes.map((t, seq) => ({ mechanism_id: m.id, seq, theme_id: t.theme, wording: t.wording }));
      const sources = m.sources.map((source_id, seq) => ({ mechanism_id: m.id, seq, source_id }));
      const children = [
        ...names.map((r) => JSON.stringify(r)),
        ...levels.map((r) => JSON.stringify(['L', r])),
        ...statuses.map((r) => JSON.stringify(['S', r])),
        ...themes.map((r) => JSON.stringify(r)),
        ...sources.map((r) => JSON.stringify(r)),
      ];
      const row = mechanismRow(m, now, (old?.version ?? 0) + 1);
      // Fields edited in ISCM Hub are the registry's own now: the reference data does not overwrite them.
      if (old) {
        const edited = JSON.parse(old.edited_fields) as (keyof MechanismTable)[];
        Object.assign(row, Object.fromEntries(edited.map((f) => [f, old[f]])), {
          edited_fields: old.edited_fields,
          chair_current: old.chair_current,
          chair_since: old.chair_since,
        });
      }
      const sameRow =
        old !== undefined &&
        JSON.stringify({ ...old, version: 0, updated_at: '' }) ===
          JSON.stringify({ ...row, version: 0, updated_at: '' });
      const sameChildren = JSON.stringify(oldChildren.get(m.id) ?? []) === JSON.stringify(children);
      if (sameRow && sameChildren) continue;
      if (old) {
        await tx.updateTable('mechanism').set(row).where('id', '=', m.id).execute();
        for (const t of [
          'mechanism_name',
          'mechanism_level',
          'mechanism_status',
          'mechanism_theme',
          'mechanism_source',
        ] as const) {
          await tx.deleteFrom(t).where('mechanism_id', '=', m.id).execute();
        }
        summary.mechanismsUpdated++;
      } else {
        await tx.insertInto('mechanism').values(row).execute();
        summary.mechanismsInserted++;
      }
      await insertAll(tx, 'mechanism_name', names);
      await insertAll(tx, 'mechanism_level', levels);
      await insertAll(tx, 'mechanism_status', statuses);
      await insertAll(tx, 'mechanism_theme', themes);
      await insertAll(tx, 'mechanism_source', sources);
    }

    // Participation: bitemporal. Compare with the current version of each logical record.
    const current = new Map(
      (await tx.selectFrom('participation').selectAll().where('superseded_at', 'is', null).execute()).map((r) => [
        r.id,
        r,
      ]),
    );
    const inserts: (ParticipationContent & {
      row_id: string;
      recorded_at: string;
      recorded_by: string;
      superseded_at: null;
      version: number;
    })[] = [];
    const supersede: string[] = [];
    const seen = new Set<string>();
    for (const rec of ds.participation) {
      seen.add(rec.id);
      const content = participationContent(rec);
      const old = current.get(rec.id);
      // A record edited in ISCM Hub since it was seeded is the registry's own now: the reference data does not overwrite it.
      if (old && (old.recorded_by !== REFERENCE_ACTOR || sameContent(old, content))) {
        summary.participationUnchanged++;
        continue;
      }
      if (old) supersede.push(old.row_id);
      inserts.push({
        ...content,
        row_id: randomUUID(),
        recorded_at: now,
        recorded_by: REFERENCE_ACTOR,
        superseded_at: null,
        version: (old?.version ?? 0) + 1,
      });
    }
    for (const old of current.values()) {
      if (!seen.has(old.id) && old.recorded_by === REFERENCE_ACTOR) supersede.push(old.row_id);
    }
    for (const part of chunks(supersede)) {
      await tx.updateTable('participation').set({ superseded_at: now }).where('row_id', 'in', part).execute();
    }
    await insertAll(tx, 'participation', inserts);
    summary.participationInserted = inserts.length;
    summary.participationSuperseded = supersede.length;

    // Snapshots are evidence lists: replaced as a whole when they differ.
    const snapshots = ds.snapshots.map((s) => ({
      id: s.id,
      mechanism_id: s.mechanism,
      as_of: s.as_of,
      role: s.role,
      list_type: s.list_type,
      complete: s.complete ? 1 : 0,
      stated_count: s.stated_count,
      source_id: s.source,
      note: s.note,
      member_groups: s.member_groups === null ? null : JSON.stringify(s.member_groups),
      parties: JSON.stringify(s.parties),
    }));
    const oldSnapshots = await tx.selectFrom('snapshot').selectAll().orderBy('id').execute();
    const sortedNew = [...snapshots].sort((a, b) => (a.id < b.id ? -1 : 1));
    if (JSON.stringify(oldSnapshots) !== JSON.stringify(sortedNew)) {
      await tx.deleteFrom('snapshot').execute();
      await insertAll(tx, 'snapshot', sortedNew);
      summary.snapshotsReplaced = true;
    }

    summary.changed =
      touched > 0 ||
      summary.mechanismsInserted + summary.mechanismsUpdated + inserts.length + supersede.length > 0 ||
      summary.snapshotsReplaced;
    return summary;
  }
}

/** Record a load that changed something: the data version every cache follows. */
// ---------------------------------------------------------------- reading

export async function datasetVersion(db: Kysely<DB>): Promise<string | null> {
  const row = await db
    .selectFrom('dataset_load')
    .select(['id', 'loaded_at'])
    .orderBy('loaded_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? `${row.loaded_at}/${row.id}` : null;
}

export async function countMechanisms(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('mechanism')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function allMechanisms(db: Kysely<DB>) {
  return db.selectFrom('mechanism').selectAll().orderBy('name').execute();
}

export async function canonicalMechanismId(db: Kysely<DB>, slug: string): Promise<string | null> {
  const row = await db.selectFrom('mechanism_name').select('mechanism_id').where('slug', '=', slug).executeTakeFirst();
  return row?.mechanism_id ?? null;
}

export function mechanismNames(db: Kysely<DB>) {
  return db.selectFrom('mechanism_name').selectAll().orderBy('mechanism_id').orderBy('slug').execute();
}

export function periods(db: Kysely<DB>, table: 'mechanism_level' | 'mechanism_status') {
  return db.selectFrom(table).selectAll().orderBy('mechanism_id').orderBy('seq').execute();
}

export function mechanismThemes(db: Kysely<DB>) {
  return db.selectFrom('mechanism_theme').selectAll().orderBy('mechanism_id').orderBy('seq').execute();
}

export function mechanismSources(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('mechanism_source')
    .innerJoin('source', 'source.id', 'mechanism_source.source_id')
    .select([
      'source.id',
      'source.url',
      'source.title',
      'source.publisher',
      'source.accessed',
      'source.site',
      'source.date',
      'source.date_basis',
      'source.mirror',
      'source.lists',
    ])
    .where('mechanism_source.mechanism_id', '=', id)
    .orderBy('mechanism_source.seq')
    .execute();
}

export async function mechanismsCitingSource(db: Kysely<DB>, sourceId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('mechanism_source')
    .select('mechanism_id')
    .distinct()
    .where('source_id', '=', sourceId)
    .orderBy('mechanism_id')
    .execute();
  return rows.map((r) => r.mechanism_id);
}

export interface ParticipationFilter {
  mechanism?: string | undefined;
  country?: string | undefined;
  organization?: string | undefined;
  role?: string | undefined;
  /** Record time: what the registry said at this instant (ISO timestamp). Default: now. */
  knownAt?: string | undefined;
}

export function participation(db: Kysely<DB>, f: ParticipationFilter = {}) {
  let q = db.selectFrom('participation').selectAll();
  if (f.knownAt) {
    const at = f.knownAt;
    q = q
      .where('recorded_at', '<=', at)
      .where((eb) => eb.or([eb('superseded_at', 'is', null), eb('superseded_at', '>', at)]));
  } else {
    q = q.where('superseded_at', 'is', null);
  }
  if (f.mechanism) q = q.where('mechanism_id', '=', f.mechanism);
  if (f.country) q = q.where('country_code', '=', f.country);
  if (f.organization) q = q.where('organization_id', '=', f.organization);
  if (f.role) q = q.where('role', '=', f.role);
  return q.orderBy('mechanism_id').orderBy('role').orderBy('id').execute();
}

export function participationHistory(db: Kysely<DB>, id: string) {
  return db.selectFrom('participation').selectAll().where('id', '=', id).orderBy('recorded_at').execute();
}

export function countryByCode(db: Kysely<DB>, code: string) {
  return db.selectFrom('country').selectAll().where('code', '=', code).executeTakeFirst();
}

export function organizations(db: Kysely<DB>) {
  return db.selectFrom('organization').selectAll().orderBy('id').execute();
}

export function themes(db: Kysely<DB>) {
  return db.selectFrom('theme').selectAll().orderBy('id').execute();
}

/** Every source, by id. */
export function allSources(db: Kysely<DB>) {
  return db.selectFrom('source').selectAll().orderBy('id').execute();
}

export function sourcesByIds(db: Kysely<DB>, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('source').selectAll().where('id', 'in', ids).execute();
}

export function snapshots(db: Kysely<DB>, mechanism?: string) {
  let q = db.selectFrom('snapshot').selectAll().orderBy('mechanism_id').orderBy('as_of');
  if (mechanism) q = q.where('mechanism_id', '=', mechanism);
  return q.execute();
}

export function currentParticipation(q: Q, id: string) {
  return q
    .selectFrom('participation')
    .selectAll()
    .where('id', '=', id)
    .where('superseded_at', 'is', null)
    .executeTakeFirst();
}

/**
 * Publish a new version of a participation record: the current row is superseded only if it is
 * still the version the change was based on (checked in the UPDATE itself, so two writers — in one
 * process or several — can never both succeed). Returns false when the record moved on.
 */
export async function supersedeParticipation(
  tx: Transaction<DB>,
  baseVersion: number,
  next: Insertable<ParticipationTable>,
  now: string,
): Promise<boolean> {
  const res = await tx
    .updateTable('participation')
    .set({ superseded_at: now })
    .where('id', '=', next.id)
    .where('superseded_at', 'is', null)
    .where('version', '=', baseVersion)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) return false;
  await tx
    .insertInto('participation')
    .values({ ...next, version: baseVersion + 1 })
    .execute();
  return true;
}

export async function ensureSource(
  tx: Transaction<DB>,
  row: { id: string; url: string; publisher: string | null; accessed: string },
): Promise<void> {
  // insert … on conflict do nothing (any unique key: id or url): two writers citing the same new URL at once both succeed.
  await tx
    .insertInto('source')
    .values({
      ...row,
      title: null,
      site: siteOf(row.url),
      date: row.accessed,
      date_basis: 'accessed',
      mirror: isMirror(row.url) ? 1 : 0,
      lists: '[]',
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** The data version caches follow (db/data-version.ts reads it). */
export { readDataVersion as dataVersion } from '../db/data-version.js';

// ---------------------------------------------------------------- reported figures and lists

/** Replace the reported figures and lists as a whole when they differ; true when something changed. */
export async function applyReported(tx: Transaction<DB>, ds: ReportedData): Promise<boolean> {
  const figures = ds.reportedFigures
    .map((f) => ({
      id: f.id,
      value: f.value,
      comparator: f.comparator,
      counts: f.counts,
      date: f.date,
      scope: f.scope,
      reported_by: f.reported_by,
      source_id: f.source,
      quote: f.quote,
      quote_kind: f.quote_kind,
      quoted_in: f.quoted_in,
      note: f.note,
    }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const lists = ds.reportedLists
    .map((l) => ({
      id: l.id,
      title: l.title,
      reported_by: l.reported_by,
      figure_id: l.figure,
      date: l.date,
      date_note: l.date_note,
      entries: JSON.stringify(l.entries),
      note: l.note,
    }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const [oldFigures, oldLists] = await Promise.all([
    tx.selectFrom('reported_figure').selectAll().orderBy('id').execute(),
    tx.selectFrom('reported_list').selectAll().orderBy('id').execute(),
  ]);
  if (JSON.stringify(oldFigures) === JSON.stringify(figures) && JSON.stringify(oldLists) === JSON.stringify(lists))
    return false;
  await tx.deleteFrom('reported_list').execute();
  await tx.deleteFrom('reported_figure').execute();
  await insertAll(tx, 'reported_figure', figures);
  await insertAll(tx, 'reported_list', lists);
  return true;
}

export function reportedFigures(db: Kysely<DB>) {
  return db.selectFrom('reported_figure').selectAll().orderBy('date').orderBy('id').execute();
}

export function reportedLists(db: Kysely<DB>) {
  return db.selectFrom('reported_list').selectAll().orderBy('id').execute();
}
