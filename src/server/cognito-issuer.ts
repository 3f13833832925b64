/**
 * Gatehouse's local Cognito token issuer, for testing Cognito-protected APIs offline
 * (src/gateway/cognito/local-issuer.ts holds the keys):
 *  - GET  /_gatehouse/cognito/{poolId}/.well-known/jwks.json: the pool's public signing keys;
 *  - GET  /_gatehouse/cognito/{poolId}/.well-known/openid-configuration: its discovery document
 *    (issuer as on AWS, jwks_uri here);
 *  - POST /_gatehouse/cognito/{poolId}/token: a signed token; the body is a JSON object of claims
 *    (token_use "id" unless given; "access" with `scope` for methods with authorizationScopes),
 *    `?expiresIn=` seconds (default 3600; a negative value mints an expired token). Answers
 *    {"token": "<jwt>", "claims": {...}}.
 * A pool's keys are made on first use. Tokens carry the issuer AWS's would
 * (https://cognito-idp.{region}.amazonaws.com/{poolId}), so an authorizer naming the pool's ARN
 * accepts them as they are. On AWS, tokens come from Cognito's InitiateAuth.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html
 */
import type { WireResponse } from '../aws/rest-json/serialize.js';
import { userPool, type LocalIssuer } from '../gateway/cognito/index.js';

const PATH = /^\/_gatehouse\/cognito\/([^/]+)\/(\.well-known\/jwks\.json|\.well-known\/openid-configuration|token)\/?$/;
/** Longest lifetime a minted token may have: a day (Cognito's ID and access tokens last at most one). */
const MAX_EXPIRES_IN = 86_400;

export interface CognitoIssuerDeps {
  issuer: LocalIssuer;
  /** Where this Gatehouse is reached ('http://127.0.0.1:4566'), for jwks_uri. */
  publicUrl: string;
  /** The request's body (POST), undefined when over the size limit. */
  body: () => Promise<Buffer | undefined>;
}

/** The answer for an issuer path, or undefined when the path is not one. */
export async function cognitoIssuer(method: string, path: string, query: URLSearchParams, deps: CognitoIssuerDeps): Promise<WireResponse | undefined> {
  const m = PATH.exec(path);
  if (!m) return undefined;
  const pool = userPool(safeDecode(m[1]));
  if (!pool) return json(400, { message: `Invalid user pool id '${m[1]}': expected {region}_{id}, e.g. us-east-1_Example1.` });
  const what = m[2];
  if (what === 'token') {
    if (method !== 'POST') return json(405, { message: 'Mint a token with POST and a JSON object of claims.' });
    const raw = await deps.body();
    if (raw === undefined) return json(413, { message: 'The claims must be smaller than 80 MB.' });
    let claims: unknown = {};
    if (raw.length) {
      try {
        claims = JSON.parse(raw.toString('utf8'));
      } catch {
        return json(400, { message: 'The body must be a JSON object of claims.' });
      }
    }
    if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) return json(400, { message: 'The body must be a JSON object of claims.' });
    const given = query.get('expiresIn');
    const expiresIn = given === null ? undefined : Number(given);
    if (expiresIn !== undefined && (!Number.isInteger(expiresIn) || expiresIn > MAX_EXPIRES_IN)) {
      return json(400, { message: `expiresIn must be a whole number of seconds up to ${MAX_EXPIRES_IN}.` });
    }
    return json(200, await deps.issuer.mint(pool, claims as Record<string, unknown>, expiresIn));
  }
  if (method !== 'GET' && method !== 'HEAD') return json(405, { message: `${what} is read with GET.` });
  if (what.endsWith('jwks.json')) return json(200, await deps.issuer.jwks(pool));
  return json(200, {
    issuer: pool.issuer,
    jwks_uri: `${deps.publicUrl}/_gatehouse/cognito/${pool.poolId}/.well-known/jwks.json`,
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'token'],
    subject_types_supported: ['public'],
    scopes_supported: ['openid', 'email', 'phone', 'profile'],
  });
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function json(status: number, value: unknown): WireResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}
