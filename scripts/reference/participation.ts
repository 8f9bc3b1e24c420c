/** participation.json: intervals per (mechanism, party, role) from the current lists, the events and the snapshots. */
import { Citations } from './citations.js';
import { STATUS_OVERRIDES } from './histories.js';
import type { Basis, EventType, RawEvent, RawMechanism, RawRowEvent, RawSnapshot } from './input.js';
import type { EndCause, Participation, Role, StartBasis } from './model.js';
import { orgById, resolveOrg, usedOrgs } from './organizations.js';
import type { SnapshotsBuild } from './snapshots.js';
import { SourceRegistry, urlsIn } from './sources.js';
import { START_BOUNDS } from './start-bounds.js';
import { cmpStr, fail, inInterval, isDate, joinNotes, lo, slug, uniq, yearOf } from './util.js';

// ---------------------------------------------------------------------------------------------
// Participation building
// ---------------------------------------------------------------------------------------------

export interface Party {
  country: string | null;
  organization: string | null;
  label: string | null;
}

export function partyKey(p: Party): string {
  if (p.country !== null) return p.country;
  if (p.organization !== null) return p.organization;
  if (p.label !== null) return `unresolved-${slug(p.label)}`;
  return fail('party without country, organization or label');
}

/** A row of a current list (members[], observers[], partners, ...). */
export interface CurrentRow {
  role: Role;
  party: Party;
  nameInSource: string | null;
  since: number | null;
  note: string | null;
  viaGroup: string | null;
  unverified: boolean;
  unverifiedWhy: string | null;
  extraSourceUrls: string[];
  rowEvents: RawRowEvent[];
}

/** A dated event, from membership-events.json or from a member row's events[]. */
export interface DatedEvent {
  type: EventType | 'absent_from_list';
  date: string;
  notBefore: string | null;
  basis: Basis | null;
  sourceUrls: string[];
  note: string;
  order: number;
}

export interface WorkInterval {
  role: Role;
  start: string | null;
  startNotBefore: string | null;
  startBasis: StartBasis | null;
  end: string | null;
  endNotBefore: string | null;
  endCause: EndCause | null;
  sourceUrls: string[];
  notes: string[];
  row: CurrentRow | null;
}

export interface SnapshotIndexEntry {
  asOf: string;
  url: string;
}

export interface ParticipationInput {
  rawMechanisms: RawMechanism[];
  rawEvents: RawEvent[];
  rawSnapshots: RawSnapshot[];
  mechById: Map<string, RawMechanism>;
  snapshots: SnapshotsBuild;
  sources: SourceRegistry;
  citations: Citations;
  /** records a conflict between the inputs (reported, never resolved silently) */
  warn: (msg: string) => void;
}

export interface ParticipationBuild {
  participationOut: Participation[];
  appliedBounds: number;
  snapshotOnlyPairs: number;
  snapshotOnlyRoleTriples: number;
  snapshotOnlyExamples: string[];
}

