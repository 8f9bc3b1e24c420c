/** Timeline: mechanisms established per year since 1985 and active mechanisms per year, as charts with tables. */
import type { JSX } from 'preact';
import { BarChart } from '../../web/charts.js';
import { En, href, Layout, type PageContext } from '../../web/layout.js';
import type { RegistryService } from '../service.js';
import { TableScroll } from '../../web/table.js';

type Timeline = Awaited<ReturnType<RegistryService['timeline']>>;

export function TimelinePage(props: {
  ctx: PageContext;
  timeline: Timeline;
  names: ReadonlyMap<string, string>;
}): JSX.Element {
  const { ctx, timeline } = props;
  const { t, lang } = ctx;
  return (
    <Layout ctx={ctx} title={t('timeline.title')} description={t('timeline.intro')}>
      <h1>{t('timeline.title')}</h1>
      <p class="lead">{t('timeline.intro')}</p>
      <section aria-labelledby="established">
        <h2 id="established">{t('timeline.established')}</h2>
        <BarChart
          id="chart-established"
          title={t('timeline.established')}
          description={t('timeline.establishedDesc')}
          data={timeline.established.map((e) => ({ label: String(e.year), value: e.count }))}
          xLabel={t('common.year')}
          yLabel={t('common.count')}
        />
        {timeline.establishedBefore.length ? (
          <p class="muted">
            &lt; {timeline.fromYear}: {timeline.establishedBefore.map((id) => props.names.get(id) ?? id).join(', ')}
          </p>
        ) : null}
        <details>
          <summary>{t('common.table')}</summary>
          <TableScroll label={t('timeline.established')}>
            <table>
              <caption class="visually-hidden">{t('timeline.established')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('common.year')}</th>
                  <th scope="col" class="num">
                    {t('common.count')}
                  </th>
                  <th scope="col">{t('nav.mechanisms')}</th>
                </tr>
              </thead>
              <tbody>
                {timeline.established
                  .filter((e) => e.count > 0)
                  .map((e) => (
                    <tr>
                      <th scope="row">{e.year}</th>
                      <td class="num">{e.count}</td>
                      <td>
                        {e.mechanisms.map((id, i) => (
                          <>
                            {i ? ', ' : ''}
                            <a href={href(lang, `/mechanisms/${id}`)}>
                              <En ctx={ctx}>{props.names.get(id) ?? id}</En>
                            </a>
                          </>
                        ))}
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </TableScroll>
        </details>
      </section>
      <section aria-labelledby="active">
        <h2 id="active">{t('timeline.active')}</h2>
        <BarChart
          id="chart-active"
          title={t('timeline.active')}
          description={t('timeline.activeDesc')}
          data={timeline.active.map((e) => ({ label: String(e.year), value: e.count }))}
          xLabel={t('common.year')}
          yLabel={t('common.count')}
        />
        <details>
          <summary>{t('common.table')}</summary>
          <TableScroll label={t('timeline.active')}>
            <table>
              <caption class="visually-hidden">{t('timeline.active')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('common.year')}</th>
                  <th scope="col" class="num">
                    {t('common.count')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {timeline.active.map((e) => (
                  <tr>
                    <th scope="row">
                      <a href={href(lang, '/mechanisms', `?status=active&asOf=${e.date}`)}>{e.year}</a>
                    </th>
                    <td class="num">{e.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </details>
      </section>
    </Layout>
  );
}
