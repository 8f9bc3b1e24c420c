/** One URL of each public page type, in the languages the layout tests use (shared by reflow and axe tests). */
export const PAGE_LANGS = ['en', 'fr'] as const;
/** Paths after the language prefix. */
export const PAGE_TYPES = [
  '/',
  '/mechanisms',
  '/mechanisms/colombo-process',
  '/countries',
  '/countries/SEN',
  '/map',
  '/overlaps',
  '/timeline',
  '/themes',
  '/meetings',
  '/meetings/grcp-8',
  '/series/global-iscm-meetings',
  '/sign-in',
  '/reset',
  '/no-such-page',
];
/** Pages without a language prefix. */
export const UNPREFIXED = ['/api/docs'];

/** Pages added since, and Arabic (right to left), that the reflow test also measures (full paths). */
export const REFLOW_EXTRA = [
  '/en/search?q=Senegal',
  '/ar/search?q=Senegal',
  '/ar/mechanisms/colombo-process',
  '/en/documents',
  '/ar/documents',
  '/en/data',
  '/en/achievements',
  '/ar/achievements',
  '/fr/achievements/acpeu-acp-observatory-migration-2010',
  '/en/structures',
  '/ar/structures',
  '/en/commitments',
  '/ar/commitments',
  '/ar/commitments/jvap-2015-domain-1',
];

export function pageUrls(opts: { extra?: boolean } = {}): { label: string; path: string; status: number }[] {
  return [
    ...(opts.extra ? REFLOW_EXTRA.map((p) => ({ label: p, path: p, status: 200 })) : []),
    ...PAGE_LANGS.flatMap((lang) =>
      PAGE_TYPES.map((p) => ({
        label: `${lang}${p}`,
        path: `/${lang}${p === '/' ? '/' : p}`,
        status: p === '/no-such-page' ? 404 : 200,
      })),
    ),
    ...UNPREFIXED.map((p) => ({ label: p, path: p, status: 200 })),
  ];
}
