/** The meetings' queries: the only place with meetings SQL. Same code on SQLite and PostgreSQL. */
import type { Kysely, Transaction } from 'kysely';
import type {
  DB,
  MeetingAgendaItemTable,
  MeetingCoverageTable,
  MeetingDocumentTable,
  MeetingParticipantTable,
  MeetingTable,
} from '../db/schema.js';
import type { MeetingsFile } from './reference.js';

export interface MeetingsLoadSummary {
  changed: boolean;
  series: number;
  inserted: number;
  updated: number;
  removed: number;
  unchanged: number;
  coverageChanged: boolean;
}

const CHILD_TABLES = ['meeting_participant', 'meeting_agenda_item', 'meeting_document'] as const;

/** Write the meetings of a validated dataset; unchanged meetings are left alone (loading twice changes nothing). */
/** Replaces the per-mechanism meeting coverage with the file's; true when anything changed. */
async function applyCoverage(tx: Transaction<DB>, coverage: NonNullable<MeetingsFile['coverage']>): Promise<boolean> {
  const rows: MeetingCoverageTable[] = coverage
    .map((c) => ({
      mechanism_id: c.mechanism,
      complete: c.complete ? 1 : 0,
      checked: c.checked,
      gaps: c.gaps,
      note: c.note,
    }))
    .sort((a, b) => (a.mechanism_id < b.mechanism_id ? -1 : 1));
  const old = await tx.selectFrom('meeting_coverage').selectAll().orderBy('mechanism_id').execute();
  if (JSON.stringify(old) === JSON.stringify(rows)) return false;
  await tx.deleteFrom('meeting_coverage').execute();
  if (rows.length) await tx.insertInto('meeting_coverage').values(rows).execute();
  return true;
}

/** The meeting coverage of every mechanism that has one. */
export function allCoverage(db: Kysely<DB>): Promise<MeetingCoverageTable[]> {
  return db.selectFrom('meeting_coverage').selectAll().orderBy('mechanism_id').execute();
}

