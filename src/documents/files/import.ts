/**
 * Bulk import of document files: `iscm documents import DIR --metadata FILE.csv [--dry-run]`. The CSV names, per
 * row, the document (its id), the language, the status and the file (a path inside DIR). Every row is checked
 * first (a problem names its line and column, and nothing is written when there is one); then each new file is
 * read (text off the main thread, as uploads are) and written with its text in ONE transaction, so a process
 * killed part-way leaves every version whole or absent. A file whose sha-256 is already stored is unchanged, so
 * running the import twice changes nothing.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { ONE_LINE } from '../../http/problem.js';
import { VERSION_STATUSES, type VersionStatus } from '../model.js';
import { DEFAULT_LIMITS, ExtractPool, importPoolSize, type ExtractLimits } from './extract.js';
import { LANG, type DocumentFiles } from './service.js';
import { detectType, isAccepted, type AcceptedType } from './types.js';

/** The columns of the metadata file, in any order. */
export const IMPORT_COLUMNS = ['document', 'language', 'status', 'file'] as const;
type Column = (typeof IMPORT_COLUMNS)[number];
/** `machine` is accepted for machine-translation. */
const STATUS_ALIASES: Record<string, VersionStatus> = { machine: 'machine-translation' };
/** One line, no control character (as every key of the API). */
const ONE = new RegExp(ONE_LINE);
const MAX_ROWS = 100_000;
const MAX_CELL = 1000;

export interface ImportProblem {
  /** The line of the metadata file (the header is line 1). */
  line: number;
  column: Column | null;
  message: string;
}

export interface ImportRow {
  line: number;
  document: string;
  lang: string;
  status: VersionStatus;
  /** As written in the CSV. */
  file: string;
  path: string;
  sha256: string;
  sizeBytes: number;
  mediaType: AcceptedType;
}

export interface ImportPlan {
  add: ImportRow[];
  unchanged: (ImportRow & { versionId: string })[];
  problems: ImportProblem[];
}

export class ImportError extends Error {
  constructor(readonly problems: ImportProblem[]) {
    super(problems.map(describeProblem).join('\n'));
  }
}

export const describeProblem = (p: ImportProblem) =>
  `line ${p.line}${p.column ? `, column ${p.column}` : ''}: ${p.message}`;

/**
 * Strict CSV (RFC 4180: comma-separated, fields in double quotes may hold commas, quotes doubled and line breaks;
 * a BOM is dropped). Returns the records with the line each starts on; throws a problem on a broken quote.
 */
export function parseCsv(text: string): { line: number; cells: string[] }[] {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const out: { line: number; cells: string[] }[] = [];
  let line = 1;
  let start = 1;
  let cells: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  let any = false;
  const endRecord = () => {
    cells.push(cell);
    if (any || cells.length > 1 || cell !== '') out.push({ line: start, cells });
    cells = [];
    cell = '';
    any = false;
  };
  while (i < s.length) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        const next = s[i];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r')
          throw new ImportError([{ line, column: null, message: 'a closing quote must end its field' }]);
        continue;
      }
      if (c === '\n') line++;
      cell += c;
      i++;
      continue;
    }
    if (c === '"' && cell === '') {
      quoted = true;
      any = true;
      i++;
    } else if (c === ',') {
      cells.push(cell);
      cell = '';
      any = true;
      i++;
    } else if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && s[i + 1] === '\n' ? 2 : 1;
      line++;
      start = line;
    } else {
      cell += c;
      i++;
    }
  }
  if (quoted) throw new ImportError([{ line: start, column: null, message: 'a quoted field is not closed' }]);
  if (cell !== '' || cells.length || any) endRecord();
  return out;
}

/** Is `path` inside `dir` (after resolving `..`)? */
const inside = (dir: string, path: string) => {
  const r = relative(dir, path);
  return r !== '' && !r.startsWith(`..${sep}`) && r !== '..' && !isAbsolute(r);
};

