/**
 * `serve` on every core: with WEB_CONCURRENCY > 1 the primary process (main.ts) migrates the database, loads the
 * reference data and makes sure the session secret exists — once, before forking — then runs `runPrimary`: it
 * forks that many workers (node:cluster, round-robin over one listening socket), each building the app and
 * listening as a single process does, and it forks a new worker when one dies.
 *
 * Why several processes are safe:
 * - Shared through the database: sessions (`session` table), API tokens, the sign-in and password-reset limits
 *   (`signin_attempt`, counted in the database across processes), every write and its audit event, and the data
 *   version (db/data-version.ts). The session and CSRF cookies are signed with one secret (SESSION_SECRET, or the
 *   file var/session-secret, written by the primary before it forks).
 * - Per process by design: the response cache and the dated templates (http/cache.ts, http/dated.ts), the
 *   registry snapshot and every `Derived` index. Each follows the data version, re-read from the database at most
 *   once a second (`cacheTtlMs`): a write through one worker shows at once on that worker and within a second on
 *   the others. There is no other limit held in memory.
 * - Document files left pending by a stopped server are resumed by the first worker only (`resumePendingFiles`),
 *   so two workers never read the same file.
 *
 * Shutdown: SIGTERM or SIGINT to the primary asks every listening worker to stop by an IPC message (a worker also
 * stopped by the same signal — Ctrl-C reaches the whole process group, systemd signals the whole control group — does
 * not count it twice); a worker still starting, which may not hear the message yet, is sent SIGTERM (it holds no
 * request). Each worker shuts down as a single process does (http/shutdown.ts) and the primary exits
 * 0 when every worker exited 0, else 1. A second signal makes the workers and the primary exit 1 at once. A
 * worker never outlives the primary: node:cluster ends a worker whose IPC channel to the primary closes.
 */
import cluster, { type Worker } from 'node:cluster';

/** The IPC messages from the primary to a worker. */
export const STOP = 'iscm:stop';
export const FORCE = 'iscm:force';
/** The database is migrated and the reference data loaded: a worker forked before may open it and serve. */
export const GO = 'iscm:go';
/** From a worker forked early, once it listens for GO: the primary answers GO when (or as soon as) it is ready. */
export const ASK = 'iscm:ask';

export interface PrimaryOptions {
  workers: number;
  log?: (message: string) => void;
  /** How long the workers may take to stop before they are killed (ms). */
  timeoutMs?: number;
  /**
   * The primary's start-up work (migrations, the reference load), run while the workers import their modules:
   * they wait for it (`awaitPrimary`) before they open the database. When it fails, the workers are killed.
   */
  ready?: Promise<unknown>;
}

/**
 * In a worker forked before the primary's start-up work was done: resolves once the primary says it is done. It
 * asks once it listens (a message sent before a worker listens would be lost), and the primary answers when
 * ready. A stop asked meanwhile ends the worker (it has nothing to close yet). null in any other process.
 */
export function awaitPrimary(): Promise<void> | null {
  if (!cluster.isWorker || process.env.ISCM_AWAIT_PRIMARY !== '1') return null;
  return new Promise((resolve) => {
    const on = (m: { type?: string } | null) => {
      if (m?.type === GO) {
        process.off('message', on);
        resolve();
      } else if (m?.type === STOP || m?.type === FORCE) process.exit(m.type === STOP ? 0 : 1);
    };
    process.on('message', on);
    process.send?.({ type: ASK });
  });
}

/**
 * Memory settings of the workers, each unless the operator set their own: a young generation of 4 MB per
 * semi-space (V8's default grows it to 16 MB under load, and a worker answering small cached requests gains
 * nothing from it); an old generation that grows by half of what is live after a full collection
 * (`--heap-growing-percent=50`), where V8's own factor goes up to 4× for a process that allocates fast: after 60 s
 * of mixed reads the heap held 57 MB of live objects in 142–236 MB, the rest garbage not yet collected, for the
 * same CPU per request (bench/README.md, "Memory at 1×"); and at most two glibc malloc arenas (glibc's default,
 * 8 per core, keeps freed memory in per-thread arenas that libuv's threads and the database driver touch). glibc
 * reads MALLOC_ARENA_MAX when a process starts, so it is set for the workers here and not in the running primary.
 */
export const MEMORY_ARGV = ['--max-semi-space-size=4', '--heap-growing-percent=50'] as const;

