/**
 * Write endpoints under /api/v1 for personal API tokens (Bearer), with If-Match on every change to
 * an existing record; the review queue; and the public history of every editable record.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { apiUser, authenticated } from '../accounts/api-auth.js';
import type { AccountsService } from '../accounts/service.js';
import { MEETING_KINDS, MEETING_STATUSES, PARTICIPANT_ROLES } from '../meetings/model.js';
import { ROLES, STATUSES } from '../registry/model.js';
import { jsonOnly, strictBody } from '../http/validation.js';
import {
  DOCUMENT_KINDS,
  END_CAUSES,
  MAX_AGENDA_ITEMS,
  MAX_DOCUMENTS,
  MAX_PARTICIPANTS,
  MAX_SOURCES,
  VERIFICATION_STATES,
} from './kinds.js';
import { MECHANISM_FIELDS } from './records.js';
import type { ChangeResult, EditingService } from './service.js';
import { PreconditionFailed } from '../http/errors.js';
import { pageFields, pageOf, pageQuery } from '../http/paging.js';

const problems = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, Type.Ref('Problem')]));
const ChangeResultSchema = Type.Object({
  id: Type.String({ description: 'the change' }),
  status: Type.Enum(['pending', 'published', 'returned', 'withdrawn']),
  recordId: Type.String(),
  version: Type.Integer({ description: "the record's version after this step (send it as If-Match next time)" }),
});
const security = [{ bearerAuth: [] }];
const tags = ['editing'];
const Id = (max = 160) => Type.Object({ id: Type.String({ maxLength: max }) });
const IfMatch = Type.Object({
  'if-match': Type.Optional(
    Type.String({
      maxLength: 40,
      description: 'The version you edited, e.g. "3" (the record\'s `version`, or the ETag of a previous write)',
    }),
  ),
});
const Sources = Type.Array(Type.String({ maxLength: 2000 }), {
  minItems: 1,
  maxItems: MAX_SOURCES,
  description: 'source ids (src-…) or http(s) URLs backing the change',
});
const Note = Type.Optional(Type.String({ maxLength: 4000 }));
const NString = (o: Parameters<typeof Type.String>[0] = {}) => Type.Union([Type.String(o), Type.Null()]);
const DateString = (description = 'YYYY, YYYY-MM or YYYY-MM-DD') => Type.String({ maxLength: 10, description });
const Participant = Type.Object(
  {
    mechanism: Type.Optional(Type.String({ maxLength: 80 })),
    country: Type.Optional(Type.String({ maxLength: 3, description: 'ISO 3166-1 alpha-3' })),
    organization: Type.Optional(Type.String({ maxLength: 80 })),
    name: Type.Optional(Type.String({ maxLength: 400, description: 'the name as the source gives it' })),
    role: Type.Enum(PARTICIPANT_ROLES),
  },
  { additionalProperties: false, description: 'one of mechanism, country or organization' },
);
const Agenda = Type.Array(Type.String({ maxLength: 400 }), {
  maxItems: MAX_AGENDA_ITEMS,
  description: 'the agenda item titles, in order (replaces the recorded agenda)',
});
const Documents = Type.Array(
  Type.Object(
    {
      title: Type.String({ maxLength: 400 }),
      kind: Type.Optional(Type.Enum(DOCUMENT_KINDS)),
      url: Type.Optional(NString({ maxLength: 2000 })),
    },
    { additionalProperties: false },
  ),
  { maxItems: MAX_DOCUMENTS, description: "the meeting's documents, in order (replace the recorded ones)" },
);
const MeetingFields = Type.Object(
  {
    title: Type.Optional(Type.String({ maxLength: 400 })),
    kind: Type.Optional(Type.Enum(MEETING_KINDS)),
    status: Type.Optional(Type.Enum(MEETING_STATUSES)),
    start: Type.Optional(DateString()),
    end: Type.Optional(NString({ maxLength: 10 })),
    city: Type.Optional(NString({ maxLength: 400 })),
    country_code: Type.Optional(NString({ maxLength: 3 })),
    online: Type.Optional(Type.Boolean()),
    host: Type.Optional(NString({ maxLength: 400 })),
    theme: Type.Optional(NString({ maxLength: 2000 })),
    notes: Type.Optional(NString({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
const Diff = Type.Array(Type.Object({ label: Type.String(), before: Type.String(), after: Type.String() }));
const ChangeView = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  recordType: Type.String(),
  recordId: Type.String(),
  mechanism: Type.String(),
  baseVersion: Type.Integer(),
  status: Type.String(),
  author: Type.String(),
  createdAt: Type.String(),
  comment: NString(),
  sources: Type.Array(Type.String()),
  note: NString(),
  currentVersion: Type.Union([Type.Integer(), Type.Null()]),
  diff: Diff,
  problem: NString({ description: 'why publishing it would be refused now, if it would' }),
  authorName: NString({ description: "the author's display name" }),
  mechanismName: NString(),
  citedSources: Type.Array(
    Type.Object({ id: Type.String(), title: NString(), url: NString() }, { description: 'a cited source, by title' }),
  ),
});
const History = Type.Object({
  recordType: Type.String(),
  id: Type.String(),
  version: Type.Union([Type.Integer(), Type.Null()]),
  exists: Type.Boolean(),
  mechanism: NString(),
  changes: Type.Array(
    Type.Object({
      id: Type.String(),
      kind: Type.String(),
      publishedAt: Type.String(),
      proposedAt: Type.String(),
      author: NString(),
      reviewer: NString(),
      version: Type.Union([Type.Integer(), Type.Null()]),
      revertOf: NString(),
      sources: Type.Array(Type.String()),
      note: NString(),
      diff: Diff,
    }),
  ),
  versions: Type.Array(
    Type.Object({
      version: Type.Integer(),
      recordedAt: Type.String(),
      recordedBy: Type.String(),
      supersededAt: NString(),
      start: NString(),
      end: NString(),
      endCause: NString(),
      verification: Type.String(),
      sources: Type.Array(Type.String()),
    }),
    { description: 'participation only: every version in record time' },
  ),
  steps: Type.Array(Type.Object({ at: Type.String(), action: Type.String() })),
});

/**
 * If-Match: "3", W/"3" or 3 → 3; absent → null; anything else is a 412 (it cannot match). Read by
 * the service after the body is validated (the order of checks: 401, 403, 400, then 428/412).
 */
