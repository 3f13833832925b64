/**
 * A Lambda authorizer's answer ({principalId, policyDocument, context, usageIdentifierKey}),
 * validated once when the function answers (and cached as parsed), then evaluated against each
 * request's methodArn: an explicit Deny wins, else an Allow is needed. Resources match with the
 * `*` and `?` wildcards of IAM; actions are execute-api:Invoke, execute-api:* or *.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-output.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-control-access-using-iam-policies-to-invoke-api.html
 */

type Dict<T> = Record<string, T>;

export interface AuthorizerStatement {
  allow: boolean;
  /** Whether an action of the statement covers execute-api:Invoke. */
  invoke: boolean;
  resources: string[];
}

export interface AuthorizerAnswer {
  principalId: string;
  statements: AuthorizerStatement[];
  /** String, number and boolean values only (AWS refuses objects and arrays). */
  context: Dict<string | number | boolean>;
  usageIdentifierKey?: string;
}

/** The answer parsed, or undefined when it is not one AWS accepts (-> AuthorizerConfigurationException). */
export function parseAuthorizerAnswer(payload: Buffer): AuthorizerAnswer | undefined {
  let answer: unknown;
  try {
    answer = JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isObject(answer)) return undefined;
  const { principalId, policyDocument, context, usageIdentifierKey } = answer;
  if (principalId !== undefined && principalId !== null && typeof principalId !== 'string' && typeof principalId !== 'number') return undefined;
  if (!isObject(policyDocument)) return undefined;
  const raw = policyDocument.Statement;
  const list = Array.isArray(raw) ? raw : isObject(raw) ? [raw] : undefined;
  if (!list) return undefined;
  const statements: AuthorizerStatement[] = [];
  for (const s of list) {
    if (!isObject(s) || (s.Effect !== 'Allow' && s.Effect !== 'Deny')) return undefined;
    const actions = strings(s.Action);
    const resources = strings(s.Resource);
    if (!actions || !resources) return undefined;
    statements.push({ allow: s.Effect === 'Allow', invoke: actions.some(coversInvoke), resources });
  }
  const ctx: Dict<string | number | boolean> = Object.create(null);
  if (context !== undefined && context !== null) {
    if (!isObject(context)) return undefined;
    for (const [k, v] of Object.entries(context)) {
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return undefined;
      ctx[k] = v;
    }
  }
  return {
    principalId: principalId === undefined || principalId === null ? '' : String(principalId),
    statements,
    context: ctx,
    usageIdentifierKey: typeof usageIdentifierKey === 'string' ? usageIdentifierKey : undefined,
  };
}

/** 'deny' (an explicit Deny matches), 'allow', or 'none' (no statement allows it). */
export function evaluatePolicy(answer: AuthorizerAnswer, methodArn: string): 'allow' | 'deny' | 'none' {
  let allowed = false;
  for (const s of answer.statements) {
    if (!s.invoke || !s.resources.some((r) => wildcardMatch(r, methodArn))) continue;
    if (!s.allow) return 'deny';
    allowed = true;
  }
  return allowed ? 'allow' : 'none';
}

const coversInvoke = (action: string) => wildcardMatch(action.toLowerCase(), 'execute-api:invoke');

/** IAM's wildcards without building a RegExp per request: `*` any run of characters, `?` one. */
export function wildcardMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === text[t])) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = t;
    } else if (star !== -1) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

function strings(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.length && value.every((v) => typeof v === 'string')) return value as string[];
  return undefined;
}

const isObject = (v: unknown): v is Dict<unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
