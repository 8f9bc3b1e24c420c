/** Interface languages: i18next over typed catalogues (locales/*.ts), one fixed translator per request. */
import i18next, { type TFunction } from 'i18next';
import { en } from './locales/en.js';
import { es } from './locales/es.js';
import { fr } from './locales/fr.js';
import { ar } from './locales/ar.js';
import { ru } from './locales/ru.js';
import { zh } from './locales/zh.js';

/** The six official languages of the United Nations, in the UN's order (the path prefix of every page). */
export const LANGS = ['ar', 'zh', 'en', 'fr', 'ru', 'es'] as const;
export type Lang = (typeof LANGS)[number];
/** Each language named in itself, for the language switch. */
export const LANG_NAMES: Record<Lang, string> = {
  ar: 'العربية',
  zh: '中文',
  en: 'English',
  fr: 'Français',
  ru: 'Русский',
  es: 'Español',
};
/**
 * The BCP 47 tag of each language for `lang`, `hreflang` and `Intl`. Chinese is written in Simplified
 * characters, which is a script, not a country: `zh-Hans` says exactly that (zh-CN would say "as used in
 * China", and would not describe the same text read in Singapore or at the UN).
 */
export const LANG_TAGS: Record<Lang, string> = { ar: 'ar', zh: 'zh-Hans', en: 'en', fr: 'fr', ru: 'ru', es: 'es' };
/** Open Graph locales (language_TERRITORY, as the protocol asks). */
export const OG_LOCALES: Record<Lang, string> = {
  ar: 'ar_AR',
  zh: 'zh_CN',
  en: 'en_GB',
  fr: 'fr_FR',
  ru: 'ru_RU',
  es: 'es_ES',
};
/** Writing direction of each language. */
export const dirOf = (lang: Lang): 'rtl' | 'ltr' => (lang === 'ar' ? 'rtl' : 'ltr');

export function isLang(value: string | undefined): value is Lang {
  return value !== undefined && (LANGS as readonly string[]).includes(value);
}

const instance = i18next.createInstance();
void instance.init({
  resources: {
    en: { translation: en },
    fr: { translation: fr },
    es: { translation: es },
    ar: { translation: ar },
    ru: { translation: ru },
    zh: { translation: zh },
  },
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: [...LANGS],
  interpolation: { escapeValue: false }, // Preact escapes on render
  initAsync: false,
  returnNull: false,
});

export type T = TFunction;
/**
 * A page calls t() thousands of times with the same few hundred keys: a key without options always
 * gives the same string, so it is looked up once per language; calls with options (plurals,
 * interpolation) go to i18next each time.
 */
function memoised(lang: Lang): T {
  const t = instance.getFixedT(lang);
  const plain = new Map<string, string>();
  const fast = ((key: string | string[], ...rest: unknown[]) => {
    if (rest.length === 0 && typeof key === 'string') {
      let v = plain.get(key);
      if (v === undefined) {
        v = (t as (k: string) => string)(key);
        plain.set(key, v);
      }
      return v;
    }
    return (t as unknown as (...a: unknown[]) => string)(key, ...rest);
  }) as unknown as T;
  return fast;
}
const fixed = new Map<Lang, T>(LANGS.map((l) => [l, memoised(l)]));
export function translator(lang: Lang): T {
  return fixed.get(lang)!;
}

/** The best interface language for an Accept-Language header. */
export function negotiate(acceptLanguage: string | undefined): Lang {
  const wanted = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', q] = part.trim().split(';q=');
      return { lang: tag.slice(0, 2).toLowerCase(), q: q === undefined ? 1 : Number(q) };
    })
    .sort((a, b) => b.q - a.q);
  return (wanted.find((w) => isLang(w.lang))?.lang as Lang | undefined) ?? 'en';
}
