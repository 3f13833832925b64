/**
 * Region-neutral captures. At capture, every ARN of the source's region and account is written
 * with tokens instead of the region and account id, and every reference to a resource the
 * recovery point itself holds (a REST API id inside an execute-api ARN or host name, a Lambda
 * function name inside a function ARN) becomes a reference token naming that resource's key.
 * A recovery point therefore says nothing about where it came from except in its header, and
 * translate.ts resolves the tokens for whichever region/account it is restored into.
 *
 * Tokens: {{gh:region}}, {{gh:account}}, {{gh:ref:<key>}}. Keys never hold '}'.
 */

export const REGION = '{{gh:region}}';
export const ACCOUNT = '{{gh:account}}';
export const ref = (key: string) => `{{gh:ref:${key}}}`;
export const REF_PATTERN = /\{\{gh:ref:([^}]+)\}\}/g;
/**
 * A published version number after a function reference inside a function ARN
 * (`function:{{gh:ref:<fn key>}}:{{gh:ver:3}}`): the target's number for it comes from the
 * journal (the version's key is `<fn key>>lambda:Version:3`). A separate token, because a
 * child key's '>' would end the ARN for the scanner.
 */
export const LAMBDA_VERSION = 'lambda:Version';
export const VERSION_REF_PATTERN = /\{\{gh:ref:([^}]+)\}\}:\{\{gh:ver:(\d+)\}\}/g;
export const versionKey = (functionKey: string, version: string) => `${functionKey}>${LAMBDA_VERSION}:${encodeURIComponent(version)}`;

export interface Scope {
  region: string;
  account: string;
}

/** What tokenising needs to know: the source scope and which ids/names the point holds. */
export interface NeutralContext extends Scope {
  /** Source REST API id -> its key. */
  restApis: Map<string, string>;
  /** Source Lambda function name -> its key. */
  functions: Map<string, string>;
  /** Keys of the published versions the point holds (qualified function ARNs name them). */
  versions?: Set<string>;
}

