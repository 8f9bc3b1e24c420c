/** Overlaps: the mechanism × mechanism matrix of shared members (count and Jaccard), as of a date. */
import type { JSX } from 'preact';
import { formatDate, formatNumber } from '../../web/format.js';
import { En, DateForm, href, Layout, type PageContext } from '../../web/layout.js';
import { TableScroll } from '../../web/table.js';

/** What the page shows of the overlaps at a date: the first pairs, and any pair's cell (dated-index.ts). */
export interface OverlapsView {
  asOf: string;
  definition: string;
  top: { a: string; b: string; shared: number; jaccard: number }[];
  cell: (a: string, b: string) => { shared: number; jaccard: number } | null;
}

/** The matrix's largest side: beyond it (a hundred times the data), the mechanisms with the most members. */
export const MATRIX_MAX = 60;

/** The shade of a matrix cell: five steps of the Jaccard index, darker for a larger share in common. */
const heat = (j: number): string => (j >= 0.5 ? 'h5' : j >= 0.3 ? 'h4' : j >= 0.15 ? 'h3' : j >= 0.05 ? 'h2' : 'h1');

export function OverlapsPage(props: {
  ctx: PageContext;
  overlaps: OverlapsView;
  mechanisms: { id: string; name: string; acronym: string | null; members: number }[];
  asOfGiven: boolean;
}): JSX.Element {
  const { ctx, overlaps } = props;
  const { t, lang } = ctx;
  const withMembers = props.mechanisms.filter((m) => m.members > 0);
  const kept =
    withMembers.length > MATRIX_MAX
      ? new Set(
          [...withMembers]
            .sort((a, b) => b.members - a.members)
            .slice(0, MATRIX_MAX)
            .map((m) => m.id),
        )
      : null;
  const ms = kept ? withMembers.filter((m) => kept.has(m.id)) : withMembers;
  const short = (m: { id: string; acronym: string | null; name: string }) => m.acronym ?? m.name;
  const q = props.asOfGiven ? `?asOf=${overlaps.asOf}` : '';
  const date = formatDate(overlaps.asOf, lang);
  const names = new Map(props.mechanisms.map((m) => [m.id, m.name]));
  return (
    <Layout ctx={ctx} title={t('overlaps.title')} description={t('overlaps.intro')}>
      <h1>{t('overlaps.title')}</h1>
      <p class="lead">{t('overlaps.intro')}</p>
      <DateForm ctx={ctx} asOf={overlaps.asOf} />
      <h2 id="pairs">{t('overlaps.pairs')}</h2>
      <TableScroll labelledby="pairs">
        <table aria-labelledby="pairs">
          <thead>
            <tr>
              <th scope="col">{t('common.mechanism')}</th>
              <th scope="col">{t('common.mechanism')}</th>
              <th scope="col" class="num">
                {t('profile.shared')}
              </th>
              <th scope="col" class="num">
                {t('overlaps.jaccard')}
              </th>
            </tr>
          </thead>
          <tbody>
            {overlaps.top.map((p) => (
              <tr>
                <td>
                  <a href={href(lang, `/mechanisms/${p.a}`, q)}>
                    <En ctx={ctx}>{names.get(p.a)}</En>
                  </a>
                </td>
                <td>
                  <a href={href(lang, `/mechanisms/${p.b}`, q)}>
                    <En ctx={ctx}>{names.get(p.b)}</En>
                  </a>
                </td>
                <td class="num">{p.shared}</td>
                <td class="num">{formatNumber(p.jaccard, lang, 2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <h2 id="matrix">{t('overlaps.caption', { date })}</h2>
      <p class="heat-key">
        {t('overlaps.shading')} <span class="h1" /> <span class="h2" /> <span class="h3" /> <span class="h4" />{' '}
        <span class="h5" />
      </p>
      {kept ? <p class="muted">{t('scale.matrixCapped', { shown: ms.length, total: withMembers.length })}</p> : null}
      <TableScroll labelledby="matrix" class="matrix-wrap">
        <table class="matrix">
          <thead>
            <tr>
              <td></td>
              {ms.map((m) => (
                <th scope="col">
                  <abbr title={m.name} lang="en">
                    {short(m)}
                  </abbr>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ms.map((a) => (
              <tr>
                <th scope="row">
                  <a href={href(lang, `/mechanisms/${a.id}`, q)} lang="en" title={a.name}>
                    {short(a)}
                  </a>
                </th>
                {ms.map((b) => {
                  if (a.id === b.id) return <td class="num self">{a.members}</td>;
                  const c = overlaps.cell(a.id, b.id);
                  return c ? (
                    <td class={`num ${heat(c.jaccard)}`}>
                      {c.shared} <small>{formatNumber(c.jaccard, lang, 2)}</small>
                    </td>
                  ) : (
                    <td class="num zero">0</td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <p class="muted" lang="en">
        {overlaps.definition}
      </p>
    </Layout>
  );
}
