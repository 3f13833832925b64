/**
 * AWS integrations with services other than Lambda (DynamoDB, SQS, S3, Kinesis...). Gatehouse
 * hosts none of them: with --aws-endpoint it sends the integration request, signed with SigV4 for
 * the uri's service and region, to an AWS-compatible endpoint (a moto or LocalStack server), or
 * with `aws` to the service's real regional endpoint `https://{subdomain.}{service}.{region}.amazonaws.com`.
 * The answer goes through the integration responses, selected by its status code, as for HTTP.
 * Credentials: the endpoint URL's own (http://KEY:SECRET@host), else for `aws` the AWS SDK's
 * default chain, else test/test.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/integration-request-basic-setup.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/getting-started-aws-proxy.html
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { apiConfigurationError } from '../errors.js';
import type { IntegrationRequest } from '../rest/context.js';
import type { HttpIntegrationClient } from './http-client.js';
import { invokeHttp, type EndpointAnswer } from './http.js';
import { NO_BODY_METHODS } from './http-request.js';
import type { AwsServicePlan } from './aws-service-plan.js';

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}
type CredentialsProvider = () => Promise<Credentials>;

/** What the operator said, for the 500 of an unconfigured Gatehouse. */
export const NO_AWS_ENDPOINT =
  'Gatehouse does not host AWS services other than Lambda: start it with --aws-endpoint URL (GATEHOUSE_AWS_ENDPOINT; an AWS-compatible endpoint such as a moto or LocalStack server) or --aws-endpoint aws (the real regional endpoints) to send AWS service integrations there.';

/** Parses --aws-endpoint; throws an Error naming the bad value. */
export function parseAwsEndpoint(text: string): { url?: string; credentials?: Credentials } {
  const value = text.trim();
  if (value === 'aws') return {};
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`Invalid --aws-endpoint '${value}': expected an http(s) URL or 'aws'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`Invalid --aws-endpoint '${value}': expected an http(s) URL or 'aws'`);
  let credentials: Credentials | undefined;
  if (url.username || url.password) {
    if (!url.username || !url.password) throw new Error('Invalid --aws-endpoint: credentials in a URL are KEY:SECRET@');
    credentials = { accessKeyId: decodeURIComponent(url.username), secretAccessKey: decodeURIComponent(url.password) };
    url.username = '';
    url.password = '';
  }
  return { url: url.href.replace(/\/$/, ''), credentials };
}

export class AwsServices {
  readonly #url: string | undefined;
  readonly #credentials: CredentialsProvider;
  readonly #signers = new Map<string, SignatureV4>();

  /** `endpoint`: the --aws-endpoint value (a URL, or `aws`). */
  constructor(endpoint: string) {
    const parsed = parseAwsEndpoint(endpoint);
    this.#url = parsed.url;
    if (parsed.credentials) {
      const fixed = parsed.credentials;
      this.#credentials = () => Promise.resolve(fixed);
    } else if (parsed.url) {
      this.#credentials = () => Promise.resolve({ accessKeyId: 'test', secretAccessKey: 'test' });
    } else {
      // The SDK's default chain (environment, profile, SSO, container, instance metadata), as a client resolves it.
      let chain: CredentialsProvider | undefined;
      this.#credentials = () => (chain ??= new LambdaClient({ region: 'us-east-1' }).config.credentials as CredentialsProvider)();
    }
  }

  /** Signs the integration request (its uri a path and query string) and sends it to the service. */
  async invoke(http: HttpIntegrationClient, plan: Pick<AwsServicePlan, 'service' | 'region' | 'subdomain'>, req: IntegrationRequest, timeoutMs: number): Promise<EndpointAnswer> {
    const base = this.#url ?? `https://${plan.subdomain}${plan.service}.${plan.region}.amazonaws.com`;
    let target: URL;
    try {
      target = new URL(base + (req.uri ?? '/'));
    } catch {
      throw apiConfigurationError('Invalid endpoint address');
    }
    const body = NO_BODY_METHODS.has(req.httpMethod) ? Buffer.alloc(0) : req.body;
    const headers: Record<string, string> = {};
    for (const name in req.headers) headers[name] = req.headers[name].join(',');
    headers['host'] = target.host;
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of target.searchParams) {
      const had = query[k];
      query[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
    }
    const signed = await this.#signer(plan.service, plan.region).sign({
      method: req.httpMethod,
      protocol: target.protocol,
      hostname: target.hostname,
      port: target.port ? Number(target.port) : undefined,
      path: target.pathname,
      query,
      headers,
      body: body.length > 0 ? body : undefined,
    });
    const sent: Record<string, string[]> = {};
    for (const name in signed.headers) sent[name] = [signed.headers[name]];
    return invokeHttp(http, { httpMethod: req.httpMethod, uri: target.href, headers: sent, body }, timeoutMs, false);
  }

  #signer(service: string, region: string): SignatureV4 {
    const key = `${service} ${region}`;
    let signer = this.#signers.get(key);
    if (!signer) {
      // S3 signs the path as sent; every other service encodes it once more.
      signer = new SignatureV4({ service, region, credentials: this.#credentials, sha256: Sha256, uriEscapePath: service !== 's3' });
      this.#signers.set(key, signer);
    }
    return signer;
  }
}
