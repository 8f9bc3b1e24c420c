/**
 * Public notes and compilation notes. Every note the converter writes is split, clause by clause, into
 *  - `note`: what a reader can use — plain facts ("Founding member", "suspended its participation in 2021");
 *  - `compilation_note`: how the fact was compiled — sources, quotes, inference, recall, dated lists,
 *    field names, conflicts between sources, "not found", the converter's own remarks.
 * Deterministic: the same text always splits the same way. Nothing is dropped: every clause lands in one
 * of the two (a public clause that loses a parenthetical keeps it, whole, in the compilation note).
 */

export interface SplitNote {
  note: string | null;
  compilation_note: string | null;
}

/** Marks a clause as being about the compilation rather than the fact. Case-insensitive, on word boundaries. */
const COMPILATION = new RegExp(
  [
    // sources and what they say
    'sources?',
    'sourced',
    'iom page',
    'page',
    'pages',
    'site',
    'excerpt',
    'copy',
    'copies',
    'read',
    'listed',
    'lists?',
    'listing',
    'per',
    'according to',
    'says?',
    'said',
    'states that',
    'stated',
    'writes',
    'written',
    'wording',
    'worded',
    'named by',
    'names',
    'mentions?',
    'mentioned',
    'cites?',
    'cited',
    'reports?',
    'reported',
    'quoted?',
    'quotes',
    'calls? it',
    'describes?',
    'described',
    'wikipedia',
    'refworld',
    'press release',
    'news',
    'article',
    'blog',
    'portal',
    'handbook',
    'announced',
    'captured',
    'visible',
    // inference, recall, pipeline
    'recall',
    'memory',
    'infer\\w*',
    'implied',
    'assumed',
    'assume',
    'presumably',
    'probably',
    'possibly',
    'approximate\\w*',
    'tbc',
    'derived',
    'snapshots?',
    'research',
    'input',
    'converter',
    'record notes',
    'registry notes',
    'row',
    'field',
    'classification',
    'treated as',
    'taken as',
    'kept as',
    'kept here',
    'recorded',
    'expanded',
    'expansion',
    'date =',
    'first source',
    'evidence',
    'dated',
    'undated',
    'sic',
    'label',
    'type',
    'types',
    'dataset',
    'de-duplicate',
    'likely',
    'researcher',
    'brief',
    'added',
    'empty',
    'deliberately',
    'ignores?',
    'entry',
    'gives',
    'given',
    'dates it',
    'classed',
    'classes',
    'counted',
    'counts it',
    'counts the',
    'notes',
    'key outputs?',
    'ordinal',
    'known only',
    'event concerns',
    'does not state',
    'not among',
    'not a participant',
    'now',
    'were not there',
    'overview',
    'column',
    'code',
    'iso3',
    'ambiguous',
    'named',
    'not confirmed',
    'presentation',
    'rows',
    'unidentified',
    'included',
    'kept',
    'numbering',
    'invited',
    'seen',
    'dates the',
    'no dates',
    'guide',
    // gaps and conflicts
    'not found',
    'no \\w+ found',
    'found',
    'not captured',
    'not given',
    'not documented',
    'not shown',
    'not printed',
    'not verified',
    'unverified',
    'verified',
    'not seen',
    'not named',
    'no date',
    'unknown',
    'date not',
    'year not',
    'cut off',
    'truncated',
    'conflicts?',
    'conflicting',
    'contested',
    'discrepancy',
    'disagree',
    'differs?',
    'unresolved',
    'on purpose',
  ]
    .map((w) => `\\b${w}\\b`)
    .join('|') +
    [
      '',
      '[a-z]+_[a-z_]+',
      'https?:',
      'www\\.',
      '\\b[\\w-]+\\.(?:org|int|gov|com|net|eu|info|am|cu|md)\\b',
      '\\bdate\\s*=',
      '\\s=\\s',
      '\\bc\\.\\s?\\d',
      '\\b(?:document )?(?:kind|role) "',
      "\\bamong '",
      '\\([a-z]+(?:-[a-z]+){2,}\\)',
      // a quoted passage of a source (not an apostrophe): 'four words or more', "…", “…”
      "(?:^|[\\s(])'[^']*\\s[^']*\\s[^']*'",
      '"[^"]{12,}"',
      '“[^”]{12,}”',
    ].join('|'),
  'i',
);

