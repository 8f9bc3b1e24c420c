/** Dates and numbers in the page language. Partial dates keep their precision. */
import type { Lang } from './i18n.js';

const cache = new Map<string, Intl.DateTimeFormat>();
function fmt(lang: Lang, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = lang + JSON.stringify(opts);
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(lang, { ...opts, timeZone: 'UTC' })));
  return f;
}

/** "2014" → "2014"; "2014-10" → "October 2014"; "2014-10-16" → "16 October 2014" (in the page language). */
export function formatDate(value: string | null, lang: Lang): string {
  if (value === null) return '';
  if (value.length === 4) return value;
  const d = new Date(`${value.length === 7 ? `${value}-01` : value.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return value;
  return value.length === 7 ? fmt(lang, { month: 'long', year: 'numeric' }).format(d) : fmt(lang, { dateStyle: 'long' }).format(d);
}

export function formatNumber(value: number, lang: Lang, digits = 0): string {
  return new Intl.NumberFormat(lang, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);
}
