/**
 * The request of an AWS integration with a service other than Lambda, built per request as for an
 * HTTP integration (http-request.ts: `integration.request.path|querystring|header.*` mappings,
 * the client's Content-Type unless mapped, the request template's output as the body), on the
 * path of the uri's path form or at `/` for its action form: `?Action={Action}` first in the
 * query string for a query-protocol service, `X-Amz-Target` and the JSON protocol's Content-Type
 * for a JSON one (aws-service-plan.ts). The endpoint's origin and the signature are added when it
 * is sent (aws-service.ts).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/integration-request-basic-setup.html
 */
import type { IntegrationRequest, InvocationContext } from '../rest/context.js';
import type { AwsServicePlan } from './aws-service-plan.js';
import { buildHttpRequest } from './http-request.js';

export function buildAwsServiceRequest(ctx: InvocationContext, plan: AwsServicePlan, httpMethod: string, body: Buffer): IntegrationRequest {
  const req = buildHttpRequest(ctx, plan.http, false, httpMethod, body);
  if (plan.json) {
    for (const name in req.headers) {
      const lower = name.toLowerCase();
      if (lower === 'content-type' || lower === 'x-amz-target') delete req.headers[name];
    }
    req.headers['Content-Type'] = [plan.json.contentType];
    req.headers['X-Amz-Target'] = [plan.json.target];
  }
  return req;
}
