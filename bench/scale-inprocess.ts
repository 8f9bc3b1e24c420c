/**
 * The scale benchmark's routes in one process (`app.inject`), for CPU per request without HTTP or a second
 * process (issue 16, item 4): `tsx bench/scale-inprocess.ts [N] [sqlite file] [requests per route]`. The
 * synthetic dataset at N (default 10) is generated and loaded into the SQLite file when the file does not exist
 * yet (kept for the next run: loading takes minutes at ×100), then each route is asked at dates no request asked
 * before (the dates and picks of bench/scale.ts) and its CPU per request (process.cpuUsage) is printed.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, loadReference } from '../src/app.js';
import { migrateToLatest, openDatabase } from '../src/db/database.js';
import { generateSynthetic, syntheticIds } from './synthetic/generate.js';

const scale = Number(process.argv[2] ?? 10);
const file = process.argv[3] ?? join(tmpdir(), `iscm-scale-x${scale}.sqlite`);
const n = Number(process.argv[4] ?? 15);
const picks = `${file}.picks.json`;

if (!existsSync(file)) {
  const dir = mkdtempSync(join(tmpdir(), 'iscm-scale-'));
  generateSynthetic(dir, scale, 1);
  const { mechanisms, countries } = syntheticIds(dir);
  const database = openDatabase({ databaseUrl: null, sqlitePath: file });
  await migrateToLatest(database.db);
  const t0 = performance.now();
  await loadReference(database.db, dir);
  console.log(`loaded ×${scale} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await database.close();
  writeFileSync(picks, JSON.stringify({ mechanisms, countries }));
  rmSync(dir, { recursive: true, force: true });
}
const { mechanisms, countries } = JSON.parse(readFileSync(picks, 'utf8')) as {
  mechanisms: string[];
  countries: string[];
};
const database = openDatabase({ databaseUrl: null, sqlitePath: file });
const app = await buildApp({ database });
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const c0 = cpu();
const first = await app.inject({ url: '/api/v1/stats' });
if (first.statusCode !== 200) throw new Error(`stats: ${first.statusCode}`);
console.log(`×${scale}: first answer (snapshot) ${(cpu() - c0).toFixed(0)} ms CPU`);
let day = 0;
const nextDate = () => new Date(Date.UTC(1990, 0, 1) + ((day++ * 97) % 13_500) * 86_400_000).toISOString().slice(0, 10);
let k = 0;
const pickOf = <T>(xs: readonly T[]) => xs[(k++ * 7919) % xs.length]!;
const only = process.env.ROUTES?.split(',');
const routes: [string, () => string][] = [
  ['stats', () => `/api/v1/stats?asOf=${nextDate()}`],
  ['overlaps API', () => `/api/v1/overlaps?asOf=${nextDate()}`],
  ['overlaps page', () => `/en/overlaps?asOf=${nextDate()}`],
  ['profile page', () => `/en/mechanisms/${pickOf(mechanisms)}?asOf=${nextDate()}`],
  ['country page', () => `/en/countries/${pickOf(countries)}?asOf=${nextDate()}`],
];
for (const [name, path] of routes) {
  if (only && !only.includes(name.split(' ')[0]!)) continue;
  // One request untimed: the first of a route builds what the route keeps for every date.
  await app.inject({ url: path() });
  const s = cpu();
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const url = path();
    const res = await app.inject({
      url,
      headers: process.env.ENCODING ? { 'accept-encoding': process.env.ENCODING } : {},
    });
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`);
    bytes += res.rawPayload.length;
  }
  console.log(
    `  ${name.padEnd(16)} ${((cpu() - s) / n).toFixed(1).padStart(7)} ms CPU/req  ${(bytes / n / 1024).toFixed(0)} KB`,
  );
}
console.log(`  rss ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`);
await app.close();
await database.close();
