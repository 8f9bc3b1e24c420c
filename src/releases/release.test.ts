/**
 * Releases on both engines: the package validates with the Frictionless `datapackage` library (schemas,
 * CSV cast, primary and foreign keys); the same data gives the same bytes on SQLite and PostgreSQL; no
 * JSON in a cell, no BOM, a header always; nothing unpublished or personal; unchanged data writes
 * nothing, changed data a new version beside the earlier one; the panel and dyads follow the rules.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { AccountsService } from '../accounts/service.js';
import { loadReference } from '../app.js';
import { createTestDatabase, engines, type TestDatabase } from '../../test/helpers/db.js';
import { MINI } from '../../test/helpers/reference.js';
import { buildRelease, ReleaseError } from './service.js';
import { listReleases } from './store.js';

// datapackage 1.x is CommonJS without types.
interface DpResource {
  name: string;
  read(o: { keyed?: boolean; relations?: boolean; forceCast?: boolean }): Promise<Record<string, unknown>[]>;
}
interface DpPackage {
  valid: boolean;
  errors: Error[];
  resources: DpResource[];
}
const { Package } = createRequire(import.meta.url)('datapackage') as {
  Package: { load(d: string, o?: object): Promise<DpPackage> };
};

const SECRET = { email: 'release.secret@example.org', payload: 'UNPUBLISHED-release-payload' };

const opened: TestDatabase[] = [];
after(async () => {
  for (const d of opened) await d.dispose();
});

async function seeded(engine: 'sqlite' | 'postgres'): Promise<TestDatabase> {
  const d = await createTestDatabase(engine);
  opened.push(d);
  await loadReference(d.db, MINI);
  const accounts = new AccountsService(d.db, async () => {});
  const id = await accounts.createUser(
    { email: SECRET.email, displayName: 'Secret Person', password: 'a long enough password' },
    'system',
  );
  await d.db
    .insertInto('change_request')
    .values({
      id: 'cr-pending',
      kind: 'participation.update',
      record_type: 'participation',
      record_id: 'alpha-process/SEN/member/1',
      mechanism_id: 'alpha-process',
      base_version: 1,
      payload: JSON.stringify({ note: SECRET.payload }),
      status: 'pending',
      author: id,
      created_at: new Date().toISOString(),
      reviewer: null,
      reviewed_at: null,
      comment: null,
    } as never)
    .execute();
  return d;
}

function bytesOf(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((f) => [
        f,
        createHash('sha256')
          .update(readFileSync(join(dir, f)))
          .digest('hex'),
      ]),
  );
}

const csv = (dir: string, name: string): Record<string, string>[] =>
  parse<Record<string, string>>(readFileSync(join(dir, `${name}.csv`)), { columns: true });

const digests: Record<string, Record<string, string>> = {};

for (const { engine, skip } of await engines()) {
  describe(`releases (${engine})`, { skip }, () => {
    it('builds a package that validates: schemas, CSV cast, primary and foreign keys', async () => {
      const d = await seeded(engine);
      const dir = mkdtempSync(join(tmpdir(), 'iscm-release-'));
      const r = await buildRelease(d.db, dir, '2026-12-01');
      assert.equal(r.version, '2026-12-01');
      assert.ok(r.written && r.path);
      const pkg = await Package.load(join(r.path, 'datapackage.json'), { basePath: r.path });
      assert.deepEqual(
        pkg.errors.map((e) => e.message),
        [],
      );
      assert.ok(pkg.valid);
      const descriptor = JSON.parse(readFileSync(join(r.path, 'datapackage.json'), 'utf8')) as {
        licenses: { name: string }[];
        created: string;
        digest: string;
        resources: { name: string; schema: { primaryKey: string[]; foreignKeys?: unknown[] } }[];
      };
      assert.equal(descriptor.licenses[0]!.name, 'CC-BY-4.0');
      assert.equal(descriptor.created, '2026-12-01T00:00:00Z');
      assert.equal(descriptor.digest, r.digest);
      for (const res of descriptor.resources) assert.ok(res.schema.primaryKey.length > 0, res.name);
      // Every resource reads with its foreign keys checked (throws on a violation or a bad cell).
      for (const res of pkg.resources) await res.read({ keyed: true, relations: true });

      // SHA256SUMS covers every other file, and the sums are right.
      const sums = readFileSync(join(r.path, 'SHA256SUMS'), 'utf8').trim().split('\n');
      const files = readdirSync(r.path).filter((f) => f !== 'SHA256SUMS');
      assert.equal(sums.length, files.length);
      for (const line of sums) {
        const [hash, name] = line.split('  ') as [string, string];
        assert.equal(
          createHash('sha256')
            .update(readFileSync(join(r.path, name)))
            .digest('hex'),
          hash,
          name,
        );
      }
      digests[engine] = bytesOf(r.path);

      // The validator does catch a broken copy: a source id no source has, a cell that is not a boolean.
      const broken = mkdtempSync(join(tmpdir(), 'iscm-release-broken-'));
      cpSync(r.path, broken, { recursive: true });
      const ps = join(broken, 'participation_source.csv');
      writeFileSync(ps, readFileSync(ps, 'utf8').replace('src-d75cf69047', 'src-nowhere'));
      const bad = await Package.load(join(broken, 'datapackage.json'), { basePath: broken });
      await assert.rejects(
        bad.resources.find((x) => x.name === 'participation_source')!.read({ relations: true }),
        /Foreign key "source_id" violation/,
      );
      const src = join(broken, 'source.csv');
      writeFileSync(src, readFileSync(src, 'utf8').replace(/,false\n/, ',no\n'));
      await assert.rejects(
        (await Package.load(join(broken, 'datapackage.json'), { basePath: broken })).resources
          .find((x) => x.name === 'source')!
          .read({}),
        /type and format mismatch/,
      );
    });

    it('tidy: no JSON in a cell, booleans true/false, no BOM, a header row even for an empty table', async () => {
      const d = await seeded(engine);
      const dir = mkdtempSync(join(tmpdir(), 'iscm-release-'));
      const { path } = await buildRelease(d.db, dir, '2026-12-01');
      const p = path!;
      for (const f of readdirSync(p).filter((x) => x.endsWith('.csv'))) {
        const bytes = readFileSync(join(p, f));
        assert.notEqual(bytes.subarray(0, 3).toString('hex'), 'efbbbf', `${f} starts with a BOM`);
        const rows: string[][] = parse(bytes);
        assert.ok(rows.length >= 1 && rows[0]!.length > 0, `${f} has a header row`);
        for (const row of rows.slice(1))
          for (const v of row) assert.ok(!/^\s*[[{]/.test(v), `${f}: a JSON value in a cell: ${v.slice(0, 80)}`);
      }
      // Lists are join tables.
      const ps = csv(p, 'participation_source');
      assert.deepEqual(
        ps.filter((r) => r.participation_id === 'alpha-process/MLI/member/1').map((r) => r.source_id),
        ['src-d75cf69047', 'src-75494cec9a'],
      );
      const source = csv(p, 'source');
      assert.ok(source.every((s) => s.mirror === 'true' || s.mirror === 'false'));
      assert.ok(!('lists' in source[0]!));
      const part = csv(p, 'participation');
      assert.ok(!('row_id' in part[0]!) && !('recorded_at' in part[0]!) && !('recorded_by' in part[0]!));
      // The header of an empty list table is there (the fixture's agenda items have no speakers).
      assert.equal(
        readFileSync(join(p, 'meeting_agenda_item_speaker.csv'), 'utf8').split('\n')[0],
        'meeting_id,item_order,seq,speaker',
      );
    });

    it('holds nothing unpublished or personal', async () => {
      const d = await seeded(engine);
      const { path } = await buildRelease(d.db, mkdtempSync(join(tmpdir(), 'iscm-release-')), '2026-12-01');
      const files = readdirSync(path!);
      assert.deepEqual(
        files.filter((f) => /user|session|token|reset|audit|change|role_grant|dataset_load/.test(f)),
        [],
      );
      const all = files.map((f) => readFileSync(join(path!, f), 'utf8')).join('\n');
      for (const needle of [SECRET.email, SECRET.payload, 'Secret Person', 'argon2', 'cr-pending'])
        assert.ok(!all.includes(needle), `the release must not contain ${needle}`);
    });

    it('unchanged data writes nothing; changed data is a new version; earlier releases are kept; a bad date is refused', async () => {
      const d = await seeded(engine);
      const dir = mkdtempSync(join(tmpdir(), 'iscm-release-'));
      const first = await buildRelease(d.db, dir, '2026-12-01');
      const again = await buildRelease(d.db, dir, '2026-12-02');
      assert.deepEqual([again.written, again.version], [false, '2026-12-01']);
      await d.db
        .updateTable('mechanism')
        .set({ website: 'https://alpha.example.org/' })
        .where('id', '=', 'alpha-process')
        .execute();
      const second = await buildRelease(d.db, dir, '2026-12-01');
      assert.deepEqual([second.written, second.version], [true, '2026-12-01.2']);
      assert.notEqual(second.digest, first.digest);
      assert.deepEqual(
        listReleases(dir).map((r) => r.version),
        ['2026-12-01.2', '2026-12-01'],
      );
      assert.ok(existsSync(join(dir, '2026-12-01', 'mechanism.csv')));
      await assert.rejects(
        buildRelease(d.db, dir, '2026-13-01'),
        (e: unknown) => e instanceof ReleaseError && /"2026-13-01" is not a calendar date/.test(e.message),
      );
      await assert.rejects(buildRelease(d.db, dir, '2026-11-30'), /before the newest release, 2026-12-01\.2/);
      assert.equal(listReleases(dir).length, 2, 'a refused build writes nothing');
    });

    it('the country-year panel and the co-membership dyads', async () => {
      const d = await seeded(engine);
      const { path } = await buildRelease(d.db, mkdtempSync(join(tmpdir(), 'iscm-release-')), '2026-12-01');
      const panel = csv(path!, 'membership_panel');
      const years = (c: string, m: string) =>
        panel.filter((r) => r.country_code === c && r.mechanism_id === m && r.role === 'member');
      // NER: 2001 to its end in October 2016 (holds on 2016-09-30), stated.
      const ner = years('NER', 'alpha-process');
      assert.deepEqual([ner[0]!.year, ner.at(-1)!.year, ner.length], ['2001', '2016', 16]);
      assert.ok(ner.every((r) => r.certainty === 'stated' && r.cow_code === '1'));
      // MLI: start unknown: assumed from the establishment (2000), attested from its first list (2013-10).
      const mli = years('MLI', 'alpha-process');
      assert.equal(mli[0]!.year, '2000');
      assert.equal(mli.find((r) => r.year === '2012')!.certainty, 'assumed');
      assert.equal(mli.find((r) => r.year === '2013')!.certainty, 'attested');
      assert.equal(panel.find((r) => r.country_code === 'FRA' && r.role === 'observer')!.cow_code, '3');
      const dyads = csv(path!, 'co_membership');
      const pair = (a: string, b: string, y: string) =>
        dyads.find((r) => r.country_a === a && r.country_b === b && r.year === y)?.shared_mechanisms;
      assert.equal(pair('MLI', 'SEN', '2005'), '2'); // alpha and beta
      assert.equal(pair('MLI', 'SEN', '2004'), '1'); // alpha only
      assert.equal(pair('FRA', 'SEN', '2010'), '1'); // gamma (FRA only observes alpha)
      assert.equal(pair('MLI', 'NER', '2017'), undefined); // NER left in 2016
    });
  });
}

describe('a release of the bundled reference dataset (sqlite)', () => {
  it('validates: every table casts and every foreign key holds', async () => {
    const d = await createTestDatabase('sqlite');
    opened.push(d);
    await loadReference(d.db);
    const r = await buildRelease(d.db, mkdtempSync(join(tmpdir(), 'iscm-release-real-')), '2026-12-01');
    const pkg = await Package.load(join(r.path!, 'datapackage.json'), { basePath: r.path! });
    assert.deepEqual(
      pkg.errors.map((e) => e.message),
      [],
    );
    for (const res of pkg.resources) {
      const rows = await res.read({ relations: res.name !== 'co_membership' });
      assert.ok(rows.length > 0 || res.name.includes('speaker'), `${res.name} has rows`);
    }
  });
});

describe('releases across engines', () => {
  it('the same data gives byte-identical releases on SQLite and PostgreSQL', (t) => {
    if (!digests.postgres) return t.skip('PostgreSQL did not run');
    assert.deepEqual(digests.postgres, digests.sqlite);
  });
});
