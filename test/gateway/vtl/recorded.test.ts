/**
 * Mapping-template outputs recorded from real AWS (shared/reference/aws-recorded-responses/snapshots),
 * reproduced by rendering the same templates over the same payloads. The templates and payloads
 * are those of LocalStack's tests (tests/aws/services/apigateway/*.py, tests/aws/files/*.vm); each
 * test names the recorded entry it compares with. The expected values are read from the recordings.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileTemplate } from '../../../src/gateway/vtl/index.js';
import { recorded, snapshotsAvailable } from '../../parity/snapshot.js';
import { variables, type Vars } from './helpers.js';

const skip = !snapshotsAvailable && 'recorded AWS responses not available';

/** The recorded HTTP body `b'...'` as text. */
function bytesLiteral(value: unknown): string {
  const s = String(value);
  assert.ok(s.startsWith("b'") && s.endsWith("'"), s);
  return s.slice(2, -1);
}

describe('TestApiGatewayCommon::test_input_path_template_formatting (test_apigateway_common.snapshot.json)', { skip }, () => {
  const rec = () => recorded('test_apigateway_common.snapshot.json', 'TestApiGatewayCommon::test_input_path_template_formatting');
  // The integration is an HTTP echo server answering {"data": ..., "json": <the posted JSON>, ...};
  // the response template reads it.
  const echo = (posted: unknown) => JSON.stringify({ args: {}, data: posted === undefined ? '' : JSON.stringify(posted), json: posted ?? null, method: 'POST' });
  const routes: Record<string, string> = {
    path: '#set($result = $input.path("$.json"))$result',
    nested: '#set($result = $input.path("$.json"))$result.nested',
    list: '#set($result = $input.path("$.json"))$result[0]',
    'to-string': '#set($result = $input.path("$.json"))$result.toString()',
    'invalid-path':
      '#set($result = $input.path("$.nonExisting")){"body": $result, "nested": $result.nested, "isNull": #if( $result == $null )"true"#else"false"#end, "isEmptyString": #if( $result == "" )"true"#else"false"#end}',
    'nested-list':
      '#set($result = $input.path("$.json.listValue")){"body": $result, "nested": $result.nested, "isNull": #if( $result == $null )"true"#else"false"#end, "isEmptyString": #if( $result == "" )"true"#else"false"#end}',
  };
  const cases: [entry: string, route: string, posted: unknown][] = [
    ['dict-response', 'path', { foo: 'bar' }],
    ['json-list', 'path', [{ foo: 'bar' }]],
    ['nested-dict', 'nested', { nested: { foo: 'bar' } }],
    ['nested-list', 'nested', { nested: [{ foo: 'bar' }] }],
    ['dict-in-list', 'list', [{ foo: 'bar' }]],
    ['list-with-nested-list', 'list', [[{ foo: 'bar' }]]],
    ['dict-with-nested-list', 'path', { foo: [{ nested: 'bar' }] }],
    ['bigger-dict', 'path', { bigger: 'dict', to: 'test', with: 'separators' }],
    ['to-string', 'to-string', { foo: 'bar' }],
    ['list-to-string', 'to-string', { list: [{ foo: 'bar' }] }],
    ['empty-body', 'invalid-path', undefined],
    ['nested-empty-list', 'nested-list', { listValue: [] }],
    ['nested-null-list', 'nested-list', { listValue: null }],
  ];
  for (const [entry, route, posted] of cases) {
    it(`"${entry}": ${routes[route]}`, () => {
      const out = compileTemplate(routes[route]).render(variables({ body: echo(posted) })).output;
      assert.equal(out, rec()[entry]);
    });
  }
});

