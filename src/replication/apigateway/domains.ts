/**
 * Custom domain names and base path mappings (v1). Seed, "Domain Name": certificate ARNs and
 * ownership verification certificate ARNs are the replicated certificates' (translate.ts: the
 * mapping file, else reported untranslated, for an ACM ARN holds a per-region id); an
 * edge-optimized name is recovered as a Regional one (its certificate becomes the Regional
 * certificate), since CloudFront keeps a domain name to one distribution. "Base Path Mapping":
 * the Rest API ID is the replicated API's. A failover test recovers `example.com` as
 * `gatehouse-dr-test-<id>.example.com`, never taking the real name.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_DomainName.html
 */
import {
  CreateBasePathMappingCommand,
  CreateDomainNameCommand,
  DeleteBasePathMappingCommand,
  DeleteDomainNameCommand,
  GetBasePathMappingsCommand,
  GetDomainNamesCommand,
  UpdateBasePathMappingCommand,
  UpdateDomainNameCommand,
  type BasePathMapping,
  type DomainName,
  type PatchOperation,
} from '@aws-sdk/client-api-gateway';
import { pages, send } from '../clients.js';
import { makeKey } from '../keys.js';
import { ref } from '../neutral.js';
import { RULES } from '../rules.js';
import type { ResourceType } from '../model.js';
import { clean, pick, replaceOps, syncTags, userTags } from './common.js';
import { listRestApis, restApiKey } from './rest-apis.js';

export const DOMAIN_NAME = 'apigateway:DomainName';
export const BASE_PATH_MAPPING = 'apigateway:BasePathMapping';

const FIELDS = ['certificateName', 'certificateArn', 'regionalCertificateName', 'regionalCertificateArn', 'securityPolicy', 'ownershipVerificationCertificateArn'] as const;

interface DomainProps {
  domainName: string;
  certificateName?: string;
  certificateArn?: string;
  regionalCertificateName?: string;
  regionalCertificateArn?: string;
  securityPolicy?: string;
  ownershipVerificationCertificateArn?: string;
  endpointConfiguration?: { types?: string[] };
  mutualTlsAuthentication?: { truststoreUri?: string; truststoreVersion?: string };
  tags?: Record<string, string>;
}

export const domainNameType: ResourceType = {
  type: DOMAIN_NAME,
  order: 80,
  idKeyed: true,
  async list(side) {
    const items = await pages<DomainName>((position) => send(side.apigateway, new GetDomainNamesCommand({ position, limit: 500 })));
    return items.map((d) => ({
      type: DOMAIN_NAME,
      key: makeKey(undefined, DOMAIN_NAME, d.domainName!),
      id: d.domainName!,
      label: `domain ${d.domainName}`,
      props: clean({
        domainName: d.domainName,
        ...pick(d, FIELDS),
        endpointConfiguration: { types: d.endpointConfiguration?.types },
        mutualTlsAuthentication: pick(d.mutualTlsAuthentication, ['truststoreUri', 'truststoreVersion']),
        tags: userTags(d.tags),
      }),
    }));
  },
  translate(node, hooks) {
    const p = node.props as unknown as DomainProps;
    const renamed = hooks.domainName(p.domainName);
    if (renamed !== p.domainName) {
      hooks.report('domainName', p.domainName, renamed, RULES.TEST_PREFIX, 'rule');
      p.domainName = renamed;
    }
    if (p.endpointConfiguration?.types?.includes('EDGE')) {
      p.endpointConfiguration = { types: ['REGIONAL'] };
      p.regionalCertificateArn ??= p.certificateArn;
      p.regionalCertificateName ??= p.certificateName;
      delete p.certificateArn;
      delete p.certificateName;
      hooks.report('endpointConfiguration.types', 'EDGE', 'REGIONAL', RULES.EDGE_TO_REGIONAL, 'rule');
    }
  },
  async create(ctx, d) {
    const p = d.props as unknown as DomainProps;
    await send(ctx.target.apigateway, new CreateDomainNameCommand({ ...(p as object), endpointConfiguration: p.endpointConfiguration as never, tags: { ...(p.tags ?? {}), ...ctx.marker(d) } } as never));
    return p.domainName;
  },
  async update(ctx, d, a) {
    const ops: PatchOperation[] = replaceOps(['regionalCertificateArn', 'regionalCertificateName', 'securityPolicy'], d.props, a.props);
    if (ops.length) await send(ctx.target.apigateway, new UpdateDomainNameCommand({ domainName: a.id, patchOperations: ops }));
    if (JSON.stringify(d.props.tags ?? {}) !== JSON.stringify(a.props.tags ?? {})) await syncTags(ctx.target, `/domainnames/${a.id}`, d.props.tags as Record<string, string>);
  },
  async delete(ctx, a) {
    await send(ctx.target.apigateway, new DeleteDomainNameCommand({ domainName: a.id }));
  },
};

export const basePathMappingType: ResourceType = {
  type: BASE_PATH_MAPPING,
  parentType: DOMAIN_NAME,
  order: 81,
  idKeyed: false,
  async list(side, domain) {
    const all = await pages<BasePathMapping>((position) => send(side.apigateway, new GetBasePathMappingsCommand({ domainName: domain!.id, position, limit: 500 })));
    // A mapping to an HTTP or WebSocket API is an API mapping (apigatewayv2/api-mappings.ts).
    const restApis = all.length ? new Set((await listRestApis(side)).map((a) => a.id)) : new Set<string | undefined>();
    const items = all.filter((m) => restApis.has(m.restApiId));
    return items.map((m) => ({
      type: BASE_PATH_MAPPING,
      key: makeKey(domain!.key, BASE_PATH_MAPPING, m.basePath ?? '(none)'),
      id: m.basePath ?? '(none)',
      parent: domain!.key,
      label: `${domain!.id}/${m.basePath === '(none)' ? '' : m.basePath}`,
      props: clean({ restApiId: ref(restApiKey(m.restApiId!)), stage: m.stage }),
    }));
  },
  async create(ctx, d, domainName) {
    await send(
      ctx.target.apigateway,
      new CreateBasePathMappingCommand({ domainName: domainName!, basePath: d.id === '(none)' ? undefined : d.id, restApiId: d.props.restApiId as string, stage: d.props.stage as string | undefined }),
    );
    return d.id;
  },
  async update(ctx, d, a, domainName) {
    const ops: PatchOperation[] = [];
    if (d.props.restApiId !== a.props.restApiId) ops.push({ op: 'replace', path: '/restapiId', value: d.props.restApiId as string });
    if (d.props.stage !== a.props.stage) ops.push({ op: 'replace', path: '/stage', value: (d.props.stage as string) ?? '' });
    if (ops.length) await send(ctx.target.apigateway, new UpdateBasePathMappingCommand({ domainName: domainName!, basePath: a.id, patchOperations: ops }));
  },
  async delete(ctx, a, domainName) {
    await send(ctx.target.apigateway, new DeleteBasePathMappingCommand({ domainName: domainName!, basePath: a.id }));
  },
};
