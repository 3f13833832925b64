/**
 * Parity: GatewayResponse operations against AWS's recorded answers
 * (test_apigateway_api.snapshot.json, TestApiGatewayGatewayResponse::*). The inputs are rebuilt
 * from LocalStack's tests/aws/services/apigateway/test_apigateway_api.py.
 */
import { describe, it } from 'node:test';
import {
  DeleteGatewayResponseCommand,
  GetGatewayResponseCommand,
  GetGatewayResponsesCommand,
  PutGatewayResponseCommand,
  UpdateGatewayResponseCommand,
  type GatewayResponseType,
} from '@aws-sdk/client-api-gateway';
import { createRestApi, useGatehouse } from '../helpers/gatehouse.js';
import { Bindings, capture, matchRecorded, recorded, snapshotsAvailable } from './snapshot.js';
import { asRecorder } from './recorder-json.js';

const FILE = 'test_apigateway_api.snapshot.json';
const rec = (test: string) => recorded(FILE, `TestApiGatewayGatewayResponse::${test}`);

const TEMPLATE =
  '{\n     "message": $context.error.messageString,\n     "type":  "$context.error.responseType",\n     "stage":  "$context.stage",\n' +
  '     "resourcePath":  "$context.resourcePath",\n     "stageVariables.a":  "$stageVariables.a",\n     "statusCode": "\'404\'"\n}';
const PARAMETERS = {
  'gatewayresponse.header.x-request-path': 'method.request.path.petId',
  'gatewayresponse.header.Access-Control-Allow-Origin': "'a.b.c'",
  'gatewayresponse.header.x-request-query': 'method.request.querystring.q',
  'gatewayresponse.header.x-request-header': 'method.request.header.Accept',
};

/** Like the LocalStack test's SortingTransformer on `items` by responseType. */
function sortItems(r: Record<string, unknown>): Record<string, unknown> {
  const items = r.items as { responseType: string }[] | undefined;
  items?.sort((a, b) => a.responseType.localeCompare(b.responseType));
  return r;
}

