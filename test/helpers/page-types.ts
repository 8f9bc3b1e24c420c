/**
 * One URL of each page type, public and signed in, in the six interface languages (shared by the reflow and axe
 * tests). Signed-in pages are seen by an administrator (who may see every one of them), signed in by `signInAdmin`.
 */
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { AccountsService } from '../../src/accounts/service.js';
import type { DB } from '../../src/db/schema.js';
import { unsubscribeSignature } from '../../src/follow/model.js';
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
  '/documents/joint-valletta-action-plan-2015',
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

/**
 * Public page types whose records `preparePageSessions` makes when the app runs: `{name}` is a value it returns (a
 * published peer-query compilation and its printable report, the invitation and reset forms opened with a real
 * one-time token, the signed unsubscribe link).
 */
export const PUBLIC_MADE_TYPES = [
  '/queries/{published}',
  '/queries/{published}/print',
  '/invite/{invite}',
  '/reset/{reset}',
  '/account/following/unsubscribe?u={admin}&s={unsubscribe}',
  '/commitments/cycles/{cycle}',
];

/** Paths an administrator sees signed in, after the language prefix (`{name}`: made by `preparePageSessions`). */
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
  `/edit/participation/${encodeURIComponent('colombo-process/AFG/member/1')}/correct`,
  `/edit/participation/${encodeURIComponent('colombo-process/AFG/member/1')}/verify`,
  '/edit/countries/SEN',
  '/review',
  '/admin/users',
  '/admin/audit',
  '/queries/new',
  '/spaces/colombo-process',
  '/edit/documents/colombo-process-regional-manual-reintegration-2023/versions/new',
  '/edit/documents/new',
  '/edit/documents/colombo-process-regional-manual-reintegration-2023',
  '/queries/{open}',
  '/queries/{open}/answers/SEN',
  '/spaces/rabat-process/posts/{post}',
  '/meetings/{meeting}/delegations',
  '/assessments/new',
  '/assessments/{assessment}',
  '/assessments/{assessment}/respond/state/SEN',
  '/assessments/{assessment}/report',
  '/assessments/{draft}',
  '/commitments/cycles/new',
  '/commitments/review',
  '/commitments/jvap-2015-domain-1/report?cycle={cycle}',
  '/commitments/updates/{update}',
];
/** Paths the author of a returned change sees signed in (a mechanism's editor, not an administrator). */
export const AUTHOR_TYPES = ['/changes/{change}', '/changes/{change}/amend'];

export const ADMIN = { email: 'page-types-admin@example.org', password: 'a long enough password' };
export const EDITOR = { email: 'page-types-editor@example.org', password: 'a long enough password' };
/** The digest secret the page-type apps are built with (the unsubscribe link is signed with it). */
export const PAGE_TYPES_SECRET = 'page-types-session-secret';

/** PAGES=a,b runs only the page types whose label contains one of the substrings (to look at a few while fixing). */
const only = (urls: PageUrl[]) => {
  const want = process.env.PAGES?.split(',').filter(Boolean);
  return want?.length ? urls.filter((u) => want.some((w) => u.label.includes(w))) : urls;
};

/** Who looks at a page: nobody signed in, the administrator, or the author of a returned change. */
export type Viewer = 'public' | 'admin' | 'author';

export interface PageUrl {
  label: string;
  /** May hold `{name}` placeholders: `fillPath(path, made)` once `preparePageSessions` has run. */
  path: string;
  status: number;
  viewer: Viewer;
}

/** `path` with every `{name}` replaced by the value `preparePageSessions` made (an unknown name is an error). */
export function fillPath(path: string, made: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = made[name];
    if (v === undefined) throw new Error(`page types: nothing made for {${name}} in ${path}`);
    return encodeURIComponent(v);
  });
}

export type PageLang = (typeof PAGE_LANGS)[number];

