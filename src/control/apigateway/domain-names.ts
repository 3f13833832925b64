/**
 * DomainName: CreateDomainName, GetDomainName(s), UpdateDomainName, DeleteDomainName (and, from
 * domain-access-associations.ts, the private names' DomainNameAccessAssociation operations).
 * https://docs.aws.amazon.com/apigateway/latest/api/API_CreateDomainName.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-custom-domains.html
 *
 * A public name is EDGE (default; certificate in us-east-1, answered with a CloudFront
 * distributionDomainName in zone Z2FDTNDATAQYW2) or REGIONAL (certificate in the API's region,
 * answered with d-{id}.execute-api.{region}.amazonaws.com and the region's hosted zone); both
 * at once while migrating. A PRIVATE name is addressed by name and domainNameId, carries its ARN
 * with the account and a resource policy. Nothing is provisioned: every name is AVAILABLE at once.
 */
import { badRequest, conflict, notFound } from '../../aws/errors.js';
import { shortId } from '../../aws/ids.js';
import type {
  S_CreateDomainNameRequest,
  S_DeleteDomainNameRequest,
  S_GetDomainNameRequest,
  S_GetDomainNamesRequest,
  S_UpdateDomainNameRequest,
} from '../../aws/generated/apigateway.js';
import { domainKey, ROUTING_RULE_KIND, type DomainNameRecord } from '../../definitions/domains.js';
import type { Handlers, RequestContext } from '../types.js';
import { handlers as accessAssociations } from './domain-access-associations.js';
import { domainNameRules } from './domain-name-patch.js';
import { checkPolicy, NO_CERTIFICATE, settleConfiguration, validateDomainName } from './domain-name-rules.js';
import { applyPatch } from './patch/index.js';
import { KIND, paginate } from './records.js';
import { partitionOf } from './restapi-policy.js';
import { initialTags } from './tag-rules.js';

const DOMAIN_NOT_FOUND = 'Invalid domain name identifier specified';

/** The stored domain name a request addresses (by name, and domainNameId for a private one). */
export async function requireDomainName(ctx: RequestContext, domainName: string, domainNameId?: string): Promise<DomainNameRecord> {
  const doc = await ctx.tx.get<DomainNameRecord>(KIND.domainName, domainKey(domainName, domainNameId || undefined));
  if (!doc) throw notFound(DOMAIN_NOT_FOUND);
  return doc;
}

export function domainNameArn(region: string, account: string, domainName: string, domainNameId?: string): string {
  const partition = partitionOf(region);
  return domainNameId
    ? `arn:${partition}:apigateway:${region}:${account}:/domainnames/${domainName}+${domainNameId}`
    : `arn:${partition}:apigateway:${region}::/domainnames/${domainName}`;
}

