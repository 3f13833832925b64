/**
 * What the control plane writes and the data plane reads for HTTP and WebSocket APIs
 * (apigatewayv2): where their definitions live in the store and the shape of a deployment's
 * snapshot. The two planes never import each other (DESIGN.md); they meet here.
 *
 * Documents are the AWS output shapes (member names as the model names them: `ApiId`,
 * `RouteKey`...), dates as ISO strings. Keys:
 *   api                 {apiId}
 *   route               {apiId}/{routeId}
 *   routeresponse       {apiId}/{routeId}/{routeResponseId}
 *   integration         {apiId}/{integrationId}
 *   integrationresponse {apiId}/{integrationId}/{integrationResponseId}
 *   authorizer          {apiId}/{authorizerId}
 *   model               {apiId}/{modelId}
 *   deployment          {apiId}/{deploymentId}       (the Deployment shape)
 *   deploymentsnapshot  {apiId}/{deploymentId}       (the immutable copy it serves, below)
 *   stage               {apiId}/{stageName}
 *   vpclink             {vpcLinkId}
 */
import type {
  S_Api,
  S_Authorizer,
  S_Deployment,
  S_Integration,
  S_IntegrationResponse,
  S_Model,
  S_Route,
  S_RouteResponse,
  S_Stage,
  S_VpcLink,
} from '../aws/generated/apigatewayv2.js';

export const KIND = {
  api: 'apigatewayv2.api',
  route: 'apigatewayv2.route',
  routeResponse: 'apigatewayv2.routeresponse',
  integration: 'apigatewayv2.integration',
  integrationResponse: 'apigatewayv2.integrationresponse',
  authorizer: 'apigatewayv2.authorizer',
  model: 'apigatewayv2.model',
  deployment: 'apigatewayv2.deployment',
  /** The frozen copy of the API a deployment serves (DeploymentSnapshot below). */
  deploymentSnapshot: 'apigatewayv2.deploymentsnapshot',
  stage: 'apigatewayv2.stage',
  // Region-level resources; keys below each.
  /** key `{vpcLinkId}` (HTTP API VPC links; WebSocket APIs use REST API VPC links) */
  vpcLink: 'apigatewayv2.vpclink',
} as const;

/** The kinds keyed `{apiId}/...`: what DeleteApi removes with the API. */
export const API_CHILD_KINDS: string[] = [
  KIND.route,
  KIND.routeResponse,
  KIND.integration,
  KIND.integrationResponse,
  KIND.authorizer,
  KIND.model,
  KIND.deployment,
  KIND.deploymentSnapshot,
  KIND.stage,
];

export const childKey = (apiId: string, ...ids: string[]) => [apiId, ...ids].join('/');
export const childPrefix = (apiId: string, ...ids: string[]) => [apiId, ...ids].join('/') + '/';

/** The Api document; ApiEndpoint is not stored (it depends on where Gatehouse listens). */
export type ApiRecord = Omit<S_Api, 'ApiEndpoint' | 'CreatedDate'> & { ApiId: string; CreatedDate: string };
export type RouteRecord = S_Route & { RouteId: string };
export type RouteResponseRecord = S_RouteResponse & { RouteResponseId: string };
export type IntegrationRecord = S_Integration & { IntegrationId: string };
export type IntegrationResponseRecord = S_IntegrationResponse & { IntegrationResponseId: string };
export type AuthorizerRecord = S_Authorizer & { AuthorizerId: string };
export type ModelRecord = S_Model & { ModelId: string };
export type DeploymentRecord = Omit<S_Deployment, 'CreatedDate'> & { DeploymentId: string; CreatedDate: string };
export type VpcLinkRecord = Omit<S_VpcLink, 'CreatedDate'> & { CreatedDate: string };
export type StageRecord = Omit<S_Stage, 'CreatedDate' | 'LastUpdatedDate'> & { CreatedDate: string; LastUpdatedDate: string };

/**
 * The frozen copy of an HTTP or WebSocket API that a deployment serves. AWS: "A deployment is a
 * snapshot of your API configuration"; edits change nothing a stage serves until the API is
 * deployed again (or, for a stage with autoDeploy, until the change deploys itself).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-publish.html
 *
 * Stored under KIND.deploymentSnapshot at childKey(apiId, deploymentId), written once by
 * CreateDeployment or an auto-deploy and never changed; self-contained, so the data plane can
 * compile its route table from this document alone. Shape, version 1:
 *
 *   {
 *     version: 1, apiId, deploymentId, createdDate,     // ISO date of the deployment
 *     api: { ApiId, Name, ProtocolType,                 // 'HTTP' | 'WEBSOCKET'
 *            RouteSelectionExpression, ApiKeySelectionExpression?,
 *            CorsConfiguration?, DisableExecuteApiEndpoint, DisableSchemaValidation?, IpAddressType? },
 *     routes: [ Route & { RouteResponses: RouteResponse[] } ],      // in creation order
 *     integrations: { [integrationId]: Integration & { IntegrationResponses: IntegrationResponse[] } },
 *     authorizers: { [authorizerId]: Authorizer },
 *     models: { [modelId]: Model },                     // WebSocket APIs only; schema as text
 *   }
 * Stage settings (variables, route settings, access logs) are not part of it: they act at once.
 */
export interface SnapshotApi {
  ApiId: string;
  Name: string;
  ProtocolType: 'HTTP' | 'WEBSOCKET';
  RouteSelectionExpression: string;
  ApiKeySelectionExpression?: string;
  CorsConfiguration?: S_Api['CorsConfiguration'];
  DisableExecuteApiEndpoint: boolean;
  DisableSchemaValidation?: boolean;
  IpAddressType?: string;
}

export interface DeploymentSnapshot {
  version: 1;
  apiId: string;
  deploymentId: string;
  createdDate: string;
  api: SnapshotApi;
  routes: (RouteRecord & { RouteResponses: RouteResponseRecord[] })[];
  integrations: Record<string, IntegrationRecord & { IntegrationResponses: IntegrationResponseRecord[] }>;
  authorizers: Record<string, AuthorizerRecord>;
  models: Record<string, ModelRecord>;
}
