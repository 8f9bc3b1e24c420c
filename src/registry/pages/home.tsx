/** Home: the live figures with their definitions, a date control, search, entry points and the map. */
import type { JSX } from 'preact';
import { formatDate, formatNumber } from '../../web/format.js';
import { exploreEntries } from '../../web/nav.js';
import { DateForm, En, href, Layout, WithEnglish, type PageContext } from '../../web/layout.js';
import type { RegistryService } from '../service.js';
import { ReportedFigure } from './reported.js';
import { jsonLd as ldBlock, ldId, ldText } from '../../web/linked-data.js';
import { LANG_TAGS } from '../../web/i18n.js';

type Stats = Awaited<ReturnType<RegistryService['stats']>>;

export function HomePage(props: {
  ctx: PageContext;
  stats: Stats;
  names: ReadonlyMap<string, string>;
  countryNames: Map<string, string>;
  map: JSX.Element | null;
}): JSX.Element {
  const { ctx, stats } = props;
  const { t, lang } = ctx;
  const a = stats.activeMechanisms;
  const max = stats.maxMechanismsPerCountry;
  const cm = stats.countriesMembers;
  const reported = (counts: readonly string[]) =>
    stats.reported
      .filter((r) => counts.includes(r.counts))
      .map((r) => <ReportedFigure ctx={ctx} figure={r} names={props.names} />);
  const who = (codes: string[]) => codes.map((c) => props.countryNames.get(c) ?? c).join(', ');
  return (
    <Layout
      ctx={ctx}
      title={t('home.title')}
      description={t('home.intro')}
      jsonLd={ldBlock({
        '@id': ldId(ctx, '/'),
        '@type': 'WebSite',
        name: ldText(t('site.name'), lang),
        url: ldId(ctx, '/'),
        inLanguage: LANG_TAGS[lang],
        description: ldText(t('home.intro'), lang),
      })}
    >
      <h1>{t('home.title')}</h1>
      <p class="lead">{t('home.intro')}</p>
      <section aria-labelledby="figures">
        <h2 id="figures">
          {t('home.figures')} — {t('common.asOf')} {formatDate(stats.asOf, lang)}
        </h2>
        <ul class="figures">
          <li>
            <span class="value">{a.value}</span> {t('home.activeMechanisms')}
            <p class="muted">
              {t('home.byLevel')}: {t('level.rcp_short')} {a.byLevel.rcp} · {t('level.irf_short')} {a.byLevel.irf} ·{' '}
              {t('level.global_short')} {a.byLevel.global}
            </p>
            {a.statusUncertain.length ? (
              <p class="muted">
                <WithEnglish
                  ctx={ctx}
                  text={t('home.uncertainNote', { list: '\u0000' })}
                  english={a.statusUncertain.map((id) => props.names.get(id) ?? id).join(', ')}
                />
              </p>
            ) : null}
            <details>
              <summary>{t('common.definition')}</summary>
              <En ctx={ctx} block>
                {a.definition}
              </En>
            </details>
            {reported(['active-mechanisms', 'active-rcps'])}
          </li>
          <li>
            <span class="value">{formatNumber(cm.value, lang)}</span> {t('home.countriesMembers')}
            <p class="muted">{t('home.knownPart', { known: cm.known, assumed: cm.assumed })}</p>
            <details>
              <summary>{t('common.definition')}</summary>
              <En ctx={ctx} block>
                {cm.definition}
              </En>
            </details>
            {reported(['countries-engaged'])}
          </li>
          <li>
            <span class="value">{formatNumber(max.value, lang)}</span> {t('home.maxPerCountry')}
            <p class="muted">
              {t('home.reached')} {who(max.countries.map((c) => c.code))}
            </p>
            <p class="muted">{t('reported.variants')}:</p>
            <ul class="variants">
              {max.variants.map((v) => (
                <li data-basis={v.basis}>
                  <strong>{v.value}</strong> — {t(`reported.variant_${v.basis.split('-')[0]!}`)}
                  {v.countries.length ? <>, {t('reported.reachedBy', { who: who(v.countries) })}</> : null}
                  <details>
                    <summary>{t('common.definition')}</summary>
                    <En ctx={ctx} block>
                      {v.definition}
                    </En>
                  </details>
                </li>
              ))}
            </ul>
            <details>
              <summary>{t('common.definition')}</summary>
              <En ctx={ctx} block>
                {max.definition}
              </En>
            </details>
            {reported(['max-mechanisms-per-country'])}
          </li>
        </ul>
        <DateForm ctx={ctx} asOf={stats.asOf} />
      </section>
      <section aria-labelledby="explore">
        <h2 id="explore">{t('home.explore')}</h2>
        <ul class="cards">
          {exploreEntries(ctx.nav ?? []).map((e) => (
            <li>
              <a href={href(lang, e.path)}>{t(e.label)}</a>
            </li>
          ))}
        </ul>
      </section>
      {props.map}
    </Layout>
  );
}
