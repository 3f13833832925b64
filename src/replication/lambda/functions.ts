/**
 * The Lambda functions that integrations and authorizers use (seed: "Lambda functions, versions,
 * or aliases that are used as authorizers or in a method integration" are pulled in). A function
 * is read with GetFunction; its code comes from Code.Location when that is a URL the engine can
 * download (AWS's presigned S3 URL, Gatehouse's /_gatehouse/functions/... link). A function whose
 * code cannot be downloaded (a Gatehouse hot-reload directory, a container image) is reported and
 * not created: its ARN is still translated by region/account substitution, for a function the
 * user deploys in the recovery region. A failover test prefixes the function's name.
 * https://docs.aws.amazon.com/lambda/latest/api/API_GetFunction.html
 */
import { createHash } from 'node:crypto';
import {
  AddPermissionCommand,
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetPolicyCommand,
  RemovePermissionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type FunctionConfiguration,
  type GetFunctionCommandOutput,
} from '@aws-sdk/client-lambda';
import { isNotFound, send } from '../clients.js';
import { makeKey } from '../keys.js';
import { findArns } from '../neutral.js';
import type { ListOptions, Node, ResourceType, Side } from '../model.js';
import { clean, userTags } from '../apigateway/common.js';
import { PENDING } from '../translate.js';

export const LAMBDA_FUNCTION = 'lambda:Function';

export const functionKey = (name: string) => makeKey(undefined, LAMBDA_FUNCTION, name);

/** What a function's code and configuration are (a published version's too, versions.ts). */
export interface CodeConfig {
  Runtime?: string;
  Handler?: string;
  Role?: string;
  Description?: string;
  Timeout?: number;
  MemorySize?: number;
  Environment?: Record<string, string>;
  Architectures?: string[];
  CodeSha256?: string;
}

export const configOf = (c: FunctionConfiguration): CodeConfig =>
  clean({
    Runtime: c.Runtime,
    Handler: c.Handler,
    Role: c.Role,
    Description: c.Description,
    Timeout: c.Timeout,
    MemorySize: c.MemorySize,
    Environment: c.Environment?.Variables,
    Architectures: c.Architectures,
    CodeSha256: c.CodeSha256,
  });

/** UpdateFunctionConfiguration to `c` (a Description or Environment left out is cleared). */
export async function updateConfiguration(side: Side, name: string, c: CodeConfig): Promise<void> {
  await send(
    side.lambda,
    new UpdateFunctionConfigurationCommand({
      FunctionName: name,
      Runtime: c.Runtime as never,
      Handler: c.Handler,
      Role: c.Role,
      Description: c.Description ?? '',
      Timeout: c.Timeout,
      MemorySize: c.MemorySize,
      Environment: { Variables: c.Environment ?? {} },
    }),
  );
}

interface FunctionProps extends CodeConfig {
  Tags?: Record<string, string>;
  Permissions?: Permission[];
}

/**
 * A statement of the function's resource policy, as AddPermission takes it: what lets API
 * Gateway invoke the function (Principal apigateway.amazonaws.com, SourceArn the execute-api ARN
 * of the API, which translation makes the recovered API's).
 */
interface Permission {
  StatementId: string;
  Action: string;
  Principal: string;
  SourceArn?: string;
  SourceAccount?: string;
}

interface Statement {
  Sid?: string;
  Action?: string | string[];
  Principal?: string | { Service?: string; AWS?: string };
  Condition?: Record<string, Record<string, string>>;
}

function permissionOf(s: Statement): Permission | undefined {
  const principal = typeof s.Principal === 'string' ? s.Principal : (s.Principal?.Service ?? s.Principal?.AWS?.replace(/^arn:aws:iam::(\d{12}):root$/, '$1'));
  const action = Array.isArray(s.Action) ? s.Action[0] : s.Action;
  if (!s.Sid || !principal || !action) return undefined;
  const sourceArn = s.Condition?.ArnLike?.['AWS:SourceArn'] ?? s.Condition?.ArnLike?.['aws:SourceArn'];
  const sourceAccount = s.Condition?.StringEquals?.['AWS:SourceAccount'] ?? s.Condition?.StringEquals?.['aws:SourceAccount'];
  return { StatementId: s.Sid, Action: action, Principal: principal, ...(sourceArn ? { SourceArn: sourceArn } : {}), ...(sourceAccount ? { SourceAccount: sourceAccount } : {}) };
}

