/**
 * Peer queries on both engines: asking (who may, bad input 400 naming the field, 415 after 401/403), answering
 * (draft, submit, amend; one answer per State per question; refused after the deadline with the deadline named),
 * the compilation (API, HTML, CSV, printable), response rates, the reminders due, publishing (a public record in the
 * sitemap and the search, never before), the answer form without JavaScript, and the audit of every write.
 * (The read matrix of every read route × the eight roles is in ../sharing.test.ts.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { parse } from 'csv-parse/sync';
import { AccountsService } from '../../accounts/service.js';
import { DataVersion } from '../../db/data-version.js';
import { RegistryService } from '../../registry/service.js';
import { SharingService } from '../service.js';
import { QueriesService } from './service.js';
import { buildApp, loadReference } from '../../app.js';
import { today } from '../../registry/model.js';
import type { Client } from '../../../test/helpers/client.js';
import { createTestDatabase, engines, type TestDatabase } from '../../../test/helpers/db.js';
import { MINI } from '../../../test/helpers/reference.js';
import { roleEmail, seedRoleUsers, signedInClients } from '../../../test/helpers/roles.js';
import { daysBetween } from './model.js';

interface Json {
  [k: string]: unknown;
}
const ROLES = [
  'no role',
  'delegate of GHA (non-member)',
  'delegate of FRA (observer)',
  'delegate of SEN (member)',
  'delegate of NER (former member)',
  'editor of alpha',
  'admin',
] as const;
type Role = (typeof ROLES)[number];
const SEN = 'delegate of SEN (member)';
const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const START = today();
const DEADLINE = addDays(START, 10);

const QUESTIONS = [
  { text: 'Describe your return policy in one paragraph.', kind: 'text' },
  { text: 'Do you have a national migration strategy?', kind: 'yes-no' },
  { text: 'Which ministry leads?', kind: 'choice', options: ['Interior', 'Labour', 'Foreign affairs'] },
  { text: 'How many labour attachés do you post abroad?', kind: 'number' },
  { text: 'When was the strategy adopted?', kind: 'date' },
];
const FULL = { q1: 'We return with dignity.', q2: 'yes', q3: 'Labour', q4: '14', q5: '2019-06-30' };

for (const { engine, skip } of await engines()) {
  describe(`peer queries on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let tokens: Record<string, string>;
    let ids: Record<string, string>;
    let clients: Record<string, Client>;
    let now = START;
    let closedId = '';
    let publicId = '';
    const api = async (role: Role | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
      const headers: Record<string, string> = {};
      if (role) headers.authorization = `Bearer ${tokens[role]}`;
      if (payload !== undefined) headers['content-type'] = 'application/json';
      const res = await app.inject({
        method,
        url,
        headers,
        ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
      });
      return { status: res.statusCode, body: (res.body ? JSON.parse(res.body) : null) as Json, res };
    };
    const fieldOf = (body: Json) => (body.errors as { name: string }[] | undefined)?.map((e) => e.name);
    const ask = (role: Role | null, body: Json) => api(role, 'POST', '/api/v1/queries', body);
    const answer = (role: Role | null, id: string, country: string, body: unknown) =>
      api(role, 'PUT', `/api/v1/queries/${id}/answers/${country}`, body);
    const count = async () => {
      const q = await t.db
        .selectFrom('peer_query')
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      const a = await t.db
        .selectFrom('peer_query_answer')
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return `${Number(q.n)}/${Number(a.n)}`;
    };

    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db, MINI);
      app = await buildApp({ database: t, sharingClock: () => now });
      ({ ids, tokens } = await seedRoleUsers(t.db, ROLES));
      clients = await signedInClients(app, ROLES);
      for (const [role, country] of [
        ['delegate of GHA (non-member)', 'GHA'],
        ['delegate of FRA (observer)', 'FRA'],
        [SEN, 'SEN'],
        ['delegate of NER (former member)', 'NER'],
      ] as const) {
        const r = await api('admin', 'POST', `/api/v1/countries/${country}/delegates`, {
          email: roleEmail(role),
          focalPoint: true,
        });
        assert.equal(r.status, 201, JSON.stringify(r.body));
      }
    });
    after(async () => {
      await app?.close();
      await t?.dispose();
    });

    describe('asking', () => {
      it('the focal point of a member State asks; the States asked are the members on the day', async () => {
        const r = await ask(SEN, {
          title: 'Return policies compared',
          mechanisms: ['alpha-process'],
          deadline: DEADLINE,
          questions: QUESTIONS,
        });
        assert.equal(r.status, 201, JSON.stringify(r.body));
        closedId = r.body.id as string;
        assert.equal(r.body.askerCountry, 'SEN');
        assert.equal(r.body.askedOn, START);
        assert.deepEqual(
          (r.body.states as { country: string }[]).map((s) => s.country),
          ['MLI', 'SEN'],
          'members of alpha-process today: not the observer FRA, not NER which left in 2016',
        );
        assert.deepEqual(
          (r.body.questions as { id: string; kind: string }[]).map((q) => `${q.id}:${q.kind}`),
          ['q1:text', 'q2:yes-no', 'q3:choice', 'q4:number', 'q5:date'],
        );
        assert.deepEqual(r.body.rate, { asked: 2, answered: 0, share: 0 });
        assert.equal(r.body.published, false);
        assert.deepEqual(r.body.may, { answerFor: ['SEN'], publish: true });
      });

      it('the secretariat asks its mechanism; an administrator asks any', async () => {
        const r = await ask('editor of alpha', {
          title: 'Labour attachés',
          mechanisms: ['alpha-process'],
          deadline: DEADLINE,
          questions: [QUESTIONS[1], QUESTIONS[3]],
        });
        assert.equal(r.status, 201, JSON.stringify(r.body));
        assert.equal(r.body.askerCountry, null);
        publicId = r.body.id as string;
        const both = await ask('admin', {
          title: 'Two mechanisms',
          mechanisms: ['alpha-process', 'gamma-dialogue'],
          deadline: DEADLINE,
          questions: [QUESTIONS[1]],
        });
        assert.equal(both.status, 201, JSON.stringify(both.body));
        assert.deepEqual(
          (both.body.states as { country: string }[]).map((s) => s.country),
          ['FRA', 'MLI', 'SEN'],
          'FRA is a member of gamma-dialogue',
        );
      });

      it('401 → 403 → 415 → 400, and a refused ask writes nothing', async () => {
        const before = await count();
        const good = { title: 'x', mechanisms: ['alpha-process'], deadline: DEADLINE, questions: [QUESTIONS[0]] };
        assert.equal((await ask(null, { nonsense: 1 })).status, 401);
        assert.equal((await ask('no role', { nonsense: 1 })).status, 403);
        assert.equal((await ask('delegate of FRA (observer)', good)).status, 403, 'FRA is an observer of alpha');
        assert.equal((await ask('delegate of NER (former member)', good)).status, 403, 'NER left alpha in 2016');
        const elsewhere = await ask('editor of alpha', { ...good, mechanisms: ['gamma-dialogue'] });
        assert.equal(elsewhere.status, 403, 'the secretariat of alpha does not ask the members of gamma');
        const text = await app.inject({
          method: 'POST',
          url: '/api/v1/queries',
          headers: { authorization: `Bearer ${tokens[SEN]}`, 'content-type': 'text/plain' },
          payload: 'x',
        });
        assert.equal(text.statusCode, 415);
        const bad: [Json, string][] = [
          [{ ...good, deadline: START }, 'deadline'],
          [{ ...good, deadline: '2031-02-30' }, 'deadline'],
          [{ ...good, deadline: 'soon' }, 'deadline'],
          [{ ...good, mechanisms: ['no-such-thing'] }, 'mechanisms'],
          [{ ...good, mechanisms: [] }, 'mechanisms'],
          [{ ...good, questions: [] }, 'questions'],
          [{ ...good, questions: [{ text: 'Pick', kind: 'choice', options: ['only one'] }] }, 'questions.0.options'],
          [{ ...good, questions: [{ text: 'Free', kind: 'text', options: ['a', 'b'] }] }, 'questions.0.options'],
          [{ ...good, questions: [{ text: '  ', kind: 'text' }] }, 'questions.0.text'],
          [{ ...good, questions: [{ text: 'x', kind: 'essay' }] }, 'questions.0.kind'],
          [{ ...good, attachment: 'no-such-document' }, 'attachment'],
          [{ ...good, title: 'two\nlines' }, 'title'],
          [{ ...good, extra: true }, 'extra'],
        ];
        for (const [body, field] of bad) {
          const r = await ask(SEN, body);
          assert.equal(r.status, 400, `${field}: ${JSON.stringify(r.body)}`);
          assert.deepEqual(fieldOf(r.body), [field], JSON.stringify(r.body));
        }
        assert.equal(await count(), before, 'nothing written');
      });
    });

    describe('answering', () => {
      const url = () => `/api/v1/queries/${closedId}/answers/SEN`;
      it('who may answer: a delegate of a State asked, for that State only', async () => {
        assert.equal((await answer(null, closedId, 'SEN', { answers: {} })).status, 401);
        assert.equal(
          (await answer('no role', closedId, 'SEN', { nonsense: 1 })).status,
          404,
          'a closed query is not told',
        );
        assert.equal((await answer('delegate of FRA (observer)', closedId, 'FRA', { answers: {} })).status, 404);
        assert.equal((await answer('editor of alpha', closedId, 'SEN', { answers: {} })).status, 403);
        assert.equal((await answer(SEN, closedId, 'MLI', { answers: {} })).status, 403, 'SEN does not answer for MLI');
        const notAsked = await answer(SEN, closedId, 'FRA', { answers: {} });
        assert.equal(notAsked.status, 403);
        assert.match(notAsked.body.detail as string, /FRA was not asked/);
      });

      it('a draft, bad answers 400 naming the question (nothing changed), a submit needs every answer', async () => {
        const draft = await answer(SEN, closedId, 'SEN', { answers: { q1: 'Draft text', q2: 'no' } });
        assert.equal(draft.status, 200, JSON.stringify(draft.body));
        assert.equal(draft.body.status, 'draft');
        assert.deepEqual(draft.body.answers, { q1: 'Draft text', q2: 'no' });
        const bad: [Json, string][] = [
          [{ answers: { q2: 'maybe' } }, 'answers.q2'],
          [{ answers: { q3: 'Health' } }, 'answers.q3'],
          [{ answers: { q4: 'fourteen' } }, 'answers.q4'],
          [{ answers: { q5: '30/06/2019' } }, 'answers.q5'],
          [{ answers: { q9: 'x' } }, 'answers.q9'],
          [{ answers: { q1: 'x' }, submit: true }, 'answers.q2'],
          [{ answers: { q1: 'x' }, submit: 'yes' }, 'submit'],
          [{ answers: 'all' }, 'answers'],
        ];
        for (const [body, field] of bad) {
          const r = await answer(SEN, closedId, 'SEN', body);
          assert.equal(r.status, 400, `${field}: ${JSON.stringify(r.body)}`);
          assert.deepEqual(fieldOf(r.body), [field], JSON.stringify(r.body));
        }
        const kept = await api(SEN, 'GET', url());
        assert.deepEqual(kept.body.answers, { q1: 'Draft text', q2: 'no' }, 'refused saves changed nothing');
        const q = await api(SEN, 'GET', `/api/v1/queries/${closedId}`);
        assert.deepEqual(q.body.answers, [], 'a draft is not in the compilation');
        assert.deepEqual(q.body.rate, { asked: 2, answered: 0, share: 0 });
      });

      it('submitted answers enter the compilation; a later save amends them (one answer per question)', async () => {
        const sub = await answer(SEN, closedId, 'SEN', { answers: FULL, submit: true });
        assert.equal(sub.status, 200, JSON.stringify(sub.body));
        assert.equal(sub.body.status, 'submitted');
        const amend = await answer(SEN, closedId, 'SEN', { answers: { ...FULL, q4: '15' } });
        assert.equal(amend.status, 200);
        assert.equal(amend.body.status, 'submitted', 'an amendment stays submitted');
        const q = await api('editor of alpha', 'GET', `/api/v1/queries/${closedId}`);
        assert.deepEqual(
          (q.body.answers as { country: string; question: string; value: string }[]).map(
            (a) => `${a.country}:${a.question}=${a.value}`,
          ),
          ['SEN:q1=We return with dignity.', 'SEN:q2=yes', 'SEN:q3=Labour', 'SEN:q4=15', 'SEN:q5=2019-06-30'],
        );
        assert.deepEqual(q.body.rate, { asked: 2, answered: 1, share: 0.5 });
        const rows = await t.db.selectFrom('peer_query_answer').selectAll().where('query_id', '=', closedId).execute();
        assert.equal(rows.length, 5, 'one row per question for the State');
        const emptied = await answer(SEN, closedId, 'SEN', { answers: { ...FULL, q1: '' } });
        assert.equal(emptied.status, 400, 'a submitted response cannot lose an answer');
        assert.deepEqual(fieldOf(emptied.body), ['answers.q1']);
      });

      it('after the deadline every write is refused with the deadline named, and nothing changes', async () => {
        now = addDays(DEADLINE, 1);
        try {
          const r = await answer(SEN, closedId, 'SEN', { answers: { ...FULL, q4: '99' } });
          assert.equal(r.status, 409, JSON.stringify(r.body));
          assert.match(r.body.detail as string, new RegExp(`deadline of this query was ${DEADLINE}`));
          const other = await answer(SEN, publicId, 'SEN', { answers: { q1: 'yes' } });
          assert.equal(other.status, 409);
          const kept = await api(SEN, 'GET', url());
          assert.equal(kept.body.answers && (kept.body.answers as Json).q4, '15');
          assert.equal(kept.body.open, false);
          const page = await clients[SEN]!.get(`/en/queries/${closedId}/answers/SEN`);
          assert.equal(page.statusCode, 200);
          assert.match(page.body, /answers are no longer accepted/);
          assert.doesNotMatch(page.body, /<form method="post" action="\/en\/queries\/[^"]+\/answers\/SEN"/);
        } finally {
          now = START;
        }
        // On the deadline day itself answers are still taken.
        now = DEADLINE;
        try {
          assert.equal((await answer(SEN, closedId, 'SEN', { answers: { ...FULL, q4: '16' } })).status, 200);
        } finally {
          now = START;
        }
      });
    });

    describe('reminders, rates, spaces page', () => {
      it('dueReminders(date): the States asked without submitted answers, for deadlines within 3 days', async () => {
        const version = DataVersion.of(t.db);
        const registry = new RegistryService(t.db, version);
        const accounts = new AccountsService(t.db);
        const service = new QueriesService(
          t.db,
          registry,
          accounts,
          new SharingService(t.db, registry, accounts),
          version,
        );
        assert.deepEqual(await service.dueReminders(addDays(DEADLINE, -4)), [], 'four days before: none');
        const due = await service.dueReminders(addDays(DEADLINE, -3));
        const lines = due.map((d) => `${d.state}|${d.query.title}|${d.deadline}`).sort();
        assert.deepEqual(lines, [
          `FRA|Two mechanisms|${DEADLINE}`,
          `MLI|Labour attachés|${DEADLINE}`,
          `MLI|Return policies compared|${DEADLINE}`,
          `MLI|Two mechanisms|${DEADLINE}`,
          `SEN|Labour attachés|${DEADLINE}`,
          `SEN|Two mechanisms|${DEADLINE}`,
        ]);
        assert.equal((await service.dueReminders(DEADLINE)).length, 6, 'on the deadline day still');
        assert.deepEqual(await service.dueReminders(addDays(DEADLINE, 1)), [], 'after it: none');
        const noMail = await t.db
          .selectFrom('audit_event')
          .select('action')
          .where('action', 'like', '%mail%')
          .execute();
        assert.deepEqual(noMail, []);
      });

      it('response rates per State over the queries the viewer may see', async () => {
        const admin = await api('admin', 'GET', '/api/v1/queries/response-rates');
        assert.equal(admin.status, 200);
        assert.deepEqual(admin.body.items, [
          { country: 'FRA', asked: 1, answered: 0, share: 0 },
          { country: 'MLI', asked: 3, answered: 0, share: 0 },
          { country: 'SEN', asked: 3, answered: 1, share: 0.333 },
        ]);
        const anon = await api(null, 'GET', '/api/v1/queries/response-rates');
        assert.deepEqual(anon.body.items, [], 'nothing is published yet');
      });

      it('the space page lists the open queries with "due in N days" and where my answers stand', async () => {
        const res = await clients[SEN]!.get('/en/spaces/alpha-process');
        assert.equal(res.statusCode, 200);
        const days = daysBetween(START, DEADLINE);
        assert.match(res.body, new RegExp(`Return policies compared</a> <span class="due">due in ${days} days`));
        assert.match(res.body, /Answer for Senegal<\/a> — Submitted/);
        const fr = await clients[SEN]!.get('/fr/spaces/alpha-process');
        assert.match(fr.body, new RegExp(`à rendre dans ${days} jours`));
        const outsider = await clients['delegate of GHA (non-member)']!.get('/en/spaces/alpha-process');
        assert.doesNotMatch(outsider.body, /Return policies compared|Open peer queries/);
      });
    });

    describe('the answer form without JavaScript', () => {
      it('saves a draft, refuses a bad value with the field marked, submits', async () => {
        const c = clients[SEN]!;
        const formUrl = `/en/queries/${publicId}/answers/SEN`;
        const csrf = await c.csrf(formUrl);
        const bad = await c.post(formUrl, { _csrf: csrf, 'answers.q1': 'perhaps', 'answers.q2': '3', action: 'draft' });
        assert.equal(bad.statusCode, 400, bad.body.slice(0, 300));
        assert.match(bad.body, /<fieldset aria-describedby="err-q1">/);
        assert.match(bad.body, /question q1: must be &quot;yes&quot; or &quot;no&quot;/);
        const saved = await c.post(formUrl, { _csrf: csrf, 'answers.q1': 'yes', action: 'draft' });
        assert.equal(saved.statusCode, 303);
        const page = await c.get(String(saved.headers.location));
        assert.match(page.body, /Your draft is saved/);
        assert.match(page.body, /Draft saved, not submitted/);
        const sub = await c.post(formUrl, { _csrf: csrf, 'answers.q1': 'yes', 'answers.q2': '4', action: 'submit' });
        assert.equal(sub.statusCode, 303);
        const r = await api(SEN, 'GET', `/api/v1/queries/${publicId}/answers/SEN`);
        assert.equal(r.body.status, 'submitted');
        assert.deepEqual(r.body.answers, { q1: 'yes', q2: '4' });
        const noToken = await c.post(formUrl, { 'answers.q1': 'no', action: 'draft' });
        assert.equal(noToken.statusCode, 403, 'no CSRF token, no write');
        const after = await api(SEN, 'GET', `/api/v1/queries/${publicId}/answers/SEN`);
        assert.deepEqual(after.body.answers, { q1: 'yes', q2: '4' }, 'unchanged');
      });
    });

    describe('compilation and publication', () => {
      it('HTML, CSV and printable report of the compilation', async () => {
        const c = clients['editor of alpha']!;
        const html = await c.get(`/en/queries/${closedId}`);
        assert.equal(html.statusCode, 200);
        assert.match(html.body, /<caption>Answers by country<\/caption>/);
        assert.match(html.body, /Senegal <span class="muted">\(SEN\)<\/span>/);
        assert.match(html.body, /1 of 2 States asked have answered \(50 %\)/);
        assert.match(html.body, /We return with dignity\./);
        const csv = await c.get(`/fr/queries/${closedId}/answers.csv`);
        assert.equal(csv.statusCode, 200);
        assert.match(String(csv.headers['content-type']), /^text\/csv/);
        assert.match(String(csv.headers['content-disposition']), /attachment/);
        const rows: string[][] = parse(csv.body);
        assert.deepEqual(rows[0]!.slice(0, 3), [
          'Code ISO',
          'Pays',
          'Q1. Describe your return policy in one paragraph.',
        ]);
        const sen = rows.find((r) => r[0] === 'SEN')!;
        assert.deepEqual(sen.slice(2, 7), ['We return with dignity.', 'yes', 'Labour', '16', '2019-06-30']);
        assert.deepEqual(rows.find((r) => r[0] === 'MLI')!.slice(2, 7), ['', '', '', '', '']);
        const print = await c.get(`/en/queries/${closedId}/print`);
        assert.equal(print.statusCode, 200);
        assert.match(print.body, /<body class="print-report">/);
        assert.match(print.body, /Printed from ISCM Hub on/);
      });

      it('only the asker or an administrator publishes, once; then it is a public record in the sitemap and search', async () => {
        const pub = `/api/v1/queries/${publicId}/publish`;
        assert.equal((await api(null, 'POST', pub)).status, 401);
        assert.equal((await api(SEN, 'POST', pub)).status, 403, 'SEN answered but did not ask');
        assert.equal((await api('no role', 'POST', pub)).status, 404);
        const before = await app.inject('/sitemap.xml');
        assert.doesNotMatch(before.body, /\/queries\//);
        const ok = await api('editor of alpha', 'POST', pub);
        assert.equal(ok.status, 200, JSON.stringify(ok.body));
        assert.equal(ok.body.published, true);
        assert.equal((ok.body.publishedAt as string).slice(0, 10), today());
        assert.equal((await api('editor of alpha', 'POST', pub)).status, 409);
        const anon = await api(null, 'GET', `/api/v1/queries/${publicId}`);
        assert.equal(anon.status, 200);
        assert.deepEqual(anon.body.answers, [
          { country: 'SEN', question: 'q1', value: 'yes' },
          { country: 'SEN', question: 'q2', value: '4' },
        ]);
        assert.doesNotMatch(anon.res.body, /delegate of SEN|example\.org/, 'never persons');
        const page = await clients.anonymous!.get(`/es/queries/${publicId}`);
        assert.equal(page.statusCode, 200);
        assert.match(page.body, /Publicada el/);
        const sitemap = await app.inject('/sitemap.xml');
        assert.match(sitemap.body, new RegExp(`/en/queries/${publicId}<`));
        assert.doesNotMatch(sitemap.body, new RegExp(closedId));
        const found = await app.inject('/api/v1/search?q=attach%C3%A9s');
        assert.match(found.body, new RegExp(publicId));
        const closed = await app.inject('/api/v1/search?q=dignity');
        assert.doesNotMatch(closed.body, new RegExp(closedId));
        assert.doesNotMatch((await app.inject('/api/v1/search?q=Return%20policies')).body, new RegExp(closedId));
      });

      it('every write is in the audit log with its actor', async () => {
        const audit = new AccountsService(t.db);
        const asks = await audit.auditTrail({ action: 'query.ask' });
        assert.equal(asks.length, 3);
        assert.deepEqual(asks.map((a) => a.actor).sort(), [ids.admin, ids['editor of alpha'], ids[SEN]].sort());
        assert.equal((await audit.auditTrail({ action: 'query.draft' })).length, 2);
        assert.equal((await audit.auditTrail({ action: 'query.submit' })).length, 2);
        assert.equal((await audit.auditTrail({ action: 'query.amend' })).length, 2);
        const published = await audit.auditTrail({ action: 'query.publish' });
        assert.deepEqual(
          published.map((p) => [p.actor, p.record_id]),
          [[ids['editor of alpha'], publicId]],
        );
      });
    });
    describe('the ask form without JavaScript', () => {
      it('offers the mechanisms the asker may ask, refuses a bad slot with the field marked, and sends the query', async () => {
        assert.equal((await clients.anonymous!.get('/en/queries/new')).statusCode, 401);
        assert.equal((await clients['no role']!.get('/en/queries/new')).statusCode, 403);
        assert.doesNotMatch((await clients['no role']!.get('/en/queries')).body, /href="\/en\/queries\/new"/);
        const c = clients['editor of alpha']!;
        assert.match((await c.get('/en/queries')).body, /href="\/en\/queries\/new"/);
        const form = await c.get('/fr/queries/new');
        assert.equal(form.statusCode, 200);
        assert.deepEqual(
          [...form.body.matchAll(/name="mechanisms" value="([^"]+)"/g)].map((m) => m[1]),
          ['alpha-process'],
          'the secretariat of alpha asks the members of alpha only',
        );
        const csrf = await c.csrf('/en/queries/new');
        const base = {
          _csrf: csrf,
          title: 'Asked through the form',
          mechanisms: 'alpha-process',
          deadline: DEADLINE,
          'q0.text': 'Do you run pre-departure courses?',
          'q0.kind': 'yes-no',
          'q2.text': 'Which agency runs them?',
          'q2.kind': 'choice',
        };
        const before = await count();
        const bad = await c.post('/en/queries/new', { ...base, 'q2.options': 'Only one' });
        assert.equal(bad.statusCode, 400, bad.body.slice(0, 200));
        assert.match(bad.body, /id="q2-options"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="q2-options"/);
        assert.match(bad.body, /value="Asked through the form"/, 'what was typed is kept');
        assert.equal(await count(), before, 'nothing written');
        const ok = await c.post('/en/queries/new', { ...base, 'q2.options': 'Labour office\nPrivate agencies' });
        assert.equal(ok.statusCode, 303);
        const id = /\/en\/queries\/([0-9a-f-]+)\?notice=asked$/.exec(String(ok.headers.location))?.[1];
        assert.ok(id, String(ok.headers.location));
        const r = await api('editor of alpha', 'GET', `/api/v1/queries/${id}`);
        assert.deepEqual(r.body.questions, [
          { id: 'q1', kind: 'yes-no', text: 'Do you run pre-departure courses?', options: [] },
          { id: 'q2', kind: 'choice', text: 'Which agency runs them?', options: ['Labour office', 'Private agencies'] },
        ]);
        assert.match((await c.get(String(ok.headers.location))).body, /The query is sent to the member States/);
      });
    });
  });
}
