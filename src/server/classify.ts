/**
 * The front classifier (DESIGN.md, "One process, one port"): decides from the Host, the path and
 * the SigV4 credential scope where a request goes. No business logic lives here.
 */
import type { ServiceName } from '../aws/model.js';
import type { ExecuteApiVia } from '../gateway/index.js';

export type Destination =
  | { kind: 'gatehouse'; path: string }
  | { kind: 'data-plane'; apiId: string; via: ExecuteApiVia }
  | { kind: 'control-plane'; service: ServiceName }
  | { kind: 'sts' }
  | { kind: 'unknown-service'; service: string };

const EXECUTE_API_HOST = /^([a-z0-9]+)\.execute-api\./i;
const EXECUTE_API_PATH = /^\/_aws\/execute-api\/([^/]+)/;
const LEGACY_PATH = /^\/restapis\/([^/]+)\/[^/]+\/_user_request_(\/|$)/;

export type DataPlaneDestination = Extract<Destination, { kind: 'data-plane' }>;

const isGatehousePath = (path: string) => path === '/_gatehouse' || path.startsWith('/_gatehouse/');

/**
 * The invocation URL shapes alone, from the Host and the raw path: the server asks this first, so
 * an API call reaches the data plane without the control plane's URL and signature parsing.
 */
export function executeApiTarget(host: string, path: string): DataPlaneDestination | undefined {
  if (isGatehousePath(path)) return undefined;
  const byHost = EXECUTE_API_HOST.exec(host);
  if (byHost) return { kind: 'data-plane', apiId: byHost[1].toLowerCase(), via: 'host' };
  const byPath = EXECUTE_API_PATH.exec(path);
  if (byPath) return { kind: 'data-plane', apiId: byPath[1], via: 'path' };
  const legacy = LEGACY_PATH.exec(path);
  if (legacy) return { kind: 'data-plane', apiId: legacy[1], via: 'legacy-path' };
  return undefined;
}

export function classify(host: string, path: string, signingService: string | undefined): Destination {
  if (isGatehousePath(path)) return { kind: 'gatehouse', path };
  const invocation = executeApiTarget(host, path);
  if (invocation) return invocation;

  switch (signingService) {
    case 'apigateway':
      return { kind: 'control-plane', service: path.startsWith('/v2/') ? 'apigatewayv2' : 'apigateway' };
    case 'lambda':
      return { kind: 'control-plane', service: 'lambda' };
    case 'execute-api':
      // Signed execute-api calls that are not invocations are the @connections management API.
      return { kind: 'control-plane', service: 'apigatewaymanagementapi' };
    case 'sts':
      return { kind: 'sts' };
    case undefined:
      return { kind: 'control-plane', service: serviceFromPath(path) };
    default:
      return { kind: 'unknown-service', service: signingService };
  }
}

/** Unsigned requests (permissive mode): the service is the one whose paths look like this. */
function serviceFromPath(path: string): ServiceName {
  if (path.startsWith('/v2/')) return 'apigatewayv2';
  if (path.startsWith('/@connections/')) return 'apigatewaymanagementapi';
  if (/^\/20\d\d-\d\d-\d\d\//.test(path)) return 'lambda';
  return 'apigateway';
}
