/** Small pieces the registry pages share. They receive plain data and render it. */
import type { JSX } from 'preact';
import { formatDate, languageName, regionName } from '../../web/format.js';
import type { Lang } from '../../web/i18n.js';
import { En, Fill, href, SLOT, type PageContext } from '../../web/layout.js';
import { countryNames } from '../countries.js';
import type { ParticipationView } from '../service.js';

/** A UN M49 region named by CLDR in the page language; the M49 English name, marked, where CLDR has none. */
export function RegionName(props: { ctx: PageContext; region: { code: string; name: string } }): JSX.Element {
  const own = regionName(props.region.code, props.ctx.lang);
  return own !== undefined ? <>{own}</> : <En ctx={props.ctx}>{props.region.name}</En>;
}

/** A name the data gives in some languages (always English): the page language's, else English (`own` false). */
export function localName(
  names: { en: string } & Partial<Record<Lang, string>>,
  lang: Lang,
): { text: string; own: boolean } {
  const v = names[lang];
  return v ? { text: v, own: true } : { text: names.en, own: false };
}

/** The same, rendered: the English text carries lang="en" and the reader's "(in English)" mark. */
export function LocalName(props: {
  ctx: PageContext;
  names: { en: string } & Partial<Record<Lang, string>>;
}): JSX.Element {
  const n = localName(props.names, props.ctx.lang);
  return n.own ? <>{n.text}</> : <En ctx={props.ctx}>{n.text}</En>;
}

export function LevelText(props: {
  ctx: PageContext;
  level: { value: string; certainty: string } | null;
  short?: boolean;
}): JSX.Element {
  const { t } = props.ctx;
  if (!props.level) return <span class="muted">—</span>;
  const label = t(`level.${props.level.value}${props.short ? '_short' : ''}`);
  return props.short ? <abbr title={t(`level.${props.level.value}`)}>{label}</abbr> : <>{label}</>;
}

export function StatusText(props: {
  ctx: PageContext;
  status: { value: string; certainty: string } | null;
}): JSX.Element {
  const { t } = props.ctx;
  const s = props.status;
  if (!s) return <>{t('status.not-established')}</>;
  return (
    <>
      {t(`status.${s.value}`)}
      {s.certainty === 'uncertain' ? (
        <>
          {' '}
          <span class="badge assumed">{t('status.uncertain')}</span>
        </>
      ) : null}
    </>
  );
}

export function Unverified(props: { ctx: PageContext }): JSX.Element {
  return (
    <span class="badge unverified" title={props.ctx.t('common.unverified_help')}>
      {props.ctx.t('common.unverified')}
    </span>
  );
}

const BASES = ['derived_from_snapshots', 'stated+derived_from_snapshots', 'parent_body', 'founding'];

/** How a start date was arrived at, as a plain sentence (nothing when a source states it). */
export function StartBasis(props: { ctx: PageContext; basis: string | null }): JSX.Element | null {
  if (props.basis === null || !BASES.includes(props.basis)) return null;
  return <small class="muted basis"> {props.ctx.t(`basis.${props.basis}`)}</small>;
}

/** The fields that have a name in words (`fieldName.*` in the catalogues); any other reads "another detail". */
export const FIELD_NAMES = [
  'aliases',
  'status',
  'secretariat',
  'supporting_organizations',
  'thematic_focus',
  'members',
  'key_outputs',
  'chair_model',
  'website',
  'established',
  'structure',
  'start',
  'documents',
  'participants',
  'host',
  'region',
  'level',
] as const;

export function fieldName(ctx: PageContext, field: string): string {
  return ctx.t(`fieldName.${(FIELD_NAMES as readonly string[]).includes(field) ? field : 'other'}`);
}

/** "Unverified — Key outputs": the field named in the reader's language, then the public note if there is one. */
export function UnverifiedField(props: {
  ctx: PageContext;
  field: { field: string; note: string | null };
}): JSX.Element {
  const { ctx, field } = props;
  return (
    <li>
      <Unverified ctx={ctx} /> {fieldName(ctx, field.field)}
      {field.note ? (
        <>
          : <En ctx={ctx}>{field.note}</En>
        </>
      ) : null}
    </li>
  );
}

/** A participation row's verification: unverified (from recall), or confirmed / disputed by the country's focal point. */
export function VerificationBadge(props: { ctx: PageContext; verification: string }): JSX.Element | null {
  const { t } = props.ctx;
  if (props.verification === 'unverified')
    return (
      <>
        {' '}
        <Unverified ctx={props.ctx} />
      </>
    );
  if (props.verification === 'confirmed')
    return (
      <>
        {' '}
        <span class="badge confirmed">{t('verification.confirmed')}</span>
      </>
    );
  if (props.verification === 'disputed')
    return (
      <>
        {' '}
        <span class="badge unverified">{t('verification.disputed')}</span>
      </>
    );
  return null;
}

export function CertaintyBadge(props: { ctx: PageContext; certainty: string | null }): JSX.Element | null {
  const { t } = props.ctx;
  if (props.certainty === null || props.certainty === 'stated') return null;
  return (
    <span
      class={`badge ${props.certainty === 'assumed' ? 'assumed' : ''}`}
      title={t(`certainty.${props.certainty}_help`)}
    >
      {t(`certainty.${props.certainty}`)}
    </span>
  );
}

/** A party's name in the page language, linked to its country page when it is a country. */
export function PartyName(props: { ctx: PageContext; party: ParticipationView['party'] }): JSX.Element {
  const { party, ctx } = props;
  if (party.type === 'country' && party.id) {
    return <a href={href(ctx.lang, `/countries/${party.id}`)}>{countryNames(ctx.lang).get(party.id) ?? party.name}</a>;
  }
  if (party.type === 'organization') return <span lang="en">{party.name}</span>;
  return (
    <span lang="en">
      {party.name} <span class="badge assumed">?</span>
    </span>
  );
}

