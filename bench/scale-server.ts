/**
 * The server of the scale benchmark (bench/scale.ts), in its own process: migrate the database it is given
 * (BENCH_DATABASE_URL, else the SQLite file BENCH_SQLITE_PATH), load the dataset in BENCH_SCALE_DIR through the
 * one load path (`iscm load --dir`: validate every part, then apply in one transaction), and listen.
 */
import { migrateToLatest, openDatabase } from '../src/db/database.js';
import { buildApp, loadReference } from '../src/app.js';

const database = openDatabase({
  databaseUrl: process.env.BENCH_DATABASE_URL ?? null,
  sqlitePath: process.env.BENCH_SQLITE_PATH ?? '',
});
await migrateToLatest(database.db);
const dir = process.env.BENCH_SCALE_DIR;
if (!dir) throw new Error('BENCH_SCALE_DIR is not set: bench/scale.ts starts this server');
const t0 = performance.now();
const summary = await loadReference(database.db, dir);
const loadMs = performance.now() - t0;
const app = await buildApp({ database, benchRoutes: true });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(
  `${JSON.stringify({
    port: typeof address === 'object' && address ? address.port : 0,
    engine: database.engine,
    loadMs,
    loaded: {
      mechanisms: summary.registry.mechanismsInserted,
      participation: summary.registry.participationInserted,
      meetings: summary.meetings.inserted,
    },
  })}\n`,
);
process.on('SIGTERM', () => {
  void app
    .close()
    .then(() => database.close())
    .then(() => process.exit(0));
});
