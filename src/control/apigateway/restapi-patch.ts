/**
 * UpdateRestApi's patch paths and AWS's words for each mistake.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_UpdateRestApi.html
 * https://docs.aws.amazon.com/apigateway/latest/api/patch-operations.html
 *
 * Messages in quotes below were recorded from AWS (test_apigateway_api.snapshot.json,
 * TestApiGatewayApiRestApi::test_update_rest_api_*).
 */
import { badRequest } from '../../aws/errors.js';
import { fieldRule, patchBoolean, type PatchContext, type PatchOpName, type PatchRule } from './patch/index.js';
import type { RestApiRecord } from './records.js';
import { normalisePolicy, type PolicyScope } from './restapi-policy.js';

export type RestApiDoc = RestApiRecord & { securityPolicy?: string; endpointAccessMode?: string };

export const ENDPOINT_TYPES = ['REGIONAL', 'EDGE', 'PRIVATE'];
export const IP_ADDRESS_TYPES = ['ipv4', 'dualstack'];
/** "Invalid minimum compression size, must be between 0 and 10485760" */
export const MAX_COMPRESSION_SIZE = 10485760;

export const COMPRESSION_SIZE_ERROR = () => badRequest(`Invalid minimum compression size, must be between 0 and ${MAX_COMPRESSION_SIZE}`);
export const PRIVATE_NEEDS_DUALSTACK = () => badRequest('Only dualstack ipAddressType is supported for Private APIs.');
export const NO_ENDPOINT_TYPE = () => badRequest('REGIONAL Configuration and EDGE Configuration cannot be both DISABLED.');
export const MULTIPLE_ENDPOINT_TYPES = () => badRequest('Cannot create an api with multiple Endpoint Types.');

const ALL_OTHER_OPS: PatchOpName[] = ['add', 'remove', 'move', 'copy', 'test'];

/** The patch rules for one API (the policy rule needs the API's ARN to expand `execute-api:/`). */
export function restApiRules(scope: PolicyScope): PatchRule<RestApiDoc>[] {
  return [
    {
      path: '/name',
      ops: ['replace'],
      apply(doc, ctx) {
        if (!ctx.value) throw badRequest('The name of a REST API cannot be empty.');
        doc.name = ctx.value;
      },
    },
    {
      // An empty description is never stored: AWS refuses one at creation and omits it in answers.
      path: '/description',
      ops: ['add', 'replace', 'remove'],
      apply(doc, ctx) {
        if (ctx.op === 'remove' || !ctx.value) delete doc.description;
        else doc.description = ctx.value;
      },
    },
    fieldRule<RestApiDoc>('/version', 'version', 'string', ['add', 'replace', 'remove']),
    {
      path: '/apiKeySource',
      ops: ['replace'],
      apply(doc, ctx) {
        if (ctx.value !== 'HEADER' && ctx.value !== 'AUTHORIZER') {
          throw badRequest(`Invalid apiKeySource '${ctx.value ?? 'null'}'. Must be one of: [HEADER, AUTHORIZER]`);
        }
        doc.apiKeySource = ctx.value;
      },
    },
    {
      path: '/disableExecuteApiEndpoint',
      ops: ['replace'],
      apply(doc, ctx) {
        doc.disableExecuteApiEndpoint = patchBoolean(ctx);
      },
    },
    {
      // "To disable compression, apply a replace operation with the value property set to null or
      // omit the value property" (developer guide, api-gateway-enable-compression); AWS takes "" too.
      path: '/minimumCompressionSize',
      ops: ['replace'],
      apply(doc, ctx) {
        if (ctx.value === undefined || ctx.value === '') {
          delete doc.minimumCompressionSize;
          return;
        }
        if (!/^-?\d+$/.test(ctx.value.trim())) throw COMPRESSION_SIZE_ERROR();
        const size = Number(ctx.value.trim());
        if (size < 0 || size > MAX_COMPRESSION_SIZE) throw COMPRESSION_SIZE_ERROR();
        doc.minimumCompressionSize = size;
      },
    },
    {
      path: '/minimumCompressionSize',
      ops: ALL_OTHER_OPS,
      listed: false,
      apply() {
        throw badRequest('Invalid patch operation specified. Must be one of: [replace]');
      },
    },
    {
      path: '/policy',
      ops: ['replace', 'remove'],
      apply(doc, ctx) {
        if (ctx.op === 'remove' || !ctx.value) delete doc.policy;
        else doc.policy = normalisePolicy(ctx.value, scope);
      },
    },
    {
      // binaryMediaTypes is a list, but patched like a map keyed by the type (with `/` as `~1`):
      // the type comes from the path, never from the value; replace removes the old type and
      // appends the new one at the end (both recorded from AWS).
      path: '/binaryMediaTypes/{type}',
      ops: ['add', 'replace', 'remove'],
      apply(doc, ctx) {
        const types = (doc.binaryMediaTypes ?? []).filter((t) => ctx.op === 'add' || t !== ctx.params.type);
        if (ctx.op === 'add' && !types.includes(ctx.params.type)) types.push(ctx.params.type);
        if (ctx.op === 'replace' && ctx.value && !types.includes(ctx.value)) types.push(ctx.value);
        if (types.length) doc.binaryMediaTypes = types;
        else delete doc.binaryMediaTypes;
      },
    },
    {
      path: '/binaryMediaTypes',
      ops: ['add', 'replace', 'remove'],
      listed: false,
      apply(_doc, ctx) {
        throw badRequest(`Invalid patch path ${ctx.path}`);
      },
    },
    endpointTypesRule('/endpointConfiguration/types/{type}'),
    endpointTypesRule('/endpointConfiguration/types'),
    {
      path: '/endpointConfiguration/ipAddressType',
      ops: ['replace'],
      apply(doc, ctx) {
        if (!IP_ADDRESS_TYPES.includes(ctx.value ?? '')) throw badRequest('ipAddressType must be either ipv4 or dualstack.');
        if (doc.endpointConfiguration.types.includes('PRIVATE') && ctx.value === 'ipv4') throw PRIVATE_NEEDS_DUALSTACK();
        doc.endpointConfiguration.ipAddressType = ctx.value;
      },
    },
    {
      path: '/endpointConfiguration/ipAddressType',
      ops: ALL_OTHER_OPS,
      listed: false,
      apply() {
        throw badRequest('Invalid patch operation specified. Must be one of: [replace]');
      },
    },
    vpcEndpointIdsRule('/endpointConfiguration/vpcEndpointIds'),
    vpcEndpointIdsRule('/endpointConfiguration/vpcEndpointIds/{id}'),
  ];
}

