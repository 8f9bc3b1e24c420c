/**
 * One search over everything, on the reference dataset, on SQLite and PostgreSQL: the "done when"
 * queries, typos, accents, stems, facets, paging, bad input, an indexer plugged in from outside, the rebuild
 * when the data version changes, and the same answers on both engines.
 */
import { DataVersion } from '../db/data-version.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp, loadReference } from '../app.js';
import { recordLoad } from '../reference/load.js';
import { createTestDatabase, engines, type TestDatabase } from '../../test/helpers/db.js';
import { coreIndexers } from './indexers.js';
import { editDistance, fold, parseQuery, snippetHtml, stem, terms, type SearchIndexer } from './model.js';
import { SearchService } from './service.js';

interface Hit {
  type: string;
  id: string;
  title: string;
  path: string | null;
  score: number;
  snippetHtml: string | null;
}
interface Result {
  total: number;
  partial: boolean;
  items: Hit[];
  nextCursor: string | null;
  pages: number;
  facets: Record<string, { value: string; count: number }[]>;
}

const QUERIES = [
  'Colombo Process',
  'Colombo Proces',
  'colombo PROCESS',
  'Senegal',
  'Sénégal',
  'GRCP 8',
  'ICMPD',
  'Proceso de Puebla',
  'migrations',
  'déclaration',
  'Budapest Process&type=mechanism',
  'Geneva&type=meeting&limit=5',
  'Rabat&limit=3&page=2',
  'Bangkok Shelter',
];

describe('search model', () => {
  it('folds accents and case, stems per language, measures typos', () => {
    assert.equal(fold('Sénégal'), 'senegal');
    assert.equal(fold('CÔTE D’IVOIRE'), 'cote d’ivoire');
    assert.equal(stem('migrations', 'en'), 'migrat');
    assert.equal(stem('declarations', 'fr'), 'declar');
    assert.equal(stem('migraciones', 'es'), 'migracion');
    assert.deepEqual(terms({ text: 'Déclarations', lang: 'fr' }), ['declarations', 'declar']);
    assert.equal(editDistance('proces', 'process', 1), 1);
    assert.equal(editDistance('procses', 'process', 1), 1); // a transposition is one typo
    assert.equal(editDistance('prices', 'process', 1), 2);
  });

  it('a word one typo from a name word matches it; stopwords go when other words remain', () => {
    const q = parseQuery('the Colombo Proces', new Set(['colombo', 'process', 'processes']));
    assert.deepEqual(
      q.groups.map((g) => g.word),
      ['colombo', 'proces'],
    );
    assert.deepEqual([...q.groups[1]!.fuzzy].sort(), ['process']);
    assert.equal(q.groups[1]!.prefix, true);
  });

  it('snippets escape the text and mark only the matches', () => {
    assert.equal(
      snippetHtml({ text: '<b>Rabat</b> & "Process"', highlights: [[3, 8]] }),
      '&lt;b&gt;<mark>Rabat</mark>&lt;/b&gt; &amp; &quot;Process&quot;',
    );
  });
});

const results = new Map<string, Map<string, Result>>();

