/**
 * Which Lambda function an AWS_PROXY integration calls, and running it through the FunctionInvoker
 * port (src/definitions/function-invoker.ts) the server hands the data plane. The integration's
 * uri is `arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations`;
 * the function lives in the API's own account and region unless its ARN names others.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
 *
 * The stored records (src/definitions/lambda.ts) are read once per (scope, function, qualifier)
 * and cached (an alias with its RoutingConfig's versions, one picked per invocation by weight);
 * any committed change to a lambda.* kind in that scope drops the scope's entries (the store's
 * onCommit), so an UpdateFunctionCode or an alias move is seen by the next request.
 * The zip itself is read only when the runtime has not unpacked that CodeSha256 yet.
 *
 * A function its (account, region) does not hold is invoked remotely when that scope has a remote
 * Lambda endpoint (--lambda-endpoint, --remote-lambda; the RemoteFunctions port), with the payload
 * as it is; the remote's function errors are handled like local ones.
 */
import type { FunctionInvoker, FunctionInvokeResult, InvocableFunction } from '../../definitions/function-invoker.js';
import { RemoteFunctionNotFound, type RemoteFunctions } from '../../definitions/remote-functions.js';
import {
  functionArn,
  functionChildKey,
  isVersionNumber,
  LAMBDA_KIND,
  pickWeighted,
  type AliasRecord,
  type CodeRecord,
  type FunctionRecord,
  type VersionRecord,
} from '../../definitions/lambda.js';
import type { Scope, Store, StoreTx } from '../../store/types.js';

/** A Lambda function named by an integration uri. */
export interface FunctionTarget {
  scope: Scope;
  name: string;
  /** A version number or an alias name; undefined for $LATEST. */
  qualifier?: string;
}

const URI = /^arn:aws[a-zA-Z-]*:apigateway:[^:]+:lambda:path\/2015-03-31\/functions\/(.+)\/invocations$/;
const FUNCTION_ARN = /^arn:aws[a-zA-Z-]*:lambda:([^:]+):(\d{12}):function:([^:]+)(?::([^:]+))?$/;

/** Whether an integration uri is a Lambda invocation uri (stage variables not yet substituted). */
export const isLambdaUri = (uri: string | undefined): boolean => !!uri && URI.test(uri);

/** The function an invocation uri names, or undefined when it names none. */
export function parseLambdaUri(uri: string, apiScope: Scope): FunctionTarget | undefined {
  const m = URI.exec(uri);
  if (!m) return undefined;
  const ref = m[1];
  const arn = FUNCTION_ARN.exec(ref);
  if (arn) return { scope: { account: arn[2], region: arn[1] }, name: arn[3], qualifier: arn[4] === '$LATEST' ? undefined : arn[4] };
  // A bare name (or name:qualifier): the API's own account and region.
  const [name, qualifier, extra] = ref.split(':');
  if (!name || extra !== undefined) return undefined;
  return { scope: apiScope, name, qualifier: qualifier === '$LATEST' ? undefined : qualifier };
}

/** Why the function cannot be run; the data plane answers AWS's 500 for it. */
export class FunctionNotFound extends Error {}