describe('TestApiGatewayCommon::test_input_body_formatting (test_apigateway_common.snapshot.json)', { skip }, () => {
  const rec = () => recorded('test_apigateway_common.snapshot.json', 'TestApiGatewayCommon::test_input_body_formatting');
  const rawBody = '#set($result = $input.body)$result';
  const bodyInStr = 'Action=SendMessage&MessageBody=$input.body';
  const attrAccess = '#set($result = $input.body.testAccess)$result';
  const urlEncode = 'EncodedBody=$util.urlEncode($input.body)&EncodedBodyAccess=$util.urlEncode($input.body.testAccess)';
  // Request template -> a Lambda function URL answering the body it got -> response template.
  const routes: Record<string, [request: string, response: string]> = {
    'raw-body': [rawBody, rawBody],
    'str-body-input': [bodyInStr, rawBody],
    'str-body-output': [rawBody, bodyInStr],
    'str-body-all': [bodyInStr, bodyInStr],
    'body-attr-access': [attrAccess, rawBody],
    'url-encode': [urlEncode, rawBody],
  };
  // What python-requests sent: nothing, json={"some": "value"} (json.dumps spacing), raw bytes.
  const bodies: Record<string, string> = { 'empty-body': '', 'json-body': '{"some": "value"}', 'str-body': 'some raw data' };
  for (const [route, [request, response]] of Object.entries(routes)) {
    for (const [kind, body] of Object.entries(bodies)) {
      it(`"response-${route}".${kind}`, () => {
        const sent = compileTemplate(request).render(variables({ body })).output;
        const answered = compileTemplate(response).render(variables({ body: sent })).output;
        assert.equal(answered, bytesLiteral((rec()[`response-${route}`] as Record<string, unknown>)[kind]));
      });
    }
  }
});

describe('MOCK integrations carrying overrides between templates (test_apigateway_integrations.snapshot.json)', { skip }, () => {
  const file = 'test_apigateway_integrations.snapshot.json';

  /** Renders the request template, then the response template with the overrides it left. */
  function mock(requestTemplate: string, responseTemplate: string | undefined, v: Vars = {}) {
    const req = compileTemplate(requestTemplate).render(variables(v));
    const context = { ...req.contextOverrides };
    const res = responseTemplate === undefined ? undefined : compileTemplate(responseTemplate).render(variables({ ...v, body: '', context }));
    return { req, res };
  }

  it('test_integration_mock_with_request_overrides_in_response_template: invoke-path1, -path2, -path-else', () => {
    const rec = recorded(file, 'test_integration_mock_with_request_overrides_in_response_template');
    const requestTemplate = `#set($body = $util.base64Decode($input.params('testPath')))
    #set($context.requestOverride.path.body = $body)
    {
      "statusCode": 200
    }
    `;
    const responseTemplate = `
    #set($body = $util.parseJson($context.requestOverride.path.body))
    #set($inputBody = $body.message)
    #if($inputBody == "path1")
    {
       "response": "path was path one"
    }
    #elseif($inputBody == "path2")
    {
       "response": "path was path two"
    }
    #else
    {
      "response": "this is the else clause"
    }
    #end
    `;
    for (const [entry, message] of [['invoke-path1', 'path1'], ['invoke-path2', 'path2'], ['invoke-path-else', 'whatever']]) {
      const testPath = Buffer.from(JSON.stringify({ message })).toString('base64');
      const { res } = mock(requestTemplate, responseTemplate, { path: { testPath } });
      assert.deepEqual(JSON.parse(res!.output), rec[entry], entry);
    }
  });

  const overrideRequest = `
    #set($context.responseOverride.status = 444)
    #set($context.responseOverride.header.foo = "bar")
    #set($context.responseOverride.custom = "is also passed around")
    {
      "statusCode": 200
    }
    `;

  it('test_integration_mock_with_response_override_in_request_template[True]: response', () => {
    const rec = recorded(file, 'test_integration_mock_with_response_override_in_request_template[True]').response as Record<string, unknown>;
    const responseTemplate = `
    #set($statusOverride = $context.responseOverride.status)
    #set($fooHeader = $context.responseOverride.header.foo)
    #set($custom = $context.responseOverride.custom)
    {
        "statusOverride": "$statusOverride",
        "fooHeader": "$fooHeader",
        "custom": "$custom"
    }
    `;
    const { res } = mock(overrideRequest, responseTemplate);
    assert.deepEqual(JSON.parse(res!.output), rec.body);
    assert.equal(res!.overrides.response.status, rec.status_code);
    assert.deepEqual(res!.overrides.response.header, { foo: 'bar' });
  });

  it('test_integration_mock_with_response_override_in_request_template[False]: the request template alone sets status 444', () => {
    const rec = recorded(file, 'test_integration_mock_with_response_override_in_request_template[False]').response as Record<string, unknown>;
    const { req } = mock(overrideRequest, undefined);
    assert.equal(req.overrides.response.status, rec.status_code);
    assert.deepEqual(req.overrides.response.header, { foo: 'bar' });
  });

  it('test_integration_mock_with_vtl_map_assignation: response', () => {
    const rec = recorded(file, 'test_integration_mock_with_vtl_map_assignation').response as Record<string, unknown>;
    const requestTemplate = `
    #set($paramName = "foo")
    #set($context.requestOverride.querystring[$paramName] = "bar")
    #set($paramPutName = "putfoo")
    $context.requestOverride.querystring.put($paramPutName, "putBar")
    #set($context["requestOverride"].querystring["nestedfoo"] = "nestedFoo")
    {
      "statusCode": 200
    }
    `;
    const responseTemplate = `
    #set($value = $context.requestOverride.querystring["foo"])
    #set($value2 = $context.requestOverride.querystring["putfoo"])
    #set($value3 = $context.requestOverride.querystring["nestedfoo"])
    {
        "value": "$value",
        "value2": "$value2",
        "value3": "$value3"
    }
    `;
    const { req, res } = mock(requestTemplate, responseTemplate);
    assert.deepEqual(JSON.parse(res!.output), rec.body);
    assert.deepEqual(req.overrides.request.querystring, { foo: 'bar', putfoo: 'putBar', nestedfoo: 'nestedFoo' });
    // `put` answers the previous value, null, which prints as nothing: the request body stays JSON.
    assert.deepEqual(JSON.parse(req.output), { statusCode: 200 });
  });
});

