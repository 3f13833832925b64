/**
 * What the control plane writes and the data plane reads: where REST API (apigateway v1)
 * definitions live in the store and the shapes of the documents both sides share. The two planes
 * never import each other (DESIGN.md); they meet here.
 */
import type {
  S_Authorizer,
  S_CanarySettings,
  S_GatewayResponse,
  S_Method,
  S_MethodSetting,
  S_Model,
  S_RequestValidator,
} from '../aws/generated/apigateway.js';

/** Store kinds; keys are `{apiId}` for the API and `{apiId}/{id}` for everything under it. */
export const KIND = {
  restApi: 'apigateway.restapi',
  resource: 'apigateway.resource',
  method: 'apigateway.method',
  model: 'apigateway.model',
  requestValidator: 'apigateway.requestvalidator',
  authorizer: 'apigateway.authorizer',
  gatewayResponse: 'apigateway.gatewayresponse',
  deployment: 'apigateway.deployment',
  /** The frozen copy of the API a deployment serves (see deployments.ts). */
  deploymentSnapshot: 'apigateway.deploymentsnapshot',
  stage: 'apigateway.stage',
  // Region-level resources (issue 5); keys below each.
  /** key `{apiKeyId}` */
  apiKey: 'apigateway.apikey',
  /** key `{usagePlanId}` */
  usagePlan: 'apigateway.usageplan',
  /** key `{usagePlanId}/{keyId}` */
  usagePlanKey: 'apigateway.usageplankey',
  /** key `{usagePlanId}/{keyId}/{yyyy-MM-dd}`: requests counted per UTC day (src/definitions/usage-plans.ts) */
  usageCounter: 'apigateway.usagecounter',
  /** key `{domainName}` (public) or `{domainName}+{domainNameId}` (private) */
  domainName: 'apigateway.domainname',
  /** key `{domainName}/{basePath}` (`(none)` for the empty base path) */
  basePathMapping: 'apigateway.basepathmapping',
  /** key `{domainNameAccessAssociationId}` */
  domainNameAccessAssociation: 'apigateway.domainnameaccessassociation',
  /** key `{clientCertificateId}` */
  clientCertificate: 'apigateway.clientcertificate',
  /** key `{vpcLinkId}` */
  vpcLink: 'apigateway.vpclink',
  /** key `account`: one per (account, region) */
  account: 'apigateway.account',
  /** key `{apiId}/{documentationPartId}` */
  documentationPart: 'apigateway.documentationpart',
  /** key `{apiId}/{documentationVersion}` */
  documentationVersion: 'apigateway.documentationversion',
} as const;

export const apiKey = (apiId: string, id: string) => `${apiId}/${id}`;
export const apiPrefix = (apiId: string) => `${apiId}/`;
export const methodKey = (apiId: string, resourceId: string, httpMethod: string) => `${apiId}/${resourceId}/${httpMethod}`;

export type Tags = Record<string, string>;

export interface RestApiRecord {
  id: string;
  name: string;
  description?: string;
  createdDate: string;
  version?: string;
  warnings?: string[];
  binaryMediaTypes?: string[];
  minimumCompressionSize?: number;
  apiKeySource: 'HEADER' | 'AUTHORIZER';
  endpointConfiguration: { types: string[]; ipAddressType?: string; vpcEndpointIds?: string[] };
  policy?: string;
  tags?: Tags;
  disableExecuteApiEndpoint: boolean;
  rootResourceId: string;
}

export interface AccessLogSettings {
  format?: string;
  destinationArn?: string;
}

/** Stored under KIND.stage at apiKey(apiId, stageName); member names as the Stage shape. */
export interface StageRecord {
  stageName: string;
  deploymentId: string;
  description?: string;
  clientCertificateId?: string;
  cacheClusterEnabled: boolean;
  cacheClusterSize?: string;
  cacheClusterStatus: 'AVAILABLE' | 'NOT_AVAILABLE';
  methodSettings: Record<string, S_MethodSetting>;
  variables?: Record<string, string>;
  documentationVersion?: string;
  accessLogSettings?: AccessLogSettings;
  canarySettings?: S_CanarySettings;
  tracingEnabled: boolean;
  webAclArn?: string;
  tags?: Tags;
  createdDate: string;
  lastUpdatedDate: string;
}

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
 *       id, name, description?, version?,             // version: the API's own (GetExport's info.version)
 *       apiKeySource,                                 // 'HEADER' | 'AUTHORIZER'
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
    /** The API's version when deployed (snapshots written before it was kept have none). */
    version?: string;
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
