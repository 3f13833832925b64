/**
 * The apigatewayv2 control plane (HTTP and WebSocket APIs): every implemented operation by its
 * model name. Operations not listed answer NotImplemented: the Portal* operations.
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/resources.html
 */
import type { Handlers } from '../types.js';
import { handlers as apiMappings } from './api-mappings.js';
import { handlers as apis } from './apis.js';
import { handlers as authorizers } from './authorizers.js';
import { handlers as deployments } from './deployments.js';
import { handlers as domainNames } from './domain-names.js';
import { handlers as exportApi } from './export.js';
import { handlers as importApi } from './import.js';
import { handlers as integrationResponses } from './integration-responses.js';
import { handlers as integrations } from './integrations.js';
import { handlers as models } from './models.js';
import { handlers as routeResponses } from './route-responses.js';
import { handlers as routes } from './routes.js';
import { handlers as routingRules } from './routing-rules.js';
import { handlers as stages } from './stages.js';
import { handlers as tags } from './tags.js';
import { handlers as vpcLinks } from './vpc-links.js';

export const handlers: Handlers = {
  ...apis,
  ...routes,
  ...routeResponses,
  ...integrations,
  ...integrationResponses,
  ...authorizers,
  ...models,
  ...stages,
  ...deployments,
  ...tags,
  ...vpcLinks,
  ...domainNames,
  ...apiMappings,
  ...importApi,
  ...exportApi,
  ...routingRules,
};
