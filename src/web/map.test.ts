import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { h } from 'preact';
import { render } from 'preact-render-to-string';
import isoCountries from 'i18n-iso-countries';
import { createRequire } from 'node:module';
import {
  cachedWidths,
  WorldMap,
  bucketLabel,
  bucketOf,
  dotCodes,
  mapBuckets,
  shapeCodes,
  MAP_CSS,
  type MapDatum,
  type WorldMapProps,
} from './map.js';

const require = createRequire(import.meta.url);
isoCountries.registerLocale(require('i18n-iso-countries/langs/en.json') as isoCountries.LocaleData);

/** Every alpha-3 code i18n-iso-countries knows, with Kosovo as XKX like the registry. */
const ALL_CODES = Object.keys(isoCountries.getAlpha3Codes())
  .map((c) => (c === 'XKK' ? 'XKX' : c))
  .sort();
const nameOf = (code: string): string =>
  isoCountries.getName(isoCountries.alpha3ToAlpha2(code === 'XKX' ? 'XKK' : code) ?? '', 'en') ?? code;

/** A realistic home-page dataset: every country, values 0–13. */
const allData: MapDatum[] = ALL_CODES.map((code, i) => ({ code, name: nameOf(code), value: (i * 37 + 11) % 14 }));

function props(over: Partial<WorldMapProps> = {}): WorldMapProps {
  return {
    id: 'home-map',
    data: allData,
    title: 'Countries by number of mechanisms',
    description: 'Choropleth of the number of mechanisms each country takes part in.',
    mode: 'choropleth',
    legend: { title: 'Mechanisms', none: 'None', highlighted: 'Member', other: 'Not a member' },
    valueLabel: (d) => `${d.name} [${d.code}]: ${d.value} mechanisms`,
    ...over,
  };
}

interface Mark {
  tag: string;
  cls: string;
  title: string | null;
}

/** The map's shapes and dots in document order, each with its class and <title> text. */
function marks(html: string): Mark[] {
  const svg = /<svg class="wm-map"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
  const out: Mark[] = [];
  const re = /<(path|circle)\b([^>]*)>(?:<title>([^<]*)<\/title>)?/g;
  for (let m = re.exec(svg); m; m = re.exec(svg)) {
    const cls = /\bclass="([^"]*)"/.exec(m[2] ?? '')?.[1] ?? '';
    if (cls === 'wm-s') continue; // the sphere (sea)
    out.push({ tag: m[1]!, cls, title: m[3] ?? null });
  }
  return out;
}

