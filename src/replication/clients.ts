/**
 * The SDK clients of one side, and the one way the engine calls them: `send`, which retries AWS's
 * control-plane rate limits (TooManyRequestsException, 429) with exponential backoff and jitter,
 * and pages: `pages` walks `position`/`limit` (v1) and `Marker` (Lambda) listings to the end.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html (control-plane rates)
 */
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { LambdaClient } from '@aws-sdk/client-lambda';
import type { Side, SideConfig } from './model.js';

export function openSide(config: SideConfig): Side {
  const base = {
    region: config.region,
    // Retries are ours (send below), so a throttled call is visible and bounded in one place.
    maxAttempts: 1,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    ...(config.credentials ? { credentials: config.credentials } : {}),
    ...(config.profile ? { profile: config.profile } : {}),
  };
  return { config, apigateway: new APIGatewayClient(base), apigatewayv2: new ApiGatewayV2Client(base), lambda: new LambdaClient(base) };
}

export function closeSide(side: Side): void {
  side.apigateway.destroy();
  side.apigatewayv2.destroy();
  side.lambda.destroy();
}

export interface Backoff {
  attempts: number;
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { attempts: 8, baseMs: 100, maxMs: 5000 };

const RATE_LIMITED = new Set(['TooManyRequestsException', 'ThrottlingException', 'Throttling', 'TooManyRequests']);

export function isRateLimited(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return RATE_LIMITED.has(e?.name ?? '') || (e?.$metadata?.httpStatusCode === 429 && e?.name !== 'LimitExceededException');
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Sender {
  send(command: never): Promise<unknown>;
}

/** Sends a command, retrying rate limits; answers the output as the caller types it. */
export async function send<T>(client: Sender, command: object, backoff: Backoff = DEFAULT_BACKOFF): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await client.send(command as never)) as T;
    } catch (err) {
      if (!isRateLimited(err) || attempt >= backoff.attempts) throw err;
      const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** (attempt - 1));
      await wait(ceiling / 2 + Math.random() * (ceiling / 2));
    }
  }
}

/** Every item of a v1 listing (`position` in, `position` out, `items`). */
export async function pages<T>(fetch: (position: string | undefined) => Promise<{ items?: T[]; position?: string }>): Promise<T[]> {
  const out: T[] = [];
  let position: string | undefined;
  do {
    const page = await fetch(position);
    out.push(...(page.items ?? []));
    position = page.position;
  } while (position);
  return out;
}

/** True when the error is the side's "it is not there" (NotFoundException, Lambda's ResourceNotFoundException). */
export function isNotFound(err: unknown): boolean {
  const name = (err as { name?: string })?.name;
  return name === 'NotFoundException' || name === 'ResourceNotFoundException';
}
