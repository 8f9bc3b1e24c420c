/**
 * The text extraction worker (a worker_thread, one per file): pdf.js reads a PDF page by page; an HTML file's
 * body text is read block by block (html-text.ts); a DOCX is checked entry by entry (every part inflated with a
 * cap, so a zip bomb stops here), written as HTML by mammoth (images not read) and read as HTML. It posts back
 * the text of each page (an HTML file or a DOCX is one page), or a reason it could not. The parent caps its heap
 * and its time.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { decodeHtml, htmlText, HtmlTextError } from './html-text.js';
import { DOCX, HTML, readZipEntry, ZipError, zipEntries } from './types.js';

export interface Job {
  bytes: Uint8Array;
  mediaType: string;
  maxPages: number;
  maxChars: number;
  /** The most a DOCX may inflate to, all its parts together (bytes). */
  maxUnzippedBytes: number;
  /** The deepest an HTML element may be nested. */
  maxDepth: number;
}
export type WorkerAnswer =
  | { ok: true; pages: string[]; totalPages: number }
  | {
      ok: false;
      reason: 'encrypted' | 'malformed' | 'too-many-pages' | 'too-large' | 'too-deep' | 'too-long';
      message: string;
    };

const require = createRequire(import.meta.url);
const fonts = join(dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts') + '/';

/** The job being read (one at a time: the pool sends the next after the answer). */
let job: Job;

async function run(): Promise<WorkerAnswer> {
  if (job.mediaType === HTML) return fromHtml(decodeHtml(job.bytes));
  if (job.mediaType === DOCX) return fromDocx();
  return fromPdf();
}

/** The text of HTML (a file, or mammoth's output): one page. */
function fromHtml(html: string): WorkerAnswer {
  try {
    const text = htmlText(html, { maxDepth: job.maxDepth, maxChars: job.maxChars });
    return { ok: true, pages: [text], totalPages: 1 };
  } catch (e) {
    if (e instanceof HtmlTextError) return { ok: false, reason: e.reason, message: e.message };
    throw e;
  }
}

async function fromDocx(): Promise<WorkerAnswer> {
  // Every part but the media is inflated once with a cap before mammoth reads any (it inflates with no cap).
  let total = 0;
  try {
    const entries = zipEntries(job.bytes);
    for (const e of entries) {
      if (e.name.endsWith('/')) continue;
      if (/^word\/media\//.test(e.name)) continue;
      const left = job.maxUnzippedBytes - total;
      if (e.size > left)
        return {
          ok: false,
          reason: 'too-large',
          message: `the DOCX inflates to more than ${job.maxUnzippedBytes} bytes (${e.name} declares ${e.size})`,
        };
      total += readZipEntry(job.bytes, e, left).length;
    }
  } catch (e) {
    if (e instanceof ZipError) {
      const tooLarge = /inflates to more than|larger than/.test(e.message);
      return {
        ok: false,
        reason: tooLarge ? 'too-large' : 'malformed',
        message: tooLarge
          ? `the DOCX inflates to more than ${job.maxUnzippedBytes} bytes: ${e.message}`
          : `the DOCX is not a readable zip: ${e.message}`,
      };
    }
    throw e;
  }
  const mammoth = (await import('mammoth')).default;
  let html: string;
  try {
    const r = await mammoth.convertToHtml(
      { buffer: Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength) },
      { convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })), ignoreEmptyParagraphs: true },
    );
    html = r.value;
  } catch (e) {
    return { ok: false, reason: 'malformed', message: `mammoth could not read the DOCX: ${(e as Error).message}` };
  }
  return fromHtml(html);
}

async function fromPdf(): Promise<WorkerAnswer> {
  const { getDocument, VerbosityLevel } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let doc;
  try {
    doc = await getDocument({
      data: job.bytes,
      standardFontDataUrl: fonts,
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      stopAtErrors: false,
      verbosity: VerbosityLevel.ERRORS,
    }).promise;
  } catch (e) {
    const err = e as Error;
    if (err.name === 'PasswordException')
      return { ok: false, reason: 'encrypted', message: 'the PDF is encrypted with a password' };
    return { ok: false, reason: 'malformed', message: `pdf.js could not read the file: ${err.message}` };
  }
  try {
    return await pagesOf(doc);
  } finally {
    // The worker reads the next file: this one's memory is let go even when it stopped part-way.
    await doc.destroy().catch(() => undefined);
  }
}

async function pagesOf(
  doc: Awaited<ReturnType<typeof import('pdfjs-dist/legacy/build/pdf.mjs').getDocument>['promise']>,
): Promise<WorkerAnswer> {
  if (doc.numPages > job.maxPages)
    return {
      ok: false,
      reason: 'too-many-pages',
      message: `the PDF has ${doc.numPages} pages; at most ${job.maxPages} are read`,
    };
  const pages: string[] = [];
  let chars = 0;
  for (let i = 1; i <= doc.numPages; i++) {
    let text = '';
    try {
      const page = await doc.getPage(i);
      const content = await page.getTextContent();
      // A new line where pdf.js says so, or where the baseline moves (each drawn line is its own item).
      let lastY: number | null = null;
      for (const item of content.items) {
        if (!('str' in item)) continue;
        const y = item.transform[5] as number;
        if (lastY !== null && Math.abs(y - lastY) > 1 && !text.endsWith('\n')) text += '\n';
        lastY = y;
        text += item.str;
        if (item.hasEOL) text += '\n';
        else if (item.str && !item.str.endsWith(' ')) text += ' ';
      }
      page.cleanup();
    } catch (e) {
      return { ok: false, reason: 'malformed', message: `page ${i} could not be read: ${(e as Error).message}` };
    }
    chars += text.length;
    if (chars > job.maxChars)
      return { ok: false, reason: 'too-many-pages', message: `the text is longer than ${job.maxChars} characters` };
    pages.push(text.replace(/[ \t]+\n/g, '\n').trim());
  }
  return { ok: true, pages, totalPages: doc.numPages };
}

// Jobs come one at a time from the pool (extract.ts); the worker lives for several, and is ended and replaced
// when one runs out of time or memory. The readers are loaded first and the pool told: a file's time limit
// counts from then, not from the worker's start (slow on a loaded machine, and no file's doing).
void Promise.all([import('pdfjs-dist/legacy/build/pdf.mjs'), import('mammoth')]).then(
  () => parentPort!.postMessage({ ready: true }),
  (e: unknown) => parentPort!.postMessage({ ready: false, message: (e as Error).message }),
);
parentPort!.on('message', (next: Job) => {
  job = next;
  run().then(
    (answer) => parentPort!.postMessage(answer),
    (e: unknown) =>
      parentPort!.postMessage({
        ok: false,
        reason: 'malformed',
        message: `the text could not be read: ${(e as Error).message}`,
      } satisfies WorkerAnswer),
  );
});
