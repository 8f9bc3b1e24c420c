/**
 * Issue 9 through the whole stack on both engines, with the bundled reference data: each row's own
 * citations, sources with site, date and mirror flag, common and official names, and the name search.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp, loadReference } from '../src/app.js';
import { createTestDatabase, engines, type TestDatabase } from './helpers/db.js';

interface Json {
  [k: string]: unknown;
}
type Row = {
  id: string;
  party: { id: string | null };
  attestation: string | null;
  viaBloc: { bloc: string; explanation: string } | null;
  sources: string[];
  verification: string;
};
type Src = {
  id: string;
  url: string;
  site: string | null;
  date: string | null;
  dateBasis: string | null;
  mirror: boolean;
  lists: { mechanism: string; lists: string }[];
};

for (const { engine, skip } of await engines()) {
  describe(`citations and names on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    const get = async (url: string) => {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 200, `${url}: ${res.body.slice(0, 300)}`);
      return res.headers['content-type']?.toString().includes('json')
        ? (JSON.parse(res.body) as Json)
        : ({ html: res.body } as Json);
    };
    const html = async (url: string) => (await get(url)).html as string;
    const search = async (q: string) =>
      ((await get(`/api/v1/mechanisms?q=${encodeURIComponent(q)}&limit=500`)).items as { id: string }[]).map(
        (m) => m.id,
      );

    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db);
      app = await buildApp({ database: t });
    });
    after(async () => {
      await app.close();
      await t.dispose();
    });

    it('a Colombo Process row cites at most 3 sources of its own, each with site, date and mirror flag', async () => {
      const m = await get('/api/v1/mechanisms/colombo-process');
      const rows = [...(m.members as Row[]), ...(m.observers as Row[])];
      assert.ok(rows.length >= 20);
      const all = new Set((m.sources as Src[]).map((s) => s.id));
      for (const r of rows) {
        assert.ok(r.sources.length >= 1 && r.sources.length <= 3, `${r.id}: ${r.sources.length}`);
        assert.equal(r.attestation, 'list');
        assert.equal(r.viaBloc, null);
      }
      assert.ok(all.size > 3, 'the mechanism has more sources than a row cites');
      const src = (await get(`/api/v1/sources/${rows[0]!.sources[0]!}`)) as unknown as Src & {
        backs: { participation: string[] };
      };
      assert.ok(src.site && !src.site.startsWith('www.'), JSON.stringify(src));
      assert.ok(src.date && ['stated', 'inferred', 'accessed'].includes(src.dateBasis!), JSON.stringify(src));
      assert.equal(typeof src.mirror, 'boolean');
      assert.ok(
        src.lists.some((l) => l.mechanism === 'colombo-process'),
        'the source says which lists it holds',
      );
      assert.ok(src.backs.participation.includes(rows[0]!.id));
    });

    it('a mirror copy is flagged; a source without a date of its own gives the date it was read', async () => {
      const m = await get('/api/v1/mechanisms/prague-process');
      const sources = m.sources as Src[];
      const mirror = sources.find((s) => /fdocuments|docslib|vdocuments|yumpu|lawsdocbox|pdfslide|docsbay/.test(s.url));
      assert.ok(mirror, 'Prague Process has a mirror copy among its sources');
      assert.equal(mirror.mirror, true);
      const original = sources.find((s) => s.site === 'iom.int' || s.site === 'pragueprocess.eu');
      if (original) assert.equal(original.mirror, false);
      assert.ok(sources.some((s) => s.dateBasis === 'accessed' && s.date === '2026-11'));
    });

    it('a row named only through a bloc says which bloc; a row no source names cites nothing', async () => {
      const igad = await get('/api/v1/mechanisms/igad-rcp');
      const row = (igad.members as Row[])[0]!;
      assert.equal(row.attestation, 'bloc');
      assert.equal(row.viaBloc?.bloc, 'IGAD');
      const bali = await get('/api/v1/participation?mechanism=bali-process&role=observer');
      const zaf = (bali.items as Row[]).find((r) => r.party.id === 'ZAF')!;
      assert.equal(zaf.attestation, 'none');
      assert.deepEqual(zaf.sources, []);
      assert.equal(zaf.verification, 'unverified');
    });

    it('mechanisms carry commonName beside name, and official names with their sources', async () => {
      const list = await get('/api/v1/mechanisms?limit=500');
      const colombo = (list.items as { id: string; name: string; commonName: string }[]).find(
        (m) => m.id === 'colombo-process',
      )!;
      assert.equal(colombo.commonName, 'Colombo Process');
      assert.notEqual(colombo.name, colombo.commonName);
      const rcm = await get('/api/v1/mechanisms/regional-conference-on-migration');
      assert.equal(rcm.commonName, 'Puebla Process');
      const names = rcm.officialNames as Record<string, { name: string; source: string } | null>;
      assert.match(names.es!.name, /Proceso de Puebla/);
      assert.ok((await get(`/api/v1/sources/${names.es!.source}`)).url);
      const prague = (await get('/api/v1/mechanisms/prague-process')).officialNames as Record<
        string,
        { usage: string | null }
      >;
      assert.equal(prague.fr!.usage, 'eu-terminology', 'the EU glossary form is marked as EU terminology');
    });

    it('the name search finds a mechanism by any of its names, case and accents ignored', async () => {
      assert.ok((await search('Colombo Process')).includes('colombo-process'));
      assert.ok((await search('colombo')).includes('colombo-process'));
      assert.ok((await search('COLOMBO   process')).includes('colombo-process'));
      assert.deepEqual(await search('Puebla'), ['regional-conference-on-migration']);
      assert.deepEqual(await search('Proceso de Puebla'), ['regional-conference-on-migration']);
      assert.ok(
        (await search('conference regionale sur la migration')).includes('regional-conference-on-migration'),
        'French name, accents ignored',
      );
      assert.ok((await search('Proceso de Jartum')).includes('khartoum-process'), 'Spanish name');
      assert.ok((await search('Алматинский')).includes('almaty-process'), 'Russian name');
      assert.ok((await search('حوار أبو ظبي')).includes('abu-dhabi-dialogue'), 'Arabic name');
      assert.ok((await search('midwa')).includes('midwa'), 'acronym');
      assert.ok((await search('GFMD')).includes('global-forum-migration-development'), 'acronym');
      assert.deepEqual(await search('no such process anywhere'), []);
    });

    for (const lang of ['en', 'fr', 'es'] as const) {
      it(`the ${lang} profile is titled by the common name, with the official name beneath and each row's own citations`, async () => {
        const page = await html(`/${lang}/mechanisms/colombo-process`);
        assert.match(page, /<h1>(?:<span lang="en"[^>]*>)?Colombo Process/);
        assert.match(page, /<title>Colombo Process — ISCM Hub<\/title>/);
        if (lang === 'fr')
          assert.match(
            page,
            /class="official-name">[^]*?Processus consultatif régional sur l’emploi|class="official-name">[^]*?Processus consultatif régional sur l'emploi/,
          );
        else
          assert.match(
            page,
            /class="official-name">[^]*?<span lang="en">Regional Consultative Process on Overseas Employment/,
          );
        // No row cites "[1–13]": every row's reference list is short.
        const who = /<section aria-labelledby="participation">[^]*?<\/section>/.exec(page)![0];
        const refs = [...who.matchAll(/<td><a href="#sources">\[([^\]]*)\]<\/a><\/td>/g)].map((x) => x[1]!);
        assert.ok(refs.length >= 20, `${refs.length} rows with references`);
        for (const r of refs) assert.ok(r.split(', ').length <= 3 && !/–/.test(r), `row cites [${r}]`);
        // The source list: site · date · (mirror copy)
        const label = {
          en: /dated|read|date inferred/,
          fr: /date :|consulté :|date déduite :/,
          es: /fecha:|consultado:|fecha deducida:/,
        }[lang];
        assert.match(page, /class="muted source-facts"><span class="site">[a-z0-9.-]+<\/span> · /);
        assert.match(page, label);
      });

      it(`the ${lang} pages say a bloc row's bloc, show "not attested", and mark mirror copies`, async () => {
        const igad = await html(`/${lang}/mechanisms/igad-rcp`);
        // The bloc's name is English data: marked (with "(in English)" once) inside the reader's sentence.
        const bloc = {
          en: 'member as part of IGAD — list of IGAD',
          fr: 'membre au titre de : IGAD (en anglais) — liste de : IGAD',
          es: 'miembro como parte de: IGAD (en inglés) — lista de: IGAD',
        }[lang];
        const at = igad.indexOf('<span class="via-bloc">');
        assert.ok(at >= 0, 'a bloc citation');
        const shown = igad
          .slice(at, igad.indexOf('</span> ', at + 400) + 7)
          .replace(/<[^>]*>/g, '')
          .trim();
        assert.ok(shown.startsWith(bloc), `${shown} ≠ ${bloc}`);
        if (lang !== 'en') assert.match(igad.slice(at, at + 200), /<span lang="en" class="fallback">IGAD/);
        const bali = await html(`/${lang}/mechanisms/bali-process`);
        const none = { en: 'not attested', fr: 'non attesté', es: 'no atestiguado' }[lang];
        assert.match(bali, new RegExp(`class="badge unverified not-attested"[^>]*>${none}<`));
        const mirror = { en: 'mirror copy', fr: 'copie miroir', es: 'copia espejo' }[lang];
        assert.ok((await html(`/${lang}/mechanisms/prague-process`)).includes(`(${mirror})`));
      });
    }

    it('a global process says who may take part, quoting its source, in the API and on the page', async () => {
      const gfmd = await get('/api/v1/mechanisms/global-forum-migration-development');
      const basis = gfmd.membershipBasis as { quote: string; source: string }[];
      assert.ok(basis.length >= 1 && basis.every((b) => b.source.startsWith('src-')));
      const page = await html('/fr/mechanisms/global-forum-migration-development');
      assert.ok(page.includes('Qui peut participer, selon les sources'));
      assert.ok(page.includes(`“<span lang="en">${basis[0]!.quote}</span>”`));
    });

    it("the status history shows each period's own sources", async () => {
      const page = await html('/en/mechanisms/berne-initiative');
      const table = /<caption>Status over time<\/caption>[^]*?<\/table>/.exec(page)![0];
      const refs = [...table.matchAll(/<a href="#sources">\[([^\]]*)\]<\/a>/g)].map((x) => x[1]!);
      assert.equal(refs.length, 2, table);
      assert.ok(/^\d+$/.test(refs[1]!), `the concluded period cites one source: [${refs[1]}]`);
    });

    it('fr and es pages show the official name in their language when a source gives one, else the English one marked lang="en"', async () => {
      assert.match(
        await html('/es/mechanisms/regional-conference-on-migration'),
        /class="official-name">[^]*?Conferencia Regional sobre Migración/,
      );
      assert.match(
        await html('/es/mechanisms/colombo-process'),
        /class="official-name">[^]*?<span lang="en">Regional Consultative Process/,
      );
      assert.match(await html('/fr/mechanisms/abu-dhabi-dialogue'), /<span lang="ar" dir="rtl">حوار أبو ظبي<\/span>/);
    });

    it('lists, the map, search and calendar feeds use the common name', async () => {
      assert.match(await html('/en/mechanisms?q=colombo'), />Colombo Process<\/a>/);
      assert.match(
        await html('/fr/mechanisms?q=Proceso%20de%20Puebla'),
        />(?:<span lang="en"[^>]*>)?Puebla Process[ <]/,
      );
      assert.match(await html('/en/map'), /<option value="colombo-process"[^>]*>Colombo Process<\/option>/);
      const feed = await app.inject({ method: 'GET', url: '/calendar/mechanisms/colombo-process.ics' });
      assert.equal(feed.statusCode, 200);
      assert.match(feed.body, /Colombo Process — meetings/);
      assert.doesNotMatch(feed.body, /Regional Consultative Process on Overseas Employment[^\n]* — meetings/);
    });
  });
}
