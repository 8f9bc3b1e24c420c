#!/usr/bin/env node
// Part of `npm run build` (after tsc): copies every file under src/ that tsc does not emit (stylesheets, data)
// to the same place under dist/, so code reading `new URL('./assets/…', import.meta.url)` works in both.
import { copyFileSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const root = join(dirname(new URL(import.meta.url).pathname), '..');
const src = join(root, 'src');
const dist = join(root, 'dist');

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}
let copied = 0;
for (const file of walk(src).filter((f) => !/\.tsx?$/.test(f))) {
  const to = join(dist, relative(src, file));
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(file, to);
  copied++;
}
// bin/iscm.mjs runs dist/ only when no file under src/ is newer than this stamp.
writeFileSync(join(dist, '.built'), `${new Date().toISOString()}\n`);
console.log(`copied ${copied} asset file(s) to dist/`);
