/**
 * ImportRestApi and PutRestApi through the real SDK client: every recorded input file imports,
 * the base path modes, warnings and failOnWarnings, merge against overwrite, the API-level
 * extensions, and refused imports that leave the account as it was.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateRestApiCommand,
  GetAuthorizersCommand,
  GetDocumentationPartsCommand,
  GetGatewayResponseCommand,
  GetIntegrationCommand,
  GetMethodCommand,
  GetModelCommand,
  GetModelsCommand,
  GetResourcesCommand,
  GetRequestValidatorsCommand,
  GetRestApiCommand,
  GetRestApisCommand,
  ImportRestApiCommand,
  PutRestApiCommand,
  type ImportRestApiCommandInput,
  type PutRestApiCommandInput,
} from '@aws-sdk/client-api-gateway';
import { parse as parseYaml } from 'yaml';
import { KIND } from '../../src/definitions/apigateway.js';
import { deleteRestApisAfterEach, useGatehouse, type Server } from '../helpers/gatehouse.js';
import { refusal } from '../helpers/refusal.js';
import { snapshotsAvailable } from '../parity/snapshot.js';
import { LAMBDA_INVOCATION_ARN, openApiInput, openApiInputFiles } from './openapi-inputs.js';

const server = useGatehouse({ inMemory: true });
deleteRestApisAfterEach(server);

const importApi = (definition: unknown, input: Omit<ImportRestApiCommandInput, 'body'> = {}) =>
  server.client.send(new ImportRestApiCommand({ body: Buffer.from(typeof definition === 'string' ? definition : JSON.stringify(definition)), ...input }));
const putApi = (restApiId: string, definition: unknown, input: Omit<PutRestApiCommandInput, 'body' | 'restApiId'> = {}) =>
  server.client.send(new PutRestApiCommand({ restApiId, body: Buffer.from(typeof definition === 'string' ? definition : JSON.stringify(definition)), ...input }));

/** Every apigateway document of the default account and region, for "nothing changed" checks. */
export async function accountState(s: Server): Promise<string> {
  return s.g.store.transaction({ account: '000000000000', region: 'us-east-1' }, async (tx) => {
    const out: Record<string, unknown> = {};
    for (const kind of Object.values(KIND)) out[kind] = await tx.list(kind);
    return JSON.stringify(out);
  });
}

async function paths(restApiId: string): Promise<Record<string, string[]>> {
  const r = await server.client.send(new GetResourcesCommand({ restApiId, limit: 500 }));
  return Object.fromEntries((r.items ?? []).map((i) => [i.path!, Object.keys(i.resourceMethods ?? {}).sort()]).sort());
}

const mock = (status = '200') => ({
  responses: { [status]: { description: 'ok' } },
  'x-amazon-apigateway-integration': { type: 'mock', requestTemplates: { 'application/json': '{"statusCode": 200}' }, responses: { default: { statusCode: status } } },
});

const oas3 = (pathsObject: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  openapi: '3.0.1',
  info: { title: 'imported', version: '1' },
  paths: pathsObject,
  ...extra,
});

describe('ImportRestApi: the recorded input files', { skip: !snapshotsAvailable }, () => {
  for (const file of snapshotsAvailable ? openApiInputFiles() : []) {
    test(`${file} imports without errors: a model per schema, a resource per path`, async () => {
      const text = openApiInput(file);
      const doc = parseYaml(text) as { paths?: Record<string, unknown>; definitions?: object; components?: { schemas?: object } };
      const api = await importApi(text);
      const models = await server.client.send(new GetModelsCommand({ restApiId: api.id, limit: 500 }));
      const names = (models.items ?? []).map((m) => m.name);
      for (const name of Object.keys(doc.definitions ?? doc.components?.schemas ?? {})) assert.ok(names.includes(name), `model ${name}`);
      const imported = await paths(api.id!);
      for (const path of Object.keys(doc.paths ?? {})) assert.ok(path.replace(/\/$/, '') === '' || path.replace(/\/$/, '') in imported, `resource ${path}`);
    });
  }
});

