/** Documents services: plain data for the API, the pages, the sections other pages show, and the search index. */
import type { Kysely, Selectable } from 'kysely';
import { can } from '../accounts/model.js';
import type { AccountsService, SessionUser } from '../accounts/service.js';
import type { DB, DocumentTable } from '../db/schema.js';
import type { DataVersion, Derived } from '../db/data-version.js';
import type { MeetingsService } from '../meetings/service.js';
import { compareDates, floorDate, isFullDate } from '../registry/model.js';
import { BadParameter, Forbidden, NotFound, Unauthenticated, ValidationError } from '../http/errors.js';
import type { RegistryService } from '../registry/service.js';
import {
  DOCUMENT_KINDS,
  DOCUMENT_VISIBILITIES,
  facetCounts,
  isDocumentVisibility,
  yearOf,
  type DocumentFacts,
  type DocumentVisibility,
} from './model.js';
import type { DocumentFiles } from './files/service.js';
import * as store from './store.js';
import { groupBy } from '../db/group.js';

interface Doc extends DocumentFacts {
  row: Selectable<DocumentTable>;
  sources: string[];
  visibility: DocumentVisibility;
}
interface State {
  /** Every document, closed ones too (the member spaces read them). */
  all: Doc[];
  /** The public documents: the only ones every public read (lists, pages, API, sections, sitemap) sees. */
  docs: Doc[];
  byId: Map<string, Doc>;
}

/** A document of a member space: what the space lists, with its visibility (the space decides who sees it). */
export interface SpaceDocument {
  id: string;
  title: string;
  kind: string;
  date: string | null;
  mechanisms: string[];
  visibility: DocumentVisibility;
}

export interface DocumentFilter {
  kind?: string | undefined;
  mechanism?: string | undefined;
  year?: number | undefined;
  language?: string | undefined;
  theme?: string | undefined;
  meeting?: string | undefined;
  /** Only documents dated on or before this day (YYYY-MM-DD); undated ones are left out. */
  asOf?: string | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

const list = (s: string) => JSON.parse(s) as string[];

export async function readState(db: Kysely<DB>): Promise<State> {
  const [rows, mechs, langs, srcs] = await Promise.all([
    store.allDocuments(db),
    store.allMechanismLinks(db),
    store.allLanguages(db),
    store.allSourceLinks(db),
  ]);
  const by = <T extends { document_id: string }, V>(xs: T[], f: (x: T) => V) => groupBy(xs, (x) => x.document_id, f);
  const mechBy = by(mechs, (x) => x.mechanism_id);
  const langBy = by(langs, (x) => x.lang);
  const srcBy = by(srcs, (x) => x.source_id);
  const docs = rows.map((row): Doc => ({
    row,
    id: row.id,
    title: row.title,
    titles: JSON.parse(row.titles) as Partial<Record<string, string>>,
    kind: row.kind,
    date: row.date,
    mechanisms: mechBy.get(row.id) ?? [],
    languages: langBy.get(row.id) ?? [],
    meeting: row.meeting_id,
    summaryFacts: list(row.summary_facts),
    adoptedBy: row.adopted_by,
    sources: srcBy.get(row.id) ?? [],
    // A value the check constraint lets through but this code does not know is treated as the most closed.
    visibility: isDocumentVisibility(row.visibility) ? row.visibility : 'members',
  }));
  const open = docs.filter((d) => d.visibility === 'public');
  return { all: docs, docs: open, byId: new Map(open.map((d) => [d.id, d])) };
}

/** Newest first; undated documents last; then by id. */
const byDate = (a: Doc, b: Doc) =>
  a.date === b.date
    ? a.id.localeCompare(b.id)
    : a.date === null
      ? 1
      : b.date === null
        ? -1
        : compareDates(b.date, a.date) || a.id.localeCompare(b.id);

export class DocumentsService {
  private readonly state: Derived<State>;
  /** What items are shown with (names, themes, meeting titles): built once per data version. */
  private readonly ctx: Derived<Awaited<ReturnType<DocumentsService['buildContext']>>>;
  /** A mechanism's documents as its profile lists them, once per data version and mechanism. */
  private readonly byMechanism: Derived<Map<string, Promise<ReturnType<DocumentsService['item']>[]>>>;