/** Check every row of the metadata against the files in `dir` and the database; writes nothing. */
export async function planImport(db: Kysely<DB>, dir: string, csv: string, limitBytes: number): Promise<ImportPlan> {
  const plan: ImportPlan = { add: [], unchanged: [], problems: [] };
  const problem = (line: number, column: Column | null, message: string) =>
    plan.problems.push({ line, column, message });
  let records: { line: number; cells: string[] }[];
  try {
    records = parseCsv(csv);
  } catch (e) {
    if (e instanceof ImportError) return { ...plan, problems: e.problems };
    throw e;
  }
  const header = records.shift();
  if (!header) {
    problem(1, null, `the metadata file is empty: it needs a header row (${IMPORT_COLUMNS.join(',')})`);
    return plan;
  }
  const names = header.cells.map((c) => c.trim());
  const at = new Map<string, number>();
  names.forEach((n, i) => {
    if (!(IMPORT_COLUMNS as readonly string[]).includes(n))
      problem(1, null, `unknown column "${n}": the columns are ${IMPORT_COLUMNS.join(', ')}`);
    else if (at.has(n)) problem(1, n as Column, `column ${n} is named twice`);
    else at.set(n, i);
  });
  for (const c of IMPORT_COLUMNS) if (!at.has(c)) problem(1, c, `the header has no column ${c}`);
  if (plan.problems.length) return plan;
  if (records.length > MAX_ROWS) {
    problem(records[MAX_ROWS]!.line, null, `at most ${MAX_ROWS} rows are imported at once`);
    return plan;
  }
  const root = resolve(dir);
  const ids = new Set(
    (
      await Promise.all(
        chunks([...new Set(records.map((r) => (r.cells[at.get('document')!] ?? '').trim()).filter(Boolean))], 500).map(
          (list) => db.selectFrom('document').select('id').where('id', 'in', list).execute(),
        ),
      )
    )
      .flat()
      .map((r) => r.id),
  );
  const bySha = new Map<string, number>();
  const checked: ImportRow[] = [];
  for (const r of records) {
    const before = plan.problems.length;
    if (r.cells.length !== names.length) {
      problem(r.line, null, `the row has ${r.cells.length} fields; the header has ${names.length}`);
      continue;
    }
    const get = (c: Column) => r.cells[at.get(c)!]!.trim();
    for (const c of IMPORT_COLUMNS) {
      const v = get(c);
      if (v.length > MAX_CELL) problem(r.line, c, `${c} is longer than ${MAX_CELL} characters`);
      else if (!ONE.test(v)) problem(r.line, c, `${c} holds a control character`);
      else if (!v) problem(r.line, c, `${c} is empty`);
    }
    if (plan.problems.length > before) continue;
    const document = get('document');
    if (!ids.has(document)) problem(r.line, 'document', `there is no document "${document}"`);
    const lang = get('language');
    if (!LANG.test(lang)) problem(r.line, 'language', `language "${lang}" is not a two-letter ISO 639-1 code`);
    const rawStatus = get('status');
    const status =
      STATUS_ALIASES[rawStatus] ??
      ((VERSION_STATUSES as readonly string[]).includes(rawStatus) ? (rawStatus as VersionStatus) : null);
    if (!status)
      problem(
        r.line,
        'status',
        `status "${rawStatus}" is not valid: one of ${VERSION_STATUSES.join(', ')} (or machine)`,
      );
    const file = get('file');
    const path = resolve(root, file);
    let sizeBytes = 0;
    let sha256 = '';
    let mediaType: AcceptedType | null = null;
    if (isAbsolute(file) || !inside(root, path)) {
      problem(r.line, 'file', `file "${file}" is not a path inside ${dir}`);
    } else {
      const st = await stat(path).catch(() => null);
      if (!st || !st.isFile()) problem(r.line, 'file', `file "${file}" is not in ${dir}`);
      else if (st.size === 0) problem(r.line, 'file', `file "${file}" is empty`);
      else if (st.size > limitBytes)
        problem(r.line, 'file', `file "${file}" is ${st.size} bytes; at most ${limitBytes} are accepted`);
      else {
        // The whole file (at most the upload limit): a DOCX is known by its zip's directory, at its end.
        const bytes = await readFile(path);
        const found = await detectType(bytes);
        if (!isAccepted(found))
          problem(
            r.line,
            'file',
            `file "${file}" is ${found ?? 'of no type recognised'} by its content, not a PDF, an HTML file or a DOCX`,
          );
        else {
          mediaType = found;
          sizeBytes = st.size;
          sha256 = createHash('sha256').update(bytes).digest('hex');
          const first = bySha.get(sha256);
          if (first !== undefined) problem(r.line, 'file', `file "${file}" is the same file as line ${first}'s`);
          else bySha.set(sha256, r.line);
        }
      }
    }
    if (plan.problems.length > before) continue;
    checked.push({
      line: r.line,
      document,
      lang,
      status: status!,
      file,
      path,
      sha256,
      sizeBytes,
      mediaType: mediaType!,
    });
  }
  const stored = new Map(
    (
      await Promise.all(
        chunks(
          checked.map((c) => c.sha256),
          500,
        ).map((list) =>
          db
            .selectFrom('document_version')
            .select(['id', 'document_id', 'lang', 'status', 'sha256'])
            .where('sha256', 'in', list)
            .execute(),
        ),
      )
    )
      .flat()
      .map((v) => [v.sha256, v]),
  );
  for (const c of checked) {
    const v = stored.get(c.sha256);
    if (!v) plan.add.push(c);
    else if (v.document_id !== c.document || v.lang !== c.lang)
      problem(
        c.line,
        'file',
        `file "${c.file}" is already version ${v.id} (language ${v.lang}) of document ${v.document_id}`,
      );
    else if (v.status !== c.status)
      problem(
        c.line,
        'status',
        `file "${c.file}" is already version ${v.id}, with status ${v.status}; the import does not change a stored version`,
      );
    else plan.unchanged.push({ ...c, versionId: v.id });
  }
  if (plan.problems.length) {
    plan.add = [];
    plan.unchanged = [];
    plan.problems.sort((a, b) => a.line - b.line);
  }
  return plan;
}

