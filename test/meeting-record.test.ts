/**
 * The "no recent activity" flag against the imported meetings research (December 2026), on both engines:
 * active processes are not flagged, a record known to be incomplete says so instead, and a record known
 * to be complete still raises the flag.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp, loadReference } from '../src/app.js';
import { createTestDatabase, engines, type TestDatabase } from './helpers/db.js';

const TODAY = '2026-12-01';
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

for (const { engine, skip } of await engines()) {
  describe(`meeting record and recent activity on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db);
      app = await buildApp({ database: t });
    });
    after(async () => {
      await app.close();
      await t.dispose();
    });
    const page = async (url: string) => {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 200, `${url}: ${res.statusCode}`);
      return text(res.body);
    };

    it('the Colombo and Rabat Processes no longer show "no recent activity"', async () => {
      const colombo = await page(`/en/mechanisms/colombo-process?asOf=${TODAY}`);
      assert.doesNotMatch(colombo, /No recent activity recorded/);
      assert.match(colombo, /Last recorded meeting: [^.]*\(June 28, 2024\)/);
      const rabat = await page(`/en/mechanisms/rabat-process?asOf=${TODAY}`);
      assert.doesNotMatch(rabat, /No recent activity recorded/);
      assert.match(rabat, /Last recorded meeting: .*?\(January 2026\)/);
    });

    it('a record known to be incomplete says so, in en, fr and es, with its known gaps', async () => {
      const en = await page(`/en/mechanisms/eu-celac-migration-dialogue?asOf=${TODAY}`);
      assert.doesNotMatch(en, /No recent activity recorded/);
      assert.match(
        en,
        /The meeting record is incomplete: the last meeting recorded here is .*?\(November 13, 2014\)\./,
      );
      assert.match(en, /Known gaps in the meeting record \(research of [^)]+\): anything after 2014/);
      assert.match(
        await page(`/fr/mechanisms/eu-celac-migration-dialogue?asOf=${TODAY}`),
        /Le relevé des réunions est incomplet : la dernière réunion/,
      );
      assert.match(
        await page(`/es/mechanisms/eu-celac-migration-dialogue?asOf=${TODAY}`),
        /El registro de reuniones está incompleto: la última reunión/,
      );
    });

    it('a mechanism with no meeting in three years and a complete record is still flagged', async () => {
      await t.db
        .updateTable('meeting_coverage')
        .set({ complete: 1, gaps: null })
        .where('mechanism_id', '=', 'eu-celac-migration-dialogue')
        .execute();
      const fresh = await buildApp({ database: t });
      try {
        const res = await fresh.inject({
          method: 'GET',
          url: `/en/mechanisms/eu-celac-migration-dialogue?asOf=${TODAY}`,
        });
        const html = text(res.body);
        assert.match(html, /No recent activity recorded A mechanism is flagged/);
        assert.doesNotMatch(html, /The meeting record is incomplete/);
      } finally {
        await fresh.close();
        await t.db
          .updateTable('meeting_coverage')
          .set({ complete: 0, gaps: 'anything after 2014' })
          .where('mechanism_id', '=', 'eu-celac-migration-dialogue')
          .execute();
      }
    });

    it('the coverage is stored for the 21 records the research found incomplete, and reloading changes nothing', async () => {
      const rows = await t.db.selectFrom('meeting_coverage').selectAll().execute();
      assert.equal(rows.length, 21);
      assert.ok(rows.every((r) => r.complete === 0 && r.checked === '2026-12'));
      assert.equal((await loadReference(t.db)).changed, false);
    });

    it('the API gives the same facts per mechanism, and names a bad asOf', async () => {
      const record = async (id: string) => {
        const res = await app.inject({ method: 'GET', url: `/api/v1/mechanisms/${id}/meeting-record?asOf=${TODAY}` });
        assert.equal(res.statusCode, 200, res.body);
        return JSON.parse(res.body) as Record<string, unknown>;
      };
      const colombo = await record('colombo-process');
      assert.deepEqual(
        [colombo.noRecentActivity, colombo.recordIncomplete, colombo.meetingsComplete],
        [false, false, false],
      );
      assert.equal((colombo.lastMeeting as { start: string }).start, '2024-06-28');
      const celac = await record('eu-celac-migration-dialogue');
      assert.deepEqual(
        [celac.noRecentActivity, celac.recordIncomplete, (celac.meetingRecord as { gaps: string }).gaps],
        [false, true, 'anything after 2014'],
      );
      const midcas = await record('midcas');
      assert.deepEqual(
        [midcas.noRecentActivity, midcas.recordIncomplete, midcas.meetingsComplete, midcas.meetingRecord],
        [true, false, null, null],
      );
      const bad = await app.inject({
        method: 'GET',
        url: '/api/v1/mechanisms/colombo-process/meeting-record?asOf=2026-13-01',
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /asOf/);
      assert.equal(
        (await app.inject({ method: 'GET', url: '/api/v1/mechanisms/no-such-process/meeting-record' })).statusCode,
        404,
      );
    });

    it('the Bali Process profile says its observer list is incomplete', async () => {
      assert.match(await page('/en/mechanisms/bali-process'), /The list of observers is incomplete/);
      assert.doesNotMatch(await page('/en/mechanisms/colombo-process'), /The list of observers is incomplete/);
    });
  });
}
