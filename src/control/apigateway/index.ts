/**
 * The apigateway (v1, REST APIs) control plane: every implemented operation, by its model name.
 * One module per AWS resource; an operation missing here answers NotImplemented.
 */
import type { Handlers } from '../types.js';
import { handlers as restApis } from './restapis.js';
import { handlers as resources } from './resources.js';
import { handlers as methods } from './methods.js';
import { handlers as methodResponses } from './method-responses.js';
import { handlers as integrations } from './integrations.js';
import { handlers as integrationResponses } from './integration-responses.js';
import { handlers as models } from './models.js';
import { handlers as requestValidators } from './request-validators.js';
import { handlers as authorizers } from './authorizers.js';
import { handlers as gatewayResponses } from './gateway-responses.js';
import { handlers as deployments } from './deployments.js';
import { handlers as stages } from './stages.js';
import { handlers as stageCache } from './stage-cache.js';
import { handlers as testInvoke } from './test-invoke.js';
import { handlers as apiKeys } from './api-keys.js';
import { handlers as usagePlans } from './usage-plans.js';
import { handlers as domainNames } from './domain-names.js';
import { handlers as basePathMappings } from './base-path-mappings.js';
import { handlers as clientCertificates } from './client-certificates.js';
import { handlers as vpcLinks } from './vpc-links.js';
import { handlers as account } from './account.js';
import { handlers as tags } from './tags.js';
import { handlers as documentation } from './documentation.js';
import { handlers as exportApi } from './export.js';
import { handlers as importApi } from './import.js';
import { handlers as sdkTypes } from './sdk-types.js';

export const handlers: Handlers = {
  ...sdkTypes,
  ...restApis,
  ...resources,
  ...methods,
  ...methodResponses,
  ...integrations,
  ...integrationResponses,
  ...models,
  ...requestValidators,
  ...authorizers,
  ...gatewayResponses,
  ...deployments,
  ...stages,
  ...stageCache,
  ...testInvoke,
  ...apiKeys,
  ...usagePlans,
  ...domainNames,
  ...basePathMappings,
  ...clientCertificates,
  ...vpcLinks,
  ...account,
  ...tags,
  ...documentation,
  ...exportApi,
  ...importApi,
};
