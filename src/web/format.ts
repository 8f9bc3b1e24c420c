/** Dates and numbers in the page language. Partial dates keep their precision. */
import { LANG_TAGS, type Lang } from './i18n.js';

const cache = new Map<string, Intl.DateTimeFormat>();
function fmt(lang: Lang, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = lang + JSON.stringify(opts);
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(LANG_TAGS[lang], { ...opts, timeZone: 'UTC' })));
  return f;
}

/** "2014" → "2014"; "2014-10" → "October 2014"; "2014-10-16" → "16 October 2014" (in the page language). */
export function formatDate(value: string | null, lang: Lang): string {
  if (value === null) return '';
  if (value.length === 4) return value;
  const d = new Date(`${value.length === 7 ? `${value}-01` : value.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return value;
  return value.length === 7
    ? fmt(lang, { month: 'long', year: 'numeric' }).format(d)
    : fmt(lang, { dateStyle: 'long' }).format(d);
}

const numberFormats = new Map<string, Intl.NumberFormat>();
/** A number in the page language; the formatter made once per language and digits (a matrix formats thousands). */
export function formatNumber(value: number, lang: Lang, digits = 0): string {
  const key = `${lang} ${digits}`;
  let f = numberFormats.get(key);
  if (!f)
    numberFormats.set(
      key,
      (f = new Intl.NumberFormat(LANG_TAGS[lang], { maximumFractionDigits: digits, minimumFractionDigits: digits })),
    );
  return f.format(value);
}

const regionNames = new Map<Lang, Intl.DisplayNames>();
/**
 * A UN M49 region or sub-region (e.g. "002", "053") named in the page language by CLDR, through
 * `Intl.DisplayNames`; undefined when CLDR has no name for the code (the caller keeps the M49 English name).
 */
export function regionName(code: string, lang: Lang): string | undefined {
  let d = regionNames.get(lang);
  if (!d) regionNames.set(lang, (d = new Intl.DisplayNames(LANG_TAGS[lang], { type: 'region', fallback: 'none' })));
  try {
    return d.of(code);
  } catch {
    return undefined;
  }
}

/** A language (BCP 47 code) named by CLDR in the page language, e.g. "fr" → "французский" on a Russian page. */
export function languageName(code: string, lang: Lang): string {
  return new Intl.DisplayNames(LANG_TAGS[lang], { type: 'language' }).of(code) ?? code;
}
