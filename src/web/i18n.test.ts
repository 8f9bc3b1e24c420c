import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { en } from './locales/en.js';
import { es } from './locales/es.js';
import { fr } from './locales/fr.js';
import { negotiate, translator } from './i18n.js';

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [p] : [];
  });
}

describe('message catalogues', () => {
  it('fr and es have exactly the keys of en, and no empty string', () => {
    const base = keys(en).sort();
    assert.deepEqual(keys(fr).sort(), base);
    assert.deepEqual(keys(es).sort(), base);
    for (const cat of [en, fr, es]) {
      for (const k of keys(cat)) {
        const v = k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], cat);
        assert.ok(typeof v === 'string' && v.trim().length > 0, `empty ${k}`);
      }
    }
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
  });

  it('negotiates the language from Accept-Language', () => {
    assert.equal(negotiate('fr-CH, fr;q=0.9, en;q=0.8'), 'fr');
    assert.equal(negotiate('de-DE, es;q=0.5'), 'es');
    assert.equal(negotiate('de'), 'en');
    assert.equal(negotiate(undefined), 'en');
  });
});
