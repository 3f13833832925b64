/** The REST API (v1) resource types, registered in apply order. */
import { registerType } from '../registry.js';
import { authorizerType, gatewayResponseType, modelType, requestValidatorType } from './api-parts.js';
import { documentationPartType, documentationVersionType } from './documentation.js';
import { deploymentType, stageType } from './deployments.js';
import { basePathMappingType, domainNameType } from './domains.js';
import { apiKeyType, usagePlanKeyType, usagePlanType } from './keys-plans.js';
import { accountType, clientCertificateType, vpcLinkType } from './region.js';
import { methodType, resourceType } from './resources.js';
import { restApiType } from './rest-apis.js';

for (const t of [
  accountType,
  clientCertificateType,
  vpcLinkType,
  restApiType,
  deploymentType,
  modelType,
  requestValidatorType,
  authorizerType,
  resourceType,
  methodType,
  gatewayResponseType,
  documentationVersionType,
  documentationPartType,
  stageType,
  apiKeyType,
  usagePlanType,
  usagePlanKeyType,
  domainNameType,
  basePathMappingType,
]) {
  registerType(t);
}

export { REST_API, restApiKey } from './rest-apis.js';
