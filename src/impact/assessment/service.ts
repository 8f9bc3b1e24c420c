/**
 * Assessments: the ISCM unit (an administrator) writes a questionnaire (or takes the seed template), names the
 * recipients (mechanisms, States) and a deadline, and sends it (a task for each recipient's accounts, and a mail);
 * each recipient's secretariat or delegates answer (draft, submit, amend until the deadline); the unit reads the
 * compiled results and publishes them, with a generated report (HTML and PDF). Every decision goes through
 * ./model.ts; every write runs in one transaction with its audit event.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AccountsService, SessionUser } from '../../accounts/service.js';
import type { DataVersion } from '../../db/data-version.js';
import type { AssessmentQuestionTable, AssessmentRecipientTable, AssessmentTable, DB } from '../../db/schema.js';
import { Conflict, Forbidden, NotFound, Unauthenticated, ValidationError } from '../../http/errors.js';
import type { MailSender } from '../../http/mail.js';
import { countryNames } from '../../registry/countries.js';
import { today } from '../../registry/model.js';
import type { RegistryService } from '../../registry/service.js';
import { LENSES } from '../model.js';
import type { PartnershipsService } from '../partnerships.js';
import type { ImpactService, StructuresService } from '../service.js';
import {
  ADDRESSED,
  answerRefusal,
  answersFor,
  answerValue,
  compile,
  isIsoDate,
  isOpen,
  isUnit,
  MAX_OPTIONS,
  MAX_QUESTIONS,
  MAX_RECIPIENTS,
  pastDeadline,
  questionsFor,
  SCALE_LIMIT,
  valuesOf,
  type Addressed,
  type AssessmentViewer,
  type Question,
  type QuestionKind,
  type QuestionResult,
  type Recipient,
} from './model.js';
import * as store from './store.js';
import { TEMPLATE, TEMPLATE_ID, TEMPLATE_INTRO, TEMPLATE_TITLE, type TemplateQuestion } from './template.js';

const SIGN_IN = 'sign in, or send a personal API token as "Authorization: Bearer …"';
const UNIT_ONLY = 'only the ISCM unit running the survey (an administrator) may do this';

export interface AssessmentDeps {
  accounts: AccountsService;
  /** The States an account acts for as a delegate (src/sharing). */
  statesOf: (userId: string) => Promise<string[]>;
  /** The accounts that answer for a recipient: a mechanism's editors, a State's delegates. */
  respondents: (r: Recipient) => Promise<string[]>;
  /** Mail to the respondents when sent (http/mail.ts); null: the in-app task list only. */
  mail?: MailSender | null;
  /** PUBLIC_URL, for the link in the mail; null: a path. */
  publicUrl?: string | null;
  /** Today's date (tests move it past a deadline). */
  clock?: () => string;
}

export interface AssessmentInput {
  title?: string | undefined;
  intro?: string | null | undefined;
  deadline: string;
  /** The seed template's id: its questions when `questions` is left out. */
  template?: string | undefined;
  questions?: TemplateQuestion[] | undefined;
  mechanisms?: string[] | undefined;
  states?: string[] | undefined;
}

export type Status = 'none' | 'draft' | 'submitted';

export interface AssessmentSummary {
  id: string;
  title: string;
  deadline: string;
  open: boolean;
  stage: 'draft' | 'sent' | 'published';
  sentAt: string | null;
  publishedAt: string | null;
  questions: number;
  recipients: number;
  submitted: number;
}

export interface RecipientView extends Recipient {
  name: string;
  status: Status;
  submittedAt: string | null;
}

export interface AssessmentView extends AssessmentSummary {
  intro: string | null;
  template: string | null;
  items: Question[];
  /** The unit and, once published, everyone: every recipient; a respondent before: its own. */
  recipientList: RecipientView[];
  may: { send: boolean; publish: boolean; results: boolean; answerFor: Recipient[] };
}

export interface ResponseView {
  assessment: string;
  kind: Addressed;
  party: string;
  name: string;
  status: Status;
  updatedAt: string | null;
  submittedAt: string | null;
  /** Who saved last and who submitted (display names): seen by the unit and the respondent's own side only. */
  updatedBy: string | null;
  submittedBy: string | null;
  answers: Record<string, string | string[]>;
  open: boolean;
  deadline: string;
}

