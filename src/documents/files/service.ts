/**
 * A document's files: each language version uploaded (type checked by content, sha-256 kept, duplicates
 * refused), stored in a BlobStore, its text extracted off the request path (extract.ts) into pages and
 * numbered paragraphs, and read back for the paragraph API, the HTML rendition and the search index.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { AccountsService } from '../../accounts/service.js';
import type { DataVersion } from '../../db/data-version.js';
import type { DB, DocumentVersionTable } from '../../db/schema.js';
import { Conflict, NotFound, UnsupportedMediaType, ValidationError } from '../../http/errors.js';
import { VERSION_STATUSES, type VersionStatus } from '../model.js';
import type { BlobStore } from './blobs.js';
import { DEFAULT_LIMITS, ExtractPool, type Extracted, type ExtractLimits } from './extract.js';
import { detectParagraphs, normaliseNumber } from './paragraphs.js';
import { detectType, isAccepted, PDF, refusal } from './types.js';

export { ACCEPTED_TYPES } from './types.js';
/** ISO 639-1 code. */
export const LANG = /^[a-z]{2}$/;

export interface UploadInput {
  documentId: string;
  lang: string;
  status: string;
  bytes: Buffer;
  filename: string | null;
  actor: string;
  ip?: string | null;
}

export interface VersionInfo {
  id: string;
  documentId: string;
  language: string;
  status: VersionStatus;
  sha256: string;
  sizeBytes: number;
  mediaType: string;
  filename: string | null;
  pages: number | null;
  textStatus: DocumentVersionTable['text_status'];
  textError: string | null;
  createdAt: string;
}

export const versionInfo = (v: DocumentVersionTable): VersionInfo => ({
  id: v.id,
  documentId: v.document_id,
  language: v.lang,
  status: v.status,
  sha256: v.sha256,
  sizeBytes: v.size_bytes,
  mediaType: v.media_type,
  filename: v.filename,
  pages: v.pages,
  textStatus: v.text_status,
  textError: v.text_error,
  createdAt: v.created_at,
});

/** The media type of some bytes, by their content (types.ts): a PDF, an HTML file, a DOCX, or what else. */
export const sniff = detectType;

