/** Route schemas for the achievements API (validation, serialisation, OpenAPI). */
import Type, { type TSchema } from 'typebox';
import { pageFields, pageQuery } from '../http/paging.js';
import { AsOf } from '../registry/schema.js';
import { ACHIEVEMENT_LEVELS, ACHIEVEMENT_TYPES, CONFIDENCES, FACETS, LENSES, PARTNERSHIP_KINDS } from './model.js';

const strict = { additionalProperties: false } as const;
const problems = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, Type.Ref('Problem')]));

export const AchievementSummary = Type.Object(
  {
    id: Type.String(),
    title: Type.String({ description: 'In English, as the research words it' }),
    mechanism: Type.Object({ id: Type.String(), name: Type.String() }),
    type: Type.Enum(ACHIEVEMENT_TYPES),
    level: Type.Enum(ACHIEVEMENT_LEVELS, { description: 'The reach of the achievement' }),
    year: Type.Union([Type.Integer(), Type.Null()], { description: 'null: not known' }),
    lens: Type.Enum(LENSES, {
      description:
        'The GRCP 8 (2019) lens it is read through: policy impact, sustainable structures or partnership models',
    }),
    evidence: Type.String({ description: "What the mechanism achieved, in the research's own words (English)" }),
    countries: Type.Array(Type.String(), {
      description: 'ISO 3166-1 alpha-3 codes (XKX for Kosovo) of the countries a source names; empty: none named',
    }),
    confidence: Type.Enum(CONFIDENCES),
    sources: Type.Array(Type.String(), { description: 'Source ids (see /api/v1/sources/{id})' }),
  },
  { $id: 'AchievementSummary' },
);

const FacetList = Type.Array(Type.Object({ value: Type.String(), count: Type.Integer() }));

export const achievementRoutes = {
  list: {
    querystring: Type.Object(
      {
        mechanism: Type.Optional(Type.String({ maxLength: 120, description: 'A mechanism id' })),
        lens: Type.Optional(Type.Enum(LENSES)),
        type: Type.Optional(Type.Enum(ACHIEVEMENT_TYPES)),
        level: Type.Optional(Type.Enum(ACHIEVEMENT_LEVELS)),
        country: Type.Optional(
          Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO3: achievements whose sources name the country' }),
        ),
        region: Type.Optional(
          Type.String({
            pattern: '^(\\d{3}|none)$',
            description: 'A UN M49 region code: achievements naming a country of it; "none": naming no country',
          }),
        ),
        year: Type.Optional(Type.Integer({ minimum: 1900, maximum: 2100 })),
        asOf: Type.Optional(AsOf),
        ...pageQuery(50),
      },
      strict,
    ),
    response: {
      200: Type.Object({
        asOf: Type.Union([Type.String(), Type.Null()], {
          description: 'When given: only achievements of a year up to the year of asOf',
        }),
        undatedLeftOut: Type.Integer({ description: 'Undated achievements left out because asOf was given' }),
        facets: Type.Object(
          Object.fromEntries(FACETS.map((f) => [f, FacetList])) as Record<(typeof FACETS)[number], typeof FacetList>,
          {
            description:
              'Counts per value over all the achievements the filters select; region: UN M49 region codes of the countries named ("none": no country named)',
          },
        ),
        items: Type.Array(Type.Ref('AchievementSummary')),
        ...pageFields,
      }),
      ...problems(400),
    },
  },
  get: {
    params: Type.Object({ id: Type.String({ maxLength: 140 }) }),
    querystring: Type.Object({}, strict),
    response: {
      200: Type.Intersect([
        Type.Ref('AchievementSummary'),
        Type.Object({
          compilationNote: Type.Union([Type.String(), Type.Null()], {
            description: 'How the record was compiled (inferences, attributions), for editors',
          }),
          version: Type.Integer(),
        }),
      ]),
      ...problems(400, 404),
    },
  },
} as const;

// ---------------------------------------------------------------- partnerships and structures (issue 14 items 2-3)

const NamedRef = Type.Object({ id: Type.String(), name: Type.String() });

