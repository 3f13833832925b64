/**
 * Function identifiers as Lambda accepts them: a name ("my-function"), a name with a qualifier
 * ("my-function:v1"), a partial ARN ("123456789012:function:my-function") or a full ARN, each
 * optionally qualified by a version or an alias.
 * https://docs.aws.amazon.com/lambda/latest/api/API_GetFunction.html#API_GetFunction_RequestSyntax
 */
import { functionArn, isVersionNumber } from '../../definitions/lambda.js';
import type { Scope } from '../../store/types.js';
import { functionNotFound, invalidParameter } from './errors.js';

const FUNCTION_REF =
  /^(?:arn:aws[a-zA-Z-]*:lambda:([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d):)?(?:(\d{12}):)?(?:function:)?([a-zA-Z0-9\-_.]+)(?::(\$LATEST|[a-zA-Z0-9\-_]+))?$/;

export interface FunctionRef {
  name: string;
  /** A version number, "$LATEST" or an alias name; undefined for the unqualified function. */
  qualifier?: string;
}

export { functionArn, isVersionNumber };

/**
 * The function a FunctionName (and an optional Qualifier parameter) designates. An ARN of another
 * account or region designates no function of this one: Lambda answers it as not found.
 */
export function parseFunctionRef(scope: Scope, functionName: string, qualifierParam?: string): FunctionRef {
  const m = FUNCTION_REF.exec(functionName);
  if (!m) throw invalidParameter(`1 validation error detected: Value '${functionName}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern`);
  const [, region, account, name, derived] = m;
  if (derived !== undefined && qualifierParam !== undefined && derived !== qualifierParam) {
    throw invalidParameter('The derived qualifier from the function name does not match the specified qualifier.');
  }
  const qualifier = qualifierParam ?? derived;
  if ((region && region !== scope.region) || (account && account !== scope.account)) {
    throw functionNotFound(functionArn({ region: region ?? scope.region, account: account ?? scope.account }, name, qualifier));
  }
  return { name, qualifier };
}

/** Operations that address only the function itself (tags, concurrency, UpdateFunctionCode...). */
export function parseUnqualified(scope: Scope, functionName: string): string {
  const ref = parseFunctionRef(scope, functionName);
  if (ref.qualifier !== undefined) throw invalidParameter(`Unsupported qualifier in the function name ${functionName}: this operation addresses the unqualified function.`);
  return ref.name;
}