/**
 * `replace /endpointConfiguration/types/EDGE value=REGIONAL` (or `/types/0`) switches the endpoint
 * type (developer guide, apigateway-api-migration); `add`/`remove` with the type as value work as
 * a pair. The API must end with exactly one type (checked by `checkEndpointConfiguration`).
 * Switching to PRIVATE makes the API dualstack, as a new private API is.
 */
function endpointTypesRule(path: string): PatchRule<RestApiDoc> {
  return {
    path,
    ops: ['add', 'remove', 'replace', 'move', 'copy', 'test'],
    listed: path.endsWith('}') ? '/endpointConfiguration/types/{type}' : false,
    apply(doc, ctx) {
      if (ctx.op !== 'add' && ctx.op !== 'remove' && ctx.op !== 'replace') {
        throw badRequest("Invalid patch operation specified. Must be 'add'|'remove'|'replace'");
      }
      const config = doc.endpointConfiguration;
      const value = ctx.value ?? '';
      if (ctx.op !== 'remove' && !ENDPOINT_TYPES.includes(value)) {
        throw badRequest('Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE');
      }
      if (ctx.op === 'add') {
        if (!config.types.includes(value)) config.types.push(value);
      } else if (ctx.op === 'remove') {
        const target = ctx.params.type ?? value;
        config.types = config.types.filter((t, i) => t !== target && String(i) !== target);
      } else {
        const index = indexOfType(config.types, ctx.params.type ?? config.types[0]);
        if (index < 0) throw badRequest(`Invalid patch path ${ctx.path}: the API's endpoint type is ${config.types.join(',') || 'not set'}.`);
        config.types[index] = value;
      }
      if (value === 'PRIVATE' && ctx.op !== 'remove') config.ipAddressType = 'dualstack';
    },
  };
}

function indexOfType(types: string[], segment: string): number {
  if (/^\d+$/.test(segment)) return Number(segment) < types.length ? Number(segment) : -1;
  return types.indexOf(segment);
}

/**
 * `add`/`remove` with the VPC endpoint id as value associate and disassociate it (developer
 * guide, apigateway-private-apis); `replace /vpcEndpointIds/{old}` swaps one.
 */
function vpcEndpointIdsRule(path: string): PatchRule<RestApiDoc> {
  return {
    path,
    ops: ['add', 'remove', 'replace'],
    apply(doc, ctx: PatchContext) {
      const ids = doc.endpointConfiguration.vpcEndpointIds ?? [];
      const old = ctx.params.id;
      let next: string[];
      if (ctx.op === 'add') {
        if (!ctx.value) throw badRequest('Invalid VPC endpoint id: a value is required.');
        next = ids.includes(ctx.value) ? ids : [...ids, ctx.value];
      } else if (ctx.op === 'remove') {
        const target = old ?? ctx.value;
        next = target === undefined ? [] : ids.filter((id) => id !== target);
      } else {
        if (!ctx.value) throw badRequest('Invalid VPC endpoint id: a value is required.');
        next = old === undefined ? [ctx.value] : ids.map((id) => (id === old ? ctx.value! : id));
      }
      if (next.length) doc.endpointConfiguration.vpcEndpointIds = next;
      else delete doc.endpointConfiguration.vpcEndpointIds;
    },
  };
}

/** What must hold once every operation is applied (and at creation). */
export function checkEndpointConfiguration(doc: RestApiDoc): void {
  const { types, ipAddressType } = doc.endpointConfiguration;
  if (types.length === 0) throw NO_ENDPOINT_TYPE();
  if (types.length > 1) throw MULTIPLE_ENDPOINT_TYPES();
  if (types[0] === 'PRIVATE' && ipAddressType === 'ipv4') throw PRIVATE_NEEDS_DUALSTACK();
}
