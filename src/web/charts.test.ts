import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { h } from 'preact';
import { render } from 'preact-render-to-string';
import { BarChart, CHART_CSS, tickStep, type BarChartProps } from './charts.js';

const perYear = Array.from({ length: 2026 - 1985 + 1 }, (_, i) => ({ label: String(1985 + i), value: (i * 5) % 7 }));

function chart(over: Partial<BarChartProps> = {}): string {
  return render(
    h(BarChart, {
      id: 'established',
      title: 'Mechanisms established per year',
      description: 'One bar per year from 1985 to 2026.',
      data: perYear,
      xLabel: 'Year',
      yLabel: 'Mechanisms',
      ...over,
    }),
  );
}

interface Bar {
  y: number;
  height: number;
  title: string;
}
function bars(svg: string): Bar[] {
  return [
    ...svg.matchAll(
      /<rect class="bc-b" x="[^"]+" y="([^"]+)" width="[^"]+" height="([^"]+)"><title>([^<]*)<\/title><\/rect>/g,
    ),
  ].map((m) => ({ y: Number(m[1]), height: Number(m[2]), title: m[3]! }));
}

describe('BarChart', () => {
  it('draws one bar per datum, in order, each with a "label: value" title', () => {
    const svg = chart();
    const bs = bars(svg);
    assert.equal(bs.length, perYear.length);
    assert.equal((svg.match(/<rect/g) ?? []).length, perYear.length);
    assert.deepEqual(
      bs.map((b) => b.title),
      perYear.map((d) => `${d.label}: ${d.value}`),
    );
    assert.ok(bs.some((b) => b.title === '2003: 6'));
  });

  it('makes bar heights follow the values, from a common baseline', () => {
    const data = [
      { label: 'a', value: 2 },
      { label: 'b', value: 0 },
      { label: 'c', value: 7 },
      { label: 'd', value: 2 },
      { label: 'e', value: 5 },
    ];
    const bs = bars(chart({ data }));
    assert.equal(bs[1]!.height, 0);
    assert.equal(bs[0]!.height, bs[3]!.height);
    assert.ok(bs[2]!.height > bs[4]!.height && bs[4]!.height > bs[0]!.height && bs[0]!.height > 0);
    const base = new Set(bs.map((b) => Math.round((b.y + b.height) * 10)));
    assert.equal(base.size, 1, 'all bars stand on the axis');
    assert.ok(Math.abs(bs[2]!.height / bs[0]!.height - 7 / 2) < 0.05, 'heights are proportional');
  });

  it('is a labelled, described, non-focusable image with axis and tick labels as text', () => {
    const svg = chart({ data: perYear.map((d, i) => ({ ...d, value: i })) });
    assert.match(
      svg,
      /^<svg class="bc" role="img" aria-labelledby="established-title" aria-describedby="established-desc" focusable="false"/,
    );
    assert.match(
      svg,
      /<title id="established-title">Mechanisms established per year<\/title><desc id="established-desc">One bar/,
    );
    assert.match(svg, />Year<\/text>/);
    assert.match(svg, /transform="rotate\(-90\)"[^>]*>Mechanisms<\/text>/);
    const xTicks = [...svg.matchAll(/text-anchor="middle">(\d{4})<\/text>/g)].map((m) => m[1]);
    assert.deepEqual(xTicks.slice(0, 3), ['1985', '1990', '1995'], 'year labels are thinned to every fifth');
    const yTicks = [...svg.matchAll(/text-anchor="end">([^<]+)<\/text>/g)].map((m) => Number(m[1]));
    assert.equal(yTicks[0], 0);
    assert.ok(yTicks.at(-1)! >= 41, 'the top tick covers the largest value');
    assert.ok(
      yTicks.every((t) => Number.isInteger(t)),
      'counts get integer ticks',
    );
    assert.doesNotMatch(svg, /<script|style="|fill="/);
  });

  it('handles empty and all-zero data, negative values, and escapes labels', () => {
    assert.equal(bars(chart({ data: [] })).length, 0);
    const zeros = bars(
      chart({
        data: [
          { label: 'x', value: 0 },
          { label: 'y', value: 0 },
        ],
      }),
    );
    assert.deepEqual(
      zeros.map((b) => b.height),
      [0, 0],
    );
    const neg = bars(
      chart({
        data: [
          { label: 'n', value: -3 },
          { label: 'p', value: 3 },
        ],
      }),
    );
    assert.equal(neg[0]!.height, 0);
    const out = chart({ data: [{ label: '<b>', value: 1 }] });
    assert.doesNotMatch(out, /<b>/);
  });

  it('uses the value format for ticks and titles', () => {
    const out = chart({
      data: [{ label: '2020', value: 1500 }],
      formatValue: (v) => new Intl.NumberFormat('fr').format(v),
    });
    assert.equal(bars(out)[0]!.title, '2020: 1\u202f500');
  });

  it('picks 1-2-5 tick steps, never fractional for counts', () => {
    assert.equal(tickStep(9, 5, true), 2);
    assert.equal(tickStep(45, 5, true), 10);
    assert.equal(tickStep(2, 5, true), 1);
    assert.equal(tickStep(2, 5, false), 0.5);
    assert.equal(tickStep(130, 5, true), 50);
  });

  it('styles text with enough contrast on white', () => {
    const lum = (hex: string): number => {
      const c = [1, 3, 5]
        .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
        .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
      return 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;
    };
    const contrast = (hex: string): number => 1.05 / (lum(hex) + 0.05);
    const text = /\.bc text\{fill:(#[0-9a-f]{6})\}/.exec(CHART_CSS)?.[1];
    const ticks = /\.bc \.bc-t\{fill:(#[0-9a-f]{6})\}/.exec(CHART_CSS)?.[1];
    const bar = /\.bc \.bc-b\{fill:(#[0-9a-f]{6})\}/.exec(CHART_CSS)?.[1];
    assert.ok(text && ticks && bar);
    assert.ok(contrast(text) >= 4.5 && contrast(ticks) >= 4.5, 'text ≥ 4.5:1');
    assert.ok(contrast(bar) >= 3, 'bars ≥ 3:1');
  });
});
