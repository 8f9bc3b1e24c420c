/** A form's outcome: the notice after a write that worked, and the refusal that names what is wrong. */
import type { JSX } from 'preact';
import type { PageContext } from './layout.js';

export function StatusNotice(props: { text: string | null | undefined; id?: string }): JSX.Element | null {
  return props.text ? (
    <p role="status" id={props.id}>
      <strong>{props.text}</strong>
    </p>
  ) : null;
}

/** The server's refusal (its messages are English, marked so); `label` defaults to "errors" in the reader's language. */
export function ErrorAlert(props: {
  ctx: PageContext;
  error: { message: string } | null | undefined;
  id?: string;
  label?: string;
}): JSX.Element | null {
  if (!props.error) return null;
  return (
    <div role="alert" class="badge unverified" id={props.id}>
      <strong>{props.label ?? props.ctx.t('accounts.errors')}:</strong> <span lang="en">{props.error.message}</span>
    </div>
  );
}
