/**
 * A REST API's resource policy, as API Gateway stores and returns it.
 *
 * AWS does not keep the policy text it is given: it parses it, expands the `execute-api:/...`
 * shorthand to the API's full ARN (`arn:aws:execute-api:{region}:{account}:{apiId}/...`),
 * writes single-item Action/Resource lists as plain strings, and returns the compact JSON with
 * every double quote backslash-escaped (`{\"Version\":\"2012-10-17\",...}`), which is why
 * clients unescape it before parsing (recorded from AWS: test_apigateway_integrations, api-details).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-create-attach.html
 */
import { badRequest } from '../../aws/errors.js';

export interface PolicyScope {
  account: string;
  region: string;
  apiId: string;
}

const INVALID_POLICY = 'Invalid policy document. Please check the policy syntax and ensure that Principals are valid.';
/** "Length, in characters, of API Gateway resource policy: 8192" (developer guide, limits.md). */
export const MAX_POLICY_LENGTH = 8192;

/** The ARN partition a region belongs to. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** Turns the policy a caller sent into the form AWS stores and returns. */
export function normalisePolicy(text: string, scope: PolicyScope): string {
  if (text.length > MAX_POLICY_LENGTH) {
    throw badRequest(`Invalid policy document: it is ${text.length} characters long; API Gateway allows at most ${MAX_POLICY_LENGTH}.`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw badRequest(INVALID_POLICY);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw badRequest(INVALID_POLICY);
  const policy = doc as Record<string, unknown>;
  const statements = policy.Statement;
  if (statements === undefined || (typeof statements !== 'object' || statements === null)) throw badRequest(INVALID_POLICY);
  const list = Array.isArray(statements) ? statements : [statements];
  const arnPrefix = `arn:${partitionOf(scope.region)}:execute-api:${scope.region}:${scope.account}:${scope.apiId}/`;
  const normalised = list.map((s) => {
    if (!s || typeof s !== 'object' || Array.isArray(s)) throw badRequest(INVALID_POLICY);
    const statement = { ...(s as Record<string, unknown>) };
    for (const key of ['Resource', 'NotResource']) {
      if (statement[key] !== undefined) statement[key] = collapse(mapStrings(statement[key], (r) => (r.startsWith('execute-api:/') ? arnPrefix + r.slice('execute-api:/'.length) : r)));
    }
    for (const key of ['Action', 'NotAction']) {
      if (statement[key] !== undefined) statement[key] = collapse(statement[key]);
    }
    return statement;
  });
  policy.Statement = Array.isArray(statements) ? normalised : normalised[0];
  return escapeQuotes(JSON.stringify(policy));
}

/** The policy document from its stored (escaped) form, for whoever evaluates it. */
export function parseStoredPolicy(stored: string): unknown {
  return JSON.parse(stored.replace(/\\"/g, '"'));
}

function escapeQuotes(json: string): string {
  return json.replace(/"/g, '\\"');
}

function mapStrings(value: unknown, fn: (s: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? fn(v) : v));
  return value;
}

function collapse(value: unknown): unknown {
  return Array.isArray(value) && value.length === 1 ? value[0] : value;
}
