/**
 * The follow-up forms: open a reporting cycle, report an update on a commitment, the review queue (accept, or
 * return with a message), one update as its reporter and reviewers see it, and the signed-in reader's tasks on the
 * public pages. Plain posts with the CSRF token, no JavaScript; a refusal re-shows the form naming the field (the
 * server's message is English, marked so). Commitment texts and mechanism names are the sources' English.
 */
import type { JSX } from 'preact';
import { formatDate, formatNumber } from '../../../web/format.js';
import { En, href, Layout, type PageContext } from '../../../web/layout.js';
import { ErrorAlert, StatusNotice } from '../../../web/messages.js';
import { safeUrl } from '../../../web/sources.js';
import { STATUSES } from '../model.js';
import type { CycleView, UpdateView } from '../service.js';
import type { Labels } from './pages.js';

export interface FormError {
  field: string;
  message: string;
}

/** The form fields the service names in its refusals, and their labels. */
const FIELD: Record<string, string> = {
  mechanism: 'commitmentForms.fieldMechanism',
  title: 'commitmentForms.fieldTitle',
  deadline: 'commitmentForms.fieldDeadline',
  cycle: 'commitmentForms.fieldCycle',
  country: 'commitmentForms.fieldCountry',
  status: 'commitmentForms.fieldStatus',
  progress: 'commitmentForms.fieldProgress',
  date: 'commitmentForms.fieldDate',
  evidenceUrl: 'commitmentForms.fieldEvidenceUrl',
  evidenceDocument: 'commitmentForms.fieldEvidenceDocument',
  note: 'commitmentForms.fieldNote',
  comment: 'commitmentForms.fieldComment',
  commitment: 'commitmentForms.fieldCommitment',
  decision: 'commitmentForms.fieldDecision',
};

/** The refusal, labelled with the field it names in the reader's language. */
function FieldError(props: { ctx: PageContext; error: FormError | undefined; id?: string }): JSX.Element | null {
  const { ctx, error } = props;
  if (!error) return null;
  const key = FIELD[error.field];
  return (
    <ErrorAlert
      ctx={ctx}
      error={error}
      id={props.id ?? 'form-error'}
      label={key ? ctx.t('commitmentForms.errorIn', { field: ctx.t(key) }) : undefined}
    />
  );
}

const invalidIf = (error: FormError | undefined, field: string, describedBy?: string) =>
  error?.field === field
    ? {
        'aria-invalid': 'true' as const,
        'aria-describedby': [describedBy, 'form-error'].filter(Boolean).join(' '),
      }
    : describedBy
      ? { 'aria-describedby': describedBy }
      : {};

export const commitmentHref = (ctx: PageContext, id: string, rest = '') =>
  href(ctx.lang, `/commitments/${encodeURIComponent(id)}${rest}`);

// ---------------------------------------------------------------- open a reporting cycle

export interface OpenCycleValues {
  mechanism: string;
  title: string;
  deadline: string;
}

export function OpenCyclePage(props: {
  ctx: PageContext;
  csrf: string;
  mechanisms: string[];
  labels: Labels;
  values: OpenCycleValues;
  error?: FormError | undefined;
}): JSX.Element {
  const { ctx, values, error, labels } = props;
  const { t, lang } = ctx;
  return (
    <Layout ctx={ctx} title={t('commitmentForms.openCycle')} description={t('commitmentForms.openIntro')}>
      <p>
        <a href={href(lang, '/commitments')}>{t('commitments.title')}</a>
      </p>
      <h1>{t('commitmentForms.openCycle')}</h1>
      <p class="lead">{t('commitmentForms.openIntro')}</p>
      <FieldError ctx={ctx} error={error} />
      <form method="post" action={href(lang, '/commitments/cycles/new')} class="edit">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <p>
          <label for="cf-mechanism">{t('commitmentForms.fieldMechanism')}</label>
          <br />
          <select id="cf-mechanism" name="mechanism" {...invalidIf(error, 'mechanism')}>
            {props.mechanisms.map((m) => (
              <option value={m} selected={values.mechanism === m} lang="en">
                {labels.mechanism.get(m) ?? m}
              </option>
            ))}
          </select>
        </p>
        <p>
          <label for="cf-title">{t('commitmentForms.fieldTitle')}</label>
          <br />
          <input id="cf-title" name="title" type="text" size={50} value={values.title} {...invalidIf(error, 'title')} />
        </p>
        <p>
          <label for="cf-deadline">{t('commitmentForms.fieldDeadline')}</label>
          <br />
          <span id="cf-deadline-hint" class="muted">
            {t('commitmentForms.deadlineHint')}
          </span>
          <br />
          <input
            id="cf-deadline"
            name="deadline"
            type="date"
            value={values.deadline}
            {...invalidIf(error, 'deadline', 'cf-deadline-hint')}
          />
        </p>
        <p>
          <button type="submit">{t('commitmentForms.submitOpen')}</button>
        </p>
      </form>
    </Layout>
  );
}