export function workerExecArgv(execArgv: readonly string[]): string[] {
  const flag = (a: string) => a.split('=')[0]!.replace(/_/g, '-');
  const own = new Set(execArgv.map(flag));
  return [...execArgv, ...MEMORY_ARGV.filter((a) => !own.has(flag(a)))];
}

export function workerEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return env.MALLOC_ARENA_MAX === undefined ? { MALLOC_ARENA_MAX: '2' } : {};
}

/** Run the cluster's primary; resolves with the exit code once every worker has exited after a signal. */
export function runPrimary(opts: PrimaryOptions): Promise<number> {
  const log = opts.log ?? ((m: string) => console.log(m));
  const timeoutMs = opts.timeoutMs ?? 12_000;
  let stopping = false;
  let failed = false;
  let listening = false;
  /** The workers that listen (they hear STOP), and those still starting when a stop came. */
  const listeners = new Set<number>();
  const starting = new Set<number>();
  const starts: number[] = [];

  cluster.setupPrimary({ execArgv: workerExecArgv(process.execArgv) });
  const env = workerEnv(process.env);
  let ready = opts.ready === undefined;
  const fork = (first: boolean): Worker =>
    cluster.fork({ ...env, ISCM_RESUME_PENDING: first ? '1' : '0', ISCM_AWAIT_PRIMARY: ready ? '0' : '1' });
  // The first worker is forked at once; the others once it listens, so that on a machine with few cores the first
  // one does not share them with its siblings' start-up (on 2 cores: first answer after 1.2 s, not 1.6 s).
  fork(true);

  return new Promise<number>((resolve) => {
    const done = () => {
      if (Object.keys(cluster.workers ?? {}).length > 0) return;
      log(`cluster: every worker has exited: shutdown complete`);
      resolve(failed ? 1 : 0);
    };
    cluster.on('listening', (worker) => {
      listeners.add(worker.id);
      if (!listening && !stopping) for (let i = 1; i < opts.workers; i++) fork(false);
      listening = true;
    });
    cluster.on('exit', (worker, code, signal) => {
      if (stopping) {
        // A worker still starting when the stop came was ended by SIGTERM: it had nothing to close.
        if (code !== 0 && !(starting.has(worker.id) && signal === 'SIGTERM')) failed = true;
        done();
        return;
      }
      const how = signal ? `signal ${signal}` : `exit code ${code}`;
      if (!listening) {
        // No worker ever listened: a restart would fail the same way (a port in use, a bad setting).
        log(`cluster: worker ${worker.process.pid} stopped before any worker listened (${how}): stopping`);
        stopping = true;
        failed = true;
        for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
        done();
        return;
      }
      // Restarts are spaced out when workers keep dying (at most 5 in 10 s, then one a second).
      const now = Date.now();
      starts.push(now);
      while (starts.length && starts[0]! < now - 10_000) starts.shift();
      const delay = starts.length > 5 ? 1000 : 0;
      log(`cluster: worker ${worker.process.pid} died (${how}): starting another`);
      setTimeout(() => {
        if (!stopping) fork(false);
      }, delay);
    });
    const onSignal = (signal: NodeJS.Signals) => {
      const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
      if (stopping) {
        log(`cluster: second signal (${signal}) during shutdown: forced exit`);
        for (const w of workers) w.send({ type: FORCE });
        setTimeout(() => resolve(1), 200).unref();
        return;
      }
      stopping = true;
      log(`cluster: ${signal}: stopping ${workers.length} worker(s)`);
      // A listening worker shuts down as a single process does; one still starting may not yet hear the message
      // (it listens for it once its server is built), so it is ended by SIGTERM: it holds no request yet.
      for (const w of workers)
        if (listeners.has(w.id)) w.send({ type: STOP, signal });
        else {
          starting.add(w.id);
          w.process.kill('SIGTERM');
        }
      setTimeout(() => {
        log(`cluster: workers still running after ${timeoutMs} ms: killed`);
        for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
        failed = true;
      }, timeoutMs).unref();
      done();
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    const asked = new Set<Worker>();
    cluster.on('message', (worker, m: { type?: string } | null) => {
      if (m?.type !== ASK) return;
      if (ready) worker.send({ type: GO });
      else asked.add(worker);
    });
    opts.ready?.then(
      () => {
        ready = true;
        for (const w of asked) if (!w.isDead()) w.send({ type: GO });
        asked.clear();
      },
      () => {
        // The caller reports the failure; no worker may serve an unmigrated database.
        stopping = true;
        failed = true;
        for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
        done();
      },
    );
  });
}
