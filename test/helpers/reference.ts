/** Copies of the mini reference fixture, mutated one way per test. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const MINI = new URL('../fixtures/mini/', import.meta.url).pathname;

export function mutatedCopy(file: string, mutate: (records: Record<string, unknown>[]) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'iscm-ref-'));
  cpSync(MINI, dir, { recursive: true });
  const path = join(dir, file);
  const records = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>[];
  mutate(records);
  writeFileSync(path, JSON.stringify(records, null, 1));
  return dir;
}

export function findRecord(records: Record<string, unknown>[], id: string): Record<string, unknown> {
  const r = records.find((x) => x.id === id);
  if (!r) throw new Error(`fixture has no record ${id}`);
  return r;
}

/** A copy of the mini fixture with the given files (name → JSON value) written into it. */
export function datasetWith(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'iscm-ref-'));
  cpSync(MINI, dir, { recursive: true });
  for (const [name, value] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(value));
  return dir;
}
