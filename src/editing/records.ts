/**
 * The three kinds of editable record — participation, mechanism, meeting — seen the same way by the
 * editing service: read the current state (with its version), write a next state only if the
 * current one is still the version it was based on (checked inside the write, so two writers can
 * never both succeed), and show a state as labelled fields for a diff. A participation write
 * supersedes (record time); nothing in the participation history is ever deleted.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type {
  DB,
  MechanismPeriodTable,
  MechanismTable,
  MeetingAgendaItemTable,
  MeetingDocumentTable,
  MeetingTable,
  ParticipationRow,
} from '../db/schema.js';
import * as registryStore from '../registry/store.js';
import {
  Conflict,
  Forbidden,
  PreconditionFailed,
  Unauthenticated,
  ValidationError,
  type HttpError,
  type MessageKey,
} from '../http/errors.js';

type Q = Kysely<DB> | Transaction<DB>;

const EDIT_ERRORS = {
  400: ValidationError,
  401: Unauthenticated,
  403: Forbidden,
  409: Conflict,
  412: PreconditionFailed,
} as const;
/**
 * A refused edit: the catalogue error of its status with an English message (the API's), the field at fault, and for
 * the pages a catalogue key with the mechanism or country it is about (named in the reader's language when drawn).
 */
export function editError(
  status: keyof typeof EDIT_ERRORS,
  message: string,
  field?: string,
  i18n?: MessageKey,
): HttpError {
  const err = new EDIT_ERRORS[status](message, field);
  if (i18n) err.i18n = i18n;
  return err;
}

const FORBIDDEN: Record<string, string> = {
  'mechanism.edit': 'you may not edit the profile of',
  'participation.edit': 'you may not edit the participation in',
  'meeting.edit': 'you may not edit the meetings of',
  'participation.verify': 'you may not confirm or dispute the participation of',
  'change.publish': 'you may not review changes to',
};
/**
 * The 403 of an action on a mechanism or country, as a sentence ("you may not edit the meetings of Rabat Process");
 * `name` is the English name used in the API's message, the page names the scope in its own language.
 */
export function forbidden(
  action: string,
  scope: { mechanism?: string | null; country?: string | null },
  name: string | null,
): HttpError {
  const id = scope.mechanism ?? scope.country ?? null;
  if (!id || !FORBIDDEN[action])
    return editError(403, 'you may not make this change: it is outside the roles of your account', undefined, {
      key: 'review.forbiddenOutside',
    });
  return editError(403, `${FORBIDDEN[action]} ${name ?? id}`, undefined, {
    key: `review.forbidden_${action.replace('.', '_')}`,
    scope,
  });
}

export const RECORD_TYPES = ['participation', 'mechanism', 'meeting'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

/** A field-by-field view of a state, for diffs: label key → displayed value ('' for none). */
export type View = Record<string, string>;

export interface Adapter<S extends { version: number }> {
  read(q: Q, id: string): Promise<S | null>;
  /** Write `next` over `base` (null: create / remove); returns the new version. Throws 412 when the record moved on. */
  write(
    tx: Transaction<DB>,
    id: string,
    base: S | null,
    next: S | null,
    ctx: { actor: string; now: string },
  ): Promise<number>;
  mechanismOf(s: S): string | null;
  view(s: S | null): View;
}

/** A record created twice at once: the second write is a 409 naming the record the first one wrote. */
export function alreadyRecorded(type: RecordType, id: string): Conflict {
  return type === 'meeting'
    ? new Conflict(
        `already recorded: meeting ${id}, written by another request at the same time; change that meeting instead`,
        'title',
      )
    : new Conflict(
        `already recorded: ${type === 'participation' ? '' : `${type} `}${id}, written by another request at the same time; correct that record instead`,
        type === 'participation' ? 'start' : 'id',
      );
}

const list = (json: string) => (JSON.parse(json) as string[]).join(', ');
const moved = (id: string, base: number) =>
  new PreconditionFailed(`the record ${id} changed since this change was based on it (version ${base})`, 'If-Match');

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
      const rows = await tx
        .selectFrom('participation')
        .select(['version', 'superseded_at'])
        .where('id', '=', id)
        .execute();
      if (rows.some((r) => r.superseded_at === null)) throw alreadyRecorded('participation', id);
      const version = Math.max(0, ...rows.map((r) => r.version)) + 1;
      await tx
        .insertInto('participation')
        .values({ ...next, version, row_id: randomUUID(), recorded_at: now, recorded_by: actor, superseded_at: null })
        .execute();
      return version;
    }
    if (next === null) {
      const res = await tx
        .updateTable('participation')
        .set({ superseded_at: now })
        .where('id', '=', id)
        .where('superseded_at', 'is', null)
        .where('version', '=', base.version)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw moved(id, base.version);
      return base.version + 1;
    }
    const { version: _v, ...content } = next;
    if (
      !(await registryStore.supersedeParticipation(
        tx,
        base.version,
        { ...content, row_id: randomUUID(), recorded_at: now, recorded_by: actor, superseded_at: null },
        now,
      ))
    ) {
      throw moved(id, base.version);
    }
    return base.version + 1;
  },
  mechanismOf: (s) => s.mechanism_id,
  view(s): View {
    if (!s) return {};
    return {
      'common.role': s.role,
      'common.since': s.start ?? '',
      'common.until': s.end ?? '',
      'common.endCause': s.end_cause ?? '',
      'change.verification': s.verification,
      'common.sources': list(s.sources),
      'edit.note': s.note ?? '',
    };
  },
};

