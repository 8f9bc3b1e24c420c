/** The documents list with its facets, and one document. */
import { Pager } from '../../web/pager.js';
import type { JSX } from 'preact';
import { En, href, Layout, type PageContext } from '../../web/layout.js';
import { FacetNav } from '../../web/facets.js';
import { safeUrl, SourceList, SourceRefs, type SourceRow } from '../../web/sources.js';
import { FACETS, type Facet, type FacetCount } from '../model.js';
import type { DocumentsService } from '../service.js';
import type { DocumentFiles } from '../files/service.js';
import { anchorOf } from '../../web/anchors.js';
import { documentLd } from './linked-data.js';
import { editDocumentHref, newDocumentHref } from './form.js';
import { documentDate, DocumentList, DocumentTitle, languageName, uploadHref, type DocumentItem } from './parts.js';

export type DocumentsQuery = Partial<Record<Facet, string>> & { meeting?: string | undefined };

export const PAGE_SIZE = 50;

/** The query string of a documents list URL: the filters given, in a fixed order, and the page. */
function queryString(q: DocumentsQuery, page = 1): string {
  const params = new URLSearchParams();
  for (const k of [...FACETS, 'meeting'] as const) {
    const v = q[k];
    if (v) params.set(k, v);
  }
  if (page > 1) params.set('page', String(page));
  const s = params.toString();
  return s ? `?${s}` : '';
}

export function DocumentsPage(props: {
  ctx: PageContext;
  query: DocumentsQuery;
  page: number;
  total: number;
  items: DocumentItem[];
  facets: Record<Facet, FacetCount[]>;
  labels: {
    mechanism: ReadonlyMap<string, string>;
    /** A theme's name in the page's language, else in English (`lang` says which). */
    theme: Map<string, { name: string; lang: string }>;
    meeting: string | null;
  };
}): JSX.Element {
  const { ctx, query, facets, labels } = props;
  const { t, lang } = ctx;
  const label = (f: Facet, v: string): JSX.Element | string => {
    if (f === 'kind') return t(`dkind.${v}`);
    if (f === 'language') return languageName(v, lang);
    if (f === 'mechanism') return <span lang="en">{labels.mechanism.get(v) ?? v}</span>;
    if (f === 'theme') {
      const th = labels.theme.get(v);
      return th ? <span lang={th.lang === lang ? undefined : th.lang}>{th.name}</span> : v;
    }
    return v;
  };
  const pages = Math.max(1, Math.ceil(props.total / PAGE_SIZE));
  const active = [...FACETS, 'meeting' as const].filter((k) => query[k]);
  return (
    <Layout ctx={ctx} title={t('documents.title')} description={t('documents.intro')}>
      <h1>{t('documents.title')}</h1>
      <p class="lead">{t('documents.intro')}</p>
      <p class="muted">
        <a href={newDocumentHref(lang)}>{t('documentForm.newLink')}</a> {t('documentForm.linkNote')}
      </p>
      <div class="with-facets">
        <FacetNav
          ctx={ctx}
          groups={FACETS.map((f) => ({
            key: f,
            heading: t(`documents.facet.${f}`),
            note: f === 'theme' ? t('documents.themeNote') : null,
            counts: facets[f],
          }))}
          selected={query}
          label={(f, v) => label(f as Facet, v)}
          link={(f, v) => href(lang, '/documents', queryString({ ...query, [f]: v }))}
        />
        <div class="results">
          <p role="status">
            <strong>{t('common.results', { count: props.total })}</strong>
            {active.length ? (
              <>
                {' '}
                — {t('documents.filteredBy')}{' '}
                {active.map((k, i) => (
                  <>
                    {i ? ', ' : ''}
                    {k === 'meeting' ? <span lang="en">{labels.meeting ?? query.meeting}</span> : label(k, query[k]!)}
                  </>
                ))}{' '}
                · <a href={href(lang, '/documents')}>{t('mechanisms.reset')}</a>
              </>
            ) : null}
          </p>
          <DocumentList ctx={ctx} items={props.items} showMechanisms />
          <Pager
            label={t('documents.pages')}
            page={props.page}
            pages={pages}
            hrefOf={(p) => href(lang, '/documents', queryString(query, p))}
            previous={t('documents.previous')}
            next={t('documents.next')}
            position={t('documents.pageOf', { page: props.page, pages })}
          />
        </div>
      </div>
    </Layout>
  );
}

