/**
 * Reference data as its own part (issue 11): the bundled dataset (data/reference/, format in FORMAT.md) is
 * the files of several features — the registry's, the meetings', the documents'… Each feature exports one
 * ReferencePart per group of files it owns: the files, how to validate them, how to write them. The loader
 * (./load.ts) knows no feature: the composition root (src/app.ts) hands it the parts in order, and it reads
 * every file, validates every part, and only when nothing is wrong anywhere applies every part in one
 * transaction.
 */
import type { Kysely, Transaction } from 'kysely';
import type { TSchema } from 'typebox';
import type { DB } from '../db/schema.js';

/** One problem of the dataset, naming the file, the record and the field. */
export interface LoadProblem {
  file: string;
  record: string;
  field: string;
  message: string;
}

export class ReferenceError extends Error {
  constructor(readonly problems: LoadProblem[]) {
    super(
      `reference data rejected (${problems.length} problem${problems.length === 1 ? '' : 's'}); nothing was written:\n` +
        problems
          .slice(0, 50)
          .map((p) => `  ${p.file} › ${p.record} › ${p.field}: ${p.message}`)
          .join('\n') +
        (problems.length > 50 ? `\n  … and ${problems.length - 50} more` : ''),
    );
  }
}

/** The bundled dataset. */
export const REFERENCE_DIR = new URL('../../data/reference/', import.meta.url).pathname;

/** A file of a part: `key` names it in ReferenceInput.files; an optional file may be absent (then undefined). */
export interface ReferenceFile {
  key: string;
  file: string;
  optional?: boolean;
}

/** One schema error, as TypeBox's Value.Errors reports it. */
export interface SchemaError {
  keyword: string;
  instancePath: string;
  message: string;
  params: unknown;
}

/** What a part's validate() is given. */
export interface ReferenceInput {
  /**
   * Each of the part's files as parsed JSON, by key. undefined when an optional file is absent, or when a
   * file could not be read or parsed (the loader has reported that problem already).
   */
  files: Readonly<Record<string, unknown>>;
  /**
   * The ids the parts before this one published, by kind ('source', 'mechanism', 'organization', 'country',
   * 'meeting', …): a part checks its references by kind and never imports another feature. Empty when none.
   */
  ids: (kind: string) => ReadonlySet<string>;
  /** TypeBox's Value.Errors, loaded only when a dataset is validated (a warm start does not import it). */
  errors: (schema: TSchema, value: unknown) => Iterable<SchemaError>;
}

export interface Validated<T> {
  /** The typed data; null (or any problem) stops the load. */
  data: T | null;
  problems: LoadProblem[];
  /** The ids this part holds, by kind, for the parts after it (even when it has problems: they report theirs too). */
  ids?: Readonly<Record<string, Iterable<string>>>;
}

/**
 * A feature's part of the reference dataset. validate() is pure (no I/O); apply() writes in the loader's
 * transaction, leaves unchanged rows alone (loading the same files twice changes nothing) and says whether
 * anything changed. The summary it returns is the part's entry in the load summary.
 */
export interface ReferencePart<
  T = unknown,
  S extends { changed: boolean } = { changed: boolean },
  N extends string = string,
> {
  name: N;
  files: readonly ReferenceFile[];
  validate(input: ReferenceInput): Validated<T>;
  apply(trx: Transaction<DB>, data: T, now: string): Promise<S>;
  /** Whether the database holds this part's data at all; when one says no, start-up loads even an unchanged dataset. */
  present?(db: Kysely<DB>): Promise<boolean>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list of parts of different types
export type AnyPart = ReferencePart<any, any>;

/** The validated dataset of a list of parts: each part's data under its name, and the files' digest. */
export type DatasetOf<P extends readonly AnyPart[]> = {
  [K in P[number] as K['name']]: K extends ReferencePart<infer T, infer _S> ? T : never;
} & { digest: string };

/** The load summary of a list of parts: each part's summary under its name, and whether any changed. */
export type LoadSummaryOf<P extends readonly AnyPart[]> = {
  [K in P[number] as K['name']]: K extends ReferencePart<infer _T, infer S> ? S : never;
} & { changed: boolean };

/**
 * The problems of one record against its schema, one per field (the most specific: TypeBox also reports each
 * enclosing anyOf), each naming the record. Shared by the parts that check records one by one.
 */
export function schemaProblems(
  input: Pick<ReferenceInput, 'errors'>,
  schema: TSchema,
  file: string,
  record: string,
  value: unknown,
): LoadProblem[] {
  const out: LoadProblem[] = [];
  const seen = new Set<string>();
  for (const e of input.errors(schema, value)) {
    if (e.keyword === 'anyOf' || e.keyword === 'boolean') continue;
    const field = e.instancePath.replace(/^\//, '').replaceAll('/', '.') || '-';
    if (seen.has(field)) continue;
    seen.add(field);
    const extra =
      e.keyword === 'additionalProperties'
        ? `: ${JSON.stringify((e.params as { additionalProperties?: unknown }).additionalProperties)}`
        : '';
    out.push({ file, record, field, message: e.message + extra });
  }
  return out;
}

/** A record's id for a problem report: its `id` when it has one, else its place in the file (`#3`). */
export function recordId(rec: unknown, i: number): string {
  return typeof rec === 'object' && rec !== null && typeof (rec as { id?: unknown }).id === 'string'
    ? (rec as { id: string }).id
    : `#${i}`;
}
