/** What a reader needs to judge a source: its site and whether the URL is a mirror copy (pure rules). */

/** Hosts that republish documents first published elsewhere (any TLD, any subdomain). */
export const MIRROR_HOSTS = [
  'docslib',
  'lawsdocbox',
  'fdocuments',
  'vdocuments',
  'pdfslide',
  'docsbay',
  'yumpu',
] as const;

/** The host name without "www.", or null when the text is not a URL. */
export function siteOf(url: string): string | null {
  if (!URL.canParse(url)) return null;
  return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
}

/** docslib.org, es.yumpu.com, fdocuments.in, vdocuments.mx …: a copy, not the publisher's original. */
export function isMirror(url: string): boolean {
  const host = siteOf(url);
  if (host === null) return false;
  return host
    .split('.')
    .slice(0, -1)
    .some((label) => (MIRROR_HOSTS as readonly string[]).includes(label));
}
