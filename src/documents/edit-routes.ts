/**
 * Document records API (issue 13 item 1): POST /api/v1/documents creates a record, PATCH /api/v1/documents/{id}
 * changes its metadata (personal API token). Order of checks: 401 without a token; on PATCH 404 for no such record
 * and 403 when the user may not write it as it stands, before the body is read; then the content type (415), the
 * body (400 naming the field), who may write the record as it will be (403: an editor of every mechanism it names,
 * or an administrator), If-Match last (412 on a stale version). Answers the record as GET gives it, with its ETag.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { apiUser, authenticated } from '../accounts/api-auth.js';
import type { AccountsService } from '../accounts/service.js';
import { PreconditionFailed } from '../http/errors.js';
import { PathKey } from '../http/problem.js';
import { jsonOnly, strictBody } from '../http/validation.js';
import { DocumentEdits, MAX_FACT, MAX_FACTS, MAX_LIST, MAX_TITLE, MAX_URL } from './edit.js';
import { DATE_PRECISIONS, DOCUMENT_KINDS } from './model.js';
import { documentRoutes } from './schema.js';
import type { DocumentsService } from './service.js';

const problems = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, Type.Ref('Problem')]));
const strict = { additionalProperties: false } as const;
const security = [{ bearerAuth: [] }];
const tags = ['documents'];
const NString = (o: Parameters<typeof Type.String>[0] = {}) => Type.Union([Type.String(o), Type.Null()]);

const fields = {
  title: Type.String({ minLength: 1, maxLength: MAX_TITLE, description: 'The title in English' }),
  kind: Type.Enum(DOCUMENT_KINDS),
  date: NString({ maxLength: 10, description: 'YYYY, YYYY-MM or YYYY-MM-DD; null: not known' }),
  datePrecision: Type.Union([Type.Enum(DATE_PRECISIONS), Type.Null()], {
    description: "Optional: the date's own precision (year, month, day), null for an undated record",
  }),
  mechanisms: Type.Array(Type.String({ maxLength: 120 }), {
    minItems: 1,
    maxItems: MAX_LIST,
    description: 'Mechanism ids; you must be an editor of every one (or an administrator)',
  }),
  meeting: NString({ maxLength: 200, description: 'A meeting id (see /api/v1/meetings); null: none' }),
  languages: Type.Array(Type.String({ maxLength: 8 }), {
    maxItems: MAX_LIST,
    description: 'ISO 639-1 codes of its language versions',
  }),
  url: NString({ maxLength: MAX_URL, description: "The document's page or file (http or https)" }),
  summaryFacts: Type.Array(Type.String({ maxLength: MAX_FACT }), {
    maxItems: MAX_FACTS,
    description: 'What it says, in short sentences (English)',
  }),
  sources: Type.Array(Type.String({ maxLength: 40 }), {
    minItems: 1,
    maxItems: MAX_LIST,
    description: 'Source ids (see /api/v1/sources) backing the record',
  }),
};
const { title, kind, mechanisms, sources, ...rest } = fields;
const CreateBody = Type.Object(
  {
    title,
    kind,
    mechanisms,
    sources,
    ...Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, Type.Optional(v)])),
  },
  strict,
);
const PatchBody = Type.Object(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Type.Optional(v)])), {
  ...strict,
  minProperties: 1,
});
const Params = Type.Object({ id: PathKey(140) });
const IfMatch = Type.Object({
  'if-match': Type.Optional(
    Type.String({ maxLength: 40, description: 'The version you edited, e.g. "3" (the record\'s `version` or ETag)' }),
  ),
});
const Detail = documentRoutes.get.response[200];

/** If-Match: "3", W/"3" or 3 → 3; absent → null; anything else is a 412. */
function ifMatchOf(req: FastifyRequest): number | null {
  const h = req.headers['if-match'];
  if (h === undefined) return null;
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(String(h).trim());
  if (!m) throw new PreconditionFailed(`If-Match "${String(h)}" names no version of this record`, 'If-Match', 'header');
  return Number(m[1]);
}

export const documentEditsApi =
  (edits: DocumentEdits, documents: DocumentsService, accounts: AccountsService): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.addHook('preValidation', jsonOnly);
    app.post(
      '/api/v1/documents',
      {
        validatorCompiler: strictBody,
        onRequest: authenticated(accounts),
        schema: {
          tags,
          security,
          summary:
            'Create a document record (an editor of every mechanism it names, or an administrator); its id is made from its mechanism, title and year',
          body: CreateBody,
          response: { 201: Detail, ...problems(400, 401, 403, 415) },
        },
      },
      async (req, reply) => {
        const r = await edits.create({ actor: apiUser(req), ip: req.ip }, req.body);
        return reply
          .code(201)
          .header('location', `/api/v1/documents/${r.id}`)
          .header('etag', `"${r.version}"`)
          .send(await documents.get(r.id, { closed: true }));
      },
    );
    app.patch(
      '/api/v1/documents/:id',
      {
        validatorCompiler: strictBody,
        onRequest: authenticated(accounts, (u, req) => edits.authoriseRecord(u, (req.params as { id: string }).id)),
        schema: {
          tags,
          security,
          summary:
            "Change a document record's metadata: the fields sent replace its own (an editor of every mechanism it names before and after, or an administrator)",
          description:
            "Send If-Match with the record's version to refuse a stale write (412). A record changed here is never rewritten by a reference load.",
          params: Params,
          headers: IfMatch,
          body: PatchBody,
          response: { 200: Detail, ...problems(400, 401, 403, 404, 412, 415) },
        },
      },
      async (req, reply) => {
        const r = await edits.update({ actor: apiUser(req), ip: req.ip }, req.params.id, req.body, ifMatchOf(req));
        return reply.header('etag', `"${r.version}"`).send(await documents.get(r.id, { closed: true }));
      },
    );
  };
