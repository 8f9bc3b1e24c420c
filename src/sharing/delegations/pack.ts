/**
 * Meeting packs: one zip for low bandwidth with the meeting's agenda (text), the repository documents of the meeting
 * the viewer may see, and the list of delegations (persons only where the viewer may read them). Built with yazl,
 * entries stored as they are (PDFs are compressed already) so that the archive's exact size is known before its
 * first byte (Content-Length); document files are read one at a time, when the archive reaches them.
 */
import { Readable } from 'node:stream';
import { createRequire } from 'node:module';
import { canSee, type Viewer, type Visibility } from '../model.js';
import type { DelegationView } from './service.js';

/** A file of a meeting's document, read only when the archive reaches it. */
export interface PackFile {
  /** Its name inside the document's folder (e.g. "en.pdf"). */
  name: string;
  size: number;
  read: () => Promise<Buffer>;
}
export interface PackDocument {
  id: string;
  title: string;
  /** As the spaces define it; the repository's documents are public today. */
  visibility: Visibility;
  files: PackFile[];
}
export interface PackSource {
  meeting: { id: string; title: string; start: string; end: string | null; place: string | null; mechanism: string };
  agenda: { order: number; title: string; time: string | null; speakers: string[] }[];
  documents: PackDocument[];
}

export interface PackEntry {
  path: string;
  size: number;
}

/** A name safe in every unzip: letters, digits, dot, dash and underscore only. */
export const safeName = (s: string): string =>
  s
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100) || 'file';

export function agendaText(src: PackSource): string {
  const m = src.meeting;
  const lines = [
    m.title,
    `Meeting: ${m.id}`,
    `Date: ${m.start}${m.end && m.end !== m.start ? ` to ${m.end}` : ''}`,
    ...(m.place ? [`Place: ${m.place}`] : []),
    '',
    'Agenda',
  ];
  if (src.agenda.length === 0) lines.push('No agenda is recorded for this meeting.');
  for (const a of src.agenda)
    lines.push(
      `${a.order}. ${a.title}${a.time ? ` (${a.time})` : ''}${a.speakers.length ? ` - speakers: ${a.speakers.join(', ')}` : ''}`,
    );
  return lines.join('\n') + '\n';
}

export function delegationsText(items: readonly DelegationView[], names: ReadonlyMap<string, string>): string {
  const lines = ['Delegations', ''];
  if (items.length === 0) lines.push('No delegation is registered that you may see.');
  for (const d of items) {
    lines.push(`${names.get(d.country) ?? d.country} (${d.country}) - ${d.status}, ${d.eligibility}`);
    if (d.persons) for (const p of d.persons) lines.push(`  - ${p.name}, ${p.function}`);
  }
  return lines.join('\n') + '\n';
}

/** What goes in the pack for this viewer: the documents it may see, and each entry's path and size. */
export function packPlan(
  src: PackSource,
  viewer: Viewer,
  date: string,
  delegations: readonly DelegationView[],
  names: ReadonlyMap<string, string>,
) {
  const texts = [
    { path: 'agenda.txt', bytes: Buffer.from(agendaText(src), 'utf8') },
    { path: 'delegations.txt', bytes: Buffer.from(delegationsText(delegations, names), 'utf8') },
  ];
  const files = src.documents
    .filter((d) => canSee(viewer, { mechanism: src.meeting.mechanism, visibility: d.visibility }, date))
    .flatMap((d) => d.files.map((f) => ({ path: `documents/${safeName(d.id)}/${safeName(f.name)}`, file: f })));
  const entries: PackEntry[] = [
    ...texts.map((t) => ({ path: t.path, size: t.bytes.length })),
    ...files.map((f) => ({ path: f.path, size: f.file.size })),
  ];
  return { texts, files, entries, contentBytes: entries.reduce((s, e) => s + e.size, 0) };
}

/** The zip of a plan: its stream, and its exact size (known before the first byte). */
export function packZip(plan: ReturnType<typeof packPlan>, mtime: Date): Promise<{ size: number; stream: Readable }> {
  // yazl is loaded the first time a pack is made: a start does not spend its time importing it.
  const { ZipFile } = createRequire(import.meta.url)('yazl') as typeof import('yazl');
  const zip = new ZipFile();
  for (const t of plan.texts) zip.addBuffer(t.bytes, t.path, { compress: false, mtime, mode: 0o100644 });
  for (const f of plan.files)
    zip.addReadStreamLazy(f.path, { size: f.file.size, compress: false, mtime, mode: 0o100644 }, (cb) => {
      f.file.read().then(
        (bytes) => cb(null, Readable.from([bytes])),
        (err: unknown) => cb(err, Readable.from([])),
      );
    });
  return new Promise((resolve) => {
    // @types/yazl declares the callback without its argument: the total size (-1 when it cannot be known).
    const done = (size: number) => resolve({ size, stream: zip.outputStream as Readable });
    zip.end({ forceZip64Format: false, comment: '' }, done as unknown as () => void);
  });
}
