/** Countries and territories by UN M49 region, and one country's profile. */
import type { JSX } from 'preact';
import { formatDate } from '../../web/format.js';
import { DateForm, En, href, Layout, type PageContext } from '../../web/layout.js';
import type { RegistryService } from '../service.js';
import { CertaintyBadge, DateCell, RowCitations, SourceList, VerificationBadge, type SourceRow } from './parts.js';

type CountryList = Awaited<ReturnType<RegistryService['listCountries']>>;
type CountryDetail = Awaited<ReturnType<RegistryService['country']>>;

export function CountriesPage(props: { ctx: PageContext; list: CountryList; asOfGiven: boolean }): JSX.Element {
  const { ctx, list } = props;
  const { t, lang } = ctx;
  const collator = new Intl.Collator(lang);
  const name = (c: CountryList['items'][number]) => c.name[lang];
  const regions = new Map<string, CountryList['items']>();
  for (const c of list.items) {
    const key = c.region?.name ?? t('countries.noRegion');
    regions.set(key, [...(regions.get(key) ?? []), c]);
  }
  const q = props.asOfGiven ? `?asOf=${list.asOf}` : '';
  return (
    <Layout ctx={ctx} title={t('countries.title')} description={t('countries.intro')}>
      <h1>{t('countries.title')}</h1>
      <p class="lead">{t('countries.intro')}</p>
      <DateForm ctx={ctx} asOf={list.asOf} />
      <nav aria-label={t('common.region')}><ul>{[...regions.keys()].sort().map((r) => <li><a href={`#region-${r.replace(/\W+/g, '-')}`} lang="en">{r}</a></li>)}</ul></nav>
      {[...regions.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([region, items]) => (
        <section aria-labelledby={`region-${region.replace(/\W+/g, '-')}`}>
          <h2 id={`region-${region.replace(/\W+/g, '-')}`}><span lang="en">{region}</span> <span class="muted">({items.length})</span></h2>
          <div class="table-wrap"><table>
            <caption class="visually-hidden">{region}</caption>
            <thead><tr><th scope="col">{t('common.country')}</th><th scope="col">{t('common.region')}</th><th scope="col" class="num">{t('countries.memberOf')}</th><th scope="col" class="num">{t('countries.engagedIn')}</th></tr></thead>
            <tbody>
              {[...items].sort((a, b) => collator.compare(name(a), name(b))).map((c) => (
                <tr>
                  <th scope="row"><a href={href(lang, `/countries/${c.code}`, q)}>{name(c)}</a>{c.kind === 'territory' ? <span class="muted"> ({t('countries.territory')})</span> : null}</th>
                  <td lang="en">{c.subregion?.name ?? ''}</td>
                  <td class="num">{c.memberOf}</td><td class="num">{c.engagedIn}</td>
                </tr>
              ))}
            </tbody>
          </table></div>
        </section>
      ))}
    </Layout>
  );
}

export interface CountryExtras {
  sources: SourceRow[];
  established: Map<string, number | null>;
  neighbours: { code: string; name: string; memberOf: number }[];
  /** The meetings held there or where it took part, rendered by the meetings feature. */
  meetings?: JSX.Element | null;
}

/** A Gantt-like SVG: one bar per participation, from start (or establishment, lighter) to end (or the date shown). */
function ParticipationTimeline(props: { ctx: PageContext; rows: CountryDetail['participation']; established: Map<string, number | null>; asOf: string }): JSX.Element | null {
  const { ctx } = props;
  const { t } = ctx;
  const rows = props.rows.filter((r) => r.since !== null || props.established.get(r.mechanism) != null);
  if (rows.length === 0) return null;
  const year = (d: string) => Number(d.slice(0, 4)) + (d.length >= 7 ? (Number(d.slice(5, 7)) - 1) / 12 : 0);
  const endYear = Number(props.asOf.slice(0, 4)) + 1;
  const startYear = Math.min(1985, ...rows.map((r) => year(r.since ?? String(props.established.get(r.mechanism)))));
  const rowH = 20, labelW = 260, width = 900, top = 20;
  const x = (y: number) => labelW + ((y - startYear) / (endYear - startYear)) * (width - labelW - 10);
  const ticks: number[] = [];
  for (let y = Math.ceil(startYear / 5) * 5; y <= endYear; y += 5) ticks.push(y);
  const height = top + rows.length * rowH + 10;
  return (
    <figure>
      <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-labelledby="tl-title" aria-describedby="tl-desc" focusable="false">
        <title id="tl-title">{t('country.timeline')}</title>
        <desc id="tl-desc">{t('country.timelineDesc')}</desc>
        {ticks.map((y) => <g><line x1={x(y)} x2={x(y)} y1={top - 4} y2={height - 10} stroke="#d5dbe2" /><text class="timeline-axis" x={x(y)} y={12} text-anchor="middle">{y}</text></g>)}
        {rows.map((r, i) => {
          const s = year(r.since ?? String(props.established.get(r.mechanism)));
          const e = r.until ? year(r.until) : year(props.asOf);
          return (
            <g>
              <text class="timeline-label" x={labelW - 8} y={top + i * rowH + rowH / 2} text-anchor="end" dominant-baseline="middle">
                {((label) => (label.length > 38 ? `${label.slice(0, 37)}…` : label))(r.role === 'member' ? r.mechanismName : `(${t(`role.${r.role}`)}) ${r.mechanismName}`)}
              </text>
              <rect class={`timeline-bar${r.since === null ? ' assumed' : ''}`} x={x(s)} y={top + i * rowH} width={Math.max(2, x(e) - x(s))} height={rowH - 6}>
                <title>{`${r.mechanismName} — ${t(`role.${r.role}`)}: ${r.since ?? '?'}–${r.until ?? ''}`}</title>
              </rect>
            </g>
          );
        })}
      </svg>
      <figcaption class="muted">{t('country.timelineDesc')}</figcaption>
    </figure>
  );
}

