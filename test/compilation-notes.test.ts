/**
 * Public notes and compilation notes: how the converter splits a note (scripts/reference/notes.ts), and where
 * each half goes — the public one on pages and in `note`, the compilation one in the API's `compilationNote`
 * and on the record's history page only. Both engines.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { splitNote } from '../scripts/reference/notes.js';
import { buildApp, loadReference } from '../src/app.js';
import { createTestDatabase, engines, type TestDatabase } from './helpers/db.js';

describe('splitting a note', () => {
  it('keeps plain facts public', () => {
    assert.deepEqual(splitNote('country of origin'), { note: 'Country of origin', compilation_note: null });
    assert.deepEqual(splitNote('Steering Committee member; co-manages Secretariat'), {
      note: 'Steering Committee member; co-manages Secretariat',
      compilation_note: null,
    });
  });

  it('sends sources, recall, inference, field names and conflicts to the compilation note', () => {
    const recall = splitNote('Row from recall (from_recall: true).');
    assert.equal(recall.note, null);
    assert.equal(recall.compilation_note, 'Row from recall (from_recall: true).');
    const mixed = splitNote(
      "IGAD member since 2011 | Start: joined 2011 (parent_body): Event concerns IGAD: 'South Sudan also joined in 2011 following its achievement of Independence' (low-authority web page).",
    );
    assert.equal(mixed.note, 'IGAD member since 2011');
    assert.match(mixed.compilation_note!, /^Start: joined 2011 \(parent_body\):/);
    assert.match(mixed.compilation_note!, /low-authority web page/);
    const conflict = splitNote(
      "CLASSIFICATION CONFLICT: IOM page 'Type' field says 'Interregional forum'. Proposed at consultative meeting Mahé 26-28 Aug 2019.",
    );
    assert.equal(conflict.note, 'Proposed at consultative meeting Mahé 26-28 Aug 2019.');
    assert.match(conflict.compilation_note!, /CLASSIFICATION CONFLICT/);
  });

  it('drops a parenthetical about sources from the public clause and keeps the clause whole for editors', () => {
    const s = splitNote('Participating country (IOM overview 2017, total 49)');
    assert.equal(s.note, 'Participating country');
    assert.equal(s.compilation_note, 'Participating country (IOM overview 2017, total 49)');
  });

  it('loses no text: every clause is in one of the two', () => {
    const text =
      "Founded in 1985 within UNHCR. IOM: '19 States' (list read only up to Germany); the 19th member is unidentified.";
    const s = splitNote(text);
    const words = (x: string | null) => (x ?? '').split(/\W+/).filter(Boolean);
    for (const w of words(text))
      assert.ok(words(s.note).includes(w) || words(s.compilation_note).includes(w), `lost "${w}"`);
  });

  it('splits the same text the same way every time', () => {
    const text =
      "End: left 2014 (stated): 'Libya and Egypt were dialogue partner countries until 2014.' | Observer country";
    assert.deepEqual(splitNote(text), splitNote(text));
    assert.equal(splitNote(null).note, null);
  });
});

for (const { engine, skip } of await engines()) {
  describe(`${engine}: where each note goes`, { skip }, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db);
      app = await buildApp({ database: t });
    });
    after(async () => {
      await app.close();
      await t.dispose();
    });

    it('the API serves the public note as `note` and how it was compiled as `compilationNote`', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/v1/mechanisms/apc' });
      assert.equal(res.statusCode, 200);
      const m = res.json<{
        statusHistory: { note: string | null; compilationNote: string | null }[];
        unverifiedFields: { field: string; note: string | null; compilationNote: string | null }[];
      }>();
      assert.ok(m.statusHistory.some((s) => s.compilationNote && /from_recall/.test(s.compilationNote)));
      for (const s of m.statusHistory) assert.doesNotMatch(s.note ?? '', /from_recall|Input status/);
      assert.ok(m.unverifiedFields.every((f) => f.note === null && typeof f.compilationNote === 'string'));
      const rows = (
        await app.inject({ method: 'GET', url: '/api/v1/participation?mechanism=eu-celac-migration-dialogue' })
      ).json<{ items: { note: string | null; compilationNote: string | null }[] }>();
      assert.ok(rows.items.some((r) => r.compilationNote && /from_recall/.test(r.compilationNote)));
      assert.ok(rows.items.every((r) => !/from_recall/.test(r.note ?? '')));
      const spec = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).body;
      assert.match(spec, /How the fact was compiled/);
    });

    it('the history page shows the compilation notes; the profile shows the public ones and names unverified fields in words', async () => {
      const history = await app.inject({ method: 'GET', url: '/fr/history/mechanism/apc' });
      assert.equal(history.statusCode, 200);
      assert.match(history.body, /Comment cette fiche a été établie/);
      assert.match(history.body, /data-compilation-note="true" lang="en">[^<]*from_recall/);
      const profile = await app.inject({ method: 'GET', url: '/fr/mechanisms/apc' });
      assert.equal(profile.statusCode, 200);
      assert.doesNotMatch(profile.body, /data-compilation-note|from_recall/);
      assert.match(profile.body, /Non vérifié<\/span> Statut/);
      const meeting = await app.inject({ method: 'GET', url: '/es/history/meeting/grcp-7' });
      assert.equal(meeting.statusCode, 200);
      assert.match(meeting.body, /Cifra reportada: 22/);
    });
  });
}
