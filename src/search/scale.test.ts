/**
 * Search when a word is everywhere (issue 13 bench: `q=migration` stopped the bench): more matches than the
 * service reads in full. The first pages must be the ones exact ranking gives, the totals and facets must
 * count every match, deep pages must still answer, and records are read from the index version's cache.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataVersion } from '../db/data-version.js';
import { createTestDatabase, engines, type TestDatabase } from '../../test/helpers/db.js';
import { fold, parseQuery, score, type SearchIndexer, type SearchRecord } from './model.js';
import { SearchService } from './service.js';

const N = 1200;
const WORDS = ['border', 'labour', 'return', 'asylum', 'diaspora', 'remittances', 'trafficking', 'visa'];

/** Records that all hold "migration": a few in their title, most in their body, some twice in the body. */
function records(): SearchRecord[] {
  return Array.from({ length: N }, (_, i): SearchRecord => {
    const w = WORDS[i % WORDS.length]!;
    const title =
      i % 97 === 0 ? `Migration and ${w} ${i}` : i % 41 === 0 ? `Report on ${w} migration ${i}` : `Note ${w} ${i}`;
    return {
      type: 'note',
      id: `n${String(i).padStart(5, '0')}`,
      titles: [{ text: title, lang: 'en' }],
      bodies: [
        {
          text: `${i % 3 === 0 ? 'Migrations' : 'Migration'} policy on ${w}, page ${i}. ${i % 5 === 0 ? 'Migrating people.' : ''}`,
          lang: 'en',
        },
      ],
      lang: 'en',
      facets: { year: [2000 + (i % 20)], kind: i % 2 ? 'odd' : 'even' },
      path: `/notes/${i}`,
    };
  });
}
const indexer: SearchIndexer = { type: 'note', version: 1, records: async () => records() };

for (const { engine, skip } of await engines()) {
  describe(`search at scale on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let search: SearchService;
    before(async () => {
      t = await createTestDatabase(engine);
      search = new SearchService(t.db, [indexer], DataVersion.of(t.db));
    });
    after(() => t.dispose());

    /** The order exact ranking of every record gives (the service's order before bounding). */
    function exact(q: string, filter: (r: SearchRecord) => boolean = () => true) {
      const parsed = parseQuery(q, new Set());
      return records()
        .map((r) => ({ r, ...score(r, parsed) }))
        .filter((x) => x.matched === parsed.groups.length && filter(x.r))
        .sort(
          (a, b) =>
            b.score - a.score ||
            (fold(a.r.titles[0]!.text) < fold(b.r.titles[0]!.text) ? -1 : 1) ||
            (a.r.id < b.r.id ? -1 : 1),
        );
    }

    it('a word in every record: the first pages as exact ranking gives them, totals and facets of all', async () => {
      const want = exact('migration');
      assert.equal(want.length, N);
      for (const page of [1, 2, 3]) {
        const r = await search.search({ q: 'migration', page, limit: 20 });
        assert.equal(r.total, N);
        assert.deepEqual(
          r.items.map((h) => [h.id, h.score]),
          want.slice((page - 1) * 20, page * 20).map((x) => [x.r.id, x.score]),
          `page ${page}`,
        );
      }
      const r = await search.search({ q: 'migration' });
      assert.deepEqual(
        r.facets.kind.map((f) => [f.value, f.count]),
        [
          ['even', N / 2],
          ['odd', N / 2],
        ],
      );
      assert.equal(
        r.facets.year.reduce((n, f) => n + f.count, 0),
        N,
      );
    });

    it('with a filter, the filtered matches are ranked and counted', async () => {
      const want = exact('migration', (r) => r.facets.kind === 'odd');
      const r = await search.search({ q: 'migration', kind: 'odd', limit: 10 });
      assert.equal(r.total, N / 2);
      assert.deepEqual(
        r.items.map((h) => h.id),
        want.slice(0, 10).map((x) => x.r.id),
      );
    });

    it('a deep page answers, with snippets and highlights', async () => {
      const r = await search.search({ q: 'migration', page: 50, limit: 20 });
      assert.equal(r.items.length, 20);
      for (const h of r.items) assert.match(h.snippetHtml ?? '', /<mark>Migrations?<\/mark>/);
    });

    it('two words, both everywhere, and a rare one', async () => {
      const r = await search.search({ q: 'migration policy' });
      assert.equal(r.total, N);
      assert.equal(r.items[0]!.id, exact('migration policy')[0]!.r.id);
      const rare = await search.search({ q: 'diaspora migration' });
      assert.deepEqual(
        rare.items.map((h) => h.id),
        exact('diaspora migration')
          .slice(0, 20)
          .map((x) => x.r.id),
      );
    });
  });
}
