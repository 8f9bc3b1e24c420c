/**
 * `iscm digests send` as a process: its usage errors, a dry run (nothing sent), a run that mails through SMTP_URL
 * (a real smtp-server on 127.0.0.1, STARTTLS off, read back with mailparser), and a second run that sends nothing.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { buildApp, followService, loadReference } from '../app.js';
import { migrateToLatest, openDatabase, type Database } from '../db/database.js';
import { MINI } from '../../test/helpers/reference.js';
import { roleEmail, seedRoleUsers } from '../../test/helpers/roles.js';

const SECRET = 'a digest secret for the cli test';
const dir = mkdtempSync(join(tmpdir(), 'iscm-digests-'));
const SQLITE_PATH = join(dir, 'cli.sqlite');

/** The command line as a child process (asynchronous: the SMTP server answers in this process meanwhile). */
function iscm(
  env: Record<string, string>,
  ...args: string[]
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
      env: { ...process.env, SQLITE_PATH, DATABASE_URL: '', SMTP_URL: '', DIGEST_SECRET: '', PUBLIC_URL: '', ...env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('iscm digests send', () => {
  let database: Database;
  const received: ParsedMail[] = [];
  let server: SMTPServer;
  let port = 0;
  before(async () => {
    database = openDatabase({ databaseUrl: null, sqlitePath: SQLITE_PATH });
    await migrateToLatest(database.db);
    await loadReference(database.db, MINI);
    const { tokens } = await seedRoleUsers(database.db, ['no role', 'admin']);
    const app = await buildApp({ database, cacheTtlMs: 0 });
    const follow = await app.inject({
      method: 'PUT',
      url: '/api/v1/me/follows/country/SEN',
      headers: { authorization: `Bearer ${tokens['no role']}` },
    });
    assert.equal(follow.statusCode, 201, follow.body);
    const daily = await app.inject({
      method: 'PUT',
      url: '/api/v1/me/digest',
      headers: { authorization: `Bearer ${tokens['no role']}`, 'content-type': 'application/json' },
      payload: { period: 'daily', lang: 'es' },
    });
    assert.equal(daily.statusCode, 200, daily.body);
    const end = await app.inject({
      method: 'POST',
      url: `/api/v1/participation/${encodeURIComponent('beta-forum/SEN/member/1')}/end`,
      headers: { authorization: `Bearer ${tokens.admin}`, 'if-match': '"1"' },
      payload: { end: '2024-06', endCause: 'left', sources: ['https://example.org/minutes-2024'] },
    });
    assert.equal(end.statusCode, 200, end.body);
    await app.close();
    server = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      authOptional: true,
      logger: false,
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then((mail) => {
            received.push(mail);
            callback();
          })
          .catch((e: Error) => callback(e));
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });
  after(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await database?.close();
  });

  it('refuses without PUBLIC_URL, without DIGEST_SECRET, or with an unknown period (exit 2, nothing sent)', async () => {
    const noUrl = await iscm({ DIGEST_SECRET: SECRET }, 'digests', 'send');
    assert.equal(noUrl.code, 2);
    assert.match(noUrl.err, /PUBLIC_URL/);
    const noSecret = await iscm({ PUBLIC_URL: 'https://hub.example.test' }, 'digests', 'send');
    assert.equal(noSecret.code, 2);
    assert.match(noSecret.err, /DIGEST_SECRET/);
    const period = await iscm(
      { PUBLIC_URL: 'https://hub.example.test', DIGEST_SECRET: SECRET },
      'digests',
      'send',
      '--period',
      'hourly',
    );
    assert.equal(period.code, 2);
    assert.match(period.err, /--period daily\|weekly/);
    assert.equal(received.length, 0);
  });

  it('a dry run tells and sends nothing; a run mails through SMTP_URL; a second run sends nothing new', async () => {
    const env = {
      PUBLIC_URL: 'https://hub.example.test',
      DIGEST_SECRET: SECRET,
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      MAIL_FROM: 'Hub <hub@example.test>',
    };
    const dry = await iscm(env, 'digests', 'send', '--dry-run');
    assert.equal(dry.code, 0, dry.err);
    assert.match(dry.out, new RegExp(`would send: ${roleEmail('no role')} \\(es\\): 1 change`));
    assert.equal(received.length, 0);
    const run = await iscm(env, 'digests', 'send', '--period', 'daily');
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /1 daily digest\(s\) sent/);
    assert.equal(received.length, 1);
    const mail = received[0]!;
    assert.equal(mail.subject, 'ISCM Hub: su resumen diario (1)');
    assert.match(mail.text!, /Se actualizó la participación de Senegal en Beta Forum\./);
    assert.match(mail.text!, /https:\/\/hub\.example\.test\/es\/account\/following\/unsubscribe\?u=/);
    const again = await iscm(env, 'digests', 'send');
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, /0 daily digest\(s\) sent/);
    assert.equal(received.length, 1);
    // The record of what was sent, for the audit.
    const digests = await database.db.selectFrom('digest').selectAll().execute();
    assert.equal(digests.length, 1);
    assert.equal(
      (await followService(database.db, SECRET).sendDigests({ period: 'weekly', origin: 'x', send: async () => {} }))
        .length,
      0,
    );
  });
});
