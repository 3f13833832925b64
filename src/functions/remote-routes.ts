// Which (account, region)s have their Lambda functions elsewhere: --remote-lambda entries
// `ACCOUNT:REGION=ENDPOINT` (either side may be `*`) and --lambda-endpoint (the same as `*:*`).
// An endpoint is a URL (another Gatehouse, any Lambda-compatible endpoint; it may carry
// credentials as http://KEY:SECRET@host) or `aws`: AWS Lambda itself in the function's region.
// The most specific entry wins: ACCOUNT:REGION, then ACCOUNT:*, then *:REGION, then *:*.
import type { Scope } from '../store/types.ts';

export interface RemoteEndpoint {
  /** undefined: the AWS SDK's own endpoint for the region (`aws`). */
  url?: string;
  /** From the URL's user info, when it has some. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** The entry as configured (credentials hidden), for messages. */
  label: string;
}

const ENTRY = /^(\d{12}|\*):([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d|\*)=(.+)$/;

export class RemoteRoutes {
  readonly #routes = new Map<string, RemoteEndpoint>();

  private constructor() {}

  /** Parses --remote-lambda and --lambda-endpoint; throws an Error naming the bad entry. */
  static parse(list: string | undefined, defaultEndpoint: string | undefined): RemoteRoutes {
    const routes = new RemoteRoutes();
    if (defaultEndpoint !== undefined && defaultEndpoint.trim() !== '') routes.#routes.set('*:*', endpoint(defaultEndpoint.trim(), '--lambda-endpoint'));
    for (const entry of (list ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
      const m = ENTRY.exec(entry);
      if (!m) throw new Error(`Invalid --remote-lambda entry '${entry}': expected ACCOUNT:REGION=ENDPOINT (ACCOUNT 12 digits or *, REGION like us-east-1 or *)`);
      const key = `${m[1]}:${m[2]}`;
      if (key !== '*:*' && routes.#routes.has(key)) throw new Error(`--remote-lambda names ${key} twice`);
      routes.#routes.set(key, endpoint(m[3].trim(), `--remote-lambda ${key}`));
    }
    return routes;
  }

  get empty(): boolean {
    return this.#routes.size === 0;
  }

  /** Where functions of this scope that Gatehouse does not hold are invoked, if anywhere. */
  endpointFor(scope: Scope): RemoteEndpoint | undefined {
    return (
      this.#routes.get(`${scope.account}:${scope.region}`) ??
      this.#routes.get(`${scope.account}:*`) ??
      this.#routes.get(`*:${scope.region}`) ??
      this.#routes.get('*:*')
    );
  }
}

function endpoint(text: string, where: string): RemoteEndpoint {
  if (text === 'aws') return { label: 'aws' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`Invalid ${where} endpoint '${text}': expected an http(s) URL or 'aws'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`Invalid ${where} endpoint '${text}': expected an http(s) URL or 'aws'`);
  let credentials: RemoteEndpoint['credentials'];
  if (url.username || url.password) {
    if (!url.username || !url.password) throw new Error(`Invalid ${where} endpoint: credentials in a URL are KEY:SECRET@`);
    credentials = { accessKeyId: decodeURIComponent(url.username), secretAccessKey: decodeURIComponent(url.password) };
    url.username = '';
    url.password = '';
  }
  const clean = url.href.replace(/\/$/, '');
  return { url: clean, credentials, label: clean };
}
