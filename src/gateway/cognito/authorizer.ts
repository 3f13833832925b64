/**
 * COGNITO_USER_POOLS authorizers on REST API methods, compiled once per deployment and run by the
 * authorize stage (rest/handlers/authorize.ts):
 *  - the token is the identity source header (usually Authorization), with or without "Bearer ";
 *  - it must verify against one of the authorizer's providerARNs (verifier.ts);
 *  - a method without authorizationScopes takes an ID token (token_use "id"), whose `aud` must
 *    match identityValidationExpression when there is one; a method with scopes takes an access
 *    token (token_use "access") whose `scope` claim holds any one of them;
 *  - otherwise 401 {"message":"Unauthorized"}, or for an expired token AWS's
 *    401 {"message":"The incoming token has expired"}.
 * The claims reach `$context.authorizer.claims.*` and the proxy event's
 * requestContext.authorizer.claims as AWS passes them: every value a string, `exp` and `iat` as
 * Java writes dates ("Fri Jul 29 18:52:53 UTC 2016").
 * A verified token is cached by the token for authorizerResultTtlInSeconds (default 300, 0 = no
 * cache), never past its own `exp`, in one cache per authorizer shared by its methods and kept
 * with the compiled deployment (rest/authorizer-cache.ts); the scope and audience checks, which
 * differ per method, run on every request.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-enable-cognito-user-pool.html
 * https://repost.aws/knowledge-center/api-gateway-cognito-401-unauthorized
 */
import type { JWTPayload } from 'jose';
import type { S_Authorizer } from '../../aws/generated/apigateway.js';
import { GatewayError, unauthorized } from '../errors.js';
import { AuthorizerCache } from '../rest/authorizer-cache.js';
import { DEFAULT_TTL_SECONDS, type BrokenAuthorizer } from '../rest/authorizers.js';
import { userPoolOfArn, type UserPool } from './pools.js';
import { TokenRefused, type CognitoUserPools } from './verifier.js';

export interface CompiledCognitoAuthorizer {
  id: string;
  type: 'COGNITO_USER_POOLS';
  /** The identity source header, lower-cased. */
  header: string;
  /** The authorizer's pools by the issuer their tokens carry. */
  pools: Map<string, UserPool>;
  /** identityValidationExpression: what an ID token's `aud` must match. */
  audience?: RegExp;
  /** The method's authorizationScopes: an access token needs one of them. */
  scopes?: string[];
  /** authorizerResultTtlInSeconds: how long a verified token is cached (0: verified on every request). */
  ttlSeconds: number;
  /** token -> its verified payload and claims (shared by the authorizer's methods). */
  cache: AuthorizerCache<VerifiedToken>;
}

/** A token that verified: its payload (checked per method) and the claims as AWS hands them on. */
export interface VerifiedToken {
  payload: JWTPayload;
  claims: Record<string, string>;
}

/** Per compiled deployment: each Cognito authorizer's token cache by authorizer id. */
export type CognitoCaches = Map<string, AuthorizerCache<VerifiedToken>>;

/** `caches`: the deployment's token caches by authorizer id, so the authorizer's methods share one; without it (TestInvokeAuthorizer) a cache of its own. */
export function compileCognitoAuthorizer(a: S_Authorizer | undefined, scopes: string[] | undefined, caches?: CognitoCaches): CompiledCognitoAuthorizer | BrokenAuthorizer {
  if (!a) return { broken: 'authorizer not found' };
  if (a.type !== 'COGNITO_USER_POOLS') return { broken: `a COGNITO_USER_POOLS method names a ${a.type} authorizer` };
  const source = (a.identitySource ?? '').trim();
  const header = /^method\.request\.header\.(.+)$/.exec(source)?.[1];
  if (!header) return { broken: `invalid identity source ${source}` };
  const pools = new Map<string, UserPool>();
  for (const arn of a.providerARNs ?? []) {
    const pool = userPoolOfArn(arn);
    if (!pool) return { broken: `invalid user pool ARN ${arn}` };
    pools.set(pool.issuer, pool);
  }
  let audience: RegExp | undefined;
  if (a.identityValidationExpression) {
    try {
      audience = new RegExp(`^(?:${a.identityValidationExpression})$`);
    } catch {
      return { broken: 'invalid identityValidationExpression' };
    }
  }
  const id = a.id ?? '';
  let cache = caches?.get(id);
  if (!cache) {
    cache = new AuthorizerCache<VerifiedToken>();
    caches?.set(id, cache);
  }
  const ttlSeconds = a.authorizerResultTtlInSeconds ?? DEFAULT_TTL_SECONDS;
  return { id, type: 'COGNITO_USER_POOLS', header: header.toLowerCase(), pools, audience, scopes: scopes?.length ? scopes : undefined, ttlSeconds, cache };
}

