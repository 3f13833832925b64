/**
 * GetExport through the genuine SDK: an API built call by call (resources, methods with
 * parameters, MOCK / HTTP / AWS_PROXY / HTTP_PROXY integrations, models pointing at each other,
 * validators, three kinds of authorizer, a gateway response, binary media types...) exported as
 * Swagger 2 and OpenAPI 3, in JSON and YAML, with and without the API Gateway extensions.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_GetExport.html
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import {
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  CreateDocumentationPartCommand,
  CreateDocumentationVersionCommand,
  CreateModelCommand,
  CreateRequestValidatorCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  DeleteResourceCommand,
  GetExportCommand,
  ImportRestApiCommand,
  PutGatewayResponseCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  type PutIntegrationCommandInput,
  type PutMethodCommandInput,
} from '@aws-sdk/client-api-gateway';
import { useGatehouse } from '../helpers/gatehouse.js';
import { openApiProblems } from '../helpers/openapi-structure.js';
import { refusal } from '../helpers/refusal.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const server = useGatehouse();
const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:pets';
const LAMBDA_URI = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${LAMBDA}/invocations`;
const USER_POOL = 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_ABC123';
const POLICY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }] };

interface Built {
  restApiId: string;
  resources: Record<string, string>;
}

/** The API every test here exports, deployed to stage "prod". */
async function buildApi(): Promise<Built> {
  const c = server.client;
  const api = await c.send(
    new CreateRestApiCommand({
      name: 'PetsExport',
      description: 'pets, exported',
      binaryMediaTypes: ['image/png'],
      minimumCompressionSize: 1024,
      policy: JSON.stringify(POLICY),
    }),
  );
  const restApiId = api.id!;
  const model = (name: string, schema: Json) => c.send(new CreateModelCommand({ restApiId, name, contentType: 'application/json', schema: JSON.stringify(schema) }));
  const ref = (name: string) => ({ $ref: `https://apigateway.amazonaws.com/restapis/${restApiId}/models/${name}` });
  await model('Owner', { $schema: 'http://json-schema.org/draft-04/schema#', title: 'Owner', type: 'object', properties: { name: { type: 'string' } } });
  await model('Pet', { type: 'object', properties: { id: { type: 'integer' }, owner: ref('Owner'), kind: { type: 'string', enum: ['dog', 'cat'] } } });
  await model('Pets', { type: 'array', items: ref('Pet') });
  await model('Unused', { type: 'object', properties: { x: { type: 'string' } } });

  const all = await c.send(new CreateRequestValidatorCommand({ restApiId, name: 'all', validateRequestBody: true, validateRequestParameters: true }));
  const params = await c.send(new CreateRequestValidatorCommand({ restApiId, name: 'params-only', validateRequestParameters: true }));
  const tok = await c.send(
    new CreateAuthorizerCommand({ restApiId, name: 'tok', type: 'TOKEN', authorizerUri: LAMBDA_URI, identityValidationExpression: '^Bearer .+', authorizerResultTtlInSeconds: 300 }),
  );
  const req = await c.send(
    new CreateAuthorizerCommand({
      restApiId,
      name: 'req',
      type: 'REQUEST',
      authorizerUri: LAMBDA_URI,
      identitySource: 'method.request.header.X-User, method.request.querystring.k',
      authorizerResultTtlInSeconds: 60,
    }),
  );
  const pool = await c.send(new CreateAuthorizerCommand({ restApiId, name: 'pool', type: 'COGNITO_USER_POOLS', providerARNs: [USER_POOL] }));

  const resources: Record<string, string> = { '/': api.rootResourceId! };
  for (const path of ['/pets', '/pets/{petId}', '/{proxy+}', '/empty']) {
    const cut = path.lastIndexOf('/');
    const parentId = resources[cut === 0 ? '/' : path.slice(0, cut)];
    resources[path] = (await c.send(new CreateResourceCommand({ restApiId, parentId, pathPart: path.slice(cut + 1) }))).id!;
  }

  const method = async (
    path: string,
    httpMethod: string,
    m: Omit<PutMethodCommandInput, 'restApiId' | 'resourceId' | 'httpMethod'>,
    integration: Omit<PutIntegrationCommandInput, 'restApiId' | 'resourceId' | 'httpMethod'>,
    responses: { statusCode: string; models?: Record<string, string>; headers?: string[]; selectionPattern?: string; templates?: Record<string, string> }[],
  ) => {
    const ids = { restApiId, resourceId: resources[path], httpMethod };
    await c.send(new PutMethodCommand({ ...ids, ...m }));
    await c.send(new PutIntegrationCommand({ ...ids, ...integration }));
    for (const r of responses) {
      const headers = Object.fromEntries((r.headers ?? []).map((h) => [`method.response.header.${h}`, false]));
      await c.send(new PutMethodResponseCommand({ ...ids, statusCode: r.statusCode, responseModels: r.models, responseParameters: headers }));
      await c.send(
        new PutIntegrationResponseCommand({
          ...ids,
          statusCode: r.statusCode,
          selectionPattern: r.selectionPattern,
          responseTemplates: r.templates,
          responseParameters: Object.fromEntries((r.headers ?? []).map((h) => [`method.response.header.${h}`, "'x'"])),
        }),
      );
    }
  };

  await method(
    '/pets',
    'GET',
    {
      authorizationType: 'CUSTOM',
      authorizerId: tok.id,
      apiKeyRequired: true,
      requestValidatorId: params.id,
      operationName: 'ListPets',
      requestParameters: { 'method.request.querystring.page': false, 'method.request.header.X-Trace': true },
    },
    {
      type: 'HTTP',
      integrationHttpMethod: 'GET',
      uri: 'https://pets.example.com/pets',
      requestParameters: { 'integration.request.querystring.page': 'method.request.querystring.page' },
      timeoutInMillis: 5000,
      cacheKeyParameters: ['method.request.querystring.page'],
      cacheNamespace: 'petsns',
    },
    [
      { statusCode: '200', models: { 'application/json': 'Pets' }, headers: ['X-Count'] },
      { statusCode: '400', selectionPattern: '4\\d{2}', templates: { 'application/json': '{"error": true}' } },
    ],
  );
  await method(
    '/pets',
    'POST',
    { authorizationType: 'COGNITO_USER_POOLS', authorizerId: pool.id, authorizationScopes: ['pets/write'], requestValidatorId: all.id, requestModels: { 'application/json': 'Pet' } },
    { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 201}' }, passthroughBehavior: 'NEVER' },
    [{ statusCode: '201', models: { 'application/json': 'Pet' } }],
  );
  await method(
    '/pets/{petId}',
    'GET',
    { authorizationType: 'AWS_IAM', requestParameters: { 'method.request.path.petId': true } },
    { type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: LAMBDA_URI, contentHandling: 'CONVERT_TO_TEXT' },
    [],
  );
  await method(
    '/{proxy+}',
    'ANY',
    { authorizationType: 'CUSTOM', authorizerId: req.id, requestParameters: { 'method.request.path.proxy': true } },
    {
      type: 'HTTP_PROXY',
      integrationHttpMethod: 'ANY',
      uri: 'https://backend.example.com/{proxy}',
      connectionType: 'VPC_LINK',
      connectionId: 'vl1234',
      tlsConfig: { insecureSkipVerification: true },
      requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
    },
    [],
  );
  await c.send(
    new PutGatewayResponseCommand({
      restApiId,
      responseType: 'DEFAULT_4XX',
      statusCode: '418',
      responseParameters: { 'gatewayresponse.header.X-Oops': "'yes'" },
      responseTemplates: { 'application/json': '{"message": $context.error.messageString}' },
    }),
  );
  await c.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }));
  return { restApiId, resources };
}