export const PartnershipSummary = Type.Object(
  {
    id: Type.String(),
    kind: Type.Enum(PARTNERSHIP_KINDS, {
      description: "organization-mechanism: an organization's role in a mechanism; mechanism-mechanism: two linked",
    }),
    role: Type.String({ description: "The role or the link, in the research's words (English)" }),
    years: Type.Union([Type.String(), Type.Null()], {
      description: 'The years as the research words them ("2015-", "2009-2011", "-" unknown); null: not given',
    }),
    firstYear: Type.Union([Type.Integer(), Type.Null()], { description: 'The first year the wording states' }),
    lastYear: Type.Union([Type.Integer(), Type.Null()], {
      description: 'The last year it states (null: ongoing or unknown)',
    }),
    ongoing: Type.Union([Type.Boolean(), Type.Null()], { description: 'true: "YYYY-" (ongoing); null: not stated' }),
    mechanism: Type.Union([NamedRef, Type.Null()], { description: 'The mechanism of an organization link' }),
    organizations: Type.Array(
      Type.Object({ id: Type.String(), name: Type.String(), acronym: Type.Union([Type.String(), Type.Null()]) }),
      { description: 'The organizations (see /api/v1/organizations) the wording names; empty: none of the table' },
    ),
    organizationWording: Type.Union([Type.String(), Type.Null()], {
      description: "The research's wording of the organization: the only name of one not in the organizations table",
    }),
    mechanisms: Type.Array(NamedRef, { description: 'The two mechanisms of a mechanism-mechanism link; else empty' }),
    otherParties: Type.Array(NamedRef, { description: 'Other mechanisms a link names beside its two ends' }),
    sources: Type.Array(Type.String(), { description: 'Source ids (see /api/v1/sources/{id})', minItems: 1 }),
  },
  { $id: 'PartnershipSummary' },
);

export const partnershipRoutes = {
  list: {
    querystring: Type.Object(
      {
        mechanism: Type.Optional(
          Type.String({ maxLength: 120, description: 'A mechanism id: the partnerships it is part of (any side)' }),
        ),
        organization: Type.Optional(Type.String({ maxLength: 120, description: 'An organization id' })),
        kind: Type.Optional(Type.Enum(PARTNERSHIP_KINDS)),
        year: Type.Optional(
          Type.Integer({
            minimum: 1900,
            maximum: 2100,
            description: 'Partnerships whose stated years hold the year (an ongoing one: every year from its first)',
          }),
        ),
        ...pageQuery(50),
      },
      strict,
    ),
    response: {
      200: Type.Object({ items: Type.Array(Type.Ref('PartnershipSummary')), ...pageFields }),
      ...problems(400),
    },
  },
} as const;

const fieldOf = (value: TSchema, description: string) =>
  Type.Union(
    [
      Type.Object({
        value,
        sources: Type.Array(Type.String(), { description: 'Source ids' }),
        note: Type.Union([Type.String(), Type.Null()]),
        basis: Type.Union([Type.String(), Type.Null()], {
          description: 'Where the value was taken without being re-read (then sources is empty)',
        }),
      }),
      Type.Null(),
    ],
    { description: `${description}; null: not known` },
  );

export const StructureView = Type.Object(
  {
    mechanism: NamedRef,
    secretariat_model: fieldOf(
      Type.String({ description: 'IOM-hosted, ICMPD, regional organization, rotating, own, or "other (…)"' }),
      'The secretariat model',
    ),
    secretariat: fieldOf(Type.String(), 'Who serves as the secretariat'),
    funding: fieldOf(Type.String(), 'How the mechanism is funded'),
    chair_rotation: fieldOf(Type.String(), 'How the chair rotates'),
    written_rules: fieldOf(
      Type.Array(Type.Object({ title: Type.String(), year: Type.Union([Type.String(), Type.Null()]) })),
      'Written rules (rules of procedure, terms of reference…)',
    ),
    strategies_workplans: fieldOf(
      Type.Array(Type.Object({ title: Type.String(), years: Type.Union([Type.String(), Type.Null()]) })),
      'Strategies and work plans',
    ),
    meeting_cadence: fieldOf(Type.String(), 'How often it meets'),
    working_groups: fieldOf(Type.Array(Type.String()), 'Working groups'),
  },
  { $id: 'StructureView' },
);

export const structureRoutes = {
  list: {
    querystring: Type.Object({ ...pageQuery(50) }, strict),
    response: {
      200: Type.Object({ items: Type.Array(Type.Ref('StructureView')), ...pageFields }),
      ...problems(400),
    },
  },
  get: {
    params: Type.Object({ mechanism: Type.String({ maxLength: 120, description: 'A mechanism id' }) }),
    querystring: Type.Object({}, strict),
    response: { 200: Type.Ref('StructureView'), ...problems(400, 404) },
  },
} as const;