export class LambdaFunctions {
  /** scope key -> (name:qualifier -> the version(s) to run, without their zip, or REMOTE). */
  private readonly cache = new Map<string, Map<string, Resolved | typeof REMOTE>>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: Store,
    readonly invoker: FunctionInvoker,
    /** Where functions this Gatehouse does not hold are invoked, if anywhere. */
    readonly remote?: RemoteFunctions,
  ) {
    this.unsubscribe = store.onCommit((changes) => {
      for (const c of changes) if (c.kind.startsWith('lambda.')) this.cache.delete(scopeKey(c.scope));
    });
  }

  close(): void {
    this.unsubscribe();
    this.cache.clear();
  }

  async invoke(target: FunctionTarget, payload: Buffer, requestId: string): Promise<FunctionInvokeResult> {
    const resolved = await this.resolve(target);
    const invokedFunctionArn = functionArn(target.scope, target.name, target.qualifier);
    if (resolved === REMOTE) return this.invokeRemote(target.scope, invokedFunctionArn, payload, requestId);
    const fn = pick(resolved);
    const sha = fn.configuration.CodeSha256;
    let toRun = fn;
    if (sha && !this.invoker.hasCode(sha)) {
      const code = await this.store.transaction(target.scope, (tx) => tx.get<CodeRecord>(LAMBDA_KIND.code, functionChildKey(fn.configuration.FunctionName!, sha)));
      toRun = { ...fn, zipBase64: code?.zipFile, codeDirectory: code?.directory };
    }
    return this.invoker.invoke(toRun, payload, { requestId, invokedFunctionArn });
  }

  private async invokeRemote(scope: Scope, arn: string, payload: Buffer, requestId: string): Promise<FunctionInvokeResult> {
    try {
      return await this.remote!.invoke(scope, arn, payload, requestId);
    } catch (err) {
      if (err instanceof RemoteFunctionNotFound) throw new FunctionNotFound(err.message);
      throw err;
    }
  }

  private async resolve(target: FunctionTarget): Promise<Resolved | typeof REMOTE> {
    const sk = scopeKey(target.scope);
    const key = `${target.name}:${target.qualifier ?? ''}`;
    const hit = this.cache.get(sk)?.get(key);
    if (hit) return hit;
    const local = await this.store.transaction(target.scope, (tx) => read(tx, target));
    // Not held here: remote when the scope has a remote endpoint (remembered until a lambda change in the scope).
    const fn = local ?? (this.remote?.covers(target.scope) ? REMOTE : undefined);
    if (!fn) throw new FunctionNotFound(`Function not found: ${functionArn(target.scope, target.name, target.qualifier)}`);
    let byScope = this.cache.get(sk);
    if (!byScope) this.cache.set(sk, (byScope = new Map()));
    byScope.set(key, fn);
    return fn;
  }
}

/** A function its scope does not hold, invoked through the RemoteFunctions port. */
const REMOTE = Symbol('remote');

/** The version to run, and for an alias with a RoutingConfig the other versions with their weights. */
interface Resolved {
  primary: InvocableFunction;
  weighted: [InvocableFunction, number][];
}

/**
 * An alias with a RoutingConfig sends each invocation to an additional version with that version's
 * weight, otherwise to its own (as the control plane's Invoke does).
 * https://docs.aws.amazon.com/lambda/latest/dg/configuring-alias-routing.html
 */
function pick(resolved: Resolved): InvocableFunction {
  return resolved.weighted.length ? (pickWeighted(resolved.weighted) ?? resolved.primary) : resolved.primary;
}

/** The version(s) to run; undefined when the scope holds no function of that name. */
async function read(tx: StoreTx, target: FunctionTarget): Promise<Resolved | undefined> {
  const { name, scope } = target;
  const notFound = () => new FunctionNotFound(`Function not found: ${functionArn(scope, name, target.qualifier)}`);
  const record = await tx.get<FunctionRecord>(LAMBDA_KIND.function, name);
  if (!record) return undefined;
  const versionOf = async (version: string): Promise<InvocableFunction | undefined> => {
    let configuration = record.configuration;
    if (version !== '$LATEST') {
      const v = await tx.get<VersionRecord>(LAMBDA_KIND.version, functionChildKey(name, version));
      if (!v) return undefined;
      configuration = v.configuration;
    }
    return {
      configuration,
      versionArn: functionArn(scope, name, version === '$LATEST' ? undefined : version),
      reservedConcurrency: record.reservedConcurrency,
    };
  };
  const qualifier = target.qualifier ?? '$LATEST';
  if (qualifier === '$LATEST' || isVersionNumber(qualifier)) {
    const primary = await versionOf(qualifier);
    if (!primary) throw notFound();
    return { primary, weighted: [] };
  }
  // An alias runs the version it points at, or one of its additional versions by weight.
  const alias = await tx.get<AliasRecord>(LAMBDA_KIND.alias, functionChildKey(name, qualifier));
  if (!alias) throw notFound();
  const primary = await versionOf(alias.FunctionVersion ?? '$LATEST');
  if (!primary) throw notFound();
  const weighted: Resolved['weighted'] = [];
  for (const [version, weight] of Object.entries(alias.RoutingConfig?.AdditionalVersionWeights ?? {})) {
    const fn = await versionOf(version);
    if (fn) weighted.push([fn, weight]);
  }
  return { primary, weighted };
}

const scopeKey = (s: Scope) => `${s.account}/${s.region}`;
