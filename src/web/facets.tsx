/**
 * The facet lists beside a filtered list (documents, achievements): one section per facet, each value a link that
 * adds it to the query, the selected one a link that removes it. Pages give the values, their labels in the
 * reader's language and the URL of a query; the markup is the same everywhere.
 */
import type { ComponentChildren, JSX } from 'preact';
import { formatNumber } from './format.js';
import type { PageContext } from './layout.js';

export interface FacetGroup {
  /** The facet's query parameter (and the id of its heading: `facet-{key}`). */
  key: string;
  heading: string;
  /** A line under the heading (what the facet counts), when it needs one. */
  note?: string | null;
  counts: readonly { value: string; count: number }[];
}

export function FacetNav(props: {
  ctx: PageContext;
  groups: readonly FacetGroup[];
  /** The value selected for each facet (undefined: none). */
  selected: Readonly<Record<string, string | undefined>>;
  /** A facet value in words (mark English names with lang="en"). */
  label: (key: string, value: string) => ComponentChildren;
  /** The URL of the list with the facet set to a value (undefined: removed). */
  link: (key: string, value: string | undefined) => string;
}): JSX.Element {
  const { t, lang } = props.ctx;
  return (
    <nav class="facets" aria-label={t('documents.facets')}>
      {props.groups.map((g) => (
        <section aria-labelledby={`facet-${g.key}`}>
          <h2 id={`facet-${g.key}`}>{g.heading}</h2>
          {g.note ? <p class="muted">{g.note}</p> : null}
          <ul>
            {g.counts.map((c) => (
              <li>
                {props.selected[g.key] === c.value ? (
                  <a href={props.link(g.key, undefined)} aria-current="true" title={t('documents.removeFilter')}>
                    <strong>{props.label(g.key, c.value)}</strong> ({formatNumber(c.count, lang)}) ✕
                  </a>
                ) : (
                  <a href={props.link(g.key, c.value)}>
                    {props.label(g.key, c.value)} ({formatNumber(c.count, lang)})
                  </a>
                )}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </nav>
  );
}
