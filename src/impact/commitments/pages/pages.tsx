/**
 * Commitments pages: the frameworks with their progress rolled up (a table per framework, the tree by indentation
 * and codes), the commitments with filters, the reporting cycles; a cycle's dashboard; one commitment with its
 * accepted updates; the sections on a mechanism's profile and on a document's page. Commitment texts and framework titles are the sources'
 * English; progress is never shown as 0 % where nothing was reported ("no report").
 */
import type { JSX } from 'preact';
import { formatDate, formatNumber } from '../../../web/format.js';
import { anchorOf } from '../../../web/anchors.js';
import { En, href, Layout, type PageContext } from '../../../web/layout.js';
import { safeUrl } from '../../../web/sources.js';
import { StatusNotice } from '../../../web/messages.js';
import { TableScroll } from '../../../web/table.js';
import { STATUSES, type Rolled, type Status } from '../model.js';
import type { CommitmentView, CycleView, NodeView, StateView } from '../service.js';
import { FollowUpTasks, type Tasks } from './forms.js';

type Framework = {
  id: string;
  title: string;
  document: string | null;
  publicNote: string | null;
  compilationNote: string | null;
  asOf: string;
  rollup: Rolled;
  tree: NodeView[];
  unplaced: string[];
};
export interface Labels {
  mechanism: ReadonlyMap<string, string>;
  country: ReadonlyMap<string, string>;
}
export interface CommitmentsQuery {
  framework?: string | undefined;
  mechanism?: string | undefined;
  country?: string | undefined;
  status?: string | undefined;
  asOf?: string | undefined;
}

const statusLabel = (ctx: PageContext, s: Status | 'none') => ctx.t(`commitments.status.${s}`);

function Progress(props: { ctx: PageContext; r: Rolled }): JSX.Element {
  const { ctx, r } = props;
  if (r.progress === null) return <span class="muted">{ctx.t('commitments.noReport')}</span>;
  return <>{ctx.t('commitments.percent', { value: formatNumber(r.progress, ctx.lang, 1) })}</>;
}

function StateCell(props: { ctx: PageContext; s: StateView | null; labels: Labels }): JSX.Element {
  const { ctx, s } = props;
  if (!s) return <span class="muted">{ctx.t('commitments.noReportYet')}</span>;
  const evidence = safeUrl(s.evidence.url);
  return (
    <>
      {statusLabel(ctx, s.status)}
      {s.progress !== null ? ` (${ctx.t('commitments.percent', { value: formatNumber(s.progress, ctx.lang) })})` : ''}
      {' · '}
      {formatDate(s.date, ctx.lang)}
      {' · '}
      {s.country ? (props.labels.country.get(s.country) ?? s.country) : ctx.t('commitments.secretariat')}
      {evidence ? (
        <>
          {' · '}
          <a href={evidence} rel="noopener">
            {ctx.t('commitments.evidence')}
          </a>
        </>
      ) : null}
      {s.evidence.document ? (
        <>
          {' · '}
          <a href={href(ctx.lang, `/documents/${encodeURIComponent(s.evidence.document)}`)}>
            {ctx.t('commitments.evidence')}
          </a>
        </>
      ) : null}
    </>
  );
}

/** The rows of a framework's tree, indented by depth (codes such as 1, 1.2, 1.2.3 carry the structure too). */
function nodeRows(ctx: PageContext, nodes: NodeView[], depth: number): JSX.Element[] {
  return nodes.flatMap((n) => [
    <tr>
      <th scope="row" style={depth ? `padding-inline-start:${depth * 1.5}em` : undefined}>
        {n.code}. <En ctx={ctx}>{n.title}</En>
      </th>
      <td>{ctx.t(`commitments.level.${n.level}`)}</td>
      <td>{formatNumber(n.weight, ctx.lang, 2)}</td>
      <td>
        <Progress ctx={ctx} r={n.rollup} />
      </td>
      <td>{ctx.t('commitments.reportedOf', { reported: n.rollup.reported, total: n.rollup.commitments })}</td>
      <td>
        <a href={safeUrl(n.source.url) ?? '#'} rel="noopener">
          {new URL(n.source.url).hostname}
        </a>{' '}
        <span class="muted">({ctx.t('commitments.readOn', { date: formatDate(n.source.readOn, ctx.lang) })})</span>
      </td>
    </tr>,
    ...nodeRows(ctx, n.children, depth + 1),
  ]);
}

