/**
 * Parity with test_apigateway_lambda.snapshot.json for what lambda-proxy.test.ts does not compare:
 * the control-plane answers of the AWS (custom) Lambda integration scenarios (put-method,
 * put-integration, put-integration-response, put-method-response, delete-integration,
 * get-integration-after-delete), the selection patterns matched against a Python function's
 * errorMessage (test_lambda_selection_patterns), the response template overriding the status
 * (test_lambda_aws_integration_response_with_mapping_templates) and PutIntegration's refusals of
 * AWS_PROXY uris (test_put_integration_aws_proxy_uri).
 * Inputs are rebuilt from LocalStack's tests/aws/services/apigateway/test_apigateway_lambda.py
 * and its files (request-template.vm, response-template.vm, lambda_mapping_responses.py,
 * lambda_select_pattern.py as recorded: "four hundred" / "five hundred", so the patterns say so).
 * test_put_integration_aws_proxy_uri is not in the stored copy of that file: its five uris are
 * inferred from the entry names and AWS's messages.
 * Normalised, not ignored: the Python stack trace's code directory is Gatehouse's, written as
 * Lambda's /var/task before comparing.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { strToU8, zipSync } from 'fflate';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import {
  CreateDeploymentCommand,
  CreateResourceCommand,
  DeleteIntegrationCommand,
  GetIntegrationCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway';
import { createRestApi, useGatehouse } from '../helpers/gatehouse.js';
import { http } from '../helpers/http.js';
import { createInput, lambdaClient } from '../control/lambda/helpers.js';
import { Bindings, capture, matchEntry, matchRecorded, recorded, snapshotsAvailable } from './snapshot.js';
import { asRecorder } from './recorder-json.js';

const skip = !snapshotsAvailable;
const FILE = 'test_apigateway_lambda.snapshot.json';
const ROLE = 'arn:aws:iam::000000000000:role/apigw-invoke-lambda';

const ECHO_PY = 'def handler(event, context):\n    return event\n';
const MAPPING_RESPONSES_PY =
  'def handler(event, context):\n    body = event.get("body")\n    status_code = body.get("httpStatus")\n    if int(status_code) >= 400:\n        return {"statusCode": 200, "body": "customerror"}\n    else:\n        return {"statusCode": 200, "body": "noerror"}\n';
const SELECT_PATTERN_PY = [
  'def handler(event, context):',
  '    status_code = event["statusCode"]',
  '    match status_code:',
  '        case "200":',
  '            return "Pass"',
  '        case "400":',
  '            raise Exception("Error: Raising four hundred from within the Lambda function")',
  '        case "500":',
  '            raise Exception("Error: Raising five hundred from within the Lambda function")',
  '        case _:',
  '            return "Error Value in the json request should either be 400 or 500 to demonstrate"',
  '',
].join('\n');
const REQUEST_TEMPLATE_VM = `#set($allParams = $input.params())
#set($jsonBody = $input.json('$'))
#set($path = $allParams.get('path'))
#set($querystring = $allParams.get('querystring'))
#set($header = $allParams.get('header'))
#set($stage = $context.stage)
{
"apiContext": {
"apiId": "$context.apiId",
"method": "$context.httpMethod",
"sourceIp": "$context.identity.sourceIp",
"userAgent": "$context.identity.userAgent",
"path": "$context.path",
"protocol": "$context.protocol",
"requestId": "$context.requestId",
"stage": "$stage"
},
"path": {
"parameterMap": {
#foreach($paramName in $path.keySet())
"$paramName": "$util.escapeJavaScript($path.get($paramName))"#if($foreach.hasNext),#end
#end
}
},
"querystring": {
"parameterMap":{
#foreach($paramName in $querystring.keySet())
"$paramName": "$util.escapeJavaScript($querystring.get($paramName))"#if($foreach.hasNext),#end
#end
}
},
"header": {
"parameterMap": {
#foreach($paramName in $header.keySet())
"$paramName": "$util.escapeJavaScript($header.get($paramName))"#if($foreach.hasNext),#end
#end
}
},
"body": $jsonBody
}
`;
const RESPONSE_TEMPLATE_VM = `#set($inputRoot = $input.path('$'))
$input.json("$")
#if($inputRoot.toString().contains("customerror"))
    #set($context.responseOverride.status = 400)
#else
    #set($context.responseOverride.status = 202)
#end
`;

/** `<name:N>` binds one value per scenario; a bare `<Name>` matches anything. */
class ScenarioBindings extends Bindings {
  override bind(placeholder: string, actual: unknown, path: string): void {
    if (/:\d+>$/.test(placeholder)) super.bind(placeholder, actual, path);
  }
}

const server = useGatehouse();
const lambda = lambdaClient(server);

