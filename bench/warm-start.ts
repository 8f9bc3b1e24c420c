/**
 * Warm start to first answer: `node dist/main.js serve` on a database that already holds the bundled
 * dataset, timed from spawn until GET /health answers 200 (median of BENCH_STARTS runs, default 5).
 * Goal: ≤ 1.5 s. Needs `npm run build` first. Run alone with `npm run bench:start`; `npm run bench`
 * runs it too.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../', import.meta.url).pathname;
const MAIN = join(ROOT, 'dist/main.js');
export const WARM_START_GOAL_MS = 1500;

/** CPU seconds (user + system) the process has used so far, from /proc (Linux; 0 elsewhere). */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms
  } catch {
    return 0;
  }
}

async function startOnce(env: NodeJS.ProcessEnv, port: number): Promise<{ wall: number; cpu: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [MAIN, 'serve'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  const exited = once(child, 'exit');
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} before answering`);
      const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return { wall: performance.now() - t0, cpu: cpuMs(child.pid) };
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

export interface WarmStart {
  median: number;
  all: number[];
  cpuMedian: number;
  ok: boolean;
}

export async function warmStart(runs = Number(process.env.BENCH_STARTS ?? 5)): Promise<WarmStart> {
  if (!existsSync(MAIN)) throw new Error('dist/main.js is missing: run npm run build first');
  const dir = mkdtempSync(join(tmpdir(), 'iscm-bench-start-'));
  const env = {
    SQLITE_PATH: join(dir, 'start.sqlite'),
    DATABASE_URL: process.env.BENCH_DATABASE_URL ?? '',
    SESSION_SECRET: 'bench',
  };
  const port = 39_000 + (process.pid % 1000);
  try {
    await startOnce(env, port); // the first start loads the dataset: not measured
    const runsDone: { wall: number; cpu: number }[] = [];
    for (let i = 0; i < runs; i++) runsDone.push(await startOnce(env, port));
    const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const all = runsDone.map((r) => r.wall);
    const median = mid(all);
    return { median, all, cpuMedian: mid(runsDone.map((r) => r.cpu)), ok: median <= WARM_START_GOAL_MS };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function reportWarmStart(r: WarmStart): void {
  console.log(
    `\nwarm start to first answer (node dist/main.js serve, GET /health): median ${r.median.toFixed(0)} ms ` +
      `of ${r.all.length} (${r.all.map((t) => t.toFixed(0)).join(', ')} ms); goal ≤ ${WARM_START_GOAL_MS} ms ${r.ok ? 'ok' : 'ABOVE GOAL'}; ` +
      `CPU used by the server until then: median ${r.cpuMedian.toFixed(0)} ms`,
  );
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const r = await warmStart();
  reportWarmStart(r);
  process.exitCode = r.ok ? 0 : 1;
}
