/**
 * Compiles a REST API's resource policy (the RestApi's `policy`, as the deployment snapshot carries
 * it: the JSON text API Gateway stores, with its double quotes backslash-escaped) once per
 * deployment into predicates over a request (types.ts).
 *  - Effect Allow / Deny; Sid kept for the log.
 *  - Principal / NotPrincipal: "*" and {"AWS": "*"} are everyone, anonymous callers included;
 *    {"AWS": [...]} names accounts (a 12-digit id or arn:aws:iam::{id}:root: any signer of that
 *    account) or principal ARNs (matched exactly), and never an anonymous caller. Service,
 *    Federated and CanonicalUser principals never call an API.
 *  - Action / NotAction: statements that do not cover execute-api:Invoke (`execute-api:*`, `*`,
 *    wildcards; case-insensitive) are dropped here, as they never apply to an invocation.
 *  - Resource / NotResource: ARNs with IAM's `*` and `?` wildcards (case-sensitive); the
 *    `execute-api:/{stage}/{METHOD}/{path}` shorthand stands for this API's ARN in any region.
 *  - Condition: conditions.ts.
 * A policy that is not JSON (never stored by the control plane, which validates it) has no
 * statement, so it allows nothing.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-policy-language-overview.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-control-access-using-iam-policies-to-invoke-api.html
 */
import { wildcardMatch } from '../rest/authorizer-policy.js';
import { compileConditions } from './conditions.js';
import type { CompiledPolicy, CompiledStatement, PolicyRequest, RequestTest } from './types.js';

/** `apiId` expands the `execute-api:/` shorthand. */
export function compilePolicy(stored: string, apiId: string): CompiledPolicy {
  const doc = parseStored(stored);
  const raw = isObject(doc) ? doc.Statement : undefined;
  const list = Array.isArray(raw) ? raw : isObject(raw) ? [raw] : [];
  const statements: CompiledStatement[] = [];
  for (const s of list) {
    if (!isObject(s) || (s.Effect !== 'Allow' && s.Effect !== 'Deny')) continue;
    const allow = s.Effect === 'Allow';
    const invoke = s.NotAction !== undefined ? !strings(s.NotAction).some(coversInvoke) : s.Action === undefined || strings(s.Action).some(coversInvoke);
    if (!invoke) continue;
    statements.push({
      allow,
      sid: typeof s.Sid === 'string' ? s.Sid : undefined,
      principal: s.NotPrincipal !== undefined ? not(principalTest(s.NotPrincipal)) : s.Principal !== undefined ? principalTest(s.Principal) : ANYONE,
      invoke,
      resource: resourceTest(s, apiId),
      conditions: compileConditions(s.Condition, allow),
    });
  }
  return { statements };
}

/** The stored form escapes every double quote (restapi-policy.ts); a plain JSON text is read as is. */
function parseStored(stored: string): unknown {
  for (const text of [stored, stored.replace(/\\"/g, '"')]) {
    try {
      return JSON.parse(text);
    } catch {
      // try the unescaped form next
    }
  }
  return undefined;
}

const ANYONE: RequestTest = () => true;
const not = (t: RequestTest): RequestTest => (r) => !t(r);

function principalTest(principal: unknown): RequestTest {
  if (principal === '*') return ANYONE;
  if (!isObject(principal)) return () => false;
  const aws = principal.AWS;
  if (aws === undefined) return () => false;
  const names = strings(aws);
  if (names.includes('*')) return ANYONE;
  const accounts = new Set<string>();
  const arns = new Set<string>();
  for (const name of names) {
    if (/^\d{12}$/.test(name)) accounts.add(name);
    else {
      const root = /^arn:aws[a-z-]*:iam::(\d{12}):root$/.exec(name);
      if (root) accounts.add(root[1]);
      else arns.add(name);
    }
  }
  return (r: PolicyRequest) => !!r.principal && (accounts.has(r.principal.account) || arns.has(r.principal.arn));
}

function resourceTest(s: Record<string, unknown>, apiId: string): (arn: string) => boolean {
  const negated = s.NotResource !== undefined;
  const raw = negated ? s.NotResource : s.Resource;
  if (raw === undefined) return () => true;
  const patterns = strings(raw).map((p) => (p.startsWith('execute-api:/') ? `arn:*:execute-api:*:*:${apiId}/${p.slice('execute-api:/'.length)}` : p));
  if (patterns.includes('*')) return () => !negated;
  return (arn) => patterns.some((p) => wildcardMatch(p, arn)) !== negated;
}

const coversInvoke = (action: string) => wildcardMatch(action.toLowerCase(), 'execute-api:invoke');

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