export interface Task {
  assessment: { id: string; title: string };
  recipient: Recipient & { name: string };
  deadline: string;
  open: boolean;
  status: Status;
}

export interface NamedResult extends Omit<QuestionResult, 'texts'> {
  texts: { recipient: Recipient & { name: string }; value: string }[];
}

type Row = AssessmentTable;

const stageOf = (r: Row): AssessmentSummary['stage'] =>
  r.published_at !== null ? 'published' : r.sent_at !== null ? 'sent' : 'draft';

export class AssessmentsService {
  readonly clock: () => string;
  constructor(
    private readonly db: Kysely<DB>,
    private readonly registry: RegistryService,
    private readonly impact: {
      achievements: ImpactService;
      structures: StructuresService;
      partnerships: PartnershipsService;
    },
    private readonly version: DataVersion,
    private readonly deps: AssessmentDeps,
  ) {
    this.clock = deps.clock ?? (() => today());
  }

  async viewer(user: SessionUser | null): Promise<AssessmentViewer> {
    if (!user) return { userId: null, grants: [], states: [] };
    return { userId: user.id, grants: user.grants, states: await this.deps.statesOf(user.id) };
  }

  private async names(): Promise<(r: Recipient) => string> {
    const mechanisms = await this.registry.mechanismNames();
    const states = countryNames('en');
    return (r) => (r.kind === 'mechanism' ? mechanisms.get(r.party) : states.get(r.party)) ?? r.party;
  }

  private questions(rows: readonly AssessmentQuestionTable[]): Question[] {
    return rows.map((q) => ({
      id: q.id,
      addressed: q.addressed as Addressed,
      lens: q.lens,
      kind: q.kind as QuestionKind,
      text: q.text,
      options: q.options === null ? [] : (JSON.parse(q.options) as string[]),
      scale: q.scale_min !== null && q.scale_max !== null ? { min: q.scale_min, max: q.scale_max } : null,
    }));
  }

  private static recipients(rows: readonly AssessmentRecipientTable[], id: string): Recipient[] {
    return rows.filter((r) => r.assessment_id === id).map((r) => ({ kind: r.kind as Addressed, party: r.party_id }));
  }

  /** Whether the viewer may see the assessment: the unit; once sent, its recipients' respondents; once published, all. */
  private static sees(v: AssessmentViewer, row: Row, recipients: readonly Recipient[]): boolean {
    if (row.published_at !== null || isUnit(v)) return true;
    return row.sent_at !== null && answersFor(v, recipients).length > 0;
  }

  private async found(v: AssessmentViewer, id: string) {
    const row = await store.assessment(this.db, id);
    const recipients = row ? AssessmentsService.recipients(await store.recipientsOf(this.db, [id]), id) : [];
    if (!row || !AssessmentsService.sees(v, row, recipients))
      throw NotFound.because(`no assessment ${id} that you may see`);
    return { row, recipients };
  }

  private summary(row: Row, questions: number, recipients: readonly Recipient[], submitted: number): AssessmentSummary {
    return {
      id: row.id,
      title: row.title,
      deadline: row.deadline,
      open: row.sent_at !== null && isOpen(row.deadline, this.clock()),
      stage: stageOf(row),
      sentAt: row.sent_at,
      publishedAt: row.published_at,
      questions,
      recipients: recipients.length,
      submitted,
    };
  }

  /** The assessments the viewer may see, newest first (the public: the published ones). */
  async list(user: SessionUser | null): Promise<AssessmentSummary[]> {
    const v = await this.viewer(user);
    const rows = await store.assessments(this.db);
    const ids = rows.map((r) => r.id);
    const [recipients, responses] = await Promise.all([
      store.recipientsOf(this.db, ids),
      store.responsesOf(this.db, ids),
    ]);
    const out: AssessmentSummary[] = [];
    for (const row of rows) {
      const rs = AssessmentsService.recipients(recipients, row.id);
      if (!AssessmentsService.sees(v, row, rs)) continue;
      const n = (await store.questionsOf(this.db, row.id)).length;
      const submitted = responses.filter((r) => r.assessment_id === row.id && r.status === 'submitted').length;
      out.push(this.summary(row, n, rs, submitted));
    }
    return out;
  }