/** AWS's answer for an expired token. */
export const expiredToken = () => new GatewayError('UNAUTHORIZED', 'The incoming token has expired', undefined, 'token expired');

/** The token from the header's value: as sent, or after "Bearer ". */
export function tokenOf(value: string | undefined): string | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  return /^bearer\s+/i.test(v) ? v.replace(/^bearer\s+/i, '') : v;
}

/**
 * Verifies the request's token for `a` (or finds it in the authorizer's cache) and answers its
 * claims as AWS passes them on, or throws the GatewayError the client gets (401).
 */
export async function cognitoClaims(pools: CognitoUserPools | undefined, a: CompiledCognitoAuthorizer, headerValue: string | undefined): Promise<Record<string, string>> {
  const token = tokenOf(headerValue);
  if (!token) throw unauthorized('identity source missing');
  if (!pools) throw unauthorized('Gatehouse runs without user pool verification');
  const now = Date.now();
  let verified = a.ttlSeconds > 0 ? a.cache.get(token, now) : undefined;
  if (!verified) {
    verified = await verify(pools, a, token);
    // Cached for the TTL but never past the token's own exp: an expired token is verified (and refused) again.
    const exp = typeof verified.payload.exp === 'number' ? verified.payload.exp * 1000 : Infinity;
    const expires = Math.min(now + a.ttlSeconds * 1000, exp);
    if (a.ttlSeconds > 0 && expires > now) a.cache.set(token, verified, expires);
  }
  checkToken(a, verified.payload);
  // A copy: a mapping template must not change what the next request's claims are.
  return { ...verified.claims };
}

async function verify(pools: CognitoUserPools, a: CompiledCognitoAuthorizer, token: string): Promise<VerifiedToken> {
  try {
    const payload = await pools.verify(token, a.pools);
    return { payload, claims: stringClaims(payload) };
  } catch (err) {
    if (!(err instanceof TokenRefused)) throw err;
    throw err.expired ? expiredToken() : unauthorized(err.message);
  }
}

/** The method's own checks on a verified token: the token use, its scopes or its audience. */
function checkToken(a: CompiledCognitoAuthorizer, payload: JWTPayload): void {
  if (a.scopes) {
    if (payload.token_use !== 'access') throw unauthorized('the method has authorization scopes: an access token is needed');
    const granted = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
    if (!a.scopes.some((s) => granted.includes(s))) throw unauthorized('the token holds none of the method authorization scopes');
  } else {
    if (payload.token_use !== 'id') throw unauthorized('the method has no authorization scopes: an ID token is needed');
    if (a.audience) {
      const aud = Array.isArray(payload.aud) ? payload.aud[0] : payload.aud;
      if (typeof aud !== 'string' || !a.audience.test(aud)) throw unauthorized('aud does not match identityValidationExpression');
    }
  }
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Java's Date.toString() in UTC: "Fri Jul 29 18:52:53 UTC 2016". */
export function javaDateString(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

/** Claims as API Gateway hands them on: strings; exp and iat as dates; lists comma-joined; objects as JSON. */
export function stringClaims(payload: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined || value === null) continue;
    if ((name === 'exp' || name === 'iat') && typeof value === 'number') out[name] = javaDateString(value);
    else if (Array.isArray(value)) out[name] = value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(',');
    else out[name] = typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return out;
}
