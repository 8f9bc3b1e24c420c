import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, readConfig, readTrustProxy } from './config.js';

describe('TRUST_PROXY', () => {
  it('unset, empty or false: no proxy is trusted', () => {
    assert.equal(readConfig({}).trustProxy, false);
    assert.equal(readTrustProxy(''), false);
    assert.equal(readTrustProxy('false'), false);
  });

  it('true is refused, saying what to write instead', () => {
    assert.throws(
      () => readConfig({ TRUST_PROXY: 'true' }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.match(err.message, /TRUST_PROXY=true would trust any client's X-Forwarded-For/);
        assert.match(err.message, /TRUST_PROXY=1 for one reverse proxy/);
        assert.match(err.message, /TRUST_PROXY=127\.0\.0\.1/);
        return true;
      },
    );
  });

  it('a hop count is an integer ≥ 1', () => {
    assert.equal(readTrustProxy('1'), 1);
    assert.equal(readTrustProxy(' 2 '), 2);
    assert.throws(() => readTrustProxy('0'), /hop count must be an integer ≥ 1, got "0"/);
  });

  it('a comma list of addresses and CIDR ranges (and proxy-addr names), each checked', () => {
    assert.deepEqual(readTrustProxy('127.0.0.1, 10.0.0.0/8,::1,fd00::/8,loopback'), [
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
    assert.throws(
      () => readTrustProxy('127.0.0.1,proxy.example'),
      /"proxy\.example" is not an IP address, a CIDR range or a hop count/,
    );
    assert.throws(() => readTrustProxy('10.0.0.0/33'), /"10\.0\.0\.0\/33" is not/);
    assert.throws(() => readTrustProxy('1.5'), /"1\.5" is not/);
    assert.throws(() => readTrustProxy('yes'), ConfigError);
  });
});

describe('BLOB_STORE and S3_*', () => {
  const S3 = {
    BLOB_STORE: 's3',
    S3_ENDPOINT: 'http://127.0.0.1:9000',
    S3_BUCKET: 'iscm-files',
    S3_ACCESS_KEY_ID: 'AKIAEXAMPLE',
    S3_SECRET_ACCESS_KEY: 'secret-example-value',
  };

  it('unset or local: the local folder, BLOB_DIR', () => {
    assert.equal(readConfig({}).s3, null);
    assert.equal(readConfig({ BLOB_STORE: 'local', BLOB_DIR: '/srv/blobs' }).s3, null);
    assert.equal(readConfig({ BLOB_STORE: 'local', BLOB_DIR: '/srv/blobs' }).blobDir, '/srv/blobs');
  });

  it('s3: the bucket, with S3_REGION defaulting to us-east-1', () => {
    assert.deepEqual(readConfig(S3).s3, {
      endpoint: 'http://127.0.0.1:9000',
      bucket: 'iscm-files',
      region: 'us-east-1',
      accessKeyId: 'AKIAEXAMPLE',
      secretAccessKey: 'secret-example-value',
    });
    assert.equal(readConfig({ ...S3, S3_REGION: 'eu-west-3' }).s3?.region, 'eu-west-3');
  });

  it('s3 without one of the required variables is a start-up error naming it', () => {
    for (const name of ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
      const env: Record<string, string> = { ...S3 };
      delete env[name];
      assert.throws(() => readConfig(env), new ConfigError(`BLOB_STORE=s3 needs ${name}`), name);
      assert.throws(() => readConfig({ ...S3, [name]: '  ' }), new RegExp(`needs ${name}$`), `${name} blank`);
    }
  });

  it('an unknown BLOB_STORE or an endpoint that is not an http(s) URL is refused; the secret is never echoed', () => {
    assert.throws(() => readConfig({ BLOB_STORE: 'gcs' }), /BLOB_STORE must be local or s3, got "gcs"/);
    for (const endpoint of ['127.0.0.1:9000', 'ftp://host', 'https://key:pw@s3.example.org'])
      assert.throws(
        () => readConfig({ ...S3, S3_ENDPOINT: endpoint }),
        /S3_ENDPOINT must be an http:\/\/ or https:\/\//,
      );
    try {
      readConfig({ ...S3, S3_ENDPOINT: 'nope' });
      assert.fail('refused');
    } catch (e) {
      assert.doesNotMatch((e as Error).message, /secret-example-value|AKIAEXAMPLE/);
    }
  });
});