  /** The published assessments (the sitemap). */
  async published(): Promise<{ id: string; publishedAt: string }[]> {
    return (await store.assessments(this.db))
      .filter((r) => r.published_at !== null)
      .map((r) => ({ id: r.id, publishedAt: r.published_at! }));
  }

  async get(user: SessionUser | null, id: string): Promise<AssessmentView> {
    const v = await this.viewer(user);
    const { row, recipients } = await this.found(v, id);
    const [questions, responses, name] = await Promise.all([
      store.questionsOf(this.db, id),
      store.responsesOf(this.db, [id]),
      this.names(),
    ]);
    const unit = isUnit(v);
    const mine = answersFor(v, recipients);
    const listed = unit || row.published_at !== null ? recipients : mine;
    const statusOf = (r: Recipient) => responses.find((x) => x.kind === r.kind && x.party_id === r.party);
    const submitted = responses.filter((r) => r.status === 'submitted').length;
    return {
      ...this.summary(row, questions.length, recipients, submitted),
      intro: row.intro,
      template: row.template,
      items: this.questions(questions),
      recipientList: listed.map((r) => {
        const s = statusOf(r);
        return {
          ...r,
          name: name(r),
          status: (s?.status as Status | undefined) ?? 'none',
          submittedAt: s?.submitted_at ?? null,
        };
      }),
      may: {
        send: unit && row.sent_at === null,
        publish: unit && row.sent_at !== null && row.published_at === null,
        results: unit || row.published_at !== null,
        answerFor: row.sent_at !== null ? mine : [],
      },
    };
  }

  /** Every mechanism's name by id (the create form offers them). */
  mechanismNames(): Promise<ReadonlyMap<string, string>> {
    return this.registry.mechanismNames();
  }

  /** The seed questionnaire (questions only, never answers). */
  template() {
    return { id: TEMPLATE_ID, title: TEMPLATE_TITLE, intro: TEMPLATE_INTRO, questions: [...TEMPLATE] };
  }

  // ---------------------------------------------------------------- creating and sending

  /** Before the body is read: 401, then 403 unless the unit. */
  async authoriseUnit(user: SessionUser | null): Promise<void> {
    if (!user) throw new Unauthenticated(SIGN_IN);
    if (!isUnit(await this.viewer(user))) throw new Forbidden(UNIT_ONLY);
  }

  async isUnit(user: SessionUser | null): Promise<boolean> {
    return user !== null && isUnit(await this.viewer(user));
  }

  /** The questions as rows, each checked: 400 naming the field (questions.2.options) at the first fault. */
  private validQuestions(given: readonly TemplateQuestion[], id: string): AssessmentQuestionTable[] {
    if (given.length === 0) throw new ValidationError('ask at least one question', 'questions');
    if (given.length > MAX_QUESTIONS) throw new ValidationError(`at most ${MAX_QUESTIONS} questions`, 'questions');
    return given.map((q, i) => {
      const at = `questions.${i}`;
      const text = q.text.trim();
      if (!text) throw new ValidationError(`question ${i + 1} is empty`, `${at}.text`);
      if (!(ADDRESSED as readonly string[]).includes(q.addressed))
        throw new ValidationError(`question ${i + 1}: addressed is "mechanism" or "state"`, `${at}.addressed`);
      if (q.lens !== null && q.lens !== undefined && !(LENSES as readonly string[]).includes(q.lens))
        throw new ValidationError(`question ${i + 1}: the lens is one of ${LENSES.join(', ')}`, `${at}.lens`);
      const options = (q.options ?? []).map((o) => o.trim()).filter(Boolean);
      const choice = q.kind === 'single' || q.kind === 'multiple';
      if (choice) {
        if (options.length < 2 || new Set(options).size !== options.length || options.length > MAX_OPTIONS)
          throw new ValidationError(
            `question ${i + 1} is a choice: give between 2 and ${MAX_OPTIONS} different options`,
            `${at}.options`,
          );
      } else if (options.length > 0)
        throw new ValidationError(`only a choice question has options (question ${i + 1})`, `${at}.options`);
      let scale: { min: number; max: number } | null = null;
      if (q.kind === 'scale') {
        scale = q.scale ?? { min: 1, max: 5 };
        if (
          !Number.isInteger(scale.min) ||
          !Number.isInteger(scale.max) ||
          scale.min >= scale.max ||
          scale.max - scale.min > SCALE_LIMIT
        )
          throw new ValidationError(
            `question ${i + 1} is a scale: whole numbers min < max, at most ${SCALE_LIMIT} apart`,
            `${at}.scale`,
          );
      } else if (q.scale !== undefined)
        throw new ValidationError(`only a scale question has a scale (question ${i + 1})`, `${at}.scale`);
      return {
        assessment_id: id,
        id: `q${i + 1}`,
        position: i + 1,
        lens: q.lens ?? null,
        addressed: q.addressed,
        kind: q.kind,
        text,
        options: choice ? JSON.stringify(options) : null,
        scale_min: scale?.min ?? null,
        scale_max: scale?.max ?? null,
      };
    });
  }

