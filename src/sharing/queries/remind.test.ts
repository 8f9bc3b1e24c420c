/**
 * Peer-query reminders on both engines, mailed through a real smtp-server on 127.0.0.1 (read back with mailparser):
 * each delegate of each State asked that has not submitted gets one reminder in its language; a dry run sends
 * nothing; a second run sends nothing; a failed send records nothing. Then `iscm queries remind` as a process.
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
import type { FastifyInstance } from 'fastify';
import { buildApp, followService, loadReference, queriesService } from '../../app.js';
import { migrateToLatest, openDatabase } from '../../db/database.js';
import { smtpMailSender } from '../../http/mail.js';
import { createTestDatabase, engines, type TestDatabase } from '../../../test/helpers/db.js';
import { MINI } from '../../../test/helpers/reference.js';
import { roleEmail, seedRoleUsers } from '../../../test/helpers/roles.js';

const NAMES = ['admin', 'editor of alpha', 'SEN delegate fr', 'SEN delegate en', 'MLI delegate'];
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

const received: ParsedMail[] = [];
let server: SMTPServer;
let port = 0;
before(async () => {
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
});

/** The fixture: SEN (two delegates, one reading French) and MLI asked a query due in 2 days; MLI answered. */
async function seed(db: TestDatabase['db'], database: Parameters<typeof buildApp>[0]['database']) {
  await loadReference(db, MINI);
  const { tokens } = await seedRoleUsers(db, NAMES);
  const app: FastifyInstance = await buildApp({ database, cacheTtlMs: 0 });
  const api = async (who: string, method: 'POST' | 'PUT', url: string, payload: unknown) => {
    const r = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json' },
      payload: JSON.stringify(payload),
    });
    assert.ok(r.statusCode < 300, `${url}: ${r.body}`);
    return JSON.parse(r.body) as { id: string };
  };
  const { AccountsService } = await import('../../accounts/service.js');
  const accounts = new AccountsService(db);
  await accounts.grant(
    (await accounts.findUser(roleEmail('admin')))!.id,
    { role: 'admin', scopeType: null, scopeId: null },
    'system',
  );
  await accounts.grant(
    (await accounts.findUser(roleEmail('editor of alpha')))!.id,
    { role: 'editor', scopeType: 'mechanism', scopeId: 'alpha-process' },
    'system',
  );
  for (const [who, c] of [
    ['SEN delegate fr', 'SEN'],
    ['SEN delegate en', 'SEN'],
    ['MLI delegate', 'MLI'],
  ] as const)
    await api('admin', 'POST', `/api/v1/countries/${c}/delegates`, { email: roleEmail(who) });
  await api('SEN delegate fr', 'PUT', '/api/v1/me/digest', { period: 'weekly', lang: 'fr' });
  const due = await api('editor of alpha', 'POST', '/api/v1/queries', {
    title: 'RMD due soon',
    mechanisms: ['alpha-process'],
    deadline: inDays(2),
    questions: [{ text: 'RMD question', kind: 'text' }],
  });
  await api('editor of alpha', 'POST', '/api/v1/queries', {
    title: 'RMD due later',
    mechanisms: ['alpha-process'],
    deadline: inDays(20),
    questions: [{ text: 'RMD question', kind: 'text' }],
  });
  await api('MLI delegate', 'PUT', `/api/v1/queries/${due.id}/answers/MLI`, { answers: { q1: 'yes' }, submit: true });
  await app.close();
  return due.id;
}

