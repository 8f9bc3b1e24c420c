/** Documents: the researched declarations, action plans and outcome documents, their pages, API and sections. */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Feature, FeatureContext, ProfileSections } from '../feature.js';
import type { MeetingsService } from '../meetings/service.js';
import type { RegistryService } from '../registry/service.js';
import { TEXT_LANGS, type FieldLang, type SearchIndexer, type SearchRecord, type SearchText } from '../search/model.js';
import type { AccountsService } from '../accounts/service.js';
import type { BlobStore } from './files/blobs.js';
import type { ExtractLimits } from './files/extract.js';
import { filesApi } from './files/routes.js';
import { DocumentFiles } from './files/service.js';
import { yearOf } from './model.js';
import { MechanismDocumentsSection, MeetingDocumentsSection, SeriesDocumentsSection } from './pages/sections.js';
import { documentsPages } from './pages/routes.js';
import { uploadPages } from './pages/upload-routes.js';
import { documentsApi } from './routes.js';
import { DocumentEdits } from './edit.js';
import { documentEditsApi } from './edit-routes.js';
import { documentFormPages } from './pages/form-routes.js';
import { DocumentSummary } from './schema.js';
import { DocumentsService, readState } from './service.js';
import { lastmodOf, withLastmod } from '../web/sitemap.js';
import { groupBy } from '../db/group.js';

type IndexedDoc = Awaited<ReturnType<typeof readState>>['docs'][number];

/**
 * Whether a document is in the search: the ONE place that decides it (the stamps and the records below both
 * ask it), so a rule such as "only public documents" is added here.
 */
export function indexable(doc: IndexedDoc): boolean {
  // A closed document (members, members and observers) is never in the public search.
  return doc.visibility === 'public';
}

/** The extracted versions of some documents (all when `ids` is absent), without their text. */
async function extractedVersions(db: Kysely<DB>, ids?: readonly string[]) {
  const q = db
    .selectFrom('document_version')
    .select(['id', 'document_id', 'lang', 'updated_at'])
    .where('text_status', '=', 'extracted')
    .orderBy('document_id')
    .orderBy('lang')
    .orderBy('id');
  if (!ids) return q.execute();
  const out = [];
  for (let i = 0; i < ids.length; i += 500)
    out.push(...(await q.where('document_id', 'in', ids.slice(i, i + 500)).execute()));
  return out;
}

/** Documents as search records, with the text of their extracted versions (in each file's language). */
async function documentRecords(db: Kysely<DB>, ids?: readonly string[]): Promise<SearchRecord[]> {
  const wanted = ids ? new Set(ids) : null;
  const docs = (await readState(db)).all.filter((d) => indexable(d) && (!wanted || wanted.has(d.id)));
  const versions = await extractedVersions(
    db,
    docs.map((d) => d.id),
  );
  const texts = new Map<string, SearchText[]>();
  for (let i = 0; i < versions.length; i += 200) {
    const batch = versions.slice(i, i + 200);
    const pages = await db
      .selectFrom('document_page')
      .select(['version_id', 'text'])
      .where(
        'version_id',
        'in',
        batch.map((v) => v.id),
      )
      .orderBy('version_id')
      .orderBy('page')
      .execute();
    const by = groupBy(
      pages,
      (p) => p.version_id,
      (p) => p.text,
    );
    for (const v of batch) {
      const lang: FieldLang = (TEXT_LANGS as readonly string[]).includes(v.lang) ? (v.lang as FieldLang) : 'und';
      const list = texts.get(v.document_id) ?? [];
      for (const text of by.get(v.id) ?? []) if (text.trim()) list.push({ text, lang });
      texts.set(v.document_id, list);
    }
  }
  return docs.map((d): SearchRecord => {
    const year = yearOf(d.date);
    const other = Object.entries(d.titles).filter((e): e is ['fr' | 'es', string] => e[0] === 'fr' || e[0] === 'es');
    return {
      type: 'document',
      id: d.id,
      labels: { en: d.title, ...Object.fromEntries(other) },
      titles: [{ text: d.title, lang: 'en' }, ...other.map(([lang, text]) => ({ text, lang }))],
      bodies: [
        ...[...d.summaryFacts, d.adoptedBy ?? ''].filter(Boolean).map((text) => ({ text, lang: 'en' as const })),
        ...(texts.get(d.id) ?? []),
      ],
      lang: 'und',
      facets: { mechanism: [...d.mechanisms].sort(), year: year === null ? [] : [year], kind: d.kind },
      path: `/documents/${d.id}`,
    };
  });
}

