/**
 * The BlobStore contract, run unchanged against the local folder and against S3 (a real S3-compatible server,
 * s3rver, started here on a spare port): bytes back byte for byte, size, idempotent put, missing keys, delete, bad
 * keys refused. Then a PDF uploaded through the API into S3, its text read from there, on SQLite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp, loadReference } from '../../app.js';
import { readConfig } from '../../config.js';
import { createTestDatabase, engines, type TestDatabase } from '../../../test/helpers/db.js';
import { insertDocument } from '../../../test/helpers/documents.js';
import { random, textPdf } from '../../../test/helpers/pdf.js';
import { MINI } from '../../../test/helpers/reference.js';
import { seedRoleUsers } from '../../../test/helpers/roles.js';
import { startS3, type TestS3 } from '../../../test/helpers/s3.js';
import { LocalBlobStore, openBlobStore, type BlobStore } from './blobs.js';
import { S3BlobStore } from './blobs-s3.js';

const SHA = (n: number) => n.toString(16).padStart(64, '0');

/** 3 MiB that start like a PDF and go on pseudo-random (every byte value, CR/LF included). */
function bigPdfLike(): Buffer {
  const next = random(13);
  const bytes = Buffer.alloc(3 * 1024 * 1024);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(next() * 256);
  Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1').copy(bytes);
  return bytes;
}

interface Subject {
  store: BlobStore;
  /** How many objects the store holds, read behind its back. */
  count(): number;
  dispose(): Promise<void>;
}

function contract(name: string, open: () => Promise<Subject>) {
  describe(`BlobStore contract: ${name}`, () => {
    let s: Subject;
    before(async () => {
      s = await open();
    });
    after(async () => {
      await s?.dispose();
    });

    it('a real PDF and a 3 MiB file come back byte for byte, with their size', async () => {
      const pdf = await textPdf(Array.from({ length: 30 }, (_, p) => [`Page ${p + 1}`, '12. A numbered paragraph.']));
      const big = bigPdfLike();
      await s.store.put(SHA(1), pdf);
      await s.store.put(SHA(2), big);
      const back = await s.store.get(SHA(1));
      assert.ok(back && Buffer.isBuffer(back));
      assert.ok(back.equals(pdf), 'the PDF is unchanged');
      assert.ok((await s.store.get(SHA(2)))?.equals(big), 'the 3 MiB file is unchanged');
      assert.equal(await s.store.size(SHA(1)), pdf.length);
      assert.equal(await s.store.size(SHA(2)), big.length, 'the size stored is the size given (no framing added)');
    });

    it('a Uint8Array view into a larger buffer stores only its own bytes; an empty blob is a blob', async () => {
      const whole = Buffer.from('xxxx%PDF-view-yyyy');
      const view = new Uint8Array(whole.buffer, whole.byteOffset + 4, 10);
      await s.store.put(SHA(3), view);
      assert.equal((await s.store.get(SHA(3)))?.toString(), '%PDF-view-');
      assert.equal(await s.store.size(SHA(3)), 10);
      await s.store.put(SHA(4), new Uint8Array(0));
      assert.equal((await s.store.get(SHA(4)))?.length, 0);
      assert.equal(await s.store.size(SHA(4)), 0);
    });

    it('putting the same key twice keeps one copy', async () => {
      const bytes = Buffer.from('%PDF-1.4 same content');
      const before = s.count();
      await s.store.put(SHA(5), bytes);
      await s.store.put(SHA(5), bytes);
      assert.equal(s.count(), before + 1);
      assert.ok((await s.store.get(SHA(5)))?.equals(bytes));
      assert.equal(await s.store.size(SHA(5)), bytes.length);
    });

    it('a key never stored: get and size answer null', async () => {
      assert.equal(await s.store.get(SHA(999)), null);
      assert.equal(await s.store.size(SHA(999)), null);
    });

    it('delete removes the key; deleting a missing key is fine', async () => {
      await s.store.put(SHA(6), Buffer.from('to delete'));
      const before = s.count();
      await s.store.delete(SHA(6));
      assert.equal(await s.store.get(SHA(6)), null);
      assert.equal(await s.store.size(SHA(6)), null);
      assert.equal(s.count(), before - 1);
      await s.store.delete(SHA(6));
      await s.store.delete(SHA(998));
      assert.equal(s.count(), before - 1);
    });

    it('a key that is not a key is refused by every method, and nothing is written', async () => {
      const before = s.count();
      for (const key of ['', 'ABC', '../etc/passwd', 'a/b', '.hidden', 'x'.repeat(202), 'é']) {
        await assert.rejects(s.store.put(key, Buffer.from('x')), /is not a key/, `put ${JSON.stringify(key)}`);
        await assert.rejects(s.store.get(key), /is not a key/, `get ${JSON.stringify(key)}`);
        await assert.rejects(s.store.size(key), /is not a key/, `size ${JSON.stringify(key)}`);
        await assert.rejects(s.store.delete(key), /is not a key/, `delete ${JSON.stringify(key)}`);
      }
      assert.equal(s.count(), before);
    });
  });
}

