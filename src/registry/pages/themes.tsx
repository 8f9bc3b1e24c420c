/** Themes: each theme of the vocabulary with the mechanisms that work on it. */
import type { JSX } from 'preact';
import { En, href, Layout, type PageContext } from '../../web/layout.js';
import { LocalName, localName, MechanismName } from './parts.js';
import { formatNumber } from '../../web/format.js';
import type { RegistryService } from '../service.js';

type Themes = Awaited<ReturnType<RegistryService['themes']>>;

export function ThemesPage(props: {
  ctx: PageContext;
  themes: Themes;
  names: ReadonlyMap<string, string>;
}): JSX.Element {
  const { ctx } = props;
  const { t, lang } = ctx;
  const collator = new Intl.Collator(lang);
  const themes = [...props.themes.items].sort(
    (a, b) =>
      (a.id === 'other' ? 1 : 0) - (b.id === 'other' ? 1 : 0) ||
      collator.compare(localName(a.name, lang).text, localName(b.name, lang).text),
  );
  return (
    <Layout ctx={ctx} title={t('themes.title')} description={t('themes.intro')}>
      <h1>{t('themes.title')}</h1>
      <p class="lead">{t('themes.intro')}</p>
      <nav aria-label={t('themes.title')}>
        <ul>
          {themes.map((th) => (
            <li>
              <a href={`#${th.id}`}>
                <LocalName ctx={ctx} names={th.name} />
              </a>{' '}
              <span class="muted">({formatNumber(th.mechanisms.length, lang)})</span>
            </li>
          ))}
        </ul>
      </nav>
      {themes.map((th) => (
        <section aria-labelledby={th.id}>
          <h2 id={th.id}>
            <LocalName ctx={ctx} names={th.name} />
          </h2>
          {th.description ? (
            <p class="muted">
              <En ctx={ctx}>{th.description}</En>
            </p>
          ) : null}
          {th.mechanisms.length === 0 ? (
            <p>{t('themes.none')}</p>
          ) : (
            <ul>
              {th.mechanisms.map((id) => (
                <li>
                  <a href={href(lang, `/mechanisms/${id}`)}>
                    <MechanismName ctx={ctx} m={{ name: props.names.get(id) ?? id }} />
                  </a>
                </li>
              ))}
            </ul>
          )}
          <p>
            <a href={href(lang, '/mechanisms', `?theme=${th.id}`)}>
              {t('nav.mechanisms')}: <LocalName ctx={ctx} names={th.name} />
            </a>
          </p>
        </section>
      ))}
    </Layout>
  );
}