describe('Lambda (AWS) integrations (test_apigateway_lambda.snapshot.json)', { skip }, () => {
  const file = 'test_apigateway_lambda.snapshot.json';

  it('test_lambda_aws_integration_response_with_mapping_templates: response-template-202 and -400 (tests/aws/files/response-template.vm)', () => {
    const rec = recorded(file, 'test_lambda_aws_integration_response_with_mapping_templates');
    const template = compileTemplate(
      '#set($inputRoot = $input.path(\'$\'))\n$input.json("$")\n#if($inputRoot.toString().contains("customerror"))\n    #set($context.responseOverride.status = 400)\n#else\n    #set($context.responseOverride.status = 202)\n#end\n',
    );
    for (const entry of ['response-template-202', 'response-template-400']) {
      const expected = rec[entry] as { body: unknown; statusCode: number };
      // The Lambda function answered the payload the recording shows as the body.
      const result = template.render(variables({ body: JSON.stringify(expected.body) }));
      assert.deepEqual(JSON.parse(result.output), expected.body, entry);
      assert.equal(result.overrides.response.status, expected.statusCode, entry);
    }
  });

  it('test_lambda_aws_integration_with_request_template: lambda-aws-integration-1 (the echo function answers the rendered request)', () => {
    const rec = recorded(file, 'test_lambda_aws_integration_with_request_template');
    const out = compileTemplate('{"param1": "$input.params(\'param1\')"}').render(variables({ querystring: { param1: 'foobar' } })).output;
    assert.deepEqual(JSON.parse(out), rec['lambda-aws-integration-1']);
    const withSignature = compileTemplate('{"param1": "$input.params(\'param1\')"}').render(variables({ querystring: { param1: 'foobar', Signature: '1' } })).output;
    assert.deepEqual(JSON.parse(withSignature), rec['lambda-aws-integration-2']);
  });
});