/** Files under a folder, at any depth. */
function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => e.name);
  } catch {
    return [];
  }
}

contract('local folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iscm-blobs-'));
  return Promise.resolve({
    store: new LocalBlobStore(dir),
    count: () => filesUnder(dir).length,
    dispose: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  });
});

contract('S3 (s3rver)', async () => {
  const s3 = await startS3();
  const store = new S3BlobStore(s3.config);
  return {
    store,
    // s3rver keeps each object as KEY._S3rver_object (+ metadata files) under DIR/BUCKET.
    count: () => filesUnder(join(s3.dir, s3.config.bucket)).filter((f) => f.endsWith('._S3rver_object')).length,
    async dispose() {
      await store.close();
      await s3.stop();
    },
  };
});

describe('S3BlobStore beyond the contract', () => {
  let s3: TestS3;
  before(async () => {
    s3 = await startS3();
  });
  after(async () => {
    await s3?.stop();
  });

  it('a bucket that does not exist is an error, not a missing key', async () => {
    const store = new S3BlobStore({ ...s3.config, bucket: 'no-such-bucket' });
    try {
      await assert.rejects(store.put(SHA(1), Buffer.from('x')), /bucket/i);
      await assert.rejects(store.get(SHA(1)), /bucket/i);
    } finally {
      await store.close();
    }
  });

  it('unknown credentials are an error', async () => {
    const store = new S3BlobStore({ ...s3.config, accessKeyId: 'NOT-S3RVER', secretAccessKey: 'not-the-secret' });
    try {
      await assert.rejects(store.put(SHA(1), Buffer.from('x')), /access key/i);
      await assert.rejects(store.get(SHA(1)), /access key/i);
    } finally {
      await store.close();
    }
  });

  it('openBlobStore gives the store the configuration names (BLOB_STORE=s3 or local)', async () => {
    const env = {
      BLOB_STORE: 's3',
      S3_ENDPOINT: s3.config.endpoint,
      S3_BUCKET: s3.config.bucket,
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
    };
    const store = await openBlobStore(readConfig(env));
    try {
      assert.ok(store instanceof S3BlobStore);
      await store.put(SHA(7), Buffer.from('through the configuration'));
      const direct = new S3BlobStore(s3.config);
      assert.equal((await direct.get(SHA(7)))?.toString(), 'through the configuration');
      await direct.close();
    } finally {
      await store.close?.();
    }
    assert.ok((await openBlobStore(readConfig({ BLOB_DIR: '/tmp/x' }))) instanceof LocalBlobStore);
  });
});

function multipart(fields: Record<string, string>, file: { name: string; bytes: Buffer }) {
  const boundary = '----iscm-s3-boundary';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
    file.bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const DOC = 'alpha-s3-outcome-2021';

for (const { engine, skip } of await engines()) {
  describe(`a PDF uploaded through the API into S3 on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let s3: TestS3;
    let store: S3BlobStore;
    let app: FastifyInstance;
    let tokens: Record<string, string> = {};
    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db, MINI);
      await insertDocument(t.db, DOC);
      s3 = await startS3();
      store = new S3BlobStore(s3.config);
      app = await buildApp({
        database: t,
        cacheTtlMs: 0,
        blobs: store,
        uploadLimitBytes: 5_000_000,
        extractLimits: { timeoutMs: 20_000, heapMb: 128, maxPages: 40, maxChars: 2_000_000 },
      });
      tokens = (await seedRoleUsers(t.db)).tokens;
    });
    after(async () => {
      await app?.close();
      await store?.close();
      await s3?.stop();
      await t?.dispose();
    });

    it('is stored in the bucket under its sha-256, its text read from there, and served back byte for byte', async () => {
      const pdf = await textPdf([
        ['Outcome of the Alpha Process meeting', '1. Welcome the work done.'],
        ['2. Commit to protect quokkaland workers in every corridor.'],
      ]);
      const body = multipart({ language: 'en', status: 'official' }, { name: 'outcome.pdf', bytes: pdf });
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/documents/${DOC}/versions`,
        payload: body.payload,
        headers: { ...body.headers, authorization: `Bearer ${tokens['editor of alpha']}` },
      });
      assert.equal(res.statusCode, 201, res.body);
      const v = JSON.parse(res.body) as { id: string; sha256: string; sizeBytes: number };
      assert.equal(v.sizeBytes, pdf.length);
      assert.equal(await store.size(v.sha256), pdf.length, 'the object is in the bucket, at its size');
      assert.ok((await store.get(v.sha256))?.equals(pdf));

      let status = 'pending';
      for (let i = 0; i < 400 && status === 'pending'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        const got = JSON.parse((await app.inject(`/api/v1/documents/${DOC}/versions/${v.id}`)).body) as Record<
          string,
          unknown
        >;
        status = String(got.textStatus);
      }
      assert.equal(status, 'extracted');
      const p2 = JSON.parse((await app.inject(`/api/v1/documents/${DOC}/paragraphs/2`)).body) as {
        items?: { text: string }[];
      };
      assert.match(
        p2.items?.[0]?.text ?? JSON.stringify(p2),
        /quokkaland workers/,
        'the text was read from the bytes in S3',
      );

      const file = await app.inject(`/api/v1/documents/${DOC}/versions/${v.id}/file`);
      assert.equal(file.statusCode, 200);
      assert.ok(file.rawPayload.equals(pdf), 'the file comes back from S3 byte for byte');
    });
  });
}

