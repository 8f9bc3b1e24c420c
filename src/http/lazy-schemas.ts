/**
 * Fastify's own schema compilers (Ajv for requests, fast-json-stringify for responses), each route's functions
 * compiled on the route's first request instead of at start-up. Compiling every route's schemas took about a
 * fifth of the start's CPU (issue 10, warm start ≤ 1.5 s); a server answers its first requests on a few routes
 * only. The compiled functions are the same ones Fastify would build: validation, coercion, defaults and
 * serialisation do not change; a schema that cannot compile fails its route's first request (a 500) instead of
 * the start — the tests request every route.
 *
 * Passing compilersFactory makes Fastify treat the validator as custom, which changes one thing: it no longer
 * lowercases the property names of a `headers` schema. Routes with a headers schema here use strictBody (a
 * route-level compiler, custom already), so nothing changes for them; a new one names its headers in lowercase.
 */
import AjvCompiler from '@fastify/ajv-compiler';
import SerializerSelector from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

type ValidateFn = ((data: unknown, ctx?: unknown) => unknown) & { errors?: unknown; schemaEnv?: unknown };

/** A validator that compiles on its first call; `errors` and Ajv's `schemaEnv` are the compiled one's. */
function lazyValidator(compile: () => ValidateFn): ValidateFn {
  let real: ValidateFn | undefined;
  const get = () => (real ??= compile());
  const fn = ((data: unknown, ctx?: unknown) => (ctx === undefined ? get()(data) : get()(data, ctx))) as ValidateFn;
  Object.defineProperty(fn, 'errors', { get: () => get().errors, set: (v: unknown) => (get().errors = v) });
  // Fastify passes the parent object (so Ajv can coerce a root value) only to functions that have a schemaEnv.
  Object.defineProperty(fn, 'schemaEnv', { get: () => get().schemaEnv });
  return fn;
}

export function lazyCompilers(): NonNullable<FastifyServerOptions['schemaController']>['compilersFactory'] {
  const buildValidator = AjvCompiler();
  const buildSerializer = SerializerSelector();
  return {
    buildValidator: (externalSchemas, ajvOptions) => {
      const compiler = buildValidator(externalSchemas, ajvOptions);
      return (route) => lazyValidator(() => compiler(route) as unknown as ValidateFn) as never;
    },
    buildSerializer: (externalSchemas, serializerOptions) => {
      const compiler = buildSerializer(externalSchemas, serializerOptions);
      return (route) => {
        let real: ((doc: unknown) => string) | undefined;
        return (doc: unknown) => (real ??= compiler(route))(doc);
      };
    },
  };
}
