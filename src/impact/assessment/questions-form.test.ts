/**
 * The questions form on a draft assessment's page in Chromium with JavaScript off: the unit removes a question
 * (empties it) and adds one in a blank row, the page shows the new questionnaire. (axe on this form: not yet, see the report.) The route's checks and the API are tested in assessment.test.ts on both engines.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { buildApp, loadReference } from '../../app.js';
import { today } from '../../registry/model.js';
import { browserUnavailable, launch, listenLocally, signedInPage } from '../../../test/helpers/browser.js';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.js';
import { MINI } from '../../../test/helpers/reference.js';
import { PASSWORD, roleEmail, seedRoleUsers } from '../../../test/helpers/roles.js';

const DEADLINE = new Date(Date.parse(`${today()}T00:00:00Z`) + 10 * 86_400_000).toISOString().slice(0, 10);

describe('the questions form in Chromium', { skip: browserUnavailable() }, () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let base = '';
  let id = '';

  before(async () => {
    t = await createTestDatabase('sqlite');
    await loadReference(t.db, MINI);
    app = await buildApp({ database: t });
    const { tokens } = await seedRoleUsers(t.db, ['admin']);
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/assessments',
      headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'application/json' },
      payload: JSON.stringify({
        title: 'Form check',
        deadline: DEADLINE,
        states: ['SEN'],
        questions: [
          { addressed: 'state', lens: null, kind: 'text', text: 'First question?' },
          { addressed: 'state', lens: 'policy-impact', kind: 'yes-no', text: 'Second question?' },
        ],
      }),
    });
    assert.equal(r.statusCode, 201, r.body);
    id = (JSON.parse(r.body) as { id: string }).id;
    base = await listenLocally(app);
    browser = await launch();
    page = await signedInPage(browser, base, roleEmail('admin'), PASSWORD);
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await t?.dispose();
  });

  it('removes a question and adds one, without JavaScript', async () => {
    await page.goto(`${base}/en/assessments/${id}`);
    await page.fill('#eq0-text', '');
    await page.fill('#eq2-text', 'Third question?');
    await page.selectOption('#eq2-kind', 'scale');
    await page.fill('#eq2-min', '1');
    await page.fill('#eq2-max', '4');
    await Promise.all([page.waitForURL(/notice=questions/), page.click('form[action$="/questions"] button')]);
    const list = await page.locator('ol.questions li').allTextContents();
    assert.equal(list.length, 2);
    assert.match(list[0]!, /Second question\?/);
    assert.match(list[1]!, /Third question\?.*1–4/);
  });
});