  constructor(
    readonly db: Kysely<DB>,
    private readonly registry: RegistryService,
    private readonly meetings: MeetingsService,
    private readonly version: DataVersion,
    readonly files?: DocumentFiles,
    /** Writes audit through it (the visibility); absent: the service only reads. */
    private readonly accounts?: AccountsService,
  ) {
    this.state = version.derived(() => readState(db));
    this.ctx = version.derived(() => this.buildContext());
    this.byMechanism = version.derived(async () => new Map<string, Promise<ReturnType<DocumentsService['item']>[]>>());
  }

  private context() {
    return this.ctx.get();
  }

  private async buildContext() {
    const [names, themes, meetings] = await Promise.all([
      this.registry.mechanismNames(),
      this.registry.themes(),
      this.meetings.list({}),
    ]);
    const themesOf = groupBy(
      themes.items.flatMap((t) => t.mechanisms.map((m) => ({ m, theme: t.id }))),
      (x) => x.m,
      (x) => x.theme,
    );
    return {
      names,
      themeIds: new Set(themes.items.map((t) => t.id)),
      themesOf: (m: string) => themesOf.get(m) ?? [],
      meetingTitles: new Map(meetings.items.map((m) => [m.id, m.title])),
    };
  }

  private item(d: Doc, c: Awaited<ReturnType<DocumentsService['context']>>) {
    return {
      id: d.id,
      title: d.title,
      titles: d.titles,
      kind: d.kind,
      date: d.date,
      datePrecision: d.row.date_precision,
      year: yearOf(d.date),
      mechanisms: d.mechanisms.map((id) => ({ id, name: c.names.get(id) ?? id })),
      meeting: d.meeting ? { id: d.meeting, title: c.meetingTitles.get(d.meeting) ?? d.meeting } : null,
      languages: d.languages,
      url: d.row.url,
      confidence: d.row.confidence,
      sources: d.sources,
    };
  }

  async list(f: DocumentFilter) {
    const [s, c] = await Promise.all([this.state.get(), this.context()]);
    if (f.kind !== undefined && !(DOCUMENT_KINDS as readonly string[]).includes(f.kind))
      throw new BadParameter('kind', `kind "${f.kind}" is not one of ${DOCUMENT_KINDS.join(', ')}`);
    if (f.mechanism !== undefined && !c.names.has(f.mechanism))
      throw new BadParameter('mechanism', `unknown mechanism "${f.mechanism}": see /api/v1/mechanisms`);
    if (f.theme !== undefined && !c.themeIds.has(f.theme))
      throw new BadParameter('theme', `unknown theme "${f.theme}": see /api/v1/themes`);
    if (f.meeting !== undefined && !c.meetingTitles.has(f.meeting))
      throw new BadParameter('meeting', `unknown meeting "${f.meeting}": see /api/v1/meetings`);
    if (f.year !== undefined && !(Number.isSafeInteger(f.year) && f.year >= 1900 && f.year <= 2100))
      throw new BadParameter('year', `year "${String(f.year)}" is not a year from 1900 to 2100`);
    if (f.language !== undefined && !/^[a-z]{2}$/.test(f.language))
      throw new BadParameter('language', `language "${f.language}" is not a two-letter ISO 639-1 code`);
    if (f.asOf !== undefined && !isFullDate(f.asOf))
      throw new BadParameter('asOf', `asOf "${f.asOf}" is not a calendar date (YYYY-MM-DD)`);
    let undated = 0;
    const selected = s.docs.filter((d) => {
      if (f.asOf !== undefined) {
        if (d.date === null) {
          undated++;
          return false;
        }
        if (compareDates(floorDate(d.date), f.asOf) > 0) return false;
      }
      if (f.kind !== undefined && d.kind !== f.kind) return false;
      if (f.mechanism !== undefined && !d.mechanisms.includes(f.mechanism)) return false;
      if (f.year !== undefined && yearOf(d.date) !== f.year) return false;
      if (f.language !== undefined && !d.languages.includes(f.language)) return false;
      if (f.theme !== undefined && !d.mechanisms.some((m) => c.themesOf(m).includes(f.theme!))) return false;
      if (f.meeting !== undefined && d.meeting !== f.meeting) return false;
      return true;
    });
    selected.sort(byDate);
    const offset = f.offset ?? 0;
    const limit = f.limit ?? 50;
    return {
      asOf: f.asOf ?? null,
      undatedLeftOut: undated,
      total: selected.length,
      facets: facetCounts(selected, c.themesOf),
      items: selected.slice(offset, offset + limit).map((d) => this.item(d, c)),
      offset,
    };
  }

