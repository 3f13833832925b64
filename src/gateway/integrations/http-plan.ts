/**
 * What an HTTP or HTTP_PROXY integration needs per request, worked out once when the deployment
 * is compiled (compile.ts): the endpoint URI cut into literal text, `{name}` path variables and
 * `${stageVariables.x}` references, and the integration's request parameter mappings parsed.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/request-response-data-mappings.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/aws-api-gateway-stage-variables-reference.html
 */
import type { S_Integration } from '../../aws/generated/apigateway.js';
import { compileMappingSource, type MappingSource } from '../rest/parameter-mapping.js';

export type UriPart =
  | { kind: 'text'; text: string }
  /** `{name}`: filled only by an `integration.request.path.name` mapping (or a template's requestOverride.path). */
  | { kind: 'path'; name: string; inQuery: boolean }
  | { kind: 'stage'; name: string };

export interface TargetMapping {
  location: 'path' | 'querystring' | 'header';
  /** The parameter's name as the mapping spells it (`integration.request.header.headerVar` -> headerVar). */
  name: string;
  lower: string;
  source: MappingSource;
}

export interface HttpPlan {
  uri: UriPart[];
  mappings: TargetMapping[];
  /** tlsConfig.insecureSkipVerification: accept an endpoint certificate that does not verify. */
  insecure: boolean;
}

export function compileHttpPlan(i: S_Integration): HttpPlan {
  const mappings: TargetMapping[] = [];
  for (const [target, expression] of Object.entries(i.requestParameters ?? {})) {
    const m = /^integration\.request\.(path|querystring|header)\.(.+)$/.exec(target);
    if (!m || typeof expression !== 'string') continue;
    mappings.push({ location: m[1] as TargetMapping['location'], name: m[2], lower: m[2].toLowerCase(), source: compileMappingSource(expression) });
  }
  return {
    uri: compileUri(i.uri ?? ''),
    mappings,
    insecure: i.tlsConfig?.insecureSkipVerification === true,
  };
}

/**
 * Cuts the URI into parts. AWS substitutes path variables first, then stage variables (a stage
 * variable's value is not searched for `{name}`); a variable after the URI's `?` stands in its
 * query string and is encoded as a query value.
 */
function compileUri(uri: string): UriPart[] {
  const parts: UriPart[] = [];
  const token = /\$\{stageVariables\.([^}]*)\}|\{([^{}]+)\}/g;
  let last = 0;
  let inQuery = false;
  for (let m = token.exec(uri); m; m = token.exec(uri)) {
    if (m.index > last) {
      const text = uri.slice(last, m.index);
      parts.push({ kind: 'text', text });
      if (text.includes('?')) inQuery = true;
    }
    parts.push(m[1] !== undefined ? { kind: 'stage', name: m[1] } : { kind: 'path', name: m[2], inQuery });
    last = token.lastIndex;
  }
  if (last < uri.length) parts.push({ kind: 'text', text: uri.slice(last) });
  return parts;
}
