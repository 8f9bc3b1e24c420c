/**
 * Follow in Chromium, without JavaScript: the Follow button of a mechanism page leads to the following page,
 * where the reader confirms; a published change is then listed as unseen; the digest's period and language are
 * chosen with the form. axe (WCAG 2.2 AA) on the following page in all six languages, on a profile page with
 * the Follow section, and on the unsubscribe page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { buildApp, loadReference } from '../../src/app.js';
import { unsubscribeSignature } from '../../src/follow/model.js';
import { LANGS } from '../../src/web/i18n.js';
import {
  axeViolations,
  browserUnavailable,
  launch,
  listenLocally,
  signedInPage,
  type Cookies,
} from '../helpers/browser.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { MINI } from '../helpers/reference.js';
import { PASSWORD, roleEmail, seedRoleUsers } from '../helpers/roles.js';

const skip = browserUnavailable();
const SECRET = 'an e2e digest secret, tests only';

describe('follow in Chromium', { skip }, () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let browser: Browser;
  let base = '';
  let page: Page;
  let cookies: Cookies;
  let ids: Record<string, string>;
  let tokens: Record<string, string>;
  before(async () => {
    t = await createTestDatabase('sqlite');
    await loadReference(t.db, MINI);
    ({ ids, tokens } = await seedRoleUsers(t.db, ['no role', 'admin']));
    app = await buildApp({ database: t, sessionSecret: 'e2e-follow-secret', cacheTtlMs: 0, digestSecret: SECRET });
    base = await listenLocally(app);
    browser = await launch();
    page = await signedInPage(browser, base, roleEmail('no role'), PASSWORD);
    cookies = await page.context().cookies();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await t?.dispose();
  });

  it('follows a mechanism from its page, sees a published change, chooses a daily digest in French', async () => {
    await page.goto(`${base}/en/mechanisms/alpha-process`);
    assert.equal(
      await page.locator('head link[rel=alternate][type="application/atom+xml"]').getAttribute('href'),
      '/feeds/mechanisms/alpha-process.atom?lang=en',
    );
    await Promise.all([page.waitForURL(/\/en\/account\/following\?/), page.click('#follow-h ~ form button')]);
    assert.match(await page.locator('#asked').innerText(), /Do you want to follow Alpha Process\?/);
    await Promise.all([page.waitForURL(/notice=followed/), page.click('#asked button[type=submit]')]);
    assert.match(await page.locator('#notice').innerText(), /You now follow it/);
    assert.match(await page.locator('#followed').innerText(), /Alpha Process/);
    assert.equal(await page.locator('#unseen-none').count(), 1);

    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/participation/${encodeURIComponent('alpha-process/MLI/member/1')}/end`,
      headers: { authorization: `Bearer ${tokens.admin}`, 'if-match': '"1"' },
      payload: { end: '2024-06', endCause: 'left', sources: ['https://example.org/minutes-2024'] },
    });
    assert.equal(res.statusCode, 200, res.body);
    await page.goto(`${base}/en/account/following`);
    assert.match(await page.locator('#unseen').innerText(), /The participation of Mali in Alpha Process was updated\./);

    await page.check('input[name=period][value=daily]');
    await page.selectOption('#digest-lang', 'fr');
    await Promise.all([page.waitForURL(/notice=digest/), page.click('form[action$="/digest"] button[type=submit]')]);
    assert.match(await page.locator('#digest-state').innerText(), /one digest a day/);
    assert.equal(await page.locator('#digest-lang').inputValue(), 'fr');
  });

  it('axe: the following page in every language, a profile page with the Follow section, the unsubscribe page', async () => {
    const found: string[] = [];
    for (const lang of LANGS) {
      for (const v of await axeViolations(browser, `${base}/${lang}/account/following`, cookies, { expectStatus: 200 }))
        found.push(`${lang} following: ${v}`);
    }
    for (const url of ['/ar/mechanisms/alpha-process', '/en/countries/SEN', '/fr/series/global-meetings'])
      for (const v of await axeViolations(browser, `${base}${url}`, [], { expectStatus: 200 }))
        found.push(`${url}: ${v}`);
    const link = `/ru/account/following/unsubscribe?u=${ids['no role']!}&s=${unsubscribeSignature(SECRET, ids['no role']!)}`;
    for (const v of await axeViolations(browser, `${base}${link}`, [], { expectStatus: 200 }))
      found.push(`unsubscribe: ${v}`);
    for (const v of await axeViolations(browser, `${base}/zh/account/following/unsubscribe?u=x&s=y`, [], {
      expectStatus: 400,
    }))
      found.push(`bad link: ${v}`);
    assert.deepEqual(found, []);
  });
});
