/**
 * /sitemap.xml is composed by the root from what every feature contributes (Feature.sitemap): registry pages,
 * meetings and series, documents, achievements and the structures comparison, search and the data page, each in
 * all six languages with hreflang alternates to all six and x-default, and with its lastmod where the day it last
 * changed is known (a profile, a meeting, a series, a document, an achievement, the structures); every listed page
 * answers 200.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp, loadReference } from '../src/app.js';
import { createTestDatabase, engines, type TestDatabase } from './helpers/db.js';

const LANGS = ['ar', 'zh', 'en', 'fr', 'ru', 'es'];

for (const { engine, skip } of await engines()) {
  describe(`sitemap from the features' contributions (${engine})`, { skip }, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let xml: string;
    let base: string;
    let ids: { meeting: string; series: string; document: string; achievement: string };
    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db);
      app = await buildApp({ database: t });
      const res = await app.inject({ method: 'GET', url: '/sitemap.xml' });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /application\/xml/);
      xml = res.body;
      base = /<loc>(https?:\/\/[^/<]+)\//.exec(xml)![1]!;
      const one = async (table: 'meeting' | 'meeting_series' | 'document' | 'achievement') =>
        (await t.db.selectFrom(table).select('id').orderBy('id').executeTakeFirstOrThrow()).id;
      ids = {
        meeting: await one('meeting'),
        series: await one('meeting_series'),
        document: await one('document'),
        achievement: await one('achievement'),
      };
    });
    after(async () => {
      await app.close();
      await t.dispose();
    });

    /** The <url> element whose <loc> is `path` in `lang`. */
    const urlOf = (lang: string, path: string) => {
      const loc = `/${lang}${path}</loc>`;
      return xml.split('\n').find((line) => line.startsWith('<url>') && line.includes(loc));
    };

    it('lists a meeting, a series, a document, /meetings, /documents, /search, /data and a registry page in every language, with alternates and x-default', () => {
      const paths = [
        `/meetings/${ids.meeting}`,
        `/series/${ids.series}`,
        `/documents/${ids.document}`,
        `/achievements/${ids.achievement}`,
        '/meetings',
        '/documents',
        '/achievements',
        '/structures',
        '/search',
        '/data',
        '/mechanisms/rabat-process',
        '/countries/SEN',
        '/',
      ];
      for (const path of paths)
        for (const lang of LANGS) {
          const url = urlOf(lang, path);
          assert.ok(url, `no <url> for /${lang}${path}`);
          for (const a of LANGS)
            assert.ok(url.includes(`href="${base}/${a}${path}"`), `${lang}${path}: no ${a} alternate`);
          assert.ok(url.includes(`hreflang="x-default" href="${base}/en${path}"`), `${lang}${path}: no x-default`);
          assert.ok(url.includes(`hreflang="zh-Hans" href="${base}/zh${path}"`), `${lang}${path}: no zh-Hans tag`);
        }
    });

    it('lists each page once per language', () => {
      const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
      assert.equal(new Set(locs).size, locs.length, 'a <loc> is listed twice');
      const meetings = (xml.match(/<loc>[^<]*\/en\/meetings\/[^<]+<\/loc>/g) ?? []).length;
      assert.ok(meetings >= 1, `${meetings} meeting pages`);
    });

    it('gives each profile, meeting, series, document, achievement and the structures the day it last changed', async () => {
      const lastmod = (path: string) => /<lastmod>([^<]+)<\/lastmod>/.exec(urlOf('fr', path) ?? '')?.[1];
      const day = (at: string) => at.slice(0, 10);
      const meeting = await t.db
        .selectFrom('meeting')
        .select('updated_at')
        .where('id', '=', ids.meeting)
        .executeTakeFirstOrThrow();
      assert.equal(lastmod(`/meetings/${ids.meeting}`), day(meeting.updated_at));
      const doc = await t.db
        .selectFrom('document')
        .select('updated_at')
        .where('id', '=', ids.document)
        .executeTakeFirstOrThrow();
      assert.equal(lastmod(`/documents/${ids.document}`), day(doc.updated_at));
      const achievement = await t.db
        .selectFrom('achievement')
        .select('updated_at')
        .where('id', '=', ids.achievement)
        .executeTakeFirstOrThrow();
      assert.equal(lastmod(`/achievements/${ids.achievement}`), day(achievement.updated_at));
      // a profile: the day its page says it last changed
      const profile = (await app.inject({ method: 'GET', url: '/en/mechanisms/rabat-process' })).body;
      const shown = /<dd><time datetime="([^"]+)"/.exec(profile)?.[1];
      assert.ok(shown, 'the profile shows no last change');
      assert.equal(lastmod('/mechanisms/rabat-process'), day(shown));
      for (const path of ['/countries/SEN', `/series/${ids.series}`, '/structures'])
        assert.match(lastmod(path) ?? '', /^\d{4}-\d{2}-\d{2}$/, `${path}: no lastmod`);
      // pages computed for today (the lists, the figures) say nothing they cannot know
      for (const path of ['/', '/mechanisms', '/meetings']) assert.equal(lastmod(path), undefined, path);
      const all = [...xml.matchAll(/<lastmod>([^<]+)<\/lastmod>/g)].map((m) => m[1]!);
      assert.ok(all.length > 1000, `${all.length} lastmod`);
      for (const d of all) assert.ok(!Number.isNaN(Date.parse(d)) && /^\d{4}-\d{2}-\d{2}$/.test(d), d);
    });

    it('every page it lists (English, outside the registry) answers 200', async () => {
      const paths = [
        ...xml.matchAll(
          /<loc>https?:\/\/[^/<]+\/en(\/(?:meetings|series|documents|achievements|structures|search|data)[^<]*)<\/loc>/g,
        ),
      ].map((m) => m[1]!);
      assert.ok(paths.length >= 10, `${paths.length} paths`);
      assert.ok(paths.includes('/structures') && paths.includes(`/achievements/${ids.achievement}`));
      for (const path of paths) {
        const res = await app.inject({ method: 'GET', url: `/en${path}` });
        assert.equal(res.statusCode, 200, `/en${path}`);
      }
    });
  });
}
