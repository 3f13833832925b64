/**
 * Parity with AWS for invoking a stage with a canary, every recorded entry of
 * test_apigateway_canary.snapshot.json TestCanaryDeployments::test_invoking_canary_deployment.
 * Inputs from LocalStack's tests/aws/services/apigateway/test_apigateway_canary.py (its
 * create_api_for_deployment fixture and the test): the canary deployment starts at 0 % and is
 * raised to 100 %, so each answer is deterministic.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateDeploymentCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  UpdateIntegrationResponseCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import { createRestApi, deleteRestApisAfterEach, useGatehouse } from '../helpers/gatehouse.js';
import { http } from '../helpers/http.js';
import { Bindings, capture, matchEntry, matchRecorded, recorded, snapshotsAvailable } from './snapshot.js';

const server = useGatehouse();
deleteRestApisAfterEach(server);

/** Python's json.dumps of the test's response template (its key order and ", " / ": " spacing). */
const template = (message: string) =>
  JSON.stringify({
    statusCode: 200,
    message,
    variable: '$stageVariables.testVar',
    nonExistingDefault: '$stageVariables.noStageVar',
    nonOverridden: '$stageVariables.defaultVar',
    isCanary: '$context.isCanaryRequest',
  })
    .replaceAll('":', '": ')
    .replaceAll(',"', ', "');

describe('Canary invocation parity (test_apigateway_canary TestCanaryDeployments)', { skip: !snapshotsAvailable }, () => {
  test('a 0 % canary leaves every request on the stage; at 100 % the canary answers with its variable overrides', async () => {
    const rec = recorded('test_apigateway_canary.snapshot.json', 'TestCanaryDeployments::test_invoking_canary_deployment');
    const b = new Bindings();
    const c = server.client;
    const { restApiId, rootId } = await createRestApi(c, 'canary-invoke');
    const at = { restApiId, resourceId: rootId, httpMethod: 'GET' };
    await c.send(new PutMethodCommand({ ...at, authorizationType: 'NONE' }));
    await c.send(new PutMethodResponseCommand({ ...at, statusCode: '200' }));
    await c.send(new PutIntegrationCommand({ ...at, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
    await c.send(new PutIntegrationResponseCommand({ ...at, statusCode: '200', selectionPattern: '', responseTemplates: { 'application/json': template('default deployment') } }));

    const first = await capture(() => c.send(new CreateDeploymentCommand({ restApiId, stageName: 'dev', variables: { testVar: 'default', defaultVar: 'default' } })));
    matchRecorded(rec['create-deployment-1'], first, b, { path: 'create-deployment-1' });
    await c.send(
      new UpdateIntegrationResponseCommand({
        ...at,
        statusCode: '200',
        patchOperations: [{ op: 'replace', path: '/responseTemplates/application~1json', value: template('canary deployment') }],
      }),
    );
    const second = await capture(() =>
      c.send(new CreateDeploymentCommand({ restApiId, stageName: 'dev', canarySettings: { percentTraffic: 0, stageVariableOverrides: { testVar: 'canary', noStageVar: 'canary' } } })),
    );
    matchRecorded(rec['create-deployment-2'], second, b, { path: 'create-deployment-2' });

    const invoke = async () => {
      const res = await http(server.g.url, { path: `/_aws/execute-api/${restApiId}/dev/` });
      assert.equal(res.status, 200, res.text);
      return res.json();
    };
    matchEntry(rec, 'response-deployment-1', await invoke(), b);
    const updated = await capture(() =>
      c.send(new UpdateStageCommand({ restApiId, stageName: 'dev', patchOperations: [{ op: 'replace', path: '/canarySettings/percentTraffic', value: '100.0' }] })),
    );
    matchRecorded(rec['update-stage'], updated, b, { path: 'update-stage' });
    matchEntry(rec, 'response-canary-deployment', await invoke(), b);
  });
});
