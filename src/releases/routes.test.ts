/**
 * Releases over HTTP on both engines (the list, the files from any origin, the stable latest URL, 404s
 * naming what is missing) and the open-data page in Chromium (reached from the footer, licence and
 * attributions, a link to each release, axe clean); the map shows its credits.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { buildApp, loadReference } from '../app.js';
import { axeViolations, browserUnavailable, launch, listenLocally } from '../../test/helpers/browser.js';
import { createTestDatabase, engines, type TestDatabase } from '../../test/helpers/db.js';
import { MINI } from '../../test/helpers/reference.js';
import { buildRelease } from './service.js';

for (const { engine, skip } of await engines()) {
  describe(`release routes (${engine})`, { skip }, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    const dir = mkdtempSync(join(tmpdir(), 'iscm-release-http-'));
    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db, MINI);
      app = await buildApp({ database: t, releasesDir: dir });
    });
    after(async () => {
      await app?.close();
      await t?.dispose();
    });

    it('no release yet: the list is empty, latest is a 404 naming the file, the page says so', async () => {
      const list = await app.inject('/api/v1/releases');
      assert.equal(list.statusCode, 200);
      assert.deepEqual(list.json(), { total: 0, items: [], nextCursor: null, latest: null });
      const latest = await app.inject('/data/releases/latest/datapackage.json');
      assert.equal(latest.statusCode, 404);
      assert.match(latest.headers['content-type'] as string, /problem\+json/);
      assert.match(latest.body, /latest\/datapackage\.json/);
      const page = await app.inject('/en/data');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /No release has been published yet/);
    });

    it('lists releases, serves their files to any origin, and the latest URL redirects to the newest', async () => {
      await buildRelease(t.db, dir, '2026-11-30');
      await t.db
        .updateTable('mechanism')
        .set({ website: 'https://beta.example.org/' })
        .where('id', '=', 'beta-forum')
        .execute();
      await buildRelease(t.db, dir, '2026-12-01');
      const list = await app.inject({ url: '/api/v1/releases', headers: { origin: 'https://elsewhere.example' } });
      const body = list.json<{ items: { version: string; url: string; files: { name: string; url: string }[] }[] }>();
      assert.deepEqual(
        body.items.map((r) => r.version),
        ['2026-12-01', '2026-11-30'],
      );
      assert.equal(list.headers['access-control-allow-origin'], '*');
      const csvFile = body.items[0]!.files.find((f) => f.name === 'mechanism.csv')!;
      const res = await app.inject({ url: csvFile.url, headers: { origin: 'https://elsewhere.example' } });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8');
      assert.equal(res.headers['access-control-allow-origin'], '*');
      assert.equal(res.headers['cross-origin-resource-policy'], 'cross-origin');
      assert.match(res.headers['cache-control'] as string, /immutable/);
      assert.equal(res.body, readFileSync(join(dir, '2026-12-01', 'mechanism.csv'), 'utf8'));
      assert.match(res.body, /beta\.example\.org/);
      // The earlier release is kept as it was.
      const old = await app.inject('/data/releases/2026-11-30/mechanism.csv');
      assert.equal(old.statusCode, 200);
      assert.doesNotMatch(old.body, /beta\.example\.org/);

      const latest = await app.inject('/data/releases/latest/participation.csv');
      assert.equal(latest.statusCode, 302);
      assert.equal(latest.headers.location, '/data/releases/2026-12-01/participation.csv');

      for (const [url, what] of [
        ['/data/releases/2026-12-09/mechanism.csv', '2026-12-09/mechanism.csv'],
        ['/data/releases/2026-12-01/no_such_table.csv', '2026-12-01/no_such_table.csv'],
        ['/data/releases/2026-12-01/..%2F..%2Fetc%2Fpasswd', '2026-12-01/../../etc/passwd'],
      ] as const) {
        const r = await app.inject(url);
        assert.equal(r.statusCode, 404, url);
        assert.ok(r.body.includes(JSON.stringify(what).slice(1, -1)) || r.body.includes(what), r.body);
      }
    });

    it('the data page: licence, attributions, each release, in the reader’s language; the footer links it', async () => {
      const en = await app.inject('/en/data');
      assert.match(en.body, /CC BY 4\.0/);
      assert.match(en.body, /Open Database License \(ODbL 1\.0\)/);
      assert.match(en.body, /Natural Earth/);
      assert.match(en.body, /href="\/data\/releases\/2026-11-30\/datapackage\.json"/);
      assert.match(en.body, /href="\/data\/releases\/latest\/datapackage\.json"/);
      assert.match(en.body, /href="\/data\/releases\/2026-12-01\/membership_panel\.csv"/);
      const fr = await app.inject('/fr/data');
      assert.match(fr.body, /Données ouvertes/);
      assert.match(fr.body, /Version du 1 décembre 2026|Version du 1er décembre 2026/);
      const home = await app.inject('/es/');
      assert.match(home.body, /<a href="\/es\/data">Datos abiertos<\/a>/);
      const map = await app.inject('/en/map');
      assert.match(map.body, /Map: Natural Earth \(public domain\)[^<]*world-countries \(ODbL\)/);
    });
  });
}

describe('open-data page in Chromium', { skip: browserUnavailable() }, () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let browser: Browser;
  let base = '';
  before(async () => {
    t = await createTestDatabase('sqlite');
    await loadReference(t.db, MINI);
    const dir = mkdtempSync(join(tmpdir(), 'iscm-release-e2e-'));
    await buildRelease(t.db, dir, '2026-12-01');
    app = await buildApp({ database: t, releasesDir: dir });
    base = await listenLocally(app);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await t?.dispose();
  });

  it('reached from the footer without JavaScript; its table links download; axe finds nothing', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/en/`);
    await Promise.all([page.waitForURL(/\/en\/data$/), page.click('footer a:has-text("Open data")')]);
    assert.equal(await page.locator('h1').textContent(), 'Open data');
    const link = page.locator('a[href$="/membership_panel.csv"]');
    const res = await page.request.get(base + (await link.getAttribute('href'))!);
    assert.equal(res.status(), 200);
    assert.match((await res.text()).split('\n')[0]!, /^country_code,mechanism_id,year,role,cow_code,certainty/);
    await context.close();
    for (const lang of ['en', 'fr', 'es']) assert.deepEqual(await axeViolations(browser, `${base}/${lang}/data`), []);
  });
});
