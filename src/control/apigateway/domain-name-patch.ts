/**
 * UpdateDomainName's patch paths. https://docs.aws.amazon.com/apigateway/latest/api/patch-operations.html
 *
 * Migrating between edge-optimized and Regional is two updates (developer guide,
 * apigateway-regional-api-custom-domain-migrate): `add /endpointConfiguration/types REGIONAL` with
 * `add /regionalCertificateArn`, then `remove /endpointConfiguration/types EDGE` with
 * `remove /certificateName` and `remove /certificateArn`. Mutual TLS is turned off by replacing
 * `/mutualTlsAuthentication/truststoreUri` with an empty value (rest-api-mutual-tls).
 * The whole result is checked by settleConfiguration afterwards.
 */
import { badRequest } from '../../aws/errors.js';
import type { DomainNameRecord } from '../../definitions/domains.js';
import type { PatchContext, PatchRule } from './patch/index.js';
import { checkPolicy } from './domain-name-rules.js';

const ENDPOINT_TYPES = ['EDGE', 'REGIONAL'];
const SECURITY_POLICIES = ['TLS_1_0', 'TLS_1_2'];
const ROUTING_MODES = ['BASE_PATH_MAPPING_ONLY', 'ROUTING_RULE_ONLY', 'ROUTING_RULE_THEN_BASE_PATH_MAPPING'];
const ACCESS_MODES = ['BASIC', 'STRICT'];

type Field =
  | 'certificateName'
  | 'certificateArn'
  | 'regionalCertificateName'
  | 'regionalCertificateArn'
  | 'ownershipVerificationCertificateArn';

/** An optional string field: add/replace set it (an empty value clears it), remove clears it. */
function optional(field: Field): PatchRule<DomainNameRecord> {
  return {
    path: `/${field}`,
    ops: ['add', 'replace', 'remove'],
    apply(doc, ctx) {
      if (ctx.op === 'remove' || !ctx.value) delete doc[field];
      else doc[field] = ctx.value;
    },
  };
}

function oneOf(ctx: PatchContext, allowed: string[], what: string): string {
  if (!ctx.value || !allowed.includes(ctx.value)) throw badRequest(`Invalid ${what} '${ctx.value ?? 'null'}'. Must be one of: [${allowed.join(', ')}]`);
  return ctx.value;
}

function notForPrivate(doc: DomainNameRecord): void {
  if (doc.endpointConfiguration.types.includes('PRIVATE')) throw badRequest('A private custom domain name cannot be migrated to another endpoint type.');
}

export const domainNameRules: PatchRule<DomainNameRecord>[] = [
  optional('certificateName'),
  optional('certificateArn'),
  optional('regionalCertificateName'),
  optional('regionalCertificateArn'),
  optional('ownershipVerificationCertificateArn'),
  {
    path: '/endpointConfiguration/types',
    ops: ['add', 'remove'],
    apply(doc, ctx) {
      notForPrivate(doc);
      const type = oneOf(ctx, ENDPOINT_TYPES, 'endpoint type');
      const types = doc.endpointConfiguration.types;
      if (ctx.op === 'add' && !types.includes(type)) types.push(type);
      if (ctx.op === 'remove') doc.endpointConfiguration.types = types.filter((t) => t !== type);
    },
  },
  {
    // `replace /endpointConfiguration/types/EDGE REGIONAL` (or by index, `/types/0`): one type for another.
    path: '/endpointConfiguration/types/{type}',
    ops: ['replace'],
    apply(doc, ctx) {
      notForPrivate(doc);
      const types = doc.endpointConfiguration.types;
      const at = /^\d+$/.test(ctx.params.type) ? Number(ctx.params.type) : types.indexOf(ctx.params.type);
      if (at < 0 || at >= types.length) throw badRequest(`Invalid endpoint type '${ctx.params.type}' specified in the patch path`);
      types[at] = oneOf(ctx, ENDPOINT_TYPES, 'endpoint type');
      doc.endpointConfiguration.types = [...new Set(types)];
    },
  },
  {
    path: '/securityPolicy',
    ops: ['replace'],
    apply(doc, ctx) {
      doc.securityPolicy = oneOf(ctx, SECURITY_POLICIES, 'security policy');
    },
  },
  {
    path: '/mutualTlsAuthentication/truststoreUri',
    ops: ['replace'],
    apply(doc, ctx) {
      if (!ctx.value) delete doc.mutualTlsAuthentication;
      else doc.mutualTlsAuthentication = { truststoreUri: ctx.value };
    },
  },
  {
    path: '/mutualTlsAuthentication/truststoreVersion',
    ops: ['replace'],
    apply(doc, ctx) {
      if (!doc.mutualTlsAuthentication) throw badRequest('Mutual TLS is not enabled for this domain name: set a truststoreUri first.');
      if (ctx.value) doc.mutualTlsAuthentication.truststoreVersion = ctx.value;
      else delete doc.mutualTlsAuthentication.truststoreVersion;
    },
  },
  {
    path: '/policy',
    ops: ['replace'],
    apply(doc, ctx) {
      if (!doc.endpointConfiguration.types.includes('PRIVATE')) throw badRequest('A resource policy can only be set on a private custom domain name.');
      doc.policy = checkPolicy(ctx.value ?? '');
    },
  },
  {
    path: '/routingMode',
    ops: ['replace'],
    apply(doc, ctx) {
      doc.routingMode = oneOf(ctx, ROUTING_MODES, 'routing mode');
    },
  },
  {
    path: '/endpointAccessMode',
    ops: ['replace'],
    apply(doc, ctx) {
      doc.endpointAccessMode = oneOf(ctx, ACCESS_MODES, 'endpoint access mode');
    },
  },
];