describe('WorldMap', () => {
  const html = render(h(WorldMap, props()));
  const all = marks(html);

  it('draws every ISO 3166-1 country, with its value class and a <title>, as a shape or a dot', () => {
    assert.equal(ALL_CODES.length, 250);
    for (const d of allData) {
      const title = `${d.name} [${d.code}]: ${d.value} mechanisms`.replace(/&/g, '&amp;');
      const found = all.filter((m) => m.title === title);
      assert.equal(found.length, 1, `${d.code} should have exactly one titled mark`);
      assert.equal(found[0]!.cls, bucketOf(d.value), `${d.code} class`);
    }
    assert.equal(all.filter((m) => m.title !== null).length, 250);
  });

  it('draws Tuvalu, Tokelau, Gibraltar, Monaco and the Maldives as dots', () => {
    for (const code of ['TUV', 'TKL', 'GIB', 'MCO', 'MDV']) {
      assert.ok(dotCodes(960).includes(code), code);
      const mark = all.find((m) => m.title?.includes(`[${code}]`));
      assert.equal(mark?.tag, 'circle', code);
    }
  });

  it('draws large countries as shapes and a dot for every country missing from the geometry', () => {
    for (const code of ['FRA', 'SEN', 'BRA', 'RUS', 'AUS', 'SOM', 'CYP'])
      assert.ok(shapeCodes(960).includes(code), code);
    const shapes = new Set(shapeCodes(960));
    const dots = new Set(dotCodes(960));
    for (const code of ALL_CODES) assert.ok(shapes.has(code) || dots.has(code), code);
    // French overseas departments are inside France's shape in Natural Earth: they get their own dot.
    for (const code of ['GUF', 'GLP', 'MTQ', 'REU', 'MYT']) assert.ok(dots.has(code), code);
    assert.equal(all.find((m) => m.title?.includes('[SEN]'))?.tag, 'path');
  });

  it('draws Kosovo whether it is given as XKX or XKK', () => {
    for (const code of ['XKX', 'XKK']) {
      const out = render(h(WorldMap, props({ data: [{ code, name: 'Kosovo', value: 3 }] })));
      const titled = marks(out).filter((m) => m.title !== null);
      assert.deepEqual(
        titled.map((m) => [m.title, m.cls]),
        [['Kosovo [' + code + ']: 3 mechanisms', 'm2']],
      );
    }
  });

  it('colours countries without data as "none" and gives them no tooltip; ignores unknown codes', () => {
    const out = render(
      h(
        WorldMap,
        props({
          data: [
            { code: 'sen', name: 'Senegal', value: 12 },
            { code: 'ZZZ', name: 'Nowhere', value: 4 },
          ],
        }),
      ),
    );
    const ms = marks(out);
    assert.deepEqual(
      ms.filter((m) => m.title !== null).map((m) => [m.title, m.cls]),
      [['Senegal [sen]: 12 mechanisms', 'm5']],
    );
    assert.ok(ms.filter((m) => m.title === null).every((m) => m.cls === 'm0'));
    assert.ok(!ms.some((m) => m.tag === 'circle'), 'dots are drawn only for countries with data');
  });

  it('gives highlighted countries the highlight class and the others the "other" class', () => {
    const data: MapDatum[] = [
      { code: 'SEN', name: 'Senegal', value: 1, highlighted: true },
      { code: 'TUV', name: 'Tuvalu', value: 1, highlighted: true },
      { code: 'MLI', name: 'Mali', value: 1, highlighted: false },
    ];
    const out = render(h(WorldMap, props({ id: 'profile-map', mode: 'highlight', width: 480, data })));
    const ms = marks(out);
    const byTitle = new Map(ms.map((m) => [m.title, m]));
    assert.equal(byTitle.get('Senegal [SEN]: 1 mechanisms')?.cls, 'mh');
    assert.equal(byTitle.get('Tuvalu [TUV]: 1 mechanisms')?.cls, 'mh');
    assert.equal(byTitle.get('Tuvalu [TUV]: 1 mechanisms')?.tag, 'circle');
    assert.equal(byTitle.get('Mali [MLI]: 1 mechanisms')?.cls, 'mo');
    assert.equal(ms.filter((m) => m.cls === 'mh').length, 2);
    assert.ok(ms.every((m) => m.cls === 'mh' || m.cls === 'mo'));
    assert.match(out, /viewBox="0 0 480 \d+"/);
    const legend = /<ul class="legend">([\s\S]*?)<\/ul>/.exec(out)?.[1] ?? '';
    assert.match(legend, /class="wm-k mh"[\s\S]*Member[\s\S]*class="wm-k mo"[\s\S]*Not a member/);
  });

  it('is a labelled, described, non-focusable image with ids from the id prop', () => {
    assert.match(html, /^<figure class="wm" id="home-map">/);
    assert.match(
      html,
      /<svg class="wm-map" role="img" aria-labelledby="home-map-title" aria-describedby="home-map-desc" focusable="false"/,
    );
    // The name and description are elements of the caption (so that a name can keep its own lang), referenced
    // by the image and hidden from the caption's own reading.
    assert.match(
      html,
      /<span class="wm-title" id="home-map-title" aria-hidden="true">Countries by number of mechanisms<\/span>/,
    );
    assert.match(html, /<span class="visually-hidden" id="home-map-desc" aria-hidden="true">Choropleth/);
    const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
    assert.equal(new Set(ids).size, ids.length, 'ids are unique');
    assert.ok(ids.every((id) => id?.startsWith('home-map')));
    assert.doesNotMatch(html, /<script|style="|fill="/, 'no script, no inline styles or fills');
  });

  it('has an HTML legend whose swatches use the same classes as the buckets', () => {
    const caption = /<figcaption>([\s\S]*)<\/figcaption>/.exec(html)?.[1] ?? '';
    assert.match(caption, /Mechanisms/);
    const items = [...caption.matchAll(/<li>[\s\S]*?class="wm-k (m\d)"[\s\S]*?<\/svg>([^<]*)<\/li>/g)].map((m) => [
      m[1],
      m[2],
    ]);
    assert.deepEqual(items, [
      ['m0', 'None'],
      ['m1', '1'],
      ['m2', '2–3'],
      ['m3', '4–5'],
      ['m4', '6–9'],
      ['m5', '10+'],
    ]);
    for (const cls of [...mapBuckets().map((b) => b.className), 'mh', 'mo']) {
      assert.match(MAP_CSS, new RegExp(`\\.wm \\.${cls}[,{][^}]*fill:#`), `CSS for ${cls}`);
    }
  });

  it('escapes names', () => {
    const out = render(h(WorldMap, props({ data: [{ code: 'FRA', name: '<script>x</script>', value: 1 }] })));
    assert.doesNotMatch(out, /<script>/);
    assert.match(out, /&lt;script>x&lt;\/script> \[FRA\]/);
  });

  it('keeps the full 250-country choropleth under 35 KB gzipped', () => {
    const gz = gzipSync(html).length;
    assert.ok(gz < 35_000, `gzip ${gz} bytes`);
    const small = render(
      h(
        WorldMap,
        props({ width: 480, mode: 'highlight', data: allData.slice(0, 20).map((d) => ({ ...d, highlighted: true })) }),
      ),
    );
    assert.ok(gzipSync(small).length < 20_000, `small map gzip ${gzipSync(small).length} bytes`);
  });

  it('reuses the projected geometry: a later render at a known width projects nothing and is identical', () => {
    // Speed itself is measured by the benchmark (the home page carries the map), not asserted here.
    const widths = cachedWidths();
    const again = render(h(WorldMap, props()));
    assert.equal(again, html);
    assert.equal(cachedWidths(), widths, 'no new projection for a width already drawn');
    render(h(WorldMap, props({ width: 333 })));
    assert.equal(cachedWidths(), widths + 1, 'a new width is projected once');
    render(h(WorldMap, props({ width: 333 })));
    assert.equal(cachedWidths(), widths + 1);
  });
});

