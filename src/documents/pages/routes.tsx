/** Documents pages under /{lang}/: the list with facets, and one document. */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { profileSections, type ProfileSections } from '../../feature.js';
import type { ResponseCache } from '../../http/cache.js';
import { today } from '../../http/dates.js';
import { BadParameter } from '../../http/errors.js';
import type { RegistryService } from '../../registry/service.js';
import { pageErrorHandler } from '../../web/errors.js';
import type { Lang } from '../../web/i18n.js';
import { pageContext, registerPage, renderPage } from '../../web/render.js';
import type { DocumentsService } from '../service.js';
import { DocumentPage, DocumentsPage, PAGE_SIZE, type DocumentsQuery } from './pages.js';
import { RenditionPage } from './rendition.js';
import { NotFound } from '../../http/errors.js';

type Query = Record<string, string | undefined>;
const one = (q: Query, k: string) => (q[k] === undefined || q[k] === '' ? undefined : String(q[k]));

export const documentsPages =
  (
    documents: DocumentsService,
    registry: RegistryService,
    cache: ResponseCache,
    sections: () => readonly ProfileSections[] = () => [],
  ): FastifyPluginAsync =>
  async (app) => {
    app.setErrorHandler(pageErrorHandler);
    const page = (path: string, build: (req: FastifyRequest, lang: Lang) => Promise<string>) =>
      registerPage(app, cache, path, build);

    page('/documents', async (req, lang) => {
      const q = req.query as Query;
      const query: DocumentsQuery = {
        kind: one(q, 'kind'),
        mechanism: one(q, 'mechanism'),
        year: one(q, 'year'),
        language: one(q, 'language'),
        theme: one(q, 'theme'),
        meeting: one(q, 'meeting'),
      };
      if (query.year !== undefined && !/^\d{4}$/.test(query.year))
        throw new BadParameter('year', `year "${query.year}" is not a year (YYYY)`);
      const pageNo = one(q, 'page') ?? '1';
      if (!/^[1-9]\d{0,5}$/.test(pageNo))
        throw new BadParameter('page', `page "${pageNo}" is not a page number (1, 2, 3…)`);
      const n = Number(pageNo);
      const r = await documents.list({
        ...query,
        year: query.year === undefined ? undefined : Number(query.year),
        limit: PAGE_SIZE,
        offset: (n - 1) * PAGE_SIZE,
      });
      const [names, themes] = await Promise.all([registry.mechanismNames(), registry.themes()]);
      const meetingTitle = query.meeting
        ? ((await documents.list({ meeting: query.meeting, limit: 1 })).items[0]?.meeting?.title ?? null)
        : null;
      return renderPage(
        <DocumentsPage
          ctx={pageContext(req, lang)}
          query={query}
          page={n}
          total={r.total}
          items={r.items}
          facets={r.facets}
          labels={{
            mechanism: names,
            theme: new Map(
              themes.items.map((th) => {
                const own = (th.name as Record<string, string | undefined>)[lang];
                return [th.id, own ? { name: own, lang } : { name: th.name.en, lang: 'en' }];
              }),
            ),
            meeting: meetingTitle,
          }}
        />,
      );
    });

    page('/documents/:id', async (req, lang) => {
      const d = await documents.get((req.params as { id: string }).id);
      const order = new Map(d.sources.map((s, i) => [s, i]));
      const sources = (await registry.sources(d.sources)).sort(
        (a, b) => (order.get(a.id) ?? 1e6) - (order.get(b.id) ?? 1e6),
      );
      const files = documents.files ? await documents.files.paragraphs(d.id) : [];
      const wanted = one(req.query as Query, 'version');
      if (wanted !== undefined && !files.some((f) => f.version.id === wanted))
        throw new BadParameter('version', `document ${d.id} has no version "${wanted}"`);
      const ctx = pageContext(req, lang);
      // what the other features say of this document (the commitments it makes), in feature order
      const parts = await profileSections(sections(), 'document', { id: d.id, asOf: today(), ctx });
      return renderPage(
        <DocumentPage ctx={ctx} d={d} sources={sources} files={files} version={wanted} sections={parts} />,
      );
    });

    // The HTML rendition of one language version (its text page by page, for low-bandwidth readers).
    page('/documents/:id/versions/:version', async (req, lang) => {
      const { id, version } = req.params as { id: string; version: string };
      const d = await documents.get(id);
      if (!documents.files) throw new NotFound('version', version, `document ${id} has no version "${version}"`);
      const r = await documents.files.rendition(d.id, version);
      return renderPage(<RenditionPage ctx={pageContext(req, lang)} d={d} r={r} />);
    });
  };
