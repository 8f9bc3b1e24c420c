/** Route schemas of the sharing API (validation, serialisation, OpenAPI). */
import Type from 'typebox';
import { pageFields, pageQuery } from '../http/paging.js';
import { ONE_LINE } from '../http/problem.js';
import { MAX_BODY, MAX_TITLE, VISIBILITIES } from './model.js';

const strict = { additionalProperties: false } as const;
const problems = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, Type.Ref('Problem')]));
const NS = Type.Union([Type.String(), Type.Null()]);

/** Reads answer anyone; a personal API token shows what its owner may see. */
export const optionalToken: { [scheme: string]: string[] }[] = [{ bearerAuth: [] }, {}];
export const token: { [scheme: string]: string[] }[] = [{ bearerAuth: [] }];

const Mechanism = Type.String({ maxLength: 120, description: 'A mechanism id (an alias answers 301)' });
const Country = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 3166-1 alpha-3 (XKX for Kosovo)' });

export const Post = Type.Object(
  {
    id: Type.String(),
    mechanism: Type.String(),
    title: Type.String(),
    body: Type.String(),
    visibility: Type.Enum(VISIBILITIES, {
      description:
        "members: the member States' delegates on the day; members-and-observers: opened by the secretariat to observer States too; public: anyone",
    }),
    author: Type.Object({
      name: Type.Union([Type.String(), Type.Null()], {
        description: "The author's display name, only for those inside the space (null otherwise)",
      }),
      country: Type.Union([Type.String(), Type.Null()], { description: 'The State the author posted for' }),
      secretariat: Type.Boolean({ description: 'Posted by the secretariat (or an administrator)' }),
    }),
    createdAt: Type.String(),
  },
  { $id: 'SpacePost' },
);

export const SpaceDocument = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    kind: Type.String(),
    date: Type.Union([Type.String(), Type.Null()], { description: 'YYYY, YYYY-MM or YYYY-MM-DD; null: not known' }),
    visibility: Type.Enum(VISIBILITIES, {
      description:
        'public: also at /api/v1/documents/{id}; members, members-and-observers: closed, only in the space for those who may see it',
    }),
    files: Type.Array(
      Type.Object({
        version: Type.String(),
        language: Type.String({ description: 'ISO 639-1' }),
        sizeBytes: Type.Integer(),
        url: Type.String({ description: 'The file, through the space' }),
      }),
    ),
  },
  { $id: 'SpaceDocument' },
);

export const Delegate = Type.Object(
  {
    id: Type.String(),
    user: Type.Object({ id: Type.String(), name: NS }),
    country: Type.String(),
    focalPoint: Type.Boolean({ description: "The State's focal point: grants its delegates" }),
    grantedBy: Type.String({ description: 'The account that granted it' }),
    grantedAt: Type.String(),
  },
  { $id: 'Delegate' },
);

export const sharingRoutes = {
  posts: {
    params: Type.Object({ mechanism: Mechanism }),
    querystring: Type.Object({ ...pageQuery(50) }, strict),
    response: {
      200: Type.Object({
        mechanism: Type.String(),
        seenAs: Type.Enum(['manager', 'member', 'observer', 'public'], {
          description:
            "How you see the space today: its secretariat or an administrator, a member or observer State's delegate, or as the public",
        }),
        ...pageFields,
        items: Type.Array(Type.Ref('SpacePost')),
      }),
      ...problems(400, 401, 404),
    },
  },
  documents: {
    params: Type.Object({ mechanism: Mechanism }),
    querystring: Type.Object({ ...pageQuery(50) }, strict),
    response: {
      200: Type.Object({
        mechanism: Type.String(),
        seenAs: Type.Enum(['manager', 'member', 'observer', 'public']),
        ...pageFields,
        items: Type.Array(Type.Ref('SpaceDocument')),
      }),
      ...problems(400, 401, 404),
    },
  },
  documentFile: {
    params: Type.Object({
      mechanism: Mechanism,
      id: Type.String({ maxLength: 140 }),
      version: Type.String({ maxLength: 80 }),
    }),
    querystring: Type.Object({}, strict),
    response: { 200: { description: 'The file, in the media type it was uploaded as' }, ...problems(401, 404) },
  },
  post: {
    params: Type.Object({ mechanism: Mechanism, id: Type.String({ maxLength: 36 }) }),
    querystring: Type.Object({}, strict),
    response: { 200: Type.Ref('SpacePost'), ...problems(400, 401, 404) },
  },
  createPost: {
    params: Type.Object({ mechanism: Mechanism }),
    body: Type.Object(
      {
        title: Type.String({ minLength: 1, maxLength: MAX_TITLE, pattern: ONE_LINE }),
        body: Type.String({ minLength: 1, maxLength: MAX_BODY }),
        visibility: Type.Optional(Type.Enum(VISIBILITIES, { description: 'Default members' })),
      },
      strict,
    ),
    response: { 201: Type.Ref('SpacePost'), ...problems(400, 401, 403, 404, 415) },
  },
  delegates: {
    params: Type.Object({ country: Country }),
    querystring: Type.Object({ ...pageQuery(100) }, strict),
    response: {
      200: Type.Object({ ...pageFields, items: Type.Array(Type.Ref('Delegate')) }),
      ...problems(400, 401, 403, 404),
    },
  },
  grant: {
    params: Type.Object({ country: Country }),
    body: Type.Object(
      {
        email: Type.String({ minLength: 3, maxLength: 320, pattern: ONE_LINE, description: "The account's e-mail" }),
        focalPoint: Type.Optional(Type.Boolean({ description: 'Administrators only; default false' })),
      },
      strict,
    ),
    response: { 201: Type.Ref('Delegate'), ...problems(400, 401, 403, 404, 409, 415) },
  },
  revoke: {
    params: Type.Object({ country: Country, user: Type.String({ maxLength: 36, pattern: '^[0-9a-f-]{1,36}$' }) }),
    response: { 204: Type.Null({ description: 'Revoked' }), ...problems(400, 401, 403, 404) },
  },
} as const;
