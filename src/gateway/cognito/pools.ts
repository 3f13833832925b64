/**
 * Amazon Cognito user pools as API Gateway names them: a pool id (`us-east-1_AbC123xyz`, its region
 * before the underscore), its ARN in an authorizer's providerARNs
 * (`arn:aws:cognito-idp:{region}:{account}:userpool/{poolId}`), and the issuer its tokens carry
 * (`https://cognito-idp.{region}.amazonaws.com/{poolId}`), whose `/.well-known/jwks.json` holds
 * the keys that sign them.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html
 */

/** AWS's pattern for a user pool id: `[\w-]+_[0-9a-zA-Z]+`, the region before the underscore. */
const POOL_ID = /^([a-z]{2}(?:-[a-z]+)+-\d)_([0-9a-zA-Z]+)$/;
const POOL_ARN = /^arn:aws[a-zA-Z-]*:cognito-idp:([^:]+):(\d{12}):userpool\/(.+)$/;

export interface UserPool {
  poolId: string;
  region: string;
  /** What the pool's tokens carry as `iss`. */
  issuer: string;
}

/** The pool a user pool id names, or undefined when it is no pool id. */
export function userPool(poolId: string): UserPool | undefined {
  const m = POOL_ID.exec(poolId);
  if (!m) return undefined;
  return { poolId, region: m[1], issuer: `https://cognito-idp.${m[1]}.amazonaws.com/${poolId}` };
}

/** The pool a providerARNs entry names, or undefined when it is not a user pool ARN. */
export function userPoolOfArn(arn: string): UserPool | undefined {
  const m = POOL_ARN.exec(arn.trim());
  if (!m) return undefined;
  const pool = userPool(m[3]);
  return pool && pool.region === m[1] ? pool : undefined;
}

/** Where the pool publishes its signing keys. */
export const jwksUrl = (pool: UserPool) => `${pool.issuer}/.well-known/jwks.json`;
