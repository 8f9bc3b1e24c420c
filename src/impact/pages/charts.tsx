/**
 * A horizontal bar chart for categories with long names (lens, type, level, region), as static server-rendered
 * SVG in the style of src/web/charts.tsx (same classes and colours): a labelled image with a <title> and a <desc>,
 * every bar with its <title>, its label and its value as text. Pages pair it with a table.
 */
import type { JSX } from 'preact';

export interface HBarDatum {
  label: string;
  value: number;
}

const charWidth = 7;
const round1 = (v: number): number => Math.round(v * 10) / 10;

export function HBarChart(props: {
  id: string;
  title: string;
  description: string;
  data: HBarDatum[];
  formatValue?: (value: number) => string;
  width?: number;
}): JSX.Element {
  const width = props.width ?? 640;
  const format = props.formatValue ?? String;
  const row = 22;
  const top = 6;
  const labelW = Math.min(
    Math.round(width * 0.45),
    12 + charWidth * Math.max(1, ...props.data.map((d) => d.label.length)),
  );
  const valueW = 8 + charWidth * Math.max(1, ...props.data.map((d) => format(d.value).length));
  const plotW = Math.max(1, width - labelW - valueW - 8);
  const max = Math.max(1, ...props.data.map((d) => Math.max(0, d.value)));
  const height = top * 2 + row * props.data.length;
  const titleId = `${props.id}-title`;
  const descId = `${props.id}-desc`;
  const maxChars = Math.floor((labelW - 12) / charWidth);
  const clip = (s: string) => (s.length > maxChars ? `${s.slice(0, Math.max(1, maxChars - 1))}…` : s);
  return (
    <svg
      class="bc"
      role="img"
      aria-labelledby={titleId}
      aria-describedby={descId}
      focusable="false"
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
    >
      <title id={titleId}>{props.title}</title>
      <desc id={descId}>{props.description}</desc>
      <line class="bc-a" x1={labelW} x2={labelW} y1={top} y2={height - top} />
      {props.data.map((d, i) => {
        const y = top + i * row;
        const w = round1((Math.max(0, d.value) / max) * plotW);
        return (
          <g>
            <text class="bc-t" x={labelW - 6} y={y + 15} text-anchor="end">
              {clip(d.label)}
            </text>
            <rect class="bc-b" x={labelW} y={y + 4} width={w} height={row - 8}>
              <title>{`${d.label}: ${format(d.value)}`}</title>
            </rect>
            <text x={labelW + w + 4} y={y + 15}>
              {format(d.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
