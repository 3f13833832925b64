/**
 * Verifies a Cognito user pool token as API Gateway's COGNITO_USER_POOLS authorizer does: a JWT
 * signed (RS256) by a key of the pool its `iss` names, that pool one of the authorizer's, and not
 * expired. The keys come from Gatehouse's local issuer for the pools it issues for
 * (local-issuer.ts), else from the pool's real JWKS
 * (https://cognito-idp.{region}.amazonaws.com/{poolId}/.well-known/jwks.json), fetched once and
 * cached by jose (refetched for an unknown `kid`, at most every 30 s).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html
 */
import { createRemoteJWKSet, decodeJwt, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Store } from '../../store/types.js';
import { LocalIssuer } from './local-issuer.js';
import { jwksUrl, type UserPool } from './pools.js';

/** Why a token is refused: `expired` is AWS's own answer ("The incoming token has expired"), every other reason is 401 Unauthorized. */
export class TokenRefused extends Error {
  constructor(
    readonly expired: boolean,
    reason: string,
  ) {
    super(reason);
  }
}

/** How long a pool's real JWKS may take to answer before the token is refused. */
const JWKS_TIMEOUT_MS = 5_000;
/** Pools whose remote key sets are kept (a bound on memory: authorizers name few pools). */
const REMOTE_LIMIT = 1_000;

export class CognitoUserPools {
  readonly issuer: LocalIssuer;
  private readonly remote = new Map<string, JWTVerifyGetKey>();

  constructor(store: Store) {
    this.issuer = new LocalIssuer(store);
  }

  close(): void {
    this.issuer.close();
  }

  /** The verified payload of `token`, issued by one of `pools` (by issuer); TokenRefused otherwise. */
  async verify(token: string, pools: ReadonlyMap<string, UserPool>): Promise<JWTPayload> {
    let iss: string | undefined;
    try {
      iss = decodeJwt(token).iss;
    } catch {
      throw new TokenRefused(false, 'not a JWT');
    }
    const pool = iss === undefined ? undefined : pools.get(iss);
    if (!pool) throw new TokenRefused(false, `issuer ${iss ?? '(none)'} is none of the authorizer's user pools`);
    const keys = await this.keySet(pool);
    try {
      const { payload } = await jwtVerify(token, keys, { issuer: pool.issuer, algorithms: ['RS256'] });
      return payload;
    } catch (err) {
      if (err instanceof errors.JWTExpired) throw new TokenRefused(true, 'token expired');
      throw new TokenRefused(false, err instanceof Error ? `${err.name}: ${err.message}` : 'invalid token');
    }
  }

  private async keySet(pool: UserPool): Promise<JWTVerifyGetKey> {
    const local = await this.issuer.keySet(pool);
    if (local) return local;
    let remote = this.remote.get(pool.poolId);
    if (!remote) {
      if (this.remote.size >= REMOTE_LIMIT) this.remote.clear();
      remote = createRemoteJWKSet(new URL(jwksUrl(pool)), { timeoutDuration: JWKS_TIMEOUT_MS });
      this.remote.set(pool.poolId, remote);
    }
    return remote;
  }
}
