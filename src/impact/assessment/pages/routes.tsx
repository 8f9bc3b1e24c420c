/**
 * Assessment pages under /{lang}/assessments/: answered for the session's reader, never through the response cache.
 * An unsent or unpublished assessment is a 404 to whoever may not see it; a published one is a public page (and in
 * the sitemap). The create, send, publish and answer forms are plain posts with the CSRF token.
 */
import { stringify } from 'csv-stringify/sync';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError, NotFound } from '../../../http/errors.js';
import { countryNames } from '../../../registry/countries.js';
import { pageErrorHandler } from '../../../web/errors.js';
import { isLang, type Lang } from '../../../web/i18n.js';
import { href } from '../../../web/layout.js';
import { pageContext, sendPage } from '../../../web/render.js';
import type { Question } from '../model.js';
import type { AssessmentsService } from '../service.js';
import { TEMPLATE, TEMPLATE_ID, TEMPLATE_TITLE, type TemplateQuestion } from '../template.js';
import { BLANK_QUESTIONS } from './pages.js';
import {
  AssessmentPage,
  AssessmentsPage,
  assessmentHref,
  CreatePage,
  ReportPage,
  RespondPage,
  type QuestionRow,
  type CreateValues,
  type FormError,
} from './pages.js';

function langOf(req: FastifyRequest): Lang {
  const lang = (req.params as { lang?: string }).lang;
  if (!isLang(lang)) throw new NotFound('page', req.url);
  return lang;
}

