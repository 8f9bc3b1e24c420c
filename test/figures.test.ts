/**
 * Reported figures and "as of" through the whole stack on the bundled data, on both engines: the API
 * and the pages (app.inject) at IOM's dates, in en/fr/es.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/http/app.js';
import { loadReference } from '../src/registry/load.js';
import { createTestDatabase, engines, type TestDatabase } from './helpers/db.js';

interface Json { [k: string]: unknown }

/** The text of an HTML fragment, tags dropped and spaces squashed. */
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#x27;|&#39;/g, '\'').replace(/&quot;/g, '"').replace(/&amp;/g, '&')
  .replace(/\s+/g, ' ');

for (const { engine, skip } of await engines()) {
  describe(`reported figures and as-of on the bundled data, on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    const page = async (url: string) => {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 200, `${url}: ${res.statusCode}`);
      return res.body;
    };
    const get = async (url: string) => JSON.parse(await page(url)) as Json;
    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db);
      app = await buildApp({ database: t });
    });
    after(async () => { await app.close(); await t.dispose(); });

    it('the home page at 2019-04-05 shows 33 beside IOM\'s 31 with the mechanisms that differ, in three languages', async () => {
      const expected = {
        en: ['ISCM Hub counts 33 active mechanisms; IOM reported 31', 'Counted here but not on IOM’s list of the time:', 'Named by IOM but not counted here:'],
        fr: ['ISCM Hub compte 33 mécanismes actifs ; IOM en a annoncé 31', 'Comptés ici mais absents de la liste de IOM', 'Nommés par IOM mais non comptés ici :'],
        es: ['ISCM Hub cuenta 33 mecanismos activos; IOM informó 31', 'Contados aquí pero ausentes de la lista de IOM', 'Nombrados por IOM pero no contados aquí:'],
      };
      for (const [lang, sentences] of Object.entries(expected)) {
        const html = await page(`/${lang}/?asOf=2019-04-05`);
        const block = /<div class="reported" data-reported="iom-2019-04-05-active-mechanisms">([\s\S]*?)<\/div><\/li>/.exec(html)?.[1];
        assert.ok(block, `${lang}: no reported figure beside the active mechanisms`);
        for (const s of sentences) assert.ok(text(block).includes(s), `${lang}: "${s}" not in ${text(block).slice(0, 400)}`);
        const counted = /class="reconcile counted-not-named">([\s\S]*?)<\/div>/.exec(block)![1]!;
        assert.deepEqual([...counted.matchAll(/data-mechanism="([^"]+)"/g)].map((m) => m[1]),
          ['au-horn-of-africa-initiative', 'commit-process', 'ocam', 'quito-process']);
        const named = /class="reconcile named-not-counted">([\s\S]*?)<\/div>/.exec(block)![1]!;
        assert.deepEqual([...named.matchAll(/data-mechanism="([^"]+)"/g)].map((m) => m[1]), ['midcas', 'tripoli-process']);
        assert.match(block, /href="https:\/\/www\.iom\.int\/news\/iom-hosts-global-meeting-inter-state-consultation-mechanisms-migration"/);
        assert.match(block, /href="https:\/\/www\.iom\.int\/rcps-region"/);
      }
    });

    it('the home page headlines the sourced maximum per country, with every row\'s 12 and the dated count beside it', async () => {
      const stats = await get('/api/v1/stats?asOf=2019-04-05');
      const max = stats.maxMechanismsPerCountry as Json;
      const html = await page('/en/?asOf=2019-04-05');
      const variant = (basis: string) => new RegExp(`data-basis="${basis}"><strong>(\\d+)</strong>`).exec(html)?.[1];
      assert.equal(variant('all-rows'), '12');
      assert.equal(variant('sourced-rows'), String(max.value));
      assert.equal(variant('dated-rows'), String(max.knownOnly));
      assert.match(text(html), new RegExp(`${String(max.value)} the most mechanisms one country is a member of`));
      assert.ok(text(html).includes(`ISCM Hub counts at most ${String(max.value)} mechanisms for one country (rows backed by their own source); IOM reported as many as 10`));
    });

    it('a date with no reported figure shows none, and an RCP count IOM gave says that no list is known', async () => {
      assert.doesNotMatch(await page('/en/?asOf=2019-04-06'), /data-reported=/);
      const html = await page('/en/?asOf=2014-05-09');
      assert.ok(text(html).includes('ISCM Hub counts 16 active regional consultative processes; IOM reported 16'));
      assert.ok(text(html).includes('No list of the mechanisms behind this figure is known: only the count.'));
      assert.ok(text(await page('/fr/?asOf=2015-10-22')).includes('IOM en a annoncé au moins 18'));
    });
  });
}
