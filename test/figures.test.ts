/**
 * Reported figures and "as of" through the whole stack on the bundled data, on both engines: the API
 * and the pages (app.inject) at IOM's dates, in en/fr/es.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp, loadReference } from '../src/app.js';
import { createTestDatabase, engines, type TestDatabase } from './helpers/db.js';

interface Json {
  [k: string]: unknown;
}

/** The text of an HTML fragment, tags dropped and spaces squashed. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
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
    after(async () => {
      await app.close();
      await t.dispose();
    });

    it("the home page at 2019-04-05 shows 35 beside IOM's 31 with the mechanisms that differ, in three languages", async () => {
      const expected = {
        en: [
          'ISCM Hub counts 35 active mechanisms; IOM reported 31',
          'Counted here but not on IOM’s list of the time:',
          'Named by IOM but not counted here:',
          'Counted here; not known whether IOM’s list of the time names it:',
        ],
        fr: [
          'ISCM Hub compte 35 mécanismes actifs ; IOM en a annoncé 31',
          'Comptés ici mais absents de la liste de IOM',
          'Nommés par IOM mais non comptés ici :',
          'on ne sait pas si la liste de IOM',
        ],
        es: [
          'ISCM Hub cuenta 35 mecanismos activos; IOM informó 31',
          'Contados aquí pero ausentes de la lista de IOM',
          'Nombrados por IOM pero no contados aquí:',
          'no se sabe si la lista de IOM',
        ],
      };
      for (const [lang, sentences] of Object.entries(expected)) {
        const html = await page(`/${lang}/?asOf=2019-04-05`);
        const block =
          /<div class="reported" data-reported="iom-2019-04-05-active-mechanisms">([\s\S]*?)<\/div><\/li>/.exec(
            html,
          )?.[1];
        assert.ok(block, `${lang}: no reported figure beside the active mechanisms`);
        for (const s of sentences)
          assert.ok(text(block).includes(s), `${lang}: "${s}" not in ${text(block).slice(0, 400)}`);
        const counted = /class="reconcile counted-not-named">([\s\S]*?)<\/div>/.exec(block)![1]!;
        assert.deepEqual(
          [...counted.matchAll(/data-mechanism="([^"]+)"/g)].map((m) => m[1]),
          ['au-horn-of-africa-initiative', 'commit-process', 'ocam', 'quito-process'],
        );
        const named = /class="reconcile named-not-counted">([\s\S]*?)<\/div>/.exec(block)![1]!;
        assert.deepEqual(
          [...named.matchAll(/data-mechanism="([^"]+)"/g)].map((m) => m[1]),
          ['midcas', 'tripoli-process'],
        );
        assert.match(
          block,
          /href="https:\/\/www\.iom\.int\/news\/iom-hosts-global-meeting-inter-state-consultation-mechanisms-migration"/,
        );
        assert.match(block, /href="https:\/\/www\.iom\.int\/rcps-region"/);
      }
    });

    it("the home page headlines the sourced maximum per country, with every row's 12 and the dated count beside it", async () => {
      const stats = await get('/api/v1/stats?asOf=2019-04-05');
      const max = stats.maxMechanismsPerCountry as Json;
      const html = await page('/en/?asOf=2019-04-05');
      const variant = (basis: string) => new RegExp(`data-basis="${basis}"><strong>(\\d+)</strong>`).exec(html)?.[1];
      assert.equal(variant('all-rows'), '12');
      assert.equal(variant('sourced-rows'), String(max.value));
      assert.equal(variant('dated-rows'), String(max.knownOnly));
      assert.match(text(html), new RegExp(`${String(max.value)} the most mechanisms one country is a member of`));
      assert.ok(
        text(html).includes(
          `ISCM Hub counts at most ${String(max.value)} mechanisms for one country (rows backed by their own source); IOM reported as many as 10`,
        ),
      );
    });

    it('a date with no reported figure shows none, and an RCP count IOM gave says that no list is known', async () => {
      assert.doesNotMatch(await page('/en/?asOf=2019-04-06'), /data-reported=/);
      const html = await page('/en/?asOf=2014-05-09');
      assert.ok(text(html).includes('ISCM Hub counts 17 active regional consultative processes; IOM reported 16'));
      assert.ok(text(html).includes('No list of the mechanisms behind this figure is known: only the count.'));
      assert.ok(text(await page('/fr/?asOf=2015-10-22')).includes('IOM en a annoncé au moins 18'));
    });

    it('a mechanisms list as of 2010-01-01 holds no mechanism founded after 2010, and the page agrees', async () => {
      const api = await get('/api/v1/mechanisms?asOf=2010-01-01&limit=500');
      const items = api.items as Json[];
      assert.ok(items.length > 10);
      assert.ok(
        items.every((m) => m.established === null || (m.established as number) <= 2010),
        'a mechanism founded after 2010',
      );
      assert.ok(
        items.every((m) => m.status !== null),
        'a mechanism not established yet',
      );
      const all = await get('/api/v1/mechanisms?asOf=2010-01-01&limit=500&include=all');
      assert.equal(all.total, (api.total as number) + (api.notYetEstablished as number));
      assert.ok((all.items as Json[]).some((m) => m.id === 'quito-process'));
      assert.ok(!items.some((m) => m.id === 'quito-process'));
      const later = await get('/api/v1/mechanisms?asOf=2010-01-01&status=not-established&limit=500');
      assert.equal(later.total, api.notYetEstablished);

      const html = await page('/en/mechanisms?asOf=2010-01-01');
      const rows = [...html.matchAll(/<th scope="row"><a href="\/en\/mechanisms\/([^"?]+)/g)].map((m) => m[1]);
      assert.deepEqual(rows.sort(), items.map((m) => m.id as string).sort());
      assert.match(
        text(html),
        new RegExp(`${String(api.notYetEstablished)} mechanisms established after this date are not shown`),
      );
      const withLater = await page('/en/mechanisms?asOf=2010-01-01&include=all');
      assert.match(withLater, /mechanisms\/quito-process/);
      assert.match(withLater, /name="include" value="all"/);
    });

    it('/map takes asOf: /en/map?asOf=2008-06-01 draws 2008, as the countries endpoint counts it', async () => {
      const html = await page('/en/map?asOf=2008-06-01');
      assert.match(html, /<input id="m-asof" name="asOf" type="date" value="2008-06-01"/);
      assert.match(text(html), /Map of participation — June 1, 2008/);
      const countries = (await get('/api/v1/countries?asOf=2008-06-01')).items as Json[];
      const members = countries.filter((c) => (c.memberOf as number) > 0);
      assert.match(
        text(html),
        new RegExp(
          `World map of ${members.length} countries and territories coloured by the number of active mechanisms they are members of on June 1, 2008`,
        ),
      );
      const today = await page('/en/map');
      assert.doesNotMatch(text(today), /June 1, 2008/);
      // The highlight offers only mechanisms that existed then.
      assert.doesNotMatch(html, /<option value="quito-process"/);
      assert.match(await page('/en/map?year=2008'), /value="2008-12-31"/);
      const bad = await app.inject({ method: 'GET', url: '/en/map?asOf=2008-02-30' });
      assert.equal(bad.statusCode, 400);
    });

    it('a planned meeting whose date has passed reads "not confirmed held", in three languages; no count reads "at least 1"', async () => {
      const words = { en: 'Not confirmed held', fr: 'Tenue non confirmée', es: 'Celebración no confirmada' };
      for (const [lang, w] of Object.entries(words)) {
        const html = await page(`/${lang}/meetings/almaty-process-2016-third-meeting-of-senior-officials-of`);
        assert.ok(text(html).includes(w), `${lang}: "${w}" missing`);
        assert.doesNotMatch(/<p class="lead">[\s\S]*?<\/p>/.exec(html)![0], /Planned|Prévue|Prevista/);
      }
      const series = text(await page('/en/series/global-iscm-meetings'));
      assert.doesNotMatch(series, /at least 1\b/);
      assert.match(series, /not reported \(1 named\)/);
      assert.match(series, /28 \(as reported\)/);
      const grcp8 = text(await page('/en/meetings/grcp-8'));
      assert.ok(
        grcp8.includes('ISCM Hub names 0 mechanisms represented; IOM reported 28'),
        'GRCP 8: the reported 28 beside what ISCM Hub names',
      );
      assert.ok(
        grcp8.includes('ISCM Hub counts 35 active mechanisms; IOM reported 31'),
        'GRCP 8: the 31 of its date beside 35',
      );
      assert.ok(grcp8.includes('Counted here but not on IOM’s list of the time:'));
      const seriesFr = text(await page('/fr/series/global-iscm-meetings'));
      assert.ok(seriesFr.includes('Ce que les sources ont publié sur ces réunions'));
      assert.ok(
        seriesFr.includes('IOM en a annoncé 22') && seriesFr.includes('IOM en a annoncé 19'),
        'GRCP 7: both counts',
      );
      const grcp10 = (await get('/api/v1/meetings/grcp-10')).represented as Json;
      assert.deepEqual([grcp10.value, grcp10.basis, grcp10.named], [null, 'none', 1]);
    });
  });
}
