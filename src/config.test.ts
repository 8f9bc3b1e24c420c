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
