/**
 * ImportApi, ReimportApi and ExportApi through the genuine SDK: a realistic HTTP API definition
 * (YAML, with a JWT and a Lambda authorizer, Lambda, HTTP and reusable integrations, an IAM route,
 * CORS, tags, path variables and the $default route) becomes exactly the routes, integrations and
 * authorizers it describes; its export (JSON and YAML) imports into an identical API whose export
 * is the same document; broken definitions are refused with nothing created; ReimportApi replaces
 * the definition; warnings are answered or, with failOnWarnings, refuse the import.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-open-api.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-export.html
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import {
  CreateStageCommand,
  ExportApiCommand,
  GetApiCommand,
  GetApisCommand,
  GetAuthorizersCommand,
  GetDeploymentsCommand,
  GetIntegrationsCommand,
  GetRoutesCommand,
  GetStageCommand,
  ImportApiCommand,
  ReimportApiCommand,
  UpdateRouteCommand,
  type ApiGatewayV2Client,
  type Authorizer,
  type Integration,
} from '@aws-sdk/client-apigatewayv2';
import { LAMBDA_ARN, LAMBDA_INVOKE_URI, rejects, useV2Gatehouse, webSocketApi } from './helpers.js';
import { AUTHORIZER_URI, PETSTORE_JSON, SHOP_YAML } from './openapi-fixtures.js';

const server = useV2Gatehouse();

async function definition(client: ApiGatewayV2Client, apiId: string) {
  const routes = (await client.send(new GetRoutesCommand({ ApiId: apiId }))).Items!;
  const integrations = (await client.send(new GetIntegrationsCommand({ ApiId: apiId }))).Items!;
  const authorizers = (await client.send(new GetAuthorizersCommand({ ApiId: apiId }))).Items!;
  const integrationOf = (target?: string) => integrations.find((i) => `integrations/${i.IntegrationId}` === target);
  const authorizerOf = (id?: string) => authorizers.find((a) => a.AuthorizerId === id);
  return { routes, integrations, authorizers, integrationOf, authorizerOf, route: (key: string) => routes.find((r) => r.RouteKey === key) };
}

async function exported(client: ApiGatewayV2Client, apiId: string, options: { OutputType?: 'JSON' | 'YAML'; StageName?: string; IncludeExtensions?: boolean } = {}) {
  const out = await client.send(new ExportApiCommand({ ApiId: apiId, Specification: 'OAS30', OutputType: options.OutputType ?? 'JSON', StageName: options.StageName, IncludeExtensions: options.IncludeExtensions }));
  const text = Buffer.from(out.body!).toString('utf8');
  return { text, doc: (options.OutputType === 'YAML' ? parseYaml(text) : JSON.parse(text)) as Record<string, any> };
}

const apiCount = async (client: ApiGatewayV2Client) => (await client.send(new GetApisCommand({}))).Items!.length;

/** Strips what differs between two APIs imported from one document: their ids. */
const withoutIds = (i: Integration | Authorizer) => Object.fromEntries(Object.entries(i).filter(([k]) => !['IntegrationId', 'AuthorizerId'].includes(k)));

