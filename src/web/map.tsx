/**
 * World map as static, server-rendered SVG: a choropleth of values per country, or a
 * highlight map (e.g. the members of one mechanism). No client JavaScript.
 *
 * Geometry: Natural Earth admin-0 at 1:110m (world-atlas `countries-110m.json`), which is the
 * right level of detail for a ~960 px world map and keeps the SVG small. Shapes are joined on the
 * ISO 3166-1 numeric id. Somaliland and N. Cyprus (no ISO code) are merged into Somalia and
 * Cyprus; Kosovo (no id in the file) is recognised by name and gets XKX.
 *
 * Countries and territories that have no shape in the file, or whose shape is smaller than
 * {@link SMALL_AREA} px² at the rendered width, are also drawn as a dot at their world-countries
 * `latlng` (world-countries is ODbL: the site's credits must attribute it), so none disappears.
 *
 * Path strings are projected once per width and cached; a request only joins its data to them.
 */
import { createRequire } from 'node:module';
import { geoEqualEarth, geoPath, type GeoProjection } from 'd3-geo';
import { feature, merge } from 'topojson-client';
import type {
  GeometryCollection,
  MultiPolygon as TopoMultiPolygon,
  Polygon as TopoPolygon,
  Topology,
} from 'topojson-specification';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import isoCountries from 'i18n-iso-countries';
import type { ComponentChildren, JSX } from 'preact';

export interface MapDatum {
  /** ISO 3166-1 alpha-3; XKX for Kosovo (XKK and UNK are accepted too). */
  code: string;
  /** Country name, already in the page language. */
  name: string;
  value: number;
  highlighted?: boolean;
}

export interface WorldMapProps {
  /** Unique prefix for the ids on the page. */
  id: string;
  /** Countries with a value; the others are drawn as "no data / 0" and get no dot and no tooltip. */
  data: MapDatum[];
  /** Accessible name and description of the figure (elements, so that a name can keep its own `lang`). */
  title: ComponentChildren;
  description: ComponentChildren;
  /** choropleth: colour by value bucket; highlight: highlighted vs others. */
  mode: 'choropleth' | 'highlight';
  /** Strings already translated. */
  legend: { title: ComponentChildren; none: string; highlighted?: string; other?: string };
  /** Width in SVG units (the SVG scales to its container); default 960. */
  width?: number;
  /** Text of each shape's <title>, e.g. "Senegal: 5 mechanisms". */
  valueLabel: (d: MapDatum) => string;
  /** The credits line under the legend (Natural Earth, world-countries ODbL), already translated. */
  credit?: string;
}

export interface MapBucket {
  min: number;
  /** Inclusive; null for the open top bucket. */
  max: number | null;
  className: string;
}

/** Value buckets, chosen from the reference data (1–13 mechanisms per country, median 4). */
const BUCKETS: readonly MapBucket[] = [
  { min: 0, max: 0, className: 'm0' },
  { min: 1, max: 1, className: 'm1' },
  { min: 2, max: 3, className: 'm2' },
  { min: 4, max: 5, className: 'm3' },
  { min: 6, max: 9, className: 'm4' },
  { min: 10, max: null, className: 'm5' },
];

/** The choropleth's buckets, lowest first; the legend and any data table should use these. */
export function mapBuckets(): { min: number; max: number | null; className: string }[] {
  return BUCKETS.map((b) => ({ ...b }));
}

/** The CSS class of a value's bucket ("m0" for 0, negative or not a number). */
export function bucketOf(value: number): string {
  if (!Number.isFinite(value) || value < 1) return 'm0';
  for (let i = BUCKETS.length - 1; i > 0; i--) {
    const b = BUCKETS[i]!;
    if (value >= b.min) return b.className;
  }
  return 'm0';
}

/** Text of a bucket for a legend or table: "0", "1", "2–3", "10+" (digits are the same in en/fr/es). */
export function bucketLabel(b: MapBucket): string {
  if (b.max === null) return `${b.min}+`;
  return b.min === b.max ? String(b.min) : `${b.min}–${b.max}`;
}

/** Class of highlighted countries in highlight mode, and of the others. */
export const HIGHLIGHT_CLASS = 'mh';
export const OTHER_CLASS = 'mo';