describe('map buckets', () => {
  it('puts values in the right bucket at each boundary', () => {
    const cases: [number, string][] = [
      [0, 'm0'],
      [1, 'm1'],
      [2, 'm2'],
      [3, 'm2'],
      [4, 'm3'],
      [5, 'm3'],
      [6, 'm4'],
      [9, 'm4'],
      [10, 'm5'],
      [250, 'm5'],
      [-1, 'm0'],
      [Number.NaN, 'm0'],
      [0.5, 'm0'],
      [3.5, 'm2'],
    ];
    for (const [v, cls] of cases) assert.equal(bucketOf(v), cls, String(v));
  });

  it('lists contiguous buckets from 0 with an open top, consistent with bucketOf', () => {
    const bs = mapBuckets();
    assert.equal(bs.length, 6);
    assert.equal(bs[0]!.min, 0);
    assert.equal(bs.at(-1)!.max, null);
    bs.forEach((b, i) => {
      if (i > 0) assert.equal(b.min, bs[i - 1]!.max! + 1);
      assert.equal(bucketOf(b.min), b.className);
      if (b.max !== null) assert.equal(bucketOf(b.max), b.className);
    });
    assert.deepEqual(bs.map(bucketLabel), ['0', '1', '2–3', '4–5', '6–9', '10+']);
    bs[0]!.className = 'changed';
    assert.equal(mapBuckets()[0]!.className, 'm0', 'callers get a copy');
  });
});
