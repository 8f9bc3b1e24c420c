/** The server under load, in its own process: a fresh SQLite database with the reference data. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest, openDatabase } from '../src/db/database.js';
import { buildApp, loadReference } from '../src/app.js';

const database = openDatabase({
  databaseUrl: process.env.BENCH_DATABASE_URL ?? null,
  sqlitePath: join(mkdtempSync(join(tmpdir(), 'iscm-bench-')), 'bench.sqlite'),
});
await migrateToLatest(database.db);
await loadReference(database.db);
const app = await buildApp({ database, benchRoutes: true });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(
  `${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0, engine: database.engine })}\n`,
);
process.on('SIGTERM', () => {
  void app
    .close()
    .then(() => database.close())
    .then(() => process.exit(0));
});