/**
 * Colours: ColorBrewer YlGnBu 6-class without its first step (sequential, colour-blind safe),
 * light to dark for 1 … 10+; white for 0 / no data, on a light blue-grey sea, with thin grey
 * borders so white countries stay outlined. Dots get a dark outline. Legend swatches use the
 * same classes, so legend and map cannot disagree.
 */
export const MAP_CSS = [
  '.wm svg.wm-map{max-width:100%;height:auto;display:block}',
  '.wm-map path{stroke:#9aa4b0;stroke-width:.4;stroke-linejoin:round}',
  '.wm-map .wm-s{fill:#eaf0f6;stroke:#8c96a3;stroke-width:.75}',
  '.wm-map circle{stroke:#3d4450;stroke-width:.6}',
  '.wm-map path:not(.wm-s):hover,.wm-map circle:hover{stroke:#1b1f24;stroke-width:1.2}',
  '.wm .m0,.wm .mo{fill:#fff}',
  '.wm .m1{fill:#c7e9b4}',
  '.wm .m2{fill:#7fcdbb}',
  '.wm .m3{fill:#41b6c4}',
  '.wm .m4{fill:#2c7fb8}',
  '.wm .m5{fill:#253494}',
  '.wm .mh{fill:#1d6fb0}',
  '.wm .wm-k{stroke:#5d6673;stroke-width:1}',
  '.wm .wm-lt{display:block;font-weight:600;font-size:.9rem;margin-top:.5rem}',
  '.wm svg{forced-color-adjust:none}',
].join('\n');

/** A shape smaller than this (px², in the map's own units) also gets a dot. */
export const SMALL_AREA = 10;
/**
 * Coordinates are rounded to this grid (px, in the map's own units): half a pixel for wide maps,
 * a whole pixel below 720 (it looks the same at that size, even on 2× screens, and saves a third).
 */
const gridStep = (width: number): number => (width >= 720 ? 0.5 : 1);

// ---------------------------------------------------------------------------------------------
// Geometry, loaded once.

interface CountryProps {
  name: string;
}
type CountryShape = TopoPolygon<CountryProps> | TopoMultiPolygon<CountryProps>;
interface WorldCountry {
  cca3: string;
  latlng: number[];
}

const require = createRequire(import.meta.url);
const topology = require('world-atlas/countries-110m.json') as Topology<{
  countries: GeometryCollection<CountryProps>;
}>;
const worldCountries = require('world-countries') as WorldCountry[];

/** Code aliases: the registry writes Kosovo XKX; i18n-iso-countries says XKK, world-countries UNK. */
const ALIASES: Readonly<Record<string, string>> = { XKK: 'XKX', UNK: 'XKX' };
const canonical = (code: string): string => {
  const c = code.toUpperCase();
  return ALIASES[c] ?? c;
};

/** Natural Earth units without an ISO code, merged into the state the UN recognises. */
const MERGE_INTO: Readonly<Record<string, string>> = { Somaliland: 'SOM', 'N. Cyprus': 'CYP', Kosovo: 'XKX' };

function codeOf(g: CountryShape): string | null {
  if (g.id !== undefined) {
    const a3 = isoCountries.numericToAlpha3(g.id);
    if (a3) return canonical(a3);
  }
  return MERGE_INTO[g.properties?.name ?? ''] ?? null;
}

interface SourceShape {
  code: string;
  feature: Feature<Polygon | MultiPolygon>;
}

function toFeature(g: CountryShape): Feature<Polygon | MultiPolygon> {
  return g.type === 'Polygon' ? feature(topology, g) : feature(topology, g);
}

/** One GeoJSON feature per ISO code (merging units that share a code, without inner borders). */
const SOURCE_SHAPES: readonly SourceShape[] = (() => {
  const groups = new Map<string, CountryShape[]>();
  for (const g of topology.objects.countries.geometries) {
    if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') continue;
    const code = codeOf(g);
    if (!code) continue;
    const list = groups.get(code) ?? [];
    list.push(g);
    groups.set(code, list);
  }
  return [...groups].map(([code, list]): SourceShape => ({
    code,
    feature:
      list.length === 1 ? toFeature(list[0]!) : { type: 'Feature', properties: {}, geometry: merge(topology, list) },
  }));
})();

