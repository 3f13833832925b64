/**
 * DomainNameAccessAssociation: CreateDomainNameAccessAssociation,
 * GetDomainNameAccessAssociations, DeleteDomainNameAccessAssociation,
 * RejectDomainNameAccessAssociation. An association lets a VPC endpoint reach a private custom
 * domain name. https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-custom-domains-associate-with-vpce.html
 *
 * Its ARN is arn:aws:apigateway:{region}:{account}:/domainnameaccessassociations/domainname/
 * {domainName}+{domainNameId}/vpcesource/{vpceId}; it is stored under KIND.domainNameAccessAssociation
 * at `{domainName}+{domainNameId}/{vpceId}`, so deleting the domain name removes its associations.
 * Gatehouse keeps every account apart, so an association is always made by the domain name's own
 * account; Reject (the owner refusing an association) removes it like Delete.
 */
import { badRequest, conflict, notFound } from '../../aws/errors.js';
import type {
  S_CreateDomainNameAccessAssociationRequest,
  S_DeleteDomainNameAccessAssociationRequest,
  S_DomainNameAccessAssociation,
  S_GetDomainNameAccessAssociationsRequest,
  S_RejectDomainNameAccessAssociationRequest,
} from '../../aws/generated/apigateway.js';
import { domainKey, type DomainNameRecord } from '../../definitions/domains.js';
import type { Handlers, RequestContext } from '../types.js';
import { KIND, paginate } from './records.js';
import { partitionOf } from './restapi-policy.js';
import { initialTags } from './tag-rules.js';

type AssociationDoc = S_DomainNameAccessAssociation & { domainNameAccessAssociationArn: string; domainNameArn: string };

const DOMAIN_ARN = /^arn:aws[a-z-]*:apigateway:([a-z0-9-]+):(\d{12}):\/domainnames\/([^/+]+)\+([^/]+)$/;
const ASSOCIATION_ARN = /^arn:aws[a-z-]*:apigateway:([a-z0-9-]+):(\d{12}):\/domainnameaccessassociations\/domainname\/([^/+]+\+[^/]+)\/vpcesource\/([^/]+)$/;
const VPC_ENDPOINT_ID = /^vpce-[0-9a-f]{8,17}$/;
const ASSOCIATION_NOT_FOUND = 'Invalid domain name access association identifier specified';

/** The private domain name an ARN names, in the caller's account and region. */
async function privateDomainOf(arn: string, ctx: RequestContext): Promise<DomainNameRecord> {
  const m = DOMAIN_ARN.exec(arn);
  if (!m) throw badRequest(`Invalid domain name ARN: ${arn}`);
  const [, region, account, name, id] = m;
  const doc = region === ctx.scope.region && account === ctx.scope.account ? await ctx.tx.get<DomainNameRecord>(KIND.domainName, domainKey(name, id)) : undefined;
  if (!doc) throw notFound('Invalid domain name identifier specified');
  return doc;
}

/** The store key of an association ARN in the caller's account and region. */
function associationKey(arn: string, ctx: RequestContext): string {
  const m = ASSOCIATION_ARN.exec(arn);
  if (!m) throw badRequest(`Invalid domain name access association ARN: ${arn}`);
  const [, region, account, domain, vpce] = m;
  if (region !== ctx.scope.region || account !== ctx.scope.account) throw notFound(ASSOCIATION_NOT_FOUND);
  return `${domain}/${vpce}`;
}

async function createAssociation(input: S_CreateDomainNameAccessAssociationRequest, ctx: RequestContext): Promise<AssociationDoc> {
  const domain = await privateDomainOf(input.domainNameArn, ctx);
  if (input.accessAssociationSourceType !== 'VPCE') throw badRequest(`Invalid access association source type: ${input.accessAssociationSourceType}`);
  if (!VPC_ENDPOINT_ID.test(input.accessAssociationSource ?? '')) throw badRequest(`Invalid VPC endpoint identifier: ${input.accessAssociationSource}`);
  const domainPart = `${domain.domainName}+${domain.domainNameId}`;
  const doc: AssociationDoc = {
    domainNameAccessAssociationArn: `arn:${partitionOf(ctx.scope.region)}:apigateway:${ctx.scope.region}:${ctx.scope.account}:/domainnameaccessassociations/domainname/${domainPart}/vpcesource/${input.accessAssociationSource}`,
    domainNameArn: domain.domainNameArn,
    accessAssociationSourceType: 'VPCE',
    accessAssociationSource: input.accessAssociationSource,
  };
  const tags = initialTags(input.tags);
  if (tags) doc.tags = tags;
  if (!(await ctx.tx.insert(KIND.domainNameAccessAssociation, `${domainPart}/${input.accessAssociationSource}`, doc))) {
    throw conflict('A domain name access association already exists for this domain name and VPC endpoint.');
  }
  return doc;
}

/** Only the caller's own associations exist here; OTHER_ACCOUNTS (associations others made to the caller's names) is empty. */
async function getAssociations(input: S_GetDomainNameAccessAssociationsRequest, ctx: RequestContext) {
  const all = input.resourceOwner === 'OTHER_ACCOUNTS' ? [] : (await ctx.tx.list<AssociationDoc>(KIND.domainNameAccessAssociation)).map((e) => e.value);
  return paginate(all, input.position, input.limit);
}

async function deleteAssociation(input: S_DeleteDomainNameAccessAssociationRequest, ctx: RequestContext): Promise<void> {
  if (!(await ctx.tx.delete(KIND.domainNameAccessAssociation, associationKey(input.domainNameAccessAssociationArn, ctx)))) {
    throw notFound(ASSOCIATION_NOT_FOUND);
  }
}

async function rejectAssociation(input: S_RejectDomainNameAccessAssociationRequest, ctx: RequestContext): Promise<void> {
  const domain = await privateDomainOf(input.domainNameArn, ctx);
  const key = associationKey(input.domainNameAccessAssociationArn, ctx);
  const doc = await ctx.tx.get<AssociationDoc>(KIND.domainNameAccessAssociation, key);
  if (!doc || doc.domainNameArn !== domain.domainNameArn) throw notFound(ASSOCIATION_NOT_FOUND);
  await ctx.tx.delete(KIND.domainNameAccessAssociation, key);
}

export const handlers: Handlers = {
  CreateDomainNameAccessAssociation: createAssociation,
  GetDomainNameAccessAssociations: getAssociations,
  DeleteDomainNameAccessAssociation: deleteAssociation,
  RejectDomainNameAccessAssociation: rejectAssociation,
};