  async create(user: SessionUser | null, input: AssessmentInput): Promise<AssessmentView> {
    await this.authoriseUnit(user);
    const actor = user!;
    const date = this.clock();
    if (input.template !== undefined && input.template !== TEMPLATE_ID)
      throw new ValidationError(`no template "${input.template}" (the one there is: ${TEMPLATE_ID})`, 'template');
    const fromTemplate = input.questions === undefined;
    if (fromTemplate && input.template === undefined)
      throw new ValidationError(`give the questions, or "template": "${TEMPLATE_ID}"`, 'questions');
    const title = (input.title ?? (fromTemplate ? TEMPLATE_TITLE : '')).trim();
    if (!title) throw new ValidationError('the title is empty', 'title');
    const intro = input.intro === undefined && fromTemplate ? TEMPLATE_INTRO : input.intro?.trim() || null;
    if (!isIsoDate(input.deadline))
      throw new ValidationError('the deadline must be a date written YYYY-MM-DD', 'deadline');
    if (input.deadline <= date) throw new ValidationError(`the deadline must be after today (${date})`, 'deadline');
    const given = input.questions ?? [...TEMPLATE];
    const id = randomUUID();
    const questions = this.validQuestions(given, id);
    const mechanismNames = await this.registry.mechanismNames();
    const mechanisms = [...new Set(input.mechanisms ?? [])].sort();
    for (const [i, m] of mechanisms.entries())
      if (!mechanismNames.has(m))
        throw new ValidationError(`no mechanism "${m}" (use its id, e.g. colombo-process)`, `mechanisms.${i}`);
    const countries = countryNames('en');
    const states = [...new Set(input.states ?? [])].sort();
    for (const [i, s] of states.entries())
      if (!countries.has(s)) throw new ValidationError(`no country "${s}" (ISO 3166-1 alpha-3)`, `states.${i}`);
    if (mechanisms.length + states.length > MAX_RECIPIENTS)
      throw new ValidationError(`at most ${MAX_RECIPIENTS} recipients`, 'mechanisms');
    for (const [kind, list, field] of [
      ['mechanism', mechanisms, 'mechanisms'],
      ['state', states, 'states'],
    ] as const) {
      const asked = questions.some((q) => q.addressed === kind);
      if (asked && list.length === 0)
        throw new ValidationError(`questions are addressed per ${kind}: name the ${field} that answer them`, field);
      if (!asked && list.length > 0)
        throw new ValidationError(`no question is addressed per ${kind}: leave ${field} out`, field);
    }
    const row: AssessmentTable = {
      id,
      title,
      intro,
      template: fromTemplate ? TEMPLATE_ID : null,
      deadline: input.deadline,
      created_by: actor.id,
      created_at: new Date().toISOString(),
      sent_at: null,
      sent_by: null,
      published_at: null,
      published_by: null,
    };
    const recipients = [
      ...mechanisms.map((m) => ({ assessment_id: id, kind: 'mechanism', party_id: m })),
      ...states.map((s) => ({ assessment_id: id, kind: 'state', party_id: s })),
    ];
    await this.db.transaction().execute(async (tx) => {
      await store.insertAssessment(tx, row, questions, recipients);
      await this.deps.accounts.recordEvent(tx, {
        actor: actor.id,
        action: 'assessment.create',
        recordType: 'assessment',
        recordId: id,
        after: {
          title,
          deadline: input.deadline,
          template: row.template,
          questions: questions.length,
          mechanisms,
          states,
        },
      });
    });
    return this.get(actor, id);
  }

