/**
 * Which (account, region)s invoke their unknown functions remotely: --remote-lambda entries
 * ACCOUNT:REGION=ENDPOINT with '*' on either side, --lambda-endpoint as '*:*', the most
 * specific entry winning; a bad entry stops the start with a message naming it.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, type Config } from '../../src/config.js';
import { RemoteRoutes } from '../../src/functions/remote-routes.js';

const at = (routes: RemoteRoutes, account: string, region: string) => routes.endpointFor({ account, region })?.label;

describe('RemoteRoutes', () => {
  test('nothing configured: no scope is remote', () => {
    const routes = RemoteRoutes.parse(undefined, undefined);
    assert.equal(routes.empty, true);
    assert.equal(at(routes, '000000000000', 'us-east-1'), undefined);
  });

  test('--lambda-endpoint covers every scope; aws is the SDK endpoint of the region', () => {
    const routes = RemoteRoutes.parse(undefined, 'http://127.0.0.1:4567/');
    assert.equal(at(routes, '000000000000', 'us-east-1'), 'http://127.0.0.1:4567');
    assert.equal(at(routes, '123456789012', 'eu-west-1'), 'http://127.0.0.1:4567');
    const aws = RemoteRoutes.parse(undefined, 'aws').endpointFor({ account: '1', region: 'x' });
    assert.deepEqual(aws, { label: 'aws' });
  });

  test('the most specific entry wins: ACCOUNT:REGION, ACCOUNT:*, *:REGION, then --lambda-endpoint', () => {
    const routes = RemoteRoutes.parse(
      '111111111111:eu-west-1=http://a:1, 111111111111:*=http://b:2,*:eu-west-1=http://c:3',
      'http://d:4',
    );
    assert.equal(at(routes, '111111111111', 'eu-west-1'), 'http://a:1');
    assert.equal(at(routes, '111111111111', 'us-east-1'), 'http://b:2');
    assert.equal(at(routes, '222222222222', 'eu-west-1'), 'http://c:3');
    assert.equal(at(routes, '222222222222', 'us-east-1'), 'http://d:4');
  });

  test("a URL's user info is the remote's credentials, kept out of the label", () => {
    const endpoint = RemoteRoutes.parse('*:*=http://AKID:se%2Fcret@10.0.0.5:4566', undefined).endpointFor({ account: '000000000000', region: 'us-east-1' });
    assert.deepEqual(endpoint, { url: 'http://10.0.0.5:4566', label: 'http://10.0.0.5:4566', credentials: { accessKeyId: 'AKID', secretAccessKey: 'se/cret' } });
  });

  test('bad entries are refused with a message naming them', () => {
    assert.throws(() => RemoteRoutes.parse('123:us-east-1=aws', undefined), /Invalid --remote-lambda entry '123:us-east-1=aws'/);
    assert.throws(() => RemoteRoutes.parse('*:nowhere=aws', undefined), /Invalid --remote-lambda entry/);
    assert.throws(() => RemoteRoutes.parse('*:*=ftp://x', undefined), /expected an http\(s\) URL or 'aws'/);
    assert.throws(() => RemoteRoutes.parse('*:*=not a url', undefined), /expected an http\(s\) URL or 'aws'/);
    assert.throws(() => RemoteRoutes.parse('*:us-east-1=aws,*:us-east-1=http://x:1', undefined), /names \*:us-east-1 twice/);
    assert.throws(() => RemoteRoutes.parse(undefined, 'localhost:4566'), /Invalid --lambda-endpoint endpoint/);
  });
});

describe('loadConfig: --lambda-endpoint and --remote-lambda', () => {
  const load = (argv: string[], env: NodeJS.ProcessEnv = {}) => loadConfig(argv, env) as Config;

  test('from flags, or from GATEHOUSE_LAMBDA_ENDPOINT and GATEHOUSE_REMOTE_LAMBDA', () => {
    const flags = load(['--lambda-endpoint', 'aws', '--remote-lambda', '111111111111:*=http://x:1']);
    assert.equal(flags.lambdaEndpoint, 'aws');
    assert.equal(flags.remoteLambda, '111111111111:*=http://x:1');
    const env = load([], { GATEHOUSE_LAMBDA_ENDPOINT: 'http://y:2', GATEHOUSE_REMOTE_LAMBDA: '*:eu-west-1=aws' });
    assert.equal(env.lambdaEndpoint, 'http://y:2');
    assert.equal(env.remoteLambda, '*:eu-west-1=aws');
  });

  test('a bad value stops the start', () => {
    assert.throws(() => load(['--remote-lambda', 'everything=aws']), /Invalid --remote-lambda entry 'everything=aws'/);
    assert.throws(() => load([], { GATEHOUSE_LAMBDA_ENDPOINT: 'nope' }), /Invalid --lambda-endpoint endpoint 'nope'/);
  });
});
