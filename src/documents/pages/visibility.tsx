/**
 * Who may see a document, on its edit page (the upload page): three radio buttons and a button, without
 * JavaScript, posting to /{lang}/edit/documents/{id}/visibility (CSRF-protected); a refusal re-shows the page with
 * the message next to the field. The badge marks a closed document where it is listed (the member space).
 */
import type { JSX } from 'preact';
import { href, type PageContext } from '../../web/layout.js';
import { DOCUMENT_VISIBILITIES, type DocumentVisibility } from '../model.js';

export const visibilityHref = (lang: PageContext['lang'], documentId: string) =>
  href(lang, `/edit/documents/${encodeURIComponent(documentId)}/visibility`);

/** "Closed to members" (or to members and observers); nothing for a public document. */
export function ClosedBadge(props: { ctx: PageContext; visibility: DocumentVisibility }): JSX.Element | null {
  const { t } = props.ctx;
  if (props.visibility === 'public') return null;
  return (
    <span class="badge">
      {props.visibility === 'members' ? t('documentVisibility.closedMembers') : t('documentVisibility.closedObservers')}
    </span>
  );
}

export function VisibilityForm(props: {
  ctx: PageContext;
  d: { id: string; visibility: DocumentVisibility };
  csrf: string;
  /** Already in the reader's language. */
  error?: string | undefined;
  saved?: boolean | undefined;
}): JSX.Element {
  const { ctx, d, error } = props;
  const { t, lang } = ctx;
  return (
    <section aria-labelledby="visibility-title">
      <h2 id="visibility-title">{t('documentVisibility.title')}</h2>
      <p>{t('documentVisibility.intro')}</p>
      {props.saved ? <p role="status">{t('documentVisibility.saved')}</p> : null}
      {error ? (
        <div role="alert" class="notice error">
          <p>
            <a href="#f-visibility">{t('documentVisibility.field')}</a>: {error}
          </p>
        </div>
      ) : null}
      <form method="post" action={visibilityHref(lang, d.id)} class="edit" aria-label={t('documentVisibility.title')}>
        <input type="hidden" name="_csrf" value={props.csrf} />
        <fieldset id="f-visibility" aria-describedby={error ? 'f-visibility-err' : undefined}>
          <legend>{t('documentVisibility.field')}</legend>
          {DOCUMENT_VISIBILITIES.map((v) => (
            <div>
              <input
                type="radio"
                id={`f-visibility-${v}`}
                name="visibility"
                value={v}
                required
                checked={v === d.visibility}
              />{' '}
              <label for={`f-visibility-${v}`}>{t(`documentVisibility.${v}`)}</label>
            </div>
          ))}
          {error ? (
            <p id="f-visibility-err" class="badge unverified field-error">
              {error}
            </p>
          ) : null}
        </fieldset>
        <button type="submit">{t('documentVisibility.submit')}</button>
      </form>
    </section>
  );
}
