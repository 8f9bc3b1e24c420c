/** Achievements on both engines: the load, the API's filters, facets and paging against the data file, problems, sections, search records. */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadReference } from '../app.js';
import { allCountries } from '../registry/countries.js';
import { REFERENCE_DIR, ReferenceError } from '../reference/part.js';
import { createTestDatabase, engines, type TestDatabase } from '../../test/helpers/db.js';
import { datasetWith, MINI } from '../../test/helpers/reference.js';
import { referenceApp, type Json } from '../../test/helpers/app.js';
import { achievementIndexer } from './feature.js';
import type { AchievementRecord, StructureRecord } from './reference.js';
import * as store from './store.js';

const FILE = JSON.parse(readFileSync(join(REFERENCE_DIR, 'achievements.json'), 'utf8')) as AchievementRecord[];
const count = (pred: (a: AchievementRecord) => boolean) => FILE.filter(pred).length;
const STRUCTURES = JSON.parse(readFileSync(join(REFERENCE_DIR, 'structures.json'), 'utf8')) as StructureRecord[];
const MEETINGS = (
  JSON.parse(readFileSync(join(REFERENCE_DIR, 'meetings.json'), 'utf8')) as {
    meetings: { mechanism: string | null; status: string }[];
  }
).meetings;
const REGION = new Map(allCountries().map((c) => [c.code, c.region_code]));

