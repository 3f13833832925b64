/**
 * The shapes of a compiled resource policy and of the request it is evaluated against. A policy is
 * compiled once per deployment (compile.ts) into plain predicates; evaluating it (evaluate.ts)
 * reads only what a request carries, nothing is parsed per request.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies.html
 */

/** Who signed the request (AWS_IAM methods); anonymous callers have none. */
export interface PolicyPrincipal {
  account: string;
  /** arn:aws:iam::{account}:root for Gatehouse's credentials (it keeps no IAM users). */
  arn: string;
  /** aws:userid: the principal's unique id (Gatehouse: the access key id, as its STS answers). */
  userId: string;
  /** aws:username, where the principal is an IAM user. */
  userName?: string;
  /** aws:PrincipalType: Account (root), User, AssumedRole... */
  type: string;
}

/** What a policy sees of one invocation. */
export interface PolicyRequest {
  /** arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path without its leading slash}. */
  resource: string;
  principal?: PolicyPrincipal;
  sourceIp: string;
  /** Header names lower-cased. */
  headers: Record<string, string | undefined>;
  /** ms since epoch: aws:CurrentTime and aws:EpochTime. */
  now: number;
  secureTransport: boolean;
}

/** 'deny' (an explicit Deny applies), 'allow' (an Allow applies and no Deny), 'none' (neither). */
export type PolicyDecision = 'allow' | 'deny' | 'none';

export type RequestTest = (r: PolicyRequest) => boolean;

export interface CompiledStatement {
  allow: boolean;
  /** The Sid, for the execution log. */
  sid?: string;
  principal: RequestTest;
  /** Whether the statement's Action / NotAction covers execute-api:Invoke (decided at compile time). */
  invoke: boolean;
  resource: (arn: string) => boolean;
  /** Every one must hold (AND); none for a statement without Condition. */
  conditions: RequestTest[];
}

export interface CompiledPolicy {
  /** Only the statements whose actions cover execute-api:Invoke: the others never apply. */
  statements: CompiledStatement[];
}
