/** A server process on an existing database (DATABASE_URL or SQLITE_PATH), for tests with several processes. */
import { openDatabase } from '../../src/db/database.js';
import { buildApp } from '../../src/app.js';

const database = openDatabase({
  databaseUrl: process.env.DATABASE_URL || null,
  sqlitePath: process.env.SQLITE_PATH ?? '',
});
const app = await buildApp({ database, sessionSecret: 'two-process-test-secret' });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
process.on('SIGTERM', () => {
  void app
    .close()
    .then(() => database.close())
    .then(() => process.exit(0));
});
