/** Small pieces the registry pages share. They receive plain data and render it. */
import type { JSX } from 'preact';
import { formatDate } from '../../web/format.js';
import { En, href, type PageContext } from '../../web/layout.js';
import { countryNames } from '../countries.js';
import type { ParticipationView } from '../service.js';

export function LevelText(props: { ctx: PageContext; level: { value: string; certainty: string } | null; short?: boolean }): JSX.Element {
  const { t } = props.ctx;
  if (!props.level) return <span class="muted">—</span>;
  const label = t(`level.${props.level.value}${props.short ? '_short' : ''}`);
  return props.short ? <abbr title={t(`level.${props.level.value}`)}>{label}</abbr> : <>{label}</>;
}

export function StatusText(props: { ctx: PageContext; status: { value: string; certainty: string } | null }): JSX.Element {
  const { t } = props.ctx;
  const s = props.status;
  if (!s) return <>{t('status.not-established')}</>;
  return <>{t(`status.${s.value}`)}{s.certainty === 'uncertain' ? <> <span class="badge assumed">{t('status.uncertain')}</span></> : null}</>;
}

export function Unverified(props: { ctx: PageContext }): JSX.Element {
  return <span class="badge unverified" title={props.ctx.t('common.unverified_help')}>{props.ctx.t('common.unverified')}</span>;
}

const BASES = ['derived_from_snapshots', 'stated+derived_from_snapshots', 'parent_body', 'founding'];

/** How a start date was arrived at, as a plain sentence (nothing when a source states it). */
export function StartBasis(props: { ctx: PageContext; basis: string | null }): JSX.Element | null {
  if (props.basis === null || !BASES.includes(props.basis)) return null;
  return <small class="muted basis"> {props.ctx.t(`basis.${props.basis}`)}</small>;
}

/** The fields that have a name in words (`fieldName.*` in the catalogues); any other reads "another detail". */
export const FIELD_NAMES = ['aliases', 'status', 'secretariat', 'supporting_organizations', 'thematic_focus', 'members', 'key_outputs', 'chair_model',
  'website', 'established', 'structure', 'start', 'documents', 'participants', 'host', 'region', 'level'] as const;

export function fieldName(ctx: PageContext, field: string): string {
  return ctx.t(`fieldName.${(FIELD_NAMES as readonly string[]).includes(field) ? field : 'other'}`);
}

/** "Unverified — Key outputs": the field named in the reader's language, then the public note if there is one. */
export function UnverifiedField(props: { ctx: PageContext; field: { field: string; note: string | null } }): JSX.Element {
  const { ctx, field } = props;
  return <li><Unverified ctx={ctx} /> {fieldName(ctx, field.field)}{field.note ? <>: <En ctx={ctx}>{field.note}</En></> : null}</li>;
}

/** A participation row's verification: unverified (from recall), or confirmed / disputed by the country's focal point. */
export function VerificationBadge(props: { ctx: PageContext; verification: string }): JSX.Element | null {
  const { t } = props.ctx;
  if (props.verification === 'unverified') return <> <Unverified ctx={props.ctx} /></>;
  if (props.verification === 'confirmed') return <> <span class="badge confirmed">{t('verification.confirmed')}</span></>;
  if (props.verification === 'disputed') return <> <span class="badge unverified">{t('verification.disputed')}</span></>;
  return null;
}

export function CertaintyBadge(props: { ctx: PageContext; certainty: string | null }): JSX.Element | null {
  const { t } = props.ctx;
  if (props.certainty === null || props.certainty === 'stated') return null;
  return <span class={`badge ${props.certainty === 'assumed' ? 'assumed' : ''}`} title={t(`certainty.${props.certainty}_help`)}>{t(`certainty.${props.certainty}`)}</span>;
}

/** A party's name in the page language, linked to its country page when it is a country. */
export function PartyName(props: { ctx: PageContext; party: ParticipationView['party'] }): JSX.Element {
  const { party, ctx } = props;
  if (party.type === 'country' && party.id) {
    return <a href={href(ctx.lang, `/countries/${party.id}`)}>{countryNames(ctx.lang).get(party.id) ?? party.name}</a>;
  }
  if (party.type === 'organization') return <span lang="en">{party.name}</span>;
  return <span lang="en">{party.name} <span class="badge assumed">?</span></span>;
}

/** "2014" / "October 2014", or "unknown"; a not-before bound is shown beside it. */
export function DateCell(props: { ctx: PageContext; value: string | null; notBefore?: string | null; open?: boolean }): JSX.Element {
  const { ctx } = props;
  if (props.value === null) {
    if (props.open) return <span class="muted">{ctx.t('common.present')}</span>;
    return <span class="muted">{ctx.t('common.unknown')}{props.notBefore ? `, ${ctx.t('profile.notBefore')} ${formatDate(props.notBefore, ctx.lang)}` : ''}</span>;
  }
  return <>{formatDate(props.value, ctx.lang)}{props.notBefore ? <span class="muted"> ({ctx.t('profile.notBefore')} {formatDate(props.notBefore, ctx.lang)})</span> : null}</>;
}

/** Numbered references into the page's source list. */
export function SourceRefs(props: { ids: string[]; numbers: Map<string, number> }): JSX.Element {
  const nums = props.ids.map((id) => props.numbers.get(id)).filter((n): n is number => n !== undefined).sort((a, b) => a - b);
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

export interface SourceRow { id: string; url: string; title: string | null; publisher: string | null }

export function SourceList(props: { ctx: PageContext; sources: SourceRow[] }): JSX.Element {
  return (
    <section aria-labelledby="sources">
      <h2 id="sources">{props.ctx.t('common.sources')}</h2>
      <ol class="sources">
        {props.sources.map((s) => (
          <li id={s.id}><a href={safeUrl(s.url) ?? "#"} rel="noopener">{s.title ?? s.url}</a>{s.title ? <span class="muted"> — {s.publisher}</span> : null}</li>
        ))}
      </ol>
    </section>
  );
}

/** http(s) only: a source or website URL from data is never rendered as another scheme. */
export function safeUrl(url: string | null): string | null {
  return url !== null && /^https?:\/\//i.test(url) ? url : null;
}
