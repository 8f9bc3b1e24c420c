/** Route schemas of the delegations API (validation, serialisation, OpenAPI). */
import Type from 'typebox';
import { ONE_LINE } from '../../http/problem.js';
import {
  DECISIONS,
  DELEGATION_STATUSES,
  ELIGIBILITIES,
  MAX_FUNCTION,
  MAX_NAME,
  MAX_NOTE,
  MAX_PERSONS,
  ORG_ELIGIBILITIES,
} from './model.js';

const strict = { additionalProperties: false } as const;
const problems = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, Type.Ref('Problem')]));
const NS = Type.Union([Type.String(), Type.Null()]);
const MeetingId = Type.String({ maxLength: 200, description: 'A meeting id' });
const Country = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 3166-1 alpha-3 (XKX for Kosovo)' });
const EligibilityT = Type.Enum(ELIGIBILITIES, {
  description:
    "What the participation ledger made the State in the meeting's mechanism on the meeting's date: member, observer, or guest when neither",
});

const Person = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: MAX_NAME, pattern: ONE_LINE, description: 'Personal data' }),
    function: Type.String({ minLength: 1, maxLength: MAX_FUNCTION, pattern: ONE_LINE, description: 'Personal data' }),
  },
  strict,
);

export const Delegation = Type.Object(
  {
    id: Type.String(),
    meeting: Type.String(),
    country: Type.String(),
    eligibility: EligibilityT,
    status: Type.Enum(DELEGATION_STATUSES, { description: 'pending until the secretariat confirms or declines it' }),
    persons: Type.Union([Type.Array(Person), Type.Null()], {
      description:
        "The persons (personal data): only for the meeting's secretariat, administrators and the State's delegates; null otherwise",
    }),
    registeredAt: Type.String(),
    decidedAt: NS,
    decisionNote: NS,
  },
  { $id: 'MeetingDelegation' },
);

const OrgEligibilityT = Type.Enum(ORG_ELIGIBILITIES, {
  description:
    "What the participation ledger made the organization in the meeting's mechanism on the meeting's date (member, observer), else partner when a partnership links it to the mechanism, else guest",
});
const OrgRef = Type.Object({ id: Type.String(), name: Type.String(), acronym: NS });
const OrgId = Type.String({
  minLength: 1,
  maxLength: 200,
  description: 'An organization id (GET /api/v1/organizations)',
});

export const OrgDelegation = Type.Object(
  {
    id: Type.String(),
    meeting: Type.String(),
    organization: OrgRef,
    eligibility: OrgEligibilityT,
    status: Type.Enum(DELEGATION_STATUSES, { description: 'pending until the secretariat confirms or declines it' }),
    persons: Type.Union([Type.Array(Person), Type.Null()], {
      description: "The persons (personal data): only for the meeting's secretariat and administrators",
    }),
    registeredAt: Type.String(),
    decidedAt: NS,
    decisionNote: NS,
  },
  { $id: 'MeetingOrgDelegation' },
);

export const Attendance = Type.Object(
  {
    confirmed: Type.Integer({ description: 'States whose delegation the secretariat confirmed' }),
    states: Type.Array(Type.String(), { description: 'Those States (ISO3); never persons' }),
    byEligibility: Type.Object({ member: Type.Integer(), observer: Type.Integer(), guest: Type.Integer() }),
    organizations: Type.Object(
      {
        confirmed: Type.Integer({ description: 'Organizations whose delegation the secretariat confirmed' }),
        organizations: Type.Array(OrgRef, { description: 'Those organizations (names); never persons' }),
        byEligibility: Type.Object({
          member: Type.Integer(),
          observer: Type.Integer(),
          partner: Type.Integer(),
          guest: Type.Integer(),
        }),
      },
      { description: "The organizations' confirmed delegations (registered by the secretariat on their behalf)" },
    ),
    basis: Type.String({ description: 'What the figure counts: a separate basis from the figures sources report' }),
  },
  { $id: 'MeetingAttendance' },
);

