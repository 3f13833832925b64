/**
 * The rest-json operation router: each modelled requestUri (static segments, {label},
 * {label+}, literal query parameters) finds its operation, and nothing else does.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel, SERVICE_NAMES, type ServiceModel } from '../../src/aws/model.js';
import { OperationRouter } from '../../src/aws/rest-json/router.js';

const apigateway = new OperationRouter(loadModel('apigateway'));
const lambda = new OperationRouter(loadModel('lambda'));

const segments = (path: string) => path.split('/').filter((s) => s !== '');
const route = (router: OperationRouter, method: string, target: string) => {
  const url = new URL(target, 'http://gatehouse');
  const m = router.match(method, segments(url.pathname), url.searchParams);
  return m && { operation: m.operation.name, labels: m.labels };
};

/** A requestUri with each label filled in: `{restapi_id}` -> 'v-restapi_id', `{x+}` -> two segments. */
export function fillUri(requestUri: string): { target: string; labels: Record<string, string> } {
  const labels: Record<string, string> = {};
  const target = requestUri.replace(/\{([^}]+?)(\+)?\}/g, (_, name: string, greedy?: string) => {
    labels[name] = greedy ? `v-${name}/deeper` : `v-${name}`;
    return greedy ? `v-${name}/deeper` : `v-${name}`;
  });
  return { target, labels };
}

describe('OperationRouter', () => {
  for (const service of SERVICE_NAMES) {
    test(`every ${service} operation's own requestUri routes to that operation, labels decoded`, () => {
      const model: ServiceModel = loadModel(service);
      const router = new OperationRouter(model);
      const wrong: string[] = [];
      for (const op of Object.values(model.operations)) {
        const { target, labels } = fillUri(op.http.requestUri);
        const got = route(router, op.http.method, target);
        if (got?.operation !== op.name) wrong.push(`${op.name} ${op.http.method} ${target} -> ${got?.operation}`);
        else assert.deepEqual(got.labels, labels, op.name);
      }
      assert.deepEqual(wrong, []);
    });
  }

  test('POST /restapis?mode=import is ImportRestApi; POST /restapis is CreateRestApi', () => {
    assert.equal(route(apigateway, 'POST', '/restapis?mode=import')?.operation, 'ImportRestApi');
    assert.equal(route(apigateway, 'POST', '/restapis?mode=import&failonwarnings=true')?.operation, 'ImportRestApi');
    assert.equal(route(apigateway, 'POST', '/restapis')?.operation, 'CreateRestApi');
    assert.equal(route(apigateway, 'POST', '/restapis?mode=merge')?.operation, 'CreateRestApi');
    assert.equal(route(apigateway, 'POST', '/apikeys?mode=import&format=csv')?.operation, 'ImportApiKeys');
    assert.equal(route(apigateway, 'POST', '/apikeys')?.operation, 'CreateApiKey');
  });

  test('a literal query parameter that only needs to be present routes with any value', () => {
    assert.equal(route(lambda, 'GET', '/2018-10-31/layers?find=LayerVersion&Arn=x')?.operation, 'GetLayerVersionByArn');
    assert.equal(route(lambda, 'GET', '/2018-10-31/layers')?.operation, 'ListLayers');
    assert.equal(route(lambda, 'GET', '/2019-09-30/functions/f/provisioned-concurrency?List=ALL')?.operation, 'ListProvisionedConcurrencyConfigs');
    assert.equal(route(lambda, 'GET', '/2019-09-30/functions/f/provisioned-concurrency?Qualifier=1')?.operation, 'GetProvisionedConcurrencyConfig');
  });

  test('labels are URL-decoded, so %2F inside a label stays one segment', () => {
    assert.deepEqual(route(apigateway, 'GET', '/restapis/abc/resources/r%2F1'), {
      operation: 'GetResource',
      labels: { restapi_id: 'abc', resource_id: 'r/1' },
    });
    assert.deepEqual(route(apigateway, 'GET', '/restapis/a%20b'), { operation: 'GetRestApi', labels: { restapi_id: 'a b' } });
    assert.deepEqual(route(lambda, 'GET', '/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Af'), {
      operation: 'GetFunction',
      labels: { FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:f' },
    });
  });

  test('a path no operation has, or a known path under another method, matches nothing', () => {
    assert.equal(route(apigateway, 'GET', '/nothing-here'), undefined);
    assert.equal(route(apigateway, 'GET', '/restapis/abc/unknown'), undefined);
    assert.equal(route(apigateway, 'PURGE', '/restapis'), undefined);
    assert.equal(route(apigateway, 'POST', '/restapis/abc'), undefined);
    assert.equal(apigateway.hasPath(segments('/restapis/abc')), true);
    assert.equal(apigateway.hasPath(segments('/nothing-here')), false);
  });

  test('an empty label or a malformed %-escape matches nothing', () => {
    assert.equal(apigateway.match('GET', ['restapis', ''], new URLSearchParams()), undefined);
    assert.equal(route(apigateway, 'GET', '/restapis/%E0%A4%A'), undefined);
    assert.equal(route(apigateway, 'GET', '/restapis/%ZZ'), undefined);
  });
});

/** No vendored model has a greedy label today; this one-operation model exercises them. */
describe('OperationRouter greedy labels', () => {
  const model = {
    metadata: { protocol: 'rest-json', endpointPrefix: 'test', apiVersion: '1' },
    operations: {
      GetObject: { name: 'GetObject', http: { method: 'GET', requestUri: '/{Bucket}/{Key+}' } },
      GetBucket: { name: 'GetBucket', http: { method: 'GET', requestUri: '/{Bucket}' } },
    },
    shapes: {},
  } as unknown as ServiceModel;
  const router = new OperationRouter(model);

  test('a greedy label takes the rest of the path, each segment decoded', () => {
    assert.deepEqual(route(router, 'GET', '/b/a%2Fb/c%20d'), { operation: 'GetObject', labels: { Bucket: 'b', Key: 'a/b/c d' } });
    assert.deepEqual(route(router, 'GET', '/b'), { operation: 'GetBucket', labels: { Bucket: 'b' } });
  });

  test('a malformed %-escape inside a greedy label matches nothing', () => {
    assert.equal(route(router, 'GET', '/b/ok/%ZZ/tail'), undefined);
  });
});