// ---------------------------------------------------------------- report an update

export interface ReportValues {
  cycle: string;
  country: string;
  status: string;
  progress: string;
  date: string;
  evidenceUrl: string;
  evidenceDocument: string;
  note: string;
}

export function ReportPage(props: {
  ctx: PageContext;
  csrf: string;
  commitment: { id: string; text: string };
  options: { cycles: { cycle: CycleView; countries: string[] }[]; outside: boolean };
  labels: Labels;
  values: ReportValues;
  error?: FormError | undefined;
}): JSX.Element {
  const { ctx, values, error, labels, options, commitment } = props;
  const { t, lang } = ctx;
  const countries = [...new Set(options.cycles.flatMap((c) => c.countries))].sort();
  return (
    <Layout ctx={ctx} title={t('commitmentForms.report')} description={t('commitmentForms.reportIntro')}>
      <p>
        <a href={commitmentHref(ctx, commitment.id)}>
          <En ctx={ctx}>{commitment.text}</En>
        </a>
      </p>
      <h1>{t('commitmentForms.report')}</h1>
      <p class="lead">{t('commitmentForms.reportIntro')}</p>
      <p>
        {t('commitmentForms.fieldCommitment')}: <En ctx={ctx}>{commitment.text}</En>
      </p>
      <FieldError ctx={ctx} error={error} />
      <form method="post" action={commitmentHref(ctx, commitment.id, '/report')} class="edit">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <p>
          <label for="rf-cycle">{t('commitmentForms.fieldCycle')}</label>
          <br />
          <select id="rf-cycle" name="cycle" {...invalidIf(error, 'cycle')}>
            {options.cycles.map(({ cycle }) => (
              <option value={cycle.id} selected={values.cycle === cycle.id}>
                {cycle.title} ({t('commitments.openUntil', { date: formatDate(cycle.deadline, lang) })})
              </option>
            ))}
            {options.outside ? (
              <option value="" selected={values.cycle === ''}>
                {t('commitmentForms.outsideCycle')}
              </option>
            ) : null}
          </select>
        </p>
        <p>
          <label for="rf-country">{t('commitmentForms.fieldCountry')}</label>
          <br />
          <select id="rf-country" name="country" {...invalidIf(error, 'country')}>
            {countries.map((k) => (
              <option value={k} selected={values.country === k}>
                {labels.country.get(k) ?? k}
              </option>
            ))}
            {options.outside ? (
              <option value="" selected={values.country === ''}>
                {t('commitmentForms.forSecretariat')}
              </option>
            ) : null}
          </select>
        </p>
        <fieldset {...invalidIf(error, 'status')}>
          <legend>{t('commitmentForms.fieldStatus')}</legend>
          {STATUSES.map((s) => (
            <p>
              <input type="radio" id={`rf-status-${s}`} name="status" value={s} checked={values.status === s} />{' '}
              <label for={`rf-status-${s}`}>{t(`commitments.status.${s}`)}</label>
            </p>
          ))}
        </fieldset>
        <p>
          <label for="rf-progress">{t('commitmentForms.fieldProgress')}</label>
          <br />
          <span id="rf-progress-hint" class="muted">
            {t('commitmentForms.progressHint')}
          </span>
          <br />
          <input
            id="rf-progress"
            name="progress"
            type="text"
            inputmode="numeric"
            size={5}
            value={values.progress}
            {...invalidIf(error, 'progress', 'rf-progress-hint')}
          />
        </p>
        <p>
          <label for="rf-date">{t('commitmentForms.fieldDate')}</label>
          <br />
          <input id="rf-date" name="date" type="date" value={values.date} {...invalidIf(error, 'date')} />
        </p>
        <p id="rf-evidence-hint">{t('commitmentForms.evidenceHint')}</p>
        <p>
          <label for="rf-evidenceUrl">{t('commitmentForms.fieldEvidenceUrl')}</label>
          <br />
          <input
            id="rf-evidenceUrl"
            name="evidenceUrl"
            type="url"
            size={50}
            value={values.evidenceUrl}
            {...invalidIf(error, 'evidenceUrl', 'rf-evidence-hint')}
          />
        </p>
        <p>
          <label for="rf-evidenceDocument">{t('commitmentForms.fieldEvidenceDocument')}</label>
          <br />
          <input
            id="rf-evidenceDocument"
            name="evidenceDocument"
            type="text"
            size={50}
            value={values.evidenceDocument}
            {...invalidIf(error, 'evidenceDocument', 'rf-evidence-hint')}
          />
        </p>
        <p>
          <label for="rf-note">{t('commitmentForms.fieldNote')}</label>
          <br />
          <textarea id="rf-note" name="note" rows={4} cols={50} {...invalidIf(error, 'note')}>
            {values.note}
          </textarea>
        </p>
        <p>
          <button type="submit">{t('commitmentForms.submitReport')}</button>
        </p>
      </form>
    </Layout>
  );
}

