/**
 * In Chromium, without JavaScript: an editor proposes a new participation and lands on the pending change's page; a
 * reviewer returns it with a comment; the editor amends and resubmits it; the reviewer publishes it and the profile
 * shows it. axe finds nothing on the change page, the amend form and the queue.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { axeViolations, browserUnavailable, signedInPage } from '../helpers/browser.js';
import {
  E2E_PASSWORD as PASSWORD,
  RABAT_EDITOR,
  REVIEWER,
  startEditingSite,
  type EditingSite,
} from '../helpers/editing-site.js';

const skip = browserUnavailable();

describe('propose, return, amend, resubmit, publish in Chromium', { skip }, () => {
  let site: EditingSite;
  let browser: Browser;
  let base = '';
  before(async () => {
    site = await startEditingSite({
      secret: 'e2e-amend-secret',
      reference: 'bundled',
      accounts: [RABAT_EDITOR, REVIEWER],
      app: { cacheTtlMs: 1000 },
    });
    ({ browser, base } = site);
  });
  after(() => site?.close());

  it('the whole flow, with the change page, the amend form and the queue passing axe', async () => {
    const editor = await signedInPage(browser, base, 'editor@rabat.example', PASSWORD);
    await editor.goto(`${base}/en/edit/mechanisms/rabat-process/participation/new`);
    await editor.selectOption('#f-organization', { index: 1 });
    await editor.selectOption('#f-role', 'observer');
    await editor.fill('#f-start', '2019');
    await editor.fill('#f-sources', 'https://www.rabat-process.org/en/observers');
    await Promise.all([
      editor.waitForURL(/\/en\/changes\/[0-9a-f-]{36}\?change=pending$/),
      editor.click('form.edit button[type=submit]:not([name])'),
    ]);
    const changeUrl = editor.url().split('?')[0]!;
    const landing = await editor.locator('main').innerText();
    assert.match(landing, /Your change waits for review/);
    assert.match(landing, /New participation: .+ — .*Rabat Process/);
    assert.match(landing, /Observer/);
    assert.deepEqual(await axeViolations(browser, changeUrl, await editor.context().cookies()), []);

    const reviewer = await signedInPage(browser, base, 'reviewer@example.org', PASSWORD);
    await reviewer.goto(`${base}/en/review`);
    const queue = await reviewer.locator('section.change').first().innerText();
    assert.match(queue, /Proposed by Rabat secretariat/);
    assert.match(queue, /Rabat Process/);
    assert.deepEqual(await axeViolations(browser, `${base}/en/review`, await reviewer.context().cookies()), []);
    await reviewer.locator('section.change').first().locator('input[name=comment]').fill('The list is of 2020.');
    await Promise.all([
      reviewer.waitForURL(/\/en\/review\?done=returned$/),
      reviewer.locator('section.change').first().locator('button:has-text("Return")').click(),
    ]);

    await editor.goto(`${base}/en/review`);
    assert.match(
      await editor.locator('main').innerText(),
      /Returned — Comment for the author: .?The list is of 2020\..?/,
    );
    await Promise.all([editor.waitForURL(/\/amend$/), editor.click('a:has-text("Amend and resubmit")')]);
    assert.equal(await editor.inputValue('#f-start'), '2019', 'the form is filled from the change');
    assert.match(await editor.locator('main').innerText(), /The list is of 2020\./);
    assert.deepEqual(await axeViolations(browser, editor.url(), await editor.context().cookies()), []);
    await editor.fill('#f-start', '2020');
    await Promise.all([
      editor.waitForURL(/change=resubmitted$/),
      editor.click('form.edit button[type=submit]:not([name])'),
    ]);
    assert.match(await editor.locator('main').innerText(), /resubmitted and waits for review/);

    await reviewer.goto(changeUrl);
    assert.match(await reviewer.locator('main').innerText(), /2020/);
    await Promise.all([reviewer.waitForURL(/change=published/), reviewer.click('button:has-text("Publish")')]);
    const history = await reviewer.locator('main').innerText();
    assert.match(history, /proposed by Rabat secretariat, published by Reviewer/);
    assert.match(history, /amended and resubmitted by its author/);
    const profile = await (await reviewer.context().newPage()).goto(`${base}/en/mechanisms/rabat-process`);
    assert.equal(profile!.status(), 200);
  });
});
