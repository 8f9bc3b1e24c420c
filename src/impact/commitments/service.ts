/**
 * Commitments and their follow-up: the public reads (commitments in their state on a date, a framework's tree
 * rolled up, a cycle's dashboard) and the writes (open a reporting cycle, report an update, review it). Every
 * decision goes through ./model.ts; every write runs in one transaction with its audit event; only accepted
 * updates are public, and who reported is public only as the State (or "the secretariat"), never the person.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AccountsService, SessionUser } from '../../accounts/service.js';
import type { DataVersion } from '../../db/data-version.js';
import type { CommitmentUpdateTable, DB } from '../../db/schema.js';
import {
  BadParameter,
  Conflict,
  Forbidden,
  HttpError,
  NotFound,
  Unauthenticated,
  ValidationError,
} from '../../http/errors.js';
import { today } from '../../registry/model.js';
import type { RegistryService } from '../../registry/service.js';
import {
  concerned,
  cycleOpen,
  isIsoDate,
  isSecretariat,
  MAX_TEXT,
  MAX_TITLE,
  mayReview,
  pastDeadline,
  rollFramework,
  speaksFor,
  stateOn,
  STATUSES,
  type Level,
  type Rolled,
  type Status,
} from './model.js';
import * as store from './store.js';

const SIGN_IN = 'sign in, or send a personal API token as "Authorization: Bearer …"';

export interface CommitmentsDeps {
  accounts: AccountsService;
  /** The States an account acts for as a delegate (src/sharing), for who speaks for a State. */
  delegateOf: (user: SessionUser) => Promise<string[]>;
  /** Whether a document id names a document of the repository (evidence). */
  documentExists: (id: string) => Promise<boolean>;
  /** Today's date (tests move it past a deadline). */
  clock?: () => string;
}

export interface StateView {
  update: string;
  status: Status;
  progress: number | null;
  date: string;
  /** The State that reported; null: the secretariat (or a source, for reference updates). */
  country: string | null;
  evidence: { url: string | null; document: string | null };
  note: string | null;
}

export interface CommitmentView {
  id: string;
  text: string;
  document: string;
  paragraph: string | null;
  framework: string | null;
  node: { id: string; code: string; title: string; level: string } | null;
  weight: number;
  mechanisms: string[];
  countries: string[];
  themes: string[];
  source: { url: string; readOn: string };
  /** The last accepted update on or before asOf; null: no report. */
  state: StateView | null;
}

export interface NodeView {
  id: string;
  code: string;
  level: string;
  title: string;
  weight: number;
  source: { url: string; readOn: string };
  rollup: Rolled;
  commitments: string[];
  children: NodeView[];
}

export interface CommitmentFilter {
  framework?: string | undefined;
  document?: string | undefined;
  mechanism?: string | undefined;
  country?: string | undefined;
  status?: Status | 'none' | undefined;
  asOf?: string | undefined;
}

export interface CycleView {
  id: string;
  mechanism: string;
  title: string;
  openedOn: string;
  deadline: string;
  open: boolean;
}

export interface ReportInput {
  cycle?: string | undefined;
  country?: string | null | undefined;
  status: Status;
  progress?: number | null | undefined;
  date: string;
  evidenceUrl?: string | null | undefined;
  evidenceDocument?: string | null | undefined;
  note?: string | null | undefined;
}

export interface UpdateView extends StateView {
  id: string;
  commitment: string;
  cycle: string | null;
  review: 'submitted' | 'accepted' | 'returned';
  reviewComment: string | null;
  reviewedAt: string | null;
  createdAt: string;
}

type Row = store.CommitmentRow;
type UpdateRow = CommitmentUpdateTable;

const stateOf = (u: UpdateRow): StateView => ({
  update: u.id,
  status: u.status as Status,
  progress: u.progress,
  date: u.on_date,
  country: u.country_code,
  evidence: { url: u.evidence_url, document: u.evidence_document_id },
  note: u.note,
});