async function permissions(side: Side, name: string): Promise<Permission[] | undefined> {
  try {
    const out = await send<{ Policy?: string }>(side.lambda, new GetPolicyCommand({ FunctionName: name }));
    const doc = JSON.parse(out.Policy ?? '{}') as { Statement?: Statement[] };
    const list = (doc.Statement ?? []).map(permissionOf).filter((p): p is Permission => p !== undefined);
    return list.length ? list.sort((a, b) => a.StatementId.localeCompare(b.StatementId)) : undefined;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** Brings the target function's policy to `want`; a statement naming what is not created yet waits for the next pass. */
async function syncPermissions(side: Side, name: string, want: Permission[] | undefined, have: Permission[] | undefined): Promise<void> {
  const key = (p: Permission) => JSON.stringify(p);
  const wanted = (want ?? []).filter((p) => !JSON.stringify(p).includes(PENDING));
  const haveKeys = new Set((have ?? []).map(key));
  const wantKeys = new Set(wanted.map(key));
  for (const p of have ?? []) if (!wantKeys.has(key(p))) await send(side.lambda, new RemovePermissionCommand({ FunctionName: name, StatementId: p.StatementId }));
  for (const p of wanted) if (!haveKeys.has(key(p))) await send(side.lambda, new AddPermissionCommand({ FunctionName: name, ...p }));
}

export async function download(location: string | undefined): Promise<Uint8Array | string> {
  if (!location || !/^https?:\/\//.test(location)) return `the code location '${location ?? ''}' is no URL that can be downloaded`;
  const res = await fetch(location);
  if (!res.ok) return `downloading the code answered HTTP ${res.status}`;
  return new Uint8Array(await res.arrayBuffer());
}

async function read(side: Side, name: string, options: ListOptions): Promise<Node | undefined> {
  let out: GetFunctionCommandOutput;
  try {
    out = await send<GetFunctionCommandOutput>(side.lambda, new GetFunctionCommand({ FunctionName: name }));
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
  const c = out.Configuration ?? {};
  const payload: Record<string, unknown> = {};
  if (options.capture) {
    const code = await download(out.Code?.Location);
    if (typeof code === 'string') payload.codeUnavailable = code;
    else {
      payload.zipBase64 = Buffer.from(code).toString('base64');
      payload.zipSha256 = createHash('sha256').update(code).digest('base64');
    }
  }
  return {
    type: LAMBDA_FUNCTION,
    key: functionKey(c.FunctionName ?? name),
    id: c.FunctionName ?? name,
    label: `function ${c.FunctionName ?? name}`,
    props: clean({
      ...configOf(c),
      Tags: userTags(out.Tags),
      Permissions: await permissions(side, c.FunctionName ?? name),
    }) as Record<string, unknown>,
    payload,
  };
}

export const lambdaFunctionType: ResourceType = {
  type: LAMBDA_FUNCTION,
  order: 2,
  idKeyed: true,
  // Functions are reached by reference from the APIs, never listed whole (an account has many).
  async list() {
    return [];
  },
  get: read,
  // Functions named by ARNs of the source's region and account (integration and authorizer URIs,
  // working and deployed).
  referencedIds(node, side) {
    const text = JSON.stringify([node.props, node.payload?.export ?? null]);
    const names = new Set<string>();
    for (const a of findArns(text)) {
      if (a.service !== 'lambda' || a.region !== side.region || a.account !== side.account) continue;
      const m = /^function:([A-Za-z0-9_-]+)/.exec(a.resource);
      if (m) names.add(m[1]!);
    }
    return [...names];
  },
  translate(node, hooks) {
    node.id = hooks.name(node.id);
  },
  async create(ctx, d) {
    const p = d.props as FunctionProps;
    const zip = d.payload?.zipBase64 as string | undefined;
    if (!zip) throw new Error(`${d.label}: ${String(d.payload?.codeUnavailable ?? 'its code was not captured')}; deploy it in the target yourself`);
    await send(
      ctx.target.lambda,
      new CreateFunctionCommand({
        FunctionName: d.id,
        Runtime: p.Runtime as never,
        Handler: p.Handler,
        Role: p.Role,
        Description: p.Description,
        Timeout: p.Timeout,
        MemorySize: p.MemorySize,
        Environment: p.Environment ? { Variables: p.Environment } : undefined,
        Architectures: p.Architectures as never,
        Code: { ZipFile: Buffer.from(zip, 'base64') },
        Tags: { ...(p.Tags ?? {}), ...ctx.marker(d) },
      }),
    );
    await syncPermissions(ctx.target, d.id, p.Permissions, undefined);
    return d.id;
  },
  async update(ctx, d, a) {
    const p = d.props as FunctionProps;
    const { CodeSha256: want, Tags: wantTags, Permissions: wantPermissions, ...config } = p;
    const { CodeSha256: have, Tags: haveTags, Permissions: havePermissions, ...current } = a.props as FunctionProps;
    if (JSON.stringify(wantPermissions ?? []) !== JSON.stringify(havePermissions ?? [])) await syncPermissions(ctx.target, a.id, wantPermissions, havePermissions);
    if (JSON.stringify(config) !== JSON.stringify(current)) await updateConfiguration(ctx.target, a.id, p);
    const zip = d.payload?.zipBase64 as string | undefined;
    if (want !== have && zip) await send(ctx.target.lambda, new UpdateFunctionCodeCommand({ FunctionName: a.id, ZipFile: Buffer.from(zip, 'base64') }));
    if (JSON.stringify(wantTags ?? {}) !== JSON.stringify(haveTags ?? {})) {
      const arn = `arn:aws:lambda:${ctx.target.config.region}:${ctx.target.config.account}:function:${a.id}`;
      const remove = Object.keys(haveTags ?? {}).filter((k) => !(k in (wantTags ?? {})));
      if (remove.length) await send(ctx.target.lambda, new UntagResourceCommand({ Resource: arn, TagKeys: remove }));
      if (wantTags && Object.keys(wantTags).length) await send(ctx.target.lambda, new TagResourceCommand({ Resource: arn, Tags: wantTags }));
    }
  },
  async delete(ctx, a) {
    await send(ctx.target.lambda, new DeleteFunctionCommand({ FunctionName: a.id }));
  },
  async adopt(ctx, d) {
    const found = await read(ctx.target, d.id, { capture: false });
    const marker = ctx.marker(d);
    if (!found) return undefined;
    const tags = (await send<GetFunctionCommandOutput>(ctx.target.lambda, new GetFunctionCommand({ FunctionName: d.id }))).Tags ?? {};
    return Object.entries(marker).every(([k, v]) => tags[k] === v) ? found.id : undefined;
  },
};