describe('SQS (AWS) integrations (test_apigateway_sqs.snapshot.json)', { skip }, () => {
  const file = 'test_apigateway_sqs.snapshot.json';
  /** SendMessage's MessageBody from a form-encoded request body. */
  const messageBody = (form: string) => new URLSearchParams(form.replaceAll('+', '%2B')).get('MessageBody');

  it('test_sqs_aws_integration: sqs-messages (with and without payload)', () => {
    const rec = recorded(file, 'test_sqs_aws_integration')['sqs-messages'] as unknown as { Body: unknown }[];
    const template = compileTemplate('Action=SendMessage&MessageBody=$input.body');
    const withPayload = template.render(variables({ body: '{"foo": "bar"}' })).output;
    const without = template.render(variables({ body: '' })).output;
    assert.deepEqual(JSON.parse(messageBody(withPayload)!), rec[0].Body);
    assert.deepEqual(JSON.parse(messageBody(without)!), rec[1].Body);
  });

  it('test_sqs_aws_integration_with_message_attribute[MessageAttribute]: sqs-message-attributes', () => {
    const rec = recorded(file, 'test_sqs_aws_integration_with_message_attribute[MessageAttribute]');
    const out = compileTemplate(
      "Action=SendMessage&MessageBody=$input.body&MessageAttribute.1.Name=user-agent&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=$input.params('HeaderFoo')",
    ).render(variables({ body: '{"foo": "bar"}', header: { HeaderFoo: 'BAR-Header' } })).output;
    const form = new URLSearchParams(out);
    assert.deepEqual(JSON.parse(form.get('MessageBody')!), rec['sqs-message-body']);
    const attributes = rec['sqs-message-attributes'] as Record<string, { StringValue: string }>;
    assert.equal(form.get('MessageAttribute.1.Name'), Object.keys(attributes)[0]);
    assert.equal(form.get('MessageAttribute.1.Value.StringValue'), attributes['user-agent'].StringValue);
  });

  it('test_sqs_request_and_response_xml_templates_integration: sqs-json-response', () => {
    const rec = recorded(file, 'test_sqs_request_and_response_xml_templates_integration')['sqs-json-response'];
    const template = `
            #set($responseBody = $input.path('$.SendMessageResponse'))
            #set($requestId = $input.path('$.SendMessageResponse.ResponseMetadata.RequestId'))
            #set($messageId = $responseBody.SendMessageResult.MessageId)
            {
            "requestId": "$requestId",
            "messageId": "$messageId"
            }
            `;
    const sqsAnswer = { SendMessageResponse: { ResponseMetadata: { RequestId: 'req-1' }, SendMessageResult: { MD5OfMessageBody: 'x', MessageId: 'msg-1' } } };
    const out = JSON.parse(compileTemplate(template).render(variables({ body: JSON.stringify(sqsAnswer) })).output);
    assert.deepEqual(Object.keys(out).sort(), Object.keys(rec).sort());
    assert.deepEqual(out, { requestId: 'req-1', messageId: 'msg-1' });
  });

  it('test_sqs_amz_json_protocol: sqs-messages Body ($context keys, nested $context objects print as "")', () => {
    const rec = recorded(file, 'test_sqs_amz_json_protocol')['sqs-messages'] as unknown as { Body: Record<string, Record<string, unknown>> }[];
    const template = `
        {
            "QueueUrl": "https://sqs/queue",
            "MessageBody": "{\\"context\\": {#foreach( $key in $context.keySet() )\\"$key\\": \\"$context.get($key)\\"#if($foreach.hasNext),#end#end},\\"identity\\": {#foreach( $key in $context.identity.keySet() )\\"$key\\": \\"$context.identity.get($key)\\"#if($foreach.hasNext),#end#end},\\"requestOverride\\": {#foreach( $key in $context.requestOverride.keySet() )\\"$key\\": \\"$context.requestOverride.get($key)\\"#if($foreach.hasNext),#end#end},\\"responseOverride\\": {#foreach( $key in $context.responseOverride.keySet() )\\"$key\\": \\"$context.responseOverride.get($key)\\"#if($foreach.hasNext),#end#end},\\"authorizer_keys\\": {#foreach( $key in $context.authorizer.keySet() )\\"$key\\": \\"$util.escapeJavaScript($context.authorizer.get($key))\\"#if($foreach.hasNext),#end#end}}"}
    `;
    const expected = rec[0].Body;
    // $context as the pipeline would give it for that request (no authorizer: its keys are not listed).
    const identity = Object.fromEntries(Object.keys(expected.identity).map((k) => [k, null as unknown]));
    Object.assign(identity, { sourceIp: '10.0.0.1', userAgent: 'python/requests/tests' });
    const context: Record<string, unknown> = {};
    for (const key of Object.keys(expected.context)) context[key] = key === 'identity' ? identity : `value-of-${key}`;
    delete context.requestOverride;
    delete context.responseOverride;
    Object.assign(context, { path: '/testing/sqs', accountId: '111111111111', protocol: 'HTTP/1.1', stage: 'testing', resourcePath: '/sqs', httpMethod: 'POST' });
    const out = compileTemplate(template).render(variables({ body: '{}', context })).output;
    const body = JSON.parse(JSON.parse(out).MessageBody);
    const matches = (want: unknown, got: unknown): boolean => (typeof want === 'string' && (/^<.+>$/.test(want) || want === 'request-time-epoch') ? typeof got === 'string' && got !== '' : want === got);
    for (const section of Object.keys(expected)) {
      assert.deepEqual(Object.keys(body[section]).sort(), Object.keys(expected[section]).sort(), section);
      for (const [key, want] of Object.entries(expected[section])) assert.ok(matches(want, body[section][key]), `${section}.${key}: ${body[section][key]} vs ${want}`);
    }
  });
});
