/** Route schemas of the peer-query API (validation, serialisation, OpenAPI). */
import Type from 'typebox';
import { pageFields, pageQuery } from '../../http/paging.js';
import { ONE_LINE } from '../../http/problem.js';
import {
  MAX_ANSWER,
  MAX_MECHANISMS,
  MAX_OPTION,
  MAX_OPTIONS,
  MAX_QUERY_TITLE,
  MAX_QUESTION,
  MAX_QUESTIONS,
  QUESTION_KINDS,
} from './model.js';

const strict = { additionalProperties: false } as const;
const problems = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, Type.Ref('Problem')]));
const NS = Type.Union([Type.String(), Type.Null()]);
const QueryId = Type.String({ maxLength: 36, pattern: '^[0-9a-f-]{1,36}$', description: 'A peer query id' });
const Country = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 3166-1 alpha-3 of the State answering' });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });

const Rate = Type.Object({
  asked: Type.Integer({ description: 'States asked (members of the mechanisms asked on the day the query was asked)' }),
  answered: Type.Integer({ description: 'States that submitted their answers' }),
  share: Type.Union([Type.Number(), Type.Null()], { description: 'answered / asked, three decimals' }),
});

const summaryFields = {
  id: Type.String(),
  title: Type.String(),
  askedOn: Type.String({ description: 'The day it was asked: who must answer follows the ledger on that day' }),
  deadline: Type.String({ description: 'The last day answers are accepted (included)' }),
  open: Type.Boolean({ description: 'Answers are still accepted today' }),
  askerCountry: Type.Union([Type.String(), Type.Null()], {
    description: "The State whose focal point asked; null: a mechanism's secretariat or an administrator",
  }),
  mechanisms: Type.Array(Type.String()),
  published: Type.Boolean({ description: 'The compilation is a public record' }),
  publishedAt: NS,
  rate: Rate,
};

export const QuerySummary = Type.Object(summaryFields, { $id: 'PeerQuerySummary' });

export const Question = Type.Object(
  {
    id: Type.String({ description: 'q1, q2, … in the order asked' }),
    kind: Type.Enum(QUESTION_KINDS, {
      description: 'text; yes-no ("yes" | "no"); choice (one of options); number (digits); date (YYYY-MM-DD)',
    }),
    text: Type.String(),
    options: Type.Array(Type.String()),
  },
  { $id: 'PeerQueryQuestion' },
);

export const QueryView = Type.Object(
  {
    ...summaryFields,
    attachment: Type.Union([Type.String(), Type.Null()], { description: 'A document id of the repository' }),
    questions: Type.Array(Type.Ref('PeerQueryQuestion')),
    states: Type.Array(Type.Object({ country: Type.String(), answered: Type.Boolean(), submittedAt: NS }), {
      description: 'Every State asked, and whether it submitted',
    }),
    answers: Type.Array(Type.Object({ country: Type.String(), question: Type.String(), value: Type.String() }), {
      description: 'The compilation: the submitted answers by State and question (drafts never)',
    }),
    may: Type.Object({
      answerFor: Type.Array(Type.String(), { description: 'The States you may answer for' }),
      publish: Type.Boolean(),
    }),
  },
  { $id: 'PeerQuery' },
);

export const Draft = Type.Object(
  {
    query: Type.String(),
    country: Type.String(),
    status: Type.Enum(['none', 'draft', 'submitted']),
    updatedAt: NS,
    submittedAt: NS,
    answers: Type.Record(Type.String(), Type.String(), { description: 'question id → answer' }),
    open: Type.Boolean(),
    deadline: Type.String(),
  },
  { $id: 'PeerQueryAnswers' },
);

export const queriesRoutes = {
  list: {
    querystring: Type.Object({ ...pageQuery(100) }, strict),
    response: {
      200: Type.Object({ ...pageFields, items: Type.Array(Type.Ref('PeerQuerySummary')) }),
      ...problems(400, 401),
    },
  },
  rates: {
    querystring: Type.Object({ ...pageQuery(500) }, strict),
    response: {
      200: Type.Object({
        ...pageFields,
        items: Type.Array(Type.Object({ country: Type.String(), ...Rate.properties })),
      }),
      ...problems(400, 401),
    },
  },
  get: {
    params: Type.Object({ id: QueryId }),
    querystring: Type.Object({}, strict),
    response: { 200: Type.Ref('PeerQuery'), ...problems(400, 401, 404) },
  },
  ask: {
    body: Type.Object(
      {
        title: Type.String({ minLength: 1, maxLength: MAX_QUERY_TITLE, pattern: ONE_LINE }),
        mechanisms: Type.Array(Type.String({ minLength: 1, maxLength: 120, pattern: ONE_LINE }), {
          minItems: 1,
          maxItems: MAX_MECHANISMS,
          description: 'The mechanisms whose member States are asked',
        }),
        deadline: Day,
        questions: Type.Array(
          Type.Object(
            {
              text: Type.String({ minLength: 1, maxLength: MAX_QUESTION }),
              kind: Type.Enum(QUESTION_KINDS),
              options: Type.Optional(
                Type.Array(Type.String({ minLength: 1, maxLength: MAX_OPTION, pattern: ONE_LINE }), {
                  maxItems: MAX_OPTIONS,
                  description: 'Single choice only: 2 or more options',
                }),
              ),
            },
            strict,
          ),
          { minItems: 1, maxItems: MAX_QUESTIONS },
        ),
        attachment: Type.Optional(
          Type.Union([Type.String({ maxLength: 200, pattern: ONE_LINE }), Type.Null()], {
            description: 'A document id of the repository',
          }),
        ),
        country: Type.Optional(
          Type.String({
            pattern: '^[A-Z]{3}$',
            description: 'The State you ask for, when you are the focal point of several',
          }),
        ),
      },
      strict,
    ),
    response: { 201: Type.Ref('PeerQuery'), ...problems(400, 401, 403, 415) },
  },
  draft: {
    params: Type.Object({ id: QueryId, country: Country }),
    querystring: Type.Object({}, strict),
    response: { 200: Type.Ref('PeerQueryAnswers'), ...problems(400, 401, 403, 404) },
  },
  answer: {
    params: Type.Object({ id: QueryId, country: Country }),
    body: Type.Object(
      {
        answers: Type.Record(Type.String({ pattern: '^q[0-9]{1,3}$' }), Type.String({ maxLength: MAX_ANSWER }), {
          description: 'Every answer, by question id (a question left out is not answered)',
        }),
        submit: Type.Optional(
          Type.Boolean({
            description: 'true: into the compilation (every question answered). Submitted stays submitted',
          }),
        ),
      },
      strict,
    ),
    response: { 200: Type.Ref('PeerQueryAnswers'), ...problems(400, 401, 403, 404, 409, 415) },
  },
  publish: {
    params: Type.Object({ id: QueryId }),
    response: { 200: Type.Ref('PeerQuery'), ...problems(400, 401, 403, 404, 409) },
  },
} as const;
