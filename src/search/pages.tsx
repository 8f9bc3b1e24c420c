/** The search page: a plain GET form, results with highlighted snippets, facets as links, paging. No script. */
import { Pager } from '../web/pager.js';
import type { JSX } from 'preact';
import { Fill, href, Layout, SLOT, type PageContext } from '../web/layout.js';
import type { Facet, SearchHit, SearchResult } from './service.js';

export interface SearchPageProps {
  ctx: PageContext;
  /** The query and filters as given (strings, for links and the form). */
  params: Partial<Record<'q' | Facet, string>>;
  types: string[];
  result: SearchResult | null;
  mechanismNames: ReadonlyMap<string, string>;
}

const FACET_ORDER: Facet[] = ['type', 'mechanism', 'year', 'kind', 'lang'];

function link(ctx: PageContext, params: SearchPageProps['params'], change: Record<string, string | undefined>) {
  const all = { ...params, ...change };
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(all)) if (v !== undefined && v !== '') qs.set(k, v);
  const s = qs.toString();
  return href(ctx.lang, '/search', s ? `?${s}` : '');
}

/** `lang` for text in `text` on a page in `page`: none when it is the page's, empty when unknown (`und`). */
function langAttr(text: string, page: string): string | undefined {
  return text === page ? undefined : text === 'und' ? '' : text;
}

function Marked(props: { hit: SearchHit; lang: string }): JSX.Element | null {
  const s = props.hit.snippet;
  if (!s) return null;
  const parts: (string | JSX.Element)[] = [];
  let at = 0;
  for (const [a, b] of s.highlights) {
    parts.push(s.text.slice(at, a), <mark>{s.text.slice(a, b)}</mark>);
    at = b;
  }
  parts.push(s.text.slice(at));
  return (
    <p class="snippet" lang={langAttr(s.lang ?? 'und', props.lang)}>
      {parts}
    </p>
  );
}

export function SearchPage(props: SearchPageProps): JSX.Element {
  const { ctx, params, result } = props;
  const { t, lang } = ctx;
  const typeName = (type: string) => t(`search.types.${type}`, { defaultValue: type });
  // A kind is a meeting's, a document's or a mechanism's level: the catalogue names it; else its code, in English.
  const kindLabel = (v: string): JSX.Element | string => {
    for (const ns of ['kind', 'dkind', 'level']) {
      const label = t(`${ns}.${v}`, { defaultValue: '' });
      if (label) return label;
    }
    return <span lang="en">{v}</span>;
  };
  // A mechanism's name is English data; a year or a kind's code is no language's words.
  const facetValue = (f: Facet, v: string): JSX.Element | string =>
    f === 'type' ? (
      typeName(v)
    ) : f === 'mechanism' ? (
      <span lang="en">{props.mechanismNames.get(v) ?? v}</span>
    ) : f === 'lang' ? (
      t(`search.langs.${v}`, { defaultValue: v })
    ) : f === 'kind' ? (
      kindLabel(v)
    ) : (
      v
    );
  // The query is the reader's own words, in a language the page does not know (lang="").
  const query = <span lang="">{result?.q}</span>;
  const title = params.q ? `${t('search.title')}: ${params.q}` : t('search.title');
  return (
    <Layout ctx={ctx} title={title} description={t('search.intro')}>
      <h1>{t('search.title')}</h1>
      <p>{t('search.intro')}</p>
      <form
        class="search-page"
        role="search"
        aria-label={t('search.title')}
        method="get"
        action={href(lang, '/search')}
      >
        <label for="search-q">{t('search.label')}</label>
        <input id="search-q" name="q" type="search" value={params.q ?? ''} maxLength={200} required />
        <label for="search-type">{t('search.type')}</label>
        <select id="search-type" name="type">
          <option value="">{t('search.anyType')}</option>
          {props.types.map((ty) => (
            <option value={ty} selected={params.type === ty}>
              {typeName(ty)}
            </option>
          ))}
        </select>
        {(['mechanism', 'year', 'kind', 'lang'] as const).map((f) =>
          params[f] ? <input type="hidden" name={f} value={params[f]} /> : null,
        )}
        <button type="submit">{t('search.submit')}</button>
      </form>
      {result ? (
        <>
          <p role="status">
            <Fill
              text={
                result.total === 0
                  ? t('search.none', { q: SLOT })
                  : t('search.results', { count: result.total, q: SLOT })
              }
              slots={[query]}
            />
          </p>
          {result.partial ? <p class="note">{t('search.partial')}</p> : null}
          {result.total > 0 ? (
            <div class="search-layout">
              <aside aria-labelledby="refine">
                <h2 id="refine">{t('search.refine')}</h2>
                {FACET_ORDER.map((f) =>
                  result.facets[f].length > 0 ? (
                    <section>
                      <h3>{t(`search.facets.${f}`)}</h3>
                      <ul>
                        {params[f] ? (
                          <li>
                            <a href={link(ctx, params, { [f]: undefined, page: undefined })}>{t('search.clear')}</a>
                          </li>
                        ) : null}
                        {result.facets[f].slice(0, 12).map(({ value, count }) => (
                          <li>
                            {params[f] === value ? (
                              <strong aria-current="true">
                                {facetValue(f, value)} ({count})
                              </strong>
                            ) : (
                              <a href={link(ctx, params, { [f]: value, page: undefined })}>
                                {facetValue(f, value)} ({count})
                              </a>
                            )}
                          </li>
                        ))}
                      </ul>
                    </section>
                  ) : null,
                )}
              </aside>
              <ol class="search-results" start={(result.page - 1) * result.limit + 1}>
                {result.items.map((hit) => (
                  <li>
                    <p class="kind">{typeName(hit.type)}</p>
                    <h2 lang={langAttr(hit.titleLang, lang)}>
                      {hit.path ? (
                        <a href={href(lang, hit.path)}>{hit.title}</a>
                      ) : hit.url ? (
                        <a href={hit.url} rel="noopener nofollow">
                          {hit.title}
                        </a>
                      ) : (
                        hit.title
                      )}
                    </h2>
                    <Marked hit={hit} lang={lang} />
                    {!hit.path && !hit.url ? <p class="note">{t('search.noPage')}</p> : null}
                  </li>
                ))}
              </ol>
            </div>
          ) : null}
          <Pager
            label={t('search.pageOf', { page: result.page, pages: result.pages })}
            page={result.page}
            pages={result.pages}
            hrefOf={(p) => link(ctx, params, { page: String(p) })}
            previous={t('search.previous')}
            next={t('search.next')}
            position={t('search.pageOf', { page: result.page, pages: result.pages })}
          />
        </>
      ) : null}
    </Layout>
  );
}