  async authoriseAssessmentUnit(user: SessionUser | null, id: string): Promise<void> {
    if (!user) throw new Unauthenticated(SIGN_IN);
    const v = await this.viewer(user);
    await this.found(v, id);
    if (!isUnit(v)) throw new Forbidden(UNIT_ONLY);
  }

  /**
   * Replace the questionnaire of a draft (the unit; until it is sent, 409 after): the questions are numbered anew
   * (q1, q2, …) in the order given, each checked as at creation; a kind of question whose recipients the
   * assessment lacks, or recipients left with no question, is a 400 naming the field. Audited with before/after.
   */
  async setQuestions(
    user: SessionUser | null,
    id: string,
    given: readonly TemplateQuestion[],
  ): Promise<AssessmentView> {
    await this.authoriseAssessmentUnit(user, id);
    const actor = user!;
    const { row, recipients } = await this.found(await this.viewer(actor), id);
    if (row.sent_at !== null)
      throw new Conflict(`this assessment was sent on ${row.sent_at.slice(0, 10)}: its questions can no longer change`);
    if (given.length === 0) throw new ValidationError('ask at least one question', 'questions');
    if (given.length > MAX_QUESTIONS) throw new ValidationError(`at most ${MAX_QUESTIONS} questions`, 'questions');
    const questions = this.validQuestions(given, id);
    for (const kind of ADDRESSED) {
      const has = recipients.some((r) => r.kind === kind);
      const at = questions.findIndex((q) => q.addressed === kind);
      if (at >= 0 && !has)
        throw new ValidationError(
          `question ${at + 1} is addressed per ${kind}, but no ${kind} is a recipient of this assessment`,
          `questions.${at}.addressed`,
        );
      if (at < 0 && has)
        throw new ValidationError(
          `no question is addressed per ${kind}: its ${kind} recipients would have none to answer`,
          'questions',
        );
    }
    const before = await store.questionsOf(this.db, id);
    await this.db.transaction().execute(async (tx) => {
      await store.replaceQuestions(tx, id, questions);
      await this.deps.accounts.recordEvent(tx, {
        actor: actor.id,
        action: 'assessment.questions',
        recordType: 'assessment',
        recordId: id,
        before: { template: row.template, questions: before.map((q) => `${q.id}:${q.kind}:${q.addressed}:${q.text}`) },
        after: { template: null, questions: questions.map((q) => `${q.id}:${q.kind}:${q.addressed}:${q.text}`) },
      });
    });
    return this.get(actor, id);
  }

