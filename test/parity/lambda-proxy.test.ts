/**
 * Parity of the Lambda proxy event (AWS_PROXY to Lambda) with the events recorded from AWS in
 * test_apigateway_lambda.snapshot.json (test_lambda_aws_proxy_integration,
 * test_lambda_aws_proxy_integration_non_post_method, ..._request_data_mapping), of the AWS (custom)
 * Lambda integration's answers (test_lambda_aws_integration, ..._with_request_template) and of what the client reads from the
 * function's answer (test_aws_proxy_response_payload_format_validation). Inputs are rebuilt from LocalStack's
 * tests/aws/services/apigateway/test_apigateway_lambda.py: a `{proxy+}` ANY method whose function
 * (lambda_aws_proxy.py) answers the event it got as its body, called with python-requests' headers.
 * LocalStack's transformers renamed the stage to "stage" and the proxy value to "proxy-value":
 * this test uses those names, so the recorded strings compare as they are.
 * Left out of the comparison (with the reason): the CloudFront headers and Via / X-Amz-Cf-Id
 * (Gatehouse has no CloudFront in front), requestTimeEpoch (recorded as a placeholder string, a
 * number on the wire), and multiValueHeaders' X-Forwarded-* (recorded as a bare placeholder string).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { strToU8, zipSync } from 'fflate';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import {
  CreateDeploymentCommand,
  CreateResourceCommand,
  PutGatewayResponseCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway';
import { createRestApi, useGatehouse } from '../helpers/gatehouse.js';
import { request } from 'node:http';
import { http } from '../helpers/http.js';
import { createInput, lambdaClient } from '../control/lambda/helpers.js';
import { Bindings, matchEntry, recorded, snapshotsAvailable } from './snapshot.js';

const skip = !snapshotsAvailable;
const FILE = 'test_apigateway_lambda.snapshot.json';

/** `<name:N>` binds one value per test; a bare `<Name>` matches anything. */
class ProxyBindings extends Bindings {
  override bind(placeholder: string, actual: unknown, path: string): void {
    if (/:\d+>$/.test(placeholder)) super.bind(placeholder, actual, path);
  }
}

const LAMBDA_AWS_PROXY = 'import json\n\n\ndef handler(event, context):\n    return {\n        "statusCode": 200,\n        "body": json.dumps(event),\n        "isBase64Encoded": False,\n    }\n';

const CLOUDFRONT = [
  'CloudFront-Forwarded-Proto',
  'CloudFront-Is-Desktop-Viewer',
  'CloudFront-Is-Mobile-Viewer',
  'CloudFront-Is-SmartTV-Viewer',
  'CloudFront-Is-Tablet-Viewer',
  'CloudFront-Viewer-ASN',
  'CloudFront-Viewer-Country',
  'Via',
  'X-Amz-Cf-Id',
];
const IGNORE = [
  ...CLOUDFRONT.flatMap((h) => [`$.headers.${h}`, `$.multiValueHeaders.${h}`]),
  ...['X-Forwarded-For', 'X-Forwarded-Port', 'X-Forwarded-Proto'].map((h) => `$.multiValueHeaders.${h}`),
  '$.requestContext.requestTimeEpoch',
];

const server = useGatehouse();
const lambda = lambdaClient(server);