  /** When each document's page last changed: its record or one of its files (ISO timestamps), for the sitemap. */
  async lastChanges(): Promise<Map<string, string>> {
    const [s, files] = await Promise.all([this.state.get(), store.versionChanges(this.db)]);
    const changed = new Map(s.docs.map((d) => [d.id, d.row.updated_at]));
    for (const f of files) {
      const at = String(f.updated_at);
      if (at > (changed.get(f.document_id) ?? '')) changed.set(f.document_id, at);
    }
    return changed;
  }

  /**
   * The documents changed after `after` (an ISO 8601 instant; null: all), each at its last change (the record's or
   * its files'), newest first; with `mechanism`, only that mechanism's. Reads only the documents changed, in SQL.
   */
  async changesAfter(
    after: string | null,
    mechanism?: string,
    limit?: number,
  ): Promise<{ id: string; kind: string; title: string; mechanisms: string[]; changedAt: string }[]> {
    if (after !== null && (typeof after !== 'string' || Number.isNaN(Date.parse(after))))
      throw new BadParameter('after', `after "${String(after)}" is not an ISO 8601 date and time`);
    if (limit !== undefined && !(Number.isSafeInteger(limit) && limit > 0))
      throw new BadParameter('limit', `limit "${String(limit)}" is not a positive whole number`);
    return store.changesAfter(this.db, { after, mechanism, limit });
  }

  /** A public document; `closed` also finds a closed one (for its editor, after an edit: the caller checked). */
  async get(id: string, opts: { closed?: boolean } = {}) {
    const [s, c] = await Promise.all([this.state.get(), this.context()]);
    const d = opts.closed ? s.all.find((x) => x.id === id) : s.byId.get(id);
    if (!d) throw new NotFound('document', id);
    const versions = await store.versionsOf(this.db, id);
    return {
      ...this.item(d, c),
      adoptedBy: d.adoptedBy,
      summaryFacts: d.summaryFacts,
      structureHint: d.row.structure_hint,
      meetingWording: { text: d.row.meeting_text, place: d.row.meeting_place },
      meetingLink: {
        match: d.row.meeting_match as 'global_meeting' | 'date' | 'date+place' | 'editor' | null,
        candidates: list(d.row.meeting_candidates),
        compilationNote: d.row.meeting_compilation_note,
      },
      compilationNote: d.row.compilation_note,
      origin: d.row.origin,
      versions: versions.map((v) => ({
        id: v.id,
        language: v.lang,
        status: v.status,
        sha256: v.sha256,
        sizeBytes: v.size_bytes,
        mediaType: v.media_type,
        pages: v.pages,
        textStatus: v.text_status,
        textError: v.text_error,
        file: `/api/v1/documents/${id}/versions/${v.id}/file`,
      })),
      version: d.row.version,
    };
  }

  /** The documents of one mechanism, newest first. */
  async forMechanism(id: string) {
    const memo = await this.byMechanism.get();
    let items = memo.get(id);
    if (!items) {
      items = this.list({ mechanism: id, limit: 10_000 }).then((r) => r.items);
      items.catch(() => memo.delete(id));
      memo.set(id, items);
    }
    return items;
  }

  /** The documents linked to one meeting. */
  async forMeeting(id: string) {
    const s = await this.state.get();
    if (!s.docs.some((d) => d.meeting === id)) return [];
    return (await this.list({ meeting: id, limit: 10_000 })).items;
  }

  /** The documents linked to any of these meetings (a series' editions), newest first. */
  async forMeetings(ids: readonly string[]) {
    const [s, c] = await Promise.all([this.state.get(), this.context()]);
    const wanted = new Set(ids);
    return s.docs
      .filter((d) => d.meeting !== null && wanted.has(d.meeting))
      .sort(byDate)
      .map((d) => this.item(d, c));
  }