  /**
   * Send it: from now on each recipient's respondents see it in their task list; each gets a mail when a sender is
   * configured (a mail that fails is counted, it does not undo the sending). Once; 409 after the deadline.
   */
  async send(user: SessionUser | null, id: string): Promise<AssessmentView & { mailed: number; mailFailed: number }> {
    await this.authoriseAssessmentUnit(user, id);
    const actor = user!;
    const { row, recipients } = await this.found(await this.viewer(actor), id);
    if (row.sent_at !== null) throw new Conflict(`this assessment was sent on ${row.sent_at.slice(0, 10)}`);
    const date = this.clock();
    if (!isOpen(row.deadline, date))
      throw new Conflict(
        `the deadline of this assessment, ${row.deadline}, is past (today is ${date}): it cannot be sent`,
      );
    const at = new Date().toISOString();
    await this.db.transaction().execute(async (tx) => {
      const r = await store.markSent(tx, id, actor.id, at);
      if (Number(r.numUpdatedRows) !== 1) throw new Conflict('this assessment was already sent');
      await this.deps.accounts.recordEvent(tx, {
        actor: actor.id,
        action: 'assessment.send',
        recordType: 'assessment',
        recordId: id,
        after: { sentAt: at, recipients: recipients.map((r) => `${r.kind}:${r.party}`) },
      });
    });
    let mailed = 0;
    let mailFailed = 0;
    if (this.deps.mail) {
      const name = await this.names();
      const link = `${this.deps.publicUrl ?? ''}/en/assessments/${id}`;
      for (const r of recipients) {
        const contacts = await this.deps.accounts.contacts(await this.deps.respondents(r));
        for (const c of contacts.values()) {
          try {
            await this.deps.mail({
              to: c.email,
              lang: 'en',
              subject: `Assessment to answer for ${name(r)}: ${row.title}`,
              text: `Dear ${c.name},\n\nThe ISCM unit asks ${name(r)} to answer the assessment "${row.title}" by ${row.deadline} (the deadline day included).\n\nAnswer it, save a draft and submit it at:\n${link}\n\nYour task list: ${this.deps.publicUrl ?? ''}/en/assessments\n`,
            });
            mailed++;
          } catch {
            mailFailed++;
          }
        }
      }
    }
    return { ...(await this.get(actor, id)), mailed, mailFailed };
  }

  /** Publish the compiled results (once; after sending). */
  async publish(user: SessionUser | null, id: string): Promise<AssessmentView> {
    await this.authoriseAssessmentUnit(user, id);
    const actor = user!;
    const row = (await store.assessment(this.db, id))!;
    if (row.sent_at === null) throw new Conflict('this assessment was not sent: there is nothing to publish');
    const at = new Date().toISOString();
    await this.db.transaction().execute(async (tx) => {
      const r = await store.publish(tx, id, actor.id, at);
      if (Number(r.numUpdatedRows) !== 1) throw new Conflict('the results of this assessment are already published');
      await this.deps.accounts.recordEvent(tx, {
        actor: actor.id,
        action: 'assessment.publish',
        recordType: 'assessment',
        recordId: id,
        after: { publishedAt: at },
      });
    });
    this.version.bump();
    return this.get(actor, id);
  }

  // ---------------------------------------------------------------- answering

  /** The viewer's tasks: each recipient of a sent assessment it answers for, with where its answers stand. */
  async tasks(user: SessionUser | null): Promise<Task[]> {
    if (!user) throw new Unauthenticated(SIGN_IN);
    const v = await this.viewer(user);
    const rows = (await store.assessments(this.db)).filter((r) => r.sent_at !== null);
    const ids = rows.map((r) => r.id);
    const [recipients, responses, name] = await Promise.all([
      store.recipientsOf(this.db, ids),
      store.responsesOf(this.db, ids),
      this.names(),
    ]);
    const out: Task[] = [];
    for (const row of rows)
      for (const r of answersFor(v, AssessmentsService.recipients(recipients, row.id))) {
        const s = responses.find((x) => x.assessment_id === row.id && x.kind === r.kind && x.party_id === r.party);
        out.push({
          assessment: { id: row.id, title: row.title },
          recipient: { ...r, name: name(r) },
          deadline: row.deadline,
          open: isOpen(row.deadline, this.clock()),
          status: (s?.status as Status | undefined) ?? 'none',
        });
      }
    return out.sort((a, b) => (a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : 0));
  }

  private static recipient(recipients: readonly Recipient[], kind: string, party: string): Recipient {
    const r = recipients.find((x) => x.kind === kind && x.party === party);
    if (!r) throw NotFound.because(`${kind} ${party} is not a recipient of this assessment`);
    return r;
  }

  /** Before the body is read: 401, 404 (not visible, not a recipient), 403 unless its respondent. */
  async authoriseAnswer(user: SessionUser | null, id: string, kind: string, party: string): Promise<void> {
    if (!user) throw new Unauthenticated(SIGN_IN);
    const v = await this.viewer(user);
    const { recipients } = await this.found(v, id);
    const refusal = answerRefusal(v, AssessmentsService.recipient(recipients, kind, party));
    if (refusal) throw new Forbidden(refusal);
  }

