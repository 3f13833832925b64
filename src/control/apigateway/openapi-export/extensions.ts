/**
 * The x-amazon-apigateway-* extensions an export writes, from the deployed snapshot.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions.html
 *
 * Settings left at AWS's defaults are not written, as AWS exports them (recorded:
 * test_export_*_openapi get-export-with-extensions, where an HTTP integration stored with
 * timeoutInMillis 29000, connectionType INTERNET and cacheNamespace = resource id shows none of
 * them). cacheNamespace goes with cache key parameters, as in an AWS export quoted in public notes.
 * Types and passthrough behaviours are lower case ("http", "when_no_match").
 */
import type { S_Integration, S_IntegrationResponse, S_Method } from '../../../aws/generated/apigateway.js';
import type { DeploymentSnapshot } from '../../../definitions/apigateway.js';
import { compact, nonEmpty } from './context.js';

const DEFAULT_TIMEOUT = 29000;

/**
 * Mapping templates: AWS stores an empty template as null (recorded:
 * test_put_integration_response_templates); the export writes it back as the empty template it
 * was given, which imports to the same null again.
 */
function templates(map: Record<string, string | null> | undefined): Record<string, string> | undefined {
  return nonEmpty(map && Object.fromEntries(Object.entries(map).map(([ct, t]) => [ct, t ?? ''])));
}

/** x-amazon-apigateway-integration.responses: keyed by selection pattern, "default" for none. */
function integrationResponses(responses: Record<string, S_IntegrationResponse> | undefined): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const r of Object.values(responses ?? {})) {
    out[r.selectionPattern ? r.selectionPattern : 'default'] = compact({
      statusCode: r.statusCode,
      responseParameters: nonEmpty(r.responseParameters),
      responseTemplates: templates(r.responseTemplates),
      contentHandling: r.contentHandling,
    });
  }
  return nonEmpty(out);
}

export function integrationExtension(i: S_Integration): Record<string, unknown> {
  const cacheKeys = i.cacheKeyParameters?.length ? i.cacheKeyParameters : undefined;
  return compact({
    type: i.type?.toLowerCase(),
    httpMethod: i.httpMethod,
    uri: i.uri,
    credentials: i.credentials,
    connectionType: i.connectionType === 'VPC_LINK' ? i.connectionType : undefined,
    connectionId: i.connectionId,
    integrationTarget: i.integrationTarget,
    responses: integrationResponses(i.integrationResponses),
    requestParameters: nonEmpty(i.requestParameters),
    requestTemplates: templates(i.requestTemplates),
    passthroughBehavior: i.passthroughBehavior?.toLowerCase(),
    contentHandling: i.contentHandling,
    timeoutInMillis: i.timeoutInMillis !== undefined && i.timeoutInMillis !== DEFAULT_TIMEOUT ? i.timeoutInMillis : undefined,
    cacheNamespace: cacheKeys ? i.cacheNamespace : undefined,
    cacheKeyParameters: cacheKeys,
    tlsConfig: i.tlsConfig?.insecureSkipVerification !== undefined ? { insecureSkipVerification: i.tlsConfig.insecureSkipVerification } : undefined,
    responseTransferMode: i.responseTransferMode === 'STREAM' ? i.responseTransferMode : undefined,
  });
}

/** What an operation carries: its request validator (by name) and its integration. */
export function operationExtensions(method: S_Method, snapshot: DeploymentSnapshot, integrations: boolean, settings: boolean): Record<string, unknown> {
  const validator = method.requestValidatorId ? snapshot.requestValidators[method.requestValidatorId]?.name : undefined;
  return compact({
    'x-amazon-apigateway-request-validator': settings ? validator : undefined,
    'x-amazon-apigateway-integration': integrations && method.methodIntegration ? integrationExtension(method.methodIntegration) : undefined,
  });
}

/** The resource policy as a JSON object; AWS stores it with its quotes backslash-escaped (restapi-policy.ts). */
function policyDocument(policy: string | undefined): unknown {
  if (!policy) return undefined;
  for (const text of [policy, policy.replaceAll('\\"', '"')]) {
    try {
      return JSON.parse(text);
    } catch {
      // try the unescaped form next
    }
  }
  return policy;
}

/**
 * x-amazon-apigateway-endpoint-configuration: "When you export an API, the API endpoint
 * configuration is not included" (import-export-api-endpoints) - the endpoint type is not; what
 * the extension documents (disableExecuteApiEndpoint, vpcEndpointIds) is, when set.
 */
export function endpointConfiguration(snapshot: DeploymentSnapshot): Record<string, unknown> | undefined {
  const vpcEndpointIds = snapshot.api.endpointConfiguration.vpcEndpointIds;
  return nonEmpty(
    compact({
      disableExecuteApiEndpoint: snapshot.api.disableExecuteApiEndpoint ? true : undefined,
      vpcEndpointIds: vpcEndpointIds?.length ? vpcEndpointIds : undefined,
    }),
  );
}

/** The API-level settings (top level of the document). Gateway responses: only the user's. */
export function apiExtensions(snapshot: DeploymentSnapshot): Record<string, unknown> {
  const validators = Object.values(snapshot.requestValidators).filter((v) => v.name);
  const gatewayResponses = Object.values(snapshot.gatewayResponses).filter((r) => r.defaultResponse !== true && r.responseType);
  return compact({
    'x-amazon-apigateway-api-key-source': snapshot.api.apiKeySource === 'AUTHORIZER' ? 'AUTHORIZER' : undefined,
    'x-amazon-apigateway-binary-media-types': snapshot.api.binaryMediaTypes.length ? snapshot.api.binaryMediaTypes : undefined,
    'x-amazon-apigateway-minimum-compression-size': snapshot.api.minimumCompressionSize,
    'x-amazon-apigateway-policy': policyDocument(snapshot.api.policy),
    'x-amazon-apigateway-request-validators': validators.length
      ? Object.fromEntries(validators.map((v) => [v.name, { validateRequestBody: Boolean(v.validateRequestBody), validateRequestParameters: Boolean(v.validateRequestParameters) }]))
      : undefined,
    'x-amazon-apigateway-gateway-responses': gatewayResponses.length
      ? Object.fromEntries(
          gatewayResponses.map((r) => [
            r.responseType,
            compact({ statusCode: r.statusCode, responseParameters: nonEmpty(r.responseParameters), responseTemplates: templates(r.responseTemplates) }),
          ]),
        )
      : undefined,
  });
}
