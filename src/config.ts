/** Environment → typed configuration, validated once at start. */
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { parseAllowedHosts, parsePublicUrl } from './http/origin.js';

export interface Config {
  port: number;
  host: string;
  /** `postgres://…` for PostgreSQL; anything else is ignored and SQLite is used. */
  databaseUrl: string | null;
  sqlitePath: string;
  logLevel: string;
  /** Load the bundled reference dataset on start when the database has none. */
  loadOnStart: boolean;
  /**
   * Reverse proxies whose X-Forwarded-For/-Proto/-Host are believed: false (none), a hop count
   * (that many proxies in front of the server), or their addresses and CIDR ranges.
   */
  trustProxy: TrustProxy;
  /** PUBLIC_URL as an origin (`https://iscm.example.org`): every absolute URL is written with it. */
  publicUrl: string | null;
  /** ALLOWED_HOSTS (`name` or `name:port`); null: localhost, 127.0.0.1 and [::1] on the port. */
  allowedHosts: string[] | null;
  /** REQUEST_TIMEOUT_MS: the whole request (headers and body) must arrive within it. */
  requestTimeoutMs: number;
  /** BODY_LIMIT_BYTES: larger request bodies are refused (413). */
  bodyLimitBytes: number;
  /** The reference dataset loaded on start (REFERENCE_DIR; default the bundled data/reference). */
  referenceDir: string | undefined;
  /** RELEASES_DIR: where `iscm release` writes the dated releases and the server reads them (default var/releases). */
  releasesDir: string;
  /** BLOB_DIR: where uploaded document files are kept (default var/blobs) when BLOB_STORE is local. */
  blobDir: string;
  /** BLOB_STORE=s3: the bucket uploaded document files are kept in instead (S3_*); null for BLOB_STORE=local. */
  s3: S3Config | null;
  /** UPLOAD_LIMIT_BYTES: the largest document file accepted (default 50 MiB; 413 above). */
  uploadLimitBytes: number;
  /** SMTP_URL (smtp://host:port, smtps://…): mail goes out through it; null: every message is written to the log. */
  smtpUrl: string | null;
  /** MAIL_FROM: the From address of the mail the site sends (default ISCM Hub <no-reply@localhost>). */
  mailFrom: string;
  /** DIGEST_SECRET: the HMAC key of the one-click unsubscribe links in digests (null: digests are not sent). */
  digestSecret: string | null;
  /** WEB_CONCURRENCY: how many server processes `serve` runs (default the cores; 1: one process, no cluster). */
  webConcurrency: number;
  /** PUBLIC_MAX_AGE: how long (seconds) a cache may keep a public answer, and serve it stale while it revalidates. */
  publicMaxAge: number;
}

