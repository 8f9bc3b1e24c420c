/**
 * Peer-query pages: the list, a query with its compilation by country, the printable report and the answer form
 * (a plain form, CSRF-protected, no JavaScript). Pages receive plain data and render it.
 */
import { ErrorAlert, StatusNotice } from '../../web/messages.js';
import type { JSX } from 'preact';
import { formatDate, formatNumber } from '../../web/format.js';
import { href, Layout, type PageContext } from '../../web/layout.js';
import type { Question } from './model.js';
import type { DraftView, OpenQuery, QuerySummary, QueryView, Rate } from './service.js';

export interface FormError {
  field: string;
  message: string;
}

export const queryHref = (ctx: PageContext, id: string, rest = '') =>
  href(ctx.lang, `/queries/${encodeURIComponent(id)}${rest}`);

const KIND_KEY: Record<Question['kind'], string> = {
  text: 'queries.kindText',
  'yes-no': 'queries.kindYesNo',
  choice: 'queries.kindChoice',
  number: 'queries.kindNumber',
  date: 'queries.kindDate',
};

type Names = ReadonlyMap<string, string>;
const nameOf = (names: Names, code: string) => names.get(code) ?? code;

export function RateText(props: { ctx: PageContext; rate: Rate }): JSX.Element {
  const { ctx, rate } = props;
  const percent = rate.share === null ? '—' : `${formatNumber(Math.round(rate.share * 100), ctx.lang)} %`;
  return <>{ctx.t('queries.rate', { answered: rate.answered, asked: rate.asked, percent })}</>;
}

/** A value as the reader reads it: yes/no and dates in the reader's language, the rest as the State wrote it. */
function Value(props: { ctx: PageContext; q: Question; value: string | undefined }): JSX.Element {
  const { ctx, q, value } = props;
  if (value === undefined) return <span class="muted">{ctx.t('queries.notAnswered')}</span>;
  if (q.kind === 'yes-no') return <>{ctx.t(value === 'yes' ? 'queries.yes' : 'queries.no')}</>;
  if (q.kind === 'date') return <>{formatDate(value, ctx.lang)}</>;
  return <span class="answer-text">{value}</span>;
}

function Facts(props: { ctx: PageContext; q: QueryView; names: Names; mechanisms: Names }): JSX.Element {
  const { ctx, q } = props;
  const { t, lang } = ctx;
  return (
    <dl class="facts">
      <dt>{t('queries.askedOn')}</dt>
      <dd>
        {formatDate(q.askedOn, lang)} —{' '}
        {q.askerCountry === null ? t('queries.bySecretariat') : nameOf(props.names, q.askerCountry)}
      </dd>
      <dt>{t('queries.deadline')}</dt>
      <dd>{t(q.open ? 'queries.openUntil' : 'queries.closed', { date: formatDate(q.deadline, lang) })}</dd>
      <dt>{t('queries.mechanisms')}</dt>
      <dd>
        {q.mechanisms.map((m, i) => (
          <>
            {i > 0 ? ', ' : null}
            <a href={href(lang, `/mechanisms/${encodeURIComponent(m)}`)}>{nameOf(props.mechanisms, m)}</a>
          </>
        ))}
      </dd>
      {q.attachment ? (
        <>
          <dt>{t('queries.attachment')}</dt>
          <dd>
            <a href={href(lang, `/documents/${encodeURIComponent(q.attachment)}`)}>{q.attachment}</a>
          </dd>
        </>
      ) : null}
      <dt>{t('queries.record')}</dt>
      <dd>
        {q.published && q.publishedAt
          ? t('queries.published', { date: formatDate(q.publishedAt.slice(0, 10), lang) })
          : t('queries.unpublished')}
      </dd>
      <dt>{t('queries.responses')}</dt>
      <dd>
        <RateText ctx={ctx} rate={q.rate} />
      </dd>
    </dl>
  );
}

