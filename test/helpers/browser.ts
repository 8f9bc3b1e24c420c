/**
 * Browser tests run in Debian's Chromium (/usr/bin/chromium, installed by .ci/run), driven by
 * playwright-core — never a downloaded browser. Without Chromium, the tests are skipped with a loud
 * message; with CI=true they fail instead.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTEFACTS = new URL('../../test-results/', import.meta.url).pathname;

export function browserUnavailable(): string | false {
  if (existsSync(CHROMIUM)) return false;
  const reason = `Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`;
  if (process.env.CI === 'true') throw new Error(`${reason}: browser tests must run in CI`);
  console.warn(`\n*** BROWSER TESTS NOT RUN: ${reason}. ***\n`);
  return reason;
}

export function launch(): Promise<Browser> {
  mkdirSync(`${ARTEFACTS}screenshots`, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}
