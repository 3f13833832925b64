/**
 * Evaluating a compiled resource policy against one invocation, and combining its answer with the
 * method's authorization as API Gateway does ("How API Gateway resource policies affect
 * authorization workflow", tables A and B):
 *  - an explicit Deny always wins;
 *  - no authorization (NONE): the policy must explicitly allow;
 *  - AWS_IAM: a caller of the API's own account needs only that nothing denies (Gatehouse keeps
 *    no IAM identity policies: a caller holding valid credentials is taken as allowed by them),
 *    a caller of another account needs the policy's explicit Allow (cross-account access);
 *  - Lambda and Cognito authorizers: the policy's Deny stops the request before the authorizer;
 *    otherwise the authorizer decides, and a policy Allow admits a request the authorizer's own
 *    policy is silent about (table A, "Neither Allow nor Deny" / "Allow").
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-authorization-flow.html
 */
import type { CompiledPolicy, PolicyDecision, PolicyRequest } from './types.js';

export function evaluateResourcePolicy(policy: CompiledPolicy, r: PolicyRequest): PolicyDecision {
  let allowed = false;
  for (const s of policy.statements) {
    // Cheapest tests first; an Allow is only worth testing until one applies.
    if (s.allow && allowed) continue;
    if (!s.principal(r) || !s.resource(r.resource)) continue;
    let holds = true;
    for (const c of s.conditions) {
      if (!c(r)) {
        holds = false;
        break;
      }
    }
    if (!holds) continue;
    if (!s.allow) return 'deny';
    allowed = true;
  }
  return allowed ? 'allow' : 'none';
}

export type AuthorizationKind = 'NONE' | 'AWS_IAM' | 'AUTHORIZER';

/**
 * Whether the request may go on past the resource policy: 'deny' / 'implicit-deny' stop it (the
 * message differs), 'continue' lets the next step (an authorizer) decide, 'allow' admits it.
 * `crossAccount`: an AWS_IAM caller of another account than the API's.
 */
export function combine(decision: PolicyDecision | undefined, kind: AuthorizationKind, crossAccount: boolean): 'allow' | 'continue' | 'deny' | 'implicit-deny' {
  if (decision === 'deny') return 'deny';
  switch (kind) {
    case 'NONE':
      return decision === 'allow' || decision === undefined ? 'allow' : 'implicit-deny';
    case 'AWS_IAM':
      return decision === 'allow' || !crossAccount ? 'allow' : 'implicit-deny';
    case 'AUTHORIZER':
      return 'continue';
  }
}
