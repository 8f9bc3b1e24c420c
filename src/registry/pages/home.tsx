/** Home: the live figures with their definitions, a date control, search, entry points and the map. */
import type { JSX } from 'preact';
import { formatDate } from '../../web/format.js';
import { DateForm, href, Layout, type PageContext } from '../../web/layout.js';
import type { RegistryService } from '../service.js';
import { ReportedFigure } from './reported.js';

type Stats = Awaited<ReturnType<RegistryService['stats']>>;

export function HomePage(props: { ctx: PageContext; stats: Stats; names: Map<string, string>; countryNames: Map<string, string>; map: JSX.Element | null }): JSX.Element {
  const { ctx, stats } = props;
  const { t, lang } = ctx;
  const a = stats.activeMechanisms;
  const max = stats.maxMechanismsPerCountry;
  const cm = stats.countriesMembers;
  const reported = (counts: readonly string[]) => stats.reported.filter((r) => counts.includes(r.counts))
    .map((r) => <ReportedFigure ctx={ctx} figure={r} names={props.names} />);
  const who = (codes: string[]) => codes.map((c) => props.countryNames.get(c) ?? c).join(', ');
  return (
    <Layout ctx={ctx} title={t('home.title')} description={t('home.intro')}
      jsonLd={{ '@context': 'https://schema.org', '@type': 'WebSite', name: t('site.name'), url: ctx.origin + href(lang, '/'), inLanguage: lang, description: t('home.intro') }}>
      <h1>{t('home.title')}</h1>
      <p class="lead">{t('home.intro')}</p>
      <section aria-labelledby="figures">
        <h2 id="figures">{t('home.figures')} — {t('common.asOf')} {formatDate(stats.asOf, lang)}</h2>
        <ul class="figures">
          <li>
            <span class="value">{a.value}</span> {t('home.activeMechanisms')}
            <p class="muted">{t('home.byLevel')}: {t('level.rcp_short')} {a.byLevel.rcp} · {t('level.irf_short')} {a.byLevel.irf} · {t('level.global_short')} {a.byLevel.global}</p>
            {a.statusUncertain.length ? <p class="muted">{t('home.uncertainNote', { list: a.statusUncertain.map((id) => props.names.get(id) ?? id).join(', ') })}</p> : null}
            <details><summary>{t('common.definition')}</summary><p lang="en">{a.definition}</p></details>
            {reported(['active-mechanisms', 'active-rcps'])}
          </li>
          <li>
            <span class="value">{cm.value}</span> {t('home.countriesMembers')}
            <p class="muted">{t('home.knownPart', { known: cm.known, assumed: cm.assumed })}</p>
            <details><summary>{t('common.definition')}</summary><p lang="en">{cm.definition}</p></details>
            {reported(['countries-engaged'])}
          </li>
          <li>
            <span class="value">{max.value}</span> {t('home.maxPerCountry')}
            <p class="muted">{t('home.reached')} {who(max.countries.map((c) => c.code))}</p>
            <p class="muted">{t('reported.variants')}:</p>
            <ul class="variants">
              {max.variants.map((v) => (
                <li data-basis={v.basis}>
                  <strong>{v.value}</strong> — {t(`reported.variant_${v.basis.split('-')[0]!}`)}{v.countries.length ? <>, {t('reported.reachedBy', { who: who(v.countries) })}</> : null}
                  <details><summary>{t('common.definition')}</summary><p lang="en">{v.definition}</p></details>
                </li>
              ))}
            </ul>
            <details><summary>{t('common.definition')}</summary><p lang="en">{max.definition}</p></details>
            {reported(['max-mechanisms-per-country'])}
          </li>
        </ul>
        <DateForm ctx={ctx} asOf={stats.asOf} />
      </section>
      <section aria-labelledby="explore">
        <h2 id="explore">{t('home.explore')}</h2>
        <form class="filters" role="search" method="get" action={href(lang, '/mechanisms')}>
          <div class="field"><label for="home-q">{t('common.searchLabel')}</label><input id="home-q" name="q" type="search" /></div>
          <button type="submit">{t('common.search')}</button>
        </form>
        <ul class="cards">
          {(['mechanisms', 'countries', 'map', 'overlaps', 'timeline', 'themes'] as const).map((p) => (
            <li><a href={href(lang, `/${p}`)}>{t(`nav.${p}`)}</a></li>
          ))}
        </ul>
      </section>
      {props.map}
    </Layout>
  );
}
