/**
 * Where uploaded files live: a `BlobStore`, addressed by key (the file's sha-256). The default keeps them in a
 * local folder (BLOB_DIR, default var/blobs); an S3-compatible store implements the same four methods.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface BlobStore {
  /** Store bytes under a key; storing the same key twice keeps one copy (keys name their content). */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The bytes of a key, or null when there are none. */
  get(key: string): Promise<Buffer | null>;
  /** The size in bytes of a key, or null. */
  size(key: string): Promise<number | null>;
  delete(key: string): Promise<void>;
}

const KEY = /^[a-z0-9][a-z0-9._-]{0,200}$/;

/** Blobs as files in a folder, two levels of fan-out (ab/cd/abcd…); each write lands whole (temp file + rename). */
export class LocalBlobStore implements BlobStore {
  constructor(readonly dir: string) {}

  private path(key: string): string {
    if (!KEY.test(key)) throw new Error(`blob key "${key}" is not a key (lower-case letters, digits, . _ -)`);
    return join(this.dir, key.slice(0, 2), key.slice(2, 4), key);
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${randomUUID()}.part`;
    try {
      await writeFile(tmp, bytes, { flag: 'wx' });
      await rename(tmp, path);
    } finally {
      await rm(tmp, { force: true });
    }
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.path(key));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  async size(key: string): Promise<number | null> {
    try {
      return (await stat(this.path(key))).size;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}
