/**
 * `npm run bench`: load-test API routes against a constant route that returns a body of the same
 * size, in the same run and the same server, and compare. The load generator (autocannon) runs in
 * this process; the server runs in a child process, so they do not share an event loop.
 *
 * Goals (floors): throughput ratio ≥ 0.7 and p99 ≤ 10 ms at 32 connections for GET /api/v1/mechanisms/{id};
 * warm start to first answer ≤ 1.5 s (bench/warm-start.ts).
 * BENCH_DURATION (seconds per measurement, default 10), BENCH_CONNECTIONS (default 32); BENCH_ONLY=word runs only
 * the cases whose name holds that word (e.g. BENCH_ONLY=search), and skips the warm start; BENCH_ONLY=documents
 * runs only the documents benchmark (BENCH_DOCUMENTS documents, default 20,000: bench/documents.ts); BENCH_ONLY=nginx
 * runs only the comparison with nginx static and nginx proxy_cache (bench/nginx.ts); BENCH_ONLY=scale
 * only the scale benchmark (BENCH_SCALE, default 100: bench/scale.ts).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { benchDocuments } from './documents.js';
import { benchNginx } from './nginx.js';
import { freePort } from '../test/helpers/nginx.js';
import { workerEnv, workerExecArgv } from '../src/http/cluster.js';
import { benchScale } from './scale.js';
import { reportWarmStart, warmStart } from './warm-start.js';

const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
/** BENCH_ONLY: run only the cases whose name contains this text ("memory": only the memory case). */
const only = process.env.BENCH_ONLY ?? null;
/** The memory case: mixed reads for BENCH_MEMORY_DURATION seconds (default 60) at 64 connections, then the server's RSS. */
const memoryDuration = Number(process.env.BENCH_MEMORY_DURATION ?? 60);
const MEMORY_CEILING_MB = 250;

/** A process's CPU time (user + system) so far, in ms, from /proc (Linux; NaN elsewhere). */
function cpuMs(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime, stime in clock ticks (100 a second)
  } catch {
    return NaN;
  }
}

interface Usage {
  entries: number;
  bytes: number;
}
/** /bench/stats (http/app.ts). */
interface MemoryStats {
  rss: number;
  dated: { fromTemplate: number; computed: number };
  memory: NodeJS.MemoryUsage;
  heapSpaces: Record<string, number>;
  kept: { cache: Usage; dated: Usage; hot: Usage };
  pid: number;
}

interface Case {
  name: string;
  path: string;
  ratioFloor: number | null;
  p99Ceiling: number | null;
  distinctDates?: boolean;
}
const cases: Case[] = [
  { name: 'GET /api/v1/mechanisms/{id}', path: '/api/v1/mechanisms/budapest-process', ratioFloor: 0.7, p99Ceiling: 10 },
  {
    name: 'GET /en/mechanisms/{id} (profile page)',
    path: '/en/mechanisms/budapest-process',
    ratioFloor: 0.5,
    p99Ceiling: null,
  },
  { name: 'GET /fr/ (home page with the map)', path: '/fr/', ratioFloor: 0.5, p99Ceiling: null },
  // Every request asks for another date, so none is answered from the response cache: the cost of
  // computing a profile (informational, no floor).
  {
    name: 'GET /api/v1/mechanisms/{id}?asOf=<a new date each request> (uncached)',
    path: '/api/v1/mechanisms/budapest-process?asOf=2019-04-05',
    ratioFloor: null,
    p99Ceiling: null,
    distinctDates: true,
  },
  {
    name: 'GET /en/mechanisms/{id}?asOf=<a new date each request> (uncached page)',
    path: '/en/mechanisms/budapest-process?asOf=2019-04-05',
    ratioFloor: null,
    p99Ceiling: null,
    distinctDates: true,
  },
  // One search (issue 13): not response-cached, so each request ranks, facets and snippets (informational).
  {
    name: 'GET /api/v1/search?q=Colombo Process (a name)',
    path: '/api/v1/search?q=Colombo%20Process',
    ratioFloor: null,
    p99Ceiling: null,
  },
  {
    name: 'GET /api/v1/search?q=migration (hundreds of matches)',
    path: '/api/v1/search?q=migration',
    ratioFloor: null,
    p99Ceiling: null,
  },
];

let dayCounter = 0;
function nextDate(): string {
  const d = new Date(Date.UTC(1990, 0, 1) + (dayCounter++ % 20000) * 86_400_000);
  return d.toISOString().slice(0, 10);
}

// Against nginx (bench/nginx.ts): the built server as a cluster, nginx static and nginx proxy_cache.
if (only === 'nginx') process.exit((await benchNginx()) ? 0 : 1);

