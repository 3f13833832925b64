/** What the pipeline's stages share across requests: caches and clients, built once. */
import type { DeploymentCache } from './deployments.js';
import type { HttpIntegrationClient } from '../integrations/http-client.js';
import type { LambdaFunctions } from '../integrations/lambda-functions.js';

export interface PipelineEnv {
  deployments: DeploymentCache;
  http: HttpIntegrationClient;
  /** Lambda functions for AWS_PROXY integrations; absent when Gatehouse runs without a function runtime. */
  functions?: LambdaFunctions;
}