const updateView = (u: UpdateRow): UpdateView => ({
  ...stateOf(u),
  id: u.id,
  commitment: u.commitment_id,
  cycle: u.cycle_id,
  review: u.review as UpdateView['review'],
  reviewComment: u.review_comment,
  reviewedAt: u.reviewed_at,
  createdAt: u.created_at,
});

export class CommitmentsService {
  readonly clock: () => string;
  constructor(
    private readonly db: Kysely<DB>,
    private readonly registry: RegistryService,
    private readonly version: DataVersion,
    private readonly deps: CommitmentsDeps,
  ) {
    this.clock = deps.clock ?? (() => today());
  }

  private async accepted(): Promise<Map<string, (UpdateRow & { date: string; acceptedAt: string; status: Status })[]>> {
    const by = new Map<string, (UpdateRow & { date: string; acceptedAt: string; status: Status })[]>();
    for (const u of await store.updates(this.db, { review: 'accepted' }))
      by.set(u.commitment_id, [
        ...(by.get(u.commitment_id) ?? []),
        { ...u, date: u.on_date, acceptedAt: u.reviewed_at ?? u.created_at, status: u.status as Status },
      ]);
    return by;
  }

  private asOf(asOf: string | undefined): string {
    if (asOf === undefined) return this.clock();
    if (!isIsoDate(asOf)) throw new BadParameter('asOf', `asOf "${asOf}" is not a date written YYYY-MM-DD`);
    return asOf;
  }

  private async nodeIndex() {
    const nodes = await store.nodes(this.db);
    return new Map(nodes.map((n) => [`${n.framework_id}/${n.id}`, n]));
  }

  private view(
    c: Row,
    nodes: Awaited<ReturnType<CommitmentsService['nodeIndex']>>,
    state: UpdateRow | null,
  ): CommitmentView {
    const n = c.framework_id && c.node_id ? nodes.get(`${c.framework_id}/${c.node_id}`) : undefined;
    return {
      id: c.id,
      text: c.text,
      document: c.document_id,
      paragraph: c.paragraph,
      framework: c.framework_id,
      node: n ? { id: n.id, code: n.code, title: n.title, level: n.level } : null,
      weight: c.weight,
      mechanisms: c.mechanisms,
      countries: c.countries,
      themes: c.themes,
      source: { url: c.source_url, readOn: c.read_on },
      state: state ? stateOf(state) : null,
    };
  }

  /** The commitments the filters select, each in its state on asOf (default today). */
  async list(filter: CommitmentFilter = {}): Promise<{ asOf: string; items: CommitmentView[] }> {
    const asOf = this.asOf(filter.asOf);
    const [rows, accepted, nodes] = await Promise.all([store.commitments(this.db), this.accepted(), this.nodeIndex()]);
    let memberOf: Set<string> | null = null;
    if (filter.country) {
      if (!this.registry.countryCodes().has(filter.country))
        throw new BadParameter('country', `unknown country "${filter.country}": use an ISO 3166-1 alpha-3 code`);
      const parts = await this.registry.participation({ country: filter.country, role: 'member', asOf });
      memberOf = new Set(parts.items.map((p) => p.mechanism));
    }
    const items: CommitmentView[] = [];
    for (const c of rows) {
      if (filter.framework && c.framework_id !== filter.framework) continue;
      if (filter.document && c.document_id !== filter.document) continue;
      if (filter.mechanism && !c.mechanisms.includes(filter.mechanism)) continue;
      if (filter.country && memberOf) {
        // the country is named, or none is named and the country is a member State of one of its mechanisms then
        const named = c.countries.includes(filter.country);
        if (!named && (c.countries.length > 0 || !c.mechanisms.some((m) => memberOf.has(m)))) continue;
      }
      const state = stateOn(accepted.get(c.id) ?? [], asOf);
      if (filter.status && (state?.status ?? 'none') !== filter.status) continue;
      items.push(this.view(c, nodes, state));
    }
    return { asOf, items };
  }

