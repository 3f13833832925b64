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
import { handlers as testInvoke } from './test-invoke.js';

export const handlers: Handlers = {
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
  ...testInvoke,
};
