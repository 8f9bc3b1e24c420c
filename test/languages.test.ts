/**
 * The six UN languages: every public page type answers 200 in ar, zh, en, fr, ru and es, with the right
 * `lang` and `dir`, hreflang links to all six, and a language switch to all six; the sitemap names all six.
 *
 * No interface string outside the catalogues — the method: render every page type in ru, ar and zh over the
 * full reference data, drop what is marked as being in another language (any element with a `lang` other than
 * the page's: English data carries lang="en" and its "(in English)" mark), URLs and e-mail addresses, and look
 * for Latin-script words in what is left. A hard-coded English sentence, or English data shown without its
 * lang mark, is found; the only Latin words allowed are the ones the language's own catalogue uses (ISCM Hub,
 * API, JSON, …) and codes/acronyms written in capitals (ISO codes, mechanism acronyms, M49).
 *
 * Pages are rendered on both engines (SQLite and PostgreSQL).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp, loadReference } from '../src/app.js';
import { REFERENCE_DIR } from '../src/reference/part.js';
import { LANG_TAGS, LANGS, type Lang } from '../src/web/i18n.js';
import { ar } from '../src/web/locales/ar.js';
import { ru } from '../src/web/locales/ru.js';
import { zh } from '../src/web/locales/zh.js';
import { createTestDatabase, engines } from './helpers/db.js';

const reference = <T>(file: string): T => JSON.parse(readFileSync(join(REFERENCE_DIR, file), 'utf8')) as T;

/** One URL (after the language prefix) per public page type. */
function pageTypes(): string[] {
  const meetings = reference<{ meetings: { id: string; series: string | null }[] }>('meetings.json').meetings;
  const series = meetings.find((m) => m.series)!.series!;
  return [
    '/',
    '/?asOf=2019-04-05',
    '/mechanisms',
    '/mechanisms?region=053',
    '/mechanisms/colombo-process',
    '/mechanisms/budapest-process?asOf=2010-01-01',
    '/countries',
    '/countries/LKA',
    '/map',
    '/map?mechanism=colombo-process',
    '/overlaps',
    '/timeline',
    '/themes',
    '/meetings',
    `/meetings/${meetings[0]!.id}`,
    `/series/${series}`,
    '/history/mechanism/colombo-process',
    '/sign-in',
    '/reset',
    '/documents',
    `/documents/${reference<{ id: string }[]>('documents.json')[0]!.id}`,
    '/search?q=Colombo',
    '/data',
  ];
}

// ------------------------------------------------------------------ visible text outside other-language marks
const VOID = new Set(['area', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) =>
    e.startsWith('#x')
      ? String.fromCodePoint(parseInt(e.slice(2), 16))
      : e.startsWith('#')
        ? String.fromCodePoint(Number(e.slice(1)))
        : (ENTITIES[e] ?? all),
  );

/** Removes every element (with its content) whose `lang` is not `tag`. */
export function dropOtherLanguages(html: string, tag: string): string {
  let out = html;
  // `lang` without a value (how Preact writes lang="") marks text of unknown language: not the page's either.
  const open = /<([a-z0-9]+)\b[^>]*?\slang(?:="([^"]*)")?(?=[\s/>])[^>]*>/gi;
  for (let guard = 0; guard < 100000; guard++) {
    open.lastIndex = 0;
    let m: RegExpExecArray | null;
    let found: RegExpExecArray | null = null;
    while ((m = open.exec(out))) {
      if ((m[2] ?? '') !== tag) {
        found = m;
        break;
      }
    }
    if (!found) return out;
    const name = found[1]!.toLowerCase();
    const start = found.index;
    let end = start + found[0].length;
    if (!VOID.has(name) && !found[0].endsWith('/>')) {
      const re = new RegExp(`<${name}\\b[^>]*>|</${name}>`, 'gi');
      re.lastIndex = end;
      let depth = 1;
      end = out.length;
      for (let x = re.exec(out); x; x = re.exec(out)) {
        depth += x[0].startsWith('</') ? -1 : 1;
        if (depth === 0) {
          end = x.index + x[0].length;
          break;
        }
      }
    }
    out = out.slice(0, start) + ' ' + out.slice(end);
  }
  throw new Error('too many marked elements');
}