/** The public page types in `langs` (and, when English is among them, the pages without a language prefix). */
export function pageUrls(langs: readonly PageLang[] = PAGE_LANGS): PageUrl[] {
  return only([
    ...langs.flatMap((lang) =>
      [...PAGE_TYPES, ...PUBLIC_ERRORS, ...PUBLIC_MADE_TYPES].map((p) => ({
        label: `${lang}${p}`,
        path: `/${lang}${p === '/' ? '/' : p}`,
        status: STATUS[p] ?? 200,
        viewer: 'public' as const,
      })),
    ),
    ...(langs.includes('en') ? UNPREFIXED : []).map((p) => ({
      label: p,
      path: p,
      status: 200,
      viewer: 'public' as const,
    })),
  ]);
}

/** The signed-in page types in `langs` (labels start with "signed in" or "author"). */
export function signedInUrls(langs: readonly PageLang[] = PAGE_LANGS): PageUrl[] {
  return only(
    langs.flatMap((lang) => [
      ...SIGNED_IN_TYPES.map((p) => ({
        label: `signed in ${lang}${p}`,
        path: `/${lang}${p}`,
        status: 200,
        viewer: 'admin' as const,
      })),
      ...AUTHOR_TYPES.map((p) => ({
        label: `author ${lang}${p}`,
        path: `/${lang}${p}`,
        status: 200,
        viewer: 'author' as const,
      })),
    ]),
  );
}

type Cookie = { name: string; value: string; url: string };

/** Sign in through the form; the session cookies, for a browser context at `base`. */
async function signIn(app: FastifyInstance, base: string, who: { email: string; password: string }): Promise<Cookie[]> {
  const client = new Client(app);
  const res = await client.signIn(who.email, who.password);
  if (res.statusCode !== 303) throw new Error(`sign-in of ${who.email}: ${res.statusCode}`);
  return [...client.cookies].map(([name, value]) => ({ name, value, url: base }));
}

/**
 * Create the administrator (also Senegal's focal point, so that it may answer for a State) and an editor of the
 * Rabat Process, sign both in, and make through the API what the made page types show: a published and an open
 * peer query, a member-space post, a registered delegation, a sent and a draft assessment, a reporting cycle and a reported
 * update of a commitment, the editor's change returned by the administrator, an invitation and a reset link (their
 * one-time tokens), the signed unsubscribe link. The app must be built with `digestSecret: PAGE_TYPES_SECRET`.
 */
