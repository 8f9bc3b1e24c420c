/**
 * The impact tables in the open data, on both engines, from the bundled dataset: achievements, structures (field
 * by field), partnerships and documents are in the public export and in the release as tidy tables (join tables
 * for lists, no JSON in a cell), each with a Frictionless schema (primary key, foreign keys, a description of
 * every field), and their rows are the data file's.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { loadReference } from '../app.js';
import { PUBLIC_TABLES } from '../db/dump.js';
import { REFERENCE_DIR } from '../reference/part.js';
import { exportTables } from '../registry/export.js';
import { buildRelease } from '../releases/service.js';
import { createTestDatabase, engines, type TestDatabase } from '../../test/helpers/db.js';
import type { AchievementRecord, PartnershipRecord, StructureRecord } from './reference.js';

const read = <T>(f: string) => JSON.parse(readFileSync(join(REFERENCE_DIR, f), 'utf8')) as T;
const PARTNERSHIPS = read<PartnershipRecord[]>('partnerships.json');
const ACHIEVEMENTS = read<AchievementRecord[]>('achievements.json');
const STRUCTURES = read<StructureRecord[]>('structures.json');
const DOCUMENTS =
  read<{ id: string; titles: Record<string, string>; summary_facts: string[]; sources: string[] }[]>('documents.json');
const FIELDS = [
  'secretariat_model',
  'secretariat',
  'funding',
  'chair_rotation',
  'written_rules',
  'strategies_workplans',
  'meeting_cadence',
  'working_groups',
] as const;

interface Resource {
  name: string;
  path: string;
  schema: {
    fields: { name: string; type: string; description?: string }[];
    primaryKey: string[];
    foreignKeys?: { fields: string[]; reference: { resource: string; fields: string[] } }[];
  };
}

const NEW_TABLES = [
  'document',
  'document_mechanism',
  'document_language',
  'document_source',
  'document_title',
  'document_summary_fact',
  'document_meeting_candidate',
  'achievement',
  'achievement_country',
  'achievement_source',
  'structure',
  'structure_field',
  'structure_field_item',
  'structure_field_source',
  'partnership',
  'partnership_organization',
  'partnership_party',
  'partnership_source',
];

for (const { engine, skip } of await engines()) {
  describe(`impact tables in the open data on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let path = '';
    let resources: Resource[] = [];
    const csv = (name: string) =>
      parse<Record<string, string>>(readFileSync(join(path, `${name}.csv`)), { columns: true });
    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db);
      const r = await buildRelease(t.db, mkdtempSync(join(tmpdir(), 'iscm-impact-release-')), '2026-12-02');
      path = r.path!;
      resources = (JSON.parse(readFileSync(join(path, 'datapackage.json'), 'utf8')) as { resources: Resource[] })
        .resources;
    });
    after(async () => {
      await t?.dispose();
    });

    it('the release has every table, each with a primary key, its foreign keys and a description of every field', () => {
      const names = resources.map((r) => r.name);
      for (const n of NEW_TABLES) assert.ok(names.includes(n), `${n} in the release`);
      for (const n of NEW_TABLES) {
        const r = resources.find((x) => x.name === n)!;
        assert.ok(r.schema.primaryKey.length, `${n}: primary key`);
        assert.ok(
          r.schema.fields.every((f) => f.description),
          `${n}: every field described`,
        );
      }
      const fks = (n: string) =>
        resources
          .find((x) => x.name === n)!
          .schema.foreignKeys!.map((f) => `${f.fields.join('+')}>${f.reference.resource}`)
          .sort();
      assert.deepEqual(fks('partnership'), [
        'mechanism_a>mechanism',
        'mechanism_b>mechanism',
        'mechanism_id>mechanism',
      ]);
      assert.deepEqual(fks('partnership_organization'), ['organization_id>organization', 'partnership_id>partnership']);
      assert.deepEqual(fks('structure_field_source'), ['mechanism_id+field>structure_field', 'source_id>source']);
      assert.deepEqual(fks('achievement_country'), ['achievement_id>achievement', 'country_code>country']);
      assert.deepEqual(fks('document_title'), ['document_id>document']);
    });

    it('their rows are the data files: partnerships, achievements, documents and structures field by field', () => {
      assert.equal(csv('partnership').length, 188);
      assert.equal(csv('partnership_source').length, PARTNERSHIPS.flatMap((p) => p.sources).length);
      assert.equal(csv('partnership_organization').length, PARTNERSHIPS.flatMap((p) => p.organizations).length);
      assert.equal(csv('partnership_party').length, PARTNERSHIPS.flatMap((p) => p.other_parties).length);
      const joint = csv('partnership').find((p) => p.id === 'rabat-process--khartoum-process')!;
      assert.deepEqual(
        [
          joint.kind,
          joint.mechanism_a,
          joint.mechanism_b,
          joint.years,
          joint.first_year,
          joint.last_year,
          joint.ongoing,
        ],
        ['mechanism-mechanism', 'rabat-process', 'khartoum-process', '2015-', '2015', '', 'true'],
      );
      assert.equal(csv('achievement').length, ACHIEVEMENTS.length);
      assert.equal(csv('achievement_country').length, ACHIEVEMENTS.flatMap((a) => a.countries).length);
      assert.equal(csv('document').length, DOCUMENTS.length);
      assert.equal(csv('document_source').length, DOCUMENTS.flatMap((d) => d.sources).length);
      assert.equal(csv('document_title').length, DOCUMENTS.flatMap((d) => Object.keys(d.titles)).length);
      assert.equal(csv('document_summary_fact').length, DOCUMENTS.flatMap((d) => d.summary_facts).length);
      assert.equal(csv('structure').length, STRUCTURES.length);
      const known = STRUCTURES.flatMap((s) => FIELDS.filter((f) => s[f] !== null).map((f) => ({ s, f })));
      assert.equal(csv('structure_field').length, known.length);
      assert.equal(
        csv('structure_field_source').length,
        known.reduce((n, { s, f }) => n + s[f]!.sources.length, 0),
      );
      const listItems = known
        .filter(({ f }) => f === 'written_rules' || f === 'strategies_workplans' || f === 'working_groups')
        .reduce((n, { s, f }) => n + (s[f]!.value as unknown[]).length, 0);
      assert.equal(csv('structure_field_item').length, listItems);
      const rules = STRUCTURES.find((s) => s.written_rules !== null)!;
      const items = csv('structure_field_item').filter(
        (r) => r.mechanism_id === rules.mechanism && r.field === 'written_rules',
      );
      assert.deepEqual(
        items.map((r) => [r.text, r.years || null]),
        rules.written_rules!.value.map((x) => [x.title, x.year]),
      );
      const model = csv('structure_field').find(
        (r) => r.mechanism_id === rules.mechanism && r.field === 'secretariat_model',
      );
      assert.equal(model?.value ?? null, rules.secretariat_model?.value ?? null);
    });

    it('no JSON in a cell of these tables', () => {
      for (const n of NEW_TABLES) {
        const rows: string[][] = parse(readFileSync(join(path, `${n}.csv`)));
        assert.ok(rows.length > 1, `${n} has rows`);
        for (const row of rows.slice(1))
          for (const v of row) assert.ok(!/^\s*[[{]/.test(v), `${n}: a JSON value in a cell: ${v.slice(0, 60)}`);
      }
    });

    it('the public export holds the same tables', async () => {
      for (const n of ['document', 'achievement', 'structure', 'partnership', 'partnership_source'])
        assert.ok((PUBLIC_TABLES as readonly string[]).includes(n), n);
      const dir = mkdtempSync(join(tmpdir(), 'iscm-impact-export-'));
      await exportTables(t.db, dir, ['json']);
      const files = readdirSync(dir);
      for (const n of [
        'partnership',
        'partnership_organization',
        'achievement_country',
        'structure',
        'document_source',
      ])
        assert.ok(files.includes(`${n}.json`), n);
      const rows = JSON.parse(readFileSync(join(dir, 'partnership.json'), 'utf8')) as unknown[];
      assert.equal(rows.length, 188);
    });
  });
}
