/** The numbered source list every page ends with, and the references into it: plain data in, markup out. */
import type { JSX } from 'preact';
import { formatDate } from './format.js';
import type { Lang } from './i18n.js';
import type { PageContext } from './layout.js';

/** Numbered references into the page's source list. */
export function SourceRefs(props: { ids: string[]; numbers: Map<string, number> }): JSX.Element {
  const nums = props.ids
    .map((id) => props.numbers.get(id))
    .filter((n): n is number => n !== undefined)
    .sort((a, b) => a - b);
  // Compress runs: 1,2,3,7 → 1–3, 7
  const runs: string[] = [];
  for (let i = 0; i < nums.length; i++) {
    let j = i;
    while (j + 1 < nums.length && nums[j + 1] === nums[j]! + 1) j++;
    runs.push(j > i + 1 ? `${nums[i]}–${nums[j]}` : j === i + 1 ? `${nums[i]}, ${nums[j]}` : `${nums[i]}`);
    i = j;
  }
  return <a href="#sources">[{runs.join(', ')}]</a>;
}

export interface SourceRow {
  id: string;
  url: string;
  title: string | null;
  publisher: string | null;
  site?: string | null;
  date?: string | null;
  dateBasis?: string | null;
  mirror?: boolean;
}

/** "iom.int · dated June 2024 · (mirror copy)": where a source is, how it is dated, and whether it is a copy. */
export function SourceFacts(props: { ctx: PageContext; s: SourceRow }): JSX.Element {
  const { t, lang } = props.ctx;
  const { s } = props;
  const site = s.site ?? s.publisher;
  const key = s.dateBasis === 'stated' ? 'cite.dated' : s.dateBasis === 'inferred' ? 'cite.inferred' : 'cite.read';
  const parts: (JSX.Element | string)[] = [];
  if (site) parts.push(<span class="site">{site}</span>);
  if (s.date) parts.push(t(key, { date: formatDate(s.date, lang) }));
  if (s.mirror)
    parts.push(
      <span class="mirror" title={t('cite.mirrorHelp')}>
        ({t('cite.mirror')})
      </span>,
    );
  return (
    <span class="muted source-facts">
      {parts.map((p, i) => (
        <>
          {i ? ' · ' : ''}
          {p}
        </>
      ))}
    </span>
  );
}

/**
 * The `lang` of a cited title on a page in `page`'s language: its script names it where it is Arabic, Cyrillic
 * or Han; a title with Latin script in it may be English, French, Spanish or mixed, and the sources do not record
 * which, so on any page but an English one it is marked as of unknown language (`lang=""`) rather than the page's.
 */
export function titleLang(title: string, page: Lang): string | undefined {
  const script = /\p{Script=Arabic}/u.test(title)
    ? 'ar'
    : /\p{Script=Cyrillic}/u.test(title)
      ? 'ru'
      : /\p{Script=Han}/u.test(title)
        ? 'zh'
        : null;
  // A title with Latin words in it ("… website (Arabic), 'عن حوار أبو ظبي'") is not only in the page's script.
  if (page !== 'en' && /\p{Script=Latin}/u.test(title)) return '';
  return script === page ? undefined : (script ?? undefined);
}

export function SourceList(props: { ctx: PageContext; sources: SourceRow[] }): JSX.Element {
  return (
    <section aria-labelledby="sources">
      <h2 id="sources">{props.ctx.t('common.sources')}</h2>
      <ol class="sources">
        {props.sources.map((s) => (
          <li id={s.id}>
            <a
              href={safeUrl(s.url) ?? '#'}
              rel="noopener"
              lang={s.title ? titleLang(s.title, props.ctx.lang) : undefined}
            >
              {s.title ?? s.url}
            </a>{' '}
            — <SourceFacts ctx={props.ctx} s={s} />
          </li>
        ))}
      </ol>
    </section>
  );
}

/** http(s) only: a source or website URL from data is never rendered as another scheme. */
export function safeUrl(url: string | null): string | null {
  return url !== null && /^https?:\/\//i.test(url) ? url : null;
}
