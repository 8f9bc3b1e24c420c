/**
 * Assessment API v1 under /api/v1/assessments: validate, call the service, return what it gives. Nothing goes
 * through the response cache (every answer depends on who asks). Order of checks on writes: authenticate (401),
 * find and authorise (404/403) in `onRequest`, before the body is read; then the content type (415), the body (400
 * naming the field), and the state of the assessment (409: past its deadline, already sent or published).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { AccountsService, SessionUser } from '../../accounts/service.js';
import { apiUser, identified } from '../../accounts/api-auth.js';
import { pageOf } from '../../http/paging.js';
import { jsonOnly, strictBody } from '../../http/validation.js';
import { reportPdf } from './pdf.js';
import { assessmentRoutes as r, optionalToken, token } from './schema.js';
import type { AssessmentsService } from './service.js';

const userOf = apiUser;

export const assessmentsApi =
  (assessments: AssessmentsService, accounts: AccountsService): FastifyPluginAsyncTypebox =>
  async (app) => {
    const tags = ['impact'];
    const who = (authorise?: (u: SessionUser | null, req: FastifyRequest) => Promise<void>) =>
      identified(accounts, authorise);
    const param = (req: FastifyRequest, name: string) => (req.params as Record<string, string>)[name] ?? '';
    app.addHook('preValidation', jsonOnly);

    app.get(
      '/api/v1/assessments',
      {
        onRequest: who(),
        schema: {
          ...r.list,
          tags,
          security: optionalToken,
          summary:
            'Assessments you may see, newest first: the ISCM unit all, a respondent those sent to it, the public the published ones',
        },
      },
      async (req, reply) => pageOf(req, reply, await assessments.list(userOf(req))),
    );

    app.get(
      '/api/v1/assessments/template',
      {
        schema: {
          ...r.template,
          tags,
          summary:
            "The seed questionnaire, built from the framework of IOM's 2019 ISCM Assessment (questions only, no answers)",
        },
      },
      async () => assessments.template(),
    );

    app.get(
      '/api/v1/assessments/tasks',
      {
        onRequest: who(),
        schema: {
          ...r.tasks,
          tags,
          security: token,
          summary:
            'Your tasks: each mechanism or State you answer for in a sent assessment, with where its answers stand',
        },
      },
      async (req, reply) => pageOf(req, reply, await assessments.tasks(userOf(req))),
    );

    app.post(
      '/api/v1/assessments',
      {
        validatorCompiler: strictBody,
        onRequest: who((u) => assessments.authoriseUnit(u)),
        schema: {
          ...r.create,
          tags,
          security: token,
          summary:
            'Create an assessment (the ISCM unit): a questionnaire of typed questions addressed per mechanism or per State, or the seed template; its recipients and deadline',
        },
      },
      async (req, reply) => reply.code(201).send(await assessments.create(userOf(req), req.body)),
    );

    app.get(
      '/api/v1/assessments/:id',
      {
        onRequest: who(),
        schema: {
          ...r.get,
          tags,
          security: optionalToken,
          summary:
            'An assessment: its questionnaire, recipients and what you may do (404 also when you may not see it)',
        },
      },
      async (req) => assessments.get(userOf(req), req.params.id),
    );

    app.put(
      '/api/v1/assessments/:id/questions',
      {
        validatorCompiler: strictBody,
        onRequest: who((u, req) => assessments.authoriseAssessmentUnit(u, param(req, 'id'))),
        schema: {
          ...r.questions,
          tags,
          security: token,
          summary:
            'Replace the questionnaire of a draft (the unit; until it is sent): the questions in order, numbered anew q1, q2, …',
        },
      },
      async (req) => assessments.setQuestions(userOf(req), req.params.id, req.body.questions),
    );

    app.post(
      '/api/v1/assessments/:id/send',
      {
        validatorCompiler: strictBody,
        onRequest: who((u, req) => assessments.authoriseAssessmentUnit(u, param(req, 'id'))),
        schema: {
          ...r.send,
          tags,
          security: token,
          summary:
            'Send it to its recipients (the unit; once): a task for each respondent, and a mail when mail is configured',
        },
      },
      async (req) => assessments.send(userOf(req), req.params.id),
    );

    app.post(
      '/api/v1/assessments/:id/publish',
      {
        validatorCompiler: strictBody,
        onRequest: who((u, req) => assessments.authoriseAssessmentUnit(u, param(req, 'id'))),
        schema: {
          ...r.publish,
          tags,
          security: token,
          summary: 'Publish the compiled results and the report (the unit; once, after sending)',
        },
      },
      async (req) => assessments.publish(userOf(req), req.params.id),
    );

    app.get(
      '/api/v1/assessments/:id/responses/:kind/:party',
      {
        onRequest: who(),
        schema: {
          ...r.response,
          tags,
          security: token,
          summary: "A recipient's answers as they stand, drafts included (its respondents and the unit)",
        },
      },
      async (req) => assessments.response(userOf(req), req.params.id, req.params.kind, req.params.party),
    );

    app.put(
      '/api/v1/assessments/:id/responses/:kind/:party',
      {
        validatorCompiler: strictBody,
        onRequest: who((u, req) =>
          assessments.authoriseAnswer(u, param(req, 'id'), param(req, 'kind'), param(req, 'party')),
        ),
        schema: {
          ...r.answer,
          tags,
          security: token,
          summary:
            "Save a recipient's answers (a mechanism's editor, a State's delegate): a draft, or submitted; amended until the deadline",
        },
      },
      async (req) => assessments.answer(userOf(req), req.params.id, req.params.kind, req.params.party, req.body),
    );

    app.get(
      '/api/v1/assessments/:id/results',
      {
        onRequest: who(),
        schema: {
          ...r.results,
          tags,
          security: optionalToken,
          summary:
            'The compiled results per question: counts, distributions, figures, text answers by recipient (the unit until published, then public)',
        },
      },
      async (req) => assessments.results(userOf(req), req.params.id),
    );

    app.get(
      '/api/v1/assessments/:id/report.pdf',
      {
        onRequest: who(),
        schema: {
          ...r.pdf,
          tags,
          security: optionalToken,
          summary:
            'The generated report as a PDF (in English): achievements by lens, structures, partnerships and the survey results',
        },
      },
      async (req, reply) => {
        const pdf = await reportPdf(await assessments.report(userOf(req), req.params.id));
        return reply
          .type('application/pdf')
          .header('cache-control', 'no-store')
          .header('content-disposition', `inline; filename="assessment-${req.params.id}.pdf"`)
          .send(Buffer.from(pdf));
      },
    );
  };
