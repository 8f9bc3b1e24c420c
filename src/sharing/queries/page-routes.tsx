/**
 * Peer-query pages under /{lang}/queries/: answered for the session's reader, never through the response cache
 * (`no-store`). A closed query is a 404 to whoever may not see it; a published one is a public page (and in the
 * sitemap). The answer and publish forms are plain posts with the CSRF token, as every form of the site.
 */
import { stringify } from 'csv-stringify/sync';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { profileSections, type ProfileSections } from '../../feature.js';
import { today } from '../../http/dates.js';
import { HttpError, NotFound, ValidationError } from '../../http/errors.js';
import { countryNames } from '../../registry/countries.js';
import { pageErrorHandler } from '../../web/errors.js';
import { isLang, type Lang } from '../../web/i18n.js';
import { pageContext, sendPage } from '../../web/render.js';
import { href } from '../../web/layout.js';
import { QUESTION_KINDS, type QuestionKind } from './model.js';
import {
  AnswerPage,
  askFieldId,
  AskPage,
  PrintPage,
  QueriesPage,
  QueryPage,
  queryHref,
  QUESTION_SLOTS,
  type AskFormValues,
} from './pages.js';
import type { QueriesService } from './service.js';

function langOf(req: FastifyRequest): Lang {
  const lang = (req.params as { lang?: string }).lang;
  if (!isLang(lang)) throw new NotFound('page', req.url);
  return lang;
}

const NOTICES: Record<string, string> = {
  draft: 'queries.savedDraft',
  submit: 'queries.savedSubmitted',
  published: 'queries.savedPublished',
  asked: 'queries.savedAsked',
};
const EMPTY: AskFormValues = { title: '', mechanisms: [], deadline: '', attachment: '', questions: [] };
const str = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');

