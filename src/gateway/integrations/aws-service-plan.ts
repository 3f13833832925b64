/**
 * An AWS integration with a service other than Lambda, worked out once per deployment
 * (compile.ts): the integration uri `arn:aws:apigateway:{region}:{subdomain.}{service}:action/{Action}`
 * or `arn:aws:apigateway:{region}:{subdomain.}{service}:path/{path}` cut into its parts, and the
 * request parameter mappings parsed as for HTTP integrations (http-plan.ts).
 *  - action form: a service of the JSON protocols (DynamoDB, Kinesis, Step Functions,
 *    EventBridge...) gets `X-Amz-Target: {prefix}.{Action}` and its `application/x-amz-json-1.x`
 *    Content-Type on a request to `/`; any other (the query protocols: SQS, SNS, STS...) gets
 *    `Action={Action}` first in the query string;
 *  - path form: the path (`{name}` variables filled by `integration.request.path.*` mappings) on
 *    the service's endpoint, e.g. S3 `path/{bucket}/{key}`.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/integration-request-basic-setup.html
 * https://docs.aws.amazon.com/apigateway/latest/api/API_Integration.html (uri)
 */
import type { S_Integration } from '../../aws/generated/apigateway.js';
import { compileHttpPlan, type HttpPlan } from './http-plan.js';

export interface AwsServicePlan {
  region: string;
  /** The service as the uri names it: the signing name and the endpoint's host prefix. */
  service: string;
  /** A host prefix before the service (`{bucket}.` of `mybucket.s3`), '' when none. */
  subdomain: string;
  /** `action/{Action}`: the action; undefined for the path form. */
  action?: string;
  /** The JSON protocol's target and Content-Type, for the action form of a JSON service. */
  json?: { target: string; contentType: string };
  /** The request path (`/` for the action form) and the mappings, as for HTTP integrations. */
  http: HttpPlan;
}

/** The uri is no AWS service uri: AWS refuses it on PutIntegration; an imported definition may still hold one. */
export interface BrokenAwsServicePlan {
  error: string;
}

const URI = /^arn:aws[a-z-]*:apigateway:([a-z0-9-]+):(?:([^:]*)\.)?([a-z0-9-]+):(action|path)\/(.*)$/s;

/**
 * The services that speak only a JSON protocol, with their target prefix and JSON version (from
 * the services' models). Every other service gets the query protocol, SSM included: AWS's recorded
 * `ssm:action/GetParameter` answer is SSM's query-protocol answer (test_apigateway_ssm).
 */
const JSON_SERVICES: Record<string, { prefix: string; version: string }> = {
  dynamodb: { prefix: 'DynamoDB_20120810', version: '1.0' },
  kinesis: { prefix: 'Kinesis_20131202', version: '1.1' },
  states: { prefix: 'AWSStepFunctions', version: '1.0' },
  events: { prefix: 'AWSEvents', version: '1.1' },
  logs: { prefix: 'Logs_20140328', version: '1.1' },
  firehose: { prefix: 'Firehose_20150804', version: '1.1' },
  secretsmanager: { prefix: 'secretsmanager', version: '1.1' },
  kms: { prefix: 'TrentService', version: '1.1' },
};

export function compileAwsServicePlan(i: S_Integration): AwsServicePlan | BrokenAwsServicePlan {
  const m = URI.exec(i.uri ?? '');
  if (!m) return { error: `Invalid AWS service uri: ${i.uri ?? ''}` };
  const [, region, subdomain, service, form, rest] = m;
  if (form === 'action') {
    if (!/^[A-Za-z0-9]+$/.test(rest)) return { error: `Invalid action in uri: ${rest}` };
    const json = JSON_SERVICES[service];
    return {
      region,
      service,
      subdomain: subdomain ? `${subdomain}.` : '',
      action: rest,
      json: json ? { target: `${json.prefix}.${rest}`, contentType: `application/x-amz-json-${json.version}` } : undefined,
      http: compileHttpPlan({ ...i, uri: json ? '/' : `/?Action=${rest}` }),
    };
  }
  return { region, service, subdomain: subdomain ? `${subdomain}.` : '', http: compileHttpPlan({ ...i, uri: `/${rest}` }) };
}