for (const { engine, skip } of await engines()) {
  describe(`search on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db);
      app = await buildApp({ database: t });
    });
    after(async () => {
      await app?.close();
      await t?.dispose();
    });
    const search = async (qs: string): Promise<Result> => {
      const res = await app.inject({ method: 'GET', url: `/api/v1/search?q=${qs}` });
      assert.equal(res.statusCode, 200, `${qs}: ${res.body}`);
      return res.json<Result>();
    };
    const problem = async (qs: string) => {
      const res = await app.inject({ method: 'GET', url: `/api/v1/search?${qs}` });
      assert.equal(res.statusCode, 400, `${qs}: ${res.statusCode} ${res.body}`);
      return JSON.stringify(res.json());
    };

    it('"Colombo Process" has the Colombo Process first, in any case; "Colombo Proces" still finds it', async () => {
      for (const q of ['Colombo%20Process', 'colombo%20PROCESS', 'Colombo%20Proces', 'Colmbo%20Process']) {
        const r = await search(q);
        assert.equal(`${r.items[0]?.type}:${r.items[0]?.id}`, 'mechanism:colombo-process', q);
        assert.equal(r.items[0]?.path, '/mechanisms/colombo-process');
      }
    });

    it('"Senegal" and "Sénégal" find the country first; the title follows the interface language', async () => {
      for (const q of ['Senegal', 'S%C3%A9n%C3%A9gal', 'SENEGAL']) {
        const r = await search(q);
        assert.equal(`${r.items[0]?.type}:${r.items[0]?.id}`, 'country:SEN', q);
      }
      const fr = await app.inject({ method: 'GET', url: '/fr/search?q=S%C3%A9n%C3%A9gal' });
      assert.equal(fr.statusCode, 200);
      assert.match(fr.body, /<a href="\/fr\/countries\/SEN">Sénégal<\/a>/);
      const es = await app.inject({ method: 'GET', url: '/es/search?q=Senegal' });
      assert.match(es.body, /<a href="\/es\/countries\/SEN">Senegal<\/a>/);
      // The query is the reader's own words: marked as of no known language inside the sentence.
      assert.match(es.body, /resultados para «<span lang>Senegal<\/span>»/);
    });

    it('"GRCP 8" finds the meeting first', async () => {
      const r = await search('GRCP%208');
      assert.equal(`${r.items[0]?.type}:${r.items[0]?.id}`, 'meeting:grcp-8');
      assert.match(r.items[0]!.title, /Eighth Global Meeting/);
    });

    it('"ICMPD" finds the organization first, then the mechanisms it supports', async () => {
      const r = await search('ICMPD&limit=100');
      assert.equal(`${r.items[0]?.type}:${r.items[0]?.id}`, 'organization:icmpd');
      const supported = (
        await t.db.selectFrom('mechanism').select(['id', 'supporting_orgs', 'secretariat_org']).execute()
      )
        .filter((m) => m.secretariat_org === 'icmpd' || (JSON.parse(m.supporting_orgs) as string[]).includes('icmpd'))
        .map((m) => m.id)
        .sort();
      assert.ok(supported.length >= 3, `ICMPD supports ${supported.join(', ')}`);
      const next = r.items.slice(1, 1 + supported.length);
      assert.deepEqual(next.map((h) => h.id).sort(), supported, 'the mechanisms ICMPD supports come right after it');
      assert.ok(next.every((h) => h.type === 'mechanism'));
    });

    it('stems: "migrations" finds "migration"; a French word finds its French name', async () => {
      const r = await search('migrations&type=mechanism&limit=100');
      assert.ok(r.total > 10, `only ${r.total}`);
      const fr = await search('Processus%20de%20Rabat');
      assert.equal(fr.items[0]?.id, 'rabat-process');
    });

    it('names and titles rank above body text', async () => {
      const r = await search('Rabat&limit=100');
      const first = r.items.findIndex((h) => h.type === 'mechanism' && h.id === 'rabat-process');
      assert.equal(first, 0);
      const bodyOnly = r.items.filter((h) => !/rabat/i.test(h.title));
      for (const h of bodyOnly) assert.ok(h.score < r.items[0]!.score);
    });

    it('snippets mark the words found and escape the text', async () => {
      const r = await search('Geneva&type=meeting');
      const withSnippet = r.items.find((h) => h.snippetHtml);
      assert.ok(withSnippet, 'a snippet');
      assert.match(withSnippet.snippetHtml!, /<mark>Geneva<\/mark>/);
      assert.doesNotMatch(withSnippet.snippetHtml!.replace(/<\/?mark>/g, ''), /[<>]/);
    });

    it('facets count the matches; a filter narrows to its count', async () => {
      const all = await search('migration&limit=1');
      const types = all.facets.type!;
      assert.equal(
        types.reduce((s, f) => s + f.count, 0),
        all.total,
      );
      for (const { value, count } of types) {
        const one = await search(`migration&type=${value}&limit=100`);
        assert.equal(one.total, count, value);
        assert.ok(one.items.every((h) => h.type === value));
        // the facet of the filtered dimension still shows the other values
        assert.deepEqual(one.facets.type, types);
      }
      const year = all.facets.year![0]!;
      const inYear = await search(`migration&year=${year.value}&limit=1`);
      assert.equal(inYear.total, year.count);
    });

    it('pages: page 2 and the cursor give the next items', async () => {
      const ten = await search('migration&limit=10');
      const p1 = await search('migration&limit=5');
      const p2 = await search('migration&limit=5&page=2');
      const c2 = await search(`migration&limit=5&cursor=${p1.nextCursor}`);
      assert.deepEqual(
        [...p1.items, ...p2.items].map((h) => h.id),
        ten.items.map((h) => h.id),
      );
      assert.deepEqual(c2.items, p2.items);
      assert.equal(p1.pages, Math.ceil(p1.total / 5));
    });

    it('bad input is a 400 that names what is wrong', async () => {
      assert.match(await problem('q=x&type=nope'), /type \\"nope\\" is not one of mechanism, country/);
      assert.match(await problem('q=x&mechanism=no-such'), /mechanism \\"no-such\\" is not a mechanism id/);
      assert.match(await problem('q=x&kind=nope'), /kind \\"nope\\" is not one of/);
      assert.match(await problem('type=mechanism'), /q/);
      assert.match(await problem('q=%20%20'), /q is empty/);
      assert.match(await problem('q=x&page=2&cursor=abc'), /page or cursor, not both/);
      assert.match(await problem('q=x&cursor=bm9wZQ'), /cursor \\"bm9wZQ\\" is not a cursor/);
      assert.match(await problem('q=x&limit=1000'), /limit/);
      assert.match(await problem('q=x&lang=de'), /lang/);
      const page = await app.inject({ method: 'GET', url: '/en/search?q=x&year=20x' });
      assert.equal(page.statusCode, 400);
      assert.match(page.body, /year &quot;20x&quot; is not a whole number|year "20x" is not a whole number/);
    });

    it('nothing found says so in the page language', async () => {
      const r = await search('zzqqxx');
      assert.equal(r.total, 0);
      const fr = await app.inject({ method: 'GET', url: '/fr/search?q=zzqqxx' });
      assert.match(fr.body, /Rien n’a été trouvé pour « <span lang>zzqqxx<\/span> »/);
    });

    it("the header search box goes to the search page, named apart from the search page's own form", async () => {
      const res = await app.inject({ method: 'GET', url: '/fr/' });
      assert.match(
        res.body,
        /<form class="search" role="search" aria-label="Rechercher dans tout le site" method="get" action="\/fr\/search">/,
      );
      const page = await app.inject({ method: 'GET', url: '/fr/search?q=Senegal' });
      assert.match(page.body, /<form class="search-page" role="search" aria-label="Recherche" method="get"/);
    });

    it('another feature plugs in its records through an indexer; snippets stay escaped', async () => {
      // Version 99: not the app's own documents indexer (version 1), so the index is rebuilt with this one.
      const documents: SearchIndexer = {
        type: 'document',
        version: 99,
        records: () =>
          Promise.resolve([
            {
              type: 'document',
              id: 'valletta-action-plan',
              titles: [{ text: 'Valletta Action Plan', lang: 'en' }],
              bodies: [{ text: 'Paragraph 12: <script>alert(1)</script> déclarations on migrants', lang: 'fr' }],
              lang: 'en',
              facets: { mechanism: ['rabat-process'], year: [2015], kind: 'action-plan' },
              path: '/documents/valletta-action-plan',
            },
          ]),
      };
      const service = new SearchService(t.db, [...coreIndexers, documents], DataVersion.of(t.db, 0));
      const r = await service.search({ q: 'Valletta Action Plan' });
      assert.equal(`${r.items[0]?.type}:${r.items[0]?.id}`, 'document:valletta-action-plan');
      const d = await service.search({ q: 'declaration script', type: 'document' });
      assert.equal(d.total, 1);
      assert.match(d.items[0]!.snippetHtml!, /&lt;<mark>script<\/mark>&gt;alert\(1\)&lt;\/<mark>script<\/mark>&gt;/);
      assert.match(d.items[0]!.snippetHtml!, /<mark>déclarations<\/mark>/);
      assert.equal((await service.search({ q: 'Valletta', kind: 'action-plan' })).total, 1);
      // the app's own service (without the indexer) rebuilds the index back: the set of indexers is in its version
      const back = await search('Valletta%20Action%20Plan&type=mechanism');
      assert.ok(back.items.every((h) => h.type !== 'document'));
      assert.match(await problem('q=Valletta&type=commitment'), /type \\"commitment\\" is not one of/);
    });

    it('the index is rebuilt when the data version changes', async () => {
      const service = new SearchService(t.db, coreIndexers, DataVersion.of(t.db, 0));
      assert.equal((await service.search({ q: 'Xylotrek' })).total, 0);
      await t.db
        .updateTable('mechanism')
        .set({ common_name: 'Xylotrek' })
        .where('id', '=', 'colombo-process')
        .execute();
      // same data version: the index is not rebuilt
      assert.equal((await service.search({ q: 'Xylotrek' })).total, 0);
      await t.db.transaction().execute((tx) => recordLoad(tx, 'test', new Date().toISOString(), {}));
      const r = await service.search({ q: 'Xylotrek' });
      assert.equal(r.items[0]?.id, 'colombo-process');
      await t.db
        .updateTable('mechanism')
        .set({ common_name: 'Colombo Process' })
        .where('id', '=', 'colombo-process')
        .execute();
      await t.db.transaction().execute((tx) => recordLoad(tx, 'test2', new Date(Date.now() + 1000).toISOString(), {}));
      assert.equal((await service.search({ q: 'Xylotrek' })).total, 0);
    });

    it('follows the data-version signal: a write bumped in this process is found at once', async () => {
      const version = DataVersion.of(t.db, 60_000); // the database is not re-read on a clock: only bump() moves it
      const service = new SearchService(t.db, coreIndexers, version);
      assert.equal((await service.search({ q: 'Quornwell' })).total, 0);
      await t.db
        .updateTable('mechanism')
        .set({ common_name: 'Quornwell' })
        .where('id', '=', 'colombo-process')
        .execute();
      assert.equal((await service.search({ q: 'Quornwell' })).total, 0, 'no bump: the index is not looked at again');
      version.bump();
      assert.equal((await service.search({ q: 'Quornwell' })).items[0]?.id, 'colombo-process');
      await t.db
        .updateTable('mechanism')
        .set({ common_name: 'Colombo Process' })
        .where('id', '=', 'colombo-process')
        .execute();
      version.bump();
      assert.equal((await service.search({ q: 'Quornwell' })).total, 0);
    });

    it('a change replaces only its own records; a sync that fails leaves the index stale-stamped, then fixed', async () => {
      // An incremental indexer over a table of the test's own (its rows the "records"): what it was asked for is kept.
      const rows = new Map([
        ['a', 'Zephyrine accord'],
        ['b', 'Quillomat compact'],
      ]);
      let asked: string[] = [];
      let failNext = false;
      const notes: SearchIndexer = {
        type: 'note',
        version: 1,
        records: () => Promise.reject(new Error('the incremental path is used')),
        incremental: {
          stamps: () => Promise.resolve(new Map([...rows].map(([id, text]) => [id, text]))),
          records: (_db, ids) => {
            asked.push(...ids);
            if (failNext) {
              failNext = false;
              return Promise.reject(new Error('crash in the middle of a sync'));
            }
            return Promise.resolve(
              ids.map((id) => ({
                type: 'note',
                id,
                titles: [{ text: rows.get(id)!, lang: 'en' as const }],
                bodies: [],
                lang: 'en' as const,
                facets: {},
                path: null,
              })),
            );
          },
        },
      };
      let n = 0;
      const version = new DataVersion(() => Promise.resolve(`v${n}`), 0);
      const service = new SearchService(t.db, [...coreIndexers, notes], version);
      assert.equal((await service.search({ q: 'Zephyrine' })).items[0]?.id, 'a');
      assert.deepEqual(asked.sort(), ['a', 'b']); // first sync under this format: a full build
      asked = [];
      rows.set('b', 'Quillomat treaty');
      n++;
      assert.equal((await service.search({ q: 'treaty', type: 'note' })).items[0]?.id, 'b');
      assert.deepEqual(asked, ['b'], 'only the changed record was read');
      assert.deepEqual(service.lastSync, { rebuilt: false, replaced: 1, removed: 0 });
      // A crash mid-sync: nothing of it is kept, and the index keeps its old data stamp, so the next query syncs.
      asked = [];
      rows.delete('a');
      rows.set('b', 'Quillomat charter');
      failNext = true;
      n++;
      await assert.rejects(service.search({ q: 'charter' }), /crash in the middle/);
      const stamp = await t.db.selectFrom('search_meta').select('value').where('name', '=', 'data').executeTakeFirst();
      assert.match(stamp?.value ?? '', /^v1\b/, 'the failed sync did not stamp the index');
      assert.equal(
        (await t.db.selectFrom('search_record').select('key').where('key', '=', 'note:a').execute()).length,
        1,
        'its delete was rolled back',
      );
      const r = await service.search({ q: 'charter' });
      assert.equal(r.items[0]?.id, 'b');
      assert.equal((await service.search({ q: 'Zephyrine', type: 'note' })).total, 0, 'a record gone is removed');
      assert.deepEqual(service.lastSync, { rebuilt: false, replaced: 1, removed: 1 });
      // An explicit full rebuild reads every record again.
      asked = [];
      await service.refresh(true);
      assert.deepEqual(asked, ['b']);
      assert.equal(service.lastSync?.rebuilt, true);
    });

    it('answers the comparison queries (kept for the engine parity test)', async () => {
      const out = new Map<string, Result>();
      for (const q of QUERIES) out.set(q, await search(q.replace(/ /g, '%20')));
      results.set(engine, out);
      assert.equal(out.size, QUERIES.length);
    });
  });
}

describe('search parity', () => {
  it('SQLite and PostgreSQL give the same results, facets and snippets', async (ctx) => {
    const lite = results.get('sqlite');
    const pg = results.get('postgres');
    assert.ok(lite, 'the SQLite run answered');
    if (!pg) {
      if (process.env.CI === 'true') assert.fail('PostgreSQL did not run');
      ctx.skip('PostgreSQL not reachable');
      return;
    }
    for (const q of QUERIES) {
      assert.ok(lite.get(q)!.total > 0 || q === 'Bangkok Shelter', `${q} found something`);
      assert.deepEqual(pg.get(q), lite.get(q), q);
    }
  });
});
