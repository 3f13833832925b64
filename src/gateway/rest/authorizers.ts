/**
 * Lambda authorizers (TOKEN and REQUEST) compiled once per deployment: the function to call, the
 * identity sources parsed, the validation expression as a RegExp, and the per-authorizer cache of
 * answers by identity (authorizerResultTtlInSeconds, default 300, 0 = no cache). The cache lives
 * with the compiled deployment, so a new deployment starts with an empty one.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/configure-api-gateway-lambda-authorization.html
 */
import type { S_Authorizer } from '../../aws/generated/apigateway.js';
import { AuthorizerCache } from './authorizer-cache.js';
import type { AuthorizerAnswer } from './authorizer-policy.js';

/** Where one identity source reads from (`method.request.header.X`, `method.request.querystring.X`, `stageVariables.X`, `context.X`). */
export type IdentitySource =
  | { from: 'header'; name: string }
  | { from: 'querystring'; name: string }
  | { from: 'stageVariables'; name: string }
  | { from: 'context'; path: string[] };

export interface CompiledAuthorizer {
  id: string;
  type: 'TOKEN' | 'REQUEST';
  /** The authorizer's uri (an apigateway lambda invocation uri), stage variables not yet substituted. */
  uri: string;
  identitySources: IdentitySource[];
  /** TOKEN only: what the token must match, else 401. */
  validation?: RegExp;
  ttlSeconds: number;
  /** identity -> the parsed answer, until it expires (bounded: authorizer-cache.ts). */
  cache: AuthorizerCache<AuthorizerAnswer>;
}

/** Why a method's authorizer cannot run (unknown id, Cognito, a source AWS would refuse): 500 AuthorizerConfigurationException. */
export interface BrokenAuthorizer {
  broken: string;
}

/** AWS's default authorizerResultTtlInSeconds. */
export const DEFAULT_TTL_SECONDS = 300;

export function compileAuthorizer(a: S_Authorizer | undefined): CompiledAuthorizer | BrokenAuthorizer {
  if (!a) return { broken: 'authorizer not found' };
  if (a.type !== 'TOKEN' && a.type !== 'REQUEST') return { broken: `authorizer type ${a.type} is not supported by Gatehouse yet` };
  const identitySources: IdentitySource[] = [];
  for (const raw of (a.identitySource ?? '').split(',')) {
    const s = raw.trim();
    if (!s) continue;
    const source = parseSource(s);
    if (!source) return { broken: `invalid identity source ${s}` };
    identitySources.push(source);
  }
  if (a.type === 'TOKEN' && (identitySources.length !== 1 || identitySources[0].from !== 'header')) {
    return { broken: 'a TOKEN authorizer reads one method.request.header.* identity source' };
  }
  let validation: RegExp | undefined;
  if (a.type === 'TOKEN' && a.identityValidationExpression) {
    try {
      // The whole token must match (Java's String.matches).
      validation = new RegExp(`^(?:${a.identityValidationExpression})$`);
    } catch {
      return { broken: 'invalid identityValidationExpression' };
    }
  }
  return {
    id: a.id ?? '',
    type: a.type,
    uri: a.authorizerUri ?? '',
    identitySources,
    validation,
    ttlSeconds: a.authorizerResultTtlInSeconds ?? DEFAULT_TTL_SECONDS,
    cache: new AuthorizerCache(),
  };
}

function parseSource(s: string): IdentitySource | undefined {
  const prefixed = (prefix: string) => (s.startsWith(prefix) && s.length > prefix.length ? s.slice(prefix.length) : undefined);
  let name: string | undefined;
  if ((name = prefixed('method.request.header.'))) return { from: 'header', name: name.toLowerCase() };
  if ((name = prefixed('method.request.querystring.'))) return { from: 'querystring', name };
  if ((name = prefixed('stageVariables.'))) return { from: 'stageVariables', name };
  if ((name = prefixed('context.'))) return { from: 'context', path: name.split('.') };
  return undefined;
}