/** The answer table by country: a row per State asked, a column per question. */
function Compilation(props: { ctx: PageContext; q: QueryView; names: Names }): JSX.Element {
  const { ctx, q } = props;
  const { t, lang } = ctx;
  const value = new Map(q.answers.map((a) => [`${a.country}|${a.question}`, a.value]));
  return (
    <div class="table-wrap">
      <table class="compilation">
        <caption>{t('queries.compilation')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('queries.country')}</th>
            {q.questions.map((qq, i) => (
              <th scope="col">
                <abbr title={qq.text}>{t('queries.questionN', { n: i + 1 })}</abbr>
              </th>
            ))}
            <th scope="col">{t('queries.submittedOn')}</th>
          </tr>
        </thead>
        <tbody>
          {q.states.map((s) => (
            <tr>
              <th scope="row">
                {nameOf(props.names, s.country)} <span class="muted">({s.country})</span>
              </th>
              {q.questions.map((qq) => (
                <td>
                  <Value ctx={ctx} q={qq} value={value.get(`${s.country}|${qq.id}`)} />
                </td>
              ))}
              <td>{s.submittedAt ? formatDate(s.submittedAt.slice(0, 10), lang) : t('queries.notAnswered')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function QuestionList(props: { ctx: PageContext; questions: Question[] }): JSX.Element {
  const { t } = props.ctx;
  return (
    <ol class="questions">
      {props.questions.map((q) => (
        <li>
          <span class="question-text">{q.text}</span>{' '}
          <span class="muted">
            ({t(KIND_KEY[q.kind])}
            {q.kind === 'choice' ? `: ${q.options.join(' · ')}` : ''})
          </span>
        </li>
      ))}
    </ol>
  );
}

export function QueriesPage(props: {
  ctx: PageContext;
  items: QuerySummary[];
  rates: ({ country: string } & Rate)[];
  names: Names;
  mayAsk: boolean;
}): JSX.Element {
  const { ctx } = props;
  const { t, lang } = ctx;
  return (
    <Layout ctx={ctx} title={t('queries.title')} description={t('queries.intro')}>
      <h1>{t('queries.title')}</h1>
      <p class="lead">{t('queries.intro')}</p>
      {props.mayAsk ? (
        <p>
          <a href={href(lang, '/queries/new')}>{t('queries.ask')}</a>
        </p>
      ) : null}
      {props.items.length === 0 ? (
        <p>{t('queries.none')}</p>
      ) : (
        <ul class="documents queries">
          {props.items.map((q) => (
            <li>
              <a href={queryHref(ctx, q.id)}>{q.title}</a>
              <p class="muted">
                {t('queries.askedOn')} {formatDate(q.askedOn, lang)} · {t('queries.deadline')}{' '}
                {formatDate(q.deadline, lang)} · <RateText ctx={ctx} rate={q.rate} />
                {q.published ? <> · {t('queries.publicRecord')}</> : null}
              </p>
            </li>
          ))}
        </ul>
      )}
      {props.rates.length > 0 ? (
        <div class="table-wrap">
          <table>
            <caption>{t('queries.ratesByState')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('queries.country')}</th>
                <th scope="col">{t('queries.askedCount')}</th>
                <th scope="col">{t('queries.answeredCount')}</th>
              </tr>
            </thead>
            <tbody>
              {props.rates.map((r) => (
                <tr>
                  <th scope="row">{nameOf(props.names, r.country)}</th>
                  <td>{formatNumber(r.asked, lang)}</td>
                  <td>{formatNumber(r.answered, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Layout>
  );
}

export function QueryPage(props: {
  ctx: PageContext;
  /** Other features' sections for this query (follow it), after the compilation. */
  sections?: readonly JSX.Element[];
  q: QueryView;
  names: Names;
  mechanisms: Names;
  csrf: string | null;
  notice?: string | undefined;
}): JSX.Element {
  const { ctx, q } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={q.title} description={t('queries.intro')}>
      <p>
        <a href={href(ctx.lang, '/queries')}>{t('queries.all')}</a>
      </p>
      <h1>{q.title}</h1>
      <StatusNotice text={props.notice} />
      <Facts ctx={ctx} q={q} names={props.names} mechanisms={props.mechanisms} />
      <h2 id="questions">{t('queries.questions')}</h2>
      <QuestionList ctx={ctx} questions={q.questions} />
      {q.may.answerFor.length > 0 ? (
        <ul class="no-print">
          {q.may.answerFor.map((c) => (
            <li>
              <a href={queryHref(ctx, q.id, `/answers/${c}`)}>
                {t('queries.answerFor', { country: nameOf(props.names, c) })}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      <Compilation ctx={ctx} q={q} names={props.names} />
      <p class="no-print">
        <a href={queryHref(ctx, q.id, '/answers.csv')} download>
          {t('queries.csv')}
        </a>{' '}
        · <a href={queryHref(ctx, q.id, '/print')}>{t('queries.print')}</a>
      </p>
      {q.may.publish && props.csrf ? (
        <form method="post" action={queryHref(ctx, q.id, '/publish')} class="edit no-print" aria-labelledby="publish-h">
          <h2 id="publish-h">{t('queries.publish')}</h2>
          <p>{t('queries.publishHelp')}</p>
          <input type="hidden" name="_csrf" value={props.csrf} />
          <button type="submit">{t('queries.publish')}</button>
        </form>
      ) : null}
      {props.sections}
    </Layout>
  );
}

/** The printable report: every question in full, then the table, with the date it was printed. */
export function PrintPage(props: {
  ctx: PageContext;
  q: QueryView;
  names: Names;
  mechanisms: Names;
  date: string;
}): JSX.Element {
  const { ctx, q } = props;
  const { t, lang } = ctx;
  return (
    <Layout ctx={ctx} title={q.title} description={t('queries.intro')} className="print-report">
      <p class="no-print">
        <a href={queryHref(ctx, q.id)}>{t('queries.back')}</a>
      </p>
      <h1>{q.title}</h1>
      <Facts ctx={ctx} q={q} names={props.names} mechanisms={props.mechanisms} />
      <h2>{t('queries.questions')}</h2>
      <QuestionList ctx={ctx} questions={q.questions} />
      <Compilation ctx={ctx} q={q} names={props.names} />
      <p class="muted">{t('queries.printedOn', { date: formatDate(props.date, lang) })}</p>
    </Layout>
  );
}

const STATUS_KEY = {
  none: 'queries.statusNone',
  draft: 'queries.statusDraft',
  submitted: 'queries.statusSubmitted',
} as const;

export function AnswerPage(props: {
  ctx: PageContext;
  q: QueryView;
  draft: DraftView;
  /** What the form shows: the stored answers, or what was just sent back with an error. */
  values: Record<string, string>;
  names: Names;
  csrf: string;
  error?: FormError | undefined;
  notice?: string | undefined;
}): JSX.Element {
  const { ctx, q, draft, error } = props;
  const { t, lang } = ctx;
  const country = nameOf(props.names, draft.country);
  const fieldOf = (id: string) => `answer-${id}`;
  const invalid = (id: string) => (error?.field === `answers.${id}` ? { 'aria-describedby': `err-${id}` } : {});
  const help = (qq: Question) =>
    qq.kind === 'number' ? t('queries.numberHint') : qq.kind === 'date' ? t('queries.dateHint') : null;
  return (
    <Layout
      ctx={ctx}
      title={t('queries.answerTitle', { title: q.title })}
      description={t('queries.answerIntro', { country })}
    >
      <p>
        <a href={queryHref(ctx, q.id)}>{t('queries.back')}</a>
      </p>
      <h1>{t('queries.answerTitle', { title: q.title })}</h1>
      <p class="lead">{t('queries.answerIntro', { country })}</p>
      <p id="status">
        {t(STATUS_KEY[draft.status])}
        {draft.submittedAt ? ` (${formatDate(draft.submittedAt.slice(0, 10), lang)})` : null}.{' '}
        {t(draft.open ? 'queries.openUntil' : 'queries.closed', { date: formatDate(draft.deadline, lang) })}
      </p>
      <StatusNotice text={props.notice} />
      <ErrorAlert ctx={ctx} error={error} />
      {draft.open ? (
        <form method="post" action={queryHref(ctx, q.id, `/answers/${draft.country}`)} class="edit answer-form">
          <input type="hidden" name="_csrf" value={props.csrf} />
          {q.questions.map((qq, i) => {
            const v = props.values[qq.id] ?? '';
            const label = (
              <>
                {t('queries.questionN', { n: i + 1 })}. <span class="question-text">{qq.text}</span>
              </>
            );
            const err =
              error?.field === `answers.${qq.id}` ? (
                <p id={`err-${qq.id}`} class="badge unverified" lang="en">
                  {error.message}
                </p>
              ) : null;
            if (qq.kind === 'yes-no' || qq.kind === 'choice') {
              const options =
                qq.kind === 'yes-no'
                  ? [
                      { value: 'yes', label: t('queries.yes') },
                      { value: 'no', label: t('queries.no') },
                    ]
                  : qq.options.map((o) => ({ value: o, label: o }));
              return (
                <fieldset {...invalid(qq.id)}>
                  <legend>{label}</legend>
                  {options.map((o, j) => (
                    <p>
                      <input
                        type="radio"
                        id={`${fieldOf(qq.id)}-${j}`}
                        name={`answers.${qq.id}`}
                        value={o.value}
                        checked={v === o.value}
                      />{' '}
                      <label for={`${fieldOf(qq.id)}-${j}`}>{o.label}</label>
                    </p>
                  ))}
                  {err}
                </fieldset>
              );
            }
            const hint = help(qq);
            const describedBy = [hint ? `hint-${qq.id}` : '', err ? `err-${qq.id}` : ''].filter(Boolean).join(' ');
            return (
              <p>
                <label for={fieldOf(qq.id)}>{label}</label>
                {hint ? (
                  <>
                    <br />
                    <span id={`hint-${qq.id}`} class="muted">
                      {hint}
                    </span>
                  </>
                ) : null}
                <br />
                {qq.kind === 'text' ? (
                  <textarea
                    id={fieldOf(qq.id)}
                    name={`answers.${qq.id}`}
                    rows={5}
                    cols={60}
                    {...(describedBy ? { 'aria-describedby': describedBy } : {})}
                    {...(err ? { 'aria-invalid': 'true' as const } : {})}
                  >
                    {v}
                  </textarea>
                ) : (
                  <input
                    id={fieldOf(qq.id)}
                    name={`answers.${qq.id}`}
                    type="text"
                    inputMode={qq.kind === 'number' ? 'decimal' : undefined}
                    value={v}
                    {...(describedBy ? { 'aria-describedby': describedBy } : {})}
                    {...(err ? { 'aria-invalid': 'true' as const } : {})}
                  />
                )}
                {err}
              </p>
            );
          })}
          <p>
            {draft.status === 'submitted' ? (
              <button type="submit" name="action" value="submit">
                {t('queries.amend')}
              </button>
            ) : (
              <>
                <button type="submit" name="action" value="draft">
                  {t('queries.saveDraft')}
                </button>{' '}
                <button type="submit" name="action" value="submit">
                  {t('queries.submit')}
                </button>
              </>
            )}
          </p>
        </form>
      ) : null}
    </Layout>
  );
}

/** The open queries of a member space (on the space page): "due in N days", and where the reader's answers stand. */
export function OpenQueries(props: { ctx: PageContext; items: OpenQuery[]; names: Names }): JSX.Element | null {
  const { ctx, items } = props;
  const { t } = ctx;
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="open-queries">
      <h2 id="open-queries">{t('queries.openQueries')}</h2>
      <ul class="documents queries">
        {items.map((q) => (
          <li>
            <a href={queryHref(ctx, q.id)}>{q.title}</a>{' '}
            <span class="due">
              {q.dueInDays === 0 ? t('queries.dueToday') : t('queries.dueIn', { count: q.dueInDays })}
            </span>
            {q.mine.map((m) => (
              <p class="muted">
                <a href={queryHref(ctx, q.id, `/answers/${m.country}`)}>
                  {t('queries.answerFor', { country: nameOf(props.names, m.country) })}
                </a>{' '}
                — {t(STATUS_KEY[m.status])}
              </p>
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}

export const QUESTION_SLOTS = 8;
const KINDS: Question['kind'][] = ['text', 'yes-no', 'choice', 'number', 'date'];

export interface AskFormValues {
  title: string;
  mechanisms: string[];
  deadline: string;
  attachment: string;
  questions: { text: string; kind: string; options: string }[];
}

/** The form id of a field the service names (`questions.2.options` → the options of the slot it came from). */
export function askFieldId(field: string, slots: readonly number[]): string {
  const m = /^questions\.(\d+)\.(text|kind|options)$/.exec(field);
  if (m) return `q${slots[Number(m[1])] ?? 0}-${m[2]}`;
  return `ask-${field.split('.')[0]}`;
}

/** The ask form: a title, the mechanisms whose members are asked, a deadline, an attachment, up to 8 questions. */
export function AskPage(props: {
  ctx: PageContext;
  csrf: string;
  mechanisms: { id: string; name: string }[];
  values: AskFormValues;
  error?: (FormError & { id: string }) | undefined;
}): JSX.Element {
  const { ctx, values: v, error } = props;
  const { t, lang } = ctx;
  const described = (id: string, hint?: string) => {
    const ids = [hint, error?.id === id ? `err-${id}` : ''].filter(Boolean).join(' ');
    return ids ? { 'aria-describedby': ids } : {};
  };
  const invalid = (id: string) => (error?.id === id ? { 'aria-invalid': 'true' as const } : {});
  const err = (id: string) =>
    error?.id === id ? (
      <p id={`err-${id}`} class="badge unverified" lang="en">
        {error.message}
      </p>
    ) : null;
  return (
    <Layout ctx={ctx} title={t('queries.ask')} description={t('queries.askIntro')}>
      <p>
        <a href={href(lang, '/queries')}>{t('queries.all')}</a>
      </p>
      <h1>{t('queries.ask')}</h1>
      <p class="lead">{t('queries.askIntro')}</p>
      <ErrorAlert ctx={ctx} error={error} />
      <form method="post" action={href(lang, '/queries/new')} class="edit ask-form">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <p>
          <label for="ask-title">{t('queries.titleLabel')}</label>
          <br />
          <input
            id="ask-title"
            name="title"
            type="text"
            size={60}
            value={v.title}
            {...described('ask-title')}
            {...invalid('ask-title')}
          />
        </p>
        {err('ask-title')}
        <fieldset id="ask-mechanisms" {...described('ask-mechanisms')}>
          <legend>{t('queries.mechanisms')}</legend>
          {props.mechanisms.map((m) => (
            <p>
              <input
                type="checkbox"
                id={`ask-m-${m.id}`}
                name="mechanisms"
                value={m.id}
                checked={v.mechanisms.includes(m.id)}
              />{' '}
              <label for={`ask-m-${m.id}`}>{m.name}</label>
            </p>
          ))}
          {err('ask-mechanisms')}
        </fieldset>
        <p>
          <label for="ask-deadline">{t('queries.deadline')}</label>
          <br />
          <span id="hint-deadline" class="muted">
            {t('queries.dateHint')}
          </span>
          <br />
          <input
            id="ask-deadline"
            name="deadline"
            type="date"
            value={v.deadline}
            {...described('ask-deadline', 'hint-deadline')}
            {...invalid('ask-deadline')}
          />
        </p>
        {err('ask-deadline')}
        <p>
          <label for="ask-attachment">{t('queries.attachmentLabel')}</label>
          <br />
          <span id="hint-attachment" class="muted">
            {t('queries.attachmentHint')}
          </span>
          <br />
          <input
            id="ask-attachment"
            name="attachment"
            type="text"
            size={40}
            value={v.attachment}
            {...described('ask-attachment', 'hint-attachment')}
            {...invalid('ask-attachment')}
          />
        </p>
        {err('ask-attachment')}
        {err('ask-questions')}
        {Array.from({ length: QUESTION_SLOTS }, (_, i) => {
          const q = v.questions[i] ?? { text: '', kind: 'text', options: '' };
          return (
            <fieldset>
              <legend>{t('queries.questionSlot', { n: i + 1 })}</legend>
              <p>
                <label for={`q${i}-text`}>{t('queries.questionText')}</label>
                <br />
                <textarea
                  id={`q${i}-text`}
                  name={`q${i}.text`}
                  rows={2}
                  cols={60}
                  {...described(`q${i}-text`)}
                  {...invalid(`q${i}-text`)}
                >
                  {q.text}
                </textarea>
              </p>
              {err(`q${i}-text`)}
              <p>
                <label for={`q${i}-kind`}>{t('queries.kindLabel')}</label>
                <br />
                <select id={`q${i}-kind`} name={`q${i}.kind`}>
                  {KINDS.map((k) => (
                    <option value={k} selected={q.kind === k}>
                      {t(KIND_KEY[k])}
                    </option>
                  ))}
                </select>
              </p>
              <p>
                <label for={`q${i}-options`}>{t('queries.optionsLabel')}</label>
                <br />
                <span id={`hint-q${i}-options`} class="muted">
                  {t('queries.optionsHint')}
                </span>
                <br />
                <textarea
                  id={`q${i}-options`}
                  name={`q${i}.options`}
                  rows={3}
                  cols={40}
                  {...described(`q${i}-options`, `hint-q${i}-options`)}
                  {...invalid(`q${i}-options`)}
                >
                  {q.options}
                </textarea>
              </p>
              {err(`q${i}-options`)}
            </fieldset>
          );
        })}
        <p>
          <button type="submit">{t('queries.askSubmit')}</button>
        </p>
      </form>
    </Layout>
  );
}
