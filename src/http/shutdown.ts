/**
 * Graceful shutdown of `iscm serve`. On the first SIGTERM or SIGINT: stop accepting connections,
 * let in-flight requests finish (Fastify's close; idle keep-alive connections are closed at once,
 * its default `forceCloseConnections: 'idle'`), close the database, log "shutdown complete", exit 0.
 * A keep-alive connection whose request was in flight becomes idle when its answer is sent; Node
 * closes idle connections only once, when closing starts, so they are swept again every 50 ms
 * (otherwise each would hold the close for the keep-alive timeout).
 * A second signal, or requests still running after `timeoutMs`, forces exit 1.
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database.js';

export function installShutdown(app: FastifyInstance, database: Database, timeoutMs = 10_000): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) {
      app.log.warn({ signal }, 'second signal during shutdown: forced exit');
      process.exit(1);
    }
    closing = true;
    app.log.info({ signal }, 'shutting down: no new connections, finishing requests in flight');
    const timer = setTimeout(() => {
      app.log.error({ timeoutMs }, 'requests still running after the shutdown timeout: forced exit');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    setInterval(() => app.server.closeIdleConnections(), 50).unref();
    app
      .close()
      .then(() => database.close())
      .then(
        () => {
          app.log.info('shutdown complete');
          process.exit(0);
        },
        (err: unknown) => {
          app.log.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
