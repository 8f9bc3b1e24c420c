/** Route schemas for the achievements API (validation, serialisation, OpenAPI). */
import Type from 'typebox';
import { pageFields, pageQuery } from '../http/paging.js';
import { AsOf } from '../registry/schema.js';
import { ACHIEVEMENT_LEVELS, ACHIEVEMENT_TYPES, CONFIDENCES, FACETS, LENSES } from './model.js';

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
