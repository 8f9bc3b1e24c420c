/**
 * Checks a researched input file row by row. Every problem names the file, the row (its index in the
 * array and its id when it has one) and the field; the converter stops before writing anything.
 */
import { isDate } from './util.js';

export type Row = Record<string, unknown>;

export class InputProblems {
  readonly problems: string[] = [];

  constructor(readonly file: string) {}

  add(index: number, row: Row | null, field: string, message: string): void {
    const id = row !== null && typeof row.id === 'string' ? ` (id "${row.id}")` : '';
    this.problems.push(`${this.file} row ${index}${id}, field "${field}": ${message}`);
  }

  /** The rows of a JSON array; a file that is not an array is one problem. */
  rows(data: unknown): Row[] {
    if (!Array.isArray(data)) {
      this.problems.push(`${this.file}: expected a JSON array of records`);
      return [];
    }
    return data.map((r: unknown, i) => {
      if (typeof r !== 'object' || r === null || Array.isArray(r)) {
        this.problems.push(`${this.file} row ${i}: expected an object`);
        return {};
      }
      return r as Row;
    });
  }

  /** Throws one error listing every problem, if there is any. */
  throwIfAny(): void {
    if (this.problems.length === 0) return;
    const shown = this.problems.slice(0, 50);
    const more = this.problems.length > shown.length ? `\n... and ${this.problems.length - shown.length} more` : '';
    throw new Error(`${this.problems.length} problem(s) in ${this.file}; nothing written:\n${shown.join('\n')}${more}`);
  }
}

/** Field readers: each returns the value when it has the expected shape, else records a problem. */
export class RowReader {
  constructor(
    private readonly p: InputProblems,
    private readonly index: number,
    readonly row: Row,
  ) {}

  private bad(field: string, message: string): void {
    this.p.add(this.index, this.row, field, message);
  }

  has(field: string): boolean {
    return field in this.row;
  }

  string(field: string): string {
    const v = this.row[field];
    if (typeof v === 'string' && v.trim().length > 0) return v;
    this.bad(field, v === undefined ? 'missing' : `expected a non-empty string, got ${JSON.stringify(v)}`);
    return '';
  }

  stringOrNull(field: string): string | null {
    const v = this.row[field];
    if (v === null) return null;
    if (typeof v === 'string' && v.trim().length > 0) return v;
    this.bad(field, v === undefined ? 'missing' : `expected a non-empty string or null, got ${JSON.stringify(v)}`);
    return null;
  }

  oneOf<T extends string>(field: string, allowed: readonly T[]): T {
    const v = this.row[field];
    if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
    this.bad(
      field,
      `${v === undefined ? 'missing' : `unknown value ${JSON.stringify(v)}`} (expected one of: ${allowed.join(', ')})`,
    );
    return allowed[0] as T;
  }

  oneOfOrNull<T extends string>(field: string, allowed: readonly T[]): T | null {
    return this.row[field] === null ? null : this.oneOf(field, allowed);
  }

  /** A date at the source's precision (YYYY, YYYY-MM or YYYY-MM-DD), or null. */
  dateOrNull(field: string): string | null {
    const v = this.row[field];
    if (v === null) return null;
    if (typeof v === 'string' && isDate(v) && validCalendar(v)) return v;
    this.bad(
      field,
      v === undefined ? 'missing' : `expected a date YYYY, YYYY-MM or YYYY-MM-DD or null, got ${JSON.stringify(v)}`,
    );
    return null;
  }

  strings(field: string, opts: { min?: number; max?: number; optional?: boolean } = {}): string[] {
    const v = this.row[field];
    if (v === undefined && opts.optional === true) return [];
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && x.trim().length > 0)) {
      this.bad(field, v === undefined ? 'missing' : `expected an array of non-empty strings, got ${JSON.stringify(v)}`);
      return [];
    }
    const xs = v as string[];
    if (opts.min !== undefined && xs.length < opts.min)
      this.bad(field, `expected at least ${opts.min} item(s), got ${xs.length}`);
    if (opts.max !== undefined && xs.length > opts.max)
      this.bad(field, `expected at most ${opts.max} item(s), got ${xs.length}`);
    if (new Set(xs).size !== xs.length) this.bad(field, 'contains the same value twice');
    return xs;
  }

  /** Source URLs: at least one, each an http(s) URL. */
  urls(field: string): string[] {
    const xs = this.strings(field, { min: 1 });
    for (const u of xs) if (!isUrl(u)) this.bad(field, `not an http(s) URL: ${JSON.stringify(u)}`);
    return xs.filter(isUrl);
  }

  urlOrNull(field: string): string | null {
    const u = this.stringOrNull(field);
    if (u !== null && !isUrl(u)) {
      this.bad(field, `not an http(s) URL: ${JSON.stringify(u)}`);
      return null;
    }
    return u;
  }

  /** A reference that must be in `known` (a dataset id). */
  ref(field: string, value: string, known: ReadonlySet<string>, what: string): boolean {
    if (known.has(value)) return true;
    this.bad(field, `unknown ${what} "${value}" (not in the dataset)`);
    return false;
  }

  problem(field: string, message: string): void {
    this.bad(field, message);
  }
}

export function isUrl(u: string): boolean {
  return /^https?:\/\/\S+$/.test(u) && URL.canParse(u);
}

function validCalendar(d: string): boolean {
  if (d.length === 4) return true;
  const [y, m, day] = d.split('-').map(Number) as [number, number, number | undefined];
  if (m < 1 || m > 12) return false;
  if (day === undefined) return true;
  return day >= 1 && day <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function datePrecision(d: string | null): 'year' | 'month' | 'day' | null {
  if (d === null) return null;
  return d.length === 4 ? 'year' : d.length === 7 ? 'month' : 'day';
}
