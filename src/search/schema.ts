/** Route schemas for the search API (validation, serialisation, OpenAPI). */
import Type from 'typebox';
import { FACETS, SEARCH_LANGS } from './service.js';

const NS = Type.Union([Type.String(), Type.Null()]);
const strict = { additionalProperties: false } as const;
const problems = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, Type.Ref('Problem')]));

const Snippet = Type.Object({
  text: Type.String({ description: 'Plain text around the match (not escaped)' }),
  highlights: Type.Array(Type.Array(Type.Integer(), { minItems: 2, maxItems: 2 }), {
    description: '[start, end) offsets in text of the matched words',
  }),
});

export const SearchQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 200, description: 'Words to search for (accents and case ignored)' }),
    type: Type.Optional(
      Type.String({ pattern: '^[a-z-]{1,40}$', description: 'mechanism, country, organization, meeting, source, …' }),
    ),
    mechanism: Type.Optional(Type.String({ maxLength: 120, description: 'Records of this mechanism (an id)' })),
    year: Type.Optional(Type.Integer({ minimum: 1900, maximum: 2100 })),
    lang: Type.Optional(Type.Enum([...SEARCH_LANGS], { description: 'The language of the record; und: none' })),
    kind: Type.Optional(Type.String({ maxLength: 60, description: "A record's kind (level, meeting kind, …)" })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
    cursor: Type.Optional(Type.String({ maxLength: 200, description: 'nextCursor of the previous page' })),
  },
  strict,
);

export const searchRoute = {
  querystring: SearchQuery,
  response: {
    200: Type.Object({
      q: Type.String(),
      total: Type.Integer(),
      partial: Type.Boolean({ description: 'No record matched every word; these match some of them' }),
      page: Type.Integer(),
      limit: Type.Integer(),
      pages: Type.Integer(),
      nextCursor: NS,
      items: Type.Array(
        Type.Object({
          type: Type.String(),
          id: Type.String(),
          title: Type.String(),
          lang: Type.String(),
          path: Type.Union([Type.String(), Type.Null()], { description: 'The public page, under /{lang}' }),
          url: NS,
          score: Type.Number(),
          snippet: Type.Union([Snippet, Type.Null()]),
          snippetHtml: Type.Union([Type.String(), Type.Null()], {
            description: 'The snippet as HTML: text escaped, matches in <mark>',
          }),
          mechanisms: Type.Array(Type.String()),
          years: Type.Array(Type.Integer()),
          kind: NS,
        }),
      ),
      facets: Type.Object(
        Object.fromEntries(
          FACETS.map((f) => [f, Type.Array(Type.Object({ value: Type.String(), count: Type.Integer() }))]),
        ),
      ),
    }),
    ...problems(400),
  },
};
