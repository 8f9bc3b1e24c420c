/**
 * Blobs in an S3-compatible bucket (BLOB_STORE=s3): one object per key, at the bucket's root, path-style URLs
 * (`{endpoint}/{bucket}/{key}`) so that MinIO, Ceph, Garage or s3rver work as well as AWS.
 *
 * Two settings are not the SDK's defaults, on purpose. Checksums are computed and checked only when an operation
 * requires them (`WHEN_REQUIRED`): with the defaults the SDK sends bodies aws-chunked with a CRC32 trailer, which
 * servers that do not know that encoding store as part of the object. And bodies are always whole Buffers, never
 * streams, for the same reason. The SDK's warning that later releases need Node 22 is switched off where the client
 * is made (AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true, unless already set).
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { S3Config } from '../../config.js';
import { checkBlobKey, type BlobStore } from './blobs.js';

export class S3BlobStore implements BlobStore {
  private readonly client: S3Client;
  readonly bucket: string;

  constructor(config: S3Config) {
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    this.bucket = config.bucket;
    this.client = new S3Client({
      endpoint: config.endpoint,
      region: config.region,
      credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    checkBlobKey(key);
    // A whole Buffer (never a stream, see above). Keys name their content, so writing a key again rewrites
    // the same bytes: put is idempotent without a prior HEAD.
    const body = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentLength: body.byteLength,
        ContentType: 'application/octet-stream',
      }),
    );
  }

  async get(key: string): Promise<Buffer | null> {
    checkBlobKey(key);
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!res.Body) return Buffer.alloc(0);
      const bytes = await res.Body.transformToByteArray();
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    } catch (e) {
      if (missing(e)) return null;
      throw e;
    }
  }

  async size(key: string): Promise<number | null> {
    checkBlobKey(key);
    try {
      const res = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return res.ContentLength ?? null;
    } catch (e) {
      if (missing(e)) return null;
      throw e;
    }
  }

  /** Deleting a key that is not there is not an error (S3 answers 204 either way). */
  async delete(key: string): Promise<void> {
    checkBlobKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  /** Close the client's connections (at shutdown; the store is not used afterwards). */
  close(): Promise<void> {
    this.client.destroy();
    return Promise.resolve();
  }
}

/** NoSuchKey from GetObject, or the bodiless 404 a HeadObject gets. */
function missing(e: unknown): boolean {
  if (e instanceof NoSuchKey || e instanceof NotFound) return true;
  return e instanceof S3ServiceException && e.$metadata.httpStatusCode === 404 && e.name !== 'NoSuchBucket';
}
