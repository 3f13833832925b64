/** Cognito user pools on the data plane: token verification, the authorizer, the local issuer. */
export { CognitoUserPools, TokenRefused } from './verifier.js';
export { LocalIssuer, DEFAULT_EXPIRES_IN, COGNITO_POOL_KEYS_KIND } from './local-issuer.js';
export { userPool, userPoolOfArn, jwksUrl, type UserPool } from './pools.js';
export { cognitoClaims, compileCognitoAuthorizer, stringClaims, tokenOf, type CompiledCognitoAuthorizer } from './authorizer.js';
