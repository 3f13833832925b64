/**
 * HTTP and HTTP_PROXY: call the endpoint over HTTP(S) and turn what goes wrong into AWS's answers:
 *  - no answer within `timeoutInMillis` (29 s unless set): 504 {"message": "Endpoint request
 *    timed out"} (INTEGRATION_TIMEOUT);
 *  - a URI that is no valid http(s) endpoint, a host name that does not resolve, a certificate
 *    that does not verify: API Gateway's configuration errors ("Invalid endpoint address",
 *    "General SSLEngine problem"), 500 {"message": "Internal server error"} (API_CONFIGURATION_ERROR);
 *  - a connection refused or reset, an answer that is not HTTP, or one over 10 MB: "Execution
 *    failed due to a network error communicating with endpoint", 500 {"message": "Internal
 *    server error"} (INTEGRATION_FAILURE, answered with 500 as AWS does).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/setup-http-integrations.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
 */
import { apiConfigurationError, GatewayError, integrationFailure, integrationTimeout } from '../errors.js';
import type { EndpointResponse, IntegrationRequest } from '../rest/context.js';
import type { HttpIntegrationClient } from './http-client.js';
import { NO_BODY_METHODS } from './http-request.js';

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);
const ADDRESS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'UND_ERR_INVALID_ARG', 'ERR_INVALID_URL', 'ERR_INVALID_ARG_TYPE', 'ERR_INVALID_ARG_VALUE']);
/** An http(s) URI with a host, and its origin as the match: what can be sent at all. */
export const HTTP_URL = /^https?:\/\/[^/?#]+/i;

export function invokeHttp(client: HttpIntegrationClient, req: IntegrationRequest, timeoutMs: number, insecure: boolean): Promise<EndpointAnswer> {
  const uri = req.uri ?? '';
  const origin = HTTP_URL.exec(uri)?.[0];
  if (!origin) return Promise.reject(apiConfigurationError('Invalid endpoint address'));
  let path = uri.slice(origin.length);
  if (path === '' || path[0] !== '/') path = `/${path}`;
  const body = req.body.length === 0 || NO_BODY_METHODS.has(req.httpMethod) ? null : req.body;
  return client
    .request({ origin, path, method: req.httpMethod, headers: req.headers, body, timeoutMs, insecure })
    .then((res) => new EndpointAnswer(res.statusCode, res.rawHeaders, res.body), failure);
}

/**
 * The endpoint's answer. `rawHeaders` keep the endpoint's spelling (HTTP_PROXY hands them on);
 * `headers`, keyed by lower-case name for mappings (`integration.response.header.*`) and the
 * integration response, is only built when something reads it.
 */
export class EndpointAnswer implements EndpointResponse {
  private byName?: Record<string, string[]>;

  constructor(
    public statusCode: number,
    readonly rawHeaders: string[],
    public body: Buffer,
  ) {}

  get headers(): Record<string, string[]> {
    if (!this.byName) {
      const headers: Record<string, string[]> = Object.create(null);
      for (let i = 0; i < this.rawHeaders.length; i += 2) {
        const name = this.rawHeaders[i].toLowerCase();
        const values = headers[name];
        if (values) values.push(this.rawHeaders[i + 1]);
        else headers[name] = [this.rawHeaders[i + 1]];
      }
      this.byName = headers;
    }
    return this.byName;
  }
}

function failure(err: unknown): never {
  if (err instanceof GatewayError) throw err;
  const code = (err as { code?: string }).code ?? '';
  if (TIMEOUT_CODES.has(code)) throw integrationTimeout();
  if (ADDRESS_CODES.has(code)) throw apiConfigurationError('Invalid endpoint address');
  if (code.includes('CERT') || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL')) throw apiConfigurationError('General SSLEngine problem');
  throw integrationFailure(500, 'Network error communicating with endpoint');
}
