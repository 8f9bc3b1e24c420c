/**
 * The scale benchmark (issue 16, item 4): a synthetic dataset at BENCH_SCALE (default 100: 4,500 mechanisms,
 * about 100,000 participation rows, 15,000 meetings; bench/synthetic/generate.ts) loaded on SQLite and on
 * PostgreSQL through the normal load path, in a server process of its own (bench/scale-server.ts); then, over
 * HTTP, one request after another, each at a date no request asked for before: the stats, the overlaps (API and
 * page), a profile page and a country page. Prints the load time, the server's resident memory after the load
 * and after the requests, and per route the median and p95 wall time and the server's CPU per request (from
 * /proc: on a shared machine the wall time also measures the queue for the CPU). Exits non-zero above a goal.
 *
 * BENCH_SCALE (N), BENCH_SCALE_REQUESTS (requests per route, default 40), BENCH_SCALE_SEED (default 1).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { generateSynthetic, syntheticIds } from './synthetic/generate.js';

const GOALS = { stats: 50, overlaps: 200, profile: 20, country: 20 } as const;
const RSS_CEILING_MB = 1024;

/** The CPU a process has used, in ms (utime + stime from /proc; null off Linux). */
function cpuMs(pid: number): number | null {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // fields 14 and 15, in clock ticks (100 Hz)
  } catch {
    return null;
  }
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;

export async function benchScale(
  scale = Number(process.env.BENCH_SCALE ?? 100),
  n = Number(process.env.BENCH_SCALE_REQUESTS ?? 40),
): Promise<boolean> {
  const { createTestDatabase, postgresUnavailable } = await import('../test/helpers/db.js');
  const dir = mkdtempSync(join(tmpdir(), 'iscm-scale-'));
  const t0 = performance.now();
  const counts = generateSynthetic(dir, scale, Number(process.env.BENCH_SCALE_SEED ?? 1));
  console.log(
    `\nScale ×${scale}: ${counts.mechanisms} mechanisms, ${counts.participation} participation rows, ${counts.meetings} meetings, ` +
      `${counts.snapshots} dated lists, ${counts.sources} sources (generated in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );
  const { mechanisms, countries } = syntheticIds(dir);
  let ok = true;
  for (const engine of ['sqlite', 'postgres'] as const) {
    const reason = engine === 'postgres' ? await postgresUnavailable() : null;
    if (reason) {
      console.log(`\nScale on postgres: not run (${reason})`);
      continue;
    }
    const db = await createTestDatabase(engine, { migrate: false });
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/scale-server.ts'], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...process.env,
        BENCH_SCALE_DIR: dir,
        ...(engine === 'postgres' ? { BENCH_DATABASE_URL: db.location } : { BENCH_SQLITE_PATH: db.location }),
      },
    });
    const stop = () => child.kill('SIGTERM');
    process.on('exit', stop);
    try {
      const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
      const info = JSON.parse(line) as { port: number; loadMs: number; loaded: Record<string, number> };
      const base = `http://127.0.0.1:${info.port}`;
      const rss = async () =>
        ((await (await fetch(`${base}/bench/stats`)).json()) as { rss: number }).rss / 1024 / 1024;
      // The first request builds the registry's snapshot: its time is part of being ready, not of a request.
      const w0 = performance.now();
      const first = await fetch(`${base}/api/v1/stats`);
      if (first.status !== 200) throw new Error(`/api/v1/stats: ${first.status}`);
      await first.arrayBuffer();
      const firstMs = performance.now() - w0;
      const rssLoaded = await rss();
      let day = 0;
      /** A date no request asked for before, spread over 1990–2026. */
      const nextDate = () =>
        new Date(Date.UTC(1990, 0, 1) + ((day++ * 97) % 13_500) * 86_400_000).toISOString().slice(0, 10);
      let k = 0;
      const pickOf = <T>(xs: readonly T[]) => xs[(k++ * 7919) % xs.length]!;
      const routes: { name: string; goal: number; path: () => string }[] = [
        { name: '/api/v1/stats', goal: GOALS.stats, path: () => `/api/v1/stats?asOf=${nextDate()}` },
        { name: '/api/v1/overlaps', goal: GOALS.overlaps, path: () => `/api/v1/overlaps?asOf=${nextDate()}` },
        { name: '/en/overlaps (page)', goal: GOALS.overlaps, path: () => `/en/overlaps?asOf=${nextDate()}` },
        {
          name: '/en/mechanisms/{id} (profile page)',
          goal: GOALS.profile,
          path: () => `/en/mechanisms/${pickOf(mechanisms)}?asOf=${nextDate()}`,
        },
        {
          name: '/en/countries/{code} (country page)',
          goal: GOALS.country,
          path: () => `/en/countries/${pickOf(countries)}?asOf=${nextDate()}`,
        },
      ];
      const rows = [];
      for (const r of routes) {
        // One request untimed: the first of a route in the process builds what serves every date (the map's
        // geometry, the meetings' indexes, compiled code), as the snapshot is built before the first.
        await (await fetch(base + r.path())).arrayBuffer();
        const times: number[] = [];
        const c0 = cpuMs(child.pid!);
        for (let i = 0; i < n; i++) {
          const path = r.path();
          const s = performance.now();
          const res = await fetch(base + path);
          await res.arrayBuffer();
          times.push(performance.now() - s);
          if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
        }
        const c1 = cpuMs(child.pid!);
        times.sort((a, b) => a - b);
        const median = quantile(times, 0.5);
        const p95 = quantile(times, 0.95);
        const cpu = c0 === null || c1 === null ? null : (c1 - c0) / n;
        const pass = median <= r.goal && p95 <= r.goal;
        rows.push({ ...r, median, p95, cpu, pass });
      }
      const rssAfter = await rss();
      const memOk = rssLoaded <= RSS_CEILING_MB && rssAfter <= RSS_CEILING_MB;
      ok &&= memOk && rows.every((r) => r.pass);
      console.log(
        `\nScale ×${scale} on ${engine}: loaded ${info.loaded.mechanisms} mechanisms, ${info.loaded.participation} rows, ` +
          `${info.loaded.meetings} meetings in ${(info.loadMs / 1000).toFixed(1)} s (validate + write); first answer ` +
          `(building the snapshot) ${(firstMs / 1000).toFixed(1)} s`,
      );
      console.log(
        `  server RSS after the load ${rssLoaded.toFixed(0)} MB, after the requests ${rssAfter.toFixed(0)} MB ` +
          `(ceiling ${RSS_CEILING_MB} MB) ${memOk ? 'ok' : 'ABOVE CEILING'}`,
      );
      console.log(
        `  ${'route (a new asOf each request)'.padEnd(38)} ${'median'.padStart(9)} ${'p95'.padStart(9)} ${'CPU/req'.padStart(9)}  goal`,
      );
      for (const r of rows)
        console.log(
          `  ${r.name.padEnd(38)} ${`${r.median.toFixed(1)} ms`.padStart(9)} ${`${r.p95.toFixed(1)} ms`.padStart(9)} ` +
            `${r.cpu === null ? '-'.padStart(9) : `${r.cpu.toFixed(1)} ms`.padStart(9)}  ≤ ${r.goal} ms ${r.pass ? 'ok' : 'ABOVE GOAL'}`,
        );
    } finally {
      stop();
      process.off('exit', stop);
      if (child.exitCode === null) await once(child, 'exit');
      await db.dispose();
    }
  }
  rmSync(dir, { recursive: true, force: true });
  return ok;
}
