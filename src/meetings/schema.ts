/** Route schemas for the meetings API (validation, serialisation, OpenAPI). */
import Type from 'typebox';
import { pageFields, pageQuery } from '../http/paging.js';
import { COUNT_KINDS, MEETING_KINDS, MEETING_STATUSES } from './model.js';
import { CompilationNote, PublicNote, UnverifiedFieldOut } from '../registry/schema.js';

const NS = Type.Union([Type.String(), Type.Null()]);
const strict = { additionalProperties: false } as const;
const problems = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, Type.Ref('Problem')]));
const PartialDate = Type.String({
  pattern: '^\\d{4}(-\\d{2}(-\\d{2})?)?$',
  description: 'YYYY, YYYY-MM or YYYY-MM-DD',
});

const Count = Type.Object({
  what: Type.Enum(COUNT_KINDS),
  count: Type.Integer(),
  note: PublicNote,
  compilationNote: Type.Optional(CompilationNote),
  sources: Type.Array(Type.String()),
});
const Represented = Type.Object({
  value: Type.Union([Type.Integer(), Type.Null()]),
  basis: Type.Enum(['listed', 'reported', 'none'], {
    description: 'reported: the count a source gives; none: no source reports a count (listed is no longer given)',
  }),
  atLeast: Type.Boolean({ description: 'always false: a list of names is not a count' }),
  named: Type.Integer({
    description: 'Distinct mechanisms named among the participants (a list no source says is complete)',
  }),
  sources: Type.Array(Type.String()),
  note: NS,
  alternatives: Type.Array(Count),
  definition: Type.String(),
});

export const MeetingSummary = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    kind: Type.Enum(MEETING_KINDS),
    status: Type.Enum(MEETING_STATUSES),
    start: Type.String(),
    end: NS,
    city: NS,
    country: NS,
    online: Type.Boolean(),
    host: NS,
    theme: NS,
    series: NS,
    ordinal: Type.Union([Type.Integer(), Type.Null()]),
    mechanism: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
    represented: Represented,
    outcome: Type.Union([Type.Object({ title: Type.String(), url: NS }), Type.Null()]),
    sources: Type.Array(Type.String()),
  },
  { $id: 'MeetingSummary' },
);

export const meetingRoutes = {
  record: {
    params: Type.Object({ id: Type.String({ maxLength: 120 }) }),
    querystring: Type.Object(
      { asOf: Type.Optional(Type.String({ description: 'YYYY-MM-DD; default today' })) },
      strict,
    ),
    response: {
      200: Type.Object({
        mechanism: Type.String(),
        asOf: Type.String(),
        lastMeeting: Type.Union([Type.Null(), Type.Ref('MeetingSummary')]),
        noRecentActivity: Type.Boolean({
          description: 'No meeting held in the recent years, and the record is not known to be incomplete',
        }),
        recordIncomplete: Type.Boolean({
          description: 'No recent meeting recorded, and the meeting record is known to be incomplete',
        }),
        meetingsComplete: Type.Union([Type.Null(), Type.Boolean()], {
          description: 'Whether the meeting record is known to be complete; null: not known',
        }),
        meetingRecord: Type.Union([
          Type.Null(),
          Type.Object({ complete: Type.Boolean(), checked: Type.String(), gaps: NS, note: NS }),
        ]),
        rule: Type.String(),
      }),
      ...problems(400, 404),
    },
  },
  list: {
    querystring: Type.Object(
      {
        mechanism: Type.Optional(Type.String({ maxLength: 120 })),
        series: Type.Optional(Type.String({ maxLength: 80 })),
        country: Type.Optional(
          Type.String({ pattern: '^[A-Z]{3}$', description: 'Held in this country, or the country took part' }),
        ),
        from: Type.Optional(PartialDate),
        to: Type.Optional(PartialDate),
        kind: Type.Optional(Type.Enum(MEETING_KINDS)),
        status: Type.Optional(Type.Enum(MEETING_STATUSES)),
        ...pageQuery(),
      },
      strict,
    ),
    response: {
      200: Type.Object({ ...pageFields, items: Type.Array(Type.Ref('MeetingSummary')) }),
      ...problems(400),
    },
  },
  get: {
    params: Type.Object({ id: Type.String({ maxLength: 140 }) }),
    querystring: Type.Object({}, strict),
    response: {
      200: Type.Intersect([
        Type.Ref('MeetingSummary'),
        Type.Object({
          seriesName: NS,
          participants: Type.Array(
            Type.Object({
              type: Type.Enum(['mechanism', 'country', 'organization', 'unresolved']),
              id: NS,
              name: Type.String(),
              nameInSource: Type.String(),
              role: Type.String(),
              sources: Type.Array(Type.String()),
            }),
          ),
          reportedCounts: Type.Array(Count),
          agenda: Type.Array(
            Type.Object({ order: Type.Integer(), title: Type.String(), time: NS, speakers: Type.Array(Type.String()) }),
          ),
          documents: Type.Array(
            Type.Object({
              title: Type.String(),
              kind: Type.String(),
              date: NS,
              language: NS,
              url: NS,
              sources: Type.Array(Type.String()),
            }),
          ),
          unverifiedFields: Type.Array(UnverifiedFieldOut),
          notes: PublicNote,
          compilationNote: CompilationNote,
          version: Type.Integer(),
        }),
      ]),
      ...problems(400, 404),
    },
  },
  series: {
    params: Type.Object({ id: Type.String({ maxLength: 80 }) }),
    querystring: Type.Object({}, strict),
    response: {
      200: Type.Object({
        id: Type.String(),
        name: Type.String(),
        note: PublicNote,
        compilationNote: CompilationNote,
        sources: Type.Array(Type.String()),
        meetings: Type.Array(Type.Ref('MeetingSummary')),
      }),
      ...problems(400, 404),
    },
  },
} as const;