export const queriesPages =
  (queries: QueriesService, sections: () => readonly ProfileSections[]): FastifyPluginAsync =>
  async (app) => {
    app.setErrorHandler(pageErrorHandler);
    // eslint-disable-next-line @typescript-eslint/unbound-method -- Fastify calls the hook with the instance bound
    const csrfCheck = app.csrfProtection;
    const params = (req: FastifyRequest) => req.params as { id: string; country?: string };
    const notice = (req: FastifyRequest, lang: Lang) => {
      const n = (req.query as { notice?: string } | undefined)?.notice;
      return n && NOTICES[n] ? pageContext(req, lang).t(NOTICES[n]) : undefined;
    };

    app.get('/:lang/queries', { schema: { hide: true } }, async (req, reply) => {
      const lang = langOf(req);
      const [items, rates] = await Promise.all([queries.list(req.user), queries.stateRates(req.user)]);
      return sendPage(
        reply,
        <QueriesPage
          ctx={pageContext(req, lang)}
          items={items}
          rates={rates}
          names={countryNames(lang)}
          mayAsk={await queries.mayAsk(req.user)}
        />,
      );
    });

    const askPage = async (
      req: FastifyRequest,
      reply: FastifyReply,
      status: number,
      values: AskFormValues,
      error?: { field: string; message: string; id: string },
    ) =>
      sendPage(
        reply,
        <AskPage
          ctx={pageContext(req, langOf(req))}
          csrf={reply.generateCsrf()}
          mechanisms={await queries.askable(req.user)}
          values={values}
          error={error}
        />,
        status,
      );

    app.get('/:lang/queries/new', { schema: { hide: true } }, async (req, reply) => askPage(req, reply, 200, EMPTY));

    app.post('/:lang/queries/new', { schema: { hide: true }, preHandler: csrfCheck }, async (req, reply) => {
      const lang = langOf(req);
      const b = (req.body ?? {}) as Record<string, unknown>;
      const mechanisms = (Array.isArray(b.mechanisms) ? b.mechanisms : [b.mechanisms]).filter(
        (m): m is string => typeof m === 'string' && m !== '',
      );
      const values: AskFormValues = {
        title: str(b.title),
        mechanisms,
        deadline: str(b.deadline).trim(),
        attachment: str(b.attachment).trim(),
        questions: Array.from({ length: QUESTION_SLOTS }, (_, i) => ({
          text: str(b[`q${i}.text`]),
          kind: str(b[`q${i}.kind`]) || 'text',
          options: str(b[`q${i}.options`]),
        })),
      };
      // The slots the asker filled in, in order (empty ones are not questions).
      const slots = values.questions.flatMap((q, i) => (q.text.trim() ? [i] : []));
      try {
        const kinds = slots.map((i) => values.questions[i]!.kind);
        const bad = kinds.findIndex((k) => !(QUESTION_KINDS as readonly string[]).includes(k));
        if (bad >= 0) throw new ValidationError('not a kind of question', `questions.${bad}.kind`);
        const q = await queries.ask(req.user, {
          title: values.title,
          mechanisms,
          deadline: values.deadline,
          attachment: values.attachment || null,
          questions: slots.map((i) => {
            const q = values.questions[i]!;
            const options = q.options
              .split(/\r?\n/)
              .map((o) => o.trim())
              .filter(Boolean);
            return { text: q.text, kind: q.kind as QuestionKind, ...(options.length ? { options } : {}) };
          }),
        });
        return await reply
          .code(303)
          .header('location', href(lang, `/queries/${encodeURIComponent(q.id)}`, '?notice=asked'))
          .send();
      } catch (err) {
        if (!(err instanceof HttpError) || err.statusCode !== 400 || !err.field) throw err;
        return askPage(req, reply, 400, values, {
          field: err.field,
          message: err.message,
          id: askFieldId(err.field, slots),
        });
      }
    });

    app.get('/:lang/queries/:id', { schema: { hide: true } }, async (req, reply) => {
      const lang = langOf(req);
      const q = await queries.get(req.user, params(req).id);
      const ctx = pageContext(req, lang);
      return sendPage(
        reply,
        <QueryPage
          ctx={ctx}
          sections={await profileSections(sections(), 'query', { id: q.id, asOf: today(), ctx })}
          q={q}
          names={countryNames(lang)}
          mechanisms={await queries.mechanismNames()}
          csrf={q.may.publish ? reply.generateCsrf() : null}
          notice={notice(req, lang)}
        />,
      );
    });

    app.get('/:lang/queries/:id/print', { schema: { hide: true } }, async (req, reply) => {
      const lang = langOf(req);
      const q = await queries.get(req.user, params(req).id);
      return sendPage(
        reply,
        <PrintPage
          ctx={pageContext(req, lang)}
          q={q}
          names={countryNames(lang)}
          mechanisms={await queries.mechanismNames()}
          date={queries.clock()}
        />,
      );
    });

    app.get('/:lang/queries/:id/answers.csv', { schema: { hide: true } }, async (req, reply) => {
      const lang = langOf(req);
      const { t } = pageContext(req, lang);
      const q = await queries.get(req.user, params(req).id);
      const names = countryNames(lang);
      const value = new Map(q.answers.map((a) => [`${a.country}|${a.question}`, a.value]));
      const rows = [
        [
          t('queries.csvCode'),
          t('queries.country'),
          ...q.questions.map((qq, i) => `${t('queries.questionN', { n: i + 1 })}. ${qq.text}`),
          t('queries.submittedOn'),
        ],
        ...q.states.map((s) => [
          s.country,
          names.get(s.country) ?? s.country,
          ...q.questions.map((qq) => value.get(`${s.country}|${qq.id}`) ?? ''),
          s.submittedAt ? s.submittedAt.slice(0, 10) : '',
        ]),
      ];
      return reply
        .type('text/csv; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="query-${q.id}-${lang}.csv"`)
        .send(stringify(rows));
    });

    const answerPage = async (
      req: FastifyRequest,
      reply: FastifyReply,
      status: number,
      extra: { values?: Record<string, string>; error?: { field: string; message: string } } = {},
    ) => {
      const lang = langOf(req);
      const { id, country = '' } = params(req);
      // 401, then 404 for a query the reader may not see, then 403 unless a delegate of the State asked.
      await queries.authoriseAnswer(req.user, id, country);
      const q = await queries.get(req.user, id);
      const draft = await queries.draft(req.user, id, country);
      return sendPage(
        reply,
        <AnswerPage
          ctx={pageContext(req, lang)}
          q={q}
          draft={draft}
          values={extra.values ?? draft.answers}
          names={countryNames(lang)}
          csrf={reply.generateCsrf()}
          error={extra.error}
          notice={notice(req, lang)}
        />,
        status,
      );
    };

    app.get('/:lang/queries/:id/answers/:country', { schema: { hide: true } }, async (req, reply) =>
      answerPage(req, reply, 200),
    );

    app.post(
      '/:lang/queries/:id/answers/:country',
      { schema: { hide: true }, preHandler: csrfCheck },
      async (req, reply) => {
        const lang = langOf(req);
        const { id, country = '' } = params(req);
        const body = (req.body ?? {}) as Record<string, unknown>;
        const answers: Record<string, string> = {};
        for (const [k, v] of Object.entries(body)) {
          const m = /^answers\.(q\d{1,3})$/.exec(k);
          if (m && typeof v === 'string') answers[m[1]!] = v;
        }
        const action = body.action === 'submit' ? 'submit' : 'draft';
        try {
          await queries.answer(req.user, id, country, { answers, submit: action === 'submit' });
        } catch (err) {
          if (!(err instanceof HttpError) || err.statusCode !== 400 || !err.field) throw err;
          return answerPage(req, reply, 400, { values: answers, error: { field: err.field, message: err.message } });
        }
        return reply
          .code(303)
          .header('location', queryHref(pageContext(req, lang), id, `/answers/${country}?notice=${action}`))
          .send();
      },
    );

    app.post('/:lang/queries/:id/publish', { schema: { hide: true }, preHandler: csrfCheck }, async (req, reply) => {
      const lang = langOf(req);
      const { id } = params(req);
      await queries.publish(req.user, id);
      return reply
        .code(303)
        .header('location', queryHref(pageContext(req, lang), id, '?notice=published'))
        .send();
    });
  };
