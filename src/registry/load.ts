/** Read → validate → write the reference dataset. Shared by the command line and start-up. */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { allCountries } from './countries.js';
import { readReference, REFERENCE_DIR, ReferenceError, validateReference, type Dataset } from './reference.js';
import { applyReference, type LoadSummary } from './store.js';

/** Validate without writing; throws ReferenceError listing every problem. */
export function checkReference(dir: string = REFERENCE_DIR): Dataset {
  const { raw, digest, problems } = readReference(dir);
  const codes = new Set(allCountries().map((c) => c.code));
  const { dataset, problems: all } = validateReference(raw, digest, codes, problems);
  if (!dataset) throw new ReferenceError(all);
  return dataset;
}

export async function loadReference(db: Kysely<DB>, dir: string = REFERENCE_DIR): Promise<LoadSummary> {
  const dataset = checkReference(dir);
  return applyReference(db, dataset, allCountries());
}
