/**
 * Assessment pages: the list with the reader's tasks, the form that creates one from the seed template, an
 * assessment with its questionnaire, recipients and (for the unit, or once published) its compiled results, the
 * answer form, and the printable report. Plain forms with the CSRF token, no JavaScript. Questions, options and
 * mechanism names are the unit's and the registry's English: marked so in the other languages.
 */
import type { JSX } from 'preact';
import { BarChart } from '../../../web/charts.js';
import { formatDate, formatNumber } from '../../../web/format.js';
import { En, href, Layout, type PageContext } from '../../../web/layout.js';
import { ErrorAlert, StatusNotice } from '../../../web/messages.js';
import { TableScroll } from '../../../web/table.js';
import { LENSES } from '../../model.js';
import type { Question, Recipient } from '../model.js';
import type { AssessmentSummary, AssessmentView, NamedResult, Report, ResponseView, Task } from '../service.js';

export interface FormError {
  field: string;
  message: string;
}
type Names = ReadonlyMap<string, string>;

export const assessmentHref = (ctx: PageContext, id: string, rest = '') =>
  href(ctx.lang, `/assessments/${encodeURIComponent(id)}${rest}`);

const STAGE = {
  draft: 'assessments.stageDraft',
  sent: 'assessments.stageSent',
  published: 'assessments.stagePublished',
};
const STATUS = {
  none: 'assessments.statusNone',
  draft: 'assessments.statusDraft',
  submitted: 'assessments.statusSubmitted',
};
const KIND: Record<Question['kind'], string> = {
  text: 'assessments.kindText',
  'yes-no': 'assessments.kindYesNo',
  single: 'assessments.kindSingle',
  multiple: 'assessments.kindMultiple',
  scale: 'assessments.kindScale',
  number: 'assessments.kindNumber',
};
const lensKey = (lens: string | null) => (lens === null ? 'assessments.lensGeneral' : `assessments.lens.${lens}`);

/** A recipient's name: a State in the reader's language, a mechanism as the registry names it (English). */
export function RecipientName(props: { ctx: PageContext; r: Recipient & { name: string }; states: Names }) {
  const { ctx, r } = props;
  return r.kind === 'state' ? <>{props.states.get(r.party) ?? r.party}</> : <En ctx={ctx}>{r.name}</En>;
}

function Stage(props: { ctx: PageContext; a: AssessmentSummary }) {
  const { t, lang } = props.ctx;
  const a = props.a;
  return (
    <>
      {t(STAGE[a.stage])} · {t('assessments.deadline')} {formatDate(a.deadline, lang)} ·{' '}
      {t('assessments.submittedOf', { submitted: a.submitted, recipients: a.recipients })}
    </>
  );
}

