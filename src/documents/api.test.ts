/** Documents on both engines: the load, the API's filters, facets and paging against the data file, problems, search records. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadReference } from '../app.js';
import { REFERENCE_DIR, ReferenceError } from '../reference/part.js';
import { createTestDatabase, engines, type TestDatabase } from '../../test/helpers/db.js';
import { datasetWith, MINI } from '../../test/helpers/reference.js';
import { documentRecord } from '../../test/helpers/documents.js';
import { referenceApp, type Json } from '../../test/helpers/app.js';
import type { DocumentRecord } from './reference.js';
import { documentIndexer } from './feature.js';
import * as store from './store.js';

const FILE = JSON.parse(readFileSync(join(REFERENCE_DIR, 'documents.json'), 'utf8')) as DocumentRecord[];
const MECHANISMS = JSON.parse(readFileSync(join(REFERENCE_DIR, 'mechanisms.json'), 'utf8')) as {
  id: string;
  themes: { theme: string }[];
}[];
const count = (pred: (d: DocumentRecord) => boolean) => FILE.filter(pred).length;

for (const { engine, skip } of await engines()) {
  describe(`documents on ${engine}`, { skip }, () => {
    const ctx = referenceApp(engine);
    const { get, ok } = ctx;

    it('loads the 271 documents with their links, and loading twice changes nothing', async () => {
      assert.equal(FILE.length, 271);
      assert.equal(await store.countDocuments(ctx.t.db), 271);
      const rows = await store.allDocuments(ctx.t.db);
      assert.equal(
        rows.filter((r) => r.meeting_id !== null).length,
        count((d) => d.meeting.id !== null),
      );
      assert.equal(rows.filter((r) => r.meeting_id !== null).length, 127);
      assert.equal((await store.allMechanismLinks(ctx.t.db)).length, FILE.flatMap((d) => d.mechanisms).length);
      assert.equal((await store.allSourceLinks(ctx.t.db)).length, FILE.flatMap((d) => d.sources).length);
      assert.equal((await store.allLanguages(ctx.t.db)).length, FILE.flatMap((d) => d.languages).length);
      const again = await loadReference(ctx.t.db);
      assert.deepEqual(again.documents, { changed: false, inserted: 0, updated: 0, removed: 0, unchanged: 271 });
    });

    it('filters by kind, mechanism, year, language, theme and meeting, as the data file says', async () => {
      const mech = FILE.find((d) => d.mechanisms.length === 1)!.mechanisms[0]!;
      const themed = MECHANISMS.find((m) => m.themes.length > 0)!;
      const theme = themed.themes[0]!.theme;
      const withTheme = new Set(MECHANISMS.filter((m) => m.themes.some((x) => x.theme === theme)).map((m) => m.id));
      const meeting = FILE.find((d) => d.meeting.id !== null)!.meeting.id!;
      const cases: [string, number][] = [
        ['kind=declaration', count((d) => d.kind === 'declaration')],
        [`mechanism=${mech}`, count((d) => d.mechanisms.includes(mech))],
        ['year=2016', count((d) => d.date?.startsWith('2016') ?? false)],
        ['language=fr', count((d) => d.languages.includes('fr'))],
        [`theme=${theme}`, count((d) => d.mechanisms.some((m) => withTheme.has(m)))],
        [`meeting=${meeting}`, count((d) => d.meeting.id === meeting)],
        ['kind=declaration&year=2016', count((d) => d.kind === 'declaration' && (d.date?.startsWith('2016') ?? false))],
      ];
      for (const [q, expected] of cases) {
        assert.ok(expected > 0, `${q}: the case selects something`);
        const body = await ok(`/api/v1/documents?${q}&limit=500`);
        assert.equal(body.total, expected, q);
        assert.equal((body.items as Json[]).length, expected, q);
      }
      const one = (await ok(`/api/v1/documents?meeting=${meeting}`)).items as Json[];
      assert.ok(one.every((d) => (d.meeting as Json).id === meeting));
    });

    it('gives facet counts over the selection, computed as from the data file', async () => {
      const facets = (await ok('/api/v1/documents?limit=1')).facets as Record<
        string,
        { value: string; count: number }[]
      >;
      const kinds = Object.fromEntries(facets.kind!.map((f) => [f.value, f.count]));
      for (const k of new Set(FILE.map((d) => d.kind)))
        assert.equal(
          kinds[k],
          count((d) => d.kind === k),
          k,
        );
      const years = Object.fromEntries(facets.year!.map((f) => [f.value, f.count]));
      assert.equal(
        years['2017'],
        count((d) => d.date?.startsWith('2017') ?? false),
      );
      assert.equal(
        facets.year!.reduce((s, f) => s + f.count, 0),
        count((d) => d.date !== null),
      );
      const langs = Object.fromEntries(facets.language!.map((f) => [f.value, f.count]));
      assert.equal(
        langs.es,
        count((d) => d.languages.includes('es')),
      );
      const narrowed = (await ok('/api/v1/documents?kind=declaration')).facets as typeof facets;
      assert.deepEqual(
        narrowed.kind,
        [{ value: 'declaration', count: count((d) => d.kind === 'declaration') }],
        'facets count the selection',
      );
    });

    it('pages with limit and cursor through every document once, newest first', async () => {
      const seen: string[] = [];
      let url: string | null = '/api/v1/documents?limit=100';
      while (url) {
        const body: Json = await ok(url);
        seen.push(...(body.items as Json[]).map((d) => String(d.id)));
        url = body.nextCursor ? `/api/v1/documents?limit=100&cursor=${body.nextCursor as string}` : null;
      }
      assert.equal(seen.length, 271);
      assert.equal(new Set(seen).size, 271);
      const first = (await ok('/api/v1/documents?limit=1')).items as Json[];
      const newest = FILE.map((d) => d.date)
        .filter((d): d is string => d !== null)
        .sort()
        .at(-1);
      assert.equal(first[0]!.date, newest);
    });

    it('asOf keeps documents dated on or before it and says how many undated ones it left out', async () => {
      const body = await ok('/api/v1/documents?asOf=2010-06-30&limit=1');
      const floor = (d: string) => (d.length === 4 ? `${d}-01-01` : d.length === 7 ? `${d}-01` : d);
      assert.equal(
        body.total,
        count((d) => d.date !== null && floor(d.date) <= '2010-06-30'),
      );
      assert.equal(
        body.undatedLeftOut,
        count((d) => d.date === null),
      );
    });

    it('one document: its facts and sources; an unknown id is a 404 problem', async () => {
      const linked = FILE.find((d) => d.meeting.id !== null && d.summary_facts.length > 0)!;
      const body = await ok(`/api/v1/documents/${linked.id}`);
      assert.equal(body.title, linked.title);
      assert.equal(body.kind, linked.kind);
      assert.deepEqual(body.sources, linked.sources);
      assert.deepEqual(body.summaryFacts, linked.summary_facts);
      assert.equal((body.meeting as Json).id, linked.meeting.id);
      assert.deepEqual(body.versions, []);
      const missing = await get('/api/v1/documents/no-such-document');
      assert.equal(missing.status, 404);
      assert.match(String(missing.headers['content-type']), /problem\+json/);
      assert.match(String(missing.body.detail), /no-such-document/);
    });

    it('a bad filter value is a 400 naming the parameter', async () => {
      for (const [q, name] of [
        ['kind=memo', 'kind'],
        ['mechanism=no-such-mechanism', 'mechanism'],
        ['year=20x6', 'year'],
        ['year=1200', 'year'],
        ['language=French', 'language'],
        ['theme=no-such-theme', 'theme'],
        ['meeting=no-such-meeting', 'meeting'],
        ['asOf=2020-13-01', 'asOf'],
        ['limit=0', 'limit'],
        ['cursor=bogus', 'cursor'],
        ['colour=red', 'colour'],
      ]) {
        const r = await get(`/api/v1/documents?${q}`);
        assert.equal(r.status, 400, `${q}: ${r.raw}`);
        assert.match(String(r.headers['content-type']), /problem\+json/);
        const errors = (r.body.errors ?? []) as { name: string }[];
        assert.ok(
          errors.some((e) => e.name === name),
          `${q}: ${r.raw}`,
        );
      }
    });

    it('the OpenAPI document describes both routes', async () => {
      const spec = await ok('/api/openapi.json');
      const paths = spec.paths as Json;
      assert.ok(paths['/api/v1/documents'] && paths['/api/v1/documents/{id}']);
      assert.ok(((spec.components as Json).schemas as Json).DocumentSummary);
    });

    it('search records: one per document, its titles in every language a source gives', async () => {
      const records = await documentIndexer.records(ctx.t.db);
      assert.equal(records.length, 271);
      const d = FILE.find((x) => x.titles.fr)!;
      const r = records.find((x) => x.id === d.id)!;
      assert.deepEqual(r.labels?.fr, d.titles.fr);
      assert.ok(r.titles.some((x) => x.lang === 'fr' && x.text === d.titles.fr));
      assert.deepEqual(r.facets.mechanism, [...d.mechanisms].sort());
      assert.deepEqual(r.facets.year, d.date ? [Number(d.date.slice(0, 4))] : []);
      assert.ok(d.summary_facts.every((f) => r.bodies.some((b) => b.text === f)));
      assert.equal(r.path, `/documents/${d.id}`);
    });
  });

  describe(`documents.json checks on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase(engine);
    });
    after(async () => {
      await t.dispose();
    });
    const doc = documentRecord;
    const withDocs = (items: unknown[]) => datasetWith({ 'documents.json': items });

    it('a dataset without documents.json loads no documents; a good one loads', async () => {
      await loadReference(t.db, MINI);
      assert.equal(await store.countDocuments(t.db), 0);
      const s = await loadReference(t.db, withDocs([doc()]));
      assert.equal(s.documents.inserted, 1);
      assert.equal(await store.countDocuments(t.db), 1);
    });

    it('a bad record is refused with its record and field named, and nothing is written', async () => {
      const cases: [unknown, string, RegExp][] = [
        [doc({ mechanisms: ['no-such'] }), 'mechanisms.0', /unknown mechanism/],
        [doc({ sources: ['src-0000000000'] }), 'sources.0', /unknown source/],
        [doc({ meeting: { ...doc().meeting, id: 'no-such-meeting' } }), 'meeting.id', /unknown meeting/],
        [doc({ date: '2025-03', date_precision: 'day' }), 'date_precision', /does not match/],
        [doc({ kind: 'memo' as DocumentRecord['kind'] }), 'kind', /./],
        [doc({ sources: [] }), 'sources', /./],
      ];
      for (const [bad, field, message] of cases) {
        const err = await loadReference(t.db, withDocs([bad])).then(
          () => null,
          (e: unknown) => e,
        );
        assert.ok(err instanceof ReferenceError, `${field}: expected a ReferenceError`);
        const p = err.problems.find((x) => x.file === 'documents.json' && x.field === field);
        assert.ok(p, `${field}: ${err.message}`);
        assert.equal(p.record, 'alpha-declaration-2025');
        assert.match(p.message, message);
        assert.equal(await store.countDocuments(t.db), 1, 'nothing written');
      }
      const dup = await loadReference(t.db, withDocs([doc(), doc()])).catch((e: unknown) => e);
      assert.ok(dup instanceof ReferenceError && dup.problems.some((x) => x.message === 'duplicate id'));
    });
  });
}
