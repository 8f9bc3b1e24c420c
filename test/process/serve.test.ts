/**
 * The production process: the built server (dist/main.js) starts without re-validating an unchanged
 * dataset, reloads a changed one, and shuts down gracefully on SIGTERM with requests in flight.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { BUILT_MAIN, ROOT, startBuilt, type ServerProcess } from '../helpers/built.js';
import { MINI } from '../helpers/reference.js';

const dir = mkdtempSync(join(tmpdir(), 'iscm-serve-'));
const refDir = join(dir, 'reference');
cpSync(MINI, refDir, { recursive: true });
const env = {
  SQLITE_PATH: join(dir, 'serve.sqlite'),
  DATABASE_URL: '',
  REFERENCE_DIR: refDir,
  SESSION_SECRET: 'serve-test-secret',
  WEB_CONCURRENCY: '1', // one process: these tests count its log lines (test/process/cluster.test.ts runs two)
};
const running: ServerProcess[] = [];
after(() => {
  for (const s of running) s.child.kill('SIGKILL');
});

async function start(over: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  const s = await startBuilt({ ...env, ...over });
  running.push(s);
  return s;
}
async function stop(s: ServerProcess) {
  s.child.kill('SIGTERM');
  return s.exited;
}

describe('the built server (node dist/main.js serve)', () => {
  it('the first start validates and loads; a second start does not validate again; a changed file is loaded', async () => {
    const first = await start();
    assert.ok(first.count(/validated and loaded the reference dataset/) === 1, first.lines.join('\n'));
    assert.equal((await fetch(`${first.base}/api/v1/mechanisms/alpha-process`)).status, 200);
    assert.equal((await stop(first)).code, 0);

    const second = await start();
    assert.equal(second.count(/^validated/), 0, second.lines.join('\n'));
    assert.equal(second.count(/reference data unchanged since the last load .*: not re-validated/), 1);
    assert.equal((await fetch(`${second.base}/api/v1/mechanisms/alpha-process`)).status, 200);
    assert.equal((await stop(second)).code, 0);

    // A changed file: validated and loaded, and the change is served.
    const path = join(refDir, 'mechanisms.json');
    const mechanisms = JSON.parse(readFileSync(path, 'utf8')) as { id: string; name: string }[];
    mechanisms.find((m) => m.id === 'alpha-process')!.name = 'Alpha Process (renamed)';
    writeFileSync(path, JSON.stringify(mechanisms, null, 1));
    const third = await start();
    assert.equal(third.count(/validated and loaded the reference dataset/), 1, third.lines.join('\n'));
    const body = (await (await fetch(`${third.base}/api/v1/mechanisms/alpha-process`)).json()) as { name: string };
    assert.equal(body.name, 'Alpha Process (renamed)');
    assert.equal((await stop(third)).code, 0);

    // Same facts in other bytes (reformatted): validated once, then remembered.
    writeFileSync(path, JSON.stringify(mechanisms, null, 2));
    const fourth = await start();
    assert.equal(fourth.count(/validated the reference dataset .*nothing changed/), 1, fourth.lines.join('\n'));
    assert.equal((await stop(fourth)).code, 0);
    const fifth = await start();
    assert.equal(fifth.count(/not re-validated/), 1, fifth.lines.join('\n'));
    assert.equal((await stop(fifth)).code, 0);
  });

  it('SIGTERM with requests in flight: every request the server received gets a full 200, then exit 0', async () => {
    // The bundled dataset, for pages that take some milliseconds each to compute.
    const s = await start({ SQLITE_PATH: join(dir, 'full.sqlite'), REFERENCE_DIR: '' });
    const n = 60;
    // Pages at 60 different dates: none is answered from the response cache.
    const paths = Array.from(
      { length: n },
      (_, i) =>
        `/en/mechanisms/budapest-process?asOf=${2000 + Math.floor(i / 12)}-${String(1 + (i % 12)).padStart(2, '0')}-15`,
    );
    const answers = paths.map(async (p) => {
      const r = await fetch(s.base + p);
      return { status: r.status, body: await r.text() };
    });
    // Every request has reached the server before the signal (the log has its "incoming request").
    while (s.count(/"incoming request"/) < n) await new Promise((r) => setTimeout(r, 2));
    const doneAtSignal = s.count(/"request completed"/);
    s.child.kill('SIGTERM');
    const results = await Promise.all(answers);
    const exit = await s.exited;
    console.log(`  ${n} requests received, ${doneAtSignal} answered when SIGTERM was sent`);
    assert.deepEqual(
      results.map((r) => r.status),
      paths.map(() => 200),
    );
    for (const r of results) assert.match(r.body, /<\/html>\s*$/); // complete bodies
    assert.deepEqual(exit, { code: 0, signal: null });
    assert.equal(s.count(/"msg":"shutting down/), 1);
    assert.equal(s.count(/"msg":"shutdown complete"/), 1);
    assert.equal(s.count(/"request completed"/), n);
  });

  it('a second signal during shutdown forces exit 1', async () => {
    const s = await start();
    // A request whose body never completes keeps the server from closing.
    const socket = await import('node:net').then((net) => net.connect(Number(new URL(s.base).port), '127.0.0.1'));
    socket.write(
      'POST /api/v1/participation HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{',
    );
    await s.waitFor(/"incoming request"/);
    s.child.kill('SIGTERM');
    await s.waitFor(/shutting down/);
    s.child.kill('SIGTERM');
    const exit = await s.exited;
    socket.destroy();
    assert.deepEqual(exit, { code: 1, signal: null });
    assert.equal(s.count(/second signal during shutdown: forced exit/), 1);
  });

  it('npm start runs node through exec: SIGTERM to npm reaches the server, which shuts down cleanly', () => {
    const script = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
      .scripts;
    assert.equal(
      script.start,
      'MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} exec node --max-semi-space-size=4 --heap-growing-percent=50 dist/main.js serve',
    );
    assert.equal(script.prestart, 'npm run build');
    assert.ok(BUILT_MAIN.endsWith('dist/main.js'));
    // The chain itself (npm → sh → exec node): sh replaces itself with node, so npm's forwarded
    // signal arrives at the server. Checked here without the prestart build: npm run start --ignore-scripts.
    const log = join(dir, 'npm.log');
    const r = spawnSync(
      'sh',
      [
        '-c',
        `npm run start --silent --ignore-scripts > "$LOG" 2>&1 & NPM=$!; \
      for i in $(seq 1 400); do grep -q 'Server listening' "$LOG" && break; sleep 0.05; done; \
      kill -TERM $NPM; wait $NPM; echo "npm exit $?"`,
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, ...env, PORT: '0', LOG: log },
      },
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /npm exit 0/);
    const lines = readFileSync(log, 'utf8');
    assert.match(lines, /"signal":"SIGTERM","msg":"shutting down/);
    assert.match(lines, /"msg":"shutdown complete"/);
  });
});
