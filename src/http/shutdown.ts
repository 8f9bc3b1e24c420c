/**
 * Graceful shutdown of `iscm serve`. On the first SIGTERM or SIGINT: stop accepting connections,
 * let in-flight requests finish (Fastify's close; idle keep-alive connections are closed at once,
 * its default `forceCloseConnections: 'idle'`), close the database, log "shutdown complete", exit 0.
 * A keep-alive connection whose request was in flight becomes idle when its answer is sent; Node
 * closes idle connections only once, when closing starts, so they are swept again every 50 ms
 * (otherwise each would hold the close for the keep-alive timeout).
 * A second signal, or requests still running after `timeoutMs`, forces exit 1.
 *
 * In a cluster worker (http/cluster.ts) the primary's stop message starts the same shutdown, and its force
 * message is the second signal; a signal that arrives after the primary's message (the same Ctrl-C or systemd
 * stop reaching every process of the group) is the same request, not a second one.
 */
import cluster from 'node:cluster';
import type { FastifyInstance } from 'fastify';
import { FORCE, STOP } from './cluster.js';
import type { Database } from '../db/database.js';

export function installShutdown(app: FastifyInstance, database: Database, timeoutMs = 10_000): void {
  let closing = false;
  let byPrimary = false;
  const onSignal = (signal: NodeJS.Signals, fromPrimary = false) => {
    if (closing && fromPrimary) return;
    if (closing && byPrimary) {
      byPrimary = false; // a later signal is a second one
      return;
    }
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
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
  if (cluster.isWorker) {
    process.on('message', (m: { type?: string; signal?: NodeJS.Signals } | null) => {
      if (m?.type === STOP) {
        if (!closing) byPrimary = true;
        onSignal(m.signal ?? 'SIGTERM', true);
      } else if (m?.type === FORCE) {
        app.log.warn('second signal during shutdown (from the cluster primary): forced exit');
        process.exit(1);
      }
    });
  }
}
