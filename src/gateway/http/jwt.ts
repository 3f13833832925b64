/**
 * JWT authorizers of HTTP APIs: the token from the identity source (with or without `Bearer `),
 * its signature checked with the issuer's keys (OpenID discovery: `{issuer}/.well-known/
 * openid-configuration` names the `jwks_uri`; Gatehouse's own Cognito issuer is read locally),
 * RSA algorithms only, `iss` equal to the configured issuer, `aud` or `client_id` one of the
 * audiences, `exp`/`nbf`/`iat` against the clock, then the route's authorization scopes against
 * the token's `scope` / `scp`. A token that fails any check is 401 {"message":"Unauthorized"}; a
 * valid token without a required scope is 403 {"message":"Forbidden"}.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
 */
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { CognitoUserPools } from '../cognito/verifier.js';
import { userPool } from '../cognito/pools.js';
import { forbidden, unauthorized } from './errors.js';

/** "Currently, only RSA-based algorithms are supported." */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
const DISCOVERY_TIMEOUT_MS = 5_000;
/** Issuers whose key sets are kept (a bound on memory). */
const ISSUER_LIMIT = 1_000;

export interface JwtResult {
  claims: Record<string, string>;
  scopes: string[] | null;
}

export class JwtIssuers {
  private readonly keySets = new Map<string, Promise<JWTVerifyGetKey>>();

  constructor(private readonly cognito?: CognitoUserPools) {}

  private keys(issuer: string): Promise<JWTVerifyGetKey> {
    let keys = this.keySets.get(issuer);
    if (!keys) {
      if (this.keySets.size >= ISSUER_LIMIT) this.keySets.clear();
      keys = this.discover(issuer);
      // A failed discovery is tried again by the next request.
      keys.catch(() => this.keySets.delete(issuer));
      this.keySets.set(issuer, keys);
    }
    return keys;
  }

  private async discover(issuer: string): Promise<JWTVerifyGetKey> {
    const pool = /^https:\/\/cognito-idp\.[^/]+\.amazonaws\.com\/([^/]+)$/.exec(issuer);
    if (pool && this.cognito) {
      const p = userPool(pool[1]);
      const local = p ? await this.cognito.issuer.keySet(p) : undefined;
      if (local) return local;
    }
    const res = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS) });
    if (!res.ok) throw new Error(`OpenID discovery of ${issuer} answered ${res.status}`);
    const doc = (await res.json()) as { jwks_uri?: unknown };
    if (typeof doc.jwks_uri !== 'string') throw new Error(`OpenID discovery of ${issuer} names no jwks_uri`);
    return createRemoteJWKSet(new URL(doc.jwks_uri), { timeoutDuration: DISCOVERY_TIMEOUT_MS });
  }

  /** The verified token's claims and scopes; HttpApiError 401/403 otherwise. */
  async verify(rawToken: string, issuer: string | undefined, audience: string[], routeScopes: string[]): Promise<JwtResult> {
    const token = rawToken.startsWith('Bearer ') ? rawToken.slice(7).trim() : rawToken.trim();
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw unauthorized('the token is not a JWT');
    }
    if (!alg || !ALGORITHMS.includes(alg)) throw unauthorized(`algorithm ${alg ?? '(none)'} is not supported`);
    if (!issuer) throw unauthorized('the authorizer has no issuer');
    let payload: JWTPayload;
    try {
      const keys = await this.keys(issuer);
      ({ payload } = await jwtVerify(token, keys, { issuer, algorithms: ALGORITHMS }));
    } catch (err) {
      throw unauthorized(err instanceof Error ? `${err.name}: ${err.message}` : 'invalid token');
    }
    if (audience.length) {
      const aud = payload.aud === undefined ? [] : Array.isArray(payload.aud) ? payload.aud : [payload.aud];
      const clientId = typeof payload.client_id === 'string' ? payload.client_id : undefined;
      if (!aud.some((a) => audience.includes(a)) && !(clientId && audience.includes(clientId))) throw unauthorized('the token is for none of the audiences');
    }
    const scopes = tokenScopes(payload);
    if (routeScopes.length && !routeScopes.some((s) => scopes?.includes(s))) throw forbidden('the token has none of the route scopes');
    return { claims: flatten(payload), scopes };
  }
}

function tokenScopes(payload: JWTPayload): string[] | null {
  const raw = payload.scope ?? payload.scp;
  if (typeof raw === 'string') return raw.split(' ').filter(Boolean);
  if (Array.isArray(raw)) return raw.map(String);
  return null;
}

/** Claims as the integration reads them: every value a string, lists as `[a b]`. */
function flatten(payload: JWTPayload): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(payload)) {
    out[k] = typeof v === 'string' ? v : Array.isArray(v) ? `[${v.join(' ')}]` : v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
  return out;
}
