/**
 * What the Lambda control plane writes and the function runtime (src/functions/) reads: where
 * functions live in the store and the shapes of the documents both sides share. The two never
 * import each other (DESIGN.md); they meet here.
 *
 *   lambda.function {name}            $LATEST's FunctionConfiguration plus tags, policies, concurrency
 *   lambda.version  {name}/{version}  a published version's (immutable) FunctionConfiguration
 *   lambda.alias    {name}/{alias}    the AliasConfiguration
 *   lambda.code     {name}/{sha256}   the deployment package (zip, base64), shared by every node
 * https://docs.aws.amazon.com/lambda/latest/api/API_FunctionConfiguration.html
 */
import type { S_AliasConfiguration, S_FunctionConfiguration } from '../aws/generated/lambda.js';
import type { Scope } from '../store/types.js';

export const LAMBDA_KIND = {
  function: 'lambda.function',
  version: 'lambda.version',
  alias: 'lambda.alias',
  code: 'lambda.code',
} as const;

export const functionChildKey = (name: string, id: string) => `${name}/${id}`;
export const functionPrefix = (name: string) => `${name}/`;

/** A function's ARN in a scope, qualified by a version or an alias when one is given. */
export const functionArn = (scope: Scope, name: string, qualifier?: string) =>
  `arn:aws:lambda:${scope.region}:${scope.account}:function:${name}${qualifier ? `:${qualifier}` : ''}`;

/** Whether a qualifier is a published version number (not $LATEST, not an alias name). */
export const isVersionNumber = (q: string) => /^\d+$/.test(q);

/**
 * An alias's RoutingConfig roll: one of the additional versions with its weight, or undefined for
 * the alias's own version. Both the control plane's Invoke and the data plane's integrations roll it.
 * https://docs.aws.amazon.com/lambda/latest/dg/configuring-alias-routing.html
 */
export function pickWeighted<T>(weighted: Iterable<readonly [T, number]>): T | undefined {
  let roll = Math.random();
  for (const [item, weight] of weighted) {
    if (roll < weight) return item;
    roll -= weight;
  }
  return undefined;
}

/** One statement of a function's resource-based policy, as GetPolicy shows it. */
export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Principal: string | Record<string, string>;
  Action: string;
  Resource: string;
  Condition?: Record<string, Record<string, string>>;
}

export interface FunctionRecord {
  /** $LATEST: what GetFunctionConfiguration answers for the unqualified function. */
  configuration: S_FunctionConfiguration;
  tags: Record<string, string>;
  /** Resource-based policy statements by qualifier ('' for the unqualified function). */
  policies: Record<string, { statements: PolicyStatement[]; revisionId: string }>;
  reservedConcurrency?: number;
  /** The number the next PublishVersion takes. */
  nextVersion: number;
  /** $LATEST's RevisionId when it was last published, and that version: publishing again unchanged returns it. */
  lastPublished?: { revisionId: string; version: string };
}

export interface VersionRecord {
  configuration: S_FunctionConfiguration;
}

export type AliasRecord = S_AliasConfiguration;

export interface CodeRecord {
  /** The deployment package, base64. */
  zipFile?: string;
  /**
   * Or, a Gatehouse extension for fast edit-reload: an absolute directory on this machine, run in
   * place (Code S3Bucket 'hot-reload', S3Key the path, LocalStack's convention). Exactly one is set.
   */
  directory?: string;
}
