/**
 * Document records editors write (issue 13 item 1): create a record and change its metadata — title, kind, date and
 * its precision, mechanisms, meeting, languages, address, summary facts and sources. Every field is checked (400
 * naming it) before anything is written; who may: an editor of EVERY mechanism the record names (before and after
 * the change), or an administrator; each write runs in one transaction with its audit event, marks the record
 * `edited` (a reference load never rewrites it again, store.applyDocuments) and bumps the data version, so the
 * pages and the search index (documentIndexer's stamps) see it at once.
 */
import type { Kysely } from 'kysely';
import { can } from '../accounts/model.js';
import type { AccountsService, SessionUser } from '../accounts/service.js';
import type { DataVersion } from '../db/data-version.js';
import type { DB } from '../db/schema.js';
import { Forbidden, NotFound, PreconditionFailed, Unauthenticated, ValidationError } from '../http/errors.js';
import type { MeetingsService } from '../meetings/service.js';
import { isPartialDate, precisionOf } from '../registry/model.js';
import type { RegistryService } from '../registry/service.js';
import { DATE_PRECISIONS, DOCUMENT_KINDS, yearOf } from './model.js';
import * as store from './store.js';

export const MAX_TITLE = 500;
export const MAX_FACT = 2000;
export const MAX_FACTS = 40;
export const MAX_URL = 2000;
export const MAX_LIST = 40;

/** The fields of a record an editor writes; on update, those absent stay as they are. */
export interface DocumentFields {
  title?: string | undefined;
  kind?: string | undefined;
  /** YYYY, YYYY-MM or YYYY-MM-DD; null: not known. */
  date?: string | null | undefined;
  /** year | month | day: when given, it must be the date's (null for an undated record). */
  datePrecision?: string | null | undefined;
  mechanisms?: string[] | undefined;
  /** A meeting id; null: none. */
  meeting?: string | null | undefined;
  /** ISO 639-1 codes of the language versions. */
  languages?: string[] | undefined;
  url?: string | null | undefined;
  summaryFacts?: string[] | undefined;
  /** Source ids of the registry (src-…). */
  sources?: string[] | undefined;
}
export const DOCUMENT_FIELDS = [
  'title',
  'kind',
  'date',
  'datePrecision',
  'mechanisms',
  'meeting',
  'languages',
  'url',
  'summaryFacts',
  'sources',
] as const;
export type DocumentField = (typeof DOCUMENT_FIELDS)[number];

/** A refusal naming its field, with the sentence for the pages (`documentForm.error.*`). */
function invalid(field: DocumentField, message: string, key: string, scope: Record<string, string> = {}) {
  const e = new ValidationError(message, field);
  e.i18n = { key: `documentForm.error.${key}`, scope };
  return e;
}

interface Checked {
  title: string;
  kind: string;
  date: string | null;
  datePrecision: 'year' | 'month' | 'day' | null;
  mechanisms: string[];
  meeting: string | null;
  languages: string[];
  url: string | null;
  summaryFacts: string[];
  sources: string[];
}

export interface EditContext {
  actor: SessionUser | null;
  ip?: string | null | undefined;
}

const slugify = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/**
 * An id as the reference ids look: the first mechanism's acronym (else its id), the title's first words and the
 * year, in lower case with hyphens — `add-abu-dhabi-declaration-2008`; at most 140 characters.
 */
export function documentId(prefix: string, title: string, year: number | null): string {
  const words = slugify(title).split('-').filter(Boolean);
  const head = slugify(prefix);
  let body = words.slice(0, 8);
  // Words that repeat the prefix are left out ("Rabat Process declaration" under "rabat-process").
  if (body.length && head.startsWith(body[0]!)) body = body.slice(1);
  const tail = year === null || body.at(-1) === String(year) ? [] : [String(year)];
  const id = [head, ...body, ...tail].filter(Boolean).join('-').slice(0, 130).replace(/-+$/, '');
  return id || 'document';
}