describe('gateway responses match AWS', { skip: !snapshotsAvailable && 'recorded AWS responses not available' }, () => {
  const server = useGatehouse();

  const newApi = async () => (await createRestApi(server.client, 'gw-responses', 'APIGW test GatewayResponse')).restApiId;

  it('a customised response replaces the default until it is deleted', async () => {
    const r = rec('test_gateway_response_crud');
    const b = new Bindings();
    const restApiId = await newApi();
    const type = 'MISSING_AUTHENTICATION_TOKEN';
    matchRecorded(r['get-gateway-response-default'], await capture(() => server.client.send(new GetGatewayResponseCommand({ restApiId, responseType: type }))), b);
    const put = await capture(() =>
      server.client.send(new PutGatewayResponseCommand({ restApiId, responseType: type, statusCode: '404', responseParameters: PARAMETERS, responseTemplates: { 'application/json': TEMPLATE } })),
    );
    matchRecorded(r['put-gateway-response'], put, b);
    matchRecorded(r['get-gateway-responses'], sortItems(await capture(() => server.client.send(new GetGatewayResponsesCommand({ restApiId })))), b);
    matchRecorded(r['get-gateway-response'], await capture(() => server.client.send(new GetGatewayResponseCommand({ restApiId, responseType: type }))), b);
    matchRecorded(r['delete-gateway-response'], await capture(() => server.client.send(new DeleteGatewayResponseCommand({ restApiId, responseType: type }))), b);
    matchRecorded(r['get-deleted-gw-response'], await capture(() => server.client.send(new GetGatewayResponseCommand({ restApiId, responseType: type }))), b);
  });

  it('a put fills what it leaves out with defaults, and a put DEFAULT_5XX flows into the 5XX types', async () => {
    const r = rec('test_gateway_response_put');
    const b = new Bindings();
    const restApiId = await newApi();
    const type = 'MISSING_AUTHENTICATION_TOKEN';
    const put = (input: { responseType: GatewayResponseType; statusCode?: string; responseParameters?: Record<string, string>; responseTemplates?: Record<string, string> }) =>
      capture(() => server.client.send(new PutGatewayResponseCommand({ restApiId, ...input })));
    matchRecorded(r['put-gateway-response-all-value'], await put({ responseType: type, statusCode: '404', responseParameters: PARAMETERS, responseTemplates: { 'application/json': TEMPLATE } }), b);
    matchRecorded(r['put-gateway-response-status-only'], await put({ responseType: type, statusCode: '404' }), b);
    const accept = { 'gatewayresponse.header.x-request-header': 'method.request.header.Accept' };
    matchRecorded(r['put-gateway-response-response-parameters-only'], await put({ responseType: type, responseParameters: accept }), b);
    matchRecorded(r['put-gateway-response-response-templates-only'], await put({ responseType: type, responseTemplates: { 'application/json': TEMPLATE } }), b);
    matchRecorded(
      r['put-gateway-response-default-5xx'],
      await put({ responseType: 'DEFAULT_5XX', statusCode: '599', responseParameters: accept, responseTemplates: { 'application/json': TEMPLATE } }),
      b,
    );
    matchRecorded(r['put-gateway-response-default-ignored'], await put({ responseType: 'AUTHORIZER_FAILURE', responseParameters: { 'gatewayresponse.header.foo': "'bar'" } }), b);
    matchRecorded(r['get-gateway-responses'], sortItems(await capture(() => server.client.send(new GetGatewayResponsesCommand({ restApiId })))), b);
  });

  it('unknown APIs, unset responses and unknown types are refused', async () => {
    const r = rec('test_gateway_response_validation');
    const b = new Bindings();
    const restApiId = await newApi();
    // The LocalStack test replaces its random fake id with "fake-api-id" in the recording.
    const fake = 'fake-api-id';
    matchRecorded(r['get-gateway-responses-no-api'], await capture(() => server.client.send(new GetGatewayResponsesCommand({ restApiId: fake }))), b);
    matchRecorded(r['get-gateway-response-no-api'], await capture(() => server.client.send(new GetGatewayResponseCommand({ restApiId: fake, responseType: 'DEFAULT_4XX' }))), b);
    matchRecorded(r['delete-gateway-response-no-api'], await capture(() => server.client.send(new DeleteGatewayResponseCommand({ restApiId: fake, responseType: 'DEFAULT_4XX' }))), b);
    matchRecorded(
      r['update-gateway-response-no-api'],
      await capture(() => server.client.send(new UpdateGatewayResponseCommand({ restApiId: fake, responseType: 'DEFAULT_4XX', patchOperations: [] }))),
      b,
    );
    matchRecorded(r['delete-gateway-response-not-set'], await capture(() => server.client.send(new DeleteGatewayResponseCommand({ restApiId, responseType: 'DEFAULT_4XX' }))), b);
    const wrong = 'FAKE_RESPONSE_TYPE' as GatewayResponseType;
    matchRecorded(r['get-gateway-response-wrong-response-type'], await capture(() => server.client.send(new GetGatewayResponseCommand({ restApiId, responseType: wrong }))), b);
    matchRecorded(r['delete-gateway-response-wrong-response-type'], await capture(() => server.client.send(new DeleteGatewayResponseCommand({ restApiId, responseType: wrong }))), b);
    matchRecorded(
      r['update-gateway-response-wrong-response-type'],
      await capture(() => server.client.send(new UpdateGatewayResponseCommand({ restApiId, responseType: wrong, patchOperations: [] }))),
      b,
    );
    matchRecorded(
      r['put-gateway-response-wrong-response-type'],
      await capture(() => server.client.send(new PutGatewayResponseCommand({ restApiId, responseType: wrong, statusCode: '404', responseParameters: {}, responseTemplates: {} }))),
      b,
    );
  });

  it('updates patch status code, parameters and templates, and refuse what AWS refuses', async () => {
    const r = rec('test_update_gateway_response');
    const b = new Bindings();
    const restApiId = await newApi();
    const update = (patchOperations: { op?: string; path?: string; value?: string }[], responseType: GatewayResponseType = 'DEFAULT_4XX') =>
      capture(() => server.client.send(new UpdateGatewayResponseCommand({ restApiId, responseType, patchOperations: patchOperations as never })));
    matchRecorded(r['update-gateway-response-not-set'], await update([{ op: 'replace', path: '/statusCode', value: '444' }]), b);
    matchRecorded(r['default-get-gateway-response'], await capture(() => server.client.send(new GetGatewayResponseCommand({ restApiId, responseType: 'DEFAULT_4XX' }))), b);
    const put = await capture(() =>
      server.client.send(
        new PutGatewayResponseCommand({
          restApiId,
          responseType: 'DEFAULT_4XX',
          statusCode: '404',
          responseParameters: PARAMETERS,
          // The test sends a JSON document as the template (json.dumps of a dict).
          responseTemplates: { 'application/json': JSON.stringify({ 'application/json': '{"message":$context.error.messageString}' }) },
        }),
      ),
    );
    matchRecorded(r['put-gateway-response'], asRecorder(put), b);
    const xml = '<gatewayResponse><message>$context.error.messageString</message><type>$context.error.responseType</type></gatewayResponse>';
    const updated = await update([
      { op: 'replace', path: '/statusCode', value: '444' },
      { op: 'replace', path: '/responseParameters/gatewayresponse.header.Access-Control-Allow-Origin', value: "'example.com'" },
      { op: 'add', path: '/responseTemplates/application~1xml', value: xml },
    ]);
    matchRecorded(r['update-gateway-response'], asRecorder(updated), b);
    matchRecorded(r['get-gateway-response'], asRecorder(await capture(() => server.client.send(new GetGatewayResponseCommand({ restApiId, responseType: 'DEFAULT_4XX' })))), b);
    matchRecorded(r['update-gateway-add-status-code'], await update([{ op: 'add', path: '/statusCode', value: '444' }]), b);
    matchRecorded(r['update-gateway-remove-status-code'], await update([{ op: 'remove', path: '/statusCode' }]), b);
    matchRecorded(
      r['update-gateway-replace-invalid-parameter'],
      await update([{ op: 'replace', path: '/responseParameters/gatewayresponse.header.Access-Control-Allow-Origin', value: "'example.com'" }], 'DEFAULT_5XX'),
      b,
    );
    matchRecorded(r['update-gateway-no-path'], await update([{ op: 'add', value: "'example.com'" }]), b);
    matchRecorded(r['update-gateway-wrong-op'], await update([{ op: 'wrong-op', path: '/statusCode', value: "'example.com'" }]), b);
    matchRecorded(r['update-gateway-wrong-path'], await update([{ op: 'add', path: '/wrongPath', value: "'example.com'" }]), b);
    const paths = ['/responseTemplates/application~1xml', '/responseParameters/gatewayresponse.header.Access-Control-Allow-Origin'];
    for (const [i, path] of paths.entries()) {
      matchRecorded(r[`update-gateway-replace-invalid-parameter-${i}-none`], await update([{ op: 'replace', path }]), b);
    }
  });
});
