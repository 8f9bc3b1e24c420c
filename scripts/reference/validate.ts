import type { Mechanism, Organization, Participation, SnapshotOut, Source, Theme } from './model.js';
import { cmpStr, hi, inInterval, isDate, lo } from './util.js';

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

export interface Dataset {
  sources: Source[];
  themes: Theme[];
  organizations: Organization[];
  mechanisms: Mechanism[];
  participation: Participation[];
  snapshots: SnapshotOut[];
}

export function validate(d: Dataset): string[] {
  const problems: string[] = [];
  const srcIds = new Set(d.sources.map((s) => s.id));
  const themeIds = new Set(d.themes.map((t) => t.id));
  const orgIds = new Set(d.organizations.map((o) => o.id));
  const mechIds = new Set(d.mechanisms.map((m) => m.id));
  const checkSources = (where: string, ids: string[]): void => {
    if (ids.length === 0) problems.push(`${where}: no sources`);
    for (const id of ids) if (!srcIds.has(id)) problems.push(`${where}: unknown source ${id}`);
  };
  const checkDate = (where: string, d2: string | null): void => {
    if (d2 !== null && !isDate(d2)) problems.push(`${where}: bad date ${d2}`);
  };
  const checkOrder = (where: string, start: string | null, end: string | null): void => {
    if (start !== null && end !== null && !(lo(end) > lo(start)))
      problems.push(`${where}: end ${end} not after start ${start}`);
  };
  const checkHistory = (
    where: string,
    ivs: { start: string | null; end: string | null; end_not_before: string | null }[],
  ): void => {
    ivs.forEach((iv, i) => {
      checkDate(where, iv.start);
      checkDate(where, iv.end);
      checkDate(where, iv.end_not_before);
      checkOrder(`${where}[${i}]`, iv.start, iv.end);
      if (iv.end_not_before !== null && iv.end !== null && lo(iv.end_not_before) > lo(iv.end))
        problems.push(`${where}[${i}]: end_not_before after end`);
      const next = ivs[i + 1];
      if (next !== undefined) {
        if (iv.end !== next.start) problems.push(`${where}[${i}]: not contiguous (${iv.end} vs ${next.start})`);
        if (iv.end === null && iv.end_not_before === null)
          problems.push(`${where}[${i}]: open interval followed by another`);
      } else if (iv.end !== null) problems.push(`${where}: last interval is closed`);
    });
  };

  for (const m of d.mechanisms) {
    checkSources(`mechanism ${m.id}`, m.sources);
    if (m.levels.length === 0 || m.statuses.length === 0) problems.push(`${m.id}: empty level/status history`);
    m.levels.forEach((l, i) => checkSources(`${m.id}.levels[${i}]`, l.sources));
    m.statuses.forEach((s, i) => checkSources(`${m.id}.statuses[${i}]`, s.sources));
    checkHistory(`${m.id}.levels`, m.levels);
    checkHistory(`${m.id}.statuses`, m.statuses);
    for (const t of m.themes) if (!themeIds.has(t.theme)) problems.push(`${m.id}: unknown theme ${t.theme}`);
    for (const o of m.supporting_organizations) if (!orgIds.has(o)) problems.push(`${m.id}: unknown org ${o}`);
    if (m.secretariat?.organization != null && !orgIds.has(m.secretariat.organization))
      problems.push(`${m.id}: unknown secretariat org`);
  }

  const pIds = new Set<string>();
  const groups = new Map<string, Participation[]>();
  for (const p of d.participation) {
    if (pIds.has(p.id)) problems.push(`duplicate participation id ${p.id}`);
    pIds.add(p.id);
    if (!mechIds.has(p.mechanism)) problems.push(`${p.id}: unknown mechanism`);
    const set = [p.country, p.organization, p.party_label].filter((x) => x !== null).length;
    if (set !== 1) problems.push(`${p.id}: exactly one of country/organization/party_label must be set`);
    if (p.country !== null && !/^[A-Z]{3}$/.test(p.country)) problems.push(`${p.id}: bad country ${p.country}`);
    if (p.organization !== null && !orgIds.has(p.organization)) problems.push(`${p.id}: unknown org ${p.organization}`);
    if (p.sources.length > 0 || p.attestation !== 'none') checkSources(p.id, p.sources);
    if (p.sources.length === 0 && p.verification !== 'unverified')
      problems.push(`${p.id}: no source but not unverified`);
    for (const x of [p.start, p.start_not_before, p.end, p.end_not_before, p.first_attested]) checkDate(p.id, x);
    checkOrder(p.id, p.start, p.end);
    if (p.first_attested !== null && !inInterval(p.first_attested, p.start, p.end))
      problems.push(`${p.id}: first_attested outside interval`);
    if (p.first_attested !== null && p.start_not_before !== null && hi(p.first_attested) < lo(p.start_not_before)) {
      problems.push(`${p.id}: first_attested before start_not_before`);
    }
    if (p.start !== null && p.start_not_before !== null && lo(p.start_not_before) > lo(p.start))
      problems.push(`${p.id}: start_not_before after start`);
    if (p.end !== null && p.end_not_before !== null && lo(p.end_not_before) > lo(p.end))
      problems.push(`${p.id}: end_not_before after end`);
    if ((p.end === null) !== (p.end_cause === null) && !(p.end === null && p.end_cause === null))
      problems.push(`${p.id}: end/end_cause mismatch`);
    const key = `${p.mechanism}|${p.country ?? p.organization ?? p.party_label ?? ''}|${p.role}`;
    const list = groups.get(key) ?? [];
    list.push(p);
    groups.set(key, list);
  }
  for (const [key, list] of groups) {
    const sorted = [...list].sort((a, b) => cmpStr(a.id, b.id));
    for (let i = 0; i + 1 < sorted.length; i++) {
      const a = sorted[i] as Participation;
      const b = sorted[i + 1] as Participation;
      if (a.end === null || b.start === null || lo(b.start) < lo(a.end))
        problems.push(`${key}: overlapping intervals ${a.id} / ${b.id}`);
    }
  }

  const snapIds = new Set<string>();
  for (const s of d.snapshots) {
    if (snapIds.has(s.id)) problems.push(`duplicate snapshot id ${s.id}`);
    snapIds.add(s.id);
    if (!mechIds.has(s.mechanism)) problems.push(`${s.id}: unknown mechanism`);
    if (!srcIds.has(s.source)) problems.push(`${s.id}: unknown source`);
    for (const p of s.parties) {
      if ((p.country === null) === (p.organization === null))
        problems.push(`${s.id}: party must have exactly one of country/organization`);
      if (p.organization !== null && !orgIds.has(p.organization))
        problems.push(`${s.id}: unknown org ${p.organization}`);
    }
  }
  return problems;
}
