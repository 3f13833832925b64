/**
 * Integration: PutIntegration, GetIntegration, UpdateIntegration, DeleteIntegration.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_PutIntegration.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-integration-settings-integration-request.html
 *
 * The integration is the method document's `methodIntegration`. Defaults are what AWS answers
 * (recorded): passthroughBehavior WHEN_NO_MATCH, timeoutInMillis 29000, cacheNamespace the
 * resource id, cacheKeyParameters [], connectionType INTERNET for HTTP types only, and no `uri`
 * for a MOCK integration even when one was sent.
 */
import { badRequest } from '../../aws/errors.js';
import type { S_DeleteIntegrationRequest, S_GetIntegrationRequest, S_PutIntegrationRequest, S_UpdateIntegrationRequest } from '../../aws/generated/apigateway.js';
import type { Handlers, RequestContext } from '../types.js';
import {
  checkContentHandling,
  checkTemplateContentTypes,
  javaBoolean,
  normalizeTemplates,
  templateValue,
  validateIntegrationRequestParameters,
} from './mapping-expressions.js';
import { mapKeyRule, stringRule, withMethodFamilyErrors } from './method-patch.js';
import { checkHttpMethod, integrationNotFound, requireIntegration, requireMethod, saveMethod, type IntegrationRecord } from './method-store.js';
import { applyPatch, patchInteger, type PatchRule } from './patch/index.js';

const HTTP_TYPES = ['HTTP', 'HTTP_PROXY'];
const AWS_TYPES = ['AWS', 'AWS_PROXY'];
const PASSTHROUGH_BEHAVIORS = ['WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES', 'NEVER'];
/** https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html (integration timeout). */
const TIMEOUT_MIN = 50;
const TIMEOUT_MAX = 29000;

async function putIntegration(input: S_PutIntegrationRequest, ctx: RequestContext): Promise<IntegrationRecord> {
  const type = input.type;
  const integration: IntegrationRecord = {
    type,
    httpMethod: input.integrationHttpMethod?.toUpperCase(),
    uri: type === 'MOCK' ? undefined : input.uri,
    connectionType: input.connectionType ?? (HTTP_TYPES.includes(type) ? 'INTERNET' : undefined),
    connectionId: input.connectionId,
    credentials: input.credentials,
    requestParameters: input.requestParameters,
    requestTemplates: undefined,
    passthroughBehavior: input.passthroughBehavior ?? 'WHEN_NO_MATCH',
    contentHandling: input.contentHandling,
    timeoutInMillis: input.timeoutInMillis ?? TIMEOUT_MAX,
    cacheNamespace: input.cacheNamespace ?? input.resourceId,
    cacheKeyParameters: input.cacheKeyParameters ?? [],
    tlsConfig: input.tlsConfig,
    responseTransferMode: input.responseTransferMode,
    integrationTarget: input.integrationTarget,
  };
  // AWS checks the target (verb, URI) before it looks the method up; the rest needs the method.
  checkTarget(integration);
  const { key, method } = await requireMethod(ctx, input);
  integration.requestTemplates = normalizeTemplates(input.requestTemplates);
  checkSettings(integration, method.requestParameters);
  // A put replaces the whole integration, integration responses included.
  method.methodIntegration = integration;
  await saveMethod(ctx, key, method);
  return integration;
}

async function getIntegration(input: S_GetIntegrationRequest, ctx: RequestContext): Promise<IntegrationRecord> {
  return (await requireIntegration(ctx, input)).integration;
}

async function deleteIntegration(input: S_DeleteIntegrationRequest, ctx: RequestContext): Promise<void> {
  const { key, method } = await requireMethod(ctx, input);
  if (!method.methodIntegration) throw integrationNotFound();
  delete method.methodIntegration;
  await saveMethod(ctx, key, method);
}

const INTEGRATION_RULES: PatchRule<IntegrationRecord>[] = withMethodFamilyErrors<IntegrationRecord>([
  stringRule('/uri', 'uri'),
  stringRule('/httpMethod', 'httpMethod', (v) => v.toUpperCase()),
  stringRule('/credentials', 'credentials'),
  stringRule('/connectionType', 'connectionType'),
  stringRule('/connectionId', 'connectionId'),
  stringRule('/contentHandling', 'contentHandling'),
  stringRule('/cacheNamespace', 'cacheNamespace'),
  stringRule('/passthroughBehavior', 'passthroughBehavior'),
  stringRule('/responseTransferMode', 'responseTransferMode'),
  { path: '/timeoutInMillis', ops: ['replace'], apply: (doc, c) => void (doc.timeoutInMillis = patchInteger(c)) },
  {
    path: '/tlsConfig/insecureSkipVerification',
    ops: ['replace'],
    apply: (doc, c) => void (doc.tlsConfig = { ...doc.tlsConfig, insecureSkipVerification: javaBoolean(c.value) }),
  },
  mapKeyRule('/requestParameters', 'requestParameters', (v) => v ?? ''),
  mapKeyRule('/requestTemplates', 'requestTemplates', templateValue),
  {
    // Cache key parameters are a list addressed by value: /cacheKeyParameters/method.request.path.id
    path: '/cacheKeyParameters/{name}',
    ops: ['add', 'remove'],
    apply(doc, c) {
      const rest = doc.cacheKeyParameters.filter((p) => p !== c.params.name);
      doc.cacheKeyParameters = c.op === 'add' ? [...rest, c.params.name] : rest;
    },
  },
]);