  /** A recipient's answers as they stand (drafts included): its respondents and the unit. */
  async response(user: SessionUser | null, id: string, kind: string, party: string): Promise<ResponseView> {
    if (!user) throw new Unauthenticated(SIGN_IN);
    const v = await this.viewer(user);
    const { row, recipients } = await this.found(v, id);
    const r = AssessmentsService.recipient(recipients, kind, party);
    if (!isUnit(v) && answerRefusal(v, r) !== null)
      throw new Forbidden(`only the respondents of ${party} and the ISCM unit may see its answers`);
    const [response, answers, questions, name] = await Promise.all([
      store.response(this.db, id, kind, party),
      store.answersOf(this.db, id, { kind, party }),
      store.questionsOf(this.db, id),
      this.names(),
    ]);
    const byId = new Map(this.questions(questions).map((q) => [q.id, q]));
    const people = await this.deps.accounts.displayNames(
      [response?.updated_by, response?.submitted_by].filter((x): x is string => !!x),
    );
    return {
      assessment: id,
      kind: r.kind,
      party,
      name: name(r),
      status: (response?.status as Status | undefined) ?? 'none',
      updatedAt: response?.updated_at ?? null,
      submittedAt: response?.submitted_at ?? null,
      updatedBy: response ? (people.get(response.updated_by) ?? null) : null,
      submittedBy: response?.submitted_by ? (people.get(response.submitted_by) ?? null) : null,
      answers: Object.fromEntries(
        answers.map((a) => {
          const q = byId.get(a.question_id);
          return [a.question_id, q?.kind === 'multiple' ? valuesOf(q, a.value) : a.value];
        }),
      ),
      open: isOpen(row.deadline, this.clock()),
      deadline: row.deadline,
    };
  }

  /**
   * Save a recipient's answers (all of them: a question left out or empty is not answered). `submit` needs every
   * question of its kind answered; submitted stays submitted and a later save amends it. Until the deadline; 409 after.
   */
  async answer(
    user: SessionUser | null,
    id: string,
    kind: string,
    party: string,
    input: { answers: Record<string, string | string[]>; submit?: boolean | undefined },
  ): Promise<ResponseView> {
    await this.authoriseAnswer(user, id, kind, party);
    const actor = user!;
    const row = (await store.assessment(this.db, id))!;
    const mine = questionsFor(this.questions(await store.questionsOf(this.db, id)), kind as Addressed);
    const byId = new Map(mine.map((q) => [q.id, q]));
    const values: Record<string, string> = {};
    for (const [key, raw] of Object.entries(input.answers)) {
      const q = byId.get(key);
      if (!q) throw new ValidationError(`no question "${key}" is addressed per ${kind} here`, `answers.${key}`);
      const val = answerValue(q, raw);
      if ('error' in val) throw new ValidationError(`question ${key}: ${val.error}`, `answers.${key}`);
      if (val.value !== null) values[key] = val.value;
    }
    const previous = await store.response(this.db, id, kind, party);
    const submitted = previous?.status === 'submitted' || input.submit === true;
    if (submitted) {
      const missing = mine.find((q) => values[q.id] === undefined);
      if (missing)
        throw new ValidationError(
          `question ${missing.id} is not answered: submitted answers answer every question`,
          `answers.${missing.id}`,
        );
    }
    const date = this.clock();
    if (!isOpen(row.deadline, date)) throw new Conflict(pastDeadline(row.deadline, date));
    const at = new Date().toISOString();
    const action =
      previous?.status === 'submitted' ? 'assessment.amend' : submitted ? 'assessment.submit' : 'assessment.draft';
    await this.db.transaction().execute(async (tx) => {
      await store.saveResponse(
        tx,
        {
          assessment_id: id,
          kind,
          party_id: party,
          status: submitted ? 'submitted' : 'draft',
          created_at: previous?.created_at ?? at,
          updated_at: at,
          updated_by: actor.id,
          submitted_at: previous?.submitted_at ?? (submitted ? at : null),
          submitted_by: previous?.submitted_by ?? (submitted ? actor.id : null),
        },
        previous !== undefined,
        Object.entries(values).map(([question_id, value]) => ({
          assessment_id: id,
          kind,
          party_id: party,
          question_id,
          value,
        })),
      );
      await this.deps.accounts.recordEvent(tx, {
        actor: actor.id,
        action,
        recordType: 'assessment',
        recordId: id,
        before: previous ? { recipient: `${kind}:${party}`, status: previous.status } : undefined,
        after: { recipient: `${kind}:${party}`, status: submitted ? 'submitted' : 'draft', answers: values },
      });
    });
    if (row.published_at !== null) this.version.bump();
    return this.response(actor, id, kind, party);
  }