/** Every ISO code (i18n-iso-countries, Kosovo as XKX) with its world-countries [lat, lng]. */
const LATLNG: ReadonlyMap<string, readonly [number, number]> = (() => {
  const m = new Map<string, readonly [number, number]>();
  for (const c of worldCountries) {
    const [lat, lng] = c.latlng;
    if (lat !== undefined && lng !== undefined) m.set(canonical(c.cca3), [lat, lng]);
  }
  return m;
})();
const ISO_CODES: readonly string[] = Object.keys(isoCountries.getAlpha3Codes()).map(canonical).sort();

interface ProjectedShape {
  code: string;
  d: string;
}
interface ProjectedDot {
  code: string;
  cx: number;
  cy: number;
}
interface ProjectedMap {
  width: number;
  height: number;
  sphere: string;
  shapes: ProjectedShape[];
  dots: ProjectedDot[];
  /** Codes that have a dot (their tiny shape, if any, carries no <title>). */
  dotted: ReadonlySet<string>;
  r: number;
}

/** Formats a grid-aligned number briefly: 0.5 → ".5", -1.5 → "-1.5". */
function num(v: number): string {
  const s = String(Math.round(v * 100) / 100);
  return s.startsWith('0.') ? s.slice(1) : s.startsWith('-0.') ? `-${s.slice(2)}` : s;
}

/**
 * A d3-geo path context that writes compact SVG: absolute points rounded to a grid
 * (so neighbours share exactly the same border points), then relative `l` commands, dropping
 * repeated points and rings that collapse below three points. For the 110m shapes at 960 px this
 * gives 66 KB (16 KB gzipped) where `geoPath().digits(1)` gives 120 KB (41 KB gzipped).
 */
class CompactPath {
  private out: string[] = [];
  private ring: [number, number][] = [];
  private open = false;

  private readonly step: number;

  constructor(step: number) {
    this.step = step;
  }

  moveTo(x: number, y: number): void {
    this.flush();
    this.open = true;
    this.ring = [[Math.round(x / this.step), Math.round(y / this.step)]];
  }

  lineTo(x: number, y: number): void {
    const p: [number, number] = [Math.round(x / this.step), Math.round(y / this.step)];
    const last = this.ring[this.ring.length - 1];
    if (last && last[0] === p[0] && last[1] === p[1]) return;
    this.ring.push(p);
  }

  closePath(): void {
    this.flush();
  }

  beginPath(): void {
    /* rings are delimited by moveTo and closePath */
  }

  arc(): void {
    /* only used for Point geometries, which the map has none of */
  }

  private flush(): void {
    if (!this.open) return;
    this.open = false;
    const ring = this.ring;
    const first = ring[0];
    const last = ring[ring.length - 1];
    if (first && last && ring.length > 1 && first[0] === last[0] && first[1] === last[1]) ring.pop();
    if (ring.length < 3) return;
    let s = `M${num(ring[0]![0] * this.step)} ${num(ring[0]![1] * this.step)}`;
    for (let i = 1; i < ring.length; i++) {
      const dx = num((ring[i]![0] - ring[i - 1]![0]) * this.step);
      const dy = num((ring[i]![1] - ring[i - 1]![1]) * this.step);
      s += `l${dx}${dy.startsWith('-') ? '' : ' '}${dy}`;
    }
    this.out.push(`${s}z`);
  }

  take(): string {
    this.flush();
    const s = this.out.join('');
    this.out = [];
    return s;
  }
}

function project(width: number): ProjectedMap {
  const sphere = { type: 'Sphere' } as const;
  const probe = geoEqualEarth().fitWidth(width, sphere);
  const height = Math.ceil(geoPath(probe).bounds(sphere)[1][1]);
  const projection: GeoProjection = geoEqualEarth().fitExtent(
    [
      [1, 1],
      [width - 1, height - 1],
    ],
    sphere,
  );
  const ctx = new CompactPath(gridStep(width));
  const draw = geoPath(projection, ctx);
  const measure = geoPath(projection);

  draw(sphere);
  const spherePath = ctx.take();
  const shapes: ProjectedShape[] = [];
  const drawn = new Map<string, number>();
  for (const s of SOURCE_SHAPES) {
    draw(s.feature);
    const d = ctx.take();
    const area = measure.area(s.feature);
    if (d) shapes.push({ code: s.code, d });
    drawn.set(s.code, d ? area : 0);
  }
  const dots: ProjectedDot[] = [];
  for (const code of ISO_CODES) {
    const area = drawn.get(code);
    if (area !== undefined && area >= SMALL_AREA) continue;
    const ll = LATLNG.get(code);
    const xy = ll ? projection([ll[1], ll[0]]) : null;
    if (xy) dots.push({ code, cx: Math.round(xy[0] * 10) / 10, cy: Math.round(xy[1] * 10) / 10 });
  }
  // North to south, then west to east: a stable order for the markup.
  dots.sort((a, b) => a.cy - b.cy || a.cx - b.cx);
  const dotted = new Set(dots.map((d) => d.code));
  return { width, height, sphere: spherePath, shapes, dots, dotted, r: Math.max(2, Math.round(width / 160) / 2) };
}