/** An S3-compatible bucket: S3_ENDPOINT, S3_BUCKET, S3_REGION (default us-east-1), S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY. */
export interface S3Config {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** What Fastify's `trustProxy` is given: false, a hop count, or proxy addresses/CIDRs. */
export type TrustProxy = false | number | string[];

export class ConfigError extends Error {}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be an integer between 0 and 65535, got "${env.PORT}"`);
  }
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(
      `DATABASE_URL must start with postgres:// (leave it unset for SQLite), got "${databaseUrl.replace(/:[^:@/]*@/, ':***@')}"`,
    );
  }
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "${logLevel}"`);
  }
  let publicUrl: string | null = null;
  if (env.PUBLIC_URL?.trim()) {
    const parsed = parsePublicUrl(env.PUBLIC_URL.trim());
    if ('error' in parsed) throw new ConfigError(parsed.error);
    publicUrl = parsed.origin;
  }
  let allowedHosts: string[] | null = null;
  if (env.ALLOWED_HOSTS?.trim()) {
    const parsed = parseAllowedHosts(env.ALLOWED_HOSTS);
    if ('error' in parsed) throw new ConfigError(parsed.error);
    allowedHosts = parsed.hosts;
  }
  const requestTimeoutMs = positiveInteger(env, 'REQUEST_TIMEOUT_MS', 30_000);
  const bodyLimitBytes = positiveInteger(env, 'BODY_LIMIT_BYTES', 1024 * 1024);
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    databaseUrl,
    sqlitePath: env.SQLITE_PATH ?? 'var/iscm-hub.sqlite',
    logLevel,
    loadOnStart: env.LOAD_ON_START !== 'false',
    trustProxy: readTrustProxy(env.TRUST_PROXY),
    publicUrl,
    allowedHosts,
    requestTimeoutMs,
    bodyLimitBytes,
    referenceDir: env.REFERENCE_DIR?.trim() || undefined,
    releasesDir: env.RELEASES_DIR?.trim() || 'var/releases',
    blobDir: env.BLOB_DIR?.trim() || 'var/blobs',
    s3: readBlobStore(env),
    uploadLimitBytes: positiveInteger(env, 'UPLOAD_LIMIT_BYTES', 50 * 1024 * 1024),
    smtpUrl: readSmtpUrl(env.SMTP_URL),
    mailFrom: env.MAIL_FROM?.trim() || 'ISCM Hub <no-reply@localhost>',
    digestSecret: readSecret(env.DIGEST_SECRET),
    webConcurrency: positiveInteger(env, 'WEB_CONCURRENCY', availableParallelism()),
    publicMaxAge: positiveInteger(env, 'PUBLIC_MAX_AGE', 30),
  };
}

/** BLOB_STORE=local (default) or s3; with s3 every S3_* but S3_REGION must be set. Secrets are never echoed. */
function readBlobStore(env: NodeJS.ProcessEnv): S3Config | null {
  const kind = env.BLOB_STORE?.trim() || 'local';
  if (kind === 'local') return null;
  if (kind !== 's3') throw new ConfigError(`BLOB_STORE must be local or s3, got "${kind}"`);
  const required = (name: string): string => {
    const v = env[name]?.trim();
    if (!v) throw new ConfigError(`BLOB_STORE=s3 needs ${name}`);
    return v;
  };
  const endpoint = required('S3_ENDPOINT');
  let url: URL | null = null;
  try {
    url = new URL(endpoint);
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password)
    throw new ConfigError(
      'S3_ENDPOINT must be an http:// or https:// URL without credentials, such as https://s3.eu-west-1.amazonaws.com or http://127.0.0.1:9000',
    );
  return {
    endpoint,
    bucket: required('S3_BUCKET'),
    region: env.S3_REGION?.trim() || 'us-east-1',
    accessKeyId: required('S3_ACCESS_KEY_ID'),
    secretAccessKey: required('S3_SECRET_ACCESS_KEY'),
  };
}

function readSmtpUrl(value: string | undefined): string | null {
  const v = value?.trim();
  if (!v) return null;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw new ConfigError('SMTP_URL must be a URL such as smtp://127.0.0.1:2525 or smtps://user:pass@mail.example.org');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
    throw new ConfigError(`SMTP_URL must start with smtp:// or smtps://, got "${url.protocol}//…"`);
  return v;
}

function readSecret(value: string | undefined): string | null {
  const v = value?.trim();
  if (!v) return null;
  // The value is never echoed: only its length is.
  if (v.length < 16) throw new ConfigError(`DIGEST_SECRET must be at least 16 characters long (it has ${v.length})`);
  return v;
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < 1)
    throw new ConfigError(`${name} must be a positive whole number, got "${raw}"`);
  return n;
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * TRUST_PROXY: unset or "false" → no proxy; an integer ≥ 1 → that many proxy hops; otherwise a comma
 * list of proxy addresses or CIDR ranges (or loopback, linklocal, uniquelocal). "true" is refused: it
 * would believe a client's own leftmost X-Forwarded-For and let anyone choose the address seen.
 */
export function readTrustProxy(value: string | undefined): TrustProxy {
  const v = value?.trim() ?? '';
  if (v === '' || v === 'false') return false;
  const how =
    'write the number of proxies in front of the server (TRUST_PROXY=1 for one reverse proxy) ' +
    'or their addresses (TRUST_PROXY=127.0.0.1 or TRUST_PROXY=10.0.0.0/8,::1), or false for none';
  if (v === 'true') {
    throw new ConfigError(
      `TRUST_PROXY=true would trust any client's X-Forwarded-For (anyone could choose the address seen); ${how}`,
    );
  }
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (!Number.isSafeInteger(hops) || hops < 1)
      throw new ConfigError(`TRUST_PROXY hop count must be an integer ≥ 1, got "${v}"; ${how}`);
    return hops;
  }
  const entries = v.split(',').map((x) => x.trim());
  for (const e of entries) {
    if (!validProxyEntry(e))
      throw new ConfigError(`TRUST_PROXY: "${e}" is not an IP address, a CIDR range or a hop count; ${how}`);
  }
  return entries;
}

function validProxyEntry(entry: string): boolean {
  if (PROXY_NAMES.includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}
