/** What the pipeline's stages share across requests: caches and clients, built once. */
import type { DeploymentCache } from './deployments.js';
import type { HttpIntegrationClient } from '../integrations/http-client.js';

export interface PipelineEnv {
  deployments: DeploymentCache;
  http: HttpIntegrationClient;
}
