/**
 * The start-up listing of deployed stages: one invocation URL per stage, so a user sees at once
 * where each API answers. Read once from the store at start, bounded: at most `limit` lines, then
 * a count of the rest.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-call-api.html
 */
import { KIND, type RestApiRecord, type StageRecord } from './definitions/apigateway.js';
import type { Store } from './store/types.js';

export const MAX_LISTED_STAGES = 20;

/** `  GET http://{apiId}.execute-api.localhost:{port}/{stage}/  ({api name}, {stage})`, per deployed stage. */
export async function invocationUrlLines(store: Store, port: number, limit = MAX_LISTED_STAGES): Promise<string[]> {
  const lines: string[] = [];
  let total = 0;
  for (const scope of await store.scopes(KIND.stage)) {
    await store.transaction(scope, async (tx) => {
      const count = await tx.count(KIND.stage);
      total += count;
      if (lines.length >= limit) return;
      const names = new Map<string, string>();
      for (const { key, value: stage } of await tx.list<StageRecord>(KIND.stage)) {
        if (lines.length >= limit) break;
        const apiId = key.slice(0, key.indexOf('/'));
        if (!names.has(apiId)) names.set(apiId, (await tx.get<RestApiRecord>(KIND.restApi, apiId))?.name ?? apiId);
        const path = encodeURIComponent(stage.stageName);
        lines.push(`  GET http://${apiId}.execute-api.localhost:${port}/${path}/  (${names.get(apiId)}, ${stage.stageName})`);
      }
    });
  }
  if (total > lines.length) lines.push(`  ... and ${total - lines.length} more deployed stage${total - lines.length === 1 ? '' : 's'}`);
  return lines;
}
