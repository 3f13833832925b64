/**
 * Shared by the apigatewayv2 type modules: paging (`NextToken`), the v2 tag calls, and the
 * target API id of a node. v2 resources are written whole (Update* takes the fields, not patch
 * operations), so props hold the fields as the v2 API names them (PascalCase).
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/tags-resource-arn.html
 */
import { GetTagsCommand, TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-apigatewayv2';
import { send } from '../clients.js';
import { lastSegment, rootKey } from '../keys.js';
import type { ApplyContext, Node, Side } from '../model.js';
import { userTags } from '../apigateway/common.js';

export { clean, pick, userTags } from '../apigateway/common.js';

/** Every item of a v2 listing (`NextToken` in and out, `Items`). */
export async function all<T>(fetch: (next: string | undefined) => Promise<{ Items?: T[]; NextToken?: string }>): Promise<T[]> {
  const out: T[] = [];
  let next: string | undefined;
  do {
    const page = await fetch(next);
    out.push(...(page.Items ?? []));
    next = page.NextToken;
  } while (next);
  return out;
}

export const v2 = (side: Side) => side.apigatewayv2;

/** The API id on the target: a desired node's resolves through the journal, an actual node's is in its key. */
export const targetApiId = (node: Node, ctx: ApplyContext, side: 'desired' | 'actual') =>
  side === 'desired' ? ctx.targetId(rootKey(node.key)) : lastSegment(rootKey(node.key)).id;

/** ARN of a v2 resource for the tag calls (region-scoped, no account). */
export const v2Arn = (side: Side, path: string) => `arn:aws:apigateway:${side.config.region}::${path}`;

/** Brings the user tags of a v2 resource to `desired` (the engine's markers stay). */
export async function syncV2Tags(side: Side, path: string, desired: Record<string, string> | undefined): Promise<void> {
  const ResourceArn = v2Arn(side, path);
  const current = userTags((await send<{ Tags?: Record<string, string> }>(v2(side), new GetTagsCommand({ ResourceArn }))).Tags) ?? {};
  const want = desired ?? {};
  const add = Object.fromEntries(Object.entries(want).filter(([k, v]) => current[k] !== v));
  const remove = Object.keys(current).filter((k) => !(k in want));
  if (Object.keys(add).length) await send(v2(side), new TagResourceCommand({ ResourceArn, Tags: add }));
  if (remove.length) await send(v2(side), new UntagResourceCommand({ ResourceArn, TagKeys: remove }));
}

/** The same value (props of both sides are built field by field in one order, so JSON compares them). */
export const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
