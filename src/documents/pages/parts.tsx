/** Small pieces the documents pages and the sections share. */
import type { JSX } from 'preact';
import { formatDate } from '../../web/format.js';
import { href, type PageContext } from '../../web/layout.js';
import type { Lang } from '../../web/i18n.js';
import type { DocumentsService } from '../service.js';

export type DocumentItem = Awaited<ReturnType<DocumentsService['list']>>['items'][number];

/** The upload form of a document's language versions (editors of its mechanisms, administrators). */
export const uploadHref = (lang: Lang, documentId: string) =>
  href(lang, `/edit/documents/${encodeURIComponent(documentId)}/versions/new`);

const languageNames = new Map<Lang, Intl.DisplayNames>();
/** "fr" → "French" / "français" / "francés", in the page language. */
export function languageName(code: string, lang: Lang): string {
  let names = languageNames.get(lang);
  if (!names) languageNames.set(lang, (names = new Intl.DisplayNames([lang], { type: 'language' })));
  return names.of(code) ?? code;
}

/** The title in the page language where a source gives it, else the English one marked as English. */
export function DocumentTitle(props: { ctx: PageContext; d: Pick<DocumentItem, 'title' | 'titles'> }): JSX.Element {
  const { lang } = props.ctx;
  const own = lang === 'en' ? null : props.d.titles[lang];
  return own ? <span>{own}</span> : <span lang="en">{props.d.title}</span>;
}

export function documentDate(ctx: PageContext, date: string | null): string {
  return date === null ? ctx.t('documents.undated') : formatDate(date, ctx.lang);
}

/** A short list of documents with their kind and date, each linking to its page. */
export function DocumentList(props: {
  ctx: PageContext;
  items: DocumentItem[];
  showMechanisms?: boolean;
}): JSX.Element {
  const { ctx } = props;
  const { t, lang } = ctx;
  return (
    <ul class="documents">
      {props.items.map((d) => (
        <li>
          <a href={href(lang, `/documents/${d.id}`)}>
            <DocumentTitle ctx={ctx} d={d} />
          </a>{' '}
          <span class="muted">
            — {t(`dkind.${d.kind}`)}, {documentDate(ctx, d.date)}
            {props.showMechanisms && d.mechanisms.length ? (
              <>
                {' '}
                · <span lang="en">{d.mechanisms.map((m) => m.name).join(', ')}</span>
              </>
            ) : null}
          </span>
        </li>
      ))}
    </ul>
  );
}