// ---------------------------------------------------------------- an update, the review queue

type Detailed = UpdateView & { commitmentText: string; author: string };

const REVIEW: Record<UpdateView['review'], string> = {
  submitted: 'commitmentForms.reviewSubmitted',
  accepted: 'commitmentForms.reviewAccepted',
  returned: 'commitmentForms.reviewReturned',
};

/** What an update says: State, status, progress, date, evidence, note, who sent it and when. */
function UpdateFacts(props: { ctx: PageContext; u: Detailed; labels: Labels }): JSX.Element {
  const { ctx, u, labels } = props;
  const { t, lang } = ctx;
  const url = safeUrl(u.evidence.url);
  return (
    <dl>
      <dt>{t('commitmentForms.fieldCommitment')}</dt>
      <dd>
        <a href={commitmentHref(ctx, u.commitment)}>
          <En ctx={ctx}>{u.commitmentText}</En>
        </a>
      </dd>
      <dt>{t('commitmentForms.reviewState')}</dt>
      <dd>{t(REVIEW[u.review])}</dd>
      <dt>{t('commitmentForms.fieldCountry')}</dt>
      <dd>{u.country ? (labels.country.get(u.country) ?? u.country) : t('commitments.secretariat')}</dd>
      <dt>{t('commitmentForms.fieldStatus')}</dt>
      <dd>{t(`commitments.status.${u.status}`)}</dd>
      <dt>{t('commitmentForms.fieldProgress')}</dt>
      <dd>
        {u.progress === null
          ? t('commitmentForms.none')
          : t('commitments.percent', { value: formatNumber(u.progress, lang) })}
      </dd>
      <dt>{t('commitmentForms.fieldDate')}</dt>
      <dd>{formatDate(u.date, lang)}</dd>
      <dt>{t('commitmentForms.fieldEvidence')}</dt>
      <dd>
        {url ? (
          <a href={url} rel="noopener">
            {url}
          </a>
        ) : null}
        {url && u.evidence.document ? ' · ' : null}
        {u.evidence.document ? (
          <a href={href(lang, `/documents/${encodeURIComponent(u.evidence.document)}`)}>{u.evidence.document}</a>
        ) : null}
        {!url && !u.evidence.document ? t('commitmentForms.none') : null}
      </dd>
      <dt>{t('commitmentForms.fieldNote')}</dt>
      <dd>{u.note ? <En ctx={ctx}>{u.note}</En> : t('commitmentForms.none')}</dd>
      <dt>{t('commitmentForms.author')}</dt>
      <dd>
        {u.author} · {t('commitmentForms.sentOn', { date: formatDate(u.createdAt.slice(0, 10), lang) })}
      </dd>
      {u.reviewComment ? (
        <>
          <dt>{t('commitmentForms.reviewComment')}</dt>
          <dd>
            <En ctx={ctx}>{u.reviewComment}</En>
          </dd>
        </>
      ) : null}
    </dl>
  );
}

export function UpdatePage(props: {
  ctx: PageContext;
  u: Detailed & { cycleTitle: string | null; mayReview: boolean };
  labels: Labels;
  notice?: string | undefined;
}): JSX.Element {
  const { ctx, u, labels } = props;
  const { t, lang } = ctx;
  return (
    <Layout ctx={ctx} title={t('commitmentForms.update')} description={t('commitmentForms.reportIntro')}>
      <p>
        <a href={href(lang, '/commitments')}>{t('commitments.title')}</a>
      </p>
      <h1>{t('commitmentForms.update')}</h1>
      <StatusNotice text={props.notice} />
      {u.review === 'submitted' ? <p class="lead">{t('commitmentForms.waiting')}</p> : null}
      {u.cycle && u.cycleTitle ? (
        <p>
          {t('commitmentForms.fieldCycle')}:{' '}
          <a href={href(lang, `/commitments/cycles/${encodeURIComponent(u.cycle)}`)}>{u.cycleTitle}</a>
        </p>
      ) : null}
      <UpdateFacts ctx={ctx} u={u} labels={labels} />
      {u.mayReview ? (
        <p>
          <a href={href(lang, '/commitments/review')}>{t('commitmentForms.queue')}</a>
        </p>
      ) : null}
    </Layout>
  );
}

