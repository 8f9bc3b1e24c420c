/**
 * Meeting delegations: a State's focal point (or an administrator) registers the State's delegation to a meeting;
 * the eligibility the ledger gives on the meeting's date is recorded and shown; the meeting's secretariat (or an
 * administrator) confirms or declines it. The public reads the confirmed States only (attendance). Every decision
 * goes through ./model.ts with the viewer of sharing's service; every write runs in one transaction with its audit
 * event and bumps the data version (the public meeting page shows the attendance).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AccountsService, SessionUser } from '../../accounts/service.js';
import type { DataVersion } from '../../db/data-version.js';
import type { DB } from '../../db/schema.js';
import { Conflict, Forbidden, NotFound, Unauthenticated, ValidationError } from '../../http/errors.js';
import type { RegistryService } from '../../registry/service.js';
import { inSpace, isAdmin, type LedgerRow, type Viewer } from '../model.js';
import { today } from '../../registry/model.js';
import { countryNames } from '../../registry/countries.js';
import type { SharingService } from '../service.js';
import {
  attendanceOf,
  decideRefusal,
  eligibilityOn,
  isSecretariat,
  meetingDate,
  MAX_NOTE,
  orgAttendanceOf,
  orgEligibilityOn,
  orgRefusal,
  personsProblem,
  registerRefusal,
  seesPersons,
  type Attendance,
  type Decision,
  type DelegationStatus,
  type Eligibility,
  type OrgAttendance,
  type OrgEligibility,
  type PersonInput,
} from './model.js';
import { packPlan, packZip, type PackSource } from './pack.js';
import * as store from './store.js';

/** The persons trimmed, or a 400 naming the first one that is wrong. */
function checkedPersons(input: readonly PersonInput[]): { name: string; function: string }[] {
  const persons = input.map((p) => ({ name: p.name.trim(), function: p.function.trim() }));
  const problem = personsProblem(persons);
  if (problem) throw new ValidationError(problem.message, problem.field);
  return persons;
}

/** Whose delegation: a State's (ISO code) or an organization's (its id). */
type Party = { country: string } | { organization: string };

const SIGN_IN = 'sign in, or send a personal API token as "Authorization: Bearer …"';

/** What the delegations need of a meeting (given by the root from the meetings feature). */
export interface MeetingInfo {
  id: string;
  title: string;
  start: string;
  status: string;
  mechanism: { id: string; name: string } | null;
}
export type MeetingLookup = (id: string) => Promise<MeetingInfo>;
/** Whether a partnership links an organization to a mechanism on a date (given by the root from impact). */
export type PartnerLookup = (mechanism: string, organization: string, date: string) => Promise<boolean>;

/** An organization's delegation (migration 0106): persons only for the secretariat and administrators. */
export interface OrgDelegationView {
  id: string;
  meeting: string;
  organization: { id: string; name: string; acronym: string | null };
  eligibility: OrgEligibility;
  status: DelegationStatus;
  persons: PersonInput[] | null;
  registeredAt: string;
  decidedAt: string | null;
  decisionNote: string | null;
}

/** The public attendance: the States' (attendanceOf) and the organizations'; counts and names, never persons. */
export type MeetingAttendance = Attendance & { organizations: OrgAttendance };

export interface DelegationView {
  id: string;
  meeting: string;
  country: string;
  eligibility: Eligibility;
  status: DelegationStatus;
  /** null when the viewer may not read the persons. */
  persons: PersonInput[] | null;
  registeredAt: string;
  decidedAt: string | null;
  decisionNote: string | null;
}

export interface MeetingDelegations {
  meeting: { id: string; title: string; date: string; mechanism: { id: string; name: string } | null };
  /** What the viewer may do: decide (the secretariat), register for these States (with their eligibility). */
  may: {
    decide: boolean;
    /** An administrator registers for any State. */
    anyState: boolean;
    registerFor: { country: string; eligibility: Eligibility }[];
  };
  items: DelegationView[];
  /** The organizations' delegations: the secretariat and administrators only (empty for others). */
  organizations: OrgDelegationView[];
  /** The organizations the secretariat may register for (empty unless it may decide). */
  organizationChoices: { id: string; name: string; acronym: string | null }[];
  attendance: MeetingAttendance;
}