  // ---------------------------------------------------------------- results and report

  /** The compiled results over the submitted answers: the unit's only until published, then public. */
  async results(user: SessionUser | null, id: string): Promise<{ assessment: AssessmentView; results: NamedResult[] }> {
    const v = await this.viewer(user);
    const { row, recipients } = await this.found(v, id);
    if (row.published_at === null && !isUnit(v)) {
      if (!user) throw new Unauthenticated(SIGN_IN);
      throw new Forbidden('the results are seen by the ISCM unit only until it publishes them');
    }
    const [view, questions, responses, answers, name] = await Promise.all([
      this.get(user, id),
      store.questionsOf(this.db, id),
      store.responsesOf(this.db, [id]),
      store.answersOf(this.db, id),
      this.names(),
    ]);
    const submitted = new Set(responses.filter((r) => r.status === 'submitted').map((r) => `${r.kind}|${r.party_id}`));
    const results = compile(
      this.questions(questions),
      recipients,
      answers
        .filter((a) => submitted.has(`${a.kind}|${a.party_id}`))
        .map((a) => ({
          recipient: { kind: a.kind as Addressed, party: a.party_id },
          question: a.question_id,
          value: a.value,
        })),
    );
    return {
      assessment: view,
      results: results.map((r) => ({
        ...r,
        texts: r.texts.map((x) => ({ ...x, recipient: { ...x.recipient, name: name(x.recipient) } })),
      })),
    };
  }

  /** What the report reads: the survey's results beside the impact data (achievements by lens, structures, partnerships). */
  async report(user: SessionUser | null, id: string) {
    const { assessment, results } = await this.results(user, id);
    const date = this.clock();
    const [achievements, structures, partnerships] = await Promise.all([
      this.impact.achievements.list({}),
      this.impact.structures.compare(date),
      this.impact.partnerships.all(),
    ]);
    const byLens = LENSES.map((lens) => {
      const items = achievements.items.filter((a) => a.lens === lens);
      return {
        lens,
        count: items.length,
        mechanisms: new Set(items.map((a) => a.mechanism.id)).size,
        examples: items
          .slice(0, 5)
          .map((a) => ({ id: a.id, title: a.title, mechanism: a.mechanism.name, year: a.year })),
      };
    });
    const orgCounts = new Map<string, number>();
    for (const p of partnerships)
      for (const o of p.organizations)
        orgCounts.set(o.acronym ?? o.name, (orgCounts.get(o.acronym ?? o.name) ?? 0) + 1);
    return {
      date,
      assessment,
      results,
      achievements: {
        total: achievements.total,
        mechanisms: new Set(achievements.items.map((a) => a.mechanism.id)).size,
        byLens,
        byLevel: achievements.facets.level,
      },
      structures: {
        total: structures.total,
        models: structures.models,
        modelUnknown: structures.modelUnknown,
        iomHosted: structures.iomHosted,
        writtenRules: structures.writtenRules.length,
        rulesOfProcedure: structures.writtenRules.filter((w) => w.rulesOfProcedure).length,
        writtenUnknown: structures.writtenUnknown,
      },
      partnerships: {
        total: partnerships.length,
        organizationLinks: partnerships.filter((p) => p.kind === 'organization-mechanism').length,
        mechanismLinks: partnerships.filter((p) => p.kind === 'mechanism-mechanism').length,
        topOrganizations: [...orgCounts]
          .map(([name, count]) => ({ name, count }))
          .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
          .slice(0, 8),
      },
    };
  }
}

export type Report = Awaited<ReturnType<AssessmentsService['report']>>;
