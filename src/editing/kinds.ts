/**
 * The kinds of change an editor can propose: each parses its payload (naming the field that is
 * wrong), says which permission it needs on which mechanism or country, and computes the next
 * state of its record from the current one. The same code serves the API and the forms; a change
 * is re-computed against the record when it is published.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Action, Resource } from '../accounts/model.js';
import type { DB } from '../db/schema.js';
import { MEETING_KINDS, MEETING_STATUSES, PARTICIPANT_ROLES } from '../meetings/model.js';
import { compareDates, isPartialDate, overlaps, ROLES, STATUSES } from '../registry/model.js';
import { sourceId } from '../registry/reference.js';
import {
  MECHANISM_FIELDS,
  MEETING_FIELDS,
  type MechanismField,
  type MechanismState,
  type MeetingField,
  type MeetingState,
  type ParticipationState,
  type RecordType,
} from './records.js';
import { Conflict, NotFound, ValidationError } from '../http/errors.js';

type Q = Kysely<DB> | Transaction<DB>;

export const END_CAUSES = ['left', 'suspended', 'role_changed', 'mechanism_concluded', 'unknown'] as const;
export const VERIFICATION_STATES = ['confirmed', 'disputed'] as const;

export interface Kind<S, P> {
  recordType: RecordType;
  action: Action;
  /** The change creates its record (no If-Match; the id is derived from the payload). */
  creates?: boolean;
  /** Applied at once by whoever may propose it (a focal point's confirmation is not reviewed). */
  immediate?: boolean;
  parse(body: unknown): P;
  newId?(q: Q, p: P): Promise<string>;
  resource(current: S | null, p: P): Resource;
  next(q: Q, current: S | null, p: P): Promise<S | null>;
  /** The sources the change cites (URLs are registered as sources when it is published). */
  sources(p: P): string[];
}

// ---------------------------------------------------------------------------------------------
// parsing helpers: every error names its field

type Obj = Record<string, unknown>;
const bad = (field: string, message: string) => new ValidationError(message, field);

function object(body: unknown, field = 'body'): Obj {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw bad(field, `${field} must be an object`);
  return body as Obj;
}
function only(o: Obj, allowed: readonly string[], where = 'body') {
  const extra = Object.keys(o).filter((k) => !allowed.includes(k));
  if (extra.length)
    throw bad(extra[0]!, `${where} has an unknown field "${extra[0]}" (allowed: ${allowed.join(', ')})`);
}
/** C0 control characters, DEL and the line/paragraph separators: never in a one-line field. */
// eslint-disable-next-line no-control-regex -- the point is to find them
const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]/;
/** NUL is refused in every text (multi-line ones keep their line breaks and tabs). */
// eslint-disable-next-line no-control-regex -- the point is to find it
const NUL = /\u0000/;
/** A text field; `oneLine` for titles, names, labels and ids (every field with `max` ≤ 400 is one). */
function text(
  o: Obj,
  field: string,
  opts: { required?: boolean; max?: number; oneLine?: boolean } = {},
): string | null {
  const v = o[field];
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
    if (opts.required) throw bad(field, `${field} is required`);
    return null;
  }
  if (typeof v !== 'string') throw bad(field, `${field} must be a string`);
  if (v.length > (opts.max ?? 4000)) throw bad(field, `${field} is longer than ${opts.max ?? 4000} characters`);
  const oneLine = opts.oneLine ?? (opts.max !== undefined && opts.max <= 400);
  if (oneLine ? CONTROL.test(v) : NUL.test(v)) {
    throw bad(
      field,
      oneLine
        ? `${field} must be one line, without control characters (no line breaks, tabs or NUL)`
        : `${field} contains a NUL character`,
    );
  }
  return v.trim();
}
function date(o: Obj, field: string, required = false): string | null {
  const v = text(o, field, { required, max: 10 });
  if (v !== null && !isPartialDate(v)) throw bad(field, `${field} "${v}" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)`);
  return v;
}
function oneOf<T extends string>(o: Obj, field: string, values: readonly T[], required = true): T | null {
  const v = text(o, field, { required, max: 40 });
  if (v !== null && !(values as readonly string[]).includes(v))
    throw bad(field, `${field} must be one of ${values.join(', ')}`);
  return v as T | null;
}
const SOURCE = /^(https?:\/\/\S+|src-[0-9a-f]{10})$/;
export const MAX_SOURCES = 50;
export const MAX_PARTICIPANTS = 500;
function sourcesOf(o: Obj, required = true): string[] {
  const v = o.sources;
  const items = v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
  const out = items.map((s) => (typeof s === 'string' ? s.trim() : '')).filter((s) => s !== '');
  if (out.length > MAX_SOURCES)
    throw bad('sources', `a change cites at most ${MAX_SOURCES} sources (${out.length} given)`);
  if (required && out.length === 0)
    throw bad('sources', 'a change needs at least one source (a source id or an http(s) URL)');
  for (const s of out)
    if (!SOURCE.test(s) || s.length > 2000)
      throw bad('sources', `source "${s.slice(0, 80)}" is neither a source id nor an http(s) URL`);
  return out;
}
/** Source ids of a change's sources (a URL's id is derived from it; it is registered on publish). */
const sourceIds = (list: readonly string[]) => list.map((s) => (s.startsWith('src-') ? s : sourceId(s)));
const union = (json: string, more: readonly string[]) =>
  JSON.stringify([...new Set([...(JSON.parse(json) as string[]), ...sourceIds(more)])]);

