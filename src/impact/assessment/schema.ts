/** Route schemas of the assessment API (validation, serialisation, OpenAPI). */
import Type from 'typebox';
import { pageFields, pageQuery } from '../../http/paging.js';
import { ONE_LINE } from '../../http/problem.js';
import { LENSES } from '../model.js';
import {
  ADDRESSED,
  MAX_ANSWER,
  MAX_INTRO,
  MAX_OPTION,
  MAX_OPTIONS,
  MAX_QUESTION,
  MAX_QUESTIONS,
  MAX_RECIPIENTS,
  MAX_TITLE,
  QUESTION_KINDS,
} from './model.js';

const strict = { additionalProperties: false } as const;
const problems = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, Type.Ref('Problem')]));
export const optionalToken: { [scheme: string]: string[] }[] = [{ bearerAuth: [] }, {}];
export const token: { [scheme: string]: string[] }[] = [{ bearerAuth: [] }];
const NS = Type.Union([Type.String(), Type.Null()]);
const Id = Type.String({ maxLength: 36, pattern: '^[0-9a-f-]{1,36}$', description: 'An assessment id' });
const Kind = Type.Enum(ADDRESSED, {
  description: "mechanism (answered by its secretariat: the mechanism's editors) | state (answered by its delegates)",
});
const Party = Type.String({
  maxLength: 80,
  pattern: '^[a-z0-9-]{1,80}$|^[A-Z]{3}$',
  description: 'A mechanism id, or a State as ISO 3166-1 alpha-3',
});
const Status = Type.Enum(['none', 'draft', 'submitted'], { description: 'Where the answers stand' });
const Scale = Type.Object(
  {
    min: Type.Integer({ minimum: -10, maximum: 10, description: 'The lowest point' }),
    max: Type.Integer({ minimum: -10, maximum: 10, description: 'The highest point' }),
  },
  strict,
);

const summaryFields = {
  id: Type.String(),
  title: Type.String(),
  deadline: Type.String({ description: 'The last day answers are accepted (included)' }),
  open: Type.Boolean({ description: 'Sent and answers still accepted today' }),
  stage: Type.Enum(['draft', 'sent', 'published'], {
    description: 'draft: written, not sent; sent: recipients answer; published: the results are public',
  }),
  sentAt: NS,
  publishedAt: NS,
  questions: Type.Integer({ description: 'Questions in the questionnaire' }),
  recipients: Type.Integer({ description: 'Mechanisms and States asked' }),
  submitted: Type.Integer({ description: 'Recipients that submitted their answers' }),
};

export const AssessmentSummary = Type.Object(summaryFields, { $id: 'AssessmentSummary' });

export const AssessmentQuestion = Type.Object(
  {
    id: Type.String({ description: 'q1, q2, … in the order asked' }),
    addressed: Kind,
    lens: Type.Union([Type.Enum(LENSES), Type.Null()], { description: 'The GRCP 8 lens it reads; null: general' }),
    kind: Type.Enum(QUESTION_KINDS, {
      description:
        'text; yes-no ("yes" | "no"); single (one option); multiple (options, an array); scale (a whole number from min to max); number (digits)',
    }),
    text: Type.String(),
    options: Type.Array(Type.String()),
    scale: Type.Union([Scale, Type.Null()]),
  },
  { $id: 'AssessmentQuestion' },
);

const RecipientView = Type.Object({
  kind: Kind,
  party: Type.String(),
  name: Type.String(),
  status: Status,
  submittedAt: NS,
});
const RecipientRef = Type.Object({ kind: Kind, party: Type.String() });

export const AssessmentView = Type.Object(
  {
    ...summaryFields,
    intro: NS,
    template: Type.Union([Type.String(), Type.Null()], { description: 'The seed template it was built from' }),
    items: Type.Array(Type.Ref('AssessmentQuestion'), { description: 'The questionnaire' }),
    recipientList: Type.Array(RecipientView, {
      description: 'Every recipient (the unit; everyone once published) or your own (a respondent), with its status',
    }),
    may: Type.Object({
      send: Type.Boolean(),
      publish: Type.Boolean(),
      results: Type.Boolean({ description: 'You may read the compiled results' }),
      answerFor: Type.Array(RecipientRef, { description: 'The recipients you answer for' }),
    }),
  },
  { $id: 'Assessment' },
);

const Sent = Type.Object({
  ...AssessmentView.properties,
  mailed: Type.Integer({ description: 'Mails handed to the sender' }),
  mailFailed: Type.Integer({ description: 'Mails the sender refused' }),
});

const AnswerValue = Type.Union([
  Type.String({ maxLength: MAX_ANSWER }),
  Type.Array(Type.String({ maxLength: MAX_OPTION }), { maxItems: MAX_OPTIONS }),
]);

export const AssessmentResponse = Type.Object(
  {
    assessment: Type.String(),
    kind: Kind,
    party: Type.String(),
    name: Type.String(),
    status: Status,
    updatedAt: NS,
    submittedAt: NS,
    updatedBy: Type.Union([Type.String(), Type.Null()], {
      description: 'Who saved last (display name; the respondents and the unit only, never public)',
    }),
    submittedBy: NS,
    answers: Type.Record(Type.String(), AnswerValue, { description: 'question id → answer (multiple: an array)' }),
    open: Type.Boolean(),
    deadline: Type.String(),
  },
  { $id: 'AssessmentResponse' },
);

