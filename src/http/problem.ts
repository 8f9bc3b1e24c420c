/** RFC 9457 problem details, and the mapping of every error this API raises to one. */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { CODES, HttpError, Moved, TooManyRequests } from './errors.js';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  /** Stable: what a client may branch on (see http/errors.ts). */
  code: string;
  detail: string;
  instance: string;
  errors?: { name: string; in: string; message: string }[];
}

/** The schema every route's error responses refer to (`Type.Ref('Problem')`). */
export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String({ description: 'A stable code for the kind of problem (not_found, bad_parameter, conflict…)' }),
    detail: Type.String(),
    instance: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ name: Type.String(), in: Type.String(), message: Type.String() }))),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details' },
);

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  500: 'Internal Server Error',
};

export function sendProblem(
  reply: FastifyReply,
  req: FastifyRequest,
  status: number,
  detail: string,
  errors?: ProblemBody['errors'],
  code: string = CODES[status] ?? 'error',
): FastifyReply {
  const body: ProblemBody = {
    type: `https://iscm-hub.org/problems/${status}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    detail,
    instance: req.url,
  };
  if (errors) body.errors = errors;
  return reply.code(status).type('application/problem+json').send(body);
}

/**
 * Where a moved id lives: the request's URL with its last segment replaced by the canonical id, without
 * a trailing slash (so `/fr/countries/sen/` goes to `/fr/countries/SEN` in one hop), the query kept.
 */
export function movedLocation(url: string, canonical: string): string {
  const at = url.indexOf('?');
  const path = (at < 0 ? url : url.slice(0, at)).replace(/\/+$/, '');
  return `${path.replace(/[^/]*$/, encodeURIComponent(canonical))}${at < 0 ? '' : url.slice(at)}`;
}

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/**
 * Turn validation errors (Ajv's, or TypeBox's in the same shape) into named parameters: "asOf must
 * match pattern …", "unknown parameter foo". A union's branch errors are left out when the union's
 * own error names the field.
 */
function validationErrors(err: FastifyError): ProblemBody['errors'] {
  const where =
    (err.validationContext ?? 'querystring') === 'params'
      ? 'path'
      : err.validationContext === 'body'
        ? 'body'
        : err.validationContext === 'headers'
          ? 'header'
          : 'query';
  const out: NonNullable<ProblemBody['errors']> = [];
  const errors = (err.validation ?? []) as (AjvError & { schemaPath?: string })[];
  const unions = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const seen = new Set<string>();
  const push = (name: string, message: string) => {
    if (seen.has(`${name}|${message}`)) return;
    seen.add(`${name}|${message}`);
    out.push({ name, in: where, message });
  };
  for (const e of errors) {
    if (e.keyword === 'boolean' && e.schemaPath?.endsWith('/additionalProperties')) continue;
    if (e.keyword !== 'anyOf' && unions.has(e.instancePath) && e.schemaPath?.includes('/anyOf/')) continue;
    if (e.keyword === 'additionalProperties') {
      const names = Array.isArray(e.params.additionalProperties)
        ? (e.params.additionalProperties as string[])
        : [String(e.params.additionalProperty)];
      const at = e.instancePath.replace(/^\//, '').replaceAll('/', '.');
      for (const n of names) push(at ? `${at}.${n}` : n, `unknown parameter "${at ? `${at}.${n}` : n}"`);
      continue;
    }
    const at = e.instancePath.replace(/^\//, '').replaceAll('/', '.');
    if (e.keyword === 'required') {
      const missing = Array.isArray(e.params.requiredProperties)
        ? (e.params.requiredProperties as string[])
        : [String(e.params.missingProperty)];
      for (const m of missing) push(at ? `${at}.${m}` : m, `${at ? `${at}.${m}` : m} is required`);
      continue;
    }
    const name = at || '-';
    if (e.keyword === 'pattern' && e.params.pattern === ONE_LINE) {
      push(name, `${name} must be one line, without control characters (no line breaks, tabs or NUL)`);
      continue;
    }
    const allowed = Array.isArray(e.params.allowedValues)
      ? `: one of ${(e.params.allowedValues as unknown[]).join(', ')}`
      : '';
    push(
      name,
      `${name} ${e.keyword === 'anyOf' ? 'has the wrong type or value' : (e.message ?? 'is invalid')}${allowed}`,
    );
  }
  return out;
}

/** The pattern of a one-line field in a JSON schema: no C0 control character, DEL, or line separator. */
export const ONE_LINE = '^[^\\u0000-\\u001f\\u007f\\u2028\\u2029]*$';

/**
 * A path parameter that reaches a store: one line (a NUL once reached PostgreSQL and answered 500) and bounded, so
 * a bad one is a 400 naming the parameter. Routes whose parameters reach the database use it.
 */
export const PathKey = (maxLength: number, description?: string) =>
  Type.String({ maxLength, pattern: ONE_LINE, ...(description ? { description } : {}) });

/** Where a catalogue error's field was sent when the error does not say: If-Match is a header, an API GET's is the query. */
function placeOf(err: HttpError, req: FastifyRequest): string {
  if (err.place) return err.place;
  if (err.field === 'If-Match') return 'header';
  return req.url.startsWith('/api/') && req.method === 'GET' ? 'query' : 'body';
}

export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof Moved) return reply.code(301).header('location', movedLocation(req.url, err.canonical)).send();
  if (err instanceof HttpError) {
    if (err instanceof TooManyRequests) reply.header('retry-after', String(err.retryAfterSeconds));
    const errors = err.field ? [{ name: err.field, in: placeOf(err, req), message: err.message }] : undefined;
    return sendProblem(reply, req, err.statusCode, err.message, errors, err.code);
  }
  if (err.validation) {
    const errors = validationErrors(err) ?? [];
    const part = err.validationContext ?? 'request';
    if (errors.length === 0)
      errors.push({
        name: part,
        in: part === 'params' ? 'path' : part,
        message: err.message || `the ${part} is invalid`,
      });
    return sendProblem(reply, req, 400, errors.map((e) => e.message).join('; '), errors);
  }
  // The body could not be parsed (not JSON, empty JSON body, …): the field at fault is the body itself —
  // unless no route matched, which is a 404 whatever the body (the not-found handler's body is parsed too).
  if (err.code?.startsWith('FST_ERR_CTP_') && req.routeOptions.url === undefined) {
    return sendProblem(reply, req, 404, `no route for ${req.method} ${req.url.split('?')[0]}`);
  }
  if (err.code?.startsWith('FST_ERR_CTP_') && err.statusCode === 400) {
    return sendProblem(reply, req, 400, err.message, [{ name: 'body', in: 'body', message: err.message }]);
  }
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)
    return sendProblem(reply, req, err.statusCode, err.message);
  req.log.error({ err }, 'unhandled error');
  return sendProblem(reply, req, 500, 'An unexpected error occurred; it has been logged.');
}
