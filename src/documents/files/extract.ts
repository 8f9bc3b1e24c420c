/**
 * Text off the request path: each file is read in a worker_thread with a capped heap and a deadline, so a
 * malformed, encrypted, huge or hostile file (a zip bomb, HTML nested without end) fails with a reason and never
 * crashes or stalls the server. Workers are kept in a pool (`ExtractPool`): a worker reads one file at a time and
 * serves several in turn (loading pdf.js once), and is ended and replaced when a file runs out of time or memory,
 * and after `recycleAfter` files. The server reads with one worker (the machine's cores serve requests first);
 * the bulk import and the benchmark with one per core (`importPoolSize`). Memory is bounded by the pool's size
 * times the worker's heap, plus each file's bytes (bounded by the upload limit and `maxUnzippedBytes`).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Job, WorkerAnswer } from './extract-worker.js';
import { PDF } from './types.js';

export interface ExtractLimits {
  /** The whole extraction of one file (ms). */
  timeoutMs: number;
  /** The worker's V8 heap (MB). Buffers are outside it; the upload limit bounds the input. */
  heapMb: number;
  maxPages: number;
  maxChars: number;
  /** A DOCX's parts, inflated, all together (bytes): a zip bomb stops there. */
  maxUnzippedBytes?: number;
  /** The deepest an HTML element may be nested. */
  maxDepth?: number;
}

export const DEFAULT_LIMITS: ExtractLimits = {
  timeoutMs: 30_000,
  heapMb: 256,
  maxPages: 2000,
  maxChars: 20_000_000,
  maxUnzippedBytes: 200 * 1024 * 1024,
  maxDepth: 1000,
};

export type Extracted =
  | { status: 'extracted'; pages: string[] }
  | { status: 'no-text'; pages: string[] }
  | { status: 'failed'; reason: string; message: string };

