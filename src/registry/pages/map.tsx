/** Map page: a world choropleth as of a chosen date (asOf; ?year= means 31 December), a mechanism filter that highlights its members, and the data table. */
import type { JSX } from 'preact';
import { formatDate } from '../../web/format.js';
import { En, Fill, href, Layout, SLOT, type PageContext } from '../../web/layout.js';
import { WorldMap, type MapDatum } from '../../web/map.js';
import { TableScroll } from '../../web/table.js';

export interface MapPageData {
  asOf: string;
  mechanism: { id: string; name: string } | null;
  mechanisms: { id: string; name: string }[];
  /** Every country with its count (choropleth) or highlighted flag (mechanism chosen). */
  data: MapDatum[];
}

export function choroplethMap(ctx: PageContext, data: MapDatum[], asOf: string, id = 'world'): JSX.Element {
  const { t, lang } = ctx;
  return (
    <WorldMap
      credit={t('data.mapCredit')}
      id={id}
      mode="choropleth"
      data={data}
      title={`${t('map.title')} — ${formatDate(asOf, lang)}`}
      description={t('map.desc', { count: data.filter((d) => d.value > 0).length, date: formatDate(asOf, lang) })}
      legend={{ title: t('map.legend'), none: t('map.noData') }}
      valueLabel={(d) => t('map.value', { name: d.name, count: d.value })}
    />
  );
}

export function MapPage(props: { ctx: PageContext; page: MapPageData }): JSX.Element {
  const { ctx, page } = props;
  const { t, lang } = ctx;
  const date = formatDate(page.asOf, lang);
  const collator = new Intl.Collator(lang);
  const rows = [...page.data]
    .filter((d) => (page.mechanism ? d.highlighted : d.value > 0))
    .sort((a, b) => b.value - a.value || collator.compare(a.name, b.name));
  const name = page.mechanism ? <En ctx={ctx}>{page.mechanism.name}</En> : null;
  return (
    <Layout ctx={ctx} title={t('map.title')} description={t('map.intro')}>
      <h1>{t('map.title')}</h1>
      <p class="lead">{t('map.intro')}</p>
      <form class="filters" method="get">
        <div class="field">
          <label for="m-asof">{t('common.asOf')}</label>
          <input id="m-asof" name="asOf" type="date" value={page.asOf} min="1985-01-01" required />
        </div>
        <div class="field">
          <label for="m-mech">{t('map.highlight')}</label>
          <select id="m-mech" name="mechanism">
            <option value="">{t('map.noHighlight')}</option>
            {page.mechanisms.map((m) => (
              <option value={m.id} selected={page.mechanism?.id === m.id} lang="en">
                {m.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t('common.apply')}</button>
      </form>
      {page.mechanism ? (
        <WorldMap
          credit={t('data.mapCredit')}
          id="world"
          mode="highlight"
          data={page.data}
          title={<Fill text={t('profile.mapTitle', { name: SLOT, date })} slots={[name]} />}
          description={<Fill text={t('map.highlightDesc', { count: rows.length, name: SLOT, date })} slots={[name]} />}
          legend={{
            title: name,
            none: t('map.other'),
            highlighted: t('map.highlighted'),
            other: t('map.other'),
          }}
          valueLabel={(d) => `${d.name}: ${d.highlighted ? t('map.highlighted') : t('map.other')}`}
        />
      ) : (
        choroplethMap(ctx, page.data, page.asOf)
      )}
      <h2 id="map-table">
        {t('common.table')} — {t('common.asOf')} {date}
      </h2>
      <TableScroll labelledby="map-table">
        <table aria-labelledby="map-table">
          <thead>
            <tr>
              <th scope="col">{t('common.country')}</th>
              <th scope="col" class="num">
                {t('map.mechanismsCount')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((d) => (
              <tr>
                <th scope="row">
                  <a href={href(lang, `/countries/${d.code}`, `?asOf=${page.asOf}`)}>{d.name}</a>
                </th>
                <td class="num">{d.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </Layout>
  );
}