export const delegationsRoutes = {
  list: {
    params: Type.Object({ id: MeetingId }),
    querystring: Type.Object({}, strict),
    response: {
      200: Type.Object({
        meeting: Type.Object({
          id: Type.String(),
          title: Type.String(),
          date: Type.String({ description: 'The day eligibility is read on (the meeting start)' }),
          mechanism: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
        }),
        may: Type.Object({
          decide: Type.Boolean({ description: 'You are the secretariat (or an administrator): you confirm' }),
          anyState: Type.Boolean({ description: 'An administrator registers for any State' }),
          registerFor: Type.Array(Type.Object({ country: Type.String(), eligibility: EligibilityT }), {
            description: 'The States whose focal point you are, with their eligibility',
          }),
        }),
        items: Type.Array(Type.Ref('MeetingDelegation')),
        organizations: Type.Array(Type.Ref('MeetingOrgDelegation'), {
          description: "The organizations' delegations (the secretariat and administrators only; empty otherwise)",
        }),
        organizationChoices: Type.Array(OrgRef, {
          description: 'The organizations the secretariat may register a delegation for (empty otherwise)',
        }),
        attendance: Type.Ref('MeetingAttendance'),
      }),
      ...problems(400, 401, 404),
    },
  },
  attendance: {
    params: Type.Object({ id: MeetingId }),
    querystring: Type.Object({}, strict),
    response: { 200: Type.Ref('MeetingAttendance'), ...problems(400, 404) },
  },
  register: {
    params: Type.Object({ id: MeetingId, country: Country }),
    body: Type.Object({ persons: Type.Array(Person, { minItems: 1, maxItems: MAX_PERSONS }) }, strict),
    response: { 200: Type.Ref('MeetingDelegation'), ...problems(400, 401, 403, 404, 415) },
  },
  decide: {
    params: Type.Object({ id: MeetingId, country: Country }),
    body: Type.Object(
      {
        decision: Type.Enum(DECISIONS),
        note: Type.Optional(Type.Union([Type.String({ maxLength: MAX_NOTE }), Type.Null()])),
      },
      strict,
    ),
    response: { 200: Type.Ref('MeetingDelegation'), ...problems(400, 401, 403, 404, 409, 415) },
  },
  registerOrg: {
    params: Type.Object({ id: MeetingId, org: OrgId }),
    body: Type.Object({ persons: Type.Array(Person, { minItems: 1, maxItems: MAX_PERSONS }) }, strict),
    response: { 200: Type.Ref('MeetingOrgDelegation'), ...problems(400, 401, 403, 404, 415) },
  },
  decideOrg: {
    params: Type.Object({ id: MeetingId, org: OrgId }),
    body: Type.Object(
      {
        decision: Type.Enum(DECISIONS),
        note: Type.Optional(Type.Union([Type.String({ maxLength: MAX_NOTE }), Type.Null()])),
      },
      strict,
    ),
    response: { 200: Type.Ref('MeetingOrgDelegation'), ...problems(400, 401, 403, 404, 409, 415) },
  },
  packContents: {
    params: Type.Object({ id: MeetingId }),
    querystring: Type.Object({}, strict),
    response: {
      200: Type.Object({
        entries: Type.Array(Type.Object({ path: Type.String(), size: Type.Integer({ description: 'Bytes' }) })),
        contentBytes: Type.Integer({ description: 'The size of the contents (the archive adds a few hundred bytes)' }),
      }),
      ...problems(400, 401, 403, 404),
    },
  },
  pack: {
    params: Type.Object({ id: MeetingId }),
    querystring: Type.Object({}, strict),
    response: {
      200: {
        description: 'The zip archive, with its exact Content-Length',
        content: { 'application/zip': { schema: Type.Unsafe<Uint8Array>({ type: 'string', format: 'binary' }) } },
      },
      ...problems(400, 401, 403, 404),
    },
  },
} as const;
