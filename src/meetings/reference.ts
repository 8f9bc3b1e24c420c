/**
 * meetings.json in the reference dataset: its schema, the checks against the rest of the dataset (by the ids the
 * registry's part publishes), and the write — the `meetings` reference part (src/reference/part.ts).
 */
import Type, { type Static } from 'typebox';
import type { LoadProblem, ReferenceInput, ReferencePart, SchemaError } from '../reference/part.js';
import { compareDates, isPartialDate } from '../registry/model.js';
import { COUNT_KINDS, MEETING_KINDS, MEETING_STATUSES, PARTICIPANT_ROLES } from './model.js';
import { applyMeetings, type MeetingsLoadSummary } from './store.js';

const NS = Type.Union([Type.Null(), Type.String()]);
const Ids = Type.Array(Type.String());
/** How a fact was compiled: for editors and the history page, never a public page (as in registry/reference.ts). */
const CN = Type.Optional(NS);
const UnverifiedField = Type.Object(
  { field: Type.String(), note: NS, compilation_note: CN },
  { additionalProperties: false },
);
const strict = { additionalProperties: false } as const;

export const MeetingsFile = Type.Object(
  {
    series: Type.Array(
      Type.Object(
        {
          id: Type.String({ pattern: '^[a-z0-9-]+$' }),
          name: Type.String({ minLength: 1 }),
          note: NS,
          compilation_note: CN,
          sources: Ids,
        },
        strict,
      ),
    ),
    meetings: Type.Array(
      Type.Object(
        {
          id: Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' }),
          series: NS,
          mechanism: NS,
          ordinal: Type.Union([Type.Null(), Type.Integer({ minimum: 0 })]),
          title: Type.String({ minLength: 1 }),
          kind: Type.Enum(MEETING_KINDS),
          start: Type.String(),
          end: NS,
          city: NS,
          country: NS,
          online: Type.Boolean(),
          host: NS,
          theme: NS,
          status: Type.Enum(MEETING_STATUSES),
          participants: Type.Array(
            Type.Object(
              {
                mechanism: NS,
                country: NS,
                organization: NS,
                name_in_source: Type.String({ minLength: 1 }),
                role: Type.Enum(PARTICIPANT_ROLES),
                sources: Ids,
              },
              strict,
            ),
          ),
          reported_counts: Type.Array(
            Type.Object(
              {
                what: Type.Enum(COUNT_KINDS),
                count: Type.Integer({ minimum: 0 }),
                note: NS,
                compilation_note: CN,
                sources: Ids,
              },
              strict,
            ),
          ),
          agenda: Type.Array(
            Type.Object(
              {
                order: Type.Integer({ minimum: 0 }),
                title: Type.String({ minLength: 1 }),
                time: NS,
                speakers: Type.Array(Type.String()),
              },
              strict,
            ),
          ),
          documents: Type.Array(
            Type.Object(
              {
                title: Type.String({ minLength: 1 }),
                kind: Type.Enum(['outcome', 'report', 'other']),
                date: NS,
                language: NS,
                url: Type.Union([Type.Null(), Type.String({ pattern: '^https?://' })]),
                sources: Ids,
              },
              strict,
            ),
          ),
          sources: Ids,
          unverified_fields: Type.Array(UnverifiedField),
          notes: NS,
          compilation_note: CN,
        },
        strict,
      ),
    ),
    /** Whether a mechanism's meeting record is known to be complete (December 2026); absent = not known. */
    coverage: Type.Optional(
      Type.Array(
        Type.Object(
          {
            mechanism: Type.String(),
            complete: Type.Boolean(),
            checked: Type.String({ pattern: '^[0-9]{4}(-[0-9]{2}){0,2}$' }),
            gaps: NS,
            note: NS,
          },
          strict,
        ),
      ),
    ),
  },
  strict,
);

export type MeetingsFile = Static<typeof MeetingsFile>;
export type MeetingRecord = MeetingsFile['meetings'][number];

interface Known {
  sources: ReadonlySet<string>;
  mechanisms: ReadonlySet<string>;
  organizations: ReadonlySet<string>;
  countries: ReadonlySet<string>;
}

