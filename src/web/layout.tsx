/** The document shell every public page shares: head (hreflang, Open Graph, JSON-LD), header, nav, footer. */
import type { ComponentChildren, JSX } from 'preact';
import { dirOf, LANG_NAMES, LANG_TAGS, LANGS, OG_LOCALES, type Lang, type T } from './i18n.js';
import { FAVICON_URL, LOGO_SVG, STYLESHEET_URL } from './assets.js';
import { menuEntries, type NavEntry } from './nav.js';

export interface PageContext {
  lang: Lang;
  t: T;
  /** The path after the language prefix, e.g. "/mechanisms/colombo-process" ("/" for home). */
  path: string;
  /** The query string including "?", or "". */
  query: string;
  /** Absolute origin, e.g. "https://iscm-hub.org", for canonical and Open Graph URLs. */
  origin: string;
  /** The site's entry points, as the features contribute them (none: a page with no menu). */
  nav?: readonly NavEntry[];
  /**
   * Other formats of the page's content (a feed), written as <link rel="alternate" type=…> in the head: a profile
   * section may add one while the page is built (sections run before the page is rendered).
   */
  alternates?: { href: string; type: string; title: string }[];
}

export const href = (lang: Lang, path: string, query = '') => `/${lang}${path === '/' ? '/' : path}${query}`;

/** JSON for a <script type="application/ld+json"> block: "<" escaped so no tag can close it. */
function jsonLdText(data: object): string {
  return JSON.stringify(data).replace(/</g, '\\u003c');
}

export function Layout(props: {
  ctx: PageContext;
  title: string;
  description: string;
  children: ComponentChildren;
  jsonLd?: object;
  ogType?: string;
  className?: string;
}): JSX.Element {
  const { ctx, title } = props;
  const { t, lang } = ctx;
  const url = ctx.origin + href(lang, ctx.path, ctx.query);
  const menu = menuEntries(ctx.nav ?? []);
  const section =
    menu.find(({ path: p }) => p !== '/' && (ctx.path === p || ctx.path.startsWith(`${p}/`)))?.path ??
    (ctx.path === '/' ? '/' : null);
  const fullTitle = ctx.path === '/' ? `${t('site.name')} — ${title}` : `${title} — ${t('site.name')}`;
  return (
    <html lang={LANG_TAGS[lang]} dir={dirOf(lang)}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        <meta name="description" content={props.description} />
        <link rel="stylesheet" href={STYLESHEET_URL} />
        <link rel="icon" href={FAVICON_URL} type="image/svg+xml" />
        <link rel="canonical" href={url} />
        {LANGS.map((l) => (
          <link rel="alternate" hreflang={LANG_TAGS[l]} href={ctx.origin + href(l, ctx.path, ctx.query)} />
        ))}
        <link rel="alternate" hreflang="x-default" href={ctx.origin + href('en', ctx.path, ctx.query)} />
        {(ctx.alternates ?? []).map((a) => (
          <link rel="alternate" type={a.type} title={a.title} href={a.href} />
        ))}
        <meta property="og:site_name" content={t('site.name')} />
        <meta property="og:title" content={title} />
        <meta property="og:description" content={props.description} />
        <meta property="og:type" content={props.ogType ?? 'website'} />
        <meta property="og:url" content={url} />
        <meta property="og:locale" content={OG_LOCALES[lang]} />
        {props.jsonLd ? (
          <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLdText(props.jsonLd) }} />
        ) : null}
      </head>
      <body class={props.className}>
        <a class="skip" href="#main">
          {t('site.skip')}
        </a>
        <header class="site">
          <div class="inner">
            <div class="bar">
              <a class="brand" href={href(lang, '/')}>
                <span aria-hidden="true" dangerouslySetInnerHTML={{ __html: LOGO_SVG }} />
                {t('site.name')}
              </a>
              <nav aria-label={t('site.language')} class="langs">
                <ul>
                  {LANGS.map((l) => (
                    <li>
                      <a
                        href={href(l, ctx.path, ctx.query)}
                        hreflang={LANG_TAGS[l]}
                        lang={LANG_TAGS[l]}
                        dir={dirOf(l)}
                        aria-current={l === lang ? 'true' : undefined}
                      >
                        {LANG_NAMES[l]}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            </div>
            <div class="tools">
              <nav aria-label={t('nav.main')} class="main-nav">
                <ul>
                  {menu.map((e) => (
                    <li>
                      <a href={href(lang, e.path)} aria-current={section === e.path ? 'page' : undefined}>
                        {t(e.label)}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
              <form
                class="search"
                role="search"
                aria-label={t('search.siteForm')}
                method="get"
                action={href(lang, '/search')}
              >
                <label for="site-q">{t('search.label')}</label>
                <input id="site-q" name="q" type="search" maxLength={200} required />
                <button type="submit">{t('common.search')}</button>
              </form>
            </div>
          </div>
        </header>
        <main id="main" tabindex={-1}>
          {props.children}
        </main>
        <footer class="site">
          <div class="inner">
            <p>{t('site.footer')}</p>
            <p>
              <a href="/api/docs">{t('site.api')}</a> · <a href={href(lang, '/data')}>{t('site.data')}</a> ·{' '}
              <a href={href(lang, '/account')}>{t('accounts.intro')}</a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}

/** Marks text that exists in English only when the page is in another language. */
export function En(props: { ctx: PageContext; children: ComponentChildren; block?: boolean }): JSX.Element {
  if (props.ctx.lang === 'en') return <>{props.children}</>;
  const Tag = props.block ? 'div' : 'span';
  return (
    <Tag lang="en" class="fallback">
      {props.children}{' '}
      <small class="fallback-note" title={props.ctx.t('site.englishOnly')}>
        ({props.ctx.t('site.inEnglish')})
      </small>
    </Tag>
  );
}

/**
 * A sentence of the catalogue built with `\u0000` for each placeholder (`t(key, { name: SLOT })`), whose slots are
 * filled, in order, with elements: a name in another language keeps its own `lang` inside the reader's sentence.
 */
export const SLOT = '\u0000';
export function Fill(props: { text: string; slots: readonly ComponentChildren[] }): JSX.Element {
  const pieces = props.text.split(SLOT);
  return (
    <>
      {pieces.map((p, i) => (
        <>
          {p}
          {i < pieces.length - 1 ? props.slots[i] : null}
        </>
      ))}
    </>
  );
}

/** A sentence of the catalogue (built with `\u0000` for one placeholder) whose inserted value is English data. */
export function WithEnglish(props: { ctx: PageContext; text: string; english: string }): JSX.Element {
  return <Fill text={props.text} slots={[<En ctx={props.ctx}>{props.english}</En>]} />;
}

/** A form to change the date a page is computed for; keeps the page's other parameters. */
export function DateForm(props: {
  ctx: PageContext;
  asOf: string;
  keep?: Record<string, string | undefined>;
}): JSX.Element {
  const { t } = props.ctx;
  return (
    <form class="asof" method="get">
      {Object.entries(props.keep ?? {}).map(([k, v]) => (v ? <input type="hidden" name={k} value={v} /> : null))}
      <label for="asOf">{t('common.asOf')}</label>
      <input id="asOf" name="asOf" type="date" value={props.asOf} min="1985-01-01" required />
      <button type="submit">{t('common.change')}</button>
    </form>
  );
}
