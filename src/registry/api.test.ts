import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp, loadReference } from '../app.js';
import { createTestDatabase, engines, type TestDatabase } from '../../test/helpers/db.js';
import { findRecord, MINI, mutatedCopy } from '../../test/helpers/reference.js';
import { today } from './model.js';

interface Json {
  [k: string]: unknown;
}

for (const { engine, skip } of await engines()) {
  describe(`API v1 on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    const get = async (url: string, headers: Record<string, string> = {}) => {
      const res = await app.inject({ method: 'GET', url, headers });
      return {
        status: res.statusCode,
        headers: res.headers,
        body: res.body ? (JSON.parse(res.body) as Json) : {},
        raw: res.body,
      };
    };
    const expectProblem = async (url: string, status: number, param?: string) => {
      const res = await get(url);
      assert.equal(res.status, status, `${url} → ${res.status} ${res.raw}`);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      assert.equal(res.body.status, status);
      assert.equal(typeof res.body.detail, 'string');
      if (param) {
        const names = (res.body.errors as { name: string }[] | undefined)?.map((e) => e.name) ?? [];
        assert.ok(
          names.includes(param),
          `${url}: expected the error to name "${param}", got ${JSON.stringify(res.body)}`,
        );
      }
      return res.body;
    };

    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db, MINI);
      app = await buildApp({ database: t });
    });
    after(async () => {
      await app.close();
      await t.dispose();
    });

    describe('mechanisms', () => {
      it('lists every mechanism with level and status as of today by default', async () => {
        const r = await get('/api/v1/mechanisms');
        assert.equal(r.status, 200);
        assert.equal(r.body.asOf, today());
        assert.equal(r.body.total, 4);
        const beta = (r.body.items as Json[]).find((m) => m.id === 'beta-forum')!;
        assert.deepEqual(beta.level, { value: 'irf', certainty: 'known', next: null });
        assert.deepEqual((beta.status as Json).value, 'dormant');
      });
      it('filters by level and status as of a date', async () => {
        const r = await get('/api/v1/mechanisms?level=rcp&status=active&asOf=2012-01-01');
        assert.deepEqual(
          (r.body.items as Json[]).map((m) => m.id),
          ['alpha-process', 'beta-forum'],
        );
        const later = await get('/api/v1/mechanisms?level=rcp&status=active&asOf=2019-01-01');
        assert.deepEqual(
          (later.body.items as Json[]).map((m) => m.id),
          ['alpha-process'],
        );
      });
      it('filters by theme, country, region and text', async () => {
        assert.deepEqual(
          ((await get('/api/v1/mechanisms?theme=trafficking')).body.items as Json[]).map((m) => m.id),
          ['alpha-process'],
        );
        assert.deepEqual(
          ((await get('/api/v1/mechanisms?country=FRA')).body.items as Json[]).map((m) => m.id),
          ['alpha-process', 'gamma-dialogue'],
        );
        assert.deepEqual(
          ((await get('/api/v1/mechanisms?country=NER&asOf=2017-01-01')).body.items as Json[]).length,
          0,
        );
        assert.deepEqual(
          ((await get('/api/v1/mechanisms?region=002')).body.items as Json[]).map((m) => m.id),
          ['alpha-process', 'beta-forum', 'gamma-dialogue'],
        );
        assert.deepEqual(
          ((await get('/api/v1/mechanisms?region=Europe')).body.items as Json[]).map((m) => m.id),
          ['gamma-dialogue'],
        );
        assert.deepEqual(
          ((await get('/api/v1/mechanisms?q=old%20alpha')).body.items as Json[]).map((m) => m.id),
          ['alpha-process'],
        );
        assert.deepEqual(
          ((await get('/api/v1/mechanisms?q=GLOBAL')).body.items as Json[]).map((m) => m.id),
          ['delta-global'],
        );
      });
      it('pages with limit and cursor', async () => {
        const first = await get('/api/v1/mechanisms?limit=3');
        assert.equal((first.body.items as Json[]).length, 3);
        assert.equal(typeof first.body.nextCursor, 'string');
        const second = await get(`/api/v1/mechanisms?limit=3&cursor=${String(first.body.nextCursor)}`);
        assert.equal((second.body.items as Json[]).length, 1);
        assert.equal(second.body.nextCursor, null);
        const ids = [...(first.body.items as Json[]), ...(second.body.items as Json[])].map((m) => m.id);
        assert.equal(new Set(ids).size, 4);
      });
      it('gives one mechanism with its members, observers and sources as of a date', async () => {
        const r = await get('/api/v1/mechanisms/alpha-process?asOf=2010-06-01');
        assert.equal(r.status, 200);
        const members = r.body.members as Json[];
        assert.deepEqual(
          members.map((m) => (m.party as Json).id),
          ['MLI', 'NER', 'SEN'],
        );
        const mali = members.find((m) => (m.party as Json).id === 'MLI')!;
        assert.equal(mali.certainty, 'assumed'); // unknown start, first listed in 2013-10
        assert.equal(mali.since, null);
        assert.ok((mali.sources as string[]).length >= 1);
        const niger = members.find((m) => (m.party as Json).id === 'NER')!;
        assert.deepEqual([niger.since, niger.until, niger.certainty], ['2001', '2016-10', 'stated']);
        const observers = r.body.observers as Json[];
        assert.deepEqual(observers.map((o) => (o.party as Json).type).sort(), [
          'country',
          'organization',
          'unresolved',
        ]);
        assert.equal(observers.find((o) => (o.party as Json).id === 'FRA')!.verification, 'unverified');
        assert.deepEqual(r.body.unverifiedFields, [
          { field: 'website', note: 'website (from recall)', compilationNote: null },
        ]);
        assert.deepEqual((r.body.secretariat as Json).organization, {
          id: 'iom',
          name: 'International Organization for Migration',
        });
        assert.equal((r.body.sources as Json[]).length, 1);
        assert.equal((r.body.snapshots as Json[]).length, 1);
        const later = await get('/api/v1/mechanisms/alpha-process?asOf=2020-01-01');
        assert.deepEqual(
          (later.body.members as Json[]).map((m) => (m.party as Json).id),
          ['MLI', 'SEN'],
        );
        assert.equal((later.body.members as Json[])[0]!.certainty, 'attested');
        assert.equal(later.body.notHoldingAtAsOf, 1);
      });
      it('answers an alias or former name with 301 to the canonical id, keeping the query', async () => {
        const r = await get('/api/v1/mechanisms/old-alpha-process?asOf=2010-01-01');
        assert.equal(r.status, 301);
        assert.equal(r.headers.location, '/api/v1/mechanisms/alpha-process?asOf=2010-01-01');
      });
      it('errors: unknown id 404, bad date 400, unknown parameter 400, bad enum 400, bad cursor 400, unknown theme 400', async () => {
        await expectProblem('/api/v1/mechanisms/no-such-thing', 404);
        await expectProblem('/api/v1/mechanisms/alpha-process?asOf=2019-02-30', 400, 'asOf');
        await expectProblem('/api/v1/mechanisms/alpha-process?asOf=yesterday', 400, 'asOf');
        await expectProblem('/api/v1/mechanisms?colour=red', 400, 'colour');
        await expectProblem('/api/v1/mechanisms?level=national', 400, 'level');
        await expectProblem('/api/v1/mechanisms?limit=0', 400, 'limit');
        await expectProblem('/api/v1/mechanisms?cursor=bm9wZQ', 400, 'cursor');
        await expectProblem('/api/v1/mechanisms?theme=astrology', 400, 'theme');
        await expectProblem('/api/v1/mechanisms?country=sen', 400, 'country');
        await expectProblem('/api/v1/mechanisms?country=XYZ', 400, 'country');
        await expectProblem('/api/v1/mechanisms?region=Atlantis', 400, 'region');
      });
    });

    describe('countries', () => {
      it('lists every country and territory with its counts', async () => {
        const r = await get('/api/v1/countries?asOf=2014-06-01');
        const items = r.body.items as Json[];
        assert.ok(items.length >= 250);
        const sen = items.find((c) => c.code === 'SEN')!;
        assert.deepEqual([sen.memberOf, (sen.name as Json).fr], [2, 'Sénégal']);
        assert.equal(items.find((c) => c.code === 'FRA')!.engagedIn, 1); // observer in alpha; gamma is uncertain by 2014
      });
      it('gives every participation of a country with role, since, until and sources', async () => {
        const r = await get('/api/v1/countries/NER?asOf=2020-01-01');
        const parts = r.body.participation as Json[];
        assert.equal(parts.length, 1);
        assert.deepEqual(
          [parts[0]!.role, parts[0]!.since, parts[0]!.until, parts[0]!.certainty, parts[0]!.mechanismName],
          ['member', '2001', '2016-10', null, 'Alpha Process'],
        );
        assert.ok((parts[0]!.sources as string[]).length > 0);
      });
      it('errors: unknown code 404, malformed code 400', async () => {
        await expectProblem('/api/v1/countries/XYZ', 404);
        await expectProblem('/api/v1/countries/senegal', 400, 'iso3');
        await expectProblem('/api/v1/countries/SEN?asOf=2019-13-01', 400, 'asOf');
      });
    });

    describe('organizations, themes, sources', () => {
      it('lists organizations and themes', async () => {
        assert.deepEqual(
          ((await get('/api/v1/organizations')).body.items as Json[]).map((o) => o.id),
          ['iom', 'unhcr'],
        );
        const themes = (await get('/api/v1/themes')).body.items as Json[];
        assert.deepEqual(themes.find((x) => x.id === 'trafficking')!.mechanisms, ['alpha-process']);
        assert.equal((themes.find((x) => x.id === 'trafficking')!.name as Json).es, 'Trata de personas');
      });
      it('gives a source with the facts it backs', async () => {
        const list = (await get('/api/v1/mechanisms/gamma-dialogue')).body.sources as Json[];
        const r = await get(`/api/v1/sources/${String(list[0]!.id)}`);
        assert.equal(r.status, 200);
        assert.deepEqual((r.body.backs as Json).mechanisms, ['gamma-dialogue']);
        assert.ok(((r.body.backs as Json).participation as string[]).includes('alpha-process/MLI/member/1'));
      });
      it('errors: unknown source 404, unknown parameter 400', async () => {
        await expectProblem('/api/v1/sources/src-0000000000', 404);
        await expectProblem('/api/v1/themes?lang=fr', 400, 'lang');
        await expectProblem('/api/v1/organizations?x=1', 400, 'x');
      });
    });

    describe('participation, stats, overlaps', () => {
      it('filters participation by mechanism, country, role and date', async () => {
        const r = await get('/api/v1/participation?mechanism=alpha-process&role=member&asOf=2010-01-01');
        assert.equal(r.body.total, 3);
        const sen = await get('/api/v1/participation?country=SEN&asOf=2012-01-01');
        assert.deepEqual(
          (sen.body.items as Json[]).map((p) => p.mechanism),
          ['alpha-process', 'beta-forum', 'gamma-dialogue'],
        );
        const none = await get('/api/v1/participation?country=SEN&asOf=1999-01-01');
        assert.equal(none.body.total, 0);
      });
      it('answers as recorded at a past instant (knownAt)', async () => {
        const r = await get('/api/v1/participation?mechanism=alpha-process&knownAt=2000-01-01');
        assert.equal(r.body.total, 0);
        assert.equal(r.body.knownAt, '2000-01-01T23:59:59.999Z');
      });
      it('errors: bad country, role, mechanism, date, knownAt', async () => {
        await expectProblem('/api/v1/participation?country=XYZ', 400, 'country');
        await expectProblem('/api/v1/participation?role=king', 400, 'role');
        await expectProblem('/api/v1/participation?mechanism=no-such', 400, 'mechanism');
        await expectProblem('/api/v1/participation?asOf=2019-04', 400, 'asOf');
        await expectProblem('/api/v1/participation?knownAt=2019-02-31', 400, 'knownAt');
      });
      it('gives the figures with their definitions', async () => {
        const r = await get('/api/v1/stats?asOf=2014-06-01');
        const active = r.body.activeMechanisms as Json;
        assert.equal(active.value, 3);
        assert.match(String(active.definition), /active/);
        assert.equal((r.body.countriesMembers as Json).value, 3);
        assert.equal((r.body.maxMechanismsPerCountry as Json).value, 2);
        await expectProblem('/api/v1/stats?asOf=soon', 400, 'asOf');
      });
      it('puts a reported figure beside the computed one, with the differences computed from the list of the time', async () => {
        const r = await get('/api/v1/stats?asOf=2014-06-01');
        const reported = r.body.reported as Json[];
        const active = reported.find((f) => f.id === 'test-2014-06-01-active-mechanisms')!;
        assert.deepEqual(
          [active.value, (active.hub as Json).value, active.agrees, (active.source as Json).id],
          [4, 3, false, 'src-4f64d2faec'],
        );
        const rec = active.reconciliation as Record<string, Json[]>;
        assert.deepEqual(
          rec.countedNotNamed!.map((d) => d.mechanism),
          ['beta-forum'],
        );
        assert.equal(rec.countedNotNamed![0]!.note, 'Not on the list.');
        assert.deepEqual(
          rec.namedNotCounted!.map((d) => d.mechanism),
          ['gamma-dialogue'],
        );
        assert.deepEqual(
          rec.namedInPart!.map((d) => d.mechanism),
          ['delta-global'],
        );
        const max = reported.find((f) => f.counts === 'max-mechanisms-per-country')!;
        assert.deepEqual([max.reconciliation, max.agrees], [null, true]);
        assert.deepEqual((await get('/api/v1/stats?asOf=2014-06-02')).body.reported, []);
        const mm = r.body.maxMechanismsPerCountry as Json;
        assert.deepEqual(
          (mm.variants as Json[]).map((v) => v.basis),
          ['all-rows', 'sourced-rows', 'dated-rows'],
        );
        assert.equal(mm.basis, 'sourced-rows');
      });
      it('lists reported figures, filtered, with the lists behind them', async () => {
        const all = await get('/api/v1/reported-figures');
        assert.equal((all.body.items as Json[]).length, 3);
        assert.deepEqual(
          (all.body.lists as Json[]).map((l) => l.id),
          ['test-lists-2014'],
        );
        const meeting = await get('/api/v1/reported-figures?scope=global-2');
        assert.deepEqual(
          (meeting.body.items as Json[]).map((f) => [f.value, f.counts]),
          [[28, 'mechanisms-represented']],
        );
        assert.deepEqual(meeting.body.lists, []);
        await expectProblem('/api/v1/reported-figures?counts=mice', 400, 'counts');
        await expectProblem('/api/v1/reported-figures?date=2019', 400, 'date');
      });
      it('lists pairs of mechanisms with shared members and their Jaccard index', async () => {
        const r = await get('/api/v1/overlaps?asOf=2014-06-01');
        const pairs = r.body.items as Json[];
        const ab = pairs.find((p) => p.a === 'alpha-process' && p.b === 'beta-forum')!;
        // alpha {SEN, MLI, NER}, beta {SEN, MLI}: 2 shared of 3.
        assert.deepEqual([ab.shared, ab.jaccard, ab.parties], [2, 0.667, ['MLI', 'SEN']]);
        assert.ok(pairs.every((p) => (p.shared as number) > 0));
        const observers = await get('/api/v1/overlaps?role=observer');
        assert.equal(observers.body.total, 0);
        await expectProblem('/api/v1/overlaps?role=king', 400, 'role');
      });
    });

    describe('HTTP behaviour', () => {
      it('sends an ETag and answers 304 to If-None-Match', async () => {
        const r = await get('/api/v1/mechanisms/alpha-process?asOf=2010-06-01');
        const tag = r.headers.etag;
        assert.equal(typeof tag, 'string');
        const again = await app.inject({
          method: 'GET',
          url: '/api/v1/mechanisms/alpha-process?asOf=2010-06-01',
          headers: { 'if-none-match': String(tag) },
        });
        assert.equal(again.statusCode, 304);
        const other = await get('/api/v1/mechanisms/alpha-process?asOf=2020-06-01');
        assert.notEqual(other.headers.etag, tag);
      });
      it('serves an OpenAPI 3.1 document listing every route, and a docs page', async () => {
        const doc = await get('/api/openapi.json');
        assert.equal(doc.body.openapi, '3.1.0');
        const paths = Object.keys(doc.body.paths as Json);
        for (const p of [
          '/api/v1/mechanisms',
          '/api/v1/mechanisms/{id}',
          '/api/v1/countries',
          '/api/v1/countries/{iso3}',
          '/api/v1/organizations',
          '/api/v1/themes',
          '/api/v1/sources/{id}',
          '/api/v1/participation',
          '/api/v1/stats',
          '/api/v1/overlaps',
        ]) {
          assert.ok(paths.includes(p), `OpenAPI lacks ${p}`);
        }
        const params = (((doc.body.paths as Json)['/api/v1/mechanisms'] as Json).get as Json).parameters as Json[];
        assert.ok(params.some((p) => p.name === 'asOf'));
        const docs = await app.inject({ method: 'GET', url: '/api/docs' });
        assert.ok([200, 302].includes(docs.statusCode));
      });
      it('serves fresh answers once the data changes (response cache follows the data version)', async () => {
        const fresh = await buildApp({ database: t, cacheTtlMs: 0 });
        try {
          const url = '/api/v1/mechanisms/alpha-process?asOf=2010-06-01';
          const before = JSON.parse((await fresh.inject({ method: 'GET', url })).body) as Json;
          assert.equal((before.members as Json[]).find((m) => (m.party as Json).id === 'NER')!.until, '2016-10');
          await loadReference(
            t.db,
            mutatedCopy('participation.json', (rs) => {
              findRecord(rs, 'alpha-process/NER/member/1').end = '2018';
            }),
          );
          const after = JSON.parse((await fresh.inject({ method: 'GET', url })).body) as Json;
          assert.equal((after.members as Json[]).find((m) => (m.party as Json).id === 'NER')!.until, '2018');
        } finally {
          await loadReference(t.db, MINI);
          await fresh.close();
        }
      });
      it('answers an unknown route with problem+json 404', async () => {
        await expectProblem('/api/v1/nothing-here', 404);
      });
    });
  });
}
