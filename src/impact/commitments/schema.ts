/** Route schemas of the commitments API (validation, serialisation, OpenAPI). */
import Type from 'typebox';
import { pageFields, pageQuery } from '../../http/paging.js';
import { AsOf } from '../../registry/schema.js';
import { LEVELS, MAX_TEXT, MAX_TITLE, STATUSES } from './model.js';

const strict = { additionalProperties: false } as const;
const problems = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, Type.Ref('Problem')]));
const NS = Type.Union([Type.String(), Type.Null()]);
const Id = Type.String({ maxLength: 140, pattern: '^[A-Za-z0-9_-]{1,140}$' });
const Uuid = Type.String({ maxLength: 36, pattern: '^[0-9a-f-]{1,36}$' });
const Country = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 3166-1 alpha-3 (XKX for Kosovo)' });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const Source = Type.Object({
  url: Type.String({ description: 'The page the fact was read from' }),
  readOn: Type.String({ description: 'The day it was read (YYYY-MM-DD)' }),
});

const stateFields = {
  update: Type.String({ description: 'The update this state is' }),
  status: Type.Enum(STATUSES, { description: 'The shared scale: planned, in-progress, completed, discontinued' }),
  progress: Type.Union([Type.Integer({ minimum: 0, maximum: 100 }), Type.Null()], {
    description: 'Progress in % where reported; null: not reported (never taken as 0)',
  }),
  date: Type.String({ description: 'The date the update reports on' }),
  country: Type.Union([Type.String(), Type.Null()], {
    description: 'The State that reported; null: the secretariat (or a source, for a reference update)',
  }),
  evidence: Type.Object({
    url: NS,
    document: Type.Union([Type.String(), Type.Null()], { description: 'A document id of the repository' }),
  }),
  note: NS,
};
const State = Type.Object(stateFields);

export const CommitmentView = Type.Object(
  {
    id: Type.String(),
    text: Type.String({ description: 'The commitment in the words of its source (English)' }),
    document: Type.String({ description: 'The document that made it (see /api/v1/documents/{id})' }),
    paragraph: Type.Union([Type.String(), Type.Null()], {
      description: 'The paragraph number as printed (12, 12(b), II.3); null: the document has none or none is given',
    }),
    framework: Type.Union([Type.String(), Type.Null()]),
    node: Type.Union(
      [
        Type.Object({ id: Type.String(), code: Type.String(), title: Type.String(), level: Type.String() }),
        Type.Null(),
      ],
      { description: 'Its position in the framework; null: the whole framework (or none)' },
    ),
    weight: Type.Number({ description: 'Its weight among the commitments of its node' }),
    mechanisms: Type.Array(Type.String(), { description: 'The mechanisms that follow it up' }),
    countries: Type.Array(Type.String(), {
      description: 'The countries it concerns as its source states them; empty: every member State of its mechanisms',
    }),
    themes: Type.Array(Type.String()),
    source: Source,
    state: Type.Union([State, Type.Null()], {
      description: 'The last accepted update on or before asOf; null: no report',
    }),
  },
  { $id: 'CommitmentView' },
);

const Update = Type.Object(
  {
    ...stateFields,
    id: Type.String(),
    commitment: Type.String(),
    cycle: NS,
    review: Type.Enum(['submitted', 'accepted', 'returned'], { description: 'Only accepted updates are public' }),
    reviewComment: NS,
    reviewedAt: NS,
    createdAt: Type.String(),
  },
  { $id: 'CommitmentUpdate' },
);

const Rolled = Type.Object({
  progress: Type.Union([Type.Number(), Type.Null()], {
    description: 'Weighted mean progress of what below reports a figure; null: no report',
  }),
  commitments: Type.Integer(),
  reported: Type.Integer({ description: 'Commitments below with an accepted update on or before asOf' }),
  byStatus: Type.Object(Object.fromEntries(STATUSES.map((s) => [s, Type.Integer()]))),
});

const nodeFields = {
  id: Type.String(),
  code: Type.String(),
  level: Type.Enum(LEVELS),
  title: Type.String(),
  weight: Type.Number({ description: "Its weight in its parent's roll-up" }),
  source: Source,
  rollup: Rolled,
  commitments: Type.Array(Type.String(), { description: 'The commitments placed on this node' }),
};
// A framework has at most three levels (domain → priority → action): the tree is written out to that depth.
const Action = Type.Object({ ...nodeFields, children: Type.Array(Type.Unknown(), { maxItems: 0 }) });
const Priority = Type.Object({ ...nodeFields, children: Type.Array(Action) });
const Node = Type.Object({ ...nodeFields, children: Type.Array(Priority) }, { $id: 'CommitmentNode' });

export const Cycle = Type.Object(
  {
    id: Type.String(),
    mechanism: Type.String(),
    title: Type.String(),
    openedOn: Type.String({ description: 'Who reports is read from the participation ledger on this day' }),
    deadline: Type.String({ description: 'The last day reports are taken (included); after it writes get 409' }),
    open: Type.Boolean(),
  },
  { $id: 'ReportingCycle' },
);

export const commitmentSchemas = [CommitmentView, Update, Cycle, Node];

