/**
 * Editing pages under /{lang}/: the editor's desk, one form per kind of change (each a GET that
 * shows it and a POST that proposes it, CSRF-protected, no JavaScript), the review queue, and the
 * public history of every editable record. A validation error re-shows the form with the entered
 * values and the message next to its field; a stale form shows the conflict page.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { JSX } from 'preact';
import { can } from '../accounts/model.js';
import { MEETING_KINDS, MEETING_STATUSES, PARTICIPANT_ROLES } from '../meetings/model.js';
import { countryNames } from '../registry/countries.js';
import { ROLES, STATUSES } from '../registry/model.js';
import {
  Conflict,
  Forbidden,
  HttpError,
  NotFound,
  PreconditionFailed,
  PreconditionRequired,
  Unauthenticated,
  ValidationError,
} from '../http/errors.js';
import { unverifiedFields, type RegistryService } from '../registry/service.js';
import { today } from '../registry/model.js';
import { fieldName } from '../registry/fields.js';
import { formatDate } from '../web/format.js';
import { pageErrorHandler } from '../web/errors.js';
import { isLang, type Lang } from '../web/i18n.js';
import { href, Layout, type PageContext } from '../web/layout.js';
import { pageContext, sendPage } from '../web/render.js';
import { END_CAUSES, KINDS, VERIFICATION_STATES } from './kinds.js';
import {
  ChangeFormPage,
  ChangePage,
  changeHref,
  ConflictPage,
  CountryDeskPage,
  DeskPage,
  HistoryPage,
  historyHref,
  MechanismDeskPage,
  partyName,
  ReviewPage,
  type CompilationItem,
  type FieldSpec,
  type FormError,
  type FormValues,
} from './pages.js';
import {
  editError,
  MECHANISM_FIELDS,
  type MechanismState,
  type MeetingState,
  type ParticipantState,
  type ParticipationState,
  type RecordType,
} from './records.js';
import type { EditingService } from './service.js';

function langOf(req: FastifyRequest): Lang {
  const l = (req.params as { lang?: string }).lang;
  return isLang(l) ? l : 'en';
}
const param = (req: FastifyRequest, name: string) => (req.params as Record<string, string>)[name]!;
const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');
const orNull = (v: string | undefined) => (v === undefined || v.trim() === '' ? null : v.trim());
const DATE_HINT = 'change.dateHint';

/** Fields a form sends several values under (checkboxes, multiple selects). */
const LIST_FIELDS = [
  'keep',
  'p_mechanisms',
  'p_countries',
  'p_organizations',
  'repo_documents',
  'agenda_item',
  'pr_party',
  'pr_role',
] as const;
type ListField = (typeof LIST_FIELDS)[number];
type Values = FormValues & Partial<Record<ListField, string[]>>;
const isList = (k: string): k is ListField => (LIST_FIELDS as readonly string[]).includes(k);

