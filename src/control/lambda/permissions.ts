/**
 * The function's resource-based policy: AddPermission, RemovePermission, GetPolicy. Terraform's
 * aws_lambda_permission for API Gateway is AddPermission with Principal apigateway.amazonaws.com
 * and a SourceArn of the execute-api ARN. Each qualifier (version, alias) has its own policy.
 * https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html
 */
import { randomUUID } from 'node:crypto';
import type {
  S_AddPermissionRequest,
  S_AddPermissionResponse,
  S_GetPolicyRequest,
  S_GetPolicyResponse,
  S_RemovePermissionRequest,
} from '../../aws/generated/lambda.js';
import type { PolicyStatement } from '../../definitions/lambda.js';
import type { Handlers, RequestContext } from '../types.js';
import { functionArn } from './arns.js';
import { checkRevision, resourceConflict, resourceNotFound } from './errors.js';
import { LAMBDA_KIND, resolveFunction } from './records.js';

/** How IAM writes a principal: a service by name, an account as its root ARN, "*" as is. */
function principalOf(principal: string): PolicyStatement['Principal'] {
  if (principal === '*') return '*';
  if (/^\d{12}$/.test(principal)) return { AWS: `arn:aws:iam::${principal}:root` };
  if (principal.startsWith('arn:')) return { AWS: principal };
  return { Service: principal };
}

function statementOf(input: S_AddPermissionRequest, resource: string): PolicyStatement {
  const condition: Record<string, Record<string, string>> = {};
  if (input.SourceAccount !== undefined) condition.StringEquals = { 'AWS:SourceAccount': input.SourceAccount };
  if (input.PrincipalOrgID !== undefined) (condition.StringEquals ??= {})['aws:PrincipalOrgID'] = input.PrincipalOrgID;
  if (input.EventSourceToken !== undefined) (condition.StringEquals ??= {})['lambda:EventSourceToken'] = input.EventSourceToken;
  if (input.FunctionUrlAuthType !== undefined) (condition.StringEquals ??= {})['lambda:FunctionUrlAuthType'] = input.FunctionUrlAuthType;
  if (input.SourceArn !== undefined) condition.ArnLike = { 'AWS:SourceArn': input.SourceArn };
  return {
    Sid: input.StatementId,
    Effect: 'Allow',
    Principal: principalOf(input.Principal),
    Action: input.Action,
    Resource: resource,
    ...(Object.keys(condition).length ? { Condition: condition } : {}),
  };
}

async function addPermission(input: S_AddPermissionRequest, ctx: RequestContext): Promise<S_AddPermissionResponse> {
  const { name, qualifier, fn } = await resolveFunction(ctx, input.FunctionName, input.Qualifier);
  const key = qualifier ?? '';
  const policy = fn.policies[key] ?? { statements: [], revisionId: randomUUID() };
  checkRevision(input.RevisionId, fn.policies[key] ? policy.revisionId : fn.configuration.RevisionId);
  if (policy.statements.some((s) => s.Sid === input.StatementId)) {
    throw resourceConflict('The statement id (sid) provided already exists. Please provide a new statement id, or remove the existing statement.');
  }
  const statement = statementOf(input, functionArn(ctx.scope, name, qualifier));
  fn.policies[key] = { statements: [...policy.statements, statement], revisionId: randomUUID() };
  await ctx.tx.put(LAMBDA_KIND.function, name, fn);
  return { Statement: JSON.stringify(statement) };
}

async function removePermission(input: S_RemovePermissionRequest, ctx: RequestContext): Promise<void> {
  const { name, qualifier, fn } = await resolveFunction(ctx, input.FunctionName, input.Qualifier);
  const key = qualifier ?? '';
  const policy = fn.policies[key];
  if (!policy) throw resourceNotFound('No policy is associated with the given resource.');
  checkRevision(input.RevisionId, policy.revisionId, 'GetPolicy');
  const remaining = policy.statements.filter((s) => s.Sid !== input.StatementId);
  if (remaining.length === policy.statements.length) throw resourceNotFound(`Statement ${input.StatementId} is not found in resource policy.`);
  if (remaining.length) fn.policies[key] = { statements: remaining, revisionId: randomUUID() };
  else delete fn.policies[key];
  await ctx.tx.put(LAMBDA_KIND.function, name, fn);
}

async function getPolicy(input: S_GetPolicyRequest, ctx: RequestContext): Promise<S_GetPolicyResponse> {
  const { qualifier, fn } = await resolveFunction(ctx, input.FunctionName, input.Qualifier);
  const policy = fn.policies[qualifier ?? ''];
  if (!policy) throw resourceNotFound('The resource you requested does not exist.');
  return {
    Policy: JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: policy.statements }),
    RevisionId: policy.revisionId,
  };
}

export const handlers: Handlers = {
  AddPermission: addPermission,
  RemovePermission: removePermission,
  GetPolicy: getPolicy,
};