// The server as it is deployed: the built `node dist/main.js serve` (no tsx), one process (WEB_CONCURRENCY=1, so the
// figures and the RSS are one process's; bench/nginx.ts measures the cluster), on a fresh SQLite database
// (BENCH_DATABASE_URL: PostgreSQL), with the bench routes (BENCH_ROUTES=1: the constant route, /bench/stats).
const port = await freePort();
const engine = process.env.BENCH_DATABASE_URL ? 'postgres' : 'sqlite';
// With the memory settings `npm start` and the cluster's workers use (http/cluster.ts).
// BENCH_NODE_ARGS: more options for the server's node (e.g. --heapsnapshot-signal=SIGUSR2 to take heap snapshots).
const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
const child = spawn(process.execPath, [...workerExecArgv(nodeArgs), 'dist/main.js', 'serve'], {
  env: {
    ...workerEnv(process.env),
    ...process.env,
    BENCH_ROUTES: '1',
    WEB_CONCURRENCY: '1',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: process.env.BENCH_DATABASE_URL ?? '',
    SQLITE_PATH: join(mkdtempSync(join(tmpdir(), 'iscm-bench-')), 'bench.sqlite'),
    SESSION_SECRET: 'bench-secret',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
// The server never outlives the run, even when a measurement throws.
process.on('exit', () => child.kill('SIGTERM'));
process.on('uncaughtException', (err) => {
  console.error(err);
  child.kill('SIGTERM');
  process.exit(1);
});
const base = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  const up = await fetch(`${base}/health`).then(
    (r) => r.ok,
    () => false,
  );
  if (up) break;
  if (i > 600) throw new Error('the bench server did not answer /health within 60 s');
  await new Promise((r) => setTimeout(r, 100));
}

async function measure(path: string, distinctDates = false) {
  const requests = distinctDates
    ? [
        {
          setupRequest: (req: autocannon.Request) => ({
            ...req,
            path: path.replace(/asOf=[\d-]+/, `asOf=${nextDate()}`),
          }),
        },
      ]
    : undefined;
  const r = await autocannon({
    url: base + path,
    connections,
    duration,
    pipelining: 1,
    ...(requests ? { requests } : {}),
  });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${path}: ${r.non2xx} non-2xx answers and ${r.errors} errors`);
  return { rps: r.requests.average, p99: r.latency.p99, p50: r.latency.p50 };
}

let failed = false;
console.log(
  `ISCM Hub bench — engine ${engine}, ${connections} connections, ${duration} s per measurement, node ${process.version}`,
);
for (const c of cases) {
  if (only !== null && !c.name.includes(only)) continue;
  const body = await (await fetch(base + c.path)).text();
  const constant = `/bench/constant/${Buffer.byteLength(body)}`;
  const check = await (await fetch(base + constant)).text();
  await autocannon({ url: base + c.path, connections, duration: 2 }); // warm-up
  await autocannon({ url: base + constant, connections, duration: 2 });
  const target = await measure(c.path, c.distinctDates);
  const baseline = await measure(constant);
  const ratio = target.rps / baseline.rps;
  const okRatio = c.ratioFloor === null || ratio >= c.ratioFloor;
  const okP99 = c.p99Ceiling === null || target.p99 <= c.p99Ceiling;
  failed ||= !okRatio || !okP99;
  console.log(`\n${c.name}  (body ${Buffer.byteLength(body)} B; constant ${Buffer.byteLength(check)} B)`);
  console.log(`  route     ${target.rps.toFixed(0).padStart(7)} req/s   p50 ${target.p50} ms   p99 ${target.p99} ms`);
  console.log(
    `  constant  ${baseline.rps.toFixed(0).padStart(7)} req/s   p50 ${baseline.p50} ms   p99 ${baseline.p99} ms`,
  );
  console.log(
    `  ratio ${ratio.toFixed(2)} (floor ${c.ratioFloor ?? '-'}) ${okRatio ? 'ok' : 'BELOW FLOOR'};  p99 ${target.p99} ms (ceiling ${c.p99Ceiling ?? '-'} ms) ${okP99 ? 'ok' : 'ABOVE CEILING'}`,
  );
}
// Memory at 1×: mixed reads (cached pages and API answers in every language, new dates, searches) at 64
// connections, then the server's resident memory (goal ≤ 250 MB).
if (only === null || only === 'memory') {
  const langs = ['en', 'fr', 'es', 'ar', 'ru', 'zh'];
  const paths = [
    ...langs.flatMap((l) => [`/${l}/`, `/${l}/mechanisms`, `/${l}/mechanisms/budapest-process`, `/${l}/countries/SEN`]),
    '/api/v1/mechanisms',
    '/api/v1/mechanisms/colombo-process',
    '/api/v1/stats',
    '/api/v1/search?q=migration',
  ];
  const dated = [
    '/en/mechanisms/budapest-process?asOf=',
    '/api/v1/mechanisms/budapest-process?asOf=',
    '/fr/mechanisms/abu-dhabi-dialogue?asOf=',
  ];
  const before = (await (await fetch(`${base}/bench/stats`)).json()) as MemoryStats;
  const cpuBefore = cpuMs(before.pid);
  let n = 0;
  const r = await autocannon({
    url: base,
    connections: 64,
    duration: memoryDuration,
    requests: [
      {
        setupRequest: (req: autocannon.Request) => {
          const k = n++;
          return { ...req, path: k % 4 === 3 ? `${dated[k % dated.length]!}${nextDate()}` : paths[k % paths.length]! };
        },
      },
    ],
  });
  const stats = (await (await fetch(`${base}/bench/stats`)).json()) as MemoryStats;
  const cpu = cpuMs(stats.pid) - cpuBefore;
  const collected = (await (await fetch(`${base}/bench/stats?gc=1`)).json()) as MemoryStats;
  if (nodeArgs.some((a) => a.startsWith('--heapsnapshot-signal'))) {
    // A heap snapshot of what is live after the load (written by the server, synchronously: the next answer waits).
    child.kill(
      (nodeArgs.find((a) => a.startsWith('--heapsnapshot-signal'))!.split('=')[1] ?? 'SIGUSR2') as NodeJS.Signals,
    );
    await fetch(`${base}/health`);
    console.log("  heap snapshot written in the server's working directory");
  }
  const mb = stats.rss / 1024 / 1024;
  const ok = mb <= MEMORY_CEILING_MB && r.errors === 0;
  failed ||= !ok;
  console.log(
    `\nMixed reads, 64 connections, ${memoryDuration} s: ${r.requests.average.toFixed(0)} req/s, p99 ${r.latency.p99} ms, ${r.non2xx} non-2xx, ${r.errors} errors`,
  );
  console.log(`  dated answers from a template ${stats.dated.fromTemplate}, computed ${stats.dated.computed}`);
  console.log(
    `  server CPU ${(cpu / 1000).toFixed(1)} s: ${((cpu * 1000) / r.requests.total).toFixed(0)} µs per request (${spawnSync('uptime', { encoding: 'utf8' }).stdout.trim()})`,
  );
  console.log(
    `  server RSS after the load ${mb.toFixed(0)} MB (ceiling ${MEMORY_CEILING_MB} MB) ${ok ? 'ok' : 'ABOVE CEILING'}`,
  );
  // Where it is: V8's heap (used, by space), memory outside it (Buffers), and what the three stores keep.
  const MB = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
  for (const [label, s] of [
    ['before the load', before],
    ['after the load', stats],
    ['then after a full GC', collected],
  ] as const) {
    const m = s.memory;
    console.log(
      `  ${label}: RSS ${MB(m.rss)}, heap used ${MB(m.heapUsed)} of ${MB(m.heapTotal)}, external ${MB(m.external)} (Buffers ${MB(m.arrayBuffers)})`,
    );
    console.log(
      `    kept: response cache ${s.kept.cache.entries} entries ${MB(s.kept.cache.bytes)}, dated ${s.kept.dated.entries} ${MB(s.kept.dated.bytes)}, hot path ${s.kept.hot.entries} ${MB(s.kept.hot.bytes)}`,
    );
    console.log(
      `    heap spaces (KB used): ${Object.entries(s.heapSpaces)
        .map(([k, v]) => `${k.replace('_space', '')} ${v}`)
        .join(', ')}`,
    );
  }
}
child.kill('SIGTERM');
// Documents (issue 13 item 6): BENCH_DOCUMENTS synthetic PDFs (default 20,000) ingested and searched, on SQLite
// and PostgreSQL (bench/documents.ts; also `npm run bench:documents`).
if (only === null || only === 'documents') failed ||= !(await benchDocuments());
if (only === null) failed ||= !(await benchNginx());
// A hundred times the data (issue 16 item 4): the synthetic dataset at BENCH_SCALE (default 100) on SQLite and
// PostgreSQL, each route at a new date per request (bench/scale.ts; also `npm run bench:scale`).
if (only === null || only === 'scale') failed ||= !(await benchScale());
if (!only) {
  const start = await warmStart();
  reportWarmStart(start);
  failed ||= !start.ok;
}
process.exitCode = failed ? 1 : 0;
