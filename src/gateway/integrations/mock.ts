/**
 * MOCK: API Gateway answers without calling anything. The integration request body (the request
 * template's output, or the client's body passed through) must be an object with an integer
 * `statusCode`; that status selects the integration response, and the endpoint body is empty.
 * Anything else (no template and no body, output that is not an object, a missing, string or
 * fractional statusCode) is AWS's configuration error "Unable to parse statusCode. It should be an
 * integer that is defined in the request template." -> 500 {"message": "Internal server error"}.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-mock-integration.html
 *
 * AWS reads the output leniently: CDK's CORS preflight template `{statusCode: 200}` (unquoted key)
 * works (recorded: test_apigateway_integrations, test_integration_mock_with_path_param), so a
 * relaxed reader (json-lenient.ts) takes over when strict JSON fails.
 */
import { apiConfigurationError } from '../errors.js';
import type { EndpointResponse, IntegrationRequest } from '../rest/context.js';
import { parseLenientJson } from './json-lenient.js';

const EMPTY = Buffer.alloc(0);
const UNPARSABLE = 'Unable to parse statusCode. It should be an integer that is defined in the request template.';

export function invokeMock(req: IntegrationRequest): EndpointResponse {
  return { statusCode: mockStatusCode(req.body), headers: {}, body: EMPTY };
}

function mockStatusCode(body: Buffer): number {
  const text = body.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = parseLenientJson(text);
  }
  const code = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as { statusCode?: unknown }).statusCode : undefined;
  if (typeof code !== 'number' || !Number.isInteger(code)) throw apiConfigurationError(UNPARSABLE);
  return code;
}