export async function preparePageSessions(
  db: Kysely<DB>,
  app: FastifyInstance,
  base: string,
): Promise<{ cookies: Record<Exclude<Viewer, 'public'>, Cookie[]>; made: Record<string, string> }> {
  const accounts = new AccountsService(db);
  const admin = await accounts.createUser(
    { email: ADMIN.email, displayName: 'Page types administrator', password: ADMIN.password },
    'system',
  );
  await accounts.grant(admin, { role: 'admin', scopeType: null, scopeId: null }, 'system');
  const editor = await accounts.createUser(
    { email: EDITOR.email, displayName: 'Rabat Process secretariat', password: EDITOR.password },
    'system',
  );
  await accounts.grant(editor, { role: 'editor', scopeType: 'mechanism', scopeId: 'rabat-process' }, 'system');
  const tokens = {
    admin: await accounts.createToken(admin, 'page types', 'system'),
    editor: await accounts.createToken(editor, 'page types', 'system'),
  };
  const api = async (as: keyof typeof tokens, method: 'POST' | 'PUT', url: string, body: unknown = {}) => {
    const res = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${tokens[as]}`, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
    if (res.statusCode >= 300) throw new Error(`page types: ${method} ${url} answered ${res.statusCode}: ${res.body}`);
    return JSON.parse(res.body) as { id: string };
  };
  const made: Record<string, string> = { admin };
  await api('admin', 'POST', '/api/v1/countries/SEN/delegates', { email: ADMIN.email, focalPoint: true });
  const deadline = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
  const ask = (title: string) =>
    api('admin', 'POST', '/api/v1/queries', {
      title,
      mechanisms: ['rabat-process'],
      deadline,
      questions: [
        { text: 'Which ministry leads on labour migration?', kind: 'text' },
        { text: 'Do you post labour attachés abroad?', kind: 'yes-no' },
        { text: 'How many?', kind: 'number' },
      ],
    });
  made.published = (await ask('Labour attachés in countries of destination')).id;
  await api('admin', 'PUT', `/api/v1/queries/${made.published}/answers/SEN`, {
    answers: { q1: 'The ministry in charge of labour.', q2: 'yes', q3: '4' },
    submit: true,
  });
  await api('admin', 'POST', `/api/v1/queries/${made.published}/publish`);
  made.open = (await ask('Pre-departure orientation')).id;
  made.post = (
    await api('admin', 'POST', '/api/v1/spaces/rabat-process/posts', {
      title: 'Agenda of the next senior officials meeting',
      body: 'The draft agenda is attached to the meeting pack.\n\nComments are welcome until the deadline.',
      visibility: 'members',
    })
  ).id;
  const meeting = await db
    .selectFrom('meeting')
    .select('id')
    .where('mechanism_id', '=', 'rabat-process')
    .orderBy('start', 'desc')
    .executeTakeFirstOrThrow();
  made.meeting = meeting.id;
  await api('admin', 'PUT', `/api/v1/meetings/${made.meeting}/delegations/SEN`, {
    persons: [{ name: 'Head of the delegation of Senegal', function: 'Head of delegation' }],
  });
  made.assessment = (
    await api('admin', 'POST', '/api/v1/assessments', {
      title: 'Regional processes and national policy',
      deadline,
      mechanisms: ['colombo-process'],
      states: ['SEN'],
      questions: [
        { addressed: 'mechanism', lens: 'sustainable-structures', kind: 'yes-no', text: 'Written rules?' },
        { addressed: 'state', lens: 'policy-impact', kind: 'text', text: 'Which policy did an ISCM inform?' },
      ],
    })
  ).id;
  await api('admin', 'POST', `/api/v1/assessments/${made.assessment}/send`);
  // A draft, not sent: its page holds the form that edits its questions.
  made.draft = (
    await api('admin', 'POST', '/api/v1/assessments', {
      title: 'Partnerships of the regional processes',
      deadline,
      mechanisms: ['rabat-process'],
      states: [],
      questions: [
        {
          addressed: 'mechanism',
          lens: 'partnership-models',
          kind: 'multiple',
          text: 'Which partners matter most?',
          options: ['UN agencies', 'Other ISCMs', 'Academia'],
        },
      ],
    })
  ).id;
  const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  made.cycle = (
    await api('admin', 'POST', '/api/v1/commitments/cycles', {
      mechanism: 'rabat-process',
      title: 'Follow-up of the Joint Valletta Action Plan',
      deadline: inDays(30),
    })
  ).id;
  made.update = (
    await api('admin', 'POST', '/api/v1/commitments/updates', {
      commitment: 'jvap-2015-domain-1',
      cycle: made.cycle,
      country: 'SEN',
      status: 'in-progress',
      progress: 40,
      date: inDays(0),
      evidenceUrl: 'https://www.rabat-process.org/en/',
    })
  ).id;
  const organization = await db.selectFrom('organization').select('id').orderBy('id').executeTakeFirstOrThrow();
  made.change = (
    await api('editor', 'POST', '/api/v1/participation', {
      mechanism: 'rabat-process',
      organization: organization.id,
      role: 'observer',
      start: '2019',
      sources: ['https://www.rabat-process.org/en/observers'],
    })
  ).id;
  await api('admin', 'POST', `/api/v1/changes/${made.change}/return`, { comment: 'Please cite the decision.' });
  const adminUser = (await accounts.tokenUser(tokens.admin))!;
  await accounts.invite(
    'page-types-invitee@example.org',
    (token) => `${base}/en/invite/${(made.invite = token)}`,
    adminUser,
    null,
  );
  await accounts.requestReset(EDITOR.email, (token) => `${base}/en/reset/${(made.reset = token)}`, null);
  made.unsubscribe = unsubscribeSignature(PAGE_TYPES_SECRET, admin);
  return { cookies: { admin: await signIn(app, base, ADMIN), author: await signIn(app, base, EDITOR) }, made };
}
