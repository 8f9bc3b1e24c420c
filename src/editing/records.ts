/**
 * The three kinds of editable record — participation, mechanism, meeting — seen the same way by the
 * editing service: read the current state (with its version), write a next state only if the
 * current one is still the version it was based on (checked inside the write, so two writers can
 * never both succeed), and show a state as labelled fields for a diff. A participation write
 * supersedes (record time); nothing in the participation history is ever deleted.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB, MechanismPeriodTable, MechanismTable, MeetingTable, ParticipationRow } from '../db/schema.js';
import * as registryStore from '../registry/store.js';

type Q = Kysely<DB> | Transaction<DB>;

export class EditError extends Error {
  constructor(readonly statusCode: number, message: string, readonly field?: string) { super(message); }
}

export const RECORD_TYPES = ['participation', 'mechanism', 'meeting'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

/** A field-by-field view of a state, for diffs: label key → displayed value ('' for none). */
export type View = Record<string, string>;

export interface Adapter<S extends { version: number }> {
  read(q: Q, id: string): Promise<S | null>;
  /** Write `next` over `base` (null: create / remove); returns the new version. Throws 412 when the record moved on. */
  write(tx: Transaction<DB>, id: string, base: S | null, next: S | null, ctx: { actor: string; now: string }): Promise<number>;
  mechanismOf(s: S): string | null;
  view(s: S | null): View;
}

const list = (json: string) => (JSON.parse(json) as string[]).join(', ');
const moved = (id: string, base: number) => new EditError(412, `the record ${id} changed since this change was based on it (version ${base})`, 'If-Match');

// ---------------------------------------------------------------------------------------------
// participation

export type ParticipationState = Omit<ParticipationRow, 'row_id' | 'recorded_at' | 'recorded_by' | 'superseded_at'>;

export const participation: Adapter<ParticipationState> = {
  async read(q, id) {
    const row = await registryStore.currentParticipation(q, id);
    if (!row) return null;
    const { row_id: _r, recorded_at: _a, recorded_by: _b, superseded_at: _s, ...state } = row;
    return state;
  },
  async write(tx, id, base, next, { actor, now }) {
    if (base === null) {
      if (next === null) return 0;
      // A new record, or one withdrawn earlier (a reverted addition) coming back with its next version.
      const rows = await tx.selectFrom('participation').select(['version', 'superseded_at']).where('id', '=', id).execute();
      if (rows.some((r) => r.superseded_at === null)) throw new EditError(409, `a participation record ${id} exists already`);
      const version = Math.max(0, ...rows.map((r) => r.version)) + 1;
      await tx.insertInto('participation').values({ ...next, version, row_id: randomUUID(), recorded_at: now, recorded_by: actor, superseded_at: null }).execute();
      return version;
    }
    if (next === null) {
      const res = await tx.updateTable('participation').set({ superseded_at: now })
        .where('id', '=', id).where('superseded_at', 'is', null).where('version', '=', base.version).executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw moved(id, base.version);
      return base.version + 1;
    }
    const { version: _v, ...content } = next;
    if (!(await registryStore.supersedeParticipation(tx, base.version, { ...content, row_id: randomUUID(), recorded_at: now, recorded_by: actor, superseded_at: null }, now))) {
      throw moved(id, base.version);
    }
    return base.version + 1;
  },
  mechanismOf: (s) => s.mechanism_id,
  view(s): View {
    if (!s) return {};
    return {
      'common.role': s.role, 'common.since': s.start ?? '', 'common.until': s.end ?? '', 'common.endCause': s.end_cause ?? '',
      'change.verification': s.verification, 'common.sources': list(s.sources), 'edit.note': s.note ?? '',
    };
  },
};

// ---------------------------------------------------------------------------------------------
// mechanism

export const MECHANISM_FIELDS = ['acronym', 'objectives', 'structure', 'chair_model', 'chair_current', 'chair_since', 'secretariat_text', 'website', 'membership_note', 'notes'] as const;
export type MechanismField = (typeof MECHANISM_FIELDS)[number];
/** A period of a mechanism's status history (the rows of mechanism_status, without the mechanism id). */
export type StatusPeriod = Omit<MechanismPeriodTable, 'mechanism_id'>;
export type MechanismState = Pick<MechanismTable, 'id' | 'name' | 'version' | 'edited_fields' | MechanismField> & { statuses: StatusPeriod[] };