export function FrameworkTable(props: { ctx: PageContext; f: Framework }): JSX.Element {
  const { ctx, f } = props;
  const { t } = ctx;
  const id = `fw-${f.id}`;
  return (
    <section>
      <h2 id={id}>
        <En ctx={ctx}>{f.title}</En>
      </h2>
      {f.publicNote ? (
        <En ctx={ctx} block>
          <p>{f.publicNote}</p>
        </En>
      ) : null}
      <p>
        {t('commitments.overall')}: <Progress ctx={ctx} r={f.rollup} /> ·{' '}
        {t('commitments.reportedOf', { reported: f.rollup.reported, total: f.rollup.commitments })}
        {f.document ? (
          <>
            {' · '}
            <a href={href(ctx.lang, `/documents/${encodeURIComponent(f.document)}`)}>{t('commitments.document')}</a>
          </>
        ) : null}
      </p>
      <TableScroll labelledby={id}>
        <table>
          <caption>{t('commitments.treeCaption', { date: formatDate(f.asOf, ctx.lang) })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('commitments.node')}</th>
              <th scope="col">{t('commitments.levelHeading')}</th>
              <th scope="col">{t('commitments.weight')}</th>
              <th scope="col">{t('commitments.progress')}</th>
              <th scope="col">{t('commitments.reports')}</th>
              <th scope="col">{t('commitments.source')}</th>
            </tr>
          </thead>
          <tbody>{nodeRows(ctx, f.tree, 0)}</tbody>
        </table>
      </TableScroll>
      {f.compilationNote ? (
        <details>
          <summary>{t('commitments.compilation')}</summary>
          <En ctx={ctx} block>
            <p>{f.compilationNote}</p>
          </En>
        </details>
      ) : null}
    </section>
  );
}

