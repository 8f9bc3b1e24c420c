/**
 * The header menu and the home page's "Explore" cards are composed from what every feature contributes
 * (Feature.nav, web/nav.ts): the shell lists no feature's path itself.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { siteNav, exploreEntries, menuEntries } from '../src/web/nav.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';

describe('navigation contributed by the features', () => {
  it('sorts entries by order, keeps menu-only and explore-only apart, and refuses a path given twice', () => {
    const nav = siteNav([
      [{ path: '/b', label: 'nav.b', order: 20 }],
      [
        { path: '/', label: 'nav.home', order: 0 },
        { path: '/c', label: 'nav.c', order: 10, menu: false },
      ],
    ]);
    assert.deepEqual(
      nav.map((e) => e.path),
      ['/', '/c', '/b'],
    );
    assert.deepEqual(
      menuEntries(nav).map((e) => e.path),
      ['/', '/b'],
    );
    assert.deepEqual(
      exploreEntries(nav).map((e) => e.path),
      ['/c', '/b'],
    );
    assert.throws(
      () => siteNav([[{ path: '/b', label: 'x', order: 1 }], [{ path: '/b', label: 'y', order: 2 }]]),
      /"\/b" is contributed by two features/,
    );
  });

  let t: TestDatabase;
  let app: FastifyInstance;
  before(async () => {
    t = await createTestDatabase('sqlite');
    app = await buildApp({ database: t });
  });
  after(async () => {
    await app.close();
    await t.dispose();
  });

  const menuOf = (html: string) =>
    [.../<nav[^>]*class="main-nav"[^>]*>(.*?)<\/nav>/s.exec(html)![1]!.matchAll(/href="\/fr([^"]*)"/g)].map(
      (m) => m[1],
    );
  const exploreOf = (html: string) =>
    [.../<section aria-labelledby="explore">(.*?)<\/section>/s.exec(html)![1]!.matchAll(/href="\/fr([^"]*)"/g)].map(
      (m) => m[1],
    );

  it("the header menu lists every feature's entries in order, on every page, the current one marked", async () => {
    const res = await app.inject({ method: 'GET', url: '/fr/meetings' });
    assert.equal(res.statusCode, 200);
    const menu = menuOf(res.body);
    assert.deepEqual(menu, [
      '/',
      '/mechanisms',
      '/countries',
      '/meetings',
      '/documents',
      '/achievements',
      '/map',
      '/overlaps',
      '/timeline',
      '/themes',
    ]);
    assert.match(res.body, /<a href="\/fr\/meetings" aria-current="page">Réunions<\/a>/);
    assert.deepEqual(menuOf((await app.inject({ method: 'GET', url: '/fr/documents' })).body), menu);
    const missing = await app.inject({ method: 'GET', url: '/fr/mechanisms/no-such-mechanism' });
    assert.equal(missing.statusCode, 404);
    assert.deepEqual(menuOf(missing.body), menu);
  });

  it('the home page offers every entry but home as a card, including those not in the menu', async () => {
    const home = (await app.inject({ method: 'GET', url: '/fr/' })).body;
    const cards = exploreOf(home);
    assert.ok(!cards.includes('/'));
    for (const p of ['/mechanisms', '/meetings', '/documents', '/achievements', '/structures', '/themes'])
      assert.ok(cards.includes(p), `${p} is among the cards: ${cards.join(' ')}`);
    assert.match(home, />Structures<\/a>/);
    assert.ok(!menuOf(home).includes('/structures'));
  });
});
