/**
 * Part of the composition root (src/app.ts re-exports it): every feature's part of the reference dataset, in one
 * list. It is a module of its own so that what only loads or checks the dataset — `iscm load`, `iscm check`, and
 * `serve`'s start-up load in the primary process — imports the features' reference parts and nothing else of them
 * (not their routes, pages and services: src/main.ts imports src/app.ts only for the commands that need it).
 */
import type { Kysely } from 'kysely';
import type { DB } from './db/schema.js';
import { documentsReference } from './documents/reference.js';
import { commitmentsReference } from './impact/commitments/reference.js';
import { impactReference } from './impact/reference.js';
import { meetingsReference } from './meetings/reference.js';
import { checkParts, loadParts, loadPartsOnStart, referenceDigest } from './reference/load.js';
import { REFERENCE_DIR } from './reference/part.js';
import { registryReference, reportedReference } from './registry/reference.js';

/**
 * Every feature's part of the reference dataset (src/reference/part.ts), in load order: a part checks its
 * references against the ids the parts before it publish (meetings cite the registry's sources, documents cite
 * meetings). `iscm load`, `iscm check`, start-up and the tests load them all, in one transaction.
 */
export const REFERENCE_PARTS = [
  registryReference,
  meetingsReference,
  reportedReference,
  documentsReference,
  impactReference,
  commitmentsReference,
] as const;

/** Validate the dataset in `dir` (default the bundled one) without writing; throws ReferenceError naming every problem. */
export const checkReference = (dir: string = REFERENCE_DIR) => checkParts(REFERENCE_PARTS, dir);
/** Validate, then write every part in one transaction (loading the same files twice changes nothing). */
export const loadReference = (db: Kysely<DB>, dir: string = REFERENCE_DIR) => loadParts(db, REFERENCE_PARTS, dir);
/** Start-up: load only when the files' digest is not the last load's (or a part's data is missing). */
export const loadOnStart = (db: Kysely<DB>, dir: string = REFERENCE_DIR) => loadPartsOnStart(db, REFERENCE_PARTS, dir);
/** The digest of every part's files' bytes, null when one cannot be read. */
export const datasetDigest = (dir: string = REFERENCE_DIR) => referenceDigest(REFERENCE_PARTS, dir);
export type ReferenceSummary = Awaited<ReturnType<typeof loadReference>>;
export type StartupLoad = Awaited<ReturnType<typeof loadOnStart>>;
