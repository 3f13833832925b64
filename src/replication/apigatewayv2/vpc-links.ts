/**
 * VPC links (v2, for HTTP APIs' private integrations). Seed, "VPC Link": subnet ids and security
 * group ids are those of the recovery VPC: they cannot be derived from the source's, so each comes
 * from the mapping file (keyed by the source id) or is reported untranslated (apply then refuses
 * unless told to allow it). Integrations name the link by id (ConnectionId), so a link is pulled in
 * by the integrations that use it.
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/vpclinks.html
 */
import { CreateVpcLinkCommand, DeleteVpcLinkCommand, GetVpcLinksCommand, UpdateVpcLinkCommand, type VpcLink } from '@aws-sdk/client-apigatewayv2';
import { send } from '../clients.js';
import { makeKey } from '../keys.js';
import { ENV_TAG, SOURCE_TAG, type Node, type ResourceType, type Side, type TranslateHooks } from '../model.js';
import { RULES } from '../rules.js';
import { all, clean, same, syncV2Tags, userTags, v2 } from './common.js';

export const VPC_LINK_V2 = 'apigatewayv2:VpcLink';
export const vpcLinkV2Key = (id: string) => makeKey(undefined, VPC_LINK_V2, id);

const listLinks = (side: Side) => all<VpcLink>((NextToken) => send(v2(side), new GetVpcLinksCommand({ NextToken, MaxResults: '500' })));

/** Subnet and security group ids through the mapping file (exported for the rule tests). */
export function translateVpcIds(ids: string[] | undefined, path: string, rule: string, hooks: Pick<TranslateHooks, 'mapped' | 'report'>): string[] | undefined {
  return ids
    ?.map((id, i) => {
      const to = hooks.mapped(id);
      hooks.report(`${path}[${i}]`, id, to ?? id, rule, to ? 'mapped' : 'untranslated');
      return to ?? id;
    })
    .sort();
}

export const vpcLinkV2Type: ResourceType = {
  type: VPC_LINK_V2,
  order: 7,
  idKeyed: true,
  async list(side) {
    return (await listLinks(side)).map(
      (l): Node => ({
        type: VPC_LINK_V2,
        key: vpcLinkV2Key(l.VpcLinkId!),
        id: l.VpcLinkId!,
        label: `VPC link (v2) ${l.Name}`,
        props: clean({ Name: l.Name, SubnetIds: l.SubnetIds?.slice().sort(), SecurityGroupIds: l.SecurityGroupIds?.slice().sort(), Tags: userTags(l.Tags) }),
      }),
    );
  },
  translate(node, hooks) {
    const p = node.props as { Name?: string; SubnetIds?: string[]; SecurityGroupIds?: string[] };
    p.Name = hooks.name(p.Name ?? node.id);
    if (p.SubnetIds) p.SubnetIds = translateVpcIds(p.SubnetIds, 'SubnetIds', RULES.SUBNET_ID, hooks);
    if (p.SecurityGroupIds) p.SecurityGroupIds = translateVpcIds(p.SecurityGroupIds, 'SecurityGroupIds', RULES.SECURITY_GROUP_ID, hooks);
  },
  async create(ctx, d) {
    const p = d.props as { Name: string; SubnetIds?: string[]; SecurityGroupIds?: string[]; Tags?: Record<string, string> };
    const out = await send<VpcLink>(
      v2(ctx.target),
      new CreateVpcLinkCommand({ Name: p.Name, SubnetIds: p.SubnetIds ?? [], SecurityGroupIds: p.SecurityGroupIds, Tags: { ...(p.Tags ?? {}), ...ctx.marker(d) } }),
    );
    return out.VpcLinkId!;
  },
  async update(ctx, d, a) {
    // Subnets and security groups cannot be changed on a VPC link: a new one is made.
    if (!same(d.props.SubnetIds, a.props.SubnetIds) || !same(d.props.SecurityGroupIds, a.props.SecurityGroupIds)) return 'replace';
    if (d.props.Name !== a.props.Name) await send(v2(ctx.target), new UpdateVpcLinkCommand({ VpcLinkId: a.id, Name: d.props.Name as string }));
    if (!same(d.props.Tags ?? {}, a.props.Tags ?? {})) await syncV2Tags(ctx.target, `/vpclinks/${a.id}`, d.props.Tags as Record<string, string>);
  },
  async delete(ctx, a) {
    await send(v2(ctx.target), new DeleteVpcLinkCommand({ VpcLinkId: a.id }));
  },
  async adopt(ctx, source) {
    const marker = ctx.marker(source);
    return (await listLinks(ctx.target)).find((l) => l.Tags?.[SOURCE_TAG] === marker[SOURCE_TAG] && l.Tags?.[ENV_TAG] === marker[ENV_TAG])?.VpcLinkId;
  },
};