export class DocumentFiles {
  private queue: Promise<void> = Promise.resolve();
  private pending = 0;
  private stopped = false;
  /** The server's reader: one worker (requests first). */
  readonly pool: ExtractPool;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly blobs: BlobStore,
    private readonly accounts: AccountsService,
    private readonly version: DataVersion,
    limits: ExtractLimits = DEFAULT_LIMITS,
  ) {
    this.pool = new ExtractPool(limits, 1);
  }

  /** The mechanisms of a document (whose editors may upload its files); 404 when there is no such document. */
  async mechanismsOf(documentId: string): Promise<string[]> {
    const doc = await this.db.selectFrom('document').select('id').where('id', '=', documentId).executeTakeFirst();
    if (!doc) throw new NotFound('document', documentId, undefined, 'id');
    const rows = await this.db
      .selectFrom('document_mechanism')
      .select('mechanism_id')
      .where('document_id', '=', documentId)
      .execute();
    return rows.map((r) => r.mechanism_id);
  }

  /**
   * The public reads of a document's files (its versions, files, paragraphs through the API): 404 for a document
   * that does not exist or is closed (members, members and observers), whose existence is not told.
   */
  async assertPublic(documentId: string): Promise<void> {
    const doc = await this.db
      .selectFrom('document')
      .select('visibility')
      .where('id', '=', documentId)
      .executeTakeFirst();
    if (!doc || doc.visibility !== 'public') throw new NotFound('document', documentId, undefined, 'id');
  }

  /** Check the fields of an upload (400 naming the field). */
  checkFields(lang: string | undefined, status: string | undefined): { lang: string; status: VersionStatus } {
    if (lang === undefined || !LANG.test(lang))
      throw new ValidationError(
        lang === undefined
          ? 'language is required (a two-letter ISO 639-1 code)'
          : `language "${lang}" is not a two-letter ISO 639-1 code`,
        'language',
      );
    if (status === undefined || !(VERSION_STATUSES as readonly string[]).includes(status))
      throw new ValidationError(
        `status ${status === undefined ? 'is required' : `"${status}" is not valid`}: one of ${VERSION_STATUSES.join(', ')}`,
        'status',
      );
    return { lang, status: status as VersionStatus };
  }

  /** Store an uploaded version; its text is extracted afterwards (`textStatus` pending until then). */
  async upload(input: UploadInput): Promise<VersionInfo> {
    const { lang, status } = this.checkFields(input.lang, input.status);
    const type = await detectType(input.bytes);
    if (!isAccepted(type)) throw new UnsupportedMediaType(refusal(type), 'file');
    const sha256 = createHash('sha256').update(input.bytes).digest('hex');
    const existing = await this.db
      .selectFrom('document_version')
      .select(['id', 'document_id', 'lang'])
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    if (existing) throw this.duplicate(existing);
    await this.blobs.put(sha256, input.bytes);
    const now = new Date().toISOString();
    const row: DocumentVersionTable = {
      id: `v-${randomUUID()}`,
      document_id: input.documentId,
      lang,
      status,
      sha256,
      size_bytes: input.bytes.length,
      media_type: type,
      blob_key: sha256,
      pages: null,
      text_status: 'pending',
      text_error: null,
      created_at: now,
      created_by: input.actor,
      updated_at: now,
      filename: input.filename,
    };
    try {
      await this.db.transaction().execute(async (tx) => {
        await tx.insertInto('document_version').values(row).execute();
        await this.accounts.recordEvent(tx, {
          actor: input.actor,
          action: 'document.version.upload',
          recordType: 'document',
          recordId: input.documentId,
          after: versionInfo(row),
          ip: input.ip ?? null,
        });
      });
    } catch (e) {
      // Two uploads of one file at once: the unique sha-256 refuses the second.
      const again = await this.db
        .selectFrom('document_version')
        .select(['id', 'document_id', 'lang'])
        .where('sha256', '=', sha256)
        .executeTakeFirst();
      if (again) throw this.duplicate(again);
      throw e;
    }
    this.version.bump();
    void this.schedule(row.id);
    return versionInfo(row);
  }

  private duplicate(v: { id: string; document_id: string; lang: string }) {
    const err = new Conflict(
      `this file is already version ${v.id} (language ${v.lang}) of document ${v.document_id}`,
      'file',
    );
    // The upload form says it in the reader's language.
    err.i18n = { key: 'upload.duplicate', scope: { version: v.id, language: v.lang, document: v.document_id } };
    return err;
  }

  /** Extract the text of one version, after the jobs already queued (one at a time). */
  schedule(versionId: string): Promise<void> {
    this.pending++;
    const run = this.queue.then(() => this.extract(versionId)).finally(() => this.pending--);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Every version still waiting for its text, queued: at start (the server registers it as an onReady hook), the
   * versions whose text was being read, or queued, when the process stopped or died.
   */
  async resumePending(): Promise<number> {
    const rows = await this.db
      .selectFrom('document_version')
      .select('id')
      .where('text_status', '=', 'pending')
      .orderBy('created_at')
      .execute();
    for (const r of rows) void this.schedule(r.id);
    return rows.length;
  }

  /** Wait until no extraction is queued or running (tests, the import command, shutdown). */
  async idle(): Promise<void> {
    while (this.pending > 0) await this.queue;
  }

  /**
   * Stop reading text (the server is closing): the job running finishes its read but does not write, and queued
   * ones are left; their versions stay pending and the next start resumes them (resumePending).
   */
  stop(): void {
    this.stopped = true;
    void this.pool.close();
  }

  private async extract(versionId: string): Promise<void> {
    if (this.stopped) return;
    const v = await this.db.selectFrom('document_version').selectAll().where('id', '=', versionId).executeTakeFirst();
    if (!v || v.text_status !== 'pending') return;
    const bytes = await this.blobs.get(v.blob_key);
    const result = bytes
      ? await this.pool.extract(new Uint8Array(bytes), v.media_type)
      : { status: 'failed' as const, reason: 'missing', message: 'the stored file is missing' };
    if (this.stopped) return;
    await this.saveText(versionId, result);
  }

  /**
   * Write the outcome of an extraction: pages and paragraphs with `extracted`, or the reason it failed. Only a
   * version still pending is written (two processes resuming the same version write it once).
   */
  async saveText(versionId: string, result: Extracted): Promise<void> {
    const written = await this.db.transaction().execute(async (tx) => {
      const claimed = await tx
        .updateTable('document_version')
        .set({ updated_at: new Date().toISOString() })
        .where('id', '=', versionId)
        .where('text_status', '=', 'pending')
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) === 0) return false;
      await writeText(tx, versionId, result);
      return true;
    });
    if (written) this.version.bump();
  }

  /**
   * A version read by the bulk import: the row, its pages and paragraphs and the audit event in ONE transaction
   * (a process killed part-way leaves the version whole or absent). The blob is stored before. Returns null when
   * the file is already stored (another process imported it meanwhile).
   */
  async importVersion(input: {
    documentId: string;
    lang: string;
    status: VersionStatus;
    bytes: Buffer;
    /** Found from its content (types.ts); a PDF when not given. */
    mediaType?: string;
    sha256: string;
    filename: string;
    actor: string;
    text: Extracted;
  }): Promise<VersionInfo | null> {
    const now = new Date().toISOString();
    const row: DocumentVersionTable = {
      id: `v-${randomUUID()}`,
      document_id: input.documentId,
      lang: input.lang,
      status: input.status,
      sha256: input.sha256,
      size_bytes: input.bytes.length,
      media_type: input.mediaType ?? PDF,
      blob_key: input.sha256,
      pages: null,
      text_status: 'pending',
      text_error: null,
      created_at: now,
      created_by: input.actor,
      updated_at: now,
      filename: input.filename,
    };
    await this.blobs.put(input.sha256, input.bytes);
    try {
      await this.db.transaction().execute(async (tx) => {
        await tx.insertInto('document_version').values(row).execute();
        await writeText(tx, row.id, input.text);
        const after = await tx
          .selectFrom('document_version')
          .selectAll()
          .where('id', '=', row.id)
          .executeTakeFirstOrThrow();
        await this.accounts.recordEvent(tx, {
          actor: input.actor,
          action: 'document.version.import',
          recordType: 'document',
          recordId: input.documentId,
          after: versionInfo(after),
        });
      });
    } catch (e) {
      const again = await this.db
        .selectFrom('document_version')
        .select('id')
        .where('sha256', '=', input.sha256)
        .executeTakeFirst();
      if (again) return null;
      throw e;
    }
    this.version.bump();
    return this.versionOf(input.documentId, row.id);
  }

  async versions(documentId: string): Promise<VersionInfo[]> {
    const rows = await this.db
      .selectFrom('document_version')
      .selectAll()
      .where('document_id', '=', documentId)
      .orderBy('lang')
      .orderBy('created_at')
      .execute();
    return rows.map(versionInfo);
  }

  async versionOf(documentId: string, versionId: string): Promise<VersionInfo> {
    const v = await this.db
      .selectFrom('document_version')
      .selectAll()
      .where('id', '=', versionId)
      .where('document_id', '=', documentId)
      .executeTakeFirst();
    if (!v) throw new NotFound('version', versionId, `document ${documentId} has no version "${versionId}"`, 'version');
    return versionInfo(v);
  }

  async file(documentId: string, versionId: string): Promise<{ info: VersionInfo; bytes: Buffer }> {
    const info = await this.versionOf(documentId, versionId);
    const bytes = await this.blobs.get(info.sha256);
    if (!bytes) throw new NotFound('file', versionId, `the file of version ${versionId} is missing from storage`);
    return { info, bytes };
  }

  /**
   * One version for its HTML rendition: its facts, the numbers of its pages, and its paragraphs in order (each
   * on the page it starts on). 404 when the document has no such version.
   */
  async rendition(documentId: string, versionId: string) {
    const version = await this.versionOf(documentId, versionId);
    const [pages, paragraphs] = await Promise.all([
      this.db
        .selectFrom('document_page')
        .select(['page', 'text'])
        .where('version_id', '=', versionId)
        .orderBy('page')
        .execute(),
      this.db
        .selectFrom('document_paragraph')
        .select(['seq', 'number', 'page', 'text'])
        .where('version_id', '=', versionId)
        .orderBy('seq')
        .execute(),
    ]);
    return {
      version,
      pages: pages.map((p) => ({ page: p.page, hasText: /[\p{L}\p{N}]/u.test(p.text) })),
      paragraphs,
    };
  }

  /** Every version with text of a public document, for the sitemap (its rendition page). */
  async withText(): Promise<{ documentId: string; versionId: string }[]> {
    const rows = await this.db
      .selectFrom('document_version as v')
      .innerJoin('document as d', 'd.id', 'v.document_id')
      .select(['v.document_id', 'v.id'])
      .where('v.text_status', '=', 'extracted')
      .where('d.visibility', '=', 'public')
      .orderBy('v.document_id')
      .orderBy('v.id')
      .execute();
    return rows.map((r) => ({ documentId: r.document_id, versionId: r.id }));
  }

  /** The paragraphs of every version of a document, by version. */
  async paragraphs(documentId: string) {
    const versions = await this.versions(documentId);
    const rows = versions.length
      ? await this.db
          .selectFrom('document_paragraph')
          .selectAll()
          .where(
            'version_id',
            'in',
            versions.map((v) => v.id),
          )
          .orderBy('version_id')
          .orderBy('seq')
          .execute()
      : [];
    return versions.map((v) => ({ version: v, paragraphs: rows.filter((r) => r.version_id === v.id) }));
  }

  /** Paragraph `n` (12, 12(b), II.3) in each language version that has it; 404 when none has. */
  async paragraph(documentId: string, n: string) {
    await this.mechanismsOf(documentId);
    const number = normaliseNumber(n);
    if (number === null)
      throw new ValidationError(`paragraph "${n}" is not a paragraph number (12, 12(b) or II.3)`, 'n');
    const versions = await this.versions(documentId);
    const rows = versions.length
      ? await this.db
          .selectFrom('document_paragraph')
          .selectAll()
          .where(
            'version_id',
            'in',
            versions.map((v) => v.id),
          )
          .where('number', '=', number)
          .execute()
      : [];
    const items = versions.flatMap((v) => {
      const p = rows.find((r) => r.version_id === v.id);
      return p ? [{ version: v.id, language: v.language, status: v.status, page: p.page, text: p.text }] : [];
    });
    if (!items.length)
      throw NotFound.because(`document ${documentId} has no paragraph ${number} in any of its files`, 'n');
    return { document: documentId, number, items };
  }
}

