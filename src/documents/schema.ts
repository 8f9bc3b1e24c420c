/** Route schemas for the documents API (validation, serialisation, OpenAPI). */
import Type from 'typebox';
import { AsOf } from '../registry/schema.js';
import {
  CONFIDENCES,
  DOCUMENT_KINDS,
  DOCUMENT_VISIBILITIES,
  FACETS,
  TEXT_STATUSES,
  VERSION_STATUSES,
} from './model.js';

const NS = Type.Union([Type.String(), Type.Null()]);
const strict = { additionalProperties: false } as const;
const problems = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, Type.Ref('Problem')]));

export const DocumentSummary = Type.Object(
  {
    id: Type.String(),
    title: Type.String({ description: 'The title in English, as the research words it' }),
    titles: Type.Object(
      { fr: Type.Optional(Type.String()), es: Type.Optional(Type.String()) },
      { description: 'The title in other languages, only where a source shows it' },
    ),
    kind: Type.Enum(DOCUMENT_KINDS),
    date: Type.Union([Type.String(), Type.Null()], { description: 'YYYY, YYYY-MM or YYYY-MM-DD; null: not known' }),
    datePrecision: Type.Union([Type.Enum(['year', 'month', 'day']), Type.Null()]),
    year: Type.Union([Type.Integer(), Type.Null()]),
    mechanisms: Type.Array(Type.Object({ id: Type.String(), name: Type.String() }), {
      description: 'Empty for documents of the global meetings, which span all ISCMs',
    }),
    meeting: Type.Union([Type.Object({ id: Type.String(), title: Type.String() }), Type.Null()], {
      description: 'The meeting record the document is linked to; null where no rule links one',
    }),
    languages: Type.Array(Type.String(), { description: 'ISO 639-1 codes of the versions a source shows' }),
    url: Type.Union([Type.String(), Type.Null()], { description: "The document's page or file where one was seen" }),
    confidence: Type.Enum(CONFIDENCES),
    sources: Type.Array(Type.String()),
  },
  { $id: 'DocumentSummary' },
);

const FacetList = Type.Array(Type.Object({ value: Type.String(), count: Type.Integer() }));

export const documentRoutes = {
  list: {
    querystring: Type.Object(
      {
        kind: Type.Optional(Type.Enum(DOCUMENT_KINDS)),
        mechanism: Type.Optional(Type.String({ maxLength: 120, description: 'A mechanism id' })),
        year: Type.Optional(Type.Integer({ minimum: 1900, maximum: 2100, description: 'The year of its date' })),
        language: Type.Optional(
          Type.String({ pattern: '^[a-z]{2}$', description: 'ISO 639-1: a source shows a version in it' }),
        ),
        theme: Type.Optional(
          Type.String({
            pattern: '^[a-z0-9-]+$',
            maxLength: 80,
            description: 'A theme id: documents of a mechanism that works on the theme',
          }),
        ),
        meeting: Type.Optional(
          Type.String({ maxLength: 140, description: 'A meeting id: the documents linked to it' }),
        ),
        asOf: Type.Optional(AsOf),
        limit: Type.Optional(
          Type.Integer({
            minimum: 1,
            maximum: 500,
            multipleOf: 1,
            default: 50,
            description: 'Items per page, 1 to 500',
          }),
        ),
        cursor: Type.Optional(
          Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$', description: 'Opaque cursor from nextCursor' }),
        ),
      },
      strict,
    ),
    response: {
      200: Type.Object({
        asOf: Type.Union([Type.String(), Type.Null()], {
          description: 'When given: only documents dated on or before it (at the start of their year or month)',
        }),
        undatedLeftOut: Type.Integer({ description: 'Undated documents left out because asOf was given' }),
        total: Type.Integer(),
        facets: Type.Object(
          Object.fromEntries(FACETS.map((f) => [f, FacetList])) as Record<(typeof FACETS)[number], typeof FacetList>,
          { description: 'Counts per value over all the documents the filters select (not only this page)' },
        ),
        items: Type.Array(Type.Ref('DocumentSummary')),
        nextCursor: NS,
      }),
      ...problems(400),
    },
  },
  get: {
    params: Type.Object({ id: Type.String({ maxLength: 140 }) }),
    querystring: Type.Object({}, strict),
    response: {
      200: Type.Intersect([
        Type.Ref('DocumentSummary'),
        Type.Object({
          adoptedBy: NS,
          summaryFacts: Type.Array(Type.String(), { description: "The research's own words (English)" }),
          structureHint: NS,
          meetingWording: Type.Object(
            { text: NS, place: NS },
            { description: "The research's wording of the meeting" },
          ),
          meetingLink: Type.Object({
            match: Type.Union([Type.Enum(['global_meeting', 'date', 'date+place', 'editor']), Type.Null()], {
              description: 'How the meeting was linked: by a rule of the research, or by an editor',
            }),
            candidates: Type.Array(Type.String()),
            compilationNote: NS,
          }),
          compilationNote: NS,
          origin: Type.Enum(['reference', 'edited'], {
            description: 'reference: as the bundled dataset has it; edited: created or changed by an editor since',
          }),
          versions: Type.Array(
            Type.Object({
              id: Type.String(),
              language: Type.String(),
              status: Type.Enum(VERSION_STATUSES),
              sha256: Type.String(),
              sizeBytes: Type.Integer(),
              mediaType: Type.String(),
              pages: Type.Union([Type.Integer(), Type.Null()]),
              textStatus: Type.Enum(TEXT_STATUSES, {
                description:
                  'pending: not read yet; no-text: a scanned PDF without text (no OCR); failed: see textError',
              }),
              textError: NS,
              file: Type.String({ description: 'The address of the file' }),
            }),
            { description: 'The files of its language versions (none until uploads exist)' },
          ),
          version: Type.Integer(),
        }),
      ]),
      ...problems(400, 404),
    },
  },
  visibility: {
    params: Type.Object({ id: Type.String({ maxLength: 140 }) }),
    body: Type.Object(
      {
        visibility: Type.Enum(DOCUMENT_VISIBILITIES, {
          description:
            'public: everybody; members: the delegates of the member States of its mechanisms on the day; members-and-observers: also those of observer States (with the secretariat and administrators)',
        }),
      },
      strict,
    ),
    response: {
      200: Type.Object({
        id: Type.String(),
        visibility: Type.Enum(DOCUMENT_VISIBILITIES),
        version: Type.Integer({ description: 'The version of the record after the change' }),
      }),
      ...problems(400, 401, 403, 404, 415),
    },
  },
} as const;