for (const { engine, skip } of await engines()) {
  describe(`achievements on ${engine}`, { skip }, () => {
    const ctx = referenceApp(engine);
    const { get, ok } = ctx;

    it('loads all 182 achievements with their countries and sources, and loading twice changes nothing', async () => {
      assert.equal(FILE.length, 182);
      assert.equal(await store.countAchievements(ctx.t.db), 182);
      assert.equal((await store.allCountryLinks(ctx.t.db)).length, FILE.flatMap((a) => a.countries).length);
      assert.equal((await store.allSourceLinks(ctx.t.db)).length, FILE.flatMap((a) => a.sources).length);
      const rows = await store.allAchievements(ctx.t.db);
      assert.equal(rows.filter((r) => r.confidence === 'high').length, 140);
      assert.equal(
        rows.filter((r) => r.compilation_note !== null).length,
        count((a) => a.compilation_note !== null),
      );
      const again = await loadReference(ctx.t.db);
      assert.deepEqual(again.impact.achievements, {
        changed: false,
        inserted: 0,
        updated: 0,
        removed: 0,
        unchanged: 182,
      });
    });

    it('filters by mechanism, lens, type, level, country, region and year, as the data file says', async () => {
      const mech = FILE[0]!.mechanism;
      const country = FILE.find((a) => a.countries.length > 0)!.countries[0]!;
      const region = REGION.get(country)!;
      const cases: [string, number][] = [
        [`mechanism=${mech}`, count((a) => a.mechanism === mech)],
        ['lens=policy-impact', 91],
        ['lens=sustainable-structures', 58],
        ['lens=partnership-models', 33],
        ['type=declaration', count((a) => a.type === 'declaration')],
        ['level=interregional', count((a) => a.level === 'interregional')],
        [`country=${country}`, count((a) => a.countries.includes(country))],
        [`region=${region}`, count((a) => a.countries.some((c) => REGION.get(c) === region))],
        ['region=none', count((a) => a.countries.length === 0)],
        ['year=2016', count((a) => a.year === '2016')],
        ['lens=policy-impact&level=regional', count((a) => a.lens === 'policy-impact' && a.level === 'regional')],
      ];
      for (const [q, expected] of cases) {
        assert.ok(expected > 0, `${q}: the case selects something`);
        const body = await ok(`/api/v1/achievements?${q}&limit=500`);
        assert.equal(body.total, expected, q);
        assert.equal((body.items as Json[]).length, expected, q);
      }
    });

    it('gives facet counts over the selection, as from the data file', async () => {
      const facets = (await ok('/api/v1/achievements?limit=1')).facets as Record<
        string,
        { value: string; count: number }[]
      >;
      assert.deepEqual(
        facets.lens!.map((f) => [f.value, f.count]),
        [
          ['policy-impact', 91],
          ['sustainable-structures', 58],
          ['partnership-models', 33],
        ],
      );
      const types = Object.fromEntries(facets.type!.map((f) => [f.value, f.count]));
      for (const k of new Set(FILE.map((a) => a.type)))
        assert.equal(
          types[k],
          count((a) => a.type === k),
          k,
        );
      assert.equal(
        facets.year!.reduce((s, f) => s + f.count, 0),
        count((a) => a.year !== null),
      );
      assert.equal(new Set(facets.mechanism!.map((f) => f.value)).size, 44);
      const none = facets.region!.find((f) => f.value === 'none');
      assert.equal(
        none?.count,
        count((a) => a.countries.length === 0),
      );
    });

    it('pages with limit and cursor through every achievement once, newest first', async () => {
      const seen: string[] = [];
      let url: string | null = '/api/v1/achievements?limit=70';
      while (url) {
        const body: Json = await ok(url);
        seen.push(...(body.items as Json[]).map((d) => String(d.id)));
        url = body.nextCursor ? `/api/v1/achievements?limit=70&cursor=${body.nextCursor as string}` : null;
      }
      assert.equal(seen.length, 182);
      assert.equal(new Set(seen).size, 182);
      const first = (await ok('/api/v1/achievements?limit=1')).items as Json[];
      const newest = FILE.map((a) => a.year)
        .filter((y): y is string => y !== null)
        .sort()
        .at(-1);
      assert.equal(String(first[0]!.year), newest);
    });

    it('asOf keeps achievements of a year up to its year and says how many undated ones it left out', async () => {
      const body = await ok('/api/v1/achievements?asOf=2010-06-30&limit=1');
      assert.equal(
        body.total,
        count((a) => a.year !== null && Number(a.year) <= 2010),
      );
      assert.equal(
        body.undatedLeftOut,
        count((a) => a.year === null),
      );
    });

    it('one achievement: its facts, sources and compilation note; an unknown id is a 404 problem', async () => {
      const a = FILE.find((x) => x.compilation_note !== null && x.countries.length > 0)!;
      const body = await ok(`/api/v1/achievements/${a.id}`);
      assert.equal(body.title, a.title);
      assert.equal((body.mechanism as Json).id, a.mechanism);
      assert.equal(body.year, a.year === null ? null : Number(a.year));
      assert.deepEqual(body.countries, a.countries);
      assert.deepEqual(body.sources, a.sources);
      assert.equal(body.evidence, a.evidence);
      assert.equal(body.confidence, a.confidence);
      assert.equal(body.compilationNote, a.compilation_note);
      const missing = await get('/api/v1/achievements/no-such-achievement');
      assert.equal(missing.status, 404);
      assert.match(String(missing.headers['content-type']), /problem\+json/);
      assert.match(String(missing.body.detail), /no-such-achievement/);
    });

    it('a bad filter value is a 400 naming the parameter', async () => {
      for (const [q, name] of [
        ['lens=impact', 'lens'],
        ['type=memo', 'type'],
        ['level=local', 'level'],
        ['mechanism=no-such-mechanism', 'mechanism'],
        ['country=Senegal', 'country'],
        ['country=ZZZ', 'country'],
        ['region=999', 'region'],
        ['year=20x6', 'year'],
        ['asOf=2020-13-01', 'asOf'],
        ['limit=0', 'limit'],
        ['cursor=bogus', 'cursor'],
        ['colour=red', 'colour'],
      ]) {
        const r = await get(`/api/v1/achievements?${q}`);
        assert.equal(r.status, 400, `${q}: ${r.raw}`);
        assert.match(String(r.headers['content-type']), /problem\+json/);
        const errors = (r.body.errors ?? []) as { name: string }[];
        assert.ok(
          errors.some((e) => e.name === name),
          `${q}: ${r.raw}`,
        );
      }
    });

    it('the OpenAPI document describes both routes', async () => {
      const spec = await ok('/api/openapi.json');
      const paths = spec.paths as Json;
      assert.ok(paths['/api/v1/achievements'] && paths['/api/v1/achievements/{id}']);
      assert.ok(((spec.components as Json).schemas as Json).AchievementSummary);
    });

    it('mechanism and country profiles show their achievements; the page and one achievement render', async () => {
      const a = FILE.find((x) => x.countries.includes('SEN'))!;
      const mech = await ctx.app.inject({ method: 'GET', url: `/en/mechanisms/${a.mechanism}` });
      assert.equal(mech.statusCode, 200);
      assert.match(mech.body, /Achievements of this mechanism/);
      assert.ok(mech.body.includes(`/en/achievements/${a.id}`));
      const sen = await ctx.app.inject({ method: 'GET', url: '/fr/countries/SEN' });
      assert.equal(sen.statusCode, 200);
      assert.match(sen.body, /Réalisations dont les sources citent ce pays/);
      assert.ok(sen.body.includes(`/fr/achievements/${a.id}`));
      const list = await ctx.app.inject({ method: 'GET', url: '/en/achievements?lens=partnership-models' });
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /33 results/);
      assert.equal((list.body.match(/<svg class="bc"/g) ?? []).length, 5, 'five charts');
      assert.equal((list.body.match(/<table>/g) ?? []).length, 5, 'each with its table');
      const one = await ctx.app.inject({ method: 'GET', url: `/es/achievements/${a.id}` });
      assert.equal(one.statusCode, 200);
      assert.ok(one.body.includes(a.evidence.slice(0, 40).replaceAll('&', '&amp;')));
      const bad = await ctx.app.inject({ method: 'GET', url: '/en/achievements?lens=nope' });
      assert.equal(bad.statusCode, 400);
    });

    it('structures: 45 loaded, on profiles field by field (unknown said so), compared with patterns from the data', async () => {
      assert.equal((await store.allStructures(ctx.t.db)).length, 45);
      const again = await loadReference(ctx.t.db);
      assert.deepEqual(again.impact.structures, { changed: false, inserted: 0, updated: 0, removed: 0, unchanged: 45 });
      const berne = await ctx.app.inject({ method: 'GET', url: '/en/mechanisms/berne-initiative' });
      assert.match(berne.body, /How it is built/);
      assert.match(
        berne.body,
        /<dt>Funding<\/dt><dd><span class="muted">Not known: no source found states it.<\/span>/,
      );
      assert.match(berne.body, /Hosted by IOM/);
      const page = await ctx.app.inject({ method: 'GET', url: '/en/structures' });
      assert.equal(page.statusCode, 200);
      const iom = STRUCTURES.filter((x) => x.secretariat_model?.value === 'IOM-hosted').length;
      const unknown = STRUCTURES.filter((x) => x.secretariat_model === null).length;
      assert.ok(
        page.body.includes(
          `Of the 45 mechanisms with a structure record, ${iom} are served by a secretariat hosted by IOM; for ${unknown} the secretariat model is not known.`,
        ),
      );
      const written = STRUCTURES.filter((x) => x.written_rules !== null).length;
      assert.ok(page.body.includes(`Mechanisms with written rules a source shows: ${written};`));
      const held = MEETINGS.filter((m) => m.mechanism === 'colombo-process' && m.status === 'held').length;
      const row = /<tr><th scope="row"><a href="\/en\/mechanisms\/colombo-process"[^]*?<\/tr>/.exec(
        page.body.slice(page.body.indexOf('id="cadence"')),
      )?.[0];
      assert.ok(row, 'a cadence row for the Colombo Process');
      assert.ok(row.includes(`<td class="num">${held}</td>`), row);
      const fr = await ctx.app.inject({ method: 'GET', url: '/fr/structures' });
      assert.match(fr.body, /Hébergé par l’OIM/);
    });

    it('search records: one per achievement, found by the search', async () => {
      const records = await achievementIndexer.records(ctx.t.db);
      assert.equal(records.length, 182);
      const a = FILE.find((x) => x.year !== null)!;
      const r = records.find((x) => x.id === a.id)!;
      assert.equal(r.titles[0]!.text, a.title);
      assert.deepEqual(r.facets.mechanism, [a.mechanism]);
      assert.deepEqual(r.facets.year, [Number(a.year)]);
      assert.equal(r.path, `/achievements/${a.id}`);
      const found = await ok(`/api/v1/search?q=${encodeURIComponent('ACP Observatory on Migration')}&type=achievement`);
      assert.ok(
        JSON.stringify(found).includes('acpeu-acp-observatory-migration-2010'),
        JSON.stringify(found).slice(0, 500),
      );
    });
  });

  describe(`achievements.json checks on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase(engine);
    });
    after(async () => {
      await t.dispose();
    });
    const rec = (over: Partial<AchievementRecord> = {}): AchievementRecord => ({
      id: 'alpha-observatory-2024',
      mechanism: 'alpha-process',
      title: 'Alpha Observatory',
      type: 'institution',
      level: 'regional',
      year: '2024',
      countries: ['SEN'],
      lens: 'sustainable-structures',
      evidence: 'An observatory was set up.',
      sources: ['src-d75cf69047'],
      confidence: 'high',
      compilation_note: null,
      ...over,
    });
    const withFile = (items: unknown[]) => datasetWith({ 'achievements.json': items });

    it('a dataset without achievements.json loads none; a good one loads', async () => {
      await loadReference(t.db, MINI);
      assert.equal(await store.countAchievements(t.db), 0);
      const s = await loadReference(t.db, withFile([rec()]));
      assert.equal(s.impact.achievements.inserted, 1);
      assert.equal(await store.countAchievements(t.db), 1);
    });

    it('a bad record is refused with its record and field named, and nothing is written', async () => {
      const cases: [unknown, string, RegExp][] = [
        [rec({ mechanism: 'no-such' }), 'mechanism', /unknown mechanism/],
        [rec({ sources: ['src-0000000000'] }), 'sources.0', /unknown source/],
        [rec({ countries: ['SEN', 'ZZZ'] }), 'countries.1', /unknown country/],
        [rec({ lens: 'impact' as AchievementRecord['lens'] }), 'lens', /./],
        [rec({ year: '24' }), 'year', /./],
        [rec({ sources: [] }), 'sources', /./],
        [{ ...rec(), colour: 'red' }, '-', /colour/],
      ];
      for (const [bad, field, message] of cases) {
        const err = await loadReference(t.db, withFile([bad])).then(
          () => null,
          (e: unknown) => e,
        );
        assert.ok(err instanceof ReferenceError, `${field}: expected a ReferenceError`);
        const p = err.problems.find((x) => x.file === 'achievements.json' && x.field === field);
        assert.ok(p, `${field}: ${err.message}`);
        assert.equal(p.record, 'alpha-observatory-2024');
        assert.match(p.message, message);
        assert.equal(await store.countAchievements(t.db), 1, 'nothing written');
      }
      const struct = (over: Record<string, unknown>) => {
        const dir = withFile([rec()]);
        writeFileSync(
          join(dir, 'structures.json'),
          JSON.stringify([
            {
              ...STRUCTURES.find((x) => x.id === 'berne-initiative')!,
              id: 'alpha-process',
              mechanism: 'alpha-process',
              secretariat_model: { value: 'IOM-hosted', sources: ['src-d75cf69047'], note: null, basis: null },
              secretariat: null,
              chair_rotation: null,
              meeting_cadence: null,
              ...over,
            },
          ]),
        );
        return dir;
      };
      assert.equal((await loadReference(t.db, struct({}))).impact.structures.inserted, 1);
      for (const [over, field] of [
        [
          { secretariat_model: { value: 'shared', sources: ['src-d75cf69047'], note: null, basis: null } },
          'secretariat_model.value',
        ],
        [{ funding: { value: 'EU', sources: [], note: null, basis: null } }, 'funding.sources'],
        [{ funding: { value: 'EU', sources: ['src-0000000000'], note: null, basis: null } }, 'funding.sources.0'],
        [{ mechanism: 'no-such', id: 'no-such' }, 'mechanism'],
      ] as const) {
        const err = await loadReference(t.db, struct(over)).catch((e: unknown) => e);
        assert.ok(err instanceof ReferenceError, field);
        assert.ok(
          err.problems.some((x) => x.file === 'structures.json' && x.field === field),
          `${field}: ${err.message}`,
        );
        assert.equal((await store.allStructures(t.db)).length, 1, 'nothing written');
      }
      const dup = await loadReference(t.db, withFile([rec(), rec()])).catch((e: unknown) => e);
      assert.ok(dup instanceof ReferenceError && dup.problems.some((x) => x.message === 'duplicate id'));
    });
  });
}
