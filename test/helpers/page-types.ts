/**
 * One URL of each page type, public and signed in, in the six interface languages (shared by the reflow and axe
 * tests). Signed-in pages are seen by an administrator (who may see every one of them), signed in by `signInAdmin`.
 */
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { AccountsService } from '../../src/accounts/service.js';
import type { DB } from '../../src/db/schema.js';
import { Client } from './client.js';

/** The language version `preparePageTypes` gives a document, for its HTML rendition page. */
export const RENDITION_VERSION = 'v-page-types-en';

/**
 * What the page types need beyond `loadReference(db)`, written before the app is built (axe-all and reflow call
 * it): one language version of a document whose text was read (two pages, numbered paragraphs), for the
 * rendition page. The file itself is not stored (the page only links to it).
 */
export async function preparePageTypes(db: Kysely<DB>): Promise<void> {
  const now = new Date().toISOString();
  const id = RENDITION_VERSION;
  await db
    .insertInto('document_version')
    .values({
      id,
      document_id: 'colombo-process-regional-manual-reintegration-2023',
      lang: 'en',
      status: 'official',
      sha256: '0'.repeat(64),
      size_bytes: 48_213,
      media_type: 'application/pdf',
      blob_key: '0'.repeat(64),
      pages: 2,
      text_status: 'extracted',
      text_error: null,
      created_at: now,
      created_by: 'system',
      updated_at: now,
      filename: 'regional-manual.pdf',
    })
    .execute();
  const pages = [
    'Regional manual on reintegration\n1. The manual guides the reintegration of returning migrant workers.',
    '12. Each State designates a focal point for reintegration.\n12(b) The focal point reports every year.',
  ];
  await db
    .insertInto('document_page')
    .values(pages.map((text, i) => ({ version_id: id, page: i + 1, text })))
    .execute();
  await db
    .insertInto('document_paragraph')
    .values([
      { version_id: id, seq: 0, number: null, page: 1, text: 'Regional manual on reintegration' },
      { version_id: id, seq: 1, number: '1', page: 1, text: pages[0]!.split('\n')[1]!.slice(3) },
      { version_id: id, seq: 2, number: '12', page: 2, text: 'Each State designates a focal point for reintegration.' },
      { version_id: id, seq: 3, number: '12(b)', page: 2, text: 'The focal point reports every year.' },
    ])
    .execute();
}

export const PAGE_LANGS = ['en', 'fr', 'es', 'ar', 'zh', 'ru'] as const;
/** Public paths after the language prefix (reference data as loaded by `loadReference(db)`). */
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
  '/partnerships',
  '/structures',
  '/achievements',
  '/achievements/acpeu-acp-observatory-migration-2010',
  '/documents',
  '/documents/colombo-process-regional-manual-reintegration-2023',
  `/documents/colombo-process-regional-manual-reintegration-2023/versions/${RENDITION_VERSION}`,
  '/search?q=Senegal',
  '/data',
  '/queries',
  '/spaces/colombo-process',
  '/history/mechanism/colombo-process',
  '/api/docs',
  '/assessments',
  '/commitments',
  '/commitments/jvap-2015-domain-1',
  '/sign-in',
  '/reset',
  '/no-such-page',
];
/** Pages whose expected status is not 200. */
const STATUS: Record<string, number> = { '/no-such-page': 404, '/invite/no-such-token': 400 };
/** Public pages shown for a link that cannot be used (the invitation page for an unknown token). */
export const PUBLIC_ERRORS = ['/invite/no-such-token'];
/** Pages without a language prefix. */
export const UNPREFIXED = ['/api/docs'];

/** Paths an administrator sees signed in, after the language prefix. */
export const SIGNED_IN_TYPES = [
  '/account',
  '/account/following',
  '/edit',
  '/edit/mechanisms/colombo-process',
  '/edit/mechanisms/colombo-process/profile',
  '/edit/mechanisms/colombo-process/status',
  '/edit/mechanisms/colombo-process/participation/new',
  '/edit/mechanisms/colombo-process/meetings/new',
  '/edit/meetings/colombo-process-2024-colombo-process-permanent-representative-level-meeting',
  `/edit/participation/${encodeURIComponent('colombo-process/AFG/member/1')}`,
  '/edit/countries/SEN',
  '/review',
  '/admin/users',
  '/admin/audit',
  '/queries/new',
  '/spaces/colombo-process',
  '/edit/documents/colombo-process-regional-manual-reintegration-2023/versions/new',
];

export const ADMIN = { email: 'page-types-admin@example.org', password: 'a long enough password' };

/** PAGES=a,b runs only the page types whose label contains one of the substrings (to look at a few while fixing). */
const only = (urls: PageUrl[]) => {
  const want = process.env.PAGES?.split(',').filter(Boolean);
  return want?.length ? urls.filter((u) => want.some((w) => u.label.includes(w))) : urls;
};

export interface PageUrl {
  label: string;
  path: string;
  status: number;
}

export function pageUrls(): PageUrl[] {
  return only([
    ...PAGE_LANGS.flatMap((lang) =>
      [...PAGE_TYPES, ...PUBLIC_ERRORS].map((p) => ({
        label: `${lang}${p}`,
        path: `/${lang}${p === '/' ? '/' : p}`,
        status: STATUS[p] ?? 200,
      })),
    ),
    ...UNPREFIXED.map((p) => ({ label: p, path: p, status: 200 })),
  ]);
}

/** The signed-in page types in every language (labels start with "signed in"). */
export function signedInUrls(): PageUrl[] {
  return only(
    PAGE_LANGS.flatMap((lang) =>
      SIGNED_IN_TYPES.map((p) => ({ label: `signed in ${lang}${p}`, path: `/${lang}${p}`, status: 200 })),
    ),
  );
}

/** Create the administrator and sign in through the form; the session cookies, for a browser context at `base`. */
export async function signInAdmin(
  db: Kysely<DB>,
  app: FastifyInstance,
  base: string,
): Promise<{ name: string; value: string; url: string }[]> {
  const accounts = new AccountsService(db);
  const id = await accounts.createUser(
    { email: ADMIN.email, displayName: 'Page types administrator', password: ADMIN.password },
    'system',
  );
  await accounts.grant(id, { role: 'admin', scopeType: null, scopeId: null }, 'system');
  const client = new Client(app);
  const res = await client.signIn(ADMIN.email, ADMIN.password);
  if (res.statusCode !== 303) throw new Error(`sign-in: ${res.statusCode}`);
  return [...client.cookies].map(([name, value]) => ({ name, value, url: base }));
}