async function mechanismExists(q: Q, id: string, field: string) {
  if (!(await q.selectFrom('mechanism').select('id').where('id', '=', id).executeTakeFirst()))
    throw bad(field, `no mechanism "${id}"`);
}
async function countryExists(q: Q, code: string, field: string) {
  if (!(await q.selectFrom('country').select('code').where('code', '=', code).executeTakeFirst()))
    throw bad(field, `"${code}" is not an ISO 3166-1 alpha-3 code known to ISCM Hub`);
}
async function organizationExists(q: Q, id: string, field: string) {
  if (!(await q.selectFrom('organization').select('id').where('id', '=', id).executeTakeFirst()))
    throw bad(field, `no organization "${id}"`);
}

// ---------------------------------------------------------------------------------------------
// participation
// A duplicate (the party already recorded in that role over the period, the same meeting twice) is a
// 409 naming the record, whether it was written long ago or by a concurrent request a moment before.

export interface EndPayload {
  end: string;
  endCause: string;
  sources: string[];
  note: string | null;
}
const endParticipation: Kind<ParticipationState, EndPayload> = {
  recordType: 'participation',
  action: 'participation.edit',
  parse(body) {
    const o = object(body);
    only(o, ['end', 'endCause', 'sources', 'note']);
    return {
      end: date(o, 'end', true)!,
      endCause: oneOf(o, 'endCause', END_CAUSES)!,
      sources: sourcesOf(o),
      note: text(o, 'note'),
    };
  },
  resource: (c) => ({ mechanism: c?.mechanism_id ?? null }),
  async next(_q, c, p) {
    if (!c) throw NotFound.because('no such participation');
    if (c.end !== null) throw bad('end', `this participation already ended (${c.end}); correct it instead`);
    if (c.start && compareDates(p.end, c.start) <= 0)
      throw bad('end', `end ${p.end} is not after the start ${c.start}`);
    return {
      ...c,
      end: p.end,
      end_cause: p.endCause,
      end_not_before: null,
      sources: union(c.sources, p.sources),
      note: p.note ?? c.note,
    };
  },
  sources: (p) => p.sources,
};

