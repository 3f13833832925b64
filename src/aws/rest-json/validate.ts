/**
 * Model-level input validation, as AWS's front end does it before an operation runs: required
 * members, enum values and patterns. AWS reports these as one ValidationException listing every
 * violation, e.g. "1 validation error detected: Value 'wrong' at
 * 'updateRestApiInput.patchOperations.1.member.op' failed to satisfy constraint: Member must
 * satisfy enum value set: [add, remove, move, test, replace, copy]" (recorded from AWS).
 */
import { AwsError } from '../errors.js';
import type { MemberRef, ServiceModel, Shape } from '../model.js';

/**
 * AWS prints some enum sets in its own (server-side) order, not the model's. Where a recorded
 * response shows that order, it is kept here so messages match AWS byte for byte.
 */
const ENUM_ORDER: Record<string, string[]> = {
  'apigateway:Op': ['add', 'remove', 'move', 'test', 'replace', 'copy'],
  'apigateway:EndpointType': ['PRIVATE', 'EDGE', 'REGIONAL'],
  'apigateway:IntegrationType': ['HTTP', 'MOCK', 'AWS_PROXY', 'HTTP_PROXY', 'AWS'],
  'apigateway:GatewayResponseType': [
    'REQUEST_TOO_LARGE', 'RESOURCE_NOT_FOUND', 'AUTHORIZER_CONFIGURATION_ERROR', 'MISSING_AUTHENTICATION_TOKEN',
    'BAD_REQUEST_BODY', 'INVALID_SIGNATURE', 'INVALID_API_KEY', 'BAD_REQUEST_PARAMETERS', 'AUTHORIZER_FAILURE',
    'UNAUTHORIZED', 'INTEGRATION_TIMEOUT', 'ACCESS_DENIED', 'DEFAULT_4XX', 'DEFAULT_5XX', 'WAF_FILTERED',
    'QUOTA_EXCEEDED', 'THROTTLED', 'API_CONFIGURATION_ERROR', 'UNSUPPORTED_MEDIA_TYPE', 'INTEGRATION_FAILURE',
    'EXPIRED_TOKEN',
  ],
  'apigateway:DocumentationPartType': [
    'RESPONSE_BODY', 'RESPONSE', 'METHOD', 'MODEL', 'AUTHORIZER', 'RESPONSE_HEADER',
    'RESOURCE', 'PATH_PARAMETER', 'REQUEST_BODY', 'QUERY_PARAMETER', 'API', 'REQUEST_HEADER',
  ],
};

export function validateInput(
  service: string,
  model: ServiceModel,
  operationName: string,
  inputShape: Shape,
  input: Record<string, unknown>,
): void {
  const errors: string[] = [];
  const prefix = operationName[0].toLowerCase() + operationName.slice(1) + 'Input';
  for (const name of inputShape.required ?? []) {
    if (input[name] === undefined || input[name] === null) {
      errors.push(`Value null at '${prefix}.${name}' failed to satisfy constraint: Member must not be null`);
    }
  }
  for (const [name, ref] of orderedMembers(inputShape)) {
    const value = input[name];
    if (value === undefined || value === null) continue;
    // AWS names URI-bound members without the input prefix ("Value 'wrong' at 'statusCode'").
    const path = ref.location === 'uri' ? name : `${prefix}.${name}`;
    walk(service, model, ref, value, path, errors);
  }
  if (errors.length) {
    const n = errors.length;
    throw new AwsError('ValidationException', `${n} validation error${n > 1 ? 's' : ''} detected: ${errors.join('; ')}`, 400);
  }
}

/**
 * An input shape's members in the order AWS reports them: body members' violations before
 * URI-bound ones' (recorded: a wrong patch op is reported before a wrong statusCode label,
 * "update-method-response-invalid-statuscode-and-wrong-op"). Worked out once per shape, not per request.
 */
const orderedByShape = new WeakMap<Shape, [string, MemberRef][]>();
function orderedMembers(inputShape: Shape): [string, MemberRef][] {
  let ordered = orderedByShape.get(inputShape);
  if (!ordered) {
    const members = Object.entries(inputShape.members ?? {});
    ordered = [...members.filter(([, r]) => r.location !== 'uri'), ...members.filter(([, r]) => r.location === 'uri')];
    orderedByShape.set(inputShape, ordered);
  }
  return ordered;
}

function walk(service: string, model: ServiceModel, ref: MemberRef, value: unknown, path: string, errors: string[]): void {
  const shape = model.shapes[ref.shape];
  if (!shape) return;
  switch (shape.type) {
    case 'string':
      if (typeof value !== 'string') return;
      if (shape.enum && !shape.enum.includes(value)) {
        const set = ENUM_ORDER[`${service}:${ref.shape}`] ?? shape.enum;
        errors.push(`Value '${value}' at '${path}' failed to satisfy constraint: Member must satisfy enum value set: [${set.join(', ')}]`);
      } else if (shape.pattern && !fullMatch(shape.pattern, value)) {
        errors.push(`Value '${value}' at '${path}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${shape.pattern}`);
      }
      return;
    case 'list': {
      if (!Array.isArray(value)) return;
      // A list of enum values is reported once for the whole list, as AWS does: "Value '[wrong]'
      // at 'createRestApiInput.endpointConfiguration.types' failed to satisfy constraint: Member
      // must satisfy constraint: [Member must satisfy enum value set: [PRIVATE, EDGE, REGIONAL]]".
      const memberShape = model.shapes[shape.member!.shape];
      if (memberShape?.type === 'string' && memberShape.enum) {
        if (value.some((v) => typeof v === 'string' && !memberShape.enum!.includes(v))) {
          const set = ENUM_ORDER[`${service}:${shape.member!.shape}`] ?? memberShape.enum;
          errors.push(`Value '[${value.join(', ')}]' at '${path}' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [${set.join(', ')}]]`);
        }
        return;
      }
      value.forEach((item, i) => {
        if (item !== null && item !== undefined) walk(service, model, shape.member!, item, `${path}.${i + 1}.member`, errors);
      });
      return;
    }
    case 'structure':
      if (typeof value !== 'object') return;
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        const v = (value as Record<string, unknown>)[name];
        if (v !== undefined && v !== null) walk(service, model, member, v, `${path}.${name}`, errors);
      }
      return;
    default:
      return;
  }
}

const patternCache = new Map<string, RegExp | null>();
function fullMatch(pattern: string, value: string): boolean {
  let re = patternCache.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(`^(?:${pattern})$`, 'u');
    } catch {
      re = null; // a Java-only construct: do not reject what we cannot check
    }
    patternCache.set(pattern, re);
  }
  return re ? re.test(value) : true;
}
