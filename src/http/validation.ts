/**
 * Input hygiene for JSON write routes. The application's Ajv coerces types (querystrings are all
 * text: `limit=20` must become 20); a JSON body must not be coerced (`"label": 123` is a 400, not
 * "123"). Routes with a body use `strictBody`: TypeBox's own compiler, which never coerces and
 * reports errors as Ajv does (problem.ts names the field). `jsonOnly` refuses a body that is not
 * `application/json` with a 415.
 */
import type { FastifyRequest, FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import { createRequire } from 'node:module';
import type { TSchema } from 'typebox';
import type { Validator } from 'typebox/compile';
import { sendProblem } from './problem.js';

/**
 * TypeBox's compiler, loaded (require of an ES module, synchronous on Node 20.19+) and run on a write route's first
 * request: its modules are a third of TypeBox's, and a warm start answers before any write.
 */
const compile = (schema: TSchema): Validator =>
  (createRequire(import.meta.url)('typebox/compile') as typeof import('typebox/compile')).Compile(schema);

/** A route-level validatorCompiler: strict for the body, params and headers (no querystring on these routes). */
export const strictBody: FastifySchemaCompiler<TSchema> = ({ schema, httpPart, url }) => {
  if (httpPart === 'querystring')
    throw new Error(`${url}: strictBody is for write routes; a querystring needs the coercing validator`);
  let compiled: Validator | undefined;
  const validate = (data: unknown) => {
    compiled ??= compile(schema);
    if (compiled.Check(data)) return true;
    validate.errors = [...compiled.Errors(data)];
    return false;
  };
  const none: FastifySchemaValidationError[] = [];
  validate.errors = none;
  return validate;
};

/** preValidation hook: a route with a body schema takes `application/json` only (415 otherwise). */
export async function jsonOnly(req: FastifyRequest, reply: Parameters<typeof sendProblem>[0]) {
  if (!req.routeOptions.schema?.body) return;
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  if (type !== 'application/json') {
    return sendProblem(reply, req, 415, `send the body as application/json${type ? `, not ${type}` : ''}`, [
      { name: 'Content-Type', in: 'header', message: 'must be application/json' },
    ]);
  }
}
