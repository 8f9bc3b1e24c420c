/** The achievements page (facets, charts with tables, the list), one achievement, and the profile sections. */
import { Pager } from '../../web/pager.js';
import type { JSX } from 'preact';
import { BarChart } from '../../web/charts.js';
import { FacetNav } from '../../web/facets.js';
import { formatNumber, regionName } from '../../web/format.js';
import { En, href, Layout, type PageContext } from '../../web/layout.js';
import { TableScroll } from '../../web/table.js';
import { SourceList, SourceRefs, type SourceRow } from '../../web/sources.js';
import { FACETS, NO_COUNTRY, type Facet, type FacetCount } from '../model.js';
import type { ImpactService } from '../service.js';
import { HBarChart } from './charts.js';

export type AchievementItem = Awaited<ReturnType<ImpactService['list']>>['items'][number];
type Listing = Awaited<ReturnType<ImpactService['list']>>;
type Detail = Awaited<ReturnType<ImpactService['get']>>;
export type AchievementsQuery = Partial<Record<Facet | 'country', string>>;

export const PAGE_SIZE = 50;
const FILTERS = [...FACETS, 'country'] as const;

function queryString(q: AchievementsQuery, page = 1): string {
  const params = new URLSearchParams();
  for (const k of FILTERS) {
    const v = q[k];
    if (v) params.set(k, v);
  }
  if (page > 1) params.set('page', String(page));
  const s = params.toString();
  return s ? `?${s}` : '';
}

export interface Labels {
  mechanism: ReadonlyMap<string, string>;
  country: ReadonlyMap<string, string>;
  /** M49 region code → English name (where CLDR has no name in the page language) */
  region: ReadonlyMap<string, string>;
}

/** A facet value in words, as plain text (for charts) . */
function labelText(ctx: PageContext, labels: Labels, f: Facet | 'country', v: string): string {
  const { t, lang } = ctx;
  if (f === 'lens') return t(`lens.${v}`);
  if (f === 'type') return t(`atype.${v}`);
  if (f === 'level') return t(`alevel.${v}`);
  if (f === 'region')
    return v === NO_COUNTRY ? t('achievements.noCountry') : (regionName(v, lang) ?? labels.region.get(v) ?? v);
  if (f === 'mechanism') return labels.mechanism.get(v) ?? v;
  if (f === 'country') return labels.country.get(v) ?? v;
  return v;
}

/** The same, marked as English where the name is the English one (mechanism names). */
function Label(props: { ctx: PageContext; labels: Labels; f: Facet | 'country'; v: string }): JSX.Element {
  const text = labelText(props.ctx, props.labels, props.f, props.v);
  return props.f === 'mechanism' ? <span lang="en">{text}</span> : <>{text}</>;
}

/** "Policy impact · Declaration · Regional · 2018": what an achievement is, in the reader's language. */
export function AchievementMeta(props: { ctx: PageContext; a: AchievementItem; mechanism?: boolean }): JSX.Element {
  const { t } = props.ctx;
  const a = props.a;
  return (
    <span class="muted">
      {t(`lens.${a.lens}`)} · {t(`atype.${a.type}`)} · {t(`alevel.${a.level}`)} ·{' '}
      {a.year === null ? t('achievements.undated') : String(a.year)}
      {props.mechanism ? (
        <>
          {' '}
          · <span lang="en">{a.mechanism.name}</span>
        </>
      ) : null}
    </span>
  );
}

export function AchievementList(props: { ctx: PageContext; items: AchievementItem[]; mechanism?: boolean }) {
  const { ctx } = props;
  return (
    <ul class="documents achievements">
      {props.items.map((a) => (
        <li>
          <a href={href(ctx.lang, `/achievements/${a.id}`)} lang="en">
            {a.title}
          </a>{' '}
          — <AchievementMeta ctx={ctx} a={a} mechanism={props.mechanism ?? false} />
        </li>
      ))}
    </ul>
  );
}