for (const { engine, skip } of await engines()) {
  describe(`peer-query reminders on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let queryId = '';
    before(async () => {
      t = await createTestDatabase(engine);
      queryId = await seed(t.db, t);
    });
    after(async () => t?.dispose());

    it('a dry run lists the two SEN delegates and sends nothing', async () => {
      received.length = 0;
      const sender = smtpMailSender({ url: `smtp://127.0.0.1:${port}`, from: 'hub@example.org', starttls: false });
      const follow = followService(t.db, null);
      const list = await queriesService(t.db).sendReminders({
        days: 3,
        origin: 'https://hub.example.test',
        send: sender,
        dryRun: true,
        languages: (ids) => follow.languages(ids),
      });
      sender.close();
      assert.deepEqual(list.map((r) => [r.to, r.lang, r.country]).sort(), [
        [roleEmail('SEN delegate en'), 'en', 'SEN'],
        [roleEmail('SEN delegate fr'), 'fr', 'SEN'],
      ]);
      assert.equal(received.length, 0);
      assert.equal((await t.db.selectFrom('peer_query_reminder').selectAll().execute()).length, 0);
    });

    it('a failed send records nothing; a run sends one reminder per delegate in its language; a second run none', async () => {
      received.length = 0;
      const failing = await queriesService(t.db)
        .sendReminders({
          days: 3,
          origin: 'https://hub.example.test',
          send: () => Promise.reject(new Error('smtp down')),
          dryRun: false,
        })
        .then(
          () => null,
          (e: Error) => e.message,
        );
      assert.equal(failing, 'smtp down');
      assert.equal((await t.db.selectFrom('peer_query_reminder').selectAll().execute()).length, 0);
      const sender = smtpMailSender({ url: `smtp://127.0.0.1:${port}`, from: 'hub@example.org', starttls: false });
      const follow = followService(t.db, null);
      const run = () =>
        queriesService(t.db).sendReminders({
          days: 3,
          origin: 'https://hub.example.test',
          send: sender,
          dryRun: false,
          languages: (ids) => follow.languages(ids),
        });
      assert.equal((await run()).length, 2);
      assert.equal((await run()).length, 0, 'a second run sends nothing');
      sender.close();
      assert.equal(received.length, 2);
      const fr = received.find((m) => m.headers.get('content-language') === 'fr')!;
      assert.match(fr.subject ?? '', /Rappel/);
      assert.match(fr.text ?? '', /Sénégal n'a pas encore soumis/);
      assert.match(fr.text ?? '', new RegExp(`https://hub.example.test/fr/queries/${queryId}/answers/SEN`));
      const en = received.find((m) => m.headers.get('content-language') === 'en')!;
      assert.match(en.text ?? '', /Senegal has not yet submitted its answers to the peer query "RMD due soon"/);
      assert.doesNotMatch(received.map((m) => m.text).join('\n'), /RMD due later/);
      const rows = await t.db.selectFrom('peer_query_reminder').selectAll().execute();
      assert.equal(rows.length, 2);
      const audit = await t.db.selectFrom('audit_event').selectAll().where('action', '=', 'query.remind').execute();
      assert.equal(audit.length, 2);
    });
  });
}

describe('iscm queries remind', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iscm-remind-'));
  const SQLITE_PATH = join(dir, 'cli.sqlite');
  const iscm = (env: Record<string, string>, ...args: string[]) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
        env: { ...process.env, SQLITE_PATH, DATABASE_URL: '', SMTP_URL: '', DIGEST_SECRET: '', PUBLIC_URL: '', ...env },
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('close', (code) => resolve({ code, out, err }));
    });
  before(async () => {
    const database = openDatabase({ databaseUrl: null, sqlitePath: SQLITE_PATH });
    await migrateToLatest(database.db);
    await seed(database.db, database);
    await database.close();
  });

  it('usage errors, a dry run, a run through SMTP_URL, and a second run that sends nothing', async () => {
    assert.equal((await iscm({}, 'queries', 'remind', '--days', 'x')).code, 2);
    assert.match((await iscm({}, 'queries', 'remind')).err, /PUBLIC_URL/);
    const env = { PUBLIC_URL: 'https://hub.example.test', SMTP_URL: `smtp://127.0.0.1:${port}` };
    received.length = 0;
    const dry = await iscm(env, 'queries', 'remind', '--dry-run');
    assert.equal(dry.code, 0, dry.err);
    assert.match(dry.out, /dry run: 2 reminder\(s\) would be sent/);
    const run = await iscm(env, 'queries', 'remind', '--days', '3');
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /2 reminder\(s\) sent/);
    const again = await iscm(env, 'queries', 'remind');
    assert.match(again.out, /0 reminder\(s\) sent/);
    assert.equal(received.length, 2);
  });
});
