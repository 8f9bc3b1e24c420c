/**
 * Imports the meetings research of December 2026 (../shared/data/reference/meetings/meetings-additions.json
 * and notes.md): new meetings, checks of existing ones, and, per mechanism, whether its meeting record is
 * known to be incomplete. Data in, data out; the same input gives the same records in the same order.
 *
 * Dates: the research gives `end` as the last day (inclusive). meetings.json keeps a meeting's `end` as
 * its last day too (FORMAT.md: "Unlike the intervals elsewhere in this dataset, `end` is the last day"),
 * so the value is carried over unchanged; a one-day meeting (end = start) has `end` null.
 */
import { readFileSync } from 'node:fs';
import { appendNote, type MeetingKindOut, type MeetingOut, type SourceAdder } from './types.js';

const READ = '2026-12';

interface Addition {
  new: boolean;
  suggested_id: string | null;
  existing_id: string | null;
  existing_check: string | null;
  mechanism: string;
  kind: 'ministerial' | 'summit' | 'senior-officials' | 'plenary' | 'thematic' | 'working-group' | 'other';
  ordinal: number | null;
  title: string;
  start: string;
  end: string | null;
  city: string | null;
  country: string | null;
  online: boolean;
  host_chair: string | null;
  outcome_document: string | null;
  status: 'held' | 'planned';
  url: string;
  other_urls: string[];
  confidence: 'high' | 'medium' | 'low';
  inference: string[];
  notes: string | null;
}

/** A mechanism's meeting record as the research found it: complete, or incomplete with its known gaps. */
export interface MeetingCoverage {
  mechanism: string;
  complete: boolean;
  /** The month the record was last checked against the sources. */
  checked: string;
  gaps: string | null;
  note: string | null;
}

/**
 * The gaps the research names (notes.md, "Known gaps" and "Per mechanism"): these records are known to be
 * incomplete. Mechanisms the research did not cover have no entry (their completeness is unknown).
 */
const GAPS: Record<string, string> = {
  'intergovernmental-consultations-migration-asylum-refugees':
    'the Full Rounds (none has a date or place in the sources seen)',
  'mediterranean-transit-migration-dialogue':
    'the meetings of the 2009+ phase (The Hague, Addis Ababa, Damascus, London, Athens: undated)',
  'eu-celac-migration-dialogue': 'anything after 2014',
  'arab-regional-consultative-process': 'anything after 2017',
  midwa: 'anything after 2020, and the 1st-3rd ministerials',
  'abu-dhabi-dialogue': 'confirmation of the 1st-3rd Ministerial Consultations; a 2025 virtual SOM seen without a date',
  'khartoum-process': "the Senior Officials' Meetings of 2017-18 and 2021-23",
  'rabat-process': "the Senior Officials' Meetings of 2012-17",
  'budapest-process': "the Senior Officials' Meetings of 2015-23, except 2017",
  'prague-process': '2018-21 and 2024-25',
  'colombo-process': '2019-23 and 2025',
  'south-american-conference-on-migration':
    'the XII, XIV-XVII and XIX conferences, and confirmation that the XXII was held',
  'regional-conference-on-migration':
    'most conferences of 2001-13, the XX, XXII, XXIII, XXVII (2022) and those of 2024-25',
  'igad-rcp': 'anything after 2023',
  midsa: '2024-25',
  'pan-african-forum-migration': '2024 onward',
  'international-dialogue-migration': '2023 (not re-verified), the second 2019 session and 2025',
  'global-forum-migration-development': '2026 (no chair or summit found after Colombia)',
  'bali-process': 'anything after February 2023',
  'almaty-process': 'the 2nd Ministerial Conference',
  'asean-forum-migrant-labour': 'the 1st-9th, 12th and 14th-17th forums (held annually since 2008; four are recorded)',
};

const COVERAGE_NOTE =
  "From ISCM Hub's meetings research of December 2026, which found these gaps in the stored sources; a gap does " +
  'not show that no meeting took place.';

