/**
 * Figures a source published, each beside the one ISCM Hub computes, in plain sentences: the
 * reported value as the source put it, its source and words, and the mechanisms that differ (computed
 * by the service from the source's list of the time), or that no list is known.
 */
import type { JSX } from 'preact';
import { formatNumber } from '../../web/format.js';
import { En, href, type PageContext } from '../../web/layout.js';
import type { Comparator, Difference, Reconciliation } from '../reported.js';
import type { ReportedFigureView } from '../service.js';

export type ReportedAt = ReportedFigureView & {
  hub: { value: number; figure: string };
  agrees: boolean;
  reconciliation: Reconciliation | null;
};

const COMPARATOR_KEY: Record<Comparator, string> = {
  exact: 'exact',
  'at-least': 'atLeast',
  over: 'over',
  'at-most': 'atMost',
};
const SENTENCE_KEY: Record<string, string> = {
  'active-mechanisms': 'hub_activeMechanisms',
  'active-rcps': 'hub_activeRcps',
  'countries-engaged': 'hub_countriesEngaged',
  'max-mechanisms-per-country': 'hub_maxPerCountry',
  'mechanisms-represented': 'hub_represented',
};

export function reportedValue(ctx: PageContext, f: { value: number; comparator: Comparator }): string {
  return ctx.t(`reported.${COMPARATOR_KEY[f.comparator]}`, { value: formatNumber(f.value, ctx.lang) });
}

function SourceLink(props: {
  ctx: PageContext;
  url: string | null | undefined;
  title?: string | null;
  publisher?: string | null;
}): JSX.Element | null {
  if (!props.url) return null;
  const host = URL.canParse(props.url) ? new URL(props.url).hostname.replace(/^www\./, '') : null;
  const label = props.publisher ?? host ?? props.title ?? props.ctx.t('reported.source');
  return (
    <a href={props.url} rel="external">
      {label}
    </a>
  );
}

function Differences(props: {
  ctx: PageContext;
  title: string;
  items: Difference[];
  names: ReadonlyMap<string, string>;
  cls: string;
}): JSX.Element | null {
  const { ctx, items } = props;
  if (items.length === 0) return null;
  return (
    <div class={`reconcile ${props.cls}`}>
      <p>{props.title}</p>
      <ul>
        {items.map((d) => (
          <li data-mechanism={d.mechanism}>
            <a href={href(ctx.lang, `/mechanisms/${d.mechanism}`)}>
              <En ctx={ctx}>{props.names.get(d.mechanism) ?? d.mechanism}</En>
            </a>
            {d.note ? (
              <>
                {' '}
                — <span lang="en">{d.note}</span>
              </>
            ) : null}
            {d.evidence.map((e) => (
              <>
                {' '}
                (<SourceLink ctx={ctx} url={e.url} />
                {e.quote ? (
                  <>
                    : <q lang="en">{e.quote}</q>
                  </>
                ) : (
                  <>: {ctx.t('reported.notNamed')}</>
                )}
                )
              </>
            ))}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** One reported figure beside ISCM Hub's, with the reconciliation when a list is known. */
export function ReportedFigure(props: {
  ctx: PageContext;
  figure: ReportedAt;
  names: ReadonlyMap<string, string>;
}): JSX.Element {
  const { ctx, figure: f } = props;
  const { t, lang } = ctx;
  const by = f.reportedBy;
  const r = f.reconciliation;
  return (
    <div class="reported" data-reported={f.id}>
      <p>
        {t(`reported.${SENTENCE_KEY[f.counts] ?? 'hub_activeMechanisms'}`, {
          hub: formatNumber(f.hub.value, lang),
          by,
          value: reportedValue(ctx, f),
        })}{' '}
        (<SourceLink ctx={ctx} url={f.source.url} title={f.source.title} publisher={f.source.publisher} />
        ).
      </p>
      <blockquote cite={f.source.url}>
        <p>
          <span class="muted">
            {t('reported.quote')}
            {f.quoteKind === 'as-recorded' ? ` (${t('reported.asRecorded')})` : ''}:{' '}
          </span>
          <q lang="en">{f.quote}</q>
        </p>
      </blockquote>
      {r === null ? (
        f.counts === 'active-mechanisms' || f.counts === 'active-rcps' || f.counts === 'mechanisms-represented' ? (
          <p class="muted">{t('reported.noList')}</p>
        ) : null
      ) : (
        <>
          <Differences
            ctx={ctx}
            title={t('reported.countedNotNamed', { by })}
            items={r.countedNotNamed}
            names={props.names}
            cls="counted-not-named"
          />
          <Differences
            ctx={ctx}
            title={t('reported.namedNotCounted', { by })}
            items={r.namedNotCounted}
            names={props.names}
            cls="named-not-counted"
          />
          <Differences
            ctx={ctx}
            title={t('reported.namedInPart', { by })}
            items={r.namedInPart}
            names={props.names}
            cls="named-in-part"
          />
          <Differences
            ctx={ctx}
            title={t('reported.notInList', { by })}
            items={r.notInList}
            names={props.names}
            cls="not-in-list"
          />
          {r.countedNotNamed.length + r.namedNotCounted.length + r.namedInPart.length + r.notInList.length === 0 ? (
            <p>{t('reported.noDifference')}</p>
          ) : null}
          <p class="muted">
            {t('reported.listTitle')}: <span lang="en">{r.title}</span>. <span lang="en">{r.dateNote}</span>
          </p>
        </>
      )}
    </div>
  );
}

/** A section of reported figures (nothing when there is none). */
export function ReportedSection(props: {
  ctx: PageContext;
  items: ReportedAt[];
  names: ReadonlyMap<string, string>;
  series?: boolean;
}): JSX.Element | null {
  if (props.items.length === 0) return null;
  return (
    <section aria-labelledby="reported">
      <h2 id="reported">{props.ctx.t(props.series ? 'reported.titleSeries' : 'reported.title')}</h2>
      {props.items.map((f) => (
        <ReportedFigure ctx={props.ctx} figure={f} names={props.names} />
      ))}
    </section>
  );
}
