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
import { NotFound, unverifiedFields, type RegistryService } from '../registry/service.js';
import { today } from '../registry/model.js';
import { fieldName } from '../registry/pages/parts.js';
import { formatDate } from '../web/format.js';
import { pageErrorHandler } from '../web/errors.js';
import { isLang, type Lang } from '../web/i18n.js';
import { href, Layout, type PageContext } from '../web/layout.js';
import { pageContext, sendPage } from '../web/render.js';
import { END_CAUSES, VERIFICATION_STATES } from './kinds.js';
import {
  ChangeFormPage, ConflictPage, CountryDeskPage, DeskPage, HistoryPage, historyHref, MechanismDeskPage, partyName, ReviewPage,
  type CompilationItem, type FieldSpec, type FormError, type FormValues,
} from './pages.js';
import { MECHANISM_FIELDS, type MechanismState, type MeetingState, type ParticipantState, type ParticipationState, type RecordType } from './records.js';
import { EditError, type EditingService } from './service.js';

function langOf(req: FastifyRequest): Lang {
  const l = (req.params as { lang?: string }).lang;
  return isLang(l) ? l : 'en';
}
const param = (req: FastifyRequest, name: string) => (req.params as Record<string, string>)[name]!;
const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');
const orNull = (v: string | undefined) => (v === undefined || v.trim() === '' ? null : v.trim());
const DATE_HINT = 'change.dateHint';

/** The form body as strings (a repeated field keeps its last value; checkboxes named keep are a list). */
function formValues(req: FastifyRequest): FormValues & { keep?: string[] } {
  const body = (req.body ?? {}) as Record<string, string | string[] | undefined>;
  const out: FormValues & { keep?: string[] } = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === 'keep') out.keep = Array.isArray(v) ? v : v === undefined ? [] : [v];
    else if (k !== '_csrf') out[k] = String(Array.isArray(v) ? v.at(-1) : v ?? '');
  }
  return out;
}

const options = (ctx: PageContext, values: readonly string[], prefix: string) => values.map((v) => ({ value: v, label: ctx.t(`${prefix}.${v}`) }));
const countryOptions = (ctx: PageContext) => [...countryNames(ctx.lang).entries()].sort((a, b) => a[1].localeCompare(b[1], ctx.lang)).map(([value, label]) => ({ value, label: `${label} (${value})` }));

/** One kind of change as a form. */
interface FormDef<S> {
  kind: string;
  type: RecordType;
  fields(ctx: PageContext, lookups: Lookups): FieldSpec[];
  /** The form filled from the current record (and the values shown for it on the conflict page). */
  initial(s: S): FormValues;
  payload(v: FormValues & { keep?: string[] }, s: S): unknown;
  title(ctx: PageContext, s: S): string;
  intro?(ctx: PageContext): string;
  extra?(ctx: PageContext, s: S, v: FormValues & { keep?: string[] }, lookups: Lookups): JSX.Element;
}
interface Lookups { organizations: { value: string; label: string }[]; mechanisms: { value: string; label: string }[] }

const sources = (v: FormValues) => (v.sources?.trim() ? [v.sources.trim()] : []);

const endForm: FormDef<ParticipationState> = {
  kind: 'participation.end', type: 'participation',
  fields: (ctx) => [
    { name: 'end', label: 'edit.end', type: 'date', required: true, hint: ctx.t(DATE_HINT) },
    { name: 'endCause', label: 'edit.endCause', type: 'select', required: true, options: options(ctx, END_CAUSES, 'endCause') },
  ],
  initial: (s) => ({ end: s.end ?? '', endCause: s.end_cause ?? 'left', sources: '', note: '' }),
  payload: (v) => ({ end: v.end ?? '', endCause: v.endCause ?? '', sources: sources(v), note: orNull(v.note) }),
  title: (ctx, s) => `${ctx.t('edit.endTitle')}: ${partyName(ctx, s)} — ${s.mechanism_id}`,
};

