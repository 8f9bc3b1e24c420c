/** PDFs made in the tests with pdf-lib (no binaries committed): text pages, blank (scanned-like) pages, damage. */
import { PDFDocument, StandardFonts } from 'pdf-lib';

/** A PDF with one page per entry, each line of it drawn as a line of text (Helvetica: Latin-1 only). */
export async function textPdf(pages: readonly string[][], title = 'Test'): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = doc.addPage([595, 842]);
    lines.forEach((line, i) => page.drawText(line, { x: 50, y: 800 - i * 16, size: 11, font }));
  }
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** Pages with only a drawn shape: what a scanned PDF without a text layer looks like to a text extractor. */
export async function blankPdf(pages = 2): Promise<Buffer> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) doc.addPage([595, 842]).drawRectangle({ x: 40, y: 40, width: 500, height: 700 });
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** A PDF whose trailer says it is encrypted (the standard handler, a password nobody knows). */
export function encrypted(pdf: Buffer): Buffer {
  const s = pdf.toString('latin1');
  const hex = (n: number) => '<' + 'ab'.repeat(n) + '>';
  const enc = `/Encrypt << /Filter /Standard /V 1 /R 2 /O ${hex(32)} /U ${hex(32)} /P -4 >> /ID [${hex(16)} ${hex(16)}]`;
  return Buffer.from(
    s.replace(/trailer\s*<</, (m) => `${m}\n${enc}\n`),
    'latin1',
  );
}

/** A deterministic generator (mulberry32) for fuzzing. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A copy of a PDF with some bytes overwritten, a range cut out or the end cut off (the header kept). */
export function mutate(pdf: Buffer, rnd: () => number): Buffer {
  const b = Buffer.from(pdf);
  const kind = Math.floor(rnd() * 3);
  if (kind === 0) {
    const n = 1 + Math.floor(rnd() * 40);
    for (let i = 0; i < n; i++) b[16 + Math.floor(rnd() * (b.length - 16))] = Math.floor(rnd() * 256);
    return b;
  }
  if (kind === 1) {
    const at = 16 + Math.floor(rnd() * (b.length - 32));
    return Buffer.concat([b.subarray(0, at), b.subarray(at + Math.floor(rnd() * 400))]);
  }
  return b.subarray(0, 16 + Math.floor(rnd() * (b.length - 16)));
}
