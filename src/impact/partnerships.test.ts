/**
 * Partnerships and the structures API on both engines: the load (the bundled partnerships.json, bad rows refused
 * naming file, row and field, nothing written), /api/v1/partnerships with its filters and paging,
 * /api/v1/structures, the OpenAPI document, the profile section and the network page, and the read matrix.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp, loadReference } from '../app.js';
import { REFERENCE_DIR, ReferenceError } from '../reference/part.js';
import { createTestDatabase, engines, type TestDatabase } from '../../test/helpers/db.js';
import { datasetWith, MINI } from '../../test/helpers/reference.js';
import { referenceApp, type Json } from '../../test/helpers/app.js';
import { ROLES, seedRoleUsers } from '../../test/helpers/roles.js';
import { holdsYear } from './partnerships.js';
import { yearsOf, type PartnershipRecord, type StructureRecord } from './reference.js';
import * as store from './store.js';

const FILE = JSON.parse(readFileSync(join(REFERENCE_DIR, 'partnerships.json'), 'utf8')) as PartnershipRecord[];
const STRUCTURES = JSON.parse(readFileSync(join(REFERENCE_DIR, 'structures.json'), 'utf8')) as StructureRecord[];
const count = (pred: (p: PartnershipRecord) => boolean) => FILE.filter(pred).length;
const involves = (p: PartnershipRecord, m: string) =>
  p.mechanism === m || p.mechanism_a === m || p.mechanism_b === m || p.other_parties.includes(m);
const inYear = (p: PartnershipRecord, y: number) =>
  holdsYear({ firstYear: p.first_year, lastYear: p.last_year, ongoing: p.ongoing }, y);

describe('partnership years', () => {
  it('reads only "YYYY", "YYYY-" and "YYYY-YYYY"; a year holds within them, an ongoing one from its first', () => {
    assert.deepEqual(yearsOf('2015-'), { first: 2015, last: null, ongoing: true });
    assert.deepEqual(yearsOf('2009-2011'), { first: 2009, last: 2011, ongoing: false });
    assert.deepEqual(yearsOf('2010'), { first: 2010, last: 2010, ongoing: false });
    for (const w of ['-', null, 'since the 2000s', '2015-16'])
      assert.deepEqual(yearsOf(w), { first: null, last: null, ongoing: null });
    const p = (firstYear: number | null, lastYear: number | null, ongoing: boolean | null) => ({
      firstYear,
      lastYear,
      ongoing,
    });
    assert.equal(holdsYear(p(2015, null, true), 2024), true);
    assert.equal(holdsYear(p(2015, null, true), 2014), false);
    assert.equal(holdsYear(p(2009, 2011, false), 2011), true);
    assert.equal(holdsYear(p(2009, 2011, false), 2012), false);
    assert.equal(holdsYear(p(null, null, null), 2012), false);
  });
});

for (const { engine, skip } of await engines()) {
  describe(`partnerships on ${engine}`, { skip }, () => {
    const ctx = referenceApp(engine);
    const { get, ok } = ctx;

    it('loads all 188 partnerships with their organizations, other parties and sources; loading twice changes nothing', async () => {
      assert.equal(FILE.length, 188);
      const all = await store.allPartnerships(ctx.t.db);
      assert.equal(all.rows.length, 188);
      assert.equal(all.rows.filter((r) => r.kind === 'mechanism-mechanism').length, 26);
      assert.equal(all.organizations.length, FILE.flatMap((p) => p.organizations).length);
      assert.equal(all.parties.length, FILE.flatMap((p) => p.other_parties).length);
      assert.equal(all.sources.length, FILE.flatMap((p) => p.sources).length);
      // wordings no organization of the table resolves are kept as the research's words
      const unresolved = all.rows.filter(
        (r) => r.kind === 'organization-mechanism' && !all.organizations.some((o) => o.partnership_id === r.id),
      );
      assert.equal(unresolved.length, 32);
      assert.ok(unresolved.every((r) => r.organization_wording !== null));
      const again = await loadReference(ctx.t.db);
      assert.deepEqual(again.impact.partnerships, {
        changed: false,
        inserted: 0,
        updated: 0,
        removed: 0,
        unchanged: 188,
      });
    });

    it('lists them with the mechanism, organization, kind and year filters, as the data file says', async () => {
      const cases: [string, number][] = [
        ['', 188],
        ['kind=mechanism-mechanism', 26],
        ['kind=organization-mechanism', 162],
        ['organization=iom', count((p) => p.organizations.includes('iom'))],
        ['mechanism=rabat-process', count((p) => involves(p, 'rabat-process'))],
        [
          'mechanism=khartoum-process&kind=mechanism-mechanism',
          count((p) => p.kind === 'mechanism-mechanism' && involves(p, 'khartoum-process')),
        ],
        ['year=2015', count((p) => inYear(p, 2015))],
        ['year=2015&organization=unhcr', count((p) => inYear(p, 2015) && p.organizations.includes('unhcr'))],
      ];
      for (const [q, n] of cases) {
        const body = await ok(`/api/v1/partnerships?limit=500&${q}`);
        assert.equal(body.total, n, q);
        assert.equal((body.items as unknown[]).length, n, q);
      }
      assert.equal(
        count((p) => p.organizations.includes('iom')),
        32,
      );
      const rk = (await ok('/api/v1/partnerships?mechanism=rabat-process&kind=mechanism-mechanism&limit=500'))
        .items as Json[];
      const joint = rk.find((p) => p.id === 'rabat-process--khartoum-process')!;
      assert.deepEqual(joint.mechanisms, [
        { id: 'rabat-process', name: (joint.mechanisms as Json[])[0]!.name },
        { id: 'khartoum-process', name: (joint.mechanisms as Json[])[1]!.name },
      ]);
      assert.equal(joint.years, '2015-');
      assert.equal(joint.firstYear, 2015);
      assert.equal(joint.ongoing, true);
      assert.deepEqual(joint.sources, ['src-2560056271', 'src-442a91faf9', 'src-8f9ea38007']);
      assert.match(String(joint.role), /joint follow-up of the Joint Valletta Action Plan/);
      const wording = (await ok('/api/v1/partnerships?limit=500')).items as Json[];
      const adept = wording.find(
        (p) => p.id === 'adept-africa-europe-diaspora-development-platform--africa-eu-migration-mobility-dialogue',
      )!;
      assert.deepEqual(adept.organizations, []);
      assert.equal(adept.organizationWording, 'ADEPT (Africa-Europe Diaspora Development Platform)');
      assert.equal(adept.years, null);
    });

    it('pages with limit and cursor through every partnership once', async () => {
      const seen: string[] = [];
      let url: string | null = '/api/v1/partnerships?limit=40';
      while (url) {
        const body: Json = await ok(url);
        seen.push(...(body.items as Json[]).map((p) => String(p.id)));
        url = body.nextCursor ? `/api/v1/partnerships?limit=40&cursor=${body.nextCursor as string}` : null;
      }
      assert.equal(seen.length, 188);
      assert.equal(new Set(seen).size, 188);
      assert.equal(((await ok('/api/v1/partnerships')).items as unknown[]).length, 50, 'default limit 50');
    });

    it('a bad filter is a 400 problem naming the parameter', async () => {
      for (const [q, name] of [
        ['kind=friends', 'kind'],
        ['mechanism=no-such', 'mechanism'],
        ['organization=no-such', 'organization'],
        ['year=1800', 'year'],
        ['year=abc', 'year'],
        ['limit=0', 'limit'],
        ['cursor=zzz', 'cursor'],
        ['colour=red', 'colour'],
      ] as const) {
        const r = await get(`/api/v1/partnerships?${q}`);
        assert.equal(r.status, 400, q);
        assert.match(String(r.headers['content-type']), /problem\+json/, q);
        assert.ok(JSON.stringify(r.body).includes(name), `${q}: ${r.raw}`);
      }
    });

    it('structures: the list (paged) and one mechanism field by field; an unknown one is a 404 problem', async () => {
      const list = await ok('/api/v1/structures?limit=500');
      assert.equal(list.total, STRUCTURES.length);
      assert.equal(list.total, 45);
      const first = (list.items as Json[])[0]!;
      assert.equal((first.mechanism as Json).id, [...STRUCTURES].map((s) => s.mechanism).sort()[0]);
      const rec = STRUCTURES.find((s) => s.secretariat_model !== null && s.written_rules !== null)!;
      const one = await ok(`/api/v1/structures/${rec.mechanism}`);
      assert.deepEqual(one.secretariat_model, rec.secretariat_model);
      assert.deepEqual(one.written_rules, rec.written_rules);
      assert.equal((one.mechanism as Json).id, rec.mechanism);
      assert.equal(((await ok('/api/v1/structures?limit=10')).items as unknown[]).length, 10);
      const missing = await get('/api/v1/structures/no-such');
      assert.equal(missing.status, 404);
      assert.match(String(missing.headers['content-type']), /problem\+json/);
      assert.equal((await get('/api/v1/structures?colour=red')).status, 400);
    });

    it('the OpenAPI document describes the three routes with operationIds', async () => {
      const doc = await ok('/api/openapi.json');
      const paths = doc.paths as Record<string, Record<string, Json>>;
      for (const p of ['/api/v1/partnerships', '/api/v1/structures', '/api/v1/structures/{mechanism}']) {
        assert.ok(paths[p]?.get, p);
        assert.ok(paths[p].get.operationId, p);
        assert.ok(paths[p].get.summary, p);
      }
      const schemas = (doc.components as Json).schemas as Record<string, unknown>;
      assert.ok(schemas.PartnershipSummary && schemas.StructureView);
    });

    it('a mechanism profile shows its partnerships; the network page draws them and tables every link', async () => {
      const profile = await get('/en/mechanisms/rabat-process');
      assert.equal(profile.status, 200);
      assert.match(profile.raw, /Who it works with/);
      assert.match(profile.raw, /joint follow-up of the Joint Valletta Action Plan/);
      // a link Rabat is only named beside shows both its ends, and does not name Rabat again
      const section = profile.raw.split('id="partnerships"')[1]!.split('</section>')[0]!;
      assert.match(
        section,
        /\/en\/mechanisms\/khartoum-process"[^>]*>[^<]+<\/a> – <a href="\/en\/mechanisms\/africa-eu-migration-mobility-dialogue"/,
      );
      assert.doesNotMatch(section, /also named:[^)]*rabat-process/);
      // an organization of the table links to its partnerships; a wording not in it is text
      assert.match(
        section,
        /<a href="\/en\/partnerships#org-iom" lang="en">International Organization for Migration \(IOM\)<\/a>/,
      );
      const fr = await get('/fr/mechanisms/rabat-process');
      assert.match(fr.raw, /Avec qui il travaille/);
      const page = await get('/en/partnerships');
      assert.equal(page.status, 200);
      assert.match(page.raw, /<svg[^>]*role="img"/);
      const rows = page.raw.split('<tbody>')[1]!.split('</tbody>')[0]!.match(/<tr>/g)!.length;
      assert.equal(rows, 188, 'the table has every link');
      assert.equal(
        page.raw.match(/<line class="net-o"/g)!.length,
        FILE.filter((p) => p.kind === 'organization-mechanism').reduce(
          (n, p) => n + Math.max(1, p.organizations.length),
          0,
        ),
      );
      assert.equal(page.raw.match(/<path class="net-m"/g)!.length, 26);
      assert.match(page.raw, /ADEPT \(Africa-Europe Diaspora Development Platform\)/);
      assert.match(page.raw, /<span lang="en">ADEPT \(Africa-Europe Diaspora Development Platform\)<\/span>/);
      assert.match(page.raw, /id="org-iom"/);
      for (const lang of ['fr', 'es', 'ar', 'ru', 'zh'])
        assert.equal((await get(`/${lang}/partnerships`)).status, 200, lang);
      const sitemap = await get('/sitemap.xml');
      assert.match(sitemap.raw, /\/en\/partnerships/);
    });
  });

  describe(`partnerships: bad rows and the read matrix on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let tokens: Record<string, string>;
    before(async () => {
      t = await createTestDatabase(engine);
    });
    after(async () => {
      await app?.close();
      await t?.dispose();
    });
    const rec = (over: Partial<PartnershipRecord> = {}): PartnershipRecord => ({
      id: 'iom--alpha-process',
      kind: 'organization-mechanism',
      role: 'secretariat',
      years: '2015-',
      first_year: 2015,
      last_year: null,
      ongoing: true,
      mechanism: 'alpha-process',
      organizations: ['iom'],
      organization_wording: 'IOM',
      mechanism_a: null,
      mechanism_b: null,
      other_parties: [],
      sources: ['src-d75cf69047'],
      compilation_note: null,
      ...over,
    });
    const link = rec({
      id: 'alpha-process--beta-forum',
      kind: 'mechanism-mechanism',
      role: 'joint meeting',
      years: '2019',
      first_year: 2019,
      last_year: 2019,
      ongoing: false,
      mechanism: null,
      organizations: [],
      organization_wording: null,
      mechanism_a: 'alpha-process',
      mechanism_b: 'beta-forum',
    });
    const withFile = (items: unknown) => datasetWith({ 'partnerships.json': items });

    it('a dataset without partnerships.json loads none; a good one loads', async () => {
      await loadReference(t.db, MINI);
      assert.equal((await store.allPartnerships(t.db)).rows.length, 0);
      const s = await loadReference(t.db, withFile([rec(), link]));
      assert.equal(s.impact.partnerships.inserted, 2);
      assert.equal((await store.allPartnerships(t.db)).rows.length, 2);
    });

    it('a bad row is refused naming the file, the row and the field, and nothing is written', async () => {
      const cases: [unknown, string, string, RegExp][] = [
        [rec({ mechanism: 'no-such' }), 'iom--alpha-process', 'mechanism', /unknown mechanism/],
        [rec({ organizations: ['nobody'] }), 'iom--alpha-process', 'organizations.0', /unknown organization/],
        [rec({ sources: ['src-0000000000'] }), 'iom--alpha-process', 'sources.0', /unknown source/],
        [rec({ sources: [] }), 'iom--alpha-process', 'sources', /./],
        [rec({ mechanism: null }), 'iom--alpha-process', 'mechanism', /names its mechanism/],
        [rec({ organization_wording: null }), 'iom--alpha-process', 'organization_wording', /wording/],
        [rec({ mechanism_a: 'beta-forum' }), 'iom--alpha-process', 'mechanism_a', /has no mechanism_a/],
        [rec({ first_year: 2014 }), 'iom--alpha-process', 'first_year', /states 2015/],
        [rec({ ongoing: false }), 'iom--alpha-process', 'ongoing', /states true/],
        [rec({ kind: 'friends' as PartnershipRecord['kind'] }), 'iom--alpha-process', 'kind', /./],
        [{ ...link, mechanism_b: 'alpha-process' }, 'alpha-process--beta-forum', 'mechanism_b', /itself/],
        [{ ...link, mechanism_b: 'no-such' }, 'alpha-process--beta-forum', 'mechanism_b', /unknown mechanism/],
        [{ ...link, other_parties: ['beta-forum'] }, 'alpha-process--beta-forum', 'other_parties.0', /end of the link/],
        [{ ...link, organizations: ['iom'] }, 'alpha-process--beta-forum', 'organizations', /has no organizations/],
        [{ ...rec(), colour: 'red' }, 'iom--alpha-process', '-', /colour/],
      ];
      for (const [bad, row, field, message] of cases) {
        const err = await loadReference(t.db, withFile([bad])).catch((e: unknown) => e);
        assert.ok(err instanceof ReferenceError, `${field}: expected a ReferenceError`);
        const p = err.problems.find((x) => x.file === 'partnerships.json' && x.field === field);
        assert.ok(p, `${field}: ${err.message}`);
        assert.equal(p.record, row);
        assert.match(p.message, message, field);
        assert.equal((await store.allPartnerships(t.db)).rows.length, 2, 'nothing written');
      }
      const dup = await loadReference(t.db, withFile([rec(), rec()])).catch((e: unknown) => e);
      assert.ok(dup instanceof ReferenceError && dup.problems.some((x) => x.message === 'duplicate id'));
      const notList = await loadReference(t.db, withFile({})).catch((e: unknown) => e);
      assert.ok(notList instanceof ReferenceError && notList.problems.some((x) => x.file === 'partnerships.json'));
      // a changed row is rewritten, a missing one removed
      const s = await loadReference(t.db, withFile([rec({ role: 'host of the secretariat' })]));
      assert.deepEqual(s.impact.partnerships, { changed: true, inserted: 0, updated: 1, removed: 1, unchanged: 0 });
    });

    it('the read matrix: every new route answers every role alike (public reference data)', async () => {
      await loadReference(t.db, withFile([rec(), link]));
      app = await buildApp({ database: t });
      ({ tokens } = await seedRoleUsers(t.db, Object.keys(ROLES)));
      const routes = [
        '/api/v1/partnerships',
        '/api/v1/partnerships?mechanism=alpha-process&kind=mechanism-mechanism',
        '/api/v1/structures',
        '/en/partnerships',
        '/en/mechanisms/alpha-process',
      ];
      for (const url of routes) {
        const bodies = new Set<string>();
        for (const role of ['anonymous', ...Object.keys(ROLES)]) {
          const headers: Record<string, string> =
            role === 'anonymous' ? {} : { authorization: `Bearer ${tokens[role]}` };
          const res = await app.inject({ method: 'GET', url, headers });
          assert.equal(res.statusCode, 200, `${url} as ${role}`);
          if (url.startsWith('/api/')) bodies.add(res.body);
        }
        if (url.startsWith('/api/')) assert.equal(bodies.size, 1, `${url}: the same answer for every role`);
      }
      const anon = await app.inject({ method: 'GET', url: '/api/v1/partnerships?mechanism=alpha-process' });
      assert.equal((JSON.parse(anon.body) as Json).total, 2);
      // the mini dataset has no structures: one mechanism's is a 404 problem, for every role alike
      for (const role of ['anonymous', ...Object.keys(ROLES)]) {
        const headers: Record<string, string> = role === 'anonymous' ? {} : { authorization: `Bearer ${tokens[role]}` };
        const missing = await app.inject({ method: 'GET', url: '/api/v1/structures/alpha-process', headers });
        assert.equal(missing.statusCode, 404, role);
        assert.match(String(missing.headers['content-type']), /problem\+json/, role);
      }
    });
  });
}