const correctForm: FormDef<ParticipationState> = {
  kind: 'participation.correct', type: 'participation',
  fields: (ctx) => [
    { name: 'start', label: 'common.since', type: 'date', hint: ctx.t(DATE_HINT) },
    { name: 'end', label: 'common.until', type: 'date', hint: ctx.t('change.endHint') },
    { name: 'endCause', label: 'edit.endCause', type: 'select', options: options(ctx, END_CAUSES, 'endCause') },
  ],
  initial: (s) => ({ start: s.start ?? '', end: s.end ?? '', endCause: s.end_cause ?? '', sources: '', note: s.note ?? '' }),
  payload: (v) => ({ start: orNull(v.start), end: orNull(v.end), endCause: orNull(v.endCause), note: orNull(v.note), sources: sources(v) }),
  title: (ctx, s) => `${ctx.t('change.correctTitle')}: ${partyName(ctx, s)} — ${s.mechanism_id}`,
  intro: (ctx) => ctx.t('change.correctIntro'),
};

const verifyForm: FormDef<ParticipationState> = {
  kind: 'participation.verify', type: 'participation',
  fields: (ctx) => [{ name: 'state', label: 'change.verification', type: 'select', required: true, options: options(ctx, VERIFICATION_STATES, 'verification') }],
  initial: (s) => ({ state: s.verification === 'disputed' ? 'disputed' : 'confirmed', sources: '', note: '' }),
  payload: (v) => ({ state: v.state ?? '', note: orNull(v.note), sources: sources(v) }),
  title: (ctx, s) => `${ctx.t('change.verifyTitle')}: ${partyName(ctx, s)} — ${s.mechanism_id}`,
  intro: (ctx) => ctx.t('change.verifyIntro'),
};

const mechanismForm: FormDef<MechanismState> = {
  kind: 'mechanism.update', type: 'mechanism',
  fields: (ctx) => MECHANISM_FIELDS.map((f): FieldSpec => ({
    name: f, label: `field.${f}`, en: true,
    type: f === 'website' ? 'url' : f === 'chair_since' ? 'date' : ['acronym', 'chair_current'].includes(f) ? 'text' : 'textarea',
    ...(f === 'chair_since' ? { hint: ctx.t(DATE_HINT) } : {}),
  })),
  initial: (s) => ({ ...Object.fromEntries(MECHANISM_FIELDS.map((f) => [f, s[f] ?? ''])), sources: '', note: '' }),
  payload: (v) => ({ fields: Object.fromEntries(MECHANISM_FIELDS.map((f) => [f, orNull(v[f])])), sources: sources(v), note: orNull(v.note) }),
  title: (ctx, s) => `${ctx.t('change.editProfile')}: ${s.name}`,
};

const statusForm: FormDef<MechanismState> = {
  kind: 'mechanism.status', type: 'mechanism',
  fields: (ctx) => [
    { name: 'status', label: 'field.status', type: 'select', required: true, options: options(ctx, STATUSES, 'status') },
    { name: 'since', label: 'common.since', type: 'date', required: true, hint: ctx.t(DATE_HINT) },
  ],
  initial: (s) => ({ status: s.statuses.at(-1)?.value ?? 'active', since: '', sources: '', note: '' }),
  payload: (v) => ({ status: v.status ?? '', since: v.since ?? '', sources: sources(v), note: orNull(v.note) }),
  title: (ctx, s) => `${ctx.t('change.changeStatus')}: ${s.name}`,
  intro: (ctx) => ctx.t('change.statusIntro'),
};

const MEETING_FORM_FIELDS = ['title', 'kind', 'status', 'start', 'end', 'city', 'country_code', 'online', 'host', 'theme', 'notes'] as const;
const meetingFieldSpecs = (ctx: PageContext): FieldSpec[] => [
  { name: 'title', label: 'meetingField.title', type: 'text', required: true, en: true },
  { name: 'kind', label: 'meetingField.kind', type: 'select', required: true, options: options(ctx, MEETING_KINDS, 'kind') },
  { name: 'status', label: 'meetingField.status', type: 'select', required: true, options: options(ctx, MEETING_STATUSES, 'mstatus') },
  { name: 'start', label: 'meetingField.start', type: 'date', required: true, hint: ctx.t(DATE_HINT) },
  { name: 'end', label: 'meetingField.end', type: 'date', hint: ctx.t(DATE_HINT) },
  { name: 'city', label: 'meetingField.city', type: 'text', en: true },
  { name: 'country_code', label: 'meetingField.country_code', type: 'select', options: countryOptions(ctx) },
  { name: 'online', label: 'meetingField.online', type: 'checkbox' },
  { name: 'host', label: 'meetingField.host', type: 'text', en: true },
  { name: 'theme', label: 'meetingField.theme', type: 'text', en: true },
  { name: 'notes', label: 'meetingField.notes', type: 'textarea', en: true },
];
const meetingFieldValues = (v: FormValues) => Object.fromEntries(MEETING_FORM_FIELDS.map((f) => [f, f === 'online' ? v.online === 'on' : orNull(v[f])]));
const participantInput = (p: ParticipantState) => ({
  ...(p.mechanism_id ? { mechanism: p.mechanism_id } : p.country_code ? { country: p.country_code } : { organization: p.organization_id! }), name: p.name_in_source, role: p.role,
});
const newParticipant = (v: FormValues) => {
  const id = orNull(v.p_id);
  if (!id) return [];
  const kind = v.p_kind === 'country' || v.p_kind === 'organization' ? v.p_kind : 'mechanism';
  return [{ [kind]: kind === 'country' ? id.toUpperCase() : id, ...(orNull(v.p_name) ? { name: orNull(v.p_name)! } : {}), role: v.p_role ?? 'participant' }];
};