/** "IOM:", "Source (IOM):", "Wikipedia/GFMD:", "CLASSIFICATION CONFLICT:" — a clause attributed to someone. */
const ATTRIBUTED = /^[A-Za-z][\w/()'’ .[\]-]{0,40}:\s/;

/** Prefixes the converter writes before an event that dates an interval: the prefix is compilation, the rest is classified. */
const PREFIXES: RegExp[] = [
  /^(?:Start|End): [^:(]*\((?:stated|derived_from_snapshots|stated\+derived_from_snapshots|parent_body|founding)\):\s*/,
  /^(?:Start|End): [^:]*:\s*/,
  /^Before the mechanism existed \([^)]*\):\s*[^:]*:\s*/,
  /^start_not_before \S+ \(research notes\):\s*/,
  /^The dated events are sourced; the participation itself is unverified:\s*/,
];

/** Splits on `sep` outside parentheses, brackets and double quotes. */
function splitTop(text: string, sep: RegExp): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = false;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === '“' || c === '”') quote = c === '“' ? true : c === '”' ? false : !quote;
    else if (c === '(' || c === '[') depth++;
    else if ((c === ')' || c === ']') && depth > 0) depth--;
    else if (depth === 0 && !quote) {
      const m = sep.exec(text.slice(i));
      if (m && m.index === 0) {
        out.push(text.slice(from, i + (m[1]?.length ?? 0)));
        from = i + m[0].length;
        i = from - 1;
      }
    }
  }
  out.push(text.slice(from));
  return out.map((s) => s.trim()).filter((s) => s.length > 0);
}

