/**
 * Meeting delegations in a real Chromium with JavaScript off: SEN's focal point registers its delegation (a refused
 * empty function first, what was typed kept), the secretariat confirms it, the public meeting page then names the
 * State and no person; the pages pass axe (WCAG 2.2 AA) in every interface language.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { buildApp, loadReference } from '../../src/app.js';
import {
  ARTEFACTS,
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
const SEN = 'focal point of SEN';
const SECRETARIAT = 'editor of alpha';
const MEETING = 'alpha-process-2025-ministerial';

describe('meeting delegations in Chromium', { skip }, () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let browser: Browser;
  let base = '';
  let page: Page;
  let cookies: Cookies = [];
  let secretariat: Cookies = [];
  before(async () => {
    t = await createTestDatabase('sqlite');
    await loadReference(t.db, MINI);
    app = await buildApp({ database: t });
    const { tokens } = await seedRoleUsers(t.db, ['admin', SEN, SECRETARIAT]);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/countries/SEN/delegates',
      headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ email: roleEmail(SEN), focalPoint: true }),
    });
    assert.equal(res.statusCode, 201, res.body);
    base = await listenLocally(app);
    browser = await launch();
    page = await signedInPage(browser, base, roleEmail(SEN), PASSWORD);
    cookies = await page.context().cookies();
    const sec = await signedInPage(browser, base, roleEmail(SECRETARIAT), PASSWORD);
    secretariat = await sec.context().cookies();
    await sec.close();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await t?.dispose();
  });

  it('the focal point registers, the secretariat confirms, the public page names the State and no person', async () => {
    await page.goto(`${base}/en/meetings/${MEETING}/delegations`);
    assert.match(await page.locator('form.edit').first().innerText(), /member on the meeting's date/);
    await page.getByLabel('Name of person 1').fill('Awa ZQX Ndiaye');
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Save the delegation' }).click(),
    ]);
    assert.match(await page.locator('[role=alert]').innerText(), /function is empty/);
    assert.equal(await page.getByLabel('Name of person 1').inputValue(), 'Awa ZQX Ndiaye', 'what was typed is kept');
    await page.getByLabel('Function of person 1').fill('Head of delegation');
    await Promise.all([
      page.waitForURL(/notice=registered/),
      page.getByRole('button', { name: 'Save the delegation' }).click(),
    ]);
    assert.match(await page.locator('#delegations').innerText(), /Senegal\s+member on the meeting's date\s+waiting/);
    await page.screenshot({ path: `${ARTEFACTS}screenshots/delegations-register.png`, fullPage: true });
    const sec = await browser.newContext();
    await sec.addCookies(secretariat);
    const sp = await sec.newPage();
    await sp.goto(`${base}/en/meetings/${MEETING}/delegations`);
    await Promise.all([sp.waitForURL(/notice=confirmed/), sp.getByRole('button', { name: 'Confirm' }).click()]);
    assert.match(await sp.locator('#delegations').innerText(), /confirmed/);
    await sec.close();
    const pub = await browser.newPage();
    await pub.goto(`${base}/fr/meetings/${MEETING}`);
    assert.match(await pub.locator('#attendance').innerText(), /États présents par une délégation confirmée : 1/);
    assert.match(await pub.locator('#attendance-states').innerText(), /Sénégal/);
    assert.doesNotMatch(await pub.content(), /ZQX/);
    await pub.close();
  });

  it("the secretariat registers IOM's delegation on its behalf (a refused empty function first), confirms it, the public page names IOM and no person", async () => {
    const sec = await browser.newContext();
    await sec.addCookies(secretariat);
    const sp = await sec.newPage();
    await sp.goto(`${base}/en/meetings/${MEETING}/delegations`);
    const form = sp.locator('#org-register');
    await form.getByLabel('Organization').selectOption('iom');
    await form.getByLabel('Name of person 1').fill('Karim ZQX Haddad');
    await Promise.all([sp.waitForLoadState('load'), form.getByRole('button', { name: 'Save the delegation' }).click()]);
    assert.match(await sp.locator('#org-register [role=alert]').innerText(), /function is empty/);
    assert.equal(await form.getByLabel('Name of person 1').inputValue(), 'Karim ZQX Haddad', 'what was typed is kept');
    assert.equal(await form.getByLabel('Organization').inputValue(), 'iom');
    assert.equal(
      await t.db.selectFrom('meeting_delegation').select('id').where('organization_id', '=', 'iom').executeTakeFirst(),
      undefined,
    );
    await form.getByLabel('Function of person 1').fill('Head of delegation');
    await Promise.all([
      sp.waitForURL(/notice=registered/),
      form.getByRole('button', { name: 'Save the delegation' }).click(),
    ]);
    const table = sp.locator('#org-delegations-table');
    assert.match(
      await table.innerText(),
      /International Organization for Migration\s+observer on the meeting's date\s+waiting/,
    );
    await Promise.all([sp.waitForURL(/notice=confirmed/), table.getByRole('button', { name: 'Confirm' }).click()]);
    assert.match(await sp.locator('#org-delegations-table').innerText(), /confirmed/);
    await sp.screenshot({ path: `${ARTEFACTS}screenshots/delegations-organizations.png`, fullPage: true });
    await sec.close();
    const pub = await browser.newPage();
    await pub.goto(`${base}/fr/meetings/${MEETING}`);
    assert.match(
      await pub.locator('#attendance').innerText(),
      /Organisations présentes par une délégation confirmée : 1/,
    );
    assert.match(
      await pub.locator('#attendance-organizations').innerText(),
      /International Organization for Migration/,
    );
    assert.doesNotMatch(await pub.content(), /ZQX/);
    await pub.close();
  });

  for (const lang of ['en', 'fr', 'es', 'ar', 'zh', 'ru'])
    it(`axe: /${lang}/meetings/${MEETING}/delegations as the secretariat (the organizations' section and form)`, async () => {
      assert.deepEqual(
        await axeViolations(browser, `${base}/${lang}/meetings/${MEETING}/delegations`, secretariat, {
          expectStatus: 200,
        }),
        [],
      );
    });

  for (const lang of ['en', 'fr', 'es', 'ar', 'zh', 'ru'])
    it(`axe: /${lang}/meetings/${MEETING}/delegations and the meeting page`, async () => {
      assert.deepEqual(
        await axeViolations(browser, `${base}/${lang}/meetings/${MEETING}/delegations`, cookies, { expectStatus: 200 }),
        [],
      );
      assert.deepEqual(
        await axeViolations(browser, `${base}/${lang}/meetings/${MEETING}`, [], { expectStatus: 200 }),
        [],
      );
    });
});
