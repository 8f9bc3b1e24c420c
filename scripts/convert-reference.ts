/**
 * Converts the researched ISCM dataset into ISCM Hub's own reference dataset.
 *
 *   node_modules/.bin/tsx scripts/convert-reference.ts [path to the researched dataset] [output folder]
 *
 * The researched dataset defaults to data/research/ (a copy of the research folder, kept in the repository
 * so that the conversion can be re-run and checked from a clone).
 *
 * Reads mechanisms.json, snapshots.json, membership-events.json, global-meetings.json, sources/,
 * meetings/, documents/ and impact/ (and quotes from the research notes) from the given folder and writes
 * sources.json, themes.json, organizations.json, mechanisms.json, participation.json, snapshots.json,
 * meetings.json, reported-figures.json, reported-lists.json, documents.json, achievements.json,
 * structures.json and partnerships.json to data/reference/ (format: data/reference/FORMAT.md), or to the
 * output folder given (tests). The output is deterministic: running it twice on the same input gives
 * byte-identical files. Nothing is written when any check fails.
 *
 * Cardinal rule: nothing is invented. Every membership, date and count comes from the input,
 * every fact keeps its sources, and every interpretation of prose is written down in a `note`
 * (the hand-written level/status histories are in scripts/reference/histories.ts). One module per input
 * file or concern under scripts/reference/; this file only reads the inputs, calls them in order and writes.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Citations } from './reference/citations.js';
import { applyCorrections } from './reference/corrections.js';
import type { RawEvent, RawMechanism, RawSnapshot } from './reference/input.js';
import { convertDocuments, readDocuments } from './reference/documents.js';
import { convertImpact, readImpact, validateDocumentsAndImpact } from './reference/impact.js';
import { convertMechanisms } from './reference/mechanisms.js';
import { importMeetingAdditions } from './reference/meetings-additions.js';
import { buildMeetings, validateMeetings } from './reference/meetings.js';
import type { Organization, Theme } from './reference/model.js';
import { newMechanisms } from './reference/new-mechanisms.js';
import { splitDatasetNotes } from './reference/notes.js';
import { orgById, ORGS, resolveOrg, usedOrgs } from './reference/organizations.js';
import { convertParticipation } from './reference/participation.js';
import { printReport } from './reference/report.js';
import { buildReported } from './reference/reported-figures.js';
import { convertSnapshots } from './reference/snapshots.js';
import { SourceRegistry } from './reference/sources.js';
import { THEMES } from './reference/themes.js';
import { ACCESSED, cmpStr, fail, readJson } from './reference/util.js';
import { validate } from './reference/validate.js';

function main(): void {
  const inputDir = process.argv[2] ?? join(import.meta.dirname, '..', 'data', 'research');
  // An output folder other than data/reference/ is for tests.
  const outDir = resolve(process.argv[3] ?? join(import.meta.dirname, '..', 'data', 'reference'));

  const rawMechanisms = readJson<RawMechanism[]>(join(inputDir, 'mechanisms.json'));
  const rawSnapshots = readJson<RawSnapshot[]>(join(inputDir, 'snapshots.json'));
  const rawEvents = readJson<RawEvent[]>(join(inputDir, 'membership-events.json'));
  if (!Array.isArray(rawMechanisms) || !Array.isArray(rawSnapshots) || !Array.isArray(rawEvents)) {
    fail('unexpected input shape');
  }

  const sources = new SourceRegistry();
  // Snapshot titles first, so that the URL keeps its title wherever else it is used.
  for (const s of rawSnapshots) sources.add(s.source_url, s.source_title);

  const mechById = new Map<string, RawMechanism>();
  for (const m of rawMechanisms) {
    if (mechById.has(m.id)) fail(`duplicate mechanism ${m.id}`);
    mechById.set(m.id, m);
  }
  const citations = new Citations(inputDir, sources, resolveOrg);
  citations.registerSources(new Set(mechById.keys()));

  const conflicts: string[] = [];
  const warn = (msg: string): void => {
    conflicts.push(msg);
  };
  // ------------------------------------------------------------------ snapshots (output + index)
  const snapshots = convertSnapshots(rawSnapshots, mechById, sources);
  const { snapshotsOut } = snapshots;

  // ------------------------------------------------------------------ mechanisms
  const mechanismsBuild = convertMechanisms(rawMechanisms, sources, citations);
  const { mechanismsOut, wordingsTotal, otherWordings } = mechanismsBuild;
  const statusesCited = citations.citeStatuses(mechanismsOut);

  // ------------------------------------------------------------------ participation
  const participationBuild = convertParticipation({
    rawMechanisms,
    rawEvents,
    rawSnapshots,
    mechById,
    snapshots,
    sources,
    citations,
    warn,
  });
  const { participationOut, appliedBounds, snapshotOnlyPairs, snapshotOnlyRoleTriples, snapshotOnlyExamples } =
    participationBuild;

  // ------------------------------------------------------------------ December 2026: two new mechanisms (scripts/reference/)
  const addSource = (url: string, title: string | null, accessed?: string): string =>
    sources.add(url, title, accessed ?? null);
  const added = newMechanisms(addSource);
  mechanismsOut.push(...added.mechanisms);
  mechanismsOut.sort((a, b) => cmpStr(a.id, b.id));
  participationOut.push(...added.participation);
  snapshotsOut.push(...added.snapshots);
  snapshotsOut.sort((a, b) => cmpStr(a.id, b.id));
  for (const o of added.organizations) {
    if (!orgById.has(o)) fail(`new mechanisms: unknown organization ${o}`);
    usedOrgs.add(o);
  }

  // ------------------------------------------------------------------ meetings (may add sources)
  const sourcesBeforeMeetings = sources.size();
  const meetingsBuild = buildMeetings(inputDir, sources, rawMechanisms, mechanismsOut);
  const meetingsOut = meetingsBuild.file;
  // December 2026 (scripts/reference/): the meetings research, then the corrections.
  meetingsOut.meetings.push(...added.meetings);
  const meetingsBefore = meetingsOut.meetings.length;
  const additions = importMeetingAdditions(
    join(inputDir, 'meetings', 'meetings-additions.json'),
    meetingsOut.meetings,
    mechanismsOut,
    addSource,
  );
  const sourcesAddedByMeetings = sources.size() - sourcesBeforeMeetings;
  const correctionsLog = applyCorrections(
    {
      mechanisms: mechanismsOut,
      participation: participationOut,
      snapshots: snapshotsOut,
      meetings: meetingsOut.meetings,
    },
    addSource,
  );
  correctionsLog.splice(
    correctionsLog.findIndex((l) => l.startsWith('correction 11 ')),
    0,
    added.log,
  );
  const reported = buildReported(inputDir, sources, {
    mechanisms: new Set(mechanismsOut.map((m) => m.id)),
    meetings: new Set(meetingsOut.meetings.map((m) => m.id)),
  });

  // ------------------------------------------------------------------ December 2026: documents and impact (not loaded yet)
  const mechanismIds = new Set(mechanismsOut.map((m) => m.id));
  const documents = convertDocuments(readDocuments(inputDir), {
    addSource,
    mechanisms: mechanismIds,
    meetings: meetingsOut.meetings,
  });
  const impact = convertImpact(readImpact(inputDir), { addSource, mechanisms: mechanismIds });

  // ------------------------------------------------------------------ organizations (those used, partnerships included), themes, sources
  const unusedOrgs = ORGS.filter((o) => !usedOrgs.has(o.id)).map((o) => o.id);
  const organizationsOut: Organization[] = ORGS.filter((o) => usedOrgs.has(o.id))
    .map((o) => ({ id: o.id, name: o.name, acronym: o.acronym, kind: o.kind, note: o.note }))
    .sort((a, b) => cmpStr(a.id, b.id));
  const themesOut: Theme[] = THEMES.map((t) => ({ id: t.id, name: t.name, description: t.description }));

  const sourcesOut = sources.output().map((src) => ({ ...src, ...citations.describe(src.url, ACCESSED) }));

  // ------------------------------------------------------------------ public and compilation notes (scripts/reference/notes.ts)
  const noteCounts = splitDatasetNotes({
    mechanisms: mechanismsOut,
    participation: participationOut,
    meetings: meetingsOut,
  });

  // ------------------------------------------------------------------ validation
  const problems = validate({
    sources: sourcesOut,
    themes: themesOut,
    organizations: organizationsOut,
    mechanisms: mechanismsOut,
    participation: participationOut,
    snapshots: snapshotsOut,
  });
  problems.push(
    ...validateMeetings(
      meetingsOut,
      new Set(sourcesOut.map((x) => x.id)),
      new Set(organizationsOut.map((o) => o.id)),
      new Set(mechanismsOut.map((m) => m.id)),
    ),
  );
  problems.push(
    ...validateDocumentsAndImpact(documents.documents, impact, {
      sources: new Set(sourcesOut.map((x) => x.id)),
      organizations: new Set(organizationsOut.map((o) => o.id)),
      mechanisms: mechanismIds,
      meetings: new Set(meetingsOut.meetings.map((m) => m.id)),
    }),
  );
  if (problems.length > 0) {
    for (const p of problems) console.error(`INVALID: ${p}`);
    fail(`${problems.length} validation problem(s); nothing written`);
  }

  // ------------------------------------------------------------------ write
  mkdirSync(outDir, { recursive: true });
  const write = (name: string, data: unknown): void => {
    writeFileSync(join(outDir, name), `${JSON.stringify(data, null, 1)}\n`, 'utf8');
  };
  write('sources.json', sourcesOut);
  write('themes.json', themesOut);
  write('organizations.json', organizationsOut);
  write('mechanisms.json', mechanismsOut);
  write('participation.json', participationOut);
  write('snapshots.json', snapshotsOut);
  write('meetings.json', { ...meetingsOut, coverage: additions.coverage });
  write('reported-figures.json', reported.figures);
  write('reported-lists.json', reported.lists);
  write('documents.json', documents.documents);
  write('achievements.json', impact.achievements);
  write('structures.json', impact.structures);
  write('partnerships.json', impact.partnerships);
  // commitments: researched in the reference format already (frameworks, commitments, updates; each with its
  // source URL and the day it was read), copied as is; the commitments part checks it at load
  const commitments = join(inputDir, 'impact', 'commitments.json');
  if (existsSync(commitments)) write('commitments.json', readJson<unknown>(commitments));

  printReport({
    outDir,
    mechanismsOut,
    participationOut,
    snapshotsOut,
    statusesCited,
    appliedBounds,
    themesOut,
    organizationsOut,
    unusedOrgs,
    sourcesOut,
    wordingsTotal,
    otherWordings,
    snapshotOnlyPairs,
    snapshotOnlyRoleTriples,
    snapshotOnlyExamples,
    meetingsOut,
    meetingsBuild,
    sourcesAddedByMeetings,
    meetingsBefore,
    additions,
    correctionsLog,
    noteCounts,
    documentsAndImpact: [...documents.log, ...impact.log],
    conflicts,
  });
}

main();