/** The form body as strings (a repeated field keeps its last value; the list fields keep every value). */
function formValues(req: FastifyRequest): Values {
  const body = (req.body ?? {}) as Record<string, string | string[] | undefined>;
  const out: Values = {};
  for (const [k, v] of Object.entries(body)) {
    if (isList(k)) out[k] = (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(String);
    else if (k !== '_csrf') out[k] = String(Array.isArray(v) ? v.at(-1) : (v ?? ''));
  }
  return out;
}

const options = (ctx: PageContext, values: readonly string[], prefix: string) =>
  values.map((v) => ({ value: v, label: ctx.t(`${prefix}.${v}`) }));
const countryOptions = (ctx: PageContext) =>
  [...countryNames(ctx.lang).entries()]
    .sort((a, b) => a[1].localeCompare(b[1], ctx.lang))
    .map(([value, label]) => ({ value, label: `${label} (${value})` }));

/** One kind of change as a form. */
interface FormDef<S> {
  kind: string;
  type: RecordType;
  fields(ctx: PageContext, lookups: Lookups): FieldSpec[];
  /** The form filled from the current record (and the values shown for it on the conflict page). */
  initial(s: S): FormValues;
  /** The form filled from a change's payload (to amend a returned change). */
  fromPayload(payload: unknown, s: S): Values;
  payload(v: Values, s: S, lookups: Lookups): unknown;
  /** The mechanism whose repository documents the form offers (meeting forms). */
  mechanismOf?(s: S): string | null;
  title(ctx: PageContext, s: S): string;
  intro?(ctx: PageContext): string;
  extra?(ctx: PageContext, s: S, v: Values, lookups: Lookups, error: FormError | undefined): JSX.Element;
  /** The summary's link and label for a refusal naming a field the form's extra part shows. */
  errorTarget?(ctx: PageContext, field: string): { href: string; label: string } | null;
}
interface Lookups {
  organizations: { value: string; label: string }[];
  mechanisms: { value: string; label: string }[];
  /** The repository's documents of the form's mechanism (meeting forms), newest first. */
  documents: RepositoryDocument[];
}
export interface RepositoryDocument {
  id: string;
  title: string;
  kind: string;
  date: string | null;
  url: string | null;
}
export type RepositoryDocuments = (mechanism: string) => Promise<RepositoryDocument[]>;

/** Documents chosen from the repository, as meeting documents (a kind the meeting knows, else "other"), skipping any already listed. */
const repositoryChoices = (v: Values, l: Lookups, listed: { title: string }[]) => {
  const have = new Set(listed.map((d) => d.title));
  return (v.repo_documents ?? []).flatMap((id) => {
    const d = l.documents.find((x) => x.id === id);
    if (!d)
      throw new ValidationError(`no document "${id}" of this meeting's mechanism in the repository`, 'repo_documents');
    if (have.has(d.title)) return [];
    have.add(d.title);
    const kind = d.kind === 'report' ? 'report' : d.kind === 'outcome-document' ? 'outcome' : 'other';
    return [{ title: d.title, kind, url: d.url }];
  });
};

const src0 = (p: { sources?: string[] }) => p.sources?.[0] ?? '';
const str = (v: string | number | boolean | null | undefined) => (v === null || v === undefined ? '' : String(v));
const sources = (v: FormValues) => (v.sources?.trim() ? [v.sources.trim()] : []);

const endForm: FormDef<ParticipationState> = {
  kind: 'participation.end',
  type: 'participation',
  fields: (ctx) => [
    { name: 'end', label: 'edit.end', type: 'date', required: true, hint: ctx.t(DATE_HINT) },
    {
      name: 'endCause',
      label: 'edit.endCause',
      type: 'select',
      required: true,
      options: options(ctx, END_CAUSES, 'endCause'),
    },
  ],
  initial: (s) => ({ end: s.end ?? '', endCause: s.end_cause ?? 'left', sources: '', note: '' }),
  fromPayload: (p) => {
    const x = p as { end?: string; endCause?: string; sources?: string[]; note?: string | null };
    return { end: str(x.end), endCause: str(x.endCause), sources: src0(x), note: str(x.note) };
  },
  payload: (v) => ({ end: v.end ?? '', endCause: v.endCause ?? '', sources: sources(v), note: orNull(v.note) }),
  title: (ctx, s) => `${ctx.t('edit.endTitle')}: ${partyName(ctx, s)} — ${s.mechanism_id}`,
};

const correctForm: FormDef<ParticipationState> = {
  kind: 'participation.correct',
  type: 'participation',
  fields: (ctx) => [
    { name: 'start', label: 'common.since', type: 'date', hint: ctx.t(DATE_HINT) },
    { name: 'end', label: 'common.until', type: 'date', hint: ctx.t('change.endHint') },
    { name: 'endCause', label: 'edit.endCause', type: 'select', options: options(ctx, END_CAUSES, 'endCause') },
  ],
  initial: (s) => ({
    start: s.start ?? '',
    end: s.end ?? '',
    endCause: s.end_cause ?? '',
    sources: '',
    note: s.note ?? '',
  }),
  fromPayload: (p, s) => {
    const x = p as { start?: string | null; end?: string | null; endCause?: string | null; note?: string | null };
    return {
      start: str('start' in x ? x.start : s.start),
      end: str('end' in x ? x.end : s.end),
      endCause: str('endCause' in x ? x.endCause : s.end_cause),
      note: str('note' in x ? x.note : s.note),
      sources: src0(p as { sources?: string[] }),
    };
  },
  payload: (v) => ({
    start: orNull(v.start),
    end: orNull(v.end),
    endCause: orNull(v.endCause),
    note: orNull(v.note),
    sources: sources(v),
  }),
  title: (ctx, s) => `${ctx.t('change.correctTitle')}: ${partyName(ctx, s)} — ${s.mechanism_id}`,
  intro: (ctx) => ctx.t('change.correctIntro'),
};

const verifyForm: FormDef<ParticipationState> = {
  kind: 'participation.verify',
  type: 'participation',
  fields: (ctx) => [
    {
      name: 'state',
      label: 'change.verification',
      type: 'select',
      required: true,
      options: options(ctx, VERIFICATION_STATES, 'verification'),
    },
  ],
  initial: (s) => ({ state: s.verification === 'disputed' ? 'disputed' : 'confirmed', sources: '', note: '' }),
  fromPayload: (p) => {
    const x = p as { state?: string; note?: string | null; sources?: string[] };
    return { state: str(x.state), note: str(x.note), sources: src0(x) };
  },
  payload: (v) => ({ state: v.state ?? '', note: orNull(v.note), sources: sources(v) }),
  title: (ctx, s) => `${ctx.t('change.verifyTitle')}: ${partyName(ctx, s)} — ${s.mechanism_id}`,
  intro: (ctx) => ctx.t('change.verifyIntro'),
};

const mechanismForm: FormDef<MechanismState> = {
  kind: 'mechanism.update',
  type: 'mechanism',
  fields: (ctx) =>
    MECHANISM_FIELDS.map((f): FieldSpec => ({
      name: f,
      label: `field.${f}`,
      en: true,
      type:
        f === 'website'
          ? 'url'
          : f === 'chair_since'
            ? 'date'
            : ['acronym', 'chair_current'].includes(f)
              ? 'text'
              : 'textarea',
      ...(f === 'chair_since' ? { hint: ctx.t(DATE_HINT) } : {}),
    })),
  initial: (s) => ({ ...Object.fromEntries(MECHANISM_FIELDS.map((f) => [f, s[f] ?? ''])), sources: '', note: '' }),
  fromPayload: (p, s) => {
    const x = p as { fields?: Record<string, string | null>; sources?: string[]; note?: string | null };
    return {
      ...Object.fromEntries(MECHANISM_FIELDS.map((f) => [f, str(x.fields && f in x.fields ? x.fields[f] : s[f])])),
      sources: src0(x),
      note: str(x.note),
    };
  },
  payload: (v) => ({
    fields: Object.fromEntries(MECHANISM_FIELDS.map((f) => [f, orNull(v[f])])),
    sources: sources(v),
    note: orNull(v.note),
  }),
  title: (ctx, s) => `${ctx.t('change.editProfile')}: ${s.name}`,
};

const statusForm: FormDef<MechanismState> = {
  kind: 'mechanism.status',
  type: 'mechanism',
  fields: (ctx) => [
    {
      name: 'status',
      label: 'field.status',
      type: 'select',
      required: true,
      options: options(ctx, STATUSES, 'status'),
    },
    { name: 'since', label: 'common.since', type: 'date', required: true, hint: ctx.t(DATE_HINT) },
  ],
  initial: (s) => ({ status: s.statuses.at(-1)?.value ?? 'active', since: '', sources: '', note: '' }),
  fromPayload: (p) => {
    const x = p as { status?: string; since?: string; sources?: string[]; note?: string | null };
    return { status: str(x.status), since: str(x.since), sources: src0(x), note: str(x.note) };
  },
  payload: (v) => ({ status: v.status ?? '', since: v.since ?? '', sources: sources(v), note: orNull(v.note) }),
  title: (ctx, s) => `${ctx.t('change.changeStatus')}: ${s.name}`,
  intro: (ctx) => ctx.t('change.statusIntro'),
};

const MEETING_FORM_FIELDS = [
  'title',
  'kind',
  'status',
  'start',
  'end',
  'city',
  'country_code',
  'online',
  'host',
  'theme',
  'notes',
] as const;
const meetingFieldSpecs = (ctx: PageContext): FieldSpec[] => [
  { name: 'title', label: 'meetingField.title', type: 'text', required: true, en: true },
  {
    name: 'kind',
    label: 'meetingField.kind',
    type: 'select',
    required: true,
    options: options(ctx, MEETING_KINDS, 'kind'),
  },
  {
    name: 'status',
    label: 'meetingField.status',
    type: 'select',
    required: true,
    options: options(ctx, MEETING_STATUSES, 'mstatus'),
  },
  { name: 'start', label: 'meetingField.start', type: 'date', required: true, hint: ctx.t(DATE_HINT) },
  { name: 'end', label: 'meetingField.end', type: 'date', hint: ctx.t(DATE_HINT) },
  { name: 'city', label: 'meetingField.city', type: 'text', en: true },
  { name: 'country_code', label: 'meetingField.country_code', type: 'select', options: countryOptions(ctx) },
  { name: 'online', label: 'meetingField.online', type: 'checkbox' },
  { name: 'host', label: 'meetingField.host', type: 'text', en: true },
  { name: 'theme', label: 'meetingField.theme', type: 'text', en: true },
  { name: 'notes', label: 'meetingField.notes', type: 'textarea', en: true },
];
const meetingFieldValues = (v: FormValues) =>
  Object.fromEntries(MEETING_FORM_FIELDS.map((f) => [f, f === 'online' ? v.online === 'on' : orNull(v[f])]));
const participantInput = (p: ParticipantState) => ({
  ...(p.mechanism_id
    ? { mechanism: p.mechanism_id }
    : p.country_code
      ? { country: p.country_code }
      : { organization: p.organization_id! }),
  name: p.name_in_source,
  role: p.role,
});
const partyKey = (p: { mechanism_id: string | null; country_code: string | null; organization_id: string | null }) =>
  `${p.mechanism_id ?? ''}|${p.country_code ?? ''}|${p.organization_id ?? ''}`;

/** Empty rows a repeated field shows at first, and how many the "add rows" buttons add. */
const BLANK_ROWS = 3;
const MORE_ROWS = 3;
const MAX_AGENDA_TITLE = 400;

/**
 * The participant rows of a meeting form: each a registry entry ("mechanism:ID", "country:ISO3" or "organization:ID")
 * with its own role, so one submission adds a host, a chair, observers and speakers; an empty row is skipped. A value
 * the registry does not know, or a role that is not a meeting role, is refused naming its row.
 */
const rowParticipants = (v: Values, l: Lookups): ParticipantInputForm[] => {
  const roles = v.pr_role ?? [];
  const english = countryNames('en');
  return (v.pr_party ?? []).flatMap((raw, i): ParticipantInputForm[] => {
    const party = raw.trim();
    if (party === '') return [];
    const role = roles[i]?.trim() || 'participant';
    if (!(PARTICIPANT_ROLES as readonly string[]).includes(role))
      throw new ValidationError(
        `participant ${i + 1}: no role "${role}" (one of ${PARTICIPANT_ROLES.join(', ')})`,
        `pr_role-${i}`,
      );
    const colon = party.indexOf(':');
    const [type, id] = [party.slice(0, colon), party.slice(colon + 1)];
    if (type === 'country' && english.has(id)) return [{ country: id, name: english.get(id)!, role }];
    if (type === 'mechanism' && l.mechanisms.some((m) => m.value === id)) return [{ mechanism: id, role }];
    if (type === 'organization' && l.organizations.some((o) => o.value === id)) return [{ organization: id, role }];
    throw new ValidationError(
      `participant ${i + 1}: "${party}" is no mechanism, country or organization of the registry`,
      `pr_party-${i}`,
    );
  });
};
const partyRowValue = (p: ParticipantInputForm) =>
  p.mechanism ? `mechanism:${p.mechanism}` : p.country ? `country:${p.country}` : `organization:${p.organization}`;

/**
 * The participants a meeting form adds: every row (each with its role), then every mechanism, country and organization
 * chosen in the lists, with the role chosen below them (one already kept, or listed twice, with that role is added once).
 */
const newParticipants = (v: Values, l: Lookups, kept: ParticipantInputForm[] = []) => {
  const role = v.p_role ?? 'participant';
  const key = (p: ParticipantInputForm) => `${p.mechanism ?? ''}|${p.country ?? ''}|${p.organization ?? ''}|${p.role}`;
  const have = new Set(kept.map(key));
  const english = countryNames('en');
  const out: ParticipantInputForm[] = [
    ...rowParticipants(v, l),
    ...(v.p_mechanisms ?? []).map((m) => ({ mechanism: m, role })),
    ...(v.p_countries ?? []).map((c) => ({ country: c, ...(english.get(c) ? { name: english.get(c)! } : {}), role })),
    ...(v.p_organizations ?? []).map((o) => ({ organization: o, role })),
  ];
  return out.filter((p) => {
    const k = key(p);
    if (have.has(k)) return false;
    have.add(k);
    return true;
  });
};
interface ParticipantInputForm {
  mechanism?: string;
  country?: string;
  organization?: string;
  name?: string;
  role: string;
}

/**
 * The agenda: the rows' titles in order (empty rows skipped; a title too long is refused naming its row), or, from a
 * form of the earlier shape, one item title a line of `agenda`.
 */
const agendaLines = (v: Values) => {
  if (!v.agenda_item)
    return (v.agenda ?? '')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
  const items = v.agenda_item.map((x) => x.trim());
  items.forEach((x, i) => {
    if (x.length > MAX_AGENDA_TITLE)
      throw new ValidationError(
        `agenda item ${i + 1} is longer than ${MAX_AGENDA_TITLE} characters`,
        `agenda_item-${i}`,
      );
  });
  return items.filter(Boolean);
};
/** Document lines: "title", then optionally "| URL" and "| outcome" or "| report". */
const documentLines = (v: FormValues) =>
  (v.documents ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [title = '', ...rest] = l.split('|').map((x) => x.trim());
      // A part with a scheme is the address (checked as http(s) by the change), any other part is the kind;
      // more than one of either is passed on as it is, for the change to refuse by name.
      const urls = rest.filter((x) => /^[a-z][a-z0-9+.-]*:/i.test(x));
      const kinds = rest.filter((x) => x !== '' && !urls.includes(x));
      return { title, kind: kinds.length ? kinds.join(' | ') : 'other', url: urls.length ? urls.join(' | ') : null };
    });
