/**
 * The one loader of the reference dataset: read every part's files, validate every part (in order: a part
 * sees the ids the parts before it published), and only when nothing is wrong anywhere apply every part in
 * one transaction. Used by `iscm load`, `iscm check`, start-up and the tests, through src/app.ts, which
 * hands it the features' parts. It knows no feature.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Kysely, Transaction } from 'kysely';
import type { TSchema } from 'typebox';
import type { DB } from '../db/schema.js';
import {
  REFERENCE_DIR,
  ReferenceError,
  type AnyPart,
  type DatasetOf,
  type LoadProblem,
  type LoadSummaryOf,
  type ReferenceInput,
} from './part.js';

/**
 * TypeBox's Value, loaded the first time a dataset is validated (require of an ES module, synchronous on Node
 * 20.19+): a warm start, which only hashes the files, does not spend its time importing it.
 */
const loadValue = () => createRequire(import.meta.url)('typebox/value') as typeof import('typebox/value');

/**
 * A schema's compiled check (TypeBox's compiler, once per schema): a dataset at a hundred times the bundled one
 * (bench/scale.ts) spent minutes in Value.Errors walking 100,000 valid records. Valid records are now checked by
 * the compiled function, and only an invalid one is walked by Value.Errors (the same problems as before).
 */
function compiledChecks(): (schema: TSchema, value: unknown) => boolean {
  const { Compile } = createRequire(import.meta.url)('typebox/compile') as typeof import('typebox/compile');
  const compiled = new WeakMap<TSchema, ReturnType<typeof Compile>>();
  return (schema, value) => {
    let v = compiled.get(schema);
    if (!v) compiled.set(schema, (v = Compile(schema)));
    return v.Check(value);
  };
}

interface ReadFile {
  part: string;
  key: string;
  file: string;
  text: string | null;
  error: unknown;
}

/**
 * Every file of the dataset in digest order (the parts' order, each part's files in its order): a required
 * file with its text or why it cannot be read, an optional one only when present.
 */
export function datasetFiles(parts: readonly AnyPart[], dir: string = REFERENCE_DIR): ReadFile[] {
  const out: ReadFile[] = [];
  for (const part of parts) {
    for (const { key, file, optional } of part.files) {
      const path = join(dir, file);
      if (optional && !existsSync(path)) continue;
      try {
        out.push({ part: part.name, key, file, text: readFileSync(path, 'utf8'), error: null });
      } catch (error) {
        out.push({ part: part.name, key, file, text: null, error });
      }
    }
  }
  return out;
}

/**
 * The digest checkReference computes, from the bytes alone (no parsing, no validation): start-up compares it
 * with the last load's digest. null when a file cannot be read (a full load reports why).
 */
export function referenceDigest(parts: readonly AnyPart[], dir: string = REFERENCE_DIR): string | null {
  const hash = createHash('sha256');
  for (const { file, text } of datasetFiles(parts, dir)) {
    if (text === null) return null;
    hash.update(file).update('\0').update(text).update('\0');
  }
  return hash.digest('hex');
}

/** Validate without writing; throws ReferenceError listing every problem of every part. */
export function checkParts<const P extends readonly AnyPart[]>(parts: P, dir: string = REFERENCE_DIR): DatasetOf<P> {
  const problems: LoadProblem[] = [];
  const hash = createHash('sha256');
  const parsed = new Map<string, Record<string, unknown>>(parts.map((p) => [p.name, {}]));
  for (const { part, key, file, text, error } of datasetFiles(parts, dir)) {
    try {
      if (text === null) throw error;
      hash.update(file).update('\0').update(text).update('\0');
      parsed.get(part)![key] = JSON.parse(text) as unknown;
    } catch (err) {
      problems.push({ file, record: '-', field: '-', message: err instanceof Error ? err.message : String(err) });
    }
  }
  const { default: Value } = loadValue();
  const check = compiledChecks();
  const ids = new Map<string, Set<string>>();
  const data: Record<string, unknown> = { digest: hash.digest('hex') };
  let complete = true;
  for (const part of parts) {
    const input: ReferenceInput = {
      files: parsed.get(part.name)!,
      ids: (kind) => ids.get(kind) ?? new Set(),
      errors: (schema, value) => (check(schema, value) ? [] : Value.Errors(schema, value)),
    };
    const r = part.validate(input);
    problems.push(...r.problems);
    for (const [kind, list] of Object.entries(r.ids ?? {})) {
      const set = ids.get(kind) ?? new Set<string>();
      for (const id of list) set.add(id);
      ids.set(kind, set);
    }
    if (r.data === null) complete = false;
    data[part.name] = r.data;
  }
  if (problems.length || !complete) throw new ReferenceError(problems);
  return data as DatasetOf<P>;
}

/** Validate everything, then apply every part in one transaction; a load that changed anything is recorded. */
export async function loadParts<const P extends readonly AnyPart[]>(
  db: Kysely<DB>,
  parts: P,
  dir: string = REFERENCE_DIR,
): Promise<LoadSummaryOf<P>> {
  const dataset = checkParts(parts, dir) as Record<string, unknown> & { digest: string };
  const now = new Date().toISOString();
  return db.transaction().execute(async (tx) => {
    const summary: Record<string, unknown> & { changed: boolean } = { changed: false };
    for (const part of parts) {
      const s = (await part.apply(tx, dataset[part.name], now)) as { changed: boolean };
      summary[part.name] = s;
      summary.changed ||= s.changed;
    }
    if (summary.changed) await recordLoad(tx, dataset.digest, now, summary);
    return summary as LoadSummaryOf<P>;
  });
}

export type StartupLoad<P extends readonly AnyPart[]> =
  { validated: false; digest: string } | { validated: true; digest: string; summary: LoadSummaryOf<P> };

/**
 * Start-up: hash the bundled files' bytes (milliseconds) and compare with the last load's digest. Only when
 * they differ, or a part says the database does not hold its data, is the dataset validated and loaded
 * (idempotent). An unchanged dataset is not parsed or validated again.
 */
export async function loadPartsOnStart<const P extends readonly AnyPart[]>(
  db: Kysely<DB>,
  parts: P,
  dir: string = REFERENCE_DIR,
): Promise<StartupLoad<P>> {
  const digest = referenceDigest(parts, dir);
  if (digest !== null && (await lastLoadedDigest(db)) === digest) {
    const present = await Promise.all(parts.map((p) => (p.present ? p.present(db) : Promise.resolve(true))));
    if (present.every(Boolean)) return { validated: false, digest };
  }
  const summary = await loadParts(db, parts, dir);
  const loaded = (await lastLoadedDigest(db)) ?? '';
  if (!summary.changed && digest !== null && loaded !== digest) {
    // Same facts in different bytes (say, reformatted files): remember these bytes, so the next
    // start does not validate them again.
    await db.transaction().execute((tx) => recordLoad(tx, digest, new Date().toISOString(), summary));
  }
  return { validated: true, digest: digest ?? loaded, summary };
}

/** Remember a load (dataset_load): its digest and summary. */
export async function recordLoad(tx: Transaction<DB>, digest: string, now: string, summary: object): Promise<void> {
  await tx
    .insertInto('dataset_load')
    .values({ id: randomUUID(), loaded_at: now, digest, summary: JSON.stringify(summary) })
    .execute();
}

/** The digest of the last load, null when nothing was ever loaded. */
export async function lastLoadedDigest(db: Kysely<DB>): Promise<string | null> {
  const row = await db
    .selectFrom('dataset_load')
    .select('digest')
    .orderBy('loaded_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.digest ?? null;
}
