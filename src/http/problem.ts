/** RFC 9457 problem details, and the mapping of every error this API raises to one. */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { BadParameter, Moved, NotFound } from '../registry/service.js';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  errors?: { name: string; in: string; message: string }[];
}

const TITLES: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 412: 'Precondition Failed', 428: 'Precondition Required', 429: 'Too Many Requests', 405: 'Method Not Allowed', 406: 'Not Acceptable', 500: 'Internal Server Error' };

export function sendProblem(reply: FastifyReply, req: FastifyRequest, status: number, detail: string, errors?: ProblemBody['errors']): FastifyReply {
  const body: ProblemBody = { type: `https://iscm-hub.org/problems/${status}`, title: TITLES[status] ?? 'Error', status, detail, instance: req.url };
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

interface AjvError { instancePath: string; keyword: string; message?: string; params: Record<string, unknown> }

/** Turn Ajv's errors into named parameters: "asOf must match pattern …", "unknown parameter foo". */
function validationErrors(err: FastifyError): ProblemBody['errors'] {
  const where = (err.validationContext ?? 'querystring') === 'params' ? 'path' : err.validationContext === 'body' ? 'body' : 'query';
  const out: NonNullable<ProblemBody['errors']> = [];
  for (const e of (err.validation ?? []) as AjvError[]) {
    if (e.keyword === 'additionalProperties') {
      const name = String(e.params.additionalProperty);
      out.push({ name, in: where, message: `unknown parameter "${name}"` });
      continue;
    }
    const name = e.instancePath.replace(/^\//, '').replaceAll('/', '.') || (typeof e.params.missingProperty === 'string' ? e.params.missingProperty : '-');
    const allowed = Array.isArray(e.params.allowedValues) ? `: one of ${(e.params.allowedValues as unknown[]).join(', ')}` : '';
    out.push({ name, in: where, message: `${name} ${e.message ?? 'is invalid'}${allowed}` });
  }
  return out;
}

export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof Moved) return reply.code(301).header('location', movedLocation(req.url, err.canonical)).send();
  if (err instanceof NotFound) return sendProblem(reply, req, 404, err.message);
  if (err instanceof BadParameter) return sendProblem(reply, req, 400, err.message, [{ name: err.parameter, in: 'query', message: err.message }]);
  if (err.validation) {
    const errors = validationErrors(err);
    return sendProblem(reply, req, 400, errors?.map((e) => e.message).join('; ') ?? err.message, errors);
  }
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return sendProblem(reply, req, err.statusCode, err.message);
  req.log.error({ err }, 'unhandled error');
  return sendProblem(reply, req, 500, 'An unexpected error occurred; it has been logged.');
}