async function proxyApi(name: string, integrationHttpMethod: string, extra?: (restApiId: string, rootId: string) => Promise<void>) {
  const c = server.client;
  const zip = zipSync({ 'lambda_aws_proxy.py': strToU8(LAMBDA_AWS_PROXY) });
  const fn = await lambda().send(new CreateFunctionCommand(createInput(name, { Handler: 'lambda_aws_proxy.handler', Code: { ZipFile: zip } })));
  const { restApiId, rootId } = await createRestApi(c, name);
  const uri = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fn.FunctionArn}/invocations`;
  const addMethod = async (resourceId: string) => {
    await c.send(new PutMethodCommand({ restApiId, resourceId, httpMethod: 'ANY', authorizationType: 'NONE' }));
    await c.send(new PutIntegrationCommand({ restApiId, resourceId, httpMethod: 'ANY', type: 'AWS_PROXY', integrationHttpMethod, uri }));
  };
  const proxy = await c.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: '{proxy+}' }));
  await addMethod(proxy.id!);
  const hardcoded = await c.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: 'hardcoded' }));
  await addMethod(hardcoded.id!);
  await extra?.(restApiId, rootId);
  await c.send(new CreateDeploymentCommand({ restApiId, stageName: 'stage' }));
  // Host without a port, as AWS's domainName and Host are; the connection still goes to Gatehouse.
  const host = `${restApiId}.execute-api.localhost.localstack.cloud`;
  return {
    call: (path: string, headers: Record<string, string>, method = 'GET', body?: string) =>
      path.startsWith('//')
        ? rawGet(path, { Host: host, 'Accept-Encoding': 'gzip, deflate', Accept: '*/*', ...headers })
        : http(server.g.url, { method, path, headers: { Host: host, 'Accept-Encoding': 'gzip, deflate', Accept: '*/*', ...headers }, body }),
  };
}

/** A GET whose path starts with '//' (test/helpers/http.ts reads that as a host, as URL does). */
function rawGet(path: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  const url = new URL(server.g.url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname: url.hostname, port: url.port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const parsedBody = (text: string): Record<string, unknown> => {
  const event = JSON.parse(text) as Record<string, unknown>;
  // LocalStack's snapshot parsed a JSON body; the event carries it as a string.
  if (typeof event.body === 'string') {
    try {
      event.body = JSON.parse(event.body);
    } catch {
      // a text body stays text
    }
  }
  return event;
};

describe('parity: the Lambda proxy event (test_apigateway_lambda)', { skip }, () => {
  test('test_lambda_aws_proxy_integration', async () => {
    const content = recorded(FILE, 'test_lambda_aws_proxy_integration');
    const b = new ProxyBindings();
    const api = await proxyApi('proxy-event', 'POST');
    const headers = { 'User-Agent': 'python-requests/testing', 'tEsT-HEADeR': 'aValUE', authorization: 'random-value' };
    const calls: [string, string][] = [
      ['invocation-payload-without-trailing-slash', '/stage/proxy-value'],
      ['invocation-payload-with-trailing-slash', '/stage/proxy-value/'],
      ['invocation-payload-with-double-slash', '/stage/proxy-value//double-slash'],
      ['invocation-payload-with-prepended-slash-to-stage', '//stage/proxy-value'],
      ['invocation-payload-with-prepended-slash', '/stage//proxy-value'],
      ['invocation-payload-without-trailing-slash-and-query-params', '/stage/proxy-value?urlparam=test'],
      ['invocation-payload-with-trailing-slash-and-query-params', '/stage/proxy-value/?urlparam=test'],
      ['invocation-payload-with-path-encoded-email', '/stage/proxy-value/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com'],
      [
        'invocation-payload-with-params-encoding',
        '/stage/proxy-value/api?dateTimeOffset=2023-06-12T18:05:10.123456+00:00&email=test%2Balias@gmail.com&plus=test+alias@gmail.com&url=https://www.google.com/&whitespace=foo%20bar&zhash=abort/',
      ],
      ['invocation-hardcoded', '/stage//hardcoded'],
    ];
    const failures: string[] = [];
    for (const [entry, path] of calls) {
      if (!(entry in content)) continue;
      const res = await api.call(path, headers);
      try {
        assert.equal(res.status, 200, `${entry}: ${res.text}`);
        matchEntry(content, entry, parsedBody(res.text), b, { ignore: IGNORE });
      } catch (err) {
        failures.push(`${entry}: ${(err as Error).message.split('\n')[0]}`);
      }
    }
    const multi = await api.call(
      '/stage/proxy-value?category=electronics&category=books&price=10&price=20&price=30',
      { 'Content-Type': 'application/json;charset=utf-8', aUThorization: 'Bearer token123;API key456', 'User-Agent': 'python-requests/testing' },
      'POST',
      JSON.stringify({ message: 'hello world' }),
    );
    try {
      matchEntry(content, 'invocation-payload-with-params-encoding-multi', parsedBody(multi.text), b, { ignore: IGNORE });
    } catch (err) {
      failures.push(`invocation-payload-with-params-encoding-multi: ${(err as Error).message.split('\n')[0]}`);
    }
    assert.deepEqual(failures, []);
  });

  test('test_lambda_aws_proxy_integration_non_post_method', async () => {
    const content = recorded(FILE, 'test_lambda_aws_proxy_integration_non_post_method');
    const api = await proxyApi('proxy-get', 'GET', (restApiId) =>
      server.client.send(new PutGatewayResponseCommand({ restApiId, responseType: 'INTEGRATION_FAILURE', responseParameters: {} })).then(() => undefined),
    );
    const res = await api.call('/stage/test-path', { 'User-Agent': 'python-requests/testing' });
    assert.equal(res.status, 500);
    matchEntry(content, 'invocation-payload-with-get-proxy-method', JSON.parse(res.text), new ProxyBindings());
  });

  test('test_aws_proxy_response_payload_format_validation', async () => {
    const content = recorded(FILE, 'test_aws_proxy_response_payload_format_validation');
    // LAMBDA_RESPONSE_FROM_BODY: the function answers the JSON the client posted.
    const source = 'import json\nimport base64\ndef handler(event, context, *args):\n    body = event["body"]\n    if event.get("isBase64Encoded"):\n        body = base64.b64decode(body)\n    return json.loads(body)\n';
    const zip = zipSync({ 'handler.py': strToU8(source) });
    const fn = await lambda().send(new CreateFunctionCommand(createInput('response-format', { Handler: 'handler.handler', Code: { ZipFile: zip } })));
    const c = server.client;
    const { restApiId, rootId } = await createRestApi(c, 'response-format');
    const proxy = await c.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: '{proxy+}' }));
    await c.send(new PutMethodCommand({ restApiId, resourceId: proxy.id!, httpMethod: 'ANY', authorizationType: 'NONE' }));
    const uri = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fn.FunctionArn}/invocations`;
    await c.send(new PutIntegrationCommand({ restApiId, resourceId: proxy.id!, httpMethod: 'ANY', type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri }));
    await c.send(new CreateDeploymentCommand({ restApiId, stageName: 'test' }));
    const b64 = Buffer.from('test-data').toString('base64');
    // [entry, JSON posted (undefined: no body, as python-requests sends for a falsy json=), status, headers compared]
    const cases: [string, unknown, number, boolean][] = [
      ['invoke-api-no-body', { statusCode: 200 }, 200, false],
      ['invoke-api-with-headers', { statusCode: 200, headers: { 'test-header': 'value', 'header-bool': true } }, 200, true],
      ['invoke-api-with-headers-null', { statusCode: 200, headers: null }, 200, true],
      ['invoke-api-wrong-format', { statusCode: 200, wrongValue: 'value' }, 502, false],
      ['invoke-api-empty-response', undefined, 502, false],
      ['invoke-api-b64-encoded-true', { statusCode: 200, body: b64, isBase64Encoded: true }, 200, false],
      ['invoke-api-b64-encoded-false', { statusCode: 200, body: b64 }, 200, false],
      ['invoke-api-multi-headers-valid', { statusCode: 200, multiValueHeaders: { 'test-multi': ['value1', 'value2'] } }, 200, true],
      ['invoke-api-multi-headers-overwrite', { statusCode: 200, multiValueHeaders: { 'test-multi': ['value-multi'] }, headers: { 'test-multi': 'value-solo' } }, 200, true],
      ['invoke-api-multi-headers-overwrite-casing', { statusCode: 200, multiValueHeaders: { 'tesT-Multi': ['value-multi'] }, headers: { 'test-multi': 'value-solo' } }, 200, true],
      ['invoke-api-multi-headers-invalid', { statusCode: 200, multiValueHeaders: { 'test-multi-invalid': 'value1' } }, 502, false],
      ['invoke-api-invalid-status-code', { statusCode: 'test' }, 502, false],
      ['invoke-api-status-code-str', { statusCode: '201' }, 201, false],
      ['invoke-api-just-string', 'justAString', 502, false],
      ['invoke-api-only-headers', { headers: { 'test-header': 'value' } }, 200, false],
    ];
    // Headers of AWS's CloudFront front end (and the date) are not Gatehouse's to send.
    const FRONT = ['Via', 'X-Amz-Cf-Id', 'X-Amz-Cf-Pop', 'X-Cache'];
    const failures: string[] = [];
    for (const [entry, posted, status, withHeaders] of cases) {
      const b = new ProxyBindings();
      const body = posted === undefined ? undefined : JSON.stringify(posted);
      const res = await http(server.g.url, {
        method: 'POST',
        path: `/_aws/execute-api/${restApiId}/test/test`,
        headers: { 'User-Agent': 'python/test', ...(body ? { 'Content-Type': 'application/json' } : {}) },
        body,
      });
      let got: unknown;
      try {
        got = JSON.parse(res.text);
      } catch {
        got = res.text;
      }
      const actual: Record<string, unknown> = { content: got };
      if (withHeaders) {
        const headers: Record<string, string> = {};
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          const name = res.rawHeaders[i];
          headers[name] = name in headers ? `${headers[name]}, ${res.rawHeaders[i + 1]}` : res.rawHeaders[i + 1];
        }
        // Node answers with Keep-Alive beside Connection; CloudFront does not.
        delete headers['Keep-Alive'];
        actual.headers = headers;
      }
      try {
        assert.equal(res.status, status, `status ${res.status}: ${res.text}`);
        matchEntry(content, entry, actual, b, { ignore: FRONT.map((h) => `$.headers.${h}`) });
      } catch (err) {
        failures.push(`${entry}: ${(err as Error).message.split('\n')[0]}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  test('test_lambda_aws_proxy_integration_request_data_mapping', async () => {
    // AWS_PROXY ignores the integration's requestParameters: the event is the request as sent.
    const content = recorded(FILE, 'test_lambda_aws_proxy_integration_request_data_mapping');
    const zip = zipSync({ 'lambda_aws_proxy.py': strToU8(LAMBDA_AWS_PROXY) });
    const fn = await lambda().send(new CreateFunctionCommand(createInput('data-mapping', { Handler: 'lambda_aws_proxy.handler', Code: { ZipFile: zip } })));
    const c = server.client;
    const { restApiId, rootId } = await createRestApi(c, 'data-mapping');
    const b = new ProxyBindings();
    matchEntry(content, 'api_id', { rest_api_id: restApiId }, b);
    const resource = await c.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: '{pathVariable}' }));
    const requestParameters = {
      'integration.request.header.headerVar': 'method.request.header.foobar',
      'integration.request.path.qsVar': 'method.request.querystring.testVar',
      'integration.request.path.pathVar': 'method.request.path.pathVariable',
      'integration.request.querystring.queryString': 'method.request.querystring.testQueryString',
      'integration.request.querystring.testQs': 'method.request.querystring.testQueryString',
      'integration.request.querystring.testEmptyQs': 'method.request.header.emptyheader',
    };
    await c.send(new PutMethodCommand({
      restApiId, resourceId: resource.id!, httpMethod: 'ANY', authorizationType: 'NONE',
      requestParameters: Object.fromEntries(Object.values(requestParameters).map((v) => [v, true])),
    }));
    const uri = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fn.FunctionArn}/invocations`;
    await c.send(new PutIntegrationCommand({ restApiId, resourceId: resource.id!, httpMethod: 'ANY', type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri, requestParameters }));
    await c.send(new CreateDeploymentCommand({ restApiId, stageName: 'test' }));
    const res = await http(server.g.url, {
      method: 'POST',
      path: '/test/foobar?testQueryString=foo&testVar=bar',
      headers: {
        Host: `${restApiId}.execute-api.localhost.localstack.cloud`,
        'Accept-Encoding': 'gzip, deflate',
        'Content-Type': 'application/json',
        Accept: 'application/json',
        foobar: 'mapped-value',
        'user-Agent': 'test/integration',
        headerVar: 'request-value',
      },
      body: JSON.stringify({ message: 'hello world' }),
    });
    const ignore = IGNORE.map((p) => p.replace('$.', '$.content.'));
    matchEntry(content, 'http-proxy-invocation-data-mapping', { content: parsedBody(res.text), status_code: res.status }, b, { ignore });
  });

  // AWS (custom) integrations with Lambda: lambda_echo.py answers the event it got.
  const ECHO_PY = 'def handler(event, context):\n    return event\n';

  async function customApi(name: string, httpMethod: string, requestTemplates?: Record<string, string>) {
    const zip = zipSync({ 'lambda_echo.py': strToU8(ECHO_PY) });
    const fn = await lambda().send(new CreateFunctionCommand(createInput(name, { Handler: 'lambda_echo.handler', Code: { ZipFile: zip } })));
    const c = server.client;
    const { restApiId, rootId } = await createRestApi(c, name);
    const resource = await c.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: 'test' }));
    const at = { restApiId, resourceId: resource.id!, httpMethod };
    await c.send(new PutMethodCommand({ ...at, authorizationType: 'NONE' }));
    const uri = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fn.FunctionArn}/invocations`;
    await c.send(new PutIntegrationCommand({ ...at, type: 'AWS', integrationHttpMethod: 'POST', uri, requestTemplates }));
    await c.send(new PutMethodResponseCommand({ ...at, statusCode: '200' }));
    await c.send(new PutIntegrationResponseCommand({ ...at, statusCode: '200', selectionPattern: requestTemplates ? '' : undefined }));
    await c.send(new CreateDeploymentCommand({ restApiId, stageName: 'api' }));
    return (path: string, method: string, body?: string) => http(server.g.url, { method, path: `/_aws/execute-api/${restApiId}/api${path}`, body });
  }

  test('test_lambda_aws_integration', async () => {
    const content = recorded(FILE, 'test_lambda_aws_integration');
    const call = await customApi('custom-echo', 'POST');
    const res = await call('/test', 'POST', JSON.stringify({ message: 'hello world' }));
    assert.equal(res.status, 200, res.text);
    matchEntry(content, 'lambda-aws-integration', res.json(), new ProxyBindings());
  });

  test('test_lambda_aws_integration_with_request_template', async () => {
    const content = recorded(FILE, 'test_lambda_aws_integration_with_request_template');
    const call = await customApi('custom-template', 'GET', { 'application/json': '{"param1": "$input.params(\'param1\')"}' });
    const first = await call('/test?param1=foobar', 'GET');
    assert.equal(first.status, 200, first.text);
    matchEntry(content, 'lambda-aws-integration-1', first.json(), new ProxyBindings());
    const second = await call('/test?param1=foobar&Signature=1', 'GET');
    assert.equal(second.status, 200, second.text);
    matchEntry(content, 'lambda-aws-integration-2', second.json(), new ProxyBindings());
  });
});
