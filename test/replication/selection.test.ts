/**
 * Selection and the seed's "automatically included" rules: a selection by API ids or tags brings
 * the selected APIs, the custom domain names that map to them (and every other API those names
 * map: "Base Path Mapping -> Rest API"), the usage plans metering them with their keys, the
 * account settings; nothing else of the source.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateApiKeyCommand,
  CreateBasePathMappingCommand,
  CreateDeploymentCommand,
  CreateDomainNameCommand,
  CreateRestApiCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  type APIGatewayClient,
} from '@aws-sdk/client-api-gateway';
import { startTestGatehouse, type TestGatehouse } from '../helpers/gatehouse.js';
import { DisasterRecovery } from '../../src/replication/index.js';
import { clientsFor, drConfig, SOURCE, SOURCE_CERT } from './estate.js';

async function deployedApi(c: APIGatewayClient, name: string, tags: Record<string, string> = {}): Promise<string> {
  const api = await c.send(new CreateRestApiCommand({ name, tags }));
  const ids = { restApiId: api.id!, resourceId: api.rootResourceId!, httpMethod: 'GET' };
  await c.send(new PutMethodCommand({ ...ids, authorizationType: 'NONE' }));
  await c.send(new PutIntegrationCommand({ ...ids, type: 'MOCK' }));
  await c.send(new CreateDeploymentCommand({ restApiId: api.id!, stageName: 'prod' }));
  return api.id!;
}

describe('selection', () => {
  let g: TestGatehouse;
  let dir: string;
  const ids: Record<string, string> = {};

  before(async () => {
    g = await startTestGatehouse({ inMemory: true });
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-dr-'));
    const { apigateway: c } = clientsFor(g, SOURCE);
    ids.web = await deployedApi(c, 'web', { team: 'web' });
    ids.ops = await deployedApi(c, 'ops', { team: 'ops' });
    ids.shared = await deployedApi(c, 'shared');
    ids.alone = await deployedApi(c, 'alone');
    await c.send(new CreateDomainNameCommand({ domainName: 'api.example.com', regionalCertificateArn: SOURCE_CERT, endpointConfiguration: { types: ['REGIONAL'] } }));
    await c.send(new CreateBasePathMappingCommand({ domainName: 'api.example.com', basePath: 'web', restApiId: ids.web, stage: 'prod' }));
    await c.send(new CreateBasePathMappingCommand({ domainName: 'api.example.com', basePath: 'shared', restApiId: ids.shared, stage: 'prod' }));
    const plan = await c.send(new CreateUsagePlanCommand({ name: 'ops-plan', apiStages: [{ apiId: ids.ops, stage: 'prod' }] }));
    const key = await c.send(new CreateApiKeyCommand({ name: 'ops-key', enabled: true }));
    await c.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId: key.id!, keyType: 'API_KEY' }));
    await c.send(new CreateApiKeyCommand({ name: 'unused-key', enabled: true }));
    c.destroy();
  });
  after(async () => {
    await g?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const capture = async (selection: object, sub: string) => {
    const dr = new DisasterRecovery(drConfig(g, join(dir, sub), { selection }));
    try {
      const p = await dr.capture();
      return { p, labels: p.nodes.filter((n) => !n.key.includes('>')).map((n) => `${n.type.split(':')[1]} ${n.label}`).sort(), tree: (await dr.deps()).tree };
    } finally {
      dr.close();
    }
  };

  test('an API selected by id brings the domain names mapping it, and the other APIs they map', async () => {
    const { p, labels, tree } = await capture({ restApiIds: [ids.web] }, 'by-id');
    assert.deepEqual(p.selected, [`apigateway:RestApi:${ids.web}`]);
    assert.deepEqual(labels, ['Account API Gateway account settings', 'DomainName domain api.example.com', 'RestApi shared', 'RestApi web']);
    assert.match(tree, /^apigateway:RestApi web\n/);
    assert.match(tree, /served by domain: apigateway:DomainName domain api\.example\.com/);
  });

  test('APIs selected by tags bring the usage plans metering them and the plans\' keys', async () => {
    const { labels } = await capture({ tags: { team: 'ops' } }, 'by-tag');
    assert.deepEqual(labels, ['Account API Gateway account settings', 'ApiKey API key ops-key', 'RestApi ops', 'UsagePlan usage plan ops-plan']);
  });

  test('all selects every API; unused keys stay behind', async () => {
    const { labels } = await capture({ all: true }, 'all');
    assert.ok(['RestApi alone', 'RestApi ops', 'RestApi shared', 'RestApi web'].every((l) => labels.includes(l)), labels.join(', '));
    assert.ok(!labels.includes('ApiKey API key unused-key'), '!labels.includes(\'ApiKey API key unused-key\')');
  });

  test('a selected API that does not exist is refused', async () => {
    await assert.rejects(capture({ restApiIds: ['nosuchapi0'] }, 'missing'), /API nosuchapi0 \(selected\) does not exist in us-east-1\/111111111111/);
  });
});
