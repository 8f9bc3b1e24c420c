#!/usr/bin/env node
// `npx iscm …`: runs the built command line (dist/main.js, from `npm run build`) when it is there and
// no file under src/ is newer than the build; otherwise the TypeScript sources through tsx (a development checkout).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist/main.js');
const stamp = join(root, 'dist/.built'); // written at the end of `npm run build`

function newest(dir) {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return t;
}
const fresh =
  existsSync(built) &&
  existsSync(stamp) &&
  (!existsSync(join(root, 'src')) || newest(join(root, 'src')) <= statSync(stamp).mtimeMs);
const args = fresh ? [built] : [createRequire(import.meta.url).resolve('tsx/cli'), join(root, 'src/main.ts')];
const res = spawnSync(process.execPath, [...args, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(res.status ?? 1);
