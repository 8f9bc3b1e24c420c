/**
 * `npm run bench`: load-test API routes against a constant route that returns a body of the same
 * size, in the same run and the same server, and compare. The load generator (autocannon) runs in
 * this process; the server runs in a child process, so they do not share an event loop.
 *
 * Goals (floors): throughput ratio ≥ 0.7 and p99 ≤ 10 ms at 32 connections for GET /api/v1/mechanisms/{id};
 * warm start to first answer ≤ 1.5 s (bench/warm-start.ts).
 * BENCH_DURATION (seconds per measurement, default 10), BENCH_CONNECTIONS (default 32).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { reportWarmStart, warmStart } from './warm-start.js';

const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);

interface Case { name: string; path: string; ratioFloor: number | null; p99Ceiling: number | null; distinctDates?: boolean }
const cases: Case[] = [
  { name: 'GET /api/v1/mechanisms/{id}', path: '/api/v1/mechanisms/budapest-process', ratioFloor: 0.7, p99Ceiling: 10 },
  { name: 'GET /en/mechanisms/{id} (profile page)', path: '/en/mechanisms/budapest-process', ratioFloor: 0.5, p99Ceiling: null },
  { name: 'GET /fr/ (home page with the map)', path: '/fr/', ratioFloor: 0.5, p99Ceiling: null },
  // Every request asks for another date, so none is answered from the response cache: the cost of
  // computing a profile (informational, no floor).
  { name: 'GET /api/v1/mechanisms/{id}?asOf=<a new date each request> (uncached)', path: '/api/v1/mechanisms/budapest-process?asOf=2019-04-05', ratioFloor: null, p99Ceiling: null, distinctDates: true },
  { name: 'GET /en/mechanisms/{id}?asOf=<a new date each request> (uncached page)', path: '/en/mechanisms/budapest-process?asOf=2019-04-05', ratioFloor: null, p99Ceiling: null, distinctDates: true },
];

let dayCounter = 0;
function nextDate(): string {
  const d = new Date(Date.UTC(1990, 0, 1) + (dayCounter++ % 20000) * 86_400_000);
  return d.toISOString().slice(0, 10);
}

const child = spawn(process.execPath, ['--import', 'tsx', 'bench/server.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
// The server never outlives the run, even when a measurement throws.
process.on('exit', () => child.kill('SIGTERM'));
process.on('uncaughtException', (err) => { console.error(err); child.kill('SIGTERM'); process.exit(1); });
const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
const { port, engine } = JSON.parse(line) as { port: number; engine: string };
const base = `http://127.0.0.1:${port}`;

async function measure(path: string, distinctDates = false) {
  const requests = distinctDates
    ? [{ setupRequest: (req: autocannon.Request) => ({ ...req, path: path.replace(/asOf=[\d-]+/, `asOf=${nextDate()}`) }) }]
    : undefined;
  const r = await autocannon({ url: base + path, connections, duration, pipelining: 1, ...(requests ? { requests } : {}) });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${path}: ${r.non2xx} non-2xx answers and ${r.errors} errors`);
  return { rps: r.requests.average, p99: r.latency.p99, p50: r.latency.p50 };
}

let failed = false;
console.log(`ISCM Hub bench — engine ${engine}, ${connections} connections, ${duration} s per measurement, node ${process.version}`);
for (const c of cases) {
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
  console.log(`  constant  ${baseline.rps.toFixed(0).padStart(7)} req/s   p50 ${baseline.p50} ms   p99 ${baseline.p99} ms`);
  console.log(`  ratio ${ratio.toFixed(2)} (floor ${c.ratioFloor ?? '-'}) ${okRatio ? 'ok' : 'BELOW FLOOR'};  p99 ${target.p99} ms (ceiling ${c.p99Ceiling ?? '-'} ms) ${okP99 ? 'ok' : 'ABOVE CEILING'}`);
}
child.kill('SIGTERM');
const start = await warmStart();
reportWarmStart(start);
failed ||= !start.ok;
process.exitCode = failed ? 1 : 0;
