/**
 * The HTML rendition of one language version, for low-bandwidth readers: the text read from its PDF page by page
 * (from an HTML file or a DOCX, which have no pages, in one run), numbered paragraphs with their #para-N anchors,
 * the file's size and a link to the file. A scanned PDF without text, a file still being read and one that could
 * not be read each say so.
 */
import type { JSX } from 'preact';
import { groupBy } from '../../db/group.js';
import { href, Layout, type PageContext } from '../../web/layout.js';
import { formatNumber } from '../../web/format.js';
import type { DocumentFiles } from '../files/service.js';
import { anchorOf } from '../../web/anchors.js';
import type { DocumentsService } from '../service.js';
import { downloadLabel, fileSize, versionStatus } from './pages.js';
import { DocumentTitle, languageName } from './parts.js';

export type Rendition = Awaited<ReturnType<DocumentFiles['rendition']>>;
type Detail = Awaited<ReturnType<DocumentsService['get']>>;

export function RenditionPage(props: { ctx: PageContext; d: Detail; r: Rendition }): JSX.Element {
  const { ctx, d, r } = props;
  const { t, lang } = ctx;
  const v = r.version;
  const language = languageName(v.language, lang);
  const paged = v.mediaType === 'application/pdf';
  const heading = t(paged ? 'documents.renditionTitle' : 'fileFormats.renditionTitle', { language });
  const byPage = groupBy(r.paragraphs, (p) => p.page);
  const file = `/api/v1/documents/${d.id}/versions/${encodeURIComponent(v.id)}/file`;
  const paragraph = (para: Rendition['paragraphs'][number]) =>
    para.number ? (
      <p id={anchorOf(para.number)}>
        <a href={`#${anchorOf(para.number)}`} title={t('documents.cite', { n: para.number })}>
          {para.number}
        </a>{' '}
        {para.text}
      </p>
    ) : (
      <p>{para.text}</p>
    );
  return (
    <Layout ctx={ctx} title={`${d.titles[lang] ?? d.title} — ${heading}`} description={heading} className="profile">
      <p>
        <a href={href(lang, `/documents/${d.id}`)}>
          <DocumentTitle ctx={ctx} d={d} />
        </a>
      </p>
      <h1>{heading}</h1>
      <p class="lead">{t(paged ? 'documents.renditionIntro' : 'fileFormats.renditionIntro')}</p>
      <dl class="facts">
        <dt>{t('documents.language')}</dt>
        <dd>{language}</dd>
        <dt>{t('documents.versionStatus')}</dt>
        <dd>{versionStatus(ctx, v.status)}</dd>
        <dt>{t('documents.size')}</dt>
        <dd>
          {fileSize(lang, v.sizeBytes)} ·{' '}
          <a href={file} type={v.mediaType}>
            {t(downloadLabel(v.mediaType))}
          </a>
        </dd>
        {paged ? (
          <>
            <dt>{t('documents.pagesLabel')}</dt>
            <dd>{v.pages === null ? t('common.unknown') : formatNumber(v.pages, lang)}</dd>
          </>
        ) : null}
      </dl>
      {v.textStatus === 'pending' ? <p role="status">{t('documents.pending')}</p> : null}
      {v.textStatus === 'no-text' ? <p role="status">{t(paged ? 'documents.noText' : 'fileFormats.noText')}</p> : null}
      {v.textStatus === 'failed' ? <p role="status">{t('documents.failed')}</p> : null}
      {v.textStatus === 'extracted' && r.pages.length > 1 ? (
        <nav aria-label={t('documents.pagesNav')} class="pager">
          {r.pages.map((p, i) => (
            <>
              {i ? ' · ' : ''}
              <a href={`#page-${p.page}`}>{formatNumber(p.page, lang)}</a>
            </>
          ))}
        </nav>
      ) : null}
      {v.textStatus === 'extracted' && !paged ? (
        <div lang={v.language}>{r.paragraphs.map((para) => paragraph(para))}</div>
      ) : null}
      {v.textStatus === 'extracted' && paged
        ? r.pages.map((p) => (
            <section id={`page-${p.page}`} aria-labelledby={`page-${p.page}-title`}>
              <h2 id={`page-${p.page}-title`}>{t('documents.pageN', { n: formatNumber(p.page, lang) })}</h2>
              {byPage.get(p.page)?.length ? (
                <div lang={v.language}>{byPage.get(p.page)!.map((para) => paragraph(para))}</div>
              ) : (
                <p class="muted">{t('documents.emptyPage')}</p>
              )}
            </section>
          ))
        : null}
      <p>
        <a href={href(lang, `/documents/${d.id}`)}>{t('documents.backToDocument')}</a>
      </p>
    </Layout>
  );
}
