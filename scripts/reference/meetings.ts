/** Builds and validates meetings.json from the hand-written specs and the input. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GLOBAL_SERIES, GLOBAL_SERIES_ID, GLOBAL_SPECS, type GlobalDocSpec } from './global-meetings.js';
import type { RawGlobalMeeting, RawMechanism } from './input.js';
import { MECHANISM_MEETINGS } from './mechanism-meetings.js';
import type {
  AgendaItem,
  Mechanism,
  Meeting,
  MeetingDocument,
  MeetingKind,
  MeetingParticipant,
  MeetingRole,
  MeetingSeries,
  MeetingsFile,
  ReportedCount,
} from './model.js';
import { SourceRegistry } from './sources.js';
import { ACCESSED, cmpStr, fail, isDate, joinNotes, lo, readJson, yearOf } from './util.js';

export function normName(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Resolves a mechanism as a source names it ("Name (ACR / other name)") through names, aliases and acronyms. */
export function mechanismMatcher(mechanisms: Mechanism[]): (wording: string) => string | null {
  const index = new Map<string, Set<string>>();
  const put = (key: string, id: string): void => {
    const k = normName(key);
    const set = index.get(k) ?? new Set<string>();
    set.add(id);
    index.set(k, set);
  };
  for (const m of mechanisms) {
    put(m.name, m.id);
    if (m.acronym !== null) put(m.acronym, m.id);
    for (const n of m.names) put(n.name, m.id);
  }
  return (wording: string): string | null => {
    const full = wording.split(' - ')[0] as string;
    const candidates = [wording, full];
    const paren = /^(.*\S)\s*\(([^()]*)\)$/.exec(full);
    if (paren !== null) {
      candidates.push(paren[1] as string, ...(paren[2] as string).split(' / '));
    }
    const hits = new Set<string>();
    for (const c of candidates) for (const id of index.get(normName(c)) ?? []) hits.add(id);
    return hits.size === 1 ? ([...hits][0] as string) : null;
  };
}

export interface MeetingsBuild {
  file: MeetingsFile;
  globalCount: number;
  nameMatches: string[];
}

