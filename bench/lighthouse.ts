/**
 * Lighthouse on the built server (`npm run lighthouse`): `node dist/main.js serve` on a fresh SQLite database (the
 * reference data loads at first start), then home, a profile (the Colombo Process) and a country page (Senegal) in
 * English and Arabic, audited in Debian's Chromium (never a downloaded browser) with Lighthouse's default mobile
 * settings. Prints accessibility, best practices, SEO and performance per page, and the audits that cost points.
 * Not a test: the targets (100, 100, 100, ≥ 95) are checked by reading, and the figures go in bench/README.md.
 *
 * CHROME_PATH (default /usr/bin/chromium); LIGHTHOUSE_PAGES=/en/,/ar/ to audit other paths.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';

const ROOT = new URL('../', import.meta.url).pathname;
const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';
/** The machine's flags for Chromium (/work/.library/env/machines/node-svc.md): its network is closed. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const PAGES = process.env.LIGHTHOUSE_PAGES?.split(',') ?? [
  '/en/',
  '/ar/',
  '/en/mechanisms/colombo-process',
  '/ar/mechanisms/colombo-process',
  '/en/countries/SEN',
  '/ar/countries/SEN',
];
const CATEGORIES = ['accessibility', 'best-practices', 'seo', 'performance'] as const;

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });

const dir = mkdtempSync(join(tmpdir(), 'iscm-lighthouse-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, [join(ROOT, 'dist/main.js'), 'serve'], {
  cwd: ROOT,
  env: {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DATABASE_URL: '',
    SQLITE_PATH: join(dir, 'lighthouse.sqlite'),
    BLOB_DIR: join(dir, 'blobs'),
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const stop = () => {
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
};

try {
  // The first start migrates and loads the reference data: wait until the server answers ready.
  for (let i = 0; ; i++) {
    const ok = await fetch(`${base}/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i > 600 || server.exitCode !== null) throw new Error('the server did not become ready');
    await new Promise((r) => setTimeout(r, 200));
  }
  const chrome = await launch({ chromePath: CHROME, chromeFlags: FLAGS });
  const rows: string[] = [];
  try {
    for (const path of PAGES) {
      await fetch(base + path); // warm the page cache, as a visitor after the first would find it
      // A trace Chromium failed to record (NO_NAVSTART on a busy machine) is run again, up to three times.
      let lhr;
      for (let attempt = 1; ; attempt++) {
        const result = await lighthouse(base + path, {
          port: chrome.port,
          output: 'json',
          logLevel: 'error',
          onlyCategories: [...CATEGORIES],
        });
        lhr = result?.lhr;
        if (lhr && !lhr.runtimeError) break;
        if (attempt === 3) throw new Error(`${path}: ${lhr?.runtimeError?.message ?? 'no result'}`);
      }
      const score = (c: string) => Math.round((lhr.categories[c]?.score ?? 0) * 100);
      const lost = Object.values(lhr.audits)
        .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative')
        .filter((a) => CATEGORIES.some((c) => lhr.categories[c]?.auditRefs.some((r) => r.id === a.id && r.weight > 0)))
        .map((a) => `${a.id} (${a.displayValue ?? a.score})`);
      const m = (id: string) => lhr.audits[id]?.displayValue ?? '?';
      rows.push(
        `| ${path} | ${CATEGORIES.map(score).join(' | ')} | ${m('first-contentful-paint')} | ${m('largest-contentful-paint')} | ${m('total-blocking-time')} | ${m('cumulative-layout-shift')} | ${lost.join(', ') || '—'} |`,
      );
      process.stdout.write(`${rows.at(-1)}\n`);
    }
  } finally {
    chrome.kill();
  }
  process.stdout.write(
    `\n| page | accessibility | best practices | SEO | performance | FCP | LCP | TBT | CLS | audits below 1 |\n|---|---|---|---|---|---|---|---|---|---|\n${rows.join('\n')}\n`,
  );
} finally {
  stop();
}