  // ---------------------------------------------------------------- visibility (issue 17, item 2)

  /**
   * One document for its editors (the edit pages): closed ones too. 404 when none; 403 unless an editor of one of
   * its mechanisms or an administrator, so a closed document's title reaches nobody else.
   */
  async forEditor(user: SessionUser | null, id: string) {
    const s = await this.state.get();
    const d = s.all.find((x) => x.id === id);
    if (!d) throw new NotFound('document', id, undefined, 'id');
    if (!user) throw new Unauthenticated('sign in to edit a document');
    if (!mayEdit(user, d.mechanisms))
      throw new Forbidden(
        `only an editor of ${d.mechanisms.length ? d.mechanisms.join(' or ') : 'a mechanism of this document'} or an administrator may edit it`,
      );
    return { id: d.id, title: d.title, titles: d.titles, visibility: d.visibility, version: d.row.version };
  }

  /** Before the body is read: 401, 404, 403 as forEditor. */
  async authoriseVisibility(user: SessionUser | null, id: string): Promise<void> {
    await this.forEditor(user, id);
  }

  /**
   * Set who may see a document: an editor of one of its mechanisms or an administrator; a bad value is a 400
   * naming `visibility` and changes nothing; audited in the same transaction.
   */
  async setVisibility(
    user: SessionUser | null,
    id: string,
    visibility: unknown,
    ip: string | null = null,
  ): Promise<{ id: string; visibility: DocumentVisibility; version: number }> {
    await this.authoriseVisibility(user, id);
    const actor = user!;
    if (!isDocumentVisibility(visibility))
      throw new ValidationError(
        `visibility "${String(visibility)}" is not one of ${DOCUMENT_VISIBILITIES.join(', ')}`,
        'visibility',
        'body',
      );
    if (!this.accounts) throw new Error('DocumentsService was built without accounts: it cannot audit a write');
    const accounts = this.accounts;
    const out = await this.db.transaction().execute(async (tx) => {
      const row = await store.documentForUpdate(tx, id);
      if (!row) throw new NotFound('document', id, undefined, 'id');
      // Checked again inside the write: the mechanisms may have changed since the check before the body.
      if (!mayEdit(actor, row.mechanisms)) throw new Forbidden('only an editor of its mechanisms or an administrator');
      if (row.visibility === visibility) return { id, visibility, version: row.version };
      await store.setVisibility(tx, id, visibility, new Date().toISOString());
      await accounts.recordEvent(tx, {
        actor: actor.id,
        action: 'document.visibility',
        recordType: 'document',
        recordId: id,
        before: { visibility: row.visibility },
        after: { visibility },
        ip,
      });
      return { id, visibility, version: row.version + 1 };
    });
    this.version.bump();
    return out;
  }

  /** Every document of a mechanism with its visibility, newest first, for its member space (which filters). */
  async forSpace(mechanism: string): Promise<SpaceDocument[]> {
    const s = await this.state.get();
    return s.all
      .filter((d) => d.mechanisms.includes(mechanism))
      .sort(byDate)
      .map((d) => ({
        id: d.id,
        title: d.title,
        kind: d.kind,
        date: d.date,
        mechanisms: d.mechanisms,
        visibility: d.visibility,
      }));
  }

  /** Every document of a meeting with its visibility, closed ones too, for its meeting pack (which filters). */
  async forMeetingAll(meeting: string): Promise<SpaceDocument[]> {
    const s = await this.state.get();
    return s.all
      .filter((d) => d.meeting === meeting)
      .sort(byDate)
      .map((d) => ({
        id: d.id,
        title: d.title,
        kind: d.kind,
        date: d.date,
        mechanisms: d.mechanisms,
        visibility: d.visibility,
      }));
  }

  /** The visibility of a document (null: none), for the files and the packs. */
  async visibilityOf(id: string): Promise<DocumentVisibility | null> {
    const s = await this.state.get();
    return s.all.find((d) => d.id === id)?.visibility ?? null;
  }
}

/** The files' rule: an editor of one of the document's mechanisms, or an administrator. */
const mayEdit = (user: SessionUser, mechanisms: readonly string[]) =>
  mechanisms.some((m) => can(user.grants, 'document.upload', { mechanism: m })) || can(user.grants, 'document.upload');