export function CountryPage(props: { ctx: PageContext; c: CountryDetail; extras: CountryExtras; asOfGiven: boolean }): JSX.Element {
  const { ctx, c, extras } = props;
  const { t, lang } = ctx;
  const numbers = new Map(extras.sources.map((s, i) => [s.id, i + 1]));
  const name = c.name[lang];
  const q = props.asOfGiven ? `?asOf=${c.asOf}` : '';
  const rows = [...c.participation].sort((a, b) => (a.certainty === null ? 1 : 0) - (b.certainty === null ? 1 : 0) || a.mechanismName.localeCompare(b.mechanismName));
  const jsonLd = { '@context': 'https://schema.org', '@type': 'Country', name, identifier: c.code, ...(c.region ? { containedInPlace: { '@type': 'Place', name: c.region.name } } : {}) };
  return (
    <Layout ctx={ctx} title={name} description={`${name}: ${t('country.participation')}`} jsonLd={jsonLd} className="profile">
      <h1>{name}</h1>
      <p class="lead">{c.kind === 'territory' ? `${t('countries.territory')} · ` : ''}<span lang="en">{[c.region?.name, c.subregion?.name].filter(Boolean).join(' · ')}</span></p>
      {c.note ? <p><En ctx={ctx}>{c.note}</En></p> : null}
      <DateForm ctx={ctx} asOf={c.asOf} />
      <section aria-labelledby="participation">
        <h2 id="participation">{t('country.participation')}</h2>
        {rows.length === 0 ? <p>{t('country.none')}</p> : (
          <div class="table-wrap"><table>
            <caption class="visually-hidden">{t('country.participation')}</caption>
            <thead><tr><th scope="col">{t('common.mechanism')}</th><th scope="col">{t('common.role')}</th><th scope="col">{t('common.since')}</th><th scope="col">{t('common.until')}</th><th scope="col">{t('country.holds')} ({formatDate(c.asOf, lang)})</th><th scope="col">{t('common.sources')}</th></tr></thead>
            <tbody>{rows.map((r) => (
              <tr>
                <th scope="row"><a href={href(lang, `/mechanisms/${r.mechanism}`, q)} lang="en">{r.mechanismName}</a><VerificationBadge ctx={ctx} verification={r.verification} /></th>
                <td>{t(`role.${r.role}`)}</td>
                <td><DateCell ctx={ctx} value={r.since} notBefore={r.sinceNotBefore} /></td>
                <td><DateCell ctx={ctx} value={r.until} notBefore={r.untilNotBefore} open />{r.endCause ? <span class="muted"> ({t(`endCause.${r.endCause}`)})</span> : null}</td>
                <td>{r.certainty === null ? <span class="muted">{t('country.notAtDate')}</span> : <>{t('common.yes')} <CertaintyBadge ctx={ctx} certainty={r.certainty} /></>}</td>
                <td><RowCitations ctx={ctx} row={r} numbers={numbers} /></td>
              </tr>
            ))}</tbody>
          </table></div>
        )}
        <ParticipationTimeline ctx={ctx} rows={rows} established={extras.established} asOf={c.asOf} />
      </section>
      {extras.meetings ? <section aria-labelledby="meetings-h"><h2 id="meetings-h">{t('meetings.title')}</h2>{extras.meetings}</section> : null}
      {extras.neighbours.length ? (
        <section aria-labelledby="neighbours">
          <h2 id="neighbours">{t('country.neighbours')}</h2>
          <p class="muted">{t('country.neighboursHelp')}</p>
          <table>
            <caption class="visually-hidden">{t('country.neighbours')}</caption>
            <thead><tr><th scope="col">{t('common.country')}</th><th scope="col" class="num">{t('countries.memberOf')}</th></tr></thead>
            <tbody>{extras.neighbours.map((n) => <tr><th scope="row"><a href={href(lang, `/countries/${n.code}`, q)}>{n.name}</a></th><td class="num">{n.memberOf}</td></tr>)}</tbody>
          </table>
        </section>
      ) : null}
      <SourceList ctx={ctx} sources={extras.sources} />
    </Layout>
  );
}
