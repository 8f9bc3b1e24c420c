/**
 * Assessments on both engines: the seed template (questions only), creating (the unit only; bad input 400 naming
 * the field, nothing written), sending (tasks, mail to the respondents, once), answering (draft, submit, amend; a
 * mechanism's editors for it, a State's delegates for it; 409 after the deadline, naming it), the compiled results
 * and the report closed to all but the unit until published (then public, never naming a person), the PDF's text,
 * the sitemap, the pages, the permission matrix of every route × role, and the audit of every write.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp, loadReference } from '../../app.js';
import type { MailMessage } from '../../http/mail.js';
import { today } from '../../registry/model.js';
import type { Client } from '../../../test/helpers/client.js';
import { createTestDatabase, engines, type TestDatabase } from '../../../test/helpers/db.js';
import { MINI } from '../../../test/helpers/reference.js';
import { roleEmail, seedRoleUsers, signedInClients } from '../../../test/helpers/roles.js';
import { compile, answerValue, type Question } from './model.js';
import { TEMPLATE } from './template.js';

interface Json {
  [k: string]: unknown;
}
const ROLES = ['no role', 'editor of alpha', 'editor of beta', 'delegate of SEN', 'delegate of MLI', 'admin'] as const;
type Role = (typeof ROLES)[number];
const SEN = 'delegate of SEN';
const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const START = today();
const DEADLINE = addDays(START, 10);

const QUESTIONS = [
  { addressed: 'mechanism', lens: 'sustainable-structures', kind: 'yes-no', text: 'Written rules of procedure?' },
  {
    addressed: 'mechanism',
    lens: 'partnership-models',
    kind: 'multiple',
    text: 'Partners?',
    options: ['UN agencies', 'Other ISCMs', 'Academia'],
  },
  { addressed: 'state', lens: 'policy-impact', kind: 'text', text: 'Which national policy did an ISCM inform?' },
  { addressed: 'state', lens: 'policy-impact', kind: 'scale', text: 'Relevance today?', scale: { min: 1, max: 5 } },
  { addressed: 'state', lens: null, kind: 'single', text: 'Main channel?', options: ['Ministry', 'Mission'] },
  { addressed: 'state', lens: 'partnership-models', kind: 'number', text: 'ISCMs taken part in?' },
];

async function pdfText(bytes: Buffer): Promise<string> {
  const require = createRequire(import.meta.url);
  const fonts = join(dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts') + '/';
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: new Uint8Array(bytes), standardFontDataUrl: fonts, isEvalSupported: false })
    .promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const c = await (await doc.getPage(i)).getTextContent();
    pages.push(c.items.map((x) => ('str' in x ? x.str : '')).join(' '));
  }
  await doc.destroy();
  return pages.join('\n').replace(/\s+/g, ' ');
}

describe('assessment model (pure)', () => {
  const q = (kind: Question['kind'], extra: Partial<Question> = {}): Question => ({
    id: 'q1',
    addressed: 'state',
    lens: null,
    kind,
    text: 'x',
    options: [],
    scale: null,
    ...extra,
  });
  it('answer values by kind', () => {
    assert.deepEqual(answerValue(q('yes-no'), 'yes'), { value: 'yes' });
    assert.ok('error' in answerValue(q('yes-no'), 'maybe'));
    assert.deepEqual(answerValue(q('multiple', { options: ['a', 'b', 'c'] }), ['c', 'a']), { value: '["a","c"]' });
    assert.ok('error' in answerValue(q('multiple', { options: ['a'] }), ['z']));
    assert.deepEqual(answerValue(q('scale', { scale: { min: 1, max: 5 } }), '5'), { value: '5' });
    assert.ok('error' in answerValue(q('scale', { scale: { min: 1, max: 5 } }), '6'));
    assert.ok('error' in answerValue(q('number'), 'twelve'));
    assert.deepEqual(answerValue(q('text'), '  '), { value: null });
  });
  it('compiles distributions, figures and texts over the given answers', () => {
    const qs = [q('scale', { id: 'q1', scale: { min: 1, max: 3 } }), q('text', { id: 'q2' })];
    const rs = [
      { kind: 'state' as const, party: 'SEN' },
      { kind: 'state' as const, party: 'MLI' },
    ];
    const out = compile(qs, rs, [
      { recipient: rs[0]!, question: 'q1', value: '3' },
      { recipient: rs[1]!, question: 'q1', value: '1' },
      { recipient: rs[1]!, question: 'q2', value: 'A law' },
    ]);
    assert.deepEqual(out[0]!.distribution, [
      { value: '1', count: 1 },
      { value: '2', count: 0 },
      { value: '3', count: 1 },
    ]);
    assert.deepEqual(out[0]!.stats, { min: 1, max: 3, mean: 2, median: 2 });
    assert.equal(out[1]!.answered, 1);
    assert.deepEqual(out[1]!.texts, [{ recipient: rs[1], value: 'A law' }]);
  });
  it('the seed template asks questions of every lens, per mechanism and per State, and gives no answer', () => {
    assert.ok(TEMPLATE.some((t) => t.addressed === 'mechanism') && TEMPLATE.some((t) => t.addressed === 'state'));
    for (const lens of ['policy-impact', 'sustainable-structures', 'partnership-models'])
      assert.ok(
        TEMPLATE.some((t) => t.lens === lens),
        lens,
      );
    for (const t of TEMPLATE)
      assert.deepEqual(
        Object.keys(t).filter((k) => /answer|value/i.test(k)),
        [],
      );
  });
});

for (const { engine, skip } of await engines()) {
  describe(`assessments on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let tokens: Record<string, string>;
    let clients: Record<string, Client>;
    let now = START;
    let id = '';
    const mails: MailMessage[] = [];
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
      let body: Json = {};
      try {
        body = JSON.parse(res.body) as Json;
      } catch {
        // a PDF or a page
      }
      return { status: res.statusCode, body, res };
    };
    const fieldOf = (body: Json) => (body.errors as { name: string }[] | undefined)?.map((e) => e.name);
    const count = async () => {
      const n = async (table: 'assessment' | 'assessment_answer') =>
        Number(
          (
            await t.db
              .selectFrom(table)
              .select((e) => e.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      return `${await n('assessment')}/${await n('assessment_answer')}`;
    };
    const good = {
      title: 'Pilot assessment',
      deadline: DEADLINE,
      questions: QUESTIONS,
      mechanisms: ['alpha-process'],
      states: ['SEN', 'MLI'],
    };
    const put = (role: Role | null, kind: string, party: string, body: unknown) =>
      api(role, 'PUT', `/api/v1/assessments/${id}/responses/${kind}/${party}`, body);

    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db, MINI);
      app = await buildApp({
        database: t,
        assessmentClock: () => now,
        mailSender: (m) => {
          mails.push(m);
          return Promise.resolve();
        },
      });
      ({ tokens } = await seedRoleUsers(t.db, ROLES));
      clients = await signedInClients(app, ROLES);
      for (const [role, country] of [
        [SEN, 'SEN'],
        ['delegate of MLI', 'MLI'],
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

    it('the seed template is public: questions only', async () => {
      const r = await api(null, 'GET', '/api/v1/assessments/template');
      assert.equal(r.status, 200);
      assert.equal((r.body.questions as unknown[]).length, TEMPLATE.length);
      assert.doesNotMatch(JSON.stringify(r.body), /"answers?"/);
    });

    it('creating: the unit only (401, 403 before the body), bad input 400 naming the field, nothing written', async () => {
      const before = await count();
      assert.equal((await api(null, 'POST', '/api/v1/assessments', good)).status, 401);
      for (const role of ROLES.filter((r) => r !== 'admin'))
        assert.equal((await api(role, 'POST', '/api/v1/assessments', { nonsense: 1 })).status, 403, role);
      const bad: [Json, string][] = [
        [{ ...good, deadline: START }, 'deadline'],
        [{ ...good, deadline: '2031-02-30' }, 'deadline'],
        [{ ...good, deadline: 'soon' }, 'deadline'],
        [{ ...good, mechanisms: ['no-such-thing'] }, 'mechanisms.0'],
        [{ ...good, states: ['SEN', 'XXX'] }, 'states.1'],
        [{ ...good, states: [] }, 'states'],
        [{ ...good, mechanisms: [] }, 'mechanisms'],
        [{ ...good, questions: [] }, 'questions'],
        [{ ...good, questions: [{ ...QUESTIONS[1], options: ['one'] }] }, 'questions.0.options'],
        [{ ...good, questions: [{ ...QUESTIONS[0], options: ['a', 'b'] }] }, 'questions.0.options'],
        [{ ...good, questions: [{ ...QUESTIONS[3], scale: { min: 3, max: 2 } }] }, 'questions.0.scale'],
        [{ ...good, questions: [{ ...QUESTIONS[0], text: '  ' }] }, 'questions.0.text'],
        [{ ...good, questions: [{ ...QUESTIONS[0], kind: 'essay' }] }, 'questions.0.kind'],
        [{ ...good, questions: [{ ...QUESTIONS[0], addressed: 'region' }] }, 'questions.0.addressed'],
        [{ ...good, questions: undefined, template: 'other' }, 'template'],
        [{ ...good, title: 'two\nlines' }, 'title'],
        [{ ...good, extra: true }, 'extra'],
      ];
      for (const [body, field] of bad) {
        const r = await api('admin', 'POST', '/api/v1/assessments', body);
        assert.equal(r.status, 400, `${field}: ${JSON.stringify(r.body)}`);
        assert.deepEqual(fieldOf(r.body), [field], JSON.stringify(r.body));
      }
      assert.equal(await count(), before, 'nothing written');
    });

    it('the unit creates one from the template and one of its own; a draft is the unit’s only', async () => {
      const tpl = await api('admin', 'POST', '/api/v1/assessments', {
        template: 'iscm-2019',
        deadline: DEADLINE,
        mechanisms: ['beta-forum'],
        states: ['SEN'],
      });
      assert.equal(tpl.status, 201, JSON.stringify(tpl.body));
      assert.equal((tpl.body.items as unknown[]).length, TEMPLATE.length);
      assert.equal(tpl.body.template, 'iscm-2019');
      const r = await api('admin', 'POST', '/api/v1/assessments', good);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      id = r.body.id as string;
      assert.equal(r.body.stage, 'draft');
      assert.deepEqual(
        (r.body.items as { id: string; kind: string; addressed: string }[]).map(
          (q) => `${q.id}:${q.kind}:${q.addressed}`,
        ),
        [
          'q1:yes-no:mechanism',
          'q2:multiple:mechanism',
          'q3:text:state',
          'q4:scale:state',
          'q5:single:state',
          'q6:number:state',
        ],
      );
      assert.deepEqual(
        (r.body.recipientList as { kind: string; party: string }[]).map((x) => `${x.kind}:${x.party}`),
        ['mechanism:alpha-process', 'state:MLI', 'state:SEN'],
      );
      for (const role of ['editor of alpha', SEN, 'no role'] as const)
        assert.equal((await api(role, 'GET', `/api/v1/assessments/${id}`)).status, 404, `${role}: not sent yet`);
      assert.equal((await api(null, 'GET', '/api/v1/assessments')).body.items instanceof Array, true);
      assert.deepEqual((await api(null, 'GET', '/api/v1/assessments')).body.items, []);
      assert.equal(((await api('admin', 'GET', '/api/v1/assessments')).body.items as unknown[]).length, 2);
    });

    it('editing the questions of a draft: the unit only, checked (400 naming the field, nothing changes), audited', async () => {
      const url = `/api/v1/assessments/${id}/questions`;
      const items = async () =>
        (await api('admin', 'GET', `/api/v1/assessments/${id}`)).body.items as { id: string; text: string }[];
      const was = JSON.stringify(await items());
      assert.equal((await api(null, 'PUT', url, { questions: QUESTIONS })).status, 401);
      for (const role of ROLES.filter((r) => r !== 'admin'))
        assert.equal((await api(role, 'PUT', url, { questions: QUESTIONS })).status, 404, `${role}: a draft is hidden`);
      assert.equal(
        (await api('admin', 'PUT', '/api/v1/assessments/nope/questions', { questions: QUESTIONS })).status,
        404,
      );
      const stateOnly = QUESTIONS.filter((q) => q.addressed === 'state');
      const bad: [Json, string][] = [
        [{ questions: [] }, 'questions'],
        [{ questions: [...QUESTIONS.slice(0, 2), { ...QUESTIONS[4], options: ['only one'] }] }, 'questions.2.options'],
        [{ questions: [QUESTIONS[0], { ...QUESTIONS[3], scale: { min: 5, max: 1 } }] }, 'questions.1.scale'],
        [{ questions: [QUESTIONS[0], { ...QUESTIONS[2], text: '   ' }] }, 'questions.1.text'],
        [{ questions: [QUESTIONS[0], { ...QUESTIONS[0], kind: 'essay' }] }, 'questions.1.kind'],
        [{ questions: stateOnly }, 'questions'],
        [{ questions: QUESTIONS, extra: 1 }, 'extra'],
      ];
      for (const [body, field] of bad) {
        const r = await api('admin', 'PUT', url, body);
        assert.equal(r.status, 400, `${field}: ${JSON.stringify(r.body)}`);
        assert.deepEqual(fieldOf(r.body), [field], JSON.stringify(r.body));
      }
      assert.equal(JSON.stringify(await items()), was, 'refused edits changed nothing');
      // remove the first question, edit the third, add one at the end: numbered anew
      const edited = [
        ...QUESTIONS.slice(1, 2),
        { ...QUESTIONS[2]!, text: 'Which national policy or law did an ISCM inform?' },
        ...QUESTIONS.slice(3),
        { addressed: 'state', lens: 'policy-impact', kind: 'yes-no', text: 'Would you take part again?' },
      ];
      const r = await api('admin', 'PUT', url, { questions: edited });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(
        (r.body.items as { id: string; text: string }[]).map((q) => `${q.id}:${q.text}`),
        edited.map((q, i) => `q${i + 1}:${q.text}`),
      );
      // back to the questionnaire the next steps answer
      assert.equal((await api('admin', 'PUT', url, { questions: QUESTIONS })).status, 200);
      assert.deepEqual(
        (await items()).map((q) => q.text),
        QUESTIONS.map((q) => q.text),
      );
    });

    it('the questions form on the draft’s page (no JavaScript): edit, remove, add; a fault re-shows it naming the row', async () => {
      const page = `/en/assessments/${id}`;
      const shown = await clients.admin!.get(page);
      assert.equal(shown.statusCode, 200);
      assert.match(shown.body, new RegExp(`<form method="post" action="/en/assessments/${id}/questions"`));
      for (let i = 0; i < QUESTIONS.length + 3; i++)
        assert.match(shown.body, new RegExp(`name="q${i}\\.text"`), `row ${i}`);
      assert.doesNotMatch(shown.body, new RegExp(`name="q${QUESTIONS.length + 3}\\.text"`));
      assert.doesNotMatch((await clients['editor of alpha']!.get(page)).body, /questions-h/);
      const rowsOf = (
        qs: readonly {
          addressed: string;
          lens: string | null;
          kind: string;
          text: string;
          options?: string[];
          scale?: { min: number; max: number };
        }[],
      ) =>
        Object.fromEntries(
          qs.flatMap((q, i) => [
            [`q${i}.text`, q.text],
            [`q${i}.addressed`, q.addressed],
            [`q${i}.lens`, q.lens ?? ''],
            [`q${i}.kind`, q.kind],
            [`q${i}.options`, (q.options ?? []).join('\n')],
            [`q${i}.min`, q.scale ? String(q.scale.min) : ''],
            [`q${i}.max`, q.scale ? String(q.scale.max) : ''],
          ]),
        ) as Record<string, string>;
      const url = `${page}/questions`;
      const items = async () =>
        (await api('admin', 'GET', `/api/v1/assessments/${id}`)).body.items as { text: string }[];
      const was = JSON.stringify(await items());
      // row 0 emptied (removed), row 4 a choice with one option: the fault is the 4th question, shown on row 4
      const bad = await clients.admin!.form(url, { ...rowsOf(QUESTIONS), 'q0.text': '', 'q4.options': 'Ministry' });
      assert.equal(bad.statusCode, 400, bad.body);
      assert.match(bad.body, /id="questions-error"/);
      assert.match(bad.body, /id="eq4-options"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="eq4-options"/);
      assert.equal(JSON.stringify(await items()), was, 'nothing changed');
      assert.equal((await clients['editor of alpha']!.form(url, rowsOf(QUESTIONS))).statusCode, 404);
      const added = { addressed: 'state', lens: null, kind: 'yes-no', text: 'Would you take part again?' };
      const ok = await clients.admin!.form(url, { ...rowsOf([...QUESTIONS, added]), 'q1.text': '' });
      assert.equal(ok.statusCode, 303, ok.body);
      assert.deepEqual(
        (await items()).map((q) => q.text),
        [...QUESTIONS.filter((_, i) => i !== 1), added].map((q) => q.text),
      );
      assert.match((await clients.admin!.get(`${page}?notice=questions`)).body, /The questions are saved\./);
      assert.equal(
        (await api('admin', 'PUT', `/api/v1/assessments/${id}/questions`, { questions: QUESTIONS })).status,
        200,
      );
    });

    it('sending: the unit only, once; tasks for the respondents, a mail to each', async () => {
      for (const role of ROLES.filter((r) => r !== 'admin'))
        assert.equal((await api(role, 'POST', `/api/v1/assessments/${id}/send`)).status, 404, role);
      assert.equal((await api(null, 'POST', `/api/v1/assessments/${id}/send`)).status, 401);
      assert.equal((await api(SEN, 'GET', '/api/v1/assessments/tasks')).body.items instanceof Array, true);
      assert.deepEqual((await api(SEN, 'GET', '/api/v1/assessments/tasks')).body.items, [], 'nothing before sending');
      const r = await api('admin', 'POST', `/api/v1/assessments/${id}/send`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.stage, 'sent');
      assert.deepEqual(
        mails.map((m) => m.to).sort(),
        [roleEmail('delegate of MLI'), roleEmail(SEN), roleEmail('editor of alpha')].sort(),
      );
      assert.equal(r.body.mailed, 3);
      assert.match(mails[0]!.text, new RegExp(`/en/assessments/${id}`));
      const again = await api('admin', 'POST', `/api/v1/assessments/${id}/send`);
      assert.equal(again.status, 409);
      const late = await api('admin', 'PUT', `/api/v1/assessments/${id}/questions`, { questions: QUESTIONS });
      assert.equal(late.status, 409, 'a sent questionnaire no longer changes');
      assert.match(late.body.detail as string, /sent/);
      const tasks = (await api(SEN, 'GET', '/api/v1/assessments/tasks')).body.items as Json[];
      assert.deepEqual(
        tasks.map(
          (k) =>
            `${(k.recipient as Json).kind as string}:${(k.recipient as Json).party as string}:${k.status as string}`,
        ),
        ['state:SEN:none'],
      );
      const alpha = (await api('editor of alpha', 'GET', '/api/v1/assessments/tasks')).body.items as Json[];
      assert.deepEqual(
        alpha.map((k) => (k.recipient as Json).party),
        ['alpha-process'],
      );
      assert.deepEqual((await api('editor of beta', 'GET', '/api/v1/assessments/tasks')).body.items, []);
      assert.equal((await api(null, 'GET', '/api/v1/assessments/tasks')).status, 401);
      const seen = await api(SEN, 'GET', `/api/v1/assessments/${id}`);
      assert.equal(seen.status, 200);
      assert.deepEqual(
        (seen.body.recipientList as Json[]).map((x) => x.party),
        ['SEN'],
        'a respondent sees its own recipient only',
      );
    });

    it('answering: who may, bad answers 400 naming the question, draft, submit, amend', async () => {
      assert.equal((await put(null, 'state', 'SEN', { answers: {} })).status, 401);
      assert.equal((await put('no role', 'state', 'SEN', { nonsense: 1 })).status, 404);
      assert.equal((await put('editor of alpha', 'state', 'SEN', { answers: {} })).status, 403);
      assert.equal((await put(SEN, 'state', 'MLI', { answers: {} })).status, 403);
      assert.equal((await put(SEN, 'mechanism', 'alpha-process', { answers: {} })).status, 403);
      assert.equal((await put('admin', 'state', 'SEN', { answers: {} })).status, 403, 'the unit does not answer');
      assert.equal((await put(SEN, 'state', 'FRA', { answers: {} })).status, 404, 'not a recipient');
      const draft = await put(SEN, 'state', 'SEN', { answers: { q3: 'Draft text', q4: '4' } });
      assert.equal(draft.status, 200, JSON.stringify(draft.body));
      assert.equal(draft.body.status, 'draft');
      assert.equal(draft.body.updatedBy, SEN);
      const before = await count();
      const bad: [Json, string][] = [
        [{ answers: { q4: '9' } }, 'answers.q4'],
        [{ answers: { q5: 'Embassy' } }, 'answers.q5'],
        [{ answers: { q6: 'six' } }, 'answers.q6'],
        [{ answers: { q1: 'yes' } }, 'answers.q1'],
        [{ answers: { q3: 'x' }, submit: true }, 'answers.q4'],
        [{ answers: { q3: 'x' }, submit: 'yes' }, 'submit'],
        [{ answers: 'all' }, 'answers'],
      ];
      for (const [body, field] of bad) {
        const r = await put(SEN, 'state', 'SEN', body);
        assert.equal(r.status, 400, `${field}: ${JSON.stringify(r.body)}`);
        assert.deepEqual(fieldOf(r.body), [field], JSON.stringify(r.body));
      }
      assert.equal(await count(), before, 'refused saves changed nothing');
      const full = { q3: 'The 2018 labour migration policy', q4: '5', q5: 'Ministry', q6: '4' };
      const sub = await put(SEN, 'state', 'SEN', { answers: full, submit: true });
      assert.equal(sub.status, 200, JSON.stringify(sub.body));
      assert.equal(sub.body.status, 'submitted');
      const amended = await put(SEN, 'state', 'SEN', { answers: { ...full, q6: '5' } });
      assert.equal(amended.body.status, 'submitted', 'submitted stays submitted');
      const mli = await put('delegate of MLI', 'state', 'MLI', {
        answers: { q3: 'A diaspora strategy', q4: '3', q5: 'Mission', q6: '2' },
        submit: true,
      });
      assert.equal(mli.status, 200);
      const alpha = await put('editor of alpha', 'mechanism', 'alpha-process', {
        answers: { q1: 'yes', q2: ['Other ISCMs', 'UN agencies'] },
        submit: true,
      });
      assert.equal(alpha.status, 200, JSON.stringify(alpha.body));
      assert.deepEqual(alpha.body.answers, { q1: 'yes', q2: ['UN agencies', 'Other ISCMs'] });
      // drafts and answers are the respondent's and the unit's
      assert.equal((await api('admin', 'GET', `/api/v1/assessments/${id}/responses/state/SEN`)).status, 200);
      assert.equal((await api('delegate of MLI', 'GET', `/api/v1/assessments/${id}/responses/state/SEN`)).status, 403);
      assert.equal((await api('editor of alpha', 'GET', `/api/v1/assessments/${id}/responses/state/SEN`)).status, 403);
      assert.equal((await api('no role', 'GET', `/api/v1/assessments/${id}/responses/state/SEN`)).status, 404);
    });

    it('before publication the results, the report and the PDF are the unit’s only', async () => {
      const routes = [
        `/api/v1/assessments/${id}/results`,
        `/api/v1/assessments/${id}/report.pdf`,
        `/en/assessments/${id}/report`,
        `/en/assessments/${id}/results.csv`,
      ];
      const expected: Record<string, number> = {
        anonymous: 404,
        'no role': 404,
        'editor of beta': 404,
        'editor of alpha': 403,
        [SEN]: 403,
        'delegate of MLI': 403,
        admin: 200,
      };
      for (const url of routes)
        for (const [role, status] of Object.entries(expected)) {
          const r = url.startsWith('/api')
            ? await api(role === 'anonymous' ? null : (role as Role), 'GET', url)
            : await clients[role]!.get(url);
          const got = 'statusCode' in r ? r.statusCode : r.status;
          assert.equal(got, status, `${role} ${url}`);
        }
      const results = await api('admin', 'GET', `/api/v1/assessments/${id}/results`);
      const byId = new Map((results.body.results as Json[]).map((r) => [(r.question as Json).id as string, r]));
      assert.deepEqual(byId.get('q5')!.distribution, [
        { value: 'Ministry', count: 1 },
        { value: 'Mission', count: 1 },
      ]);
      assert.deepEqual(byId.get('q6')!.stats, { min: 2, max: 5, mean: 3.5, median: 3.5 });
      assert.deepEqual(byId.get('q2')!.distribution, [
        { value: 'UN agencies', count: 1 },
        { value: 'Other ISCMs', count: 1 },
        { value: 'Academia', count: 0 },
      ]);
      assert.equal((byId.get('q3')!.texts as unknown[]).length, 2);
      const sitemap = await app.inject({ method: 'GET', url: '/sitemap.xml' });
      assert.doesNotMatch(sitemap.body, /assessments/);
    });

    it('results.csv: the results table for the unit, headers and States in the reader’s language, no BOM', async () => {
      const res = await clients.admin!.get(`/fr/assessments/${id}/results.csv`);
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers['content-type']), /^text\/csv; charset=utf-8/);
      assert.match(String(res.headers['content-disposition']), new RegExp(`assessment-${id}-fr\\.csv`));
      assert.match(String(res.headers['cache-control']), /no-store/);
      assert.notEqual(res.body.charCodeAt(0), 0xfeff, 'no BOM, like the queries’ CSV');
      const { parse } = await import('csv-parse/sync');
      const rows: string[][] = parse(res.body);
      assert.deepEqual(rows[0], [
        'N°',
        'Axe',
        'Destinataires',
        'Question',
        'Destinataires interrogés',
        'Destinataires ayant répondu',
        'Réponse',
        'Nombre',
        'Destinataire',
        'Minimum',
        'Médiane',
        'Moyenne',
        'Maximum',
      ]);
      const of = (n: string) => rows.slice(1).filter((r) => r[0] === n);
      assert.deepEqual(
        of('1').map((r) => r.slice(2, 8)),
        [
          ['Mécanismes', 'Written rules of procedure?', '1', '1', 'Oui', '1'],
          ['Mécanismes', 'Written rules of procedure?', '1', '1', 'Non', '0'],
        ],
      );
      assert.deepEqual(
        of('3')
          .map((r) => `${r[8]}: ${r[6]}`)
          .sort(),
        ['Mali: A diaspora strategy', 'Sénégal: The 2018 labour migration policy'],
        'text answers by State, named in French',
      );
      assert.deepEqual(
        of('5').map((r) => `${r[6]}=${r[7]}`),
        ['Ministry=1', 'Mission=1'],
      );
      assert.deepEqual(
        of('6').map((r) => r.slice(9)),
        [['2', '3.5', '3.5', '5']],
        'a number question: one row with its figures',
      );
      for (const role of ['no role', 'editor of beta'] as const)
        assert.equal((await clients[role]!.get(`/en/assessments/${id}/results.csv`)).statusCode, 404, role);
      assert.equal((await clients[SEN]!.get(`/en/assessments/${id}/results.csv`)).statusCode, 403);
      const report = await clients.admin!.get(`/en/assessments/${id}/report`);
      assert.match(report.body, new RegExp(`href="/en/assessments/${id}/results\\.csv"`));
    });

    it('after the deadline every write is 409 naming the deadline, and nothing changes', async () => {
      now = addDays(DEADLINE, 1);
      const before = await count();
      const r = await put(SEN, 'state', 'SEN', { answers: { q3: 'late', q4: '1', q5: 'Mission', q6: '1' } });
      assert.equal(r.status, 409);
      assert.match(r.body.detail as string, new RegExp(DEADLINE));
      assert.equal(await count(), before);
      now = DEADLINE;
      assert.equal(
        (await put(SEN, 'state', 'SEN', { answers: { q3: 'On the day', q4: '5', q5: 'Ministry', q6: '5' } })).status,
        200,
      );
      now = START;
    });

    it('publishing: the unit only, once; then the results, report and PDF are public, never naming a person', async () => {
      for (const role of ROLES.filter((r) => r !== 'admin'))
        assert.notEqual((await api(role, 'POST', `/api/v1/assessments/${id}/publish`)).status, 200, role);
      assert.equal((await api(SEN, 'POST', `/api/v1/assessments/${id}/publish`)).status, 403);
      const r = await api('admin', 'POST', `/api/v1/assessments/${id}/publish`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.stage, 'published');
      assert.equal((await api('admin', 'POST', `/api/v1/assessments/${id}/publish`)).status, 409);
      const open = await api(null, 'GET', `/api/v1/assessments/${id}/results`);
      assert.equal(open.status, 200);
      const text = JSON.stringify(open.body);
      assert.match(text, /The 2018 labour migration policy|On the day/);
      for (const person of [SEN, roleEmail(SEN), 'editor of alpha', 'delegate of MLI'])
        assert.ok(!text.includes(person), `no person in the public results: ${person}`);
      assert.equal((await api(null, 'GET', `/api/v1/assessments/${id}/responses/state/SEN`)).status, 401);
      assert.equal((await api('no role', 'GET', `/api/v1/assessments/${id}/responses/state/SEN`)).status, 403);
      const page = await clients.anonymous!.get(`/ar/assessments/${id}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /dir="rtl"/);
      assert.match(page.body, /<svg class="bc"/);
      assert.ok(!page.body.includes(roleEmail(SEN)));
      const sitemap = await app.inject({ method: 'GET', url: '/sitemap.xml' });
      assert.match(sitemap.body, new RegExp(`/en/assessments/${id}<`));
      assert.match(sitemap.body, new RegExp(`/ar/assessments/${id}/report<`));
    });

    it('the PDF report reads like an assessment (text extracted with pdfjs)', async () => {
      const r = await api(null, 'GET', `/api/v1/assessments/${id}/report.pdf`);
      assert.equal(r.status, 200);
      assert.equal(r.res.headers['content-type'], 'application/pdf');
      const text = await pdfText(r.res.rawPayload);
      for (const s of [
        'Pilot assessment',
        '1. Achievements by lens',
        'Policy impact',
        '2. Structures',
        '3. Partnerships',
        '4. Survey results',
        'Which national policy did an ISCM inform?',
        'On the day',
        'Answered by 2 of 2 States',
        'Ministry: 1; Mission: 1',
        'Senegal: On the day',
        '3 of 3 recipients submitted their answers',
      ])
        assert.ok(text.includes(s), `${s} in: ${text.slice(0, 2000)}`);
    });

    it('the pages: list with tasks, the create form (400 naming the field), the answer form without JavaScript', async () => {
      const list = await clients[SEN]!.get('/en/assessments');
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /Your tasks/);
      const form = await clients.admin!.get('/en/assessments/new');
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /Which thematic areas/);
      assert.equal((await clients[SEN]!.get('/en/assessments/new')).statusCode, 403);
      const csrf = await clients.admin!.csrf('/en/assessments/new');
      const before = await count();
      const bad = await clients.admin!.post('/en/assessments/new', {
        _csrf: csrf,
        title: 'From the form',
        deadline: 'soon',
        mechanisms: 'alpha-process',
        states: 'sen',
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /deadline/);
      assert.equal(await count(), before);
      const ok = await clients.admin!.post('/en/assessments/new', {
        _csrf: csrf,
        title: 'From the form',
        deadline: DEADLINE,
        mechanisms: 'alpha-process',
        states: 'sen mli',
      });
      assert.equal(ok.statusCode, 303, ok.body.slice(0, 500));
      const newId = /assessments\/([0-9a-f-]+)/.exec(ok.headers.location as string)![1]!;
      const sent = await clients.admin!.post(`/en/assessments/${newId}/send`, {
        _csrf: await clients.admin!.csrf(`/en/assessments/${newId}`),
      });
      assert.equal(sent.statusCode, 303);
      const answerUrl = `/en/assessments/${newId}/respond/state/SEN`;
      const page = await clients[SEN]!.get(answerUrl);
      assert.equal(page.statusCode, 200);
      const saved = await clients[SEN]!.post(answerUrl, {
        _csrf: await clients[SEN]!.csrf(answerUrl),
        'answers.q7': 'yes',
        action: 'draft',
      });
      assert.equal(saved.statusCode, 303, saved.body.slice(0, 300));
      const back = await clients[SEN]!.get(answerUrl);
      assert.match(back.body, /value="yes" checked/);
    });

    it('every write is audited', async () => {
      const actions = async (action: string) =>
        Number(
          (
            await t.db
              .selectFrom('audit_event')
              .select((e) => e.fn.countAll().as('n'))
              .where('action', '=', action)
              .where('record_type', '=', 'assessment')
              .executeTakeFirstOrThrow()
          ).n,
        );
      assert.equal(await actions('assessment.create'), 3);
      assert.equal(await actions('assessment.send'), 2);
      assert.equal(await actions('assessment.publish'), 1);
      assert.equal(await actions('assessment.draft'), 2);
      assert.equal(await actions('assessment.submit'), 3);
      assert.equal(await actions('assessment.amend'), 2);
      assert.equal(await actions('assessment.questions'), 4);
    });
  });
}
