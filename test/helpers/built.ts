/**
 * The built server (`npm run build` → dist/main.js) as a child process, for tests of the production
 * process. `npm test` builds first (scripts/run-tests.mjs); run the build yourself before running
 * such a test file some other way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const BUILT_MAIN = `${ROOT}dist/main.js`;

export interface ServerProcess {
  child: ChildProcess;
  /** Every line the process wrote (stdout and stderr), in order. */
  lines: string[];
  base: string;
  /** Resolves with the exit code (or signal name) and the lines once the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when a line matching the pattern appears (or at once if one has). */
  waitFor(pattern: RegExp): Promise<string>;
  /** How many lines so far match. */
  count(pattern: RegExp): number;
}

/** Start `node dist/main.js serve` on port 0 and wait until it listens. */
export async function startBuilt(env: NodeJS.ProcessEnv, args: string[] = ['serve']): Promise<ServerProcess> {
  if (!existsSync(BUILT_MAIN)) throw new Error(`${BUILT_MAIN} is missing: run npm run build first`);
  const child = spawn(process.execPath, [BUILT_MAIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (l: string) => void }[] = [];
  const onLine = (line: string) => {
    lines.push(line);
    for (const w of [...waiters])
      if (w.pattern.test(line)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
  };
  createInterface({ input: child.stdout }).on('line', onLine);
  createInterface({ input: child.stderr }).on('line', onLine);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  const waitFor = (pattern: RegExp) => {
    const seen = lines.find((l) => pattern.test(l));
    if (seen) return Promise.resolve(seen);
    return new Promise<string>((resolve, reject) => {
      waiters.push({ pattern, resolve });
      void exited.then(({ code, signal }) =>
        reject(
          new Error(
            `the server exited (${code ?? signal}) before printing ${pattern}:\n${lines.slice(-20).join('\n')}`,
          ),
        ),
      );
    });
  };
  const listening = await waitFor(/Server listening at http:\/\/127\.0\.0\.1:\d+/);
  const port = /127\.0\.0\.1:(\d+)/.exec(listening)![1];
  return {
    child,
    lines,
    base: `http://127.0.0.1:${port}`,
    exited,
    waitFor,
    count: (p) => lines.filter((l) => p.test(l)).length,
  };
}
