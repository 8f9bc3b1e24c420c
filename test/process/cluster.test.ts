/**
 * `serve` on every core (http/cluster.ts), the built server with WEB_CONCURRENCY=2: two worker processes answer,
 * migrations and the load run once (in the primary), a write through the API shows on both workers within the
 * data version's ttl, a killed worker is replaced and the server keeps answering, SIGTERM stops the primary and
 * every worker with exit 0 and leaves no process behind.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Agent, get as httpGet } from 'node:http';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { workerExecArgv } from '../../src/http/cluster.js';
import { BUILT_MAIN, ROOT, startBuilt, type ServerProcess } from '../helpers/built.js';
import { MINI } from '../helpers/reference.js';

const dir = mkdtempSync(join(tmpdir(), 'iscm-cluster-'));
const refDir = join(dir, 'reference');
cpSync(MINI, refDir, { recursive: true });
const env = {
  SQLITE_PATH: join(dir, 'cluster.sqlite'),
  DATABASE_URL: '',
  REFERENCE_DIR: refDir,
  SESSION_SECRET: 'cluster-test-secret',
  WEB_CONCURRENCY: '2',
  BENCH_ROUTES: '1',
};
const running: ServerProcess[] = [];
after(() => {
  for (const s of running) s.child.kill('SIGKILL');
});

/** The pids of a process's children (from /proc). */
function children(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}
const alive = (pid: number) => existsSync(`/proc/${pid}`) && !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** GET over one kept-alive connection of `agent`: every request on it reaches the same worker. */
function get(agent: Agent, url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    httpGet(url, { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c));
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });
}
/** Which worker a connection reaches: `/bench/stats` gives its pid (BENCH_ROUTES=1). */
const pidOf = async (agent: Agent, base: string) =>
  (JSON.parse(await get(agent, `${base}/bench/stats`)) as { pid: number }).pid;

/** One connection to each worker (round-robin spreads new connections), with its worker's pid. */
async function connectionPerWorker(base: string, workers: number[]): Promise<Map<number, Agent>> {
  const byPid = new Map<number, Agent>();
  for (let i = 0; i < 100 && byPid.size < workers.length; i++) {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const pid = await pidOf(agent, base);
    if (byPid.has(pid)) agent.destroy();
    else byPid.set(pid, agent);
  }
  assert.deepEqual([...byPid.keys()].sort(), [...workers].sort());
  return byPid;
}

