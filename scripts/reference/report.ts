/** The conversion report printed after writing (counts, conflicts, what was not converted). */
import { Citations } from './citations.js';
import type { AdditionsResult } from './meetings-additions.js';
import type { MeetingsBuild } from './meetings.js';
import type {
  Mechanism,
  Meeting,
  MeetingsFile,
  Organization,
  Participation,
  SnapshotOut,
  Source,
  Theme,
} from './model.js';
import { formatNoteCounts, type splitDatasetNotes } from './notes.js';
import { cmpStr } from './util.js';

export interface ConversionReport {
  outDir: string;
  mechanismsOut: Mechanism[];
  participationOut: Participation[];
  snapshotsOut: SnapshotOut[];
  statusesCited: number;
  appliedBounds: number;
  themesOut: Theme[];
  organizationsOut: Organization[];
  unusedOrgs: string[];
  sourcesOut: Source[];
  wordingsTotal: number;
  otherWordings: string[];
  snapshotOnlyPairs: number;
  snapshotOnlyRoleTriples: number;
  snapshotOnlyExamples: string[];
  meetingsOut: MeetingsFile;
  meetingsBuild: MeetingsBuild;
  sourcesAddedByMeetings: number;
  meetingsBefore: number;
  additions: AdditionsResult;
  correctionsLog: string[];
  noteCounts: ReturnType<typeof splitDatasetNotes>;
  /** documents.json, achievements.json, structures.json, partnerships.json */
  documentsAndImpact: string[];
  conflicts: string[];
}

export function printReport(r: ConversionReport): void {
  const {
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
    documentsAndImpact,
    conflicts,
  } = r;
  const byRole = new Map<string, number>();
  for (const p of participationOut) byRole.set(p.role, (byRole.get(p.role) ?? 0) + 1);
  const openCount = participationOut.filter((p) => p.end === null).length;
  console.log(`wrote ${outDir}`);
  console.log(`mechanisms: ${mechanismsOut.length}`);
  console.log(
    `participation rows: ${participationOut.length} (${[...byRole]
      .sort((a, b) => cmpStr(a[0], b[0]))
      .map(([r, n]) => `${r} ${n}`)
      .join(', ')})`,
  );
  console.log(`  open intervals: ${openCount}, closed: ${participationOut.length - openCount}`);
  console.log(`  unverified rows: ${participationOut.filter((p) => p.verification === 'unverified').length}`);
  for (const line of Citations.report(Citations.coverage(participationOut))) console.log(line);
  console.log(`  status periods citing the sources that state them (not the mechanism's whole list): ${statusesCited}`);
  console.log(`snapshots: ${snapshotsOut.length}`);
  console.log(`undated starts given a start_not_before from the research notes: ${appliedBounds}`);
  console.log(`themes: ${themesOut.length}`);
  console.log(
    `organizations: ${organizationsOut.length}${unusedOrgs.length > 0 ? ` (defined but unused: ${unusedOrgs.join(', ')})` : ''}`,
  );
  console.log(`sources: ${sourcesOut.length}`);
  console.log(`thematic wordings: ${wordingsTotal}; mapped to "other": ${otherWordings.length}`);
  for (const w of otherWordings) console.log(`  other <- ${w}`);
  console.log(
    `parties only in snapshots (no participation rows): ${snapshotOnlyPairs} (mechanism, party) pairs; ` +
      `${snapshotOnlyRoleTriples} more (mechanism, party, role) listings of parties present in another role only`,
  );
  console.log(`  e.g. ${snapshotOnlyExamples.join(', ')}`);
  const ms = meetingsOut.meetings;
  const tally = (key: (m: Meeting) => string): string => {
    const t = new Map<string, number>();
    for (const m of ms) t.set(key(m), (t.get(key(m)) ?? 0) + 1);
    return [...t]
      .sort((a, b) => cmpStr(a[0], b[0]))
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
  };
  const withMechanism = ms.filter((m) => m.mechanism !== null);
  console.log(
    `meetings: ${ms.length} (${meetingsBuild.globalCount} from global-meetings.json); ` +
      `by kind: ${tally((m) => m.kind)}; by status: ${tally((m) => m.status)}`,
  );
  console.log(
    `  with participants: ${ms.filter((m) => m.participants.length > 0).length}; with reported counts: ${ms.filter((m) => m.reported_counts.length > 0).length}; ` +
      `organising mechanisms: ${new Set(withMechanism.map((m) => m.mechanism)).size}; sources added by meetings: ${sourcesAddedByMeetings}`,
  );
  for (const line of meetingsBuild.nameMatches) console.log(`  named ISCM ${line}`);
  console.log(
    `meetings research (Dec 2026): ${meetingsBefore} meetings before, ${additions.added} added, ${additions.checked} checks ` +
      `(${additions.changed.length} changed a record), ${ms.length} after; records known incomplete: ${additions.coverage.length}`,
  );
  for (const c of additions.changed) console.log(`  check ${c}`);
  console.log(`corrections applied: ${correctionsLog.length}`);
  for (const c of correctionsLog) console.log(`  ${c}`);
  for (const line of formatNoteCounts(noteCounts)) console.log(line);
  for (const line of documentsAndImpact) console.log(line);
  console.log(`conflicts: ${conflicts.length}`);
  for (const c of conflicts) console.log(`  CONFLICT ${c}`);
}
