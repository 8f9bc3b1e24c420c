import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createTestDatabase } from '../../test/helpers/db.js';
import { findRecord, MINI, mutatedCopy } from '../../test/helpers/reference.js';
import { checkReference, loadReference } from '../app.js';
import { ReferenceError, type LoadProblem } from '../reference/part.js';

function problemsOf(dir: string): LoadProblem[] {
  try {
    checkReference(dir);
  } catch (err) {
    assert.ok(err instanceof ReferenceError, `expected a ReferenceError, got ${String(err)}`);
    return err.problems;
  }
  assert.fail('the dataset was accepted');
}

function assertRejected(dir: string, expected: Partial<Omit<LoadProblem, 'message'>> & { message: RegExp }) {
  const problems = problemsOf(dir);
  const hit = problems.find(
    (p) =>
      (expected.file === undefined || p.file === expected.file) &&
      (expected.record === undefined || p.record === expected.record) &&
      (expected.field === undefined || p.field === expected.field) &&
      expected.message.test(p.message),
  );
  assert.ok(
    hit,
    `no problem like ${JSON.stringify({ ...expected, message: String(expected.message) })} in:\n${JSON.stringify(problems, null, 1)}`,
  );
}

describe('reference loader: validation', () => {
  it('accepts the fixture dataset', () => {
    const ds = checkReference(MINI);
    assert.equal(ds.registry.mechanisms.length, 4);
    assert.match(ds.digest, /^[0-9a-f]{64}$/);
  });

  it('accepts the bundled dataset', () => {
    const ds = checkReference().registry;
    assert.ok(ds.mechanisms.length >= 40, `only ${ds.mechanisms.length} mechanisms`);
    // Every row cites a source, except a row no source names: it cites nothing and is unverified.
    assert.ok(
      ds.participation.every(
        (p) => p.sources.length > 0 || (p.attestation === 'none' && p.verification === 'unverified'),
      ),
    );
  });

  it('rejects a row with no source that is not marked unverified, and a bloc row without its bloc', () => {
    const dir = mutatedCopy('participation.json', (rs) => {
      Object.assign(findRecord(rs, 'alpha-process/SEN/member/1'), {
        attestation: 'none',
        sources: [],
        verification: 'sourced',
      });
      Object.assign(findRecord(rs, 'alpha-process/FRA/observer/1'), { attestation: 'bloc', via_bloc: null });
    });
    assertRejected(dir, {
      file: 'participation.json',
      record: 'alpha-process/SEN/member/1',
      field: 'verification',
      message: /no source names/,
    });
    assertRejected(dir, {
      file: 'participation.json',
      record: 'alpha-process/FRA/observer/1',
      field: 'via_bloc',
      message: /exactly when/,
    });
  });

  it('reads the reported figures and lists; a dataset without them loads with none', () => {
    const ds = checkReference(MINI).reported;
    assert.equal(ds.reportedFigures.length, 3);
    assert.equal(ds.reportedLists[0]!.entries.length, 4);
    const dir = mutatedCopy('reported-figures.json', (rs) => {
      rs.length = 0;
    });
    rmSync(join(dir, 'reported-figures.json'));
    rmSync(join(dir, 'reported-lists.json'));
    assert.deepEqual(checkReference(dir).reported.reportedFigures, []);
  });

  it('rejects a reported figure with an unknown source, meeting or comparator, and a list entry naming no mechanism', () => {
    const dir = mutatedCopy('reported-figures.json', (rs) => {
      findRecord(rs, 'test-2014-06-01-active-mechanisms').source = 'src-0000000000';
      findRecord(rs, 'test-global-2-mechanisms-represented').scope = 'no-meeting';
      findRecord(rs, 'test-2014-06-01-max-per-country').comparator = 'about';
    });
    assertRejected(dir, {
      file: 'reported-figures.json',
      record: 'test-2014-06-01-active-mechanisms',
      field: 'source',
      message: /unknown source/,
    });
    assertRejected(dir, {
      file: 'reported-figures.json',
      record: 'test-global-2-mechanisms-represented',
      field: 'scope',
      message: /unknown meeting "no-meeting"/,
    });
    assertRejected(dir, {
      file: 'reported-figures.json',
      record: 'test-2014-06-01-max-per-country',
      field: 'comparator',
      message: /./,
    });
    const lists = mutatedCopy('reported-lists.json', (rs) => {
      (findRecord(rs, 'test-lists-2014').entries as { mechanism: string }[])[0]!.mechanism = 'omega-process';
    });
    assertRejected(lists, {
      file: 'reported-lists.json',
      record: 'test-lists-2014',
      field: 'entries.0.mechanism',
      message: /unknown mechanism "omega-process"/,
    });
  });

  it('rejects an unknown country code, naming file, record and field', () => {
    const dir = mutatedCopy('participation.json', (rs) => {
      findRecord(rs, 'alpha-process/SEN/member/1').country = 'XYZ';
    });
    assertRejected(dir, {
      file: 'participation.json',
      record: 'alpha-process/SEN/member/1',
      field: 'country',
      message: /unknown country code "XYZ"/,
    });
  });

  it('rejects overlapping intervals for the same party and role', () => {
    const dir = mutatedCopy('participation.json', (rs) => {
      rs.push({
        ...findRecord(rs, 'alpha-process/NER/member/1'),
        id: 'alpha-process/NER/member/2',
        start: '2015',
        end: null,
        end_cause: null,
      });
    });
    assertRejected(dir, {
      file: 'participation.json',
      record: 'alpha-process/NER/member/2',
      field: 'start',
      message: /overlaps alpha-process\/NER\/member\/1/,
    });
  });

  it('accepts back-to-back intervals (leave then rejoin)', () => {
    const dir = mutatedCopy('participation.json', (rs) => {
      rs.push({
        ...findRecord(rs, 'alpha-process/NER/member/1'),
        id: 'alpha-process/NER/member/2',
        start: '2016-10',
        end: null,
        end_cause: null,
      });
    });
    assert.equal(checkReference(dir).registry.participation.length, 11);
  });

  it('rejects an end before the start', () => {
    const dir = mutatedCopy('participation.json', (rs) => {
      findRecord(rs, 'alpha-process/NER/member/1').end = '1999';
    });
    assertRejected(dir, {
      record: 'alpha-process/NER/member/1',
      field: 'end',
      message: /end 1999 is not after start 2001/,
    });
  });

  it('rejects a fact without a source', () => {
    const dir = mutatedCopy('participation.json', (rs) => {
      findRecord(rs, 'beta-forum/SEN/member/1').sources = [];
    });
    assertRejected(dir, { record: 'beta-forum/SEN/member/1', field: 'sources', message: /missing source/ });
  });

  it('rejects a reference to a source that does not exist', () => {
    const dir = mutatedCopy('mechanisms.json', (rs) => {
      findRecord(rs, 'beta-forum').sources = ['src-0000000000'];
    });
    assertRejected(dir, {
      file: 'mechanisms.json',
      record: 'beta-forum',
      field: 'sources.0',
      message: /unknown source/,
    });
  });

  it('rejects an unknown theme', () => {
    const dir = mutatedCopy('mechanisms.json', (rs) => {
      findRecord(rs, 'alpha-process').themes = [{ theme: 'astrology', wording: 'stars' }];
    });
    assertRejected(dir, {
      file: 'mechanisms.json',
      record: 'alpha-process',
      field: 'themes.0.theme',
      message: /unknown theme "astrology"/,
    });
  });

  it('rejects a malformed date and an unknown role', () => {
    const dir = mutatedCopy('participation.json', (rs) => {
      findRecord(rs, 'alpha-process/SEN/member/1').start = '2000-13';
      findRecord(rs, 'beta-forum/SEN/member/1').role = 'president';
    });
    assertRejected(dir, { record: 'alpha-process/SEN/member/1', field: 'start', message: /not a date/ });
    assertRejected(dir, { record: 'beta-forum/SEN/member/1', field: 'role', message: /allowed values/ });
  });

  it('rejects an unknown field and a gap in a status history', () => {
    const dir = mutatedCopy('mechanisms.json', (rs) => {
      const beta = findRecord(rs, 'beta-forum');
      beta.colour = 'blue';
      (beta.statuses as { start: string }[])[1]!.start = '2016';
    });
    assertRejected(dir, { record: 'beta-forum', field: '-', message: /additional properties.*colour/ });
  });

  it('rejects a history that is not contiguous', () => {
    const dir = mutatedCopy('mechanisms.json', (rs) => {
      (findRecord(rs, 'beta-forum').statuses as { start: string }[])[1]!.start = '2016';
    });
    assertRejected(dir, { record: 'beta-forum', field: 'statuses.1.start', message: /contiguous/ });
  });

  it('rejects a party that is neither a country, an organization nor a labelled unresolved party', () => {
    const dir = mutatedCopy('participation.json', (rs) => {
      findRecord(rs, 'alpha-process/SEN/member/1').organization = 'iom';
    });
    assertRejected(dir, { record: 'alpha-process/SEN/member/1', field: 'country', message: /exactly one of/ });
  });

  it('reports invalid JSON with the file name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iscm-ref-'));
    cpSync(MINI, dir, { recursive: true });
    writeFileSync(join(dir, 'themes.json'), '[{"id": ');
    assertRejected(dir, { file: 'themes.json', message: /JSON/ });
  });

  describe('writes nothing when anything is wrong', async () => {
    const db = await createTestDatabase('sqlite');
    after(() => db.dispose());
    it('a rejected load leaves every table empty', async () => {
      const dir = mutatedCopy('participation.json', (rs) => {
        findRecord(rs, 'gamma-dialogue/FRA/member/1').country = 'ZZZ';
      });
      await assert.rejects(loadReference(db.db, dir), ReferenceError);
      for (const table of ['country', 'mechanism', 'participation', 'source', 'theme'] as const) {
        const row = await db.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        assert.equal(Number(row.n), 0, `${table} is not empty`);
      }
    });
  });
});
