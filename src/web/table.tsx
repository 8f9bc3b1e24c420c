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
