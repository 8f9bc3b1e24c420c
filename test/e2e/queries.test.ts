/**
 * Peer queries in a real Chromium with JavaScript off: a delegate of a member State fills in the answer form (text,
 * yes/no, single choice, number, date), saves a draft, submits; the compilation, its printable report and the answer
 * form pass axe (WCAG 2.2 AA), in English and in Arabic (right to left).
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
const SEN = 'delegate of SEN (member)';

describe('peer queries in Chromium', { skip }, () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let browser: Browser;
  let base = '';
  let id = '';
  let page: Page;
  let cookies: Cookies = [];
  before(async () => {
    t = await createTestDatabase('sqlite');
    await loadReference(t.db, MINI);
    app = await buildApp({ database: t });
    const { tokens } = await seedRoleUsers(t.db, ['admin', SEN]);
    const call = async (token: string, url: string, payload: unknown) => {
      const res = await app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        payload: JSON.stringify(payload),
      });
      assert.equal(res.statusCode, 201, res.body);
      return JSON.parse(res.body) as { id: string };
    };
    await call(tokens.admin!, '/api/v1/countries/SEN/delegates', { email: roleEmail(SEN), focalPoint: true });
    const deadline = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    id = (
      await call(tokens[SEN]!, '/api/v1/queries', {
        title: 'Labour migration practices',
        mechanisms: ['alpha-process'],
        deadline,
        questions: [
          { text: 'Describe your pre-departure orientation.', kind: 'text' },
          { text: 'Do you post labour attachés abroad?', kind: 'yes-no' },
          { text: 'Which ministry leads?', kind: 'choice', options: ['Interior', 'Labour', 'Foreign affairs'] },
          { text: 'How many attachés?', kind: 'number' },
          { text: 'Since when?', kind: 'date' },
        ],
      })
    ).id;
    base = await listenLocally(app);
    browser = await launch();
    page = await signedInPage(browser, base, roleEmail(SEN), PASSWORD);
    cookies = await page.context().cookies();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await t?.dispose();
  });

  it('the answer form works with JavaScript off: a draft, a refused value, then submitted answers', async () => {
    await page.goto(`${base}/en/queries/${id}/answers/SEN`);
    await page.getByLabel('Describe your pre-departure orientation.').fill('Two days of courses before departure.');
    await page.getByLabel('How many attachés?').fill('twelve');
    await Promise.all([page.waitForURL(/answers\/SEN$/), page.getByRole('button', { name: 'Save the draft' }).click()]);
    assert.match(await page.locator('[role=alert]').innerText(), /must be a number/);
    assert.equal(await page.getByLabel('How many attachés?').inputValue(), 'twelve', 'what was typed is kept');
    await page.getByLabel('How many attachés?').fill('12');
    await Promise.all([page.waitForURL(/notice=draft/), page.getByRole('button', { name: 'Save the draft' }).click()]);
    assert.match(await page.locator('[role=status]').innerText(), /Your draft is saved/);
    await page
      .getByRole('group', { name: /Do you post labour attachés abroad/ })
      .getByLabel('Yes')
      .check();
    await page
      .getByRole('group', { name: /Which ministry leads/ })
      .getByLabel('Labour')
      .check();
    await page.getByLabel('Since when?').fill('2015-03-01');
    await Promise.all([
      page.waitForURL(/notice=submit/),
      page.getByRole('button', { name: 'Submit the answers' }).click(),
    ]);
    assert.match(await page.locator('#status').innerText(), /^Submitted/);
    await page.screenshot({ path: `${ARTEFACTS}screenshots/query-answer-form.png`, fullPage: true });
    await page.goto(`${base}/en/queries/${id}`);
    const row = page.locator('table.compilation tbody tr', { hasText: 'Senegal' });
    assert.match(await row.innerText(), /Two days of courses before departure\.\s+Yes\s+Labour\s+12\s+March 1, 2015/);
    assert.match(await page.locator('dl.facts').innerText(), /1 of 2 States asked have answered \(50 %\)/);
  });

  for (const path of [
    '/en/queries/{id}/answers/SEN',
    '/en/queries/{id}',
    '/en/queries/{id}/print',
    '/ar/queries/{id}',
    '/en/queries/new',
    '/ru/queries',
  ]) {
    it(`axe: ${path}`, async () => {
      assert.deepEqual(
        await axeViolations(browser, base + path.replace('{id}', id), cookies, { expectStatus: 200 }),
        [],
      );
    });
  }
});
