#!/usr/bin/env node
/**
 * Command line: serve (default), migrate, load, check, stats [--as-of], export, backup, restore.
 *
 * Each command imports what it needs when it runs (`await import`), and nothing else: `check` reads files without
 * opening the database, `serve`'s primary process migrates and loads the reference data without importing the
 * features' routes and pages (its workers build the app), and a worker does not import the other commands'
 * modules. That keeps a warm start short (bench/warm-start.ts).
 */
import cluster from 'node:cluster';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import type { AccountRole } from './accounts/model.js';
import { readConfig, type Config } from './config.js';
import type { DB } from './db/schema.js';
import type { MailSender } from './http/mail.js';
import { ReferenceError } from './reference/part.js';
import type { StartupLoad } from './reference-parts.js';

/** How an error a command expects is reported (no stack); a command adds those of the modules it imports. */
type Report = (err: unknown) => string | undefined;
const byMessage =
  (c: new (...args: never[]) => Error): Report =>
  (err) =>
    err instanceof c ? err.message : undefined;
const REPORTS: Report[] = [byMessage(ReferenceError)];

const USAGE = `usage: iscm <command> [options]
  serve                      start the server (default; migrates and loads the reference data on first start)
  migrate                    bring the database schema up to date
  load [--dir DIR]           validate and load the reference dataset (data/reference)
  check [--dir DIR]          validate the reference dataset without writing anything
  stats [--as-of YYYY-MM-DD] print the headline figures at a date (default today)
  export [--out DIR] [--format json|csv|both] [--as-of YYYY-MM-DD]   write every table as JSON and/or CSV (default var/export,
                             both); with --as-of, the participation valid that day and figures.json at that date
  release [--out DIR] [--date YYYY-MM-DD]   build a dated release of the published data (tidy CSV and JSON, datapackage.json,
                             SHA256SUMS) in RELEASES_DIR (default var/releases); nothing is written when the data did not change
  backup --out FILE          write every table (accounts, tokens, change requests, audit log too) to one JSON file
  restore --in FILE [--force]   restore a backup into an empty, migrated database (--force: replace its contents)
  user create --email E --name N [--admin]      create an account; the password is read from standard input
  user grant --email E --role R [--mechanism ID | --country ISO3]   grant editor, focal_point, reviewer or admin
  token create --email E [--label L]           print a personal API token for the write endpoints (shown once)
  documents import DIR --metadata FILE.csv [--dry-run]   add document files (PDF) from DIR: the CSV's columns are
                             document,language,status,file (status official, unofficial, machine-translation or machine;
                             file a path inside DIR); every row is checked first, nothing is written on a problem;
                             a file already stored is unchanged; --dry-run reports what would change
  digests send [--period daily|weekly] [--dry-run]   mail each follower of that period (default daily) one digest of
                             the published changes since their last one (needs PUBLIC_URL and DIGEST_SECRET; SMTP_URL
                             to send, else the mail is written to the log); a second run sends nothing new
  search reindex             rebuild the whole search index (a change only replaces its own records)
  queries remind [--days N] [--dry-run]   mail each delegate of each State asked a reminder of the peer queries due
                             within N days (default 3) that its State has not answered, in the delegate's language
                             (needs PUBLIC_URL; SMTP_URL to send, else the log); a second run sends nothing
Environment: DATABASE_URL (postgres://…; default SQLite at SQLITE_PATH=var/iscm-hub.sqlite), PORT, HOST, LOG_LEVEL,
  BLOB_STORE (local or s3; document files in BLOB_DIR, default var/blobs, or in the bucket S3_BUCKET at S3_ENDPOINT,
  S3_REGION, with S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY), UPLOAD_LIMIT_BYTES, SMTP_URL, MAIL_FROM, DIGEST_SECRET`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      in: { type: 'string' },
      force: { type: 'boolean' },
      'as-of': { type: 'string' },
      dir: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string' },
      date: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      email: { type: 'string' },
      name: { type: 'string' },
      label: { type: 'string' },
      admin: { type: 'boolean' },
      role: { type: 'string' },
      mechanism: { type: 'string' },
      country: { type: 'string' },
      metadata: { type: 'string' },
      'dry-run': { type: 'boolean' },
      period: { type: 'string' },
      days: { type: 'string' },
    },
  });
  const command = positionals[0] ?? 'serve';
  const { awaitPrimary } = await import('./http/cluster.js');
  const primaryReady = command === 'serve' ? awaitPrimary() : null;
  if (values.help || command === 'help') {
    console.log(USAGE);
    return 0;
  }
  const config = readConfig();

  if (command === 'check') {
    const { checkReference } = await import('./reference-parts.js');
    const ds = checkReference(values.dir).registry;
    console.log(
      `reference data valid: ${ds.mechanisms.length} mechanisms, ${ds.participation.length} participation records, ${ds.sources.length} sources, ${ds.themes.length} themes, ${ds.organizations.length} organizations, ${ds.snapshots.length} snapshots`,
    );
    return 0;
  }
  if (primaryReady) {
    // A worker forked while the primary migrates: it imports the app meanwhile, and opens the database after.
    await Promise.all([serveModules(), primaryReady]);
  }
  const { migrateToLatest, openDatabase } = await import('./db/database.js');
  const database = openDatabase(config);
  try {
    switch (command) {
      case 'migrate': {
        const done = await migrateToLatest(database.db);
        console.log(done.length ? `applied: ${done.join(', ')}` : 'schema already up to date');
        return 0;
      }
      case 'load': {
        const { loadReference } = await import('./reference-parts.js');
        await migrateToLatest(database.db);
        const s = await loadReference(database.db, values.dir);
        console.log(s.changed ? `loaded: ${JSON.stringify(s)}` : 'reference data already loaded: nothing changed');
        return 0;
      }
      case 'stats': {
        const { isFullDate, today } = await import('./registry/model.js');
        const { RegistryService } = await import('./registry/service.js');
        const asOf = values['as-of'] ?? today();
        if (!isFullDate(asOf)) {
          console.error(`--as-of "${asOf}" is not a calendar date (YYYY-MM-DD)`);
          return 2;
        }
        await migrateToLatest(database.db);
        console.log(JSON.stringify(await new RegistryService(database.db).stats(asOf), null, 2));
        return 0;
      }
      case 'export': {
        const { isFullDate } = await import('./registry/model.js');
        const { exportTables } = await import('./registry/export.js');
        const format = values.format ?? 'both';
        if (!['json', 'csv', 'both'].includes(format)) {
          console.error(`--format must be json, csv or both, got "${format}"`);
          return 2;
        }
        const asOf = values['as-of'] ?? null;
        if (asOf !== null && !isFullDate(asOf)) {
          console.error(`--as-of "${asOf}" is not a calendar date (YYYY-MM-DD)`);
          return 2;
        }
        const files = await exportTables(
          database.db,
          values.out ?? 'var/export',
          format === 'both' ? ['json', 'csv'] : [format as 'json' | 'csv'],
          asOf,
        );
        console.log(`wrote ${files.length} files to ${values.out ?? 'var/export'}`);
        return 0;
      }
      case 'release': {
        const { today } = await import('./registry/model.js');
        const { buildRelease, ReleaseError } = await import('./releases/service.js');
        REPORTS.push(byMessage(ReleaseError));
        await migrateToLatest(database.db);
        const dir = values.out ?? config.releasesDir;
        const r = await buildRelease(database.db, dir, values.date ?? today());
        console.log(
          r.written
            ? `wrote release ${r.version} to ${r.path} (${r.digest})`
            : `release ${r.version} already holds this data (${r.digest}): nothing written`,
        );
        return 0;
      }
      case 'backup': {
        const { BackupError, createBackup } = await import('./db/backup.js');
        REPORTS.push(byMessage(BackupError));
        if (!values.out) {
          console.error('backup needs --out FILE');
          return 2;
        }
        await migrateToLatest(database.db);
        writeFileSync(values.out, await createBackup(database.db), { mode: 0o600 });
        console.log(`wrote the backup to ${values.out} (it holds accounts and token hashes: keep it private)`);
        return 0;
      }
      case 'restore': {
        const { BackupError, restoreBackup } = await import('./db/backup.js');
        REPORTS.push(byMessage(BackupError));
        if (!values.in) {
          console.error('restore needs --in FILE');
          return 2;
        }
        await migrateToLatest(database.db);
        const s = await restoreBackup(database.db, readFileSync(values.in, 'utf8'), { force: values.force ?? false });
        console.log(
          `restored ${s.rows} rows in ${s.tables} tables from ${values.in}` +
            (s.skippedAuditEvents ? ` (${s.skippedAuditEvents} audit events were already there)` : ''),
        );
        return 0;
      }
      case 'serve': {
        // Migrations and the reference load run once, in the primary, before any worker opens the database: with
        // several workers, they are forked first and import their modules meanwhile (http/cluster.ts).
        if (cluster.isPrimary) {
          if (typeof config.trustProxy === 'number' && !['127.0.0.1', '::1', 'localhost'].includes(config.host)) {
            console.warn(
              `TRUST_PROXY=${config.trustProxy} trusts the nearest hops whoever they are: with HOST=${config.host} a client reaching the server directly can choose its address; list the proxy addresses instead`,
            );
          }
          const startup = async () => {
            const { loadOnStart } = await import('./reference-parts.js');
            await migrateToLatest(database.db);
            if (config.loadOnStart) reportStartupLoad(await loadOnStart(database.db, config.referenceDir));
          };
          if (config.webConcurrency > 1) {
            const { sessionSecret } = await import('./http/secret.js');
            const { runPrimary } = await import('./http/cluster.js');
            sessionSecret(); // written once here, so every worker signs cookies with the same secret
            console.log(`cluster: primary ${process.pid} starting ${config.webConcurrency} workers (WEB_CONCURRENCY)`);
            const ready = startup().finally(() => database.close());
            const stopped = runPrimary({ workers: config.webConcurrency, ready });
            await ready; // a failure is reported (and the workers killed) as before any fork
            return await stopped;
          }
          await startup();
        }
        const [{ buildApp }, { openBlobStore }, { mailSenderOf }, { installShutdown }] = await serveModules();
        const blobs = await openBlobStore(config);
        const app = await buildApp({
          database,
          mailSender: mailSenderOf(config),
          digestSecret: config.digestSecret,
          trustProxy: config.trustProxy,
          publicUrl: config.publicUrl,
          allowedHosts: config.allowedHosts ?? undefined,
          requestTimeoutMs: config.requestTimeoutMs,
          bodyLimitBytes: config.bodyLimitBytes,
          releasesDir: config.releasesDir,
          blobs,
          uploadLimitBytes: config.uploadLimitBytes,
          publicMaxAge: config.publicMaxAge,
          benchRoutes: process.env.BENCH_ROUTES === '1',
          resumePendingFiles: cluster.isPrimary || process.env.ISCM_RESUME_PENDING === '1',
          logger: { level: config.logLevel, redact: ['req.headers.cookie', 'req.headers.authorization'] },
        });
        if (!config.publicUrl && (cluster.isPrimary || cluster.worker?.id === 1))
          app.log.warn(
            'PUBLIC_URL is not set: password-reset mail is disabled, and only allowed Host headers are served',
          );
        app.addHook('onClose', async () => blobs.close?.());
        installShutdown(app, database);
        await app.listen({ port: config.port, host: config.host });
        return -1; // keep running
      }
      case 'user': {
        const { ROLES } = await import('./accounts/model.js');
        const { AccountError, AccountsService } = await import('./accounts/service.js');
        REPORTS.push((err) => (err instanceof AccountError ? `${err.field}: ${err.message}` : undefined));
        await migrateToLatest(database.db);
        const accounts = new AccountsService(database.db);
        const sub = positionals[1];
        if (sub === 'create') {
          if (!values.email || !values.name) {
            console.error('user create needs --email and --name');
            return 2;
          }
          const password = (await readStdin()).split('\n')[0] ?? '';
          const id = await accounts.createUser({ email: values.email, displayName: values.name, password }, 'system');
          if (values.admin) await accounts.grant(id, { role: 'admin', scopeType: null, scopeId: null }, 'system');
          console.log(`created ${values.email}${values.admin ? ' (administrator)' : ''}`);
          return 0;
        }
        if (sub === 'grant') {
          const user = values.email ? await accounts.findUser(values.email) : undefined;
          if (!user) {
            console.error(`no account for --email "${values.email ?? ''}"`);
            return 2;
          }
          const role = values.role ?? '';
          if (!(ROLES as readonly string[]).includes(role)) {
            console.error(`--role must be one of ${ROLES.join(', ')}`);
            return 2;
          }
          const scopeType = values.mechanism ? 'mechanism' : values.country ? 'country' : null;
          await accounts.grant(
            user.id,
            { role: role as AccountRole, scopeType, scopeId: values.mechanism ?? values.country ?? null },
            'system',
          );
          console.log(
            `granted ${role}${scopeType ? ` on ${values.mechanism ?? values.country}` : ''} to ${user.email}`,
          );
          return 0;
        }
        console.error('usage: iscm user create … | iscm user grant …');
        return 2;
      }
      case 'token': {
        const { AccountError, AccountsService } = await import('./accounts/service.js');
        REPORTS.push((err) => (err instanceof AccountError ? `${err.field}: ${err.message}` : undefined));
        await migrateToLatest(database.db);
        const accounts = new AccountsService(database.db);
        const user = positionals[1] === 'create' && values.email ? await accounts.findUser(values.email) : undefined;
        if (!user) {
          console.error('usage: iscm token create --email E [--label L] (the account must exist)');
          return 2;
        }
        console.log(await accounts.createToken(user.id, values.label ?? 'command line', 'system'));
        return 0;
      }
      case 'documents': {
        const dir = positionals[2];
        if (positionals[1] !== 'import' || !dir || !values.metadata) {
          console.error('usage: iscm documents import DIR --metadata FILE.csv [--dry-run]');
          return 2;
        }
        await migrateToLatest(database.db);
        return await importDocuments(database.db, config, dir, values.metadata, values['dry-run'] ?? false);
      }
      case 'digests': {
        const { isPeriod } = await import('./follow/model.js');
        const period = values.period ?? 'daily';
        if (positionals[1] !== 'send' || !isPeriod(period)) {
          console.error('usage: iscm digests send [--period daily|weekly] [--dry-run]');
          return 2;
        }
        if (!config.publicUrl) {
          console.error('digests send needs PUBLIC_URL: the links in a digest are absolute');
          return 2;
        }
        const dryRun = values['dry-run'] ?? false;
        if (!config.digestSecret && !dryRun) {
          console.error('digests send needs DIGEST_SECRET (16 characters or more): it signs the unsubscribe links');
          return 2;
        }
        await migrateToLatest(database.db);
        return await sendDigests(database.db, config, period, dryRun);
      }
      case 'search': {
        if (positionals[1] !== 'reindex') {
          console.error('usage: iscm search reindex');
          return 2;
        }
        const { searchService } = await import('./app.js');
        await migrateToLatest(database.db);
        const search = searchService(database.db);
        const t0 = performance.now();
        await search.refresh(true);
        console.log(
          `search index rebuilt: ${search.lastSync?.replaced ?? 0} records in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
        );
        return 0;
      }
      case 'queries': {
        const days = values.days === undefined ? 3 : Number(values.days);
        if (positionals[1] !== 'remind' || !Number.isInteger(days) || days < 0 || days > 365) {
          console.error('usage: iscm queries remind [--days N (0 to 365, default 3)] [--dry-run]');
          return 2;
        }
        if (!config.publicUrl) {
          console.error('queries remind needs PUBLIC_URL: the links in a reminder are absolute');
          return 2;
        }
        await migrateToLatest(database.db);
        return await sendQueryReminders(database.db, config, days, values['dry-run'] ?? false);
      }
      default:
        console.error(`unknown command "${command}"\n${USAGE}`);
        return 2;
    }
  } finally {
    if (command !== 'serve') await database.close();
  }
}

/** `iscm digests send`: one digest per follower of the period; SMTP when SMTP_URL is set, else the log. */
async function sendDigests(db: Kysely<DB>, config: Config, period: 'daily' | 'weekly', dryRun: boolean) {
  const [{ followService }, { mailSenderOf }] = await Promise.all([import('./app.js'), import('./http/mail.js')]);
  const sender: MailSender & { close?: () => void } = mailSenderOf(config);
  try {
    const sent = await followService(db, config.digestSecret).sendDigests({
      period,
      origin: config.publicUrl!,
      send: sender,
      dryRun,
    });
    for (const d of sent)
      console.log(`${dryRun ? 'would send' : 'sent'}: ${d.to} (${d.lang}): ${d.changes} change(s) — ${d.subject}`);
    console.log(`${dryRun ? 'dry run: ' : ''}${sent.length} ${period} digest(s)${dryRun ? ' would be sent' : ' sent'}`);
    return 0;
  } finally {
    sender.close?.();
  }
}

/** `iscm queries remind`: one reminder per delegate, State and query due; SMTP when SMTP_URL is set, else the log. */
async function sendQueryReminders(db: Kysely<DB>, config: Config, days: number, dryRun: boolean) {
  const [{ followService, queriesService }, { mailSenderOf }] = await Promise.all([
    import('./app.js'),
    import('./http/mail.js'),
  ]);
  const sender: MailSender & { close?: () => void } = mailSenderOf(config);
  try {
    const follow = followService(db, config.digestSecret);
    const sent = await queriesService(db).sendReminders({
      days,
      origin: config.publicUrl!,
      send: sender,
      dryRun,
      languages: (ids) => follow.languages(ids),
    });
    for (const r of sent)
      console.log(`${dryRun ? 'would send' : 'sent'}: ${r.to} (${r.lang}) for ${r.country}, query ${r.query}`);
    console.log(`${dryRun ? 'dry run: ' : ''}${sent.length} reminder(s)${dryRun ? ' would be sent' : ' sent'}`);
    return 0;
  } finally {
    sender.close?.();
  }
}

/** `iscm documents import`: check every row, report the plan, then write it (unless a dry run). */
async function importDocuments(
  db: Kysely<DB>,
  config: Config,
  dir: string,
  metadata: string,
  dryRun: boolean,
): Promise<number> {
  const { describeProblem, ImportError, planImport, runImport } = await import('./documents/files/import.js');
  REPORTS.push(byMessage(ImportError));
  let csv: string;
  try {
    csv = readFileSync(metadata, 'utf8');
  } catch (e) {
    console.error(`--metadata ${metadata} cannot be read: ${(e as Error).message}`);
    return 2;
  }
  const plan = await planImport(db, dir, csv, config.uploadLimitBytes);
  if (plan.problems.length) {
    for (const p of plan.problems) console.error(`${metadata} ${describeProblem(p)}`);
    console.error(`${plan.problems.length} problem(s): nothing was imported`);
    return 1;
  }
  if (dryRun) {
    for (const r of plan.add)
      console.log(
        `would add: line ${r.line}: ${r.file} → ${r.document} (${r.lang}, ${r.status}), ${r.sizeBytes} bytes`,
      );
    for (const r of plan.unchanged) console.log(`unchanged: line ${r.line}: ${r.file} is already ${r.versionId}`);
    console.log(`dry run: ${plan.add.length} version(s) would be added, ${plan.unchanged.length} unchanged`);
    return 0;
  }
  const [{ openBlobStore }, { DocumentFiles }, { AccountsService }, { DataVersion }] = await Promise.all([
    import('./documents/files/blobs.js'),
    import('./documents/files/service.js'),
    import('./accounts/service.js'),
    import('./db/data-version.js'),
  ]);
  const blobs = await openBlobStore(config);
  const files = new DocumentFiles(db, blobs, new AccountsService(db), DataVersion.of(db));
  const outcome = await runImport(files, plan, {
    actor: 'system',
    progress: (line) => process.stderr.write(`${line}\n`),
  }).finally(() => blobs.close?.());
  for (const a of outcome.added)
    console.log(`added: line ${a.row.line}: ${a.row.file} → ${a.row.document} ${a.versionId} (text ${a.textStatus})`);
  console.log(`imported: ${outcome.added.length} version(s) added, ${outcome.unchanged} unchanged`);
  return 0;
}

/** What `serve` imports to build the app (a worker forked early imports them while the primary migrates). */
function serveModules() {
  return Promise.all([
    import('./app.js'),
    import('./documents/files/blobs.js'),
    import('./http/mail.js'),
    import('./http/shutdown.js'),
  ]);
}

/** One line saying whether start-up validated the bundled dataset (tests look for "not re-validated"). */
function reportStartupLoad(r: StartupLoad): void {
  const digest = r.digest.slice(0, 12);
  if (!r.validated) {
    console.log(`reference data unchanged since the last load (digest ${digest}…): not re-validated`);
    return;
  }
  const s = r.summary;
  console.log(
    s.changed
      ? `validated and loaded the reference dataset (digest ${digest}…): ${s.registry.mechanismsInserted} mechanisms and ${s.registry.participationInserted} participation records added, ${s.meetings.inserted} meetings added, ${s.registry.participationSuperseded} records superseded`
      : `validated the reference dataset (digest ${digest}…): nothing changed`,
  );
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('password: ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    const reported = REPORTS.map((r) => r(err)).find((m) => m !== undefined);
    if (reported !== undefined) console.error(reported);
    else console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  },
);
