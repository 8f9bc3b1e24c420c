/**
 * Against the limit (issue 16, items 2 and 3): the built server (`node dist/main.js serve`, a cluster of the
 * default WEB_CONCURRENCY) answering cached reads, against nginx serving the very same bytes from disk, and the
 * server behind nginx's proxy_cache with the repository's deploy/nginx/iscm-hub.conf — one nginx, one run,
 * as ratios to nginx static. Load from wrk (`--latency`) when installed, else autocannon.
 * Goals: API ≥ 0.5× nginx static, page ≥ 0.4×, through proxy_cache ≥ 0.9×. `BENCH_ONLY=nginx` runs only this.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { freePort, nginxMissing, renderDeployConf, startNginx } from '../test/helpers/nginx.js';

const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const WRK = process.env.WRK_PATH ?? '/usr/bin/wrk';
const ROOT = new URL('../', import.meta.url).pathname;

interface Figures {
  rps: number;
  p50: number;
  p99: number;
}

/** wrk's latency "1.23ms", "850.00us", "1.02s" in ms. */
function ms(text: string): number {
  const m = /([\d.]+)(us|ms|s)/.exec(text);
  if (!m) return NaN;
  const v = Number(m[1]);
  return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
}

async function load(url: string, seconds: number): Promise<Figures> {
  if (existsSync(WRK)) {
    const r = spawnSync(WRK, ['-t2', `-c${connections}`, `-d${seconds}s`, '--latency', url], { encoding: 'utf8' });
    const out = r.stdout;
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
    const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1];
    if (errors || r.status !== 0 || !Number.isFinite(rps)) throw new Error(`wrk ${url}: ${out} ${r.stderr}`);
    return { rps, p50: ms(/50%\s+(\S+)/.exec(out)?.[1] ?? ''), p99: ms(/99%\s+(\S+)/.exec(out)?.[1] ?? '') };
  }
  const r = await autocannon({ url, connections, duration: seconds, pipelining: 1 });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx answers and ${r.errors} errors`);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 };
}

export async function benchNginx(): Promise<boolean> {
  const missing = nginxMissing();
  if (missing) {
    console.log(`\nnginx comparison not run: ${missing}`);
    return process.env.CI !== 'true';
  }
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed: ${build.stderr}`);
  const dir = mkdtempSync(join(tmpdir(), 'iscm-bench-nginx-'));
  const port = await freePort();
  const server = spawn(process.execPath, [join(ROOT, 'dist/main.js'), 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      SQLITE_PATH: join(dir, 'bench.sqlite'),
      DATABASE_URL: '',
      PORT: String(port),
      SESSION_SECRET: 'bench-nginx-secret',
      TRUST_PROXY: '127.0.0.1',
      ALLOWED_HOSTS: `127.0.0.1,127.0.0.1:${port}`,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stop = () => server.kill('SIGTERM');
  process.on('exit', stop);
  const direct = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${direct}/api/v1/mechanisms/budapest-process`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 1200) throw new Error('the server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const paths = { api: '/api/v1/mechanisms/budapest-process', page: '/en/mechanisms/budapest-process' };
  // The very same bytes, written to files for nginx to serve from disk.
  const files = join(dir, 'static');
  mkdirSync(files, { mode: 0o755 });
  const sizes: Record<string, number> = {};
  for (const [name, path] of Object.entries(paths)) {
    const body = Buffer.from(await (await fetch(direct + path)).arrayBuffer());
    writeFileSync(join(files, name === 'api' ? 'api.json' : 'page.html'), body);
    sizes[name] = body.length;
  }
  const staticPort = await freePort();
  const proxyPort = await freePort();
  const http = `${renderDeployConf({ port: proxyPort, upstream: `127.0.0.1:${port}`, cacheDir: '{{DIR}}/cache', inactive: 30 })}
  server {
    listen 127.0.0.1:${staticPort};
    root ${files};
    types { application/json json; text/html html; }
    location / { }
  }`;
  const nginx = await startNginx(http, staticPort);
  const staticBase = `http://127.0.0.1:${staticPort}`;
  const proxyBase = `http://127.0.0.1:${proxyPort}`;
  const uptime = spawnSync('uptime', { encoding: 'utf8' }).stdout.trim();
  const tool = existsSync(WRK) ? 'wrk' : 'autocannon';
  console.log(
    `\nAgainst nginx (${tool}, ${connections} connections, ${duration} s each; the server with WEB_CONCURRENCY=${process.env.WEB_CONCURRENCY ?? `${availableParallelism()} (the cores)`}; ${uptime})`,
  );
  const rows: { name: string; figures: Figures; ratio: number; floor: number }[] = [];
  let ok = true;
  try {
    for (const [name, path] of Object.entries(paths)) {
      const file = `/${name === 'api' ? 'api.json' : 'page.html'}`;
      const targets = [
        { label: 'nginx static', url: staticBase + file, floor: 0 },
        { label: 'node direct', url: direct + path, floor: name === 'api' ? 0.5 : 0.4 },
        { label: 'nginx proxy_cache', url: proxyBase + path, floor: 0.9 },
      ];
      const hit = await fetch(proxyBase + path);
      await fetch(proxyBase + path);
      if (!hit.ok) throw new Error(`${proxyBase + path}: ${hit.status}`);
      for (const t of targets) await load(t.url, 2); // warm-up
      let staticRps = 0;
      for (const t of targets) {
        const figures = await load(t.url, duration);
        if (t.floor === 0) staticRps = figures.rps;
        const ratio = figures.rps / staticRps;
        ok &&= ratio >= t.floor;
        rows.push({ name: `${name} (${sizes[name]} B) ${t.label}`, figures, ratio, floor: t.floor });
      }
    }
  } finally {
    await nginx.stop();
    stop();
  }
  console.log('| case | req/s | p50 | p99 | × nginx static | goal |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows)
    console.log(
      `| ${r.name} | ${r.figures.rps.toFixed(0)} | ${r.figures.p50.toFixed(2)} ms | ${r.figures.p99.toFixed(2)} ms | ${r.ratio.toFixed(2)} | ${r.floor ? `≥ ${r.floor} ${r.ratio >= r.floor ? 'ok' : 'BELOW'}` : '-'} |`,
    );
  return ok;
}