type Detail = Awaited<ReturnType<DocumentsService['get']>>;

/** official, unofficial or machine translation, in the reader's language. */
export const versionStatus = (ctx: PageContext, s: string) =>
  s === 'official'
    ? ctx.t('documents.official')
    : s === 'unofficial'
      ? ctx.t('documents.unofficial')
      : ctx.t('documents.machineTranslation');

type Files = Awaited<ReturnType<DocumentFiles['paragraphs']>>;

/** A size in the reader's language: 1.2 MB, 340 kB. */
/** The download link's words for a file's type: the PDF, the HTML file, the Word file. */
export const downloadLabel = (mediaType: string) =>
  mediaType === 'text/html'
    ? 'fileFormats.downloadHtml'
    : mediaType === 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
      ? 'fileFormats.downloadDocx'
      : 'documents.download';

export function fileSize(lang: string, bytes: number): string {
  const [n, unit] = bytes >= 1e6 ? [bytes / 1e6, 'megabyte'] : [Math.max(1, Math.round(bytes / 1e3)), 'kilobyte'];
  return new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(n);
}

/** The files of a document and, for one of them, its text paragraph by paragraph (the HTML rendition). */
function DocumentFilesSection(props: { ctx: PageContext; d: Detail; files: Files; version?: string | undefined }) {
  const { ctx, d, files } = props;
  const { t, lang } = ctx;
  const upload = (
    <p class="muted">
      <a href={uploadHref(lang, d.id)}>{t('upload.link')}</a> {t('upload.linkNote')}
    </p>
  );
  if (!files.length)
    return (
      <section aria-labelledby="files">
        <h2 id="files">{t('documents.filesTitle')}</h2>
        <p>{t('upload.noFiles')}</p>
        {upload}
      </section>
    );
  const shown =
    files.find((f) => f.version.id === props.version) ??
    files.find((f) => f.version.language === lang && f.paragraphs.length) ??
    files.find((f) => f.paragraphs.length) ??
    files[0]!;
  const status = (s: string) => versionStatus(ctx, s);
  const v = shown.version;
  return (
    <>
      <section aria-labelledby="files">
        <h2 id="files">{t('documents.filesTitle')}</h2>
        <ul>
          {files.map(({ version: f }) => (
            <li>
              {languageName(f.language, lang)} ({status(f.status)}) ·{' '}
              <a href={`/api/v1/documents/${d.id}/versions/${f.id}/file`} type={f.mediaType}>
                {t(downloadLabel(f.mediaType))}
              </a>{' '}
              ({fileSize(lang, f.sizeBytes)}
              {f.pages ? `, ${t('documents.pagesN', { count: f.pages })}` : ''}) ·{' '}
              <span class={`text-state ${f.textStatus}`}>{t(`upload.state.${f.textStatus}`)}</span>
              {f.textStatus === 'extracted' ? (
                <>
                  {' '}
                  ·{' '}
                  <a href={`${href(lang, `/documents/${d.id}`)}?version=${encodeURIComponent(f.id)}#text`}>
                    {t('documents.readText')}
                  </a>
                </>
              ) : null}
              {f.textStatus === 'extracted' || f.textStatus === 'no-text' ? (
                <>
                  {' '}
                  ·{' '}
                  <a href={href(lang, `/documents/${d.id}/versions/${encodeURIComponent(f.id)}`)}>
                    {t('documents.renditionLink')}
                  </a>
                </>
              ) : null}
            </li>
          ))}
        </ul>
        {upload}
      </section>
      <section aria-labelledby="text">
        <h2 id="text">{t('documents.textOf', { language: languageName(v.language, lang) })}</h2>
        {v.textStatus === 'pending' ? <p>{t('documents.pending')}</p> : null}
        {v.textStatus === 'no-text' ? <p>{t('documents.noText')}</p> : null}
        {v.textStatus === 'failed' ? <p>{t('documents.failed')}</p> : null}
        <div lang={v.language}>
          {shown.paragraphs.map((p) =>
            p.number ? (
              <p id={anchorOf(p.number)}>
                <a href={`#${anchorOf(p.number)}`} title={t('documents.cite', { n: p.number })}>
                  {p.number}
                </a>{' '}
                {p.text}
              </p>
            ) : (
              <p>{p.text}</p>
            ),
          )}
        </div>
      </section>
    </>
  );
}

