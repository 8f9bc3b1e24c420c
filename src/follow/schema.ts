/** Route schemas of the follow API (validation, serialisation, OpenAPI). */
import Type from 'typebox';
import { LANGS } from '../web/i18n.js';
import { FOLLOW_KINDS, PERIODS } from './model.js';

const strict = { additionalProperties: false } as const;
const problems = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, Type.Ref('Problem')]));

export const token: { [scheme: string]: string[] }[] = [{ bearerAuth: [] }];

const Kind = Type.Enum(FOLLOW_KINDS, { description: 'What is followed' });
const Target = Type.String({
  minLength: 1,
  maxLength: 160,
  pattern: '^[A-Za-z0-9._-]+$',
  description: "A mechanism id, a country's ISO 3166-1 alpha-3 code, a meeting series id or a document kind",
});

export const Follow = Type.Object(
  {
    kind: Kind,
    target: Type.String(),
    name: Type.String({ description: "The thing's name (in the language asked with ?lang, default English)" }),
    since: Type.String({ description: 'When it was followed (ISO 8601)' }),
  },
  { $id: 'Follow' },
);

const Preference = Type.Object({
  period: Type.Enum(PERIODS, { description: 'One digest a day or a week' }),
  lang: Type.Enum(LANGS, { description: 'The language of the digest' }),
  unsubscribed: Type.Boolean({
    description: 'Unsubscribed by the link in a digest: no digest until a period is chosen again',
  }),
});

/** A kind that cannot be followed names nothing: 404 (found before the body is read, as every target in the URL). */
const PathKind = Type.String({
  maxLength: 30,
  description: `What is followed: ${FOLLOW_KINDS.join(', ')}`,
});
const target = { params: Type.Object({ kind: PathKind, target: Target }) };
const langQuery = Type.Object({ lang: Type.Optional(Type.Enum(LANGS)) }, strict);

export const followRoutes = {
  list: {
    querystring: langQuery,
    response: {
      200: Type.Object({ items: Type.Array(Type.Ref('Follow')), preference: Preference }),
      ...problems(400, 401),
    },
  },
  follow: {
    ...target,
    querystring: langQuery,
    response: {
      200: Type.Ref('Follow', { description: 'Already followed: nothing changed' }),
      201: Type.Ref('Follow', { description: 'Now followed' }),
      ...problems(400, 401, 404),
    },
  },
  unfollow: {
    ...target,
    response: { 204: Type.Null({ description: 'No longer followed' }), ...problems(400, 401, 404) },
  },
  preference: {
    body: Type.Object(
      {
        period: Type.Optional(Type.Enum(PERIODS)),
        lang: Type.Optional(Type.Enum(LANGS)),
      },
      strict,
    ),
    response: { 200: Preference, ...problems(400, 401, 415) },
  },
} as const;