  /** One commitment, its state on asOf and every accepted update (the public follow-up), oldest first. */
  async get(id: string, asOfParam?: string): Promise<CommitmentView & { asOf: string; updates: UpdateView[] }> {
    const asOf = this.asOf(asOfParam);
    const c = (await store.commitments(this.db)).find((x) => x.id === id);
    if (!c) throw new NotFound('commitment', id);
    const accepted = (await this.accepted()).get(id) ?? [];
    return {
      ...this.view(c, await this.nodeIndex(), stateOn(accepted, asOf)),
      asOf,
      updates: [...accepted].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)).map(updateView),
    };
  }

  async frameworks() {
    return (await store.frameworks(this.db)).map((f) => ({
      id: f.id,
      title: f.title,
      document: f.document_id,
      levels: JSON.parse(f.levels) as Level[],
      publicNote: f.public_note,
    }));
  }

  /** A framework's tree with the progress rolled up on asOf (model.ts: THE ROLL-UP RULE), and its commitments. */
  async framework(id: string, asOfParam?: string) {
    const asOf = this.asOf(asOfParam);
    const f = await store.framework(this.db, id);
    if (!f) throw new NotFound('framework', id);
    const [nodes, list] = await Promise.all([store.nodes(this.db, id), this.list({ framework: id, asOf })]);
    const rolled = rollFramework(
      nodes.map((n) => ({ id: n.id, parent: n.parent_id, weight: Number(n.weight) })),
      list.items.map((c) => ({ node: c.node?.id ?? null, weight: c.weight, state: c.state })),
    );
    const build = (parent: string | null): NodeView[] =>
      nodes
        .filter((n) => n.parent_id === parent)
        .map((n) => ({
          id: n.id,
          code: n.code,
          level: n.level,
          title: n.title,
          weight: Number(n.weight),
          source: { url: n.source_url, readOn: n.read_on },
          rollup: rolled.nodes.get(n.id)!,
          commitments: list.items.filter((c) => c.node?.id === n.id).map((c) => c.id),
          children: build(n.id),
        }));
    const { nodes: _nodes, ...total } = rolled;
    return {
      id: f.id,
      title: f.title,
      document: f.document_id,
      levels: JSON.parse(f.levels) as Level[],
      publicNote: f.public_note,
      compilationNote: f.compilation_note,
      asOf,
      rollup: total,
      tree: build(null),
      unplaced: list.items.filter((c) => c.node === null).map((c) => c.id),
      commitments: list.items,
    };
  }

  // ---------------------------------------------------------------- cycles

  private cycleView(c: {
    id: string;
    mechanism_id: string;
    title: string;
    opened_on: string;
    deadline: string;
  }): CycleView {
    return {
      id: c.id,
      mechanism: c.mechanism_id,
      title: c.title,
      openedOn: c.opened_on,
      deadline: c.deadline,
      open: cycleOpen(c.deadline, this.clock()),
    };
  }

  async cycles(mechanism?: string): Promise<CycleView[]> {
    return (await store.cycles(this.db, mechanism)).map((c) => this.cycleView(c));
  }

  /** The States that report in a cycle: the member States of its mechanism on the day it was opened. */
  async statesOf(mechanism: string, date: string): Promise<string[]> {
    const parts = await this.registry.participation({ mechanism, role: 'member', asOf: date });
    return [
      ...new Set(parts.items.flatMap((p) => (p.party.type === 'country' && p.party.id ? [p.party.id] : []))),
    ].sort();
  }

  /** The dashboard of a cycle: who reported, and every commitment of its mechanism in its state on asOf. */
  async cycle(id: string, asOfParam?: string) {
    const c = await store.cycle(this.db, id);
    if (!c) throw new NotFound('cycle', id);
    const asOf = this.asOf(asOfParam);
    const [states, list, reports] = await Promise.all([
      this.statesOf(c.mechanism_id, c.opened_on),
      this.list({ mechanism: c.mechanism_id, asOf }),
      store.updates(this.db, { cycle: id }),
    ]);
    return {
      ...this.cycleView(c),
      asOf,
      states: states.map((country) => {
        const mine = reports.filter((r) => r.country_code === country);
        return {
          country,
          concerned: list.items.filter((x) => concerned(x.countries, [country]).length > 0).length,
          reported: new Set(mine.map((r) => r.commitment_id)).size,
          accepted: mine.filter((r) => r.review === 'accepted').length,
          submitted: mine.filter((r) => r.review === 'submitted').length,
          returned: mine.filter((r) => r.review === 'returned').length,
        };
      }),
      commitments: list.items,
    };
  }

  async openCycle(
    user: SessionUser | null,
    input: { mechanism: string; title: string; deadline: string },
  ): Promise<CycleView> {
    if (!user) throw new Unauthenticated(SIGN_IN);
    let mechanism: string;
    try {
      mechanism = (await this.registry.resolveMechanism(input.mechanism)).id;
    } catch (err) {
      if (err instanceof HttpError && (err.statusCode === 404 || err.statusCode === 301))
        throw new ValidationError(`no mechanism "${input.mechanism}" (use its id, e.g. rabat-process)`, 'mechanism');
      throw err;
    }
    const title = input.title.trim();
    if (!title) throw new ValidationError('the title is empty', 'title');
    if (title.length > MAX_TITLE) throw new ValidationError(`at most ${MAX_TITLE} characters`, 'title');
    const date = this.clock();
    if (!isIsoDate(input.deadline))
      throw new ValidationError('the deadline must be a date written YYYY-MM-DD', 'deadline');
    if (input.deadline <= date) throw new ValidationError(`the deadline must be after today (${date})`, 'deadline');
    if (!mayReview(user.grants, [mechanism]))
      throw new Forbidden(
        `only the secretariat of ${mechanism} (its editors or reviewers) or an administrator opens its reporting cycles`,
      );
    const states = await this.statesOf(mechanism, date);
    if (states.length === 0) throw new ValidationError(`no State is a member of ${mechanism} on ${date}`, 'mechanism');
    const row = {
      id: randomUUID(),
      mechanism_id: mechanism,
      title,
      opened_on: date,
      deadline: input.deadline,
      created_at: new Date().toISOString(),
    };
    await this.db.transaction().execute(async (tx) => {
      await store.insertCycle(tx, row);
      await this.deps.accounts.recordEvent(tx, {
        actor: user.id,
        action: 'commitment.cycle.open',
        recordType: 'reporting_cycle',
        recordId: row.id,
        after: { mechanism, title, openedOn: date, deadline: input.deadline, states },
      });
    });
    this.version.bump();
    return this.cycleView(row);
  }

  // ---------------------------------------------------------------- reporting and review

  /**
   * Report an update on a commitment. In a cycle: for a State of the cycle the commitment concerns, by whoever
   * speaks for it (its focal point or delegate) or the secretariat, until the deadline (after it, 409). Outside a
   * cycle: the secretariat of one of the commitment's mechanisms, or an administrator. It waits for review.
   */
  async report(user: SessionUser | null, id: string, input: ReportInput): Promise<UpdateView> {
    if (!user) throw new Unauthenticated(SIGN_IN);
    const c = (await store.commitments(this.db)).find((x) => x.id === id);
    if (!c) throw new ValidationError(`no commitment "${id}"`, 'commitment');
    const date = this.clock();
    if (!(STATUSES as readonly string[]).includes(input.status))
      throw new ValidationError(`status must be one of ${STATUSES.join(', ')}`, 'status');
    const progress = input.progress ?? null;
    if (progress !== null && (!Number.isInteger(progress) || progress < 0 || progress > 100))
      throw new ValidationError('progress is a whole number from 0 to 100', 'progress');
    if (input.status === 'planned' && progress !== null && progress > 0)
      throw new ValidationError('a planned commitment reports no progress above 0', 'progress');
    if (input.status === 'completed' && progress !== null && progress !== 100)
      throw new ValidationError('a completed commitment is at 100 (or gives no figure)', 'progress');
    if (!isIsoDate(input.date)) throw new ValidationError('the date must be written YYYY-MM-DD', 'date');
    if (input.date > date) throw new ValidationError(`the date is after today (${date})`, 'date');
    const url = input.evidenceUrl?.trim() || null;
    if (url !== null && (!/^https?:\/\/[^\s]+$/.test(url) || url.length > 2000))
      throw new ValidationError('the evidence URL is an http(s) address', 'evidenceUrl');
    const doc = input.evidenceDocument?.trim() || null;
    if (doc !== null && !(await this.deps.documentExists(doc)))
      throw new ValidationError(`no document "${doc}" in the repository`, 'evidenceDocument');
    if (input.status !== 'planned' && url === null && doc === null)
      throw new ValidationError('give the evidence: a source URL or a document of the repository', 'evidenceUrl');
    const note = input.note?.trim() || null;
    if (note !== null && note.length > MAX_TEXT) throw new ValidationError(`at most ${MAX_TEXT} characters`, 'note');
    const country = input.country ?? null;
    if (country !== null && !this.registry.countryCodes().has(country))
      throw new ValidationError(`unknown country "${country}": use an ISO 3166-1 alpha-3 code`, 'country');
    let cycleId: string | null = null;
    if (input.cycle !== undefined) {
      const cy = await store.cycle(this.db, input.cycle);
      if (!cy) throw new ValidationError(`no reporting cycle "${input.cycle}"`, 'cycle');
      if (!c.mechanisms.includes(cy.mechanism_id))
        throw new ValidationError(
          `commitment ${id} is not followed up by ${cy.mechanism_id}, whose cycle this is`,
          'cycle',
        );
      if (country === null) throw new ValidationError('a report in a cycle names the State it reports for', 'country');
      const states = await this.statesOf(cy.mechanism_id, cy.opened_on);
      if (!states.includes(country))
        throw new ValidationError(
          `${country} was not a member State of ${cy.mechanism_id} on ${cy.opened_on}`,
          'country',
        );
      if (concerned(c.countries, [country]).length === 0)
        throw new ValidationError(`commitment ${id} does not concern ${country}`, 'country');
      const delegateOf = await this.deps.delegateOf(user);
      if (!speaksFor(user.grants, delegateOf, country) && !isSecretariat(user.grants, cy.mechanism_id))
        throw new Forbidden(
          `only the focal point or a delegate of ${country}, or the secretariat of ${cy.mechanism_id}, reports for it`,
        );
      if (!cycleOpen(cy.deadline, date)) throw new Conflict(pastDeadline(cy.deadline, date));
      cycleId = cy.id;
    } else if (!c.mechanisms.some((m) => isSecretariat(user.grants, m)))
      throw new Forbidden(
        `outside a reporting cycle only the secretariat of ${c.mechanisms.join(' or ')} or an administrator reports; States report in a cycle`,
      );
    const row: UpdateRow = {
      id: randomUUID(),
      commitment_id: id,
      cycle_id: cycleId,
      country_code: country,
      status: input.status,
      progress,
      on_date: input.date,
      evidence_url: url,
      evidence_document_id: doc,
      note,
      reported_by: user.id,
      review: 'submitted',
      review_comment: null,
      reviewed_by: null,
      reviewed_at: null,
      created_at: new Date().toISOString(),
    };
    await this.db.transaction().execute(async (tx) => {
      await store.insertUpdate(tx, row);
      await this.deps.accounts.recordEvent(tx, {
        actor: user.id,
        action: 'commitment.report',
        recordType: 'commitment_update',
        recordId: row.id,
        after: {
          commitment: id,
          cycle: cycleId,
          country,
          status: row.status,
          progress,
          date: row.on_date,
          evidenceUrl: url,
          evidenceDocument: doc,
        },
      });
    });
    return updateView(row);
  }

  /** The updates waiting for the viewer's review (its mechanisms' commitments), oldest first. */
  async pending(user: SessionUser | null): Promise<UpdateView[]> {
    if (!user) throw new Unauthenticated(SIGN_IN);
    const mechanisms = new Map((await store.commitments(this.db)).map((c) => [c.id, c.mechanisms]));
    return (await store.updates(this.db, { review: 'submitted' }))
      .filter((u) => mayReview(user.grants, mechanisms.get(u.commitment_id) ?? []))
      .map(updateView);
  }

  /** Accept an update (it becomes public and counts), or return it with a comment; once. */
  async review(
    user: SessionUser | null,
    updateId: string,
    input: { decision: 'accept' | 'return'; comment?: string | null | undefined },
  ): Promise<UpdateView> {
    if (!user) throw new Unauthenticated(SIGN_IN);
    const u = await store.update(this.db, updateId);
    if (!u) throw new NotFound('update', updateId);
    const c = (await store.commitments(this.db)).find((x) => x.id === u.commitment_id)!;
    const comment = input.comment?.trim() || null;
    if (input.decision === 'return' && comment === null)
      throw new ValidationError('a returned update says why: give a comment', 'comment');
    if (comment !== null && comment.length > MAX_TEXT)
      throw new ValidationError(`at most ${MAX_TEXT} characters`, 'comment');
    if (!mayReview(user.grants, c.mechanisms))
      throw new Forbidden(
        `only the secretariat or a reviewer of ${c.mechanisms.join(' or ')}, or an administrator, reviews its updates`,
      );
    if (u.review !== 'submitted') throw new Conflict(`this update is already ${u.review}`);
    const set = {
      review: input.decision === 'accept' ? 'accepted' : 'returned',
      review_comment: comment,
      reviewed_by: user.id,
      reviewed_at: new Date().toISOString(),
    };
    await this.db.transaction().execute(async (tx) => {
      const r = await store.reviewUpdate(tx, updateId, set);
      if (Number(r.numUpdatedRows) !== 1) throw new Conflict('this update was reviewed meanwhile');
      await this.deps.accounts.recordEvent(tx, {
        actor: user.id,
        action: input.decision === 'accept' ? 'commitment.accept' : 'commitment.return',
        recordType: 'commitment_update',
        recordId: updateId,
        before: { review: 'submitted' },
        after: { review: set.review, comment },
      });
    });
    if (set.review === 'accepted') this.version.bump();
    return updateView({ ...u, ...set });
  }

  // ---------------------------------------------------------------- what the forms offer (pages)

  /** The mechanisms whose reporting cycles the account may open (its secretariat, reviewers, administrators). */
  async openable(user: SessionUser | null): Promise<string[]> {
    if (!user) return [];
    const names = await this.registry.mechanismNames();
    return [...names.keys()].filter((m) => mayReview(user.grants, [m])).sort();
  }

  /** 401 when signed out, 403 unless the account may open a cycle for some mechanism; the mechanisms it may. */
  async authoriseOpen(user: SessionUser | null): Promise<string[]> {
    if (!user) throw new Unauthenticated(SIGN_IN);
    const mechanisms = await this.openable(user);
    if (!mechanisms.length)
      throw new Forbidden(
        'only the secretariat of a mechanism (its editors or reviewers) or an administrator opens a reporting cycle',
      );
    return mechanisms;
  }

  /**
   * What the account may report on a commitment: the open cycles of its mechanisms with the States it may report
   * for in each (those it speaks for, or every concerned State for the secretariat), and whether it may report
   * outside a cycle (the secretariat). Nothing: an empty list and false.
   */
  async reportOptions(
    user: SessionUser | null,
    id: string,
  ): Promise<{ cycles: { cycle: CycleView; countries: string[] }[]; outside: boolean }> {
    if (!user) return { cycles: [], outside: false };
    const c = (await store.commitments(this.db)).find((x) => x.id === id);
    if (!c) throw new NotFound('commitment', id);
    const delegateOf = await this.deps.delegateOf(user);
    const date = this.clock();
    const cycles: { cycle: CycleView; countries: string[] }[] = [];
    for (const cy of await store.cycles(this.db)) {
      if (!c.mechanisms.includes(cy.mechanism_id) || !cycleOpen(cy.deadline, date)) continue;
      const states = concerned(c.countries, await this.statesOf(cy.mechanism_id, cy.opened_on));
      const countries = isSecretariat(user.grants, cy.mechanism_id)
        ? states
        : states.filter((k) => speaksFor(user.grants, delegateOf, k));
      if (countries.length) cycles.push({ cycle: this.cycleView(cy), countries });
    }
    return { cycles, outside: c.mechanisms.some((m) => isSecretariat(user.grants, m)) };
  }

  /** 401 when signed out, 404 for no commitment, 403 when the account may report on it in no way; what it may. */
  async authoriseReport(user: SessionUser | null, id: string) {
    if (!user) throw new Unauthenticated(SIGN_IN);
    const options = await this.reportOptions(user, id);
    if (!options.cycles.length && !options.outside)
      throw new Forbidden(
        `only the focal point or a delegate of a State this commitment concerns, in an open reporting cycle, or the secretariat of its mechanisms, reports on ${id}`,
      );
    return options;
  }

  /** Whether the account may review updates of any mechanism (the review queue). */
  async mayReviewAny(user: SessionUser | null): Promise<boolean> {
    return (await this.openable(user)).length > 0;
  }

  /** The review queue: the pending updates with their commitment's text and the reporter's name (reviewers only). */
  async queue(user: SessionUser | null): Promise<(UpdateView & { commitmentText: string; author: string })[]> {
    if (!user) throw new Unauthenticated(SIGN_IN);
    if (!(await this.mayReviewAny(user)))
      throw new Forbidden('only the secretariat or a reviewer of a mechanism, or an administrator, reviews updates');
    const texts = new Map((await store.commitments(this.db)).map((c) => [c.id, c.text]));
    const mechanisms = new Map((await store.commitments(this.db)).map((c) => [c.id, c.mechanisms]));
    const rows = (await store.updates(this.db, { review: 'submitted' })).filter((u) =>
      mayReview(user.grants, mechanisms.get(u.commitment_id) ?? []),
    );
    const names = await this.deps.accounts.displayNames(rows.map((u) => u.reported_by));
    return rows.map((u) => ({
      ...updateView(u),
      commitmentText: texts.get(u.commitment_id) ?? u.commitment_id,
      author: names.get(u.reported_by) ?? u.reported_by,
    }));
  }

  /**
   * One update as its reporter, whoever speaks for its State or its reviewers see it (submitted, accepted or
   * returned), with whether the viewer may review it now; 404 to anyone else (a pending update is not public).
   */
  async updateFor(user: SessionUser | null, updateId: string) {
    if (!user) throw new Unauthenticated(SIGN_IN);
    const u = await store.update(this.db, updateId);
    if (!u) throw new NotFound('update', updateId);
    const c = (await store.commitments(this.db)).find((x) => x.id === u.commitment_id)!;
    const reviewer = mayReview(user.grants, c.mechanisms);
    const speaker = u.country_code !== null && speaksFor(user.grants, await this.deps.delegateOf(user), u.country_code);
    if (u.reported_by !== user.id && !reviewer && !speaker) throw new NotFound('update', updateId);
    const cycle = u.cycle_id ? await store.cycle(this.db, u.cycle_id) : undefined;
    const names = await this.deps.accounts.displayNames([u.reported_by]);
    return {
      ...updateView(u),
      commitmentText: c.text,
      cycleTitle: cycle?.title ?? null,
      author: names.get(u.reported_by) ?? u.reported_by,
      mayReview: reviewer && u.review === 'submitted',
    };
  }

  /** The commitments of a document (its page's section), in their state today. */
  forDocument(document: string) {
    return this.list({ document });
  }

  lastChanged() {
    return store.lastChanged(this.db);
  }
}
