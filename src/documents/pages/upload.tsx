/**
 * The upload form of a language version, without JavaScript: the file, its language (the six UN languages first,
 * then others) and its status. A refusal re-shows the form with the message in the reader's language next to its
 * field (the chosen language and status kept; a browser never re-fills a file input).
 */
import type { JSX } from 'preact';
import { href, Layout, type PageContext } from '../../web/layout.js';
import { OTHER_LANGUAGES, UN_LANGUAGES, VERSION_STATUSES } from '../model.js';
import { versionStatus } from './pages.js';
import { DocumentTitle, languageName, uploadHref } from './parts.js';
import type { DocumentVisibility } from '../model.js';
import { VisibilityForm } from './visibility.js';

/** The fields of the form, in order (an error names one of them). */
export const UPLOAD_FIELDS = ['file', 'language', 'status'] as const;
export type UploadField = (typeof UPLOAD_FIELDS)[number];

export interface UploadError {
  field: UploadField;
  /** Already in the reader's language. */
  message: string;
}

export function UploadPage(props: {
  ctx: PageContext;
  d: { id: string; title: string; titles: Partial<Record<string, string>>; visibility: DocumentVisibility };
  csrf: string;
  /** The visibility form's state: its refusal (in the reader's language) or that it was just saved. */
  visibility?: { error?: string | undefined; saved?: boolean | undefined } | undefined;
  limitBytes: number;
  limitText: string;
  values: { language?: string | undefined; status?: string | undefined };
  error?: UploadError | undefined;
}): JSX.Element {
  const { ctx, d, error, values } = props;
  const { t, lang } = ctx;
  const title = t('upload.title');
  const byName = (codes: readonly string[]) =>
    codes.map((c) => ({ value: c, label: languageName(c, lang) })).sort((a, b) => a.label.localeCompare(b.label, lang));
  const aria = (field: UploadField, hint = false) => {
    const ids = [hint ? `f-${field}-hint` : '', error?.field === field ? `f-${field}-err` : ''].filter(Boolean);
    return {
      id: `f-${field}`,
      name: field,
      required: true,
      'aria-invalid': error?.field === field ? ('true' as const) : undefined,
      'aria-describedby': ids.length ? ids.join(' ') : undefined,
    };
  };
  const message = (field: UploadField) =>
    error?.field === field ? (
      <p id={`f-${field}-err`} class="badge unverified field-error">
        {error.message}
      </p>
    ) : null;
  const label = (field: UploadField, key: string) => (
    <label for={`f-${field}`}>
      {t(key)}
      <span aria-hidden="true"> *</span>
    </label>
  );
  return (
    <Layout ctx={ctx} title={title} description={t('upload.intro')}>
      <p>
        <a href={href(lang, `/documents/${encodeURIComponent(d.id)}`)}>
          <DocumentTitle ctx={ctx} d={d} />
        </a>
      </p>
      <h1>{title}</h1>
      <p>{t('upload.intro')}</p>
      {error ? (
        <div role="alert" class="notice error">
          <p>
            <strong>{t('accounts.errors')}</strong>
          </p>
          <p>
            <a href={`#f-${error.field}`}>{t(`upload.field.${error.field}`)}</a>: {error.message}
          </p>
        </div>
      ) : null}
      <form method="post" action={uploadHref(lang, d.id)} enctype="multipart/form-data" class="edit" aria-label={title}>
        <input type="hidden" name="_csrf" value={props.csrf} />
        <div class="field">
          {label('file', 'upload.field.file')}
          <p id="f-file-hint" class="muted hint">
            {t('upload.fileHint', { size: props.limitText })}
          </p>
          <input
            {...aria('file', true)}
            type="file"
            accept="application/pdf,.pdf,text/html,.html,.htm,application/vnd.openxmlformats-officedocument.wordprocessingml.document,.docx"
          />
          {message('file')}
        </div>
        <div class="field">
          {label('language', 'upload.field.language')}
          <select {...aria('language')}>
            <optgroup label={t('upload.unLanguages')}>
              {byName(UN_LANGUAGES).map((o) => (
                <option value={o.value} selected={o.value === (values.language ?? lang)}>
                  {o.label}
                </option>
              ))}
            </optgroup>
            <optgroup label={t('upload.otherLanguages')}>
              {byName(OTHER_LANGUAGES).map((o) => (
                <option value={o.value} selected={o.value === values.language}>
                  {o.label}
                </option>
              ))}
            </optgroup>
          </select>
          {message('language')}
        </div>
        <fieldset id="f-status" aria-describedby={error?.field === 'status' ? 'f-status-err' : undefined}>
          <legend>
            {t('upload.field.status')}
            <span aria-hidden="true"> *</span>
          </legend>
          {VERSION_STATUSES.map((s) => (
            <div>
              <input
                type="radio"
                id={`f-status-${s}`}
                name="status"
                value={s}
                required
                checked={s === (values.status ?? 'official')}
              />{' '}
              <label for={`f-status-${s}`}>{versionStatus(ctx, s)}</label>
            </div>
          ))}
          {message('status')}
        </fieldset>
        <p class="muted">{t('upload.afterNote')}</p>
        <button type="submit">{t('upload.submit')}</button>
      </form>
      <VisibilityForm
        ctx={ctx}
        d={d}
        csrf={props.csrf}
        error={props.visibility?.error}
        saved={props.visibility?.saved}
      />
      <p>
        <a href={href(lang, `/documents/${encodeURIComponent(d.id)}`)}>{t('documents.backToDocument')}</a>
      </p>
    </Layout>
  );
}
