/**
 * Parameter mapping keys and values an integration may carry.
 *
 * HTTP APIs: request keys `append|overwrite|remove:header.{name}`, `append|overwrite|remove:
 * querystring.{name}`, `overwrite:path`; response keys per status code `append|overwrite|remove:
 * header.{name}` and `overwrite:statuscode`; reserved headers cannot be mapped. AWS service
 * integrations (IntegrationSubtype) map the service action's own parameters instead.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-parameter-mapping.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-aws-services-reference.html
 *
 * WebSocket APIs: `integration.request.{header|querystring|path}.{name}` from
 * `route.request.{header|querystring|path}.{name}`, `route.request.body.{path}`, `context.{var}`,
 * `stageVariables.{name}` or a 'static' value.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-data-mapping.html
 */
import { badRequest } from '../../aws/errors.js';

const RESERVED = [
  /^access-control-/, /^apigw-/, /^authorization$/, /^connection$/, /^content-encoding$/, /^content-length$/,
  /^content-location$/, /^forwarded$/, /^keep-alive$/, /^origin$/, /^proxy-authenticate$/, /^proxy-authorization$/,
  /^te$/, /^trailers$/, /^transfer-encoding$/, /^upgrade$/, /^x-amz-/, /^x-amzn-/, /^x-forwarded-for$/,
  /^x-forwarded-host$/, /^x-forwarded-proto$/, /^via$/,
];

const invalidKey = (key: string) => badRequest(`Invalid mapping expression specified: ${key}`);

function checkHeader(name: string, key: string): void {
  if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) throw invalidKey(key);
  if (RESERVED.some((re) => re.test(name.toLowerCase()))) throw badRequest(`Invalid mapping expression specified: ${key}. The header ${name} is reserved`);
}

/** HTTP API request mapping: `{action}:{header|querystring}.{name}` or `overwrite:path`. */
export function checkHttpRequestParameters(params: Record<string, string> | undefined): void {
  for (const key of Object.keys(params ?? {})) {
    if (key === 'overwrite:path') continue;
    const m = /^(append|overwrite|remove):(header|querystring)\.(.+)$/.exec(key);
    if (!m) throw invalidKey(key);
    if (m[2] === 'header') checkHeader(m[3], key);
  }
}

/** HTTP API response mapping: per status code (200-599), headers and `overwrite:statuscode`. */
export function checkHttpResponseParameters(params: Record<string, Record<string, string>> | undefined): void {
  for (const [status, mapping] of Object.entries(params ?? {})) {
    if (!/^[2-5]\d\d$/.test(status)) throw badRequest(`Invalid status code specified in response parameters: ${status}. Status codes must be between 200 and 599`);
    for (const [key, value] of Object.entries(mapping ?? {})) {
      if (key === 'overwrite:statuscode') {
        if (!/^[2-5]\d\d$/.test(value) && !value.startsWith('$')) throw badRequest(`Invalid status code mapping value: ${value}`);
        continue;
      }
      const m = /^(append|overwrite|remove):header\.(.+)$/.exec(key);
      if (!m) throw invalidKey(key);
      checkHeader(m[2], key);
    }
  }
}

/** AWS service integrations: the parameters of each subtype, required ones first. */
export const SUBTYPES: Record<string, { required: string[]; optional: string[] }> = {
  'EventBridge-PutEvents': { required: ['Detail', 'DetailType', 'Source'], optional: ['Time', 'EventBusName', 'Resources', 'Region', 'TraceHeader'] },
  'SQS-SendMessage': { required: ['QueueUrl', 'MessageBody'], optional: ['DelaySeconds', 'MessageAttributes', 'MessageDeduplicationId', 'MessageGroupId', 'MessageSystemAttributes', 'Region'] },
  'SQS-ReceiveMessage': { required: ['QueueUrl'], optional: ['AttributeNames', 'MaxNumberOfMessages', 'MessageAttributeNames', 'ReceiveRequestAttemptId', 'VisibilityTimeout', 'WaitTimeSeconds', 'Region'] },
  'SQS-DeleteMessage': { required: ['ReceiptHandle', 'QueueUrl'], optional: ['Region'] },
  'SQS-PurgeQueue': { required: ['QueueUrl'], optional: ['Region'] },
  'AppConfig-GetConfiguration': { required: ['Application', 'Environment', 'Configuration', 'ClientId'], optional: ['ClientConfigurationVersion', 'Region'] },
  'Kinesis-PutRecord': { required: ['StreamName', 'Data', 'PartitionKey'], optional: ['SequenceNumberForOrdering', 'ExplicitHashKey', 'Region'] },
  'StepFunctions-StartExecution': { required: ['StateMachineArn'], optional: ['Name', 'Input', 'Region'] },
  'StepFunctions-StartSyncExecution': { required: ['StateMachineArn'], optional: ['Name', 'Input', 'Region', 'TraceHeader'] },
  'StepFunctions-StopExecution': { required: ['ExecutionArn'], optional: ['Cause', 'Error', 'Region'] },
};

export function checkSubtypeParameters(subtype: string, params: Record<string, string> | undefined): void {
  const spec = SUBTYPES[subtype];
  if (!spec) throw badRequest(`Unsupported integration subtype: ${subtype}. Supported subtypes are: ${Object.keys(SUBTYPES).join(', ')}`);
  const given = Object.keys(params ?? {});
  for (const name of spec.required) {
    if (!given.includes(name)) throw badRequest(`Parameter ${name} is required for integration subtype ${subtype}`);
  }
  for (const name of given) {
    if (!spec.required.includes(name) && !spec.optional.includes(name)) throw badRequest(`Parameter ${name} is not supported for integration subtype ${subtype}`);
  }
}

/** WebSocket integration request mapping: `integration.request.{location}.{name}` from a source. */
export function checkWebSocketRequestParameters(params: Record<string, string> | undefined): void {
  for (const [key, value] of Object.entries(params ?? {})) {
    if (!/^integration\.request\.(header|querystring|path)\.[^.\s]+$/.test(key)) throw invalidKey(key);
    const source = /^route\.request\.(header|querystring|path)\.[^.\s]+$|^route\.request\.body(\..+)?$|^context\.[A-Za-z0-9_.]+$|^stageVariables\.[A-Za-z0-9_]+$|^'[^']*'$/;
    if (!source.test(value)) throw badRequest(`Invalid mapping expression specified: ${value}`);
  }
}
