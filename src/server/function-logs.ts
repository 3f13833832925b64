/**
 * GET /_gatehouse/functions/{name}/logs: a local function's recent log as plain text, what its
 * environments wrote to stdout/stderr with the START/END/REPORT lines Lambda adds (the lines
 * Invoke's LogType Tail shows), $LATEST's first, then each published version's. The function is
 * named by name (in `?account=&region=`, by default the server's default account and us-east-1)
 * or by its full unqualified ARN. A Gatehouse endpoint: on AWS this log is in CloudWatch Logs.
 * https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html
 */
import type { WireResponse } from '../aws/rest-json/serialize.js';
import { functionArn, LAMBDA_KIND } from '../definitions/lambda.js';
import type { Scope, Store } from '../store/types.js';

const PATH = /^\/_gatehouse\/functions\/([^/]+)\/logs\/?$/;
const ARN = /^arn:aws[a-zA-Z-]*:lambda:([^:]+):([^:]+):function:([^:]+)(?::(.+))?$/;
const NAME = /^[a-zA-Z0-9_.-]{1,140}$/;
const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d$/;

export interface FunctionLogsDeps {
  store: Store;
  /** The runtime's log of an unqualified function ARN ('' when it never ran). */
  logs(unqualifiedArn: string): string;
  defaultScope: Scope;
}

/** The answer for a logs path, or undefined when the path is not one. */
export async function functionLogs(path: string, query: URLSearchParams, deps: FunctionLogsDeps): Promise<WireResponse | undefined> {
  const m = PATH.exec(path);
  if (!m) return undefined;
  let ref: string;
  try {
    ref = decodeURIComponent(m[1]);
  } catch {
    return json(400, `The function name '${m[1]}' is not valid percent-encoding.`);
  }
  let scope: Scope = { account: query.get('account') || deps.defaultScope.account, region: query.get('region') || deps.defaultScope.region };
  let name = ref;
  const arn = ARN.exec(ref);
  if (arn) {
    if (arn[4] !== undefined) return json(400, `Name the unqualified function (${ref.slice(0, ref.lastIndexOf(':'))}): its log holds every version's.`);
    scope = { region: arn[1], account: arn[2] };
    name = arn[3];
  }
  if (!ACCOUNT.test(scope.account)) return json(400, `Invalid account '${scope.account}': expected 12 digits.`);
  if (!REGION.test(scope.region)) return json(400, `Invalid region '${scope.region}'.`);
  if (!NAME.test(name)) return json(400, `Invalid function name '${name}'.`);
  const unqualified = functionArn(scope, name);
  const exists = await deps.store.transaction(scope, async (tx) => (await tx.get(LAMBDA_KIND.function, name)) !== undefined);
  if (!exists) return json(404, `Function not found: ${unqualified}`);
  return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: deps.logs(unqualified) };
}

function json(status: number, message: string): WireResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message }) };
}
