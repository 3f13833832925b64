/**
 * Parity with AWS for TestInvokeMethod, every recorded entry of test_apigateway_api.snapshot.json
 * TestApigatewayTestInvoke::*.
 *
 * The recordings are newer than the stored copy of LocalStack's test file: its
 * test_invoke_test_method has fewer calls and test_failed_invoke_test_method is not there. The
 * inputs are rebuilt from the stored test (the /pets/{petId} methods and templates) and read off
 * the answers: each log names the method and the path sent ("Resource Path: /random/test" on the
 * /pets resource, "/pets/{petId}" when no path is sent), and the bodies give the templates. The
 * failing call is an HTTP integration whose host is a stage variable the call does not pass: the
 * case AWS logs as "Invalid endpoint address".
 *
 * LocalStack's snapshot transformers turned the log into {line00: ...} with dates written
 * "DDD MMM dd hh:mm:ss UTC yyyy", the body into JSON and the latency into "<latency>"; `shaped`
 * does the same to Gatehouse's answer after checking what it replaces.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateResourceCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  TestInvokeMethodCommand,
  type TestInvokeMethodCommandInput,
} from '@aws-sdk/client-api-gateway';
import { createRestApi, deleteRestApisAfterEach, useGatehouse } from '../helpers/gatehouse.js';
import { Bindings, capture, matchRecorded, recorded, snapshotsAvailable } from './snapshot.js';

const FILE = 'test_apigateway_api.snapshot.json';
const JAVA_DATE = /^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4} : /;

const server = useGatehouse();
deleteRestApisAfterEach(server);

/** Gatehouse's answer in the shape LocalStack's transformers gave the recorded one. */
function shaped(answer: Record<string, unknown>): Record<string, unknown> {
  if (!('log' in answer)) return answer;
  const lines = (answer.log as string).split('\n');
  const log: Record<string, string> = {};
  lines.forEach((line, i) => {
    if (i > 0 && line !== '') assert.match(line, JAVA_DATE, `log line ${i}`);
    log[`line${String(i).padStart(2, '0')}`] = line.replace(JAVA_DATE, 'DDD MMM dd hh:mm:ss UTC yyyy : ');
  });
  assert.ok(Number.isInteger(answer.latency) && (answer.latency as number) >= 0, `latency ${answer.latency}`);
  return { ...answer, log, latency: '<latency>', body: JSON.parse(answer.body as string) };
}

function scenario(testName: string) {
  const rec = recorded(FILE, testName);
  const b = new Bindings();
  const seen = new Set<string>();
  return {
    async check(name: string, input: TestInvokeMethodCommandInput) {
      assert.ok(rec[name], `${testName} has no recorded entry ${name}`);
      seen.add(name);
      const answer = shaped(await capture(() => server.client.send(new TestInvokeMethodCommand(input))));
      matchRecorded(rec[name], answer, b, { path: name });
    },
    done() {
      assert.deepEqual(Object.keys(rec).filter((k) => !seen.has(k)), [], `${testName}: recorded entries never compared`);
    },
  };
}

/** A MOCK method answering 200 with `template`. */
async function mockMethod(restApiId: string, resourceId: string, httpMethod: string, template: string) {
  const c = server.client;
  const at = { restApiId, resourceId, httpMethod };
  await c.send(new PutMethodCommand({ ...at, authorizationType: 'NONE', requestParameters: template.includes('petId') ? { 'method.request.path.petId': true } : undefined }));
  await c.send(new PutMethodResponseCommand({ ...at, statusCode: '200' }));
  await c.send(
    new PutIntegrationCommand({
      ...at,
      type: 'MOCK',
      integrationHttpMethod: httpMethod,
      requestParameters: template.includes('petId') ? { 'integration.request.path.id': 'method.request.path.petId' } : undefined,
      requestTemplates: { 'application/json': JSON.stringify({ statusCode: 200 }) },
    }),
  );
  await c.send(new PutIntegrationResponseCommand({ ...at, statusCode: '200', responseTemplates: { 'application/json': template } }));
}

describe('TestInvokeMethod parity (test_apigateway_api TestApigatewayTestInvoke)', { skip: !snapshotsAvailable }, () => {
  test('a MOCK method answers with its template, the path feeding only the path parameters, and AWS\'s log', async () => {
    const s = scenario('TestApigatewayTestInvoke::test_invoke_test_method');
    const { restApiId, rootId } = await createRestApi(server.client, 'aws lambda api');
    const pets = (await server.client.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: 'pets' }))).id!;
    const petId = (await server.client.send(new CreateResourceCommand({ restApiId, parentId: pets, pathPart: '{petId}' }))).id!;
    // Python's json.dumps spacing, as the recorded log shows the template's output.
    await mockMethod(restApiId, pets, 'GET', '{"pets": "all the pets"}');
    await mockMethod(restApiId, petId, 'GET', `{"petId": "$input.params('petId')"}`);
    await mockMethod(restApiId, petId, 'POST', `{"petId": "$input.params('petId')"}`);

    const call = (resourceId: string, httpMethod: string, pathWithQueryString?: string, body = '') => ({ restApiId, resourceId, httpMethod, pathWithQueryString, body });
    await s.check('test-invoke-method-get-pets', call(pets, 'GET', '/pets'));
    await s.check('test-invoke-method-get-pets-bad-path', call(pets, 'GET', '/random/test'));
    await s.check('test-invoke-method-get-pets-id', call(petId, 'GET', '/pets/123'));
    await s.check('test-invoke-method-get-pets-id-no-path', call(petId, 'GET'));
    await s.check('test-invoke-method-get-pets-id-bad-path', call(petId, 'GET', '/random/test'));
    await s.check('test-invoke-method-get-with-qs', call(petId, 'GET', '/pets/123?foo=bar'));
    await s.check('test-invoke-method-post-with-body', call(petId, 'POST', '/pets/123', JSON.stringify({ foo: 'bar' }).replace(':', ': ')));
    await s.check('resource-method-not-found', call(pets, 'DELETE', '/pets'));
    await s.check('resource-id-not-found', call('invalid_res', 'POST', '/pets/123', '{"foo": "bar"}'));
    await s.check('rest-api-not-found', { ...call('invalid_res', 'POST', '/pets/123', '{"foo": "bar"}'), restApiId: 'invalid_api' });
    s.done();
  });

  test('an HTTP integration whose host is an unset stage variable fails with a configuration error, logged as AWS logs it', async () => {
    const s = scenario('TestApigatewayTestInvoke::test_failed_invoke_test_method');
    const { restApiId, rootId } = await createRestApi(server.client, 'failing api');
    const at = { restApiId, resourceId: rootId, httpMethod: 'GET' };
    await server.client.send(new PutMethodCommand({ ...at, authorizationType: 'NONE' }));
    await server.client.send(new PutIntegrationCommand({ ...at, type: 'HTTP', integrationHttpMethod: 'GET', uri: 'http://${stageVariables.host}/pets' }));
    await s.check('test-invoke-failure', { ...at, pathWithQueryString: '/' });
    s.done();
  });
});