/** The command line (asynchronously: s3rver answers from this process meanwhile). */
function iscm(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], { env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('the command line with BLOB_STORE=s3', { timeout: 120_000 }, () => {
  let t: TestDatabase;
  let s3: TestS3;
  let work: string;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    t = await createTestDatabase('sqlite');
    await loadReference(t.db, MINI);
    await insertDocument(t.db, DOC);
    s3 = await startS3();
    work = mkdtempSync(join(tmpdir(), 'iscm-s3-cli-'));
    env = {
      ...process.env,
      SQLITE_PATH: t.location,
      DATABASE_URL: '',
      BLOB_DIR: join(work, 'blobs'),
      BLOB_STORE: 's3',
      S3_ENDPOINT: s3.config.endpoint,
      S3_BUCKET: s3.config.bucket,
      S3_ACCESS_KEY_ID: s3.config.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.config.secretAccessKey,
      LOAD_ON_START: 'false',
    };
  });
  after(async () => {
    await s3?.stop();
    await t?.dispose();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('a missing S3_* stops the start with a message naming it', () => {
    const { S3_BUCKET: _, ...without } = env;
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
      env: without,
      encoding: 'utf8',
    });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /BLOB_STORE=s3 needs S3_BUCKET/);
  });

  it('documents import stores the files in the bucket, none in BLOB_DIR', async () => {
    const pdf = await textPdf([['1. Imported into the bucket.', '2. Second paragraph.']]);
    writeFileSync(join(work, 'a.pdf'), pdf);
    writeFileSync(join(work, 'meta.csv'), `document,language,status,file\n${DOC},en,official,a.pdf\n`);
    const r = await iscm(env, 'documents', 'import', work, '--metadata', join(work, 'meta.csv'));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /imported: 1 version\(s\) added/);
    assert.doesNotMatch(r.err, /NodeVersionSupportWarning/);
    const v = await t.db.selectFrom('document_version').selectAll().executeTakeFirstOrThrow();
    assert.equal(v.text_status, 'extracted');
    const store = new S3BlobStore(s3.config);
    try {
      assert.ok((await store.get(v.blob_key))?.equals(pdf), 'the bucket has the file');
    } finally {
      await store.close();
    }
    assert.deepEqual(filesUnder(join(work, 'blobs')), []);
  });

  it('serve starts with the bucket and shuts down cleanly', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
      env: { ...env, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const lines: string[] = [];
    let port = 0;
    for await (const line of createInterface({ input: child.stdout })) {
      lines.push(line);
      const m = /listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(line);
      if (m) {
        port = Number(m[1]);
        break;
      }
    }
    assert.ok(port > 0, `the server listens: ${lines.join('\n')}${err}`);
    const v = await t.db.selectFrom('document_version').selectAll().executeTakeFirstOrThrow();
    const file = await fetch(`http://127.0.0.1:${port}/api/v1/documents/${DOC}/versions/${v.id}/file`);
    assert.equal(file.status, 200);
    assert.equal(Number((await file.arrayBuffer()).byteLength), v.size_bytes, 'served from the bucket');
    child.kill('SIGTERM');
    assert.equal(await exited, 0, err);
    assert.doesNotMatch(err, /NodeVersionSupportWarning/);
  });
});
