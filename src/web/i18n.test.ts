import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { en } from './locales/en.js';
import { es } from './locales/es.js';
import { fr } from './locales/fr.js';
import { ar } from './locales/ar.js';
import { ru } from './locales/ru.js';
import { zh } from './locales/zh.js';
import { LANG_TAGS, LANGS, negotiate, translator, type Lang } from './i18n.js';

const CATALOGUES: Record<Lang, object> = { en, fr, es, ar, ru, zh };
const PLURAL = /_(zero|one|two|few|many|other)$/;

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [p] : [];
  });
}

describe('message catalogues', () => {
  it('all six catalogues have exactly the keys of en (plural forms aside), and no empty string', () => {
    const base = keys(en).sort();
    const plain = (list: string[]) => [...new Set(list.map((k) => k.replace(PLURAL, '_#')))].sort();
    for (const lang of LANGS) {
      const own = keys(CATALOGUES[lang]);
      assert.deepEqual(plain(own), plain(base), `${lang}: keys differ from en`);
      // Every en key is there (one/other/many included), and no extra key that is not a plural form.
      assert.deepEqual(
        base.filter((k) => !own.includes(k)),
        [],
        `${lang}: missing keys`,
      );
      for (const k of keys(CATALOGUES[lang])) {
        const v = k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], CATALOGUES[lang]);
        assert.ok(typeof v === 'string' && v.trim().length > 0, `${lang}: empty ${k}`);
      }
    }
  });

  it('every plural key has each plural form its language needs (Intl.PluralRules)', () => {
    const pluralKeys = [
      ...new Set(
        keys(en)
          .filter((k) => PLURAL.test(k))
          .map((k) => k.replace(PLURAL, '')),
      ),
    ];
    assert.ok(pluralKeys.length >= 5);
    const missing: string[] = [];
    for (const lang of LANGS) {
      const own = new Set(keys(CATALOGUES[lang]));
      const forms = new Intl.PluralRules(LANG_TAGS[lang]).resolvedOptions().pluralCategories;
      for (const k of pluralKeys) for (const f of forms) if (!own.has(`${k}_${f}`)) missing.push(`${lang}: ${k}_${f}`);
    }
    assert.deepEqual(missing, []);
  });

  it('the key check fails on a missing key', () => {
    const broken = JSON.parse(JSON.stringify(ru)) as { common: Record<string, string> };
    delete broken.common.search;
    assert.ok(!keys(broken).includes('common.search') && keys(ru).includes('common.search'));
  });

  it('every literal key the code translates exists in the catalogue', () => {
    const known = new Set(keys(en).map((k) => k.replace(/_(one|other|many)$/, '')));
    const missing: string[] = [];
    for (const file of sources(new URL('../', import.meta.url).pathname)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\('([a-zA-Z_.-]+)'/g)) {
        if (!known.has(m[1]!)) missing.push(`${file}: ${m[1]}`);
      }
    }
    assert.deepEqual(missing, []);
  });

  it('plurals and interpolation work in each language', () => {
    assert.equal(translator('en')('common.results', { count: 1 }), '1 result');
    assert.equal(translator('fr')('common.results', { count: 3 }), '3 résultats');
    assert.equal(translator('es')('map.value', { name: 'Perú', count: 1 }), 'Perú: 1 mecanismo');
    assert.equal(translator('ru')('map.value', { name: 'Перу', count: 3 }), 'Перу: 3 механизма');
    assert.equal(translator('ru')('map.value', { name: 'Перу', count: 5 }), 'Перу: 5 механизмов');
    assert.equal(translator('ar')('common.results', { count: 2 }), 'نتيجتان');
    assert.equal(translator('ar')('common.results', { count: 5 }), '5 نتائج');
    assert.equal(translator('zh')('common.results', { count: 5 }), '5 个结果');
  });

  it('negotiates the language from Accept-Language', () => {
    assert.equal(negotiate('fr-CH, fr;q=0.9, en;q=0.8'), 'fr');
    assert.equal(negotiate('de-DE, es;q=0.5'), 'es');
    assert.equal(negotiate('de'), 'en');
    assert.equal(negotiate('ar-EG,ar;q=0.9'), 'ar');
    assert.equal(negotiate('zh-CN, en;q=0.5'), 'zh');
    assert.equal(negotiate('ru-RU'), 'ru');
    assert.equal(negotiate(undefined), 'en');
  });
});
