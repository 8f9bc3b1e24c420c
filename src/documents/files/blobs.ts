/**
 * Where uploaded files live: a `BlobStore`, addressed by key (the file's sha-256). The default keeps them in a
 * local folder (BLOB_DIR, default var/blobs); BLOB_STORE=s3 keeps them in an S3-compatible bucket (blobs-s3.ts),
 * through the same four methods.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Config } from '../../config.js';

export interface BlobStore {
  /** Store bytes under a key; storing the same key twice keeps one copy (keys name their content). */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The bytes of a key, or null when there are none. */
  get(key: string): Promise<Buffer | null>;
  /** The size in bytes of a key, or null. */
  size(key: string): Promise<number | null>;
  /** Deleting a key that is not there is not an error. */
  delete(key: string): Promise<void>;
  /** Release connections (at shutdown); absent when there is nothing to release. */
  close?(): Promise<void>;
}

const KEY = /^[a-z0-9][a-z0-9._-]{0,200}$/;

/** Every store refuses the same keys: lower-case letters, digits, `.`, `_` and `-`, at most 201, not `.`-first. */
export function checkBlobKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`blob key "${key}" is not a key (lower-case letters, digits, . _ -)`);
}

/** The store the configuration names (the S3 client is loaded only when BLOB_STORE=s3). */
export async function openBlobStore(config: Pick<Config, 'blobDir' | 's3'>): Promise<BlobStore> {
  if (!config.s3) return new LocalBlobStore(config.blobDir);
  const { S3BlobStore } = await import('./blobs-s3.js');
  return new S3BlobStore(config.s3);
}

/** Blobs as files in a folder, two levels of fan-out (ab/cd/abcd…); each write lands whole (temp file + rename). */
export class LocalBlobStore implements BlobStore {
  constructor(readonly dir: string) {}

  private path(key: string): string {
    checkBlobKey(key);
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
