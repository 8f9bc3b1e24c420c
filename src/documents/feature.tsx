/** Documents: the researched declarations, action plans and outcome documents, their pages, API and sections. */
import type { Feature, FeatureContext } from '../feature.js';
import type { MeetingsService } from '../meetings/service.js';
import type { RegistryService } from '../registry/service.js';
import { TEXT_LANGS, type FieldLang, type SearchIndexer, type SearchRecord, type SearchText } from '../search/model.js';
import type { AccountsService } from '../accounts/service.js';
import type { BlobStore } from './files/blobs.js';
import type { ExtractLimits } from './files/extract.js';
import { filesApi } from './files/routes.js';
import { DocumentFiles, versionTexts } from './files/service.js';
import { yearOf } from './model.js';
import { MechanismDocumentsSection, MeetingDocumentsSection, SeriesDocumentsSection } from './pages/sections.js';
import { documentsPages } from './pages/routes.js';
import { uploadPages } from './pages/upload-routes.js';
import { documentsApi } from './routes.js';
import { DocumentSummary } from './schema.js';
import { DocumentsService, readState } from './service.js';
import { lastmodOf, withLastmod } from '../web/sitemap.js';

/** Documents in the one search: a record per document, its titles in every language a source gives. */
export const documentIndexer: SearchIndexer = {
  type: 'document',
  version: 2,
  async records(db) {
    // The text of the uploaded files, in each file's language (stemmed where search knows the language).
    const texts = new Map<string, SearchText[]>();
    for (const v of await versionTexts(db)) {
      const lang: FieldLang = (TEXT_LANGS as readonly string[]).includes(v.lang) ? (v.lang as FieldLang) : 'und';
      const list = texts.get(v.documentId) ?? [];
      for (const text of v.pages) if (text.trim()) list.push({ text, lang });
      texts.set(v.documentId, list);
    }
    return (await readState(db)).docs.map((d): SearchRecord => {
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
): Feature & { service: DocumentsService; files: DocumentFiles } {
  const files = new DocumentFiles(ctx.db, filesOpts.blobs, filesOpts.accounts, ctx.version, filesOpts.extractLimits);
  const service = new DocumentsService(ctx.db, registry, meetings, ctx.version, files);
  return {
    name: 'documents',
    tag: { name: 'documents', description: 'Declarations, action plans, outcome documents, reports and studies' },
    schemas: [DocumentSummary],
    routes: [
      documentsApi(service, ctx.cache),
      filesApi(files, filesOpts.accounts, filesOpts.uploadLimitBytes, filesOpts.resumePending ?? true),
      documentsPages(service, registry, ctx.cache),
      uploadPages(service, files, filesOpts.uploadLimitBytes),
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
  };
}
