/** Documents: the vocabularies, the shape of language versions and their text, facets and search records. No I/O. */

export const DOCUMENT_KINDS = [
  'action-plan',
  'agenda',
  'chairs-summary',
  'declaration',
  'factsheet',
  'guidelines',
  'handbook',
  'joint-conclusions',
  'outcome-document',
  'recommendations',
  'report',
  'statement',
  'strategy',
  'study',
  'terms-of-reference',
  'work-plan',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const CONFIDENCES = ['high', 'medium', 'low'] as const;
export type Confidence = (typeof CONFIDENCES)[number];
export const DATE_PRECISIONS = ['year', 'month', 'day'] as const;
export const MEETING_MATCHES = ['global_meeting', 'date', 'date+place'] as const;

/**
 * Who may see a document (migration 0100): everybody (`public`, the default), or only inside the member space of
 * its mechanisms — the delegates of their member States (`members`), also those of observer States
 * (`members-and-observers`) — with its secretariat and administrators. The same words as a space item's visibility.
 */
export const DOCUMENT_VISIBILITIES = ['public', 'members', 'members-and-observers'] as const;
export type DocumentVisibility = (typeof DOCUMENT_VISIBILITIES)[number];
export const isDocumentVisibility = (v: unknown): v is DocumentVisibility =>
  typeof v === 'string' && (DOCUMENT_VISIBILITIES as readonly string[]).includes(v);

/** The facets of the documents list (API and page), in display order. */
export const FACETS = ['kind', 'mechanism', 'year', 'language', 'theme'] as const;
export type Facet = (typeof FACETS)[number];

// ---------------------------------------------------------------- files and text (issue 13 items 2-3)

/** How a language version stands to the text as adopted. */
export const VERSION_STATUSES = ['official', 'unofficial', 'machine-translation'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];
/** The six official languages of the United Nations (ISO 639-1), offered first for a language version. */
export const UN_LANGUAGES = ['ar', 'zh', 'en', 'fr', 'ru', 'es'] as const;
/**
 * Other languages the upload form offers (any ISO 639-1 code is valid through the API): those of the States
 * and secretariats the mechanisms bring together.
 */
export const OTHER_LANGUAGES = [
  'am',
  'az',
  'bn',
  'de',
  'el',
  'fa',
  'ha',
  'hi',
  'hy',
  'id',
  'it',
  'ja',
  'ka',
  'kk',
  'km',
  'ko',
  'ky',
  'lo',
  'ms',
  'my',
  'ne',
  'nl',
  'pl',
  'ps',
  'pt',
  'ro',
  'si',
  'so',
  'sq',
  'sr',
  'sw',
  'ta',
  'tg',
  'th',
  'ti',
  'tk',
  'tl',
  'tr',
  'uk',
  'ur',
  'uz',
  'vi',
  'wo',
  'yo',
] as const;
/** Where text extraction of a version stands: `no-text` is a scan without a text layer (no OCR). */
export const TEXT_STATUSES = ['pending', 'extracted', 'no-text', 'failed'] as const;
export type TextStatus = (typeof TEXT_STATUSES)[number];

/** One language version of a document: one file, kept by its sha-256 (tables document_version, _page, _paragraph). */
export interface DocumentVersion {
  id: string;
  document: string;
  /** ISO 639-1 */
  language: string;
  status: VersionStatus;
  sha256: string;
  sizeBytes: number;
  mediaType: string;
  /** The key of the file in the BlobStore. */
  blobKey: string;
  pages: number | null;
  textStatus: TextStatus;
  textError: string | null;
  createdAt: string;
  createdBy: string | null;
}
/** The text of one page, as extracted. */
export interface PageText {
  version: string;
  page: number;
  text: string;
}
/** A paragraph, addressable by its number as printed (12, 12(b), II.3): `/{lang}/documents/{id}#para-12`. */
export interface Paragraph {
  version: string;
  seq: number;
  number: string | null;
  page: number;
  text: string;
}

// ---------------------------------------------------------------- records, facets, search

/** What the list, the facets and the search need of a document. */
export interface DocumentFacts {
  id: string;
  title: string;
  titles: Partial<Record<string, string>>;
  kind: string;
  date: string | null;
  mechanisms: string[];
  languages: string[];
  meeting: string | null;
  summaryFacts: string[];
  adoptedBy: string | null;
}

export const yearOf = (date: string | null): number | null => (date ? Number(date.slice(0, 4)) : null);

export interface FacetCount {
  value: string;
  count: number;
}

/**
 * Counts per facet value over the documents given (those the current filters select). A document counts once
 * per value it has: once per mechanism, per language, per theme of one of its mechanisms. Undated documents have
 * no year and documents no source shows a language of have no language: they count under no value.
 */
export function facetCounts(
  docs: readonly DocumentFacts[],
  themesOf: (mechanism: string) => readonly string[],
): Record<Facet, FacetCount[]> {
  const counters = Object.fromEntries(FACETS.map((f) => [f, new Map<string, number>()])) as Record<
    Facet,
    Map<string, number>
  >;
  const bump = (f: Facet, values: Iterable<string>) => {
    for (const v of new Set(values)) counters[f].set(v, (counters[f].get(v) ?? 0) + 1);
  };
  for (const d of docs) {
    bump('kind', [d.kind]);
    bump('mechanism', d.mechanisms);
    const y = yearOf(d.date);
    if (y !== null) bump('year', [String(y)]);
    bump('language', d.languages);
    bump(
      'theme',
      d.mechanisms.flatMap((m) => themesOf(m)),
    );
  }
  const out = {} as Record<Facet, FacetCount[]>;
  for (const f of FACETS) {
    const list = [...counters[f]].map(([value, count]) => ({ value, count }));
    // Years newest first; the rest by count, then value.
    list.sort((a, b) =>
      f === 'year' ? Number(b.value) - Number(a.value) : b.count - a.count || a.value.localeCompare(b.value),
    );
    out[f] = list;
  }
  return out;
}