describe('ImportRestApi', () => {
  test('the API takes info.title, description and version; endpointConfigurationTypes sets the endpoint', async () => {
    const api = await importApi(oas3({ '/a': { get: mock() } }, { info: { title: 'named', description: 'from info', version: 3 } }), {
      parameters: { endpointConfigurationTypes: 'REGIONAL' },
    });
    assert.equal(api.name, 'named');
    assert.equal(api.description, 'from info');
    assert.equal(api.version, '3');
    assert.deepEqual(api.endpointConfiguration?.types, ['REGIONAL']);
    assert.deepEqual(await paths(api.id!), { '/': [], '/a': ['GET'] });
  });

  test('base path modes: ignore drops it, prepend keeps it, split drops its first segment', async () => {
    const swagger = { swagger: '2.0', info: { title: 'bp', version: '1' }, basePath: '/a/b/c', paths: { '/e': { get: mock() }, '/f': { get: mock() } } };
    const expected: Record<string, string[]> = {
      ignore: ['/', '/e', '/f'],
      prepend: ['/', '/a', '/a/b', '/a/b/c', '/a/b/c/e', '/a/b/c/f'],
      split: ['/', '/b', '/b/c', '/b/c/e', '/b/c/f'],
    };
    for (const [basepath, list] of Object.entries(expected)) {
      const api = await importApi(swagger, { parameters: { basepath } });
      assert.deepEqual(Object.keys(await paths(api.id!)).sort(), list, basepath);
    }
    const refused = await refusal(importApi(swagger, { parameters: { basepath: 'sideways' } }));
    assert.equal(refused.name, 'BadRequestException');
  });

  test('a value of the wrong type is a warning in the answer; with failOnWarnings the import is refused and nothing is created', async () => {
    const definition = oas3({
      '/w': {
        get: {
          ...mock(),
          'x-amazon-apigateway-integration': { type: 'mock', requestParameters: { 'integration.request.header.x': true }, responses: { default: { statusCode: '200' } } },
        },
      },
    });
    const api = await importApi(definition);
    assert.deepEqual(api.warnings, [
      "Invalid format for 'requestParameters'. Expected type string for property 'integration.request.header.x' of resource '/w' and method 'GET' but got 'true'",
    ]);
    const before = await accountState(server);
    const refused = await refusal(importApi(definition, { failOnWarnings: true }));
    assert.equal(refused.name, 'BadRequestException');
    assert.match(refused.message, /^Warnings found during import:\n\tInvalid format for 'requestParameters'/);
    assert.equal(await accountState(server), before);
  });

  test('errors are reported together, as AWS words them, and nothing is half-imported', async () => {
    const before = await accountState(server);
    const definition = oas3({
      '/one': { get: { ...mock(), 'x-amazon-apigateway-integration': { type: 'http', httpMethod: 'GET', uri: 'not a url' } } },
      '/two': { post: { ...mock(), 'x-amazon-apigateway-integration': { type: 'aws', httpMethod: 'POST', uri: 'arn:aws:apigateway:us-east-1:lambda:function' } } },
    });
    const refused = await refusal(importApi(definition));
    assert.equal(refused.name, 'BadRequestException');
    assert.equal(
      refused.message,
      "Errors found during import:\n\tUnable to put integration on 'GET' for resource at path '/one': Invalid HTTP endpoint specified for URI" +
        "\n\tUnable to put integration on 'POST' for resource at path '/two': AWS ARN for integration must contain path or action",
    );
    assert.equal(await accountState(server), before);
    assert.equal((await server.client.send(new GetRestApisCommand({}))).items?.length ?? 0, 0);
  });

  test('API-level extensions: key source, media types, compression, policy, endpoint configuration, gateway responses', async () => {
    const api = await importApi(
      oas3(
        { '/x': { 'x-amazon-apigateway-any-method': mock() } },
        {
          servers: [{ url: 'https://example.com', 'x-amazon-apigateway-endpoint-configuration': { disableExecuteApiEndpoint: true } }],
          'x-amazon-apigateway-api-key-source': 'AUTHORIZER',
          'x-amazon-apigateway-binary-media-types': ['image/png'],
          'x-amazon-apigateway-minimum-compression-size': 1024,
          'x-amazon-apigateway-policy': { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: ['execute-api:/*'] }] },
          'x-amazon-apigateway-gateway-responses': {
            MISSING_AUTHENTICATION_TOKEN: { statusCode: 404, responseParameters: { 'gatewayresponse.header.x-why': "'missing'" }, responseTemplates: { 'application/json': '{"m": "no"}' } },
          },
        },
      ),
    );
    const restApiId = api.id!;
    const got = await server.client.send(new GetRestApiCommand({ restApiId }));
    assert.equal(got.apiKeySource, 'AUTHORIZER');
    assert.deepEqual(got.binaryMediaTypes, ['image/png']);
    assert.equal(got.minimumCompressionSize, 1024);
    assert.equal(got.disableExecuteApiEndpoint, true);
    assert.ok(got.policy?.includes(`arn:aws:execute-api:us-east-1:000000000000:${restApiId}/*`));
    const response = await server.client.send(new GetGatewayResponseCommand({ restApiId, responseType: 'MISSING_AUTHENTICATION_TOKEN' }));
    assert.equal(response.statusCode, '404');
    assert.equal(response.defaultResponse, false);
    assert.deepEqual(response.responseParameters, { 'gatewayresponse.header.x-why': "'missing'" });
    assert.deepEqual(await paths(restApiId), { '/': [], '/x': ['ANY'] });
  });

  test('YAML that does not parse is "Invalid OpenAPI input." (not what the parser could recover)', async () => {
    for (const text of ['openapi: 3.0.1\ninfo: {title: t, version: "1"\npaths: {}\n', 'openapi: 3.0.1\ninfo: title: t\npaths: {}\n']) {
      const refused = await refusal(server.client.send(new ImportRestApiCommand({ body: new TextEncoder().encode(text) })));
      assert.equal(refused.name, 'BadRequestException');
      assert.equal(refused.message, 'Invalid OpenAPI input.');
    }
    assert.equal((await server.client.send(new GetRestApisCommand({}))).items?.length ?? 0, 0);
  });

  test('an invalid extension value refuses the import', async () => {
    for (const [key, value] of [
      ['x-amazon-apigateway-api-key-source', 'BODY'],
      ['x-amazon-apigateway-minimum-compression-size', -5],
      ['x-amazon-apigateway-binary-media-types', 'image/png'],
      ['x-amazon-apigateway-gateway-responses', { NOT_A_TYPE: { statusCode: '400' } }],
      ['x-amazon-apigateway-request-validators', { v: { validateRequestBody: 'yes' } }],
    ] as const) {
      const refused = await refusal(importApi(oas3({ '/a': { get: mock() } }, { [key]: value })));
      assert.equal(refused.name, 'BadRequestException', key);
      assert.match(refused.message, /^Errors found during import:\n\t/, key);
    }
    assert.equal((await server.client.send(new GetRestApisCommand({}))).items?.length ?? 0, 0);
  });

  test('security: awsSigv4 is AWS_IAM, an apiKey scheme requires the key, an authorizer scheme is CUSTOM; AWS variables resolve', async () => {
    const api = await importApi(
      oas3(
        {
          '/iam': { get: { ...mock(), security: [{ sigv4: [] }] } },
          '/key': { get: { ...mock(), security: [{ key: [] }] } },
          '/custom': { get: { ...mock(), security: [{ lambda: [] }] } },
          '/open': { get: { ...mock(), security: [] } },
        },
        {
          security: [{ key: [] }],
          components: {
            securitySchemes: {
              sigv4: { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' },
              key: { type: 'apiKey', name: 'x-api-key', in: 'header' },
              lambda: {
                type: 'apiKey',
                name: 'Auth',
                in: 'header',
                'x-amazon-apigateway-authorizer': {
                  type: 'token',
                  authorizerUri: 'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:f/invocations',
                },
              },
            },
          },
        },
      ),
    );
    const restApiId = api.id!;
    const resources = (await server.client.send(new GetResourcesCommand({ restApiId }))).items ?? [];
    const method = async (path: string) => server.client.send(new GetMethodCommand({ restApiId, resourceId: resources.find((r) => r.path === path)!.id!, httpMethod: 'GET' }));
    assert.equal((await method('/iam')).authorizationType, 'AWS_IAM');
    assert.equal((await method('/key')).apiKeyRequired, true);
    const custom = await method('/custom');
    assert.equal(custom.authorizationType, 'CUSTOM');
    assert.equal((await method('/open')).apiKeyRequired, false);
    const authorizers = await server.client.send(new GetAuthorizersCommand({ restApiId }));
    assert.equal(authorizers.items?.[0].id, custom.authorizerId);
    assert.equal(authorizers.items?.[0].identitySource, 'method.request.header.Auth');
    assert.equal(authorizers.items?.[0].authorizerUri, 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:f/invocations');
  });

  test('request bodies and responses name models; an inline schema gets a model of its own', async () => {
    const api = await importApi(
      oas3(
        {
          '/pets': {
            post: {
              parameters: [{ name: 'x-trace', in: 'header', required: true, schema: { type: 'string' } }],
              requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } },
              responses: { 201: { description: 'made', content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string', example: 'x' } } } } } } },
              'x-amazon-apigateway-integration': { type: 'aws_proxy', httpMethod: 'POST', uri: LAMBDA_INVOCATION_ARN },
            },
          },
        },
        { components: { schemas: { Pet: { type: 'object', nullable: true, properties: { name: { type: 'string' } } } } } },
      ),
    );
    const restApiId = api.id!;
    const resource = (await server.client.send(new GetResourcesCommand({ restApiId }))).items!.find((r) => r.path === '/pets')!;
    const method = await server.client.send(new GetMethodCommand({ restApiId, resourceId: resource.id!, httpMethod: 'POST' }));
    assert.deepEqual(method.requestModels, { 'application/json': 'Pet' });
    assert.deepEqual(method.requestParameters, { 'method.request.header.x-trace': true });
    const inline = method.methodResponses?.['201'].responseModels?.['application/json'];
    assert.match(inline ?? '', /^MODEL[0-9a-f]{6}$/);
    const model = await server.client.send(new GetModelCommand({ restApiId, modelName: inline! }));
    assert.deepEqual(JSON.parse(model.schema!), { type: 'object', properties: { id: { type: 'string' } } });
    const pet = await server.client.send(new GetModelCommand({ restApiId, modelName: 'Pet' }));
    assert.deepEqual(JSON.parse(pet.schema!), { type: 'object', properties: { name: { type: 'string' } } });
  });

  test('every integration field of the extension, selection patterns and validators per method', async () => {
    const api = await importApi(
      oas3(
        {
          '/items/{id}': {
            get: {
              parameters: [{ name: 'q', in: 'query', schema: { type: 'string' } }],
              responses: { 200: { description: 'ok', headers: { 'X-Id': { schema: { type: 'string' } } } }, 404: { description: 'missing' } },
              'x-amazon-apigateway-request-validator': 'params',
              'x-amazon-apigateway-auth': { type: 'aws_iam' },
              'x-amazon-apigateway-integration': {
                type: 'http',
                httpMethod: 'get',
                uri: 'https://backend.example.com/items/{id}',
                connectionType: 'vpc_link',
                connectionId: 'abc123',
                passthroughBehavior: 'never',
                contentHandling: 'CONVERT_TO_TEXT',
                timeoutInMillis: '1500',
                cacheNamespace: 'items',
                cacheKeyParameters: ['method.request.path.id'],
                tlsConfig: { insecureSkipVerification: true },
                requestParameters: { 'integration.request.path.id': 'method.request.path.id', 'integration.request.querystring.q': 'method.request.querystring.q' },
                requestTemplates: { 'application/json': '{"id": "$input.params(\'id\')"}' },
                responses: {
                  default: { statusCode: 200, responseParameters: { 'method.response.header.X-Id': 'integration.response.header.id' } },
                  '.*not found.*': { statusCode: '404', responseTemplates: { 'application/json': '{"message": "gone"}' }, contentHandling: 'CONVERT_TO_TEXT' },
                },
              },
            },
          },
        },
        {
          'x-amazon-apigateway-request-validators': { all: { validateRequestBody: true, validateRequestParameters: true }, params: { validateRequestParameters: true } },
          'x-amazon-apigateway-request-validator': 'all',
        },
      ),
      { failOnWarnings: true },
    );
    const restApiId = api.id!;
    const resource = (await server.client.send(new GetResourcesCommand({ restApiId }))).items!.find((r) => r.path === '/items/{id}')!;
    const method = await server.client.send(new GetMethodCommand({ restApiId, resourceId: resource.id!, httpMethod: 'GET' }));
    assert.equal(method.authorizationType, 'AWS_IAM');
    assert.deepEqual(method.requestParameters, { 'method.request.path.id': true, 'method.request.querystring.q': false });
    const validators = await server.client.send(new GetRequestValidatorsCommand({ restApiId }));
    assert.equal(method.requestValidatorId, validators.items?.find((v) => v.name === 'params')?.id);
    const i = method.methodIntegration!;
    assert.equal(i.type, 'HTTP');
    assert.equal(i.httpMethod, 'GET');
    assert.equal(i.connectionType, 'VPC_LINK');
    assert.equal(i.connectionId, 'abc123');
    assert.equal(i.passthroughBehavior, 'NEVER');
    assert.equal(i.contentHandling, 'CONVERT_TO_TEXT');
    assert.equal(i.timeoutInMillis, 1500);
    assert.equal(i.cacheNamespace, 'items');
    assert.deepEqual(i.cacheKeyParameters, ['method.request.path.id']);
    assert.deepEqual(i.tlsConfig, { insecureSkipVerification: true });
    assert.deepEqual(i.integrationResponses?.['200'], { statusCode: '200', responseParameters: { 'method.response.header.X-Id': 'integration.response.header.id' } });
    assert.equal(i.integrationResponses?.['404'].selectionPattern, '.*not found.*');
    assert.equal(i.integrationResponses?.['404'].contentHandling, 'CONVERT_TO_TEXT');
  });

  test('ignore=documentation leaves the documentation parts out', { skip: !snapshotsAvailable }, async () => {
    const withDocs = await importApi(openApiInput('oas30_documentation_parts.json'));
    const parts = await server.client.send(new GetDocumentationPartsCommand({ restApiId: withDocs.id! }));
    assert.ok((parts.items?.length ?? 0) > 0);
    const without = await importApi(openApiInput('oas30_documentation_parts.json'), { parameters: { ignore: 'documentation' } });
    assert.equal((await server.client.send(new GetDocumentationPartsCommand({ restApiId: without.id! }))).items?.length ?? 0, 0);
  });
});

