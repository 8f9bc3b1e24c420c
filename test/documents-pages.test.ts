/** Documents pages over HTTP with the bundled data: the list and its facets, a document, the sections elsewhere, in en/fr/es. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp, loadReference } from '../src/app.js';
import { REFERENCE_DIR } from '../src/reference/part.js';
import type { DocumentRecord } from '../src/documents/reference.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';

const FILE = JSON.parse(readFileSync(join(REFERENCE_DIR, 'documents.json'), 'utf8')) as DocumentRecord[];
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe('documents pages', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  before(async () => {
    t = await createTestDatabase('sqlite');
    await loadReference(t.db);
    app = await buildApp({ database: t });
  });
  after(async () => {
    await app.close();
    await t.dispose();
  });
  const page = async (url: string, status = 200) => {
    const res = await app.inject({ method: 'GET', url });
    assert.equal(res.statusCode, status, `${url}: ${res.statusCode}`);
    return res.body;
  };

  it('the list shows the facets with the counts of the data file, in en, fr and es', async () => {
    const declarations = FILE.filter((d) => d.kind === 'declaration').length;
    for (const [lang, word, heading] of [
      ['en', 'Declaration', 'Documents'],
      ['fr', 'Déclaration', 'Documents'],
      ['es', 'Declaración', 'Documentos'],
    ] as const) {
      const html = await page(`/${lang}/documents`);
      assert.match(html, new RegExp(`<html lang="${lang}"`));
      assert.match(html, new RegExp(`<h1>${heading}</h1>`));
      assert.match(html, new RegExp(`href="/${lang}/documents\\?kind=declaration">${word} \\(${declarations}\\)</a>`));
      for (const f of ['kind', 'mechanism', 'year', 'language', 'theme'])
        assert.match(html, new RegExp(`id="facet-${f}"`));
    }
    const y2016 = FILE.filter((d) => d.date?.startsWith('2016')).length;
    assert.match(await page('/en/documents'), new RegExp(`href="/en/documents\\?year=2016">2016 \\(${y2016}\\)</a>`));
  });

  it('a facet link narrows the list and can be removed; paging works without JavaScript', async () => {
    const html = await page('/en/documents?kind=declaration&year=2016');
    const n = FILE.filter((d) => d.kind === 'declaration' && d.date?.startsWith('2016')).length;
    assert.match(text(html), new RegExp(`${n} results — filtered by Declaration, 2016`));
    assert.match(html, /href="\/en\/documents\?year=2016" aria-current="true"/);
    assert.equal(html.split('<ul class="documents">')[1]!.split('</ul>')[0]!.split('<li>').length - 1, n);
    const all = await page('/en/documents');
    assert.match(all, /rel="next" href="\/en\/documents\?page=2"/);
    assert.match(text(await page('/en/documents?page=6')), /Page 6 of 6/);
    assert.match(await page('/en/documents?year=soon', 400), /year/);
    assert.match(await page('/en/documents?kind=memo', 400), /kind/);
    await page('/en/documents/no-such-document', 404);
  });

  it('a document page gives its facts in words and its sources, not how it was compiled', async () => {
    const d = FILE.find((x) => x.id === 'add-5th-ministerial-consultation-2019-outcome')!;
    const en = text(await page(`/en/documents/${d.id}`));
    assert.match(en, /Kind Outcome document Date October 2019 Mechanisms Abu Dhabi Dialogue/);
    assert.match(en, /Meeting Fifth Ministerial Consultation of the Abu Dhabi Dialogue/);
    assert.match(en, /How certain this record is Uncertain: the sources mention this document but do not show it\./);
    assert.match(en, /Sources/);
    for (const f of d.summary_facts) assert.ok(en.includes(f), f);
    assert.ok(!en.includes(d.compilation_note!), 'compilation note is for editors');
    assert.ok(!en.includes(d.meeting.compilation_note), 'meeting link note is for editors');
    const html = await page(`/en/documents/${d.id}`);
    assert.match(html, new RegExp(`href="/en/meetings/${d.meeting.id}"`));
    for (const s of d.sources) assert.match(html, new RegExp(`<li id="${s}">`));
    assert.match(text(await page(`/fr/documents/${d.id}`)), /Type Document final Date octobre 2019/);
    assert.match(text(await page(`/es/documents/${d.id}`)), /Tipo Documento final Fecha octubre de 2019/);
    // A title a source gives in French is the French page's title.
    const withFr = FILE.find((x) => x.titles.fr)!;
    assert.match(await page(`/fr/documents/${withFr.id}`), new RegExp(`<h1><span>${withFr.titles.fr!.slice(0, 20)}`));
  });

  it('documents appear on mechanism profiles, meeting pages and series pages', async () => {
    const add = FILE.filter((d) => d.mechanisms.includes('abu-dhabi-dialogue'));
    const profile = await page('/en/mechanisms/abu-dhabi-dialogue');
    assert.match(profile, /<h2 id="document-records">Documents of this mechanism<\/h2>/);
    for (const d of add) assert.match(profile, new RegExp(`href="/en/documents/${d.id}"`));
    const grcp3 = FILE.filter((d) => d.meeting.id === 'grcp-3');
    assert.ok(grcp3.length > 0);
    const meeting = await page('/fr/meetings/grcp-3');
    assert.match(meeting, /<h2 id="document-records">Documents liés à cette réunion<\/h2>/);
    for (const d of grcp3) assert.match(meeting, new RegExp(`href="/fr/documents/${d.id}"`));
    const series = await page('/es/series/global-iscm-meetings');
    assert.match(series, /<h2 id="document-records">Documentos de las reuniones de esta serie<\/h2>/);
    const global = FILE.filter((d) => /^grcp-\d+$/.test(d.meeting.id ?? ''));
    assert.ok(global.length > 0);
    for (const d of global) assert.match(series, new RegExp(`href="/es/documents/${d.id}"`));
  });
});
