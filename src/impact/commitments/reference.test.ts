/**
 * commitments.json: the bundled file is valid and equal to its research copy; every problem names the record and
 * the field; loading the same file twice changes nothing (both engines), and a reload keeps the updates States
 * reported.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import Value from 'typebox/value';
import type { CommitmentsFiles } from './reference.js';
import { loadReference } from '../../app.js';
import { createTestDatabase, engines, type TestDatabase } from '../../../test/helpers/db.js';
import { validate } from './reference.js';

const root = new URL('../../../', import.meta.url).pathname;
const bundled = JSON.parse(readFileSync(`${root}data/reference/commitments.json`, 'utf8')) as {
  frameworks: { nodes: { id: string; parent: string | null; source_url: string }[] }[];
  commitments: Record<string, unknown>[];
  updates: unknown[];
};
const ids = (xs: string[]) => new Set(xs);
const files = (file: unknown): CommitmentsFiles => ({
  file,
  documents: ids(['joint-valletta-action-plan-2015']),
  mechanisms: ids(['rabat-process', 'khartoum-process']),
  themes: ids([
    'migration-development',
    'regular-migration',
    'labour-migration',
    'asylum-protection',
    'irregular-migration',
    'smuggling',
    'trafficking',
    'return-reintegration',
    'partnerships-cooperation',
  ]),
  countries: ids(['SEN', 'MLI']),
  errors: (schema, value) => Value.Errors(schema, value),
});

describe('commitments.json', () => {
  it('is valid, sourced node by node, and its research copy is the same file', () => {
    const r = validate(files(bundled));
    assert.deepEqual(r.problems, []);
    assert.equal(r.data?.frameworks[0]?.nodes.length, 5);
    assert.deepEqual(bundled.updates, [], 'no follow-up update is stated by a source read: none is recorded');
    for (const n of bundled.frameworks[0]!.nodes) assert.match(n.source_url, /^https:\/\//);
    assert.equal(
      readFileSync(`${root}data/research/impact/commitments.json`, 'utf8'),
      readFileSync(`${root}data/reference/commitments.json`, 'utf8'),
    );
  });

  it('names the record and the field of every problem', () => {
    const broken = structuredClone(bundled);
    broken.frameworks[0]!.nodes[1]!.parent = 'nowhere';
    broken.commitments[0]!.node = 'd9';
    broken.commitments[1]!.mechanisms = ['no-such-process'];
    broken.commitments[2]!.countries = ['QQQ'];
    broken.commitments[3]!.weight = -1;
    broken.updates.push({
      id: 'u1',
      commitment: 'no-such',
      country: null,
      status: 'completed',
      progress: null,
      date: '2020-01-01',
      evidence_url: 'https://example.org',
      note: null,
      read_on: '2026-12-03',
    });
    const r = validate(files(broken));
    assert.equal(r.data, null);
    const got = r.problems.map((p) => `${p.record} › ${p.field}`);
    for (const want of [
      'jvap › nodes.1.parent',
      'jvap-2015-domain-1 › node',
      'jvap-2015-domain-2 › mechanisms.0',
      'jvap-2015-domain-3 › countries.0',
      'jvap-2015-domain-4 › weight',
      'u1 › commitment',
    ])
      assert.ok(got.includes(want), `${want} in ${got.join('; ')}`);
  });
});

for (const { engine, skip } of await engines()) {
  describe(`loading commitments.json on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase(engine);
    });
    after(async () => t?.dispose());

    it('loads the frameworks and commitments; a second load changes nothing and keeps reported updates', async () => {
      const first = await loadReference(t.db);
      assert.equal((first as unknown as { commitments: { commitments: number } }).commitments.commitments, 6);
      const nodes = await t.db.selectFrom('commitment_node').selectAll().execute();
      assert.equal(nodes.length, 5);
      await t.db
        .insertInto('commitment_update')
        .values({
          id: 'x1',
          commitment_id: 'jvap-2015-domain-1',
          cycle_id: null,
          country_code: null,
          status: 'planned',
          progress: null,
          on_date: '2026-01-01',
          evidence_url: null,
          evidence_document_id: null,
          note: null,
          reported_by: 'someone',
          review: 'submitted',
          review_comment: null,
          reviewed_by: null,
          reviewed_at: null,
          created_at: '2026-01-01T00:00:00Z',
        })
        .execute();
      const versions = await t.db.selectFrom('commitment').select(['id', 'version']).orderBy('id').execute();
      const second = await loadReference(t.db);
      assert.equal((second as unknown as { commitments: { changed: boolean } }).commitments.changed, false);
      assert.deepEqual(await t.db.selectFrom('commitment').select(['id', 'version']).orderBy('id').execute(), versions);
      assert.equal((await t.db.selectFrom('commitment_update').selectAll().execute()).length, 1);
    });
  });
}