/** Where each ARN starts: the scanner takes an ARN up to the next ARN or a delimiter. */
const ARN_HEAD = /arn:(aws[a-z-]*):([a-z0-9-]+):(\{\{gh:region\}\}|[a-z0-9-]*):(\{\{gh:account\}\}|[0-9]{12}|[a-z0-9-]*):/g;
const ARN_END = /[\s"'<>,\\]|arn:aws/;
/** Models name other models by URL: https://apigateway.amazonaws.com/restapis/{id}/models/{name}. */
const MODEL_URL = /apigateway\.amazonaws\.com\/restapis\/([a-z0-9]{10})\//g;
/** SQS service integrations name the queue's account in the path: arn:aws:apigateway:{region}:sqs:path/{account}/{queue}. */
const SQS_PATH = /:sqs:path\/(\d{12})\//g;
/** Queue URLs (request parameters): https://sqs.{region}.amazonaws.com/{account}/{queue}. */
const SQS_URL = /https:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com\/(\d{12})\//g;
const EXECUTE_API_HOST = /\b([a-z0-9]{10})\.execute-api\.([a-z0-9-]+)\.amazonaws\.com/g;

/** One ARN found in a string: its parts and where it sits. */
export interface ArnMatch {
  start: number;
  end: number;
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

/** Every ARN in `text` (an integration URI holds two: the apigateway one and the function's). */
export function findArns(text: string): ArnMatch[] {
  const out: ArnMatch[] = [];
  for (const m of text.matchAll(ARN_HEAD)) {
    const start = m.index!;
    const restStart = start + m[0].length;
    const tail = text.slice(restStart);
    const stop = tail.search(ARN_END);
    let resource = stop < 0 ? tail : tail.slice(0, stop);
    // A function ARN has no '/': in an integration URI it is followed by '/invocations'.
    if (m[2] === 'lambda' && resource.includes('/')) resource = resource.slice(0, resource.indexOf('/'));
    out.push({ start, end: restStart + resource.length, partition: m[1]!, service: m[2]!, region: m[3]!, account: m[4]!, resource });
  }
  // A later ARN inside an earlier one's resource (the function in an integration URI) cuts it short.
  for (let i = 0; i + 1 < out.length; i++) {
    const a = out[i]!;
    const b = out[i + 1]!;
    if (b.start < a.end) {
      a.resource = a.resource.slice(0, b.start - (a.end - a.resource.length));
      a.end = b.start;
    }
  }
  return out;
}

/**
 * An ARN is the source's when it names the source account (or no account: apigateway service
 * ARNs such as `arn:aws:apigateway:{region}:lambda:path/...`); another account's ARN, even in
 * the source region, is someone else's resource and keeps its region.
 */
function tokeniseArn(a: ArnMatch, ctx: NeutralContext): string {
  const ours = a.account === ctx.account || !/^\d{12}$/.test(a.account);
  const region = ours && a.region === ctx.region ? REGION : a.region;
  const account = a.account === ctx.account ? ACCOUNT : a.account;
  let resource = a.resource;
  const local = a.region === ctx.region && a.account === ctx.account;
  if (local && a.service === 'lambda') {
    resource = resource.replace(/^function:([A-Za-z0-9_-]+)(?::(\d+)$)?/, (whole, name: string, version: string | undefined) => {
      const key = ctx.functions.get(name);
      if (!key) return whole;
      if (version === undefined) return `function:${ref(key)}`;
      return ctx.versions?.has(versionKey(key, version)) ? `function:${ref(key)}:{{gh:ver:${version}}}` : `function:${ref(key)}:${version}`;
    });
  }
  if (local && a.service === 'execute-api') {
    resource = resource.replace(/^([a-z0-9]{10})(?=\/|$)/, (id: string) => {
      const key = ctx.restApis.get(id);
      return key ? ref(key) : id;
    });
  }
  return `arn:${a.partition}:${a.service}:${region}:${account}:${resource}`;
}

/** Tokenises one string. */
export function tokeniseString(text: string, ctx: NeutralContext): string {
  if (!text.includes('arn:') && !text.includes('.execute-api.') && !text.includes('/restapis/') && !text.includes('sqs.')) return text;
  let out = '';
  let at = 0;
  for (const a of findArns(text)) {
    out += text.slice(at, a.start) + tokeniseArn(a, ctx);
    at = a.end;
  }
  out += text.slice(at);
  return out
    .replace(SQS_PATH, (whole, account: string) => (account === ctx.account ? `:sqs:path/${ACCOUNT}/` : whole))
    .replace(SQS_URL, (whole, region: string, account: string) => (account === ctx.account && region === ctx.region ? `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/` : whole))
    .replace(EXECUTE_API_HOST, (whole, id: string, region: string) => {
      const key = ctx.restApis.get(id);
      if (!key || region !== ctx.region) return whole;
      return `${ref(key)}.execute-api.${REGION}.amazonaws.com`;
    })
    .replace(MODEL_URL, (whole, id: string) => {
      const key = ctx.restApis.get(id);
      return key ? `apigateway.amazonaws.com/restapis/${ref(key)}/` : whole;
    });
}

/** Tokenises every string inside a JSON value (objects' values, arrays' items; not keys). */
export function tokenise<T>(value: T, ctx: NeutralContext): T {
  return mapStrings(value, (s) => tokeniseString(s, ctx));
}

export function mapStrings<T>(value: T, f: (s: string) => string): T {
  if (typeof value === 'string') return f(value) as T;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, f)])) as T;
  }
  return value;
}

/** The raw source text of a tokenised string (reference tokens left as they are). */
export function detokenise(text: string, scope: Scope): string {
  return text.split(REGION).join(scope.region).split(ACCOUNT).join(scope.account);
}
