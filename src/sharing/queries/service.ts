/**
 * Peer queries: a focal point or a secretariat asks the member States of mechanisms a structured question set; each
 * State's delegates answer (draft, submit, amend until the deadline); the compilation by State, the response rates,
 * the reminders that are due, and publication as a public record. Every decision goes through ./model.ts with the
 * viewer of sharing's service; every write runs in one transaction with its audit event.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AccountsService, SessionUser } from '../../accounts/service.js';
import type { DataVersion } from '../../db/data-version.js';
import type { DB, PeerQueryQuestionTable } from '../../db/schema.js';
import { Conflict, Forbidden, HttpError, NotFound, Unauthenticated, ValidationError } from '../../http/errors.js';
import { today } from '../../registry/model.js';
import type { RegistryService } from '../../registry/service.js';
import type { Viewer } from '../model.js';
import type { SharingService } from '../service.js';
import {
  answerRefusal,
  answerValue,
  askAs,
  daysBetween,
  insideQuery,
  isIsoDate,
  isOpen,
  MAX_MECHANISMS,
  MAX_OPTIONS,
  MAX_QUESTIONS,
  mayAsk,
  pastDeadline,
  publishRefusal,
  rate,
  REMINDER_DAYS,
  seesDraft,
  seesQuery,
  type Question,
  type QuestionKind,
  type QueryScope,
} from './model.js';
import * as store from './store.js';
import * as sharingStore from '../store.js';
import type { MailMessage, MailSender } from '../../http/mail.js';
import { countryNames } from '../../registry/countries.js';
import { formatDate } from '../../web/format.js';
import { translator, type Lang } from '../../web/i18n.js';

const SIGN_IN = 'sign in, or send a personal API token as "Authorization: Bearer …"';

export interface QueryInput {
  title: string;
  mechanisms: string[];
  deadline: string;
  questions: { text: string; kind: QuestionKind; options?: string[] | undefined }[];
  attachment?: string | null | undefined;
  /** The State the asker asks for, when it is the focal point of several. */
  country?: string | undefined;
}

export interface Rate {
  asked: number;
  answered: number;
  share: number | null;
}

export interface QuerySummary {
  id: string;
  title: string;
  askedOn: string;
  deadline: string;
  /** Answers are still accepted (today ≤ deadline). */
  open: boolean;
  /** The State that asked; null: a secretariat (or an administrator). */
  askerCountry: string | null;
  mechanisms: string[];
  published: boolean;
  publishedAt: string | null;
  rate: Rate;
}

export interface StateResponse {
  country: string;
  /** Submitted answers are in the compilation; a draft counts as not answered. */
  answered: boolean;
  submittedAt: string | null;
}

export interface QueryView extends QuerySummary {
  attachment: string | null;
  questions: Question[];
  states: StateResponse[];
  /** The submitted answers, by State and question. */
  answers: { country: string; question: string; value: string }[];
  /** What the viewer may do: answer for these States, publish. */
  may: { answerFor: string[]; publish: boolean };
}

export interface DraftView {
  query: string;
  country: string;
  status: 'none' | 'draft' | 'submitted';
  updatedAt: string | null;
  submittedAt: string | null;
  answers: Record<string, string>;
  open: boolean;
  deadline: string;
}

export interface Reminder {
  state: string;
  query: { id: string; title: string };
  deadline: string;
}

export interface SentReminder {
  to: string;
  lang: Lang;
  country: string;
  query: string;
  subject: string;
}

export interface OpenQuery {
  id: string;
  title: string;
  deadline: string;
  dueInDays: number;
  /** The viewer's States asked, with where their answers stand. */
  mine: { country: string; status: 'none' | 'draft' | 'submitted' }[];
}

type Row = NonNullable<Awaited<ReturnType<typeof store.query>>>;