describe('ImportApi', () => {
  test('a realistic definition becomes its routes, integrations and authorizers', async () => {
    const api = await server.client.send(new ImportApiCommand({ Body: SHOP_YAML }));
    assert.equal(api.$metadata.httpStatusCode, 201);
    assert.equal(api.Name, 'shop');
    assert.equal(api.Description, "The shop's HTTP API");
    assert.equal(api.Version, '2024-06-01');
    assert.equal(api.ProtocolType, 'HTTP');
    assert.equal(api.Warnings, undefined);
    assert.equal(api.DisableExecuteApiEndpoint, true);
    assert.deepEqual(api.Tags, { team: 'payments', public: '' });
    assert.deepEqual(api.CorsConfiguration, {
      AllowOrigins: ['https://shop.example.com'],
      AllowMethods: ['GET', 'POST', 'DELETE'],
      AllowHeaders: ['authorization', 'content-type'],
      ExposeHeaders: ['x-request-id'],
      AllowCredentials: true,
      MaxAge: 600,
    });
    const d = await definition(server.client, api.ApiId!);
    // basepath=ignore (the default): the server's v1/shop is not part of the routes.
    assert.deepEqual(d.routes.map((r) => r.RouteKey).sort(), ['$default', 'ANY /legacy/{proxy+}', 'DELETE /items/{itemId}', 'GET /items', 'GET /items/{itemId}', 'POST /items']);

    const cognito = d.authorizers.find((a) => a.Name === 'cognito')!;
    assert.deepEqual(withoutIds(cognito), {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: ['shop-client'], Issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_shop' },
      Name: 'cognito',
    });
    const admin = d.authorizers.find((a) => a.Name === 'admin')!;
    assert.deepEqual(withoutIds(admin), {
      AuthorizerPayloadFormatVersion: '2.0',
      AuthorizerResultTtlInSeconds: 300,
      AuthorizerType: 'REQUEST',
      AuthorizerUri: AUTHORIZER_URI,
      EnableSimpleResponses: true,
      IdentitySource: ['$request.header.x-admin-token', '$request.querystring.tenant'],
      Name: 'admin',
    });
    assert.equal(d.authorizers.length, 2, 'the sigv4 scheme is IAM authorization, not an authorizer');

    // The root security applies where an operation names none; scopes come with it.
    const list = d.route('GET /items')!;
    assert.equal(list.AuthorizationType, 'JWT');
    assert.equal(list.AuthorizerId, cognito.AuthorizerId);
    assert.deepEqual(list.AuthorizationScopes, ['items/read']);
    assert.equal(list.OperationName, 'listItems');
    assert.deepEqual(d.route('POST /items')!.AuthorizationScopes, ['items/write']);
    assert.equal(d.route('DELETE /items/{itemId}')!.AuthorizationType, 'CUSTOM');
    assert.equal(d.route('DELETE /items/{itemId}')!.AuthorizerId, admin.AuthorizerId);
    assert.equal(d.route('ANY /legacy/{proxy+}')!.AuthorizationType, 'AWS_IAM');
    assert.equal(d.route('ANY /legacy/{proxy+}')!.AuthorizerId, undefined);
    assert.equal(d.route('$default')!.AuthorizationType, 'JWT', 'the root security covers $default too');

    // One integration per $ref, shared; one per inline extension.
    assert.equal(d.integrations.length, 5);
    const catalog = d.integrationOf(list.Target)!;
    assert.equal(d.route('GET /items/{itemId}')!.Target, list.Target);
    assert.deepEqual(withoutIds(catalog), {
      ConnectionType: 'INTERNET',
      IntegrationMethod: 'GET',
      IntegrationType: 'HTTP_PROXY',
      IntegrationUri: 'https://catalog.example.com/items',
      PayloadFormatVersion: '1.0',
      TimeoutInMillis: 5000,
    });
    assert.deepEqual(withoutIds(d.integrationOf(d.route('POST /items')!.Target)!), {
      ConnectionType: 'INTERNET',
      IntegrationMethod: 'POST',
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: LAMBDA_INVOKE_URI,
      PayloadFormatVersion: '2.0',
      TimeoutInMillis: 10000,
    });
    const legacy = d.integrationOf(d.route('ANY /legacy/{proxy+}')!.Target)!;
    assert.deepEqual(legacy.RequestParameters, { 'append:header.x-source': 'shop', 'overwrite:path': '$request.path.proxy' });
    assert.deepEqual(legacy.ResponseParameters, { '500': { 'overwrite:statuscode': '503' } });
    assert.equal(d.integrationOf(d.route('DELETE /items/{itemId}')!.Target)!.IntegrationMethod, 'POST', 'a Lambda proxy integration calls with POST');
    assert.equal(d.integrationOf(d.route('$default')!.Target)!.PayloadFormatVersion, '2.0');
  });

  test("AWS's pet store example imports as documented", async () => {
    const api = await server.client.send(new ImportApiCommand({ Body: PETSTORE_JSON }));
    assert.equal(api.Name, 'Example Pet Store');
    assert.deepEqual(api.CorsConfiguration?.AllowOrigins, ['*']);
    const d = await definition(server.client, api.ApiId!);
    assert.deepEqual(d.routes.map((r) => [r.RouteKey, r.OperationName]).sort(), [['GET /pets', 'GET HTTP'], ['GET /pets/{petId}', 'Get Pet'], ['POST /pets', 'Create Pet']]);
    assert.equal(d.integrationOf(d.route('GET /pets/{petId}')!.Target)!.IntegrationUri, 'http://petstore.execute-api.us-west-1.amazonaws.com/petstore/pets/{petId}');
    assert.ok(d.integrations.every((i) => i.PayloadFormatVersion === '1.0'), 'payloadFormatVersion 1.0 written as a number');
  });

  test('basepath=prepend and basepath=split place the routes under the server base path', async () => {
    const prepend = await server.client.send(new ImportApiCommand({ Body: SHOP_YAML, Basepath: 'prepend' }));
    const keys = (await definition(server.client, prepend.ApiId!)).routes.map((r) => r.RouteKey);
    assert.ok(keys.includes('GET /v1/shop/items/{itemId}'), keys.join());
    assert.ok(keys.includes('$default'), '$default has no path to prefix');
    const split = await server.client.send(new ImportApiCommand({ Body: SHOP_YAML, Basepath: 'split' }));
    assert.ok((await definition(server.client, split.ApiId!)).routes.some((r) => r.RouteKey === 'POST /shop/items'));
    await rejects(server.client.send(new ImportApiCommand({ Body: SHOP_YAML, Basepath: 'sideways' })), 'BadRequestException', 400, /basepath/);
  });

  test('AWS variables in the definition are the importing account and region', async () => {
    const body = JSON.stringify({
      openapi: '3.0.1',
      info: { title: 'vars', version: '1' },
      paths: { '/': { post: { 'x-amazon-apigateway-integration': { type: 'aws_proxy', uri: 'arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:echo', payloadFormatVersion: '2.0' } } } },
    });
    const api = await server.client.send(new ImportApiCommand({ Body: body }));
    const [integration] = (await definition(server.client, api.ApiId!)).integrations;
    assert.equal(integration.IntegrationUri, LAMBDA_ARN);
  });
});

