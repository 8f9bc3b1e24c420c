/**
 * The text of an HTML document (an uploaded HTML file, or the HTML mammoth writes from a DOCX), block by block:
 * each block element (p, li, h1–h6, td, …) is one paragraph line, followed by a blank line, so the paragraph
 * detection reads "12. …" in a <p> as paragraph 12. Items of an ordered list get the number it would show ("12."
 * at the top level, "(b)" in a nested list). Only the body's text is kept: head, script, style, nav, template,
 * forms' controls, SVG and the like are dropped. htmlparser2 reads it as a stream (no recursion); an element
 * nested deeper than `maxDepth`, or a text longer than `maxChars`, stops the read with an HtmlTextError.
 */
import { Parser } from 'htmlparser2';

export class HtmlTextError extends Error {
  constructor(
    readonly reason: 'too-deep' | 'too-long',
    message: string,
  ) {
    super(message);
  }
}

/** Elements whose content is not text a reader sees. */
const DROPPED = new Set([
  'head',
  'script',
  'style',
  'nav',
  'noscript',
  'template',
  'svg',
  'math',
  'iframe',
  'object',
  'embed',
  'canvas',
  'audio',
  'video',
  'select',
  'button',
  'textarea',
]);
/** Elements that end a block of text. */
const BLOCKS = new Set([
  'p',
  'div',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'dt',
  'dd',
  'blockquote',
  'pre',
  'table',
  'tr',
  'td',
  'th',
  'caption',
  'section',
  'article',
  'aside',
  'header',
  'footer',
  'main',
  'address',
  'figure',
  'figcaption',
  'ul',
  'ol',
  'dl',
  'hr',
  'form',
  'fieldset',
  'legend',
  'details',
  'summary',
]);
/** Elements that never have content (no closing tag to wait for). */
const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

const letters = (n: number) => {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(97 + ((k - 1) % 26)) + s;
  return s;
};

export interface HtmlTextOptions {
  maxDepth: number;
  maxChars: number;
}

/** The text of an HTML document, blocks separated by blank lines. */
export function htmlText(html: string, opts: HtmlTextOptions): string {
  const out: string[] = [];
  let chars = 0;
  let line = '';
  const stack: string[] = [];
  let dropped = 0;
  let pre = 0;
  /** Open lists: ordered or not, the next item's number, nested in another ordered list. */
  const lists: { ordered: boolean; next: number; nested: boolean; letter: boolean }[] = [];
  const flush = () => {
    const text = pre ? line.replace(/[ \t]+$/gm, '') : line.replace(/\s+/g, ' ').trim();
    line = '';
    if (!text) return;
    chars += text.length + 2;
    if (chars > opts.maxChars)
      throw new HtmlTextError('too-long', `the text is longer than ${opts.maxChars} characters`);
    out.push(text);
  };
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (VOID.has(name)) {
          if (dropped) return;
          if (name === 'br') line += '\n';
          else if (name === 'hr') flush();
          else if (name === 'img' && attrs.alt?.trim()) line += ` ${attrs.alt.trim()} `;
          return;
        }
        stack.push(name);
        if (stack.length > opts.maxDepth)
          throw new HtmlTextError('too-deep', `the HTML nests elements deeper than ${opts.maxDepth}`);
        if (DROPPED.has(name) || dropped) {
          dropped++;
          return;
        }
        if (BLOCKS.has(name)) flush();
        if (name === 'pre') pre++;
        if (name === 'ol' || name === 'ul') {
          const parent = [...lists].reverse().find((l) => l.ordered);
          const start = Number.parseInt(attrs.start ?? '', 10);
          const type = attrs.type ?? '';
          lists.push({
            ordered: name === 'ol',
            next: Number.isFinite(start) && start > 0 && start < 100_000 ? start : 1,
            nested: parent !== undefined,
            letter: type === 'a' || type === 'A' || (parent !== undefined && type !== '1'),
          });
        } else if (name === 'li') {
          const list = lists.at(-1);
          if (list?.ordered) {
            const n = list.next++;
            line += list.letter ? `(${letters(n)}) ` : `${n}. `;
          }
        }
      },
      ontext(text) {
        if (!dropped) line += pre ? text : text.replace(/\s+/g, ' ');
        if (line.length > opts.maxChars)
          throw new HtmlTextError('too-long', `the text is longer than ${opts.maxChars} characters`);
      },
      onclosetag(name) {
        if (VOID.has(name)) return;
        // htmlparser2 closes every open element it implies; the stack follows it.
        const i = stack.lastIndexOf(name);
        if (i < 0) return;
        const closing = stack.splice(i);
        for (const el of closing.reverse()) {
          if (dropped) {
            dropped--;
            continue;
          }
          if (BLOCKS.has(el)) flush();
          if (el === 'pre') pre = Math.max(0, pre - 1);
          if (el === 'ol' || el === 'ul') lists.pop();
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  flush();
  return out.join('\n\n');
}

/**
 * The characters of an HTML file's bytes: a BOM says the encoding, else a <meta charset> in the first 1024
 * bytes, else UTF-8 when the bytes are UTF-8, else windows-1252 (what browsers assume).
 */
export function decodeHtml(bytes: Uint8Array): string {
  const b = bytes;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return new TextDecoder('utf-8').decode(b.subarray(3));
  if (b[0] === 0xff && b[1] === 0xfe) return new TextDecoder('utf-16le').decode(b.subarray(2));
  if (b[0] === 0xfe && b[1] === 0xff) return new TextDecoder('utf-16be').decode(b.subarray(2));
  const head = Buffer.from(b.buffer, b.byteOffset, Math.min(b.byteLength, 1024)).toString('latin1');
  const m = /<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.-]{1,40})/i.exec(head);
  if (m) {
    try {
      const label = m[1]!.toLowerCase();
      // A page that says UTF-16 in ASCII bytes is not UTF-16 (the WHATWG rule): read it as UTF-8.
      return new TextDecoder(label.startsWith('utf-16') ? 'utf-8' : label).decode(b);
    } catch {
      // an unknown label: fall through
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    return new TextDecoder('windows-1252').decode(b);
  }
}