const ASOF = { asOf: Type.Optional(AsOf) };

export const commitmentRoutes = {
  list: {
    querystring: Type.Object(
      {
        framework: Type.Optional(Type.String({ maxLength: 80, description: 'A framework id (e.g. jvap)' })),
        document: Type.Optional(Type.String({ maxLength: 200, description: 'A document id' })),
        mechanism: Type.Optional(Type.String({ maxLength: 120, description: 'A mechanism id' })),
        country: Type.Optional(Type.String({ ...Country, description: 'Commitments concerning this State on asOf' })),
        status: Type.Optional(Type.Enum([...STATUSES, 'none'], { description: 'The state on asOf; none: no report' })),
        ...ASOF,
        ...pageQuery(50),
      },
      strict,
    ),
    response: {
      200: Type.Object({ asOf: Type.String(), items: Type.Array(Type.Ref('CommitmentView')), ...pageFields }),
      ...problems(400),
    },
  },
  get: {
    params: Type.Object({ id: Id }),
    querystring: Type.Object(ASOF, strict),
    response: {
      200: Type.Intersect([
        Type.Ref('CommitmentView'),
        Type.Object({ asOf: Type.String(), updates: Type.Array(Type.Ref('CommitmentUpdate')) }),
      ]),
      ...problems(400, 404),
    },
  },
  frameworks: {
    querystring: Type.Object({}, strict),
    response: {
      200: Type.Object({
        items: Type.Array(
          Type.Object({
            id: Type.String(),
            title: Type.String(),
            document: NS,
            levels: Type.Array(Type.Enum(LEVELS)),
            publicNote: NS,
          }),
        ),
      }),
      ...problems(400),
    },
  },
  framework: {
    params: Type.Object({ id: Id }),
    querystring: Type.Object(ASOF, strict),
    response: {
      200: Type.Object({
        id: Type.String(),
        title: Type.String(),
        document: NS,
        levels: Type.Array(Type.Enum(LEVELS)),
        publicNote: NS,
        compilationNote: NS,
        asOf: Type.String(),
        rollup: Rolled,
        tree: Type.Array(Type.Ref('CommitmentNode')),
        unplaced: Type.Array(Type.String(), { description: 'Commitments of the whole framework (no node)' }),
        commitments: Type.Array(Type.Ref('CommitmentView')),
      }),
      ...problems(400, 404),
    },
  },
  cycles: {
    querystring: Type.Object(
      { mechanism: Type.Optional(Type.String({ maxLength: 120, description: 'A mechanism id' })) },
      strict,
    ),
    response: { 200: Type.Object({ items: Type.Array(Type.Ref('ReportingCycle')) }), ...problems(400) },
  },
  cycle: {
    params: Type.Object({ id: Uuid }),
    querystring: Type.Object(ASOF, strict),
    response: {
      200: Type.Intersect([
        Type.Ref('ReportingCycle'),
        Type.Object({
          asOf: Type.String(),
          states: Type.Array(
            Type.Object({
              country: Type.String(),
              concerned: Type.Integer({ description: 'Commitments concerning it' }),
              reported: Type.Integer({ description: 'Commitments it reported on in this cycle' }),
              accepted: Type.Integer(),
              submitted: Type.Integer({ description: 'Waiting for review' }),
              returned: Type.Integer(),
            }),
          ),
          commitments: Type.Array(Type.Ref('CommitmentView')),
        }),
      ]),
      ...problems(400, 404),
    },
  },
  openCycle: {
    body: Type.Object(
      {
        mechanism: Type.String({
          minLength: 1,
          maxLength: 120,
          description: 'The mechanism whose member States report',
        }),
        title: Type.String({ minLength: 1, maxLength: MAX_TITLE }),
        deadline: Day,
      },
      strict,
    ),
    response: { 201: Type.Ref('ReportingCycle'), ...problems(400, 401, 403, 415) },
  },
  report: {
    body: Type.Object(
      {
        commitment: Type.String({ ...Id, description: 'The commitment reported on' }),
        cycle: Type.Optional(Uuid),
        country: Type.Optional(Type.Union([Country, Type.Null()])),
        status: Type.Enum(STATUSES),
        progress: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 100 }), Type.Null()])),
        date: Day,
        evidenceUrl: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
        evidenceDocument: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
        note: Type.Optional(Type.Union([Type.String({ maxLength: MAX_TEXT }), Type.Null()])),
      },
      strict,
    ),
    response: { 201: Type.Ref('CommitmentUpdate'), ...problems(400, 401, 403, 404, 409, 415) },
  },
  pending: {
    querystring: Type.Object({}, strict),
    response: { 200: Type.Object({ items: Type.Array(Type.Ref('CommitmentUpdate')) }), ...problems(401) },
  },
  review: {
    params: Type.Object({ id: Uuid }),
    body: Type.Object(
      {
        decision: Type.Enum(['accept', 'return']),
        comment: Type.Optional(Type.Union([Type.String({ maxLength: MAX_TEXT }), Type.Null()])),
      },
      strict,
    ),
    response: { 200: Type.Ref('CommitmentUpdate'), ...problems(400, 401, 403, 404, 409, 415) },
  },
};