async function getExport(restApiId: string, exportType: string, options: { extensions?: string; accepts?: string; stageName?: string } = {}) {
  const out = await server.client.send(
    new GetExportCommand({
      restApiId,
      stageName: options.stageName ?? 'prod',
      exportType,
      accepts: options.accepts,
      parameters: options.extensions === undefined ? undefined : { extensions: options.extensions },
    }),
  );
  const text = new TextDecoder().decode(out.body);
  return { text, contentType: out.contentType, contentDisposition: out.contentDisposition };
}

const exportJson = async (restApiId: string, exportType: string, extensions?: string): Promise<Json> => JSON.parse((await getExport(restApiId, exportType, { extensions })).text);

/** Every value under `key` anywhere in the document. */
function collect(node: unknown, key: string, out: unknown[] = []): unknown[] {
  if (Array.isArray(node)) node.forEach((n) => collect(n, key, out));
  else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) (k === key ? out.push(v) : undefined, collect(v, key, out));
  return out;
}

describe('GetExport', () => {
  let api: Built;
  before(async () => {
    api = await buildApi();
  });

  test('Swagger 2 with extensions=apigateway carries the whole API and is a well-formed document', async () => {
    const doc = await exportJson(api.restApiId, 'swagger', 'apigateway');
    assert.deepEqual(openApiProblems(doc), []);
    assert.deepEqual(doc.info, { description: 'pets, exported', version: doc.info.version, title: 'PetsExport' });
    assert.match(doc.info.version, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    assert.equal(doc.host, `${api.restApiId}.execute-api.us-east-1.amazonaws.com`);
    assert.equal(doc.basePath, '/prod');
    assert.deepEqual(Object.keys(doc.paths).sort(), ['/pets', '/pets/{petId}', '/{proxy+}']); // /empty and / have no methods

    const list = doc.paths['/pets'].get;
    assert.equal(list.operationId, 'ListPets');
    assert.deepEqual(list.parameters, [
      { name: 'page', in: 'query', required: false, type: 'string' },
      { name: 'X-Trace', in: 'header', required: true, type: 'string' },
    ]);
    assert.deepEqual(list.produces, ['application/json']);
    assert.deepEqual(list.responses['200'], { description: '200 response', schema: { $ref: '#/definitions/Pets' }, headers: { 'X-Count': { type: 'string' } } });
    assert.deepEqual(list.security, [{ tok: [] }, { api_key: [] }]);
    assert.equal(list['x-amazon-apigateway-request-validator'], 'params-only');
    assert.deepEqual(list['x-amazon-apigateway-integration'], {
      type: 'http',
      httpMethod: 'GET',
      uri: 'https://pets.example.com/pets',
      responses: {
        default: { statusCode: '200', responseParameters: { 'method.response.header.X-Count': "'x'" } },
        '4\\d{2}': { statusCode: '400', responseTemplates: { 'application/json': '{"error": true}' } },
      },
      requestParameters: { 'integration.request.querystring.page': 'method.request.querystring.page' },
      passthroughBehavior: 'when_no_match',
      timeoutInMillis: 5000,
      cacheNamespace: 'petsns',
      cacheKeyParameters: ['method.request.querystring.page'],
    });

    const create = doc.paths['/pets'].post;
    assert.deepEqual(create.consumes, ['application/json']);
    assert.deepEqual(create.parameters, [{ in: 'body', name: 'Pet', required: true, schema: { $ref: '#/definitions/Pet' } }]);
    assert.deepEqual(create.security, [{ pool: ['pets/write'] }]);
    assert.equal(create['x-amazon-apigateway-request-validator'], 'all');
    assert.deepEqual(create['x-amazon-apigateway-integration'].passthroughBehavior, 'never');

    const get = doc.paths['/pets/{petId}'].get;
    assert.deepEqual(get.parameters, [{ name: 'petId', in: 'path', required: true, type: 'string' }]);
    assert.deepEqual(get.security, [{ sigv4: [] }]);
    assert.deepEqual(get.responses, {});
    assert.deepEqual(get['x-amazon-apigateway-integration'], {
      type: 'aws_proxy',
      httpMethod: 'POST',
      uri: LAMBDA_URI,
      passthroughBehavior: 'when_no_match',
      contentHandling: 'CONVERT_TO_TEXT',
    });

    const any = doc.paths['/{proxy+}']['x-amazon-apigateway-any-method'];
    assert.deepEqual(any.security, [{ req: [] }]);
    assert.deepEqual(any['x-amazon-apigateway-integration'], {
      type: 'http_proxy',
      httpMethod: 'ANY',
      uri: 'https://backend.example.com/{proxy}',
      connectionType: 'VPC_LINK',
      connectionId: 'vl1234',
      requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
      passthroughBehavior: 'when_no_match',
      tlsConfig: { insecureSkipVerification: true },
    });

    // Only the models the methods reach; $schema dropped, references made local.
    assert.deepEqual(Object.keys(doc.definitions).sort(), ['Owner', 'Pet', 'Pets']);
    assert.deepEqual(doc.definitions.Owner, { title: 'Owner', type: 'object', properties: { name: { type: 'string' } } });
    assert.deepEqual(doc.definitions.Pet.properties.owner, { $ref: '#/definitions/Owner' });
    assert.deepEqual(doc.definitions.Pets.items, { $ref: '#/definitions/Pet' });

    assert.deepEqual(doc.securityDefinitions.tok, {
      type: 'apiKey',
      name: 'Authorization',
      in: 'header',
      'x-amazon-apigateway-authtype': 'custom',
      'x-amazon-apigateway-authorizer': { type: 'token', authorizerUri: LAMBDA_URI, identityValidationExpression: '^Bearer .+', authorizerResultTtlInSeconds: 300 },
    });
    assert.deepEqual(doc.securityDefinitions.req, {
      type: 'apiKey',
      name: 'Unused',
      in: 'header',
      'x-amazon-apigateway-authtype': 'custom',
      'x-amazon-apigateway-authorizer': {
        type: 'request',
        authorizerUri: LAMBDA_URI,
        identitySource: 'method.request.header.X-User, method.request.querystring.k',
        authorizerResultTtlInSeconds: 60,
      },
    });
    assert.deepEqual(doc.securityDefinitions.pool, {
      type: 'apiKey',
      name: 'Authorization',
      in: 'header',
      'x-amazon-apigateway-authtype': 'cognito_user_pools',
      'x-amazon-apigateway-authorizer': { type: 'cognito_user_pools', providerARNs: [USER_POOL] },
    });
    assert.deepEqual(doc.securityDefinitions.sigv4, { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' });
    assert.deepEqual(doc.securityDefinitions.api_key, { type: 'apiKey', name: 'x-api-key', in: 'header' });

    assert.deepEqual(doc['x-amazon-apigateway-request-validators'], {
      all: { validateRequestBody: true, validateRequestParameters: true },
      'params-only': { validateRequestBody: false, validateRequestParameters: true },
    });
    // Only the gateway response the user put, not the defaults in effect for the others.
    assert.deepEqual(doc['x-amazon-apigateway-gateway-responses'], {
      DEFAULT_4XX: {
        statusCode: '418',
        responseParameters: { 'gatewayresponse.header.X-Oops': "'yes'" },
        responseTemplates: { 'application/json': '{"message": $context.error.messageString}' },
      },
    });
    assert.deepEqual(doc['x-amazon-apigateway-binary-media-types'], ['image/png']);
    assert.equal(doc['x-amazon-apigateway-minimum-compression-size'], 1024);
    assert.equal(doc['x-amazon-apigateway-policy'].Statement[0].Action, 'execute-api:Invoke');
    assert.equal(doc['x-amazon-apigateway-api-key-source'], undefined, 'HEADER is the default and is not written');
  });

  test('OpenAPI 3 with extensions=apigateway: servers, components, request bodies and response content', async () => {
    const doc = await exportJson(api.restApiId, 'oas30', 'apigateway');
    assert.deepEqual(openApiProblems(doc), []);
    assert.equal(doc.openapi, '3.0.1');
    assert.deepEqual(doc.servers, [
      { url: `https://${api.restApiId}.execute-api.us-east-1.amazonaws.com/{basePath}`, variables: { basePath: { default: 'prod' } } },
    ]);
    const list = doc.paths['/pets'].get;
    assert.deepEqual(list.parameters, [
      { name: 'page', in: 'query', schema: { type: 'string' } },
      { name: 'X-Trace', in: 'header', required: true, schema: { type: 'string' } },
    ]);
    assert.deepEqual(list.responses['200'], {
      description: '200 response',
      headers: { 'X-Count': { schema: { type: 'string' } } },
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Pets' } } },
    });
    assert.deepEqual(list.responses['400'], { description: '400 response', content: {} });
    assert.deepEqual(doc.paths['/pets'].post.requestBody, { content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } }, required: true });
    assert.equal(doc.paths['/pets'].post.consumes, undefined);
    assert.deepEqual(Object.keys(doc.components.schemas).sort(), ['Owner', 'Pet', 'Pets']);
    assert.deepEqual(doc.components.schemas.Pet.properties.owner, { $ref: '#/components/schemas/Owner' });
    assert.deepEqual(Object.keys(doc.components.securitySchemes).sort(), ['api_key', 'pool', 'req', 'sigv4', 'tok']);
    assert.ok(doc.paths['/{proxy+}']['x-amazon-apigateway-any-method']['x-amazon-apigateway-integration']);
    assert.deepEqual(doc['x-amazon-apigateway-binary-media-types'], ['image/png']);
  });

  test('without extensions the document has no integrations, authorizer details or API Gateway settings', async () => {
    for (const type of ['swagger', 'oas30']) {
      const doc = await exportJson(api.restApiId, type);
      assert.deepEqual(openApiProblems(doc), []);
      const text = JSON.stringify(doc);
      assert.doesNotMatch(text, /x-amazon-apigateway-(integration|authorizer"|request-validator|gateway-responses|binary-media-types|policy|minimum)/, type);
      const schemes = type === 'swagger' ? doc.securityDefinitions : doc.components.securitySchemes;
      assert.deepEqual(schemes.tok, { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'custom' });
      assert.deepEqual(doc.paths['/pets'].get.security, [{ tok: [] }, { api_key: [] }]);
    }
  });

  test('extensions=authorizers adds the authorizers alone; integrations adds the integrations without them', async () => {
    const authorizers = await exportJson(api.restApiId, 'swagger', 'authorizers');
    assert.equal(collect(authorizers, 'x-amazon-apigateway-integration').length, 0);
    assert.equal(collect(authorizers, 'x-amazon-apigateway-authorizer').length, 3);
    const integrations = await exportJson(api.restApiId, 'oas30', 'integrations');
    assert.equal(collect(integrations, 'x-amazon-apigateway-integration').length, 4);
    assert.equal(collect(integrations, 'x-amazon-apigateway-authorizer').length, 0);
    const both = await exportJson(api.restApiId, 'oas30', 'integrations,authorizers');
    assert.equal(collect(both, 'x-amazon-apigateway-integration').length, 4);
    assert.equal(collect(both, 'x-amazon-apigateway-authorizer').length, 3);
  });

  test('all four combinations: JSON and YAML of swagger and oas30 say the same, named as AWS names the file', async () => {
    for (const type of ['swagger', 'oas30']) {
      const json = await getExport(api.restApiId, type, { extensions: 'apigateway', accepts: 'application/json' });
      const yaml = await getExport(api.restApiId, type, { extensions: 'apigateway', accepts: 'application/yaml' });
      assert.equal(json.contentType, 'application/octet-stream');
      assert.equal(yaml.contentType, 'application/octet-stream');
      const doc = JSON.parse(json.text);
      assert.equal(json.contentDisposition, `attachment; filename="${type}_${doc.info.version}.json"`);
      assert.equal(yaml.contentDisposition, `attachment; filename="${type}_${doc.info.version}.yaml"`);
      assert.ok(!yaml.text.trimStart().startsWith('{'), 'YAML, not JSON');
      assert.deepEqual(parseYaml(yaml.text), doc);
      // Quoted, so YAML 1.1 readers (PyYAML...) read the date as a string, not a timestamp.
      assert.deepEqual(parseYaml(yaml.text, { version: '1.1' }), doc);
    }
  });

  test('the export shows the deployed API, not later edits, until the next deployment', async () => {
    const c = server.client;
    const built = await buildApi();
    const before = await exportJson(built.restApiId, 'swagger', 'apigateway');
    await c.send(new DeleteResourceCommand({ restApiId: built.restApiId, resourceId: built.resources['/pets/{petId}'] }));
    assert.deepEqual(await exportJson(built.restApiId, 'swagger', 'apigateway'), before);
    await c.send(new CreateDeploymentCommand({ restApiId: built.restApiId, stageName: 'prod' }));
    const after = await exportJson(built.restApiId, 'swagger', 'apigateway');
    assert.equal(after.paths['/pets/{petId}'], undefined);
    assert.ok(after.paths['/pets']);
  });

  test('an API with a version exports it as info.version and in the file name, with its endpoint and key source settings', async () => {
    const c = server.client;
    const created = await c.send(new CreateRestApiCommand({ name: 'versioned', version: '2.1.0', disableExecuteApiEndpoint: true, apiKeySource: 'AUTHORIZER' }));
    const restApiId = created.id!;
    await c.send(new PutMethodCommand({ restApiId, resourceId: created.rootResourceId!, httpMethod: 'GET', authorizationType: 'NONE' }));
    await c.send(new PutIntegrationCommand({ restApiId, resourceId: created.rootResourceId!, httpMethod: 'GET', type: 'MOCK' }));
    await c.send(new CreateDeploymentCommand({ restApiId, stageName: 'v2' }));
    const out = await getExport(restApiId, 'oas30', { stageName: 'v2' });
    const plain = JSON.parse(out.text);
    assert.equal(plain.info.version, '2.1.0');
    assert.equal(out.contentDisposition, 'attachment; filename="oas30_2.1.0.json"');
    assert.deepEqual(plain.components, {});
    assert.equal(plain.servers[0]['x-amazon-apigateway-endpoint-configuration'], undefined);

    const oas30 = JSON.parse((await getExport(restApiId, 'oas30', { stageName: 'v2', extensions: 'apigateway' })).text);
    assert.deepEqual(oas30.servers[0]['x-amazon-apigateway-endpoint-configuration'], { disableExecuteApiEndpoint: true });
    assert.equal(oas30['x-amazon-apigateway-api-key-source'], 'AUTHORIZER');
    const swagger = JSON.parse((await getExport(restApiId, 'swagger', { stageName: 'v2', extensions: 'apigateway' })).text);
    assert.deepEqual(swagger['x-amazon-apigateway-endpoint-configuration'], { disableExecuteApiEndpoint: true });
    assert.equal(swagger['x-amazon-apigateway-api-key-source'], 'AUTHORIZER');
    assert.equal(swagger.definitions, undefined, 'no model is used');
  });

  test('a stage or API that does not exist, and an export type AWS does not have, are refused as AWS refuses them', async () => {
    assert.deepEqual(await refusal(getExport(api.restApiId, 'swagger', { stageName: 'nope' })), {
      name: 'NotFoundException',
      message: 'Invalid Stage identifier specified',
    });
    assert.deepEqual(await refusal(getExport('abcdef1234', 'swagger')), {
      name: 'NotFoundException',
      message: 'Invalid API identifier specified 000000000000:abcdef1234',
    });
    assert.deepEqual(await refusal(getExport(api.restApiId, 'raml')), { name: 'BadRequestException', message: "No API exporter for type 'raml'" });
  });

  test("the stage's documentation version is exported and its OpenAPI attributes land on the entities they document", async () => {
    const c = server.client;
    const built = await buildApi();
    const restApiId = built.restApiId;
    const part = (location: Json, properties: Json) =>
      c.send(new CreateDocumentationPartCommand({ restApiId, location: location as never, properties: JSON.stringify(properties) }));
    await part({ type: 'API' }, { info: { description: 'documented API', version: 'ignored' }, 'x-team': 'pets', foo: 'not OpenAPI' });
    await part({ type: 'METHOD', path: '/pets', method: 'GET' }, { summary: 'List pets', tags: ['pets'], foo: 'dropped' });
    await part({ type: 'QUERY_PARAMETER', path: '/pets', method: 'GET', name: 'page' }, { description: 'Page number' });
    await part({ type: 'RESPONSE', method: '*', statusCode: '200' }, { description: 'Successful operation' });
    await part({ type: 'RESPONSE', path: '/pets', method: 'GET', statusCode: '200' }, { description: 'The pets' });
    await part({ type: 'AUTHORIZER', name: 'tok' }, { description: 'Bearer tokens' });
    await c.send(new CreateDocumentationVersionCommand({ restApiId, documentationVersion: 'v1', stageName: 'prod' }));

    for (const type of ['swagger', 'oas30']) {
      const doc = await exportJson(restApiId, type);
      assert.equal(doc.info.description, 'documented API');
      assert.match(doc.info.version, /^\d{4}-/, 'the version stays the deployment date');
      assert.equal(doc['x-team'], 'pets');
      assert.equal(doc.foo, undefined);
      const list = doc.paths['/pets'].get;
      assert.equal(list.summary, 'List pets');
      assert.deepEqual(list.tags, ['pets']);
      assert.equal(list.foo, undefined);
      assert.equal(list.parameters.find((p: Json) => p.name === 'page').description, 'Page number');
      assert.equal(list.responses['200'].description, 'The pets', 'the most specific part wins');
      assert.equal(doc.paths['/pets'].post.responses['201'].description, '201 response');
      const schemes = type === 'swagger' ? doc.securityDefinitions : doc.components.securitySchemes;
      assert.equal(schemes.tok.description, 'Bearer tokens');
      const published = doc['x-amazon-apigateway-documentation'];
      assert.equal(published.version, 'v1');
      assert.match(published.createdDate, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      assert.deepEqual(published.documentationParts.find((p: Json) => p.location.type === 'RESPONSE' && !p.location.path), {
        location: { type: 'RESPONSE', statusCode: '200' },
        properties: { description: 'Successful operation' },
      });
      assert.equal(published.documentationParts.length, 6);
    }
    // Asked for other extensions only, the documentation is left out.
    const withoutDocs = await exportJson(restApiId, 'swagger', 'integrations');
    assert.equal(withoutDocs['x-amazon-apigateway-documentation'], undefined);
    assert.equal(withoutDocs.paths['/pets'].get.summary, undefined);
    assert.ok((await exportJson(restApiId, 'swagger', 'integrations,documentation'))['x-amazon-apigateway-documentation']);
  });

  test('export -> import -> export gives the same document, ids and dates aside, in both formats', async () => {
    for (const type of ['swagger', 'oas30']) {
      for (const accepts of ['application/json', 'application/yaml']) {
        const first = await getExport(api.restApiId, type, { extensions: 'apigateway', accepts });
        const imported = await server.client.send(new ImportRestApiCommand({ body: new TextEncoder().encode(first.text), failOnWarnings: true }));
        await server.client.send(new CreateDeploymentCommand({ restApiId: imported.id!, stageName: 'prod' }));
        const second = await getExport(imported.id!, type, { extensions: 'apigateway', accepts });
        // Ids: the host, and the policy's execute-api ARN, which keeps naming the API it was written for.
        const normalise = (text: string) => {
          const doc = parseYaml(text.replaceAll(imported.id!, '<api-id>').replaceAll(api.restApiId, '<api-id>'));
          doc.info.version = '<date>';
          return doc;
        };
        assert.deepEqual(normalise(second.text), normalise(first.text), `${type} ${accepts}`);
      }
    }
  });

  test('Postman extensions are not written: a clear NotImplemented, not a document without them', async () => {
    const refused = await refusal(getExport(api.restApiId, 'swagger', { extensions: 'postman' }));
    assert.equal(refused.name, 'NotImplemented');
    assert.match(refused.message, /postman/);
  });
});

describe('the structural check the exports pass', () => {
  test('finds what makes a document unreadable: undeclared path parameters, dangling $refs, unknown schemes, typeless parameters', () => {
    const problems = openApiProblems({
      swagger: '2.0',
      info: { title: 't', version: '1' },
      paths: {
        '/pets/{petId}': {
          get: {
            parameters: [{ name: 'q', in: 'query' }],
            responses: { '200': { description: 'ok', schema: { $ref: '#/definitions/Nope' } } },
            security: [{ ghost: [] }],
          },
        },
      },
    });
    assert.deepEqual(problems.sort(), [
      '$ref #/definitions/Nope does not resolve',
      'get /pets/{petId}: parameter q needs a type',
      'get /pets/{petId}: path parameter petId undeclared',
      'get /pets/{petId}: security scheme ghost undeclared',
    ]);
  });
});
