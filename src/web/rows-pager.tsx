/**
 * Long lists on a profile paged by a `page` query parameter (issue 16, item 4: at a hundred times the data a
 * country takes part in hundreds of mechanisms): past `size` rows a page shows `size` of them, with links to the
 * other pages and to all rows (`page=all`), plain links that work without JavaScript. A list that fits on one
 * page is shown whole, as before.
 */
import type { JSX } from 'preact';
import { BadParameter } from '../http/errors.js';
import type { PageContext } from './layout.js';
import { formatNumber } from './format.js';

/** A page number (1, 2, …) or every row. */
export type RowsPage = number | 'all';

/** The `page` query parameter: absent → 1; `all`; or a positive integer. */
export function rowsPageOf(value: string | undefined): RowsPage {
  if (value === undefined || value === '') return 1;
  if (value === 'all') return 'all';
  if (!/^[1-9][0-9]{0,5}$/.test(value)) throw new BadParameter('page', `page "${value}" is not a page number or "all"`);
  return Number(value);
}

export interface RowsPaging {
  page: RowsPage;
  pages: number;
  total: number;
  /** The first and last rows shown, from 1. */
  from: number;
  to: number;
}

/** The rows of the page asked for, and where they are (a page past the last shows the last). */
export function pageRows<T>(rows: readonly T[], page: RowsPage, size: number): { rows: T[]; paging: RowsPaging } {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  if (page === 'all' || pages === 1)
    return { rows: [...rows], paging: { page, pages, total: rows.length, from: 1, to: rows.length } };
  const p = Math.min(page, pages);
  const from = (p - 1) * size;
  const shown = rows.slice(from, from + size);
  return { rows: shown, paging: { page: p, pages, total: rows.length, from: from + 1, to: from + shown.length } };
}

/** "Rows 101–200 of 1,523", previous / next, and "show all" (nothing when the list fits on one page). */
export function RowsPager(props: {
  ctx: PageContext;
  paging: RowsPaging;
  /** The page's own address with `page` set. */
  hrefOf: (page: RowsPage) => string;
  /** The list's name, for the navigation's accessible name. */
  label: string;
}): JSX.Element | null {
  const { ctx, paging } = props;
  const { t, lang } = ctx;
  if (paging.pages <= 1) return null;
  const n = (x: number) => formatNumber(x, lang);
  if (paging.page === 'all')
    return (
      <nav class="pager" aria-label={t('rowsPager.label', { list: props.label })}>
        <span>{t('rowsPager.all', { total: n(paging.total) })}</span>{' '}
        <a href={props.hrefOf(1)}>{t('rowsPager.paged')}</a>
      </nav>
    );
  const page = paging.page;
  return (
    <nav class="pager" aria-label={t('rowsPager.label', { list: props.label })}>
      <span>{t('rowsPager.shown', { from: n(paging.from), to: n(paging.to), total: n(paging.total) })}</span>{' '}
      {page > 1 ? (
        <a rel="prev" href={props.hrefOf(page - 1)}>
          {t('rowsPager.previous')}
        </a>
      ) : null}{' '}
      {page < paging.pages ? (
        <a rel="next" href={props.hrefOf(page + 1)}>
          {t('rowsPager.next')}
        </a>
      ) : null}{' '}
      <a href={props.hrefOf('all')}>{t('rowsPager.showAll', { total: n(paging.total) })}</a>
    </nav>
  );
}
