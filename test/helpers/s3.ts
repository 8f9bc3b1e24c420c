/** A real S3-compatible server for the tests: s3rver on 127.0.0.1, a spare port, its files in a temp folder. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import type { S3Config } from '../../src/config.js';

export interface TestS3 {
  /** Where to reach it, with the bucket already made (s3rver's fixed credentials S3RVER/S3RVER). */
  config: S3Config;
  /** The folder s3rver keeps the objects in (tests may look at the stored bytes). */
  dir: string;
  stop(): Promise<void>;
}

export async function startS3(bucket = 'iscm-test'): Promise<TestS3> {
  const dir = mkdtempSync(join(tmpdir(), 'iscm-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: dir,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const { address, port } = await server.run();
  return {
    config: {
      endpoint: `http://${address}:${port}`,
      bucket,
      region: 'us-east-1',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
    },
    dir,
    async stop() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
