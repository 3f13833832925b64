/**
 * Published versions and aliases of the replicated functions (seed: "Lambda functions, versions,
 * or aliases that are used as authorizers or in a method integration"): an integration URI may
 * name `function:f:live` (an alias) or `function:f:3` (a version), and the recovered API answers
 * only if the target has them, serving the same code.
 *
 * - `lambda:Version` (child of the function, id-keyed: the target numbers its versions itself,
 *   the journal maps source number -> target number): captured with ListVersionsByFunction and,
 *   for its code, GetFunction with Qualifier. Created by setting $LATEST to the version's code
 *   and configuration (UpdateFunctionCode/UpdateFunctionConfiguration), PublishVersion, then
 *   restoring $LATEST to what it was. Versions are immutable: a changed one is replaced.
 *   Only the versions the selection's URIs name are captured, with those the named aliases
 *   point at (their routing weights included).
 * - `lambda:Alias` (natural key: its name): FunctionVersion and the RoutingConfig weights name
 *   versions by reference, so they translate to the target's numbers. Only aliases the URIs
 *   name are captured.
 * Qualified function ARNs in URIs carry a version token (neutral.ts) resolved the same way.
 * https://docs.aws.amazon.com/lambda/latest/api/API_PublishVersion.html
 * https://docs.aws.amazon.com/lambda/latest/api/API_CreateAlias.html
 */
import {
  CreateAliasCommand,
  DeleteAliasCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  ListAliasesCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
  type AliasConfiguration,
  type FunctionConfiguration,
  type GetFunctionCommandOutput,
  type ListAliasesCommandOutput,
  type ListVersionsByFunctionCommandOutput,
} from '@aws-sdk/client-lambda';
import { send } from '../clients.js';
import { lastSegment, makeKey } from '../keys.js';
import type { Node, ResourceType, Side } from '../model.js';
import { findArns, LAMBDA_VERSION, ref, REF_PATTERN, versionKey } from '../neutral.js';
import { clean } from '../apigateway/common.js';
import { PENDING } from '../translate.js';
import { configOf, download, LAMBDA_FUNCTION, updateConfiguration, type CodeConfig } from './functions.js';

export const LAMBDA_ALIAS = 'lambda:Alias';

async function listVersions(side: Side, name: string): Promise<FunctionConfiguration[]> {
  const out: FunctionConfiguration[] = [];
  let Marker: string | undefined;
  do {
    const page = await send<ListVersionsByFunctionCommandOutput>(side.lambda, new ListVersionsByFunctionCommand({ FunctionName: name, Marker }));
    out.push(...(page.Versions ?? []).filter((v) => v.Version && v.Version !== '$LATEST'));
    Marker = page.NextMarker;
  } while (Marker);
  return out.sort((a, b) => Number(a.Version) - Number(b.Version));
}

async function listAliases(side: Side, name: string): Promise<AliasConfiguration[]> {
  const out: AliasConfiguration[] = [];
  let Marker: string | undefined;
  do {
    const page = await send<ListAliasesCommandOutput>(side.lambda, new ListAliasesCommand({ FunctionName: name, Marker }));
    out.push(...(page.Aliases ?? []));
    Marker = page.NextMarker;
  } while (Marker);
  return out.sort((a, b) => (a.Name ?? '').localeCompare(b.Name ?? ''));
}

/** Sets $LATEST's code and configuration. */
async function setLatest(side: Side, name: string, c: CodeConfig, zip: Uint8Array): Promise<void> {
  await send(side.lambda, new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: zip }));
  await updateConfiguration(side, name, c);
}

/**
 * The qualifiers of `fn` that the referencing nodes' function ARNs name (versions and aliases),
 * or undefined when every one is kept (listing the target).
 */
function namedQualifiers(side: Side, fn: Node, referencing: Node[] | undefined): Set<string> | undefined {
  if (!referencing) return undefined;
  const out = new Set<string>();
  for (const n of referencing) {
    for (const a of findArns(JSON.stringify([n.props, n.payload?.export ?? null]))) {
      if (a.service !== 'lambda' || a.region !== side.config.region || a.account !== side.config.account) continue;
      const m = /^function:([A-Za-z0-9_-]+):([A-Za-z0-9_$-]+)$/.exec(a.resource);
      if (m && m[1] === fn.id) out.add(m[2]!);
    }
  }
  return out;
}

/** The versions to capture: those named, and those the named aliases point at (routing included). */
async function wantedVersions(side: Side, fn: Node, referencing: Node[] | undefined): Promise<Set<string> | undefined> {
  const named = namedQualifiers(side, fn, referencing);
  if (!named) return undefined;
  const wanted = new Set([...named].filter((q) => /^\d+$/.test(q)));
  if ([...named].some((q) => !/^\d+$/.test(q))) {
    for (const a of await listAliases(side, fn.id)) {
      if (!named.has(a.Name ?? '')) continue;
      if (a.FunctionVersion) wanted.add(a.FunctionVersion);
      for (const v of Object.keys(a.RoutingConfig?.AdditionalVersionWeights ?? {})) wanted.add(v);
    }
  }
  return wanted;
}

const notRecreated = (parent: Node | undefined) =>
  parent?.payload?.codeUnavailable !== undefined ? `its function is not recreated (${String(parent.payload.codeUnavailable)})` : undefined;