export function validateMeetings(
  raw: unknown,
  known: Known,
  schemaErrors: (schema: typeof MeetingsFile, value: unknown) => Iterable<SchemaError>,
): { data: MeetingsFile | null; problems: LoadProblem[] } {
  const file = 'meetings.json';
  const problems: LoadProblem[] = [];
  const p = (record: string, field: string, message: string) => problems.push({ file, record, field, message });
  const errors = [...schemaErrors(MeetingsFile, raw)].filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'boolean');
  if (errors.length) {
    const seen = new Set<string>();
    for (const e of errors) {
      const parts = e.instancePath.split('/').filter(Boolean);
      const [list, index, ...rest] = parts;
      const rec =
        list && index !== undefined
          ? ((raw as Record<string, { id?: string }[]>)[list]?.[Number(index)]?.id ?? `${list}#${index}`)
          : '-';
      const field = rest.join('.') || '-';
      if (seen.has(`${rec}|${field}`)) continue;
      seen.add(`${rec}|${field}`);
      p(rec, field, e.message);
    }
    return { data: null, problems };
  }
  const data = raw as MeetingsFile;
  const seriesIds = new Set<string>();
  for (const s of data.series) {
    if (seriesIds.has(s.id)) p(s.id, 'id', 'duplicate id');
    seriesIds.add(s.id);
    s.sources.forEach((id, i) => {
      if (!known.sources.has(id)) p(s.id, `sources.${i}`, `unknown source "${id}"`);
    });
  }
  const covered = new Set<string>();
  for (const c of data.coverage ?? []) {
    if (!known.mechanisms.has(c.mechanism))
      p(`coverage:${c.mechanism}`, 'mechanism', `unknown mechanism "${c.mechanism}"`);
    if (covered.has(c.mechanism)) p(`coverage:${c.mechanism}`, 'mechanism', 'duplicate mechanism');
    covered.add(c.mechanism);
  }
  const ids = new Set<string>();
  for (const m of data.meetings) {
    if (ids.has(m.id)) p(m.id, 'id', 'duplicate id');
    ids.add(m.id);
    if (m.series !== null && !seriesIds.has(m.series)) p(m.id, 'series', `unknown series "${m.series}"`);
    if (m.mechanism !== null && !known.mechanisms.has(m.mechanism))
      p(m.id, 'mechanism', `unknown mechanism "${m.mechanism}"`);
    if (m.country !== null && !known.countries.has(m.country))
      p(m.id, 'country', `unknown country code "${m.country}"`);
    if (!isPartialDate(m.start)) p(m.id, 'start', `"${m.start}" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)`);
    if (m.end !== null && !isPartialDate(m.end))
      p(m.id, 'end', `"${m.end}" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)`);
    else if (m.end !== null && isPartialDate(m.start) && compareDates(m.end, m.start) < 0)
      p(m.id, 'end', `end ${m.end} is before start ${m.start}`);
    if (m.online && (m.city !== null || m.country !== null))
      p(m.id, 'online', 'an online meeting has no city or country');
    if (m.sources.length === 0) p(m.id, 'sources', 'missing source: every meeting needs at least one');
    const checkSources = (field: string, list: string[]) =>
      list.forEach((id, i) => {
        if (!known.sources.has(id)) p(m.id, `${field}.${i}`, `unknown source "${id}"`);
      });
    checkSources('sources', m.sources);
    m.participants.forEach((x, i) => {
      if (x.mechanism !== null && !known.mechanisms.has(x.mechanism))
        p(m.id, `participants.${i}.mechanism`, `unknown mechanism "${x.mechanism}"`);
      if (x.country !== null && !known.countries.has(x.country))
        p(m.id, `participants.${i}.country`, `unknown country code "${x.country}"`);
      if (x.organization !== null && !known.organizations.has(x.organization))
        p(m.id, `participants.${i}.organization`, `unknown organization "${x.organization}"`);
      if ([x.mechanism, x.country, x.organization].filter((v) => v !== null).length > 1)
        p(m.id, `participants.${i}`, 'a participant is one mechanism, country or organization');
      checkSources(`participants.${i}.sources`, x.sources);
    });
    m.reported_counts.forEach((c, i) => {
      if (c.sources.length === 0)
        p(m.id, `reported_counts.${i}.sources`, 'missing source: a reported count needs the source that reports it');
      checkSources(`reported_counts.${i}.sources`, c.sources);
    });
    m.documents.forEach((d, i) => {
      if (d.date !== null && !isPartialDate(d.date)) p(m.id, `documents.${i}.date`, `"${d.date}" is not a date`);
      checkSources(`documents.${i}.sources`, d.sources);
    });
    const orders = m.agenda.map((a) => a.order);
    if (new Set(orders).size !== orders.length) p(m.id, 'agenda', 'agenda items need distinct order numbers');
  }
  return { data: problems.length ? null : data, problems };
}

/** The meetings' part of the reference dataset; publishes the ids of its meetings and series. */
export const meetingsReference: ReferencePart<MeetingsFile, MeetingsLoadSummary, 'meetings'> = {
  name: 'meetings',
  files: [{ key: 'meetings', file: 'meetings.json' }],
  validate: (input: ReferenceInput) => {
    const r = validateMeetings(
      input.files.meetings ?? { series: [], meetings: [] },
      {
        sources: input.ids('source'),
        mechanisms: input.ids('mechanism'),
        organizations: input.ids('organization'),
        countries: input.ids('country'),
      },
      input.errors,
    );
    return {
      ...r,
      ids: { meeting: r.data?.meetings.map((m) => m.id) ?? [], series: r.data?.series.map((s) => s.id) ?? [] },
    };
  },
  apply: applyMeetings,
};