export function ReviewPage(props: {
  ctx: PageContext;
  csrf: string;
  items: Detailed[];
  labels: Labels;
  /** The refusal of one item's review, and what was typed. */
  error?: (FormError & { update: string; comment: string }) | undefined;
  notice?: string | undefined;
}): JSX.Element {
  const { ctx, items, labels, error } = props;
  const { t, lang } = ctx;
  return (
    <Layout ctx={ctx} title={t('commitmentForms.queue')} description={t('commitmentForms.queueIntro')}>
      <p>
        <a href={href(lang, '/commitments')}>{t('commitments.title')}</a>
      </p>
      <h1>{t('commitmentForms.queue')}</h1>
      <p class="lead">{t('commitmentForms.queueIntro')}</p>
      <StatusNotice text={props.notice} />
      <p role="status">
        <strong>{t('common.results', { count: items.length })}</strong>
      </p>
      {items.length === 0 ? <p>{t('commitmentForms.queueEmpty')}</p> : null}
      {items.map((u, i) => {
        const mine = error?.update === u.id ? error : undefined;
        const headingId = `u-${i}`;
        return (
          <section aria-labelledby={headingId}>
            <h2 id={headingId}>
              {t('commitmentForms.updateN', { n: i + 1 })}:{' '}
              {u.country ? (labels.country.get(u.country) ?? u.country) : t('commitments.secretariat')} —{' '}
              {t(`commitments.status.${u.status}`)}
            </h2>
            <UpdateFacts ctx={ctx} u={u} labels={labels} />
            <FieldError ctx={ctx} error={mine} id="form-error" />
            <form
              method="post"
              action={href(lang, `/commitments/updates/${encodeURIComponent(u.id)}/review`)}
              class="edit"
              aria-labelledby={headingId}
            >
              <input type="hidden" name="_csrf" value={props.csrf} />
              <p>
                <label for={`rv-comment-${i}`}>{t('commitmentForms.fieldComment')}</label>
                <br />
                <textarea
                  id={`rv-comment-${i}`}
                  name="comment"
                  rows={3}
                  cols={50}
                  {...(mine ? { 'aria-invalid': 'true' as const, 'aria-describedby': 'form-error' } : {})}
                >
                  {mine?.comment ?? ''}
                </textarea>
              </p>
              <p>
                <button type="submit" name="decision" value="accept">
                  {t('commitmentForms.accept')}
                </button>{' '}
                <button type="submit" name="decision" value="return">
                  {t('commitmentForms.return')}
                </button>
              </p>
            </form>
          </section>
        );
      })}
    </Layout>
  );
}

// ---------------------------------------------------------------- the signed-in reader's tasks on the public pages

export interface Tasks {
  /** May open a reporting cycle (for some mechanism). */
  open: boolean;
  /** Updates waiting for the reader's review; null: not a reviewer. */
  pending: number | null;
  /** Commitments the reader may report on here (a cycle's, or the one shown). */
  report: { id: string; text: string; cycle: string | null }[];
}

export function FollowUpTasks(props: { ctx: PageContext; tasks: Tasks | null }): JSX.Element | null {
  const { ctx, tasks } = props;
  if (!tasks || (!tasks.open && tasks.pending === null && !tasks.report.length)) return null;
  const { t, lang } = ctx;
  return (
    <section aria-labelledby="tasks">
      <h2 id="tasks">{t('commitmentForms.yourTasks')}</h2>
      <ul>
        {tasks.open ? (
          <li>
            <a href={href(lang, '/commitments/cycles/new')}>{t('commitmentForms.openCycle')}</a>
          </li>
        ) : null}
        {tasks.pending !== null ? (
          <li>
            <a href={href(lang, '/commitments/review')}>{t('commitmentForms.queueLink', { count: tasks.pending })}</a>
          </li>
        ) : null}
        {tasks.report.map((r) => (
          <li>
            <a href={commitmentHref(ctx, r.id, `/report${r.cycle ? `?cycle=${encodeURIComponent(r.cycle)}` : ''}`)}>
              {t('commitmentForms.reportOn')}
              {tasks.report.length > 1 ? (
                <>
                  : <En ctx={ctx}>{r.text}</En>
                </>
              ) : null}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
