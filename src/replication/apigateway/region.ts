/**
 * Region-level v1 resources an API leans on: client certificates (Arpio leaves them out; a new
 * certificate is generated in the target, its id mapped, and reported, since its key pair is new
 * and a backend verifying the old certificate must trust the new one), VPC links (seed: target
 * ARNs are the replicated network load balancers'), and the account's CloudWatch role (seed,
 * "Account": the replicated role's ARN). The account is written in a failover only: a failover
 * test must not change the recovery account's settings.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_GenerateClientCertificate.html
 */
import {
  CreateVpcLinkCommand,
  DeleteClientCertificateCommand,
  DeleteVpcLinkCommand,
  GenerateClientCertificateCommand,
  GetAccountCommand,
  GetClientCertificatesCommand,
  GetVpcLinksCommand,
  UpdateAccountCommand,
  UpdateClientCertificateCommand,
  UpdateVpcLinkCommand,
  type Account,
  type ClientCertificate,
  type VpcLink,
} from '@aws-sdk/client-api-gateway';
import { pages, send } from '../clients.js';
import { makeKey } from '../keys.js';
import { ENV_TAG, SOURCE_TAG, type ApplyContext, type Node, type ResourceType } from '../model.js';
import { clean, replaceOps, syncTags, userTags } from './common.js';
import { CLIENT_CERTIFICATE, clientCertificateKey } from './deployments.js';
import { VPC_LINK, vpcLinkKey } from './resources.js';

export const ACCOUNT = 'apigateway:Account';

const owned = (tags: Record<string, string> | undefined, ctx: ApplyContext, source: Node) => {
  const m = ctx.marker(source);
  return tags?.[SOURCE_TAG] === m[SOURCE_TAG] && tags?.[ENV_TAG] === m[ENV_TAG];
};

const listCertificates = (ctx: ApplyContext['target']) =>
  pages<ClientCertificate>((position) => send(ctx.apigateway, new GetClientCertificatesCommand({ position, limit: 500 })));

export const clientCertificateType: ResourceType = {
  type: CLIENT_CERTIFICATE,
  order: 5,
  idKeyed: true,
  async list(side) {
    return (await listCertificates(side)).map((c) => ({
      type: CLIENT_CERTIFICATE,
      key: clientCertificateKey(c.clientCertificateId!),
      id: c.clientCertificateId!,
      label: `client certificate ${c.clientCertificateId}`,
      props: clean({ description: c.description, tags: userTags(c.tags) }),
    }));
  },
  async create(ctx, d) {
    const c = await send<ClientCertificate>(
      ctx.target.apigateway,
      new GenerateClientCertificateCommand({ description: d.props.description as string | undefined, tags: { ...((d.props.tags as Record<string, string>) ?? {}), ...ctx.marker(d) } }),
    );
    return c.clientCertificateId!;
  },
  async update(ctx, d, a) {
    const ops = replaceOps(['description'], d.props, a.props);
    if (ops.length) await send(ctx.target.apigateway, new UpdateClientCertificateCommand({ clientCertificateId: a.id, patchOperations: ops }));
    if (JSON.stringify(d.props.tags ?? {}) !== JSON.stringify(a.props.tags ?? {})) await syncTags(ctx.target, `/clientcertificates/${a.id}`, d.props.tags as Record<string, string>);
  },
  async delete(ctx, a) {
    await send(ctx.target.apigateway, new DeleteClientCertificateCommand({ clientCertificateId: a.id }));
  },
  async adopt(ctx, source) {
    return (await listCertificates(ctx.target)).find((c) => owned(c.tags, ctx, source))?.clientCertificateId;
  },
};

const listVpcLinks = (side: ApplyContext['target']) => pages<VpcLink>((position) => send(side.apigateway, new GetVpcLinksCommand({ position, limit: 500 })));

export const vpcLinkType: ResourceType = {
  type: VPC_LINK,
  order: 6,
  idKeyed: true,
  async list(side) {
    return (await listVpcLinks(side)).map((l) => ({
      type: VPC_LINK,
      key: vpcLinkKey(l.id!),
      id: l.id!,
      label: `VPC link ${l.name ?? l.id}`,
      props: clean({ name: l.name, description: l.description, targetArns: l.targetArns, tags: userTags(l.tags) }),
    }));
  },
  translate(node, hooks) {
    node.props.name = hooks.name(node.props.name as string);
  },
  async create(ctx, d) {
    const l = await send<VpcLink>(
      ctx.target.apigateway,
      new CreateVpcLinkCommand({
        name: d.props.name as string,
        description: d.props.description as string | undefined,
        targetArns: d.props.targetArns as string[],
        tags: { ...((d.props.tags as Record<string, string>) ?? {}), ...ctx.marker(d) },
      }),
    );
    return l.id!;
  },
  async update(ctx, d, a) {
    const ops = replaceOps(['name', 'description'], d.props, a.props);
    if (ops.length) await send(ctx.target.apigateway, new UpdateVpcLinkCommand({ vpcLinkId: a.id, patchOperations: ops }));
    if (JSON.stringify(d.props.tags ?? {}) !== JSON.stringify(a.props.tags ?? {})) await syncTags(ctx.target, `/vpclinks/${a.id}`, d.props.tags as Record<string, string>);
  },
  async delete(ctx, a) {
    await send(ctx.target.apigateway, new DeleteVpcLinkCommand({ vpcLinkId: a.id }));
  },
  async adopt(ctx, source) {
    return (await listVpcLinks(ctx.target)).find((l) => owned(l.tags, ctx, source))?.id;
  },
};

export const accountType: ResourceType = {
  type: ACCOUNT,
  order: 1,
  idKeyed: false,
  keepExtra: true,
  failoverOnly: true,
  async list(side) {
    const a = await send<Account>(side.apigateway, new GetAccountCommand({}));
    return [{ type: ACCOUNT, key: makeKey(undefined, ACCOUNT, 'settings'), id: 'settings', label: 'API Gateway account settings', props: clean({ cloudwatchRoleArn: a.cloudwatchRoleArn }) }];
  },
  async create(ctx, d) {
    await this.update!(ctx, d, { ...d, props: {} }, undefined);
    return 'settings';
  },
  async update(ctx, d, a) {
    if (d.props.cloudwatchRoleArn === a.props.cloudwatchRoleArn) return;
    await send(ctx.target.apigateway, new UpdateAccountCommand({ patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value: (d.props.cloudwatchRoleArn as string) ?? '' }] }));
  },
  async delete() {},
};
