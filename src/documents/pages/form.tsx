/**
 * The form of a document record, without JavaScript: create one (/{lang}/edit/documents/new) or change one
 * (/{lang}/edit/documents/{id}). Each field is named as the API names it, so a refusal lands next to its field in
 * the reader's language; what was entered is kept.
 */
import type { JSX } from 'preact';
import { href, Layout, type PageContext } from '../../web/layout.js';
import { DATE_PRECISIONS, DOCUMENT_KINDS } from '../model.js';
import type { DocumentField } from '../edit.js';

/** The form's values as strings (lists: one per line, mechanisms: the ids chosen). */
export interface DocumentFormValues {
  title: string;
  kind: string;
  date: string;
  datePrecision: string;
  mechanisms: string[];
  meeting: string;
  languages: string;
  url: string;
  summaryFacts: string;
  sources: string;
  version?: string | undefined;
}

export interface DocumentFormError {
  /** A field of the form, or '-' for the whole record (a stale version). */
  field: DocumentField | '-';
  /** Already in the reader's language. */
  message: string;
}

export const newDocumentHref = (lang: PageContext['lang'], mechanism?: string) =>
  href(lang, '/edit/documents/new', mechanism ? `?mechanism=${encodeURIComponent(mechanism)}` : '');
export const editDocumentHref = (lang: PageContext['lang'], id: string) =>
  href(lang, `/edit/documents/${encodeURIComponent(id)}`);

export function DocumentFormPage(props: {
  ctx: PageContext;
  /** null: a new record. */
  id: string | null;
  csrf: string;
  values: DocumentFormValues;
  mechanisms: { value: string; label: string }[];
  meetings: { value: string; label: string }[];
  error?: DocumentFormError | undefined;
}): JSX.Element {
  const { ctx, id, values, error } = props;
  const { t, lang } = ctx;
  const title = id === null ? t('documentForm.newTitle') : t('documentForm.editTitle');
  const action = id === null ? href(lang, '/edit/documents/new') : editDocumentHref(lang, id);
  const aria = (field: DocumentField, opts: { hint?: boolean; required?: boolean } = {}) => {
    const ids = [opts.hint ? `f-${field}-hint` : '', error?.field === field ? `f-${field}-err` : ''].filter(Boolean);
    return {
      id: `f-${field}`,
      name: field,
      required: opts.required,
      'aria-invalid': error?.field === field ? ('true' as const) : undefined,
      'aria-describedby': ids.length ? ids.join(' ') : undefined,
    };
  };
  const message = (field: DocumentField) =>
    error?.field === field ? (
      <p id={`f-${field}-err`} class="badge unverified field-error">
        {error.message}
      </p>
    ) : null;
  const label = (field: DocumentField, required = false) => (
    <label for={`f-${field}`}>
      {t(`documentForm.field.${field}`)}
      {required ? <span aria-hidden="true"> *</span> : null}
    </label>
  );
  const hint = (field: DocumentField) => (
    <p id={`f-${field}-hint`} class="muted hint">
      {t(`documentForm.hint.${field}`)}
    </p>
  );
  const kinds = DOCUMENT_KINDS.map((k) => ({ value: k, label: t(`dkind.${k}`) })).sort((a, b) =>
    a.label.localeCompare(b.label, lang),
  );
  return (
    <Layout ctx={ctx} title={title} description={t('documentForm.intro')}>
      {id !== null ? (
        <p>
          <a href={href(lang, `/documents/${encodeURIComponent(id)}`)} lang="en">
            {values.title}
          </a>
        </p>
      ) : null}
      <h1>{title}</h1>
      <p>{t('documentForm.intro')}</p>
      {error ? (
        <div role="alert" class="notice error">
          <p>
            <strong>{t('accounts.errors')}</strong>
          </p>
          <p>
            {error.field === '-' ? (
              error.message
            ) : (
              <>
                <a href={`#f-${error.field}`}>{t(`documentForm.field.${error.field}`)}</a>: {error.message}
              </>
            )}
          </p>
        </div>
      ) : null}
      <form method="post" action={action} class="edit" aria-label={title}>
        <input type="hidden" name="_csrf" value={props.csrf} />
        {values.version !== undefined ? <input type="hidden" name="version" value={values.version} /> : null}
        <div class="field">
          {label('title', true)}
          <input {...aria('title', { required: true })} type="text" value={values.title} size={70} lang="en" />
          {message('title')}
        </div>
        <div class="field">
          {label('kind', true)}
          <select {...aria('kind', { required: true })}>
            {values.kind === '' ? <option value="">—</option> : null}
            {kinds.map((k) => (
              <option value={k.value} selected={k.value === values.kind}>
                {k.label}
              </option>
            ))}
          </select>
          {message('kind')}
        </div>
        <div class="field">
          {label('date')}
          {hint('date')}
          <input {...aria('date', { hint: true })} type="text" value={values.date} size={12} inputmode="numeric" />
          {message('date')}
        </div>
        <div class="field">
          {label('datePrecision')}
          {hint('datePrecision')}
          <select {...aria('datePrecision', { hint: true })}>
            <option value="">{t('documentForm.precisionFromDate')}</option>
            {DATE_PRECISIONS.map((p) => (
              <option value={p} selected={p === values.datePrecision}>
                {t(`documentForm.precision.${p}`)}
              </option>
            ))}
          </select>
          {message('datePrecision')}
        </div>
        <div class="field">
          {label('mechanisms', true)}
          {hint('mechanisms')}
          <select
            {...aria('mechanisms', { hint: true, required: true })}
            multiple
            size={Math.min(8, Math.max(3, props.mechanisms.length))}
          >
            {props.mechanisms.map((m) => (
              <option value={m.value} selected={values.mechanisms.includes(m.value)} lang="en">
                {m.label}
              </option>
            ))}
          </select>
          {message('mechanisms')}
        </div>
        <div class="field">
          {label('meeting')}
          {hint('meeting')}
          <input {...aria('meeting', { hint: true })} type="text" value={values.meeting} size={50} list="meetings" />
          <datalist id="meetings">
            {props.meetings.map((m) => (
              <option value={m.value}>{m.label}</option>
            ))}
          </datalist>
          {message('meeting')}
        </div>
        <div class="field">
          {label('languages')}
          {hint('languages')}
          <input {...aria('languages', { hint: true })} type="text" value={values.languages} size={30} />
          {message('languages')}
        </div>
        <div class="field">
          {label('url')}
          <input {...aria('url')} type="url" value={values.url} size={70} />
          {message('url')}
        </div>
        <div class="field">
          {label('summaryFacts')}
          {hint('summaryFacts')}
          <textarea {...aria('summaryFacts', { hint: true })} rows={5} cols={70} lang="en">
            {values.summaryFacts}
          </textarea>
          {message('summaryFacts')}
        </div>
        <div class="field">
          {label('sources', true)}
          {hint('sources')}
          <textarea {...aria('sources', { hint: true, required: true })} rows={3} cols={40}>
            {values.sources}
          </textarea>
          {message('sources')}
        </div>
        <p class="muted">{t('documentForm.afterNote')}</p>
        <button type="submit">{id === null ? t('documentForm.create') : t('documentForm.save')}</button>
      </form>
      <p>
        <a href={id === null ? href(lang, '/documents') : href(lang, `/documents/${encodeURIComponent(id)}`)}>
          {id === null ? t('documentForm.backToList') : t('documents.backToDocument')}
        </a>
      </p>
    </Layout>
  );
}
