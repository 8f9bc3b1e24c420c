/**
 * `tsx bench/profile.ts [path] [n]`: build the app in-process on a fresh SQLite database with the reference data
 * and request `path` n times with a new `asOf` each time (app.inject), printing the median and p90 in ms. Run
 * it under `node --cpu-prof --import tsx bench/profile.ts …` to see where an uncached request spends its time.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest, openDatabase } from '../src/db/database.js';
import { buildApp, loadReference } from '../src/app.js';

const path = process.argv[2] ?? '/en/mechanisms/budapest-process';
const n = Number(process.argv[3] ?? 300);
const database = openDatabase({
  databaseUrl: process.env.BENCH_DATABASE_URL ?? null,
  sqlitePath: join(mkdtempSync(join(tmpdir(), 'iscm-profile-')), 'p.sqlite'),
});
await migrateToLatest(database.db);
await loadReference(database.db);
const app = await buildApp({ database, benchRoutes: true });
await app.ready();
await app.inject({ method: 'GET', url: path }); // warm the snapshot and the caches
// BENCH_PROFILE=file.cpuprofile: a CPU profile of the requests only (not of start-up).
const session = process.env.BENCH_PROFILE ? new Session() : null;
const post = (method: string, params?: object) =>
  new Promise<unknown>((resolve, reject) =>
    session!.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res))),
  );
if (session) {
  session.connect();
  await post('Profiler.enable');
  await post('Profiler.start');
}
const cpu0 = process.cpuUsage();
const times: number[] = [];
for (let i = 0; i < n; i++) {
  const d = new Date(Date.UTC(1995, 0, 1) + i * 9 * 86_400_000).toISOString().slice(0, 10);
  const url = path.includes('?') ? `${path}&asOf=${d}` : `${path}?asOf=${d}`;
  const t0 = performance.now();
  const r = await app.inject({ method: 'GET', url });
  times.push(performance.now() - t0);
  if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode}`);
}
const cpu = process.cpuUsage(cpu0);
if (session) {
  const { profile } = (await post('Profiler.stop')) as { profile: object };
  writeFileSync(process.env.BENCH_PROFILE!, JSON.stringify(profile));
}
times.sort((a, b) => a - b);
console.log(
  `${path}: ${n} requests, median ${times[n >> 1]!.toFixed(2)} ms, p90 ${times[Math.floor(n * 0.9)]!.toFixed(2)} ms, CPU ${((cpu.user + cpu.system) / 1000 / n).toFixed(2)} ms per request`,
);
console.log('dated answers:', app.responseCache.dated.stats);
await app.close();
await database.close();
