/**
 * One URL of each page type, public and signed in, in the six interface languages (shared by the reflow and axe
 * tests). Signed-in pages are seen by an administrator (who may see every one of them), signed in by `signInAdmin`.
 */
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { AccountsService } from '../../src/accounts/service.js';
import type { DB } from '../../src/db/schema.js';
import { Client } from './client.js';

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
