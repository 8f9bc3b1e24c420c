/**
 * Assessments: the questionnaire, who answers what, who sees what, what an answer is and how answers compile. Pure,
 * no I/O.
 *
 * - the unit running the survey is IOM's ISCM unit: an administrator (`role.grant`) creates, sends and publishes;
 * - a question is addressed per mechanism (answered by the mechanism's secretariat: an editor of that mechanism) or
 *   per State (answered by a delegate of that State, focal point or not: src/sharing);
 * - a recipient answers (draft, submit, amend) from the day it is sent up to and including the deadline; after it,
 *   every write is refused (409 naming the deadline);
 * - before publication, the answers and the compiled results are the unit's only (a recipient sees its own
 *   answers); once published, the compiled results are public, by mechanism or State, never by person.
 */
import { can, type Grant } from '../../accounts/model.js';

export const QUESTION_KINDS = ['text', 'yes-no', 'single', 'multiple', 'scale', 'number'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
export const ADDRESSED = ['mechanism', 'state'] as const;
export type Addressed = (typeof ADDRESSED)[number];

export const MAX_TITLE = 300;
export const MAX_INTRO = 5_000;
export const MAX_QUESTION = 2_000;
export const MAX_QUESTIONS = 80;
export const MAX_OPTIONS = 20;
export const MAX_OPTION = 200;
export const MAX_ANSWER = 10_000;
export const MAX_RECIPIENTS = 300;
export const SCALE_LIMIT = 10;

export interface Question {
  id: string;
  addressed: Addressed;
  /** The GRCP 8 lens it reads (policy-impact, sustainable-structures, partnership-models); null: general. */
  lens: string | null;
  kind: QuestionKind;
  text: string;
  /** single and multiple: the options (empty otherwise). */
  options: string[];
  /** scale: the lowest and highest point (null otherwise). */
  scale: { min: number; max: number } | null;
}

/** A recipient: a mechanism (id) or a State (ISO3). */
export interface Recipient {
  kind: Addressed;
  party: string;
}

/** Who the viewer is for assessments: its grants, and the States it acts for as a delegate. */
export interface AssessmentViewer {
  userId: string | null;
  grants: readonly Grant[];
  states: readonly string[];
}

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
/** A real calendar date written YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Answers are accepted up to and including the deadline day. */
export const isOpen = (deadline: string, date: string): boolean => date <= deadline;

/** The sentence of a write refused after the deadline (409). */
export const pastDeadline = (deadline: string, date: string): string =>
  `the deadline of this assessment was ${deadline}: answers are no longer accepted (today is ${date})`;

/** The unit running the survey: an administrator. */
export const isUnit = (v: Pick<AssessmentViewer, 'grants'>): boolean => can(v.grants, 'role.grant');

/** May the viewer answer for the recipient? The mechanism's editors; the State's delegates. Null when allowed. */
export function answerRefusal(v: AssessmentViewer, r: Recipient): string | null {
  if (r.kind === 'mechanism')
    return v.grants.some((g) => g.role === 'editor' && g.scopeType === 'mechanism' && g.scopeId === r.party)
      ? null
      : `only the secretariat of ${r.party} (an editor of that mechanism) may answer for it`;
  return v.states.includes(r.party) ? null : `only a delegate of ${r.party} may answer for it`;
}

/** The recipients the viewer answers for, of those given. */
export const answersFor = (v: AssessmentViewer, rs: readonly Recipient[]): Recipient[] =>
  rs.filter((r) => answerRefusal(v, r) === null);

/** The questions a recipient answers: those addressed to its kind. */
export const questionsFor = (qs: readonly Question[], kind: Addressed): Question[] =>
  qs.filter((q) => q.addressed === kind);

/**
 * The stored form of an answer to `q`, or why `raw` is not one. Empty (after trimming; no option chosen) is "not
 * answered" and gives null. A multiple choice is stored as a JSON array in the order of the options.
 */
export function answerValue(
  q: Question,
  raw: string | readonly string[],
): { value: string | null } | { error: string } {
  if (typeof raw !== 'string' && q.kind !== 'multiple') {
    if (raw.length > 1) return { error: 'give one answer' };
    return answerValue(q, raw[0] ?? '');
  }
  if (q.kind === 'multiple') {
    const chosen = (typeof raw === 'string' ? (raw.trim() === '' ? [] : [raw]) : [...raw]).map((x) => x.trim());
    const bad = chosen.find((c) => c !== '' && !q.options.includes(c));
    if (bad !== undefined)
      return { error: `"${bad}" is not one of the options: ${q.options.map((o) => `"${o}"`).join(', ')}` };
    const set = new Set(chosen.filter(Boolean));
    if (set.size === 0) return { value: null };
    return { value: JSON.stringify(q.options.filter((o) => set.has(o))) };
  }
  const v = (raw as string).trim();
  if (v === '') return { value: null };
  if (v.length > MAX_ANSWER) return { error: `an answer has at most ${MAX_ANSWER} characters` };
  switch (q.kind) {
    case 'text':
      return { value: v };
    case 'yes-no':
      return v === 'yes' || v === 'no' ? { value: v } : { error: 'must be "yes" or "no"' };
    case 'single':
      return q.options.includes(v)
        ? { value: v }
        : { error: `must be one of the options: ${q.options.map((o) => `"${o}"`).join(', ')}` };
    case 'scale': {
      const { min, max } = q.scale ?? { min: 1, max: 5 };
      if (!/^-?\d+$/.test(v) || Number(v) < min || Number(v) > max)
        return { error: `must be a whole number from ${min} to ${max}` };
      return { value: String(Number(v)) };
    }
    case 'number':
      if (!/^-?\d+(\.\d+)?$/.test(v)) return { error: 'must be a number written with digits (e.g. 12 or 3.5)' };
      return { value: String(Number(v)) };
  }
}

/** A stored answer as the list of values it counts for (a multiple choice: each option chosen). */
export const valuesOf = (q: Question, value: string): string[] =>
  q.kind === 'multiple' ? (JSON.parse(value) as string[]) : [value];

export interface SubmittedAnswer {
  recipient: Recipient;
  question: string;
  value: string;
}

/** One question's compiled result over the submitted answers of its recipients. */
export interface QuestionResult {
  question: Question;
  /** Recipients asked (those of the question's kind) and those that answered it. */
  asked: number;
  answered: number;
  /** yes-no, single, multiple, scale: every possible value with its count (multiple: a recipient counts per option). */
  distribution: { value: string; count: number }[];
  /** number and scale: the figures of the answers (null when none). */
  stats: { min: number; max: number; mean: number; median: number } | null;
  /** text: every answer with its recipient (never a person). */
  texts: { recipient: Recipient; value: string }[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The results per question: counts, distributions, figures and the text answers. */
export function compile(
  questions: readonly Question[],
  recipients: readonly Recipient[],
  answers: readonly SubmittedAnswer[],
): QuestionResult[] {
  return questions.map((q) => {
    const mine = answers.filter((a) => a.question === q.id && a.recipient.kind === q.addressed);
    const asked = recipients.filter((r) => r.kind === q.addressed).length;
    const possible =
      q.kind === 'yes-no'
        ? ['yes', 'no']
        : q.kind === 'single' || q.kind === 'multiple'
          ? q.options
          : q.kind === 'scale' && q.scale
            ? Array.from({ length: q.scale.max - q.scale.min + 1 }, (_, i) => String(q.scale!.min + i))
            : [];
    const counts = new Map(possible.map((p) => [p, 0]));
    for (const a of mine) for (const v of valuesOf(q, a.value)) if (counts.has(v)) counts.set(v, counts.get(v)! + 1);
    const numbers =
      q.kind === 'number' || q.kind === 'scale' ? mine.map((a) => Number(a.value)).sort((x, y) => x - y) : [];
    const mid = numbers.length >> 1;
    return {
      question: q,
      asked,
      answered: mine.length,
      distribution: [...counts].map(([value, count]) => ({ value, count })),
      stats: numbers.length
        ? {
            min: numbers[0]!,
            max: numbers.at(-1)!,
            mean: round2(numbers.reduce((s, n) => s + n, 0) / numbers.length),
            median: numbers.length % 2 ? numbers[mid]! : round2((numbers[mid - 1]! + numbers[mid]!) / 2),
          }
        : null,
      texts: q.kind === 'text' ? mine.map((a) => ({ recipient: a.recipient, value: a.value })) : [],
    };
  });
}
