/**
 * `$context` as templates, parameter mappings and gateway responses see it, built once per
 * request when first needed.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html#context-variable-reference
 */
import type { InvocationContext } from './context.js';

/** Month names and two-digit fields as AWS's (and Java's) date formats write them; test-invoke-log.ts uses them too. */
export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

/** CLF time as AWS writes `$context.requestTime`: 21/Nov/2026:05:55:00 +0000. */
export function requestTime(epochMs: number): string {
  const d = new Date(epochMs);
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

export function contextVariables(ctx: InvocationContext): Record<string, unknown> {
  if (ctx.contextVariables) return ctx.contextVariables;
  const req = ctx.request;
  const stage = ctx.stage;
  const domainName = req.host.replace(/:\d+$/, '');
  const vars: Record<string, unknown> = {
    accountId: stage?.scope.account ?? '',
    apiId: stage?.apiId ?? '',
    deploymentId: stage?.deploymentId ?? '',
    domainName,
    domainPrefix: domainName.split('.')[0],
    extendedRequestId: ctx.extendedRequestId,
    httpMethod: req.httpMethod,
    identity: {
      accessKey: null,
      accountId: null,
      // The API key of an apiKeyRequired method (handlers/api-key.ts); null for methods that need none.
      apiKey: ctx.apiKey?.value ?? null,
      apiKeyId: ctx.apiKey?.id ?? null,
      caller: null,
      cognitoAuthenticationProvider: null,
      cognitoAuthenticationType: null,
      cognitoIdentityId: null,
      cognitoIdentityPoolId: null,
      principalOrgId: null,
      sourceIp: req.sourceIp,
      user: null,
      userAgent: req.headers['user-agent'] ?? null,
      userArn: null,
    },
    // As sent, still URL-encoded (recorded: "/test/test%2Balias" in test_apigateway_lambda).
    path: `/${stage?.stageName ?? ''}${req.rawPath}`,
    protocol: req.protocol,
    requestId: ctx.requestId,
    requestTime: requestTime(ctx.requestTimeEpoch),
    requestTimeEpoch: ctx.requestTimeEpoch,
    resourceId: ctx.resource?.id ?? '',
    resourcePath: ctx.resource?.path ?? '',
    stage: stage?.stageName ?? '',
    isCanaryRequest: stage?.isCanary ?? false,
    authorizer: {},
    error: {},
  };
  ctx.contextVariables = vars;
  return vars;
}
