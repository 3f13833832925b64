/**
 * Compiling a WebSocket API deployment snapshot (src/definitions/apigatewayv2.ts) once, when a
 * stage first serves it: routes by route key, each route's authorizer, integration (templates
 * compiled, selection expressions parsed) and route responses. Nothing here runs per message.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-develop.html
 */
import type { AuthorizerRecord, DeploymentSnapshot, IntegrationRecord, IntegrationResponseRecord } from '../../definitions/apigatewayv2.js';
import { compileTemplate, type CompiledTemplate } from '../vtl/index.js';
import { compileSelection, type SelectionExpression } from './selection.js';

/** A template that compiled, or why it did not (answered as an integration failure when used). */
export type MaybeTemplate = { ok: true; template: CompiledTemplate } | { ok: false; error: string };

export interface WsIntegrationResponse {
  key: string;
  /** `/2\d\d/`-style keys as a regular expression; undefined for literal keys and `$default`. */
  pattern?: RegExp;
  templates: Map<string, MaybeTemplate>;
  templateSelection?: SelectionExpression;
  contentHandling?: string;
}

export interface WsIntegration {
  id: string;
  type: 'AWS_PROXY' | 'AWS' | 'HTTP' | 'HTTP_PROXY' | 'MOCK';
  uri: string;
  method: string;
  timeoutMs: number;
  passthrough: 'WHEN_NO_MATCH' | 'NEVER' | 'WHEN_NO_TEMPLATES';
  requestTemplates: Map<string, MaybeTemplate>;
  templateSelection?: SelectionExpression;
  responseSelection?: SelectionExpression;
  responses: WsIntegrationResponse[];
  contentHandling?: string;
}

export interface WsAuthorizer {
  id: string;
  name: string;
  uri: string;
  /** `route.request.header.Auth`, `route.request.querystring.token`, `stageVariables.x`, `context.x` as [where, name]. */
  identitySource: [string, string][];
  ttlSeconds: number;
}

export interface WsRoute {
  routeId: string;
  routeKey: string;
  authorizationType: string;
  /** A $connect route with apiKeyRequired admits only a key of a usage plan covering the stage. */
  apiKeyRequired: boolean;
  authorizer?: WsAuthorizer;
  integration?: WsIntegration;
  /** Set when the route has a route response its selection expression picks: the backend's answer goes back to the client. */
  twoWay: boolean;
}

export interface CompiledWebSocketApi {
  apiId: string;
  deploymentId: string;
  routeSelection: SelectionExpression;
  /** The API's apiKeySelectionExpression (`$request.header.x-api-key` unless set). */
  apiKeySelection: SelectionExpression;
  routes: Map<string, WsRoute>;
  disableExecuteApiEndpoint: boolean;
}

/** AWS's WebSocket integration timeout: 50 ms to 29 s, 29 s by default. */
export const DEFAULT_TIMEOUT_MS = 29_000;

export function compileWebSocketApi(snapshot: DeploymentSnapshot): CompiledWebSocketApi {
  const integrations = new Map<string, WsIntegration>();
  for (const [id, i] of Object.entries(snapshot.integrations)) integrations.set(id, compileIntegration(id, i, i.IntegrationResponses ?? []));
  const authorizers = new Map<string, WsAuthorizer>();
  for (const [id, a] of Object.entries(snapshot.authorizers)) authorizers.set(id, compileAuthorizer(id, a));
  const routes = new Map<string, WsRoute>();
  for (const r of snapshot.routes) {
    const target = r.Target?.startsWith('integrations/') ? r.Target.slice('integrations/'.length) : undefined;
    // Only `$default` route responses exist for WebSocket APIs (the guide's note), so a route is
    // two-way when its selection expression and a route response are both there.
    const twoWay = !!r.RouteResponseSelectionExpression && (r.RouteResponses ?? []).some((rr) => rr.RouteResponseKey === '$default' || rr.RouteResponseKey === r.RouteResponseSelectionExpression);
    routes.set(r.RouteKey, {
      routeId: r.RouteId,
      routeKey: r.RouteKey,
      authorizationType: r.AuthorizationType ?? 'NONE',
      apiKeyRequired: r.ApiKeyRequired === true,
      authorizer: r.AuthorizerId ? authorizers.get(r.AuthorizerId) : undefined,
      integration: target ? integrations.get(target) : undefined,
      twoWay,
    });
  }
  return {
    apiId: snapshot.apiId,
    deploymentId: snapshot.deploymentId,
    routeSelection: compileSelection(snapshot.api.RouteSelectionExpression ?? '$request.body.action'),
    apiKeySelection: compileSelection(snapshot.api.ApiKeySelectionExpression || '$request.header.x-api-key'),
    routes,
    disableExecuteApiEndpoint: snapshot.api.DisableExecuteApiEndpoint,
  };
}

function compileIntegration(id: string, i: IntegrationRecord, responses: IntegrationResponseRecord[]): WsIntegration {
  return {
    id,
    type: (i.IntegrationType ?? 'MOCK') as WsIntegration['type'],
    uri: i.IntegrationUri ?? '',
    method: i.IntegrationMethod ?? 'POST',
    timeoutMs: i.TimeoutInMillis ?? DEFAULT_TIMEOUT_MS,
    passthrough: (i.PassthroughBehavior ?? 'WHEN_NO_MATCH') as WsIntegration['passthrough'],
    requestTemplates: compileTemplates(i.RequestTemplates),
    templateSelection: i.TemplateSelectionExpression ? compileSelection(i.TemplateSelectionExpression) : undefined,
    responseSelection: i.IntegrationResponseSelectionExpression ? compileSelection(i.IntegrationResponseSelectionExpression) : undefined,
    responses: responses.map((r) => ({
      key: r.IntegrationResponseKey,
      pattern: patternOf(r.IntegrationResponseKey),
      templates: compileTemplates(r.ResponseTemplates),
      templateSelection: r.TemplateSelectionExpression ? compileSelection(r.TemplateSelectionExpression) : undefined,
      contentHandling: r.ContentHandlingStrategy,
    })),
    contentHandling: i.ContentHandlingStrategy,
  };
}

/** `/4\d\d/` is a pattern (whole-value match); anything else is a literal key. */
function patternOf(key: string): RegExp | undefined {
  if (key.length < 2 || !key.startsWith('/') || !key.endsWith('/')) return undefined;
  try {
    return new RegExp(`^(?:${key.slice(1, -1)})$`, 's');
  } catch {
    return undefined;
  }
}

function compileTemplates(templates: Record<string, string> | undefined): Map<string, MaybeTemplate> {
  const out = new Map<string, MaybeTemplate>();
  for (const [key, source] of Object.entries(templates ?? {})) {
    try {
      out.set(key, { ok: true, template: compileTemplate(source) });
    } catch (err) {
      out.set(key, { ok: false, error: (err as Error).message });
    }
  }
  return out;
}

function compileAuthorizer(id: string, a: AuthorizerRecord): WsAuthorizer {
  const identitySource: [string, string][] = [];
  for (const s of a.IdentitySource ?? []) {
    const m = /^(?:route\.request\.(header|querystring)|(stageVariables|context))\.(.+)$/.exec(s.trim());
    if (m) identitySource.push([m[1] ?? m[2], m[3]]);
  }
  return { id, name: a.Name, uri: a.AuthorizerUri ?? '', identitySource, ttlSeconds: a.AuthorizerResultTtlInSeconds ?? 0 };
}
