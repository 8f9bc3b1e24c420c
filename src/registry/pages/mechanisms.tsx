/** The list of mechanisms: filters as a plain GET form, a result count, sortable columns. */
import type { JSX } from 'preact';
import { formatDate } from '../../web/format.js';
import { En, href, Layout, type PageContext } from '../../web/layout.js';
import type { RegistryService } from '../service.js';
import { LevelText, StatusText } from './parts.js';
import { TableScroll } from '../../web/table.js';

export const SORTS = ['name', 'level', 'status', 'established', 'members'] as const;
export type Sort = (typeof SORTS)[number];

export interface MechanismsQuery {
  asOf: string;
  asOfGiven: boolean;
  level?: string | undefined;
  status?: string | undefined;
  region?: string | undefined;
  theme?: string | undefined;
  country?: string | undefined;
  q?: string | undefined;
  sort: Sort;
  dir: 'asc' | 'desc';
  include?: 'all' | undefined;
}

type ListResult = Awaited<ReturnType<RegistryService['listMechanisms']>>;
type Options = {
  regions: { code: string; name: string; sub: boolean; own: boolean }[];
  themes: { id: string; name: string; own: boolean }[];
  countries: { code: string; name: string }[];
};

export function MechanismsPage(props: {
  ctx: PageContext;
  query: MechanismsQuery;
  result: ListResult;
  options: Options;
}): JSX.Element {
  const { ctx, query, result, options } = props;
  const { t, lang } = ctx;
  const collator = new Intl.Collator(lang);
  const items = [...result.items].sort((a, b) => {
    const key = query.sort;
    const cmp =
      key === 'name'
        ? collator.compare(a.commonName, b.commonName)
        : key === 'established'
          ? (a.established ?? 9999) - (b.established ?? 9999)
          : key === 'members'
            ? a.members - b.members
            : key === 'level'
              ? (a.level?.value ?? '').localeCompare(b.level?.value ?? '')
              : (a.status?.value ?? '').localeCompare(b.status?.value ?? '');
    return (query.dir === 'asc' ? cmp : -cmp) || collator.compare(a.commonName, b.commonName);
  });
  const params = (over: Record<string, string>) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...query, ...over })) {
      if (k === 'asOfGiven' || (k === 'asOf' && !query.asOfGiven) || v === undefined || v === '') continue;
      p.set(k, String(v));
    }
    return `?${p.toString()}`;
  };
  const SortHeader = (p: { col: Sort; label: string; num?: boolean }) => {
    const active = query.sort === p.col;
    const nextDir = active && query.dir === 'asc' ? 'desc' : 'asc';
    return (
      <th
        scope="col"
        class={p.num ? 'num' : undefined}
        aria-sort={active ? (query.dir === 'asc' ? 'ascending' : 'descending') : undefined}
      >
        <a href={params({ sort: p.col, dir: nextDir })}>
          {p.label}
          {active ? (query.dir === 'asc' ? ' ▲' : ' ▼') : ''}
          <span class="visually-hidden">
            {' '}
            ({t('common.sortBy')} {t(nextDir === 'asc' ? 'common.ascending' : 'common.descending')})
          </span>
        </a>
      </th>
    );
  };
  return (
    <Layout ctx={ctx} title={t('mechanisms.title')} description={t('home.intro')}>
      <h1>{t('mechanisms.title')}</h1>
      <form class="filters" method="get" aria-label={t('mechanisms.filters')}>
        <div class="field">
          <label for="f-q">{t('common.search')}</label>
          <input id="f-q" name="q" type="search" value={query.q ?? ''} />
        </div>
        <div class="field">
          <label for="f-level">{t('common.level')}</label>
          <select id="f-level" name="level">
            <option value="">{t('mechanisms.allLevels')}</option>
            {(['rcp', 'irf', 'global'] as const).map((l) => (
              <option value={l} selected={query.level === l}>
                {t(`level.${l}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-status">{t('common.status')}</label>
          <select id="f-status" name="status">
            <option value="">{t('mechanisms.allStatuses')}</option>
            {(['active', 'dormant', 'concluded', 'not-established'] as const).map((s) => (
              <option value={s} selected={query.status === s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-region">{t('common.region')}</label>
          <select id="f-region" name="region" aria-describedby="f-region-help">
            <option value="">{t('mechanisms.allRegions')}</option>
            {options.regions.map((r) => (
              <option value={r.code} selected={query.region === r.code} lang={r.own ? undefined : 'en'}>
                {r.sub ? `— ${r.name}` : r.name}
              </option>
            ))}
          </select>
          <small id="f-region-help" class="muted">
            {t('mechanisms.regionHelp')}
          </small>
        </div>
        <div class="field">
          <label for="f-theme">{t('common.theme')}</label>
          <select id="f-theme" name="theme">
            <option value="">{t('mechanisms.allThemes')}</option>
            {options.themes.map((th) => (
              <option value={th.id} selected={query.theme === th.id} lang={th.own ? undefined : 'en'}>
                {th.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-country">{t('common.country')}</label>
          <select id="f-country" name="country">
            <option value="">{t('mechanisms.allCountries')}</option>
            {options.countries.map((c) => (
              <option value={c.code} selected={query.country === c.code}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-asof">{t('common.asOf')}</label>
          <input id="f-asof" name="asOf" type="date" value={query.asOfGiven ? query.asOf : ''} min="1985-01-01" />
        </div>
        {query.sort !== 'name' ? <input type="hidden" name="sort" value={query.sort} /> : null}
        {query.dir !== 'asc' ? <input type="hidden" name="dir" value={query.dir} /> : null}
        {query.include === 'all' ? <input type="hidden" name="include" value="all" /> : null}
        <button type="submit">{t('common.apply')}</button>
        <a href={href(lang, '/mechanisms')}>{t('mechanisms.reset')}</a>
      </form>
      <p role="status">
        <strong>{t('common.results', { count: result.total })}</strong> — {t('common.asOf')}{' '}
        {formatDate(result.asOf, lang)}
      </p>
      {result.notYetEstablished > 0 ? (
        <p class="muted" data-later={result.notYetEstablished}>
          {t('mechanisms.later', { count: result.notYetEstablished })}{' '}
          <a href={href(lang, '/mechanisms', params({ include: 'all' }))}>{t('mechanisms.showLater')}</a>
        </p>
      ) : null}

      <TableScroll label={t('mechanisms.title')}>
        <table>
          <caption class="visually-hidden">{t('mechanisms.title')}</caption>
          <thead>
            <tr>
              <SortHeader col="name" label={t('common.name')} />
              <SortHeader col="level" label={t('common.level')} />
              <SortHeader col="status" label={t('common.status')} />
              <SortHeader col="established" label={t('common.established')} num />
              <SortHeader col="members" label={t('mechanisms.members')} num />
              <th scope="col" class="num">
                {t('mechanisms.observers')}
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((m) => (
              <tr>
                <th scope="row">
                  <a href={href(lang, `/mechanisms/${m.id}`, query.asOfGiven ? `?asOf=${query.asOf}` : '')}>
                    <En ctx={ctx}>{m.commonName}</En>
                  </a>
                  {m.acronym && m.acronym !== m.commonName ? (
                    <span class="muted" lang="en">
                      {' '}
                      ({m.acronym})
                    </span>
                  ) : null}
                </th>
                <td>
                  <LevelText ctx={ctx} level={m.level} short />
                </td>
                <td>
                  <StatusText ctx={ctx} status={m.status} />
                </td>
                <td class="num">{m.established ?? '—'}</td>
                <td class="num">{m.members}</td>
                <td class="num">{m.observers}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </Layout>
  );
}
