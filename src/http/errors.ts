/**
 * The error catalogue: every error a feature raises on purpose is one of these classes. Each has an HTTP
 * status and a stable `code` (what a client may branch on; the message may change), and optionally the
 * field at fault and where it was sent. One handler turns them into problem+json (http/problem.ts) and
 * one into pages (web/errors.tsx). A feature may subclass one (AccountError) but adds no new status.
 */

/** Where a field at fault was sent, as problem bodies name it (`errors[].in`). */
export type FieldPlace = 'query' | 'body' | 'header' | 'path';

/** A page's own wording of an error: a catalogue key and what it names (a page resolves the names it knows). */
export interface MessageKey {
  key: string;
  scope?: Record<string, string | null | undefined>;
}

export abstract class HttpError extends Error {
  abstract readonly statusCode: number;
  abstract readonly code: string;
  /** For pages: the sentence in the reader's language (the `message` stays the API's English). */
  i18n?: MessageKey;
  constructor(
    message: string,
    /** The parameter, form field or header at fault, when there is one. */
    readonly field?: string,
    /** Where it was sent; default: the query of an API GET, the header for If-Match, else the body. */
    readonly place?: FieldPlace,
  ) {
    super(message);
  }
}

/** A resource that does not exist: `mechanism "X" not found`. */
export class NotFound extends HttpError {
  readonly statusCode = 404;
  readonly code = 'not_found';
  readonly what: string;
  readonly id: string;
  constructor(what: string, id: string, message?: string, field?: string) {
    super(message ?? `${what} "${id}" not found`, field);
    this.what = what;
    this.id = id;
  }
  /** A 404 told in its own words (`no such meeting`), naming the field at fault when there is one. */
  static because(message: string, field?: string): NotFound {
    return new NotFound('', '', message, field);
  }
}

/** A request value that is well-formed but names nothing that exists, or is out of bounds (a query filter). */
export class BadParameter extends HttpError {
  readonly statusCode = 400;
  readonly code = 'bad_parameter';
  readonly parameter: string;
  constructor(parameter: string, message: string, place: FieldPlace = 'query') {
    super(message, parameter, place);
    this.parameter = parameter;
  }
}

/** Input that breaks a rule of the feature (a write's body, a form): 400 naming the field when known. */
export class ValidationError extends HttpError {
  readonly statusCode = 400;
  readonly code: string = 'invalid';
}

/** The id asked for was renamed or merged: 301 to the canonical one. */
export class Moved extends HttpError {
  readonly statusCode = 301;
  readonly code = 'moved';
  constructor(readonly canonical: string) {
    super(`moved to ${canonical}`);
  }
}

export class Unauthenticated extends HttpError {
  readonly statusCode = 401;
  readonly code = 'unauthenticated';
}

export class Forbidden extends HttpError {
  readonly statusCode = 403;
  readonly code = 'forbidden';
}

/** Asked for a record in a state that refuses it (a duplicate, a change that is not the latest). */
export class Conflict extends HttpError {
  readonly statusCode = 409;
  readonly code = 'conflict';
}

/** If-Match names a version that is no longer current. */
export class PreconditionFailed extends HttpError {
  readonly statusCode = 412;
  readonly code = 'precondition_failed';
}

/** A write without If-Match. */
export class PreconditionRequired extends HttpError {
  readonly statusCode = 428;
  readonly code = 'precondition_required';
}

export class UnsupportedMediaType extends HttpError {
  readonly statusCode = 415;
  readonly code = 'unsupported_media_type';
}

/** A request body or an uploaded file over its size limit. */
export class PayloadTooLarge extends HttpError {
  readonly statusCode = 413;
  readonly code = 'payload_too_large';
}

export class TooManyRequests extends HttpError {
  readonly statusCode = 429;
  readonly code = 'too_many_requests';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** The stable code of a status that reached the handler without a catalogue class (Fastify's own errors). */
export const CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  412: 'precondition_failed',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  428: 'precondition_required',
  429: 'too_many_requests',
  500: 'internal',
  503: 'unavailable',
};