const projected = new Map<number, ProjectedMap>();

/** The projected geometry for a width, computed on first use and kept (one entry per width used). */
function geometryFor(width: number): ProjectedMap {
  const w = Math.max(160, Math.round(width));
  let g = projected.get(w);
  if (!g) {
    g = project(w);
    projected.set(w, g);
  }
  return g;
}

/** How many widths have their projected geometry cached (for tests: a render at a known width projects nothing). */
export function cachedWidths(): number {
  return projected.size;
}

/** Codes drawn as dots at a width (for tests and for the credits/notes page). */
export function dotCodes(width = 960): string[] {
  return geometryFor(width).dots.map((d) => d.code);
}

/** Codes drawn as shapes at a width. */
export function shapeCodes(width = 960): string[] {
  return geometryFor(width).shapes.map((s) => s.code);
}

// ---------------------------------------------------------------------------------------------
// Component.

function Swatch(props: { className: string }): JSX.Element {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <rect class={`wm-k ${props.className}`} x=".5" y=".5" width="15" height="15" />
    </svg>
  );
}

/** A <figure> with the SVG map and an HTML legend in its <figcaption>. */
export function WorldMap(props: WorldMapProps): JSX.Element {
  const geo = geometryFor(props.width ?? 960);
  const byCode = new Map<string, MapDatum>();
  for (const d of props.data) byCode.set(canonical(d.code), d);
  const highlight = props.mode === 'highlight';
  const classOf = (d: MapDatum | undefined): string =>
    highlight ? (d?.highlighted ? HIGHLIGHT_CLASS : OTHER_CLASS) : bucketOf(d?.value ?? 0);
  const titleId = `${props.id}-title`;
  const descId = `${props.id}-desc`;

  const shapes = geo.shapes.map((s) => {
    const d = byCode.get(s.code);
    // A tiny shape keeps its colour but its tooltip goes on the dot drawn over it.
    return (
      <path d={s.d} class={classOf(d)}>
        {d && !geo.dotted.has(s.code) ? <title>{props.valueLabel(d)}</title> : null}
      </path>
    );
  });
  const dots = geo.dots.flatMap((p) => {
    const d = byCode.get(p.code);
    if (!d) return [];
    return [
      <circle cx={p.cx} cy={p.cy} r={geo.r} class={classOf(d)}>
        <title>{props.valueLabel(d)}</title>
      </circle>,
    ];
  });

  const legend: [string, string][] = highlight
    ? [
        [HIGHLIGHT_CLASS, props.legend.highlighted ?? ''],
        [OTHER_CLASS, props.legend.other ?? props.legend.none],
      ]
    : BUCKETS.map((b) => [b.className, b.min === 0 ? props.legend.none : bucketLabel(b)]);

  return (
    <figure class="wm" id={props.id}>
      <figcaption>
        <span class="wm-title" id={titleId} aria-hidden="true">
          {props.title}
        </span>
        <span class="wm-lt">{props.legend.title}</span>
        <ul class="legend">
          {legend.map(([cls, label]) => (
            <li>
              <Swatch className={cls} />
              {label}
            </li>
          ))}
        </ul>
        {props.credit ? <small class="wm-credit">{props.credit}</small> : null}
        <span class="visually-hidden" id={descId} aria-hidden="true">
          {props.description}
        </span>
      </figcaption>
      <svg
        class="wm-map"
        role="img"
        aria-labelledby={titleId}
        aria-describedby={descId}
        focusable="false"
        viewBox={`0 0 ${geo.width} ${geo.height}`}
        width={geo.width}
        height={geo.height}
      >
        <path class="wm-s" d={geo.sphere} />
        {shapes}
        {dots}
      </svg>
    </figure>
  );
}