export function CommitmentTable(props: {
  ctx: PageContext;
  items: CommitmentView[];
  labels: Labels;
  caption: string;
  id: string;
}): JSX.Element {
  const { ctx, items, labels } = props;
  const { t } = ctx;
  return (
    <TableScroll labelledby={props.id}>
      <table>
        <caption id={props.id}>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('commitments.commitment')}</th>
            <th scope="col">{t('commitments.position')}</th>
            <th scope="col">{t('commitments.concerns')}</th>
            <th scope="col">{t('commitments.state')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr>
              <th scope="row">
                <a href={href(ctx.lang, `/commitments/${encodeURIComponent(c.id)}`)}>
                  <En ctx={ctx}>{c.text}</En>
                </a>
              </th>
              <td>
                {c.node ? (
                  <>
                    {c.node.code}. <En ctx={ctx}>{c.node.title}</En>
                  </>
                ) : (
                  t('commitments.whole')
                )}
                {c.paragraph ? ` · ${t('commitments.paragraph', { n: c.paragraph })}` : ''}
              </td>
              <td>
                {c.countries.length
                  ? c.countries.map((k) => labels.country.get(k) ?? k).join(', ')
                  : t('commitments.allMembers', {
                      mechanisms: c.mechanisms.map((m) => labels.mechanism.get(m) ?? m).join(', '),
                    })}
              </td>
              <td>
                <StateCell ctx={ctx} s={c.state} labels={labels} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function CycleList(props: { ctx: PageContext; cycles: CycleView[]; labels: Labels }): JSX.Element {
  const { ctx } = props;
  const { t } = ctx;
  if (!props.cycles.length) return <p>{t('commitments.noCycles')}</p>;
  return (
    <ul>
      {props.cycles.map((c) => (
        <li>
          <a href={href(ctx.lang, `/commitments/cycles/${c.id}`)}>{c.title}</a> —{' '}
          <En ctx={ctx}>{props.labels.mechanism.get(c.mechanism) ?? c.mechanism}</En> ·{' '}
          {t(c.open ? 'commitments.openUntil' : 'commitments.closedOn', { date: formatDate(c.deadline, ctx.lang) })}
        </li>
      ))}
    </ul>
  );
}

export function CommitmentsPage(props: {
  ctx: PageContext;
  query: CommitmentsQuery;
  asOf: string;
  frameworks: Framework[];
  items: CommitmentView[];
  cycles: CycleView[];
  labels: Labels;
  options: { mechanisms: string[]; countries: string[]; frameworks: { id: string; title: string }[] };
  /** The signed-in reader's follow-up tasks (null: signed out, the cached public page). */
  tasks?: Tasks | null;
}): JSX.Element {
  const { ctx, query, labels, options } = props;
  const { t, lang } = ctx;
  return (
    <Layout ctx={ctx} title={t('commitments.title')} description={t('commitments.intro')}>
      <h1>{t('commitments.title')}</h1>
      <p class="lead">{t('commitments.intro')}</p>
      <FollowUpTasks ctx={ctx} tasks={props.tasks ?? null} />
      <form class="filters" method="get" aria-label={t('commitments.filters')}>
        <div class="field">
          <label for="cf-framework">{t('commitments.framework')}</label>
          <select id="cf-framework" name="framework">
            <option value="">{t('commitments.allFrameworks')}</option>
            {options.frameworks.map((f) => (
              <option value={f.id} selected={query.framework === f.id} lang="en">
                {f.title}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="cf-mechanism">{t('commitments.mechanism')}</label>
          <select id="cf-mechanism" name="mechanism">
            <option value="">{t('commitments.allMechanisms')}</option>
            {options.mechanisms.map((m) => (
              <option value={m} selected={query.mechanism === m} lang="en">
                {labels.mechanism.get(m) ?? m}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="cf-country">{t('commitments.country')}</label>
          <select id="cf-country" name="country">
            <option value="">{t('commitments.allCountries')}</option>
            {options.countries.map((k) => (
              <option value={k} selected={query.country === k}>
                {labels.country.get(k) ?? k}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="cf-status">{t('commitments.stateHeading')}</label>
          <select id="cf-status" name="status">
            <option value="">{t('commitments.allStates')}</option>
            {[...STATUSES, 'none' as const].map((s) => (
              <option value={s} selected={query.status === s}>
                {statusLabel(ctx, s)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="cf-asof">{t('commitments.asOf')}</label>
          <input id="cf-asof" name="asOf" type="date" value={query.asOf ?? ''} />
        </div>
        <button type="submit">{t('common.apply')}</button>
        <a href={href(lang, '/commitments')}>{t('mechanisms.reset')}</a>
      </form>
      <section aria-labelledby="rule">
        <h2 id="rule">{t('commitments.ruleHeading')}</h2>
        <p>{t('commitments.rule')}</p>
      </section>
      {props.frameworks.map((f) => (
        <FrameworkTable ctx={ctx} f={f} />
      ))}
      <section aria-labelledby="list">
        <h2 id="list">{t('commitments.listHeading')}</h2>
        <p role="status">
          <strong>{t('common.results', { count: props.items.length })}</strong>
        </p>
        <CommitmentTable
          ctx={ctx}
          items={props.items}
          labels={labels}
          id="commitments-caption"
          caption={t('commitments.listCaption', { date: formatDate(props.asOf, lang) })}
        />
      </section>
      <section aria-labelledby="cycles">
        <h2 id="cycles">{t('commitments.cycles')}</h2>
        <CycleList ctx={ctx} cycles={props.cycles} labels={labels} />
      </section>
      <p>
        {t('commitments.api')}: <a href="/api/v1/commitments">/api/v1/commitments</a>
      </p>
    </Layout>
  );
}

export function CyclePage(props: {
  ctx: PageContext;
  c: CycleView & {
    asOf: string;
    states: {
      country: string;
      concerned: number;
      reported: number;
      accepted: number;
      submitted: number;
      returned: number;
    }[];
    commitments: CommitmentView[];
  };
  labels: Labels;
  tasks?: Tasks | null;
  notice?: string | undefined;
}): JSX.Element {
  const { ctx, c, labels } = props;
  const { t, lang } = ctx;
  const reported = c.states.filter((s) => s.reported > 0).length;
  return (
    <Layout ctx={ctx} title={c.title} description={t('commitments.cycleIntro')}>
      <p>
        <a href={href(lang, '/commitments')}>{t('commitments.title')}</a>
      </p>
      <h1>{c.title}</h1>
      <StatusNotice text={props.notice} />
      <p class="lead">
        <En ctx={ctx}>{labels.mechanism.get(c.mechanism) ?? c.mechanism}</En> ·{' '}
        {t('commitments.openedOn', { date: formatDate(c.openedOn, lang) })} ·{' '}
        {t(c.open ? 'commitments.openUntil' : 'commitments.closedOn', { date: formatDate(c.deadline, lang) })}
      </p>
      <p>{t('commitments.cycleIntro')}</p>
      <FollowUpTasks ctx={ctx} tasks={props.tasks ?? null} />
      <form class="filters" method="get" aria-label={t('commitments.filters')}>
        <div class="field">
          <label for="cy-asof">{t('commitments.asOf')}</label>
          <input id="cy-asof" name="asOf" type="date" value={c.asOf} />
        </div>
        <button type="submit">{t('common.apply')}</button>
      </form>
      <section aria-labelledby="who">
        <h2 id="who">{t('commitments.whoReported')}</h2>
        <p>{t('commitments.statesReported', { reported, total: c.states.length })}</p>
        <TableScroll labelledby="who-caption">
          <table>
            <caption id="who-caption">{t('commitments.whoCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('commitments.country')}</th>
                <th scope="col">{t('commitments.concernedHeading')}</th>
                <th scope="col">{t('commitments.reportedHeading')}</th>
                <th scope="col">{t('commitments.acceptedHeading')}</th>
                <th scope="col">{t('commitments.pendingHeading')}</th>
              </tr>
            </thead>
            <tbody>
              {c.states.map((s) => (
                <tr>
                  <th scope="row">{labels.country.get(s.country) ?? s.country}</th>
                  <td>{formatNumber(s.concerned, lang)}</td>
                  <td>{s.reported ? formatNumber(s.reported, lang) : t('commitments.notYet')}</td>
                  <td>{formatNumber(s.accepted, lang)}</td>
                  <td>{formatNumber(s.submitted, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
      <section aria-labelledby="state">
        <h2 id="state">{t('commitments.stateOfAll')}</h2>
        <CommitmentTable
          ctx={ctx}
          items={c.commitments}
          labels={labels}
          id="state-caption"
          caption={t('commitments.listCaption', { date: formatDate(c.asOf, lang) })}
        />
      </section>
    </Layout>
  );
}

export function CommitmentPage(props: {
  ctx: PageContext;
  c: CommitmentView & { asOf: string; updates: (StateView & { id: string })[] };
  labels: Labels;
  tasks?: Tasks | null;
}): JSX.Element {
  const { ctx, c, labels } = props;
  const { t, lang } = ctx;
  return (
    <Layout ctx={ctx} title={c.text} description={t('commitments.intro')}>
      <p>
        <a href={href(lang, '/commitments')}>{t('commitments.title')}</a>
      </p>
      <h1>
        <En ctx={ctx}>{c.text}</En>
      </h1>
      <dl>
        <dt>{t('commitments.document')}</dt>
        <dd>
          <a href={href(lang, `/documents/${encodeURIComponent(c.document)}`)}>{c.document}</a>
          {c.paragraph ? ` · ${t('commitments.paragraph', { n: c.paragraph })}` : ''}
        </dd>
        <dt>{t('commitments.position')}</dt>
        <dd>
          {c.node ? (
            <>
              {c.node.code}. <En ctx={ctx}>{c.node.title}</En>
            </>
          ) : (
            t('commitments.whole')
          )}
        </dd>
        <dt>{t('commitments.concerns')}</dt>
        <dd>
          {c.countries.length
            ? c.countries.map((k) => labels.country.get(k) ?? k).join(', ')
            : t('commitments.allMembers', {
                mechanisms: c.mechanisms.map((m) => labels.mechanism.get(m) ?? m).join(', '),
              })}
        </dd>
        <dt>{t('commitments.stateOn', { date: formatDate(c.asOf, lang) })}</dt>
        <dd>
          <StateCell ctx={ctx} s={c.state} labels={labels} />
        </dd>
        <dt>{t('commitments.source')}</dt>
        <dd>
          <a href={safeUrl(c.source.url) ?? '#'} rel="noopener">
            {new URL(c.source.url).hostname}
          </a>{' '}
          <span class="muted">({t('commitments.readOn', { date: formatDate(c.source.readOn, lang) })})</span>
        </dd>
      </dl>
      <FollowUpTasks ctx={ctx} tasks={props.tasks ?? null} />
      <section aria-labelledby="updates">
        <h2 id="updates">{t('commitments.updates')}</h2>
        {c.updates.length ? (
          <ul>
            {c.updates.map((u) => (
              <li>
                <StateCell ctx={ctx} s={u} labels={labels} />
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('commitments.noReportYet')}</p>
        )}
      </section>
    </Layout>
  );
}

/** The section on a mechanism's profile: the commitments it follows up, in their state on the profile's date. */
export function CommitmentsSection(props: {
  ctx: PageContext;
  mechanism: string;
  items: CommitmentView[];
  cycles: CycleView[];
  labels: Labels;
}): JSX.Element | null {
  const { ctx, items } = props;
  if (!items.length && !props.cycles.length) return null;
  const { t, lang } = ctx;
  const reported = items.filter((c) => c.state).length;
  return (
    <section aria-labelledby="commitments">
      <h2 id="commitments">{t('commitments.ofMechanism')}</h2>
      <p>
        {t('commitments.reportedOf', { reported, total: items.length })} ·{' '}
        <a href={href(lang, '/commitments', `?mechanism=${encodeURIComponent(props.mechanism)}`)}>
          {t('commitments.seeAll')}
        </a>
      </p>
      <ul>
        {items.map((c) => (
          <li>
            <a href={href(lang, `/commitments/${encodeURIComponent(c.id)}`)}>
              <En ctx={ctx}>{c.text}</En>
            </a>
            : <StateCell ctx={ctx} s={c.state} labels={props.labels} />
          </li>
        ))}
      </ul>
      {props.cycles.length ? (
        <>
          <h3>{t('commitments.cycles')}</h3>
          <CycleList ctx={ctx} cycles={props.cycles} labels={props.labels} />
        </>
      ) : null}
    </section>
  );
}

/**
 * On a document's page: the commitments the document makes, each with its position in its framework, its state on
 * `asOf`, a link to its paragraph on this page (the anchor the document page gives it) and to its own page.
 */
export function DocumentCommitmentsSection(props: {
  ctx: PageContext;
  items: CommitmentView[];
  asOf: string;
  frameworks: ReadonlyMap<string, string>;
  labels: Labels;
}): JSX.Element | null {
  const { ctx, items } = props;
  if (!items.length) return null;
  const { t, lang } = ctx;
  return (
    <section aria-labelledby="document-commitments">
      <h2 id="document-commitments">{t('documentCommitments.heading')}</h2>
      <p>{t('documentCommitments.intro', { reported: items.filter((c) => c.state).length, total: items.length })}</p>
      <TableScroll labelledby="document-commitments-caption">
        <table>
          <caption id="document-commitments-caption">
            {t('documentCommitments.caption', { date: formatDate(props.asOf, lang) })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('commitments.commitment')}</th>
              <th scope="col">{t('documentCommitments.paragraph')}</th>
              <th scope="col">{t('commitments.position')}</th>
              <th scope="col">{t('commitments.state')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr>
                <th scope="row">
                  <a href={href(lang, `/commitments/${encodeURIComponent(c.id)}`)}>
                    <En ctx={ctx}>{c.text}</En>
                  </a>
                </th>
                <td>
                  {c.paragraph ? (
                    <a href={`#${anchorOf(c.paragraph)}`}>{t('documentCommitments.toParagraph', { n: c.paragraph })}</a>
                  ) : (
                    <span class="muted">{t('documentCommitments.noParagraph')}</span>
                  )}
                </td>
                <td>
                  {c.framework ? (
                    <>
                      <En ctx={ctx}>{props.frameworks.get(c.framework) ?? c.framework}</En>
                      {' · '}
                      {c.node ? (
                        <>
                          {t(`commitments.level.${c.node.level}`)} {c.node.code}. <En ctx={ctx}>{c.node.title}</En>
                        </>
                      ) : (
                        t('commitments.whole')
                      )}
                    </>
                  ) : (
                    <span class="muted">{t('documentCommitments.noFramework')}</span>
                  )}
                </td>
                <td>
                  <StateCell ctx={ctx} s={c.state} labels={props.labels} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}