export interface CorrectPayload {
  start?: string | null;
  end?: string | null;
  endCause?: string | null;
  note?: string | null;
  sources: string[];
}
const correctParticipation: Kind<ParticipationState, CorrectPayload> = {
  recordType: 'participation',
  action: 'participation.edit',
  parse(body) {
    const o = object(body);
    only(o, ['start', 'end', 'endCause', 'note', 'sources']);
    const p: CorrectPayload = { sources: sourcesOf(o) };
    if ('start' in o) p.start = date(o, 'start');
    if ('end' in o) p.end = date(o, 'end');
    if ('endCause' in o) p.endCause = oneOf(o, 'endCause', END_CAUSES, false);
    if ('note' in o) p.note = text(o, 'note');
    return p;
  },
  resource: (c) => ({ mechanism: c?.mechanism_id ?? null }),
  async next(_q, c, p) {
    if (!c) throw NotFound.because('no such participation');
    const n: ParticipationState = { ...c, sources: union(c.sources, p.sources) };
    if (p.start !== undefined && p.start !== c.start) {
      n.start = p.start;
      n.start_not_before = null;
      n.start_basis = p.start ? 'stated' : null;
    }
    if (p.end !== undefined) n.end = p.end;
    if (p.endCause !== undefined) n.end_cause = p.endCause;
    if (n.end === null) n.end_cause = null;
    else if (n.end !== c.end) n.end_not_before = null;
    if (p.note !== undefined) n.note = p.note;
    if (n.end !== null && n.end_cause === null) throw bad('endCause', 'an end needs its cause (endCause)');
    if (n.start && n.end && compareDates(n.end, n.start) <= 0)
      throw bad('end', `end ${n.end} is not after the start ${n.start}`);
    if (n.start === c.start && n.end === c.end && n.end_cause === c.end_cause && n.note === c.note)
      throw bad('start', 'this correction changes nothing (start, end, end cause and note are as recorded)');
    return n;
  },
  sources: (p) => p.sources,
};

export interface AddPayload {
  mechanism: string;
  country: string | null;
  organization: string | null;
  role: string;
  start: string;
  note: string | null;
  sources: string[];
}
const addParticipation: Kind<ParticipationState, AddPayload> = {
  recordType: 'participation',
  action: 'participation.edit',
  creates: true,
  parse(body) {
    const o = object(body);
    only(o, ['mechanism', 'country', 'organization', 'role', 'start', 'note', 'sources']);
    const country = text(o, 'country', { max: 3 })?.toUpperCase() ?? null;
    const organization = text(o, 'organization', { max: 80 });
    if ((country === null) === (organization === null))
      throw bad('country', 'name the party: a country (ISO alpha-3) or an organization id, not both');
    return {
      mechanism: text(o, 'mechanism', { required: true, max: 80 })!,
      country,
      organization,
      role: oneOf(o, 'role', ROLES)!,
      start: date(o, 'start', true)!,
      note: text(o, 'note'),
      sources: sourcesOf(o),
    };
  },
  async newId(q, p) {
    const prefix = `${p.mechanism}/${p.country ?? p.organization!}/${p.role}/`;
    const ids = await q.selectFrom('participation').select('id').distinct().where('id', 'like', `${prefix}%`).execute();
    const n = ids.map((r) => Number(r.id.slice(prefix.length))).filter(Number.isInteger);
    return `${prefix}${Math.max(0, ...n) + 1}`;
  },
  resource: (_c, p) => ({ mechanism: p.mechanism }),
  async next(q, _c, p) {
    await mechanismExists(q, p.mechanism, 'mechanism');
    if (p.country) await countryExists(q, p.country, 'country');
    if (p.organization) await organizationExists(q, p.organization, 'organization');
    let existing = q
      .selectFrom('participation')
      .selectAll()
      .where('mechanism_id', '=', p.mechanism)
      .where('role', '=', p.role)
      .where('superseded_at', 'is', null);
    existing = p.country
      ? existing.where('country_code', '=', p.country)
      : existing.where('organization_id', '=', p.organization);
    for (const r of await existing.execute()) {
      if (overlaps({ start: r.start, end: r.end }, { start: p.start, end: null })) {
        throw new Conflict(
          `already recorded: ${r.id} (${r.start ?? 'start unknown'} – ${r.end ?? 'present'}); correct that record instead`,
          'start',
        );
      }
    }
    return {
      id: '',
      mechanism_id: p.mechanism,
      country_code: p.country,
      organization_id: p.organization,
      party_label: null,
      name_in_source: null,
      role: p.role,
      start: p.start,
      start_not_before: null,
      start_basis: 'stated',
      end: null,
      end_not_before: null,
      end_cause: null,
      first_attested: null,
      via_group: null,
      verification: 'sourced',
      sources: JSON.stringify(sourceIds(p.sources)),
      note: p.note,
      version: 1,
      attestation: null,
      via_bloc: null,
      compilation_note: null, // entered in ISCM Hub from the editor's source, not read off a list
    };
  },
  sources: (p) => p.sources,
};

