/** Environment → typed configuration, validated once at start. */
export interface Config {
  port: number;
  host: string;
  /** `postgres://…` for PostgreSQL; anything else is ignored and SQLite is used. */
  databaseUrl: string | null;
  sqlitePath: string;
  logLevel: string;
  /** Load the bundled reference dataset on start when the database has none. */
  loadOnStart: boolean;
  /** Behind a reverse proxy that terminates TLS (X-Forwarded-Proto). */
  trustProxy: boolean;
  /** The reference dataset loaded on start (REFERENCE_DIR; default the bundled data/reference). */
  referenceDir: string | undefined;
}

export class ConfigError extends Error {}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be an integer between 0 and 65535, got "${env.PORT}"`);
  }
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(`DATABASE_URL must start with postgres:// (leave it unset for SQLite), got "${databaseUrl.replace(/:[^:@/]*@/, ':***@')}"`);
  }
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "${logLevel}"`);
  }
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    databaseUrl,
    sqlitePath: env.SQLITE_PATH ?? 'var/iscm-hub.sqlite',
    logLevel,
    loadOnStart: env.LOAD_ON_START !== 'false',
    trustProxy: env.TRUST_PROXY === 'true',
    referenceDir: env.REFERENCE_DIR?.trim() || undefined,
  };
}