const here = import.meta.url;
const fromSource = here.endsWith('.ts');
const workerUrl = new URL(fromSource ? './extract-worker.ts' : './extract-worker.js', here);
/** Run from the TypeScript sources (tests, tsx): the worker registers tsx before it loads its module. */
const tsxBoot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(workerUrl.href)}); })`;

/** One worker per core for the bulk import (at least 1, at most 8). */
export const importPoolSize = () => Math.max(1, Math.min(8, availableParallelism()));

interface Slot {
  worker: Worker;
  jobs: number;
  busy: boolean;
  /** Resolves true once the worker has loaded its readers (false when it could not start). */
  ready: Promise<boolean>;
}
/** How long a worker may take to start (load pdf.js and mammoth) before its job fails. */
const BOOT_MS = 180_000;
interface Waiting {
  job: Job;
  resolve: (r: Extracted) => void;
}

export class ExtractPool {
  private readonly slots = new Set<Slot>();
  private readonly waiting: Waiting[] = [];
  private closed = false;

  constructor(
    readonly limits: ExtractLimits = DEFAULT_LIMITS,
    readonly size = 1,
    private readonly recycleAfter = 200,
  ) {}

  /** Extract the text of a file of `mediaType`, page by page (an HTML file or a DOCX is one page); never throws. */
  extract(bytes: Uint8Array, mediaType: string = PDF): Promise<Extracted> {
    const l = this.limits;
    const job: Job = {
      bytes,
      mediaType,
      maxPages: l.maxPages,
      maxChars: l.maxChars,
      maxUnzippedBytes: l.maxUnzippedBytes ?? DEFAULT_LIMITS.maxUnzippedBytes!,
      maxDepth: l.maxDepth ?? DEFAULT_LIMITS.maxDepth!,
    };
    return new Promise((resolve) => {
      if (this.closed) return resolve({ status: 'failed', reason: 'stopped', message: 'the reader was closed' });
      this.waiting.push({ job, resolve });
      this.next();
    });
  }

  /** End every worker; jobs still waiting fail with `stopped`. */
  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiting.splice(0))
      w.resolve({ status: 'failed', reason: 'stopped', message: 'the reader was closed' });
    await Promise.all([...this.slots].map((s) => s.worker.terminate()));
    this.slots.clear();
  }

  private spawn(): Slot {
    const worker = new Worker(fromSource ? tsxBoot : workerUrl, {
      eval: fromSource,
      resourceLimits: { maxOldGenerationSizeMb: this.limits.heapMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
      stdout: true,
      stderr: true,
    });
    // pdf.js warns on stdout/stderr about odd files: read and dropped, the reason comes back as a message.
    worker.stdout.resume();
    worker.stderr.resume();
    const ready = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), BOOT_MS);
      timer.unref();
      const onReady = (m: { ready?: boolean }) => {
        if (m.ready === undefined) return;
        worker.off('message', onReady);
        clearTimeout(timer);
        resolve(m.ready);
      };
      worker.on('message', onReady);
      worker.once('exit', () => resolve(false));
    });
    const slot: Slot = { worker, jobs: 0, busy: false, ready };
    // A worker that fails between jobs is only forgotten (the job's own listeners answer for one running).
    worker.on('error', () => undefined);
    worker.on('exit', () => this.slots.delete(slot));
    this.slots.add(slot);
    return slot;
  }

  private retire(slot: Slot): void {
    this.slots.delete(slot);
    void slot.worker.terminate();
  }

  private next(): void {
    while (this.waiting.length) {
      let slot = [...this.slots].find((s) => !s.busy);
      if (!slot) {
        if (this.slots.size >= this.size) return;
        slot = this.spawn();
      }
      this.run(slot, this.waiting.shift()!);
    }
  }

  private run(slot: Slot, w: Waiting): void {
    slot.busy = true;
    slot.jobs++;
    slot.worker.ref();
    void slot.ready.then((ok) => {
      if (ok) return this.start(slot, w);
      slot.busy = false;
      this.retire(slot);
      w.resolve({ status: 'failed', reason: 'crashed', message: 'the text reader could not start' });
      this.next();
    });
  }

  private start(slot: Slot, w: Waiting): void {
    const { worker } = slot;
    const limits = this.limits;
    let done = false;
    const finish = (r: Extracted, healthy: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      slot.busy = false;
      if (!healthy || slot.jobs >= this.recycleAfter || this.closed) this.retire(slot);
      else worker.unref(); // an idle worker does not keep the process alive
      w.resolve(r);
      this.next();
    };
    const onMessage = (a: WorkerAnswer | { ready: boolean }) => {
      if ('ready' in a) return;
      if (!a.ok) return finish({ status: 'failed', reason: a.reason, message: a.message }, true);
      const hasText = a.pages.some((p) => /[\p{L}\p{N}]/u.test(p));
      finish(hasText ? { status: 'extracted', pages: a.pages } : { status: 'no-text', pages: a.pages }, true);
    };
    const onError = (e: Error & { code?: string }) =>
      finish(
        {
          status: 'failed',
          reason: e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'out-of-memory' : 'crashed',
          message: e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `the file needs more than ${limits.heapMb} MB` : e.message,
        },
        false,
      );
    const onExit = (code: number) =>
      finish({ status: 'failed', reason: 'crashed', message: `the extraction stopped (exit ${code})` }, false);
    const timer = setTimeout(
      () =>
        finish(
          { status: 'failed', reason: 'timeout', message: `the text took longer than ${limits.timeoutMs} ms` },
          false,
        ),
      limits.timeoutMs,
    );
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(w.job);
  }
}

/** One pool of one worker per set of limits, for the callers that give none of their own. */
const shared = new Map<string, ExtractPool>();
const sharedPool = (limits: ExtractLimits) => {
  const key = JSON.stringify(limits);
  let p = shared.get(key);
  if (!p) shared.set(key, (p = new ExtractPool(limits, 1)));
  return p;
};

/** Extract the text of a file in a worker of the shared pool for `limits`; never throws. */
export function extractFile(
  bytes: Uint8Array,
  mediaType: string,
  limits: ExtractLimits = DEFAULT_LIMITS,
): Promise<Extracted> {
  return sharedPool(limits).extract(bytes, mediaType);
}

/** Extract the text of a PDF, page by page, in a worker; never throws. */
export function extractPdf(bytes: Uint8Array, limits: ExtractLimits = DEFAULT_LIMITS): Promise<Extracted> {
  return extractFile(bytes, PDF, limits);
}
