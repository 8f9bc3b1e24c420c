import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, it } from 'node:test';
import { findRecord, MINI, mutatedCopy } from '../test/helpers/reference.js';

const dir = mkdtempSync(join(tmpdir(), 'iscm-cli-'));
const env = { ...process.env, SQLITE_PATH: join(dir, 'cli.sqlite'), DATABASE_URL: '' };
function iscm(...args: string[]) {
  return iscmWithInput('', ...args);
}
function iscmWithInput(input: string, ...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], { env, encoding: 'utf8', input });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('command line', () => {
  it('check validates without writing, and names the problem on bad data', () => {
    const ok = iscm('check', '--dir', MINI);
    assert.equal(ok.code, 0, ok.err);
    assert.match(ok.out, /reference data valid: 4 mechanisms, 10 participation records/);
    const bad = iscm(
      'check',
      '--dir',
      mutatedCopy('participation.json', (rs) => {
        findRecord(rs, 'beta-forum/SEN/member/1').end = '2001';
      }),
    );
    assert.equal(bad.code, 1);
    assert.match(bad.err, /participation\.json › beta-forum\/SEN\/member\/1 › end: end 2001 is not after start 2005/);
  });

  it('migrate, load (twice), stats, export', () => {
    assert.match(iscm('migrate').out, /applied: 0001_registry/);
    assert.match(iscm('migrate').out, /already up to date/);
    assert.match(iscm('load', '--dir', MINI).out, /loaded: .*"mechanismsInserted":4/);
    assert.match(iscm('load', '--dir', MINI).out, /nothing changed/);
    const stats = iscm('stats', '--as-of', '2014-06-01');
    assert.equal(stats.code, 0, stats.err);
    const figures = JSON.parse(stats.out) as { activeMechanisms: { value: number }; asOf: string };
    assert.deepEqual([figures.asOf, figures.activeMechanisms.value], ['2014-06-01', 3]);
    assert.equal(iscm('stats', '--as-of', '2014-02-30').code, 2);

    const out = join(dir, 'export');
    const ex = iscm('export', '--out', out);
    assert.equal(ex.code, 0, ex.err);
    const files = readdirSync(out);
    assert.ok(
      files.includes('participation.csv') && files.includes('participation.json') && files.includes('mechanism.csv'),
    );
    assert.notEqual(readFileSync(join(out, 'participation.csv')).subarray(0, 3).toString('hex'), 'efbbbf', 'no BOM');
    const csv = parse<Record<string, string>>(readFileSync(join(out, 'participation.csv')), {
      columns: true,
      bom: true,
    });
    const json = JSON.parse(readFileSync(join(out, 'participation.json'), 'utf8')) as Record<string, unknown>[];
    assert.equal(csv.length, 10);
    assert.equal(csv.length, json.length);
    assert.ok(csv.some((r) => r.party_label === 'St. Martin'));
    const countries = parse<Record<string, string>>(readFileSync(join(out, 'country.csv')), {
      columns: true,
      bom: true,
    });
    assert.equal(countries.find((c) => c.code === 'CIV')?.name_fr, "Côte-d'Ivoire"); // the package's spelling, with accents and apostrophe intact
    assert.equal(iscm('export', '--format', 'xml').code, 2);
    assert.equal((JSON.parse(readFileSync(join(out, 'export.json'), 'utf8')) as { asOf: unknown }).asOf, null);

    // As of a date: the participation valid that day, the figures then, and the date stated.
    const at = join(dir, 'export-2003');
    const dated = iscm('export', '--out', at, '--format', 'json', '--as-of', '2003-01-01');
    assert.equal(dated.code, 0, dated.err);
    const info = JSON.parse(readFileSync(join(at, 'export.json'), 'utf8')) as { asOf: string; participation: string };
    assert.equal(info.asOf, '2003-01-01');
    assert.match(info.participation, /valid on 2003-01-01/);
    const rows = JSON.parse(readFileSync(join(at, 'participation.json'), 'utf8')) as { mechanism_id: string }[];
    assert.ok(rows.length > 0 && rows.length < 10, `${rows.length} rows`);
    assert.ok(
      rows.every((r) => r.mechanism_id === 'alpha-process'),
      'only alpha-process existed in 2003',
    );
    const fig = JSON.parse(readFileSync(join(at, 'figures.json'), 'utf8')) as {
      asOf: string;
      activeMechanisms: { value: number };
    };
    assert.deepEqual([fig.asOf, fig.activeMechanisms.value], ['2003-01-01', 1]);
    assert.equal(iscm('export', '--as-of', '2003-13-01').code, 2);
  });

  it('user create --admin reads the password from standard input; user grant names a scope', () => {
    const made = iscmWithInput(
      'a long enough password\n',
      'user',
      'create',
      '--email',
      'admin@example.org',
      '--name',
      'First admin',
      '--admin',
    );
    assert.equal(made.code, 0, made.err);
    assert.match(made.out, /created admin@example.org \(administrator\)/);
    const short = iscmWithInput('short\n', 'user', 'create', '--email', 'b@example.org', '--name', 'B');
    assert.equal(short.code, 1);
    assert.match(short.err, /password: the password must have at least 12 characters/);
    const granted = iscm(
      'user',
      'grant',
      '--email',
      'admin@example.org',
      '--role',
      'editor',
      '--mechanism',
      'alpha-process',
    );
    assert.match(granted.out, /granted editor on alpha-process/);
    assert.equal(iscm('user', 'grant', '--email', 'admin@example.org', '--role', 'king').code, 2);
    const token = iscm('token', 'create', '--email', 'admin@example.org', '--label', 'ci');
    assert.match(token.out.trim(), /^iscm_[A-Za-z0-9_-]{43}$/);
    assert.equal(iscm('token', 'create', '--email', 'nobody@example.org').code, 2);
    assert.equal(iscm('user', 'grant', '--email', 'admin@example.org', '--role', 'editor').code, 1);
  });

  it('rejects an unknown command and an unknown option', () => {
    assert.equal(iscm('frobnicate').code, 2);
    assert.equal(iscm('stats', '--bogus').code, 1);
  });
});
