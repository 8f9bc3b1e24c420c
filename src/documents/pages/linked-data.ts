/**
 * A document as a schema.org DigitalDocument (a CreativeWork when no file or copy of it is known), see
 * registry/pages/linked-data.ts for the `@id` rules: its mechanisms as `sourceOrganization` (the mechanism whose
 * document it is), the meeting it comes from as `recordedAt`, its languages as `inLanguage`, each file held as an
 * `encoding` MediaObject with its SHA-256.
 */
import { compact, jsonLd, ldId, ldText, type LdNode } from '../../web/linked-data.js';
import { ldMechanismRef } from '../../registry/linked-data.js';
import { safeUrl } from '../../web/sources.js';
import type { PageContext } from '../../web/layout.js';
import type { DocumentsService } from '../service.js';

type Detail = Awaited<ReturnType<DocumentsService['get']>>;

/** The date at the precision the data gives it (a year, a month or a day), as ISO 8601 writes it. */
function dateAt(date: string | null, precision: string | null): string | undefined {
  if (date === null || !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(date)) return undefined;
  return precision === 'year' ? date.slice(0, 4) : precision === 'month' ? date.slice(0, 7) : date;
}

export function documentLd(ctx: PageContext, d: Detail): Record<string, unknown> {
  const { lang } = ctx;
  const id = ldId(ctx, `/documents/${d.id}`);
  const own = lang === 'en' ? undefined : d.titles[lang];
  const url = safeUrl(d.url);
  const files = d.versions.map((v): LdNode =>
    compact({
      '@id': ctx.origin + v.file,
      '@type': 'MediaObject',
      contentUrl: ctx.origin + v.file,
      encodingFormat: v.mediaType ?? undefined,
      contentSize: v.sizeBytes === null ? undefined : `${v.sizeBytes} B`,
      sha256: v.sha256 ?? undefined,
      inLanguage: v.language ?? undefined,
    }),
  );
  const organizations = d.mechanisms.map((m) => ldMechanismRef(ctx, m.id, m.name));
  return jsonLd(
    compact({
      '@id': id,
      '@type': files.length || url ? 'DigitalDocument' : 'CreativeWork',
      name: own ? ldText(own, lang) : ldText(d.title, 'en'),
      url: url ?? undefined,
      datePublished: dateAt(d.date, d.datePrecision),
      inLanguage: d.languages.length ? d.languages : undefined,
      sourceOrganization: organizations.length ? organizations : undefined,
      recordedAt: d.meeting
        ? { '@id': ldId(ctx, `/meetings/${d.meeting.id}`), '@type': 'Event', name: ldText(d.meeting.title, 'en') }
        : undefined,
      encoding: files.length ? files : undefined,
    }),
  );
}