export function DocumentPage(props: {
  ctx: PageContext;
  d: Detail;
  sources: SourceRow[];
  files?: Files;
  version?: string | undefined;
  /** The other features' sections on this document (ProfileSections.document). */
  sections?: readonly JSX.Element[];
}): JSX.Element {
  const { ctx, d } = props;
  const { t, lang } = ctx;
  const numbers = new Map(props.sources.map((s, i) => [s.id, i + 1]));
  const url = safeUrl(d.url);
  const title = d.titles[lang] ?? d.title;
  return (
    <Layout
      ctx={ctx}
      title={title}
      description={`${t(`dkind.${d.kind}`)} — ${documentDate(ctx, d.date)}`}
      jsonLd={documentLd(ctx, d)}
      ogType="article"
      className="profile"
    >
      <h1>
        <DocumentTitle ctx={ctx} d={d} />
      </h1>
      <p class="lead">
        {t(`dkind.${d.kind}`)} · {documentDate(ctx, d.date)}
      </p>
      <dl class="facts">
        <dt>{t('documents.kind')}</dt>
        <dd>{t(`dkind.${d.kind}`)}</dd>
        <dt>{t('documents.date')}</dt>
        <dd>{documentDate(ctx, d.date)}</dd>
        <dt>{t('documents.mechanisms')}</dt>
        <dd>
          {d.mechanisms.length ? (
            d.mechanisms.map((m, i) => (
              <>
                {i ? ', ' : ''}
                <a href={href(lang, `/mechanisms/${m.id}`)} lang="en">
                  {m.name}
                </a>
              </>
            ))
          ) : (
            <>{t('documents.allMechanisms')}</>
          )}
        </dd>
        {d.adoptedBy ? (
          <>
            <dt>{t('documents.adoptedBy')}</dt>
            <dd>
              <En ctx={ctx}>{d.adoptedBy}</En>
            </dd>
          </>
        ) : null}
        <dt>{t('documents.meeting')}</dt>
        <dd>
          {d.meeting ? (
            <a href={href(lang, `/meetings/${d.meeting.id}`)} lang="en">
              {d.meeting.title}
            </a>
          ) : d.meetingWording.text ? (
            <>
              <En ctx={ctx}>{d.meetingWording.text}</En> <span class="muted">({t('documents.noMeetingRecord')})</span>
            </>
          ) : (
            t('common.unknown')
          )}
        </dd>
        <dt>{t('documents.languages')}</dt>
        <dd>{d.languages.length ? d.languages.map((l) => languageName(l, lang)).join(', ') : t('common.unknown')}</dd>
        <dt>{t('documents.url')}</dt>
        <dd>
          {url ? (
            <a href={url} rel="noopener">
              {url}
            </a>
          ) : (
            t('documents.noUrl')
          )}
        </dd>
        <dt>{t('documents.confidence')}</dt>
        <dd>{t(`dconfidence.${d.confidence}`)}</dd>
      </dl>
      <p class="muted">
        <a href={editDocumentHref(lang, d.id)}>{t('documentForm.editLink')}</a> {t('documentForm.linkNote')}
      </p>
      {d.summaryFacts.length ? (
        <section aria-labelledby="summary">
          <h2 id="summary">{t('documents.summary')}</h2>
          <ul>
            {d.summaryFacts.map((f) => (
              <li>
                <En ctx={ctx}>{f}</En>
              </li>
            ))}
          </ul>
          <p class="muted">
            {t('documents.summaryNote')} <SourceRefs ids={d.sources} numbers={numbers} />
          </p>
        </section>
      ) : null}
      <DocumentFilesSection ctx={ctx} d={d} files={props.files ?? []} version={props.version} />
      {props.sections ?? null}
      <SourceList ctx={ctx} sources={props.sources} />
      <p>
        <a href={href(lang, '/documents')}>{t('documents.back')}</a>
      </p>
    </Layout>
  );
}
