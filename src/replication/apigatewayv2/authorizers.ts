/**
 * Authorizers (v2). Seed, "Authorizer": the API ID is the replicated API's; the credentials ARN
 * the replicated role's and the URI the replicated Lambda function's (translate.ts, generic ARN
 * rules); the JWT configuration:
 *  - a Cognito user pool issuer `https://cognito-idp.{region}.amazonaws.com/{poolId}` gets the
 *    recovery region and the replicated pool's id (the pool id is per region: the mapping file
 *    gives it, keyed by the source pool id or the whole issuer; else it is reported untranslated);
 *  - a Cognito custom domain issuer: a prefix domain `{prefix}.auth.{region}.amazoncognito.com`
 *    keeps its prefix and takes the recovery region; a domain of the user's own is kept (it is
 *    theirs to point at the recovery pool), reported as external;
 *  - the audiences of a Cognito authorizer are user pool client ids: each is mapped through the
 *    mapping file (clients are per pool), else reported untranslated;
 *  - another identity provider's issuer and audiences are kept as they are.
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-authorizers.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
 */
import {
  CreateAuthorizerCommand,
  DeleteAuthorizerCommand,
  GetAuthorizersCommand,
  UpdateAuthorizerCommand,
  type Authorizer,
} from '@aws-sdk/client-apigatewayv2';
import { send } from '../clients.js';
import { makeKey } from '../keys.js';
import type { Node, ResourceType, TranslateHooks } from '../model.js';
import { RULES } from '../rules.js';
import { API } from './apis.js';
import { all, clean, same, targetApiId, v2 } from './common.js';

export const AUTHORIZER = 'apigatewayv2:Authorizer';

const FIELDS = ['Name', 'AuthorizerType', 'AuthorizerCredentialsArn', 'AuthorizerPayloadFormatVersion', 'AuthorizerResultTtlInSeconds', 'AuthorizerUri', 'EnableSimpleResponses', 'IdentitySource', 'IdentityValidationExpression', 'JwtConfiguration'] as const;

const COGNITO_ISSUER = /^https:\/\/cognito-idp\.([a-z0-9-]+)\.amazonaws\.com\/(([a-z0-9-]+)_[A-Za-z0-9]+)\/?$/;
const COGNITO_PREFIX_DOMAIN = /^https:\/\/([a-z0-9-]+)\.auth\.([a-z0-9-]+)\.amazoncognito\.com(\/.*)?$/;

function authorizerProps(a: Authorizer): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of FIELDS) out[f] = a[f];
  out.IdentitySource = a.IdentitySource?.slice();
  if (a.JwtConfiguration) out.JwtConfiguration = { Issuer: a.JwtConfiguration.Issuer, Audience: a.JwtConfiguration.Audience?.slice().sort() };
  return clean(out);
}

interface Jwt {
  Issuer?: string;
  Audience?: string[];
}

/** The JWT configuration rules of the seed, on a node's props (exported for the rule tests). */
export function translateJwt(jwt: Jwt, hooks: Pick<TranslateHooks, 'target' | 'mapped' | 'report'>): void {
  const issuer = jwt.Issuer;
  if (!issuer) return;
  let cognito = false;
  const pool = COGNITO_ISSUER.exec(issuer);
  const prefix = COGNITO_PREFIX_DOMAIN.exec(issuer);
  if (pool) {
    cognito = true;
    const poolId = pool[2]!;
    const whole = hooks.mapped(issuer);
    const mappedPool = hooks.mapped(poolId);
    if (whole) {
      jwt.Issuer = whole;
      hooks.report('JwtConfiguration.Issuer', issuer, whole, RULES.MAPPING_FILE, 'mapped');
    } else if (mappedPool) {
      jwt.Issuer = `https://cognito-idp.${hooks.target.region}.amazonaws.com/${mappedPool}`;
      hooks.report('JwtConfiguration.Issuer', issuer, jwt.Issuer, RULES.JWT_COGNITO_ISSUER, 'mapped');
    } else {
      hooks.report('JwtConfiguration.Issuer', issuer, issuer, RULES.JWT_COGNITO_ISSUER, 'untranslated');
    }
  } else if (prefix) {
    cognito = true;
    jwt.Issuer = `https://${prefix[1]}.auth.${hooks.target.region}.amazoncognito.com${prefix[3] ?? ''}`;
    hooks.report('JwtConfiguration.Issuer', issuer, jwt.Issuer, RULES.JWT_CUSTOM_DOMAIN_ISSUER, 'rule');
  } else if (hooks.mapped(issuer)) {
    // A custom domain of the user's own that the mapping file names (a Cognito custom domain).
    cognito = true;
    jwt.Issuer = hooks.mapped(issuer)!;
    hooks.report('JwtConfiguration.Issuer', issuer, jwt.Issuer, RULES.JWT_CUSTOM_DOMAIN_ISSUER, 'mapped');
  } else {
    hooks.report('JwtConfiguration.Issuer', issuer, issuer, RULES.JWT_OTHER_ISSUER, 'external');
  }
  if (!cognito) return;
  jwt.Audience = jwt.Audience?.map((client, i) => {
    const to = hooks.mapped(client);
    hooks.report(`JwtConfiguration.Audience[${i}]`, client, to ?? client, RULES.JWT_AUDIENCE, to ? 'mapped' : 'untranslated');
    return to ?? client;
  }).sort();
}

export const authorizerType: ResourceType = {
  type: AUTHORIZER,
  parentType: API,
  order: 14,
  idKeyed: true,
  async list(side, api) {
    const items = await all<Authorizer>((NextToken) => send(v2(side), new GetAuthorizersCommand({ ApiId: api!.id, NextToken, MaxResults: '500' })));
    return items.map(
      (a): Node => ({ type: AUTHORIZER, key: makeKey(api!.key, AUTHORIZER, a.AuthorizerId!), id: a.AuthorizerId!, parent: api!.key, label: `authorizer ${a.Name}`, props: authorizerProps(a) }),
    );
  },
  translate(node, hooks) {
    const jwt = node.props.JwtConfiguration as Jwt | undefined;
    if (jwt) translateJwt(jwt, hooks);
  },
  async create(ctx, d) {
    const out = await send<Authorizer>(v2(ctx.target), new CreateAuthorizerCommand({ ApiId: targetApiId(d, ctx, 'desired'), ...(d.props as object) } as never));
    return out.AuthorizerId!;
  },
  async update(ctx, d, a) {
    if (d.props.AuthorizerType !== a.props.AuthorizerType) return 'replace';
    if (same(d.props, a.props)) return;
    await send(v2(ctx.target), new UpdateAuthorizerCommand({ ApiId: targetApiId(a, ctx, 'actual'), AuthorizerId: a.id, ...(d.props as object) } as never));
  },
  async delete(ctx, a) {
    await send(v2(ctx.target), new DeleteAuthorizerCommand({ ApiId: targetApiId(a, ctx, 'actual'), AuthorizerId: a.id }));
  },
  async adopt(ctx, source, apiId) {
    const items = await all<Authorizer>((NextToken) => send(v2(ctx.target), new GetAuthorizersCommand({ ApiId: apiId!, NextToken, MaxResults: '500' })));
    return items.find((a) => a.Name === source.props.Name)?.AuthorizerId;
  },
};
