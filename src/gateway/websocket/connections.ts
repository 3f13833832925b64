/**
 * The WebSocket connection registry: every open connection by its connectionId, with what the
 * @connections API answers about it (connectedAt, lastActiveAt, identity) and AWS's two limits:
 * a connection idle for 10 minutes or open for 2 hours is closed by API Gateway.
 * In-process (DESIGN.md names Redis for several nodes later).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html#apigateway-execution-service-websocket-limits-table
 */
import { randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { WebSocketStage } from './apis.js';

/** AWS's WebSocket limits; a Gatehouse's own copy can be lowered (tests) through WebSocketPlane.limits. */
export const WEBSOCKET_LIMITS = {
  /** "Idle Connection Timeout: 10 minutes". */
  idleTimeoutMs: 10 * 60 * 1000,
  /** "Connection duration for WebSocket API: 2 hours". */
  maxDurationMs: 2 * 60 * 60 * 1000,
  /** "Message payload size: 128 KB" (larger: closed with 1009). */
  maxPayloadBytes: 128 * 1024,
} as const;

export interface WebSocketLimits {
  idleTimeoutMs: number;
  maxDurationMs: number;
  maxPayloadBytes: number;
}

export interface Connection {
  connectionId: string;
  stage: WebSocketStage;
  socket: WebSocket;
  connectedAt: number;
  lastActiveAt: number;
  sourceIp: string;
  userAgent?: string;
  domainName: string;
  /** The upgrade request's headers (lower-cased names) and query, for `$request.header.x` and templates. */
  headers: Record<string, string>;
  query: Record<string, string>;
  /** The upgrade request's headers with their names as sent, for the CONNECT and DISCONNECT events. */
  rawHeaders: [string, string][];
  /** What the $connect authorizer answered: principalId and its context, for every later event. */
  authorizer?: Record<string, unknown>;
  /** The $connect authorizer's usageIdentifierKey (`$context.authorizer.usageIdentifierKey`, an apiKeySelectionExpression). */
  usageIdentifierKey?: string;
  /** The API key $connect admitted (apiKeyRequired): `$context.identity.apiKey` / `apiKeyId`. */
  apiKey?: { id: string; value: string };
  /** The timers enforcing the limits. */
  idleTimer?: NodeJS.Timeout;
  lifeTimer?: NodeJS.Timeout;
}

export class ConnectionRegistry {
  private readonly open = new Map<string, Connection>();

  get(connectionId: string): Connection | undefined {
    return this.open.get(connectionId);
  }

  add(connection: Connection): void {
    this.open.set(connection.connectionId, connection);
  }

  remove(connectionId: string): Connection | undefined {
    const c = this.open.get(connectionId);
    if (!c) return undefined;
    this.open.delete(connectionId);
    clearTimeout(c.idleTimer);
    clearTimeout(c.lifeTimer);
    return c;
  }

  get size(): number {
    return this.open.size;
  }

  all(): IterableIterator<Connection> {
    return this.open.values();
  }
}

/** Random bytes drawn 4 KB at a time. */
const pool = { bytes: Buffer.alloc(0), at: 0 };

/**
 * 16 characters ending in '=' like AWS's ids ("L0SM9cOFvHcCIhw="): connection, message and
 * request ids. URL-safe characters only, so a connection id goes into an @connections path as it is.
 */
export function awsId(): string {
  if (pool.at + 11 > pool.bytes.length) {
    pool.bytes = randomBytes(4096);
    pool.at = 0;
  }
  return `${pool.bytes.toString('base64url', pool.at, (pool.at += 11))}=`;
}
