/**
 * The text extraction worker (a worker_thread, one per file): pdf.js reads the PDF page by page and posts
 * back the text of each page, or a reason it could not. The parent caps its heap and its time.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';

interface Job {
  bytes: Uint8Array;
  maxPages: number;
  maxChars: number;
}
export type WorkerAnswer =
  | { ok: true; pages: string[]; totalPages: number }
  | { ok: false; reason: 'encrypted' | 'malformed' | 'too-many-pages'; message: string };

const job = workerData as Job;
const require = createRequire(import.meta.url);
const fonts = join(dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts') + '/';

async function run(): Promise<WorkerAnswer> {
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
  await doc.destroy();
  return { ok: true, pages, totalPages: doc.numPages };
}

run().then(
  (answer) => parentPort!.postMessage(answer),
  (e: unknown) =>
    parentPort!.postMessage({
      ok: false,
      reason: 'malformed',
      message: `pdf.js failed: ${(e as Error).message}`,
    } satisfies WorkerAnswer),
);
