/**
 * API documentation: DocumentationPart (documentation-parts.ts), DocumentationVersion
 * (documentation-versions.ts) and ImportDocumentationParts (documentation-import.ts).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-documenting-api.html
 */
import type { Handlers } from '../types.js';
import { handlers as parts } from './documentation-parts.js';
import { handlers as versions } from './documentation-versions.js';
import { handlers as importParts } from './documentation-import.js';

export const handlers: Handlers = {
  ...parts,
  ...versions,
  ...importParts,
};
