import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { h } from 'preact';
import { render } from 'preact-render-to-string';
import { LANGS, translator } from './i18n.js';
import type { PageContext } from './layout.js';
import { pageRows, RowsPager, rowsPageOf, type RowsPage } from './rows-pager.js';

const rows = Array.from({ length: 123 }, (_, i) => i + 1);
const ctxOf = (lang: (typeof LANGS)[number]): PageContext => ({
  lang,
  t: translator(lang),
  path: '/countries/FRA',
  query: '',
  origin: 'https://example.org',
});
const hrefOf = (p: RowsPage) => (p === 1 ? '/en/countries/FRA' : `/en/countries/FRA?page=${p}`);

describe('rows paged on a profile', () => {
  it('reads the page parameter: absent is the first, "all", or a page number', () => {
    assert.equal(rowsPageOf(undefined), 1);
    assert.equal(rowsPageOf(''), 1);
    assert.equal(rowsPageOf('all'), 'all');
    assert.equal(rowsPageOf('3'), 3);
    for (const bad of ['0', '-1', '1.5', 'two', '01', '9999999']) assert.throws(() => rowsPageOf(bad), /page/, bad);
  });

  it('cuts pages of the given size, shows a short list whole, and every row when asked', () => {
    assert.deepEqual(pageRows(rows, 1, 50).rows, rows.slice(0, 50));
    assert.deepEqual(pageRows(rows, 3, 50), {
      rows: rows.slice(100),
      paging: { page: 3, pages: 3, total: 123, from: 101, to: 123 },
    });
    // Past the last page: the last.
    assert.deepEqual(pageRows(rows, 9, 50).rows, rows.slice(100));
    assert.deepEqual(pageRows(rows, 'all', 50).rows, rows);
    assert.deepEqual(pageRows(rows.slice(0, 50), 1, 50).paging, { page: 1, pages: 1, total: 50, from: 1, to: 50 });
  });

  it('links the other pages and every row, and says nothing when the list fits', () => {
    const ctx = ctxOf('en');
    const html = (page: RowsPage, n = rows.length) =>
      render(
        h(RowsPager, { ctx, paging: pageRows(rows.slice(0, n), page, 50).paging, hrefOf, label: 'Participation' }),
      );
    assert.equal(html(1, 50), '');
    const second = html(2);
    assert.match(second, /Rows 51–100 of 123/);
    assert.match(second, /<a rel="prev" href="\/en\/countries\/FRA">/);
    assert.match(second, /<a rel="next" href="\/en\/countries\/FRA\?page=3">/);
    assert.match(second, /<a href="\/en\/countries\/FRA\?page=all">Show all 123 rows<\/a>/);
    assert.match(second, /aria-label="Participation: pages"/);
    const first = html(1);
    assert.doesNotMatch(first, /rel="prev"/);
    const all = html('all');
    assert.match(all, /All 123 rows/);
    assert.match(all, /<a href="\/en\/countries\/FRA">Show by pages<\/a>/);
    assert.doesNotMatch(all, /rel="next"/);
  });

  it('is worded in every language', () => {
    for (const lang of LANGS) {
      const ctx = ctxOf(lang);
      const html = render(h(RowsPager, { ctx, paging: pageRows(rows, 2, 50).paging, hrefOf, label: 'x' }));
      assert.doesNotMatch(html, /rowsPager\./, lang);
      assert.match(html, /123/, lang);
    }
  });
});
