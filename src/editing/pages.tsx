/** Editing pages: plain forms (CSRF-protected, no JavaScript), the review queue with a diff, the conflict page, a record's history. */
import type { JSX } from 'preact';
import type { ParticipationRow } from '../db/schema.js';
import { countryNames } from '../registry/countries.js';
import { formatDate } from '../web/format.js';
import { href, Layout, type PageContext } from '../web/layout.js';
import { END_CAUSES, type EditingService } from './service.js';

const partyName = (ctx: PageContext, r: { country_code: string | null; organization_id: string | null; party_label: string | null }) =>
  r.country_code ? countryNames(ctx.lang).get(r.country_code) ?? r.country_code : r.organization_id ?? r.party_label ?? '?';

export function MechanismEditPage(props: { ctx: PageContext; mechanism: { id: string; name: string }; rows: ParticipationRow[] }): JSX.Element {
  const { ctx, mechanism } = props;
  const { t, lang } = ctx;
  return (
    <Layout ctx={ctx} title={t('edit.mechanismTitle', { name: mechanism.name })} description={t('edit.participation')}>
      <h1>{t('edit.mechanismTitle', { name: mechanism.name })}</h1>
      <table>
        <caption>{t('edit.participation')}</caption>
        <thead><tr><th scope="col">{t('common.name')}</th><th scope="col">{t('common.role')}</th><th scope="col">{t('common.since')}</th><th scope="col">{t('common.until')}</th><th scope="col">{t('edit.version')}</th><th scope="col"><span class="visually-hidden">{t('edit.endAction')}</span></th></tr></thead>
        <tbody>{props.rows.map((r) => (
          <tr>
            <th scope="row">{partyName(ctx, r)}</th><td>{t(`role.${r.role}`)}</td>
            <td>{r.start ? formatDate(r.start, lang) : t('common.unknown')}</td><td>{r.end ? formatDate(r.end, lang) : t('common.present')}</td>
            <td class="num">{r.version}</td>
            <td>{r.end === null ? <a href={href(lang, `/edit/participation/${encodeURIComponent(r.id)}`)}>{t('edit.endAction')}<span class="visually-hidden"> {partyName(ctx, r)}</span></a> : <a href={href(lang, `/history/participation/${encodeURIComponent(r.id)}`)}>{t('edit.version')} {r.version}</a>}</td>
          </tr>
        ))}</tbody>
      </table>
    </Layout>
  );
}

export interface EndFormValues { end: string; endCause: string; source: string; note: string; version: string }

export function EndFormPage(props: { ctx: PageContext; record: ParticipationRow; csrf: string; values?: EndFormValues; error?: { field: string; message: string } }): JSX.Element {
  const { ctx, record, error } = props;
  const { t, lang } = ctx;
  const v = props.values ?? { end: '', endCause: 'left', source: '', note: '', version: String(record.version) };
  const err = (field: string) => (error?.field === field ? <p id={`err-${field}`} class="badge unverified" lang="en">{error.message}</p> : null);
  const aria = (field: string) => (error?.field === field ? { 'aria-invalid': 'true' as const, 'aria-describedby': `err-${field}` } : {});
  const title = `${t('edit.endTitle')}: ${partyName(ctx, record)} — ${record.mechanism_id}`;
  return (
    <Layout ctx={ctx} title={title} description={t('edit.endTitle')}>
      <h1>{title}</h1>
      {error && !['end', 'endCause', 'sources', 'note'].includes(error.field) ? <p role="alert" class="badge unverified" lang="en">{error.message}</p> : null}
      <form method="post" action={href(lang, `/edit/participation/${encodeURIComponent(record.id)}`)} class="edit">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <input type="hidden" name="version" value={v.version} />
        <p><label for="end">{t('edit.end')}</label><br /><input id="end" name="end" type="date" required value={v.end} {...aria('end')} /></p>{err('end')}
        <p><label for="endCause">{t('edit.endCause')}</label><br />
          <select id="endCause" name="endCause" {...aria('endCause')}>{END_CAUSES.map((c) => <option value={c} selected={v.endCause === c}>{t(`endCause.${c}`)}</option>)}</select></p>{err('endCause')}
        <p><label for="source">{t('edit.source')}</label><br /><input id="source" name="source" type="url" required size={60} value={v.source} {...aria('sources')} /></p>{err('sources')}
        <p><label for="note">{t('edit.note')}</label><br /><textarea id="note" name="note" rows={3} cols={60}>{v.note}</textarea></p>
        <button type="submit">{t('edit.submit')}</button>
      </form>
    </Layout>
  );
}

