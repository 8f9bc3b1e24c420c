/**
 * Assessments in a real Chromium with JavaScript off, on the bundled reference data: a State's delegate fills in
 * the answer form (text, scale, several choices), saves a draft, submits; the unit reads the results and publishes
 * them; the list, the answer form, the assessment with its results and charts, the report and the create form pass
 * axe (WCAG 2.2 AA), in English and in Arabic (right to left).
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
import { PASSWORD, roleEmail, seedRoleUsers } from '../helpers/roles.js';

const skip = browserUnavailable();
const SEN = 'delegate of SEN';

describe('assessments in Chromium', { skip }, () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let browser: Browser;
  let base = '';
  let id = '';
  let page: Page;
  let senCookies: Cookies = [];
  let adminCookies: Cookies = [];
  let adminToken = '';
  before(async () => {
    t = await createTestDatabase('sqlite');
    await loadReference(t.db);
    app = await buildApp({ database: t });
    const { tokens } = await seedRoleUsers(t.db, ['admin', SEN]);
    adminToken = tokens.admin!;
    const call = async (url: string, payload: unknown, status = 201) => {
      const res = await app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        payload: JSON.stringify(payload),
      });
      assert.equal(res.statusCode, status, res.body);
      return JSON.parse(res.body) as { id: string };
    };
    await call('/api/v1/countries/SEN/delegates', { email: roleEmail(SEN), focalPoint: true });
    const deadline = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    id = (
      await call('/api/v1/assessments', {
        title: 'Regional processes and national policy',
        deadline,
        mechanisms: ['colombo-process'],
        states: ['SEN'],
        questions: [
          { addressed: 'mechanism', lens: 'sustainable-structures', kind: 'yes-no', text: 'Written rules?' },
          { addressed: 'state', lens: 'policy-impact', kind: 'text', text: 'Which policy did an ISCM inform?' },
          {
            addressed: 'state',
            lens: 'policy-impact',
            kind: 'scale',
            text: 'How relevant are ISCMs today?',
            scale: { min: 1, max: 5 },
          },
          {
            addressed: 'state',
            lens: 'partnership-models',
            kind: 'multiple',
            text: 'Which partners matter most?',
            options: ['UN agencies', 'Other ISCMs', 'Academia'],
          },
        ],
      })
    ).id;
    await call(`/api/v1/assessments/${id}/send`, {}, 200);
    base = await listenLocally(app);
    browser = await launch();
    page = await signedInPage(browser, base, roleEmail(SEN), PASSWORD);
    senCookies = await page.context().cookies();
    const admin = await signedInPage(browser, base, roleEmail('admin'), PASSWORD);
    adminCookies = await admin.context().cookies();
    await admin.context().close();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await t?.dispose();
  });

  it('the task list leads to the answer form, which works with JavaScript off', async () => {
    await page.goto(`${base}/en/assessments`);
    await Promise.all([
      page.waitForURL(/respond\/state\/SEN$/),
      page.getByRole('link', { name: /Answer “Regional processes and national policy” for Senegal/ }).click(),
    ]);
    await page.getByLabel('Which policy did an ISCM inform?').fill('The 2018 national labour migration policy.');
    await Promise.all([page.waitForURL(/notice=draft/), page.getByRole('button', { name: 'Save as draft' }).click()]);
    assert.match(await page.locator('[role=status]').innerText(), /Your draft is saved/);
    await Promise.all([
      page.waitForURL(/respond\/state\/SEN$/),
      page.getByRole('button', { name: 'Submit the answers' }).click(),
    ]);
    assert.match(await page.locator('[role=alert]').innerText(), /not answered/);
    await page
      .getByRole('group', { name: /How relevant are ISCMs today/ })
      .getByLabel('4')
      .check();
    const partners = page.getByRole('group', { name: /Which partners matter most/ });
    await partners.getByLabel('UN agencies').check();
    await partners.getByLabel('Other ISCMs').check();
    await Promise.all([
      page.waitForURL(/notice=submit/),
      page.getByRole('button', { name: 'Submit the answers' }).click(),
    ]);
    assert.match(await page.locator('#status').innerText(), /^Submitted/);
    await page.screenshot({ path: `${ARTEFACTS}screenshots/assessment-answer-form.png`, fullPage: true });
    const results = await page.goto(`${base}/en/assessments/${id}/report`);
    assert.equal(results?.status(), 403, 'the results are the unit’s until published');
  });

  it('the unit reads the results (chart and table) and the report on the impact data', async () => {
    const admin = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await admin.context().addCookies(adminCookies);
    await admin.goto(`${base}/en/assessments/${id}`);
    const table = admin.locator('table', { hasText: 'Answers to question 3, in figures' });
    assert.match(await table.innerText(), /4\s+1/);
    assert.equal(await admin.locator('svg.bc title', { hasText: 'Answers to question 3' }).count(), 1);
    await admin.goto(`${base}/en/assessments/${id}/report`);
    const text = await admin.locator('main').innerText();
    assert.match(text, /The registry records [1-9]\d* achievements of [1-9]\d* mechanisms/);
    assert.match(text, /2\. Structures/);
    assert.match(text, /The 2018 national labour migration policy/);
    await admin.screenshot({ path: `${ARTEFACTS}screenshots/assessment-report.png`, fullPage: true });
    await admin.context().close();
  });

  for (const [path, who] of [
    ['/en/assessments', 'sen'],
    ['/ar/assessments', 'sen'],
    ['/en/assessments/{id}/respond/state/SEN', 'sen'],
    ['/ar/assessments/{id}/respond/state/SEN', 'sen'],
    ['/en/assessments/{id}', 'admin'],
    ['/ar/assessments/{id}', 'admin'],
    ['/en/assessments/{id}/report', 'admin'],
    ['/ar/assessments/{id}/report', 'admin'],
    ['/en/assessments/new', 'admin'],
    ['/ar/assessments/new', 'admin'],
  ] as const) {
    it(`axe: ${path} (${who})`, async () => {
      assert.deepEqual(
        await axeViolations(browser, base + path.replace('{id}', id), who === 'sen' ? senCookies : adminCookies, {
          expectStatus: 200,
        }),
        [],
      );
    });
  }

  it('published: the assessment and its report are public pages', async () => {
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/assessments/${id}/publish`,
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      payload: '{}',
    });
    assert.equal(res.statusCode, 200, res.body);
    for (const path of [`/en/assessments/${id}`, `/ar/assessments/${id}/report`])
      assert.deepEqual(await axeViolations(browser, base + path, [], { expectStatus: 200 }), []);
  });
});
