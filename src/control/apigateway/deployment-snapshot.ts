/**
 * The frozen copy of a REST API that a deployment serves. AWS describes a deployment as "a
 * snapshot of the REST API configuration": later edits to the API change nothing a stage serves
 * until the API is deployed again. https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-deployments.html
 *
 * Stored under KIND.deploymentSnapshot at apiKey(restApiId, deploymentId), written once by
 * CreateDeployment and never changed. It is self-contained so the data plane can compile its
 * route table from this document alone. Shape, version 1:
 *
 *   {
 *     version: 1,
 *     restApiId, deploymentId, createdDate,           // ISO date of the deployment
 *     api: {                                          // the RestApi settings that act on requests
 *       id, name, description?, apiKeySource,         // 'HEADER' | 'AUTHORIZER'
 *       binaryMediaTypes: string[],                   // [] when none
 *       minimumCompressionSize?, policy?,             // policy: the JSON text as the user put it
 *       endpointConfiguration: { types, ipAddressType?, vpcEndpointIds? },
 *       disableExecuteApiEndpoint, rootResourceId,
 *     },
 *     resources: [                                    // every resource, in creation order
 *       { id, parentId?, pathPart?, path,             // path: "/", "/pets", "/pets/{petId}"
 *         resourceMethods: { GET: Method, ... } },    // the AWS Method shape: methodResponses,
 *     ],                                              //   methodIntegration + integrationResponses
 *     models: { [name]: Model },                      // the AWS Model shape (schema as text)
 *     requestValidators: { [id]: RequestValidator },
 *     authorizers: { [id]: Authorizer },
 *     gatewayResponses: { [responseType]: GatewayResponse },  // every type as in effect:
 *   }                                                         //   the user's, else AWS's default
 */
import { badRequest } from '../../aws/errors.js';
import type {
  S_Authorizer,
  S_GatewayResponse,
  S_MapOfMethodSnapshot,
  S_Method,
  S_Model,
  S_RequestValidator,
} from '../../aws/generated/apigateway.js';
import type { StoreTx } from '../../store/types.js';
import { effectiveGatewayResponses } from './gateway-responses.js';
import { apiPrefix, KIND, resourcePath, type ResourceRecord, type RestApiRecord } from './records.js';

export interface SnapshotResource {
  id: string;
  parentId?: string;
  pathPart?: string;
  path: string;
  resourceMethods: Record<string, S_Method>;
}

export interface DeploymentSnapshot {
  version: 1;
  restApiId: string;
  deploymentId: string;
  createdDate: string;
  api: {
    id: string;
    name: string;
    description?: string;
    apiKeySource: 'HEADER' | 'AUTHORIZER';
    binaryMediaTypes: string[];
    minimumCompressionSize?: number;
    policy?: string;
    endpointConfiguration: RestApiRecord['endpointConfiguration'];
    disableExecuteApiEndpoint: boolean;
    rootResourceId: string;
  };
  resources: SnapshotResource[];
  models: Record<string, S_Model>;
  requestValidators: Record<string, S_RequestValidator>;
  authorizers: Record<string, S_Authorizer>;
  gatewayResponses: Record<string, S_GatewayResponse>;
}

/**
 * Reads the whole API (each kind listed once by the API's prefix, never per resource) and
 * refuses what AWS refuses to deploy: an API without methods, or a method without integration.
 */
export async function buildSnapshot(tx: StoreTx, api: RestApiRecord, deploymentId: string, createdDate: string): Promise<DeploymentSnapshot> {
  const prefix = apiPrefix(api.id);
  const [resources, methods, models, validators, authorizers] = await Promise.all([
    tx.list<ResourceRecord>(KIND.resource, prefix),
    tx.list<S_Method>(KIND.method, prefix),
    tx.list<S_Model>(KIND.model, prefix),
    tx.list<S_RequestValidator>(KIND.requestValidator, prefix),
    tx.list<S_Authorizer>(KIND.authorizer, prefix),
  ]);
  if (methods.length === 0) throw badRequest("The REST API doesn't contain any methods");

  const byId = new Map(resources.map((e) => [e.value.id, e.value]));
  const snapshotResources = new Map<string, SnapshotResource>();
  for (const { value: r } of resources) {
    snapshotResources.set(r.id, { id: r.id, parentId: r.parentId, pathPart: r.pathPart, path: resourcePath(byId, r), resourceMethods: {} });
  }
  for (const { key, value: method } of methods) {
    // key: {apiId}/{resourceId}/{HTTP_METHOD}
    const [, resourceId, httpMethod] = key.split('/');
    const resource = snapshotResources.get(resourceId);
    if (!resource) continue; // a method left behind by a deleted resource is not part of the API
    if (!method.methodIntegration) throw badRequest('No integration defined for method');
    resource.resourceMethods[httpMethod] = method;
  }

  const gatewayResponses: Record<string, S_GatewayResponse> = {};
  for (const response of (await effectiveGatewayResponses(tx, api.id)) as S_GatewayResponse[]) {
    if (response.responseType) gatewayResponses[response.responseType] = response;
  }

  return {
    version: 1,
    restApiId: api.id,
    deploymentId,
    createdDate,
    api: {
      id: api.id,
      name: api.name,
      description: api.description,
      apiKeySource: api.apiKeySource,
      binaryMediaTypes: api.binaryMediaTypes ?? [],
      minimumCompressionSize: api.minimumCompressionSize,
      policy: api.policy,
      endpointConfiguration: api.endpointConfiguration,
      disableExecuteApiEndpoint: api.disableExecuteApiEndpoint,
      rootResourceId: api.rootResourceId,
    },
    resources: [...snapshotResources.values()],
    models: Object.fromEntries(models.map((e) => [e.value.name!, e.value])),
    requestValidators: Object.fromEntries(validators.map((e) => [e.value.id!, e.value])),
    authorizers: Object.fromEntries(authorizers.map((e) => [e.value.id!, e.value])),
    gatewayResponses,
  };
}

/**
 * Deployment.apiSummary (GetDeployment with embed=apisummary): for each resource path with
 * methods, each method's authorizationType and apiKeyRequired.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_Deployment.html
 */
export function apiSummary(snapshot: DeploymentSnapshot): Record<string, S_MapOfMethodSnapshot> {
  const summary: Record<string, S_MapOfMethodSnapshot> = {};
  for (const resource of snapshot.resources) {
    const methods = Object.entries(resource.resourceMethods);
    if (!methods.length) continue;
    summary[resource.path] = Object.fromEntries(
      methods.map(([httpMethod, m]) => [httpMethod, { authorizationType: m.authorizationType ?? 'NONE', apiKeyRequired: m.apiKeyRequired ?? false }]),
    );
  }
  return summary;
}