/** Replace the pages and paragraphs of a version with an extraction's outcome, and set its text status (in `tx`). */
async function writeText(tx: Transaction<DB>, versionId: string, result: Extracted): Promise<void> {
  const v = await tx
    .selectFrom('document_version')
    .select('media_type')
    .where('id', '=', versionId)
    .executeTakeFirstOrThrow();
  const now = new Date().toISOString();
  await tx.deleteFrom('document_paragraph').where('version_id', '=', versionId).execute();
  await tx.deleteFrom('document_page').where('version_id', '=', versionId).execute();
  if (result.status === 'failed') {
    await tx
      .updateTable('document_version')
      .set({ text_status: 'failed', text_error: `${result.reason}: ${result.message}`, updated_at: now })
      .where('id', '=', versionId)
      .execute();
    return;
  }
  const pages = result.pages.map((text, i) => ({ version_id: versionId, page: i + 1, text }));
  for (let i = 0; i < pages.length; i += 100)
    await tx
      .insertInto('document_page')
      .values(pages.slice(i, i + 100))
      .execute();
  const paras =
    result.status === 'extracted'
      ? detectParagraphs(result.pages).map((p) => ({
          version_id: versionId,
          seq: p.seq,
          number: p.number,
          page: p.page,
          text: p.text,
        }))
      : [];
  for (let i = 0; i < paras.length; i += 200)
    await tx
      .insertInto('document_paragraph')
      .values(paras.slice(i, i + 200))
      .execute();
  await tx
    .updateTable('document_version')
    // An HTML file or a DOCX has no pages: its text is kept as one, and its page count is unknown.
    .set({
      text_status: result.status,
      text_error: null,
      pages: v.media_type === PDF ? result.pages.length : null,
      updated_at: now,
    })
    .where('id', '=', versionId)
    .execute();
}