describe('PutRestApi', () => {
  const first = oas3({
    '/a': { get: mock('200'), post: mock('206') },
    '/old': { get: mock() },
  });
  const second = oas3({ '/a': { get: { ...mock('200'), responses: { 200: { description: 'ok' }, 400: { description: 'bad' } } } } }, { info: { title: 'second', version: '2' } });

  test('merge: the file overrides the methods it declares, everything else stays', async () => {
    const api = await importApi(first);
    const restApiId = api.id!;
    const put = await putApi(restApiId, second, { mode: 'merge' });
    assert.equal(put.name, 'second');
    assert.deepEqual(put.tags, {});
    assert.deepEqual(await paths(restApiId), { '/': [], '/a': ['GET', 'POST'], '/old': ['GET'] });
    const resources = (await server.client.send(new GetResourcesCommand({ restApiId }))).items!;
    const a = resources.find((r) => r.path === '/a')!.id!;
    const get = await server.client.send(new GetMethodCommand({ restApiId, resourceId: a, httpMethod: 'GET' }));
    assert.deepEqual(Object.keys(get.methodResponses ?? {}).sort(), ['200', '400']);
    const post = await server.client.send(new GetMethodCommand({ restApiId, resourceId: a, httpMethod: 'POST' }));
    assert.deepEqual(Object.keys(post.methodResponses ?? {}), ['206']);
  });

  test('overwrite: only the file is left; resources at paths it keeps keep their ids', async () => {
    const api = await importApi(first);
    const restApiId = api.id!;
    const before = (await server.client.send(new GetResourcesCommand({ restApiId }))).items!;
    await putApi(restApiId, second, { mode: 'overwrite' });
    assert.deepEqual(await paths(restApiId), { '/': [], '/a': ['GET'] });
    const after = (await server.client.send(new GetResourcesCommand({ restApiId }))).items!;
    assert.equal(after.find((r) => r.path === '/a')!.id, before.find((r) => r.path === '/a')!.id);
    assert.equal(after.find((r) => r.path === '/')!.id, api.rootResourceId);
    const integration = await server.client.send(new GetIntegrationCommand({ restApiId, resourceId: after.find((r) => r.path === '/a')!.id!, httpMethod: 'GET' }));
    assert.equal(integration.type, 'MOCK');
  });

  test('overwrite replaces models; the endpoint configuration stays', async () => {
    const created = await server.client.send(new CreateRestApiCommand({ name: 'regional', endpointConfiguration: { types: ['REGIONAL'] } }));
    const restApiId = created.id!;
    await putApi(restApiId, oas3({ '/a': { get: mock() } }, { components: { schemas: { Thing: { type: 'object' } } } }), { mode: 'overwrite', parameters: { endpointConfigurationTypes: 'EDGE' } });
    const models = await server.client.send(new GetModelsCommand({ restApiId }));
    assert.deepEqual(models.items?.map((m) => m.name), ['Thing']);
    assert.deepEqual((await server.client.send(new GetRestApiCommand({ restApiId }))).endpointConfiguration?.types, ['REGIONAL']);
  });

  test('a refused put leaves the API as it was', async () => {
    const api = await importApi(first);
    const before = await accountState(server);
    const broken = oas3({ '/a': { get: { ...mock(), 'x-amazon-apigateway-integration': { type: 'nonsense' } } } }, { info: { title: 'renamed', version: '9' } });
    for (const mode of ['merge', 'overwrite'] as const) {
      const refused = await refusal(putApi(api.id!, broken, { mode }));
      assert.equal(refused.name, 'BadRequestException');
      assert.match(refused.message, /^Errors found during import:\n\tUnable to put integration on 'GET' for resource at path '\/a': Invalid integration type/);
      assert.equal(await accountState(server), before);
    }
  });

  test('an unknown API is NotFound once the body parses', async () => {
    const refused = await refusal(putApi('abcdef1234', first));
    assert.equal(refused.name, 'NotFoundException');
  });
});