export interface VerifyPayload {
  state: (typeof VERIFICATION_STATES)[number];
  note: string | null;
  sources: string[];
}
const verifyParticipation: Kind<ParticipationState, VerifyPayload> = {
  recordType: 'participation',
  action: 'participation.verify',
  immediate: true,
  parse(body) {
    const o = object(body);
    only(o, ['state', 'note', 'sources']);
    const p = { state: oneOf(o, 'state', VERIFICATION_STATES)!, note: text(o, 'note'), sources: sourcesOf(o, false) };
    if (p.state === 'disputed' && !p.note) throw bad('note', 'a dispute needs a note saying what is wrong');
    return p;
  },
  resource: (c) => ({ country: c?.country_code ?? null }),
  async next(_q, c, p) {
    if (!c) throw NotFound.because('no such participation');
    if (!c.country_code)
      throw bad('state', "only a country's participation is confirmed or disputed by its focal point");
    return { ...c, verification: p.state, sources: p.sources.length ? union(c.sources, p.sources) : c.sources };
  },
  sources: (p) => p.sources,
};

// ---------------------------------------------------------------------------------------------
// mechanism

/** Mechanism fields shown on one line (the others are paragraphs). */
const ONE_LINE_FIELDS: readonly string[] = ['acronym', 'chair_current', 'chair_since', 'website'];

export interface MechanismPayload {
  fields: Partial<Record<MechanismField, string | null>>;
  sources: string[];
  note: string | null;
}
const updateMechanism: Kind<MechanismState, MechanismPayload> = {
  recordType: 'mechanism',
  action: 'mechanism.edit',
  parse(body) {
    const o = object(body);
    only(o, ['fields', 'sources', 'note']);
    const f = object(o.fields, 'fields');
    only(f, MECHANISM_FIELDS, 'fields');
    const fields: MechanismPayload['fields'] = {};
    for (const k of MECHANISM_FIELDS) {
      if (!(k in f)) continue;
      fields[k] =
        k === 'chair_since'
          ? date(f, k)
          : text(f, k, { max: k === 'acronym' ? 40 : 8000, oneLine: ONE_LINE_FIELDS.includes(k) });
      if (k === 'website' && fields[k] && !/^https?:\/\/\S+$/.test(fields[k]))
        throw bad(k, `website "${fields[k]}" is not an http(s) URL`);
    }
    return { fields, sources: sourcesOf(o), note: text(o, 'note') };
  },
  resource: (c) => ({ mechanism: c?.id ?? null }),
  async next(_q, c, p) {
    if (!c) throw NotFound.because('no such mechanism');
    const changed = (Object.keys(p.fields) as MechanismField[]).filter((k) => (p.fields[k] ?? null) !== c[k]);
    if (changed.length === 0)
      throw bad(Object.keys(p.fields)[0] ?? 'fields', 'this change changes nothing (every field is as recorded)');
    const edited = [...new Set([...(JSON.parse(c.edited_fields) as string[]), ...changed])].sort();
    return {
      ...c,
      ...Object.fromEntries(changed.map((k) => [k, p.fields[k] ?? null])),
      edited_fields: JSON.stringify(edited),
    };
  },
  sources: (p) => p.sources,
};

