/**
 * A real nginx (Debian's package, /usr/sbin/nginx or NGINX_PATH) in a temporary directory: the repository's
 * deploy/nginx/iscm-hub.conf with its listen port, upstream, cache path and inactive time rewritten, or a plain
 * static file server (the benchmark's baseline). Used by test/process/nginx.test.ts and bench/run.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
export const DEPLOY_CONF = new URL('../../deploy/nginx/iscm-hub.conf', import.meta.url).pathname;

/** Why nginx cannot run here, or null when it can. */
export function nginxMissing(): string | null {
  return existsSync(NGINX) ? null : `nginx is not installed at ${NGINX} (apt-get install nginx, or set NGINX_PATH)`;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export interface Nginx {
  base: string;
  port: number;
  dir: string;
  stop(): Promise<void>;
}

/** The deployment file for a test or a benchmark: listen on `port`, proxy to `upstream`, cache in `dir`. */
export function renderDeployConf(opts: { port: number; upstream: string; cacheDir: string; inactive: number }): string {
  const conf = readFileSync(DEPLOY_CONF, 'utf8');
  const out = conf
    .replace(/listen 80;/, `listen 127.0.0.1:${opts.port};`)
    .replace(/server 127\.0\.0\.1:3000;/, `server ${opts.upstream};`)
    .replace(/\/var\/cache\/nginx\/iscm-hub/, opts.cacheDir)
    .replace(/inactive=\d+s/, `inactive=${opts.inactive}s`);
  for (const [what, re] of [
    ['listen', /listen 127\.0\.0\.1:/],
    ['upstream', new RegExp(`server ${opts.upstream.replace(/[.]/g, '\\.')};`)],
    ['cache path', new RegExp(opts.cacheDir)],
  ] as const)
    if (!re.test(out)) throw new Error(`deploy/nginx/iscm-hub.conf: the ${what} line was not found to rewrite`);
  return out;
}

/** Start nginx with `http` as the body of its http block; resolves once it answers. */
export async function startNginx(http: string, port: number): Promise<Nginx> {
  const dir = mkdtempSync(join(tmpdir(), 'iscm-nginx-'));
  chmodSync(dir, 0o755);
  for (const d of ['logs', 'tmp', 'cache']) mkdirSync(join(dir, d), { mode: 0o755 });
  const user = process.getuid?.() === 0 ? 'user root;\n' : '';
  const conf = `${user}worker_processes auto;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  ${http.replaceAll('{{DIR}}', dir)}
}
`;
  writeFileSync(join(dir, 'nginx.conf'), conf);
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
    try {
      await fetch(`${base}/nginx-started`);
      break;
    } catch {
      if (i > 200) throw new Error(`nginx does not answer on ${base}: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    base,
    port,
    dir,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
