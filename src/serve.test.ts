/** `iscm serve` and its origin configuration: the start-up warning without PUBLIC_URL, a bad PUBLIC_URL refused. */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';

const dir = mkdtempSync(join(tmpdir(), 'iscm-serve-'));

/** The status of a GET with this Host header (fetch does not let a caller set Host). */
function status(port: number, path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

/** Start `serve` on a free port; resolve with its log lines once it listens, then stop it. */
async function serveOnce(
  extraEnv: Record<string, string>,
): Promise<{ lines: { level: number; msg: string }[]; port: number; forged: number; allowed: number }> {
  const env = {
    ...process.env,
    SQLITE_PATH: join(dir, `serve-${Object.keys(extraEnv).join('-') || 'plain'}.sqlite`),
    DATABASE_URL: '',
    PORT: '0',
    // one process: its log lines are read one by one (the cluster's are in test/process/cluster.test.ts)
    WEB_CONCURRENCY: '1',
    LOAD_ON_START: 'false',
    ...extraEnv,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const lines: { level: number; msg: string }[] = [];
    let port = 0;
    for await (const line of createInterface({ input: child.stdout })) {
      const entry = JSON.parse(line) as { level: number; msg: string };
      lines.push(entry);
      const m = /listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(entry.msg);
      if (m) {
        port = Number(m[1]);
        break;
      }
    }
    assert.ok(port > 0, 'the server said where it listens');
    const forged = await status(port, '/en/', 'evil.example');
    const allowed = await status(port, '/en/sign-in', `127.0.0.1:${port}`);
    return { lines, port, forged, allowed };
  } finally {
    child.kill('SIGTERM');
  }
}

describe('serve: origins', { timeout: 60_000 }, () => {
  it('without PUBLIC_URL, logs at start that reset mail is disabled, and refuses a forged Host', async () => {
    const s = await serveOnce({});
    assert.ok(
      s.lines.some((l) => l.level === 40 && /PUBLIC_URL is not set: password-reset mail is disabled/.test(l.msg)),
      JSON.stringify(s.lines),
    );
    assert.equal(s.forged, 400);
    assert.equal(s.allowed, 200, '127.0.0.1 on the port is served by default');
  });

  it('with PUBLIC_URL, no such warning', async () => {
    const s = await serveOnce({ PUBLIC_URL: 'https://iscm.example.org' });
    assert.ok(!s.lines.some((l) => /PUBLIC_URL/.test(l.msg)), JSON.stringify(s.lines));
    assert.equal(s.forged, 400, "a Host that is neither PUBLIC_URL's nor loopback is still refused");
  });

  it('a bad PUBLIC_URL or ALLOWED_HOSTS stops the start with a message naming it', () => {
    const env = { ...process.env, SQLITE_PATH: join(dir, 'bad.sqlite'), DATABASE_URL: '' };
    const bad = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
      env: { ...env, PUBLIC_URL: 'https://iscm.example.org/hub' },
      encoding: 'utf8',
    });
    assert.equal(bad.status, 1);
    assert.match(
      bad.stderr,
      /PUBLIC_URL must be an origin without path, query or fragment \(e\.g\. https:\/\/iscm\.example\.org\), got "https:\/\/iscm\.example\.org\/hub"/,
    );
    const hosts = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
      env: { ...env, ALLOWED_HOSTS: 'iscm.lan,bad host' },
      encoding: 'utf8',
    });
    assert.equal(hosts.status, 1);
    assert.match(hosts.stderr, /ALLOWED_HOSTS entry "bad host"/);
  });
});
