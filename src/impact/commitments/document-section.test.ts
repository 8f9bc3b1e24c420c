/**
 * The commitments a document makes, on its page (impact's `document` section, rendered by the documents feature
 * without either importing the other), on both engines: the JVAP document lists its six commitments, each with
 * its framework position, its state today, a link to its page and, where it gives a paragraph, to that paragraph's
 * anchor on the page; a document that makes none shows no section. axe on the page in Chromium.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { buildApp, loadReference } from '../../app.js';
import { axeViolations, browserUnavailable, launch, listenLocally } from '../../../test/helpers/browser.js';
import { createTestDatabase, engines, type TestDatabase } from '../../../test/helpers/db.js';

const JVAP = 'joint-valletta-action-plan-2015';
const OTHER = 'acp-eu-cotonou-article-13-2000';

for (const { engine, skip } of await engines()) {
  describe(`commitments on the document page on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let app: FastifyInstance;

    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db);
      // the reference gives no paragraph numbers: give two (as a compiler would) before the first read
      await t.db.updateTable('commitment').set({ paragraph: '12(b)' }).where('id', '=', 'jvap-2015-domain-1').execute();
      await t.db.updateTable('commitment').set({ paragraph: 'II.3' }).where('id', '=', 'jvap-2015-domain-2').execute();
      app = await buildApp({ database: t });
    });
    after(async () => {
      await app?.close();
      await t?.dispose();
    });

    const sectionOf = (body: string) => {
      const start = body.indexOf('<section aria-labelledby="document-commitments">');
      return start < 0 ? null : body.slice(start, body.indexOf('</section>', start));
    };

    it('the JVAP document lists its commitments with their position, state and links', async () => {
      const res = await app.inject({ url: `/en/documents/${JVAP}` });
      assert.equal(res.statusCode, 200);
      const s = sectionOf(res.body);
      assert.ok(s, 'the section is on the page');
      assert.match(s, /<h2 id="document-commitments">Commitments made in this document<\/h2>/);
      const ids = [...s.matchAll(/href="\/en\/commitments\/([^"]+)"/g)].map((m) => m[1]);
      assert.deepEqual(
        ids.sort(),
        (await t.db.selectFrom('commitment').select('id').where('document_id', '=', JVAP).execute())
          .map((c) => c.id)
          .sort(),
      );
      assert.equal(ids.length, 6);
      assert.match(s, /<a href="#para-12b">paragraph 12\(b\)<\/a>/);
      assert.match(s, /<a href="#para-II-3">paragraph II\.3<\/a>/);
      assert.equal([...s.matchAll(/href="#para-/g)].length, 2, 'no anchor for a commitment without a paragraph');
      assert.match(s, /not given/);
      assert.match(s, /domain 1\. /, 'the framework position');
      assert.match(s, /No report yet/, 'the state today: nothing reported');
    });

    it('in the reader’s language', async () => {
      const s = sectionOf((await app.inject({ url: `/fr/documents/${JVAP}` })).body);
      assert.ok(s);
      assert.match(s, /Engagements pris dans ce document/);
      assert.match(s, /href="\/fr\/commitments\/jvap-2015-domain-1"/);
      assert.match(s, /<a href="#para-12b">paragraphe 12\(b\)<\/a>/);
    });

    it('a document that makes no commitment shows no section', async () => {
      const res = await app.inject({ url: `/en/documents/${OTHER}` });
      assert.equal(res.statusCode, 200);
      assert.equal(sectionOf(res.body), null);
      assert.doesNotMatch(res.body, /Commitments made in this document/);
    });

    it(
      'axe: the document page with its commitments',
      {
        skip:
          engine !== 'sqlite' ? 'axe runs once, on SQLite: the page is the same on both engines' : browserUnavailable(),
      },
      async () => {
        const base = await listenLocally(app);
        const browser: Browser = await launch();
        try {
          for (const lang of ['en', 'ar'])
            assert.deepEqual(await axeViolations(browser, `${base}/${lang}/documents/${JVAP}`), [], lang);
        } finally {
          await browser.close();
        }
      },
    );
  });
}