describe('ExportApi', () => {
  test('JSON and YAML exports are the same document, with every extension import reads', async () => {
    const api = await server.client.send(new ImportApiCommand({ Body: SHOP_YAML }));
    const json = await exported(server.client, api.ApiId!, { OutputType: 'JSON' });
    const yaml = await exported(server.client, api.ApiId!, { OutputType: 'YAML' });
    assert.doesNotThrow(() => JSON.parse(json.text));
    assert.throws(() => JSON.parse(yaml.text), 'the YAML export is YAML, not JSON');
    assert.deepEqual(yaml.doc, json.doc);
    const doc = json.doc;
    assert.equal(doc.openapi, '3.0.1');
    assert.deepEqual(doc.info, { title: 'shop', description: "The shop's HTTP API", version: '2024-06-01' });
    assert.equal(doc['x-amazon-apigateway-importexport-version'], '1.0');
    assert.deepEqual(doc.tags, [{ name: 'public', 'x-amazon-apigateway-tag-value': '' }, { name: 'team', 'x-amazon-apigateway-tag-value': 'payments' }]);
    assert.equal(doc['x-amazon-apigateway-cors'].maxAge, 600);
    assert.deepEqual(doc['x-amazon-apigateway-endpoint-configuration'], { disableExecuteApiEndpoint: true });
    assert.deepEqual(Object.keys(doc.paths), ['/$default', '/items', '/items/{itemId}', '/legacy/{proxy+}']);
    assert.equal(doc.paths['/$default']['x-amazon-apigateway-any-method'].isDefaultRoute, true);
    assert.deepEqual(doc.paths['/items'].get.security, [{ cognito: ['items/read'] }]);
    assert.equal(doc.paths['/items'].get.operationId, 'listItems');
    assert.deepEqual(doc.paths['/items'].post['x-amazon-apigateway-integration'], {
      type: 'aws_proxy',
      httpMethod: 'POST',
      uri: LAMBDA_INVOKE_URI,
      payloadFormatVersion: '2.0',
      connectionType: 'INTERNET',
      timeoutInMillis: 10000,
    });
    assert.deepEqual(doc.paths['/items/{itemId}'].parameters, [
      { name: 'itemId', in: 'path', description: 'Generated path parameter for itemId', required: true, schema: { type: 'string' } },
    ]);
    assert.deepEqual(doc.paths['/legacy/{proxy+}']['x-amazon-apigateway-any-method'].security, [{ sigv4: [] }]);
    assert.deepEqual(doc.components.securitySchemes.sigv4, { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' });
    assert.deepEqual(doc.components.securitySchemes.cognito['x-amazon-apigateway-authorizer'], {
      type: 'jwt',
      identitySource: '$request.header.Authorization',
      jwtConfiguration: { audience: ['shop-client'], issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_shop' },
    });
    assert.equal(doc.components.securitySchemes.admin['x-amazon-apigateway-authorizer'].enableSimpleResponses, true);
    assert.equal(doc.servers, undefined, 'the latest configuration belongs to no stage');
  });

  test('export -> import -> export gives the same document, and an identical API', async () => {
    const first = await server.client.send(new ImportApiCommand({ Body: SHOP_YAML }));
    const exportedOnce = await exported(server.client, first.ApiId!, { OutputType: 'YAML' });
    const second = await server.client.send(new ImportApiCommand({ Body: exportedOnce.text }));
    assert.equal(second.Warnings, undefined, String(second.Warnings));
    assert.notEqual(second.ApiId, first.ApiId);
    const exportedTwice = await exported(server.client, second.ApiId!, { OutputType: 'YAML' });
    assert.equal(exportedTwice.text, exportedOnce.text);
    // The second API has what the first has (integrations inline per route in an export).
    const a = await definition(server.client, first.ApiId!);
    const b = await definition(server.client, second.ApiId!);
    const shape = (d: typeof a) =>
      d.routes
        .map((r) => ({
          RouteKey: r.RouteKey,
          AuthorizationType: r.AuthorizationType,
          AuthorizationScopes: r.AuthorizationScopes,
          OperationName: r.OperationName,
          integration: withoutIds(d.integrationOf(r.Target)!),
          authorizer: r.AuthorizerId ? withoutIds(d.authorizerOf(r.AuthorizerId)!) : undefined,
        }))
        .sort((x, y) => x.RouteKey!.localeCompare(y.RouteKey!));
    assert.deepEqual(shape(b), shape(a));
    const apiB = await server.client.send(new GetApiCommand({ ApiId: second.ApiId }));
    const settings = (a: typeof apiB) => [a.Name, a.Description, a.Version, a.CorsConfiguration, a.Tags, a.DisableExecuteApiEndpoint];
    assert.deepEqual(settings(apiB), settings(first));
  });

  test('a stage exports what it serves; without a stage the latest configuration is exported', async () => {
    const api = await server.client.send(new ImportApiCommand({ Body: SHOP_YAML }));
    await server.client.send(new CreateStageCommand({ ApiId: api.ApiId, StageName: 'prod', AutoDeploy: true }));
    const list = (await definition(server.client, api.ApiId!)).route('GET /items')!;
    await server.client.send(new CreateStageCommand({ ApiId: api.ApiId, StageName: 'frozen', DeploymentId: (await server.client.send(new GetStageCommand({ ApiId: api.ApiId, StageName: 'prod' }))).DeploymentId }));
    await server.client.send(new UpdateRouteCommand({ ApiId: api.ApiId, RouteId: list.RouteId, OperationName: 'browseItems' }));
    assert.equal((await exported(server.client, api.ApiId!)).doc.paths['/items'].get.operationId, 'browseItems');
    assert.equal((await exported(server.client, api.ApiId!, { StageName: 'prod' })).doc.paths['/items'].get.operationId, 'browseItems', 'prod deploys itself');
    const frozen = (await exported(server.client, api.ApiId!, { StageName: 'frozen' })).doc;
    assert.equal(frozen.paths['/items'].get.operationId, 'listItems');
    assert.deepEqual(frozen.servers, [{ url: `https://${api.ApiId}.execute-api.us-east-1.amazonaws.com/{basePath}`, variables: { basePath: { default: 'frozen' } } }]);
    await rejects(server.client.send(new ExportApiCommand({ ApiId: api.ApiId, Specification: 'OAS30', OutputType: 'JSON', StageName: 'nope' })), 'NotFoundException', 404, 'Invalid stage identifier specified nope');
  });

  test('IncludeExtensions=false leaves every x-amazon-apigateway member out', async () => {
    const api = await server.client.send(new ImportApiCommand({ Body: SHOP_YAML }));
    const { text, doc } = await exported(server.client, api.ApiId!, { IncludeExtensions: false });
    assert.doesNotMatch(text, /x-amazon-apigateway/);
    assert.deepEqual(doc.paths['/items'].get.security, [{ cognito: ['items/read'] }]);
    assert.equal(doc.paths['/$default'], undefined, 'ANY and $default exist only as extensions');
  });

  test('unsupported parameters and APIs are refused', async () => {
    const api = await server.client.send(new ImportApiCommand({ Body: SHOP_YAML }));
    const call = (input: Partial<ConstructorParameters<typeof ExportApiCommand>[0]>) =>
      server.client.send(new ExportApiCommand({ ApiId: api.ApiId, Specification: 'OAS30', OutputType: 'JSON', ...input }));
    await rejects(call({ Specification: 'SWAGGER2' }), 'BadRequestException', 400, /specification/);
    await rejects(call({ OutputType: 'XML' }), 'BadRequestException', 400, /output type/);
    await rejects(call({ ExportVersion: '2.0' }), 'BadRequestException', 400, /export version/);
    await rejects(call({ ApiId: 'nope000000' }), 'NotFoundException', 404, 'Invalid API identifier specified 000000000000:nope000000');
    const ws = await webSocketApi(server.client);
    await rejects(call({ ApiId: ws }), 'BadRequestException', 400, /HTTP APIs/);
  });
});

describe('refused imports create nothing', () => {
  const minimal = (extra: Record<string, unknown> = {}, paths: Record<string, unknown> = {}) =>
    JSON.stringify({ openapi: '3.0.1', info: { title: 'broken', version: '1' }, paths, ...extra });
  const lambda = { type: 'aws_proxy', uri: LAMBDA_ARN, payloadFormatVersion: '2.0' };
  const cases: [string, string, RegExp | string][] = [
    ['not JSON or YAML', '{"openapi": "3.0.1", "info": {', 'Invalid OpenAPI input.'],
    ['a YAML scalar', 'just some words', 'Invalid OpenAPI input.'],
    ['YAML with a syntax error', 'openapi: 3.0.1\ninfo: title: x', 'Invalid OpenAPI input.'],
    ['not OpenAPI', JSON.stringify({ info: { title: 'x' }, paths: {} }), 'Invalid OpenAPI input.'],
    ['Swagger 2.0', JSON.stringify({ swagger: '2.0', info: { title: 'x', version: '1' }, paths: {} }), /^Errors found during import:\n\t.*OpenAPI 3\.0/],
    ['no title', JSON.stringify({ openapi: '3.0.1', info: { version: '1' }, paths: {} }), /info\.title/],
    ['a CORS maxAge that is text', minimal({ 'x-amazon-apigateway-cors': { maxAge: 'long' } }), /x-amazon-apigateway-cors\.maxAge/],
    ['a CORS maxAge out of range', minimal({ 'x-amazon-apigateway-cors': { maxAge: 100000 } }), /MaxAge must be between -1 and 86400/],
    ['an unknown import/export version', minimal({ 'x-amazon-apigateway-importexport-version': '2.0' }), /importexport-version/],
    ['a timeout above 30 s', minimal({}, { '/a': { get: { 'x-amazon-apigateway-integration': { ...lambda, timeoutInMillis: 99999 } } } }), /Timeout must be between 50 ms and 30000 ms/],
    ['a payload format 3.0', minimal({}, { '/a': { get: { 'x-amazon-apigateway-integration': { ...lambda, payloadFormatVersion: '3.0' } } } }), /payload format version 3\.0/],
    ['an integration URI that is not one', minimal({}, { '/a': { get: { 'x-amazon-apigateway-integration': { type: 'http_proxy', httpMethod: 'GET', uri: 'not a url' } } } }), /Invalid integration URI/],
    ['a $ref to no integration', minimal({}, { '/a': { get: { 'x-amazon-apigateway-integration': { $ref: '#/components/x-amazon-apigateway-integrations/none' } } } }), /does not name an integration/],
    ['a path variable in the middle of a segment', minimal({}, { '/a{b}': { get: {} } }), /not formatted properly/],
    ['conflicting path variables', minimal({}, { '/a/{x}': { get: {} }, '/a/{y}': { get: {} } }), /conflicting variable/],
    ['a security scheme that does not exist', minimal({}, { '/a': { get: { security: [{ nobody: [] }] } } }), /nobody/],
    [
      'two security requirements',
      minimal(
        { components: { securitySchemes: { s: { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' } } } },
        { '/a': { get: { security: [{ s: [] }, { s: [] }] } } },
      ),
      /only one of IAM authorization, a Lambda authorizer, or a JWT authorizer/,
    ],
    [
      'a JWT authorizer without an audience',
      minimal({ components: { securitySchemes: { j: { type: 'oauth2', 'x-amazon-apigateway-authorizer': { type: 'jwt', jwtConfiguration: { issuer: 'https://issuer.example.com' } } } } } }),
      /Audience/,
    ],
    [
      'a Lambda authorizer with payload format 3.0',
      minimal({ components: { securitySchemes: { l: { type: 'apiKey', 'x-amazon-apigateway-authorizer': { type: 'request', authorizerUri: AUTHORIZER_URI, authorizerPayloadFormatVersion: '3.0' } } } } }),
      /authorizer payload format version 3\.0/,
    ],
    ['a reserved tag key', minimal({ tags: [{ name: 'aws:owner' }] }), /reserved/],
  ];
  for (const [name, body, message] of cases) {
    test(name, async () => {
      const before = await apiCount(server.client);
      await rejects(server.client.send(new ImportApiCommand({ Body: body })), 'BadRequestException', 400, message);
      assert.equal(await apiCount(server.client), before);
    });
  }
});

describe('ReimportApi', () => {
  const petsV2 = `
openapi: 3.0.1
info: { title: pets, version: "2" }
paths:
  /pets:
    get:
      x-amazon-apigateway-integration: { type: http_proxy, httpMethod: GET, uri: "https://pets.example.com/v2", payloadFormatVersion: "1.0" }
`;

  test('replaces the routes, integrations, authorizers and settings; stages stay and autoDeploy deploys', async () => {
    const api = await server.client.send(new ImportApiCommand({ Body: SHOP_YAML }));
    await server.client.send(new CreateStageCommand({ ApiId: api.ApiId, StageName: '$default', AutoDeploy: true }));
    const deploymentsBefore = (await server.client.send(new GetDeploymentsCommand({ ApiId: api.ApiId }))).Items!.length;
    const reimported = await server.client.send(new ReimportApiCommand({ ApiId: api.ApiId, Body: petsV2 }));
    assert.equal(reimported.$metadata.httpStatusCode, 201);
    assert.equal(reimported.ApiId, api.ApiId);
    assert.equal(reimported.Name, 'pets');
    assert.equal(reimported.Version, '2');
    assert.equal(reimported.Description, undefined);
    assert.equal(reimported.CorsConfiguration, undefined, 'the definition has no CORS any more');
    const d = await definition(server.client, api.ApiId!);
    assert.deepEqual(d.routes.map((r) => r.RouteKey), ['GET /pets']);
    assert.deepEqual(d.integrations.map((i) => i.IntegrationUri), ['https://pets.example.com/v2']);
    assert.deepEqual(d.authorizers, []);
    const stage = await server.client.send(new GetStageCommand({ ApiId: api.ApiId, StageName: '$default' }));
    assert.equal((await server.client.send(new GetDeploymentsCommand({ ApiId: api.ApiId }))).Items!.length, deploymentsBefore + 1);
    assert.deepEqual(Object.keys((await exported(server.client, api.ApiId!, { StageName: stage.StageName })).doc.paths), ['/pets']);
  });

  test('a refused reimport leaves the API as it was', async () => {
    const api = await server.client.send(new ImportApiCommand({ Body: SHOP_YAML }));
    const before = await exported(server.client, api.ApiId!);
    const broken = petsV2.replace('uri: "https://pets.example.com/v2"', 'uri: "nowhere"');
    await rejects(server.client.send(new ReimportApiCommand({ ApiId: api.ApiId, Body: broken })), 'BadRequestException', 400, /^Errors found during import:\n\t.*Invalid integration URI/);
    const badCors = `${petsV2}x-amazon-apigateway-cors: { allowOrigins: ["*"], allowCredentials: true }\n`;
    await rejects(server.client.send(new ReimportApiCommand({ ApiId: api.ApiId, Body: badCors })), 'BadRequestException', 400, /Unable to update the API: AllowCredentials/);
    assert.equal((await exported(server.client, api.ApiId!)).text, before.text);
    await rejects(server.client.send(new ReimportApiCommand({ ApiId: 'nope000000', Body: petsV2 })), 'NotFoundException', 404, /Invalid API identifier/);
    const ws = await webSocketApi(server.client);
    await rejects(server.client.send(new ReimportApiCommand({ ApiId: ws, Body: petsV2 })), 'BadRequestException', 400, /only for HTTP APIs/);
  });
});

describe('route key conflicts (the rules CreateRoute applies)', () => {
  const pets = (second: string) =>
    JSON.stringify({
      openapi: '3.0.1',
      info: { title: 'conflicting', version: '1' },
      paths: {
        '/pets/{id}': { get: { 'x-amazon-apigateway-integration': { type: 'http_proxy', httpMethod: 'GET', uri: 'https://pets.example.com/{id}', payloadFormatVersion: '1.0' } } },
        [second]: { delete: { 'x-amazon-apigateway-integration': { type: 'http_proxy', httpMethod: 'DELETE', uri: 'https://pets.example.com/x', payloadFormatVersion: '1.0' } } },
      },
    });
  const conflicting = /^Errors found during import:\n\t.*The provided route key "DELETE \/pets\/\{petId\}" has a conflicting variable on the same hierarchical level as "GET \/pets\/\{id\}"/;

  test('ImportApi refuses /pets/{id} beside /pets/{petId} and creates nothing', async () => {
    const before = await apiCount(server.client);
    await rejects(server.client.send(new ImportApiCommand({ Body: pets('/pets/{petId}') })), 'BadRequestException', 400, conflicting);
    assert.equal(await apiCount(server.client), before);
    // The same variable name at that level is no conflict.
    const ok = await server.client.send(new ImportApiCommand({ Body: pets('/pets/{id}/toys') }));
    assert.deepEqual((await definition(server.client, ok.ApiId!)).routes.map((r) => r.RouteKey).sort(), ['DELETE /pets/{id}/toys', 'GET /pets/{id}']);
  });

  test('ReimportApi refuses them too and leaves the API as it was', async () => {
    const api = await server.client.send(new ImportApiCommand({ Body: pets('/toys/{petId}') }));
    const before = await exported(server.client, api.ApiId!);
    await rejects(server.client.send(new ReimportApiCommand({ ApiId: api.ApiId, Body: pets('/pets/{petId}') })), 'BadRequestException', 400, conflicting);
    assert.equal((await exported(server.client, api.ApiId!)).text, before.text);
  });
});

describe('warnings', () => {
  const withWarning = JSON.stringify({
    openapi: '3.0.1',
    info: { title: 'warned', version: '1' },
    paths: {
      '/': { get: { 'x-amazon-apigateway-integration': { type: 'AWS', httpMethod: 'POST', uri: 'arn:aws:lambda:us-east-2:123456789012:function:HelloWorld', payloadFormatVersion: '1.0' } } },
      '/ok': { get: { 'x-amazon-apigateway-integration': { type: 'http_proxy', httpMethod: 'GET', uri: 'https://example.com/ok' } } },
    },
  });

  test('an integration HTTP APIs cannot have is a warning: the route comes without it', async () => {
    const api = await server.client.send(new ImportApiCommand({ Body: withWarning }));
    assert.equal(api.Warnings?.length, 1);
    assert.match(api.Warnings![0], /Unsupported integration type AWS/);
    const d = await definition(server.client, api.ApiId!);
    assert.equal(d.route('GET /')!.Target, undefined);
    assert.ok(d.route('GET /ok')!.Target);
  });

  test('failOnWarnings refuses the import with the warnings, and creates nothing', async () => {
    const before = await apiCount(server.client);
    await rejects(server.client.send(new ImportApiCommand({ Body: withWarning, FailOnWarnings: true })), 'BadRequestException', 400, /^Warnings found during import:\n\tUnsupported integration type AWS/);
    assert.equal(await apiCount(server.client), before);
    const ok = await server.client.send(new ImportApiCommand({ Body: SHOP_YAML, FailOnWarnings: true }));
    assert.equal(ok.Warnings, undefined);
  });
});
