/**
 * rest-json parsing, validation and serialisation, driven by the vendored models: every member
 * read from where the model binds it, typed as its shape says; bad input refused with AWS's
 * error (and AWS's recorded wording where there is one); only modelled members on the wire.
 * https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../src/aws/errors.js';
import { loadModel, type ServiceName } from '../../src/aws/model.js';
import { parseInput } from '../../src/aws/rest-json/parse.js';
import { serializeOutput } from '../../src/aws/rest-json/serialize.js';
import { validateInput } from '../../src/aws/rest-json/validate.js';

const parse = (
  service: ServiceName,
  operation: string,
  req: { labels?: Record<string, string>; query?: string; headers?: Record<string, string>; body?: string | Buffer },
) => {
  const model = loadModel(service);
  return parseInput(model, model.operations[operation].input?.shape, {
    labels: req.labels ?? {},
    query: new URLSearchParams(req.query ?? ''),
    headers: req.headers ?? {},
    body: Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body ?? ''),
  });
};

const validate = (service: ServiceName, operation: string, input: Record<string, unknown>) => {
  const model = loadModel(service);
  validateInput(service, model, operation, model.shapes[model.operations[operation].input!.shape], input);
};

const awsError = (code: string, status: number, message: string | RegExp) => (err: unknown) => {
  assert.ok(err instanceof AwsError, String(err));
  assert.equal(err.code, code);
  assert.equal(err.status, status);
  if (typeof message === 'string') assert.equal(err.message, message);
  else assert.match(err.message, message);
  return true;
};

describe('parseInput', () => {
  test('reads body members with their types and ignores keys the model does not name', () => {
    const input = parse('apigateway', 'CreateRestApi', {
      body: JSON.stringify({
        name: 'pets',
        minimumCompressionSize: 1024,
        disableExecuteApiEndpoint: true,
        binaryMediaTypes: ['image/png', null],
        endpointConfiguration: { types: ['REGIONAL'], unknownInner: 1 },
        tags: { team: 'a' },
        description: null,
        notInTheModel: 'dropped',
      }),
    });
    assert.deepEqual(input, {
      name: 'pets',
      minimumCompressionSize: 1024,
      disableExecuteApiEndpoint: true,
      binaryMediaTypes: ['image/png'],
      endpointConfiguration: { types: ['REGIONAL'] },
      tags: { team: 'a' },
    });
  });

  test('an empty body is no members, not an error', () => {
    assert.deepEqual(parse('apigateway', 'CreateRestApi', { body: '' }), {});
  });

  const wrongTypes: [string, unknown, string][] = [
    ['an object for a string', { name: { first: 'x' } }, "Expected a string for 'name'."],
    ['a string for a list', { name: 'x', binaryMediaTypes: 'image/png' }, "Expected a list for 'binaryMediaTypes'."],
    ['a fraction for an integer', { name: 'x', minimumCompressionSize: 1.5 }, "Expected an integer for 'minimumCompressionSize'."],
    ['a string for a boolean', { name: 'x', disableExecuteApiEndpoint: 'yes' }, "Expected a boolean for 'disableExecuteApiEndpoint'."],
    ['a list for a structure', { name: 'x', endpointConfiguration: [] }, "Expected an object for 'endpointConfiguration'."],
    ['a list inside a nested list', { name: 'x', endpointConfiguration: { types: [['EDGE']] } }, "Expected a string for 'endpointConfiguration.types.1'."],
    ['a string for a map', { name: 'x', tags: 'a=b' }, "Expected a map for 'tags'."],
    ['an object as a map value', { name: 'x', tags: { a: {} } }, "Expected a string for 'tags.a'."],
  ];
  for (const [what, body, message] of wrongTypes) {
    test(`${what} is a SerializationException naming the member`, () => {
      assert.throws(() => parse('apigateway', 'CreateRestApi', { body: JSON.stringify(body) }), awsError('SerializationException', 400, message));
    });
  }

  test("API Gateway v1 words a JSON boolean or number where a string belongs as AWS does (recorded)", () => {
    const put = (requestParameters: unknown) => () =>
      parse('apigateway', 'PutIntegration', { labels: { restapi_id: 'a', resource_id: 'r', http_method: 'GET' }, body: JSON.stringify({ type: 'MOCK', requestParameters }) });
    assert.throws(put({ 'integration.request.path.p': true }), awsError('SerializationException', 400, 'class java.lang.Boolean can not be converted to an String'));
    assert.throws(put({ 'integration.request.path.p': 123 }), awsError('SerializationException', 400, 'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String'));
  });

  test('other services keep the plain wording', () => {
    assert.throws(() => parse('apigatewayv2', 'CreateApi', { body: '{"name":true,"protocolType":"HTTP"}' }), awsError('SerializationException', 400, "Expected a string for 'Name'."));
  });

  test('a null map value is kept as null (AWS answers it back)', () => {
    const input = parse('apigateway', 'PutIntegrationResponse', {
      labels: { restapi_id: 'a', resource_id: 'r', http_method: 'GET', status_code: '200' },
      body: '{"responseTemplates":{"application/json":null,"text/plain":"x"}}',
    });
    assert.deepEqual(input.responseTemplates, { 'application/json': null, 'text/plain': 'x' });
  });

  test('a number too large for a double is not an integer', () => {
    assert.throws(() => parse('apigateway', 'CreateRestApi', { body: '{"name":"x","minimumCompressionSize":1e400}' }), awsError('SerializationException', 400, /integer/));
  });

  test('a body that is not JSON, or not a JSON object, is a SerializationException', () => {
    assert.throws(() => parse('apigateway', 'CreateRestApi', { body: '{"name":' }), awsError('SerializationException', 400, 'The request body is not valid JSON.'));
    assert.throws(() => parse('apigateway', 'CreateRestApi', { body: '["name"]' }), awsError('SerializationException', 400, 'The request body must be a JSON object.'));
    assert.throws(() => parse('apigateway', 'CreateRestApi', { body: '[[[[[[[[[[[[' }), awsError('SerializationException', 400, 'The request body is not valid JSON.'));
  });

  test('query members are typed: integers, and lists from repeated parameters', () => {
    assert.deepEqual(parse('apigateway', 'GetResources', { labels: { restapi_id: 'a1' }, query: 'limit=5&embed=methods&embed=x&position=p' }), {
      restApiId: 'a1',
      limit: 5,
      embed: ['methods', 'x'],
      position: 'p',
    });
  });

  test('a query integer that is not one is a BadRequestException naming it', () => {
    for (const bad of ['abc', '1.5', '', '0x10']) {
      assert.throws(() => parse('apigateway', 'GetRestApis', { query: `limit=${encodeURIComponent(bad)}` }), awsError('BadRequestException', 400, `Invalid value '${bad}' for limit: expected an integer.`));
    }
  });

  test('a query map takes every parameter no other member claims, headers by their name', () => {
    assert.deepEqual(
      parse('apigateway', 'GetExport', {
        labels: { restapi_id: 'a1', stage_name: 'prod', export_type: 'oas30' },
        query: 'extensions=integrations&__proto__=kept',
        headers: { accept: 'application/yaml' },
      }),
      { restApiId: 'a1', stageName: 'prod', exportType: 'oas30', parameters: { extensions: 'integrations', ['__proto__']: 'kept' }, accepts: 'application/yaml' },
    );
  });

  test('a map key named __proto__ is an ordinary key, not lost', () => {
    const input = parse('apigateway', 'CreateRestApi', { body: '{"name":"x","tags":{"__proto__":"p","constructor":"c"}}' });
    const tags = input.tags as Record<string, string>;
    assert.deepEqual(Object.keys(tags), ['__proto__', 'constructor']);
    assert.equal(Object.getPrototypeOf(tags), Object.prototype);
  });

  test('a blob payload is the raw body bytes; headers and query bind their members', () => {
    const body = Buffer.from([0, 1, 2, 255]);
    assert.deepEqual(
      parse('lambda', 'Invoke', { labels: { FunctionName: 'f' }, query: 'Qualifier=live', headers: { 'x-amz-invocation-type': 'Event', 'x-amz-log-type': 'Tail' }, body }),
      { FunctionName: 'f', Qualifier: 'live', InvocationType: 'Event', LogType: 'Tail', Payload: body },
    );
  });

  test('a numeric URI label is typed, and refused when it is not a number', () => {
    assert.deepEqual(parse('lambda', 'GetLayerVersion', { labels: { LayerName: 'l', VersionNumber: '3' } }), { LayerName: 'l', VersionNumber: 3 });
    assert.throws(() => parse('lambda', 'GetLayerVersion', { labels: { LayerName: 'l', VersionNumber: 'three' } }), awsError('BadRequestException', 400, /VersionNumber/));
  });
});

describe('validateInput', () => {
  test('a missing required member is named with the operation input prefix', () => {
    assert.throws(
      () => validate('apigateway', 'CreateRestApi', {}),
      awsError('ValidationException', 400, "1 validation error detected: Value null at 'createRestApiInput.name' failed to satisfy constraint: Member must not be null"),
    );
  });

  test('an unknown patch op is refused with the enum in AWS\'s own order (as recorded)', () => {
    assert.throws(
      () => validate('apigateway', 'UpdateRestApi', { restApiId: 'a1', patchOperations: [{ op: 'replace', path: '/name' }, { op: 'wrong', path: '/name' }] }),
      awsError(
        'ValidationException',
        400,
        "1 validation error detected: Value 'wrong' at 'updateRestApiInput.patchOperations.2.member.op' failed to satisfy constraint: Member must satisfy enum value set: [add, remove, move, test, replace, copy]",
      ),
    );
  });

  test('several violations are counted and listed together', () => {
    assert.throws(
      () => validate('apigateway', 'CreateRestApi', { apiKeySource: 'NOPE' }),
      awsError('ValidationException', 400, /^2 validation errors detected: Value null at 'createRestApiInput.name' .*; Value 'NOPE' at 'createRestApiInput.apiKeySource' failed to satisfy constraint: Member must satisfy enum value set: \[HEADER, AUTHORIZER\]$/),
    );
  });

  test('a URI-bound member that breaks its pattern is named without the input prefix', () => {
    assert.throws(
      () => validate('apigateway', 'PutMethodResponse', { restApiId: 'a', resourceId: 'r', httpMethod: 'GET', statusCode: '600' }),
      awsError('ValidationException', 400, "1 validation error detected: Value '600' at 'statusCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [1-5]\\d\\d"),
    );
  });

  test('body members are reported before URI-bound ones, as AWS orders them (recorded)', () => {
    assert.throws(
      () => validate('apigateway', 'UpdateMethodResponse', { restApiId: 'a', resourceId: 'r', httpMethod: 'GET', statusCode: 'wrong', patchOperations: [{ op: 'wrong_op', path: '/x' }] }),
      awsError(
        'ValidationException',
        400,
        "2 validation errors detected: Value 'wrong_op' at 'updateMethodResponseInput.patchOperations.1.member.op' failed to satisfy constraint: Member must satisfy enum value set: [add, remove, move, test, replace, copy]; Value 'wrong' at 'statusCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [1-5]\\d\\d",
      ),
    );
  });

  test('an unknown integration type lists the types in AWS\'s order (recorded)', () => {
    assert.throws(
      () => validate('apigateway', 'PutIntegration', { restApiId: 'a', resourceId: 'r', httpMethod: 'GET', type: 'HTTPS_PROXY' }),
      awsError('ValidationException', 400, "1 validation error detected: Value 'HTTPS_PROXY' at 'putIntegrationInput.type' failed to satisfy constraint: Member must satisfy enum value set: [HTTP, MOCK, AWS_PROXY, HTTP_PROXY, AWS]"),
    );
  });

  test('a list of enum values is reported once, for the whole list (recorded)', () => {
    assert.throws(
      () => validate('apigateway', 'CreateRestApi', { name: 'x', endpointConfiguration: { ipAddressType: 'wrong', types: ['wrong'] } }),
      awsError(
        'ValidationException',
        400,
        "2 validation errors detected: Value '[wrong]' at 'createRestApiInput.endpointConfiguration.types' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [PRIVATE, EDGE, REGIONAL]]; Value 'wrong' at 'createRestApiInput.endpointConfiguration.ipAddressType' failed to satisfy constraint: Member must satisfy enum value set: [ipv4, dualstack]",
      ),
    );
  });

  test('valid input passes', () => {
    validate('apigateway', 'CreateRestApi', { name: 'x', apiKeySource: 'AUTHORIZER', endpointConfiguration: { types: ['REGIONAL'] } });
    validate('apigateway', 'PutMethodResponse', { restApiId: 'a', resourceId: 'r', httpMethod: 'GET', statusCode: '201' });
  });
});

describe('serializeOutput', () => {
  const model = (s: ServiceName) => loadModel(s);

  test('v1 timestamps are epoch seconds; keys the model does not declare never reach the wire', () => {
    const res = serializeOutput(model('apigateway'), 'RestApi', 201, {
      id: 'a1',
      name: 'pets',
      createdDate: '2024-05-01T12:00:00.750Z',
      tags: { ['__proto__']: 'p', team: 'a' },
      secretInternalField: 'no',
    });
    assert.equal(res.status, 201);
    assert.equal(res.headers['content-type'], 'application/json');
    const json = JSON.parse(String(res.body));
    assert.deepEqual(json, { id: 'a1', name: 'pets', createdDate: 1714564800, tags: JSON.parse('{"__proto__":"p","team":"a"}') });
    assert.deepEqual(Object.keys(json.tags), ['__proto__', 'team']);
  });

  test('v2 timestamps are ISO 8601, under the wire name the model gives', () => {
    const res = serializeOutput(model('apigatewayv2'), 'CreateApiResponse', 201, { ApiId: 'a1', CreatedDate: new Date('2024-05-01T12:00:00Z') });
    assert.deepEqual(JSON.parse(String(res.body)), { apiId: 'a1', createdDate: '2024-05-01T12:00:00.000Z' });
  });

  test('status-code and header members go to the status line and headers; a blob payload is the raw body', () => {
    const payload = Buffer.from('{"ok":true}');
    const res = serializeOutput(model('lambda'), 'InvocationResponse', 200, { StatusCode: 202, FunctionError: 'Unhandled', Payload: payload });
    assert.equal(res.status, 202);
    assert.equal(res.headers['x-amz-function-error'], 'Unhandled');
    assert.deepEqual(res.body, payload);
    assert.equal(res.headers['content-type'], undefined);
  });

  test('no output is an empty body with the operation\'s status code', () => {
    assert.deepEqual(serializeOutput(model('apigateway'), undefined, 202, undefined), { status: 202, headers: {}, body: undefined });
  });

  test('an output with nothing set is an empty JSON object', () => {
    assert.equal(serializeOutput(model('apigateway'), 'RestApi', 200, {}).body, '{}');
  });
});
