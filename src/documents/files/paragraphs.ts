/**
 * Numbered paragraphs in a document's text, so an outcome document is addressable paragraph by paragraph:
 * "12. States agree…" is paragraph 12, "(b) …" after it is 12(b) (also printed "12(b) …"), "II.3 …" is II.3.
 * Text before the first number, and between, is kept as unnumbered paragraphs (number null). Pure.
 */

export interface Paragraph {
  seq: number;
  /** As printed: "12", "12(b)", "II.3"; null for text without a number. */
  number: string | null;
  page: number;
  text: string;
}

const ROMAN = '[IVXLC]{1,7}';
/** "II.3", "II.3." */
const SECTION_NUMBER = new RegExp(`^(${ROMAN})\\.(\\d{1,3})\\.?\\s+(\\S.*)$`);
/** "12(b)", "12 (b)", "12.(b)" */
const SUB_NUMBER = /^(\d{1,3})\.?\s?\(([a-z]{1,4}|[ivx]{1,5})\)\s+(\S.*)$/;
/** "12.", "12)", "12 " followed by text */
const NUMBER = /^(\d{1,3})[.)]?\s+(\S.*)$/;
/** "(b)" under the last numbered paragraph */
const LETTER = /^\(([a-z]{1,2}|[ivx]{1,5})\)\s+(\S.*)$/;

/** A paragraph number as written in an address: "12", "12(b)", "II.3" (letters lower, roman upper). */
export function normaliseNumber(n: string): string | null {
  const t = n.trim().replace(/\s+/g, '');
  let m = /^(\d{1,3})(?:\(([a-zA-Z]{1,5})\))?$/.exec(t);
  if (m) return m[2] ? `${Number(m[1])}(${m[2].toLowerCase()})` : String(Number(m[1]));
  m = /^([ivxlcIVXLC]{1,7})\.(\d{1,3})$/.exec(t);
  if (m) return `${m[1]!.toUpperCase()}.${Number(m[2])}`;
  return null;
}

/** Split pages of text into paragraphs. */
export function detectParagraphs(pages: readonly string[]): Paragraph[] {
  const out: Paragraph[] = [];
  let current: Paragraph | null = null;
  let lastTop: number | null = null;
  const seen = new Set<string>();
  const start = (number: string | null, page: number, text: string) => {
    // A number printed twice (a quotation, a table) keeps its first paragraph; the second is plain text.
    const n = number !== null && seen.has(number) ? null : number;
    if (n !== null) seen.add(n);
    current = { seq: out.length + 1, number: n, page, text };
    out.push(current);
  };
  pages.forEach((pageText, i) => {
    const page = i + 1;
    for (const raw of pageText.split(/\r?\n/)) {
      const line = raw.replace(/\s+/g, ' ').trim();
      if (!line) {
        // A blank line ends an unnumbered paragraph; numbered ones run on until the next number.
        if (current && current.number === null) current = null;
        continue;
      }
      let m: RegExpExecArray | null;
      if ((m = SECTION_NUMBER.exec(line))) {
        start(`${m[1]}.${Number(m[2])}`, page, m[3]!);
      } else if ((m = SUB_NUMBER.exec(line))) {
        lastTop = Number(m[1]);
        start(`${lastTop}(${m[2]})`, page, m[3]!);
      } else if ((m = NUMBER.exec(line)) && plausible(Number(m[1]), lastTop)) {
        lastTop = Number(m[1]);
        start(String(lastTop), page, m[2]!);
      } else if ((m = LETTER.exec(line)) && lastTop !== null) {
        start(`${lastTop}(${m[1]})`, page, m[2]!);
      } else if (current) {
        const c: Paragraph = current;
        c.text = c.text.endsWith('-') ? c.text.slice(0, -1) + line : `${c.text} ${line}`;
      } else {
        start(null, page, line);
      }
    }
  });
  return out;
}

/**
 * A number at the start of a line is a paragraph number when it follows the last one closely (a year, a
 * page number or a figure at the start of a wrapped line is not): the first may be 1 to 3, then up to +10
 * (an extract may leave paragraphs out).
 */
function plausible(n: number, last: number | null): boolean {
  if (n < 1) return false;
  return last === null ? n <= 3 : n > last && n <= last + 10;
}