/** A Python function from one file; answers its invocation uri. */
async function pythonFunction(name: string, file: string, source: string): Promise<string> {
  const zip = zipSync({ [`${file}.py`]: strToU8(source) });
  const fn = await lambda().send(new CreateFunctionCommand(createInput(name, { Handler: `${file}.handler`, Code: { ZipFile: zip } })));
  return `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fn.FunctionArn}/invocations`;
}

/** A new API with one resource under the root. */
async function apiWith(name: string, pathPart: string) {
  const { restApiId, rootId } = await createRestApi(server.client, name);
  const resource = await server.client.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart }));
  return { restApiId, resourceId: resource.id! };
}

const invoke = (restApiId: string, stage: string, path: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}) =>
  http(server.g.url, { method: init.method ?? 'GET', path: `/_aws/execute-api/${restApiId}/${stage}${path}`, body: init.body, headers: init.headers });

describe('parity: AWS (custom) Lambda integrations (test_apigateway_lambda)', { skip }, () => {
  test('test_lambda_aws_integration: the control-plane answers', async () => {
    const content = recorded(FILE, 'test_lambda_aws_integration');
    const b = new ScenarioBindings();
    const uri = await pythonFunction('parity-custom-echo', 'lambda_echo', ECHO_PY);
    const { restApiId, resourceId } = await apiWith('parity-custom-echo', 'test');
    const at = { restApiId, resourceId, httpMethod: 'POST' };
    const c = server.client;
    matchRecorded(content['put-method'], await capture(() => c.send(new PutMethodCommand({ ...at, authorizationType: 'NONE' }))), b);
    matchRecorded(content['put-integration'], await capture(() => c.send(new PutIntegrationCommand({ ...at, type: 'AWS', integrationHttpMethod: 'POST', uri, credentials: ROLE }))), b);
    matchRecorded(content['put-integration-response'], await capture(() => c.send(new PutIntegrationResponseCommand({ ...at, statusCode: '200' }))), b);
    matchRecorded(content['put-method-response'], await capture(() => c.send(new PutMethodResponseCommand({ ...at, statusCode: '200' }))), b);
  });

  test('test_lambda_aws_integration_with_request_template: the control-plane answers, and the integration deleted', async () => {
    const content = recorded(FILE, 'test_lambda_aws_integration_with_request_template');
    const b = new ScenarioBindings();
    const uri = await pythonFunction('parity-custom-template', 'lambda_echo', ECHO_PY);
    const { restApiId, resourceId } = await apiWith('parity-custom-template', 'test');
    const at = { restApiId, resourceId, httpMethod: 'GET' };
    const c = server.client;
    matchRecorded(content['put-method'], await capture(() => c.send(new PutMethodCommand({ ...at, authorizationType: 'NONE', requestParameters: { 'method.request.querystring.param1': false } }))), b);
    matchRecorded(content['put-method-response'], await capture(() => c.send(new PutMethodResponseCommand({ ...at, statusCode: '200' }))), b);
    const requestTemplates = { 'application/json': '{"param1": "$input.params(\'param1\')"}' };
    const integration = await capture(() => c.send(new PutIntegrationCommand({ ...at, integrationHttpMethod: 'POST', type: 'AWS', uri, credentials: ROLE, requestTemplates })));
    matchRecorded(content['put-integration'], asRecorder(integration), b);
    matchRecorded(content['put-integration-response'], await capture(() => c.send(new PutIntegrationResponseCommand({ ...at, statusCode: '200', selectionPattern: '' }))), b);
    await c.send(new CreateDeploymentCommand({ restApiId, stageName: 'api' }));
    const res = await invoke(restApiId, 'api', '/test?param1=foobar');
    assert.equal(res.status, 200, res.text);
    matchRecorded(content['delete-integration'], await capture(() => c.send(new DeleteIntegrationCommand(at))), b);
    matchRecorded(content['get-integration-after-delete'], await capture(() => c.send(new GetIntegrationCommand(at))), b);
  });

  test('test_lambda_selection_patterns: errorMessage patterns pick 405 and 502; the error document is the body', async () => {
    const content = recorded(FILE, 'test_lambda_selection_patterns');
    const b = new ScenarioBindings();
    const uri = await pythonFunction('parity-select-pattern', 'lambda_select_pattern', SELECT_PATTERN_PY);
    const { restApiId, resourceId } = await apiWith('parity-select-pattern', '{statusCode}');
    const at = { restApiId, resourceId, httpMethod: 'GET' };
    const c = server.client;
    await c.send(new PutMethodCommand({ ...at, authorizationType: 'NONE' }));
    await c.send(
      new PutIntegrationCommand({ ...at, integrationHttpMethod: 'POST', type: 'AWS', uri, credentials: ROLE, requestTemplates: { 'application/json': '{"statusCode": "$input.params(\'statusCode\')"}' } }),
    );
    for (const statusCode of ['200', '405', '502']) await c.send(new PutMethodResponseCommand({ ...at, statusCode }));
    await c.send(new PutIntegrationResponseCommand({ ...at, statusCode: '200' }));
    await c.send(new PutIntegrationResponseCommand({ ...at, statusCode: '405', selectionPattern: '.*four hundred.*' }));
    await c.send(new PutIntegrationResponseCommand({ ...at, statusCode: '502', selectionPattern: '.*five hundred.*' }));
    await c.send(new CreateDeploymentCommand({ restApiId, stageName: 'dev' }));

    for (const [sent, status] of [[200, 200], [400, 405], [500, 502]] as const) {
      const res = await invoke(restApiId, 'dev', `/${sent}`);
      assert.equal(res.status, status, res.text);
      const body = JSON.parse(res.text) as unknown;
      if (body && typeof body === 'object' && Array.isArray((body as { stackTrace?: unknown }).stackTrace)) {
        const error = body as { stackTrace: string[] };
        error.stackTrace = error.stackTrace.map((line) => line.replace(/File "[^"]*\/lambda_select_pattern\.py"/, 'File "/var/task/lambda_select_pattern.py"'));
      }
      matchEntry(content, `lambda-selection-pattern-${sent}`, body, b);
    }
  });

  test('test_lambda_aws_integration_response_with_mapping_templates: the response template sets the status', async () => {
    const content = recorded(FILE, 'test_lambda_aws_integration_response_with_mapping_templates');
    const uri = await pythonFunction('parity-mapping-responses', 'lambda_mapping_responses', MAPPING_RESPONSES_PY);
    const { restApiId, resourceId } = await apiWith('parity-mapping-responses', 'test');
    const at = { restApiId, resourceId, httpMethod: 'POST' };
    const c = server.client;
    await c.send(new PutMethodCommand({ ...at, authorizationType: 'NONE' }));
    await c.send(new PutMethodResponseCommand({ ...at, statusCode: '200' }));
    await c.send(new PutMethodResponseCommand({ ...at, statusCode: '400' }));
    await c.send(new PutIntegrationCommand({ ...at, integrationHttpMethod: 'POST', type: 'AWS', uri, credentials: ROLE, requestTemplates: { 'application/json': REQUEST_TEMPLATE_VM } }));
    await c.send(new PutIntegrationResponseCommand({ ...at, statusCode: '200', selectionPattern: '', responseTemplates: { 'application/json': RESPONSE_TEMPLATE_VM } }));
    await c.send(new CreateDeploymentCommand({ restApiId, stageName: 'api' }));
    const cases = [
      ['response-template-202', { httpStatus: '200' }],
      ['response-template-400', { httpStatus: '400', errorMessage: 'Test Bad request' }],
    ] as const;
    for (const [entry, body] of cases) {
      const res = await invoke(restApiId, 'api', '/test', { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
      matchEntry(content, entry, { statusCode: res.status, body: JSON.parse(res.text) as unknown }, new ScenarioBindings());
    }
  });

  test('test_put_integration_aws_proxy_uri: AWS_PROXY uris AWS refuses', async () => {
    const content = recorded(FILE, 'test_put_integration_aws_proxy_uri');
    const b = new ScenarioBindings();
    const { restApiId, resourceId } = await apiWith('parity-proxy-uri', 'test');
    const at = { restApiId, resourceId, httpMethod: 'ANY' };
    await server.client.send(new PutMethodCommand({ ...at, authorizationType: 'NONE' }));
    const fnArn = 'arn:aws:lambda:us-east-1:000000000000:function:proxy-uri';
    const cases: [string, string][] = [
      // The function's own ARN, not an apigateway invocation uri.
      ['put-integration-lambda-uri', fnArn],
      ['put-integration-wrong-arn', 'not-an-arn'],
      // An apigateway ARN whose resource is neither path/ nor action/.
      ['put-integration-wrong-type', `arn:aws:apigateway:us-east-1:lambda:functions/${fnArn}/invocations`],
      ['put-integration-wrong-firehose', 'arn:aws:apigateway:us-east-1:kinesis:action/PutRecord'],
      ['put-integration-bad-lambda-arn', `arn:aws:apigateway:us-east-1:lambda:path/functions/${fnArn}/invocations`],
    ];
    for (const [entry, uri] of cases) {
      const answer = await capture(() => server.client.send(new PutIntegrationCommand({ ...at, type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri })));
      matchRecorded(content[entry], answer, b);
    }
  });
});
