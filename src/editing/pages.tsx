/**
 * Editing pages: plain forms (CSRF-protected, no JavaScript) built from field lists, the editor's
 * desk, the review queue with a diff, the conflict page (both versions side by side), and the
 * public history of any editable record.
 */
import { CaptionedTable, TableScroll } from '../web/table.js';
import type { ComponentChildren, JSX } from 'preact';
import type { ParticipationRow } from '../db/schema.js';
import { countryNames } from '../registry/countries.js';
import { formatDate } from '../web/format.js';
import { Fill, href, Layout, SLOT, type PageContext } from '../web/layout.js';
import type { EditingService } from './service.js';
import { RECORD_TYPES, type RecordType } from './records.js';

export const partyName = (
  ctx: PageContext,
  r: { country_code: string | null; organization_id: string | null; party_label: string | null },
) =>
  r.country_code
    ? (countryNames(ctx.lang).get(r.country_code) ?? r.country_code)
    : (r.organization_id ?? r.party_label ?? '?');

/** One form field: its name (as the change kind names it, so errors land next to it), label key, input type. */
export interface FieldSpec {
  name: string;
  label: string;
  type: 'text' | 'textarea' | 'date' | 'url' | 'select' | 'checkbox';
  options?: { value: string; label: string }[];
  required?: boolean;
  /** A hint shown under the label (already translated). */
  hint?: string;
  /** Content is in English only (free text from the sources). */
  en?: boolean;
}
export type FormValues = Record<string, string>;
export interface FormError {
  field: string;
  message: string;
}

const recordPath: Record<RecordType, string> = {
  participation: 'participation',
  mechanism: 'mechanism',
  meeting: 'meeting',
};
export const historyHref = (lang: PageContext['lang'], type: RecordType, id: string, query = '') =>
  href(lang, `/history/${recordPath[type]}/${encodeURIComponent(id)}`, query);

/** The history page of an audited record, or null for a record type that has none (the audit log links it). */
export const recordHistoryHref = (lang: PageContext['lang'], type: string, id: string): string | null =>
  (RECORD_TYPES as readonly string[]).includes(type) ? historyHref(lang, type as RecordType, id) : null;

