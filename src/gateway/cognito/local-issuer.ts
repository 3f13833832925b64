/**
 * Gatehouse's local token issuer for Cognito user pools, so Cognito-protected APIs can be tested
 * offline: each pool it issues for has an RSA key pair (RS256, as Cognito signs), made on first
 * use and kept in the store (kind `gatehouse.cognitopoolkeys`, key = pool id, under the pool's
 * region and Gatehouse's own account 000000000000), so tokens survive a restart. Tokens carry the
 * AWS-shaped issuer (`https://cognito-idp.{region}.amazonaws.com/{poolId}`): an authorizer naming
 * the pool's ARN accepts them unchanged. Keys are read from the store once per pool and cached;
 * a commit of the kind (another node made them) drops the cached entry.
 * Served at /_gatehouse/cognito/{poolId}/... (src/server/cognito-issuer.ts).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-with-identity-providers.html
 */
import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Scope, Store } from '../../store/types.js';
import type { UserPool } from './pools.js';

export const COGNITO_POOL_KEYS_KIND = 'gatehouse.cognitopoolkeys';
/** The account Gatehouse keeps its own issuer's keys under (pool ids carry no account). */
const ISSUER_ACCOUNT = '000000000000';
const ALG = 'RS256';

interface PoolKeysRecord {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
  createdDate: string;
}

interface LoadedKeys {
  publicJwk: JWK;
  privateKey: CryptoKey | Uint8Array;
  keySet: JWTVerifyGetKey;
}

/** Default lifetime of a minted token: Cognito's default for ID and access tokens, one hour. */
export const DEFAULT_EXPIRES_IN = 3600;

export class LocalIssuer {
  /** pool id -> its keys, or undefined when Gatehouse does not issue for it. */
  private readonly loaded = new Map<string, Promise<LoadedKeys | undefined>>();
  private readonly unsubscribe: () => void;

  constructor(private readonly store: Store) {
    this.unsubscribe = store.onCommit((changes) => {
      for (const c of changes) {
        if (c.kind !== COGNITO_POOL_KEYS_KIND) continue;
        if (c.key) this.loaded.delete(c.key);
        else this.loaded.clear();
      }
    });
  }

  close(): void {
    this.unsubscribe();
  }

  /** The key set verifying a pool's tokens when Gatehouse issues for it; undefined for any other pool. */
  async keySet(pool: UserPool): Promise<JWTVerifyGetKey | undefined> {
    return (await this.load(pool, false))?.keySet;
  }

  /** The pool's public keys as its JWKS document (keys made on first use). */
  async jwks(pool: UserPool): Promise<{ keys: JWK[] }> {
    const keys = (await this.load(pool, true))!;
    return { keys: [keys.publicJwk] };
  }

  /**
   * A signed token with `claims`, completed as Cognito completes its own: iss, sub (a new UUID),
   * token_use "id", auth_time and iat now, exp `expiresIn` seconds later, jti; every claim given wins.
   */
  async mint(pool: UserPool, claims: Record<string, unknown>, expiresIn = DEFAULT_EXPIRES_IN): Promise<{ token: string; claims: JWTPayload }> {
    const keys = (await this.load(pool, true))!;
    const now = Math.floor(Date.now() / 1000);
    const payload: JWTPayload = {
      sub: randomUUID(),
      iss: pool.issuer,
      token_use: 'id',
      auth_time: now,
      iat: now,
      exp: now + expiresIn,
      jti: randomUUID(),
      ...claims,
    };
    const token = await new SignJWT(payload).setProtectedHeader({ alg: ALG, kid: keys.publicJwk.kid! }).sign(keys.privateKey);
    return { token, claims: payload };
  }

  private load(pool: UserPool, create: boolean): Promise<LoadedKeys | undefined> {
    const cached = this.loaded.get(pool.poolId);
    if (cached) {
      if (!create) return cached;
      return cached.then((keys) => keys ?? this.read(pool, true));
    }
    const loading = this.read(pool, create);
    this.loaded.set(pool.poolId, loading);
    loading.catch(() => this.loaded.delete(pool.poolId));
    return loading;
  }

  private async read(pool: UserPool, create: boolean): Promise<LoadedKeys | undefined> {
    const scope: Scope = { account: ISSUER_ACCOUNT, region: pool.region };
    let record = await this.store.transaction(scope, (tx) => tx.get<PoolKeysRecord>(COGNITO_POOL_KEYS_KIND, pool.poolId));
    if (!record && create) {
      const made = await newKeys();
      record = await this.store.transaction(scope, async (tx) =>
        (await tx.insert(COGNITO_POOL_KEYS_KIND, pool.poolId, made)) ? made : (await tx.get<PoolKeysRecord>(COGNITO_POOL_KEYS_KIND, pool.poolId))!,
      );
    }
    if (!record) return undefined;
    const keys: LoadedKeys = {
      publicJwk: record.publicJwk,
      privateKey: await importJWK(record.privateJwk, ALG),
      keySet: createLocalJWKSet({ keys: [record.publicJwk] }),
    };
    this.loaded.set(pool.poolId, Promise.resolve(keys));
    return keys;
  }
}

async function newKeys(): Promise<PoolKeysRecord> {
  const { publicKey, privateKey } = await generateKeyPair(ALG, { extractable: true });
  const kid = randomUUID();
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' };
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: ALG };
  return { kid, publicJwk, privateJwk, createdDate: new Date().toISOString() };
}
