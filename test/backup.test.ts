/**
 * Public export and full backup, on both engines: backup → restore into a fresh database → the export
 * and the backup are byte-identical to the original's; the export holds no account, token, session,
 * password reset, change request (payloads, comments) or audit event.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { AccountsService } from '../src/accounts/service.js';
import { BackupError, createBackup, restoreBackup } from '../src/db/backup.js';
import type { Database } from '../src/db/database.js';
import { exportTables } from '../src/registry/export.js';
import { loadReference } from '../src/app.js';
import { BUILT_MAIN, ROOT } from './helpers/built.js';
import { createTestDatabase, engines, type TestDatabase } from './helpers/db.js';
import { MINI } from './helpers/reference.js';

const SECRET = {
  email: 'reviewer.secret@example.org',
  comment: 'REVIEWER-COMMENT-not-for-the-public',
  payload: 'UNPUBLISHED-PAYLOAD-xyz',
};

/** The mini dataset plus accounts, a role, a token, a session, a password reset, change requests, audit events. */
async function seed(database: Database): Promise<{ token: string }> {
  await loadReference(database.db, MINI);
  const accounts = new AccountsService(database.db, async () => {});
  const id = await accounts.createUser(
    { email: SECRET.email, displayName: 'Rév. Secret', password: 'a long enough password' },
    'system',
  );
  await accounts.grant(id, { role: 'reviewer', scopeType: 'mechanism', scopeId: 'alpha-process' }, 'system');
  const token = await accounts.createToken(id, 'ci', 'system');
  await accounts.signIn(SECRET.email, 'a long enough password', '192.0.2.7');
  await accounts.requestReset(SECRET.email, (t) => `http://localhost/en/reset/${t}`, '192.0.2.7');
  const now = new Date().toISOString();
  await database.db
    .insertInto('change_request')
    .values([
      {
        id: 'cr-pending',
        kind: 'participation.update',
        record_type: 'participation',
        record_id: 'alpha-process/SEN/member/1',
        mechanism_id: 'alpha-process',
        base_version: 1,
        payload: JSON.stringify({ note: SECRET.payload }),
        status: 'pending',
        author: id,
        created_at: now,
        reviewer: null,
        reviewed_at: null,
        comment: null,
      },
      {
        id: 'cr-returned',
        kind: 'participation.update',
        record_type: 'participation',
        record_id: 'alpha-process/SEN/member/1',
        mechanism_id: 'alpha-process',
        base_version: 1,
        payload: '{}',
        status: 'returned',
        author: id,
        created_at: now,
        reviewer: id,
        reviewed_at: now,
        comment: SECRET.comment,
      },
    ] as never)
    .execute();
  return { token };
}

