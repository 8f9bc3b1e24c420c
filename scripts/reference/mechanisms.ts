/** mechanisms.json: names, level and status histories, themes, organizations, secretariat. */
import { Citations } from './citations.js';
import { convertNames, LEVEL_OVERRIDES, STATUS_OVERRIDES } from './histories.js';
import type { Confidence, RawMechanism } from './input.js';
import type { LevelInterval, Mechanism, Status, StatusInterval } from './model.js';
import { orgById, resolveOrgs, SECRETARIAT_ORG, usedOrgs } from './organizations.js';
import { SourceRegistry } from './sources.js';
import { themesFor } from './themes.js';
import { cmpStr, fail, joinNotes } from './util.js';

export interface MechanismsBuild {
  mechanismsOut: Mechanism[];
  wordingsTotal: number;
  otherWordings: string[];
}

export function convertMechanisms(
  rawMechanisms: RawMechanism[],
  sources: SourceRegistry,
  citations: Citations,
): MechanismsBuild {
  const mechanismsOut: Mechanism[] = [];
  let wordingsTotal = 0;
  const otherWordings: string[] = [];

  for (const m of rawMechanisms) {
    const mechSourceIds = sources.ids(m.sources);
    const confidence: Confidence | null = m.status_confidence ?? null;

    // Levels
    let levels: LevelInterval[];
    const levelOverride = LEVEL_OVERRIDES[m.id];
    if (levelOverride !== undefined) {
      levels = levelOverride.map((l) => ({
        level: l.level,
        start: l.start,
        end: l.end,
        end_not_before: l.end_not_before,
        note: l.note,
        sources: l.sourceUrls === 'mechanism' ? mechSourceIds : sources.ids(l.sourceUrls),
      }));
      for (const l of levelOverride) {
        if (l.sourceUrls !== 'mechanism')
          for (const u of l.sourceUrls) if (!m.sources.includes(u)) fail(`${m.id}: level source not in record: ${u}`);
      }
      const last = levels[levels.length - 1];
      if (last === undefined || last.level !== m.type) fail(`${m.id}: level history must end with the current type`);
    } else {
      let note: string | null = null;
      const cls = (m.iom_classification ?? '').replace(/^\s*\|\s*/, '').trim();
      if (m.id === 'prague-process') {
        note = `Classification contested; one RCP interval kept (IOM's own profile pages type it as an RCP). Contested reading: ${cls}`;
      } else if (m.classification_contested === true) {
        note = `Classification contested: ${cls}`;
      } else if (m.id === 'midiocc') {
        note =
          "Classification conflict (status note): \"IOM page 'Type' field says 'Interregional forum on migration (Regions: Western Indian Ocean)' " +
          "while its text says 'MiDIOCC is an RCP bringing together the IOC Member States'.\" Kept as an RCP, as in the input.";
      } else if (cls.length > 0) {
        note = cls;
      }
      levels = [{ level: m.type, start: null, end: null, end_not_before: null, note, sources: mechSourceIds }];
    }

    // Statuses
    let statuses: StatusInterval[];
    const statusOverride = STATUS_OVERRIDES[m.id];
    if (statusOverride !== undefined) {
      statuses = statusOverride.map((s) => ({ ...s, confidence, sources: mechSourceIds }));
    } else {
      if (m.status !== 'active') fail(`${m.id}: status ${m.status} needs a hand-written history`);
      statuses = [
        {
          status: 'active',
          start: m.established === null ? null : String(m.established),
          end: null,
          end_not_before: null,
          confidence,
          note: m.status_note,
          sources: mechSourceIds,
        },
      ];
    }
    const lastStatus = statuses[statuses.length - 1];
    const expected: Status = m.status === 'inactive' ? 'dormant' : m.status;
    if (lastStatus === undefined || lastStatus.status !== expected)
      fail(`${m.id}: status history must end with ${expected}`);

    // Themes
    const themes: Mechanism['themes'] = [];
    for (const wording of m.thematic_focus) {
      wordingsTotal += 1;
      const ids = themesFor(wording);
      if (ids.length === 1 && ids[0] === 'other') otherWordings.push(`${m.id}: ${wording}`);
      for (const theme of ids) {
        if (!themes.some((t) => t.theme === theme && t.wording === wording)) themes.push({ theme, wording });
      }
    }

    // Supporting organizations (the source's qualifiers are kept in notes)
    const supporting: string[] = [];
    const qualified: string[] = [];
    for (const w of m.supporting_organizations) {
      const ids = resolveOrgs(w);
      for (const id of ids) if (!supporting.includes(id)) supporting.push(id);
      const o = ids.length === 1 ? orgById.get(ids[0] as string) : undefined;
      if (o === undefined || (w !== o.name && w !== o.acronym)) qualified.push(w);
    }

    // Secretariat
    let secretariat: Mechanism['secretariat'] = null;
    if (m.secretariat !== null) {
      const orgId = SECRETARIAT_ORG[m.id] ?? null;
      if (orgId !== null) {
        if (!orgById.has(orgId)) fail(`${m.id}: unknown secretariat org ${orgId}`);
        usedOrgs.add(orgId);
      }
      secretariat = { text: m.secretariat, organization: orgId };
    } else if (SECRETARIAT_ORG[m.id] !== undefined) {
      fail(`${m.id}: secretariat organization set but no secretariat text`);
    }

    const unverified = m.from_recall.map((entry) => {
      const field = (entry.split(/[([]/)[0] ?? '').trim();
      if (field.length === 0) fail(`${m.id}: cannot read from_recall entry "${entry}"`);
      return { field, note: entry };
    });

    const membershipNote = joinNotes([
      m.membership_note,
      m.observers_note !== undefined ? `Observers: ${m.observers_note}` : null,
    ]);
    const notes = joinNotes([
      m.notes,
      qualified.length > 0
        ? `Supporting organizations as worded by the source: ${m.supporting_organizations.join('; ')}.`
        : null,
    ]);

    mechanismsOut.push({
      id: m.id,
      name: m.name,
      acronym: m.acronym,
      names: convertNames(m),
      established: m.established,
      region: m.region ?? m.regions_bridged ?? null,
      levels,
      statuses,
      last_evidence_of_activity: m.last_evidence_of_activity ?? null,
      structure: m.structure,
      chair_model: m.chair_model,
      secretariat,
      supporting_organizations: supporting,
      website: m.website,
      themes,
      membership_note: membershipNote,
      members_complete: m.members_complete ?? null,
      member_groups: (m.member_groups ?? []).map((g) => ({
        name: g.name,
        note: g.note === undefined || g.note === '' ? null : g.note,
      })),
      key_outputs: m.key_outputs.map((k) => ({ title: k.title, year: k.year })),
      unverified_fields: unverified,
      sources: mechSourceIds,
      notes,
      ...citations.names(m.id),
    });
  }
  mechanismsOut.sort((a, b) => cmpStr(a.id, b.id));
  return { mechanismsOut, wordingsTotal, otherWordings };
}