function ParticipantsFieldset(props: { ctx: PageContext; existing: ParticipantState[]; values: FormValues & { keep?: string[] }; submitted: boolean }) {
  const { ctx, existing, values } = props;
  const { t } = ctx;
  const kept = new Set(props.submitted ? values.keep ?? [] : existing.map((_, i) => String(i)));
  return (
    <fieldset>
      <legend>{t('meetingField.participants')}</legend>
      {existing.length ? <ul class="plain">{existing.map((p, i) => (
        <li><input type="checkbox" id={`keep-${i}`} name="keep" value={String(i)} checked={kept.has(String(i))} /> <label for={`keep-${i}`}><span lang="en">{p.name_in_source}</span> ({t(`prole.${p.role}`)})</label></li>
      ))}</ul> : <p class="muted">{t('change.noParticipants')}</p>}
      <p class="muted">{t('change.participantHint')}</p>
      <div class="field"><label for="p_kind">{t('change.participantKind')}</label>
        <select id="p_kind" name="p_kind">{(['mechanism', 'country', 'organization'] as const).map((k) => <option value={k} selected={values.p_kind === k}>{t(`change.party_${k}`)}</option>)}</select></div>
      <div class="field"><label for="p_id">{t('change.participantId')}</label><input id="p_id" name="p_id" size={40} value={values.p_id ?? ''} /></div>
      <div class="field"><label for="p_name">{t('change.participantName')}</label><input id="p_name" name="p_name" size={50} value={values.p_name ?? ''} /></div>
      <div class="field"><label for="p_role">{t('common.role')}</label>
        <select id="p_role" name="p_role">{PARTICIPANT_ROLES.map((r) => <option value={r} selected={(values.p_role ?? 'participant') === r}>{t(`prole.${r}`)}</option>)}</select></div>
    </fieldset>
  );
}

const meetingForm: FormDef<MeetingState> = {
  kind: 'meeting.update', type: 'meeting',
  fields: (ctx) => meetingFieldSpecs(ctx),
  initial: (s) => ({ ...Object.fromEntries(MEETING_FORM_FIELDS.map((f) => [f, f === 'online' ? (s.online ? 'on' : '') : String(s[f] ?? '')])), sources: '', note: '' }),
  payload: (v, s) => ({
    fields: meetingFieldValues(v), sources: sources(v), note: orNull(v.note),
    participants: [...s.participants.filter((_, i) => (v.keep ?? []).includes(String(i))).map(participantInput), ...newParticipant(v)],
  }),
  title: (ctx, s) => `${ctx.t('change.editMeeting')}: ${s.title}`,
  extra: (ctx, s, v) => <ParticipantsFieldset ctx={ctx} existing={s.participants} values={v} submitted={'title' in v} />,
};

const addForm: FormDef<MechanismState> = {
  kind: 'participation.add', type: 'mechanism',
  fields: (ctx, l) => [
    { name: 'country', label: 'change.country', type: 'select', options: countryOptions(ctx), hint: ctx.t('change.partyHint') },
    { name: 'organization', label: 'change.organization', type: 'select', options: l.organizations },
    { name: 'role', label: 'common.role', type: 'select', required: true, options: options(ctx, ROLES, 'role') },
    { name: 'start', label: 'common.since', type: 'date', required: true, hint: ctx.t(DATE_HINT) },
  ],
  initial: () => ({ country: '', organization: '', role: 'member', start: '', sources: '', note: '' }),
  payload: (v, s) => ({ mechanism: s.id, country: orNull(v.country), organization: orNull(v.organization), role: v.role ?? '', start: v.start ?? '', sources: sources(v), note: orNull(v.note) }),
  title: (ctx, s) => `${ctx.t('change.addMembership')}: ${s.name}`,
};