const ifMatchVersion = (req: FastifyRequest) => (): number | null => {
  const h = req.headers['if-match'];
  if (h === undefined) return null;
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(String(h).trim());
  if (!m) throw new PreconditionFailed(`If-Match "${String(h)}" names no version of this record`, 'If-Match');
  return Number(m[1]);
};

const send = (reply: FastifyReply, r: ChangeResult, created = false) =>
  reply
    .code(r.status === 'pending' ? 202 : created ? 201 : 200)
    .header('etag', `"${r.version}"`)
    .send(r);

export const editingApi =
  (editing: EditingService, accounts: AccountsService): FastifyPluginAsyncTypebox =>
  async (app) => {
    const user = apiUser;
    // Authenticate (401) and authorise where the target is in the URL (403, 404) before the body is read.
    const signedIn = authenticated(accounts);
    const onRecord = (kind: string) =>
      authenticated(accounts, (u, req) => editing.authorise(u, kind, (req.params as { id: string }).id));
    const onChange = (step: 'publish' | 'return' | 'revert' | 'withdraw') =>
      authenticated(accounts, async (u, req) => {
        await editing.authoriseStep(u, step, (req.params as { id: string }).id);
      });
    const changed = { 200: ChangeResultSchema, 202: ChangeResultSchema };
    // JSON bodies: application/json only (415), never coerced (strictBody); querystrings keep the coercing validator.
    app.addHook('preValidation', jsonOnly);
    const writeNote =
      "Waits for review (202) unless you may also publish (200). Send If-Match with the record's version: 428 without it, 412 when the record changed since.";

    app.post(
      '/api/v1/participation',
      {
        validatorCompiler: strictBody,
        onRequest: signedIn,
        schema: {
          tags,
          security,
          summary: 'Add a participation (a membership, observer status…) with its start and source',
          description: 'Waits for review (202) unless you may also publish (201).',
          body: Type.Object(
            {
              mechanism: Type.String({ maxLength: 80 }),
              country: Type.Optional(Type.String({ maxLength: 3, description: 'ISO 3166-1 alpha-3' })),
              organization: Type.Optional(Type.String({ maxLength: 80 })),
              role: Type.Enum(ROLES),
              start: DateString(),
              sources: Sources,
              note: Note,
            },
            { additionalProperties: false },
          ),
          response: { 201: ChangeResultSchema, 202: ChangeResultSchema, ...problems(400, 401, 403, 409) },
        },
      },
      async (req, reply) =>
        send(reply, await editing.propose(user(req), 'participation.add', null, null, req.body), true),
    );

    app.patch(
      '/api/v1/participation/:id',
      {
        validatorCompiler: strictBody,
        onRequest: onRecord('participation.correct'),
        schema: {
          tags,
          security,
          summary:
            'Correct a participation (start, end, end cause, note); the correction supersedes the record, which stays in its history',
          description: writeNote,
          params: Id(),
          headers: IfMatch,
          body: Type.Object(
            {
              start: Type.Optional(NString({ maxLength: 10 })),
              end: Type.Optional(NString({ maxLength: 10 })),
              endCause: Type.Optional(Type.Union([Type.Enum(END_CAUSES), Type.Null()])),
              note: Type.Optional(NString({ maxLength: 4000 })),
              sources: Sources,
            },
            { additionalProperties: false },
          ),
          response: { ...changed, ...problems(400, 401, 403, 404, 409, 412, 428) },
        },
      },
      async (req, reply) =>
        send(
          reply,
          await editing.propose(user(req), 'participation.correct', req.params.id, ifMatchVersion(req), req.body),
        ),
    );

    app.post(
      '/api/v1/participation/:id/end',
      {
        validatorCompiler: strictBody,
        onRequest: onRecord('participation.end'),
        schema: {
          tags,
          security,
          summary: 'End a participation (date, cause, source)',
          description: writeNote,
          params: Id(),
          headers: IfMatch,
          body: Type.Object(
            { end: DateString(), endCause: Type.Enum(END_CAUSES), sources: Sources, note: Note },
            { additionalProperties: false },
          ),
          response: { ...changed, ...problems(400, 401, 403, 404, 409, 412, 428) },
        },
      },
      async (req, reply) =>
        send(
          reply,
          await editing.propose(user(req), 'participation.end', req.params.id, ifMatchVersion(req), req.body),
        ),
    );

    app.post(
      '/api/v1/participation/:id/verification',
      {
        validatorCompiler: strictBody,
        onRequest: onRecord('participation.verify'),
        schema: {
          tags,
          security,
          summary: 'Confirm or dispute a participation of your country (country focal points); applied at once',
          params: Id(),
          headers: IfMatch,
          body: Type.Object(
            {
              state: Type.Enum(VERIFICATION_STATES),
              note: Type.Optional(Type.String({ maxLength: 4000, description: 'required for a dispute' })),
              sources: Type.Optional(Type.Array(Type.String({ maxLength: 2000 }), { maxItems: MAX_SOURCES })),
            },
            { additionalProperties: false },
          ),
          response: { 200: ChangeResultSchema, ...problems(400, 401, 403, 404, 409, 412, 428) },
        },
      },
      async (req, reply) =>
        send(
          reply,
          await editing.propose(user(req), 'participation.verify', req.params.id, ifMatchVersion(req), req.body),
        ),
    );

    app.patch(
      '/api/v1/mechanisms/:id',
      {
        validatorCompiler: strictBody,
        onRequest: onRecord('mechanism.update'),
        schema: {
          tags,
          security,
          summary: "Change a mechanism's profile fields",
          description: `${writeNote} Editable fields: ${MECHANISM_FIELDS.join(', ')}.`,
          params: Id(80),
          headers: IfMatch,
          body: Type.Object(
            {
              fields: Type.Object(
                Object.fromEntries(
                  MECHANISM_FIELDS.map((f) => [
                    f,
                    Type.Optional(NString({ maxLength: f === 'chair_since' ? 10 : 8000 })),
                  ]),
                ),
                { additionalProperties: false },
              ),
              sources: Sources,
              note: Note,
            },
            { additionalProperties: false },
          ),
          response: { ...changed, ...problems(400, 401, 403, 404, 409, 412, 428) },
        },
      },
      async (req, reply) =>
        send(reply, await editing.propose(user(req), 'mechanism.update', req.params.id, ifMatchVersion(req), req.body)),
    );

    app.post(
      '/api/v1/mechanisms/:id/status',
      {
        validatorCompiler: strictBody,
        onRequest: onRecord('mechanism.status'),
        schema: {
          tags,
          security,
          summary: "Record a change of a mechanism's status (active, dormant, concluded) from a date",
          description: `${writeNote} The current status period ends at that date; the status history keeps every period.`,
          params: Id(80),
          headers: IfMatch,
          body: Type.Object(
            { status: Type.Enum(STATUSES), since: DateString(), sources: Sources, note: Note },
            { additionalProperties: false },
          ),
          response: { ...changed, ...problems(400, 401, 403, 404, 409, 412, 428) },
        },
      },
      async (req, reply) =>
        send(reply, await editing.propose(user(req), 'mechanism.status', req.params.id, ifMatchVersion(req), req.body)),
    );

    app.post(
      '/api/v1/meetings',
      {
        validatorCompiler: strictBody,
        onRequest: signedIn,
        schema: {
          tags,
          security,
          summary: 'Add a meeting of a mechanism (or of a series), with its participants',
          description: 'Waits for review (202) unless you may also publish (201).',
          body: Type.Object(
            {
              mechanism: Type.Optional(Type.String({ maxLength: 80 })),
              series: Type.Optional(Type.String({ maxLength: 80 })),
              fields: MeetingFields,
              participants: Type.Optional(Type.Array(Participant, { maxItems: MAX_PARTICIPANTS })),
              agenda: Type.Optional(Agenda),
              documents: Type.Optional(Documents),
              sources: Sources,
              note: Note,
            },
            { additionalProperties: false },
          ),
          response: { 201: ChangeResultSchema, 202: ChangeResultSchema, ...problems(400, 401, 403, 409) },
        },
      },
      async (req, reply) => send(reply, await editing.propose(user(req), 'meeting.create', null, null, req.body), true),
    );

    app.patch(
      '/api/v1/meetings/:id',
      {
        validatorCompiler: strictBody,
        onRequest: onRecord('meeting.update'),
        schema: {
          tags,
          security,
          summary: 'Change a meeting: its fields and/or its whole list of participants',
          description: writeNote,
          params: Id(),
          headers: IfMatch,
          body: Type.Object(
            {
              fields: Type.Optional(MeetingFields),
              participants: Type.Optional(Type.Array(Participant, { maxItems: MAX_PARTICIPANTS })),
              agenda: Type.Optional(Agenda),
              documents: Type.Optional(Documents),
              sources: Sources,
              note: Note,
            },
            { additionalProperties: false },
          ),
          response: { ...changed, ...problems(400, 401, 403, 404, 409, 412, 428) },
        },
      },
      async (req, reply) =>
        send(reply, await editing.propose(user(req), 'meeting.update', req.params.id, ifMatchVersion(req), req.body)),
    );

    app.get(
      '/api/v1/changes',
      {
        onRequest: signedIn,
        schema: {
          tags,
          security,
          summary: 'Changes waiting for your review, each with what it would change',
          querystring: Type.Object({ ...pageQuery() }, { additionalProperties: false }),
          response: { 200: Type.Object({ ...pageFields, items: Type.Array(ChangeView) }), ...problems(401) },
        },
      },
      async (req, reply) => pageOf(req, reply, await editing.pending(user(req))),
    );

    app.get(
      '/api/v1/changes/mine',
      {
        onRequest: signedIn,
        schema: {
          tags,
          security,
          summary: "Your changes that wait for review or were returned (with the reviewer's comment)",
          querystring: Type.Object({ ...pageQuery() }, { additionalProperties: false }),
          response: { 200: Type.Object({ ...pageFields, items: Type.Array(ChangeView) }), ...problems(401) },
        },
      },
      async (req, reply) => pageOf(req, reply, await editing.mine(user(req))),
    );

    app.post(
      '/api/v1/changes/:id/publish',
      {
        onRequest: onChange('publish'),
        schema: {
          tags,
          security,
          summary: 'Publish a change (reviewers)',
          params: Id(40),
          response: { 200: ChangeResultSchema, ...problems(401, 403, 404, 409, 412) },
        },
      },
      async (req, reply) => send(reply, await editing.publish(user(req), req.params.id)),
    );

    app.post(
      '/api/v1/changes/:id/return',
      {
        validatorCompiler: strictBody,
        onRequest: onChange('return'),
        schema: {
          tags,
          security,
          summary: 'Return a change to its author with a comment (reviewers)',
          params: Id(40),
          body: Type.Object(
            { comment: Type.String({ minLength: 1, maxLength: 4000 }) },
            { additionalProperties: false },
          ),
          response: { 200: ChangeResultSchema, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (req) => editing.returnChange(user(req), req.params.id, req.body.comment),
    );

    app.get(
      '/api/v1/changes/:id',
      {
        onRequest: signedIn,
        schema: {
          tags,
          security,
          summary: 'One change with what it changes (its author, reviewers of its mechanism, administrators)',
          params: Id(40),
          response: { 200: ChangeView, ...problems(401, 403, 404) },
        },
      },
      async (req) => editing.changeFor(user(req), req.params.id),
    );

    app.post(
      '/api/v1/changes/:id/amend',
      {
        validatorCompiler: strictBody,
        onRequest: signedIn,
        schema: {
          tags,
          security,
          summary: 'Amend a returned change and resubmit it for review (its author)',
          description:
            "The body is the change's payload, as for the route that proposed it; it replaces the returned one. Send If-Match with the record's version when the change is to an existing record.",
          params: Id(40),
          headers: IfMatch,
          body: Type.Object({}, { additionalProperties: true }),
          response: { 202: ChangeResultSchema, ...problems(400, 401, 403, 404, 409, 412, 428) },
        },
      },
      async (req, reply) => send(reply, await editing.amend(user(req), req.params.id, ifMatchVersion(req), req.body)),
    );

    app.post(
      '/api/v1/changes/:id/revert',
      {
        onRequest: onChange('revert'),
        schema: {
          tags,
          security,
          summary:
            'Revert a published change (administrators): the record goes back to what it was, as a new published change',
          params: Id(40),
          response: { 200: ChangeResultSchema, ...problems(401, 403, 404, 409) },
        },
      },
      async (req, reply) => send(reply, await editing.revert(user(req), req.params.id)),
    );

    app.delete(
      '/api/v1/changes/:id',
      {
        onRequest: onChange('withdraw'),
        schema: {
          tags,
          security,
          summary: 'Withdraw a change that waits for review (its author, or an administrator)',
          params: Id(40),
          response: { 200: ChangeResultSchema, ...problems(401, 403, 404, 409) },
        },
      },
      async (req) => editing.withdraw(user(req), req.params.id),
    );

    for (const [path, type] of [
      ['participation', 'participation'],
      ['mechanisms', 'mechanism'],
      ['meetings', 'meeting'],
    ] as const) {
      app.get(
        `/api/v1/${path}/:id/history`,
        {
          schema: {
            tags: [type === 'meeting' ? 'meetings' : 'registry'],
            summary: `The published changes of a ${type}: what each changed, who proposed and published it, its sources`,
            params: Id(),
            querystring: Type.Object({}, { additionalProperties: false }),
            response: { 200: History, ...problems(404) },
          },
        },
        async (req) => editing.history(type, req.params.id),
      );
    }
  };
