/**
 * Custom domain names through apigatewayv2: CreateDomainName, GetDomainName(s), UpdateDomainName,
 * DeleteDomainName. On AWS the v1 and v2 APIs are two views of one set of domain names (a name
 * created through one is read and deleted through the other), so these handlers read and write
 * the same documents as the REST API ones (src/definitions/domains.ts) and reuse their rules:
 * each v2 DomainNameConfiguration is one endpoint type of the stored name.
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/domainnames.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-custom-domain-names.html
 *
 * Private custom domain names are REST-only and not listed here. Routing rules are not built:
 * a RoutingMode other than API_MAPPING_ONLY answers NotImplemented.
 */
import { AwsError, badRequest, conflict, notFound } from '../../aws/errors.js';
import type {
  S_CreateDomainNameRequest,
  S_DeleteDomainNameRequest,
  S_DomainNameConfiguration,
  S_GetDomainNameRequest,
  S_GetDomainNamesRequest,
  S_UpdateDomainNameRequest,
} from '../../aws/generated/apigatewayv2.js';
import { KIND as V1_KIND } from '../../definitions/apigateway.js';
import { ROUTING_RULE_KIND, domainKey, type DomainNameRecord } from '../../definitions/domains.js';
import { domainNameArn } from '../apigateway/domain-names.js';
import { settleConfiguration, validateDomainName } from '../apigateway/domain-name-rules.js';
import type { Handlers, RequestContext } from '../types.js';
import { page } from './records.js';
import { checkTags } from './tags.js';

const NOT_FOUND = 'The domain name resource specified in the request was not found.';

export async function requirePublicDomainName(ctx: RequestContext, domainName: string): Promise<DomainNameRecord> {
  const doc = await ctx.tx.get<DomainNameRecord>(V1_KIND.domainName, domainKey(domainName));
  if (!doc) throw notFound(NOT_FOUND);
  return doc;
}

function routingMode(mode: string | undefined): string {
  if (mode === undefined || mode === 'API_MAPPING_ONLY') return 'BASE_PATH_MAPPING_ONLY';
  throw new AwsError('NotImplemented', `Gatehouse does not implement routing rules yet (RoutingMode ${mode}).`, 501);
}

/** Writes the v2 configurations onto the stored name: one endpoint type each. */
function applyConfigurations(doc: DomainNameRecord, configurations: S_DomainNameConfiguration[]): void {
  if (configurations.length !== 1) throw badRequest('Exactly one domain name configuration must be specified');
  const [c] = configurations;
  const type = c.EndpointType ?? 'REGIONAL';
  for (const m of ['certificateArn', 'certificateName', 'regionalCertificateArn', 'regionalCertificateName', 'ownershipVerificationCertificateArn'] as const) delete doc[m];
  doc.endpointConfiguration = { types: [type], ipAddressType: c.IpAddressType ?? doc.endpointConfiguration?.ipAddressType ?? 'ipv4' };
  if (type === 'REGIONAL') {
    if (c.CertificateArn) doc.regionalCertificateArn = c.CertificateArn;
    if (c.CertificateName) doc.regionalCertificateName = c.CertificateName;
  } else {
    if (c.CertificateArn) doc.certificateArn = c.CertificateArn;
    if (c.CertificateName) doc.certificateName = c.CertificateName;
  }
  if (c.OwnershipVerificationCertificateArn) doc.ownershipVerificationCertificateArn = c.OwnershipVerificationCertificateArn;
  doc.securityPolicy = c.SecurityPolicy ?? doc.securityPolicy ?? 'TLS_1_2';
}