async function updateIntegration(input: S_UpdateIntegrationRequest, ctx: RequestContext): Promise<IntegrationRecord> {
  const { key, method, integration } = await requireIntegration(ctx, input);
  const updated = applyPatch(integration, input.patchOperations, INTEGRATION_RULES);
  if (updated.type === 'MOCK') delete updated.uri;
  if (updated.connectionType === undefined && HTTP_TYPES.includes(updated.type)) updated.connectionType = 'INTERNET';
  checkTemplateContentTypes(updated.requestTemplates);
  checkTarget(updated);
  checkSettings(updated, method.requestParameters);
  method.methodIntegration = updated;
  await saveMethod(ctx, key, method);
  return updated;
}

/**
 * The integration's target, with AWS's messages (recorded in test_apigateway_integrations):
 * HTTP, HTTP_PROXY, AWS and AWS_PROXY need an integration verb and a URI of the right form.
 */
function checkTarget(integration: IntegrationRecord): void {
  const { type, uri } = integration;
  if (type === 'MOCK') return;
  if (!integration.httpMethod) throw badRequest('Enumeration value for HttpMethod must be non-empty');
  checkHttpMethod(integration.httpMethod);
  if (HTTP_TYPES.includes(type)) {
    if (!uri || !isHttpEndpoint(uri)) throw badRequest('Invalid HTTP endpoint specified for URI');
    return;
  }
  if (AWS_TYPES.includes(type)) checkAwsUri(type, uri);
}

/** http(s) URL with a host; `${stageVariables.x}` may stand anywhere in it. */
function isHttpEndpoint(uri: string): boolean {
  try {
    const url = new URL(uri.replace(/\$\{[^}]*\}/g, 'x'));
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * An AWS service action ARN: arn:{partition}:apigateway:{region}:{service}:{path|action}/...
 * https://docs.aws.amazon.com/apigateway/latest/api/API_PutIntegration.html (uri)
 */
function checkAwsUri(type: string, uri: string | undefined): void {
  const parts = (uri ?? '').split(':');
  if (!uri?.startsWith('arn:') || parts.length < 6) throw badRequest('Invalid ARN specified in the request');
  const service = parts[4];
  const resource = parts.slice(5).join(':');
  if (!/^(path|action)\//.test(resource)) throw badRequest('AWS ARN for integration must contain path or action');
  if (type === 'AWS_PROXY' && (service !== 'lambda' || !resource.startsWith('path/2015-03-31/functions/'))) {
    throw badRequest("Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.");
  }
}

/** Everything else AWS validates on an integration, given the method's declared parameters. */
function checkSettings(integration: IntegrationRecord, declared: Record<string, boolean> | undefined): void {
  if (integration.connectionType === 'VPC_LINK' && !integration.connectionId) {
    throw badRequest('A connectionId must be specified for connection type VPC_LINK');
  }
  if (integration.connectionType !== undefined && !['INTERNET', 'VPC_LINK'].includes(integration.connectionType)) {
    throw badRequest(`Invalid connection type specified: ${integration.connectionType}. Valid options are INTERNET,VPC_LINK`);
  }
  if (!PASSTHROUGH_BEHAVIORS.includes(integration.passthroughBehavior)) {
    throw badRequest(`Invalid passthrough behavior specified: ${integration.passthroughBehavior}. Valid options are ${PASSTHROUGH_BEHAVIORS.join(',')}`);
  }
  checkContentHandling(integration.contentHandling);
  if (!Number.isInteger(integration.timeoutInMillis) || integration.timeoutInMillis < TIMEOUT_MIN || integration.timeoutInMillis > TIMEOUT_MAX) {
    throw badRequest(`Timeout should be between ${TIMEOUT_MIN} ms and ${TIMEOUT_MAX} ms`);
  }
  validateIntegrationRequestParameters(integration.requestParameters, declared);
}

export const handlers: Handlers = {
  PutIntegration: putIntegration,
  GetIntegration: getIntegration,
  UpdateIntegration: updateIntegration,
  DeleteIntegration: deleteIntegration,
};