export interface StatusPayload {
  status: (typeof STATUSES)[number];
  since: string;
  sources: string[];
  note: string | null;
}
/** A change of status (active, dormant, concluded) from a date: the current period ends there, a new one begins. */
const changeStatus: Kind<MechanismState, StatusPayload> = {
  recordType: 'mechanism',
  action: 'mechanism.edit',
  parse(body) {
    const o = object(body);
    only(o, ['status', 'since', 'sources', 'note']);
    return {
      status: oneOf(o, 'status', STATUSES)!,
      since: date(o, 'since', true)!,
      sources: sourcesOf(o),
      note: text(o, 'note'),
    };
  },
  resource: (c) => ({ mechanism: c?.id ?? null }),
  async next(_q, c, p) {
    if (!c) throw NotFound.because('no such mechanism');
    const last = c.statuses.at(-1);
    if (last && last.end === null && last.value === p.status)
      throw bad('status', `the mechanism is already ${p.status} (since ${last.start ?? 'an unknown date'})`);
    const lastStart = [...c.statuses].reverse().find((x) => x.start !== null)?.start ?? null;
    if (lastStart && compareDates(p.since, lastStart) <= 0)
      throw bad(
        'since',
        `${p.since} is not after the start of the current status (${lastStart}); correct the history through an administrator`,
      );
    const statuses = c.statuses.map((x, i) =>
      i === c.statuses.length - 1 && x.end === null ? { ...x, end: p.since, end_not_before: null } : x,
    );
    statuses.push({
      seq: statuses.length,
      value: p.status,
      start: p.since,
      end: null,
      end_not_before: null,
      confidence: null,
      note: p.note,
      sources: JSON.stringify(sourceIds(p.sources)),
      compilation_note: null,
    });
    const edited = [...new Set([...(JSON.parse(c.edited_fields) as string[]), 'statuses'])].sort();
    return { ...c, statuses, edited_fields: JSON.stringify(edited) };
  },
  sources: (p) => p.sources,
};

// ---------------------------------------------------------------------------------------------
// meeting

interface ParticipantInput {
  mechanism: string | null;
  country: string | null;
  organization: string | null;
  name: string | null;
  role: string;
}
export const DOCUMENT_KINDS = ['outcome', 'report', 'other'] as const;
export const MAX_AGENDA_ITEMS = 200;
export const MAX_DOCUMENTS = 200;
interface DocumentInput {
  title: string;
  kind: (typeof DOCUMENT_KINDS)[number];
  url: string | null;
}
export interface MeetingPayload {
  fields: Partial<Record<MeetingField, string | number | null>>;
  participants?: ParticipantInput[];
  /** The agenda, in order: each item's title (replaces the recorded agenda when given). */
  agenda?: string[];
  /** The meeting's documents, in order (replace the recorded ones when given). */
  documents?: DocumentInput[];
  sources: string[];
  note: string | null;
  mechanism?: string | null;
  series?: string | null;
}

