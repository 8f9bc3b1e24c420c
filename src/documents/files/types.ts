/**
 * The type of an uploaded file, found from its bytes, never from its name: a PDF (file-type's magic bytes), a DOCX
 * (a zip whose [Content_Types].xml declares the WordprocessingML main document) or an HTML file (the WHATWG MIME
 * sniffing rule: after whitespace, a tag that only HTML opens with). Reading a zip here is bounded: only its
 * central directory and one small entry are read, inflated with an output cap, so a zip bomb or a broken zip
 * gives a type (or none), never a stall.
 */
import { inflateRawSync } from 'node:zlib';

export const PDF = 'application/pdf';
export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const HTML = 'text/html';
/** The media types a language version may have. */
export const ACCEPTED_TYPES = [PDF, HTML, DOCX] as const;
export type AcceptedType = (typeof ACCEPTED_TYPES)[number];
export const isAccepted = (t: string | null): t is AcceptedType => (ACCEPTED_TYPES as readonly string[]).includes(t!);

/** The file name extension a download is given for each type. */
export const EXTENSION: Record<AcceptedType, string> = { [PDF]: 'pdf', [HTML]: 'html', [DOCX]: 'docx' };

const WORD_MAIN = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';
/** Other Office main parts, to name what was sent instead of a DOCX. */
const OFFICE_MAINS: Record<string, string> = {
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml':
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml':
    'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.ms-word.document.macroEnabled.main+xml': 'application/vnd.ms-word.document.macroEnabled.12',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml':
    'application/vnd.openxmlformats-officedocument.wordprocessingml.template',
};

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  /** As declared by the central directory (a zip bomb may lie: inflate with a cap). */
  size: number;
  localOffset: number;
}

export class ZipError extends Error {}

const MAX_ENTRIES = 10_000;

/** The entries of a zip's central directory; throws ZipError on a malformed zip (no ZIP64, no multi-disk). */
export function zipEntries(bytes: Uint8Array): ZipEntry[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const min = Math.max(0, buf.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = buf.length - 22; i >= min; i--)
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd < 0) throw new ZipError('the zip has no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw new ZipError('ZIP64 archives are not read');
  if (count > MAX_ENTRIES) throw new ZipError(`the zip has ${count} entries; at most ${MAX_ENTRIES} are read`);
  if (cdOffset + cdSize > eocd) throw new ZipError('the central directory lies outside the zip');
  const out: ZipEntry[] = [];
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== 0x02014b50) throw new ZipError('a central directory entry is broken');
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    if (p + 46 + nameLen > eocd) throw new ZipError('a central directory entry is broken');
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    out.push({ name, method, compressedSize, size, localOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/**
 * The bytes of one entry, inflated with at most `maxBytes` of output (a ZipError past it, whatever the
 * directory declares).
 */
export function readZipEntry(bytes: Uint8Array, e: ZipEntry, maxBytes: number): Buffer {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const h = e.localOffset;
  if (h + 30 > buf.length || buf.readUInt32LE(h) !== 0x04034b50)
    throw new ZipError(`the local header of ${e.name} is broken`);
  const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
  const end = start + e.compressedSize;
  if (end > buf.length) throw new ZipError(`${e.name} lies outside the zip`);
  const data = buf.subarray(start, end);
  if (e.method === 0) {
    if (data.length > maxBytes) throw new ZipError(`${e.name} is larger than ${maxBytes} bytes`);
    return Buffer.from(data);
  }
  if (e.method !== 8) throw new ZipError(`${e.name} is compressed with method ${e.method} (only deflate is read)`);
  try {
    return inflateRawSync(data, { maxOutputLength: maxBytes });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError)
      throw new ZipError(`${e.name} inflates to more than ${maxBytes} bytes`);
    throw new ZipError(`${e.name} could not be inflated: ${(err as Error).message}`);
  }
}

/** What a zip holds, by its [Content_Types].xml: the DOCX type, another Office type, or application/zip. */
function zipType(bytes: Uint8Array): string {
  let entries: ZipEntry[];
  try {
    entries = zipEntries(bytes);
  } catch {
    return 'application/zip';
  }
  const ct = entries.find((e) => e.name === '[Content_Types].xml');
  if (!ct) return 'application/zip';
  let xml: string;
  try {
    xml = readZipEntry(bytes, ct, 1024 * 1024).toString('utf8');
  } catch {
    return 'application/zip';
  }
  const types = [...xml.matchAll(/ContentType\s*=\s*"([^"]{1,200})"/g)].map((m) => m[1]!);
  if (types.includes(WORD_MAIN)) return DOCX;
  for (const t of types) if (OFFICE_MAINS[t]) return OFFICE_MAINS[t];
  return 'application/zip';
}

/** The tags an HTML document may open with (WHATWG MIME Sniffing, "identify an unknown MIME type"). */
const HTML_TAGS = [
  '!DOCTYPE HTML',
  'HTML',
  'HEAD',
  'SCRIPT',
  'IFRAME',
  'H1',
  'DIV',
  'FONT',
  'TABLE',
  'A',
  'STYLE',
  'TITLE',
  'B',
  'BODY',
  'BR',
  'P',
  '!--',
];

/** Is this the start of an HTML document (after a BOM and whitespace, one of the tags above, then a space or `>`)? */
export function looksLikeHtml(bytes: Uint8Array): boolean {
  let head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).toString('latin1');
  if (head.startsWith('\xef\xbb\xbf')) head = head.slice(3);
  head = head.replace(/^[\t\n\f\r ]+/, '').toUpperCase();
  return HTML_TAGS.some((t) => {
    if (!head.startsWith(`<${t}`)) return false;
    const next = head[t.length + 1];
    return t === '!--' || next === ' ' || next === '>' || next === '\t' || next === '\n' || next === '\r';
  });
}

/**
 * The media type of some bytes, by their content: a PDF, a DOCX, an HTML file, another type file-type knows
 * (named in the refusal), or null.
 */
export async function detectType(bytes: Uint8Array): Promise<string | null> {
  const { fileTypeFromBuffer } = await import('file-type');
  const found = await fileTypeFromBuffer(bytes.subarray(0, 4100));
  if (found?.mime === PDF) return PDF;
  const isZip = bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4;
  if (isZip) return zipType(bytes);
  if (found) return found.mime;
  if (looksLikeHtml(bytes)) return HTML;
  return null;
}

/** The type an upload was refused for, in words. */
export const refusal = (type: string | null) =>
  `the file is ${type ?? 'of no type recognised'} by its content; a version must be a PDF, an HTML file or a DOCX`;
