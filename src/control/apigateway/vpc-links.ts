/**
 * VpcLink: CreateVpcLink, GetVpcLink(s), UpdateVpcLink, DeleteVpcLink. A VPC link lets private
 * integrations reach a network load balancer in the caller's VPC.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_VpcLink.html
 *
 * Status as AWS reports it (test_apigateway_api.snapshot.json, TestApiGatewayVpcLink::*): the
 * create answers 202 with status PENDING and no statusMessage; once provisioned the link reads
 * AVAILABLE, "Your vpc link is ready for use". Gatehouse has nothing to provision, so the link is
 * stored AVAILABLE and only the creating answer shows PENDING: every later read sees the
 * finished link, deterministically. GetVpcLink and UpdateVpcLink always carry `tags` (`{}` when
 * none), the create and the list only when there are some.
 */
import { badRequest } from '../../aws/errors.js';
import { shortId } from '../../aws/ids.js';
import type {
  S_CreateVpcLinkRequest,
  S_DeleteVpcLinkRequest,
  S_GetVpcLinkRequest,
  S_GetVpcLinksRequest,
  S_UpdateVpcLinkRequest,
  S_VpcLink,
} from '../../aws/generated/apigateway.js';
import type { Handlers, RequestContext } from '../types.js';
import { applyPatch, type PatchRule } from './patch/index.js';
import { KIND, paginate, requireDoc } from './records.js';
import { initialTags } from './tag-rules.js';

type VpcLinkDoc = S_VpcLink & { id: string; name: string; targetArns: string[] };

const READY = 'Your vpc link is ready for use';
/** arn:partition:service:region:account:resource */
const WELL_FORMED_ARN = /^arn:[^:\s]+:[^:\s]+:[^:\s]*:[^:\s]*:\S+$/;

const requireVpcLink = (ctx: RequestContext, id: string) => requireDoc<VpcLinkDoc>(ctx.tx, KIND.vpcLink, id, 'Invalid Vpc Link identifier specified');

function checkName(name: string | undefined): void {
  if (!name) throw badRequest('Name cannot be empty');
}

async function createVpcLink(input: S_CreateVpcLinkRequest, ctx: RequestContext): Promise<VpcLinkDoc> {
  checkName(input.name);
  if (!input.targetArns?.length) throw badRequest('Target ARNs cannot be empty');
  for (const arn of input.targetArns) {
    if (!WELL_FORMED_ARN.test(arn)) throw badRequest(`Invalid ARN. ARN is not well formed ${arn}`);
  }
  const link: VpcLinkDoc = { id: shortId(6), name: input.name, targetArns: [...input.targetArns], status: 'AVAILABLE', statusMessage: READY };
  if (input.description !== undefined) link.description = input.description;
  const tags = initialTags(input.tags);
  if (tags) link.tags = tags;
  await ctx.tx.put(KIND.vpcLink, link.id, link);
  const { statusMessage: _provisioning, ...answer } = link;
  return { ...answer, status: 'PENDING' };
}

async function getVpcLink(input: S_GetVpcLinkRequest, ctx: RequestContext): Promise<VpcLinkDoc> {
  const link = await requireVpcLink(ctx, input.vpcLinkId);
  return { ...link, tags: link.tags ?? {} };
}

async function getVpcLinks(input: S_GetVpcLinksRequest, ctx: RequestContext) {
  const all = (await ctx.tx.list<VpcLinkDoc>(KIND.vpcLink)).map((e) => e.value);
  return paginate(all, input.position, input.limit);
}

const rules: PatchRule<VpcLinkDoc>[] = [
  {
    path: '/name',
    ops: ['replace'],
    apply(doc, ctx) {
      checkName(ctx.value);
      doc.name = ctx.value!;
    },
  },
  {
    path: '/description',
    ops: ['replace'],
    apply(doc, ctx) {
      if (ctx.value === undefined || ctx.value === '') delete doc.description;
      else doc.description = ctx.value;
    },
  },
];

async function updateVpcLink(input: S_UpdateVpcLinkRequest, ctx: RequestContext): Promise<VpcLinkDoc> {
  const updated = applyPatch(await requireVpcLink(ctx, input.vpcLinkId), input.patchOperations, rules);
  await ctx.tx.put(KIND.vpcLink, updated.id, updated);
  return { ...updated, tags: updated.tags ?? {} };
}

async function deleteVpcLink(input: S_DeleteVpcLinkRequest, ctx: RequestContext): Promise<void> {
  await requireVpcLink(ctx, input.vpcLinkId);
  await ctx.tx.delete(KIND.vpcLink, input.vpcLinkId);
}

export const handlers: Handlers = {
  CreateVpcLink: createVpcLink,
  GetVpcLink: getVpcLink,
  GetVpcLinks: getVpcLinks,
  UpdateVpcLink: updateVpcLink,
  DeleteVpcLink: deleteVpcLink,
};