export function convertParticipation(input: ParticipationInput): ParticipationBuild {
  const { rawMechanisms, rawEvents, rawSnapshots, mechById, sources, citations, warn } = input;
  const { snapIndex, snapParties } = input.snapshots;
  const participationOut: Participation[] = [];
  const eventsByMech = new Map<string, RawEvent[]>();
  rawEvents.forEach((e) => {
    if (!mechById.has(e.mechanism_id)) fail(`event for unknown mechanism ${e.mechanism_id}`);
    const list = eventsByMech.get(e.mechanism_id) ?? [];
    list.push(e);
    eventsByMech.set(e.mechanism_id, list);
  });

  let appliedBounds = 0;
  let snapshotOnlyPairs = 0;
  let snapshotOnlyRoleTriples = 0;
  const snapshotOnlyExamples: string[] = [];

  for (const m of rawMechanisms) {
    const mechRecallMembers = m.from_recall.some((e) => /^members\b/.test(e));
    const hasRowFlags = m.members.some((r) => r.from_recall === true);
    const est = m.established;
    const concluded = STATUS_OVERRIDES[m.id]?.find((s) => s.status === 'concluded') ?? null;

    // 1. Current rows
    const rows: CurrentRow[] = [];
    for (const r of m.members) {
      let party: Party;
      const extra: string[] = [];
      let note = r.note ?? null;
      if (r.iso3 !== null) party = { country: r.iso3, organization: null, label: null };
      else {
        const label = r.name_in_source ?? r.name ?? fail(`${m.id}: member without iso3 or name`);
        party = { country: null, organization: null, label };
        if (r.resolution_evidence !== undefined) {
          extra.push(...urlsIn(r.resolution_evidence));
          note = joinNotes([
            note,
            `Unresolved on purpose. Evidence for a resolution (not applied): ${r.resolution_evidence}`,
          ]);
        }
      }
      const rowRecall = r.from_recall === true;
      const mechRecall = !hasRowFlags && mechRecallMembers;
      rows.push({
        role: 'member',
        party,
        nameInSource: r.name_in_source ?? r.name ?? null,
        since: r.since,
        note,
        viaGroup: r.via_group ?? null,
        unverified: rowRecall || mechRecall,
        unverifiedWhy: rowRecall
          ? 'Row from recall (from_recall: true).'
          : mechRecall
            ? `Member list not backed by a source read (from_recall: "${m.from_recall.find((e) => /^members\b/.test(e)) ?? ''}").`
            : null,
        extraSourceUrls: extra,
        rowEvents: r.events ?? [],
      });
    }
    for (const g of m.core_group_named_states ?? []) {
      rows.push({
        role: 'member',
        party: { country: g.iso3, organization: null, label: null },
        nameInSource: g.name_in_source,
        since: g.since,
        note: g.note ?? null,
        viaGroup: 'Core Group of States',
        unverified: false,
        unverifiedWhy: null,
        extraSourceUrls: [],
        rowEvents: [],
      });
    }
    for (const w of m.member_organizations ?? []) {
      rows.push({
        role: 'member',
        party: { country: null, organization: resolveOrg(w), label: null },
        nameInSource: w,
        since: null,
        note: 'Member organisation.',
        viaGroup: null,
        unverified: false,
        unverifiedWhy: null,
        extraSourceUrls: [],
        rowEvents: [],
      });
    }
    for (const o of m.observers) {
      const party: Party =
        o.kind === 'state'
          ? { country: o.iso3 ?? fail(`${m.id}: state observer without iso3`), organization: null, label: null }
          : { country: null, organization: resolveOrg(o.name_in_source), label: null };
      rows.push({
        role: 'observer',
        party,
        nameInSource: o.name_in_source,
        since: null,
        note: o.note ?? null,
        viaGroup: null,
        unverified: false,
        unverifiedWhy: null,
        extraSourceUrls: [],
        rowEvents: [],
      });
    }
    for (const p of m.partners ?? []) {
      const party: Party =
        p.kind === 'state'
          ? { country: p.iso3 ?? fail(`${m.id}: state partner without iso3`), organization: null, label: null }
          : { country: null, organization: resolveOrg(p.name_in_source), label: null };
      rows.push({
        role: 'partner',
        party,
        nameInSource: p.name_in_source,
        since: null,
        note: p.note ?? null,
        viaGroup: null,
        unverified: false,
        unverifiedWhy: null,
        extraSourceUrls: [],
        rowEvents: [],
      });
    }
    for (const p of m.institutional_partners ?? []) {
      rows.push({
        role: 'partner',
        party: { country: null, organization: resolveOrg(p.name), label: null },
        nameInSource: p.name,
        since: null,
        note: p.note ?? null,
        viaGroup: null,
        unverified: false,
        unverifiedWhy: null,
        extraSourceUrls: [],
        rowEvents: [],
      });
    }

    // Group rows and events by party
    const partyOrder: string[] = [];
    const partyOf = new Map<string, Party>();
    const rowsByParty = new Map<string, Map<Role, CurrentRow>>();
    for (const row of rows) {
      const k = partyKey(row.party);
      if (!partyOf.has(k)) {
        partyOf.set(k, row.party);
        partyOrder.push(k);
      }
      const byRole = rowsByParty.get(k) ?? new Map<Role, CurrentRow>();
      if (byRole.has(row.role)) fail(`${m.id}: ${k} listed twice as ${row.role}`);
      byRole.set(row.role, row);
      rowsByParty.set(k, byRole);
    }
    const eventsByParty = new Map<string, DatedEvent[]>();
    let order = 0;
    for (const e of eventsByMech.get(m.id) ?? []) {
      const party: Party =
        e.iso3 !== null
          ? { country: e.iso3, organization: null, label: null }
          : { country: null, organization: resolveOrg(e.org ?? fail('event without party')), label: null };
      const k = partyKey(party);
      if (!partyOf.has(k)) {
        partyOf.set(k, party);
        partyOrder.push(k);
      }
      if (!isDate(e.date)) fail(`bad event date ${e.date}`);
      const urls = [e.source_url];
      if (e.conflicting_source !== undefined) urls.push(e.conflicting_source);
      const list = eventsByParty.get(k) ?? [];
      list.push({
        type: e.event,
        date: e.date,
        notBefore: e.not_before ?? null,
        basis: e.basis,
        sourceUrls: urls,
        note: `${e.event} ${e.date} (${e.basis}): ${e.notes}${e.conflicting_source !== undefined ? ` Conflicting source: ${e.conflicting_source}` : ''}`,
        order: order++,
      });
      eventsByParty.set(k, list);
    }
    for (const row of rows) {
      for (const re of row.rowEvents) {
        const k = partyKey(row.party);
        const list = eventsByParty.get(k) ?? [];
        list.push({
          type: re.event,
          date: re.date,
          notBefore: null,
          basis: null,
          sourceUrls: re.sources,
          note:
            re.event === 'absent_from_list'
              ? `absent from a list dated ${re.date}: taken as having left by that date (leave date and cause unknown).`
              : `${re.event} ${re.date}: ${re.note ?? ''}`,
          order: order++,
        });
        eventsByParty.set(k, list);
      }
    }

    // Snapshot-only parties (reported, not converted)
    for (const [k, roles] of snapParties.get(m.id) ?? new Map<string, Set<'member' | 'observer'>>()) {
      if (!partyOf.has(k)) {
        snapshotOnlyPairs += 1;
        if (snapshotOnlyExamples.length < 8) snapshotOnlyExamples.push(`${m.id}/${k}`);
      } else {
        for (const role of roles) {
          const hasRow = rowsByParty.get(k)?.has(role) ?? false;
          const hasEvent = (eventsByParty.get(k) ?? []).length > 0;
          if (!hasRow && !hasEvent) snapshotOnlyRoleTriples += 1;
        }
      }
    }

    const snapshotsFor = (k: string, role: Role): SnapshotIndexEntry[] =>
      role === 'member' || role === 'observer'
        ? [...(snapIndex.get(`${m.id}|${role}|${k}`) ?? [])].sort((a, b) => cmpStr(lo(a.asOf), lo(b.asOf)))
        : [];

    for (const k of partyOrder) {
      const party = partyOf.get(k) as Party;
      const byRole = rowsByParty.get(k) ?? new Map<Role, CurrentRow>();
      const evs = [...(eventsByParty.get(k) ?? [])].sort((a, b) => cmpStr(lo(a.date), lo(b.date)) || a.order - b.order);
      const intervals: WorkInterval[] = [];
      const open = new Map<Role, WorkInterval>();
      let pendingNotes: string[] = [];
      let pendingSources: string[] = [];
      const label = `${m.id}/${k}`;

      const newInterval = (
        role: Role,
        start: string | null,
        notBefore: string | null,
        basis: StartBasis | null,
      ): WorkInterval => {
        const iv: WorkInterval = {
          role,
          start,
          startNotBefore: notBefore,
          startBasis: basis,
          end: null,
          endNotBefore: null,
          endCause: null,
          sourceUrls: [...pendingSources],
          notes: [...pendingNotes],
          row: byRole.get(role) ?? null,
        };
        pendingNotes = [];
        pendingSources = [];
        intervals.push(iv);
        open.set(role, iv);
        return iv;
      };
      const sinceStart = (role: Role): { start: string | null; basis: StartBasis | null } => {
        const since = byRole.get(role)?.since ?? null;
        if (since === null) return { start: null, basis: null };
        return { start: String(since), basis: est !== null && since === est ? 'founding' : 'stated' };
      };
      const close = (iv: WorkInterval, date: string, notBefore: string | null, cause: EndCause): void => {
        iv.end = date;
        iv.endNotBefore = notBefore;
        iv.endCause = cause;
        open.delete(iv.role);
      };

      for (const ev of evs) {
        if (ev.type === 'joined' || ev.type === 'readmitted') {
          const current = open.get('member');
          if (current !== undefined) {
            warn(`${label}: ${ev.type} ${ev.date} while a member interval is already open; event kept as a note`);
            current.notes.push(`Also: ${ev.note}`);
            current.sourceUrls.push(...ev.sourceUrls);
            continue;
          }
          const iv = newInterval('member', ev.date, ev.notBefore, ev.basis);
          iv.notes.push(`Start: ${ev.note}`);
          iv.sourceUrls.push(...ev.sourceUrls);
        } else if (ev.type === 'left' || ev.type === 'suspended' || ev.type === 'absent_from_list') {
          let iv = open.get('member');
          if (iv === undefined) {
            if (est !== null && yearOf(ev.date) < est) {
              warn(
                `${label}: ${ev.type} ${ev.date} (${ev.basis ?? 'row event'}) precedes the mechanism's establishment (${est}); ` +
                  'no interval opened before it, the event is kept as a note on the next interval',
              );
              pendingNotes.push(
                `Before the mechanism existed (established ${est}): ${ev.note} No participation interval is opened before the next dated event.`,
              );
              pendingSources.push(...ev.sourceUrls);
              continue;
            }
            const s = sinceStart('member');
            iv = newInterval('member', s.start, null, s.basis);
          }
          iv.notes.push(`End: ${ev.note}`);
          iv.sourceUrls.push(...ev.sourceUrls);
          close(
            iv,
            ev.date,
            ev.notBefore,
            ev.type === 'left' ? 'left' : ev.type === 'suspended' ? 'suspended' : 'unknown',
          );
        } else {
          // became_observer
          const member = open.get('member');
          if (member !== undefined) {
            member.notes.push(`End: ${ev.note}`);
            member.sourceUrls.push(...ev.sourceUrls);
            close(member, ev.date, ev.notBefore, 'role_changed');
          } else {
            const earlier = snapshotsFor(k, 'member').filter((s) => lo(s.asOf) < lo(ev.date));
            if (earlier.length > 0) {
              const s = sinceStart('member');
              const iv = newInterval('member', s.start, null, s.basis);
              iv.notes.push(
                `Member before becoming an observer: listed as such on ${earlier.map((x) => x.asOf).join(', ')}. End: ${ev.note}`,
              );
              iv.sourceUrls.push(...ev.sourceUrls, ...earlier.map((x) => x.url));
              close(iv, ev.date, ev.notBefore, 'role_changed');
            }
          }
          if (open.has('observer')) {
            warn(`${label}: became_observer ${ev.date} while an observer interval is open`);
            continue;
          }
          const obs = newInterval('observer', ev.date, ev.notBefore, ev.basis);
          obs.notes.push(`Start: ${ev.note}`);
          obs.sourceUrls.push(...ev.sourceUrls);
        }
      }
      if (pendingNotes.length > 0) warn(`${label}: pre-establishment event notes with no later interval`);

      // Reconcile with the current lists.
      for (const [role, row] of byRole) {
        const mine = intervals.filter((iv) => iv.role === role);
        if (open.has(role)) continue;
        if (mine.length === 0) {
          const s = sinceStart(role);
          newInterval(role, s.start, null, s.basis);
          continue;
        }
        // In the current list, but every interval of this role is closed: a conflict.
        const lastEnd = mine[mine.length - 1]?.end ?? null;
        const later = snapshotsFor(k, role).filter((s) => lastEnd !== null && lo(s.asOf) >= lo(lastEnd));
        const first = later[0];
        if (first !== undefined) {
          warn(
            `${label}: listed as ${role} today but the events closed it; reopened at ${first.asOf} from a later snapshot`,
          );
          const iv = newInterval(role, first.asOf, lastEnd, 'derived_from_snapshots');
          iv.notes.push(
            `Reopened: listed again as ${role} on ${first.asOf} after the interval closed on ${lastEnd ?? '?'}.`,
          );
          iv.sourceUrls.push(first.url);
        } else {
          const why = mine[mine.length - 1]?.endCause ?? 'unknown';
          warn(
            `${label}: still in the current ${role} list (${row.nameInSource ?? k}) but closed by a dated event (${why}, ` +
              `${lastEnd ?? '?'}); no later evidence of return: left closed, noted`,
          );
          const lastIv = mine[mine.length - 1] as WorkInterval;
          lastIv.row = row;
          lastIv.notes.push(
            `Conflict: the party is still in the source's current ${role} list, but the dated event above is later evidence; ` +
              'the interval is left closed and no return is assumed.',
          );
        }
      }
      // Open intervals in a role the party no longer holds in any current list.
      for (const [role, iv] of [...open]) {
        if (byRole.has(role)) continue;
        const otherRole = [...byRole.keys()].find((r) => r !== role);
        if (otherRole === undefined) {
          warn(`${label}: open ${role} interval but the party is in no current list; left open`);
          iv.notes.push('Conflict: not in any current list of the source; left open for lack of a dated end.');
          continue;
        }
        const otherIvs = intervals.filter((x) => x.role === otherRole);
        const later = snapshotsFor(k, otherRole).filter((s) => iv.start === null || lo(s.asOf) > lo(iv.start));
        const first = later[0];
        if (first !== undefined && otherIvs.every((x) => x.end !== null || x.start === null)) {
          warn(
            `${label}: ${role} interval from ${iv.start ?? '?'} is not in the current lists, where the party is a ${otherRole}; ` +
              `closed at the first later ${otherRole} listing (${first.asOf}) and the ${otherRole} interval starts there`,
          );
          close(iv, first.asOf, iv.start, 'role_changed');
          iv.notes.push(
            `End: first listed as ${otherRole} on ${first.asOf} (approximate date of that list: see the snapshot).`,
          );
          iv.sourceUrls.push(first.url);
          const openOther = otherIvs.find((x) => x.end === null && x.start === null);
          if (openOther !== undefined) {
            openOther.start = first.asOf;
            openOther.startNotBefore = iv.start;
            openOther.startBasis = 'derived_from_snapshots';
            openOther.notes.push(
              `Start: first listed as ${otherRole} on ${first.asOf}, after being listed as ${role} from ${iv.start ?? '?'}.`,
            );
            openOther.sourceUrls.push(first.url);
          }
        } else {
          warn(`${label}: open ${role} interval not in the current lists; left open`);
          iv.notes.push(`Conflict: not in the current ${role} list of the source; left open for lack of a dated end.`);
        }
      }

      // A concluded mechanism ends every interval still open.
      if (concluded !== null && concluded.start !== null) {
        for (const iv of intervals) {
          if (iv.end === null) {
            iv.end = concluded.start;
            iv.endCause = 'mechanism_concluded';
            iv.notes.push(`End: the mechanism concluded (${concluded.start}).`);
          }
        }
      }

      // Lower bounds on undated starts stated by the research notes
      for (const b of START_BOUNDS) {
        if (b.mechanism !== m.id || !b.parties.includes(k)) continue;
        const snap = rawSnapshots.find((s) => s.mechanism_id === m.id && s.as_of === b.asOf && s.role === b.role);
        if (snap === undefined) fail(`start bound ${m.id}/${k}: no ${b.role} snapshot dated ${b.asOf}`);
        if (snapshotsFor(k, b.role).some((s) => lo(s.asOf) <= lo(b.asOf)))
          fail(`start bound ${m.id}/${k}: listed as ${b.role} on or before ${b.asOf}`);
        const target = intervals.find(
          (iv) => iv.role === b.role && iv.row !== null && iv.start === null && iv.startNotBefore === null,
        );
        if (target === undefined) fail(`start bound ${m.id}/${k}/${b.role}: no undated interval to bound`);
        target.startNotBefore = b.asOf;
        target.notes.push(`start_not_before ${b.asOf} (research notes): ${b.quote}`);
        target.sourceUrls.push(snap.source_url);
        appliedBounds += 1;
      }

      // Emit
      const counters = new Map<Role, number>();
      const ordered = [...intervals].sort((a, b) => {
        if (a.role !== b.role) return cmpStr(a.role, b.role);
        if (a.start === null) return b.start === null ? 0 : -1;
        if (b.start === null) return 1;
        return cmpStr(lo(a.start), lo(b.start));
      });
      for (const iv of ordered) {
        const n = (counters.get(iv.role) ?? 0) + 1;
        counters.set(iv.role, n);
        const row = iv.row;
        const urls = [...iv.sourceUrls];
        if (row !== null) urls.push(...row.extraSourceUrls);
        const attested = snapshotsFor(k, iv.role).find((s) => inInterval(s.asOf, iv.start, iv.end));
        if (attested !== undefined && !urls.includes(attested.url)) urls.push(attested.url);
        const org = party.organization === null ? undefined : orgById.get(party.organization);
        const cited = citations.cite(
          {
            mechanism: m.id,
            role: iv.role,
            country: party.country,
            organization: party.organization,
            label: party.label,
            orgLabels: [org?.name, org?.acronym, row?.nameInSource].filter((x): x is string => typeof x === 'string'),
            start: iv.start,
            end: iv.end,
          },
          uniq(urls),
        );
        const eventBacked = iv.sourceUrls.length > 0;
        const recallNote =
          row === null || !row.unverified
            ? null
            : eventBacked
              ? `The dated events are sourced; the participation itself is unverified: ${row.unverifiedWhy ?? ''}`
              : row.unverifiedWhy;
        participationOut.push({
          id: `${m.id}/${k}/${iv.role}/${n}`,
          mechanism: m.id,
          country: party.country,
          organization: party.organization,
          party_label: party.label,
          name_in_source: row?.nameInSource ?? null,
          role: iv.role,
          start: iv.start,
          start_not_before: iv.startNotBefore,
          start_basis: iv.startBasis,
          end: iv.end,
          end_not_before: iv.endNotBefore,
          end_cause: iv.endCause,
          first_attested: attested?.asOf ?? null,
          via_group: row?.viaGroup ?? null,
          verification: (row !== null && row.unverified) || cited.urls.length === 0 ? 'unverified' : 'sourced',
          attestation: cited.attestation,
          via_bloc: cited.via_bloc,
          sources: sources.ids(cited.urls),
          note: joinNotes([row?.note, ...iv.notes, recallNote]),
        });
        if (party.organization !== null) usedOrgs.add(party.organization);
      }
    }
  }
  participationOut.sort((a, b) => cmpStr(a.mechanism, b.mechanism) || cmpStr(a.id, b.id));

  const expectedBounds = START_BOUNDS.reduce((n, b) => n + b.parties.length, 0);
  if (appliedBounds !== expectedBounds) fail(`applied ${appliedBounds} of ${expectedBounds} start bounds`);
  return { participationOut, appliedBounds, snapshotOnlyPairs, snapshotOnlyRoleTriples, snapshotOnlyExamples };
}
