/**
 * The resource policy evaluator alone (src/gateway/policy/): compiled once, evaluated against
 * requests with IAM's rules - explicit Deny wins, Principal / Action / Resource with wildcards and
 * their Not forms, the condition operators with IfExists and absent keys, and how the answer
 * combines with the method's authorization (authorization-flow tables A and B).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-authorization-flow.html
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { combine, compilePolicy, evaluateResourcePolicy, type PolicyPrincipal, type PolicyRequest } from '../../src/gateway/policy/index.js';

const API = 'a1b2c3d4e5';
const ARN = (stage: string, method: string, path: string) => `arn:aws:execute-api:us-east-1:111122223333:${API}/${stage}/${method}/${path}`;

function request(over: Partial<PolicyRequest> = {}): PolicyRequest {
  return { resource: ARN('prod', 'GET', 'pets'), sourceIp: '203.0.113.7', headers: {}, now: Date.UTC(2026, 0, 1), secureTransport: false, ...over };
}

const caller = (account: string): PolicyPrincipal => ({ account, arn: `arn:aws:iam::${account}:root`, userId: 'AKIDEXAMPLE', type: 'Account' });

/** A policy from statements, JSON as a client sends it. */
const policy = (...statements: object[]) => compilePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }), API);
const allowAll = { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' };

const decide = (p: ReturnType<typeof policy>, over: Partial<PolicyRequest> = {}) => evaluateResourcePolicy(p, request(over));

describe('statements', () => {
  test('an Allow for everyone allows; no applicable statement is neither', () => {
    assert.equal(decide(policy(allowAll)), 'allow');
    assert.equal(decide(policy({ ...allowAll, Resource: 'execute-api:/beta/*' })), 'none');
    assert.equal(decide(policy()), 'none');
  });

  test('an explicit Deny beats any Allow, in either order', () => {
    const deny = { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*/GET/pets' };
    assert.equal(decide(policy(allowAll, deny)), 'deny');
    assert.equal(decide(policy(deny, allowAll)), 'deny');
    assert.equal(decide(policy(allowAll, deny), { resource: ARN('prod', 'POST', 'pets') }), 'allow');
  });

  test('the stored form (every double quote backslash-escaped) reads like the plain one', () => {
    const stored = JSON.stringify({ Version: '2012-10-17', Statement: [allowAll] }).replace(/"/g, '\\"');
    assert.equal(evaluateResourcePolicy(compilePolicy(stored, API), request()), 'allow');
  });

  test('a policy that is not JSON allows nothing', () => {
    assert.equal(evaluateResourcePolicy(compilePolicy('{not json', API), request()), 'none');
  });

  test('actions: execute-api:Invoke, execute-api:*, *, any case; other actions and NotAction Invoke never apply', () => {
    for (const Action of ['execute-api:Invoke', 'execute-api:*', '*', 'EXECUTE-API:invoke', ['s3:GetObject', 'execute-api:Inv*']]) {
      assert.equal(decide(policy({ ...allowAll, Action })), 'allow', JSON.stringify(Action));
    }
    assert.equal(decide(policy({ ...allowAll, Action: 'execute-api:InvalidateCache' })), 'none');
    assert.equal(decide(policy({ Effect: 'Allow', Principal: '*', NotAction: 'execute-api:Invoke', Resource: '*' })), 'none');
    assert.equal(decide(policy({ Effect: 'Allow', Principal: '*', NotAction: 'execute-api:InvalidateCache', Resource: '*' })), 'allow');
  });
});

describe('resources', () => {
  const allowOn = (Resource: string | string[]) => policy({ ...allowAll, Resource });

  test('stage, method and path wildcards in the execute-api:/ shorthand', () => {
    const p = allowOn('execute-api:/prod/GET/pets/*');
    assert.equal(decide(p, { resource: ARN('prod', 'GET', 'pets/1') }), 'allow');
    assert.equal(decide(p, { resource: ARN('prod', 'GET', 'pets/1/toys') }), 'allow');
    assert.equal(decide(p, { resource: ARN('prod', 'POST', 'pets/1') }), 'none');
    assert.equal(decide(p, { resource: ARN('beta', 'GET', 'pets/1') }), 'none');
    assert.equal(decide(p, { resource: ARN('prod', 'GET', 'pets') }), 'none', "'pets/*' needs something after the slash");
    assert.equal(decide(allowOn('execute-api:/*/*/pets'), { resource: ARN('dev', 'DELETE', 'pets') }), 'allow');
    assert.equal(decide(allowOn('execute-api:/prod/GET/pets/?'), { resource: ARN('prod', 'GET', 'pets/7') }), 'allow');
    assert.equal(decide(allowOn('execute-api:/prod/GET/pets/?'), { resource: ARN('prod', 'GET', 'pets/77') }), 'none');
    // The root resource is the path after 'GET/': empty.
    assert.equal(decide(allowOn('execute-api:/prod/GET/'), { resource: ARN('prod', 'GET', '') }), 'allow');
  });

  test('the shorthand names this API only', () => {
    const p = allowOn('execute-api:/*');
    assert.equal(decide(p, { resource: 'arn:aws:execute-api:us-east-1:111122223333:otherapi00/prod/GET/pets' }), 'none');
  });

  test('full ARNs, with region, account and API wildcards; case matters', () => {
    assert.equal(decide(allowOn(`arn:aws:execute-api:us-east-1:111122223333:${API}/prod/GET/pets`)), 'allow');
    assert.equal(decide(allowOn(`arn:aws:execute-api:*:*:${API}/*`)), 'allow');
    assert.equal(decide(allowOn('arn:aws:execute-api:us-east-1:*:*')), 'allow');
    assert.equal(decide(allowOn(`arn:aws:execute-api:eu-west-1:111122223333:${API}/*`)), 'none');
    assert.equal(decide(allowOn(`arn:aws:execute-api:us-east-1:111122223333:${API}/prod/get/pets`)), 'none');
    assert.equal(decide(allowOn(['execute-api:/beta/*', `arn:aws:execute-api:us-east-1:111122223333:${API}/prod/*`])), 'allow');
  });

  test('NotResource applies to everything else', () => {
    const p = policy({ Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', NotResource: 'execute-api:/*/GET/public/*' }, allowAll);
    assert.equal(decide(p, { resource: ARN('prod', 'GET', 'public/a') }), 'allow');
    assert.equal(decide(p, { resource: ARN('prod', 'GET', 'private/a') }), 'deny');
  });
});

describe('principals', () => {
  test('"*" and {"AWS":"*"} are everyone, anonymous callers included', () => {
    assert.equal(decide(policy({ ...allowAll, Principal: { AWS: '*' } })), 'allow');
    assert.equal(decide(policy(allowAll), { principal: caller('111122223333') }), 'allow');
  });

  test('an account (id or root ARN) matches its signers only, never an anonymous caller', () => {
    for (const AWS of ['444455556666', 'arn:aws:iam::444455556666:root', ['111111111111', '444455556666']]) {
      const p = policy({ ...allowAll, Principal: { AWS } });
      assert.equal(decide(p, { principal: caller('444455556666') }), 'allow', JSON.stringify(AWS));
      assert.equal(decide(p, { principal: caller('777788889999') }), 'none');
      assert.equal(decide(p), 'none');
    }
  });

  test('a principal ARN matches exactly; service principals never call an API', () => {
    assert.equal(decide(policy({ ...allowAll, Principal: { AWS: 'arn:aws:iam::444455556666:root' } }), { principal: caller('444455556666') }), 'allow');
    assert.equal(decide(policy({ ...allowAll, Principal: { AWS: 'arn:aws:iam::444455556666:user/alice' } }), { principal: caller('444455556666') }), 'none');
    assert.equal(decide(policy({ ...allowAll, Principal: { Service: 'lambda.amazonaws.com' } })), 'none');
  });

  test('NotPrincipal: everyone but the accounts named', () => {
    const p = policy(allowAll, { Effect: 'Deny', NotPrincipal: { AWS: '444455556666' }, Action: 'execute-api:Invoke', Resource: '*' });
    assert.equal(decide(p, { principal: caller('444455556666') }), 'allow');
    assert.equal(decide(p, { principal: caller('777788889999') }), 'deny');
    assert.equal(decide(p), 'deny');
  });
});

describe('conditions', () => {
  const allowIf = (Condition: object) => policy({ ...allowAll, Condition });
  const denyIf = (Condition: object) => policy(allowAll, { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: '*', Condition });

  test('IpAddress and NotIpAddress: IPv4 and IPv6 CIDRs, single addresses, several values OR-ed', () => {
    const p = allowIf({ IpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '198.51.100.0/24', '2001:db8::/32', '203.0.113.9'] } });
    assert.equal(decide(p, { sourceIp: '192.0.2.200' }), 'allow');
    assert.equal(decide(p, { sourceIp: '198.51.100.1' }), 'allow');
    assert.equal(decide(p, { sourceIp: '2001:db8:1::5' }), 'allow');
    assert.equal(decide(p, { sourceIp: '203.0.113.9' }), 'allow');
    assert.equal(decide(p, { sourceIp: '203.0.113.10' }), 'none');
    assert.equal(decide(p, { sourceIp: '2001:db9::1' }), 'none');
    assert.equal(decide(p, { sourceIp: 'not-an-ip' }), 'none');
    const q = denyIf({ NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } });
    assert.equal(decide(q, { sourceIp: '10.1.2.3' }), 'allow');
    assert.equal(decide(q, { sourceIp: '11.1.2.3' }), 'deny');
    // An IPv4 client seen through an IPv6 socket ('::ffff:a.b.c.d') is the IPv4 address.
    assert.equal(decide(allowIf({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }), { sourceIp: '::ffff:10.1.2.3' }), 'allow');
  });

  test('a malformed CIDR matches nothing', () => {
    assert.equal(decide(allowIf({ IpAddress: { 'aws:SourceIp': ['192.0.2.0/33', '192.0.2.0/x', 'nonsense'] } }), { sourceIp: '192.0.2.1' }), 'none');
  });

  test('a key the request lacks: positive operators fail, negated ones hold, IfExists holds', () => {
    // The guide's private API example: calls from anywhere but the endpoint are denied.
    assert.equal(decide(denyIf({ StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } })), 'deny');
    assert.equal(decide(allowIf({ StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } })), 'none');
    assert.equal(decide(allowIf({ StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } })), 'allow');
    assert.equal(decide(denyIf({ StringNotEqualsIfExists: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } })), 'deny');
    assert.equal(decide(allowIf({ 'ForAnyValue:StringEquals': { 'aws:SourceVpce': 'x' } })), 'none');
    assert.equal(decide(allowIf({ 'ForAllValues:StringEquals': { 'aws:SourceVpce': 'x' } })), 'allow');
  });

  test('IfExists still tests a key that is there', () => {
    const p = allowIf({ StringEqualsIfExists: { 'aws:UserAgent': 'curl/8.0' } });
    assert.equal(decide(p, { headers: { 'user-agent': 'curl/8.0' } }), 'allow');
    assert.equal(decide(p, { headers: { 'user-agent': 'wget' } }), 'none');
  });

  test('string operators: Equals, IgnoreCase, Like with * and ?, negations NOR their values', () => {
    const ua = (v: string) => ({ headers: { 'user-agent': v } });
    assert.equal(decide(allowIf({ StringEqualsIgnoreCase: { 'aws:UserAgent': 'CURL' } }), ua('curl')), 'allow');
    assert.equal(decide(allowIf({ StringLike: { 'aws:UserAgent': 'curl/*' } }), ua('curl/8.1')), 'allow');
    assert.equal(decide(allowIf({ StringLike: { 'aws:UserAgent': 'curl/?' } }), ua('curl/88')), 'none');
    const p = allowIf({ StringNotEquals: { 'aws:UserAgent': ['a', 'b'] } });
    assert.equal(decide(p, ua('a')), 'none');
    assert.equal(decide(p, ua('b')), 'none');
    assert.equal(decide(p, ua('c')), 'allow');
    assert.equal(decide(allowIf({ StringNotLike: { 'aws:UserAgent': 'bot*' } }), ua('botnet')), 'none');
  });

  test('condition key names are case-insensitive; every operator and key must hold', () => {
    const p = allowIf({ IpAddress: { 'AWS:SOURCEIP': '203.0.113.0/24' }, StringEquals: { 'aws:useragent': 'x', 'aws:Referer': 'r' } });
    assert.equal(decide(p, { headers: { 'user-agent': 'x', referer: 'r' } }), 'allow');
    assert.equal(decide(p, { headers: { 'user-agent': 'x' } }), 'none');
    assert.equal(decide(p, { headers: { 'user-agent': 'x', referer: 'r' }, sourceIp: '192.0.2.1' }), 'none');
  });

  test('principal keys: aws:PrincipalAccount, aws:PrincipalArn, aws:username (absent for a root key)', () => {
    const p = allowIf({ StringEquals: { 'aws:PrincipalAccount': '444455556666' } });
    assert.equal(decide(p, { principal: caller('444455556666') }), 'allow');
    assert.equal(decide(p, { principal: caller('111122223333') }), 'none');
    assert.equal(decide(p), 'none');
    assert.equal(decide(allowIf({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::4444*:root' } }), { principal: caller('444455556666') }), 'allow');
    assert.equal(decide(allowIf({ Null: { 'aws:username': 'true' } }), { principal: caller('444455556666') }), 'allow');
    assert.equal(decide(allowIf({ Null: { 'aws:username': 'false' } }), { principal: caller('444455556666') }), 'none');
  });

  test('numeric, date and Bool operators on aws:EpochTime, aws:CurrentTime, aws:SecureTransport', () => {
    const now = Date.UTC(2026, 0, 1);
    assert.equal(decide(allowIf({ NumericGreaterThan: { 'aws:EpochTime': now / 1000 - 1 } }), { now }), 'allow');
    assert.equal(decide(allowIf({ NumericLessThan: { 'aws:EpochTime': now / 1000 } }), { now }), 'none');
    assert.equal(decide(allowIf({ DateLessThan: { 'aws:CurrentTime': '2026-06-01T00:00:00Z' } }), { now }), 'allow');
    assert.equal(decide(allowIf({ DateGreaterThan: { 'aws:CurrentTime': '2026-06-01T00:00:00Z' } }), { now }), 'none');
    assert.equal(decide(denyIf({ Bool: { 'aws:SecureTransport': 'false' } })), 'deny');
    assert.equal(decide(denyIf({ Bool: { 'aws:SecureTransport': false } }), { secureTransport: true }), 'allow');
  });

  test('an operator Gatehouse does not know fails closed: an Allow does not apply, a Deny does', () => {
    assert.equal(decide(allowIf({ StringSoundsLike: { 'aws:UserAgent': 'x' } })), 'none');
    assert.equal(decide(denyIf({ StringSoundsLike: { 'aws:UserAgent': 'x' } })), 'deny');
  });
});

describe('combined with the method\'s authorization', () => {
  test('no authorization: only an explicit Allow admits; no policy admits everything', () => {
    assert.equal(combine('allow', 'NONE', false), 'allow');
    assert.equal(combine('none', 'NONE', false), 'implicit-deny');
    assert.equal(combine('deny', 'NONE', false), 'deny');
    assert.equal(combine(undefined, 'NONE', false), 'allow');
  });

  test('AWS_IAM: the same account needs no Allow (table A), another account does (table B)', () => {
    assert.equal(combine('none', 'AWS_IAM', false), 'allow');
    assert.equal(combine(undefined, 'AWS_IAM', false), 'allow');
    assert.equal(combine('none', 'AWS_IAM', true), 'implicit-deny');
    assert.equal(combine(undefined, 'AWS_IAM', true), 'implicit-deny');
    assert.equal(combine('allow', 'AWS_IAM', true), 'allow');
    assert.equal(combine('deny', 'AWS_IAM', false), 'deny');
  });

  test('an authorizer decides unless the policy denies first', () => {
    assert.equal(combine('deny', 'AUTHORIZER', false), 'deny');
    assert.equal(combine('none', 'AUTHORIZER', false), 'continue');
    assert.equal(combine('allow', 'AUTHORIZER', false), 'continue');
  });
});
