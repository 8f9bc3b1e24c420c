/** Interface languages: i18next over typed catalogues (locales/*.ts), one fixed translator per request. */
import i18next, { type TFunction } from 'i18next';
import { en } from './locales/en.js';
import { es } from './locales/es.js';
import { fr } from './locales/fr.js';

export const LANGS = ['en', 'fr', 'es'] as const;
export type Lang = (typeof LANGS)[number];
export const LANG_NAMES: Record<Lang, string> = { en: 'English', fr: 'Français', es: 'Español' };

export function isLang(value: string | undefined): value is Lang {
  return value !== undefined && (LANGS as readonly string[]).includes(value);
}

const instance = i18next.createInstance();
void instance.init({
  resources: { en: { translation: en }, fr: { translation: fr }, es: { translation: es } },
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: [...LANGS],
  interpolation: { escapeValue: false }, // Preact escapes on render
  initAsync: false,
  returnNull: false,
});

export type T = TFunction;
const fixed = new Map<Lang, T>(LANGS.map((l) => [l, instance.getFixedT(l)]));
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
  return wanted.find((w) => isLang(w.lang))?.lang as Lang | undefined ?? 'en';
}