function exportBytes(dir: string): Record<string, string> {
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

const opened: TestDatabase[] = [];
after(async () => {
  for (const d of opened) await d.dispose();
});
async function fresh(engine: 'sqlite' | 'postgres') {
  const d = await createTestDatabase(engine);
  opened.push(d);
  return d;
}
let sqliteBackup = '';

for (const { engine, skip } of await engines()) {
  describe(`backup and restore (${engine})`, { skip }, () => {
    it('backup → restore into a fresh database: export and backup byte-identical; export holds nothing private', async () => {
      const a = await fresh(engine);
      const { token } = await seed(a);
      const tmp = mkdtempSync(join(tmpdir(), 'iscm-backup-'));
      await exportTables(a.db, join(tmp, 'a'), ['json', 'csv']);
      const backup = await createBackup(a.db);
      if (engine === 'sqlite') sqliteBackup = backup;
      assert.equal(await createBackup(a.db), backup, 'two backups of the same database are the same bytes');

      // Everything private is in the backup…
      const tokenHash = createHash('sha256').update(token).digest('hex');
      for (const needle of [
        SECRET.email,
        SECRET.comment,
        SECRET.payload,
        '"audit_event"',
        '"password_reset"',
        '"session"',
        '"role_grant"',
      ]) {
        assert.ok(backup.includes(needle), `backup has ${needle}`);
      }
      assert.ok(backup.includes(tokenHash), 'the token (its hash) is in the backup');
      // …and nothing of it in the export.
      const files = readdirSync(join(tmp, 'a'));
      assert.deepEqual(
        files.filter((f) => /user|session|token|reset|audit|change|role/.test(f)),
        [],
      );
      const all = files.map((f) => readFileSync(join(tmp, 'a', f), 'utf8')).join('\n');
      for (const needle of [SECRET.email, SECRET.comment, SECRET.payload, tokenHash, 'argon2', '192.0.2.7']) {
        assert.ok(!all.includes(needle), `the export must not contain ${needle}`);
      }

      const b = await fresh(engine);
      const summary = await restoreBackup(b.db, backup);
      assert.ok(summary.rows > 100 && summary.tables >= 25, JSON.stringify(summary));
      await exportTables(b.db, join(tmp, 'b'), ['json', 'csv']);
      assert.deepEqual(exportBytes(join(tmp, 'b')), exportBytes(join(tmp, 'a')));
      assert.equal(await createBackup(b.db), backup);
      // The restored accounts work: the token still authenticates.
      assert.equal((await new AccountsService(b.db).tokenUser(token))?.email, SECRET.email);
    });

    it('refuses a non-empty database unless --force; force keeps the append-only audit log and adds to it', async () => {
      const a = await fresh(engine);
      await seed(a);
      const backup = await createBackup(a.db);
      const b = await fresh(engine);
      await loadReference(b.db, MINI);
      await assert.rejects(
        restoreBackup(b.db, backup),
        (e: unknown) => e instanceof BackupError && /database is not empty \(rows in country/.test(e.message),
      );
      const forced = await restoreBackup(b.db, backup, { force: true });
      assert.equal(forced.skippedAuditEvents, 0);
      assert.equal(await createBackup(b.db), backup);
      // A second forced restore: the audit log cannot be emptied, its events are already there.
      const again = await restoreBackup(b.db, backup, { force: true });
      assert.ok(again.skippedAuditEvents > 0);
      assert.equal(await createBackup(b.db), backup);
      await assert.rejects(restoreBackup(b.db, '{"format":"something else"}', { force: true }), /not a backup file/);
      await assert.rejects(
        restoreBackup(b.db, backup.replace('"0001_registry"', '"0000_other"'), { force: true }),
        /schema is not the backup's/,
      );
    });

    if (engine === 'postgres') {
      it('a SQLite backup restores into PostgreSQL, and backs up to the same bytes', async () => {
        assert.ok(sqliteBackup, 'the SQLite case ran first');
        const b = await fresh('postgres');
        await restoreBackup(b.db, sqliteBackup);
        assert.equal(await createBackup(b.db), sqliteBackup);
      });
    }
  });
}

describe('iscm backup / iscm restore (command line, built)', () => {
  it('backs up, restores into a new file, refuses a non-empty one with a clear message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iscm-backup-cli-'));
    const run = (sqlite: string, ...args: string[]) =>
      spawnSync(process.execPath, [BUILT_MAIN, ...args], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: '', SQLITE_PATH: join(dir, sqlite) },
      });
    assert.equal(run('a.sqlite', 'load', '--dir', MINI).status, 0);
    const out = join(dir, 'backup.json');
    const made = run('a.sqlite', 'backup', '--out', out);
    assert.equal(made.status, 0, made.stderr);
    const restored = run('b.sqlite', 'restore', '--in', out);
    assert.equal(restored.status, 0, restored.stderr);
    assert.match(restored.stdout, /restored \d+ rows in \d+ tables/);
    const refused = run('b.sqlite', 'restore', '--in', out);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /the database is not empty .* --force/);
    assert.equal(run('b.sqlite', 'backup', '--out', join(dir, 'again.json')).status, 0);
    assert.equal(readFileSync(join(dir, 'again.json'), 'utf8'), readFileSync(out, 'utf8'));
    writeFileSync(join(dir, 'bad.json'), 'not json');
    assert.match(run('c.sqlite', 'restore', '--in', join(dir, 'bad.json')).stderr, /not a backup file/);
  });
});
