/**
 * The site's origin, from configuration only. Every absolute URL the site writes (canonical, hreflang,
 * og:url, JSON-LD, sitemap, robots, calendar feeds, password-reset mail) goes through `origin(req)`.
 *
 * With PUBLIC_URL set it is that origin, whatever the request's Host. Without it, the origin is the
 * request's own (scheme and Host), and only requests whose Host is allowed are served: any other Host
 * gets 400 before a route or the response cache sees it, so a forged Host can never reach a page,
 * a cached body or a mail. Allowed hosts: the host of PUBLIC_URL, plus ALLOWED_HOSTS, or when
 * ALLOWED_HOSTS is not given, `localhost`, `127.0.0.1` and `[::1]` on the port the request arrived on
 * (port 80 — with or without `:80` — for `app.inject`). `/health` and `/ready` answer any Host: they
 * write no URL and are never cached, and probes often call them by address.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from './problem.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The origin this request's absolute URLs are written with; set before routing. */
    siteOrigin: string;
  }
  interface FastifyInstance {
    /** PUBLIC_URL as an origin, or null when it is not configured. */
    publicUrl: string | null;
  }
}

export interface OriginOptions {
  /** PUBLIC_URL, already validated (an http(s) origin); null or undefined: none. */
  publicUrl?: string | null;
  /** `name` or `name:port` entries; undefined: loopback names on the port of the connection. */
  allowedHosts?: readonly string[];
}

const HOST = /^(\[[0-9a-f:.]+\]|[a-z0-9_](?:[a-z0-9_.-]*[a-z0-9_])?)(?::(\d{1,5}))?$/i;
const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];
const UNCHECKED = new Set(['/health', '/ready']);

interface HostEntry {
  name: string;
  port: number | null;
}

/** `name[:port]` → entry; null when it is not a host name, an IPv4 address or a bracketed IPv6 address. */
export function parseHost(value: string): HostEntry | null {
  const m = HOST.exec(value.trim());
  if (!m) return null;
  const port = m[2] === undefined ? null : Number(m[2]);
  if (port !== null && (port < 1 || port > 65535)) return null;
  return { name: m[1]!.toLowerCase().replace(/\.$/, ''), port };
}

/**
 * PUBLIC_URL → its origin ("https://iscm.example.org", no trailing slash), or an error message saying
 * what is wrong with it.
 */
export function parsePublicUrl(value: string): { origin: string } | { error: string } {
  if (!URL.canParse(value))
    return { error: `PUBLIC_URL must be an absolute URL such as https://iscm.example.org, got "${value}"` };
  const url = new URL(value);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { error: `PUBLIC_URL must start with http:// or https://, got "${value}"` };
  if (url.username || url.password)
    return { error: `PUBLIC_URL must not contain a user name or password, got "${url.host}"` };
  if (url.pathname !== '/' || url.search || url.hash || /[?#]/.test(value)) {
    return {
      error: `PUBLIC_URL must be an origin without path, query or fragment (e.g. ${url.origin}), got "${value}"`,
    };
  }
  return { origin: url.origin };
}

/** An entry without a port accepts the default ports (80 and 443) only; a Host without a port has its scheme's. */
function matches(entry: HostEntry, host: HostEntry, defaultPort: number): boolean {
  if (entry.name !== host.name) return false;
  const port = host.port ?? defaultPort;
  return entry.port === null ? port === 80 || port === 443 : entry.port === port;
}

export function origin(req: FastifyRequest): string {
  return req.siteOrigin;
}

/** The site is served over TLS: PUBLIC_URL is https, or this request came over TLS (directly or through a trusted proxy). */
export function servedOverTls(req: FastifyRequest): boolean {
  return req.protocol === 'https' || req.server.publicUrl?.startsWith('https:') === true;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function refuse(req: FastifyRequest, reply: FastifyReply, host: string): FastifyReply {
  const shown = host.length > 200 ? `${host.slice(0, 200)}…` : host;
  const message = host
    ? `the Host header "${shown}" is not a name this site answers to (see PUBLIC_URL and ALLOWED_HOSTS)`
    : 'the request has no Host header';
  req.log.info({ host: shown }, 'refused a request for a Host that is not allowed');
  reply.header('cache-control', 'no-store');
  if (req.url.startsWith('/api/'))
    return sendProblem(reply, req, 400, message, [{ name: 'host', in: 'header', message }]);
  return reply
    .code(400)
    .type('text/html; charset=utf-8')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>400 Bad Request</title></head>` +
        `<body><h1>400 Bad Request</h1><p>${escapeHtml(message)}.</p></body></html>`,
    );
}

/** Register the Host check and the origin of every request (on the root instance, before the routes). */
export function origins(app: FastifyInstance, opts: OriginOptions): void {
  const publicUrl = opts.publicUrl ?? null;
  const fixed: HostEntry[] = [];
  if (publicUrl) {
    const url = new URL(publicUrl);
    fixed.push({ name: url.hostname.toLowerCase(), port: url.port ? Number(url.port) : null });
  }
  for (const h of opts.allowedHosts ?? []) {
    const entry = parseHost(h);
    if (!entry) throw new Error(`allowed host "${h}" is not a host name or address with an optional port`);
    fixed.push(entry);
  }
  const loopback = opts.allowedHosts === undefined;

  app.decorate('publicUrl', publicUrl);
  app.decorateRequest('siteOrigin', '');
  app.addHook('onRequest', async (req, reply) => {
    const host = req.host ?? '';
    req.siteOrigin = publicUrl ?? `${req.protocol}://${host}`;
    if (UNCHECKED.has(req.url.split('?')[0]!)) return;
    const parsed = parseHost(host);
    const defaultPort = req.protocol === 'https' ? 443 : 80;
    const allowed =
      parsed !== null &&
      (fixed.some((e) => matches(e, parsed, defaultPort)) ||
        (loopback && LOOPBACK.includes(parsed.name) && (parsed.port ?? defaultPort) === (req.socket.localPort ?? 80)));
    if (!allowed) return refuse(req, reply, host);
    // a Host is written back normalised (lower case), never as sent
    if (!publicUrl) req.siteOrigin = `${req.protocol}://${parsed.name}${parsed.port === null ? '' : `:${parsed.port}`}`;
  });
}

/** Host entries for ALLOWED_HOSTS: comma-separated, each `name` or `name:port`; the first bad one is named. */
export function parseAllowedHosts(value: string): { hosts: string[] } | { error: string } {
  const hosts = value
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  for (const h of hosts) {
    if (!parseHost(h))
      return {
        error: `ALLOWED_HOSTS entry "${h}" is not a host name or address with an optional port (e.g. iscm.lan:3000, [::1]:3000)`,
      };
  }
  return { hosts };
}
