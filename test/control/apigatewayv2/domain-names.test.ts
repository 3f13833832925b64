/**
 * Custom domain names and API mappings through apigatewayv2, and the same names and mappings
 * through the REST API (AWS keeps one set of each): Regional configurations, multi-level keys,
 * conflicts, tags, and AWS's errors.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-custom-domain-names.html
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateApiMappingCommand,
  CreateDomainNameCommand,
  CreateStageCommand,
  DeleteApiMappingCommand,
  DeleteDomainNameCommand,
  GetApiMappingCommand,
  GetApiMappingsCommand,
  GetDomainNameCommand,
  GetDomainNamesCommand,
  GetTagsCommand,
  TagResourceCommand,
  UpdateApiMappingCommand,
  UpdateDomainNameCommand,
} from '@aws-sdk/client-apigatewayv2';
import { GetBasePathMappingsCommand, GetDomainNameCommand as GetV1DomainNameCommand } from '@aws-sdk/client-api-gateway';
import { httpApi, rejects, useV2Gatehouse } from './helpers.js';

const server = useV2Gatehouse();
const CERT = 'arn:aws:acm:us-east-1:000000000000:certificate/1111-2222';

async function apiWithStage(stage = 'prod'): Promise<string> {
  const apiId = await httpApi(server.client);
  await server.client.send(new CreateStageCommand({ ApiId: apiId, StageName: stage }));
  return apiId;
}

test('a Regional domain name answers its API Gateway domain and hosted zone, through v2 and the REST API', async () => {
  const d = await server.client.send(new CreateDomainNameCommand({ DomainName: 'api.example.com', DomainNameConfigurations: [{ CertificateArn: CERT, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' }], Tags: { team: 'a' } }));
  assert.equal(d.ApiMappingSelectionExpression, '$request.basepath');
  assert.equal(d.DomainNameArn, 'arn:aws:apigateway:us-east-1::/domainnames/api.example.com');
  assert.equal(d.RoutingMode, 'API_MAPPING_ONLY');
  const [c] = d.DomainNameConfigurations!;
  assert.match(c.ApiGatewayDomainName!, /^d-[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com$/);
  assert.equal(c.HostedZoneId, 'Z1UJRXOUMOOFQ8');
  assert.equal(c.DomainNameStatus, 'AVAILABLE');
  assert.equal(c.CertificateArn, CERT);
  const v1 = await server.g.apigateway().send(new GetV1DomainNameCommand({ domainName: 'api.example.com' }));
  assert.equal(v1.regionalDomainName, c.ApiGatewayDomainName);
  assert.deepEqual(v1.endpointConfiguration?.types, ['REGIONAL']);
  assert.deepEqual((await server.client.send(new GetDomainNamesCommand({}))).Items!.map((x) => x.DomainName), ['api.example.com']);
  await rejects(server.client.send(new CreateDomainNameCommand({ DomainName: 'api.example.com', DomainNameConfigurations: [{ CertificateArn: CERT }] })), 'ConflictException', 409, 'The domain name resource already exists.');
  const arn = 'arn:aws:apigateway:us-east-1::/domainnames/api.example.com';
  await server.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: { env: 'prod' } }));
  assert.deepEqual((await server.client.send(new GetTagsCommand({ ResourceArn: arn }))).Tags, { team: 'a', env: 'prod' });
  const updated = await server.client.send(new UpdateDomainNameCommand({ DomainName: 'api.example.com', DomainNameConfigurations: [{ CertificateArn: CERT, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_0' }] }));
  assert.equal(updated.DomainNameConfigurations![0].SecurityPolicy, 'TLS_1_0');
  assert.equal(updated.DomainNameConfigurations![0].ApiGatewayDomainName, c.ApiGatewayDomainName, 'the Regional host name stays');
  await server.client.send(new DeleteDomainNameCommand({ DomainName: 'api.example.com' }));
  await rejects(server.client.send(new GetDomainNameCommand({ DomainName: 'api.example.com' })), 'NotFoundException', 404, 'The domain name resource specified in the request was not found.');
});

test('bad domain names and certificates are refused; routing rules are not built', async () => {
  await rejects(server.client.send(new CreateDomainNameCommand({ DomainName: 'bad..name', DomainNameConfigurations: [{ CertificateArn: CERT }] })), 'BadRequestException', 400, /./);
  await rejects(server.client.send(new CreateDomainNameCommand({ DomainName: 'x.example.com', DomainNameConfigurations: [{ EndpointType: 'REGIONAL' }] })), 'BadRequestException', 400, 'A certificate was not provided for the endpoint type REGIONAL.');
  await rejects(server.client.send(new CreateDomainNameCommand({ DomainName: 'x.example.com', DomainNameConfigurations: [{ CertificateArn: 'arn:aws:acm:eu-west-1:000000000000:certificate/1' }] })), 'BadRequestException', 400, /Certificate must be in 'us-east-1'/);
  await rejects(server.client.send(new CreateDomainNameCommand({ DomainName: 'x.example.com', DomainNameConfigurations: [{ CertificateArn: CERT }], RoutingMode: 'ROUTING_RULE_ONLY' })), 'NotImplemented', 501, /routing rules/);
  assert.deepEqual((await server.client.send(new GetDomainNamesCommand({}))).Items, []);
});

test('API mappings: root and multi-level keys, conflicts, updates that keep the id, and the REST API view', async () => {
  await server.client.send(new CreateDomainNameCommand({ DomainName: 'shop.example.com', DomainNameConfigurations: [{ CertificateArn: CERT }] }));
  const apiId = await apiWithStage();
  const root = await server.client.send(new CreateApiMappingCommand({ DomainName: 'shop.example.com', ApiId: apiId, Stage: 'prod' }));
  assert.equal(root.ApiMappingKey, '');
  assert.match(root.ApiMappingId!, /^[a-z0-9]{6}$/);
  const nested = await server.client.send(new CreateApiMappingCommand({ DomainName: 'shop.example.com', ApiId: apiId, Stage: 'prod', ApiMappingKey: 'orders/v2' }));
  assert.equal(nested.ApiMappingKey, 'orders/v2');
  await rejects(server.client.send(new CreateApiMappingCommand({ DomainName: 'shop.example.com', ApiId: apiId, Stage: 'prod', ApiMappingKey: 'orders/v2' })), 'ConflictException', 409, 'Base path already exists for this domain name');
  await rejects(server.client.send(new CreateApiMappingCommand({ DomainName: 'shop.example.com', ApiId: apiId, Stage: 'nope', ApiMappingKey: 'x' })), 'BadRequestException', 400, 'Invalid stage identifier specified');
  await rejects(server.client.send(new CreateApiMappingCommand({ DomainName: 'shop.example.com', ApiId: 'nope123456', Stage: 'prod', ApiMappingKey: 'x' })), 'NotFoundException', 404, /Invalid API identifier specified/);
  await rejects(server.client.send(new CreateApiMappingCommand({ DomainName: 'shop.example.com', ApiId: apiId, Stage: 'prod', ApiMappingKey: 'a b' })), 'BadRequestException', 400, /Invalid API mapping key/);
  await rejects(server.client.send(new CreateApiMappingCommand({ DomainName: 'none.example.com', ApiId: apiId, Stage: 'prod' })), 'NotFoundException', 404, /domain name resource/);
  const moved = await server.client.send(new UpdateApiMappingCommand({ DomainName: 'shop.example.com', ApiMappingId: nested.ApiMappingId, ApiId: apiId, ApiMappingKey: 'orders/v3' }));
  assert.equal(moved.ApiMappingId, nested.ApiMappingId);
  assert.equal(moved.ApiMappingKey, 'orders/v3');
  assert.equal((await server.client.send(new GetApiMappingCommand({ DomainName: 'shop.example.com', ApiMappingId: nested.ApiMappingId }))).ApiMappingKey, 'orders/v3');
  const v1 = await server.g.apigateway().send(new GetBasePathMappingsCommand({ domainName: 'shop.example.com' }));
  assert.deepEqual(v1.items?.map((m) => [m.basePath, m.restApiId, m.stage]), [['(none)', apiId, 'prod'], ['orders/v3', apiId, 'prod']]);
  await server.client.send(new DeleteApiMappingCommand({ DomainName: 'shop.example.com', ApiMappingId: root.ApiMappingId }));
  assert.deepEqual((await server.client.send(new GetApiMappingsCommand({ DomainName: 'shop.example.com' }))).Items!.map((m) => m.ApiMappingKey), ['orders/v3']);
  await rejects(server.client.send(new GetApiMappingCommand({ DomainName: 'shop.example.com', ApiMappingId: root.ApiMappingId })), 'NotFoundException', 404, 'The api mapping resource specified in the request was not found.');
  await server.client.send(new DeleteDomainNameCommand({ DomainName: 'shop.example.com' }));
  await rejects(server.client.send(new GetApiMappingsCommand({ DomainName: 'shop.example.com' })), 'NotFoundException', 404, /domain name resource/);
});