/** The stored name as apigatewayv2 shows it. */
export function domainNameOutput(doc: DomainNameRecord) {
  const configurations = doc.endpointConfiguration.types.map((type) => {
    const regional = type === 'REGIONAL';
    return {
      ApiGatewayDomainName: regional ? doc.regionalDomainName : doc.distributionDomainName,
      CertificateArn: regional ? doc.regionalCertificateArn : doc.certificateArn,
      CertificateName: regional ? doc.regionalCertificateName : doc.certificateName,
      CertificateUploadDate: regional ? undefined : doc.certificateUploadDate,
      DomainNameStatus: doc.domainNameStatus,
      DomainNameStatusMessage: doc.domainNameStatusMessage,
      EndpointType: type,
      HostedZoneId: regional ? doc.regionalHostedZoneId : doc.distributionHostedZoneId,
      IpAddressType: doc.endpointConfiguration.ipAddressType,
      SecurityPolicy: doc.securityPolicy,
      OwnershipVerificationCertificateArn: doc.ownershipVerificationCertificateArn,
    };
  });
  const mtls = doc.mutualTlsAuthentication;
  return {
    ApiMappingSelectionExpression: '$request.basepath',
    DomainName: doc.domainName,
    DomainNameArn: doc.domainNameArn,
    DomainNameConfigurations: configurations,
    MutualTlsAuthentication: mtls ? { TruststoreUri: mtls.truststoreUri, TruststoreVersion: mtls.truststoreVersion, TruststoreWarnings: mtls.truststoreWarnings } : undefined,
    RoutingMode: doc.routingMode === 'BASE_PATH_MAPPING_ONLY' || !doc.routingMode ? 'API_MAPPING_ONLY' : doc.routingMode,
    Tags: doc.tags ?? {},
  };
}

function applyMutualTls(doc: DomainNameRecord, input: { TruststoreUri?: string; TruststoreVersion?: string } | undefined): void {
  if (input === undefined) return;
  if (!input.TruststoreUri) {
    delete doc.mutualTlsAuthentication;
    return;
  }
  doc.mutualTlsAuthentication = { truststoreUri: input.TruststoreUri, ...(input.TruststoreVersion ? { truststoreVersion: input.TruststoreVersion } : {}) };
}

async function createDomainName(input: S_CreateDomainNameRequest, ctx: RequestContext) {
  validateDomainName(input.DomainName);
  checkTags(input.Tags);
  const doc = {
    domainName: input.DomainName,
    domainNameArn: domainNameArn(ctx.scope.region, ctx.scope.account, input.DomainName),
    domainNameStatus: 'AVAILABLE',
    routingMode: routingMode(input.RoutingMode),
  } as DomainNameRecord;
  applyConfigurations(doc, input.DomainNameConfigurations ?? [{ EndpointType: 'REGIONAL' }]);
  applyMutualTls(doc, input.MutualTlsAuthentication);
  settleConfiguration(doc, ctx.scope.region, ctx.now);
  if (input.Tags && Object.keys(input.Tags).length) doc.tags = input.Tags;
  if (!(await ctx.tx.insert(V1_KIND.domainName, domainKey(doc.domainName), doc))) throw conflict('The domain name resource already exists.');
  return domainNameOutput(doc);
}

async function getDomainName(input: S_GetDomainNameRequest, ctx: RequestContext) {
  return domainNameOutput(await requirePublicDomainName(ctx, input.DomainName));
}

async function getDomainNames(input: S_GetDomainNamesRequest, ctx: RequestContext) {
  const all = (await ctx.tx.list<DomainNameRecord>(V1_KIND.domainName)).map((e) => e.value).filter((d) => !d.domainNameId);
  return page(all.map(domainNameOutput), input);
}

async function updateDomainName(input: S_UpdateDomainNameRequest, ctx: RequestContext) {
  const doc: DomainNameRecord = structuredClone(await requirePublicDomainName(ctx, input.DomainName));
  if (input.DomainNameConfigurations !== undefined) applyConfigurations(doc, input.DomainNameConfigurations);
  applyMutualTls(doc, input.MutualTlsAuthentication);
  if (input.RoutingMode !== undefined) doc.routingMode = routingMode(input.RoutingMode);
  settleConfiguration(doc, ctx.scope.region, ctx.now);
  await ctx.tx.put(V1_KIND.domainName, domainKey(doc.domainName), doc);
  return domainNameOutput(doc);
}

/** Its API mappings (the REST API base path mappings) and routing rules go with it. */
async function deleteDomainName(input: S_DeleteDomainNameRequest, ctx: RequestContext) {
  const doc = await requirePublicDomainName(ctx, input.DomainName);
  await ctx.tx.deletePrefix(V1_KIND.basePathMapping, `${domainKey(doc.domainName)}/`);
  await ctx.tx.deletePrefix(ROUTING_RULE_KIND, `${domainKey(doc.domainName)}/`);
  await ctx.tx.delete(V1_KIND.domainName, domainKey(doc.domainName));
}

export const handlers: Handlers = {
  CreateDomainName: createDomainName,
  GetDomainName: getDomainName,
  GetDomainNames: getDomainNames,
  UpdateDomainName: updateDomainName,
  DeleteDomainName: deleteDomainName,
};
