/**
 * MOCK: API Gateway answers without calling anything. The request template's output selects the
 * integration response through its `statusCode` ({"statusCode": 200}).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-mock-integration.html
 */
import { apiConfigurationError } from '../errors.js';
import type { EndpointResponse, IntegrationRequest } from '../rest/context.js';

export function invokeMock(req: IntegrationRequest): EndpointResponse {
  const text = req.body.toString('utf8').trim();
  let statusCode = 200;
  if (text) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      // AWS cannot read a status code from a template output that is not JSON: a configuration error.
      throw apiConfigurationError();
    }
    const code = parsed && typeof parsed === 'object' ? (parsed as { statusCode?: unknown }).statusCode : undefined;
    if (code !== undefined) {
      const n = Number(code);
      if (!Number.isInteger(n)) throw apiConfigurationError();
      statusCode = n;
    }
  }
  return { statusCode, headers: {}, body: Buffer.alloc(0) };
}
