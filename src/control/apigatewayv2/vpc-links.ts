/**
 * VPC links for HTTP APIs: CreateVpcLink, GetVpcLink(s), UpdateVpcLink (its name),
 * DeleteVpcLink. A private integration (ConnectionType VPC_LINK) reaches an ALB, NLB or Cloud
 * Map service through one. (WebSocket APIs use REST API VPC links instead.)
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/vpclinks.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-vpc-links.html
 *
 * On AWS a new link is PENDING ("VPC link is provisioning ENIs") until its network interfaces
 * exist, then AVAILABLE ("VPC link is ready to route traffic"). Gatehouse has nothing to
 * provision: the create answers PENDING as AWS does, and every later read sees the finished link.
 */
import { badRequest, conflict, notFound } from '../../aws/errors.js';
import type {
  S_CreateVpcLinkRequest,
  S_DeleteVpcLinkRequest,
  S_GetVpcLinkRequest,
  S_GetVpcLinksRequest,
  S_UpdateVpcLinkRequest,
} from '../../aws/generated/apigatewayv2.js';
import type { IntegrationRecord, VpcLinkRecord } from '../../definitions/apigatewayv2.js';
import type { Handlers, RequestContext } from '../types.js';
import { KIND, newId, page } from './records.js';
import { checkTags } from './tags.js';

const READY = 'VPC link is ready to route traffic';
const PROVISIONING = 'VPC link is provisioning ENIs';

export async function requireVpcLink(ctx: RequestContext, vpcLinkId: string): Promise<VpcLinkRecord> {
  const link = await ctx.tx.get<VpcLinkRecord>(KIND.vpcLink, vpcLinkId);
  if (!link) throw notFound(`Invalid VpcLink identifier specified ${vpcLinkId}`);
  return link;
}

async function createVpcLink(input: S_CreateVpcLinkRequest, ctx: RequestContext) {
  if (!input.SubnetIds.length) throw badRequest('SubnetIds must contain at least one subnet');
  for (const id of input.SubnetIds) if (!/^subnet-[0-9a-f]{8,17}$/.test(id)) throw badRequest(`Invalid subnet ID specified: ${id}`);
  for (const id of input.SecurityGroupIds ?? []) if (!/^sg-[0-9a-f]{8,17}$/.test(id)) throw badRequest(`Invalid security group ID specified: ${id}`);
  checkTags(input.Tags);
  const link: VpcLinkRecord = {
    CreatedDate: ctx.now.toISOString(),
    Name: input.Name,
    SecurityGroupIds: input.SecurityGroupIds ?? [],
    SubnetIds: input.SubnetIds,
    Tags: input.Tags ?? {},
    VpcLinkId: newId(6),
    VpcLinkStatus: 'AVAILABLE',
    VpcLinkStatusMessage: READY,
    VpcLinkVersion: 'V2',
  };
  await ctx.tx.put(KIND.vpcLink, link.VpcLinkId, link);
  return { ...link, VpcLinkStatus: 'PENDING', VpcLinkStatusMessage: PROVISIONING };
}

async function getVpcLink(input: S_GetVpcLinkRequest, ctx: RequestContext) {
  return requireVpcLink(ctx, input.VpcLinkId);
}

async function getVpcLinks(input: S_GetVpcLinksRequest, ctx: RequestContext) {
  return page((await ctx.tx.list<VpcLinkRecord>(KIND.vpcLink)).map((e) => e.value), input);
}

async function updateVpcLink(input: S_UpdateVpcLinkRequest, ctx: RequestContext) {
  const link = await requireVpcLink(ctx, input.VpcLinkId);
  const next = input.Name !== undefined ? { ...link, Name: input.Name } : link;
  await ctx.tx.put(KIND.vpcLink, link.VpcLinkId, next);
  return next;
}

async function deleteVpcLink(input: S_DeleteVpcLinkRequest, ctx: RequestContext) {
  await requireVpcLink(ctx, input.VpcLinkId);
  const user = (await ctx.tx.list<IntegrationRecord>(KIND.integration)).find((e) => e.value.ConnectionType === 'VPC_LINK' && e.value.ConnectionId === input.VpcLinkId);
  if (user) {
    const [apiId, integrationId] = user.key.split('/');
    throw conflict(`VPC link ${input.VpcLinkId} cannot be deleted: it is used by integration ${integrationId} of API ${apiId}`);
  }
  await ctx.tx.delete(KIND.vpcLink, input.VpcLinkId);
  return {};
}

export const handlers: Handlers = {
  CreateVpcLink: createVpcLink,
  GetVpcLink: getVpcLink,
  GetVpcLinks: getVpcLinks,
  UpdateVpcLink: updateVpcLink,
  DeleteVpcLink: deleteVpcLink,
};