function meetingFields(f: Obj, required: boolean): MeetingPayload['fields'] {
  only(f, MEETING_FIELDS, 'fields');
  const out: MeetingPayload['fields'] = {};
  const has = (k: string) => required || k in f;
  if (has('title')) out.title = text(f, 'title', { required: true, max: 400 });
  if (has('kind')) out.kind = oneOf(f, 'kind', MEETING_KINDS, true);
  if (has('status')) out.status = oneOf(f, 'status', MEETING_STATUSES, true);
  if (has('start')) out.start = date(f, 'start', true);
  if (has('end')) out.end = date(f, 'end');
  for (const k of ['city', 'host'] as const) if (has(k)) out[k] = text(f, k, { max: 400 });
  for (const k of ['theme', 'notes'] as const) if (has(k)) out[k] = text(f, k, { max: 2000 });
  if (has('country_code')) out.country_code = text(f, 'country_code', { max: 3 })?.toUpperCase() ?? null;
  if (has('online')) {
    const v = f.online;
    if (v !== undefined && v !== null && typeof v !== 'boolean' && v !== 'on' && v !== '')
      throw bad('online', 'online must be true or false');
    out.online = v === true || v === 'on' ? 1 : 0;
  }
  return out;
}
function participantsOf(o: Obj): ParticipantInput[] | undefined {
  if (!('participants' in o)) return undefined;
  if (!Array.isArray(o.participants)) throw bad('participants', 'participants must be a list');
  if (o.participants.length > MAX_PARTICIPANTS)
    throw bad('participants', `a meeting lists at most ${MAX_PARTICIPANTS} participants`);
  return o.participants.map((x, i) => {
    const p = object(x, `participants[${i}]`);
    only(p, ['mechanism', 'country', 'organization', 'name', 'role'], `participants[${i}]`);
    const r = {
      mechanism: text(p, 'mechanism', { max: 80 }),
      country: text(p, 'country', { max: 3 })?.toUpperCase() ?? null,
      organization: text(p, 'organization', { max: 80 }),
      name: text(p, 'name', { max: 400 }),
      role: oneOf(p, 'role', PARTICIPANT_ROLES)!,
    };
    if ([r.mechanism, r.country, r.organization].filter((v) => v !== null).length !== 1)
      throw bad('participants', `participants[${i}] names one mechanism, country or organization`);
    return r;
  });
}
function agendaOf(o: Obj): string[] | undefined {
  if (!('agenda' in o)) return undefined;
  if (!Array.isArray(o.agenda)) throw bad('agenda', 'agenda must be a list of item titles');
  if (o.agenda.length > MAX_AGENDA_ITEMS) throw bad('agenda', `an agenda has at most ${MAX_AGENDA_ITEMS} items`);
  return o.agenda.map((x, i) => {
    if (typeof x !== 'string' || x.trim() === '') throw bad('agenda', `agenda item ${i + 1} must be a title (text)`);
    return text({ [`agenda item ${i + 1}`]: x }, `agenda item ${i + 1}`, { max: 400 }) ?? '';
  });
}
function documentsOf(o: Obj): DocumentInput[] | undefined {
  if (!('documents' in o)) return undefined;
  if (!Array.isArray(o.documents)) throw bad('documents', 'documents must be a list');
  if (o.documents.length > MAX_DOCUMENTS) throw bad('documents', `a meeting lists at most ${MAX_DOCUMENTS} documents`);
  return o.documents.map((x, i) => {
    const d = object(x, `documents[${i}]`);
    only(d, ['title', 'kind', 'url'], `documents[${i}]`);
    const title = text(d, 'title', { max: 400 });
    if (!title) throw bad('documents', `document ${i + 1} needs its title`);
    const kind = text(d, 'kind', { max: 40 }) ?? 'other';
    if (!(DOCUMENT_KINDS as readonly string[]).includes(kind))
      throw bad(
        'documents',
        `document ${i + 1}: the kind must be one of ${DOCUMENT_KINDS.join(', ')} ("${kind}" given)`,
      );
    const url = text(d, 'url', { max: 2000 });
    if (url !== null && !/^https?:\/\/\S+$/.test(url))
      throw bad('documents', `document ${i + 1}: "${url.slice(0, 80)}" is not an http(s) URL`);
    return { title, kind: kind as DocumentInput['kind'], url };
  });
}
async function nextMeeting(q: Q, base: MeetingState, p: MeetingPayload): Promise<MeetingState> {
  const n: MeetingState = { ...base, ...p.fields } as MeetingState;
  if (n.end && compareDates(n.end, n.start) < 0) throw bad('end', `end ${n.end} is before the start ${n.start}`);
  if (n.country_code) await countryExists(q, n.country_code, 'country_code');
  if (p.participants) {
    const ids = sourceIds(p.sources);
    const names = new Map(
      (await q.selectFrom('mechanism').select(['id', 'name']).execute()).map((m) => [m.id, m.name]),
    );
    const orgNames = new Map(
      (await q.selectFrom('organization').select(['id', 'name']).execute()).map((o) => [o.id, o.name]),
    );
    const kept = new Map(
      base.participants.map((x) => [`${x.mechanism_id}|${x.country_code}|${x.organization_id}|${x.role}`, x]),
    );
    n.participants = [];
    for (const [i, x] of p.participants.entries()) {
      if (x.mechanism && !names.has(x.mechanism))
        throw bad('participants', `participants[${i}]: no mechanism "${x.mechanism}"`);
      if (x.country) await countryExists(q, x.country, 'participants');
      if (x.organization) await organizationExists(q, x.organization, 'participants');
      const old = kept.get(`${x.mechanism}|${x.country}|${x.organization}|${x.role}`);
      n.participants.push(
        old ?? {
          mechanism_id: x.mechanism,
          country_code: x.country,
          organization_id: x.organization,
          name_in_source:
            x.name ??
            (x.mechanism ? names.get(x.mechanism)! : (x.country ?? orgNames.get(x.organization!) ?? x.organization!)),
          role: x.role,
          sources: JSON.stringify(ids),
        },
      );
    }
  }
  if (p.agenda && JSON.stringify(p.agenda) !== JSON.stringify(base.agenda.map((a) => a.title))) {
    // An item kept by title keeps its time and speakers.
    const old = new Map(base.agenda.map((a) => [a.title, a]));
    n.agenda = p.agenda.map((title, order) => ({
      order,
      title,
      time: old.get(title)?.time ?? null,
      speakers: old.get(title)?.speakers ?? '[]',
    }));
  }
  const sameDocuments =
    JSON.stringify(p.documents) ===
    JSON.stringify(base.documents.map((d) => ({ title: d.title, kind: d.kind, url: d.url })));
  if (p.documents && !sameDocuments) {
    const old = new Map(base.documents.map((d) => [`${d.title}|${d.url ?? ''}`, d]));
    const ids = JSON.stringify(sourceIds(p.sources));
    n.documents = p.documents.map((d, seq) => {
      const was = old.get(`${d.title}|${d.url ?? ''}`);
      return was
        ? { ...was, seq, kind: d.kind }
        : { seq, title: d.title, kind: d.kind, date: null, language: null, url: d.url, sources: ids };
    });
  }
  n.sources = union(base.sources, p.sources);
  return n;
}

