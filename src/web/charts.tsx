/**
 * Simple charts as static, server-rendered SVG (no client JavaScript): axis and tick labels are
 * SVG <text>, every bar has a <title>, and the <svg> is a labelled image (role="img" with a
 * <title> and a <desc>). Pages should pair a chart with a data table.
 */
import type { JSX } from 'preact';

export interface BarDatum {
  label: string;
  value: number;
}

export interface BarChartProps {
  /** Unique prefix for the ids on the page. */
  id: string;
  /** Accessible name and description (already translated). */
  title: string;
  description: string;
  /** One bar per datum, in this order; negative values are drawn as 0. */
  data: BarDatum[];
  xLabel: string;
  yLabel: string;
  /** Size in SVG units (the SVG scales down to its container); defaults 640 × 320. */
  width?: number;
  height?: number;
  /** Number format for the y ticks and the bar titles; default `String`. */
  formatValue?: (value: number) => string;
}

/**
 * Colours: bars #2c7fb8 (3.9:1 on white, above the 3:1 asked of graphics); text #1b1f24 and
 * tick labels #4a5360 (7.6:1), both above 4.5:1 on white. In forced-colours (high contrast)
 * mode, system colours take over so the text stays readable.
 */
export const CHART_CSS = [
  '.bc{max-width:100%;height:auto;display:block;font-size:12px}',
  '.bc text{fill:#1b1f24}',
  '.bc .bc-t{fill:#4a5360}',
  '.bc .bc-b{fill:#2c7fb8}',
  '.bc .bc-b:hover{fill:#1b5a8a}',
  '.bc .bc-g{stroke:#dde2e8}',
  '.bc .bc-a{stroke:#4a5360}',
  '@media (forced-colors:active){.bc text,.bc .bc-t{fill:CanvasText}.bc .bc-b{fill:Highlight}.bc .bc-a,.bc .bc-g{stroke:CanvasText}}',
].join('\n');

/** A rough width of a 12 px label in a sans-serif font, to space the ticks. */
const charWidth = 7;

const round1 = (v: number): number => Math.round(v * 10) / 10;

/** A step of 1, 2 or 5 × 10ⁿ giving about `count` ticks from 0 to `max` (at least 1 for counts). */
export function tickStep(max: number, count: number, integers: boolean): number {
  const raw = max / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  return integers ? Math.max(1, step) : step;
}

/** Every `k`-th label, with k from 1, 2, 5, 10, 20, 25, 50 … so that labels do not overlap. */
function labelEvery(n: number, labelWidth: number, plotWidth: number): number {
  const need = Math.ceil((n * labelWidth) / Math.max(1, plotWidth));
  for (let power = 1; ; power *= 10) {
    for (const m of [1, 2, 2.5, 5]) {
      const k = m * power;
      if (Number.isInteger(k) && k >= need) return k;
    }
  }
}

/** A vertical bar chart, e.g. mechanisms established per year. */
export function BarChart(props: BarChartProps): JSX.Element {
  const width = props.width ?? 640;
  const height = props.height ?? 320;
  const format = props.formatValue ?? String;
  const values = props.data.map((d) => (Number.isFinite(d.value) ? Math.max(0, d.value) : 0));
  const dataMax = Math.max(0, ...values);
  const integers = values.every((v) => Number.isInteger(v));
  const step = tickStep(dataMax || 1, 5, integers);
  const yMax = Math.max(step, Math.ceil(dataMax / step) * step);
  const ticks: number[] = [];
  for (let k = 0; k * step <= yMax + step / 2; k++) ticks.push(Number((k * step).toPrecision(12)));

  const tickChars = Math.max(...ticks.map((t) => format(t).length));
  const top = 12;
  const right = 12;
  const bottom = 46;
  const left = 24 + tickChars * charWidth + 8;
  const plotW = Math.max(1, width - left - right);
  const plotH = Math.max(1, height - top - bottom);
  const baseY = top + plotH;
  const y = (v: number): number => baseY - (v / yMax) * plotH;

  const n = props.data.length;
  const band = plotW / Math.max(1, n);
  const barW = round1(Math.max(1, band * (n > 1 ? 0.8 : 0.5)));
  const labelChars = Math.max(1, ...props.data.map((d) => d.label.length));
  const every = labelEvery(n, labelChars * charWidth + 8, plotW);

  const titleId = `${props.id}-title`;
  const descId = `${props.id}-desc`;

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
      {ticks.map((t) => {
        const ty = round1(y(t)) + 0.5;
        return (
          <g>
            <line class={t === 0 ? 'bc-a' : 'bc-g'} x1={left} x2={left + plotW} y1={ty} y2={ty} />
            <text class="bc-t" x={left - 6} y={ty + 4} text-anchor="end">
              {format(t)}
            </text>
          </g>
        );
      })}
      {props.data.map((d, i) => {
        const v = values[i] ?? 0;
        const x = round1(left + i * band + (band - barW) / 2);
        const barTop = round1(y(v));
        return (
          <rect class="bc-b" x={x} y={barTop} width={barW} height={round1(baseY - barTop)}>
            <title>{`${d.label}: ${format(d.value)}`}</title>
          </rect>
        );
      })}
      {props.data.map((d, i) => {
        if (i % every !== 0) return null;
        const cx = round1(left + (i + 0.5) * band);
        return (
          <g>
            <line class="bc-a" x1={cx} x2={cx} y1={baseY + 0.5} y2={baseY + 5} />
            <text class="bc-t" x={cx} y={baseY + 18} text-anchor="middle">
              {d.label}
            </text>
          </g>
        );
      })}
      <text x={round1(left + plotW / 2)} y={height - 8} text-anchor="middle">
        {props.xLabel}
      </text>
      <text x={-round1(top + plotH / 2)} y={14} transform="rotate(-90)" text-anchor="middle">
        {props.yLabel}
      </text>
    </svg>
  );
}
