/** Read → validate → write the reference dataset. Shared by the command line and start-up. */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { allCountries } from './countries.js';
import { readReference, REFERENCE_DIR, ReferenceError, validateReference, type Dataset } from './reference.js';
import { applyMeetings, type MeetingsLoadSummary } from '../meetings/store.js';
import { applyReference, applyReported, recordLoad, type LoadSummary } from './store.js';

/** Validate without writing; throws ReferenceError listing every problem. */
export function checkReference(dir: string = REFERENCE_DIR): Dataset {
  const { raw, digest, problems } = readReference(dir);
  const codes = new Set(allCountries().map((c) => c.code));
  const { dataset, problems: all } = validateReference(raw, digest, codes, problems);
  if (!dataset) throw new ReferenceError(all);
  return dataset;
}

/**
 * Validate everything, then write the registry and the meetings in one transaction. This module
 * orchestrates the features' own store functions; it holds no SQL of its own.
 */
export async function loadReference(db: Kysely<DB>, dir: string = REFERENCE_DIR): Promise<LoadSummary & { meetings: MeetingsLoadSummary; reportedReplaced: boolean }> {
  const dataset = checkReference(dir);
  const now = new Date().toISOString();
  return db.transaction().execute(async (tx) => {
    const registry = await applyReference(tx, dataset, allCountries(), now);
    const meetings = await applyMeetings(tx, dataset.meetings, now);
    const reported = await applyReported(tx, dataset);
    const summary = { ...registry, meetings, reportedReplaced: reported, changed: registry.changed || meetings.changed || reported };
    if (summary.changed) await recordLoad(tx, dataset.digest, now, summary);
    return summary;
  });
}
