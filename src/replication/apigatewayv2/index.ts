/** The HTTP and WebSocket API (apigatewayv2) resource types, registered in apply order. */
import { registerType } from '../registry.js';
import { apiMappingType } from './api-mappings.js';
import { apiType } from './apis.js';
import { authorizerType } from './authorizers.js';
import { integrationResponseType, integrationType } from './integrations.js';
import { modelV2Type, routeResponseType, routeType } from './routes.js';
import { deploymentV2Type, stageV2Type } from './stages.js';
import { vpcLinkV2Type } from './vpc-links.js';

for (const t of [vpcLinkV2Type, apiType, modelV2Type, authorizerType, integrationType, integrationResponseType, routeType, routeResponseType, deploymentV2Type, stageV2Type, apiMappingType]) {
  registerType(t);
}

export { API, apiKey } from './apis.js';
