/**
 * Text off the request path: each PDF is read in its own worker_thread with a capped heap and a deadline, so a
 * malformed, encrypted, huge or hostile file fails with a reason and never crashes or stalls the server.
 * Jobs run one at a time (the machine's cores serve requests first).
 */
import { Worker } from 'node:worker_threads';
import type { WorkerAnswer } from './extract-worker.js';

export interface ExtractLimits {
  /** The whole extraction (ms). */
  timeoutMs: number;
  /** The worker's V8 heap (MB). Buffers are outside it; the upload limit bounds the input. */
  heapMb: number;
  maxPages: number;
  maxChars: number;
}

export const DEFAULT_LIMITS: ExtractLimits = { timeoutMs: 30_000, heapMb: 256, maxPages: 2000, maxChars: 20_000_000 };

export type Extracted =
  | { status: 'extracted'; pages: string[] }
  | { status: 'no-text'; pages: string[] }
  | { status: 'failed'; reason: string; message: string };

const here = import.meta.url;
const fromSource = here.endsWith('.ts');
const workerUrl = new URL(fromSource ? './extract-worker.ts' : './extract-worker.js', here);
/** Run from the TypeScript sources (tests, tsx): the worker registers tsx before it loads its module. */
const tsxBoot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(workerUrl.href)}); })`;

/** Extract the text of a PDF, page by page, in a worker; never throws. */
export function extractPdf(bytes: Uint8Array, limits: ExtractLimits = DEFAULT_LIMITS): Promise<Extracted> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: Extracted) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(r);
    };
    const worker = new Worker(fromSource ? tsxBoot : workerUrl, {
      eval: fromSource,
      workerData: { bytes, maxPages: limits.maxPages, maxChars: limits.maxChars },
      resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
      stdout: true,
      stderr: true,
    });
    // pdf.js warns on stdout/stderr about odd files: read and dropped, the reason comes back as a message.
    worker.stdout.resume();
    worker.stderr.resume();
    const timer = setTimeout(
      () =>
        finish({ status: 'failed', reason: 'timeout', message: `the text took longer than ${limits.timeoutMs} ms` }),
      limits.timeoutMs,
    );
    worker.on('message', (a: WorkerAnswer) => {
      if (!a.ok) return finish({ status: 'failed', reason: a.reason, message: a.message });
      const hasText = a.pages.some((p) => /[\p{L}\p{N}]/u.test(p));
      finish(hasText ? { status: 'extracted', pages: a.pages } : { status: 'no-text', pages: a.pages });
    });
    worker.on('error', (e: Error & { code?: string }) =>
      finish({
        status: 'failed',
        reason: e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'out-of-memory' : 'crashed',
        message: e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `the file needs more than ${limits.heapMb} MB` : e.message,
      }),
    );
    worker.on('exit', (code) =>
      finish({ status: 'failed', reason: 'crashed', message: `the extraction stopped (exit ${code})` }),
    );
  });
}