export function visibleOwnText(html: string, tag: string): string {
  // The <head> (title, meta description) cannot mark a name as being in another language: out of scope here.
  let h = html
    .replace(/<head>[\s\S]*?<\/head>/i, ' ')
    .replace(/<script\b[\s\S]*?<\/script>/gi, ' ')
    .replace(/<style\b[\s\S]*?<\/style>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ');
  h = dropOtherLanguages(h, tag);
  const parts: string[] = [];
  for (const m of h.matchAll(/<meta\s[^>]*name="description"[^>]*content="([^"]*)"/gi)) parts.push(m[1]!);
  for (const m of h.matchAll(/\s(?:title|alt|aria-label|placeholder)="([^"]*)"/gi)) parts.push(m[1]!);
  // <option> text of a select whose option carries no lang is the page's; the rest is text between tags.
  parts.push(h.replace(/<[^>]*>/g, ' '));
  return decode(parts.join(' \n '))
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, ' ')
    .replace(/\b[\w-]+(\.(?=[\w-]*[a-z])[\w-]+)+\b/gi, ' ') // a source's host name (iom.int, info.5y1.org)
    .replace(/(^|\s)\/[\w/.{}-]+/g, ' ') // a path shown as such (/api/docs)
    .replace(/\s+/g, ' ');
}

const LATIN_WORD = /[A-Za-z][A-Za-z’'-]*[A-Za-z]|[A-Za-z]/g;

function catalogueWords(cat: object): Set<string> {
  const words = new Set<string>();
  const walk = (x: unknown): void => {
    // The same words as latinWords() finds (a hyphenated name such as world-countries is one word).
    if (typeof x === 'string') for (const w of x.matchAll(LATIN_WORD)) words.add(w[0]);
    else if (x && typeof x === 'object') Object.values(x).forEach(walk);
  };
  walk(cat);
  return words;
}

/** Latin-script words in `text` that are neither in `allowed` nor a code or acronym in capitals. */
export function latinWords(text: string, allowed: Set<string>): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(LATIN_WORD)) {
    const w = m[0];
    if (allowed.has(w)) continue;
    if (/^[A-Z0-9-]+$/.test(w)) continue; // SEN, IGAD, M49, JSON: codes and acronyms
    if (w.length === 1) continue; // a lone letter (a list marker, "x")
    found.push(`${w} «${text.slice(Math.max(0, m.index - 40), m.index + w.length + 40).trim()}»`);
  }
  return found;
}

const OWN: Partial<Record<Lang, object>> = { ru, ar, zh };

describe('every page type in the six UN languages', async () => {
  for (const { engine, skip } of await engines()) {
    describe(engine, { skip }, () => {
      let app: FastifyInstance;
      let dispose: () => Promise<void>;
      before(async () => {
        const t = await createTestDatabase(engine);
        await loadReference(t.db);
        app = await buildApp({ database: t });
        dispose = () => t.dispose();
      });
      after(async () => {
        await app.close();
        await dispose();
      });

      it('answers 200 with lang, dir, hreflang to all six and a switch to all six', async () => {
        const problems: string[] = [];
        for (const p of pageTypes()) {
          for (const lang of LANGS) {
            const url = `/${lang}${p}`;
            const res = await app.inject({ method: 'GET', url });
            if (res.statusCode !== 200) {
              problems.push(`${url}: ${res.statusCode}`);
              continue;
            }
            const html = res.body;
            const root = /<html lang="([^"]+)" dir="([^"]+)"/.exec(html);
            if (root?.[1] !== LANG_TAGS[lang]) problems.push(`${url}: lang=${root?.[1]}`);
            if (root?.[2] !== (lang === 'ar' ? 'rtl' : 'ltr')) problems.push(`${url}: dir=${root?.[2]}`);
            const path = p.split('?')[0];
            for (const l of LANGS) {
              const alt = new RegExp(
                `<link rel="alternate" hreflang="${LANG_TAGS[l]}" href="[^"]*/${l}${path === '/' ? '/' : path}`,
              );
              if (!alt.test(html)) problems.push(`${url}: no hreflang ${LANG_TAGS[l]}`);
              if (!new RegExp(`<a href="/${l}${path === '/' ? '/' : path}[^"]*" hreflang="${LANG_TAGS[l]}"`).test(html))
                problems.push(`${url}: no switch to ${l}`);
            }
          }
        }
        assert.deepEqual(problems, []);
      });

      it('a page that does not exist answers 404 in each language, in that language', async () => {
        for (const lang of LANGS) {
          const res = await app.inject({ method: 'GET', url: `/${lang}/mechanisms/no-such-mechanism` });
          assert.equal(res.statusCode, 404);
          assert.match(res.body, new RegExp(`<html lang="${LANG_TAGS[lang]}"`));
        }
        assert.match((await app.inject({ method: 'GET', url: '/ru/mechanisms/nope' })).body, /Страница не найдена/);
        assert.match((await app.inject({ method: 'GET', url: '/ar/mechanisms/nope' })).body, /الصفحة غير موجودة/);
      });

      it('the sitemap lists every page in all six languages, each with hreflang to all six and x-default', async () => {
        const xml = (await app.inject({ method: 'GET', url: '/sitemap.xml' })).body;
        for (const l of LANGS) {
          assert.match(xml, new RegExp(`<loc>[^<]*/${l}/mechanisms/colombo-process</loc>`));
          assert.match(xml, new RegExp(`hreflang="${LANG_TAGS[l]}" href="[^"]*/${l}/countries/LKA"`));
        }
        const block = /<url><loc>[^<]*\/zh\/countries\/LKA<\/loc>(.*?)<\/url>/.exec(xml)![1]!;
        const tags = [...block.matchAll(/hreflang="([^"]+)"/g)].map((m) => m[1]);
        assert.deepEqual(tags.sort(), [...LANGS.map((l) => LANG_TAGS[l]), 'x-default'].sort());
      });

      it('region names come from CLDR, country names from the package, numbers from Intl', async () => {
        const list = (await app.inject({ method: 'GET', url: '/ru/mechanisms' })).body;
        assert.match(list, /Австралазия/); // 053, CLDR's name (M49 says "Australia and New Zealand")
        assert.doesNotMatch(list, /Australia and New Zealand/);
        const countries = (await app.inject({ method: 'GET', url: '/zh/countries' })).body;
        assert.match(countries, /斯里兰卡/);
        assert.match(countries, /亚洲/);
        const lka = (await app.inject({ method: 'GET', url: '/ar/countries/LKA' })).body;
        assert.match(lka, /سريلانكا/);
        assert.match(lka, /جنوب آسيا/);
        const profile = (await app.inject({ method: 'GET', url: '/fr/mechanisms/colombo-process' })).body;
        assert.doesNotMatch(profile, /Jaccard \d\.\d\d/);
        assert.match(profile, /\(Jaccard \d,\d\d\)/);
      });
    });
  }
});

