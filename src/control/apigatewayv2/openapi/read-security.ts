/**
 * Authorizers and route authorization in an OpenAPI 3 definition for an HTTP API.
 * components.securitySchemes entries with x-amazon-apigateway-authorizer become authorizers named
 * after the scheme: `jwt` (jwtConfiguration issuer + audience; the issuer may come from an
 * openIdConnect scheme's openIdConnectUrl) and `request` (a Lambda authorizer). A scheme with
 * `x-amazon-apigateway-authtype: awsSigv4` stands for IAM authorization. An operation's
 * `security` (or the root's) names one scheme, with scopes for JWT; AWS refuses more than one
 * ("Each operation can have only one of IAM authorization, a Lambda authorizer, or a JWT authorizer").
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-authorizer.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-open-api.html
 */
import type { AuthorizerRecord } from '../../../definitions/apigatewayv2.js';
import { deref, entries, isObject, obj, type Json, type JsonObject } from '../../apigateway/openapi-import/json.js';
import type { PlannedAuthorizer, PlannedRoute } from './plan.js';
import { flag, integer, object, Problems, text, textList, version } from './values.js';

export const AUTHORIZER = 'x-amazon-apigateway-authorizer';
export const AUTHTYPE = 'x-amazon-apigateway-authtype';
export const SIGV4 = 'awsSigv4';
const DISCOVERY = '/.well-known/openid-configuration';

export type Scheme = { kind: 'iam' } | { kind: 'jwt' | 'request'; name: string } | { kind: 'unsupported'; why: string };

export interface Security {
  authorizers: PlannedAuthorizer[];
  schemes: Map<string, Scheme>;
}

export function readSecuritySchemes(p: Problems, root: JsonObject): Security {
  const out: Security = { authorizers: [], schemes: new Map() };
  for (const [name, raw] of entries(obj(root.components).securitySchemes)) {
    const scheme = deref(root, raw);
    const where = `components.securitySchemes.${name}`;
    if (typeof scheme[AUTHTYPE] === 'string' && scheme[AUTHTYPE].toLowerCase() === SIGV4.toLowerCase()) {
      out.schemes.set(name, { kind: 'iam' });
      continue;
    }
    const ext = object(p, scheme, AUTHORIZER, where);
    if (!ext) {
      out.schemes.set(name, { kind: 'unsupported', why: `security scheme ${name} has no ${AUTHORIZER}` });
      continue;
    }
    const type = text(p, ext, 'type', `${where}.${AUTHORIZER}`)?.toLowerCase();
    if (type !== 'jwt' && type !== 'request') {
      p.warn(`Unsupported authorizer type ${JSON.stringify(ext.type ?? null)} in ${where}: HTTP APIs support jwt and request authorizers. The authorizer was not created`);
      out.schemes.set(name, { kind: 'unsupported', why: `authorizer ${name} was not created` });
      continue;
    }
    const record = readAuthorizer(p, name, type, scheme, ext, `${where}.${AUTHORIZER}`);
    out.authorizers.push({ name, record });
    out.schemes.set(name, { kind: type, name });
  }
  return out;
}

function identitySources(p: Problems, ext: JsonObject, where: string): string[] | undefined {
  const v = ext.identitySource;
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return textList(p, ext, 'identitySource', where);
}

function readAuthorizer(p: Problems, name: string, type: 'jwt' | 'request', scheme: JsonObject, ext: JsonObject, where: string): Omit<AuthorizerRecord, 'AuthorizerId'> {
  const IdentitySource = identitySources(p, ext, where);
  if (type === 'jwt') {
    const jwt = object(p, ext, 'jwtConfiguration', where) ?? {};
    let Issuer = text(p, jwt, 'issuer', `${where}.jwtConfiguration`);
    const url = scheme.type === 'openIdConnect' ? text(p, scheme, 'openIdConnectUrl', where) : undefined;
    if (Issuer === undefined && url !== undefined) Issuer = url.endsWith(DISCOVERY) ? url.slice(0, -DISCOVERY.length) : url;
    const Audience = typeof jwt.audience === 'string' ? [jwt.audience] : textList(p, jwt, 'audience', `${where}.jwtConfiguration`);
    return compactRecord({
      Name: name,
      AuthorizerType: 'JWT',
      IdentitySource: IdentitySource ?? ['$request.header.Authorization'],
      JwtConfiguration: compactRecord({ Issuer, Audience }),
    });
  }
  return compactRecord({
    Name: name,
    AuthorizerType: 'REQUEST',
    AuthorizerUri: text(p, ext, 'authorizerUri', where),
    AuthorizerCredentialsArn: text(p, ext, 'authorizerCredentials', where),
    AuthorizerPayloadFormatVersion: version(p, ext, 'authorizerPayloadFormatVersion', where),
    AuthorizerResultTtlInSeconds: integer(p, ext, 'authorizerResultTtlInSeconds', where),
    EnableSimpleResponses: flag(p, ext, 'enableSimpleResponses', where),
    IdentitySource,
  });
}

const compactRecord = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** The authorization of one operation: its own `security`, or the definition's. */
export function readAuthorization(p: Problems, security: Security, requirements: Json | undefined, routeKey: string): Pick<PlannedRoute, 'authorizationType' | 'authorizer' | 'scopes'> {
  const none = { authorizationType: 'NONE' as const };
  if (requirements === undefined || requirements === null) return none;
  if (!Array.isArray(requirements) || !requirements.every(isObject)) {
    p.error(`Invalid security for route ${routeKey}: expected a list of security requirements`);
    return none;
  }
  // `{}` makes authorization optional in OpenAPI; an HTTP API route has one authorization or none.
  const named = (requirements as JsonObject[]).flatMap((r) => Object.entries(r));
  if (named.length === 0) return none;
  if (named.length > 1) {
    p.error(`Multiple security requirements for route ${routeKey}: each operation can have only one of IAM authorization, a Lambda authorizer, or a JWT authorizer`);
    return none;
  }
  const [name, scopes] = named[0];
  const scheme = security.schemes.get(name);
  if (!scheme) {
    p.error(`Security scheme ${name} used by route ${routeKey} is not defined in components.securitySchemes`);
    return none;
  }
  if (scheme.kind === 'unsupported') {
    p.warn(`Route ${routeKey}: ${scheme.why}; the route was created without authorization`);
    return none;
  }
  if (scheme.kind === 'iam') return { authorizationType: 'AWS_IAM' };
  if (scheme.kind === 'request') return { authorizationType: 'CUSTOM', authorizer: scheme.name };
  if (scopes !== undefined && scopes !== null && !(Array.isArray(scopes) && scopes.every((s) => typeof s === 'string'))) {
    p.error(`Invalid scopes for security scheme ${name} on route ${routeKey}: expected a list of strings`);
    return none;
  }
  const list = (scopes ?? []) as string[];
  return { authorizationType: 'JWT', authorizer: scheme.name, ...(list.length ? { scopes: list } : {}) };
}
