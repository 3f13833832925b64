/**
 * Every v1 translation rule of the seed (shared/seeds/000_8804a5d92aed0244.txt, "REST APIs in API
 * Gateway (v1)"), one test each, named after the rule (src/replication/rules.ts): a source value
 * is captured region-neutral (neutral.ts) and translated into us-west-2 / 222222222222 with the
 * target ids a journal would hold; the output and the report entry are checked.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenise, type NeutralContext } from '../../src/replication/neutral.js';
import { environment, translateKey, translateNode, type TranslateContext, type TranslationEntry } from '../../src/replication/translate.js';
import { RULES } from '../../src/replication/rules.js';
import { makeKey } from '../../src/replication/keys.js';
import type { Node } from '../../src/replication/model.js';
import { methodProps } from '../../src/replication/apigateway/resources.js';
import { restApiKey } from '../../src/replication/apigateway/rest-apis.js';
import '../../src/replication/types.js';

const SRC = { region: 'us-east-1', account: '111111111111' };
const TGT = { region: 'us-west-2', account: '222222222222' };
const API = restApiKey('srcapi0001');
const FN = makeKey(undefined, 'lambda:Function', 'orders');

const neutral: NeutralContext = { ...SRC, restApis: new Map([['srcapi0001', API]]), functions: new Map([['orders', FN]]) };

/** Target ids as the journal holds them after the resources were created. */
const IDS = new Map<string, string>([
  [API, 'tgtapi0001'],
  [FN, 'orders'],
  [makeKey(API, 'apigateway:Authorizer', 'srcauth'), 'tgtauth'],
  [makeKey(API, 'apigateway:RequestValidator', 'srcval'), 'tgtval'],
  [makeKey(API, 'apigateway:Deployment', 'srcdep'), 'tgtdep'],
  [makeKey(undefined, 'apigateway:VpcLink', 'srclink'), 'tgtlink'],
  [makeKey(undefined, 'apigateway:ClientCertificate', 'srccert'), 'tgtcert'],
  [makeKey(undefined, 'apigateway:ApiKey', 'srckey'), 'tgtkey'],
]);

function ctx(mapping: Record<string, string> = {}, mode: 'failover' | 'test' = 'failover'): TranslateContext {
  return { source: SRC, target: TGT, env: environment(mode, 'drill'), mapping, targetId: (k) => IDS.get(k), nodes: new Map() };
}

function node(type: string, key: string, props: Record<string, unknown>, id = 'x'): Node {
  return { type, key, id, label: key, props: tokenise(props, neutral) };
}

function translate(n: Node, c = ctx()): { props: Record<string, unknown>; entries: TranslationEntry[]; key?: string } {
  const d = translateNode(n, c);
  return { props: d.node.props, entries: d.entries, key: d.targetKey };
}

const entry = (entries: TranslationEntry[], rule: string) => {
  const e = entries.find((x) => x.rule === rule);
  assert.ok(e, `no '${rule}' entry in ${JSON.stringify(entries)}`);
  return e;
};

const lambdaUri = (region: string, account: string, fn: string) => `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/arn:aws:lambda:${region}:${account}:function:${fn}/invocations`;

