/**
 * The imports between folders of src/: which feature (registry, meetings, editing, accounts, …) imports which,
 * and whether the infrastructure (http, web, db) imports a feature. `tsx scripts/feature-imports.ts [src-dir]`
 * prints one line per importing file and imported folder; test/architecture.test.ts checks the rules.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export const INFRASTRUCTURE = ['http', 'web', 'db', 'reference'];

export interface FolderImport {
  /** The importing file, relative to src/. */
  file: string;
  from: string;
  to: string;
  specifier: string;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return files(p);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [p] : [];
  });
}

/** Every import (static, re-export or dynamic) of a file in another top folder of `src`. */
export function folderImports(src: string): FolderImport[] {
  const root = resolve(src);
  const out: FolderImport[] = [];
  for (const file of files(root)) {
    const rel = relative(root, file);
    const from = rel.includes('/') ? rel.split('/')[0]! : '(root)';
    const text = readFileSync(file, 'utf8');
    const specs = text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)'(\.{1,2}\/[^']+)'/g);
    for (const m of specs) {
      const target = relative(root, resolve(dirname(file), m[1]!));
      if (target.startsWith('..')) continue;
      const to = target.includes('/') ? target.split('/')[0]! : '(root)';
      if (to !== from) out.push({ file: rel, from, to, specifier: m[1]! });
    }
  }
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.specifier.localeCompare(b.specifier));
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.dirname, 'feature-imports.ts')) {
  const src = process.argv[2] ?? join(import.meta.dirname, '..', 'src');
  const all = folderImports(src);
  const pairs = new Map<string, string[]>();
  for (const i of all) {
    if (i.to === '(root)' || i.from === '(root)') continue;
    if (INFRASTRUCTURE.includes(i.to)) continue; // everyone may use the infrastructure
    const key = `${i.from} → ${i.to}`;
    pairs.set(key, [...(pairs.get(key) ?? []), `${i.file} (${i.specifier})`]);
  }
  for (const [pair, list] of [...pairs].sort()) {
    console.log(`${pair}: ${list.length}`);
    for (const l of list) console.log(`  ${l}`);
  }
}