describe('no interface string outside the catalogues (ru, ar, zh pages, over the full reference data)', () => {
  let app: FastifyInstance;
  let dispose: () => Promise<void>;
  before(async () => {
    const t = await createTestDatabase('sqlite');
    await loadReference(t.db);
    app = await buildApp({ database: t });
    dispose = () => t.dispose();
  });
  after(async () => {
    await app.close();
    await dispose();
  });

  it('the scan finds an English sentence and English data without its mark, and passes marked data', () => {
    const allowed = catalogueWords(ru);
    const page = (body: string) => `<html lang="ru"><head><title>Механизмы</title></head><body>${body}</body></html>`;
    assert.deepEqual(latinWords(visibleOwnText(page('<p>Механизмы</p>'), 'ru'), allowed), []);
    assert.ok(latinWords(visibleOwnText(page('<p>Members on 2020</p>'), 'ru'), allowed).length >= 2);
    assert.ok(latinWords(visibleOwnText(page('<td>Colombo Process</td>'), 'ru'), allowed).length === 2);
    assert.deepEqual(
      latinWords(
        visibleOwnText(
          page(
            '<td><span lang="en">Colombo Process <small>(на английском языке)</small></span> IGAD <a href="https://x.org/a">x</a></td>',
          ),
          'ru',
        ),
        allowed,
      ),
      [],
    );
    // hreflang="en" on a <link> is not a lang mark
    assert.match(
      visibleOwnText(page('<link rel="alternate" hreflang="en" href="/en/"><p>Остаток</p>'), 'ru'),
      /Остаток/,
    );
  });

  for (const lang of ['ru', 'ar', 'zh'] as const) {
    it(`${lang}: every page type and every mechanism profile`, async () => {
      const allowed = catalogueWords(OWN[lang]!);
      const mechanisms = reference<{ id: string }[]>('mechanisms.json').map((m) => `/mechanisms/${m.id}`);
      const findings: string[] = [];
      for (const p of [...pageTypes(), ...mechanisms]) {
        const url = `/${lang}${p}`;
        const res = await app.inject({ method: 'GET', url });
        assert.equal(res.statusCode, 200, url);
        const words = latinWords(visibleOwnText(res.body, LANG_TAGS[lang]), allowed);
        if (words.length) findings.push(`${url}:\n    ${[...new Set(words)].slice(0, 8).join('\n    ')}`);
      }
      assert.deepEqual(
        findings,
        [],
        `${findings.length} page(s) show Latin-script text not marked as another language:\n${findings.slice(0, 25).join('\n')}`,
      );
    });
  }
});