export class DocumentEdits {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly registry: RegistryService,
    private readonly meetings: MeetingsService,
    private readonly accounts: AccountsService,
    private readonly version: DataVersion,
  ) {}

  /** May this user write a record naming these mechanisms (every one of them), e.g. to show a link? */
  may(user: SessionUser | null, mechanisms: readonly string[]): boolean {
    if (!user) return false;
    if (can(user.grants, 'document.edit')) return true;
    return mechanisms.length > 0 && mechanisms.every((m) => can(user.grants, 'document.edit', { mechanism: m }));
  }

  private authorise(user: SessionUser | null, mechanisms: readonly string[]): asserts user is SessionUser {
    if (!user) throw new Unauthenticated('sign in, or send a personal API token as "Authorization: Bearer …"');
    if (!this.may(user, mechanisms)) {
      const e = new Forbidden(
        `only an editor of every mechanism the document names (${mechanisms.join(', ') || 'none'}) or an administrator may write it`,
      );
      e.i18n = { key: 'documentForm.forbidden', scope: { mechanisms: mechanisms.join(', ') } };
      throw e;
    }
  }

  /** 403 before a body is read, when the user may not write the record as it stands (404: no such record). */
  async authoriseRecord(user: SessionUser | null, id: string): Promise<void> {
    const cur = await store.documentWithLinks(this.db, id);
    if (!cur) throw new NotFound('document', id, undefined, 'id');
    this.authorise(user, cur.mechanisms);
  }

  /** The record as the form shows it (404: no such record). */
  async current(id: string) {
    const cur = await store.documentWithLinks(this.db, id);
    if (!cur) throw new NotFound('document', id, undefined, 'id');
    return {
      id,
      title: cur.row.title,
      titles: JSON.parse(cur.row.titles) as Partial<Record<string, string>>,
      kind: cur.row.kind,
      date: cur.row.date,
      datePrecision: cur.row.date_precision,
      mechanisms: cur.mechanisms,
      meeting: cur.row.meeting_id,
      languages: cur.languages,
      url: cur.row.url,
      summaryFacts: JSON.parse(cur.row.summary_facts) as string[],
      sources: cur.sources,
      origin: cur.row.origin,
      version: cur.row.version,
    };
  }

  /** Check every field (the first fault, as a 400 naming it). */
  private async check(f: DocumentFields): Promise<Checked> {
    const title = (f.title ?? '').trim().replace(/\s+/g, ' ');
    if (!title) throw invalid('title', 'title is required', 'titleMissing');
    if (title.length > MAX_TITLE)
      throw invalid('title', `title is longer than ${MAX_TITLE} characters`, 'titleLong', { max: String(MAX_TITLE) });
    const kind = f.kind ?? '';
    if (!(DOCUMENT_KINDS as readonly string[]).includes(kind))
      throw invalid('kind', `kind "${kind}" is not one of ${DOCUMENT_KINDS.join(', ')}`, 'kind', { value: kind });
    const date = f.date === null || f.date === undefined || f.date.trim() === '' ? null : f.date.trim();
    if (date !== null && !isPartialDate(date))
      throw invalid('date', `date "${date}" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)`, 'date', { value: date });
    const precision = date === null ? null : precisionOf(date);
    if (f.datePrecision !== undefined && f.datePrecision !== null && f.datePrecision !== '') {
      if (!(DATE_PRECISIONS as readonly string[]).includes(f.datePrecision))
        throw invalid(
          'datePrecision',
          `datePrecision "${f.datePrecision}" is not one of ${DATE_PRECISIONS.join(', ')}`,
          'precision',
          { value: f.datePrecision },
        );
      if (f.datePrecision !== precision)
        throw invalid(
          'datePrecision',
          date === null
            ? 'an undated document has no date precision'
            : `datePrecision "${f.datePrecision}" does not match the date ${date} (${precision})`,
          'precisionMismatch',
          { value: f.datePrecision, date: date ?? '' },
        );
    }
    const y = yearOf(date);
    if (y !== null && (y < 1900 || y > 2100))
      throw invalid('date', `date "${date}" is not from 1900 to 2100`, 'date', { value: date ?? '' });

    const names = await this.registry.mechanismNames();
    const mechanisms = (f.mechanisms ?? []).map((m) => m.trim()).filter(Boolean);
    if (mechanisms.length === 0) throw invalid('mechanisms', 'name at least one mechanism', 'mechanismsMissing');
    if (mechanisms.length > MAX_LIST)
      throw invalid('mechanisms', `at most ${MAX_LIST} mechanisms`, 'tooMany', { max: String(MAX_LIST) });
    for (const m of mechanisms)
      if (!names.has(m))
        throw invalid('mechanisms', `unknown mechanism "${m}": see /api/v1/mechanisms`, 'mechanismUnknown', {
          value: m,
        });
    if (new Set(mechanisms).size !== mechanisms.length)
      throw invalid('mechanisms', 'a mechanism is listed twice', 'twice');

    const meeting = f.meeting === null || f.meeting === undefined || f.meeting.trim() === '' ? null : f.meeting.trim();
    if (meeting !== null) {
      const all = await this.meetings.list({});
      if (!all.items.some((m) => m.id === meeting))
        throw invalid('meeting', `unknown meeting "${meeting}": see /api/v1/meetings`, 'meetingUnknown', {
          value: meeting,
        });
    }

    const languages = (f.languages ?? []).map((l) => l.trim().toLowerCase()).filter(Boolean);
    for (const l of languages)
      if (!/^[a-z]{2}$/.test(l))
        throw invalid('languages', `language "${l}" is not a two-letter ISO 639-1 code`, 'language', { value: l });
    if (new Set(languages).size !== languages.length) throw invalid('languages', 'a language is listed twice', 'twice');
    if (languages.length > MAX_LIST)
      throw invalid('languages', `at most ${MAX_LIST} languages`, 'tooMany', { max: String(MAX_LIST) });

    const url = f.url === null || f.url === undefined || f.url.trim() === '' ? null : f.url.trim();
    if (url !== null) {
      let ok: boolean;
      try {
        const u = new URL(url);
        ok = (u.protocol === 'http:' || u.protocol === 'https:') && url.length <= MAX_URL && !/\s/.test(url);
      } catch {
        ok = false;
      }
      if (!ok) throw invalid('url', `url "${url}" is not an http(s) address`, 'url', { value: url });
    }

    const summaryFacts = (f.summaryFacts ?? []).map((s) => s.trim()).filter(Boolean);
    if (summaryFacts.length > MAX_FACTS)
      throw invalid('summaryFacts', `at most ${MAX_FACTS} summary facts`, 'tooMany', { max: String(MAX_FACTS) });
    if (summaryFacts.some((s) => s.length > MAX_FACT))
      throw invalid('summaryFacts', `a summary fact is longer than ${MAX_FACT} characters`, 'factLong', {
        max: String(MAX_FACT),
      });

    const sources = (f.sources ?? []).map((s) => s.trim()).filter(Boolean);
    if (sources.length === 0) throw invalid('sources', 'name at least one source (src-…)', 'sourcesMissing');
    if (sources.length > MAX_LIST)
      throw invalid('sources', `at most ${MAX_LIST} sources`, 'tooMany', { max: String(MAX_LIST) });
    if (new Set(sources).size !== sources.length) throw invalid('sources', 'a source is listed twice', 'twice');
    const known = new Set((await this.registry.listSources(sources)).map((s) => s.id));
    for (const s of sources)
      if (!known.has(s))
        throw invalid('sources', `unknown source "${s}": see /api/v1/sources`, 'sourceUnknown', { value: s });

    return { title, kind, date, datePrecision: precision, mechanisms, meeting, languages, url, summaryFacts, sources };
  }

  private async newId(c: Checked): Promise<string> {
    const labels = await this.registry.mechanismLabels();
    const first = c.mechanisms[0]!;
    const base = documentId(labels.get(first)?.acronym ?? first, c.title, yearOf(c.date));
    for (let n = 1; ; n++) {
      const id = n === 1 ? base : `${base}-${n}`;
      if (!(await store.documentExists(this.db, id))) return id;
    }
  }

  private row(id: string, c: Checked, prev: store.DocumentRow | null, now: string): store.DocumentRow {
    const sameMeeting = prev !== null && prev.meeting_id === c.meeting;
    return {
      id,
      title: c.title,
      titles: prev?.titles ?? '{}',
      kind: c.kind,
      date: c.date,
      date_precision: c.datePrecision,
      year: yearOf(c.date),
      meeting_id: c.meeting,
      // A meeting an editor links is linked by the editor; the research's wording of it is kept.
      meeting_match: sameMeeting ? prev.meeting_match : c.meeting === null ? null : 'editor',
      meeting_text: prev?.meeting_text ?? null,
      meeting_place: prev?.meeting_place ?? null,
      meeting_candidates: prev?.meeting_candidates ?? '[]',
      meeting_compilation_note: prev?.meeting_compilation_note ?? null,
      adopted_by: prev?.adopted_by ?? null,
      url: c.url,
      summary_facts: JSON.stringify(c.summaryFacts),
      structure_hint: prev?.structure_hint ?? null,
      confidence: prev?.confidence ?? 'medium',
      compilation_note: prev?.compilation_note ?? null,
      version: (prev?.version ?? 0) + 1,
      updated_at: now,
      origin: 'edited',
      // Who may see it is set on its own (PATCH …/visibility); an edit of the metadata keeps it.
      visibility: prev?.visibility ?? 'public',
    };
  }

  /** Create a record; its id is made from its first mechanism, its title and its year (unique). */
  async create(ctx: EditContext, fields: DocumentFields): Promise<{ id: string; version: number }> {
    if (!ctx.actor) this.authorise(ctx.actor, []);
    const c = await this.check({ ...emptyFields(), ...fields });
    this.authorise(ctx.actor, c.mechanisms);
    const now = new Date().toISOString();
    const id = await this.newId(c);
    const row = this.row(id, c, null, now);
    await this.db.transaction().execute(async (tx) => {
      await store.writeEditedDocument(tx, row, c, null);
      await this.accounts.recordEvent(tx, {
        actor: ctx.actor!.id,
        action: 'document.create',
        recordType: 'document',
        recordId: id,
        after: { ...c, version: row.version },
        ip: ctx.ip ?? null,
      });
    });
    this.version.bump();
    return { id, version: row.version };
  }

  /**
   * Change a record: the fields given replace those it has. `ifMatch`: the version edited (null: not checked); 412
   * when the record changed since.
   */
  async update(
    ctx: EditContext,
    id: string,
    fields: DocumentFields,
    ifMatch: number | null = null,
  ): Promise<{ id: string; version: number }> {
    const before = await this.current(id);
    this.authorise(ctx.actor, before.mechanisms);
    const given = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as DocumentFields;
    if (Object.keys(given).length === 0)
      throw new ValidationError(`send at least one of ${DOCUMENT_FIELDS.join(', ')}`, '-');
    // A new date without its precision takes the date's own.
    const merged = { ...before, ...given };
    if (given.date !== undefined && given.datePrecision === undefined) merged.datePrecision = null;
    const c = await this.check(merged);
    this.authorise(ctx.actor, [...new Set([...before.mechanisms, ...c.mechanisms])]);
    if (ifMatch !== null && ifMatch !== before.version)
      throw new PreconditionFailed(
        `the record changed since you read it: you edited version ${ifMatch}, it is now ${before.version}`,
        'If-Match',
        'header',
      );
    const cur = (await store.documentWithLinks(this.db, id))!;
    const now = new Date().toISOString();
    const row = this.row(id, c, cur.row, now);
    const written = await this.db.transaction().execute(async (tx) => {
      if (!(await store.writeEditedDocument(tx, row, c, cur.row.version))) return false;
      const { id: _id, origin: _o, version: _v, titles: _t, ...was } = before;
      await this.accounts.recordEvent(tx, {
        actor: ctx.actor!.id,
        action: 'document.update',
        recordType: 'document',
        recordId: id,
        before: { ...was, version: before.version },
        after: { ...c, version: row.version },
        ip: ctx.ip ?? null,
      });
      return true;
    });
    if (!written)
      throw new PreconditionFailed(
        'the record changed while it was being written: read it again',
        'If-Match',
        'header',
      );
    this.version.bump();
    return { id, version: row.version };
  }
}

function emptyFields(): DocumentFields {
  return {
    title: undefined,
    kind: undefined,
    date: null,
    datePrecision: undefined,
    mechanisms: undefined,
    meeting: null,
    languages: [],
    url: null,
    summaryFacts: [],
    sources: undefined,
  };
}
