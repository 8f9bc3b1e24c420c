/** Read → validate → write the reference dataset. Shared by the command line and start-up. */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { allCountries } from './countries.js';
import { readReference, REFERENCE_DIR, referenceDigest, ReferenceError, validateReference, type Dataset } from './reference.js';
import { applyMeetings, type MeetingsLoadSummary } from '../meetings/store.js';
import { applyReference, applyReported, countMechanisms, lastLoadedDigest, recordLoad, type LoadSummary } from './store.js';

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

export type StartupLoad =
  | { validated: false; digest: string }
  | { validated: true; digest: string; summary: Awaited<ReturnType<typeof loadReference>> };

/**
 * Start-up: hash the bundled files' bytes (milliseconds) and compare with the last load's digest.
 * Only when they differ, or the database holds no mechanism, is the dataset validated and loaded
 * (idempotent). An unchanged dataset is not parsed or validated again.
 */
export async function loadOnStart(db: Kysely<DB>, dir: string = REFERENCE_DIR): Promise<StartupLoad> {
  const digest = referenceDigest(dir);
  if (digest !== null && await countMechanisms(db) > 0 && await lastLoadedDigest(db) === digest) {
    return { validated: false, digest };
  }
  const summary = await loadReference(db, dir);
  const loaded = (await lastLoadedDigest(db)) ?? '';
  if (!summary.changed && digest !== null && loaded !== digest) {
    // Same facts in different bytes (say, reformatted files): remember these bytes, so the next
    // start does not validate them again.
    await db.transaction().execute((tx) => recordLoad(tx, digest, new Date().toISOString(), summary));
  }
  return { validated: true, digest: digest ?? loaded, summary };
}
