/**
 * The stored-XSS crawl (issue 10, item 8): payloads written into every editable field through the real
 * write API (a mechanism's profile, a status change, a new meeting with its participants, a new
 * participation, the sources they cite), then every public page type that shows them loaded in
 * Chromium with JavaScript on. A failure: a dialog, a console message or page error carrying a
 * payload's marker or a CSP report (an inline script the page tried to run), an element or attribute
 * a payload would have injected (inline script, on* handler, javascript: URL, iframe), JSON-LD that no
 * longer parses, or a payload's markup unescaped in the HTML served. Each payload must also be shown
 * somewhere as plain text, so the crawl cannot pass by showing nothing.
 */
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../src/db/database.js';
import { AccountsService } from '../../src/accounts/service.js';
import { buildApp, loadReference } from '../../src/app.js';
import type { Browser, Page } from 'playwright-core';
import { browserUnavailable, launch, listenLocally } from '../helpers/browser.js';
import { createTestDatabase } from '../helpers/db.js';
import { MINI } from '../helpers/reference.js';

/** Each carries its marker `xss-N`; none has a control character, so one-line fields take them too. */
export const PAYLOADS = [
  `<script>alert('xss-1')</script>`,
  `"><img src=x onerror=alert('xss-2')>`,
  `'><svg onload=alert('xss-3')>`,
  `</title><script>alert('xss-4')</script>`,
  `javascript:alert('xss-5')`,
  `<a href="javascript:alert('xss-6')">link</a>`,
  `</textarea><iframe srcdoc="<script>alert('xss-7')</script>">`,
  `</script><script>alert('xss-8')</script>`,
] as const;
/** Cited as sources and as a website: http(s) URLs (no spaces) that carry markup. */
const URL_PAYLOADS = [
  `https://example.org/?q="><script>alert('xss-9')</script>`,
  `https://example.org/"><svg/onload=alert('xss-10')>`,
];
/** Markup that, found in the HTML as served, means a payload was not escaped. */
const UNESCAPED = [
  /<script>alert\(/i,
  /<img src=x/i,
  /<svg[ /]onload/i,
  /<iframe/i,
  /href="javascript:/i,
  /<a href="javascript/i,
];

export interface XssReport {
  engine: Engine;
  skipped?: string;
  writes: number;
  pages: number;
  failures: string[];
}

async function writeAll(
  app: FastifyInstance,
  token: string,
  langs: readonly string[],
): Promise<{ writes: number; urls: string[] }> {
  const api = async (method: string, url: string, body: unknown, ifMatch?: number) => {
    const res = await app.inject({
      method: method as 'POST',
      url: `/api/v1/${url}`,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...(ifMatch === undefined ? {} : { 'if-match': `"${ifMatch}"` }),
      },
      payload: JSON.stringify(body),
    });
    return { status: res.statusCode, body: res.json<{ recordId?: string; version?: number; detail?: string }>() };
  };
  const mechanism = (await app.inject('/api/v1/mechanisms/alpha-process')).json<{ version: number }>();
  const p = PAYLOADS;
  const must = (what: string, r: { status: number; body: { detail?: string } }, ok: number[]) => {
    if (!ok.includes(r.status)) throw new Error(`${what}: ${r.status} ${r.body.detail ?? ''}`);
  };
  // A javascript: URL is refused where a URL is stored (website, sources).
  const js = await api(
    'PATCH',
    'mechanisms/alpha-process',
    { fields: { website: `javascript:alert('xss-5')` }, sources: [URL_PAYLOADS[0]] },
    mechanism.version,
  );
  if (js.status !== 400) throw new Error(`a javascript: website was not refused (${js.status})`);
  const profile = await api(
    'PATCH',
    'mechanisms/alpha-process',
    {
      fields: {
        acronym: p[1],
        objectives: `${p[0]} ${p[7]}`,
        structure: p[3],
        chair_model: p[2],
        chair_current: p[6],
        chair_since: '2024',
        secretariat_text: p[5],
        membership_note: p[4],
        notes: `${p[0]}\n${p[1]}`,
        website: URL_PAYLOADS[1],
      },
      sources: URL_PAYLOADS,
      note: p[3],
    },
    mechanism.version,
  );
  must('mechanism profile', profile, [200]);
  const status = await api(
    'POST',
    'mechanisms/alpha-process/status',
    { status: 'dormant', since: '2025', note: p[2], sources: [URL_PAYLOADS[0]] },
    profile.body.version,
  );
  must('mechanism status', status, [200]);
  const meeting = await api('POST', 'meetings', {
    mechanism: 'alpha-process',
    fields: {
      title: p[3],
      kind: 'workshop',
      status: 'held',
      start: '2024-05-05',
      city: p[1],
      host: p[2],
      theme: p[0],
      notes: `${p[5]} ${p[6]}`,
      country_code: 'SEN',
    },
    participants: [
      { country: 'SEN', role: 'host', name: p[1] },
      { organization: 'iom', role: 'observer', name: p[7] },
    ],
    sources: URL_PAYLOADS,
    note: p[0],
  });
  must('meeting', meeting, [201]);
  const participation = await api('POST', 'participation', {
    mechanism: 'alpha-process',
    country: 'KEN',
    role: 'member',
    start: '2020',
    note: `${p[0]} ${p[1]}`,
    sources: [URL_PAYLOADS[0]],
  });
  must('participation', participation, [201]);
  const meetingId = meeting.body.recordId!;
  const partId = participation.body.recordId!;
  const paths = [
    '/',
    '/mechanisms',
    '/mechanisms/alpha-process',
    '/countries',
    '/countries/KEN',
    '/countries/SEN',
    '/map',
    '/overlaps',
    '/timeline',
    '/themes',
    '/meetings',
    `/meetings/${encodeURIComponent(meetingId)}`,
    '/history/mechanism/alpha-process',
    `/history/meeting/${encodeURIComponent(meetingId)}`,
    `/history/participation/${encodeURIComponent(partId)}`,
  ];
  // CI size: the pages that show the payloads (the record pages and their histories); full size: every page type.
  const crawled = langs.length > 1 ? paths : paths.filter((x) => /alpha-process|KEN|meetings\//.test(x));
  return { writes: 5, urls: langs.flatMap((l) => crawled.map((x) => `/${l}${x}`)) };
}

/** What a page shows that a payload would have injected, and its text (title and body). */
function inspect(page: Page) {
  return page.evaluate(() => {
    const bad: string[] = [];
    for (const s of Array.from(document.querySelectorAll('script'))) {
      if (s.src && new URL(s.src).origin !== location.origin) bad.push(`a script from ${s.src}`);
      if (!s.src && s.type === 'application/ld+json') {
        try {
          JSON.parse(s.textContent ?? '');
        } catch {
          bad.push('JSON-LD that does not parse (a payload broke out of it)');
        }
      } else if (!s.src) bad.push(`an inline script: ${(s.textContent ?? '').slice(0, 80)}`);
    }
    for (const e of Array.from(document.querySelectorAll('*'))) {
      for (const a of Array.from(e.attributes)) {
        if (a.name.startsWith('on')) bad.push(`<${e.localName} ${a.name}="${a.value.slice(0, 60)}">`);
        if (['href', 'src', 'action', 'formaction'].includes(a.name) && /^\s*javascript:/i.test(a.value))
          bad.push(`<${e.localName} ${a.name}="${a.value.slice(0, 60)}">`);
      }
    }
    if (document.querySelector('iframe, object, embed')) bad.push('an iframe, object or embed');
    if (document.querySelector('img[src="x"]')) bad.push('an injected <img src=x>');
    return { bad, text: `${document.title}\n${document.body.innerText}` };
  });
}

/**
 * The crawl's own check: the same detectors on a page that shows the payloads unescaped must find
 * them (else a pass would mean nothing). Returns what they missed.
 */
async function selfCheck(browser: Browser): Promise<string[]> {
  const context = await browser.newContext();
  const page = await context.newPage();
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  await page.setContent(
    `<html><head><title>t${PAYLOADS[3]}</title></head><body>${PAYLOADS.join('<br>')}</body></html>`,
  );
  const found = await inspect(page);
  await context.close();
  const missed: string[] = [];
  if (dialogs === 0) missed.push('no dialog from unescaped payloads');
  for (const want of [/inline script/, /onerror/, /onload/, /javascript:/, /iframe/])
    if (!found.bad.some((b) => want.test(b))) missed.push(`the detectors missed ${want.source}`);
  return missed;
}

/** `langs`: the page languages crawled (the full run takes en and fr and every page type; CI en and the record pages). */
export async function xssCrawl(engine: Engine, langs: readonly string[] = ['en', 'fr']): Promise<XssReport> {
  const noBrowser = browserUnavailable();
  if (noBrowser) return { engine, skipped: noBrowser, writes: 0, pages: 0, failures: [] };
  const t = await createTestDatabase(engine);
  await loadReference(t.db, MINI);
  const accounts = new AccountsService(t.db, async () => {});
  const admin = await accounts.createUser(
    { email: 'xss-admin@example.org', displayName: 'XSS', password: 'a long enough password' },
    'system',
  );
  await accounts.grant(admin, { role: 'admin', scopeType: null, scopeId: null }, 'system');
  const token = await accounts.createToken(admin, 'xss', 'system');
  const app = await buildApp({ database: t, sessionSecret: 'reliability-xss', cacheTtlMs: 0 });
  const failures: string[] = [];
  const shown = new Set<string>();
  let pages = 0;
  let writes = 0;
  const browser = await launch();
  try {
    for (const m of await selfCheck(browser)) failures.push(`self-check: ${m}`);
    const w = await writeAll(app, token, langs);
    writes = w.writes;
    const base = await listenLocally(app);
    const context = await browser.newContext();
    for (const url of w.urls) {
      const page = await context.newPage();
      const fail = (what: string) => failures.push(`${engine} ${url}: ${what}`);
      page.on('dialog', (d) => {
        fail(`a dialog opened: ${d.message()}`);
        void d.dismiss();
      });
      page.on('console', (m) => {
        if (/xss-\d|Content Security Policy/i.test(m.text())) fail(`console: ${m.text().slice(0, 160)}`);
      });
      page.on('pageerror', (e) => fail(`page error: ${e.message.slice(0, 160)}`));
      const res = await page.goto(base + url, { waitUntil: 'load' });
      pages++;
      if (res?.status() !== 200) fail(`status ${res?.status()}`);
      const html = (await res?.text()) ?? '';
      for (const re of UNESCAPED) if (re.test(html)) fail(`unescaped markup ${re.source} in the HTML served`);
      const found = await inspect(page);
      for (const b of found.bad) fail(b);
      for (const pl of [...PAYLOADS, ...URL_PAYLOADS]) if (found.text.includes(pl)) shown.add(pl);
      await page.close();
    }
    await context.close();
    for (const pl of PAYLOADS)
      if (!shown.has(pl)) failures.push(`${engine}: payload ${pl} is shown as text on no page crawled`);
  } catch (err) {
    failures.push(`${engine}: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await browser.close();
    await app.close();
    await t.dispose();
  }
  return { engine, writes, pages, failures };
}
