/**
 * A wide table scrolls inside its own region, never the page (WCAG 2.2 reflow): the region is named (by `label`
 * or by the heading `labelledby` points to) and focusable, so a keyboard can scroll it too.
 */
import type { ComponentChildren, JSX } from 'preact';

export function TableScroll(props: {
  label?: string;
  labelledby?: string;
  class?: string;
  children: ComponentChildren;
}): JSX.Element {
  return (
    <div
      class={props.class ? `table-wrap ${props.class}` : 'table-wrap'}
      role="region"
      tabindex={0}
      aria-label={props.labelledby ? undefined : props.label}
      aria-labelledby={props.labelledby}
    >
      {props.children}
    </div>
  );
}

/**
 * A table with its caption and column headers in its own labelled scrolling region: the caption names the region.
 * The rows are the children (each row's first cell a row header, as the callers write it).
 */
export function CaptionedTable(props: {
  caption: string;
  columns: readonly string[];
  id?: string;
  children: ComponentChildren;
}): JSX.Element {
  return (
    <TableScroll label={props.caption}>
      <table id={props.id}>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th scope="col">{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </TableScroll>
  );
}