export interface AdditionsResult {
  added: number;
  checked: number;
  changed: string[];
  coverage: MeetingCoverage[];
}

function fail(message: string): never {
  throw new Error(`meetings additions: ${message}`);
}

function lo(d: string): string {
  return d.length === 4 ? `${d}-01-01` : d.length === 7 ? `${d}-01` : d;
}

function kindOf(a: Addition, global: boolean): MeetingKindOut {
  const workshop = /workshop/i.test(a.title);
  if (global) return workshop ? 'workshop' : 'global-meeting';
  switch (a.kind) {
    case 'ministerial':
      // The product codes the RCM's vice-ministerial meetings `other` (notes.md, "Method").
      return a.mechanism === 'regional-conference-on-migration' ? 'other' : 'ministerial';
    case 'senior-officials':
    case 'working-group':
      return a.kind;
    case 'thematic':
      return workshop ? 'workshop' : 'other';
    default:
      return 'other';
  }
}

function endOf(a: Addition): string | null {
  if (a.end === null || a.end === a.start) return null;
  if (lo(a.end) < lo(a.start))
    fail(`${a.suggested_id ?? a.existing_id ?? a.title}: end ${a.end} before start ${a.start}`);
  return a.end;
}

function researchNotes(a: Addition): string | null {
  const parts = [a.notes, a.inference.length > 0 ? `Inferred: ${a.inference.join('; ')}.` : null].filter(
    (x): x is string => x !== null && x.length > 0,
  );
  return parts.length > 0 ? parts.join(' ') : null;
}

function place(city: string | null, country: string | null, online: boolean): string {
  return online ? 'online' : [city, country].filter((x) => x !== null).join(', ') || 'unknown';
}

/**
 * Adds the new meetings and applies the checks to `meetings` (in place), then sorts them as the
 * converter does (start, then id).
 */