const updateMeeting: Kind<MeetingState, MeetingPayload> = {
  recordType: 'meeting',
  action: 'meeting.edit',
  parse(body) {
    const o = object(body);
    only(o, ['fields', 'participants', 'agenda', 'documents', 'sources', 'note']);
    const p: MeetingPayload = {
      fields: o.fields === undefined ? {} : meetingFields(object(o.fields, 'fields'), false),
      sources: sourcesOf(o),
      note: text(o, 'note'),
    };
    const participants = participantsOf(o);
    if (participants) p.participants = participants;
    const agenda = agendaOf(o);
    if (agenda) p.agenda = agenda;
    const documents = documentsOf(o);
    if (documents) p.documents = documents;
    return p;
  },
  resource: (c) => ({ mechanism: c?.mechanism_id ?? null }),
  async next(q, c, p) {
    if (!c) throw NotFound.because('no such meeting');
    const n = await nextMeeting(q, c, p);
    const same =
      MEETING_FIELDS.every((k) => n[k] === c[k]) &&
      JSON.stringify([n.participants, n.agenda, n.documents]) ===
        JSON.stringify([c.participants, c.agenda, c.documents]);
    if (same)
      throw bad(
        Object.keys(p.fields)[0] ?? 'fields',
        'this change changes nothing (every field, participant, agenda item and document is as recorded)',
      );
    return n;
  },
  sources: (p) => p.sources,
};