function Field(props: { ctx: PageContext; f: FieldSpec; value: string; error?: FormError | undefined }): JSX.Element {
  const { ctx, f, value, error } = props;
  const id = `f-${f.name}`;
  const invalid = error?.field === f.name;
  const describedBy = [f.hint ? `${id}-hint` : '', invalid ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name: f.name,
    required: f.required,
    'aria-invalid': invalid ? ('true' as const) : undefined,
    'aria-describedby': describedBy,
  };
  let input: JSX.Element;
  if (f.type === 'textarea')
    input = (
      <textarea {...common} rows={Math.min(12, Math.max(3, Math.ceil(value.length / 70) + 1))} cols={70}>
        {value}
      </textarea>
    );
  else if (f.type === 'select')
    input = (
      <select {...common}>
        {(f.required ? [] : [{ value: '', label: '—' }]).concat(f.options ?? []).map((o) => (
          <option value={o.value} selected={o.value === value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  else if (f.type === 'checkbox') input = <input {...common} type="checkbox" checked={value === 'on'} />;
  else if (f.type === 'date')
    input = (
      <input {...common} type="text" inputMode="numeric" pattern="\d{4}(-\d{2}(-\d{2})?)?" size={12} value={value} />
    );
  else if (f.type === 'url') input = <input {...common} type="url" size={70} value={value} />;
  else input = <input {...common} type="text" size={50} value={value} />;
  return (
    <div class="field">
      <label for={id}>
        {ctx.t(f.label)}
        {f.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {f.hint ? (
        <p id={`${id}-hint`} class="muted hint">
          {f.hint}
        </p>
      ) : null}
      {input}
      {invalid ? (
        <p id={`${id}-err`} class="badge unverified field-error" lang="en">
          {error.message}
        </p>
      ) : null}
    </div>
  );
}

/** A change form: fields, the source and note every change carries, and the version it is based on. */
export function ChangeFormPage(props: {
  ctx: PageContext;
  title: string;
  intro?: string;
  action: string;
  csrf: string;
  version?: number | string | null;
  fields: FieldSpec[];
  values: FormValues;
  error?: FormError | undefined;
  before?: ComponentChildren;
  after?: ComponentChildren;
  submit?: string;
  sourceRequired?: boolean;
  /** The summary's link for a refusal naming a field of the `after` part (a row of a repeated field). */
  errorTarget?: ((field: string) => { href: string; label: string } | null) | undefined;
}): JSX.Element {
  const { ctx, error } = props;
  const { t } = ctx;
  const common: FieldSpec[] = [
    {
      name: 'sources',
      label: 'edit.source',
      type: 'url',
      required: props.sourceRequired ?? true,
      hint: t('change.sourceHint'),
    },
    { name: 'note', label: 'edit.note', type: 'textarea' },
  ];
  const all = [...props.fields, ...common];
  const named = new Set(all.map((f) => f.name));
  const target = error && !named.has(error.field) ? props.errorTarget?.(error.field) : null;
  return (
    <Layout ctx={ctx} title={props.title} description={props.intro ?? props.title}>
      <h1>{props.title}</h1>
      {props.intro ? <p>{props.intro}</p> : null}
      {error ? (
        <div role="alert" class="notice error">
          <p>
            <strong>{t('accounts.errors')}</strong>
          </p>
          {named.has(error.field) ? (
            <p>
              <a href={`#f-${error.field}`}>{t(all.find((f) => f.name === error.field)!.label)}</a>
            </p>
          ) : target ? (
            <p>
              <a href={target.href}>{target.label}</a>
            </p>
          ) : (
            <p lang="en">{error.message}</p>
          )}
        </div>
      ) : null}
      {props.before}
      <form method="post" action={props.action} class="edit">
        <input type="hidden" name="_csrf" value={props.csrf} />
        {props.version !== undefined && props.version !== null ? (
          <input type="hidden" name="version" value={String(props.version)} />
        ) : null}
        {props.fields.map((f) => (
          <Field ctx={ctx} f={f} value={props.values[f.name] ?? ''} error={error} />
        ))}
        {props.after}
        {common.map((f) => (
          <Field ctx={ctx} f={f} value={props.values[f.name] ?? ''} error={error} />
        ))}
        <p class="muted">{t('change.reviewNote')}</p>
        <button type="submit">{props.submit ?? t('edit.submit')}</button>
      </form>
    </Layout>
  );
}

/** The stale-form page: nothing was saved; the entered values beside the record as it is now. */
export function ConflictPage(props: {
  ctx: PageContext;
  fields: FieldSpec[];
  yours: FormValues;
  current: FormValues;
  currentVersion: number;
  editHref: string;
  historyHref: string;
}): JSX.Element {
  const { ctx, yours, current } = props;
  const { t } = ctx;
  const fields = [
    ...props.fields,
    { name: 'sources', label: 'edit.source', type: 'url' } as FieldSpec,
    { name: 'note', label: 'edit.note', type: 'textarea' } as FieldSpec,
  ];
  return (
    <Layout ctx={ctx} title={t('edit.conflict')} description={t('edit.conflictText')}>
      <h1>{t('edit.conflict')}</h1>
      <p role="alert">{t('edit.conflictText')}</p>
      <TableScroll label={t('edit.conflict')}>
        <table class="conflict">
          <thead>
            <tr>
              <th scope="col">{t('edit.field')}</th>
              <th scope="col">
                {t('edit.yours')} ({t('edit.version')} {yours.version ?? '?'})
              </th>
              <th scope="col">
                {t('edit.current')} ({t('edit.version')} {props.currentVersion})
              </th>
            </tr>
          </thead>
          <tbody>
            {fields.map((f) => {
              const a = yours[f.name] ?? '';
              const b = current[f.name] ?? '';
              return (
                <tr class={a !== b ? 'differs' : undefined}>
                  <th scope="row">
                    {t(f.label)}
                    {a !== b ? <span class="visually-hidden"> ({t('change.differs')})</span> : null}
                  </th>
                  <td lang={f.en ? 'en' : undefined}>{a || '—'}</td>
                  <td lang={f.en ? 'en' : undefined}>{b || '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
      <p>
        <a href={props.editHref}>{t('change.editCurrent')}</a> ·{' '}
        <a href={props.historyHref}>{t('change.seeHistory')}</a>
      </p>
    </Layout>
  );
}

type Described = Awaited<ReturnType<EditingService['pending']>>[number];
type DiffRow = Described['diff'][number];

const DATE_LABELS = new Set([
  'common.since',
  'common.until',
  'meetingField.start',
  'meetingField.end',
  'field.chair_since',
]);
/** Free text and names from the sources: shown in English, marked as such. */
const ENGLISH_LABELS =
  /^(field\.|meetingField\.(title|city|host|theme|notes|participants|agenda|documents)$|edit\.note$)/;

/** A value of a diff in words: codes as the reader's words, dates in the reader's format, sources by title. */
function DiffValue(props: { ctx: PageContext; label: string; value: string; sourceTitles: Record<string, string> }) {
  const { ctx, label, value } = props;
  const { t, lang } = ctx;
  if (value === '') return <>—</>;
  const v = (() => {
    if (DATE_LABELS.has(label)) return formatDate(value, lang);
    if (label === 'common.role') return t(`role.${value}`);
    if (label === 'common.endCause') return t(`endCause.${value}`);
    if (label === 'change.verification') return t(`verification.${value}`);
    if (label === 'meetingField.kind') return t(`kind.${value}`);
    if (label === 'meetingField.status') return t(`mstatus.${value}`);
    if (label === 'meetingField.online') return value === 'yes' ? t('common.yes') : t('common.no');
    if (label === 'meetingField.country_code') return countryNames(lang).get(value) ?? value;
    return null;
  })();
  if (v !== null) return <>{v}</>;
  if (label === 'common.sources')
    return (
      <span lang="en">
        {value
          .split(', ')
          .map((id) => props.sourceTitles[id] ?? id)
          .join('; ')}
      </span>
    );
  return ENGLISH_LABELS.test(label) ? <span lang="en">{value}</span> : <>{value}</>;
}

/** Fields whose value is a list ("; "-separated in the views): a diff names what was added and removed. */
const LIST_LABELS = new Set(['meetingField.participants', 'meetingField.agenda', 'meetingField.documents']);
const listItems = (v: string) => (v === '' ? [] : v.split('; '));

/** One item of a list field in words: a participant "GHA (member)" as "Ghana (member)" in the reader's language. */
function ListItem(props: { ctx: PageContext; label: string; item: string }) {
  const { ctx, label, item } = props;
  if (label !== 'meetingField.participants') return <span lang="en">{item}</span>;
  const m = /^(.*) \(([a-z_-]+)\)$/.exec(item);
  if (!m) return <span lang="en">{item}</span>;
  const [, who = '', role = ''] = m;
  const country = /^[A-Z]{3}$/.test(who) ? countryNames(ctx.lang).get(who) : undefined;
  return (
    <>
      {country ?? <span lang="en">{who}</span>} ({ctx.t(`prole.${role}`)})
    </>
  );
}

function ListChange(props: { ctx: PageContext; label: string; before: string; after: string }) {
  const { ctx, label } = props;
  const before = listItems(props.before);
  const after = listItems(props.after);
  const added = after.filter((x) => !before.includes(x));
  const removed = before.filter((x) => !after.includes(x));
  const items = (xs: string[]) =>
    xs.map((x, i) => (
      <>
        {i > 0 ? ', ' : ''}
        <ListItem ctx={ctx} label={label} item={x} />
      </>
    ));
  return (
    <td colSpan={2}>
      {added.length ? (
        <p>
          {ctx.t('review.listAdded')} <ins>{items(added)}</ins>
        </p>
      ) : null}
      {removed.length ? (
        <p>
          {ctx.t('review.listRemoved')} <del>{items(removed)}</del>
        </p>
      ) : null}
      {!added.length && !removed.length ? <p>{ctx.t('review.listReordered')}</p> : null}
    </td>
  );
}

/** What a change does, field by field, in words: the field, what it was, what it becomes. */
export function DiffTable(props: {
  ctx: PageContext;
  diff: DiffRow[];
  caption?: string;
  sourceTitles?: Record<string, string>;
}) {
  const { t } = props.ctx;
  if (props.diff.length === 0) return <p class="muted">{t('change.noDiff')}</p>;
  const titles = props.sourceTitles ?? {};
  return (
    <table class="diff">
      <caption>{props.caption ?? t('review.diffCaption', { count: props.diff.length })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('edit.field')}</th>
          <th scope="col">{t('edit.before')}</th>
          <th scope="col">{t('edit.after')}</th>
        </tr>
      </thead>
      <tbody>
        {props.diff.map((d) =>
          LIST_LABELS.has(d.label) ? (
            <tr>
              <th scope="row">{t(d.label)}</th>
              <ListChange ctx={props.ctx} label={d.label} before={d.before} after={d.after} />
            </tr>
          ) : (
            <tr>
              <th scope="row">{t(d.label)}</th>
              <td>
                {d.before ? (
                  <del>
                    <DiffValue ctx={props.ctx} label={d.label} value={d.before} sourceTitles={titles} />
                  </del>
                ) : (
                  t('review.none')
                )}
              </td>
              <td>
                {d.after ? (
                  <ins>
                    <DiffValue ctx={props.ctx} label={d.label} value={d.after} sourceTitles={titles} />
                  </ins>
                ) : (
                  t('review.removed')
                )}
              </td>
            </tr>
          ),
        )}
      </tbody>
    </table>
  );
}

/** The record a change is about, by name: "Spain in the Rabat Process", a meeting's title, a mechanism's name. */
export function RecordName(props: { ctx: PageContext; c: Described }): JSX.Element {
  const { ctx, c } = props;
  const r = c.record;
  const mechanism = r.mechanismName ?? r.mechanism ?? c.recordId;
  if (c.recordType === 'participation') {
    const party = r.country
      ? (countryNames(ctx.lang).get(r.country) ?? r.country)
      : (r.organizationName ?? r.organization ?? r.partyLabel ?? '?');
    return (
      <>
        {party} — <span lang="en">{mechanism}</span>
      </>
    );
  }
  if (c.recordType === 'meeting')
    return (
      <>
        <span lang="en">{r.title ?? c.recordId}</span> (<span lang="en">{mechanism}</span>)
      </>
    );
  return <span lang="en">{mechanism}</span>;
}

export const changeHref = (lang: PageContext['lang'], id: string, query = '') =>
  href(lang, `/changes/${encodeURIComponent(id)}`, query);

function ChangeHeading(props: { ctx: PageContext; c: Described; level?: 'h2' | 'h3' }) {
  const { ctx, c } = props;
  const H = props.level ?? 'h2';
  return (
    <H id={`c-${c.id}`}>
      {ctx.t(`kindName.${c.kind.replace('.', '_')}`)}:{' '}
      <a href={changeHref(ctx.lang, c.id)}>
        <RecordName ctx={ctx} c={c} />
      </a>
    </H>
  );
}

/** Who proposed a change and when, and the version it is based on. */
function Proposed(props: { ctx: PageContext; c: Described }) {
  const { ctx, c } = props;
  return (
    <p class="muted">
      {ctx.t('review.proposedBy', {
        author: c.authorName ?? ctx.t('review.unknownAuthor'),
        date: formatDate(c.createdAt.slice(0, 10), ctx.lang),
      })}
      {c.baseVersion ? <> {ctx.t('review.basedOn', { version: c.baseVersion })}</> : null}
    </p>
  );
}

/** The sources a change cites, by title (linked), and the author's note. */
function CitedSources(props: { ctx: PageContext; c: Described }) {
  const { ctx, c } = props;
  return (
    <>
      {c.citedSources.length ? (
        <>
          <p>{ctx.t('common.sources')}:</p>
          <ul class="sources">
            {c.citedSources.map((s) => (
              <li lang="en">{s.url ? <a href={s.url}>{s.title ?? s.url}</a> : (s.title ?? s.id)}</li>
            ))}
          </ul>
        </>
      ) : null}
      {c.note ? (
        <p>
          {ctx.t('edit.note')}: <span lang="en">{c.note}</span>
        </p>
      ) : null}
    </>
  );
}

function ReviewForms(props: { ctx: PageContext; c: Described; csrf: string }) {
  const { ctx, c } = props;
  const { t, lang } = ctx;
  return (
    <>
      <form method="post" action={href(lang, `/review/${c.id}/publish`)} class="inline">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <button type="submit">
          {t('edit.publish')}
          <span class="visually-hidden"> {c.recordId}</span>
        </button>
      </form>
      <form method="post" action={href(lang, `/review/${c.id}/return`)} class="inline">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <label for={`comment-${c.id}`}>{t('edit.comment')}</label>{' '}
        <input id={`comment-${c.id}`} name="comment" required />{' '}
        <button type="submit">
          {t('edit.return')}
          <span class="visually-hidden"> {c.recordId}</span>
        </button>
      </form>
    </>
  );
}

function MineActions(props: { ctx: PageContext; c: Described; csrf: string }) {
  const { ctx, c } = props;
  const { t, lang } = ctx;
  if (c.status === 'pending')
    return (
      <form method="post" action={href(lang, `/review/${c.id}/withdraw`)}>
        <input type="hidden" name="_csrf" value={props.csrf} />
        <button type="submit">
          {t('change.withdraw')}
          <span class="visually-hidden"> {c.recordId}</span>
        </button>
      </form>
    );
  if (c.status === 'returned')
    return (
      <p>
        <a href={href(lang, `/changes/${encodeURIComponent(c.id)}/amend`)}>{t('review.amend')}</a>
      </p>
    );
  return null;
}

export function ReviewPage(props: {
  ctx: PageContext;
  items: Described[];
  mine: Described[];
  csrf: string;
  notice?: string | undefined;
}): JSX.Element {
  const { ctx, items, mine } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('edit.reviewTitle')} description={t('edit.reviewTitle')}>
      <h1>{t('edit.reviewTitle')}</h1>
      {props.notice ? (
        <p role="status">
          <strong>{props.notice}</strong>
        </p>
      ) : null}
      {items.length === 0 ? (
        <p>{t('edit.nothing')}</p>
      ) : (
        items.map((c) => (
          <section aria-labelledby={`c-${c.id}`} class="change">
            <ChangeHeading ctx={ctx} c={c} />
            <Proposed ctx={ctx} c={c} />
            {c.comment ? (
              <p>
                {t('review.earlierComment')}: <q lang="en">{c.comment}</q>
              </p>
            ) : null}
            {c.problem ? (
              <p class="badge unverified" lang="en">
                {c.problem}
              </p>
            ) : null}
            <DiffTable ctx={ctx} diff={c.diff} sourceTitles={c.sourceTitles} />
            <CitedSources ctx={ctx} c={c} />
            <ReviewForms ctx={ctx} c={c} csrf={props.csrf} />
          </section>
        ))
      )}
      <h2>{t('change.mine')}</h2>
      {mine.length === 0 ? (
        <p>{t('change.noneMine')}</p>
      ) : (
        mine.map((c) => (
          <section aria-labelledby={`c-${c.id}`} class="change">
            <ChangeHeading ctx={ctx} c={c} level="h3" />
            <p>
              <strong>{t(`change.status_${c.status}`)}</strong>
              {c.comment && c.status === 'returned' ? (
                <>
                  {' '}
                  — {t('edit.comment')}: <q lang="en">{c.comment}</q>
                </>
              ) : null}
            </p>
            <DiffTable ctx={ctx} diff={c.diff} sourceTitles={c.sourceTitles} />
            <MineActions ctx={ctx} c={c} csrf={props.csrf} />
          </section>
        ))
      )}
    </Layout>
  );
}

type OneChange = Awaited<ReturnType<EditingService['changeFor']>>;

/** A change's own page: where its author lands after proposing it, and where a reviewer reads it. */
export function ChangePage(props: {
  ctx: PageContext;
  c: OneChange;
  csrf: string;
  notice?: string | undefined;
}): JSX.Element {
  const { ctx, c } = props;
  const { t, lang } = ctx;
  const title = t(`kindName.${c.kind.replace('.', '_')}`);
  return (
    <Layout ctx={ctx} title={title} description={t(`change.status_${c.status}`)}>
      <h1>
        {title}: <RecordName ctx={ctx} c={c} />
      </h1>
      {props.notice ? (
        <p role="status">
          <strong>{props.notice}</strong>
        </p>
      ) : null}
      <p>
        {t('review.statusIs')} <strong>{t(`change.status_${c.status}`)}</strong>
      </p>
      <Proposed ctx={ctx} c={c} />
      {c.comment ? (
        <p>
          {t('edit.comment')}: <q lang="en">{c.comment}</q>
        </p>
      ) : null}
      {c.problem && c.status === 'pending' ? (
        <p class="badge unverified" lang="en">
          {c.problem}
        </p>
      ) : null}
      {c.status === 'pending' || c.status === 'returned' ? (
        <DiffTable ctx={ctx} diff={c.diff} sourceTitles={c.sourceTitles} />
      ) : null}
      <CitedSources ctx={ctx} c={c} />
      {c.mayReview && c.status === 'pending' ? <ReviewForms ctx={ctx} c={c} csrf={props.csrf} /> : null}
      {c.mine ? <MineActions ctx={ctx} c={c} csrf={props.csrf} /> : null}
      <p>
        {c.status === 'published' ? (
          <a href={historyHref(lang, c.recordType, c.recordId)}>{t('change.seeHistory')}</a>
        ) : null}{' '}
        <a href={href(lang, '/review')}>{c.mayReview ? t('edit.reviewTitle') : t('change.mine')}</a>
      </p>
    </Layout>
  );
}

type History = Awaited<ReturnType<EditingService['history']>>;

/** One compilation note of a record (how a fact was compiled), under a label in the reader's language. */
export interface CompilationItem {
  label: string;
  text: string;
}

/**
 * How the record was compiled: for editors, on the history page only. Each note is marked data-compilation-note
 * (the public-text test checks that no public page has one).
 */
function CompilationNotes(props: { ctx: PageContext; items: CompilationItem[] }): JSX.Element {
  const { t } = props.ctx;
  return (
    <section aria-labelledby="compilation">
      <h2 id="compilation">{t('compilation.title')}</h2>
      <p class="muted">{t('compilation.intro')}</p>
      {props.items.length === 0 ? (
        <p>{t('compilation.none')}</p>
      ) : (
        <dl class="compilation">
          {props.items.map((c) => (
            <>
              <dt>{c.label}</dt>
              <dd data-compilation-note lang="en">
                {c.text}
              </dd>
            </>
          ))}
        </dl>
      )}
    </section>
  );
}

export function HistoryPage(props: {
  ctx: PageContext;
  history: History;
  title: string;
  /** The heading's name as elements (a name in English keeps its `lang`); else `title`. */
  heading?: JSX.Element | null;
  recordHref: string | null;
  compilation?: CompilationItem[];
  notice?: string | undefined;
  csrf?: string | undefined;
}): JSX.Element {
  const { ctx, history } = props;
  const { t, lang } = ctx;
  const last = history.changes.at(-1);
  return (
    <Layout ctx={ctx} title={t('edit.historyTitle', { name: props.title })} description={t('change.historyIntro')}>
      <h1>
        {props.heading ? (
          <Fill text={t('edit.historyTitle', { name: SLOT })} slots={[props.heading]} />
        ) : (
          t('edit.historyTitle', { name: props.title })
        )}
      </h1>
      {props.notice ? (
        <p role="status">
          <strong>{props.notice}</strong>
        </p>
      ) : null}
      <p>
        {t('change.historyIntro')}
        {props.recordHref ? (
          <>
            {' '}
            <a href={props.recordHref}>{t('change.seeRecord')}</a>
          </>
        ) : null}
      </p>
      {history.version !== null ? (
        <p>{t('change.currentVersion', { version: history.version })}</p>
      ) : (
        <p>{t('change.withdrawnRecord')}</p>
      )}
      <h2>{t('change.published')}</h2>
      {history.changes.length === 0 ? (
        <p>{t('change.noChanges')}</p>
      ) : (
        <ol class="changes">
          {history.changes.map((c) => (
            <li id={`change-${c.id}`}>
              <p>
                <strong>{c.revertOf ? t('change.revertOf') : t(`kindName.${c.kind.replace('.', '_')}`)}</strong> —{' '}
                <time datetime={c.publishedAt}>{formatDate(c.publishedAt.slice(0, 10), lang)}</time> ·{' '}
                {t('change.by', { author: c.author ?? '?', reviewer: c.reviewer ?? '?' })}
                {c.version !== null ? (
                  <>
                    {' '}
                    · {t('edit.version')} {c.version}
                  </>
                ) : null}
                {c.revertOf ? (
                  <>
                    {' '}
                    · <a href={`#change-${c.revertOf}`}>{t('change.revertedChange')}</a>
                  </>
                ) : null}
              </p>
              <DiffTable ctx={ctx} diff={c.diff} />
              {c.sources.length ? (
                <p>
                  {t('common.sources')}:{' '}
                  <span lang="en">
                    {c.sources.map((s, i) => (
                      <>
                        {i ? ', ' : ''}
                        {s.startsWith('http') ? <a href={s}>{s}</a> : <code>{s}</code>}
                      </>
                    ))}
                  </span>
                </p>
              ) : null}
              {c.note ? (
                <p>
                  {t('edit.note')}: <span lang="en">{c.note}</span>
                </p>
              ) : null}
              {props.csrf && c === last ? (
                <form method="post" action={href(lang, `/changes/${c.id}/revert`)}>
                  <input type="hidden" name="_csrf" value={props.csrf} />
                  <button type="submit">{t('change.revert')}</button>
                </form>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {history.versions.length ? (
        <CaptionedTable
          caption={t('change.versions')}
          columns={[
            t('edit.version'),
            t('edit.recordedAt'),
            t('common.since'),
            t('common.until'),
            t('common.endCause'),
            t('change.verification'),
          ]}
        >
          {history.versions.map((v) => (
            <tr>
              <th scope="row">{v.version}</th>
              <td>
                <time datetime={v.recordedAt}>{formatDate(v.recordedAt.slice(0, 10), lang)}</time>
              </td>
              <td>{v.start ?? t('common.unknown')}</td>
              <td>{v.end ?? t('common.present')}</td>
              <td>{v.endCause ? t(`endCause.${v.endCause}`) : '—'}</td>
              <td>{t(`verification.${v.verification}`)}</td>
            </tr>
          ))}
        </CaptionedTable>
      ) : null}
      {props.compilation ? <CompilationNotes ctx={ctx} items={props.compilation} /> : null}
      <h2>{t('edit.steps')}</h2>
      <p class="muted">{t('edit.stepNames')}</p>
      {history.steps.length === 0 ? (
        <p>{t('change.noChanges')}</p>
      ) : (
        <ol>
          {history.steps.map((s) => (
            <li>
              <time datetime={s.at}>{formatDate(s.at.slice(0, 10), lang)}</time> —{' '}
              {t(`step.${s.action.replace('change.', '')}`)}
            </li>
          ))}
        </ol>
      )}
    </Layout>
  );
}

/** The editor's desk for one mechanism: its profile form, participation rows, meetings. */
export function MechanismDeskPage(props: {
  ctx: PageContext;
  mechanism: { id: string; name: string; version: number };
  rows: ParticipationRow[];
  meetings: { id: string; title: string; start: string; version: number }[];
}): JSX.Element {
  const { ctx, mechanism } = props;
  const { t, lang } = ctx;
  const base = `/edit/mechanisms/${encodeURIComponent(mechanism.id)}`;
  return (
    <Layout ctx={ctx} title={t('edit.mechanismTitle', { name: mechanism.name })} description={t('edit.participation')}>
      <h1>{t('edit.mechanismTitle', { name: mechanism.name })}</h1>
      <ul class="actions">
        <li>
          <a href={href(lang, `${base}/profile`)}>{t('change.editProfile')}</a> ({t('edit.version')} {mechanism.version}
          )
        </li>
        <li>
          <a href={href(lang, `${base}/status`)}>{t('change.changeStatus')}</a>
        </li>
        <li>
          <a href={href(lang, `${base}/participation/new`)}>{t('change.addMembership')}</a>
        </li>
        <li>
          <a href={href(lang, `${base}/meetings/new`)}>{t('change.addMeeting')}</a>
        </li>
        <li>
          <a href={href(lang, '/edit/documents/new', `?mechanism=${encodeURIComponent(mechanism.id)}`)}>
            {t('documentForm.newLink')}
          </a>
        </li>
        <li>
          <a href={historyHref(lang, 'mechanism', mechanism.id)}>{t('change.seeHistory')}</a>
        </li>
      </ul>
      <CaptionedTable
        caption={t('edit.participation')}
        columns={[
          t('common.name'),
          t('common.role'),
          t('common.since'),
          t('common.until'),
          t('edit.version'),
          t('change.actions'),
        ]}
      >
        {props.rows.map((r) => {
          const who = partyName(ctx, r);
          const p = `/edit/participation/${encodeURIComponent(r.id)}`;
          return (
            <tr>
              <th scope="row">{who}</th>
              <td>{t(`role.${r.role}`)}</td>
              <td>{r.start ? formatDate(r.start, lang) : t('common.unknown')}</td>
              <td>{r.end ? formatDate(r.end, lang) : t('common.present')}</td>
              <td class="num">{r.version}</td>
              <td>
                {r.end === null ? (
                  <>
                    <a href={href(lang, p)}>
                      {t('edit.endAction')}
                      <span class="visually-hidden"> {who}</span>
                    </a>{' '}
                    ·{' '}
                  </>
                ) : null}
                <a href={href(lang, `${p}/correct`)}>
                  {t('change.correct')}
                  <span class="visually-hidden"> {who}</span>
                </a>{' '}
                ·{' '}
                <a href={historyHref(lang, 'participation', r.id)}>
                  {t('change.historyShort')}
                  <span class="visually-hidden"> {who}</span>
                </a>
              </td>
            </tr>
          );
        })}
      </CaptionedTable>
      <CaptionedTable caption={t('nav.meetings')} columns={[t('common.name'), t('change.date'), t('change.actions')]}>
        {props.meetings.map((m) => (
          <tr>
            <th scope="row" lang="en">
              {m.title}
            </th>
            <td>{formatDate(m.start, lang)}</td>
            <td>
              <a href={href(lang, `/edit/meetings/${encodeURIComponent(m.id)}`)}>
                {t('change.edit')}
                <span class="visually-hidden"> {m.title}</span>
              </a>
            </td>
          </tr>
        ))}
      </CaptionedTable>
    </Layout>
  );
}

/** The focal point's desk: the country's participation rows, to confirm or dispute. */
export function CountryDeskPage(props: {
  ctx: PageContext;
  country: { code: string; name: string };
  rows: ParticipationRow[];
  mechanismNames: ReadonlyMap<string, string>;
}): JSX.Element {
  const { ctx, country } = props;
  const { t, lang } = ctx;
  return (
    <Layout ctx={ctx} title={t('change.countryTitle', { name: country.name })} description={t('change.countryIntro')}>
      <h1>{t('change.countryTitle', { name: country.name })}</h1>
      <p>{t('change.countryIntro')}</p>
      <CaptionedTable
        caption={t('country.participation')}
        columns={[
          t('nav.mechanisms'),
          t('common.role'),
          t('common.since'),
          t('common.until'),
          t('change.verification'),
          t('change.actions'),
        ]}
      >
        {props.rows.map((r) => {
          const name = props.mechanismNames.get(r.mechanism_id) ?? r.mechanism_id;
          return (
            <tr>
              <th scope="row" lang="en">
                {name}
              </th>
              <td>{t(`role.${r.role}`)}</td>
              <td>{r.start ? formatDate(r.start, lang) : t('common.unknown')}</td>
              <td>{r.end ? formatDate(r.end, lang) : t('common.present')}</td>
              <td>{t(`verification.${r.verification}`)}</td>
              <td>
                <a href={href(lang, `/edit/participation/${encodeURIComponent(r.id)}/verify`)}>
                  {t('change.verify')}
                  <span class="visually-hidden"> {name}</span>
                </a>
              </td>
            </tr>
          );
        })}
      </CaptionedTable>
    </Layout>
  );
}

/** Where a signed-in user finds what they may edit. */
export function DeskPage(props: {
  ctx: PageContext;
  mechanisms: { id: string; name: string }[];
  countries: { code: string; name: string }[];
  reviewer: boolean;
}): JSX.Element {
  const { ctx } = props;
  const { t, lang } = ctx;
  return (
    <Layout ctx={ctx} title={t('change.deskTitle')} description={t('change.deskTitle')}>
      <h1>{t('change.deskTitle')}</h1>
      {props.mechanisms.length ? (
        <>
          <h2>{t('edit.yourMechanisms')}</h2>
          <ul>
            {props.mechanisms.map((m) => (
              <li>
                <a href={href(lang, `/edit/mechanisms/${encodeURIComponent(m.id)}`)} lang="en">
                  {m.name}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {props.countries.length ? (
        <>
          <h2>{t('change.yourCountries')}</h2>
          <ul>
            {props.countries.map((c) => (
              <li>
                <a href={href(lang, `/edit/countries/${c.code}`)}>{c.name}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p>
        <a href={href(lang, '/review')}>{props.reviewer ? t('edit.reviewTitle') : t('change.mine')}</a>
      </p>
      {!props.mechanisms.length && !props.countries.length && !props.reviewer ? <p>{t('accounts.noRoles')}</p> : null}
    </Layout>
  );
}