export const lambdaVersionType: ResourceType = {
  type: LAMBDA_VERSION,
  parentType: LAMBDA_FUNCTION,
  order: 3,
  idKeyed: true,
  async list(side, parent, options) {
    const fn = parent!;
    const out: Node[] = [];
    const wanted = await wantedVersions(side, fn, options.referencing);
    if (wanted?.size === 0) return out;
    for (const v of await listVersions(side, fn.id)) {
      if (wanted && !wanted.has(v.Version!)) continue;
      const payload: Record<string, unknown> = {};
      if (options.capture) {
        const skip = notRecreated(fn);
        if (skip) payload.codeUnavailable = skip;
        else {
          const got = await send<GetFunctionCommandOutput>(side.lambda, new GetFunctionCommand({ FunctionName: fn.id, Qualifier: v.Version }));
          const code = await download(got.Code?.Location);
          if (typeof code === 'string') payload.codeUnavailable = code;
          else payload.zipBase64 = Buffer.from(code).toString('base64');
        }
      }
      out.push({
        type: LAMBDA_VERSION,
        key: makeKey(fn.key, LAMBDA_VERSION, v.Version!),
        id: v.Version!,
        parent: fn.key,
        label: `function ${fn.id} version ${v.Version}`,
        props: configOf(v) as Record<string, unknown>,
        payload,
      });
    }
    return out;
  },
  async create(ctx, d, functionName) {
    const zip = d.payload?.zipBase64 as string | undefined;
    if (!zip || !functionName) throw new Error(`${d.label}: its code was not captured`);
    // $LATEST as it is now, to restore once the version is published.
    const latest = await send<GetFunctionCommandOutput>(ctx.target.lambda, new GetFunctionCommand({ FunctionName: functionName }));
    const latestZip = await download(latest.Code?.Location);
    if (typeof latestZip === 'string') throw new Error(`${d.label}: reading the target's $LATEST to restore it: ${latestZip}`);
    await setLatest(ctx.target, functionName, d.props as CodeConfig, Buffer.from(zip, 'base64'));
    let version: string;
    try {
      const out = await send<FunctionConfiguration>(ctx.target.lambda, new PublishVersionCommand({ FunctionName: functionName, Description: (d.props as CodeConfig).Description }));
      version = out.Version!;
    } finally {
      await setLatest(ctx.target, functionName, configOf(latest.Configuration ?? {}), latestZip);
    }
    return version;
  },
  // A version is immutable: one that differs is published again.
  async update() {
    return 'replace';
  },
  async delete(ctx, a, functionName) {
    await send(ctx.target.lambda, new DeleteFunctionCommand({ FunctionName: functionName ?? lastSegment(a.parent ?? '').id, Qualifier: a.id }));
  },
};

interface AliasProps {
  FunctionVersion: string;
  Description?: string;
  /** RoutingConfig.AdditionalVersionWeights as a list, so its versions (keys there) translate. */
  AdditionalVersionWeights?: { Version: string; Weight: number }[];
}

/** A version number on this side as a reference to the version's key ($LATEST stays). */
const versionRef = (fnKey: string, v: string) => (v === '$LATEST' ? v : ref(versionKey(fnKey, v)));

function pendingIn(p: AliasProps): boolean {
  return JSON.stringify(p).includes(PENDING);
}

function aliasInput(p: AliasProps) {
  return {
    FunctionVersion: p.FunctionVersion,
    Description: p.Description ?? '',
    RoutingConfig: { AdditionalVersionWeights: Object.fromEntries((p.AdditionalVersionWeights ?? []).map((w) => [w.Version, w.Weight])) },
  };
}

export const lambdaAliasType: ResourceType = {
  type: LAMBDA_ALIAS,
  parentType: LAMBDA_FUNCTION,
  order: 4,
  idKeyed: false,
  async list(side, parent, options) {
    const fn = parent!;
    const skip = options.capture ? notRecreated(fn) : undefined;
    const named = namedQualifiers(side, fn, options.referencing);
    if (named?.size === 0) return [];
    return (await listAliases(side, fn.id)).filter((a) => !named || named.has(a.Name ?? '')).map((a) => {
      const weights = Object.entries(a.RoutingConfig?.AdditionalVersionWeights ?? {}).sort(([x], [y]) => Number(x) - Number(y));
      return {
        type: LAMBDA_ALIAS,
        key: makeKey(fn.key, LAMBDA_ALIAS, a.Name!),
        id: a.Name!,
        parent: fn.key,
        label: `function ${fn.id} alias ${a.Name}`,
        props: clean({
          FunctionVersion: versionRef(fn.key, a.FunctionVersion ?? '$LATEST'),
          Description: a.Description || undefined,
          AdditionalVersionWeights: weights.length ? weights.map(([Version, Weight]) => ({ Version: versionRef(fn.key, Version), Weight })) : undefined,
        }) as Record<string, unknown>,
        ...(skip ? { payload: { codeUnavailable: skip } } : {}),
      };
    });
  },
  async create(ctx, d, functionName) {
    const p = d.props as unknown as AliasProps;
    if (pendingIn(p)) throw new Error(`${d.label}: a version it names is not in the target (${JSON.stringify(p).replace(REF_PATTERN, '$1')})`);
    await send(ctx.target.lambda, new CreateAliasCommand({ FunctionName: functionName, Name: d.id, ...aliasInput(p) }));
    return d.id;
  },
  async update(ctx, d, _a, functionName) {
    const p = d.props as unknown as AliasProps;
    if (pendingIn(p)) throw new Error(`${d.label}: a version it names is not in the target`);
    await send(ctx.target.lambda, new UpdateAliasCommand({ FunctionName: functionName, Name: d.id, ...aliasInput(p) }));
  },
  async delete(ctx, a, functionName) {
    await send(ctx.target.lambda, new DeleteAliasCommand({ FunctionName: functionName ?? lastSegment(a.parent ?? '').id, Name: a.id }));
  },
};