describe('translation rules (v1)', () => {
  test(`${RULES.REST_API_ID}: a child of the API is keyed under the replicated API's id`, () => {
    const key = makeKey(makeKey(API, 'apigateway:Resource', '/pets'), 'apigateway:Method', 'GET');
    assert.equal(translateKey(key, ctx()), makeKey(makeKey(restApiKey('tgtapi0001'), 'apigateway:Resource', '/pets'), 'apigateway:Method', 'GET'));
  });

  test(`${RULES.RESOURCE_ID}: a method's resource is found by path, so it names the replicated resource`, () => {
    const key = makeKey(makeKey(API, 'apigateway:Resource', '/pets/{id}'), 'apigateway:Method', 'GET');
    const translated = translateKey(key, ctx())!;
    assert.match(translated, /apigateway:Resource:%2Fpets%2F%7Bid%7D>apigateway:Method:GET$/);
    // Unmapped API: the key is not known yet (the resource will be created).
    assert.equal(translateKey(makeKey(restApiKey('unmapped01'), 'apigateway:Resource', '/'), ctx()), undefined);
  });

  test(`${RULES.AUTHORIZER_ID} and ${RULES.REQUEST_VALIDATOR_ID}: a method names the replicated authorizer and validator`, () => {
    const props = methodProps(API, { httpMethod: 'GET', authorizationType: 'CUSTOM', authorizerId: 'srcauth', requestValidatorId: 'srcval' });
    const out = translate(node('apigateway:Method', makeKey(makeKey(API, 'apigateway:Resource', '/'), 'apigateway:Method', 'GET'), props));
    assert.equal(out.props.authorizerId, 'tgtauth');
    assert.equal(out.props.requestValidatorId, 'tgtval');
    assert.equal(entry(out.entries, RULES.AUTHORIZER_ID).to, 'tgtauth');
    assert.equal(entry(out.entries, RULES.REQUEST_VALIDATOR_ID).to, 'tgtval');
  });

  test(`${RULES.LAMBDA_URI}: integration and authorizer URIs name the replicated function in the recovery region and account`, () => {
    const out = translate(node('apigateway:Authorizer', makeKey(API, 'apigateway:Authorizer', 'srcauth'), { authorizerUri: lambdaUri('us-east-1', '111111111111', 'orders') }));
    assert.equal(out.props.authorizerUri, lambdaUri('us-west-2', '222222222222', 'orders'));
    assert.equal(entry(out.entries, RULES.LAMBDA_URI).status, 'rule');
    assert.ok(out.entries.some((e) => e.rule === RULES.LAMBDA_URI && e.status === 'replicated'), 'out.entries.some((e) => e.rule === RULES.LAMBDA_URI && e.status === \'replicated\')');
    // An alias qualifier stays; a function the point does not hold is substituted by region and account.
    const alias = translate(node('apigateway:Method', 'm', { uri: lambdaUri('us-east-1', '111111111111', 'other:live') }));
    assert.equal(alias.props.uri, lambdaUri('us-west-2', '222222222222', 'other:live'));
  });

  test(`${RULES.LAMBDA_URI} in a failover test: the function carries the test prefix`, () => {
    const ids = new Map(IDS).set(FN, 'gatehouse-dr-test-drill-orders');
    const c = { ...ctx({}, 'test'), targetId: (k: string) => ids.get(k) };
    const out = translate(node('apigateway:Method', 'm', { uri: lambdaUri('us-east-1', '111111111111', 'orders') }), c);
    assert.equal(out.props.uri, lambdaUri('us-west-2', '222222222222', 'gatehouse-dr-test-drill-orders'));
  });

  test(`${RULES.IAM_ROLE}: integration and authorizer credentials name the role in the recovery account`, () => {
    const out = translate(node('apigateway:Authorizer', 'a', { authorizerCredentials: 'arn:aws:iam::111111111111:role/invoker' }));
    assert.equal(out.props.authorizerCredentials, 'arn:aws:iam::222222222222:role/invoker');
    assert.equal(entry(out.entries, RULES.IAM_ROLE).status, 'rule');
  });

  test(`${RULES.COGNITO_PROVIDER}: provider ARNs come from the mapping file, else are reported untranslated`, () => {
    const pool = 'arn:aws:cognito-idp:us-east-1:111111111111:userpool/us-east-1_AbCdEf';
    const unmapped = translate(node('apigateway:Authorizer', 'a', { providerARNs: [pool] }));
    assert.deepEqual(unmapped.props.providerARNs, [pool]);
    assert.equal(entry(unmapped.entries, RULES.COGNITO_PROVIDER).status, 'untranslated');
    const recovered = 'arn:aws:cognito-idp:us-west-2:222222222222:userpool/us-west-2_XyZ';
    const mapped = translate(node('apigateway:Authorizer', 'a', { providerARNs: [pool] }), ctx({ [pool]: recovered }));
    assert.deepEqual(mapped.props.providerARNs, [recovered]);
    assert.equal(entry(mapped.entries, RULES.MAPPING_FILE).status, 'mapped');
  });

  test(`${RULES.CERTIFICATE}: domain certificates come from the mapping file, else are reported untranslated`, () => {
    const cert = 'arn:aws:acm:us-east-1:111111111111:certificate/abc';
    const domainKey = makeKey(undefined, 'apigateway:DomainName', 'api.example.com');
    const n = () => node('apigateway:DomainName', domainKey, { domainName: 'api.example.com', regionalCertificateArn: cert, ownershipVerificationCertificateArn: cert, endpointConfiguration: { types: ['REGIONAL'] } });
    const unmapped = translate(n());
    assert.equal(unmapped.entries.filter((e) => e.rule === RULES.CERTIFICATE && e.status === 'untranslated').length, 2);
    const mapped = translate(n(), ctx({ [cert]: 'arn:aws:acm:us-west-2:222222222222:certificate/def' }));
    assert.equal(mapped.props.regionalCertificateArn, 'arn:aws:acm:us-west-2:222222222222:certificate/def');
    assert.equal(mapped.props.ownershipVerificationCertificateArn, 'arn:aws:acm:us-west-2:222222222222:certificate/def');
  });

  test(`${RULES.ACCESS_LOG}: the log group ARN gets the recovery region and account`, () => {
    const out = translate(node('apigateway:Stage', makeKey(API, 'apigateway:Stage', 'prod'), { accessLogSettings: { destinationArn: 'arn:aws:logs:us-east-1:111111111111:log-group:access', format: '$context.requestId' } }));
    assert.deepEqual(out.props.accessLogSettings, { destinationArn: 'arn:aws:logs:us-west-2:222222222222:log-group:access', format: '$context.requestId' });
    assert.equal(entry(out.entries, RULES.ACCESS_LOG).status, 'rule');
  });

  test(`${RULES.POLICY_ARN}: the policy's execute-api ARNs name the replicated API, region and account`, () => {
    const policy = { Statement: [{ Effect: 'Deny', Resource: ['arn:aws:execute-api:us-east-1:111111111111:srcapi0001/*/POST/orders', 'arn:aws:execute-api:us-east-1:999999999999:otherapi01/*'] }] };
    const out = translate(node('apigateway:RestApi', API, { name: 'orders', policy }));
    assert.deepEqual((out.props.policy as typeof policy).Statement[0]!.Resource, [
      'arn:aws:execute-api:us-west-2:222222222222:tgtapi0001/*/POST/orders',
      // Another account's API is not the source's: kept, and reported as external.
      'arn:aws:execute-api:us-east-1:999999999999:otherapi01/*',
    ]);
    assert.equal(entry(out.entries, RULES.POLICY_ARN).status, 'replicated');
    assert.equal(out.entries.find((e) => e.from.includes('999999999999'))?.status, 'external');
  });

  test(`${RULES.VPC_LINK_ID}: a VPC link integration's connection id is the replicated link's`, () => {
    const props = methodProps(API, { httpMethod: 'GET', methodIntegration: { type: 'HTTP_PROXY', connectionType: 'VPC_LINK', connectionId: 'srclink', uri: 'http://nlb.internal/' } });
    const out = translate(node('apigateway:Method', 'm', props));
    assert.equal((out.props.methodIntegration as { connectionId: string }).connectionId, 'tgtlink');
    assert.equal(entry(out.entries, RULES.VPC_LINK_ID).to, 'tgtlink');
  });

  test(`${RULES.VPC_ENDPOINT_ID}: VPC endpoint ids come from the mapping file, else are reported untranslated`, () => {
    const n = () => node('apigateway:RestApi', API, { name: 'private', endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: ['vpce-0123456789abcdef0'] } });
    assert.equal(entry(translate(n()).entries, RULES.VPC_ENDPOINT_ID).status, 'untranslated');
    const mapped = translate(n(), ctx({ 'vpce-0123456789abcdef0': 'vpce-0fedcba9876543210' }));
    assert.deepEqual((mapped.props.endpointConfiguration as { vpcEndpointIds: string[] }).vpcEndpointIds, ['vpce-0fedcba9876543210']);
  });

  test(`${RULES.EDGE_TO_REGIONAL}: edge-optimized APIs and domain names are recovered as Regional`, () => {
    const api = translate(node('apigateway:RestApi', API, { name: 'edge', endpointConfiguration: { types: ['EDGE'] } }));
    assert.deepEqual(api.props.endpointConfiguration, { types: ['REGIONAL'] });
    entry(api.entries, RULES.EDGE_TO_REGIONAL);
    const cert = 'arn:aws:acm:us-east-1:111111111111:certificate/edge';
    const target = 'arn:aws:acm:us-west-2:222222222222:certificate/regional';
    const domain = translate(
      node('apigateway:DomainName', makeKey(undefined, 'apigateway:DomainName', 'edge.example.com'), { domainName: 'edge.example.com', certificateArn: cert, endpointConfiguration: { types: ['EDGE'] } }),
      ctx({ [cert]: target }),
    );
    assert.deepEqual([domain.props.endpointConfiguration, domain.props.regionalCertificateArn, domain.props.certificateArn], [{ types: ['REGIONAL'] }, target, undefined]);
  });

  test(`${RULES.CLOUDWATCH_ROLE}: the account's CloudWatch role is the recovery account's`, () => {
    const out = translate(node('apigateway:Account', makeKey(undefined, 'apigateway:Account', 'settings'), { cloudwatchRoleArn: 'arn:aws:iam::111111111111:role/apigw-logs' }));
    assert.equal(out.props.cloudwatchRoleArn, 'arn:aws:iam::222222222222:role/apigw-logs');
    assert.equal(entry(out.entries, RULES.CLOUDWATCH_ROLE).status, 'rule');
  });

  test(`${RULES.NLB_TARGET}: VPC link target ARNs come from the mapping file, else are reported untranslated`, () => {
    const nlb = 'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/net/orders/50dc6c495c0c9188';
    const out = translate(node('apigateway:VpcLink', makeKey(undefined, 'apigateway:VpcLink', 'srclink'), { name: 'orders', targetArns: [nlb] }));
    assert.equal(entry(out.entries, RULES.NLB_TARGET).status, 'untranslated');
    const recovered = 'arn:aws:elasticloadbalancing:us-west-2:222222222222:loadbalancer/net/orders/0123456789abcdef';
    assert.deepEqual(translate(node('apigateway:VpcLink', 'l', { targetArns: [nlb] }), ctx({ [nlb]: recovered })).props.targetArns, [recovered]);
  });

  test(`${RULES.API_REFERENCE}: a base path mapping names the replicated API`, () => {
    const out = translate(node('apigateway:BasePathMapping', 'b', { restApiId: `{{gh:ref:${API}}}`, stage: 'prod' }));
    assert.deepEqual(out.props, { restApiId: 'tgtapi0001', stage: 'prod' });
    assert.equal(entry(out.entries, RULES.API_REFERENCE).to, 'tgtapi0001');
  });

  test(`${RULES.DEPLOYMENT_ID} and ${RULES.CLIENT_CERTIFICATE_ID}: a stage names the replicated deployment and certificate`, () => {
    const props = {
      deploymentId: `{{gh:ref:${makeKey(API, 'apigateway:Deployment', 'srcdep')}}}`,
      clientCertificateId: `{{gh:ref:${makeKey(undefined, 'apigateway:ClientCertificate', 'srccert')}}}`,
    };
    const out = translate(node('apigateway:Stage', makeKey(API, 'apigateway:Stage', 'prod'), props));
    assert.deepEqual(out.props, { deploymentId: 'tgtdep', clientCertificateId: 'tgtcert' });
    entry(out.entries, RULES.DEPLOYMENT_ID);
    entry(out.entries, RULES.CLIENT_CERTIFICATE_ID);
  });

  test(`${RULES.API_KEY_ID}: a usage plan key names the replicated API key`, () => {
    const out = translate(node('apigateway:UsagePlanKey', 'k', { keyType: 'API_KEY', keyId: `{{gh:ref:${makeKey(undefined, 'apigateway:ApiKey', 'srckey')}}}` }));
    assert.equal(out.props.keyId, 'tgtkey');
    entry(out.entries, RULES.API_KEY_ID);
  });

  test(`${RULES.REGION_ACCOUNT}: another service's ARN in the source scope gets the recovery region and account`, () => {
    const out = translate(node('apigateway:Account', 'a', { topic: 'arn:aws:sns:us-east-1:111111111111:alerts' }));
    assert.equal(out.props.topic, 'arn:aws:sns:us-west-2:222222222222:alerts');
    assert.equal(entry(out.entries, RULES.REGION_ACCOUNT).status, 'rule');
  });

  test(`${RULES.SQS_QUEUE}: an SQS integration and a queue URL name the queue in the recovery region and account`, () => {
    const out = translate(
      node('apigateway:Method', 'm', {
        methodIntegration: {
          uri: 'arn:aws:apigateway:us-east-1:sqs:path/111111111111/orders',
          requestParameters: { 'integration.request.querystring.QueueUrl': "'https://sqs.us-east-1.amazonaws.com/111111111111/orders'" },
        },
      }),
    );
    assert.deepEqual(out.props.methodIntegration, {
      uri: 'arn:aws:apigateway:us-west-2:sqs:path/222222222222/orders',
      requestParameters: { 'integration.request.querystring.QueueUrl': "'https://sqs.us-west-2.amazonaws.com/222222222222/orders'" },
    });
    assert.equal(out.entries.filter((e) => e.rule === RULES.SQS_QUEUE).length, 2);
  });

  test(`${RULES.TEST_PREFIX}: a failover test names its top-level resources with its prefix`, () => {
    const out = translate(node('apigateway:RestApi', API, { name: 'orders' }), ctx({}, 'test'));
    assert.equal(out.props.name, 'gatehouse-dr-test-drill-orders');
    const domain = translate(node('apigateway:DomainName', makeKey(undefined, 'apigateway:DomainName', 'api.example.com'), { domainName: 'api.example.com' }), ctx({}, 'test'));
    assert.equal(domain.props.domainName, 'gatehouse-dr-test-drill.api.example.com');
  });

  test('a capture is region-neutral: no source region or account is left in it but external ones', () => {
    const captured = tokenise({ uri: lambdaUri('us-east-1', '111111111111', 'orders'), other: 'arn:aws:sns:eu-west-1:999999999999:topic' }, neutral);
    assert.doesNotMatch(captured.uri, /us-east-1|111111111111/);
    assert.equal(captured.other, 'arn:aws:sns:eu-west-1:999999999999:topic');
  });
});