async function createDomainName(input: S_CreateDomainNameRequest, ctx: RequestContext): Promise<DomainNameRecord> {
  validateDomainName(input.domainName);
  const config = input.endpointConfiguration ?? {};
  const types = [...(config.types ?? ['EDGE'])];
  if (types.length > 1) throw badRequest('Cannot create a domain name with multiple Endpoint Types.');
  const isPrivate = types.includes('PRIVATE');
  if (!isPrivate && input.policy !== undefined) throw badRequest('A resource policy can only be set on a private custom domain name.');
  // An edge certificate uploaded by body (the legacy IAM path) needs its private key with it.
  if (input.certificateBody !== undefined && !input.certificatePrivateKey) throw badRequest('A certificate private key was not provided.');
  if (input.certificateBody !== undefined && !input.certificateName) throw badRequest('A certificate name was not provided.');
  // An edge certificate is an ACM ARN or an uploaded one; a name alone names nothing.
  if (types.includes('EDGE') && !input.certificateArn && input.certificateBody === undefined) throw NO_CERTIFICATE('EDGE');
  const ipAddressType = config.ipAddressType ?? (isPrivate ? 'dualstack' : 'ipv4');
  if (isPrivate && ipAddressType !== 'dualstack') throw badRequest('Only dualstack ipAddressType is supported for private custom domain names.');

  const domainNameId = isPrivate ? shortId(8) : undefined;
  const doc: DomainNameRecord = {
    domainName: input.domainName,
    domainNameArn: domainNameArn(ctx.scope.region, ctx.scope.account, input.domainName, domainNameId),
    endpointConfiguration: { types, ipAddressType },
    domainNameStatus: 'AVAILABLE',
    securityPolicy: input.securityPolicy ?? 'TLS_1_2',
    routingMode: input.routingMode ?? 'BASE_PATH_MAPPING_ONLY',
  };
  if (domainNameId) doc.domainNameId = domainNameId;
  if (input.certificateName) doc.certificateName = input.certificateName;
  if (input.certificateArn) doc.certificateArn = input.certificateArn;
  if (input.regionalCertificateName) doc.regionalCertificateName = input.regionalCertificateName;
  if (input.regionalCertificateArn) doc.regionalCertificateArn = input.regionalCertificateArn;
  if (input.ownershipVerificationCertificateArn) doc.ownershipVerificationCertificateArn = input.ownershipVerificationCertificateArn;
  if (input.endpointAccessMode) doc.endpointAccessMode = input.endpointAccessMode;
  if (input.mutualTlsAuthentication?.truststoreUri) {
    doc.mutualTlsAuthentication = { truststoreUri: input.mutualTlsAuthentication.truststoreUri };
    if (input.mutualTlsAuthentication.truststoreVersion) doc.mutualTlsAuthentication.truststoreVersion = input.mutualTlsAuthentication.truststoreVersion;
  }
  if (isPrivate && input.policy !== undefined) doc.policy = checkPolicy(input.policy);
  settleConfiguration(doc, ctx.scope.region, ctx.now);
  const tags = initialTags(input.tags);
  if (tags) doc.tags = tags;

  if (!(await ctx.tx.insert(KIND.domainName, domainKey(doc.domainName, domainNameId), doc))) {
    throw conflict('The domain name you provided already exists.');
  }
  return doc;
}

async function getDomainName(input: S_GetDomainNameRequest, ctx: RequestContext): Promise<DomainNameRecord> {
  return requireDomainName(ctx, input.domainName, input.domainNameId);
}

/**
 * resourceOwner SELF (the default) lists the caller's own names; OTHER_ACCOUNTS lists private
 * names other accounts shared through access associations, which Gatehouse does not share across
 * accounts, so that list is empty.
 */
async function getDomainNames(input: S_GetDomainNamesRequest, ctx: RequestContext) {
  const all = input.resourceOwner === 'OTHER_ACCOUNTS' ? [] : (await ctx.tx.list<DomainNameRecord>(KIND.domainName)).map((e) => e.value);
  return paginate(all, input.position, input.limit);
}

async function updateDomainName(input: S_UpdateDomainNameRequest, ctx: RequestContext): Promise<DomainNameRecord> {
  const current = await requireDomainName(ctx, input.domainName, input.domainNameId);
  const updated = applyPatch(current, input.patchOperations, domainNameRules);
  settleConfiguration(updated, ctx.scope.region, ctx.now);
  await ctx.tx.put(KIND.domainName, domainKey(updated.domainName, updated.domainNameId), updated);
  return updated;
}

/** The name's base path mappings (and a private name's access associations) go with it. */
async function deleteDomainName(input: S_DeleteDomainNameRequest, ctx: RequestContext): Promise<void> {
  const doc = await requireDomainName(ctx, input.domainName, input.domainNameId);
  const key = domainKey(doc.domainName, doc.domainNameId);
  await ctx.tx.deletePrefix(KIND.basePathMapping, `${key}/`);
  // Routing rules (apigatewayv2) belong to the domain name too, whichever API deletes it.
  await ctx.tx.deletePrefix(ROUTING_RULE_KIND, `${key}/`);
  if (doc.domainNameId) await ctx.tx.deletePrefix(KIND.domainNameAccessAssociation, `${key}/`);
  await ctx.tx.delete(KIND.domainName, key);
}

export const handlers: Handlers = {
  CreateDomainName: createDomainName,
  GetDomainName: getDomainName,
  GetDomainNames: getDomainNames,
  UpdateDomainName: updateDomainName,
  DeleteDomainName: deleteDomainName,
  ...accessAssociations,
};