function iscm(input: string | null, ...args: string[]) {
  const r = spawnSync(process.execPath, [BUILT_MAIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    input: input ?? undefined,
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

describe("the workers' memory settings (workerExecArgv)", () => {
  it('adds each setting the operator did not give, and keeps theirs', () => {
    assert.deepEqual(workerExecArgv([]), ['--max-semi-space-size=4', '--heap-growing-percent=50']);
    assert.deepEqual(workerExecArgv(['--heap_growing_percent=20', '--enable-source-maps']), [
      '--heap_growing_percent=20',
      '--enable-source-maps',
      '--max-semi-space-size=4',
    ]);
    assert.deepEqual(workerExecArgv(['--max-semi-space-size=16', '--heap-growing-percent=0']), [
      '--max-semi-space-size=16',
      '--heap-growing-percent=0',
    ]);
  });
});

describe('serve with WEB_CONCURRENCY=2 (node:cluster)', () => {
  it('two workers answer; a write shows on both; a killed worker is replaced; SIGTERM stops all with exit 0', async () => {
    const s = await startBuilt(env);
    running.push(s);
    const primary = s.child.pid!;
    await s.waitFor(/cluster: primary \d+ starting 2 workers/);
    while (s.count(/Server listening at/) < 2) await sleep(50);
    assert.equal(s.count(/validated and loaded the reference dataset/), 1, 'the load ran once');
    const workers = children(primary);
    assert.equal(workers.length, 2, `two workers under the primary: ${workers.join(', ')}`);
    // The workers' memory settings (http/cluster.ts): a small young generation, an old generation that grows by
    // half of what is live, two malloc arenas.
    for (const pid of workers) {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      assert.ok(cmdline.includes('--max-semi-space-size=4'), `worker ${pid}: ${cmdline.join(' ')}`);
      assert.ok(cmdline.includes('--heap-growing-percent=50'), `worker ${pid}: ${cmdline.join(' ')}`);
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      assert.ok(environ.includes('MALLOC_ARENA_MAX=2'), `worker ${pid}: no MALLOC_ARENA_MAX=2`);
    }

    // Two distinct worker pids answer.
    const agents = await connectionPerWorker(s.base, workers);
    for (const [pid, agent] of agents)
      assert.equal(await pidOf(agent, s.base), pid, 'a connection stays on its worker');

    // A write through the API (to whichever worker) is read on both workers within the data version's ttl (1 s).
    iscm('a long enough password\n', 'user', 'create', '--email', 'admin@example.org', '--name', 'Admin', '--admin');
    const token = iscm(null, 'token', 'create', '--email', 'admin@example.org');
    const url = `${s.base}/api/v1/participation?mechanism=beta-forum&country=SEN`;
    const read = (agent: Agent) => get(agent, url);
    const [one, two] = [...agents.values()] as [Agent, Agent];
    const before = await read(one);
    assert.equal(await read(two), before);
    assert.equal(await read(two), before); // cached on both workers
    const ended = await fetch(`${s.base}/api/v1/participation/${encodeURIComponent('beta-forum/SEN/member/1')}/end`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'if-match': '"1"', 'content-type': 'application/json' },
      body: JSON.stringify({ end: '2024-06', endCause: 'left', sources: ['https://example.org/minutes-2024'] }),
    });
    assert.equal(ended.status, 200, await ended.text());
    await sleep(1100); // the data version's ttl: each worker reads the version again at most a second later
    const changed = await read(one); // ended in 2024: today the list no longer has it
    assert.notEqual(changed, before);
    assert.match(before, /"id":"beta-forum\/SEN\/member\/1"/);
    assert.equal(await read(two), changed);
    for (const a of agents.values()) a.destroy();

    // A killed worker is replaced, and the server keeps answering.
    process.kill(workers[0]!, 'SIGKILL');
    await s.waitFor(new RegExp(`cluster: worker ${workers[0]} died \\(signal SIGKILL\\): starting another`));
    while (s.count(/Server listening at/) < 3) await sleep(50);
    const now = children(primary);
    assert.equal(now.length, 2, now.join(', '));
    assert.ok(!now.includes(workers[0]!));
    for (const a of (await connectionPerWorker(s.base, now)).values()) a.destroy();
    assert.equal((await fetch(`${s.base}/api/v1/mechanisms/alpha-process`)).status, 200);

    // SIGTERM: every worker shuts down as a single process does, then the primary; exit 0, no process left.
    s.child.kill('SIGTERM');
    assert.deepEqual(await s.exited, { code: 0, signal: null });
    assert.equal(s.count(/"msg":"shutdown complete"/), 2, s.lines.slice(-10).join('\n'));
    assert.equal(s.count(/cluster: every worker has exited: shutdown complete/), 1);
    for (const pid of [...workers, ...now]) assert.ok(!alive(pid), `worker ${pid} is gone`);
  });

  it('SIGTERM while a worker is still starting (right after the first one listens): exit 0, no process left', async () => {
    const s = await startBuilt({ ...env, SQLITE_PATH: join(dir, 'early-stop.sqlite') });
    running.push(s);
    const primary = s.child.pid!;
    await s.waitFor(/Server listening at/);
    const workers = children(primary);
    s.child.kill('SIGTERM');
    assert.deepEqual(await s.exited, { code: 0, signal: null }, s.lines.slice(-10).join('\n'));
    assert.equal(s.count(/cluster: every worker has exited: shutdown complete/), 1);
    for (const pid of workers) assert.ok(!alive(pid), `worker ${pid} is gone`);
  });

  it('WEB_CONCURRENCY=1 is one process, as before: no cluster', async () => {
    const s = await startBuilt({ ...env, WEB_CONCURRENCY: '1', SQLITE_PATH: join(dir, 'single.sqlite') });
    running.push(s);
    assert.equal(s.count(/cluster:/), 0);
    assert.equal(children(s.child.pid!).length, 0);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    assert.equal(await pidOf(agent, s.base), s.child.pid);
    agent.destroy();
    s.child.kill('SIGTERM');
    assert.deepEqual(await s.exited, { code: 0, signal: null });
  });
});