export function buildMeetings(
  inputDir: string,
  sources: SourceRegistry,
  rawMechanisms: RawMechanism[],
  mechanismsOut: Mechanism[],
): MeetingsBuild {
  const rawGlobal = readJson<RawGlobalMeeting[]>(join(inputDir, 'global-meetings.json'));
  if (!Array.isArray(rawGlobal)) fail('unexpected shape of global-meetings.json');
  const notesFiles: Record<string, string> = {};
  for (const f of ['notes-irfs-global.md', 'notes-rcps.md']) notesFiles[f] = readFileSync(join(inputDir, f), 'utf8');
  const matchMechanism = mechanismMatcher(mechanismsOut);
  const meetings: Meeting[] = [];
  const nameMatches: string[] = [];

  /** Source ids for URLs that must be among the URLs the fact's record cites. */
  const idsWithin = (where: string, urls: string[], allowed: string[]): string[] => {
    for (const u of urls) if (!allowed.includes(u)) fail(`${where}: ${u} is not among the record's sources`);
    return sources.ids(urls);
  };
  const mustContain = (where: string, text: string | null | undefined, part: string): void => {
    if (text === null || text === undefined || !text.includes(part))
      fail(`${where}: "${part}" does not occur in the input`);
  };

  // ------------------------------------------------------------------ the global meetings
  const seriesSourceUrls = new Set<string>();
  const usedSpecs = new Set<string>();
  for (const r of rawGlobal) {
    const spec = GLOBAL_SPECS[r.id] ?? fail(`global meeting ${r.id}: no entry in GLOBAL_SPECS`);
    usedSpecs.add(r.id);
    const expectedKind: Record<RawGlobalMeeting['kind'], MeetingKind> = {
      precursor: 'other',
      grcp: 'global-meeting',
      global_iscm_event: 'webinar',
      side_event: 'side-event',
    };
    if (expectedKind[r.kind] !== spec.kind) fail(`${r.id}: input kind ${r.kind} but kind ${spec.kind}`);
    if (spec.inSeries !== (r.kind === 'grcp')) fail(`${r.id}: only the numbered GRCPs are in the series`);
    if (spec.online && (r.city !== null || r.country_iso3 !== null)) fail(`${r.id}: online meeting with a place`);
    if (spec.online && !/online|virtual/i.test(`${r.host ?? ''} ${r.title} ${r.notes ?? ''}`))
      fail(`${r.id}: not said to be online`);
    if (spec.inSeries) for (const u of GLOBAL_SERIES.sourceUrls) if (r.sources.includes(u)) seriesSourceUrls.add(u);

    const field = (name: string): string | null => {
      switch (name) {
        case 'host':
          return r.host;
        case 'notes':
          return r.notes;
        case 'title':
          return r.title;
        case 'participants':
          return r.participants;
        case 'iscms_represented.note':
          return r.iscms_represented.note;
        case 'outcome_documents':
          return r.outcome_documents.join('\n');
        default:
          return fail(`${r.id}: unknown field ${name}`);
      }
    };
    const meetingSources = sources.ids(r.sources);
    const partSources = (where: string, urls: string[] | undefined): string[] =>
      urls === undefined ? meetingSources : idsWithin(where, urls, r.sources);

    const participants: MeetingParticipant[] = [];
    for (const p of spec.participants) {
      mustContain(`${r.id} participant`, field(p.in), p.name);
      participants.push({
        mechanism: p.mechanism ?? null,
        country: p.country ?? null,
        organization: p.organization ?? null,
        name_in_source: p.name,
        role: p.role,
        sources: partSources(`${r.id} participant ${p.name}`, p.sources),
      });
    }
    if (r.iscms_represented.names.length > 0 && spec.namesRole === undefined)
      fail(`${r.id}: named ISCMs without a role`);
    for (const name of r.iscms_represented.names) {
      const id = matchMechanism(name);
      nameMatches.push(`${r.id}: "${name}" -> ${id ?? 'UNMATCHED (ids left null)'}`);
      participants.push({
        mechanism: id,
        country: null,
        organization: null,
        name_in_source: name,
        role: spec.namesRole as MeetingRole,
        sources: partSources(`${r.id} named ISCMs`, spec.namesSources),
      });
    }

    const counts: ReportedCount[] = [];
    for (const c of spec.counts) {
      let note: string | null;
      if (c.in === 'iscms_represented.count') {
        if (r.iscms_represented.count !== c.count)
          fail(`${r.id}: count ${c.count} is not the input's ${r.iscms_represented.count}`);
        note = joinNotes([r.iscms_represented.note, c.note]);
      } else {
        const quote = c.quote ?? fail(`${r.id}: count without a quote`);
        mustContain(`${r.id} count`, field(c.in), quote);
        if (!quote.includes(String(c.count))) fail(`${r.id}: quote "${quote}" does not state ${c.count}`);
        note = joinNotes([`"${quote}"`, c.note]);
      }
      counts.push({ what: c.what, count: c.count, note, sources: partSources(`${r.id} count`, c.sources) });
    }
    if (r.iscms_represented.count !== null && !spec.counts.some((c) => c.in === 'iscms_represented.count'))
      fail(`${r.id}: ISCM count dropped`);
    if (r.participants !== null && !spec.counts.some((c) => c.in === 'participants'))
      fail(`${r.id}: participant figures dropped`);

    const agenda: AgendaItem[] = (spec.agenda?.items ?? []).map((title, i) => {
      mustContain(`${r.id} agenda`, field(spec.agenda?.in ?? ''), title);
      return { order: i + 1, title, time: null, speakers: [] };
    });

    if (spec.documents.length !== r.outcome_documents.length)
      fail(`${r.id}: ${r.outcome_documents.length} outcome documents, ${spec.documents.length} specs`);
    const documents: MeetingDocument[] = r.outcome_documents.map((title, i) => {
      const d = spec.documents[i] as GlobalDocSpec;
      return {
        title,
        kind: d.kind,
        date: d.date ?? null,
        language: d.language ?? null,
        url: null,
        sources: partSources(`${r.id} document ${i}`, d.sources),
      };
    });

    const unverifiedSpecs = spec.unverified ?? [];
    if (unverifiedSpecs.length !== r.from_recall.length)
      fail(`${r.id}: from_recall entries and unverified specs differ`);
    const unverified = r.from_recall.map((entry, i) => {
      const u = unverifiedSpecs[i] as { field: string; note?: string };
      return { field: u.field, note: joinNotes([entry, u.note]) as string };
    });

    meetings.push({
      id: r.id,
      series: spec.inSeries ? GLOBAL_SERIES_ID : null,
      mechanism: spec.mechanism,
      ordinal: r.ordinal,
      title: r.title,
      kind: spec.kind,
      start: r.date,
      end: r.date_end,
      city: r.city,
      country: r.country_iso3,
      online: spec.online,
      host: r.host,
      theme: r.theme,
      status: 'held',
      participants,
      reported_counts: counts,
      agenda,
      documents,
      sources: meetingSources,
      unverified_fields: unverified,
      notes: joinNotes([
        r.notes,
        r.iscms_represented.count === null ? `ISCMs represented: ${r.iscms_represented.note}` : null,
        spec.note,
      ]),
    });
  }
  for (const id of Object.keys(GLOBAL_SPECS))
    if (!usedSpecs.has(id)) fail(`GLOBAL_SPECS entry ${id} matches no input record`);
  for (const u of GLOBAL_SERIES.sourceUrls)
    if (!seriesSourceUrls.has(u)) fail(`series source ${u} is cited by no GRCP record`);

  // ------------------------------------------------------------------ the mechanisms' own meetings
  const rawById = new Map(rawMechanisms.map((m) => [m.id, m]));
  for (const s of MECHANISM_MEETINGS) {
    const m = rawById.get(s.mechanism) ?? fail(`meeting for unknown mechanism ${s.mechanism}`);
    const id = `${s.mechanism}-${s.start.slice(0, 4)}-${s.slug}`;
    const field = (name: string): string | null => {
      const ko = /^key_outputs\[(\d+)\]$/.exec(name);
      if (ko !== null) return m.key_outputs[Number(ko[1])]?.title ?? fail(`${id}: no ${name}`);
      const al = /^aliases\[(\d+)\]$/.exec(name);
      if (al !== null) return m.aliases[Number(al[1])] ?? fail(`${id}: no ${name}`);
      if (name === 'status_note') return m.status_note;
      if (name === 'notes') return m.notes;
      if (name === 'structure') return m.structure;
      if (name === 'name') return m.name;
      return notesFiles[name] ?? fail(`${id}: unknown field ${name}`);
    };
    if (s.quotes.length === 0) fail(`${id}: no quote`);
    for (const q of s.quotes) mustContain(`${id} quote`, field(q.in), q.text);
    const quoted = s.quotes.map((q) => q.text).join('\n');
    if (s.city !== undefined) mustContain(`${id} city`, quoted, s.city);
    if (s.theme !== undefined) mustContain(`${id} theme`, quoted, s.theme);
    if (s.host !== undefined) mustContain(`${id} host`, quoted, s.host);
    const mechSources = sources.ids(m.sources);
    const partSources = (where: string, urls: string[] | undefined): string[] =>
      urls === undefined ? mechSources : idsWithin(where, urls, m.sources);

    const participants: MeetingParticipant[] = (s.participants ?? []).map((p) => {
      mustContain(`${id} participant`, field(p.in), p.name);
      return {
        mechanism: p.mechanism ?? null,
        country: p.country ?? null,
        organization: p.organization ?? null,
        name_in_source: p.name,
        role: p.role,
        sources: partSources(`${id} participant ${p.name}`, p.sources),
      };
    });
    const counts: ReportedCount[] = (s.counts ?? []).map((c) => {
      const quote = c.quote ?? fail(`${id}: count without a quote`);
      mustContain(`${id} count`, field(c.in), quote);
      if (!quote.includes(String(c.count))) fail(`${id}: quote "${quote}" does not state ${c.count}`);
      return {
        what: c.what,
        count: c.count,
        note: joinNotes([`"${quote}"`, c.note]),
        sources: partSources(`${id} count`, c.sources),
      };
    });
    const documents: MeetingDocument[] = (s.documents ?? []).map((d) => {
      const ko = m.key_outputs[d.ko] ?? fail(`${id}: no key_outputs[${d.ko}]`);
      if (ko.year !== null && ko.year !== yearOf(s.start))
        fail(`${id}: key output of ${ko.year} attached to a meeting of ${s.start}`);
      return { title: ko.title, kind: d.kind, date: d.date ?? null, language: null, url: null, sources: mechSources };
    });
    const unverified = (s.unverified ?? []).map((u) => {
      const entry =
        m.from_recall.find((e) => e.startsWith(u.recall)) ?? fail(`${id}: no from_recall entry "${u.recall}"`);
      return { field: u.field, note: joinNotes([entry, u.note]) as string };
    });
    meetings.push({
      id,
      series: null,
      mechanism: m.id,
      ordinal: s.ordinal,
      title: s.title,
      kind: s.kind,
      start: s.start,
      end: s.end ?? null,
      city: s.city ?? null,
      country: s.country ?? null,
      online: s.online ?? false,
      host: s.host ?? null,
      theme: s.theme ?? null,
      status: s.status ?? 'held',
      participants,
      reported_counts: counts,
      agenda: [],
      documents,
      sources: mechSources,
      unverified_fields: unverified,
      notes: joinNotes([...s.quotes.map((q) => `${q.in}: "${q.text}"`), s.note]),
    });
  }

  meetings.sort((a, b) => cmpStr(lo(a.start), lo(b.start)) || cmpStr(a.id, b.id));
  const series: MeetingSeries[] = [
    {
      id: GLOBAL_SERIES.id,
      name: GLOBAL_SERIES.name,
      note: GLOBAL_SERIES.note,
      sources: sources.ids(GLOBAL_SERIES.sourceUrls),
    },
  ];
  return { file: { series, meetings }, globalCount: rawGlobal.length, nameMatches };
}

