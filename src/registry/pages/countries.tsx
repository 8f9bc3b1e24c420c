/** Countries and territories by UN M49 region, and one country's profile. */
import type { JSX } from 'preact';
import { compact, jsonLd as ldBlock, ldDate, ldText, type LdNode } from '../../web/linked-data.js';
import { ldMechanismRef, ldParty } from '../linked-data.js';
import { formatDate, formatNumber, regionName } from '../../web/format.js';
import { countryNames } from '../countries.js';
import { DateForm, En, href, Layout, type PageContext } from '../../web/layout.js';
import type { RegistryService } from '../service.js';
import { CertaintyBadge, DateCell, RegionName, RowCitations, VerificationBadge } from './parts.js';
import { SourceList, type SourceRow } from '../../web/sources.js';
import { TableScroll } from '../../web/table.js';
import { RowsPager, type RowsPage, type RowsPaging } from '../../web/rows-pager.js';

type CountryList = Awaited<ReturnType<RegistryService['listCountries']>>;
type CountryDetail = Awaited<ReturnType<RegistryService['country']>>;

export function CountriesPage(props: { ctx: PageContext; list: CountryList; asOfGiven: boolean }): JSX.Element {
  const { ctx, list } = props;
  const { t, lang } = ctx;
  const collator = new Intl.Collator(lang);
  const names = countryNames(lang);
  const name = (c: CountryList['items'][number]) => names.get(c.code) ?? c.name.en;
  /** Regions by M49 code ("none" for countries outside M49), each with its name in the page language. */
  const regions = new Map<string, { label: JSX.Element; text: string; items: CountryList['items'] }>();
  for (const c of list.items) {
    const key = c.region?.code ?? 'none';
    const own = c.region ? regionName(c.region.code, lang) : t('countries.noRegion');
    const entry = regions.get(key) ?? {
      label: own !== undefined ? <>{own}</> : <En ctx={ctx}>{c.region!.name}</En>,
      text: own ?? c.region!.name,
      items: [],
    };
    entry.items.push(c);
    regions.set(key, entry);
  }
  const ordered = [...regions.entries()].sort(
    ([a, x], [b, y]) => (a === 'none' ? 1 : 0) - (b === 'none' ? 1 : 0) || collator.compare(x.text, y.text),
  );
  const q = props.asOfGiven ? `?asOf=${list.asOf}` : '';
  return (
    <Layout ctx={ctx} title={t('countries.title')} description={t('countries.intro')}>
      <h1>{t('countries.title')}</h1>
      <p class="lead">{t('countries.intro')}</p>
      <DateForm ctx={ctx} asOf={list.asOf} />
      <nav aria-label={t('common.region')}>
        <ul>
          {ordered.map(([code, r]) => (
            <li>
              <a href={`#region-${code}`}>{r.label}</a>
            </li>
          ))}
        </ul>
      </nav>
      {ordered.map(([code, { label, text, items }]) => (
        <section aria-labelledby={`region-${code}`}>
          <h2 id={`region-${code}`}>
            {label} <span class="muted">({formatNumber(items.length, lang)})</span>
          </h2>
          <TableScroll label={`${t('common.table')} — ${text}`}>
            <table>
              <caption class="visually-hidden">{label}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('common.country')}</th>
                  <th scope="col">{t('common.region')}</th>
                  <th scope="col" class="num">
                    {t('countries.memberOf')}
                  </th>
                  <th scope="col" class="num">
                    {t('countries.engagedIn')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {[...items]
                  .sort((a, b) => collator.compare(name(a), name(b)))
                  .map((c) => (
                    <tr>
                      <th scope="row">
                        <a href={href(lang, `/countries/${c.code}`, q)}>{name(c)}</a>
                        {c.kind === 'territory' ? <span class="muted"> ({t('countries.territory')})</span> : null}
                      </th>
                      <td>{c.subregion ? <RegionName ctx={ctx} region={c.subregion} /> : ''}</td>
                      <td class="num">{formatNumber(c.memberOf, lang)}</td>
                      <td class="num">{formatNumber(c.engagedIn, lang)}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </TableScroll>
        </section>
      ))}
    </Layout>
  );
}

export interface CountryExtras {
  sources: SourceRow[];
  established: ReadonlyMap<string, number | null>;
  neighbours: { code: string; name: string; memberOf: number }[];
  /** The sections other features contribute (the meetings held there or where it took part…). */
  sections?: readonly JSX.Element[];
}

/** A Gantt-like SVG: one bar per participation, from start (or establishment, lighter) to end (or the date shown). */
function ParticipationTimeline(props: {
  ctx: PageContext;
  rows: CountryDetail['participation'];
  established: ReadonlyMap<string, number | null>;
  asOf: string;
}): JSX.Element | null {
  const { ctx } = props;
  const { t } = ctx;
  const rows = props.rows.filter((r) => r.since !== null || props.established.get(r.mechanism) != null);
  if (rows.length === 0) return null;
  const year = (d: string) => Number(d.slice(0, 4)) + (d.length >= 7 ? (Number(d.slice(5, 7)) - 1) / 12 : 0);
  const endYear = Number(props.asOf.slice(0, 4)) + 1;
  const startYear = Math.min(1985, ...rows.map((r) => year(r.since ?? String(props.established.get(r.mechanism)))));
  const rowH = 20,
    labelW = 260,
    width = 900,
    top = 20;
  const x = (y: number) => labelW + ((y - startYear) / (endYear - startYear)) * (width - labelW - 10);
  const ticks: number[] = [];
  for (let y = Math.ceil(startYear / 5) * 5; y <= endYear; y += 5) ticks.push(y);
  const height = top + rows.length * rowH + 10;
  return (
    <figure>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width={width}
        height={height}
        role="img"
        aria-labelledby="tl-title"
        aria-describedby="tl-desc"
        focusable="false"
      >
        <title id="tl-title">{t('country.timeline')}</title>
        <desc id="tl-desc">{t('country.timelineDesc')}</desc>
        {ticks.map((y) => (
          <g>
            <line x1={x(y)} x2={x(y)} y1={top - 4} y2={height - 10} stroke="#d5dbe2" />
            <text class="timeline-axis" x={x(y)} y={12} text-anchor="middle">
              {y}
            </text>
          </g>
        ))}
        {rows.map((r, i) => {
          const s = year(r.since ?? String(props.established.get(r.mechanism)));
          const e = r.until ? year(r.until) : year(props.asOf);
          return (
            <g>
              <text
                class="timeline-label"
                x={labelW - 8}
                y={top + i * rowH + rowH / 2}
                text-anchor="end"
                dominant-baseline="middle"
              >
                {r.role === 'member' ? null : `(${t(`role.${r.role}`)}) `}
                <tspan lang="en">
                  {((label, max) => (label.length > max ? `${label.slice(0, max - 1)}…` : label))(
                    r.mechanismName,
                    r.role === 'member' ? 38 : 38 - t(`role.${r.role}`).length - 3,
                  )}
                </tspan>
              </text>
              <rect
                class={`timeline-bar${r.since === null ? ' assumed' : ''}`}
                x={x(s)}
                y={top + i * rowH}
                width={Math.max(2, x(e) - x(s))}
                height={rowH - 6}
              >
                {/* The name is the row's label (marked as English); the tooltip adds the role and the years. */}
                <title>{`${t(`role.${r.role}`)}: ${r.since ?? '?'}–${r.until ?? ''}`}</title>
              </rect>
            </g>
          );
        })}
      </svg>
      <figcaption class="muted">{t('country.timelineDesc')}</figcaption>
    </figure>
  );
}

export function CountryPage(props: {
  ctx: PageContext;
  c: CountryDetail;
  extras: CountryExtras;
  asOfGiven: boolean;
  /** Which of the participation rows are shown (c.participation holds those only), and the pages' addresses. */
  paging?: RowsPaging;
  hrefOf?: (page: RowsPage) => string;
}): JSX.Element {
  const { ctx, c, extras } = props;
  const { t, lang } = ctx;
  const numbers = new Map(extras.sources.map((s, i) => [s.id, i + 1]));
  const name = countryNames(lang).get(c.code) ?? c.name.en;
  const q = props.asOfGiven ? `?asOf=${c.asOf}` : '';
  const rows = [...c.participation].sort(
    (a, b) =>
      (a.certainty === null ? 1 : 0) - (b.certainty === null ? 1 : 0) || a.mechanismName.localeCompare(b.mechanismName),
  );
  // The country and its government (ldParty), and each participation as an OrganizationRole of a mechanism.
  const self = ldParty(ctx, c.code);
  const roles = rows.map((r): LdNode =>
    compact({
      '@id': `${self['@id']}#${r.id.split('/').map(encodeURIComponent).join('/')}`,
      '@type': 'OrganizationRole',
      roleName: ldText(t(`role.${r.role}`), lang),
      startDate: ldDate(r.since),
      endDate: ldDate(r.until),
      memberOf: ldMechanismRef(ctx, r.mechanism, r.mechanismName),
    }),
  );
  const jsonLd = ldBlock({ ...self, ...(roles.length ? { memberOf: roles } : {}) });
  const pager =
    props.paging && props.hrefOf ? (
      <RowsPager ctx={ctx} paging={props.paging} hrefOf={props.hrefOf} label={t('country.participation')} />
    ) : null;
  return (
    <Layout
      ctx={ctx}
      title={name}
      description={`${name}: ${t('country.participation')}`}
      jsonLd={jsonLd}
      className="profile"
    >
      <h1>{name}</h1>
      <p class="lead">
        {c.kind === 'territory' ? `${t('countries.territory')} · ` : ''}
        {c.region ? <RegionName ctx={ctx} region={c.region} /> : null}
        {c.region && c.subregion ? ' · ' : null}
        {c.subregion ? <RegionName ctx={ctx} region={c.subregion} /> : null}
      </p>
      {c.note ? (
        <p>
          <En ctx={ctx}>{c.note}</En>
        </p>
      ) : null}
      <DateForm ctx={ctx} asOf={c.asOf} />
      <section aria-labelledby="participation">
        <h2 id="participation">{t('country.participation')}</h2>
        {rows.length === 0 ? (
          <p>{t('country.none')}</p>
        ) : (
          <>
            {pager}
            <TableScroll label={`${t('common.table')} — ${t('country.participation')}`}>
              <table>
                <caption class="visually-hidden">{t('country.participation')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('common.mechanism')}</th>
                    <th scope="col">{t('common.role')}</th>
                    <th scope="col">{t('common.since')}</th>
                    <th scope="col">{t('common.until')}</th>
                    <th scope="col">
                      {t('country.holds')} ({formatDate(c.asOf, lang)})
                    </th>
                    <th scope="col">{t('common.sources')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr>
                      <th scope="row">
                        <a href={href(lang, `/mechanisms/${r.mechanism}`, q)}>
                          <En ctx={ctx}>{r.mechanismName}</En>
                        </a>
                        <VerificationBadge ctx={ctx} verification={r.verification} />
                      </th>
                      <td>{t(`role.${r.role}`)}</td>
                      <td>
                        <DateCell ctx={ctx} value={r.since} notBefore={r.sinceNotBefore} />
                      </td>
                      <td>
                        <DateCell ctx={ctx} value={r.until} notBefore={r.untilNotBefore} open />
                        {r.endCause ? <span class="muted"> ({t(`endCause.${r.endCause}`)})</span> : null}
                      </td>
                      <td>
                        {r.certainty === null ? (
                          <span class="muted">{t('country.notAtDate')}</span>
                        ) : (
                          <>
                            {t('common.yes')} <CertaintyBadge ctx={ctx} certainty={r.certainty} />
                          </>
                        )}
                      </td>
                      <td>
                        <RowCitations ctx={ctx} row={r} numbers={numbers} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
            {pager}
          </>
        )}
        <ParticipationTimeline ctx={ctx} rows={rows} established={extras.established} asOf={c.asOf} />
      </section>
      {extras.sections}
      {extras.neighbours.length ? (
        <section aria-labelledby="neighbours">
          <h2 id="neighbours">{t('country.neighbours')}</h2>
          <p class="muted">{t('country.neighboursHelp')}</p>
          <TableScroll label={`${t('common.table')} — ${t('country.neighbours')}`}>
            <table>
              <caption class="visually-hidden">{t('country.neighbours')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('common.country')}</th>
                  <th scope="col" class="num">
                    {t('countries.memberOf')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {extras.neighbours.map((n) => (
                  <tr>
                    <th scope="row">
                      <a href={href(lang, `/countries/${n.code}`, q)}>{n.name}</a>
                    </th>
                    <td class="num">{n.memberOf}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </section>
      ) : null}
      <SourceList ctx={ctx} sources={extras.sources} />
    </Layout>
  );
}