const NOTICES: Record<string, string> = {
  created: 'assessments.savedCreated',
  sent: 'assessments.savedSent',
  published: 'assessments.savedPublished',
  questions: 'assessmentQuestions.saved',
  draft: 'assessments.savedDraft',
  submit: 'assessments.savedSubmitted',
};
const str = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');
const list = (v: unknown): string[] =>
  (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string' && x !== '');

/** The template's questions as the pages list them (ids q1, q2, …). */
const templateQuestions: Question[] = TEMPLATE.map((q, i) => ({
  id: `q${i + 1}`,
  addressed: q.addressed,
  lens: q.lens ?? null,
  kind: q.kind,
  text: q.text,
  options: q.options ?? [],
  scale: q.scale ?? null,
}));

export const assessmentsPages =
  (assessments: AssessmentsService): FastifyPluginAsync =>
  async (app) => {
    app.setErrorHandler(pageErrorHandler);
    // eslint-disable-next-line @typescript-eslint/unbound-method -- Fastify calls the hook with the instance bound
    const csrfCheck = app.csrfProtection;
    const params = (req: FastifyRequest) => req.params as { id: string; kind?: string; party?: string };
    const notice = (req: FastifyRequest, lang: Lang) => {
      const n = (req.query as { notice?: string } | undefined)?.notice;
      return n && NOTICES[n] ? pageContext(req, lang).t(NOTICES[n]) : undefined;
    };
    const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

    app.get('/:lang/assessments', { schema: { hide: true } }, async (req, reply) => {
      const lang = langOf(req);
      const [items, tasks, unit] = await Promise.all([
        assessments.list(req.user),
        req.user ? assessments.tasks(req.user) : Promise.resolve(null),
        assessments.isUnit(req.user),
      ]);
      return sendPage(
        noStore(reply),
        <AssessmentsPage
          ctx={pageContext(req, lang)}
          items={items}
          tasks={tasks}
          unit={unit}
          states={countryNames(lang)}
        />,
      );
    });

    const createPage = async (
      req: FastifyRequest,
      reply: FastifyReply,
      status: number,
      values: CreateValues,
      error?: FormError,
    ) => {
      await assessments.authoriseUnit(req.user);
      const names = await assessments.mechanismNames();
      return sendPage(
        noStore(reply),
        <CreatePage
          ctx={pageContext(req, langOf(req))}
          csrf={reply.generateCsrf()}
          mechanisms={[...names].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, 'en'))}
          template={templateQuestions}
          values={values}
          error={error}
        />,
        status,
      );
    };

    app.get('/:lang/assessments/new', { schema: { hide: true } }, async (req, reply) =>
      createPage(req, reply, 200, { title: TEMPLATE_TITLE, deadline: '', mechanisms: [], states: '' }),
    );

    app.post('/:lang/assessments/new', { schema: { hide: true }, preHandler: csrfCheck }, async (req, reply) => {
      const lang = langOf(req);
      const b = (req.body ?? {}) as Record<string, unknown>;
      const values: CreateValues = {
        title: str(b.title),
        deadline: str(b.deadline).trim(),
        mechanisms: list(b.mechanisms),
        states: str(b.states),
      };
      try {
        const a = await assessments.create(req.user, {
          title: values.title,
          deadline: values.deadline,
          template: TEMPLATE_ID,
          mechanisms: values.mechanisms,
          states: values.states
            .toUpperCase()
            .split(/[\s,;]+/)
            .filter(Boolean),
        });
        return await reply
          .code(303)
          .header('location', href(lang, `/assessments/${a.id}`, '?notice=created'))
          .send();
      } catch (err) {
        if (!(err instanceof HttpError) || err.statusCode !== 400 || !err.field) throw err;
        return createPage(req, reply, 400, values, { field: err.field, message: err.message });
      }
    });

    const assessmentPage = async (
      req: FastifyRequest,
      reply: FastifyReply,
      status = 200,
      form: { rows?: QuestionRow[]; error?: FormError & { row: number | null } } = {},
    ) => {
      const lang = langOf(req);
      const a = await assessments.get(req.user, params(req).id);
      const results = a.may.results ? (await assessments.results(req.user, a.id)).results : null;
      return sendPage(
        noStore(reply),
        <AssessmentPage
          ctx={pageContext(req, lang)}
          a={a}
          results={results}
          states={countryNames(lang)}
          csrf={a.may.send || a.may.publish ? reply.generateCsrf() : null}
          notice={notice(req, lang)}
          rows={form.rows}
          error={form.error}
        />,
        status,
      );
    };

    app.get('/:lang/assessments/:id', { schema: { hide: true } }, async (req, reply) => assessmentPage(req, reply));

    // The questions form: its rows in order, an emptied row is no question; a fault re-shows the form as posted.
    app.post(
      '/:lang/assessments/:id/questions',
      { schema: { hide: true }, preHandler: csrfCheck },
      async (req, reply) => {
        const lang = langOf(req);
        const { id } = params(req);
        await assessments.authoriseAssessmentUnit(req.user, id);
        const b = (req.body ?? {}) as Record<string, unknown>;
        const count = (await assessments.get(req.user, id)).items.length;
        const rows: QuestionRow[] = [];
        for (let i = 0; i < count + BLANK_QUESTIONS; i++)
          rows.push({
            text: str(b[`q${i}.text`]),
            addressed: str(b[`q${i}.addressed`]),
            lens: str(b[`q${i}.lens`]),
            kind: str(b[`q${i}.kind`]),
            options: str(b[`q${i}.options`]),
            min: str(b[`q${i}.min`]).trim(),
            max: str(b[`q${i}.max`]).trim(),
          });
        const slots = rows.flatMap((r, i) => (r.text.trim() ? [i] : []));
        try {
          const questions = slots.map((i) => {
            const r = rows[i]!;
            const options = r.options
              .split(/\r?\n/)
              .map((o) => o.trim())
              .filter(Boolean);
            return {
              text: r.text,
              addressed: r.addressed as Question['addressed'],
              lens: (r.lens || null) as TemplateQuestion['lens'],
              kind: r.kind as Question['kind'],
              ...(options.length ? { options } : {}),
              ...(r.kind === 'scale' && (r.min || r.max) ? { scale: { min: Number(r.min), max: Number(r.max) } } : {}),
            };
          });
          await assessments.setQuestions(req.user, id, questions);
          return await reply
            .code(303)
            .header('location', assessmentHref(pageContext(req, lang), id, '?notice=questions'))
            .send();
        } catch (err) {
          if (!(err instanceof HttpError) || err.statusCode !== 400 || !err.field) throw err;
          const m = /^questions\.(\d+)\./.exec(err.field);
          const row = m ? (slots[Number(m[1])] ?? null) : null;
          return assessmentPage(req, reply, 400, { rows, error: { field: err.field, message: err.message, row } });
        }
      },
    );

    app.get('/:lang/assessments/:id/report', { schema: { hide: true } }, async (req, reply) => {
      const lang = langOf(req);
      const r = await assessments.report(req.user, params(req).id);
      return sendPage(noStore(reply), <ReportPage ctx={pageContext(req, lang)} r={r} states={countryNames(lang)} />);
    });

    // The results table as CSV, seen by whoever may see the report: a row per answer value of each question (its
    // count), per text answer (its recipient: a State in the reader's language, a mechanism as the registry names
    // it), or one row for a question with neither; the question's figures on each of its rows. No BOM, like queries.
    app.get('/:lang/assessments/:id/results.csv', { schema: { hide: true } }, async (req, reply) => {
      const lang = langOf(req);
      const { t } = pageContext(req, lang);
      const { assessment, results } = await assessments.results(req.user, params(req).id);
      const states = countryNames(lang);
      const figure = (v: number | undefined) => (v === undefined ? '' : String(v));
      const rows: string[][] = [
        [
          t('assessmentResultsCsv.number'),
          t('assessmentResultsCsv.lens'),
          t('assessmentResultsCsv.addressed'),
          t('assessmentResultsCsv.question'),
          t('assessmentResultsCsv.asked'),
          t('assessmentResultsCsv.answered'),
          t('assessments.answer'),
          t('assessments.count'),
          t('assessments.recipient'),
          t('assessmentResultsCsv.min'),
          t('assessmentResultsCsv.median'),
          t('assessmentResultsCsv.mean'),
          t('assessmentResultsCsv.max'),
        ],
      ];
      results.forEach((r, i) => {
        const q = r.question;
        const head = [
          String(i + 1),
          t(q.lens === null ? 'assessments.lensGeneral' : `assessments.lens.${q.lens}`),
          t(`assessmentResultsCsv.to.${q.addressed}`),
          q.text,
          String(r.asked),
          String(r.answered),
        ];
        const tail = [figure(r.stats?.min), figure(r.stats?.median), figure(r.stats?.mean), figure(r.stats?.max)];
        const label = (v: string) => (q.kind === 'yes-no' ? t(v === 'yes' ? 'assessments.yes' : 'assessments.no') : v);
        const lines = [
          ...r.distribution.map((d) => [label(d.value), String(d.count), '']),
          ...r.texts.map((x) => [
            x.value,
            '',
            x.recipient.kind === 'state' ? (states.get(x.recipient.party) ?? x.recipient.party) : x.recipient.name,
          ]),
        ];
        for (const l of lines.length ? lines : [['', '', '']]) rows.push([...head, ...l, ...tail]);
      });
      return reply
        .type('text/csv; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="assessment-${assessment.id}-${lang}.csv"`)
        .send(stringify(rows));
    });

    for (const action of ['send', 'publish'] as const)
      app.post(
        `/:lang/assessments/:id/${action}`,
        { schema: { hide: true }, preHandler: csrfCheck },
        async (req, reply) => {
          const lang = langOf(req);
          const { id } = params(req);
          if (action === 'send') await assessments.send(req.user, id);
          else await assessments.publish(req.user, id);
          return reply
            .code(303)
            .header(
              'location',
              assessmentHref(pageContext(req, lang), id, `?notice=${action === 'send' ? 'sent' : 'published'}`),
            )
            .send();
        },
      );

    const respondPage = async (
      req: FastifyRequest,
      reply: FastifyReply,
      status: number,
      extra: { values?: Record<string, string | string[]>; error?: FormError } = {},
    ) => {
      const lang = langOf(req);
      const { id, kind = '', party = '' } = params(req);
      await assessments.authoriseAnswer(req.user, id, kind, party);
      const [a, response] = await Promise.all([
        assessments.get(req.user, id),
        assessments.response(req.user, id, kind, party),
      ]);
      return sendPage(
        noStore(reply),
        <RespondPage
          ctx={pageContext(req, lang)}
          a={a}
          response={response}
          values={extra.values ?? response.answers}
          states={countryNames(lang)}
          csrf={reply.generateCsrf()}
          error={extra.error}
          notice={notice(req, lang)}
        />,
        status,
      );
    };

    app.get('/:lang/assessments/:id/respond/:kind/:party', { schema: { hide: true } }, async (req, reply) =>
      respondPage(req, reply, 200),
    );

    app.post(
      '/:lang/assessments/:id/respond/:kind/:party',
      { schema: { hide: true }, preHandler: csrfCheck },
      async (req, reply) => {
        const lang = langOf(req);
        const { id, kind = '', party = '' } = params(req);
        const body = (req.body ?? {}) as Record<string, unknown>;
        const answers: Record<string, string | string[]> = {};
        for (const [k, v] of Object.entries(body)) {
          const m = /^answers\.(q\d{1,3})$/.exec(k);
          if (m) answers[m[1]!] = Array.isArray(v) ? list(v) : str(v);
        }
        const action = body.action === 'submit' ? 'submit' : 'draft';
        try {
          await assessments.answer(req.user, id, kind, party, { answers, submit: action === 'submit' });
        } catch (err) {
          if (!(err instanceof HttpError) || err.statusCode !== 400 || !err.field) throw err;
          return respondPage(req, reply, 400, { values: answers, error: { field: err.field, message: err.message } });
        }
        return reply
          .code(303)
          .header('location', assessmentHref(pageContext(req, lang), id, `/respond/${kind}/${party}?notice=${action}`))
          .send();
      },
    );
  };