export const mechanism: Adapter<MechanismState> = {
  async read(q, id) {
    const row = await q.selectFrom('mechanism').select(['id', 'name', 'version', 'edited_fields', ...MECHANISM_FIELDS]).where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    const statuses = await q.selectFrom('mechanism_status').select(['seq', 'value', 'start', 'end', 'end_not_before', 'confidence', 'note', 'sources', 'compilation_note'])
      .where('mechanism_id', '=', id).orderBy('seq').execute();
    return { ...row, statuses };
  },
  async write(tx, id, base, next, { now }) {
    if (!base || !next) throw new EditError(400, 'mechanisms are created and removed through the reference data, not edited in or out');
    const set = Object.fromEntries(MECHANISM_FIELDS.map((f) => [f, next[f]])) as Partial<MechanismTable>;
    const res = await tx.updateTable('mechanism').set({ ...set, edited_fields: next.edited_fields, version: base.version + 1, updated_at: now })
      .where('id', '=', id).where('version', '=', base.version).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw moved(id, base.version);
    if (JSON.stringify(next.statuses) !== JSON.stringify(base.statuses)) {
      await tx.deleteFrom('mechanism_status').where('mechanism_id', '=', id).execute();
      if (next.statuses.length) await tx.insertInto('mechanism_status').values(next.statuses.map((p) => ({ ...p, mechanism_id: id }))).execute();
    }
    return base.version + 1;
  },
  mechanismOf: (s) => s.id,
  view(s): View {
    if (!s) return {};
    return {
      ...Object.fromEntries(MECHANISM_FIELDS.map((f) => [`field.${f}`, s[f] ?? ''])),
      'field.status': s.statuses.map((p) => `${p.value} ${p.start ?? '?'}–${p.end ?? (p.end_not_before ? `≥${p.end_not_before}` : '')}`).join('; '),
    };
  },
};

// ---------------------------------------------------------------------------------------------
// meeting

export interface ParticipantState { mechanism_id: string | null; country_code: string | null; organization_id: string | null; name_in_source: string; role: string; sources: string }
export const MEETING_FIELDS = ['title', 'kind', 'status', 'start', 'end', 'city', 'country_code', 'online', 'host', 'theme', 'notes'] as const;
export type MeetingField = (typeof MEETING_FIELDS)[number];
export type MeetingState = Omit<MeetingTable, 'updated_at' | 'edited_at'> & { participants: ParticipantState[] };

const participantLabel = (p: ParticipantState) => `${p.mechanism_id ?? p.country_code ?? p.organization_id ?? p.name_in_source} (${p.role})`;

export const meeting: Adapter<MeetingState> = {
  async read(q, id) {
    const row = await q.selectFrom('meeting').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    const participants = await q.selectFrom('meeting_participant').select(['mechanism_id', 'country_code', 'organization_id', 'name_in_source', 'role', 'sources'])
      .where('meeting_id', '=', id).orderBy('seq').execute();
    const { updated_at: _u, edited_at: _e, ...state } = row;
    return { ...state, participants };
  },
  async write(tx, id, base, next, { now }) {
    const replaceParticipants = async (ps: ParticipantState[]) => {
      await tx.deleteFrom('meeting_participant').where('meeting_id', '=', id).execute();
      if (ps.length) await tx.insertInto('meeting_participant').values(ps.map((p, seq) => ({ ...p, meeting_id: id, seq }))).execute();
    };
    if (base === null) {
      if (next === null) return 0;
      if (await tx.selectFrom('meeting').select('id').where('id', '=', id).executeTakeFirst()) throw new EditError(409, `a meeting ${id} exists already`);
      const { participants, ...row } = next;
      await tx.insertInto('meeting').values({ ...row, version: 1, updated_at: now, edited_at: now }).execute();
      await replaceParticipants(participants);
      return 1;
    }
    if (next === null) {
      // Only a meeting created in ISCM Hub is ever removed (by reverting its creation); its audit events keep what it was.
      const res = await tx.deleteFrom('meeting').where('id', '=', id).where('version', '=', base.version).executeTakeFirst();
      if (Number(res.numDeletedRows) !== 1) throw moved(id, base.version);
      for (const t of ['meeting_participant', 'meeting_agenda_item', 'meeting_document'] as const) await tx.deleteFrom(t).where('meeting_id', '=', id).execute();
      return base.version + 1;
    }
    const { participants, id: _id, version: _v, ...fields } = next;
    const res = await tx.updateTable('meeting').set({ ...fields, version: base.version + 1, updated_at: now, edited_at: now })
      .where('id', '=', id).where('version', '=', base.version).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw moved(id, base.version);
    await replaceParticipants(participants);
    return base.version + 1;
  },
  mechanismOf: (s) => s.mechanism_id,
  view(s): View {
    if (!s) return {};
    return {
      ...Object.fromEntries(MEETING_FIELDS.map((f) => [`meetingField.${f}`, f === 'online' ? (s.online ? 'yes' : 'no') : String(s[f] ?? '')])),
      'common.sources': list(s.sources),
      'meetingField.participants': s.participants.map(participantLabel).join('; '),
    };
  },
};

export const ADAPTERS = { participation, mechanism, meeting } as const;

/** The labelled fields that differ between two views (in the order of the first that names them). */
export function diff(before: View, after: View): { label: string; before: string; after: string }[] {
  const keys = [...new Set([...Object.keys(after), ...Object.keys(before)])];
  return keys.filter((k) => (before[k] ?? '') !== (after[k] ?? '')).map((k) => ({ label: k, before: before[k] ?? '', after: after[k] ?? '' }));
}