const slug = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);

const createMeeting: Kind<MeetingState, MeetingPayload> = {
  recordType: 'meeting',
  action: 'meeting.edit',
  creates: true,
  parse(body) {
    const o = object(body);
    only(o, ['mechanism', 'series', 'fields', 'participants', 'agenda', 'documents', 'sources', 'note']);
    const p: MeetingPayload = {
      mechanism: text(o, 'mechanism', { max: 80 }),
      series: text(o, 'series', { max: 80 }),
      fields: meetingFields(object(o.fields, 'fields'), true),
      sources: sourcesOf(o),
      note: text(o, 'note'),
    };
    if (!p.mechanism && !p.series) throw bad('mechanism', 'a meeting belongs to a mechanism or to a series');
    const participants = participantsOf(o);
    if (participants) p.participants = participants;
    const agenda = agendaOf(o);
    if (agenda) p.agenda = agenda;
    const documents = documentsOf(o);
    if (documents) p.documents = documents;
    return p;
  },
  async newId(q, p) {
    const base = `${p.mechanism ?? p.series!}-${String(p.fields.start)}-${slug(String(p.fields.title))}`.slice(0, 150);
    const taken = await q.selectFrom('meeting').select('id').where('id', 'like', `${base}%`).execute();
    return taken.length === 0 ? base : `${base}-${taken.length + 1}`;
  },
  resource: (_c, p) => ({ mechanism: p.mechanism ?? null }),
  async next(q, _c, p) {
    if (p.mechanism) await mechanismExists(q, p.mechanism, 'mechanism');
    if (p.series && !(await q.selectFrom('meeting_series').select('id').where('id', '=', p.series).executeTakeFirst()))
      throw bad('series', `no series "${p.series}"`);
    // The same meeting twice (same mechanism or series, start and title) is refused, as a participation is.
    let same = q.selectFrom('meeting').select(['id', 'title']).where('start', '=', String(p.fields.start));
    same = p.mechanism ? same.where('mechanism_id', '=', p.mechanism) : same.where('series_id', '=', p.series!);
    const twin = (await same.execute()).find((m) => slug(m.title) === slug(String(p.fields.title)));
    if (twin)
      throw new Conflict(
        `already recorded: meeting ${twin.id} (same ${p.mechanism ? 'mechanism' : 'series'}, start and title); change that meeting instead`,
        'title',
      );
    const empty: MeetingState = {
      id: '',
      series_id: p.series ?? null,
      mechanism_id: p.mechanism ?? null,
      ordinal: null,
      title: '',
      kind: 'other',
      start: '',
      end: null,
      city: null,
      country_code: null,
      online: 0,
      host: null,
      theme: null,
      status: 'held',
      reported_counts: '[]',
      sources: '[]',
      unverified_fields: '[]',
      notes: null,
      compilation_note: null,
      version: 1,
      participants: [],
      agenda: [],
      documents: [],
    };
    return nextMeeting(q, empty, { ...p, participants: p.participants ?? [] });
  },
  sources: (p) => p.sources,
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry of kinds over different record states
export const KINDS: Record<string, Kind<any, any>> = {
  'participation.end': endParticipation,
  'participation.correct': correctParticipation,
  'participation.add': addParticipation,
  'participation.verify': verifyParticipation,
  'mechanism.update': updateMechanism,
  'mechanism.status': changeStatus,
  'meeting.update': updateMeeting,
  'meeting.create': createMeeting,
};
export type KindName = keyof typeof KINDS;