export interface ImportOutcome {
  added: { row: ImportRow; versionId: string; textStatus: string; pages: number | null }[];
  unchanged: number;
}

/**
 * Write the versions a plan adds, one transaction each, in the metadata's order; `progress` gets one line per
 * file. Texts are read ahead in a pool of workers (one per core unless `workers` says otherwise) while the
 * versions before them are written: at most twice the pool's size of files are held at once. A file changed
 * since it was checked stops the import (the versions written before it stay).
 */
export async function runImport(
  files: DocumentFiles,
  plan: ImportPlan,
  opts: { actor: string; limits?: ExtractLimits; workers?: number; progress?: (line: string) => void },
): Promise<ImportOutcome> {
  if (plan.problems.length) throw new ImportError(plan.problems);
  const outcome: ImportOutcome = { added: [], unchanged: plan.unchanged.length };
  const pool = new ExtractPool(opts.limits ?? DEFAULT_LIMITS, opts.workers ?? importPoolSize());
  const ahead = pool.size * 2;
  const read = (row: ImportRow) =>
    readFile(row.path).then(async (bytes) => {
      const sha = createHash('sha256').update(bytes).digest('hex');
      if (sha !== row.sha256) return { bytes, sha, text: null };
      return { bytes, sha, text: await pool.extract(new Uint8Array(bytes), row.mediaType) };
    });
  const inFlight: ReturnType<typeof read>[] = [];
  try {
    let n = 0;
    let started = 0;
    for (const row of plan.add) {
      while (started < plan.add.length && inFlight.length < ahead) inFlight.push(read(plan.add[started++]!));
      n++;
      const { bytes, sha, text } = await inFlight.shift()!;
      if (!text)
        throw new ImportError([
          { line: row.line, column: 'file', message: `file "${row.file}" changed while importing` },
        ]);
      const v = await files.importVersion({
        documentId: row.document,
        lang: row.lang,
        status: row.status,
        bytes,
        mediaType: row.mediaType,
        sha256: sha,
        filename: row.file.split(/[\\/]/).pop() ?? row.file,
        actor: opts.actor,
        text,
      });
      if (!v) {
        outcome.unchanged++;
        opts.progress?.(`[${n}/${plan.add.length}] line ${row.line}: ${row.file} was stored meanwhile: unchanged`);
        continue;
      }
      outcome.added.push({ row, versionId: v.id, textStatus: v.textStatus, pages: v.pages });
      opts.progress?.(
        `[${n}/${plan.add.length}] line ${row.line}: ${row.file} → ${row.document} (${row.lang}, ${row.status}): ` +
          `added ${v.id}, text ${v.textStatus}${v.pages === null ? '' : `, ${v.pages} pages`}`,
      );
    }
  } finally {
    await Promise.allSettled(inFlight);
    await pool.close();
  }
  return outcome;
}

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