// ---------------------------------------------------------------------------------------------
// mechanism

export const MECHANISM_FIELDS = [
  'acronym',
  'objectives',
  'structure',
  'chair_model',
  'chair_current',
  'chair_since',
  'secretariat_text',
  'website',
  'membership_note',
  'notes',
] as const;
export type MechanismField = (typeof MECHANISM_FIELDS)[number];
/** A period of a mechanism's status history (the rows of mechanism_status, without the mechanism id). */
export type StatusPeriod = Omit<MechanismPeriodTable, 'mechanism_id'>;
export type MechanismState = Pick<MechanismTable, 'id' | 'name' | 'version' | 'edited_fields' | MechanismField> & {
  statuses: StatusPeriod[];
};

export const mechanism: Adapter<MechanismState> = {
  async read(q, id) {
    const row = await q
      .selectFrom('mechanism')
      .select(['id', 'name', 'version', 'edited_fields', ...MECHANISM_FIELDS])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return null;
    const statuses = await q
      .selectFrom('mechanism_status')
      .select(['seq', 'value', 'start', 'end', 'end_not_before', 'confidence', 'note', 'sources', 'compilation_note'])
      .where('mechanism_id', '=', id)
      .orderBy('seq')
      .execute();
    return { ...row, statuses };
  },
  async write(tx, id, base, next, { now }) {
    if (!base || !next)
      throw new ValidationError('mechanisms are created and removed through the reference data, not edited in or out');
    const set = Object.fromEntries(MECHANISM_FIELDS.map((f) => [f, next[f]])) as Partial<MechanismTable>;
    const res = await tx
      .updateTable('mechanism')
      .set({ ...set, edited_fields: next.edited_fields, version: base.version + 1, updated_at: now })
      .where('id', '=', id)
      .where('version', '=', base.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw moved(id, base.version);
    if (JSON.stringify(next.statuses) !== JSON.stringify(base.statuses)) {
      await tx.deleteFrom('mechanism_status').where('mechanism_id', '=', id).execute();
      if (next.statuses.length)
        await tx
          .insertInto('mechanism_status')
          .values(next.statuses.map((p) => ({ ...p, mechanism_id: id })))
          .execute();
    }
    return base.version + 1;
  },
  mechanismOf: (s) => s.id,
  view(s): View {
    if (!s) return {};
    return {
      ...Object.fromEntries(MECHANISM_FIELDS.map((f) => [`field.${f}`, s[f] ?? ''])),
      'field.status': s.statuses
        .map((p) => `${p.value} ${p.start ?? '?'}–${p.end ?? (p.end_not_before ? `≥${p.end_not_before}` : '')}`)
        .join('; '),
    };
  },
};

// ---------------------------------------------------------------------------------------------
// meeting

export interface ParticipantState {
  mechanism_id: string | null;
  country_code: string | null;
  organization_id: string | null;
  name_in_source: string;
  role: string;
  sources: string;
}
export const MEETING_FIELDS = [
  'title',
  'kind',
  'status',
  'start',
  'end',
  'city',
  'country_code',
  'online',
  'host',
  'theme',
  'notes',
] as const;
export type MeetingField = (typeof MEETING_FIELDS)[number];
export type AgendaItemState = Omit<MeetingAgendaItemTable, 'meeting_id'>;
export type DocumentState = Omit<MeetingDocumentTable, 'meeting_id'>;
export type MeetingState = Omit<MeetingTable, 'updated_at' | 'edited_at'> & {
  participants: ParticipantState[];
  agenda: AgendaItemState[];
  documents: DocumentState[];
};

/** A participant in a diff: a country by its code (the page names it in the reader's language), else by its name. */
const participantLabel = (p: ParticipantState) => `${p.country_code ?? p.name_in_source} (${p.role})`;

export const meeting: Adapter<MeetingState> = {
  async read(q, id) {
    const row = await q.selectFrom('meeting').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    const participants = await q
      .selectFrom('meeting_participant')
      .select(['mechanism_id', 'country_code', 'organization_id', 'name_in_source', 'role', 'sources'])
      .where('meeting_id', '=', id)
      .orderBy('seq')
      .execute();
    const agenda = await q
      .selectFrom('meeting_agenda_item')
      .select(['order', 'title', 'time', 'speakers'])
      .where('meeting_id', '=', id)
      .orderBy('order')
      .execute();
    const documents = await q
      .selectFrom('meeting_document')
      .select(['seq', 'title', 'kind', 'date', 'language', 'url', 'sources'])
      .where('meeting_id', '=', id)
      .orderBy('seq')
      .execute();
    const { updated_at: _u, edited_at: _e, ...state } = row;
    return { ...state, participants, agenda, documents };
  },
  async write(tx, id, base, next, { now }) {
    const replaceParticipants = async (ps: ParticipantState[]) => {
      await tx.deleteFrom('meeting_participant').where('meeting_id', '=', id).execute();
      if (ps.length)
        await tx
          .insertInto('meeting_participant')
          .values(ps.map((p, seq) => ({ ...p, meeting_id: id, seq })))
          .execute();
    };
    /** Agenda and documents are rewritten only when the change touched them (a reverted creation: `base` null). */
    const replaceChildren = async (n: MeetingState, b: MeetingState | null) => {
      if (n.agenda && (!b || JSON.stringify(n.agenda) !== JSON.stringify(b.agenda))) {
        await tx.deleteFrom('meeting_agenda_item').where('meeting_id', '=', id).execute();
        if (n.agenda.length)
          await tx
            .insertInto('meeting_agenda_item')
            .values(n.agenda.map((a) => ({ ...a, meeting_id: id })))
            .execute();
      }
      if (n.documents && (!b || JSON.stringify(n.documents) !== JSON.stringify(b.documents))) {
        await tx.deleteFrom('meeting_document').where('meeting_id', '=', id).execute();
        if (n.documents.length)
          await tx
            .insertInto('meeting_document')
            .values(n.documents.map((d) => ({ ...d, meeting_id: id })))
            .execute();
      }
    };
    if (base === null) {
      if (next === null) return 0;
      if (await tx.selectFrom('meeting').select('id').where('id', '=', id).executeTakeFirst())
        throw alreadyRecorded('meeting', id);
      const { participants, agenda: _a, documents: _d, ...row } = next;
      await tx
        .insertInto('meeting')
        .values({ ...row, version: 1, updated_at: now, edited_at: now })
        .execute();
      await replaceParticipants(participants);
      await replaceChildren(next, null);
      return 1;
    }
    if (next === null) {
      // Only a meeting created in ISCM Hub is ever removed (by reverting its creation); its audit events keep what it was.
      const res = await tx
        .deleteFrom('meeting')
        .where('id', '=', id)
        .where('version', '=', base.version)
        .executeTakeFirst();
      if (Number(res.numDeletedRows) !== 1) throw moved(id, base.version);
      for (const t of ['meeting_participant', 'meeting_agenda_item', 'meeting_document'] as const)
        await tx.deleteFrom(t).where('meeting_id', '=', id).execute();
      return base.version + 1;
    }
    const { participants, agenda: _a, documents: _d, id: _id, version: _v, ...fields } = next;
    const res = await tx
      .updateTable('meeting')
      .set({ ...fields, version: base.version + 1, updated_at: now, edited_at: now })
      .where('id', '=', id)
      .where('version', '=', base.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw moved(id, base.version);
    await replaceParticipants(participants);
    await replaceChildren(next, base);
    return base.version + 1;
  },
  mechanismOf: (s) => s.mechanism_id,
  view(s): View {
    if (!s) return {};
    return {
      ...Object.fromEntries(
        MEETING_FIELDS.map((f) => [
          `meetingField.${f}`,
          f === 'online' ? (s.online ? 'yes' : 'no') : String(s[f] ?? ''),
        ]),
      ),
      'common.sources': list(s.sources),
      'meetingField.participants': s.participants.map(participantLabel).join('; '),
      'meetingField.agenda': (s.agenda ?? []).map((a) => a.title).join('; '),
      'meetingField.documents': (s.documents ?? []).map((d) => d.title).join('; '),
    };
  },
};

export const ADAPTERS = { participation, mechanism, meeting } as const;

/** The labelled fields that differ between two views (in the order of the first that names them). */
export function diff(before: View, after: View): { label: string; before: string; after: string }[] {
  const keys = [...new Set([...Object.keys(after), ...Object.keys(before)])];
  return keys
    .filter((k) => (before[k] ?? '') !== (after[k] ?? ''))
    .map((k) => ({ label: k, before: before[k] ?? '', after: after[k] ?? '' }));
}
