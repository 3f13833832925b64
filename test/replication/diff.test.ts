/**
 * A later recovery point is applied as a diff: what changed in the source since the last
 * failover is updated in the target, what is new is created, what is gone is deleted, and
 * nothing else is touched; the plan says so beforehand.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateResourceCommand,
  DeleteApiKeyCommand,
  DeleteGatewayResponseCommand,
  GetApiKeysCommand,
  GetRestApiCommand,
  GetRestApisCommand,
  GetStageCommand,
  GetUsagePlansCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateStageCommand,
  UpdateUsagePlanCommand,
} from '@aws-sdk/client-api-gateway';
import { startTestGatehouse, type TestGatehouse } from '../helpers/gatehouse.js';
import { startEchoBackend, type EchoBackend } from '../helpers/echo-backend.js';
import { DisasterRecovery } from '../../src/replication/index.js';
import { buildEstate, clientsFor, drConfig, MAPPING, SOURCE, TARGET, type Estate } from './estate.js';

describe('a later point applied as a diff', () => {
  let g: TestGatehouse;
  let echo: EchoBackend;
  let estate: Estate;
  let dir: string;
  let dr: DisasterRecovery;

  before(async () => {
    g = await startTestGatehouse({ inMemory: true });
    echo = await startEchoBackend();
    estate = await buildEstate(g, echo.url);
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-dr-'));
    writeFileSync(join(dir, 'mapping.json'), JSON.stringify(MAPPING));
    dr = new DisasterRecovery(drConfig(g, dir, { mappingFile: join(dir, 'mapping.json') }));
    await dr.capture();
    await dr.failover();
  });
  after(async () => {
    dr?.close();
    await echo?.close();
    await g?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the plan lists exactly the source changes, and the failover applies them', async () => {
    const { apigateway: s } = clientsFor(g, SOURCE);
    const restApiId = estate.restApiId;
    await s.send(new UpdateStageCommand({ restApiId, stageName: 'prod', patchOperations: [{ op: 'replace', path: '/variables/color', value: 'red' }] }));
    const api = await s.send(new GetRestApiCommand({ restApiId }));
    const fresh = await s.send(new CreateResourceCommand({ restApiId, parentId: api.rootResourceId!, pathPart: 'fresh' }));
    await s.send(new PutMethodCommand({ restApiId, resourceId: fresh.id!, httpMethod: 'GET', authorizationType: 'NONE' }));
    await s.send(new PutIntegrationCommand({ restApiId, resourceId: fresh.id!, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
    await s.send(new DeleteGatewayResponseCommand({ restApiId, responseType: 'MISSING_AUTHENTICATION_TOKEN' }));
    const plans = await s.send(new GetUsagePlansCommand({}));
    await s.send(new UpdateUsagePlanCommand({ usagePlanId: plans.items![0]!.id!, patchOperations: [{ op: 'replace', path: '/throttle/rateLimit', value: '200' }] }));
    const keys = await s.send(new GetApiKeysCommand({}));
    await s.send(new DeleteApiKeyCommand({ apiKey: keys.items![0]!.id! }));
    s.destroy();

    await dr.capture();
    const plan = await dr.plan();
    const summary = plan.actions.map((a) => `${a.kind} ${a.type.split(':')[1]} ${a.kind === 'update' ? a.fields!.join(',') : a.label}`).sort();
    assert.deepEqual(summary, [
      'create Method GET /fresh',
      'create Resource /fresh',
      'delete ApiKey API key shop-customer',
      'delete GatewayResponse MISSING_AUTHENTICATION_TOKEN',
      'delete UsagePlanKey key shop-customer in usage plan shop-basic',
      'update Stage variables',
      'update UsagePlan throttle',
    ]);

    await dr.failover();
    const { apigateway: t } = clientsFor(g, TARGET);
    const [targetApi] = (await t.send(new GetRestApisCommand({}))).items!;
    const stage = await t.send(new GetStageCommand({ restApiId: targetApi!.id!, stageName: 'prod' }));
    assert.deepEqual(stage.variables, { color: 'red' });
    assert.deepEqual((await t.send(new GetApiKeysCommand({}))).items, []);
    assert.equal((await t.send(new GetUsagePlansCommand({}))).items![0]!.throttle?.rateLimit, 200);
    t.destroy();
    assert.equal((await dr.verify()).equal, true);
    assert.deepEqual((await dr.failover()).actions, []);
  });
});
