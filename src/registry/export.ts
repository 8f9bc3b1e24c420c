/** Export every table as JSON and as CSV (csv-stringify, UTF-8 without a BOM), one file per table; `iscm release` gives the tidy form. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { dumpPublicTables } from '../db/dump.js';
import { exportAt } from './export-at.js';

export async function exportTables(
  db: Kysely<DB>,
  outDir: string,
  formats: ('json' | 'csv')[],
  asOf: string | null = null,
): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const { tables, info, figures } = await exportAt(db, await dumpPublicTables(db), asOf);
  const written: string[] = [];
  // The export states its date (export.json); an export as of a date also holds the figures then.
  for (const [name, data] of [
    ['export', info],
    ['figures', figures],
  ] as const) {
    if (data === null) continue;
    writeFileSync(join(outDir, `${name}.json`), JSON.stringify(data, null, 1) + '\n');
    written.push(join(outDir, `${name}.json`));
  }
  for (const [name, rows] of Object.entries(tables)) {
    if (formats.includes('json')) {
      const file = join(outDir, `${name}.json`);
      writeFileSync(file, JSON.stringify(rows, null, 1) + '\n');
      written.push(file);
    }
    if (formats.includes('csv')) {
      const file = join(outDir, `${name}.csv`);
      const columns = rows[0] ? Object.keys(rows[0]) : [];
      writeFileSync(file, stringify(rows, { header: true, columns, bom: false }));
      written.push(file);
    }
  }
  return written;
}
