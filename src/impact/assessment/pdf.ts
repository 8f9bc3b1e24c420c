/**
 * The report as a PDF made with pdf-lib (a maintained library; STACK.md). In English only, in the standard Helvetica
 * fonts: pdf-lib lays out no bidirectional text (STACK.md "PDF reports in Arabic"), so the six-language report is
 * the printable HTML page, and this PDF is its English edition. A character Helvetica cannot encode (WinAnsi) is
 * written as "?" and the PDF says so on its first page when that happens.
 */
import { createRequire } from 'node:module';
import type { Color, PDFDocument, PDFFont, PDFPage } from 'pdf-lib';
import { LENS_EN, lensQuestions, resultLines } from './report-text.js';
import type { Report } from './service.js';

/** pdf-lib, loaded the first time a report is made: a start, which makes none, does not spend its time importing it. */
const loadPdfLib = () => createRequire(import.meta.url)('pdf-lib') as typeof import('pdf-lib');

const WIDTH = 595;
const HEIGHT = 842;
const MARGIN = 56;
const WIN_ANSI_EXTRA = new Set([...'€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ']);

/** Text Helvetica can draw: Latin-1 and WinAnsi's extras; anything else becomes "?". */
export function winAnsi(s: string): { text: string; replaced: boolean } {
  let replaced = false;
  const text = [...s.replace(/[\t\r\n]+/g, ' ')]
    .map((c) => {
      const code = c.codePointAt(0)!;
      if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(c)) return c;
      replaced = true;
      return '?';
    })
    .join('');
  return { text, replaced };
}

class Writer {
  page!: PDFPage;
  y = 0;
  replaced = false;
  constructor(
    readonly doc: PDFDocument,
    readonly font: PDFFont,
    readonly bold: PDFFont,
    readonly color: Color,
  ) {
    this.newPage();
  }
  newPage() {
    this.page = this.doc.addPage([WIDTH, HEIGHT]);
    this.y = HEIGHT - MARGIN;
  }
  /** A paragraph wrapped to the page width. */
  text(s: string, opts: { size?: number; bold?: boolean; gap?: number; indent?: number } = {}) {
    const size = opts.size ?? 10.5;
    const font = opts.bold ? this.bold : this.font;
    const indent = opts.indent ?? 0;
    const max = WIDTH - 2 * MARGIN - indent;
    const clean = winAnsi(s);
    if (clean.replaced) this.replaced = true;
    const lines: string[] = [];
    let line = '';
    for (const word of clean.text.split(' ')) {
      const next = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(next, size) > max && line) {
        lines.push(line);
        line = word;
      } else line = next;
    }
    lines.push(line);
    for (const l of lines) {
      if (this.y < MARGIN + size) this.newPage();
      this.page.drawText(l, { x: MARGIN + indent, y: this.y - size, size, font, color: this.color });
      this.y -= size * 1.4;
    }
    this.y -= opts.gap ?? 4;
  }
  heading(s: string, level: 1 | 2 | 3 = 2) {
    const size = level === 1 ? 18 : level === 2 ? 14 : 11.5;
    if (this.y < MARGIN + size * 4) this.newPage();
    this.y -= level === 1 ? 0 : 8;
    this.text(s, { size, bold: true, gap: 6 });
  }
}

export async function reportPdf(r: Report): Promise<Uint8Array> {
  const { PDFDocument, StandardFonts, rgb } = loadPdfLib();
  const doc = await PDFDocument.create();
  doc.setTitle(winAnsi(r.assessment.title).text);
  doc.setSubject('ISCM assessment report');
  doc.setCreator('ISCM Hub');
  doc.setLanguage('en');
  const w = new Writer(
    doc,
    await doc.embedFont(StandardFonts.Helvetica),
    await doc.embedFont(StandardFonts.HelveticaBold),
    rgb(0.1, 0.12, 0.14),
  );
  const a = r.assessment;
  w.heading(a.title, 1);
  w.text(`Assessment report, generated on ${r.date}. Deadline for answers: ${a.deadline}.`);
  w.text(
    `${a.submitted} of ${a.recipients} recipients submitted their answers. ${a.publishedAt ? `Results published on ${a.publishedAt.slice(0, 10)}.` : 'Results not yet published: this report is seen by the ISCM unit only.'}`,
  );
  if (a.intro) w.text(a.intro);

  w.heading('1. Achievements by lens');
  w.text(
    `The registry records ${r.achievements.total} achievements of ${r.achievements.mechanisms} mechanisms, read through the three lenses the GRCP 8 outcome document acknowledges.`,
  );
  for (const l of r.achievements.byLens) {
    w.heading(`${LENS_EN[l.lens] ?? l.lens}: ${l.count} achievements of ${l.mechanisms} mechanisms`, 3);
    for (const e of l.examples) w.text(`- ${e.title} (${e.mechanism}, ${e.year ?? 'undated'})`, { indent: 10, gap: 1 });
  }
  w.text(`By level: ${r.achievements.byLevel.map((x) => `${x.value} ${x.count}`).join(', ')}.`);

  w.heading('2. Structures');
  const s = r.structures;
  w.text(
    `Structures are recorded for ${s.total} mechanisms. ${s.iomHosted} are served by an IOM-hosted secretariat; the secretariat model is unknown for ${s.modelUnknown}.`,
  );
  w.text(`Secretariat models: ${s.models.map((m) => `${m.value} ${m.count}`).join(', ') || 'none recorded'}.`);
  w.text(
    `${s.writtenRules} have written rules on record, ${s.rulesOfProcedure} of them rules of procedure; for ${s.writtenUnknown} no written rule is recorded.`,
  );

  w.heading('3. Partnerships');
  const p = r.partnerships;
  w.text(
    `${p.total} partnerships are recorded: ${p.organizationLinks} between an organization and a mechanism, ${p.mechanismLinks} between mechanisms.`,
  );
  if (p.topOrganizations.length)
    w.text(
      `Organizations in the most partnerships: ${p.topOrganizations.map((o) => `${o.name} (${o.count})`).join(', ')}.`,
    );

  w.heading('4. Survey results');
  for (const group of lensQuestions(r.results)) {
    w.heading(group.lens === null ? 'General' : (LENS_EN[group.lens] ?? group.lens), 3);
    for (const res of group.results) {
      w.text(`${res.question.id}. ${res.question.text}`, { bold: true, gap: 2 });
      for (const line of resultLines(res)) w.text(line, { indent: 10, gap: 1 });
      w.y -= 4;
    }
  }
  if (w.replaced) {
    const first = doc.getPage(0);
    first.drawText('Some characters outside the Latin alphabet are shown as "?": see the HTML report.', {
      x: MARGIN,
      y: MARGIN / 2,
      size: 8,
      font: w.font,
    });
  }
  return doc.save();
}