export function validateMeetings(
  f: MeetingsFile,
  srcIds: Set<string>,
  orgIds: Set<string>,
  mechIds: Set<string>,
): string[] {
  const problems: string[] = [];
  const checkSources = (where: string, ids: string[]): void => {
    if (ids.length === 0) problems.push(`${where}: no sources`);
    for (const id of ids) if (!srcIds.has(id)) problems.push(`${where}: unknown source ${id}`);
  };
  const seriesIds = new Set<string>();
  for (const s of f.series) {
    seriesIds.add(s.id);
    checkSources(`series ${s.id}`, s.sources);
  }
  const ids = new Set<string>();
  for (const m of f.meetings) {
    const w = `meeting ${m.id}`;
    if (ids.has(m.id)) problems.push(`${w}: duplicate id`);
    ids.add(m.id);
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(m.id)) problems.push(`${w}: id not kebab-case`);
    if (m.series !== null && !seriesIds.has(m.series)) problems.push(`${w}: unknown series`);
    if (m.mechanism !== null && !mechIds.has(m.mechanism)) problems.push(`${w}: unknown mechanism ${m.mechanism}`);
    if (!isDate(m.start)) problems.push(`${w}: bad start ${m.start}`);
    if (m.end !== null && (!isDate(m.end) || !(lo(m.end) > lo(m.start))))
      problems.push(`${w}: end ${m.end} not after start ${m.start}`);
    if (m.country !== null && !/^[A-Z]{3}$/.test(m.country)) problems.push(`${w}: bad country ${m.country}`);
    if (m.online && (m.city !== null || m.country !== null)) problems.push(`${w}: online meeting with a place`);
    if (m.status === 'held' && lo(m.start) > `${ACCESSED}-31`) problems.push(`${w}: held after the sources were read`);
    checkSources(w, m.sources);
    m.participants.forEach((p, i) => {
      if ([p.mechanism, p.country, p.organization].filter((x) => x !== null).length > 1)
        problems.push(`${w}.participants[${i}]: more than one id`);
      if (p.mechanism !== null && !mechIds.has(p.mechanism))
        problems.push(`${w}.participants[${i}]: unknown mechanism ${p.mechanism}`);
      if (p.organization !== null && !orgIds.has(p.organization))
        problems.push(`${w}.participants[${i}]: unknown organization ${p.organization}`);
      if (p.country !== null && !/^[A-Z]{3}$/.test(p.country))
        problems.push(`${w}.participants[${i}]: bad country ${p.country}`);
      if (p.name_in_source.trim() === '') problems.push(`${w}.participants[${i}]: no name`);
      checkSources(`${w}.participants[${i}]`, p.sources);
    });
    m.reported_counts.forEach((c, i) => {
      if (!Number.isInteger(c.count) || c.count <= 0) problems.push(`${w}.reported_counts[${i}]: bad count`);
      checkSources(`${w}.reported_counts[${i}]`, c.sources);
    });
    m.agenda.forEach((a, i) => {
      if (a.order !== i + 1) problems.push(`${w}.agenda[${i}]: order`);
    });
    m.documents.forEach((d, i) => {
      if (d.date !== null && !isDate(d.date)) problems.push(`${w}.documents[${i}]: bad date`);
      checkSources(`${w}.documents[${i}]`, d.sources);
    });
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------