export async function applyMeetings(
  tx: Transaction<DB>,
  file: MeetingsFile,
  now: string,
): Promise<MeetingsLoadSummary> {
  const summary: MeetingsLoadSummary = {
    changed: false,
    series: 0,
    inserted: 0,
    updated: 0,
    removed: 0,
    unchanged: 0,
    coverageChanged: false,
  };
  const oldSeries = new Map((await tx.selectFrom('meeting_series').selectAll().execute()).map((s) => [s.id, s]));
  for (const s of file.series) {
    const row = {
      id: s.id,
      name: s.name,
      note: s.note,
      sources: JSON.stringify(s.sources),
      compilation_note: s.compilation_note ?? null,
    };
    const old = oldSeries.get(s.id);
    if (!old) await tx.insertInto('meeting_series').values(row).execute();
    else if (JSON.stringify(old) !== JSON.stringify(row))
      await tx.updateTable('meeting_series').set(row).where('id', '=', s.id).execute();
    else continue;
    summary.series++;
  }

  const old = new Map((await tx.selectFrom('meeting').selectAll().execute()).map((m) => [m.id, m]));
  const children = async (id: string) =>
    JSON.stringify(
      await Promise.all([
        tx.selectFrom('meeting_participant').selectAll().where('meeting_id', '=', id).orderBy('seq').execute(),
        tx.selectFrom('meeting_agenda_item').selectAll().where('meeting_id', '=', id).orderBy('order').execute(),
        tx.selectFrom('meeting_document').selectAll().where('meeting_id', '=', id).orderBy('seq').execute(),
      ]),
    );
  const seen = new Set<string>();
  for (const m of file.meetings) {
    seen.add(m.id);
    const prev = old.get(m.id);
    // A meeting edited in ISCM Hub is the registry's own now: the reference data does not overwrite it.
    if (prev?.edited_at) {
      summary.unchanged++;
      continue;
    }
    const row: MeetingTable = {
      id: m.id,
      series_id: m.series,
      mechanism_id: m.mechanism,
      ordinal: m.ordinal,
      title: m.title,
      kind: m.kind,
      start: m.start,
      end: m.end,
      city: m.city,
      country_code: m.country,
      online: m.online ? 1 : 0,
      host: m.host,
      theme: m.theme,
      status: m.status,
      reported_counts: JSON.stringify(m.reported_counts),
      sources: JSON.stringify(m.sources),
      unverified_fields: JSON.stringify(m.unverified_fields),
      notes: m.notes,
      version: (prev?.version ?? 0) + 1,
      updated_at: now,
      edited_at: null,
      compilation_note: m.compilation_note ?? null,
    };
    const participants: MeetingParticipantTable[] = m.participants.map((p, seq) => ({
      meeting_id: m.id,
      seq,
      mechanism_id: p.mechanism,
      country_code: p.country,
      organization_id: p.organization,
      name_in_source: p.name_in_source,
      role: p.role,
      sources: JSON.stringify(p.sources),
    }));
    const agenda: MeetingAgendaItemTable[] = m.agenda.map((a) => ({
      meeting_id: m.id,
      order: a.order,
      title: a.title,
      time: a.time,
      speakers: JSON.stringify(a.speakers),
    }));
    const documents: MeetingDocumentTable[] = m.documents.map((d, seq) => ({
      meeting_id: m.id,
      seq,
      title: d.title,
      kind: d.kind,
      date: d.date,
      language: d.language,
      url: d.url,
      sources: JSON.stringify(d.sources),
    }));
    if (prev) {
      const same =
        JSON.stringify({ ...prev, version: 0, updated_at: '' }) ===
          JSON.stringify({ ...row, version: 0, updated_at: '' }) &&
        (await children(m.id)) ===
          JSON.stringify([participants, [...agenda].sort((a, b) => a.order - b.order), documents]);
      if (same) {
        summary.unchanged++;
        continue;
      }
      for (const t of CHILD_TABLES) await tx.deleteFrom(t).where('meeting_id', '=', m.id).execute();
      await tx.updateTable('meeting').set(row).where('id', '=', m.id).execute();
      summary.updated++;
    } else {
      await tx.insertInto('meeting').values(row).execute();
      summary.inserted++;
    }
    if (participants.length) await tx.insertInto('meeting_participant').values(participants).execute();
    if (agenda.length) await tx.insertInto('meeting_agenda_item').values(agenda).execute();
    if (documents.length) await tx.insertInto('meeting_document').values(documents).execute();
  }
  for (const [id, prev] of old) {
    if (seen.has(id) || prev.edited_at) continue;
    for (const t of CHILD_TABLES) await tx.deleteFrom(t).where('meeting_id', '=', id).execute();
    await tx.deleteFrom('meeting').where('id', '=', id).execute();
    summary.removed++;
  }
  summary.coverageChanged = await applyCoverage(tx, file.coverage ?? []);
  summary.changed =
    summary.series + summary.inserted + summary.updated + summary.removed > 0 || summary.coverageChanged;
  return summary;
}

export function allMeetings(db: Kysely<DB>) {
  return db.selectFrom('meeting').selectAll().orderBy('start').orderBy('id').execute();
}

export function meetingById(db: Kysely<DB>, id: string) {
  return db.selectFrom('meeting').selectAll().where('id', '=', id).executeTakeFirst();
}

export function allParticipants(db: Kysely<DB>) {
  return db.selectFrom('meeting_participant').selectAll().orderBy('meeting_id').orderBy('seq').execute();
}

export function agenda(db: Kysely<DB>, meetingId: string) {
  return db
    .selectFrom('meeting_agenda_item')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .orderBy('order')
    .execute();
}

export function documents(db: Kysely<DB>, meetingId?: string) {
  let q = db.selectFrom('meeting_document').selectAll().orderBy('meeting_id').orderBy('seq');
  if (meetingId) q = q.where('meeting_id', '=', meetingId);
  return q.execute();
}

export function allSeries(db: Kysely<DB>) {
  return db.selectFrom('meeting_series').selectAll().orderBy('id').execute();
}
