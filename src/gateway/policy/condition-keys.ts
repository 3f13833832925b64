/**
 * The global condition keys a REST API's resource policy can test, and where each one's value comes
 * from in a request. Key names are case-insensitive (IAM); a key the request does not carry is
 * absent (undefined), which the operators treat as AWS does (conditions.ts).
 * Gatehouse has no VPC endpoints, organizations, MFA or temporary credentials: aws:SourceVpc,
 * aws:SourceVpce, aws:PrincipalOrgID, aws:MultiFactorAuthPresent, aws:TokenIssueTime... are absent.
 * aws:SourceIp is the address `$context.identity.sourceIp` shows (the TCP peer); Gatehouse itself
 * serves plain HTTP, so aws:SecureTransport is true only where a TLS-terminating proxy in front of
 * it says X-Forwarded-Proto: https.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-aws-condition-keys.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
import type { PolicyRequest } from './types.js';

export type KeyReader = (r: PolicyRequest) => string | undefined;

const KEYS: Record<string, KeyReader> = {
  'aws:sourceip': (r) => r.sourceIp || undefined,
  'aws:currenttime': (r) => new Date(r.now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  'aws:epochtime': (r) => String(Math.floor(r.now / 1000)),
  'aws:securetransport': (r) => String(r.secureTransport),
  'aws:useragent': (r) => r.headers['user-agent'],
  'aws:referer': (r) => r.headers['referer'],
  'aws:principalaccount': (r) => r.principal?.account,
  'aws:principalarn': (r) => r.principal?.arn,
  'aws:principaltype': (r) => r.principal?.type,
  'aws:userid': (r) => r.principal?.userId,
  'aws:username': (r) => r.principal?.userName,
};

const ABSENT: KeyReader = () => undefined;

/** The reader for a condition key; one Gatehouse never has reads as absent. */
export function keyReader(key: string): KeyReader {
  return KEYS[key.toLowerCase()] ?? ABSENT;
}
