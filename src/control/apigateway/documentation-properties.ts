/**
 * A documentation part's `properties`: "A content map of API-specific key-value pairs describing
 * the targeted API entity. The map must be encoded as a JSON string"
 * (https://docs.aws.amazon.com/apigateway/latest/api/API_DocumentationPart.html).
 *
 * Parts created through the API keep the user's text as given (the guide's examples read back
 * their tabs and spacing unchanged). Parts imported from an OpenAPI file carry the map as an
 * object; AWS writes it as its Java back end's pretty printer (Jackson) does, which the guide's
 * PATH_PARAMETER example shows: "{\n  \"description\" : \"The id of the pet to retrieve\"\n}".
 */
import { badRequest } from '../../aws/errors.js';

/** The content map of a properties text; BadRequestException unless it is a JSON object. */
export function parseProperties(text: unknown): Record<string, unknown> {
  if (typeof text !== 'string') throw badRequest('Invalid documentation part properties: properties must be a JSON object string');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest('Invalid documentation part properties: properties must be valid JSON');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest('Invalid documentation part properties: properties must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/** Whether a part has content: GetDocumentationParts' locationStatus DOCUMENTED vs UNDOCUMENTED. */
export function hasContent(properties: string | undefined): boolean {
  if (properties === undefined) return false;
  try {
    const value = JSON.parse(properties);
    return !!value && typeof value === 'object' && Object.keys(value).length > 0;
  } catch {
    return properties.trim() !== '';
  }
}

/** JSON text as Jackson's DefaultPrettyPrinter writes it: `"key" : value`, two-space indents, `[ a, b ]`. */
export function jacksonPretty(value: unknown, indent = ''): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (!value.length) return '[ ]';
    return '[ ' + value.map((v) => jacksonPretty(v, indent)).join(', ') + ' ]';
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (!entries.length) return '{ }';
  return '{\n' + entries.map(([k, v]) => `${inner}${JSON.stringify(k)} : ${jacksonPretty(v, inner)}`).join(',\n') + '\n' + indent + '}';
}
