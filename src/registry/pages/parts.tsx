/** Small pieces the registry pages share. They receive plain data and render it. */
import type { JSX } from 'preact';
import { formatDate, languageName, regionName } from '../../web/format.js';
import type { Lang } from '../../web/i18n.js';
import { En, Fill, href, SLOT, type PageContext } from '../../web/layout.js';
import { countryNames } from '../countries.js';
import type { ParticipationView } from '../service.js';
import { Unverified } from '../fields.js';
import { SourceRefs } from '../../web/sources.js';

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

const BASES = ['derived_from_snapshots', 'stated+derived_from_snapshots', 'parent_body', 'founding'];

/** How a start date was arrived at, as a plain sentence (nothing when a source states it). */
export function StartBasis(props: { ctx: PageContext; basis: string | null }): JSX.Element | null {
  if (props.basis === null || !BASES.includes(props.basis)) return null;
  return <small class="muted basis"> {props.ctx.t(`basis.${props.basis}`)}</small>;
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