const newMeetingForm: FormDef<MechanismState> = {
  kind: 'meeting.create', type: 'mechanism',
  fields: (ctx) => meetingFieldSpecs(ctx),
  initial: () => ({ kind: 'senior-officials', status: 'held', sources: '', note: '' }),
  payload: (v, s) => ({ mechanism: s.id, fields: meetingFieldValues(v), participants: newParticipant(v), sources: sources(v), note: orNull(v.note) }),
  title: (ctx, s) => `${ctx.t('change.addMeeting')}: ${s.name}`,
  extra: (ctx, _s, v) => <ParticipantsFieldset ctx={ctx} existing={[]} values={v} submitted={'title' in v} />,
};

export const editingPages = (editing: EditingService, registry: RegistryService): FastifyPluginAsync => async (app) => {
  app.setErrorHandler((err, req, reply) => {
    if (err instanceof EditError && err.statusCode === 401) return reply.code(303).header('location', href(langOf(req), '/sign-in')).send();
    if (err instanceof EditError && err.statusCode === 403) {
      return sendPage(reply, <ForbiddenPage ctx={pageContext(req, langOf(req))} message={err.message} />, 403);
    }
    if (err instanceof EditError && err.statusCode === 404) return pageErrorHandler(new NotFound('record', err.message), req, reply);
    if (err instanceof EditError && (err.statusCode === 409 || err.statusCode === 412)) return sendPage(reply, <ForbiddenPage ctx={pageContext(req, langOf(req))} message={err.message} title={String(err.statusCode)} />, err.statusCode);
    return pageErrorHandler(err instanceof Error ? err : new Error(String(err)), req, reply);
  });
  // eslint-disable-next-line @typescript-eslint/unbound-method -- Fastify calls the hook with the instance bound
  const csrfCheck = app.csrfProtection;
  const lookups = async (): Promise<Lookups> => {
    const l = await editing.lookups();
    return { organizations: l.organizations.map((o) => ({ value: o.id, label: o.name })), mechanisms: l.mechanisms.map((m) => ({ value: m.id, label: m.name })) };
  };

  /**
   * GET shows the form for the record at `path` (its state read through `type`); POST proposes the
   * change. `creates`: the record read is the mechanism the new record belongs to.
   */
  function form<S extends { version: number }>(path: string, def: FormDef<S>, opts: { creates?: boolean } = {}) {
    const action = (req: FastifyRequest) => req.url.split('?')[0]!;
    const read = async (req: FastifyRequest) => {
      const id = param(req, 'id');
      if (opts.creates) {
        const s = await editing.state(req.user, 'mechanism', id) as unknown as S;
        if (!req.user) throw new EditError(401, 'sign in');
        if (!editing.may(req.user, def.kind, { mechanism: id })) throw new EditError(403, `you may not edit ${id}`);
        return s;
      }
      return editing.state(req.user, def.type, id, { kind: def.kind }) as unknown as Promise<S>;
    };
    const render = async (req: FastifyRequest, reply: FastifyReply, s: S, values: FormValues & { keep?: string[] }, error?: FormError, status = 200) => {
      const ctx = pageContext(req, langOf(req));
      const l = await lookups();
      return sendPage(noStore(reply), (
        <ChangeFormPage ctx={ctx} title={def.title(ctx, s)} intro={def.intro?.(ctx)} action={action(req)} csrf={reply.generateCsrf()}
          version={opts.creates ? null : values.version ?? s.version} fields={def.fields(ctx, l)} values={values} error={error}
          after={def.extra?.(ctx, s, values, l)} submit={def.kind === 'participation.verify' ? ctx.t('change.record') : undefined} sourceRequired={def.kind !== 'participation.verify'} />
      ), status);
    };
    app.get(path, { schema: { hide: true } }, async (req, reply) => {
      const s = await read(req);
      return render(req, reply, s, opts.creates ? def.initial(s) : { ...def.initial(s), version: String(s.version) });
    });
    app.post(path, { schema: { hide: true }, preHandler: csrfCheck }, async (req, reply) => {
      const lang = langOf(req);
      const s = await read(req);
      const values = formValues(req);
      const version = opts.creates ? null : /^\d+$/.test(values.version ?? '') ? Number(values.version) : null;
      try {
        const r = await editing.propose(req.user, def.kind, opts.creates ? null : param(req, 'id'), version, def.payload(values, s));
        return reply.code(303).header('location', historyHref(lang, def.kind === 'participation.add' ? 'participation' : def.kind === 'meeting.create' ? 'meeting' : def.type, r.recordId, `?change=${r.status}`)).send();
      } catch (err) {
        if (!(err instanceof EditError) || ![400, 412, 428].includes(err.statusCode)) throw err;
        if (err.statusCode === 412) {
          const ctx = pageContext(req, lang);
          const current = await editing.state(req.user, def.type, param(req, 'id')) as unknown as S;
          return sendPage(noStore(reply), (
            <ConflictPage ctx={ctx} fields={def.fields(ctx, await lookups())} yours={values} current={def.initial(current)} currentVersion={current.version}
              editHref={action(req)} historyHref={historyHref(lang, def.type, param(req, 'id'))} />
          ), 409);
        }
        return render(req, reply, s, values, { field: err.field ?? '-', message: err.message }, 400);
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

  app.get('/:lang/edit', { schema: { hide: true } }, async (req, reply) => {
    if (!req.user) throw new EditError(401, 'sign in');
    const ctx = pageContext(req, langOf(req));
    const all = can(req.user.grants, 'role.grant');
    const names = await registry.mechanismNames();
    const mechanisms = all ? [...names.entries()].map(([id, name]) => ({ id, name }))
      : req.user.grants.filter((g) => g.role === 'editor' && g.scopeId).map((g) => ({ id: g.scopeId!, name: names.get(g.scopeId!) ?? g.scopeId! }));
    const countries = req.user.grants.filter((g) => g.role === 'focal_point' && g.scopeId).map((g) => ({ code: g.scopeId!, name: countryNames(ctx.lang).get(g.scopeId!) ?? g.scopeId! }));
    const reviewer = req.user.grants.some((g) => g.role === 'reviewer' || g.role === 'admin');
    return sendPage(noStore(reply), <DeskPage ctx={ctx} mechanisms={mechanisms.sort((a, b) => a.name.localeCompare(b.name))} countries={countries} reviewer={reviewer} />);
  });

  app.get('/:lang/edit/mechanisms/:id', { schema: { hide: true } }, async (req, reply) => {
    const id = param(req, 'id');
    const rows = await editing.editableRows(req.user, id);
    const m = await editing.state(req.user, 'mechanism', id) as MechanismState;
    return sendPage(noStore(reply), <MechanismDeskPage ctx={pageContext(req, langOf(req))} mechanism={{ id, name: m.name, version: m.version }} rows={rows} meetings={await editing.meetingsOf(id)} />);
  });

  app.get('/:lang/edit/countries/:code', { schema: { hide: true } }, async (req, reply) => {
    const ctx = pageContext(req, langOf(req));
    const code = param(req, 'code').toUpperCase();
    const rows = await editing.verifiableRows(req.user, code);
    return sendPage(noStore(reply), <CountryDeskPage ctx={ctx} country={{ code, name: countryNames(ctx.lang).get(code) ?? code }} rows={rows} mechanismNames={await registry.mechanismNames()} />);
  });

  app.get('/:lang/review', { schema: { hide: true } }, async (req, reply) => {
    const ctx = pageContext(req, langOf(req));
    const done = (req.query as { done?: string }).done;
    const notice = done === 'returned' ? ctx.t('change.returnedNotice') : done === 'withdrawn' ? ctx.t('change.withdrawnNotice') : undefined;
    return sendPage(noStore(reply), <ReviewPage ctx={ctx} items={await editing.pending(req.user)} mine={await editing.mine(req.user)} csrf={reply.generateCsrf()} notice={notice} />);
  });

  app.post('/:lang/review/:id/publish', { schema: { hide: true }, preHandler: csrfCheck }, async (req, reply) => {
    const r = await editing.publish(req.user, param(req, 'id'));
    const change = await editing.changeRecord(r.id);
    return reply.code(303).header('location', historyHref(langOf(req), change.recordType, r.recordId, '?change=published')).send();
  });

  app.post('/:lang/review/:id/return', { schema: { hide: true }, preHandler: csrfCheck }, async (req, reply) => {
    await editing.returnChange(req.user, param(req, 'id'), String((req.body as { comment?: string } | undefined)?.comment ?? ''));
    return reply.code(303).header('location', href(langOf(req), '/review', '?done=returned')).send();
  });

  app.post('/:lang/review/:id/withdraw', { schema: { hide: true }, preHandler: csrfCheck }, async (req, reply) => {
    await editing.withdraw(req.user, param(req, 'id'));
    return reply.code(303).header('location', href(langOf(req), '/review', '?done=withdrawn')).send();
  });

  app.post('/:lang/changes/:id/revert', { schema: { hide: true }, preHandler: csrfCheck }, async (req, reply) => {
    const r = await editing.revert(req.user, param(req, 'id'));
    const change = await editing.changeRecord(r.id);
    return reply.code(303).header('location', historyHref(langOf(req), change.recordType, r.recordId, '?change=reverted')).send();
  });

  app.get('/:lang/history/:type/:id', { schema: { hide: true } }, async (req, reply) => {
    const ctx = pageContext(req, langOf(req));
    const lang = ctx.lang;
    const type = param(req, 'type');
    const history = await editing.history(type, param(req, 'id'));
    const change = (req.query as { change?: string }).change;
    const notice = change === 'pending' ? ctx.t('edit.pending') : change === 'published' ? ctx.t('edit.published') : change === 'reverted' ? ctx.t('change.revertedNotice') : undefined;
    let title = history.id;
    let recordHref: string | null = null;
    const compilation: CompilationItem[] = [];
    const item = (label: string, text: string | null | undefined) => { if (text) compilation.push({ label, text }); };
    const since = (start: string | null) => (start ? formatDate(start, lang) : ctx.t('compilation.unknownStart'));
    const unverified = (json: string) => { for (const f of unverifiedFields(json)) item(ctx.t('compilation.unverified', { field: fieldName(ctx, f.field) }), f.compilationNote); };
    if (history.recordType === 'mechanism') {
      title = (await registry.mechanismNames()).get(history.id) ?? history.id;
      recordHref = href(lang, `/mechanisms/${encodeURIComponent(history.id)}`);
      const m = history.exists ? await registry.mechanism(history.id, today()) : null;
      if (m) {
        item(ctx.t('compilation.notes'), m.compilationNote);
        item(ctx.t('compilation.membership'), m.membershipCompilationNote);
        for (const l of m.levelHistory) item(ctx.t('compilation.level', { start: since(l.start) }), l.compilationNote);
        for (const s of m.statusHistory) item(ctx.t('compilation.status', { start: since(s.start) }), s.compilationNote);
        for (const f of m.unverifiedFields) item(ctx.t('compilation.unverified', { field: fieldName(ctx, f.field) }), f.compilationNote);
      }
    } else if (history.recordType === 'meeting') {
      const m = history.exists ? await editing.state(null, 'meeting', history.id) as MeetingState : null;
      title = m?.title ?? history.id;
      recordHref = m ? href(lang, `/meetings/${encodeURIComponent(history.id)}`) : null;
      if (m) {
        item(ctx.t('compilation.notes'), m.compilation_note);
        for (const c of JSON.parse(m.reported_counts) as { count: number; compilation_note?: string | null }[]) item(ctx.t('compilation.count', { count: c.count }), c.compilation_note);
        unverified(m.unverified_fields);
      }
    } else if (history.exists) {
      const p = await editing.state(null, 'participation', history.id) as ParticipationState;
      item(ctx.t('compilation.row'), p.compilation_note);
      title = `${partyName(ctx, p)} — ${(await registry.mechanismNames()).get(p.mechanism_id) ?? p.mechanism_id}`;
      recordHref = href(lang, `/mechanisms/${encodeURIComponent(p.mechanism_id)}`);
    }
    const mayRevert = !!req.user && can(req.user.grants, 'change.revert');
    return sendPage(noStore(reply), <HistoryPage ctx={ctx} history={history} title={title} recordHref={recordHref} compilation={compilation} notice={notice} csrf={mayRevert ? reply.generateCsrf() : undefined} />);
  });
};

function ForbiddenPage(props: { ctx: PageContext; message: string; title?: string }) {
  return (
    <Layout ctx={props.ctx} title={props.title ?? '403'} description={props.ctx.t('edit.forbidden')}>
      <h1>{props.title ?? '403'}</h1>
      <p>{props.title ? props.ctx.t('change.notNow') : props.ctx.t('edit.forbidden')}</p>
      <p class="muted" lang="en">{props.message}</p>
    </Layout>
  );
}