export class QueriesService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly registry: RegistryService,
    private readonly accounts: AccountsService,
    private readonly sharing: SharingService,
    private readonly version: DataVersion,
    /** Whether a document id names a document of the repository (the attachment); wired by the root. */
    private readonly documentExists: (id: string) => Promise<boolean> = () => Promise.resolve(false),
    /** Today's date (tests move it past a deadline). */
    readonly clock: () => string = () => today(),
  ) {}

  private viewer(user: SessionUser | null): Promise<Viewer> {
    return this.sharing.viewer(user, this.clock());
  }

  /** The States that must answer: the member States of the mechanisms on the day the query was asked. */
  async statesAsked(mechanisms: readonly string[], date: string): Promise<string[]> {
    const states = new Set<string>();
    for (const mechanism of mechanisms) {
      const parts = await this.registry.participation({ mechanism, role: 'member', asOf: date });
      for (const p of parts.items) if (p.party.type === 'country' && p.party.id) states.add(p.party.id);
    }
    return [...states].sort();
  }

  private async scope(row: Row): Promise<QueryScope> {
    return {
      askedBy: row.asked_by,
      askerCountry: row.asker_country,
      mechanisms: row.mechanisms,
      states: await this.statesAsked(row.mechanisms, row.asked_on),
      published: row.published_at !== null,
    };
  }

  private summary(row: Row, scope: QueryScope, submitted: ReadonlySet<string>): QuerySummary {
    return {
      id: row.id,
      title: row.title,
      askedOn: row.asked_on,
      deadline: row.deadline,
      open: isOpen(row.deadline, this.clock()),
      askerCountry: row.asker_country,
      mechanisms: row.mechanisms,
      published: row.published_at !== null,
      publishedAt: row.published_at,
      rate: rate(scope.states.filter((s) => submitted.has(s)).length, scope.states.length),
    };
  }

  /** The queries the viewer may see (the public: the published ones), newest first, with their response rates. */
  async list(user: SessionUser | null): Promise<QuerySummary[]> {
    return (await this.visible(user)).map((v) => v.summary);
  }

  private async visible(user: SessionUser | null) {
    const viewer = await this.viewer(user);
    const rows = await store.queries(this.db);
    const responses = await store.responsesOf(
      this.db,
      rows.map((r) => r.id),
    );
    const out = [];
    for (const row of rows) {
      const scope = await this.scope(row);
      if (!seesQuery(viewer, scope)) continue;
      const submitted = new Set(
        responses.filter((r) => r.query_id === row.id && r.status === 'submitted').map((r) => r.country_code),
      );
      out.push({ row, scope, submitted, summary: this.summary(row, scope, submitted) });
    }
    return out;
  }

  /** Response rates per State over the queries the viewer may see: how many it was asked, how many it answered. */
  async stateRates(user: SessionUser | null): Promise<({ country: string } & Rate)[]> {
    const counts = new Map<string, { asked: number; answered: number }>();
    for (const v of await this.visible(user))
      for (const s of v.scope.states) {
        const c = counts.get(s) ?? { asked: 0, answered: 0 };
        c.asked++;
        if (v.submitted.has(s)) c.answered++;
        counts.set(s, c);
      }
    return [...counts]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([country, c]) => ({ country, ...rate(c.answered, c.asked) }));
  }

  /** A query the viewer may see, else 404 (a closed query's existence is not told). */
  private async found(viewer: Viewer, id: string): Promise<{ row: Row; scope: QueryScope }> {
    const row = await store.query(this.db, id);
    const scope = row ? await this.scope(row) : null;
    if (!row || !scope || !seesQuery(viewer, scope)) throw NotFound.because(`no query ${id} that you may see`);
    return { row, scope };
  }

  private questions(rows: readonly PeerQueryQuestionTable[]): Question[] {
    return rows.map((q) => ({
      id: q.id,
      kind: q.kind as QuestionKind,
      text: q.text,
      options: q.options === null ? [] : (JSON.parse(q.options) as string[]),
    }));
  }

  /** The title of a query `user` may see; null for one that does not exist or is closed to `user`. */
  async titleFor(user: SessionUser | null, id: string): Promise<string | null> {
    try {
      return (await this.found(await this.viewer(user), id)).row.title;
    } catch (err) {
      if (err instanceof NotFound) return null;
      throw err;
    }
  }

  /** The compilations published after `after` (public records), newest first, for follow and the feeds. */
  compilationsAfter(after: string | null, mechanism?: string, limit = 1000) {
    return store.publishedAfter(this.db, after, mechanism, limit);
  }

  /** The query and its compilation: the submitted answers by State, the response rate. */
  async get(user: SessionUser | null, id: string): Promise<QueryView> {
    const viewer = await this.viewer(user);
    const { row, scope } = await this.found(viewer, id);
    const [questions, responses, answers] = await Promise.all([
      store.questionsOf(this.db, id),
      store.responsesOf(this.db, [id]),
      store.answersOf(this.db, id),
    ]);
    const submitted = new Map(
      responses.filter((r) => r.status === 'submitted').map((r) => [r.country_code, r.submitted_at]),
    );
    const answerFor = scope.states.filter((s) => answerRefusal(viewer, scope, s) === null);
    return {
      ...this.summary(row, scope, new Set(submitted.keys())),
      attachment: row.attachment_document_id,
      questions: this.questions(questions),
      states: scope.states.map((country) => ({
        country,
        answered: submitted.has(country),
        submittedAt: submitted.get(country) ?? null,
      })),
      answers: answers
        .filter((a) => submitted.has(a.country_code) && scope.states.includes(a.country_code))
        .map((a) => ({ country: a.country_code, question: a.question_id, value: a.value })),
      may: {
        answerFor: insideQuery(viewer, scope) ? answerFor : [],
        publish: !scope.published && publishRefusal(viewer, scope) === null,
      },
    };
  }

  // ---------------------------------------------------------------- asking

  /** Before the body is read: 401, then 403 unless the viewer may ask anything at all. */
  async authoriseAsk(user: SessionUser | null): Promise<void> {
    if (!user) throw new Unauthenticated(SIGN_IN);
    if (!mayAsk(await this.viewer(user)))
      throw new Forbidden(
        "only a State's focal point, a mechanism's secretariat or an administrator may ask the members of mechanisms",
      );
  }

  /** Whether the viewer may ask anything (the list page links to the ask form). */
  async mayAsk(user: SessionUser | null): Promise<boolean> {
    return user !== null && mayAsk(await this.viewer(user));
  }

  /** The mechanisms the viewer may ask the members of today (the ask form offers them), by name. */
  async askable(user: SessionUser | null): Promise<{ id: string; name: string }[]> {
    await this.authoriseAsk(user);
    const viewer = await this.viewer(user);
    const date = this.clock();
    const names = await this.registry.mechanismNames();
    return [...names]
      .filter(([id]) => !('refusal' in askAs(viewer, [id], date)))
      .map(([id, name]) => ({ id, name }))
      .sort((a, b) => a.name.localeCompare(b.name, 'en'));
  }

  async ask(user: SessionUser | null, input: QueryInput): Promise<QueryView> {
    await this.authoriseAsk(user);
    const actor = user!;
    const date = this.clock();
    const title = input.title.trim();
    if (!title) throw new ValidationError('the title is empty', 'title');
    if (input.mechanisms.length === 0) throw new ValidationError('name at least one mechanism', 'mechanisms');
    if (input.mechanisms.length > MAX_MECHANISMS)
      throw new ValidationError(`at most ${MAX_MECHANISMS} mechanisms`, 'mechanisms');
    const mechanisms: string[] = [];
    for (const m of input.mechanisms) {
      try {
        const id = (await this.registry.resolveMechanism(m)).id;
        if (!mechanisms.includes(id)) mechanisms.push(id);
      } catch (err) {
        if (err instanceof HttpError && (err.statusCode === 404 || err.statusCode === 301))
          throw new ValidationError(`no mechanism "${m}" (use its id, e.g. colombo-process)`, 'mechanisms');
        throw err;
      }
    }
    mechanisms.sort();
    if (!isIsoDate(input.deadline))
      throw new ValidationError('the deadline must be a date written YYYY-MM-DD', 'deadline');
    if (input.deadline <= date) throw new ValidationError(`the deadline must be after today (${date})`, 'deadline');
    if (input.questions.length === 0) throw new ValidationError('ask at least one question', 'questions');
    if (input.questions.length > MAX_QUESTIONS)
      throw new ValidationError(`at most ${MAX_QUESTIONS} questions`, 'questions');
    const questions: PeerQueryQuestionTable[] = [];
    const id = randomUUID();
    for (const [i, q] of input.questions.entries()) {
      const text = q.text.trim();
      if (!text) throw new ValidationError(`question ${i + 1} is empty`, `questions.${i}.text`);
      const options = (q.options ?? []).map((o) => o.trim()).filter(Boolean);
      if (q.kind === 'choice') {
        if (options.length < 2 || new Set(options).size !== options.length || options.length > MAX_OPTIONS)
          throw new ValidationError(
            `question ${i + 1} is a single choice: give between 2 and ${MAX_OPTIONS} different options`,
            `questions.${i}.options`,
          );
      } else if (options.length > 0)
        throw new ValidationError(
          `only a single-choice question has options (question ${i + 1})`,
          `questions.${i}.options`,
        );
      questions.push({
        query_id: id,
        id: `q${i + 1}`,
        position: i + 1,
        kind: q.kind,
        text,
        options: q.kind === 'choice' ? JSON.stringify(options) : null,
      });
    }
    const attachment = input.attachment?.trim() || null;
    if (attachment !== null && !(await this.documentExists(attachment)))
      throw new ValidationError(`no document "${attachment}" in the repository`, 'attachment');
    const as = askAs(await this.viewer(actor), mechanisms, date, input.country);
    if ('refusal' in as) throw new Forbidden(as.refusal);
    const states = await this.statesAsked(mechanisms, date);
    if (states.length === 0)
      throw new ValidationError(`no State is a member of ${mechanisms.join(', ')} on ${date}`, 'mechanisms');
    const row = {
      id,
      title,
      asked_by: actor.id,
      asker_country: as.country,
      asked_on: date,
      deadline: input.deadline,
      attachment_document_id: attachment,
      published_at: null,
      published_by: null,
      created_at: new Date().toISOString(),
    };
    await this.db.transaction().execute(async (tx) => {
      await store.insertQuery(tx, row, mechanisms, questions);
      await this.accounts.recordEvent(tx, {
        actor: actor.id,
        action: 'query.ask',
        recordType: 'peer_query',
        recordId: id,
        after: {
          title,
          mechanisms,
          deadline: input.deadline,
          country: as.country,
          questions: questions.length,
          states,
        },
      });
    });
    return this.get(actor, id);
  }

  // ---------------------------------------------------------------- answering

  /** Before the body is read: 401, 404 for a query the viewer may not see, 403 unless a delegate of the State asked. */
  async authoriseAnswer(user: SessionUser | null, id: string, country: string): Promise<void> {
    if (!user) throw new Unauthenticated(SIGN_IN);
    const viewer = await this.viewer(user);
    const { scope } = await this.found(viewer, id);
    const refusal = answerRefusal(viewer, scope, country);
    if (refusal) throw new Forbidden(refusal);
  }

  /** A State's answers as they stand (drafts included): its delegates and administrators. */
  async draft(user: SessionUser | null, id: string, country: string): Promise<DraftView> {
    if (!user) throw new Unauthenticated(SIGN_IN);
    const viewer = await this.viewer(user);
    const { row, scope } = await this.found(viewer, id);
    if (!seesDraft(viewer, scope, country))
      throw new Forbidden(
        `only a delegate of ${country} (a State asked) or an administrator may see its answers as they stand`,
      );
    const [response, answers] = await Promise.all([
      store.response(this.db, id, country),
      store.answersOf(this.db, id, country),
    ]);
    return {
      query: id,
      country,
      status: (response?.status as 'draft' | 'submitted' | undefined) ?? 'none',
      updatedAt: response?.updated_at ?? null,
      submittedAt: response?.submitted_at ?? null,
      answers: Object.fromEntries(answers.map((a) => [a.question_id, a.value])),
      open: isOpen(row.deadline, this.clock()),
      deadline: row.deadline,
    };
  }

  /**
   * Save a State's answers (all of them: a question left out or empty is not answered). `submit` puts them in the
   * compilation, which needs every question answered; once submitted they stay submitted, and a later save amends
   * them. Until the deadline (included); after it, 409.
   */
  async answer(
    user: SessionUser | null,
    id: string,
    country: string,
    input: { answers: Record<string, string>; submit?: boolean | undefined },
  ): Promise<DraftView> {
    await this.authoriseAnswer(user, id, country);
    const actor = user!;
    const row = (await store.query(this.db, id))!;
    const questions = this.questions(await store.questionsOf(this.db, id));
    const byId = new Map(questions.map((q) => [q.id, q]));
    const values: Record<string, string> = {};
    for (const [key, raw] of Object.entries(input.answers)) {
      const q = byId.get(key);
      if (!q) throw new ValidationError(`this query has no question "${key}"`, `answers.${key}`);
      const v = answerValue(q, raw);
      if ('error' in v) throw new ValidationError(`question ${key}: ${v.error}`, `answers.${key}`);
      if (v.value !== null) values[key] = v.value;
    }
    const date = this.clock();
    const previous = await store.response(this.db, id, country);
    const submitted = previous?.status === 'submitted' || input.submit === true;
    if (submitted) {
      const missing = questions.find((q) => values[q.id] === undefined);
      if (missing)
        throw new ValidationError(
          `question ${missing.id} is not answered: submitted answers answer every question`,
          `answers.${missing.id}`,
        );
    }
    if (!isOpen(row.deadline, date)) throw new Conflict(pastDeadline(row.deadline, date));
    const at = new Date().toISOString();
    const action = previous?.status === 'submitted' ? 'query.amend' : submitted ? 'query.submit' : 'query.draft';
    await this.db.transaction().execute(async (tx) => {
      await store.saveResponse(
        tx,
        {
          query_id: id,
          country_code: country,
          status: submitted ? 'submitted' : 'draft',
          created_at: previous?.created_at ?? at,
          updated_at: at,
          updated_by: actor.id,
          submitted_at: submitted ? at : null,
        },
        previous !== undefined,
        Object.entries(values).map(([question_id, value]) => ({
          query_id: id,
          country_code: country,
          question_id,
          value,
        })),
      );
      await this.accounts.recordEvent(tx, {
        actor: actor.id,
        action,
        recordType: 'peer_query',
        recordId: id,
        before: previous ? { country, status: previous.status } : undefined,
        after: { country, status: submitted ? 'submitted' : 'draft', answers: values },
      });
    });
    // A published compilation shows the amended answers at once.
    if (row.published_at !== null) this.version.bump();
    return this.draft(actor, id, country);
  }

  // ---------------------------------------------------------------- publishing

  async authorisePublish(user: SessionUser | null, id: string): Promise<void> {
    if (!user) throw new Unauthenticated(SIGN_IN);
    const viewer = await this.viewer(user);
    const { scope } = await this.found(viewer, id);
    const refusal = publishRefusal(viewer, scope);
    if (refusal) throw new Forbidden(refusal);
  }

  /** Make the compilation a public record with its date (once; it is not withdrawn). */
  async publish(user: SessionUser | null, id: string): Promise<QueryView> {
    await this.authorisePublish(user, id);
    const actor = user!;
    const at = new Date().toISOString();
    await this.db.transaction().execute(async (tx) => {
      const r = await store.publish(tx, id, actor.id, at);
      if (Number(r.numUpdatedRows) !== 1) throw new Conflict('this compilation is already published');
      await this.accounts.recordEvent(tx, {
        actor: actor.id,
        action: 'query.publish',
        recordType: 'peer_query',
        recordId: id,
        after: { publishedAt: at },
      });
    });
    this.version.bump();
    return this.get(actor, id);
  }

  // ---------------------------------------------------------------- reminders and the spaces page

  /**
   * The reminders due on `date`: for each query whose deadline is within REMINDER_DAYS days of it (or on it), each
   * State asked that has not submitted its answers. Another part sends the digests; nothing is sent here.
   */
  async dueReminders(date: string, days: number = REMINDER_DAYS): Promise<Reminder[]> {
    const rows = (await store.queries(this.db)).filter((r) => {
      const d = daysBetween(date, r.deadline);
      return d >= 0 && d <= days;
    });
    const responses = await store.responsesOf(
      this.db,
      rows.map((r) => r.id),
    );
    const out: Reminder[] = [];
    for (const row of rows.sort((a, b) => (a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : 0))) {
      const submitted = new Set(
        responses.filter((r) => r.query_id === row.id && r.status === 'submitted').map((r) => r.country_code),
      );
      for (const state of await this.statesAsked(row.mechanisms, row.asked_on))
        if (!submitted.has(state)) out.push({ state, query: { id: row.id, title: row.title }, deadline: row.deadline });
    }
    return out;
  }

  /**
   * Mail each active delegate of each State asked that has not submitted its answers to a query due within `days`
   * days a reminder, in the delegate's language (`languages`; English by default). Each reminder is recorded with
   * its audit event in the transaction that sends it, so a second run sends nothing; a failed send records nothing.
   * A dry run sends and records nothing and says what would be sent.
   */
  async sendReminders(o: {
    days: number;
    origin: string;
    send: MailSender;
    dryRun: boolean;
    languages?: (ids: readonly string[]) => Promise<ReadonlyMap<string, Lang>>;
  }): Promise<SentReminder[]> {
    const due = await this.dueReminders(this.clock(), o.days);
    const out: SentReminder[] = [];
    for (const r of due) {
      const delegates = await sharingStore.delegatesOf(this.db, r.state);
      const ids = delegates.map((d) => d.user_id);
      const [contacts, langs] = await Promise.all([
        this.accounts.contacts(ids),
        o.languages ? o.languages(ids) : Promise.resolve(new Map<string, Lang>()),
      ]);
      for (const id of ids) {
        const to = contacts.get(id);
        if (!to) continue;
        const lang = langs.get(id) ?? 'en';
        const t = translator(lang);
        const date = formatDate(r.deadline, lang);
        const country = countryNames(lang).get(r.state) ?? r.state;
        const url = `${o.origin.replace(/\/$/, '')}/${lang}/queries/${encodeURIComponent(r.query.id)}/answers/${r.state}`;
        const message: MailMessage = {
          to: to.email,
          lang,
          subject: t('delegations.remindSubject', { date }),
          text: t('delegations.remindBody', { name: to.name, country, title: r.query.title, date, url }),
        };
        const sent = { to: to.email, lang, country: r.state, query: r.query.id, subject: message.subject };
        if (o.dryRun) {
          if (!(await store.reminded(this.db, r.query.id, r.state, id))) out.push(sent);
          continue;
        }
        const done = await this.db.transaction().execute(async (tx) => {
          if (await store.reminded(tx, r.query.id, r.state, id)) return false;
          const at = new Date().toISOString();
          await store.insertReminder(tx, { query_id: r.query.id, country_code: r.state, user_id: id, sent_at: at });
          await this.accounts.recordEvent(tx, {
            actor: 'system',
            action: 'query.remind',
            recordType: 'peer_query',
            recordId: r.query.id,
            after: { country: r.state, user: id, deadline: r.deadline },
          });
          // Sent last: a failure rolls the record back, and the next run tries again.
          await o.send(message);
          return true;
        });
        if (done) out.push(sent);
      }
    }
    return out;
  }

  /** The open queries addressed to a mechanism that the viewer may see, soonest deadline first, with "due in N days". */
  async openFor(viewer: Viewer, mechanism: string): Promise<OpenQuery[]> {
    const date = this.clock();
    const rows = (await store.queries(this.db)).filter(
      (r) => r.mechanisms.includes(mechanism) && isOpen(r.deadline, date),
    );
    const responses = await store.responsesOf(
      this.db,
      rows.map((r) => r.id),
    );
    const out: OpenQuery[] = [];
    for (const row of rows) {
      const scope = await this.scope(row);
      if (!insideQuery(viewer, scope)) continue;
      const mine = viewer.delegateOf
        .map((d) => d.country)
        .filter((c) => scope.states.includes(c))
        .map((country) => ({
          country,
          status:
            (responses.find((r) => r.query_id === row.id && r.country_code === country)?.status as
              'draft' | 'submitted' | undefined) ?? ('none' as const),
        }));
      out.push({
        id: row.id,
        title: row.title,
        deadline: row.deadline,
        dueInDays: daysBetween(date, row.deadline),
        mine,
      });
    }
    return out.sort((a, b) => a.dueInDays - b.dueInDays);
  }

  /** Every mechanism's name by id (the pages name the mechanisms asked). */
  mechanismNames(): Promise<ReadonlyMap<string, string>> {
    return this.registry.mechanismNames();
  }

  /** The published compilations (public records), for the sitemap and the search. */
  published() {
    return store.published(this.db);
  }
}
