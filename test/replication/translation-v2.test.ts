/**
 * Every v2 translation rule of the seed (shared/seeds/000_8804a5d92aed0244.txt, "HTTP APIs in API
 * Gateway (v2)"), one test each, named after the rule (src/replication/rules.ts): a source node
 * as the apigatewayv2 modules list it is made region-neutral (neutral.ts) and translated into
 * us-west-2 / 222222222222 with the target ids a journal would hold; the output and the report
 * entry are checked.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ref, tokenise, type NeutralContext } from '../../src/replication/neutral.js';
import { environment, translateKey, translateNode, type TranslateContext, type TranslationEntry } from '../../src/replication/translate.js';
import { RULES } from '../../src/replication/rules.js';
import { makeKey } from '../../src/replication/keys.js';
import type { Node } from '../../src/replication/model.js';
import { apiKey, API } from '../../src/replication/apigatewayv2/apis.js';
import { AUTHORIZER } from '../../src/replication/apigatewayv2/authorizers.js';
import { INTEGRATION } from '../../src/replication/apigatewayv2/integrations.js';
import { ROUTE } from '../../src/replication/apigatewayv2/routes.js';
import { DEPLOYMENT_V2, STAGE_V2 } from '../../src/replication/apigatewayv2/stages.js';
import { VPC_LINK_V2, vpcLinkV2Key } from '../../src/replication/apigatewayv2/vpc-links.js';
import { API_MAPPING } from '../../src/replication/apigatewayv2/api-mappings.js';
import { DOMAIN_NAME } from '../../src/replication/apigateway/domains.js';
import '../../src/replication/types.js';

const SRC = { region: 'us-east-1', account: '111111111111' };
const TGT = { region: 'us-west-2', account: '222222222222' };
const APIK = apiKey('srchttp001');
const FN = makeKey(undefined, 'lambda:Function', 'orders');
const AUTH = makeKey(APIK, AUTHORIZER, 'srcauth');
const INTEG = makeKey(APIK, INTEGRATION, 'srcint');
const LINK = vpcLinkV2Key('srclink');
const DEP = makeKey(APIK, DEPLOYMENT_V2, 'srcdep');

const neutral: NeutralContext = { ...SRC, restApis: new Map([['srchttp001', APIK]]), functions: new Map([['orders', FN]]) };

const IDS = new Map<string, string>([
  [APIK, 'tgthttp001'],
  [FN, 'orders'],
  [AUTH, 'tgtauth'],
  [INTEG, 'tgtint'],
  [LINK, 'tgtlink'],
  [DEP, 'tgtdep'],
]);

const POOL_ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Src12345';

function ctx(mapping: Record<string, string> = {}): TranslateContext {
  return { source: SRC, target: TGT, env: environment('failover'), mapping, targetId: (k) => IDS.get(k), nodes: new Map() };
}

function node(type: string, key: string, props: Record<string, unknown>, payload?: Record<string, unknown>): Node {
  return { type, key, id: 'x', label: key, props: tokenise(props, neutral), ...(payload ? { payload: tokenise(payload, neutral) } : {}) };
}

function translate(n: Node, c = ctx()): { props: Record<string, any>; payload?: Record<string, any>; entries: TranslationEntry[]; key?: string } {
  const d = translateNode(n, c);
  return { props: d.node.props, payload: d.node.payload, entries: d.entries, key: d.targetKey };
}

const entry = (entries: TranslationEntry[], rule: string) => {
  const e = entries.find((x) => x.rule === rule);
  assert.ok(e, `no '${rule}' entry in ${JSON.stringify(entries)}`);
  return e;
};

const fnArn = (region: string, account: string, fn: string) => `arn:aws:lambda:${region}:${account}:function:${fn}`;
const lambdaUri = (region: string, account: string, fn: string) => `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${fnArn(region, account, fn)}/invocations`;

const authorizer = (props: Record<string, unknown>) => node(AUTHORIZER, AUTH, props);

describe('translation rules (v2)', () => {
  test(`${RULES.API_ID}: routes, integrations, authorizers and stages are keyed under the replicated API; an API mapping names it`, () => {
    assert.equal(translateKey(makeKey(APIK, ROUTE, 'GET /pets'), ctx()), makeKey(apiKey('tgthttp001'), ROUTE, 'GET /pets'));
    assert.equal(translateKey(INTEG, ctx()), makeKey(apiKey('tgthttp001'), INTEGRATION, 'tgtint'));
    assert.equal(translateKey(makeKey(APIK, STAGE_V2, 'prod'), ctx()), makeKey(apiKey('tgthttp001'), STAGE_V2, 'prod'));
    const mapping = node(API_MAPPING, makeKey(makeKey(undefined, DOMAIN_NAME, 'api.example.com'), API_MAPPING, 'orders'), { ApiId: ref(APIK), Stage: 'prod' });
    const out = translate(mapping);
    assert.equal(out.props.ApiId, 'tgthttp001');
    assert.equal(entry(out.entries, RULES.API_ID).to, 'tgthttp001');
  });

  test(`${RULES.IAM_ROLE}: an authorizer's and an integration's credentials ARN is the replicated role's`, () => {
    const a = translate(authorizer({ Name: 'lambda', AuthorizerType: 'REQUEST', AuthorizerCredentialsArn: 'arn:aws:iam::111111111111:role/invoker' }));
    assert.equal(a.props.AuthorizerCredentialsArn, 'arn:aws:iam::222222222222:role/invoker');
    assert.equal(entry(a.entries, RULES.IAM_ROLE).path, 'AuthorizerCredentialsArn');
    const i = translate(node(INTEGRATION, INTEG, { IntegrationType: 'AWS_PROXY', CredentialsArn: 'arn:aws:iam::111111111111:role/sqs-writer' }));
    assert.equal(i.props.CredentialsArn, 'arn:aws:iam::222222222222:role/sqs-writer');
    assert.equal(entry(i.entries, RULES.IAM_ROLE).path, 'CredentialsArn');
  });

  test(`${RULES.LAMBDA_URI}: an authorizer URI and an integration URI (invocation URI, function ARN, alias) name the replicated function`, () => {
    const a = translate(authorizer({ Name: 'lambda', AuthorizerType: 'REQUEST', AuthorizerUri: lambdaUri('us-east-1', '111111111111', 'orders') }));
    assert.equal(a.props.AuthorizerUri, lambdaUri('us-west-2', '222222222222', 'orders'));
    assert.ok(a.entries.some((e) => e.rule === RULES.LAMBDA_URI && e.status === 'replicated' && e.from === fnArn('us-east-1', '111111111111', 'orders')), JSON.stringify(a.entries));
    const bare = translate(node(INTEGRATION, INTEG, { IntegrationType: 'AWS_PROXY', IntegrationUri: fnArn('us-east-1', '111111111111', 'orders') }));
    assert.equal(bare.props.IntegrationUri, fnArn('us-west-2', '222222222222', 'orders'));
    entry(bare.entries, RULES.LAMBDA_URI);
    const alias = translate(node(INTEGRATION, INTEG, { IntegrationType: 'AWS_PROXY', IntegrationUri: `${fnArn('us-east-1', '111111111111', 'orders')}:live` }));
    assert.equal(alias.props.IntegrationUri, `${fnArn('us-west-2', '222222222222', 'orders')}:live`);
  });

  test(`${RULES.JWT_COGNITO_ISSUER}: a user pool issuer takes the recovery region and the mapped pool; unmapped, it is reported untranslated`, () => {
    const n = () => authorizer({ Name: 'cognito', AuthorizerType: 'JWT', JwtConfiguration: { Issuer: POOL_ISSUER, Audience: ['srcclient'] } });
    const out = translate(n(), ctx({ 'us-east-1_Src12345': 'us-west-2_Tgt67890', srcclient: 'tgtclient' }));
    assert.equal(out.props.JwtConfiguration.Issuer, 'https://cognito-idp.us-west-2.amazonaws.com/us-west-2_Tgt67890');
    assert.equal(entry(out.entries, RULES.JWT_COGNITO_ISSUER).status, 'mapped');
    const unmapped = translate(n());
    assert.equal(unmapped.props.JwtConfiguration.Issuer, POOL_ISSUER);
    assert.equal(entry(unmapped.entries, RULES.JWT_COGNITO_ISSUER).status, 'untranslated');
  });

  test(`${RULES.JWT_CUSTOM_DOMAIN_ISSUER}: a Cognito prefix domain keeps its prefix in the recovery region; the user's own domain is mapped or kept`, () => {
    const prefixed = translate(authorizer({ Name: 'c', AuthorizerType: 'JWT', JwtConfiguration: { Issuer: 'https://shop-auth.auth.us-east-1.amazoncognito.com', Audience: ['srcclient'] } }), ctx({ srcclient: 'tgtclient' }));
    assert.equal(prefixed.props.JwtConfiguration.Issuer, 'https://shop-auth.auth.us-west-2.amazoncognito.com');
    assert.equal(entry(prefixed.entries, RULES.JWT_CUSTOM_DOMAIN_ISSUER).status, 'rule');
    const own = translate(authorizer({ Name: 'c', AuthorizerType: 'JWT', JwtConfiguration: { Issuer: 'https://auth.shop.example', Audience: ['srcclient'] } }), ctx({ 'https://auth.shop.example': 'https://auth-dr.shop.example', srcclient: 'tgtclient' }));
    assert.equal(own.props.JwtConfiguration.Issuer, 'https://auth-dr.shop.example');
    assert.equal(entry(own.entries, RULES.JWT_CUSTOM_DOMAIN_ISSUER).status, 'mapped');
  });

  test(`${RULES.JWT_AUDIENCE}: the audiences of a Cognito authorizer are the mapped user pool clients; unmapped, reported untranslated`, () => {
    const n = () => authorizer({ Name: 'cognito', AuthorizerType: 'JWT', JwtConfiguration: { Issuer: POOL_ISSUER, Audience: ['srcclient', 'other'] } });
    const out = translate(n(), ctx({ 'us-east-1_Src12345': 'us-west-2_Tgt67890', srcclient: 'tgtclient', other: 'tgtother' }));
    assert.deepEqual(out.props.JwtConfiguration.Audience, ['tgtclient', 'tgtother']);
    assert.equal(out.entries.filter((e) => e.rule === RULES.JWT_AUDIENCE && e.status === 'mapped').length, 2);
    const partly = translate(n(), ctx({ 'us-east-1_Src12345': 'us-west-2_Tgt67890', srcclient: 'tgtclient' }));
    assert.deepEqual(partly.entries.filter((e) => e.rule === RULES.JWT_AUDIENCE && e.status === 'untranslated').map((e) => e.from), ['other']);
  });

  test(`${RULES.JWT_OTHER_ISSUER}: another identity provider's issuer and audiences are kept as the source has them`, () => {
    const out = translate(authorizer({ Name: 'auth0', AuthorizerType: 'JWT', JwtConfiguration: { Issuer: 'https://shop.eu.auth0.com/', Audience: ['https://api.shop'] } }));
    assert.deepEqual(out.props.JwtConfiguration, { Issuer: 'https://shop.eu.auth0.com/', Audience: ['https://api.shop'] });
    assert.equal(entry(out.entries, RULES.JWT_OTHER_ISSUER).status, 'external');
    assert.equal(out.entries.some((e) => e.rule === RULES.JWT_AUDIENCE), false);
  });

  test(`${RULES.JWT_COGNITO_ISSUER} inside a stage's export: the deployed JWT authorizer is translated as the working one`, () => {
    const doc = { components: { securitySchemes: { cognito: { type: 'oauth2', 'x-amazon-apigateway-authorizer': { type: 'jwt', jwtConfiguration: { issuer: POOL_ISSUER, audience: ['srcclient'] } } } } } };
    const out = translate(node(DEPLOYMENT_V2, DEP, {}, { export: doc }), ctx({ 'us-east-1_Src12345': 'us-west-2_Tgt67890', srcclient: 'tgtclient' }));
    assert.deepEqual(out.payload!.export.components.securitySchemes.cognito['x-amazon-apigateway-authorizer'].jwtConfiguration, {
      issuer: 'https://cognito-idp.us-west-2.amazonaws.com/us-west-2_Tgt67890',
      audience: ['tgtclient'],
    });
  });

  test(`${RULES.CERTIFICATE}: a v2 domain name's certificate and ownership verification certificate come from the mapping file`, () => {
    const cert = 'arn:aws:acm:us-east-1:111111111111:certificate/aaaa';
    const owner = 'arn:aws:acm:us-east-1:111111111111:certificate/bbbb';
    const n = () => node(DOMAIN_NAME, makeKey(undefined, DOMAIN_NAME, 'api.example.com'), { domainName: 'api.example.com', regionalCertificateArn: cert, ownershipVerificationCertificateArn: owner, endpointConfiguration: { types: ['REGIONAL'] } });
    const out = translate(n(), ctx({ [cert]: 'arn:aws:acm:us-west-2:222222222222:certificate/cccc', [owner]: 'arn:aws:acm:us-west-2:222222222222:certificate/dddd' }));
    assert.equal(out.props.regionalCertificateArn, 'arn:aws:acm:us-west-2:222222222222:certificate/cccc');
    assert.equal(out.props.ownershipVerificationCertificateArn, 'arn:aws:acm:us-west-2:222222222222:certificate/dddd');
    assert.equal(translate(n()).entries.filter((e) => e.rule === RULES.CERTIFICATE && e.status === 'untranslated').length, 2);
  });

  test(`${RULES.VPC_LINK_ID}: a VPC_LINK integration's connection id is the replicated VPC link's`, () => {
    const out = translate(node(INTEGRATION, INTEG, { IntegrationType: 'HTTP_PROXY', ConnectionType: 'VPC_LINK', ConnectionId: ref(LINK), IntegrationUri: 'arn:aws:elasticloadbalancing:us-east-1:111111111111:listener/app/shop/1/2' }), ctx({ 'arn:aws:elasticloadbalancing:us-east-1:111111111111:listener/app/shop/1/2': 'arn:aws:elasticloadbalancing:us-west-2:222222222222:listener/app/shop/3/4' }));
    assert.equal(out.props.ConnectionId, 'tgtlink');
    assert.equal(entry(out.entries, RULES.VPC_LINK_ID).to, 'tgtlink');
    assert.equal(out.props.IntegrationUri, 'arn:aws:elasticloadbalancing:us-west-2:222222222222:listener/app/shop/3/4');
  });

  test(`${RULES.SQS_QUEUE}: a QueueUrl in an SQS-SendMessage integration's request parameters names the queue in the recovery region and account`, () => {
    const out = translate(
      node(INTEGRATION, INTEG, {
        IntegrationType: 'AWS_PROXY',
        IntegrationSubtype: 'SQS-SendMessage',
        CredentialsArn: 'arn:aws:iam::111111111111:role/sqs-writer',
        RequestParameters: { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/111111111111/orders', MessageBody: '$request.body' },
      }),
    );
    assert.equal(out.props.RequestParameters.QueueUrl, 'https://sqs.us-west-2.amazonaws.com/222222222222/orders');
    assert.equal(out.props.RequestParameters.MessageBody, '$request.body');
    assert.equal(entry(out.entries, RULES.SQS_QUEUE).path, 'RequestParameters.QueueUrl');
  });

  test(`${RULES.ROUTE_AUTHORIZER_ID}: a route names the replicated authorizer`, () => {
    const out = translate(node(ROUTE, makeKey(APIK, ROUTE, 'GET /me'), { RouteKey: 'GET /me', AuthorizationType: 'JWT', AuthorizerId: ref(AUTH) }));
    assert.equal(out.props.AuthorizerId, 'tgtauth');
    assert.equal(entry(out.entries, RULES.ROUTE_AUTHORIZER_ID).from, 'srcauth');
  });

  test(`${RULES.ROUTE_TARGET}: a route's integrations/{id} target names the replicated integration`, () => {
    const out = translate(node(ROUTE, makeKey(APIK, ROUTE, 'GET /me'), { RouteKey: 'GET /me', Target: `integrations/${ref(INTEG)}` }));
    assert.equal(out.props.Target, 'integrations/tgtint');
    assert.equal(entry(out.entries, RULES.ROUTE_TARGET).to, 'tgtint');
  });

  test(`${RULES.ACCESS_LOG}: a stage's access log destination takes the recovery region and account`, () => {
    const out = translate(node(STAGE_V2, makeKey(APIK, STAGE_V2, 'prod'), { AutoDeploy: true, AccessLogSettings: { DestinationArn: 'arn:aws:logs:us-east-1:111111111111:log-group:orders', Format: '$context.requestId' } }));
    assert.equal(out.props.AccessLogSettings.DestinationArn, 'arn:aws:logs:us-west-2:222222222222:log-group:orders');
    assert.equal(entry(out.entries, RULES.ACCESS_LOG).status, 'rule');
  });

  test(`${RULES.DEPLOYMENT_ID}: a stage names the replicated deployment`, () => {
    const out = translate(node(STAGE_V2, makeKey(APIK, STAGE_V2, 'prod'), { DeploymentId: ref(DEP) }));
    assert.equal(out.props.DeploymentId, 'tgtdep');
    entry(out.entries, RULES.DEPLOYMENT_ID);
  });

  test(`${RULES.ROUTE_SETTINGS_UNDEPLOYED}: a stage with neither a deployment nor autoDeploy is recovered without route settings, reported`, () => {
    const settings = { 'GET /pets': { ThrottlingBurstLimit: 5 } };
    const out = translate(node(STAGE_V2, makeKey(APIK, STAGE_V2, 'draft'), { StageVariables: { a: 'b' }, RouteSettings: settings }));
    assert.equal(out.props.RouteSettings, undefined);
    assert.deepEqual(out.props.StageVariables, { a: 'b' });
    assert.equal(entry(out.entries, RULES.ROUTE_SETTINGS_UNDEPLOYED).from, 'GET /pets');
    // With a deployment (or autoDeploy) they are kept.
    assert.deepEqual(translate(node(STAGE_V2, makeKey(APIK, STAGE_V2, 'prod'), { DeploymentId: ref(DEP), RouteSettings: settings })).props.RouteSettings, settings);
    assert.deepEqual(translate(node(STAGE_V2, makeKey(APIK, STAGE_V2, '$default'), { AutoDeploy: true, RouteSettings: settings })).props.RouteSettings, settings);
  });

  test(`${RULES.SUBNET_ID} and ${RULES.SECURITY_GROUP_ID}: a VPC link's subnets and security groups come from the mapping file, else are reported untranslated`, () => {
    const n = () => node(VPC_LINK_V2, LINK, { Name: 'private', SubnetIds: ['subnet-0aaa', 'subnet-0bbb'], SecurityGroupIds: ['sg-0ccc'] });
    const out = translate(n(), ctx({ 'subnet-0aaa': 'subnet-1aaa', 'subnet-0bbb': 'subnet-1bbb', 'sg-0ccc': 'sg-1ccc' }));
    assert.deepEqual([out.props.SubnetIds, out.props.SecurityGroupIds], [['subnet-1aaa', 'subnet-1bbb'], ['sg-1ccc']]);
    assert.equal(entry(out.entries, RULES.SUBNET_ID).status, 'mapped');
    assert.equal(entry(out.entries, RULES.SECURITY_GROUP_ID).status, 'mapped');
    const unmapped = translate(n());
    assert.deepEqual(unmapped.props.SubnetIds, ['subnet-0aaa', 'subnet-0bbb']);
    assert.deepEqual(
      unmapped.entries.filter((e) => e.status === 'untranslated').map((e) => e.rule),
      [RULES.SUBNET_ID, RULES.SUBNET_ID, RULES.SECURITY_GROUP_ID],
    );
  });

  test(`${RULES.QUICK_CREATE}: a quick-create API is recreated with its Target (the replicated function), so its managed resources come back`, () => {
    const out = translate(node(API, APIK, { Name: 'quick', ProtocolType: 'HTTP', QuickCreate: { Target: fnArn('us-east-1', '111111111111', 'orders') } }));
    assert.equal(out.props.QuickCreate.Target, fnArn('us-west-2', '222222222222', 'orders'));
    entry(out.entries, RULES.QUICK_CREATE);
  });

  test(`${RULES.TEST_PREFIX}: a failover test prefixes the names of HTTP APIs and VPC links`, () => {
    const c = { ...ctx({ 'subnet-0aaa': 'subnet-1aaa' }), env: environment('test', 'drill') };
    assert.equal(translate(node(API, APIK, { Name: 'orders', ProtocolType: 'HTTP' }), c).props.Name, 'gatehouse-dr-test-drill-orders');
    assert.equal(translate(node(VPC_LINK_V2, LINK, { Name: 'private', SubnetIds: ['subnet-0aaa'] }), c).props.Name, 'gatehouse-dr-test-drill-private');
  });
});
