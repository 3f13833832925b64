/**
 * Security schemes: a scheme with x-amazon-apigateway-authorizer becomes an Authorizer named after
 * the scheme; a method's `security` (or the definition's top-level `security`) chooses how the
 * method is authorised.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-authorizer.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-authtype.html
 *
 * What a requirement names decides the method (recorded in test_apigateway_import):
 *  - a scheme with an authorizer: CUSTOM (token/request) or COGNITO_USER_POOLS with the
 *    requirement's scopes as authorizationScopes;
 *  - an `apiKey` scheme with x-amazon-apigateway-authtype awsSigv4: AWS_IAM;
 *  - any other `apiKey` scheme: apiKeyRequired (the API key in x-api-key);
 *  - `security: []` on an operation clears the definition-wide requirement.
 * When the extension names no identity source, TOKEN and Cognito authorizers read the header the
 * scheme names (`name`), as AWS does (recorded: identitySource method.request.header.TestHeaderAuth).
 */
import { badRequest } from '../../../aws/errors.js';
import { shortId } from '../../../aws/ids.js';
import type { S_Authorizer } from '../../../aws/generated/apigateway.js';
import { checkAuthorizer } from '../authorizer-rules.js';
import { apiKey, KIND, listUnderApi } from '../records.js';
import type { ImportRun } from './context.js';
import { entries, isObject, obj, scalarText, str, type Json, type JsonObject } from './json.js';

const AUTHORIZER_TYPES: Record<string, S_Authorizer['type']> = { token: 'TOKEN', request: 'REQUEST', cognito_user_pools: 'COGNITO_USER_POOLS' };
const AUTHORIZER = 'x-amazon-apigateway-authorizer';
const AUTHTYPE = 'x-amazon-apigateway-authtype';

export function securitySchemes(run: ImportRun): JsonObject {
  return run.doc.version === 'swagger2' ? obj(run.doc.root.securityDefinitions) : obj(obj(run.doc.root.components).securitySchemes);
}

/** Creates (or, merging, replaces by name) one authorizer per scheme that defines one. */
export async function importAuthorizers(run: ImportRun): Promise<void> {
  const existing = new Map((await listUnderApi<S_Authorizer>(run.ctx.tx, KIND.authorizer, run.restApiId)).map((a) => [a.name!, a]));
  for (const [name, value] of entries(securitySchemes(run))) {
    const scheme = obj(value);
    if (!isObject(scheme[AUTHORIZER])) continue;
    await run.attempt(`Unable to create authorizer '${name}'`, async () => {
      const authorizer = toAuthorizer(name, scheme, existing.get(name)?.id ?? shortId(6));
      checkAuthorizer(authorizer);
      await run.ctx.tx.put(KIND.authorizer, apiKey(run.restApiId, authorizer.id!), authorizer);
      run.authorizerIds.set(name, authorizer.id!);
    });
  }
}

const nonEmpty = (v: unknown) => {
  const s = str(v);
  return s === undefined || s.trim() === '' ? undefined : s;
};

function toAuthorizer(name: string, scheme: JsonObject, id: string): S_Authorizer {
  const ext = obj(scheme[AUTHORIZER]);
  const rawType = str(ext.type) ?? 'token';
  const type = AUTHORIZER_TYPES[rawType.toLowerCase()];
  if (!type) throw badRequest(`Invalid authorizer type '${rawType}'. Must be one of: [token, request, cognito_user_pools]`);
  const ttl = ext.authorizerResultTtlInSeconds;
  const ttlText = scalarText(ttl);
  if (ttl !== undefined && (ttlText === undefined || !/^-?\d+$/.test(ttlText.trim()))) {
    throw badRequest(`Invalid authorizer result TTL ${JSON.stringify(ttl)}: it must be an integer number of seconds`);
  }
  const providerARNs = ext.providerARNs;
  if (providerARNs !== undefined && (!Array.isArray(providerARNs) || providerARNs.some((a) => typeof a !== 'string'))) {
    throw badRequest('Invalid providerARNs: a list of Amazon Cognito user pool ARNs is expected');
  }
  return {
    id,
    name,
    type,
    providerARNs: type === 'COGNITO_USER_POOLS' ? (providerARNs as string[] | undefined) : undefined,
    authType: str(scheme[AUTHTYPE]),
    authorizerUri: nonEmpty(ext.authorizerUri),
    authorizerCredentials: nonEmpty(ext.authorizerCredentials),
    identitySource: nonEmpty(ext.identitySource) ?? defaultIdentitySource(type, scheme),
    identityValidationExpression: nonEmpty(ext.identityValidationExpression),
    authorizerResultTtlInSeconds: ttlText === undefined ? undefined : Number(ttlText),
  };
}

/** The parameter the scheme itself names (`in` + `name`), as an identity source. */
function defaultIdentitySource(type: S_Authorizer['type'], scheme: JsonObject): string | undefined {
  const name = str(scheme.name);
  if (!name) return undefined;
  const where = str(scheme.in) ?? 'header';
  if (where === 'header') return `method.request.header.${name}`;
  if (where === 'query' && type === 'REQUEST') return `method.request.querystring.${name}`;
  return undefined;
}

export interface MethodAuthorization {
  authorizationType: string;
  authorizerId?: string;
  apiKeyRequired: boolean;
  authorizationScopes?: string[];
}

/** How a method with these security requirements (operation-level, else definition-wide) is authorised. */
export function methodAuthorization(run: ImportRun, operationSecurity: Json | undefined, where: string): MethodAuthorization {
  const requirements = Array.isArray(operationSecurity) ? operationSecurity : Array.isArray(run.doc.root.security) ? run.doc.root.security : [];
  const schemes = securitySchemes(run);
  const out: MethodAuthorization = { authorizationType: 'NONE', apiKeyRequired: false };
  for (const requirement of requirements) {
    for (const [name, scopes] of entries(requirement)) {
      const scheme = schemes[name];
      if (!isObject(scheme)) {
        run.warn(`Security scheme '${name}' used by ${where} is not defined`);
        continue;
      }
      const authorizerId = run.authorizerIds.get(name);
      if (authorizerId && out.authorizationType === 'NONE') {
        const cognito = str(obj(scheme[AUTHORIZER]).type)?.toLowerCase() === 'cognito_user_pools';
        out.authorizationType = cognito ? 'COGNITO_USER_POOLS' : 'CUSTOM';
        out.authorizerId = authorizerId;
        const list = Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === 'string') : [];
        if (cognito && list.length) out.authorizationScopes = list;
      } else if (!authorizerId && !isObject(scheme[AUTHORIZER])) {
        const authType = str(scheme[AUTHTYPE])?.toLowerCase();
        if (authType === 'awssigv4') {
          if (out.authorizationType === 'NONE') out.authorizationType = 'AWS_IAM';
        } else if (scheme.type === 'apiKey') {
          out.apiKeyRequired = true;
        }
      }
    }
  }
  return out;
}