export function ConflictPage(props: { ctx: PageContext; record: ParticipationRow; yours: EndFormValues }): JSX.Element {
  const { ctx, record, yours } = props;
  const { t, lang } = ctx;
  return (
    <Layout ctx={ctx} title={t('edit.conflict')} description={t('edit.conflictText')}>
      <h1>{t('edit.conflict')}</h1>
      <p role="alert">{t('edit.conflictText')}</p>
      <table>
        <thead><tr><th scope="col">{t('edit.field')}</th><th scope="col">{t('edit.yours')} ({t('edit.version')} {yours.version})</th><th scope="col">{t('edit.current')} ({t('edit.version')} {record.version})</th></tr></thead>
        <tbody>
          <tr><th scope="row">{t('common.until')}</th><td>{yours.end || '—'}</td><td>{record.end ?? t('common.present')}</td></tr>
          <tr><th scope="row">{t('edit.endCause')}</th><td>{yours.endCause}</td><td>{record.end_cause ?? '—'}</td></tr>
          <tr><th scope="row">{t('common.sources')}</th><td lang="en">{yours.source}</td><td lang="en">{(JSON.parse(record.sources) as string[]).join(', ')}</td></tr>
          <tr><th scope="row">{t('edit.note')}</th><td lang="en">{yours.note}</td><td lang="en">{record.note ?? ''}</td></tr>
        </tbody>
      </table>
      <p><a href={href(lang, `/edit/participation/${encodeURIComponent(record.id)}`)}>{t('edit.endTitle')}</a></p>
    </Layout>
  );
}

type Pending = Awaited<ReturnType<EditingService['pending']>>;

export function ReviewPage(props: { ctx: PageContext; items: Pending; csrf: string }): JSX.Element {
  const { ctx, items } = props;
  const { t, lang } = ctx;
  return (
    <Layout ctx={ctx} title={t('edit.reviewTitle')} description={t('edit.reviewTitle')}>
      <h1>{t('edit.reviewTitle')}</h1>
      {items.length === 0 ? <p>{t('edit.nothing')}</p> : items.map((c) => (
        <section aria-labelledby={`c-${c.id}`} class="cards">
          <h2 id={`c-${c.id}`}>{c.recordId}</h2>
          <table>
            <thead><tr><th scope="col">{t('edit.field')}</th><th scope="col">{t('edit.before')} ({t('edit.version')} {c.current?.version ?? '?'})</th><th scope="col">{t('edit.after')}</th></tr></thead>
            <tbody>
              <tr><th scope="row">{t('common.until')}</th><td>{c.current?.end ?? t('common.present')}</td><td><ins>{c.payload.end}</ins></td></tr>
              <tr><th scope="row">{t('edit.endCause')}</th><td>{c.current?.endCause ?? '—'}</td><td><ins>{c.payload.endCause}</ins></td></tr>
              <tr><th scope="row">{t('common.sources')}</th><td lang="en">{c.current?.sources.join(', ')}</td><td lang="en"><ins>{c.payload.sources.join(', ')}</ins></td></tr>
              <tr><th scope="row">{t('edit.note')}</th><td lang="en">{c.current?.note ?? ''}</td><td lang="en">{c.payload.note ?? ''}</td></tr>
            </tbody>
          </table>
          <form method="post" action={href(lang, `/review/${c.id}/publish`)}>
            <input type="hidden" name="_csrf" value={props.csrf} />
            <button type="submit">{t('edit.publish')}<span class="visually-hidden"> {c.recordId}</span></button>
          </form>
          <form method="post" action={href(lang, `/review/${c.id}/return`)}>
            <input type="hidden" name="_csrf" value={props.csrf} />
            <label for={`comment-${c.id}`}>{t('edit.comment')}</label>
            <input id={`comment-${c.id}`} name="comment" required />
            <button type="submit">{t('edit.return')}<span class="visually-hidden"> {c.recordId}</span></button>
          </form>
        </section>
      ))}
    </Layout>
  );
}

type History = Awaited<ReturnType<EditingService['history']>>;

export function HistoryPage(props: { ctx: PageContext; history: History; notice?: string }): JSX.Element {
  const { ctx, history } = props;
  const { t, lang } = ctx;
  return (
    <Layout ctx={ctx} title={t('edit.historyTitle', { name: history.id })} description={t('edit.historyTitle', { name: history.id })}>
      <h1>{t('edit.historyTitle', { name: history.id })}</h1>
      {props.notice ? <p role="status"><strong>{props.notice}</strong></p> : null}
      <table>
        <caption>{t('edit.version')}</caption>
        <thead><tr><th scope="col">{t('edit.version')}</th><th scope="col">{t('edit.recordedAt')}</th><th scope="col">{t('common.since')}</th><th scope="col">{t('common.until')}</th><th scope="col">{t('common.endCause')}</th></tr></thead>
        <tbody>{history.versions.map((v) => (
          <tr><th scope="row">{v.version}</th><td><time datetime={v.recordedAt}>{formatDate(v.recordedAt.slice(0, 10), lang)}</time></td>
            <td>{v.start ?? t('common.unknown')}</td><td>{v.end ?? t('common.present')}</td><td>{v.endCause ? t(`endCause.${v.endCause}`) : '—'}</td></tr>
        ))}</tbody>
      </table>
      <h2>{t('edit.steps')}</h2>
      <p class="muted">{t('edit.stepNames')}</p>
      <ol>{history.steps.map((s) => <li><time datetime={s.at}>{formatDate(s.at.slice(0, 10), lang)}</time> — <code>{s.action}</code></li>)}</ol>
    </Layout>
  );
}
