/**
 * --aws-endpoint (GATEHOUSE_AWS_ENDPOINT): a URL, with credentials of its own or not, or `aws`;
 * anything else stops the start naming the value.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, type Config } from '../../src/config.js';
import { parseAwsEndpoint } from '../../src/gateway/integrations/aws-service.js';

describe('--aws-endpoint', () => {
  test('the flag and its variable set it; the flag wins', () => {
    assert.equal((loadConfig(['--aws-endpoint', 'http://127.0.0.1:5000'], {}) as Config).awsEndpoint, 'http://127.0.0.1:5000');
    assert.equal((loadConfig([], { GATEHOUSE_AWS_ENDPOINT: 'aws' }) as Config).awsEndpoint, 'aws');
    assert.equal((loadConfig(['--aws-endpoint', 'aws'], { GATEHOUSE_AWS_ENDPOINT: 'http://x:1' }) as Config).awsEndpoint, 'aws');
    assert.equal((loadConfig([], {}) as Config).awsEndpoint, undefined);
  });

  test('a value that is no http(s) URL nor aws is refused, naming it', () => {
    assert.throws(() => loadConfig(['--aws-endpoint', 'localstack'], {}), /Invalid --aws-endpoint 'localstack'/);
    assert.throws(() => loadConfig(['--aws-endpoint', 'ftp://h/'], {}), /Invalid --aws-endpoint 'ftp:\/\/h\/'/);
    assert.throws(() => loadConfig(['--aws-endpoint', 'http://onlykey@h:1'], {}), /KEY:SECRET@/);
  });

  test("a URL's own credentials are taken out of it, decoded", () => {
    assert.deepEqual(parseAwsEndpoint('http://AKID:se%2Fcret@127.0.0.1:4566/'), { url: 'http://127.0.0.1:4566', credentials: { accessKeyId: 'AKID', secretAccessKey: 'se/cret' } });
    assert.deepEqual(parseAwsEndpoint('https://example.test'), { url: 'https://example.test', credentials: undefined });
    assert.deepEqual(parseAwsEndpoint('aws'), {});
  });
});
