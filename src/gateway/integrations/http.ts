/**
 * HTTP and HTTP_PROXY: call the endpoint over HTTP. A timeout is AWS's 504 "Endpoint request
 * timed out"; an endpoint that cannot be reached or breaks the exchange is AWS's 500 "Internal
 * server error" (INTEGRATION_FAILURE).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/setup-http-integrations.html
 */
import { apiConfigurationError, integrationFailure, integrationTimeout } from '../errors.js';
import type { EndpointResponse, IntegrationRequest } from '../rest/context.js';
import type { HttpIntegrationClient } from './http-client.js';

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

export async function invokeHttp(client: HttpIntegrationClient, req: IntegrationRequest, timeoutMs: number): Promise<EndpointResponse> {
  let url: URL;
  try {
    url = new URL(req.uri ?? '');
  } catch {
    throw apiConfigurationError();
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw apiConfigurationError();
  try {
    return await client.request({ method: req.httpMethod, url, headers: req.headers, body: req.body, timeoutMs });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code && TIMEOUT_CODES.has(code)) throw integrationTimeout();
    throw integrationFailure();
  }
}
