/**
 * documents.json from the research's documents/documents.json: the mechanisms' declarations, action
 * plans, outcome documents, reports..., each with its sources, linked to a meeting of the dataset only
 * where the link follows from the data (see linkMeeting); otherwise unlinked, with the reason for editors.
 */
import { readFileSync } from 'node:fs';
import { datePrecision, InputProblems, type Row, RowReader } from './input-check.js';
import type { Meeting } from './model.js';
import type { SourceAdder } from './types.js';
import { cmpStr, hi, lo } from './util.js';

export const DOCUMENTS_FILE = 'documents/documents.json';
/** When the documents research read its pages. */
const READ = '2026-12';

export const DOCUMENT_KINDS = [
  'action-plan',
  'agenda',
  'chairs-summary',
  'declaration',
  'factsheet',
  'guidelines',
  'handbook',
  'joint-conclusions',
  'outcome-document',
  'recommendations',
  'report',
  'statement',
  'strategy',
  'study',
  'terms-of-reference',
  'work-plan',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
const CONFIDENCE = ['high', 'medium', 'low'] as const;

/** How a document's meeting link was made (null: not linked). */
export type MeetingMatch = 'global_meeting' | 'date' | 'date+place';

export interface DocumentMeeting {
  /** the dataset's meeting id, or null when no link follows from the data */
  id: string | null;
  match: MeetingMatch | null;
  /** the research's wording of the meeting, and of its place */
  text: string | null;
  place: string | null;
  /** meetings of the dataset that could be it, when not linked (for editors) */
  candidates: string[];
  /** why the link was or was not made (for editors) */
  compilation_note: string | null;
}

export interface DocumentOut {
  id: string;
  title: string;
  /** titles in other languages, only where a source shows that wording */
  titles: Record<string, string>;
  kind: DocumentKind;
  date: string | null;
  date_precision: 'year' | 'month' | 'day' | null;
  mechanisms: string[];
  meeting: DocumentMeeting;
  adopted_by: string | null;
  /** language versions a source shows (ISO 639-1) */
  languages: string[];
  url: string | null;
  sources: string[];
  summary_facts: string[];
  structure_hint: string | null;
  confidence: 'high' | 'medium' | 'low';
  compilation_note: string | null;
}

export interface DocumentsContext {
  addSource: SourceAdder;
  mechanisms: ReadonlySet<string>;
  meetings: readonly Meeting[];
}

export interface DocumentsBuild {
  documents: DocumentOut[];
  /** report lines: how many were linked, and why the others were not */
  log: string[];
}

export function readDocuments(inputDir: string): unknown {
  return JSON.parse(readFileSync(`${inputDir}/${DOCUMENTS_FILE}`, 'utf8')) as unknown;
}

export function convertDocuments(data: unknown, ctx: DocumentsContext): DocumentsBuild {
  const p = new InputProblems(DOCUMENTS_FILE);
  const rows = p.rows(data);
  const meetingIds = new Set(ctx.meetings.map((m) => m.id));
  const seen = new Set<string>();
  const checked: { r: RowReader; doc: Omit<DocumentOut, 'sources' | 'meeting'>; urls: string[]; gm: string | null }[] =
    [];
  rows.forEach((row: Row, i) => {
    const r = new RowReader(p, i, row);
    const id = r.string('id');
    if (id !== '' && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) r.problem('id', 'expected a kebab-case id');
    if (seen.has(id)) r.problem('id', `duplicate id "${id}"`);
    seen.add(id);
    const mechanisms = r.strings('mechanisms');
    for (const m of mechanisms) r.ref('mechanisms', m, ctx.mechanisms, 'mechanism');
    const gm = r.has('global_meeting') ? r.string('global_meeting') : null;
    if (gm !== null && gm !== '') r.ref('global_meeting', gm, meetingIds, 'meeting');
    const languages = r.strings('languages');
    for (const l of languages) if (!/^[a-z]{2}$/.test(l)) r.problem('languages', `not an ISO 639-1 code: "${l}"`);
    const titles: Record<string, string> = {};
    if (r.has('titles')) {
      const t = row.titles;
      if (typeof t !== 'object' || t === null || Array.isArray(t))
        r.problem('titles', 'expected an object { language: title }');
      else
        for (const [lang, title] of Object.entries(t as Record<string, unknown>)) {
          if (!/^[a-z]{2}$/.test(lang)) r.problem('titles', `not an ISO 639-1 code: "${lang}"`);
          else if (typeof title !== 'string' || title.trim() === '')
            r.problem(`titles.${lang}`, 'expected a non-empty string');
          else titles[lang] = title;
        }
    }
    const date = r.dateOrNull('date');
    checked.push({
      r,
      gm,
      urls: r.urls('sources'),
      doc: {
        id,
        title: r.string('title'),
        titles,
        kind: r.oneOf('kind', DOCUMENT_KINDS),
        date,
        date_precision: datePrecision(date),
        mechanisms,
        adopted_by: r.stringOrNull('adopted_by'),
        languages,
        url: r.urlOrNull('url'),
        summary_facts: r.strings('summary_facts', { min: 1, max: 3 }),
        structure_hint: r.stringOrNull('structure_hint'),
        confidence: r.oneOf('confidence', CONFIDENCE),
        compilation_note: r.stringOrNull('note'),
      },
    });
    r.stringOrNull('meeting');
    r.stringOrNull('meeting_place');
  });
  p.throwIfAny();

  const tally = new Map<string, number>();
  const documents = checked.map(({ r, doc, urls, gm }) => {
    const meeting = linkMeeting(
      {
        date: doc.date,
        mechanisms: doc.mechanisms,
        globalMeeting: gm,
        text: (r.row.meeting as string | null) ?? null,
        place: (r.row.meeting_place as string | null) ?? null,
      },
      ctx.meetings,
    );
    const key = meeting.id !== null ? `linked (${meeting.match ?? ''})` : `not linked: ${unlinkedKind(meeting)}`;
    tally.set(key, (tally.get(key) ?? 0) + 1);
    return { ...doc, meeting, sources: [...new Set(urls.map((u) => ctx.addSource(u, null, READ)))] };
  });
  documents.sort((a, b) => cmpStr(a.id, b.id));
  const linked = documents.filter((d) => d.meeting.id !== null).length;
  const log = [
    `documents: ${documents.length}; linked to a meeting: ${linked}; not linked: ${documents.length - linked}`,
    ...[...tally].sort((a, b) => cmpStr(a[0], b[0])).map(([k, n]) => `  ${k}: ${n}`),
  ];
  return { documents, log };
}

/** The level of meeting the research's wording names, when it names exactly one. */
function levelNamed(text: string): 'ministerial' | 'senior-officials' | null {
  const som = /senior officials|\bSOM\b/i.test(text);
  const min = /ministerial|\bministers\b/i.test(text);
  return som === min ? null : som ? 'senior-officials' : 'ministerial';
}

/** A candidate whose kind is the other level than the one named. */
function contradicts(level: 'ministerial' | 'senior-officials' | null, m: Meeting): boolean {
  if (level === null) return false;
  return (m.kind === 'ministerial' || m.kind === 'senior-officials') && m.kind !== level;
}

function unlinkedKind(m: DocumentMeeting): string {
  if (m.text === null) return 'no meeting named';
  if (m.candidates.length > 1) return 'ambiguous (several meetings in the period)';
  if (m.candidates.length === 1) return 'one meeting in the period, not confirmed by an exact day or the place';
  return 'no meeting of its mechanisms in the dataset at that date';
}

/** Lower-case, accents removed, punctuation as spaces: for finding a city's name in the research wording. */
function fold(s: string): string {
  return ` ${s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()} `;
}

interface DocMeetingInput {
  date: string | null;
  mechanisms: readonly string[];
  globalMeeting: string | null;
  text: string | null;
  place: string | null;
}

/**
 * The link rule, in order:
 * 1. the research names the global meeting (`global_meeting`): that meeting;
 * 2. the document names no meeting, or is undated, or belongs to no mechanism: not linked;
 * 3. candidates: the dataset's meetings organised by one of the document's mechanisms whose dates
 *    (start to last day, at their precision) overlap the document's date (at its precision);
 *    and whose kind does not contradict the level the wording names (ministerial / senior officials');
 * 4. one candidate is linked when the document's day falls within its days (both dated to the day:
 *    `date`) or when the document is dated at least to the month and the meeting's city occurs in the
 *    research's wording of the meeting or its place (`date+place`; not when the wording names an event
 *    held beside another: "aligned with", "on the sidelines/margins of"); among several candidates, one is linked only when it alone has its city named and
 *    every other candidate has a known city that is not named. Anything else stays unlinked, with the
 *    candidates kept.
 */
export function linkMeeting(doc: DocMeetingInput, meetings: readonly Meeting[]): DocumentMeeting {
  const base = { text: doc.text, place: doc.place };
  if (doc.globalMeeting !== null) {
    return {
      ...base,
      id: doc.globalMeeting,
      match: 'global_meeting',
      candidates: [],
      compilation_note: 'Linked: the research names the global meeting (global_meeting).',
    };
  }
  const none = (why: string, candidates: string[] = []): DocumentMeeting => ({
    ...base,
    id: null,
    match: null,
    candidates,
    compilation_note: `Not linked: ${why}`,
  });
  if (doc.text === null) return none('the research names no meeting.');
  if (doc.date === null) return none('the document is undated, so no meeting can be matched by date.');
  if (doc.mechanisms.length === 0) return none('the document belongs to no mechanism of the dataset.');
  const date = doc.date;
  const inPeriod = meetings
    .filter((m) => m.mechanism !== null && doc.mechanisms.includes(m.mechanism))
    .filter((m) => lo(m.start) <= hi(date) && lo(date) <= hi(m.end ?? m.start))
    .sort((a, b) => cmpStr(a.id, b.id));
  if (inPeriod.length === 0)
    return none(`no meeting of ${doc.mechanisms.join(', ')} in the dataset overlaps the document's date ${date}.`);
  const level = levelNamed(doc.text);
  const candidates = inPeriod.filter((m) => !contradicts(level, m));
  if (candidates.length === 0)
    return none(
      `the meetings in the period (${inPeriod.map((m) => m.id).join(', ')}) are not ${level ?? ''} meetings, which the research's wording names.`,
      inPeriod.map((m) => m.id),
    );
  const words = fold(`${doc.text} ${doc.place ?? ''}`);
  // A city confirms a link only when the document is dated at least to the month, and not when the wording
  // names an event held beside another ("aligned with", "on the sidelines of"): the city is then both's.
  const beside = /aligned with|on the sidelines of|on the margins of/i.test(doc.text);
  const placeNamed = (m: Meeting): boolean =>
    !beside && date.length >= 7 && m.city !== null && words.includes(fold(m.city));
  const dayWithin = (m: Meeting): boolean =>
    date.length === 10 && m.start.length === 10 && m.start <= date && date <= (m.end ?? m.start);
  const ids = candidates.map((m) => m.id);
  const only = candidates[0] as Meeting;
  if (candidates.length === 1) {
    if (dayWithin(only))
      return {
        ...base,
        id: only.id,
        match: 'date',
        candidates: [],
        compilation_note: `Linked: the only meeting of the mechanism in the period, and the document's day ${date} is one of its days.`,
      };
    if (placeNamed(only))
      return {
        ...base,
        id: only.id,
        match: 'date+place',
        candidates: [],
        compilation_note: `Linked: the only meeting of the mechanism in the period (${date}), and its city (${only.city ?? ''}) is named in the research's wording.`,
      };
    return none(
      `one meeting of the mechanism in the period (${only.id}), but the dates are not both to the day and its city is not named in the research's wording ("${doc.text}").`,
      ids,
    );
  }
  const named = candidates.filter(placeNamed);
  const othersExcluded = candidates.every((m) => named.includes(m) || m.city !== null);
  if (named.length === 1 && othersExcluded) {
    const m = named[0] as Meeting;
    return {
      ...base,
      id: m.id,
      match: 'date+place',
      candidates: [],
      compilation_note: `Linked: of ${candidates.length} meetings in the period (${ids.join(', ')}), only this one's city (${m.city ?? ''}) is named in the research's wording.`,
    };
  }
  return none(
    `${candidates.length} meetings of the mechanism in the period (${ids.join(', ')}); none is singled out by its day or city.`,
    ids,
  );
}
