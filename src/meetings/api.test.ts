import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import ICAL from 'ical.js';
import { buildApp, loadReference } from '../app.js';
import { createTestDatabase, engines, type TestDatabase } from '../../test/helpers/db.js';
import { MINI } from '../../test/helpers/reference.js';
import * as store from './store.js';

interface Json {
  [k: string]: unknown;
}

for (const { engine, skip } of await engines()) {
  describe(`meetings API and feeds on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    const get = async (url: string) => {
      const res = await app.inject({ method: 'GET', url });
      return {
        status: res.statusCode,
        body: res.body.startsWith('{') ? (JSON.parse(res.body) as Json) : {},
        raw: res.body,
        headers: res.headers,
      };
    };
    const ids = async (url: string) => {
      const r = await get(url);
      assert.equal(r.status, 200, `${url}: ${r.raw}`);
      return (r.body.items as Json[]).map((m) => m.id);
    };
    const problem = async (url: string, status: number, param?: string) => {
      const r = await get(url);
      assert.equal(r.status, status, `${url}: ${r.raw}`);
      assert.match(String(r.headers['content-type']), /problem\+json/);
      if (param)
        assert.ok(
          (r.body.errors as { name: string }[]).some((e) => e.name === param),
          `${url}: ${r.raw}`,
        );
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

    it('loads meetings, and loading twice changes nothing', async () => {
      assert.equal((await store.allMeetings(t.db)).length, 6);
      const s = await loadReference(t.db, MINI);
      assert.equal(s.meetings.changed, false);
      assert.equal(s.meetings.unchanged, 6);
    });

    it('filters by mechanism (organiser or participant), series, country, dates, kind and status', async () => {
      assert.deepEqual(await ids('/api/v1/meetings?mechanism=alpha-process'), [
        'global-1',
        'alpha-process-2025-ministerial',
        'alpha-process-2030-ministerial',
      ]);
      assert.deepEqual(await ids('/api/v1/meetings?series=global-meetings'), ['global-1', 'global-2', 'global-3']);
      assert.deepEqual(await ids('/api/v1/meetings?country=SEN'), ['alpha-process-2025-ministerial']);
      assert.deepEqual(await ids('/api/v1/meetings?country=CHE'), ['global-1', 'global-2']);
      assert.deepEqual(await ids('/api/v1/meetings?from=2019&to=2021-12-31'), ['global-2', 'global-3']);
      assert.deepEqual(await ids('/api/v1/meetings?kind=ministerial&status=planned'), [
        'alpha-process-2030-ministerial',
      ]);
    });

    it('says how many mechanisms were represented, and on what basis', async () => {
      const listed = (await get('/api/v1/meetings/global-1')).body;
      const r1 = listed.represented as Json;
      assert.deepEqual([r1.value, r1.basis, r1.named, r1.atLeast], [null, 'none', 2, false]);
      assert.deepEqual(
        (listed.agenda as Json[]).map((a) => a.title),
        ['Opening', 'Regional updates'],
      );
      assert.equal((listed.documents as Json[])[0]!.kind, 'outcome');
      assert.equal(
        (listed.participants as Json[]).find((p) => p.role === 'host')!.name,
        'International Organization for Migration',
      );
      const reported = (await get('/api/v1/meetings/global-2')).body.represented as Json;
      assert.deepEqual([reported.value, reported.basis, (reported.sources as string[]).length], [28, 'reported', 1]);
      const disagreeing = (await get('/api/v1/meetings/global-3')).body.represented as Json;
      assert.deepEqual([disagreeing.value, (disagreeing.alternatives as Json[]).map((a) => a.count)], [22, [22, 19]]);
      const series = (await get('/api/v1/series/global-meetings')).body;
      assert.deepEqual(
        (series.meetings as Json[]).map((m) => m.ordinal),
        [1, 2, 3],
      );
    });

    it('errors: unknown ids 404; bad filters 400 naming the parameter', async () => {
      await problem('/api/v1/meetings/no-such-meeting', 404);
      await problem('/api/v1/series/no-such-series', 404);
      await problem('/api/v1/meetings?mechanism=no-such', 400, 'mechanism');
      await problem('/api/v1/meetings?series=nope', 400, 'series');
      await problem('/api/v1/meetings?country=XYZ', 400, 'country');
      await problem('/api/v1/meetings?from=2019-13', 400, 'from');
      await problem('/api/v1/meetings?kind=party', 400, 'kind');
      await problem('/api/v1/meetings?colour=red', 400, 'colour');
    });

    it('the OpenAPI document lists the meetings routes', async () => {
      const paths = Object.keys((await get('/api/openapi.json')).body.paths as Json);
      for (const p of ['/api/v1/meetings', '/api/v1/meetings/{id}', '/api/v1/series/{id}'])
        assert.ok(paths.includes(p), p);
    });

    describe('iCalendar feeds, read back with ical.js', () => {
      const parse = async (url: string) => {
        const r = await get(url);
        assert.equal(r.status, 200, `${url}: ${r.raw}`);
        assert.match(String(r.headers['content-type']), /^text\/calendar/);
        const cal = new ICAL.Component(ICAL.parse(r.raw) as unknown[]);
        return cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
      };
      const dayPrecision = async (filter: (m: Awaited<ReturnType<typeof store.allMeetings>>[number]) => boolean) =>
        (await store.allMeetings(t.db)).filter((m) => m.start.length === 10 && filter(m));

      it('the feed of all meetings has exactly the meetings dated to the day, with their dates and places', async () => {
        const events = await parse('/calendar/meetings.ics');
        const expected = await dayPrecision(() => true);
        assert.deepEqual(events.map((e) => e.uid).sort(), expected.map((m) => `${m.id}@iscm-hub`).sort());
        for (const m of expected) {
          const e = events.find((x) => x.uid === `${m.id}@iscm-hub`)!;
          assert.equal(e.summary, m.title);
          assert.equal(e.startDate.toString(), m.start);
          assert.ok(e.startDate.isDate, 'all-day event');
          const last = new Date(`${m.end ?? m.start}T00:00:00Z`);
          last.setUTCDate(last.getUTCDate() + 1);
          assert.equal(e.endDate.toString(), last.toISOString().slice(0, 10));
          if (m.online) assert.equal(e.location, 'Online');
          else if (m.city) assert.ok(e.location.startsWith(m.city));
        }
      });

      it('per mechanism, per country and per series', async () => {
        assert.deepEqual((await parse('/calendar/mechanisms/alpha-process.ics')).map((e) => e.uid).sort(), [
          'alpha-process-2025-ministerial@iscm-hub',
          'global-1@iscm-hub',
        ]);
        assert.deepEqual(
          (await parse('/calendar/countries/SEN.ics')).map((e) => e.uid),
          ['alpha-process-2025-ministerial@iscm-hub'],
        );
        assert.deepEqual((await parse('/calendar/series/global-meetings.ics')).map((e) => e.uid).sort(), [
          'global-1@iscm-hub',
          'global-2@iscm-hub',
          'global-3@iscm-hub',
        ]);
        assert.equal((await get('/calendar/mechanisms/no-such.ics')).status, 404);
      });

      it('DTSTAMP, LAST-MODIFIED and SEQUENCE come from the meeting, so the bytes, the ETag and 304 hold', async () => {
        const meeting = (await store.allMeetings(t.db)).find((m) => m.id === 'global-1')!;
        const first = await get('/calendar/meetings.ics');
        await new Promise((r) => setTimeout(r, 1100)); // a request-time DTSTAMP would differ by now
        const second = await get('/calendar/meetings.ics');
        assert.equal(second.raw, first.raw);
        assert.equal(second.headers.etag, first.headers.etag);
        const again = await app.inject({
          url: '/calendar/meetings.ics',
          headers: { 'if-none-match': String(first.headers.etag) },
        });
        assert.equal(again.statusCode, 304);
        const e = (await parse('/calendar/meetings.ics')).find((x) => x.uid === 'global-1@iscm-hub')!;
        const stamp = e.component.getFirstPropertyValue('dtstamp') as { toJSDate(): Date };
        const modified = e.component.getFirstPropertyValue('last-modified') as { toJSDate(): Date };
        const changed = Math.floor(new Date(meeting.updated_at).getTime() / 1000) * 1000;
        assert.equal(stamp.toJSDate().getTime(), changed);
        assert.equal(modified.toJSDate().getTime(), changed);
        assert.equal(e.sequence, meeting.version - 1);
        assert.ok(first.headers['last-modified']);
      });

      it("LOCATION names the place in the feed's language; each feed has its own file name", async () => {
        const en = (await parse('/calendar/meetings.ics')).find((x) => x.uid === 'global-1@iscm-hub')!;
        assert.equal(en.location, 'Geneva, Switzerland');
        const fr = (await parse('/calendar/meetings.ics?lang=fr')).find((x) => x.uid === 'global-1@iscm-hub')!;
        assert.equal(fr.location, 'Geneva, Suisse');
        assert.doesNotMatch((await get('/calendar/meetings.ics')).raw, /, CHE/);
        assert.match((await get('/calendar/meetings.ics?lang=fr')).raw, /URL[^\n]*\/fr\/meetings\/global-1/);
        await problem('/calendar/meetings.ics?lang=xx', 400, 'lang');
        const names = new Set<string>();
        for (const url of [
          '/calendar/meetings.ics',
          '/calendar/mechanisms/alpha-process.ics',
          '/calendar/countries/SEN.ics',
          '/calendar/series/global-meetings.ics',
          '/calendar/meetings/global-1.ics',
        ]) {
          const r = await get(url);
          assert.equal(r.status, 200, url);
          const m = /filename="([^"]+\.ics)"/.exec(String(r.headers['content-disposition']));
          assert.ok(m, url);
          names.add(m[1]!);
        }
        assert.equal(names.size, 5);
      });

      it('a feed per meeting; feeds without .ics or with a lower-case code redirect; the meeting page links its feed', async () => {
        assert.deepEqual(
          (await parse('/calendar/meetings/global-1.ics')).map((e) => e.uid),
          ['global-1@iscm-hub'],
        );
        assert.equal((await get('/calendar/meetings/no-such.ics')).status, 404);
        for (const [from, to] of [
          ['/calendar/countries/sen.ics', '/calendar/countries/SEN.ics'],
          ['/calendar/countries/SEN', '/calendar/countries/SEN.ics'],
          ['/calendar/mechanisms/alpha-process?lang=fr', '/calendar/mechanisms/alpha-process.ics?lang=fr'],
          ['/calendar/meetings/global-1', '/calendar/meetings/global-1.ics'],
        ]) {
          const r = await get(from!);
          assert.equal(r.status, 301, from);
          assert.equal(r.headers.location, to);
        }
        const page = await get('/fr/meetings/global-1');
        assert.match(page.raw, /href="\/calendar\/meetings\/global-1\.ics\?lang=fr"/);
        const country = await get('/es/countries/SEN');
        assert.match(country.raw, /href="\/calendar\/countries\/SEN\.ics\?lang=es"/);
      });
    });
  });
}
