/**
 * The $connect route's Lambda REQUEST authorizer. Every identity source
 * (`route.request.header.X`, `route.request.querystring.X`, `stageVariables.X`, `context.X`) must
 * have a value, else 401 without calling the function. The function gets the REQUEST event (type,
 * methodArn ending in `/$connect`, headers, query, stage variables, requestContext) and answers an
 * IAM policy: Deny (or no Allow) is 403, `callback("Unauthorized")` is 401, anything else 500.
 * Allowed, its principalId and context are the connection's `requestContext.authorizer`.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-lambda-auth.html
 */
import { evaluatePolicy, parseAuthorizerAnswer } from '../rest/authorizer-policy.js';
import type { WsAuthorizer } from './compile.js';
import type { Connection } from './connections.js';
import { requestContext, requestParts, type WsRequest } from './event.js';
import { functionTarget, IntegrationFailure, type IntegrationEnv } from './integration.js';
import { invokeFunction } from '../integrations/aws-lambda.js';
import { randomUUID } from 'node:crypto';
import { GatewayError } from '../errors.js';

/** Why the upgrade is refused: the status and AWS's message. */
export class ConnectRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Lambda authorizers answer within 10 s or fail (AWS's fixed authorizer timeout). */
const AUTHORIZER_TIMEOUT_MS = 10_000;

export async function authorizeConnect(a: WsAuthorizer | undefined, c: Connection, r: WsRequest, env: IntegrationEnv): Promise<void> {
  if (!a) throw new ConnectRefused(500, 'Internal server error');
  for (const [where, name] of a.identitySource) {
    const value =
      where === 'header' ? c.headers[name.toLowerCase()] : where === 'querystring' ? c.query[name] : where === 'stageVariables' ? c.stage.variables[name] : (requestContext(c, r)[name] as string | undefined);
    if (value === undefined || value === '') throw new ConnectRefused(401, 'Unauthorized');
  }
  const stage = c.stage;
  const methodArn = `arn:aws:execute-api:${stage.scope.region}:${stage.scope.account}:${stage.apiId}/${stage.stageName}/$connect`;
  const event = { type: 'REQUEST', methodArn, ...requestParts(c), stageVariables: { ...stage.variables }, requestContext: requestContext(c, r) };
  const target = functionTarget(a.uri, c);
  if (!target || !env.functions) throw new ConnectRefused(500, 'Internal server error');
  let result;
  try {
    result = await invokeFunction(env.functions, target, Buffer.from(JSON.stringify(event)), randomUUID(), AUTHORIZER_TIMEOUT_MS);
  } catch (err) {
    if (err instanceof GatewayError || err instanceof IntegrationFailure) throw new ConnectRefused(500, 'Internal server error');
    throw err;
  }
  const text = result.payload.toString('utf8');
  if (result.functionError !== undefined) {
    if (/"errorMessage"\s*:\s*"Unauthorized"/.test(text)) throw new ConnectRefused(401, 'Unauthorized');
    throw new ConnectRefused(500, 'Internal server error');
  }
  const answer = parseAuthorizerAnswer(result.payload);
  if (!answer) throw new ConnectRefused(500, 'Internal server error');
  if (evaluatePolicy(answer, methodArn) !== 'allow') throw new ConnectRefused(403, 'Forbidden');
  c.authorizer = { ...(answer.context ?? {}), principalId: answer.principalId };
  c.usageIdentifierKey = answer.usageIdentifierKey;
}