export class DelegationsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly registry: RegistryService,
    private readonly accounts: AccountsService,
    private readonly sharing: SharingService,
    private readonly version: DataVersion,
    private readonly meetingOf: MeetingLookup,
    /** The agenda and documents of a meeting for its pack (given by the root from meetings and documents). */
    private readonly packSource: (id: string) => Promise<PackSource | null> = () => Promise.resolve(null),
    /** Whether a partnership links an organization to a mechanism (given by the root from impact; none without). */
    private readonly partnerOf: PartnerLookup = () => Promise.resolve(false),
  ) {}

  /** The meeting (404 for none), with the date its eligibility is read on. */
  async meeting(id: string) {
    const m = await this.meetingOf(id);
    return { ...m, date: meetingDate(m.start) };
  }

  private country(code: string): string {
    if (!this.registry.countryCodes().has(code))
      throw new NotFound('country', code, `no country "${code}": use an ISO 3166-1 alpha-3 code (e.g. SEN)`, 'country');
    return code;
  }

  /** What the ledger made `country` in the meeting's mechanism on its date. */
  async eligibility(m: { mechanism: { id: string } | null; date: string }, country: string): Promise<Eligibility> {
    if (!m.mechanism) return 'guest';
    const parts = await this.registry.participation({ country, asOf: m.date });
    const rows: LedgerRow[] = [];
    for (const p of parts.items)
      if (p.role === 'member' || p.role === 'observer')
        rows.push({ mechanism: p.mechanism, country, role: p.role, from: p.since, until: p.until });
    return eligibilityOn(rows, m.mechanism.id, country, m.date);
  }

  private viewer(user: SessionUser | null): Promise<Viewer> {
    return this.sharing.viewer(user);
  }

  private async present(
    rows: Awaited<ReturnType<typeof store.delegationsOf>>,
    viewer: Viewer,
    mechanism: string | null,
    /** true: every row, persons null where the viewer may not read them; false: only the rows it may read. */
    all = false,
  ): Promise<DelegationView[]> {
    const may = (r: { country_code: string }) => seesPersons(viewer, mechanism, r.country_code);
    const shown = all ? rows : rows.filter(may);
    const persons = await store.personsOf(
      this.db,
      shown.filter(may).map((r) => r.id),
    );
    return shown.map((r) => ({
      id: r.id,
      meeting: r.meeting_id,
      country: r.country_code,
      eligibility: r.eligibility as Eligibility,
      status: r.status as DelegationStatus,
      persons: may(r)
        ? persons.filter((p) => p.delegation_id === r.id).map((p) => ({ name: p.name, function: p.function }))
        : null,
      registeredAt: r.registered_at,
      decidedAt: r.decided_at,
      decisionNote: r.decision_note,
    }));
  }

  /**
   * The delegations to a meeting the viewer may read (the secretariat and administrators: all; a State's delegates:
   * their State's), what the viewer may do, and the public attendance. Signed in only: 401 otherwise.
   */
  async list(user: SessionUser | null, meetingId: string): Promise<MeetingDelegations> {
    if (!user) throw new Unauthenticated(SIGN_IN);
    const m = await this.meeting(meetingId);
    const viewer = await this.viewer(user);
    const mechanism = m.mechanism?.id ?? null;
    const rows = await store.delegationsOf(this.db, m.id);
    const countries = registerCountries(viewer, this.registry.countryCodes());
    const registerFor = [];
    for (const country of countries) registerFor.push({ country, eligibility: await this.eligibility(m, country) });
    const secretariat = isSecretariat(viewer, mechanism);
    const orgRows = await store.orgDelegationsOf(this.db, m.id);
    return {
      meeting: { id: m.id, title: m.title, date: m.date, mechanism: m.mechanism },
      may: { decide: secretariat, anyState: isAdmin(viewer), registerFor },
      items: await this.present(rows, viewer, mechanism),
      organizations: secretariat ? await this.presentOrgs(orgRows) : [],
      organizationChoices: secretariat ? await store.organizations(this.db) : [],
      attendance: { ...attendanceOf(rows), organizations: orgAttendanceOf(orgRows) },
    };
  }

  /** The public attendance of a meeting: the confirmed delegations' States and organizations, never persons (404 for no meeting). */
  async attendance(meetingId: string): Promise<MeetingAttendance> {
    const m = await this.meeting(meetingId);
    return {
      ...attendanceOf(await store.delegationsOf(this.db, m.id)),
      organizations: orgAttendanceOf(await store.orgDelegationsOf(this.db, m.id)),
    };
  }

  /** Organizations' delegations with their persons (only the secretariat and administrators are shown them). */
  private async presentOrgs(rows: Awaited<ReturnType<typeof store.orgDelegationsOf>>): Promise<OrgDelegationView[]> {
    const persons = await store.personsOf(
      this.db,
      rows.map((r) => r.id),
    );
    return rows.map((r) => ({
      id: r.id,
      meeting: r.meeting_id,
      organization: { id: r.organization_id, name: r.organization_name, acronym: r.organization_acronym },
      eligibility: r.eligibility as OrgEligibility,
      status: r.status as DelegationStatus,
      persons: persons.filter((p) => p.delegation_id === r.id).map((p) => ({ name: p.name, function: p.function })),
      registeredAt: r.registered_at,
      decidedAt: r.decided_at,
      decisionNote: r.decision_note,
    }));
  }

  private async organization(id: string) {
    const o = await store.organization(this.db, id);
    if (!o)
      throw new NotFound('organization', id, `no organization "${id}": use an id of GET /api/v1/organizations`, 'org');
    return o;
  }

  /** What the ledger (member, observer) and the partnerships (partner) made an organization on the meeting's date. */
  async orgEligibility(m: { mechanism: { id: string } | null; date: string }, org: string): Promise<OrgEligibility> {
    if (!m.mechanism) return 'guest';
    const parts = await this.registry.participation({ mechanism: m.mechanism.id, asOf: m.date });
    const roles = parts.items.filter((p) => p.party.type === 'organization' && p.party.id === org).map((p) => p.role);
    return orgEligibilityOn(roles, await this.partnerOf(m.mechanism.id, org, m.date));
  }

  /** Before the body is read: 401, 404 (meeting, organization), 403 unless the meeting's secretariat or an administrator. */
  async authoriseOrg(user: SessionUser | null, meetingId: string, org: string): Promise<void> {
    if (!user) throw new Unauthenticated(SIGN_IN);
    const m = await this.meeting(meetingId);
    await this.organization(org);
    const refusal = orgRefusal(await this.viewer(user), m.mechanism?.id ?? null);
    if (refusal) throw new Forbidden(refusal);
  }

  private async orgView(meetingId: string, id: string): Promise<OrgDelegationView> {
    const rows = await store.orgDelegationsOf(this.db, meetingId);
    return (await this.presentOrgs(rows.filter((r) => r.id === id)))[0]!;
  }

  /**
   * Register (or change) an organization's delegation, on its behalf, by the meeting's secretariat or an
   * administrator: its persons replace the former ones, the eligibility is read again on the meeting's date, and a
   * changed delegation is pending again.
   */
  async registerOrg(
    user: SessionUser | null,
    meetingId: string,
    org: string,
    input: { persons: PersonInput[] },
  ): Promise<OrgDelegationView> {
    await this.authoriseOrg(user, meetingId, org);
    const actor = user!;
    const m = await this.meeting(meetingId);
    const persons = checkedPersons(input.persons);
    const id = await this.save(actor, m.id, { organization: org }, await this.orgEligibility(m, org), persons);
    return this.orgView(m.id, id);
  }

  /** Confirm or decline an organization's delegation (404 when none was registered; 409 when already so decided). */
  async decideOrg(
    user: SessionUser | null,
    meetingId: string,
    org: string,
    input: { decision: Decision; note?: string | null | undefined },
  ): Promise<OrgDelegationView> {
    await this.authoriseOrg(user, meetingId, org);
    const actor = user!;
    const m = await this.meeting(meetingId);
    const id = await this.settle(actor, m.id, { organization: org }, input);
    return this.orgView(m.id, id);
  }

  /** Before the body is read: 401, 404 (meeting, country), 403 unless the State's focal point or an administrator. */
  async authoriseRegister(user: SessionUser | null, meetingId: string, code: string): Promise<void> {
    if (!user) throw new Unauthenticated(SIGN_IN);
    await this.meeting(meetingId);
    const country = this.country(code);
    const refusal = registerRefusal(await this.viewer(user), country);
    if (refusal) throw new Forbidden(refusal);
  }

  /**
   * Register (or change) a State's delegation: its persons replace the former ones, the eligibility is read again
   * on the meeting's date, and a changed delegation waits for the secretariat again (pending).
   */
  async register(
    user: SessionUser | null,
    meetingId: string,
    code: string,
    input: { persons: PersonInput[] },
  ): Promise<DelegationView> {
    await this.authoriseRegister(user, meetingId, code);
    const actor = user!;
    const m = await this.meeting(meetingId);
    const persons = checkedPersons(input.persons);
    const viewer = await this.viewer(actor);
    const id = await this.save(actor, m.id, { country: code }, await this.eligibility(m, code), persons);
    return this.stateView(m, id, viewer);
  }

  /** Before the body is read: 401, 404 (meeting, country), 403 unless the meeting's secretariat or an administrator. */
  async authoriseDecide(user: SessionUser | null, meetingId: string, code: string): Promise<void> {
    if (!user) throw new Unauthenticated(SIGN_IN);
    const m = await this.meeting(meetingId);
    this.country(code);
    const refusal = decideRefusal(await this.viewer(user), m.mechanism?.id ?? null);
    if (refusal) throw new Forbidden(refusal);
  }

  /** Confirm or decline a State's delegation (404 when the State registered none; 409 when already so decided). */
  async decide(
    user: SessionUser | null,
    meetingId: string,
    code: string,
    input: { decision: Decision; note?: string | null | undefined },
  ): Promise<DelegationView> {
    await this.authoriseDecide(user, meetingId, code);
    const actor = user!;
    const m = await this.meeting(meetingId);
    const viewer = await this.viewer(actor);
    const id = await this.settle(actor, m.id, { country: code }, input);
    return this.stateView(m, id, viewer);
  }

  /** One State's delegation as the viewer sees it. */
  private async stateView(m: { id: string; mechanism: { id: string } | null }, id: string, viewer: Viewer) {
    const rows = await store.delegationsOf(this.db, m.id);
    return (
      await this.present(
        rows.filter((r) => r.id === id),
        viewer,
        m.mechanism?.id ?? null,
      )
    )[0]!;
  }

  /** A party's delegation row to a meeting (a State's or an organization's). */
  private row(tx: Kysely<DB>, meeting: string, party: Party) {
    return 'country' in party
      ? store.delegation(tx, meeting, party.country)
      : store.orgDelegation(tx, meeting, party.organization);
  }

  /**
   * Save a party's delegation in one transaction with its audit event: its persons replace the former ones; unchanged
   * persons keep the secretariat's decision, changed ones wait for it again (pending). Returns the delegation's id.
   */
  private async save(
    actor: SessionUser,
    meeting: string,
    party: Party,
    eligibility: string,
    persons: { name: string; function: string }[],
  ): Promise<string> {
    const at = new Date().toISOString();
    let id = '';
    await this.db.transaction().execute(async (tx) => {
      const old = await this.row(tx, meeting, party);
      const oldPersons = old ? await store.personsOf(tx, [old.id]) : [];
      id = old?.id ?? randomUUID();
      const same =
        old !== undefined &&
        JSON.stringify(oldPersons.map((p) => ({ name: p.name, function: p.function }))) === JSON.stringify(persons);
      await store.saveDelegation(
        tx,
        {
          id,
          meeting_id: meeting,
          country_code: 'country' in party ? party.country : null,
          organization_id: 'organization' in party ? party.organization : null,
          eligibility,
          status: same ? old.status : 'pending',
          registered_by: actor.id,
          registered_at: at,
          decided_by: same ? old.decided_by : null,
          decided_at: same ? old.decided_at : null,
          decision_note: same ? old.decision_note : null,
        },
        old !== undefined,
        persons.map((p, seq) => ({ delegation_id: id, seq, name: p.name, function: p.function })),
      );
      await this.accounts.recordEvent(tx, {
        actor: actor.id,
        action: 'delegation.register',
        recordType: 'meeting_delegation',
        recordId: id,
        ...(old ? { before: { status: old.status, persons: oldPersons.length } } : {}),
        after: { meeting, ...party, eligibility, persons: persons.length },
      });
    });
    this.version.bump();
    return id;
  }

  /** Confirm or decline a party's delegation (404 when none was registered; 409 when already so decided). */
  private async settle(
    actor: SessionUser,
    meeting: string,
    party: Party,
    input: { decision: Decision; note?: string | null | undefined },
  ): Promise<string> {
    const note = input.note?.trim() || null;
    if (note && note.length > MAX_NOTE)
      throw new ValidationError(`the note is longer than ${MAX_NOTE} characters`, 'note');
    const whose = 'country' in party ? party.country : `the organization ${party.organization}`;
    let id = '';
    await this.db.transaction().execute(async (tx) => {
      const row = await this.row(tx, meeting, party);
      if (!row)
        throw NotFound.because(
          'country' in party
            ? `${party.country} registered no delegation to ${meeting}`
            : `no delegation of the organization ${party.organization} was registered to ${meeting}`,
        );
      if (row.status === input.decision) throw new Conflict(`the delegation of ${whose} is already ${row.status}`);
      id = row.id;
      await store.decide(tx, row.id, input.decision, actor.id, new Date().toISOString(), note);
      await this.accounts.recordEvent(tx, {
        actor: actor.id,
        action: input.decision === 'confirmed' ? 'delegation.confirm' : 'delegation.decline',
        recordType: 'meeting_delegation',
        recordId: row.id,
        before: { status: row.status },
        after: { meeting, ...party, status: input.decision, note },
      });
    });
    this.version.bump();
    return id;
  }

  /** Before anything is read: 401, 404, 403 unless a member of the meeting's space today. */
  async authorisePack(user: SessionUser | null, meetingId: string): Promise<Viewer> {
    if (!user) throw new Unauthenticated(SIGN_IN);
    const m = await this.meeting(meetingId);
    const viewer = await this.viewer(user);
    const refusal = packRefusal(viewer, m.mechanism?.id ?? null, today());
    if (refusal) throw new Forbidden(refusal);
    return viewer;
  }

  /** What the viewer's pack of a meeting holds: its entries (paths and sizes) and their total size. */
  async packPlan(user: SessionUser | null, meetingId: string) {
    const viewer = await this.authorisePack(user, meetingId);
    const m = await this.meeting(meetingId);
    const src = (await this.packSource(m.id)) ?? {
      meeting: { id: m.id, title: m.title, start: m.start, end: null, place: null, mechanism: m.mechanism?.id ?? '' },
      agenda: [],
      documents: [],
    };
    return packPlan(src, viewer, today(), await this.forPack(viewer, m.id), countryNames('en'));
  }

  /** The viewer's pack of a meeting as a zip stream, with its exact size and a file name. */
  async pack(user: SessionUser | null, meetingId: string) {
    const plan = await this.packPlan(user, meetingId);
    const zip = await packZip(plan, new Date());
    return { ...zip, filename: `${meetingId.replace(/[^\w.-]+/g, '-')}-pack.zip`, entries: plan.entries };
  }

  /**
   * The delegations of a meeting pack: the confirmed ones (public States) and those the viewer may read, with the
   * persons (names and functions) only where the viewer may read them.
   */
  async forPack(viewer: Viewer, meetingId: string): Promise<DelegationView[]> {
    const m = await this.meeting(meetingId);
    const mechanism = m.mechanism?.id ?? null;
    const rows = (await store.delegationsOf(this.db, m.id)).filter(
      (r) => r.status === 'confirmed' || seesPersons(viewer, mechanism, r.country_code),
    );
    return this.present(rows, viewer, mechanism, true);
  }
}

/** May the viewer download the meeting's pack? Members of the space on the day (delegates of its member and observer States, the secretariat, administrators). */
export function packRefusal(viewer: Viewer, mechanism: string | null, date: string): string | null {
  if (isAdmin(viewer)) return null;
  if (mechanism !== null && inSpace(viewer, mechanism, date)) return null;
  return mechanism === null
    ? 'only administrators download the pack of a meeting that no mechanism organises'
    : `only the members of the space of ${mechanism} (its member and observer States' delegates today, its secretariat) download its meeting packs`;
}

/** The States the viewer may register a delegation for: its focal-point States; an administrator: any State. */
export function registerCountries(viewer: Viewer, all: ReadonlySet<string>): string[] {
  if (isAdmin(viewer)) return [];
  return viewer.delegateOf.filter((d) => d.focalPoint && all.has(d.country)).map((d) => d.country);
}
