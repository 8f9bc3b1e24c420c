/**
 * The follow-up forms on both engines, over HTTP with a session and the CSRF token as a browser sends them: open a
 * reporting cycle (redirect to the cycle), report an update (redirect to the pending update, never a 404), the
 * review queue (accept, or return with a message). Each: who may not gets 401/403 and nothing changes; bad input
 * re-shows the form (400) naming the field, and nothing changes; the links show only to who may use them, and the
 * public pages readers signed out get stay the cached ones without them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Grant } from '../../accounts/model.js';
import { AccountsService } from '../../accounts/service.js';
import { buildApp, loadReference } from '../../app.js';
import { today } from '../../registry/model.js';
import type { Client } from '../../../test/helpers/client.js';
import { createTestDatabase, engines, type TestDatabase } from '../../../test/helpers/db.js';
import { seedRoleUsers, signedInClients } from '../../../test/helpers/roles.js';

const GRANTS: Record<string, Grant[]> = {
  'secretariat of rabat': [{ role: 'editor', scopeType: 'mechanism', scopeId: 'rabat-process' }],
  'focal point of SEN': [{ role: 'focal_point', scopeType: 'country', scopeId: 'SEN' }],
  'no role': [],
};
const ROLES = Object.keys(GRANTS);
const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const START = today();
const C1 = 'jvap-2015-domain-1';

for (const { engine, skip } of await engines()) {
  describe(`commitments follow-up forms on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let as: Record<string, Client>;
    let cycleId = '';
    let updateId = '';
    const counts = async () => {
      const n = async (table: 'commitment_update' | 'reporting_cycle' | 'audit_event') =>
        Number(
          (
            await t.db
              .selectFrom(table)
              .select((e) => e.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const reviews = (await t.db.selectFrom('commitment_update').select('review').orderBy('id').execute())
        .map((r) => r.review)
        .join(',');
      return `${await n('reporting_cycle')}/${await n('commitment_update')}/${await n('audit_event')}/${reviews}`;
    };
    /** A form post with the token of the form page it comes from. */
    const post = async (who: string, formUrl: string, action: string, form: Record<string, string>) => {
      const c = as[who]!;
      const page = await c.get(formUrl);
      const m = /name="_csrf" value="([^"]+)"/.exec(page.body);
      // who may not see the form still gets a token from a page it may see
      const csrf = m ? m[1]! : await c.csrf('/en/sign-in');
      return c.post(action, { _csrf: csrf, ...form });
    };

    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db);
      app = await buildApp({ database: t });
      const seeded = await seedRoleUsers(t.db, ROLES);
      const accounts = new AccountsService(t.db);
      for (const [name, grants] of Object.entries(GRANTS))
        for (const g of grants) await accounts.grant(seeded.ids[name]!, g, 'system');
      as = await signedInClients(app, ROLES);
    });
    after(async () => {
      await app?.close();
      await t?.dispose();
    });

    it('open a cycle: the link shows to the secretariat only, the form refuses others, bad input names the field', async () => {
      const list = await as['secretariat of rabat']!.get('/en/commitments');
      assert.equal(list.statusCode, 200);
      assert.ok(list.body.includes('href="/en/commitments/cycles/new"'), 'the secretariat sees the link');
      assert.match(list.headers['cache-control'] as string, /no-store/);
      for (const who of ['anonymous', 'no role', 'focal point of SEN']) {
        const r = await as[who]!.get('/en/commitments');
        assert.ok(!r.body.includes('/en/commitments/cycles/new'), `${who} sees no link`);
      }
      assert.match((await as.anonymous!.get('/en/commitments')).headers['cache-control'] as string, /public/);
      for (const lang of ['en', 'ar'])
        assert.equal((await as['secretariat of rabat']!.get(`/${lang}/commitments/cycles/new`)).statusCode, 200);
      assert.equal((await as.anonymous!.get('/en/commitments/cycles/new')).statusCode, 401);
      assert.equal((await as['no role']!.get('/en/commitments/cycles/new')).statusCode, 403);
      assert.equal((await as['focal point of SEN']!.get('/en/commitments/cycles/new')).statusCode, 403);

      const good = { mechanism: 'rabat-process', title: 'JVAP follow-up 2027', deadline: addDays(START, 20) };
      const before = await counts();
      for (const who of ['no role', 'focal point of SEN']) {
        const r = await post(who, '/en/commitments/cycles/new', '/en/commitments/cycles/new', good);
        assert.equal(r.statusCode, 403, who);
      }
      for (const [over, id, label] of [
        [{ deadline: START }, 'cf-deadline', 'Deadline'],
        [{ deadline: '2027-02-30' }, 'cf-deadline', 'Deadline'],
        [{ title: '   ' }, 'cf-title', 'Title of the cycle'],
        [{ mechanism: 'no-such-process' }, 'cf-mechanism', 'Mechanism'],
      ] as const) {
        const r = await post('secretariat of rabat', '/en/commitments/cycles/new', '/en/commitments/cycles/new', {
          ...good,
          ...over,
        });
        assert.equal(r.statusCode, 400, JSON.stringify(over));
        assert.ok(r.body.includes(`Error in “${label}”`), `${label} named: ${JSON.stringify(over)}`);
        assert.match(r.body, new RegExp(`id="${id}"[^>]*aria-invalid="true"`), id);
        if (!('title' in over)) assert.ok(r.body.includes('value="JVAP follow-up 2027"'), 'what was typed is kept');
      }
      const noToken = await as['secretariat of rabat']!.post('/en/commitments/cycles/new', good);
      assert.equal(noToken.statusCode, 403, 'no CSRF token');
      assert.equal(await counts(), before, 'nothing changed');

      const ok = await post('secretariat of rabat', '/en/commitments/cycles/new', '/en/commitments/cycles/new', good);
      assert.equal(ok.statusCode, 303, ok.body);
      const m = /^\/en\/commitments\/cycles\/([0-9a-f-]{36})\?notice=opened$/.exec(ok.headers.location as string);
      assert.ok(m, ok.headers.location);
      cycleId = m[1]!;
      const cycle = await as['secretariat of rabat']!.get(ok.headers.location as string);
      assert.equal(cycle.statusCode, 200);
      assert.ok(cycle.body.includes('The reporting cycle is open.'));
      assert.ok(cycle.body.includes('JVAP follow-up 2027'));
      const audit = await t.db
        .selectFrom('audit_event')
        .select('action')
        .where('record_id', '=', cycleId)
        .executeTakeFirst();
      assert.equal(audit?.action, 'commitment.cycle.open');
    });

    it('report: the focal point reports for its State, others get 403, bad input names the field', async () => {
      const fp = as['focal point of SEN']!;
      const cycle = await fp.get(`/en/commitments/cycles/${cycleId}`);
      const link = `/en/commitments/${C1}/report?cycle=${cycleId}`;
      assert.ok(cycle.body.includes(`href="${link}"`), 'the cycle page links to the form');
      assert.ok((await fp.get(`/en/commitments/${C1}`)).body.includes(`href="${link}"`), 'and the commitment page');
      assert.ok(!(await as['no role']!.get(`/en/commitments/cycles/${cycleId}`)).body.includes('/report'));
      assert.ok(!(await as.anonymous!.get(`/en/commitments/cycles/${cycleId}`)).body.includes('/report'));
      for (const lang of ['en', 'ar']) assert.equal((await fp.get(`/${lang}${link.slice(3)}`)).statusCode, 200);
      assert.equal((await as.anonymous!.get(link)).statusCode, 401);
      assert.equal((await as['no role']!.get(link)).statusCode, 403);
      assert.equal((await fp.get('/en/commitments/no-such/report')).statusCode, 404);

      const good = {
        cycle: cycleId,
        country: 'SEN',
        status: 'in-progress',
        progress: '40',
        date: START,
        evidenceUrl: 'https://example.org/sen-report',
        evidenceDocument: '',
        note: 'National action plan adopted.',
      };
      const before = await counts();
      const refused = await post('no role', link, `/en/commitments/${C1}/report`, good);
      assert.equal(refused.statusCode, 403);
      for (const [over, field, label] of [
        [{ evidenceUrl: '' }, 'evidenceUrl', 'Evidence: source URL'],
        [{ evidenceUrl: 'javascript:alert(1)' }, 'evidenceUrl', 'Evidence: source URL'],
        [{ progress: 'forty' }, 'progress', 'Progress (%)'],
        [{ progress: '140' }, 'progress', 'Progress (%)'],
        [{ status: '' }, 'status', 'Status'],
        [{ date: addDays(START, 3) }, 'date', 'Date the update reports on'],
        [{ evidenceDocument: 'no-such-document' }, 'evidenceDocument', 'Evidence: document of the repository'],
        [{ country: 'LKA' }, 'country', 'Reporting for'],
      ] as const) {
        const r = await post('focal point of SEN', link, `/en/commitments/${C1}/report`, { ...good, ...over });
        assert.equal(r.statusCode, 400, JSON.stringify(over));
        assert.ok(r.body.includes(`Error in “${label}`), `${field}: ${JSON.stringify(over)}`);
        if (field !== 'status')
          assert.match(r.body, new RegExp(`id="rf-${field}"[^>]*aria-invalid="true"`), `${field} marked`);
        assert.ok(r.body.includes('National action plan adopted.'), 'the note typed is kept');
      }
      assert.equal(await counts(), before, 'nothing changed');

      const ok = await post('focal point of SEN', link, `/en/commitments/${C1}/report`, good);
      assert.equal(ok.statusCode, 303, ok.body);
      const m = /^\/en\/commitments\/updates\/([0-9a-f-]{36})\?notice=reported$/.exec(ok.headers.location as string);
      assert.ok(m, ok.headers.location);
      updateId = m[1]!;
      const shown = await fp.get(ok.headers.location as string);
      assert.equal(shown.statusCode, 200, 'the pending update is shown to its reporter');
      assert.ok(shown.body.includes('Your report is sent; it waits for review.'));
      assert.ok(shown.body.includes('awaiting review'));
      assert.ok(shown.body.includes('https://example.org/sen-report'));
      assert.equal((await as['secretariat of rabat']!.get(`/en/commitments/updates/${updateId}`)).statusCode, 200);
      assert.equal((await as['no role']!.get(`/en/commitments/updates/${updateId}`)).statusCode, 404);
      assert.equal((await as.anonymous!.get(`/en/commitments/updates/${updateId}`)).statusCode, 401);
      const row = await t.db
        .selectFrom('commitment_update')
        .selectAll()
        .where('id', '=', updateId)
        .executeTakeFirstOrThrow();
      assert.equal(row.country_code, 'SEN');
      assert.equal(row.progress, 40);
      assert.equal(row.cycle_id, cycleId);
      assert.equal(row.review, 'submitted');
    });

    it('review: the queue for the secretariat, others get 403, a return needs a message, accept makes it public', async () => {
      const sec = as['secretariat of rabat']!;
      assert.ok((await sec.get('/en/commitments')).body.includes('Updates awaiting review: 1'));
      const queue = await sec.get('/en/commitments/review');
      assert.equal(queue.statusCode, 200);
      for (const text of ['focal point of SEN', 'Senegal', 'in progress', 'https://example.org/sen-report'])
        assert.ok(queue.body.includes(text), text);
      assert.equal((await sec.get('/ar/commitments/review')).statusCode, 200);
      assert.equal((await as['no role']!.get('/en/commitments/review')).statusCode, 403);
      assert.equal((await as['focal point of SEN']!.get('/en/commitments/review')).statusCode, 403);
      assert.equal((await as.anonymous!.get('/en/commitments/review')).statusCode, 401);

      const action = `/en/commitments/updates/${updateId}/review`;
      const before = await counts();
      const refused = await post('focal point of SEN', '/en/commitments/review', action, { decision: 'accept' });
      assert.equal(refused.statusCode, 403);
      const noMessage = await post('secretariat of rabat', '/en/commitments/review', action, {
        decision: 'return',
        comment: '  ',
      });
      assert.equal(noMessage.statusCode, 400);
      assert.ok(noMessage.body.includes('Error in “Message (required to return the update)”'));
      assert.match(noMessage.body, /id="rv-comment-0"[^>]*aria-invalid="true"/);
      const noDecision = await post('secretariat of rabat', '/en/commitments/review', action, { decision: 'maybe' });
      assert.equal(noDecision.statusCode, 400);
      assert.ok(noDecision.body.includes('Error in “Decision”'));
      assert.equal(await counts(), before, 'nothing changed');
      const pending = (await as.anonymous!.get(`/api/v1/commitments/${C1}`)).json<{ state: unknown }>();
      assert.equal(pending.state, null, 'not public yet');

      const ok = await post('secretariat of rabat', '/en/commitments/review', action, { decision: 'accept' });
      assert.equal(ok.statusCode, 303, ok.body);
      assert.equal(ok.headers.location, '/en/commitments/review?notice=accepted');
      const after = await sec.get(ok.headers.location);
      assert.ok(after.body.includes('The update is accepted and public.'));
      assert.ok(after.body.includes('No update awaits your review.'));
      const pub = (await as.anonymous!.get(`/api/v1/commitments/${C1}`)).json<{
        state: { progress: number; country: string };
      }>();
      assert.equal(pub.state.progress, 40);
      assert.equal(pub.state.country, 'SEN');
      const again = await post('secretariat of rabat', '/en/commitments/review', action, { decision: 'accept' });
      assert.equal(again.statusCode, 409, 'once');

      // a returned update says why, and its reporter reads the message
      const link = `/en/commitments/${C1}/report?cycle=${cycleId}`;
      const second = await post('focal point of SEN', link, `/en/commitments/${C1}/report`, {
        cycle: cycleId,
        country: 'SEN',
        status: 'completed',
        progress: '',
        date: START,
        evidenceUrl: 'https://example.org/sen-done',
      });
      assert.equal(second.statusCode, 303, second.body);
      const id = /updates\/([0-9a-f-]{36})/.exec(second.headers.location as string)![1]!;
      const ret = await post('secretariat of rabat', '/en/commitments/review', `/en/commitments/updates/${id}/review`, {
        decision: 'return',
        comment: 'The source does not show completion.',
      });
      assert.equal(ret.statusCode, 303);
      assert.equal(ret.headers.location, '/en/commitments/review?notice=returned');
      const mine = await as['focal point of SEN']!.get(`/en/commitments/updates/${id}`);
      assert.ok(mine.body.includes('returned'));
      assert.ok(mine.body.includes('The source does not show completion.'));
    });
  });
}