/** A chart of one facet's counts and its table alternative. */
function FacetChart(props: {
  ctx: PageContext;
  labels: Labels;
  f: 'lens' | 'type' | 'level' | 'region';
  counts: FacetCount[];
  query: AchievementsQuery;
}): JSX.Element {
  const { ctx, f } = props;
  const { t, lang } = ctx;
  const title = t(`achievements.by.${f}`);
  return (
    <section aria-labelledby={`chart-${f}-h`}>
      <h3 id={`chart-${f}-h`}>{title}</h3>
      <HBarChart
        id={`chart-${f}`}
        title={title}
        description={t('achievements.chartDesc')}
        data={props.counts.map((c) => ({ label: labelText(ctx, props.labels, f, c.value), value: c.count }))}
        formatValue={(v) => formatNumber(v, lang)}
      />
      {f === 'region' ? <p class="muted">{t('achievements.regionNote')}</p> : null}
      <details>
        <summary>{t('common.table')}</summary>
        <TableScroll label={`${t('common.table')} — ${title}`}>
          <table>
            <caption class="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t(`achievements.facet.${f}`)}</th>
                <th scope="col" class="num">
                  {t('common.count')}
                </th>
              </tr>
            </thead>
            <tbody>
              {props.counts.map((c) => (
                <tr>
                  <th scope="row">
                    {c.count > 0 ? (
                      <a href={href(lang, '/achievements', queryString({ ...props.query, [f]: c.value }))}>
                        <Label ctx={ctx} labels={props.labels} f={f} v={c.value} />
                      </a>
                    ) : (
                      <Label ctx={ctx} labels={props.labels} f={f} v={c.value} />
                    )}
                  </th>
                  <td class="num">{formatNumber(c.count, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </details>
    </section>
  );
}

export function AchievementsPage(props: {
  ctx: PageContext;
  query: AchievementsQuery;
  page: number;
  r: Listing;
  labels: Labels;
}): JSX.Element {
  const { ctx, query, r, labels } = props;
  const { t, lang } = ctx;
  const pages = Math.max(1, Math.ceil(r.total / PAGE_SIZE));
  const active = FILTERS.filter((k) => query[k]);
  return (
    <Layout ctx={ctx} title={t('achievements.title')} description={t('achievements.intro')}>
      <h1>{t('achievements.title')}</h1>
      <p class="lead">{t('achievements.intro')}</p>
      <div class="with-facets">
        <FacetNav
          ctx={ctx}
          groups={FACETS.map((f) => ({
            key: f,
            heading: t(`achievements.facet.${f}`),
            counts: r.facets[f].filter((c) => c.count > 0 || query[f] === c.value),
          }))}
          selected={query}
          label={(f, v) => <Label ctx={ctx} labels={labels} f={f as Facet} v={v} />}
          link={(f, v) => href(lang, '/achievements', queryString({ ...query, [f]: v }))}
        />
        <div class="results">
          <p role="status">
            <strong>{t('common.results', { count: r.total })}</strong>
            {active.length ? (
              <>
                {' '}
                — {t('documents.filteredBy')}{' '}
                {active.map((k, i) => (
                  <>
                    {i ? ', ' : ''}
                    <Label ctx={ctx} labels={labels} f={k} v={query[k]!} />
                  </>
                ))}{' '}
                · <a href={href(lang, '/achievements')}>{t('mechanisms.reset')}</a>
              </>
            ) : null}
          </p>
          <p class="muted">{t('achievements.lensNote')}</p>
          {r.total > 0 ? (
            <section aria-labelledby="charts">
              <h2 id="charts">{t('achievements.charts')}</h2>
              {(['lens', 'type', 'level', 'region'] as const).map((f) => (
                <FacetChart ctx={ctx} labels={labels} f={f} counts={r.facets[f]} query={query} />
              ))}
              <section aria-labelledby="chart-year-h">
                <h3 id="chart-year-h">{t('achievements.by.year')}</h3>
                {r.perYear.length ? (
                  <BarChart
                    id="chart-year"
                    title={t('achievements.by.year')}
                    description={t('achievements.chartDesc')}
                    data={r.perYear.map((y) => ({ label: String(y.year), value: y.count }))}
                    xLabel={t('common.year')}
                    yLabel={t('common.count')}
                    formatValue={(v) => formatNumber(v, lang)}
                  />
                ) : null}
                <p class="muted">{t('achievements.undatedCount', { count: formatNumber(r.undated, lang) })}</p>
                <details>
                  <summary>{t('common.table')}</summary>
                  <TableScroll label={`${t('common.table')} — ${t('achievements.by.year')}`}>
                    <table>
                      <caption class="visually-hidden">{t('achievements.by.year')}</caption>
                      <thead>
                        <tr>
                          <th scope="col">{t('common.year')}</th>
                          <th scope="col" class="num">
                            {t('common.count')}
                          </th>
                        </tr>
                      </thead>
                      <tbody>
                        {r.perYear.map((y) => (
                          <tr>
                            <th scope="row">
                              {y.count > 0 ? (
                                <a href={href(lang, '/achievements', queryString({ ...query, year: String(y.year) }))}>
                                  {y.year}
                                </a>
                              ) : (
                                y.year
                              )}
                            </th>
                            <td class="num">{formatNumber(y.count, lang)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </TableScroll>
                </details>
              </section>
            </section>
          ) : null}
          <h2 id="list">{t('achievements.list')}</h2>
          <AchievementList ctx={ctx} items={r.items} mechanism />
          <Pager
            label={t('documents.pages')}
            page={props.page}
            pages={pages}
            hrefOf={(p) => href(lang, '/achievements', queryString(query, p))}
            previous={t('documents.previous')}
            next={t('documents.next')}
            position={t('documents.pageOf', { page: props.page, pages })}
          />
        </div>
      </div>
    </Layout>
  );
}

export function AchievementPage(props: {
  ctx: PageContext;
  a: Detail;
  sources: SourceRow[];
  countryNames: Map<string, string>;
}): JSX.Element {
  const { ctx, a } = props;
  const { t, lang } = ctx;
  const numbers = new Map(props.sources.map((s, i) => [s.id, i + 1]));
  return (
    <Layout
      ctx={ctx}
      title={a.title}
      description={`${t(`lens.${a.lens}`)} — ${a.mechanism.name}`}
      ogType="article"
      className="profile"
    >
      <h1 lang="en">{a.title}</h1>
      <p class="lead">
        <AchievementMeta ctx={ctx} a={a} />
      </p>
      <dl class="facts">
        <dt>{t('common.mechanism')}</dt>
        <dd>
          <a href={href(lang, `/mechanisms/${a.mechanism.id}`)} lang="en">
            {a.mechanism.name}
          </a>
        </dd>
        <dt>{t('achievements.facet.lens')}</dt>
        <dd>{t(`lens.${a.lens}`)}</dd>
        <dt>{t('achievements.facet.type')}</dt>
        <dd>{t(`atype.${a.type}`)}</dd>
        <dt>{t('achievements.facet.level')}</dt>
        <dd>{t(`alevel.${a.level}`)}</dd>
        <dt>{t('common.year')}</dt>
        <dd>{a.year === null ? t('achievements.undated') : a.year}</dd>
        <dt>{t('achievements.countries')}</dt>
        <dd>
          {a.countries.length
            ? a.countries.map((c, i) => (
                <>
                  {i ? ', ' : ''}
                  <a href={href(lang, `/countries/${c}`)}>{props.countryNames.get(c) ?? c}</a>
                </>
              ))
            : t('achievements.noCountryNamed')}
        </dd>
        <dt>{t('documents.confidence')}</dt>
        <dd>{t(`aconfidence.${a.confidence}`)}</dd>
      </dl>
      <section aria-labelledby="evidence">
        <h2 id="evidence">{t('achievements.evidence')}</h2>
        <p>
          <En ctx={ctx}>{a.evidence}</En> <SourceRefs ids={a.sources} numbers={numbers} />
        </p>
        <p class="muted">{t('achievements.evidenceNote')}</p>
      </section>
      <SourceList ctx={ctx} sources={props.sources} />
      <p>
        <a href={href(lang, '/achievements', `?mechanism=${encodeURIComponent(a.mechanism.id)}`)}>
          {t('achievements.ofThisMechanism')}
        </a>{' '}
        · <a href={href(lang, '/achievements')}>{t('achievements.back')}</a>
      </p>
    </Layout>
  );
}

/** A profile's achievements, grouped by lens; nothing when there are none. */
export function AchievementsSection(props: {
  ctx: PageContext;
  items: AchievementItem[];
  heading: string;
  all: string;
  mechanism: boolean;
}): JSX.Element | null {
  if (!props.items.length) return null;
  const { ctx } = props;
  const { t, lang } = ctx;
  return (
    <section aria-labelledby="achievements">
      <h2 id="achievements">{props.heading}</h2>
      <p class="muted">{t('achievements.lensNote')}</p>
      {(['policy-impact', 'sustainable-structures', 'partnership-models'] as const).map((lens) => {
        const items = props.items.filter((a) => a.lens === lens);
        return items.length ? (
          <>
            <h3>{t(`lens.${lens}`)}</h3>
            <AchievementList ctx={ctx} items={items} mechanism={props.mechanism} />
          </>
        ) : null;
      })}
      <p>
        <a href={href(lang, '/achievements', props.all)}>{t('achievements.seeAll')}</a>
      </p>
    </section>
  );
}
