/** What the pipeline's stages share across requests: caches and clients, built once. */
import type { DeploymentCache } from './deployments.js';
import type { HttpIntegrationClient } from '../integrations/http-client.js';
import type { LambdaFunctions } from '../integrations/lambda-functions.js';
import type { IamSettings } from './iam-auth.js';
import type { TrafficControl } from '../usage/index.js';
import type { StageCaches } from '../cache/index.js';
import type { CognitoUserPools } from '../cognito/verifier.js';
import type { AwsServices } from '../integrations/aws-service.js';

export interface PipelineEnv {
  deployments: DeploymentCache;
  http: HttpIntegrationClient;
  /** Lambda functions for AWS_PROXY integrations; absent when Gatehouse runs without a function runtime. */
  functions?: LambdaFunctions;
  /** How AWS_IAM methods verify SigV4 (--auth, --credentials); absent: permissive, no known secrets. */
  iam?: IamSettings;
  /** API keys, usage plans and throttles (usage/); absent (TestInvokeMethod): nothing is throttled or counted. */
  usage?: TrafficControl;
  /** Stage response caches (cache/stage-caches.ts); absent: nothing is cached. */
  caches?: StageCaches;
  /** Cognito user pool token verification and the local issuer (cognito/); absent: COGNITO_USER_POOLS methods answer 401. */
  cognito?: CognitoUserPools;
  /** Where AWS integrations with services other than Lambda are sent (--aws-endpoint); absent: they answer 500. */
  awsServices?: AwsServices;
}
