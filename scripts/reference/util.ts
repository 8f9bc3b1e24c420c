/** Small helpers shared by the converter modules. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** When the researched pages were read. */
export const ACCESSED = '2026-11';

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

export function sha1(text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('hex');
}

export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Earliest day a date of any precision can denote ("2014" -> "2014-01-01"). */
export function lo(d: string): string {
  if (d.length === 4) return `${d}-01-01`;
  if (d.length === 7) return `${d}-01`;
  return d;
}

/** Latest day a date of any precision can denote (used only for comparisons). */
export function hi(d: string): string {
  if (d.length === 4) return `${d}-12-31`;
  if (d.length === 7) return `${d}-31`;
  return d;
}

export function isDate(d: string): boolean {
  return /^\d{4}(-\d{2}(-\d{2})?)?$/.test(d);
}

export function yearOf(d: string): number {
  return Number(d.slice(0, 4));
}

/** Is a snapshot dated `asOf` inside [start, end)? Conservative at the end boundary. */
export function inInterval(asOf: string, start: string | null, end: string | null): boolean {
  if (start !== null && hi(asOf) < lo(start)) return false;
  if (end !== null && !(lo(asOf) < lo(end))) return false;
  return true;
}

export function joinNotes(parts: (string | null | undefined)[]): string | null {
  const kept = parts.map((p) => (p ?? '').trim()).filter((p) => p.length > 0);
  return kept.length === 0 ? null : kept.join(' | ');
}

export function uniq<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

export function fail(message: string): never {
  throw new Error(message);
}

// ---------------------------------------------------------------------------------------------
// Sources