const agendaText = (agenda: { title: string }[]) => agenda.map((a) => a.title).join('\n');
const documentsText = (documents: { title: string; url: string | null; kind: string }[]) =>
  documents.map((d) => [d.title, d.url, d.kind === 'other' ? null : d.kind].filter(Boolean).join(' | ')).join('\n');

const agendaSpecs = (ctx: PageContext): FieldSpec[] => [
  {
    name: 'documents',
    label: 'meetingField.documents',
    type: 'textarea',
    en: true,
    hint: ctx.t('review.documentsHint'),
  },
];

function ParticipantsFieldset(props: {
  ctx: PageContext;
  existing: ParticipantState[];
  values: Values;
  submitted: boolean;
  lookups: Lookups;
  error: FormError | undefined;
}) {
  const { ctx, existing, values, lookups, error } = props;
  const { t } = ctx;
  const kept = new Set(props.submitted ? (values.keep ?? []) : existing.map((_, i) => String(i)));
  const countries = countryOptions(ctx);
  const list = (name: ListField & `p_${string}`, label: string, opts: { value: string; label: string }[]) => {
    const chosen = new Set(values[name] ?? []);
    return (
      <div class="field">
        <label for={name}>{label}</label>
        <select id={name} name={name} multiple size={8} aria-describedby="participants-hint">
          {opts.map((o) => (
            <option value={o.value} selected={chosen.has(o.value)}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
    );
  };
  return (
    <fieldset id="f-participants">
      <legend>{t('meetingField.participants')}</legend>
      {existing.length ? (
        <ul class="plain">
          {existing.map((p, i) => (
            <li>
              <input type="checkbox" id={`keep-${i}`} name="keep" value={String(i)} checked={kept.has(String(i))} />{' '}
              <label for={`keep-${i}`}>
                <span lang="en">{p.name_in_source}</span> ({t(`prole.${p.role}`)})
              </label>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{t('change.noParticipants')}</p>
      )}
      {existing.length ? <p class="muted">{t('review.keepHint')}</p> : null}
      {error?.field === 'participants' ? (
        <p id="f-participants-err" class="badge unverified field-error" lang="en">
          {error.message}
        </p>
      ) : null}
      <ParticipantRows ctx={ctx} values={values} lookups={lookups} error={error} />
      <fieldset class="several">
        <legend>{t('meetingForm.several')}</legend>
        <p class="muted" id="participants-hint">
          {t('review.participantsHint')}
        </p>
        {list('p_mechanisms', t('review.addMechanisms'), lookups.mechanisms)}
        {list('p_countries', t('review.addCountries'), countries)}
        {list('p_organizations', t('review.addOrganizations'), lookups.organizations)}
        <div class="field">
          <label for="p_role">{t('review.addedRole')}</label>
          <select id="p_role" name="p_role">
            {PARTICIPANT_ROLES.map((r) => (
              <option value={r} selected={(values.p_role ?? 'participant') === r}>
                {t(`prole.${r}`)}
              </option>
            ))}
          </select>
        </div>
      </fieldset>
    </fieldset>
  );
}

/** Rows of a repeated field: as submitted (blank rows at first), plus more when its "add rows" button was pressed. */
const rowsOf = (values: Values, name: 'agenda_item' | 'pr_party', more: string) => {
  const rows = [...(values[name] ?? [])];
  if (rows.length === 0) rows.push(...Array<string>(BLANK_ROWS).fill(''));
  if (values.more === more) rows.push(...Array<string>(MORE_ROWS).fill(''));
  return rows;
};
/** The row a refusal names (`agenda_item-2`, `pr_party-0`, `pr_role-1`), if it names one. */
const rowError = (error: FormError | undefined, prefix: string) => {
  const m = error ? new RegExp(`^${prefix}-(\\d+)$`).exec(error.field) : null;
  return m ? Number(m[1]) : null;
};
/** The error next to a row's field, in the reader's language. */
function RowError(props: { id: string; message: string }) {
  return (
    <p id={props.id} class="badge unverified field-error">
      {props.message}
    </p>
  );
}
/** The "add rows" button: a submit that re-shows the form with what was entered and more empty rows (no JavaScript). */
function MoreRows(props: { name: string; label: string }) {
  return (
    <p>
      <button type="submit" name="more" value={props.name} formNoValidate class="secondary">
        {props.label}
      </button>
    </p>
  );
}

/** The agenda as repeated fields: one item title a row, in order; empty rows are skipped. */
function AgendaFieldset(props: { ctx: PageContext; values: Values; error: FormError | undefined }) {
  const { ctx, values, error } = props;
  const { t } = ctx;
  const rows = rowsOf(values, 'agenda_item', 'agenda');
  const bad = rowError(error, 'agenda_item');
  const whole = error?.field === 'agenda';
  return (
    <fieldset id="f-agenda" aria-describedby={whole ? 'f-agenda-err' : undefined}>
      <legend>{t('meetingField.agenda')}</legend>
      <p class="muted hint" id="agenda-hint">
        {t('meetingForm.agendaHint')}
      </p>
      {whole ? (
        <p id="f-agenda-err" class="badge unverified field-error" lang="en">
          {error.message}
        </p>
      ) : null}
      <ol class="rows">
        {rows.map((v, i) => (
          <li>
            <label for={`agenda_item-${i}`}>{t('meetingForm.agendaItem', { n: i + 1 })}</label>
            <input
              type="text"
              id={`agenda_item-${i}`}
              name="agenda_item"
              value={v}
              size={50}
              maxLength={MAX_AGENDA_TITLE * 2}
              aria-invalid={bad === i ? 'true' : undefined}
              aria-describedby={bad === i ? `agenda_item-${i}-err` : 'agenda-hint'}
            />
            {bad === i ? (
              <RowError id={`agenda_item-${i}-err`} message={t('meetingForm.tooLong', { max: MAX_AGENDA_TITLE })} />
            ) : null}
          </li>
        ))}
      </ol>
      <MoreRows name="agenda" label={t('meetingForm.moreAgenda', { n: MORE_ROWS })} />
    </fieldset>
  );
}

/** Participant rows: a registry entry (mechanism, country or organization) and its own role, one a row. */
function ParticipantRows(props: { ctx: PageContext; values: Values; lookups: Lookups; error: FormError | undefined }) {
  const { ctx, values, lookups, error } = props;
  const { t } = ctx;
  const rows = rowsOf(values, 'pr_party', 'participants');
  const roles = values.pr_role ?? [];
  const badParty = rowError(error, 'pr_party');
  const badRole = rowError(error, 'pr_role');
  const groups = [
    { label: t('review.addMechanisms'), prefix: 'mechanism', opts: lookups.mechanisms },
    { label: t('review.addCountries'), prefix: 'country', opts: countryOptions(ctx) },
    { label: t('review.addOrganizations'), prefix: 'organization', opts: lookups.organizations },
  ];
  return (
    <div class="participant-rows">
      <p class="muted hint" id="participant-rows-hint">
        {t('meetingForm.participantsHint')}
      </p>
      <ol class="rows pairs">
        {rows.map((v, i) => (
          <li>
            <span class="row-field">
              <label for={`pr_party-${i}`}>{t('meetingForm.participant', { n: i + 1 })}</label>
              <select
                id={`pr_party-${i}`}
                name="pr_party"
                aria-invalid={badParty === i ? 'true' : undefined}
                aria-describedby={badParty === i ? `pr_party-${i}-err` : 'participant-rows-hint'}
              >
                <option value="">—</option>
                {groups.map((g) => (
                  <optgroup label={g.label}>
                    {g.opts.map((o) => {
                      const value = `${g.prefix}:${o.value}`;
                      return (
                        <option value={value} selected={value === v}>
                          {o.label}
                        </option>
                      );
                    })}
                  </optgroup>
                ))}
              </select>
              {badParty === i ? (
                <RowError id={`pr_party-${i}-err`} message={t('meetingForm.badParty', { n: i + 1 })} />
              ) : null}
            </span>
            <span class="row-field">
              <label for={`pr_role-${i}`}>{t('meetingForm.participantRole', { n: i + 1 })}</label>
              <select
                id={`pr_role-${i}`}
                name="pr_role"
                aria-invalid={badRole === i ? 'true' : undefined}
                aria-describedby={badRole === i ? `pr_role-${i}-err` : undefined}
              >
                {PARTICIPANT_ROLES.map((r) => (
                  <option value={r} selected={(roles[i] || 'participant') === r}>
                    {t(`prole.${r}`)}
                  </option>
                ))}
              </select>
              {badRole === i ? (
                <RowError id={`pr_role-${i}-err`} message={t('meetingForm.badRole', { n: i + 1 })} />
              ) : null}
            </span>
          </li>
        ))}
      </ol>
      <MoreRows name="participants" label={t('meetingForm.moreParticipants', { n: MORE_ROWS })} />
    </div>
  );
}

/** Where a refusal of the meeting form's repeated fields points: its row's field and label, for the summary link. */
const meetingErrorTarget = (ctx: PageContext, field: string): { href: string; label: string } | null => {
  const m = /^(agenda_item|pr_party|pr_role)-(\d+)$/.exec(field);
  const n = m ? Number(m[2]) + 1 : 0;
  if (m?.[1] === 'agenda_item') return { href: `#${field}`, label: ctx.t('meetingForm.agendaItem', { n }) };
  if (m?.[1] === 'pr_party') return { href: `#${field}`, label: ctx.t('meetingForm.participant', { n }) };
  if (m?.[1] === 'pr_role') return { href: `#${field}`, label: ctx.t('meetingForm.participantRole', { n }) };
  if (field === 'agenda') return { href: '#f-agenda', label: ctx.t('meetingField.agenda') };
  if (field === 'participants') return { href: '#f-participants', label: ctx.t('meetingField.participants') };
  return null;
};

/** The repository's documents of the mechanism, to add to the meeting's documents by choosing them. */
function RepositoryFieldset(props: { ctx: PageContext; values: Values; lookups: Lookups }) {
  const { ctx, values, lookups } = props;
  const { t, lang } = ctx;
  const chosen = new Set(values.repo_documents ?? []);
  return (
    <fieldset id="f-repo_documents">
      <legend>{t('review.repoDocuments')}</legend>
      {lookups.documents.length === 0 ? (
        <p class="muted">{t('review.repoNone')}</p>
      ) : (
        <div class="field">
          <label for="repo_documents">{t('review.repoChoose')}</label>
          <p class="muted hint" id="repo_documents-hint">
            {t('review.repoHint')}
          </p>
          <select
            id="repo_documents"
            name="repo_documents"
            multiple
            size={Math.min(8, lookups.documents.length)}
            aria-describedby="repo_documents-hint"
          >
            {lookups.documents.map((d) => (
              <option value={d.id} selected={chosen.has(d.id)}>
                {d.title}
                {d.date ? ` (${formatDate(d.date, lang)})` : ''}
              </option>
            ))}
          </select>
        </div>
      )}
    </fieldset>
  );
}

/** A meeting change's payload as the form's values (to amend a returned change). */
function meetingValuesOf(p: MeetingPayloadForm, existing: ParticipantState[]): Values {
  const v: Values = {
    ...Object.fromEntries(
      MEETING_FORM_FIELDS.map((f) => {
        const x = p.fields?.[f];
        return [f, f === 'online' ? (x ? 'on' : '') : x === null || x === undefined ? '' : String(x)];
      }),
    ),
    sources: p.sources?.[0] ?? '',
    note: p.note ?? '',
  };
  if (p.agenda) v.agenda_item = [...p.agenda, ...Array<string>(BLANK_ROWS).fill('')];
  if (p.documents) v.documents = documentsText(p.documents.map((d) => ({ ...d, url: d.url ?? null })));
  const index = new Map(existing.map((x, i) => [`${partyKey(x)}|${x.role}`, i]));
  const keep: string[] = [];
  // Each participant the change adds comes back as a row with its own role.
  const rows: ParticipantInputForm[] = [];
  for (const x of p.participants ?? []) {
    const key = `${x.mechanism ?? ''}|${x.country ?? ''}|${x.organization ?? ''}|${x.role}`;
    const i = index.get(key);
    if (i !== undefined) keep.push(String(i));
    else rows.push(x);
  }
  v.keep = keep;
  v.pr_party = [...rows.map(partyRowValue), ...Array<string>(BLANK_ROWS).fill('')];
  v.pr_role = [...rows.map((x) => x.role), ...Array<string>(BLANK_ROWS).fill('participant')];
  return v;
}
interface MeetingPayloadForm {
  fields?: Record<string, string | number | boolean | null>;
  participants?: ParticipantInputForm[];
  agenda?: string[];
  documents?: { title: string; kind: string; url?: string | null }[];
  sources?: string[];
  note?: string | null;
}

const meetingForm: FormDef<MeetingState> = {
  kind: 'meeting.update',
  type: 'meeting',
  fields: (ctx) => [...meetingFieldSpecs(ctx), ...agendaSpecs(ctx)],
  initial: (s) => {
    const v: Values = {
      ...Object.fromEntries(
        MEETING_FORM_FIELDS.map((f) => [f, f === 'online' ? (s.online ? 'on' : '') : String(s[f] ?? '')]),
      ),
      agenda: agendaText(s.agenda),
      documents: documentsText(s.documents),
      sources: '',
      note: '',
    };
    v.agenda_item = [...s.agenda.map((a) => a.title), ...Array<string>(BLANK_ROWS).fill('')];
    v.keep = s.participants.map((_, i) => String(i));
    return v;
  },
  fromPayload: (p, s) => meetingValuesOf(p as MeetingPayloadForm, s.participants),
  payload: (v, s, l) => {
    const kept = s.participants.filter((_, i) => (v.keep ?? []).includes(String(i))).map(participantInput);
    const documents = documentLines(v);
    return {
      fields: meetingFieldValues(v),
      sources: sources(v),
      note: orNull(v.note),
      participants: [...kept, ...newParticipants(v, l, kept)],
      agenda: agendaLines(v),
      documents: [...documents, ...repositoryChoices(v, l, documents)],
    };
  },
  mechanismOf: (s) => s.mechanism_id,
  errorTarget: meetingErrorTarget,
  title: (ctx, s) => `${ctx.t('change.editMeeting')}: ${s.title}`,
  extra: (ctx, s, v, l, error) => (
    <>
      <AgendaFieldset ctx={ctx} values={v} error={error} />
      <ParticipantsFieldset
        ctx={ctx}
        existing={s.participants}
        values={v}
        submitted={'title' in v}
        lookups={l}
        error={error}
      />
      <RepositoryFieldset ctx={ctx} values={v} lookups={l} />
    </>
  ),
};

const addForm: FormDef<MechanismState> = {
  kind: 'participation.add',
  type: 'mechanism',
  fields: (ctx, l) => [
    {
      name: 'country',
      label: 'change.country',
      type: 'select',
      options: countryOptions(ctx),
      hint: ctx.t('change.partyHint'),
    },
    { name: 'organization', label: 'change.organization', type: 'select', options: l.organizations },
    { name: 'role', label: 'common.role', type: 'select', required: true, options: options(ctx, ROLES, 'role') },
    { name: 'start', label: 'common.since', type: 'date', required: true, hint: ctx.t(DATE_HINT) },
  ],
  initial: () => ({ country: '', organization: '', role: 'member', start: '', sources: '', note: '' }),
  fromPayload: (p) => {
    const x = p as Record<string, string | null | undefined> & { sources?: string[] };
    return {
      country: str(x.country),
      organization: str(x.organization),
      role: str(x.role),
      start: str(x.start),
      sources: src0(x),
      note: str(x.note),
    };
  },
  payload: (v, s) => ({
    mechanism: s.id,
    country: orNull(v.country),
    organization: orNull(v.organization),
    role: v.role ?? '',
    start: v.start ?? '',
    sources: sources(v),
    note: orNull(v.note),
  }),
  title: (ctx, s) => `${ctx.t('change.addMembership')}: ${s.name}`,
};

const newMeetingForm: FormDef<MechanismState> = {
  kind: 'meeting.create',
  type: 'mechanism',
  fields: (ctx) => [...meetingFieldSpecs(ctx), ...agendaSpecs(ctx)],
  initial: () => ({ kind: 'senior-officials', status: 'held', sources: '', note: '' }),
  fromPayload: (p) => meetingValuesOf(p as MeetingPayloadForm, []),
  payload: (v, s, l) => {
    const documents = documentLines(v);
    return {
      mechanism: s.id,
      fields: meetingFieldValues(v),
      participants: newParticipants(v, l),
      agenda: agendaLines(v),
      documents: [...documents, ...repositoryChoices(v, l, documents)],
      sources: sources(v),
      note: orNull(v.note),
    };
  },
  mechanismOf: (s) => s.id,
  errorTarget: meetingErrorTarget,
  title: (ctx, s) => `${ctx.t('change.addMeeting')}: ${s.name}`,
  extra: (ctx, _s, v, l, error) => (
    <>
      <AgendaFieldset ctx={ctx} values={v} error={error} />
      <ParticipantsFieldset ctx={ctx} existing={[]} values={v} submitted={'title' in v} lookups={l} error={error} />
      <RepositoryFieldset ctx={ctx} values={v} lookups={l} />
    </>
  ),
};

export const editingPages =
  (editing: EditingService, registry: RegistryService, repositoryDocuments?: RepositoryDocuments): FastifyPluginAsync =>
  async (app) => {
    /** A refusal in the reader's language, naming the mechanism or country it is about. */
    const sentence = async (ctx: PageContext, err: HttpError) => {
      if (!err.i18n) return err.message;
      const { mechanism, country } = err.i18n.scope ?? {};
      const name = mechanism
        ? ((await registry.mechanismNames()).get(mechanism) ?? mechanism)
        : country
          ? (countryNames(ctx.lang).get(country) ?? country)
          : '';
      return ctx.t(err.i18n.key, { name });
    };
    app.setErrorHandler(async (err, req, reply) => {
      if (err instanceof Unauthenticated)
        return reply
          .code(303)
          .header('location', href(langOf(req), '/sign-in'))
          .send();
      if (err instanceof Forbidden) {
        const ctx = pageContext(req, langOf(req));
        return sendPage(
          reply,
          <ForbiddenPage ctx={ctx} message={await sentence(ctx, err)} translated={!!err.i18n} />,
          403,
        );
      }
      if (err instanceof NotFound && !err.what)
        return pageErrorHandler(new NotFound('record', err.message), req, reply);
      if (err instanceof Conflict || err instanceof PreconditionFailed)
        return sendPage(
          reply,
          <ForbiddenPage ctx={pageContext(req, langOf(req))} message={err.message} title={String(err.statusCode)} />,
          err.statusCode,
        );
      return pageErrorHandler(err instanceof Error ? err : new Error(String(err)), req, reply);
    });
    // eslint-disable-next-line @typescript-eslint/unbound-method -- Fastify calls the hook with the instance bound
    const csrfCheck = app.csrfProtection;
    const lookups = async (mechanism: string | null = null): Promise<Lookups> => {
      const l = await editing.lookups();
      const docs = mechanism && repositoryDocuments ? await repositoryDocuments(mechanism) : [];
      return {
        organizations: l.organizations.map((o) => ({ value: o.id, label: o.name })),
        mechanisms: l.mechanisms.map((m) => ({ value: m.id, label: m.name })),
        documents: docs.map((d) => ({ id: d.id, title: d.title, kind: d.kind, date: d.date, url: d.url })),
      };
    };

    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- forms over different record states, by kind
    const defs = new Map<string, { def: FormDef<any>; creates: boolean }>();

    const renderForm = async <S extends { version: number }>(
      req: FastifyRequest,
      reply: FastifyReply,
      def: FormDef<S>,
      s: S,
      values: Values,
      opts: {
        version: number | string | null;
        error?: FormError;
        status?: number;
        before?: JSX.Element;
        title?: string;
      },
    ) => {
      const ctx = pageContext(req, langOf(req));
      const l = await lookups(def.mechanismOf?.(s) ?? null);
      return sendPage(
        noStore(reply),
        <ChangeFormPage
          ctx={ctx}
          title={opts.title ?? def.title(ctx, s)}
          intro={def.intro?.(ctx)}
          action={req.url.split('?')[0]!}
          csrf={reply.generateCsrf()}
          version={opts.version}
          fields={def.fields(ctx, l)}
          values={values}
          error={opts.error}
          before={opts.before}
          after={def.extra?.(ctx, s, values, l, opts.error)}
          errorTarget={def.errorTarget ? (f) => def.errorTarget!(ctx, f) : undefined}
          submit={def.kind === 'participation.verify' ? ctx.t('change.record') : undefined}
          sourceRequired={def.kind !== 'participation.verify'}
        />,
        opts.status ?? 200,
      );
    };
    const formVersion = (values: FormValues) => (/^\d+$/.test(values.version ?? '') ? Number(values.version) : null);

    /**
     * GET shows the form for the record at `path` (its state read through `type`); POST proposes the
     * change. `creates`: the record read is the mechanism the new record belongs to.
     */
    function form<S extends { version: number }>(path: string, def: FormDef<S>, opts: { creates?: boolean } = {}) {
      defs.set(def.kind, { def, creates: !!opts.creates });
      const read = async (req: FastifyRequest) => {
        const id = param(req, 'id');
        if (opts.creates) {
          const s = (await editing.state(req.user, 'mechanism', id)) as unknown as S;
          if (!req.user) throw editError(401, 'sign in');
          if (!editing.may(req.user, def.kind, { mechanism: id }))
            throw await editing.deny(KINDS[def.kind]!.action, { mechanism: id });
          return s;
        }
        return editing.state(req.user, def.type, id, { kind: def.kind }) as unknown as Promise<S>;
      };
      app.get(path, { schema: { hide: true } }, async (req, reply) => {
        const s = await read(req);
        return renderForm(
          req,
          reply,
          def,
          s,
          opts.creates ? def.initial(s) : { ...def.initial(s), version: String(s.version) },
          { version: opts.creates ? null : s.version },
        );
      });
      app.post(path, { schema: { hide: true }, preHandler: csrfCheck }, async (req, reply) => {
        const lang = langOf(req);
        const s = await read(req);
        const values = formValues(req);
        const version = opts.creates ? null : formVersion(values);
        // An "add rows" button: the same form again, with what was entered and more empty rows; nothing proposed.
        if (values.more)
          return renderForm(req, reply, def, s, values, {
            version: opts.creates ? null : (values.version ?? s.version),
          });
        try {
          const r = await editing.propose(
            req.user,
            def.kind,
            opts.creates ? null : param(req, 'id'),
            version,
            def.payload(values, s, await lookups(def.mechanismOf?.(s) ?? null)),
          );
          // A change waiting for review has its own page (the record it creates does not exist yet).
          const location =
            r.status === 'pending'
              ? changeHref(lang, r.id, '?change=pending')
              : historyHref(
                  lang,
                  def.kind === 'participation.add'
                    ? 'participation'
                    : def.kind === 'meeting.create'
                      ? 'meeting'
                      : def.type,
                  r.recordId,
                  `?change=${r.status}`,
                );
          return reply.code(303).header('location', location).send();
        } catch (err) {
          // A duplicate (409 naming its field) is shown in the form like a 400; another 409 goes to the error page.
          const duplicate = err instanceof Conflict && err.field !== undefined;
          if (!(
            duplicate ||
            err instanceof ValidationError ||
            err instanceof PreconditionFailed ||
            err instanceof PreconditionRequired
          ))
            throw err;
          if (err.statusCode === 412) {
            const ctx = pageContext(req, lang);
            const current = (await editing.state(req.user, def.type, param(req, 'id'))) as unknown as S;
            return sendPage(
              noStore(reply),
              <ConflictPage
                ctx={ctx}
                fields={def.fields(ctx, await lookups())}
                yours={values}
                current={def.initial(current)}
                currentVersion={current.version}
                editHref={req.url.split('?')[0]!}
                historyHref={historyHref(lang, def.type, param(req, 'id'))}
              />,
              409,
            );
          }
          return renderForm(req, reply, def, s, values, {
            version: opts.creates ? null : (values.version ?? s.version),
            error: { field: err.field ?? '-', message: err.message },
            status: 400,
          });
        }
      });
    }

    form('/:lang/edit/participation/:id', endForm);
    form('/:lang/edit/participation/:id/correct', correctForm);
    form('/:lang/edit/participation/:id/verify', verifyForm);
    form('/:lang/edit/mechanisms/:id/profile', mechanismForm);
    form('/:lang/edit/mechanisms/:id/status', statusForm);
    form('/:lang/edit/mechanisms/:id/participation/new', addForm, { creates: true });
    form('/:lang/edit/mechanisms/:id/meetings/new', newMeetingForm, { creates: true });
    form('/:lang/edit/meetings/:id', meetingForm);

    app.get('/:lang/changes/:id', { schema: { hide: true } }, async (req, reply) => {
      const ctx = pageContext(req, langOf(req));
      const c = await editing.changeFor(req.user, param(req, 'id'));
      const done = (req.query as { change?: string }).change;
      const notice =
        done === 'pending' ? ctx.t('edit.pending') : done === 'resubmitted' ? ctx.t('review.resubmitted') : undefined;
      return sendPage(noStore(reply), <ChangePage ctx={ctx} c={c} csrf={reply.generateCsrf()} notice={notice} />);
    });

    /** The form of a returned change, filled from it, for its author to amend and resubmit. */
    const amendable = async (req: FastifyRequest) => {
      const c = await editing.changeFor(req.user, param(req, 'id'));
      if (!c.mine)
        throw editError(403, 'only its author may amend and resubmit a change', undefined, {
          key: 'review.forbiddenAmend',
        });
      if (c.status !== 'returned')
        throw editError(409, `this change is ${c.status}: only a returned change is amended and resubmitted`);
      const entry = defs.get(c.kind);
      if (!entry) throw editError(409, `a change of kind ${c.kind} is not amended through a form`);
      const s = (await editing.state(
        req.user,
        entry.creates ? 'mechanism' : entry.def.type,
        entry.creates ? c.mechanism : c.recordId,
      )) as { version: number };
      return { c, def: entry.def, creates: entry.creates, s };
    };
    const amendTitle = (req: FastifyRequest, title: string) =>
      `${pageContext(req, langOf(req)).t('review.amendTitle')}: ${title}`;
    const ReturnedNotice = (props: { req: FastifyRequest; comment: string | null }) => {
      const { t } = pageContext(props.req, langOf(props.req));
      return (
        <div class="notice" role="note">
          <p>{t('review.amendIntro')}</p>
          {props.comment ? (
            <p>
              {t('edit.comment')}: <q lang="en">{props.comment}</q>
            </p>
          ) : null}
        </div>
      );
    };
    app.get('/:lang/changes/:id/amend', { schema: { hide: true } }, async (req, reply) => {
      const { c, def, creates, s } = await amendable(req);
      const values = def.fromPayload(c.payload, s);
      if (!creates) values.version = String(s.version);
      return renderForm(req, reply, def, s, values, {
        version: creates ? null : s.version,
        before: <ReturnedNotice req={req} comment={c.comment} />,
        title: amendTitle(req, def.title(pageContext(req, langOf(req)), s)),
      });
    });
    app.post('/:lang/changes/:id/amend', { schema: { hide: true }, preHandler: csrfCheck }, async (req, reply) => {
      const { c, def, creates, s } = await amendable(req);
      const values = formValues(req);
      if (values.more)
        return renderForm(req, reply, def, s, values, {
          version: creates ? null : (values.version ?? s.version),
          before: <ReturnedNotice req={req} comment={c.comment} />,
          title: amendTitle(req, def.title(pageContext(req, langOf(req)), s)),
        });
      try {
        const r = await editing.amend(
          req.user,
          c.id,
          creates ? null : formVersion(values),
          def.payload(values, s, await lookups(def.mechanismOf?.(s) ?? null)),
        );
        return reply
          .code(303)
          .header('location', changeHref(langOf(req), r.id, '?change=resubmitted'))
          .send();
      } catch (err) {
        if (!(err instanceof HttpError) || ![400, 412, 428].includes(err.statusCode)) throw err;
        return renderForm(req, reply, def, s, values, {
          version: creates ? null : (values.version ?? s.version),
          error: { field: err.field ?? '-', message: err.message },
          status: err.statusCode === 400 ? 400 : 409,
          before: <ReturnedNotice req={req} comment={c.comment} />,
          title: amendTitle(req, def.title(pageContext(req, langOf(req)), s)),
        });
      }
    });

    app.get('/:lang/edit', { schema: { hide: true } }, async (req, reply) => {
      if (!req.user) throw new Unauthenticated('sign in');
      const ctx = pageContext(req, langOf(req));
      const all = can(req.user.grants, 'role.grant');
      const names = await registry.mechanismNames();
      const mechanisms = all
        ? [...names.entries()].map(([id, name]) => ({ id, name }))
        : req.user.grants
            .filter((g) => g.role === 'editor' && g.scopeId)
            .map((g) => ({ id: g.scopeId!, name: names.get(g.scopeId!) ?? g.scopeId! }));
      const countries = req.user.grants
        .filter((g) => g.role === 'focal_point' && g.scopeId)
        .map((g) => ({ code: g.scopeId!, name: countryNames(ctx.lang).get(g.scopeId!) ?? g.scopeId! }));
      const reviewer = req.user.grants.some((g) => g.role === 'reviewer' || g.role === 'admin');
      return sendPage(
        noStore(reply),
        <DeskPage
          ctx={ctx}
          mechanisms={mechanisms.sort((a, b) => a.name.localeCompare(b.name))}
          countries={countries}
          reviewer={reviewer}
        />,
      );
    });

    app.get('/:lang/edit/mechanisms/:id', { schema: { hide: true } }, async (req, reply) => {
      const id = param(req, 'id');
      const rows = await editing.editableRows(req.user, id);
      const m = (await editing.state(req.user, 'mechanism', id)) as MechanismState;
      return sendPage(
        noStore(reply),
        <MechanismDeskPage
          ctx={pageContext(req, langOf(req))}
          mechanism={{ id, name: m.name, version: m.version }}
          rows={rows}
          meetings={await editing.meetingsOf(id)}
        />,
      );
    });

    app.get('/:lang/edit/countries/:code', { schema: { hide: true } }, async (req, reply) => {
      const ctx = pageContext(req, langOf(req));
      const code = param(req, 'code').toUpperCase();
      const rows = await editing.verifiableRows(req.user, code);
      return sendPage(
        noStore(reply),
        <CountryDeskPage
          ctx={ctx}
          country={{ code, name: countryNames(ctx.lang).get(code) ?? code }}
          rows={rows}
          mechanismNames={await registry.mechanismNames()}
        />,
      );
    });

    app.get('/:lang/review', { schema: { hide: true } }, async (req, reply) => {
      const ctx = pageContext(req, langOf(req));
      const done = (req.query as { done?: string }).done;
      const notice =
        done === 'returned'
          ? ctx.t('change.returnedNotice')
          : done === 'withdrawn'
            ? ctx.t('change.withdrawnNotice')
            : undefined;
      return sendPage(
        noStore(reply),
        <ReviewPage
          ctx={ctx}
          items={await editing.pending(req.user)}
          mine={await editing.mine(req.user)}
          csrf={reply.generateCsrf()}
          notice={notice}
        />,
      );
    });

    app.post('/:lang/review/:id/publish', { schema: { hide: true }, preHandler: csrfCheck }, async (req, reply) => {
      const r = await editing.publish(req.user, param(req, 'id'));
      const change = await editing.changeRecord(r.id);
      return reply
        .code(303)
        .header('location', historyHref(langOf(req), change.recordType, r.recordId, '?change=published'))
        .send();
    });

    app.post('/:lang/review/:id/return', { schema: { hide: true }, preHandler: csrfCheck }, async (req, reply) => {
      await editing.returnChange(
        req.user,
        param(req, 'id'),
        String((req.body as { comment?: string } | undefined)?.comment ?? ''),
      );
      return reply
        .code(303)
        .header('location', href(langOf(req), '/review', '?done=returned'))
        .send();
    });

    app.post('/:lang/review/:id/withdraw', { schema: { hide: true }, preHandler: csrfCheck }, async (req, reply) => {
      await editing.withdraw(req.user, param(req, 'id'));
      return reply
        .code(303)
        .header('location', href(langOf(req), '/review', '?done=withdrawn'))
        .send();
    });

    app.post('/:lang/changes/:id/revert', { schema: { hide: true }, preHandler: csrfCheck }, async (req, reply) => {
      const r = await editing.revert(req.user, param(req, 'id'));
      const change = await editing.changeRecord(r.id);
      return reply
        .code(303)
        .header('location', historyHref(langOf(req), change.recordType, r.recordId, '?change=reverted'))
        .send();
    });

    app.get('/:lang/history/:type/:id', { schema: { hide: true } }, async (req, reply) => {
      const ctx = pageContext(req, langOf(req));
      const lang = ctx.lang;
      const type = param(req, 'type');
      const history = await editing.history(type, param(req, 'id'));
      const change = (req.query as { change?: string }).change;
      const notice =
        change === 'pending'
          ? ctx.t('edit.pending')
          : change === 'published'
            ? ctx.t('edit.published')
            : change === 'reverted'
              ? ctx.t('change.revertedNotice')
              : undefined;
      let title = history.id;
      // The heading's name: a mechanism's or meeting's is English data, marked as such inside the sentence.
      let heading: JSX.Element | null = null;
      let recordHref: string | null = null;
      const compilation: CompilationItem[] = [];
      const item = (label: string, text: string | null | undefined) => {
        if (text) compilation.push({ label, text });
      };
      const since = (start: string | null) => (start ? formatDate(start, lang) : ctx.t('compilation.unknownStart'));
      const unverified = (json: string) => {
        for (const f of unverifiedFields(json))
          item(ctx.t('compilation.unverified', { field: fieldName(ctx, f.field) }), f.compilationNote);
      };
      if (history.recordType === 'mechanism') {
        title = (await registry.mechanismNames()).get(history.id) ?? history.id;
        heading = <span lang="en">{title}</span>;
        recordHref = href(lang, `/mechanisms/${encodeURIComponent(history.id)}`);
        const m = history.exists ? await registry.mechanism(history.id, today()) : null;
        if (m) {
          item(ctx.t('compilation.notes'), m.compilationNote);
          item(ctx.t('compilation.membership'), m.membershipCompilationNote);
          for (const l of m.levelHistory)
            item(ctx.t('compilation.level', { start: since(l.start) }), l.compilationNote);
          for (const s of m.statusHistory)
            item(ctx.t('compilation.status', { start: since(s.start) }), s.compilationNote);
          for (const f of m.unverifiedFields)
            item(ctx.t('compilation.unverified', { field: fieldName(ctx, f.field) }), f.compilationNote);
        }
      } else if (history.recordType === 'meeting') {
        const m = history.exists ? ((await editing.state(null, 'meeting', history.id)) as MeetingState) : null;
        title = m?.title ?? history.id;
        heading = <span lang="en">{title}</span>;
        recordHref = m ? href(lang, `/meetings/${encodeURIComponent(history.id)}`) : null;
        if (m) {
          item(ctx.t('compilation.notes'), m.compilation_note);
          for (const c of JSON.parse(m.reported_counts) as { count: number; compilation_note?: string | null }[])
            item(ctx.t('compilation.count', { count: c.count }), c.compilation_note);
          unverified(m.unverified_fields);
        }
      } else if (history.exists) {
        const p = (await editing.state(null, 'participation', history.id)) as ParticipationState;
        item(ctx.t('compilation.row'), p.compilation_note);
        const mechanism = (await registry.mechanismNames()).get(p.mechanism_id) ?? p.mechanism_id;
        title = `${partyName(ctx, p)} — ${mechanism}`;
        heading = (
          <>
            {partyName(ctx, p)} — <span lang="en">{mechanism}</span>
          </>
        );
        recordHref = href(lang, `/mechanisms/${encodeURIComponent(p.mechanism_id)}`);
      }
      const mayRevert = !!req.user && can(req.user.grants, 'change.revert');
      return sendPage(
        noStore(reply),
        <HistoryPage
          ctx={ctx}
          history={history}
          title={title}
          heading={heading}
          recordHref={recordHref}
          compilation={compilation}
          notice={notice}
          csrf={mayRevert ? reply.generateCsrf() : undefined}
        />,
      );
    });
  };

function ForbiddenPage(props: { ctx: PageContext; message: string; title?: string; translated?: boolean }) {
  return (
    <Layout ctx={props.ctx} title={props.title ?? '403'} description={props.ctx.t('edit.forbidden')}>
      <h1>{props.title ?? '403'}</h1>
      <p>{props.title ? props.ctx.t('change.notNow') : props.ctx.t('edit.forbidden')}</p>
      {props.translated ? (
        <p>{props.message}</p>
      ) : (
        <p class="muted" lang="en">
          {props.message}
        </p>
      )}
    </Layout>
  );
}