function TaskList(props: { ctx: PageContext; tasks: Task[]; states: Names }) {
  const { ctx } = props;
  const { t, lang } = ctx;
  return (
    <section aria-labelledby="tasks-h">
      <h2 id="tasks-h">{t('assessments.tasks')}</h2>
      {props.tasks.length === 0 ? (
        <p>{t('assessments.noTasks')}</p>
      ) : (
        <ul class="documents">
          {props.tasks.map((k) => (
            <li>
              <a href={assessmentHref(ctx, k.assessment.id, `/respond/${k.recipient.kind}/${k.recipient.party}`)}>
                {t('assessments.answerFor', { title: k.assessment.title })}{' '}
                <RecipientName ctx={ctx} r={k.recipient} states={props.states} />
              </a>
              <p class="muted">
                {t(STATUS[k.status])} ·{' '}
                {t(k.open ? 'assessments.openUntil' : 'assessments.closed', { date: formatDate(k.deadline, lang) })}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function AssessmentsPage(props: {
  ctx: PageContext;
  items: AssessmentSummary[];
  tasks: Task[] | null;
  unit: boolean;
  states: Names;
}): JSX.Element {
  const { ctx } = props;
  const { t, lang } = ctx;
  return (
    <Layout ctx={ctx} title={t('assessments.title')} description={t('assessments.intro')}>
      <h1>{t('assessments.title')}</h1>
      <p class="lead">{t('assessments.intro')}</p>
      {props.unit ? (
        <p>
          <a href={href(lang, '/assessments/new')}>{t('assessments.create')}</a>
        </p>
      ) : null}
      {props.tasks ? <TaskList ctx={ctx} tasks={props.tasks} states={props.states} /> : null}
      <h2 id="list-h">{t('assessments.list')}</h2>
      {props.items.length === 0 ? (
        <p>{t('assessments.none')}</p>
      ) : (
        <ul class="documents" aria-labelledby="list-h">
          {props.items.map((a) => (
            <li>
              <a href={assessmentHref(ctx, a.id)}>
                <En ctx={ctx}>{a.title}</En>
              </a>
              <p class="muted">
                <Stage ctx={ctx} a={a} />
              </p>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

function QuestionList(props: { ctx: PageContext; items: Question[] }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <ol class="questions">
      {props.items.map((q) => (
        <li>
          <En ctx={ctx}>{q.text}</En>{' '}
          <span class="muted">
            ({t(q.addressed === 'mechanism' ? 'assessments.perMechanism' : 'assessments.perState')} · {t(KIND[q.kind])}
            {q.scale ? ` ${q.scale.min}–${q.scale.max}` : ''} · {t(lensKey(q.lens))})
          </span>
          {q.options.length ? (
            <>
              {' '}
              <En ctx={ctx}>{q.options.join(' · ')}</En>
            </>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

/** A value as written: yes/no in the reader's language, the rest as given (English options). */
function valueLabel(ctx: PageContext, q: Question, v: string): JSX.Element {
  if (q.kind === 'yes-no') return <>{ctx.t(v === 'yes' ? 'assessments.yes' : 'assessments.no')}</>;
  if (q.kind === 'scale') return <>{formatNumber(Number(v), ctx.lang)}</>;
  return <En ctx={ctx}>{v}</En>;
}

/** One question's result: counts, a chart with its table, the figures, the text answers by recipient. */
function Result(props: { ctx: PageContext; r: NamedResult; n: number; states: Names }) {
  const { ctx, r } = props;
  const { t, lang } = ctx;
  const q = r.question;
  const id = `r-${q.id}`;
  const label = (v: string) => (q.kind === 'yes-no' ? t(v === 'yes' ? 'assessments.yes' : 'assessments.no') : v);
  return (
    <section class="result" aria-labelledby={`${id}-h`}>
      <h4 id={`${id}-h`}>
        {props.n}. <En ctx={ctx}>{q.text}</En>
      </h4>
      <p class="muted">
        {t(q.addressed === 'mechanism' ? 'assessments.answeredMechanisms' : 'assessments.answeredStates', {
          answered: r.answered,
          asked: r.asked,
        })}
      </p>
      {r.distribution.length ? (
        <>
          <BarChart
            id={`${id}-chart`}
            title={t('assessments.chartTitle', { n: props.n })}
            description={t('assessments.chartDesc')}
            data={r.distribution.map((d) => ({ label: label(d.value), value: d.count }))}
            xLabel={t('assessments.answer')}
            yLabel={t('assessments.count')}
            height={220}
          />
          <TableScroll label={t('assessments.tableOf', { n: props.n })}>
            <table>
              <caption>{t('assessments.tableOf', { n: props.n })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('assessments.answer')}</th>
                  <th scope="col">{t('assessments.count')}</th>
                </tr>
              </thead>
              <tbody>
                {r.distribution.map((d) => (
                  <tr>
                    <th scope="row">{valueLabel(ctx, q, d.value)}</th>
                    <td>{formatNumber(d.count, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      ) : null}
      {r.stats ? (
        <p>
          {t('assessments.stats', {
            min: formatNumber(r.stats.min, lang, 2),
            median: formatNumber(r.stats.median, lang, 2),
            mean: formatNumber(r.stats.mean, lang, 2),
            max: formatNumber(r.stats.max, lang, 2),
          })}
        </p>
      ) : null}
      {q.kind === 'text' ? (
        r.texts.length ? (
          <ul>
            {r.texts.map((x) => (
              <li>
                <strong>
                  <RecipientName ctx={ctx} r={x.recipient} states={props.states} />
                </strong>
                : <span class="answer-text">{x.value}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('assessments.noAnswers')}</p>
        )
      ) : null}
    </section>
  );
}

export function ResultsSection(props: { ctx: PageContext; results: NamedResult[]; states: Names; level?: 2 | 3 }) {
  const { ctx } = props;
  const { t } = ctx;
  const groups = [null, ...LENSES].map((lens) => ({
    lens,
    items: props.results.filter((r) => r.question.lens === lens),
  }));
  const H = props.level === 3 ? 'h3' : 'h2';
  let n = 0;
  const numbers = new Map(props.results.map((r) => [r.question.id, ++n]));
  return (
    <section aria-labelledby="results-h">
      <H id="results-h">{t('assessments.results')}</H>
      <p class="muted">{t('assessments.resultsNote')}</p>
      {groups
        .filter((g) => g.items.length)
        .map((g) => (
          <>
            <h3>{t(lensKey(g.lens))}</h3>
            {g.items.map((r) => (
              <Result ctx={ctx} r={r} n={numbers.get(r.question.id)!} states={props.states} />
            ))}
          </>
        ))}
    </section>
  );
}

export function AssessmentPage(props: {
  ctx: PageContext;
  a: AssessmentView;
  results: NamedResult[] | null;
  states: Names;
  csrf: string | null;
  notice?: string | undefined;
  /** The questions form as posted (re-shown with `error`); absent: the assessment's questions. */
  rows?: QuestionRow[] | undefined;
  error?: (FormError & { row: number | null }) | undefined;
}): JSX.Element {
  const { ctx, a } = props;
  const { t, lang } = ctx;
  const mechanismQs = a.items.filter((q) => q.addressed === 'mechanism');
  const stateQs = a.items.filter((q) => q.addressed === 'state');
  return (
    <Layout ctx={ctx} title={a.title} description={t('assessments.intro')}>
      <p>
        <a href={href(lang, '/assessments')}>{t('assessments.all')}</a>
      </p>
      <h1>
        <En ctx={ctx}>{a.title}</En>
      </h1>
      <StatusNotice text={props.notice} />
      {a.intro ? (
        <En ctx={ctx} block>
          <p>{a.intro}</p>
        </En>
      ) : null}
      <dl class="facts">
        <dt>{t('assessments.stage')}</dt>
        <dd>
          {t(STAGE[a.stage])}
          {a.sentAt ? ` · ${t('assessments.sentOn', { date: formatDate(a.sentAt.slice(0, 10), lang) })}` : ''}
          {a.publishedAt
            ? ` · ${t('assessments.publishedOn', { date: formatDate(a.publishedAt.slice(0, 10), lang) })}`
            : ''}
        </dd>
        <dt>{t('assessments.deadline')}</dt>
        <dd>{t(a.open ? 'assessments.openUntil' : 'assessments.closed', { date: formatDate(a.deadline, lang) })}</dd>
        <dt>{t('assessments.responses')}</dt>
        <dd>{t('assessments.submittedOf', { submitted: a.submitted, recipients: a.recipients })}</dd>
      </dl>
      {a.may.answerFor.length ? (
        <ul class="no-print">
          {a.may.answerFor.map((r) => {
            const named = a.recipientList.find((x) => x.kind === r.kind && x.party === r.party);
            return (
              <li>
                <a href={assessmentHref(ctx, a.id, `/respond/${r.kind}/${r.party}`)}>
                  {t('assessments.answerFor', { title: a.title })}{' '}
                  <RecipientName ctx={ctx} r={{ ...r, name: named?.name ?? r.party }} states={props.states} />
                </a>
              </li>
            );
          })}
        </ul>
      ) : null}
      <h2>{t('assessments.questionnaire')}</h2>
      {mechanismQs.length ? (
        <>
          <h3>{t('assessments.forMechanisms')}</h3>
          <QuestionList ctx={ctx} items={mechanismQs} />
        </>
      ) : null}
      {stateQs.length ? (
        <>
          <h3>{t('assessments.forStates')}</h3>
          <QuestionList ctx={ctx} items={stateQs} />
        </>
      ) : null}
      <h2 id="recipients-h">{t('assessments.recipients')}</h2>
      <TableScroll labelledby="recipients-h">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('assessments.recipient')}</th>
              <th scope="col">{t('assessments.recipientKind')}</th>
              <th scope="col">{t('assessments.status')}</th>
            </tr>
          </thead>
          <tbody>
            {a.recipientList.map((r) => (
              <tr>
                <th scope="row">
                  <RecipientName ctx={ctx} r={r} states={props.states} />
                </th>
                <td>{t(r.kind === 'mechanism' ? 'assessments.mechanism' : 'assessments.state')}</td>
                <td>
                  {t(STATUS[r.status])}
                  {r.submittedAt ? ` (${formatDate(r.submittedAt.slice(0, 10), lang)})` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {a.may.send && props.csrf ? (
        <QuestionsForm ctx={ctx} a={a} csrf={props.csrf} rows={props.rows} error={props.error} />
      ) : null}
      {a.may.send && props.csrf ? (
        <form method="post" action={assessmentHref(ctx, a.id, '/send')} class="edit no-print" aria-labelledby="send-h">
          <h2 id="send-h">{t('assessments.send')}</h2>
          <p>{t('assessments.sendHelp')}</p>
          <input type="hidden" name="_csrf" value={props.csrf} />
          <button type="submit">{t('assessments.send')}</button>
        </form>
      ) : null}
      {props.results ? (
        <>
          <p class="no-print">
            <a href={assessmentHref(ctx, a.id, '/report')}>{t('assessments.report')}</a> ·{' '}
            <a href={`/api/v1/assessments/${encodeURIComponent(a.id)}/report.pdf`}>{t('assessments.pdf')}</a>
          </p>
          <ResultsSection ctx={ctx} results={props.results} states={props.states} />
        </>
      ) : null}
      {a.may.publish && props.csrf ? (
        <form
          method="post"
          action={assessmentHref(ctx, a.id, '/publish')}
          class="edit no-print"
          aria-labelledby="publish-h"
        >
          <h2 id="publish-h">{t('assessments.publish')}</h2>
          <p>{t('assessments.publishHelp')}</p>
          <input type="hidden" name="_csrf" value={props.csrf} />
          <button type="submit">{t('assessments.publish')}</button>
        </form>
      ) : null}
    </Layout>
  );
}

/** One row of the questions form, as written (a row whose text is empty is no question). */
export interface QuestionRow {
  text: string;
  addressed: string;
  lens: string;
  kind: string;
  options: string;
  min: string;
  max: string;
}
/** Blank rows the questions form offers after the existing ones (no JavaScript: save to get more). */
export const BLANK_QUESTIONS = 3;

export const questionRows = (items: readonly Question[]): QuestionRow[] => [
  ...items.map((q) => ({
    text: q.text,
    addressed: q.addressed,
    lens: q.lens ?? '',
    kind: q.kind,
    options: q.options.join('\n'),
    min: q.scale ? String(q.scale.min) : '',
    max: q.scale ? String(q.scale.max) : '',
  })),
  ...Array.from({ length: BLANK_QUESTIONS }, () => ({
    text: '',
    addressed: 'state',
    lens: '',
    kind: 'text',
    options: '',
    min: '',
    max: '',
  })),
];

/** The unit edits a draft's questions: the existing ones, then blank rows; an emptied question is removed. */
function QuestionsForm(props: {
  ctx: PageContext;
  a: AssessmentView;
  csrf: string;
  rows?: QuestionRow[] | undefined;
  error?: (FormError & { row: number | null }) | undefined;
}): JSX.Element {
  const { ctx, a, error } = props;
  const { t } = ctx;
  const rows = props.rows ?? questionRows(a.items);
  const existing = a.items.length;
  const invalid = (i: number, field: string) =>
    error && error.row === i && error.field.endsWith(`.${field}`)
      ? { 'aria-invalid': 'true' as const, 'aria-describedby': 'questions-error' }
      : {};
  const select = (id: string, name: string, value: string, options: [string, string][], extra: object) => (
    <select id={id} name={name} {...extra}>
      {options.map(([v, label]) => (
        <option value={v} selected={v === value}>
          {label}
        </option>
      ))}
    </select>
  );
  return (
    <form
      method="post"
      action={assessmentHref(ctx, a.id, '/questions')}
      class="edit no-print"
      aria-labelledby="questions-h"
    >
      <h2 id="questions-h">{t('assessmentQuestions.heading')}</h2>
      <p>{t('assessmentQuestions.help')}</p>
      <ErrorAlert ctx={ctx} error={error} id="questions-error" />
      <input type="hidden" name="_csrf" value={props.csrf} />
      {rows.map((r, i) => {
        const id = `eq${i}`;
        return (
          <fieldset>
            <legend>
              {i < existing
                ? t('assessmentQuestions.question', { n: i + 1 })
                : t('assessmentQuestions.newQuestion', { n: i + 1 - existing })}
            </legend>
            <p>
              <label for={`${id}-text`}>{t('assessmentQuestions.text')}</label>
              <br />
              <textarea id={`${id}-text`} name={`q${i}.text`} rows={2} cols={60} {...invalid(i, 'text')}>
                {r.text}
              </textarea>
            </p>
            <p>
              <label for={`${id}-addressed`}>{t('assessmentQuestions.addressed')}</label>{' '}
              {select(
                `${id}-addressed`,
                `q${i}.addressed`,
                r.addressed,
                [
                  ['mechanism', t('assessments.perMechanism')],
                  ['state', t('assessments.perState')],
                ],
                invalid(i, 'addressed'),
              )}{' '}
              <label for={`${id}-kind`}>{t('assessmentQuestions.kind')}</label>{' '}
              {select(
                `${id}-kind`,
                `q${i}.kind`,
                r.kind,
                Object.entries(KIND).map(([k, key]) => [k, t(key)]),
                invalid(i, 'kind'),
              )}{' '}
              <label for={`${id}-lens`}>{t('assessmentQuestions.lens')}</label>{' '}
              {select(
                `${id}-lens`,
                `q${i}.lens`,
                r.lens,
                [['', t('assessments.lensGeneral')], ...LENSES.map((l): [string, string] => [l, t(lensKey(l))])],
                invalid(i, 'lens'),
              )}
            </p>
            <p>
              <label for={`${id}-options`}>{t('assessmentQuestions.options')}</label>
              <br />
              <textarea id={`${id}-options`} name={`q${i}.options`} rows={3} cols={40} {...invalid(i, 'options')}>
                {r.options}
              </textarea>
            </p>
            <p>
              <label for={`${id}-min`}>{t('assessmentQuestions.scaleMin')}</label>{' '}
              <input
                id={`${id}-min`}
                name={`q${i}.min`}
                type="text"
                inputmode="numeric"
                size={4}
                value={r.min}
                {...invalid(i, 'scale')}
              />{' '}
              <label for={`${id}-max`}>{t('assessmentQuestions.scaleMax')}</label>{' '}
              <input
                id={`${id}-max`}
                name={`q${i}.max`}
                type="text"
                inputmode="numeric"
                size={4}
                value={r.max}
                {...invalid(i, 'scale')}
              />
            </p>
          </fieldset>
        );
      })}
      <button type="submit">{t('assessmentQuestions.save')}</button>
    </form>
  );
}

export interface CreateValues {
  title: string;
  deadline: string;
  mechanisms: string[];
  states: string;
}

export function CreatePage(props: {
  ctx: PageContext;
  csrf: string;
  mechanisms: { id: string; name: string }[];
  template: Question[];
  values: CreateValues;
  error?: FormError | undefined;
}): JSX.Element {
  const { ctx, values, error } = props;
  const { t, lang } = ctx;
  const invalid = (field: string) =>
    error && (error.field === field || error.field.startsWith(`${field}.`))
      ? { 'aria-invalid': 'true' as const, 'aria-describedby': 'form-error' }
      : {};
  return (
    <Layout ctx={ctx} title={t('assessments.create')} description={t('assessments.createIntro')}>
      <p>
        <a href={href(lang, '/assessments')}>{t('assessments.all')}</a>
      </p>
      <h1>{t('assessments.create')}</h1>
      <p class="lead">{t('assessments.createIntro')}</p>
      <ErrorAlert ctx={ctx} error={error} id="form-error" />
      <form method="post" action={href(lang, '/assessments/new')} class="edit">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <p>
          <label for="a-title">{t('assessments.fieldTitle')}</label>
          <br />
          <input id="a-title" name="title" type="text" size={60} value={values.title} {...invalid('title')} />
        </p>
        <p>
          <label for="a-deadline">{t('assessments.deadline')}</label>{' '}
          <span class="muted">({t('assessments.dateHint')})</span>
          <br />
          <input id="a-deadline" name="deadline" type="date" value={values.deadline} {...invalid('deadline')} />
        </p>
        <fieldset {...invalid('mechanisms')}>
          <legend>{t('assessments.fieldMechanisms')}</legend>
          {props.mechanisms.map((m, i) => (
            <p>
              <input
                type="checkbox"
                id={`a-m-${i}`}
                name="mechanisms"
                value={m.id}
                checked={values.mechanisms.includes(m.id)}
              />{' '}
              <label for={`a-m-${i}`}>
                <En ctx={ctx}>{m.name}</En>
              </label>
            </p>
          ))}
        </fieldset>
        <p>
          <label for="a-states">{t('assessments.fieldStates')}</label>
          <br />
          <span id="a-states-hint" class="muted">
            {t('assessments.statesHint')}
          </span>
          <br />
          <textarea
            id="a-states"
            name="states"
            rows={3}
            cols={60}
            aria-describedby="a-states-hint"
            {...invalid('states')}
          >
            {values.states}
          </textarea>
        </p>
        <h2>{t('assessments.templateHeading')}</h2>
        <p>{t('assessments.templateHelp')}</p>
        <QuestionList ctx={ctx} items={props.template} />
        <p>
          <button type="submit">{t('assessments.create')}</button>
        </p>
      </form>
    </Layout>
  );
}

export function RespondPage(props: {
  ctx: PageContext;
  a: AssessmentView;
  response: ResponseView;
  values: Record<string, string | string[]>;
  states: Names;
  csrf: string;
  error?: FormError | undefined;
  notice?: string | undefined;
}): JSX.Element {
  const { ctx, a, response: r, error } = props;
  const { t, lang } = ctx;
  const items = a.items.filter((q) => q.addressed === r.kind);
  const who = <RecipientName ctx={ctx} r={{ kind: r.kind, party: r.party, name: r.name }} states={props.states} />;
  const title = t('assessments.answerFor', { title: a.title });
  return (
    <Layout ctx={ctx} title={title} description={t('assessments.respondIntro')}>
      <p>
        <a href={assessmentHref(ctx, a.id)}>{t('assessments.back')}</a>
      </p>
      <h1>
        {title} {who}
      </h1>
      <p class="lead">{t('assessments.respondIntro')}</p>
      <p id="status">
        {t(STATUS[r.status])}
        {r.submittedAt ? ` (${formatDate(r.submittedAt.slice(0, 10), lang)})` : ''}.{' '}
        {t(r.open ? 'assessments.openUntil' : 'assessments.closed', { date: formatDate(r.deadline, lang) })}
        {r.updatedBy ? ` ${t('assessments.lastSavedBy', { name: r.updatedBy })}` : ''}
      </p>
      <StatusNotice text={props.notice} />
      <ErrorAlert ctx={ctx} error={error} />
      {r.open ? (
        <form
          method="post"
          action={assessmentHref(ctx, a.id, `/respond/${r.kind}/${r.party}`)}
          class="edit answer-form"
        >
          <input type="hidden" name="_csrf" value={props.csrf} />
          {items.map((q, i) => {
            const v = props.values[q.id];
            const chosen = Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v];
            const text = typeof v === 'string' ? v : '';
            const field = `f-${q.id}`;
            const err =
              error?.field === `answers.${q.id}` ? (
                <p id={`err-${q.id}`} class="badge unverified" lang="en">
                  {error.message}
                </p>
              ) : null;
            const described = err ? { 'aria-describedby': `err-${q.id}` } : {};
            const label = (
              <>
                {i + 1}. <En ctx={ctx}>{q.text}</En>
              </>
            );
            if (q.kind === 'yes-no' || q.kind === 'single' || q.kind === 'multiple' || q.kind === 'scale') {
              const options =
                q.kind === 'yes-no'
                  ? [
                      { value: 'yes', label: <>{t('assessments.yes')}</> },
                      { value: 'no', label: <>{t('assessments.no')}</> },
                    ]
                  : q.kind === 'scale'
                    ? Array.from({ length: q.scale!.max - q.scale!.min + 1 }, (_, k) => {
                        const n = String(q.scale!.min + k);
                        return { value: n, label: <>{formatNumber(Number(n), lang)}</> };
                      })
                    : q.options.map((o) => ({ value: o, label: <En ctx={ctx}>{o}</En> }));
              return (
                <fieldset {...described}>
                  <legend>{label}</legend>
                  {options.map((o, j) => (
                    <p>
                      <input
                        type={q.kind === 'multiple' ? 'checkbox' : 'radio'}
                        id={`${field}-${j}`}
                        name={`answers.${q.id}`}
                        value={o.value}
                        checked={chosen.includes(o.value)}
                      />{' '}
                      <label for={`${field}-${j}`}>{o.label}</label>
                    </p>
                  ))}
                  {err}
                </fieldset>
              );
            }
            return (
              <p>
                <label for={field}>{label}</label>
                <br />
                {q.kind === 'text' ? (
                  <textarea id={field} name={`answers.${q.id}`} rows={4} cols={60} {...described}>
                    {text}
                  </textarea>
                ) : (
                  <input
                    id={field}
                    name={`answers.${q.id}`}
                    type="text"
                    inputMode="decimal"
                    value={text}
                    {...described}
                  />
                )}
                {err}
              </p>
            );
          })}
          <p>
            <button type="submit" name="action" value="draft">
              {t('assessments.saveDraft')}
            </button>{' '}
            <button type="submit" name="action" value="submit">
              {t(r.status === 'submitted' ? 'assessments.amend' : 'assessments.submit')}
            </button>
          </p>
        </form>
      ) : null}
    </Layout>
  );
}

/** The generated report: the impact data by lens, structures, partnerships, then the survey's results. */
export function ReportPage(props: { ctx: PageContext; r: Report; states: Names }): JSX.Element {
  const { ctx, r } = props;
  const { t, lang } = ctx;
  const a = r.assessment;
  const n = (v: number) => formatNumber(v, lang);
  return (
    <Layout
      ctx={ctx}
      title={t('assessments.reportTitle', { title: a.title })}
      description={t('assessments.reportIntro')}
      className="print-report assessment-report"
    >
      <p class="no-print">
        <a href={assessmentHref(ctx, a.id)}>{t('assessments.back')}</a> ·{' '}
        <a href={`/api/v1/assessments/${encodeURIComponent(a.id)}/report.pdf`}>{t('assessments.pdf')}</a> ·{' '}
        <a href={href(lang, `/assessments/${encodeURIComponent(a.id)}/results.csv`)}>
          {t('assessmentResultsCsv.link')}
        </a>
      </p>
      <h1>
        <En ctx={ctx}>{a.title}</En>
      </h1>
      <p class="lead">{t('assessments.reportIntro')}</p>
      <p>
        {t('assessments.reportFacts', {
          date: formatDate(r.date, lang),
          submitted: a.submitted,
          recipients: a.recipients,
        })}{' '}
        {a.publishedAt
          ? t('assessments.publishedOn', { date: formatDate(a.publishedAt.slice(0, 10), lang) })
          : t('assessments.unpublishedNote')}
      </p>
      <h2>{t('assessments.rAchievements')}</h2>
      <p>
        {t('assessments.rAchievementsText', { total: r.achievements.total, mechanisms: r.achievements.mechanisms })}
      </p>
      {r.achievements.byLens.map((l) => (
        <section aria-labelledby={`lens-${l.lens}`}>
          <h3 id={`lens-${l.lens}`}>
            {t(lensKey(l.lens))}: {t('assessments.rLensCount', { count: l.count, mechanisms: l.mechanisms })}
          </h3>
          <ul>
            {l.examples.map((e) => (
              <li>
                <a href={href(lang, `/achievements/${encodeURIComponent(e.id)}`)}>
                  <En ctx={ctx}>{e.title}</En>
                </a>{' '}
                (<En ctx={ctx}>{e.mechanism}</En>, {e.year ?? t('assessments.undated')})
              </li>
            ))}
          </ul>
          <p class="no-print">
            <a href={href(lang, '/achievements', `?lens=${l.lens}`)}>{t('assessments.rAllOfLens')}</a>
          </p>
        </section>
      ))}
      <h2>{t('assessments.rStructures')}</h2>
      <p>
        {t('assessments.rStructuresText', {
          total: r.structures.total,
          iom: r.structures.iomHosted,
          unknown: r.structures.modelUnknown,
        })}
      </p>
      <p>
        {t('assessments.rRulesText', {
          written: r.structures.writtenRules,
          rop: r.structures.rulesOfProcedure,
          unknown: r.structures.writtenUnknown,
        })}
      </p>
      <TableScroll label={t('assessments.rModels')}>
        <table>
          <caption>{t('assessments.rModels')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('assessments.rModel')}</th>
              <th scope="col">{t('assessments.count')}</th>
            </tr>
          </thead>
          <tbody>
            {r.structures.models.map((m) => (
              <tr>
                <th scope="row">
                  <En ctx={ctx}>{m.value}</En>
                </th>
                <td>{n(m.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <h2>{t('assessments.rPartnerships')}</h2>
      <p>
        {t('assessments.rPartnershipsText', {
          total: r.partnerships.total,
          org: r.partnerships.organizationLinks,
          mech: r.partnerships.mechanismLinks,
        })}
      </p>
      {r.partnerships.topOrganizations.length ? (
        <TableScroll label={t('assessments.rTopOrgs')}>
          <table>
            <caption>{t('assessments.rTopOrgs')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('assessments.rOrganization')}</th>
                <th scope="col">{t('assessments.count')}</th>
              </tr>
            </thead>
            <tbody>
              {r.partnerships.topOrganizations.map((o) => (
                <tr>
                  <th scope="row">
                    <En ctx={ctx}>{o.name}</En>
                  </th>
                  <td>{n(o.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
      <ResultsSection ctx={ctx} results={r.results} states={props.states} />
      <p class="muted">{t('assessments.printedOn', { date: formatDate(r.date, lang) })}</p>
    </Layout>
  );
}
