/**
 * Documentation in an export: the stage's documentation version as
 * x-amazon-apigateway-documentation, and the OpenAPI attributes of its parts injected into the
 * entities they document (api-gateway-documenting-api-quick-start-publishing: "For an
 * OpenAPI-compliant attribute defined in the properties map of a documentation part, API Gateway
 * inserts the attribute into the associated API entity definition"; `foo` is not, `x-foo` is).
 *
 * Matching (api-gateway-documenting-api-content-representation, "Inherit content"): API,
 * RESOURCE, AUTHORIZER and MODEL parts apply to their entity only; the others also to every
 * entity below their path (path by prefix, `*` for any method or status code), the most specific
 * part winning (path first, then method, then status code). The version's own date is written as
 * AWS writes dates ("2016-11-22T22:41:40Z"), and each location without the defaults it was
 * stored with (path "/", method and statusCode "*"), as in the guide's exported sample.
 */
import type { S_DocumentationPart, S_DocumentationPartLocation } from '../../../aws/generated/apigateway.js';
import { exportDate } from './context.js';

export interface DocumentationVersion {
  version: string;
  createdDate: string;
  parts: S_DocumentationPart[];
}

type Properties = Record<string, unknown>;
interface Part {
  location: S_DocumentationPartLocation;
  properties: Properties;
}

const DEFAULTS: Record<string, string> = { path: '/', method: '*', statusCode: '*' };

function parseProperties(text: string | undefined): Properties {
  try {
    const value = JSON.parse(text ?? '{}');
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}

/** x-amazon-apigateway-documentation. */
export function documentationExtension(version: DocumentationVersion): Record<string, unknown> {
  return {
    version: version.version,
    createdDate: exportDate(version.createdDate),
    documentationParts: version.parts.map((p) => ({
      location: Object.fromEntries(Object.entries(p.location ?? {}).filter(([k, v]) => v !== undefined && DEFAULTS[k] !== v)),
      properties: parseProperties(p.properties),
    })),
  };
}

/** The OpenAPI attributes among a part's properties: the named ones and extensions (but API Gateway's own). */
const pick = (properties: Properties, names: string[]): Properties =>
  Object.fromEntries(Object.entries(properties).filter(([k]) => names.includes(k) || (k.startsWith('x-') && !k.startsWith('x-amazon-apigateway-'))));

const pathMatches = (pattern: string | undefined, path: string) => {
  const p = pattern ?? '/';
  return p === '/' || path === p || path.startsWith(p + '/');
};
const wildcard = (pattern: string | undefined, value: string | undefined) => pattern === undefined || pattern === '*' || pattern === value;

/** Looks up the documentation that applies to each entity of the exported API. */
export class ExportDocumentation {
  private readonly parts: Part[];

  constructor(version: DocumentationVersion | undefined) {
    this.parts = (version?.parts ?? []).filter((p) => p.location?.type).map((p) => ({ location: p.location!, properties: parseProperties(p.properties) }));
  }

  /** The most specific inheritable part of `type` for the entity at (path, method, statusCode, name). */
  private inherited(type: string, path: string, method: string, statusCode?: string, name?: string): Properties {
    const matching = this.parts.filter(
      (p) =>
        p.location.type === type &&
        pathMatches(p.location.path, path) &&
        wildcard(p.location.method, method) &&
        wildcard(p.location.statusCode, statusCode) &&
        (name === undefined || p.location.name === name),
    );
    const rank = (p: Part) => [(p.location.path ?? '/').length, p.location.method && p.location.method !== '*' ? 1 : 0, p.location.statusCode && p.location.statusCode !== '*' ? 1 : 0];
    matching.sort((a, b) => {
      const [x, y] = [rank(a), rank(b)];
      return y[0] - x[0] || y[1] - x[1] || y[2] - x[2];
    });
    return matching[0]?.properties ?? {};
  }

  private exact(type: string, match: (l: S_DocumentationPartLocation) => boolean): Properties {
    return this.parts.find((p) => p.location.type === type && match(p.location))?.properties ?? {};
  }

  /** Into `info`: the API part's `info` attributes but its title and version (the export sets those). */
  info(): Properties {
    const info = this.exact('API', () => true).info;
    return typeof info === 'object' && info !== null ? pick(info as Properties, ['description', 'termsOfService', 'contact', 'license']) : {};
  }

  /** Into the document's top level: the API part's extensions, tags and externalDocs. */
  root(): Properties {
    return pick(this.exact('API', () => true), ['tags', 'externalDocs']);
  }

  /** Into a path item: the resource part's extensions. */
  resource(path: string): Properties {
    return pick(this.exact('RESOURCE', (l) => (l.path ?? '/') === path), []);
  }

  operation(path: string, method: string): Properties {
    return pick(this.inherited('METHOD', path, method), ['tags', 'summary', 'description', 'externalDocs', 'deprecated']);
  }

  parameter(path: string, method: string, where: 'path' | 'query' | 'header', name: string): Properties {
    const type = where === 'path' ? 'PATH_PARAMETER' : where === 'query' ? 'QUERY_PARAMETER' : 'REQUEST_HEADER';
    return pick(this.inherited(type, path, method, undefined, name), ['description']);
  }

  requestBody(path: string, method: string): Properties {
    return pick(this.inherited('REQUEST_BODY', path, method), ['description']);
  }

  response(path: string, method: string, statusCode: string): Properties {
    return pick(this.inherited('RESPONSE', path, method, statusCode), ['description']);
  }

  responseHeader(path: string, method: string, statusCode: string, name: string): Properties {
    return pick(this.inherited('RESPONSE_HEADER', path, method, statusCode, name), ['description']);
  }

  authorizer(name: string): Properties {
    return pick(this.exact('AUTHORIZER', (l) => l.name === name), ['description']);
  }

  model(name: string): Properties {
    return pick(this.exact('MODEL', (l) => l.name === name), ['description', 'title']);
  }
}
