/**
 * The translation rules, named after the seed's attribute tables (shared/seeds/000_8804a5d92aed0244.txt,
 * "REST APIs in API Gateway (v1)"). Every translation the engine makes is reported under one of
 * these names; each has a test that names it (test/replication/translation.test.ts).
 */
export const RULES = {
  /** Rest API ID (every child): the replicated API's id. */
  REST_API_ID: 'Rest API ID',
  /** Method: Authorizer ID of the replicated authorizer. */
  AUTHORIZER_ID: 'Method Authorizer ID',
  /** Method: Request Validator ID of the replicated validator. */
  REQUEST_VALIDATOR_ID: 'Method Request Validator ID',
  /** Method: Resource ID of the replicated resource. */
  RESOURCE_ID: 'Method Resource ID',
  /** Authorizer URI / integration URI: the replicated Lambda function, version or alias. */
  LAMBDA_URI: 'Lambda function ARN in URI',
  /** Authorizer credentials, integration credentials: the replicated IAM role. */
  IAM_ROLE: 'IAM role ARN',
  /** Authorizer Provider ARNs: the replicated Cognito user pools. */
  COGNITO_PROVIDER: 'Cognito provider ARN',
  /** Domain name: certificate and ownership verification certificate ARNs. */
  CERTIFICATE: 'Certificate ARN',
  /** Stage Access Log Settings: region and account of the log group ARN. */
  ACCESS_LOG: 'Access log destination ARN',
  /** Rest API Policy: execute-api ARNs name the replicated API, region and account. */
  POLICY_ARN: 'Resource policy execute-api ARN',
  /** Integration connection id: the replicated VPC link. */
  VPC_LINK_ID: 'VPC link ID',
  /** Rest API endpoint configuration: VPC endpoint ids of the recovery environment. */
  VPC_ENDPOINT_ID: 'VPC endpoint ID',
  /** Edge-optimized APIs and domain names are recovered as Regional. */
  EDGE_TO_REGIONAL: 'EDGE endpoint recovered as REGIONAL',
  /** Account: the CloudWatch role ARN. */
  CLOUDWATCH_ROLE: 'CloudWatch role ARN',
  /** VPC link target ARNs: the replicated network load balancers. */
  NLB_TARGET: 'VPC link target NLB ARN',
  /** Base path mapping, usage plan stages, stage keys: the replicated API. */
  API_REFERENCE: 'Rest API reference',
  /** Stage deployment id (and canary deployment id): the replicated deployment. */
  DEPLOYMENT_ID: 'Stage deployment ID',
  /** Stage client certificate id: the new certificate (a new key pair: clients must trust it). */
  CLIENT_CERTIFICATE_ID: 'Client certificate ID',
  /** Usage plan keys: the replicated API key. */
  API_KEY_ID: 'API key ID',
  /** SQS queues an integration uses (service ARN path, queue URLs in request parameters). */
  SQS_QUEUE: 'SQS queue',
  /** An ARN of another service in the source region/account, substituted. */
  REGION_ACCOUNT: 'Region and account substitution',
  // HTTP and WebSocket APIs (v2): shared/seeds/000_8804a5d92aed0244.txt, "HTTP APIs in API Gateway (v2)".
  /** Route, integration, authorizer, stage, API mapping: the replicated API's id. */
  API_ID: 'API ID',
  /** Route Authorizer ID: the replicated authorizer. */
  ROUTE_AUTHORIZER_ID: 'Route Authorizer ID',
  /** Route Target: `integrations/{id}` names the replicated integration. */
  ROUTE_TARGET: 'Route Target',
  /** JWT issuer of a Cognito user pool: the recovery region and the replicated pool's id. */
  JWT_COGNITO_ISSUER: 'JWT Cognito issuer (region and user pool)',
  /** JWT issuer of a Cognito custom domain: same domain prefix, the recovery region; other domains kept. */
  JWT_CUSTOM_DOMAIN_ISSUER: 'JWT Cognito custom domain issuer',
  /** JWT audience of a Cognito authorizer: the replicated user pool clients. */
  JWT_AUDIENCE: 'JWT audience (user pool client)',
  /** JWT issuer of another identity provider: kept as the source has it. */
  JWT_OTHER_ISSUER: 'JWT issuer of another identity provider',
  /** VPC link (v2) subnet ids: the recovery VPC's subnets. */
  SUBNET_ID: 'VPC link subnet ID',
  /** VPC link (v2) security group ids: the recovery VPC's security groups. */
  SECURITY_GROUP_ID: 'VPC link security group ID',
  /** Stage route settings of a stage without a deployment cannot be written: dropped, reported. */
  ROUTE_SETTINGS_UNDEPLOYED: 'Stage route settings without a deployment',
  /** Quick-create (apiGatewayManaged) resources come back by recreating the API with its Target. */
  QUICK_CREATE: 'Quick-create managed resources',
  /** Given by the user's mapping file. */
  MAPPING_FILE: 'Mapping file',
  /** Names of top-level resources in a failover test carry the test environment's prefix. */
  TEST_PREFIX: 'Failover test name prefix',
} as const;

export type RuleName = (typeof RULES)[keyof typeof RULES];