/** Sentences: a full stop, ! or ? followed by a space and a capital or a quote; not after "c." "e.g." "No." etc. */
function sentences(text: string): string[] {
  return splitTop(text, /^([.!?])\s+(?=[A-Z'"‘“(])/)
    .flatMap((s) => s)
    .reduce<string[]>((acc, s) => {
      const prev = acc[acc.length - 1];
      if (
        prev !== undefined &&
        /(?:\b(?:c|ca|cf|e\.g|i\.e|incl|approx|No|Nos|Sept?|Art|para|vs|St|Dr|Mr|Ms|pp?)\.|\b[A-Z]\.)$/.test(prev)
      )
        acc[acc.length - 1] = `${prev} ${s}`;
      else acc.push(s);
      return acc;
    }, []);
}

/** A camelCase field name (case matters here). */
const CAMEL = /\b[a-z]+[A-Z][A-Za-z]+\b/;

const isCompilation = (clause: string): boolean =>
  COMPILATION.test(clause) ||
  CAMEL.test(clause) ||
  ATTRIBUTED.test(clause) ||
  /^['"‘“]/.test(clause) ||
  /^\(/.test(clause);

/** A public clause without the parentheticals that are about the compilation; null when nothing plain is left. */
function plain(clause: string): string | null {
  const cleaned = clause
    .replace(/\s*\(([^()]*)\)/g, (all, inner: string) => (isCompilation(inner) || /\bnot\b/.test(inner) ? '' : all))
    .replace(/\s+([,.;])/g, '$1')
    .trim();
  if (cleaned === '' || isCompilation(cleaned)) return null;
  return cleaned;
}

const finish = (s: string): string => s.replace(/[\s,;:]+$/, '');
const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export function splitNote(text: string | null): SplitNote {
  if (text === null || text.trim() === '') return { note: null, compilation_note: null };
  const pub: string[] = [];
  const comp: string[] = [];
  for (const fragment of text.split(/\s+\|\s+/)) {
    let rest = fragment.trim();
    const compFragment: string[] = [];
    for (const p of PREFIXES) {
      const m = p.exec(rest);
      if (m) {
        compFragment.push(m[0].trim());
        rest = rest.slice(m[0].length);
        break;
      }
    }
    const pubFragment: string[] = [];
    for (const sentence of sentences(rest)) {
      const end = /[.!?]$/.test(sentence) ? sentence.slice(-1) : '';
      const body = end ? sentence.slice(0, -1) : sentence;
      const keep: string[] = [];
      const drop: string[] = [];
      const clauses = splitTop(body, /^;\s+/);
      // "Issues: a; b; c" — a label governs the whole list that follows it.
      const labelled = clauses.length > 1 && ATTRIBUTED.test(clauses[0]!);
      for (const clause of clauses) {
        const p = labelled ? null : plain(clause);
        if (p === null) drop.push(clause);
        else {
          keep.push(p);
          if (p !== clause) drop.push(clause);
        }
      }
      if (keep.length) pubFragment.push(`${finish(keep.join('; '))}${end}`);
      if (drop.length) compFragment.push(`${finish(drop.join('; '))}${end}`);
    }
    if (pubFragment.length) pub.push(pubFragment.join(' '));
    if (compFragment.length) comp.push(compFragment.join(' '));
  }
  const note = pub.length
    ? capital(pub.map((p, i) => (i < pub.length - 1 && !/[.!?]$/.test(p) ? `${p}.` : p)).join(' '))
    : null;
  // When every clause stayed public the compilation note is empty; when some moved it holds those, in order.
  const compilation = comp.length ? comp.join(' | ') : null;
  return { note, compilation_note: compilation };
}

// ------------------------------------------------------------------ the dataset
type Rec = Record<string, unknown>;

/** Sets `key` right after `after` in `obj` (JSON key order is part of the output's bytes). */
function setAfter(obj: Rec, after: string, key: string, value: unknown): void {
  const entries = Object.entries(obj).filter(([k]) => k !== key);
  for (const k of Object.keys(obj)) delete obj[k];
  for (const [k, v] of entries) {
    obj[k] = v;
    if (k === after) obj[key] = value;
  }
  if (!(key in obj)) obj[key] = value;
}

export interface NoteCounts {
  notes: number;
  publicOnly: number;
  compilationOnly: number;
  both: number;
}

/** Splits the note in `field` of `obj`, writing the compilation part under `into`. */
function splitField(obj: Rec, field: string, into: string, counts: NoteCounts): void {
  const text = obj[field];
  if (typeof text !== 'string' || text.trim() === '') {
    setAfter(obj, field, into, null);
    return;
  }
  const s = splitNote(text);
  obj[field] = s.note;
  setAfter(obj, field, into, s.compilation_note);
  counts.notes++;
  if (s.note && s.compilation_note) counts.both++;
  else if (s.note) counts.publicOnly++;
  else counts.compilationOnly++;
}

/** An unverified field's note says why the field is unverified: all of it is compilation (the page names the field). */
function allCompilation(obj: Rec, counts: NoteCounts): void {
  const text = obj.note;
  obj.note = null;
  setAfter(obj, 'note', 'compilation_note', typeof text === 'string' && text.trim() !== '' ? text : null);
  if (typeof text === 'string' && text.trim() !== '') {
    counts.notes++;
    counts.compilationOnly++;
  }
}

/**
 * A profile field whose text says "(from recall)" is already listed among the unverified fields (the page marks it
 * so, in the reader's language): the mark leaves the public text and is kept in that field's compilation note.
 */
function cleanRecallMarks(m: Rec): void {
  const unverified = m.unverified_fields as Rec[];
  const clean = (field: string, text: unknown): string | null => {
    if (typeof text !== 'string' || !/\s*\(from recall\)/.test(text)) return null;
    const u = unverified.find((x) => x.field === field);
    if (!u) return null;
    u.note = `${typeof u.note === 'string' ? u.note : field} [the field's text said "(from recall)"]`;
    return text.replace(/\s*\(from recall\)/g, '').trim();
  };
  const sec = m.secretariat as Rec | null;
  if (sec) {
    const t = clean('secretariat', sec.text);
    if (t !== null) sec.text = t;
  }
  for (const f of ['structure', 'chair_model'] as const) {
    const t = clean(f, m[f]);
    if (t !== null) m[f] = t;
  }
}

export interface NotesInput {
  mechanisms: unknown[];
  participation: unknown[];
  meetings: { series: unknown[]; meetings: unknown[] };
}

/**
 * The converter's hook: splits, in place, the notes of mechanisms (notes, membership note, level and status
 * notes, unverified fields), participation rows, meetings (notes, reported counts, unverified fields) and series.
 * Returns the counts per kind of note.
 */
export function splitDatasetNotes(d: NotesInput): Map<string, NoteCounts> {
  const counts = new Map<string, NoteCounts>();
  const c = (kind: string): NoteCounts => {
    let x = counts.get(kind);
    if (!x) {
      x = { notes: 0, publicOnly: 0, compilationOnly: 0, both: 0 };
      counts.set(kind, x);
    }
    return x;
  };
  for (const m of d.mechanisms as Rec[]) {
    cleanRecallMarks(m);
    splitField(m, 'notes', 'compilation_note', c('mechanism notes'));
    splitField(m, 'membership_note', 'membership_compilation_note', c('membership notes'));
    for (const l of m.levels as Rec[]) splitField(l, 'note', 'compilation_note', c('level notes'));
    for (const s of m.statuses as Rec[]) splitField(s, 'note', 'compilation_note', c('status notes'));
    for (const u of m.unverified_fields as Rec[]) allCompilation(u, c('unverified-field notes'));
  }
  for (const p of d.participation as Rec[]) splitField(p, 'note', 'compilation_note', c('participation notes'));
  for (const s of d.meetings.series as Rec[]) splitField(s, 'note', 'compilation_note', c('series notes'));
  for (const m of d.meetings.meetings as Rec[]) {
    splitField(m, 'notes', 'compilation_note', c('meeting notes'));
    for (const r of m.reported_counts as Rec[]) splitField(r, 'note', 'compilation_note', c('reported-count notes'));
    for (const u of m.unverified_fields as Rec[]) allCompilation(u, c('unverified-field notes'));
  }
  return counts;
}

export function formatNoteCounts(counts: Map<string, NoteCounts>): string[] {
  const total: NoteCounts = { notes: 0, publicOnly: 0, compilationOnly: 0, both: 0 };
  const lines = [...counts].map(([kind, x]) => {
    total.notes += x.notes;
    total.publicOnly += x.publicOnly;
    total.compilationOnly += x.compilationOnly;
    total.both += x.both;
    return `  ${kind}: ${x.notes} (public only ${x.publicOnly}, compilation only ${x.compilationOnly}, both ${x.both})`;
  });
  return [
    `notes split: ${total.notes} (public only ${total.publicOnly}, compilation only ${total.compilationOnly}, both ${total.both})`,
    ...lines,
  ];
}
