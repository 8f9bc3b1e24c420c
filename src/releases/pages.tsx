/** The open-data page: what the releases hold, the licence and attributions, and a link to each release. */
import type { JSX } from 'preact';
import { formatDate } from '../web/format.js';
import { En, Layout, type PageContext } from '../web/layout.js';
import type { ReleaseSummary } from './store.js';

export interface TableInfo {
  name: string;
  description: string;
}

const base = (version: string) => `/data/releases/${version}`;

export function DataPage(props: { ctx: PageContext; releases: ReleaseSummary[]; tables: TableInfo[] }): JSX.Element {
  const { ctx } = props;
  const { t, lang } = ctx;
  const [latest] = props.releases;
  return (
    <Layout ctx={ctx} title={t('data.title')} description={t('data.intro')}>
      <h1>{t('data.title')}</h1>
      <p class="lead">{t('data.intro')}</p>
      <section aria-labelledby="licence">
        <h2 id="licence">{t('data.licenceTitle')}</h2>
        <p>
          {t('data.licence')} <a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>
        </p>
        <p>
          {t('data.thirdParty')} <a href="https://opendatacommons.org/licenses/odbl/1-0/">ODbL 1.0</a> ·{' '}
          <a href="https://www.naturalearthdata.com/">Natural Earth</a> ·{' '}
          <a href="https://github.com/mledoze/countries">world-countries</a>
        </p>
      </section>
      <section aria-labelledby="releases">
        <h2 id="releases">{t('data.releasesTitle')}</h2>
        {latest ? (
          <>
            <p>
              <strong>{t('data.latest')}:</strong>{' '}
              <a href="/data/releases/latest/datapackage.json">
                {t('data.release', { date: formatDate(latest.version.slice(0, 10), lang) })}
              </a>
            </p>
            <ul class="releases">
              {props.releases.map((r) => (
                <li id={`release-${r.version}`}>
                  {t('data.release', { date: formatDate(r.version.slice(0, 10), lang) })}
                  {r.version.length > 10 ? ` (${r.version})` : ''}:{' '}
                  <a href={`${base(r.version)}/datapackage.json`}>{t('data.package')}</a> ·{' '}
                  <a href={`${base(r.version)}/SHA256SUMS`}>{t('data.checksums')}</a>
                  <br />
                  <code class="muted">{r.digest}</code>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>{t('data.none')}</p>
        )}
      </section>
      <section aria-labelledby="tables">
        <h2 id="tables">{t('data.tablesTitle')}</h2>
        <p>{t('data.tablesIntro')}</p>
        <dl class="tables">
          {props.tables.map((tb) => (
            <>
              <dt>
                <code lang="en">{tb.name}</code>
                {latest ? (
                  <>
                    {' '}
                    <a href={`${base(latest.version)}/${tb.name}.csv`}>{t('data.csv')}</a> ·{' '}
                    <a href={`${base(latest.version)}/${tb.name}.json`}>{t('data.json')}</a>
                  </>
                ) : null}
              </dt>
              <dd>
                <En ctx={ctx}>{tb.description}</En>
              </dd>
            </>
          ))}
        </dl>
      </section>
      <section aria-labelledby="api">
        <h2 id="api">{t('data.apiTitle')}</h2>
        <p>
          {t('data.api')} <a href="/api/docs">/api/docs</a> · <a href="/api/openapi.json">/api/openapi.json</a>
        </p>
      </section>
    </Layout>
  );
}
