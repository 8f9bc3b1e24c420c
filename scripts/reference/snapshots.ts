/** snapshots.json, and the index of who is listed when (used to build participation). */
import type { RawMechanism, RawSnapshot } from './input.js';
import type { SnapshotOut } from './model.js';
import { resolveOrg } from './organizations.js';
import { type Party, partyKey, type SnapshotIndexEntry } from './participation.js';
import { SourceRegistry } from './sources.js';
import { cmpStr, fail, isDate, joinNotes } from './util.js';

export interface SnapshotsBuild {
  snapshotsOut: SnapshotOut[];
  /** mechanism|role|partyKey -> dated listings */
  snapIndex: Map<string, SnapshotIndexEntry[]>;
  /** mechanism -> set of party keys seen in snapshots, with roles */
  snapParties: Map<string, Map<string, Set<'member' | 'observer'>>>;
}

export function convertSnapshots(
  rawSnapshots: RawSnapshot[],
  mechById: Map<string, RawMechanism>,
  sources: SourceRegistry,
): SnapshotsBuild {
  const snapshotIds = new Map<string, number>();
  const snapshotsOut: SnapshotOut[] = [];
  /** mechanism|role|partyKey -> dated listings */
  const snapIndex = new Map<string, SnapshotIndexEntry[]>();
  /** mechanism -> set of party keys seen in snapshots, with roles */
  const snapParties = new Map<string, Map<string, Set<'member' | 'observer'>>>();

  for (const s of rawSnapshots) {
    if (!mechById.has(s.mechanism_id)) fail(`snapshot for unknown mechanism ${s.mechanism_id}`);
    if (!isDate(s.as_of)) fail(`bad as_of ${s.as_of}`);
    const base = `${s.mechanism_id}/${s.role}/${s.as_of}`;
    const n = (snapshotIds.get(base) ?? 0) + 1;
    snapshotIds.set(base, n);
    const id = n === 1 ? base : `${base}-${n}`;
    const parties: SnapshotOut['parties'] = s.parties.map((p) => {
      const organization = p.org !== null ? resolveOrg(p.org) : null;
      if (p.iso3 === null && organization === null) fail(`snapshot ${id}: party without iso3 or org`);
      const sinceNote =
        p.since_in_source !== undefined ? `Joining year given by the source: ${p.since_in_source}.` : null;
      const party: Party = { country: p.iso3, organization: p.iso3 === null ? organization : null, label: null };
      const key = `${s.mechanism_id}|${s.role}|${partyKey(party)}`;
      const list = snapIndex.get(key) ?? [];
      list.push({ asOf: s.as_of, url: s.source_url });
      snapIndex.set(key, list);
      const byParty = snapParties.get(s.mechanism_id) ?? new Map<string, Set<'member' | 'observer'>>();
      const roles = byParty.get(partyKey(party)) ?? new Set<'member' | 'observer'>();
      roles.add(s.role);
      byParty.set(partyKey(party), roles);
      snapParties.set(s.mechanism_id, byParty);
      return {
        country: p.iso3,
        organization: p.iso3 === null ? organization : null,
        name_in_source: p.name_in_source,
        note: joinNotes([p.note, sinceNote]),
      };
    });
    snapshotsOut.push({
      id,
      mechanism: s.mechanism_id,
      as_of: s.as_of,
      role: s.role,
      list_type: s.list_type,
      complete: s.complete,
      stated_count: s.stated_count,
      source: sources.add(s.source_url, s.source_title),
      note: s.notes,
      member_groups: s.member_groups === undefined ? null : s.member_groups.map((g) => ({ name: g, note: null })),
      parties,
    });
  }
  snapshotsOut.sort((a, b) => cmpStr(a.id, b.id));
  return { snapshotsOut, snapIndex, snapParties };
}