const Named = Type.Object({ kind: Kind, party: Type.String(), name: Type.String() });
const Result = Type.Object({
  question: Type.Ref('AssessmentQuestion'),
  asked: Type.Integer({ description: 'Recipients of its kind' }),
  answered: Type.Integer({ description: 'Recipients whose submitted answers answer it' }),
  distribution: Type.Array(Type.Object({ value: Type.String(), count: Type.Integer() }), {
    description: 'yes-no, single, multiple (per option), scale: every possible value with its count',
  }),
  stats: Type.Union(
    [Type.Object({ min: Type.Number(), max: Type.Number(), mean: Type.Number(), median: Type.Number() }), Type.Null()],
    { description: 'number and scale' },
  ),
  texts: Type.Array(Type.Object({ recipient: Named, value: Type.String() }), {
    description: 'text: every answer by recipient (a mechanism or a State, never a person)',
  }),
});

const QuestionInput = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: MAX_QUESTION }),
    kind: Type.Enum(QUESTION_KINDS),
    addressed: Kind,
    lens: Type.Optional(Type.Union([Type.Enum(LENSES), Type.Null()])),
    options: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: MAX_OPTION, pattern: ONE_LINE }), {
        maxItems: MAX_OPTIONS,
        description: 'single and multiple only: 2 or more options',
      }),
    ),
    scale: Type.Optional(Scale),
  },
  strict,
);

export const assessmentRoutes = {
  list: {
    querystring: Type.Object({ ...pageQuery(100) }, strict),
    response: {
      200: Type.Object({ ...pageFields, items: Type.Array(Type.Ref('AssessmentSummary')) }),
      ...problems(400),
    },
  },
  template: {
    querystring: Type.Object({}, strict),
    response: {
      200: Type.Object({
        id: Type.String(),
        title: Type.String(),
        intro: Type.String(),
        questions: Type.Array(QuestionInput),
      }),
    },
  },
  tasks: {
    querystring: Type.Object({ ...pageQuery(100) }, strict),
    response: {
      200: Type.Object({
        ...pageFields,
        items: Type.Array(
          Type.Object({
            assessment: Type.Object({ id: Type.String(), title: Type.String() }),
            recipient: Named,
            deadline: Type.String(),
            open: Type.Boolean(),
            status: Status,
          }),
        ),
      }),
      ...problems(400, 401),
    },
  },
  get: {
    params: Type.Object({ id: Id }),
    querystring: Type.Object({}, strict),
    response: { 200: Type.Ref('Assessment'), ...problems(400, 404) },
  },
  create: {
    body: Type.Object(
      {
        title: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_TITLE, pattern: ONE_LINE })),
        intro: Type.Optional(Type.Union([Type.String({ maxLength: MAX_INTRO }), Type.Null()])),
        deadline: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD, after today' }),
        template: Type.Optional(
          Type.String({
            maxLength: 40,
            description: 'iscm-2019: the seed questionnaire (when questions are left out)',
          }),
        ),
        questions: Type.Optional(Type.Array(QuestionInput, { minItems: 1, maxItems: MAX_QUESTIONS })),
        mechanisms: Type.Optional(
          Type.Array(Type.String({ minLength: 1, maxLength: 80, pattern: ONE_LINE }), {
            maxItems: MAX_RECIPIENTS,
            description: 'The mechanisms that answer the questions addressed per mechanism',
          }),
        ),
        states: Type.Optional(
          Type.Array(Type.String({ pattern: '^[A-Z]{3}$' }), {
            maxItems: MAX_RECIPIENTS,
            description: 'The States (ISO3) that answer the questions addressed per State',
          }),
        ),
      },
      strict,
    ),
    response: { 201: Type.Ref('Assessment'), ...problems(400, 401, 403, 415) },
  },
  questions: {
    params: Type.Object({ id: Id }),
    body: Type.Object({ questions: Type.Array(QuestionInput, { minItems: 1, maxItems: MAX_QUESTIONS }) }, strict),
    response: { 200: Type.Ref('Assessment'), ...problems(400, 401, 403, 404, 409, 415) },
  },
  send: {
    params: Type.Object({ id: Id }),
    response: { 200: Sent, ...problems(400, 401, 403, 404, 409) },
  },
  publish: {
    params: Type.Object({ id: Id }),
    response: { 200: Type.Ref('Assessment'), ...problems(400, 401, 403, 404, 409) },
  },
  response: {
    params: Type.Object({ id: Id, kind: Kind, party: Party }),
    querystring: Type.Object({}, strict),
    response: { 200: Type.Ref('AssessmentResponse'), ...problems(400, 401, 403, 404) },
  },
  answer: {
    params: Type.Object({ id: Id, kind: Kind, party: Party }),
    body: Type.Object(
      {
        answers: Type.Record(Type.String({ pattern: '^q[0-9]{1,3}$' }), AnswerValue, {
          description: 'Every answer, by question id (left out: not answered); a multiple choice as an array',
        }),
        submit: Type.Optional(
          Type.Boolean({ description: 'true: into the results (every question answered). Submitted stays submitted' }),
        ),
      },
      strict,
    ),
    response: { 200: Type.Ref('AssessmentResponse'), ...problems(400, 401, 403, 404, 409, 415) },
  },
  results: {
    params: Type.Object({ id: Id }),
    querystring: Type.Object({}, strict),
    response: {
      200: Type.Object({ assessment: Type.Ref('Assessment'), results: Type.Array(Result) }),
      ...problems(400, 401, 403, 404),
    },
  },
  pdf: {
    params: Type.Object({ id: Id }),
    querystring: Type.Object({}, strict),
    response: {
      200: Type.Unsafe<Uint8Array>({
        type: 'string',
        format: 'binary',
        description: 'application/pdf: the generated report (in English)',
      }),
      ...problems(400, 401, 403, 404),
    },
  },
} as const;

export const ASSESSMENT_SCHEMAS = [AssessmentSummary, AssessmentQuestion, AssessmentView, AssessmentResponse];
