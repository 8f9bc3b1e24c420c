/**
 * The secret that signs the session and CSRF cookies. A module of its own: `serve`'s primary process makes sure it
 * exists before forking the workers, without importing the HTTP stack (http/security.ts re-exports it).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** SESSION_SECRET, or one generated once and kept in var/ so restarts keep sessions valid. */
export function sessionSecret(path = 'var/session-secret'): string {
  if (process.env.SESSION_SECRET) return process.env.SESSION_SECRET;
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, secret, { mode: 0o600 });
  return secret;
}
