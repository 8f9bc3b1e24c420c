/** Previous / "page N of M" / next links under a paged list (nothing when everything fits on one page). */
import type { JSX } from 'preact';

export function Pager(props: {
  /** The navigation's accessible name. */
  label: string;
  page: number;
  pages: number;
  hrefOf: (page: number) => string;
  previous: string;
  next: string;
  /** "Page 2 of 7", in the reader's language. */
  position: string;
}): JSX.Element | null {
  const { page, pages } = props;
  if (pages <= 1) return null;
  return (
    <nav aria-label={props.label} class="pager">
      {page > 1 ? (
        <a rel="prev" href={props.hrefOf(page - 1)}>
          {props.previous}
        </a>
      ) : null}{' '}
      <span>{props.position}</span>{' '}
      {page < pages ? (
        <a rel="next" href={props.hrefOf(page + 1)}>
          {props.next}
        </a>
      ) : null}
    </nav>
  );
}
