/**
 * The release folder: one sub-folder per release (its version: the release date, `.2`, `.3` … when the
 * data changed again that day), each holding the files and a SHA256SUMS. Written to a temporary folder
 * and renamed, so a release is there whole or not at all; earlier releases are never touched.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const VERSION = /^\d{4}-\d{2}-\d{2}(?:\.\d+)?$/;
export const FILE = /^[a-z0-9_]+\.(?:csv|json)$|^SHA256SUMS$/;

export interface ReleaseSummary {
  version: string;
  created: string;
  digest: string;
  files: { name: string; bytes: number }[];
}

function compareVersions(a: string, b: string): number {
  const [da, na] = a.split('.');
  const [db, nb] = b.split('.');
  if (da !== db) return da! < db! ? -1 : 1;
  return Number(na ?? 1) - Number(nb ?? 1);
}

/** Releases in the folder, newest first (a folder without a datapackage.json is not a release). */
export function listReleases(dir: string): ReleaseSummary[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((v) => VERSION.test(v) && existsSync(join(dir, v, 'datapackage.json')))
    .sort(compareVersions)
    .reverse()
    .map((version) => {
      const pkg = JSON.parse(readFileSync(join(dir, version, 'datapackage.json'), 'utf8')) as {
        created: string;
        digest: string;
      };
      const files = readdirSync(join(dir, version))
        .filter((f) => FILE.test(f))
        .sort()
        .map((name) => ({ name, bytes: statSync(join(dir, version, name)).size }));
      return { version, created: pkg.created, digest: pkg.digest, files };
    });
}

/** The path of a release's file, or null when there is no such release or file. */
export function releaseFile(dir: string, version: string, name: string): string | null {
  if (!VERSION.test(version) || !FILE.test(name)) return null;
  const path = join(dir, version, name);
  return existsSync(path) && existsSync(join(dir, version, 'datapackage.json')) ? path : null;
}

/** Writes a release's files under dir/version atomically; refuses an existing version. */
export function writeRelease(dir: string, version: string, files: Map<string, Buffer>): string {
  if (!VERSION.test(version)) throw new Error(`release version "${version}" is not YYYY-MM-DD or YYYY-MM-DD.N`);
  mkdirSync(dir, { recursive: true });
  const target = join(dir, version);
  if (existsSync(target)) throw new Error(`release ${version} already exists in ${dir}`);
  const tmp = join(dir, `.tmp-${version}-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  for (const [name, bytes] of files) writeFileSync(join(tmp, name), bytes);
  renameSync(tmp, target);
  return target;
}