/**
 * Documents in the one search: a record per document, its titles in every language a source gives, and the text
 * of its files. Incremental: a document's stamp is its record's facts and its extracted versions' update times,
 * so an edit or an extraction re-reads that document's text alone.
 */
export const documentIndexer: SearchIndexer = {
  type: 'document',
  version: 2,
  records: (db) => documentRecords(db),
  incremental: {
    async stamps(db) {
      const versions = new Map<string, string>();
      for (const v of await extractedVersions(db))
        versions.set(v.document_id, `${versions.get(v.document_id) ?? ''}|${v.id}@${v.updated_at}`);
      const out = new Map<string, string>();
      for (const d of (await readState(db)).all)
        if (indexable(d))
          out.set(
            d.id,
            createHash('sha256')
              .update(JSON.stringify(d))
              .update(versions.get(d.id) ?? '')
              .digest('base64url'),
          );
      return out;
    },
    records: (db, ids) => documentRecords(db, ids),
  },
};

export interface DocumentFilesOptions {
  accounts: AccountsService;
  blobs: BlobStore;
  uploadLimitBytes: number;
  extractLimits?: ExtractLimits;
  /** false: do not resume the text extraction of files left pending at start (another cluster worker does). */
  resumePending?: boolean;
}

export function documentsFeature(
  ctx: FeatureContext,
  registry: RegistryService,
  meetings: MeetingsService,
  filesOpts: DocumentFilesOptions,
  sections: () => readonly ProfileSections[] = () => [],
): Feature & { service: DocumentsService; files: DocumentFiles; edits: DocumentEdits } {
  const files = new DocumentFiles(ctx.db, filesOpts.blobs, filesOpts.accounts, ctx.version, filesOpts.extractLimits);
  const service = new DocumentsService(ctx.db, registry, meetings, ctx.version, files, filesOpts.accounts);
  const edits = new DocumentEdits(ctx.db, registry, meetings, filesOpts.accounts, ctx.version);
  return {
    name: 'documents',
    tag: { name: 'documents', description: 'Declarations, action plans, outcome documents, reports and studies' },
    schemas: [DocumentSummary],
    routes: [
      documentsApi(service, ctx.cache, filesOpts.accounts),
      filesApi(files, filesOpts.accounts, filesOpts.uploadLimitBytes, filesOpts.resumePending ?? true),
      documentsPages(service, registry, ctx.cache, sections),
      uploadPages(service, files, filesOpts.uploadLimitBytes),
      documentEditsApi(edits, service, filesOpts.accounts),
      documentFormPages(edits, registry, meetings),
    ],
    sections: {
      mechanism: async (q) => (
        <MechanismDocumentsSection ctx={q.ctx} mechanismId={q.id} items={await service.forMechanism(q.id)} />
      ),
      meeting: async (q) => (
        <MeetingDocumentsSection ctx={q.ctx} meetingId={q.id} items={await service.forMeeting(q.id)} />
      ),
      series: async (q) => {
        const ids = await ctx.db.selectFrom('meeting').select('id').where('series_id', '=', q.id).execute();
        return <SeriesDocumentsSection ctx={q.ctx} items={await service.forMeetings(ids.map((m) => m.id))} />;
      },
    },
    nav: [{ path: '/documents', label: 'nav.documents', order: 40 }],
    sitemap: async () => {
      const [list, changed] = await Promise.all([
        service.list({ limit: Number.MAX_SAFE_INTEGER }),
        service.lastChanges(),
      ]);
      const renditions = (await files.withText()).map((v) => ({
        path: `/documents/${v.documentId}/versions/${encodeURIComponent(v.versionId)}`,
      }));
      return [
        { path: '/documents' },
        ...list.items.map((d) => withLastmod(`/documents/${d.id}`, lastmodOf(changed.get(d.id)))),
        ...renditions,
      ];
    },
    service,
    files,
    edits,
  };
}