export function importMeetingAdditions(
  path: string,
  meetings: MeetingOut[],
  mechanisms: { id: string; levels: { level: string }[] }[],
  addSource: SourceAdder,
): AdditionsResult {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Addition[];
  if (!Array.isArray(raw)) fail('expected an array');
  const mechIds = new Set(mechanisms.map((m) => m.id));
  const global = new Set(mechanisms.filter((m) => m.levels[m.levels.length - 1]?.level === 'global').map((m) => m.id));
  const byId = new Map(meetings.map((m) => [m.id, m]));
  const changed: string[] = [];
  let added = 0;
  let checked = 0;

  for (const a of raw) {
    if (!mechIds.has(a.mechanism)) fail(`unknown mechanism ${a.mechanism}`);
    const srcs = [a.url, ...a.other_urls].map((u) => addSource(u, null, READ));
    const sources = [...new Set(srcs)];
    const end = endOf(a);
    if (a.new) {
      const id = a.suggested_id ?? fail(`new record without suggested_id: ${a.title}`);
      if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id) || !id.startsWith(`${a.mechanism}-`)) fail(`bad id ${id}`);
      if (byId.has(id)) fail(`id ${id} already exists`);
      const m: MeetingOut = {
        id,
        series: null,
        mechanism: a.mechanism,
        ordinal: a.ordinal,
        title: a.title,
        kind: kindOf(a, global.has(a.mechanism)),
        start: a.start,
        end,
        city: a.online ? null : a.city,
        country: a.online ? null : a.country,
        online: a.online,
        host: a.host_chair,
        theme: null,
        status: a.status,
        participants: [],
        reported_counts: [],
        agenda: [],
        documents:
          a.outcome_document === null
            ? []
            : [{ title: a.outcome_document, kind: 'outcome', date: null, language: null, url: null, sources }],
        sources,
        unverified_fields:
          a.confidence === 'low'
            ? [
                {
                  field: 'record',
                  note: 'Low confidence in the research (an inferred year or ordinal, or an indirect source).',
                },
              ]
            : [],
        notes: researchNotes(a),
      };
      meetings.push(m);
      byId.set(id, m);
      added += 1;
      continue;
    }
    const id = a.existing_id ?? fail(`check without existing_id: ${a.title}`);
    const m = byId.get(id) ?? fail(`check of unknown meeting ${id}`);
    if (m.mechanism !== a.mechanism) fail(`${id}: mechanism ${m.mechanism} vs ${a.mechanism}`);
    checked += 1;
    const edits: string[] = [];
    // Date: a less precise restatement of the record's date keeps it; an end not stated keeps the record's.
    const lessPrecise = m.start.startsWith(a.start) && a.start.length < m.start.length && end === null;
    const newStart = m.start !== a.start && !lessPrecise;
    const newEnd = !newStart && m.start === a.start && end !== null && end !== m.end;
    if (newStart || newEnd) {
      const before = `${m.start}${m.end !== null ? ` to ${m.end}` : ''}`;
      edits.push(`date ${before} → ${a.start}${end !== null ? ` to ${end}` : ''}`);
      m.notes = appendNote(m.notes, `Previous date (before the check of December 2026): ${before}.`);
      m.start = a.start;
      m.end = end;
    }
    const city = a.online ? null : a.city;
    const country = a.online ? null : a.country;
    if ((city !== null && city !== m.city) || (country !== null && country !== m.country) || a.online !== m.online) {
      const before = place(m.city, m.country, m.online);
      edits.push(`place ${before} → ${place(city ?? m.city, country ?? m.country, a.online)}`);
      m.notes = appendNote(m.notes, `Previous place (before the check of December 2026): ${before}.`);
      if (a.online) {
        m.city = null;
        m.country = null;
      } else {
        m.city = city ?? m.city;
        m.country = country ?? m.country;
      }
      m.online = a.online;
    }
    if (a.status === 'held' && m.status !== 'held') {
      edits.push(`status ${m.status} → held`);
      // The converter's "planned when the source was read" remark no longer describes the record.
      const stale = /Planned when the source was read(; whether and when it took place is not in the input)?\. ?/;
      m.notes = appendNote(
        m.notes === null ? null : m.notes.replace(stale, '').replace(/ \| $/, '') || null,
        `Previous status (before the check of December 2026): ${m.status}.`,
      );
      m.status = 'held';
    }
    if (m.ordinal === null && a.ordinal !== null) {
      m.ordinal = a.ordinal;
      edits.push(`ordinal ${a.ordinal}`);
    }
    if (m.host === null && a.host_chair !== null) m.host = a.host_chair;
    if (a.outcome_document !== null && !m.documents.some((d) => d.title === a.outcome_document)) {
      m.documents.push({ title: a.outcome_document, kind: 'outcome', date: null, language: null, url: null, sources });
    }
    for (const s of sources) if (!m.sources.includes(s)) m.sources.push(s);
    m.notes = appendNote(
      m.notes,
      `Checked in December 2026: ${a.existing_check ?? 'confirmed'}.${researchNotes(a) !== null ? ` ${researchNotes(a)}` : ''}`,
    );
    if (edits.length > 0) changed.push(`${id}: ${edits.join('; ')}`);
  }

  meetings.sort((x, y) =>
    lo(x.start) < lo(y.start) ? -1 : lo(x.start) > lo(y.start) ? 1 : x.id < y.id ? -1 : x.id > y.id ? 1 : 0,
  );
  const coverage: MeetingCoverage[] = Object.entries(GAPS)
    .map(([mechanism, gaps]) => {
      if (!mechIds.has(mechanism)) fail(`coverage for unknown mechanism ${mechanism}`);
      return { mechanism, complete: false, checked: READ, gaps, note: COVERAGE_NOTE };
    })
    .sort((x, y) => (x.mechanism < y.mechanism ? -1 : 1));
  return { added, checked, changed, coverage };
}