/** "2014" / "October 2014", or "unknown"; a not-before bound is shown beside it. */
export function DateCell(props: {
  ctx: PageContext;
  value: string | null;
  notBefore?: string | null;
  open?: boolean;
}): JSX.Element {
  const { ctx } = props;
  if (props.value === null) {
    if (props.open) return <span class="muted">{ctx.t('common.present')}</span>;
    return (
      <span class="muted">
        {ctx.t('common.unknown')}
        {props.notBefore ? `, ${ctx.t('profile.notBefore')} ${formatDate(props.notBefore, ctx.lang)}` : ''}
      </span>
    );
  }
  return (
    <>
      {formatDate(props.value, ctx.lang)}
      {props.notBefore ? (
        <span class="muted">
          {' '}
          ({ctx.t('profile.notBefore')} {formatDate(props.notBefore, ctx.lang)})
        </span>
      ) : null}
    </>
  );
}

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

type Named = {
  name: string;
  officialNames: Partial<
    Record<'fr' | 'es' | 'ar' | 'ru' | 'zh', { name: string; source: string; usage?: string | null } | null>
  >;
};

function Usage(props: { ctx: PageContext; usage: string | null | undefined }): JSX.Element | null {
  return props.usage === 'eu-terminology' ? <span class="muted"> ({props.ctx.t('cite.euTerminology')})</span> : null;
}

/** The official name in the page's language when a source gives one (never our translation), else the English one. */
export function OfficialName(props: { ctx: PageContext; m: Named; numbers?: Map<string, number> }): JSX.Element {
  const { lang } = props.ctx;
  const own = lang === 'en' ? null : (props.m.officialNames[lang] ?? null);
  if (own === null) return <span lang="en">{props.m.name}</span>;
  return (
    <>
      {own.name}
      <Usage ctx={props.ctx} usage={own.usage} />
      {props.numbers ? (
        <>
          {' '}
          <SourceRefs ids={[own.source]} numbers={props.numbers} />
        </>
      ) : null}
    </>
  );
}

/** Official names in the other languages sources give, each in its language, with its source. */
export function OtherOfficialNames(props: {
  ctx: PageContext;
  m: Named;
  numbers: Map<string, number>;
}): JSX.Element | null {
  const langs = (['fr', 'es', 'ar', 'ru', 'zh'] as const).filter(
    (l) => l !== props.ctx.lang && props.m.officialNames[l],
  );
  if (langs.length === 0) return null;
  return (
    <ul class="plain">
      {langs.map((l) => {
        const n = props.m.officialNames[l]!;
        return (
          <li>
            <span lang={l} dir={l === 'ar' ? 'rtl' : undefined}>
              {n.name}
            </span>{' '}
            <span class="muted">({languageName(l, props.ctx.lang)})</span>
            <Usage ctx={props.ctx} usage={n.usage} /> <SourceRefs ids={[n.source]} numbers={props.numbers} />
          </li>
        );
      })}
    </ul>
  );
}

/**
 * The mechanism's name in lists and links: the name a source gives in the page language when there is one
 * (never our translation), else the common name in English, marked as such.
 */
export function MechanismName(props: {
  ctx: PageContext;
  m: { name: string; commonName?: string; officialNames?: Named['officialNames'] };
}): JSX.Element {
  const { lang } = props.ctx;
  // The reader's official name stands in only where the English one is also the name in use: where a shorter
  // common name exists ("Colombo Process"), a translated official name is not it, and the common name is shown.
  const common = props.m.commonName ?? props.m.name;
  const own = lang === 'en' || common !== props.m.name ? null : (props.m.officialNames?.[lang] ?? null);
  if (own) return <>{own.name}</>;
  return <En ctx={props.ctx}>{common}</En>;
}

/**
 * A participation row's own citations: its numbered sources, and how they name it — through a bloc
 * ("member as part of IGAD — list of IGAD [4]"), only by attendance or a dated event, or not at all.
 */
export function RowCitations(props: {
  ctx: PageContext;
  row: Pick<ParticipationView, 'attestation' | 'viaBloc' | 'sources'>;
  numbers: Map<string, number>;
}): JSX.Element {
  const { t } = props.ctx;
  const { row } = props;
  if (row.attestation === 'none' && row.sources.length === 0) {
    return (
      <span class="badge unverified not-attested" title={t('cite.noneHelp')}>
        {t('cite.none')}
      </span>
    );
  }
  const refs = row.sources.length ? <SourceRefs ids={row.sources} numbers={props.numbers} /> : null;
  if (row.attestation === 'bloc' && row.viaBloc)
    return (
      <>
        <span class="via-bloc">
          <Fill
            text={t('cite.bloc', { bloc: SLOT })}
            slots={[
              <En ctx={props.ctx}>{row.viaBloc.bloc}</En>,
              props.ctx.lang === 'en' ? row.viaBloc.bloc : <span lang="en">{row.viaBloc.bloc}</span>,
            ]}
          />
        </span>{' '}
        {refs}
      </>
    );
  if (row.attestation === 'participation' || row.attestation === 'event') {
    return (
      <>
        {refs} <span class="muted">({t(`cite.${row.attestation}`)})</span>
      </>
    );
  }
  if (row.attestation === 'none')
    return (
      <>
        {refs}{' '}
        <span class="badge unverified not-attested" title={t('cite.noneHelp')}>
          {t('cite.none')}
        </span>
      </>
    );
  return refs ?? <></>;
}

/** http(s) only: a source or website URL from data is never rendered as another scheme. */
export function safeUrl(url: string | null): string | null {
  return url !== null && /^https?:\/\//i.test(url) ? url : null;
}
