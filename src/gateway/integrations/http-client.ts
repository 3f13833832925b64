/**
 * The client HTTP and HTTP_PROXY integrations use: undici, one keep-alive pool per upstream
 * origin, shared by every API. Timeouts are the integration's `timeoutInMillis`.
 */
import { Agent } from 'undici';
import type { IncomingHttpHeaders } from 'undici/types/header.js';

export interface UpstreamRequest {
  method: string;
  url: URL;
  headers: Record<string, string[]>;
  body: Buffer;
  timeoutMs: number;
}

export interface UpstreamResponse {
  statusCode: number;
  headers: Record<string, string[]>;
  body: Buffer;
}

export class HttpIntegrationClient {
  private readonly agent = new Agent({ keepAliveTimeout: 30_000, connections: 128, pipelining: 1 });

  async request(req: UpstreamRequest): Promise<UpstreamResponse> {
    const headers: string[] = [];
    for (const [name, values] of Object.entries(req.headers)) for (const v of values) headers.push(name, v);
    const res = await this.agent.request({
      origin: req.url.origin,
      path: req.url.pathname + req.url.search,
      method: req.method as never,
      headers,
      body: req.body.length || !['GET', 'HEAD'].includes(req.method) ? req.body : undefined,
      headersTimeout: req.timeoutMs,
      bodyTimeout: req.timeoutMs,
    });
    const chunks: Buffer[] = [];
    for await (const chunk of res.body) chunks.push(chunk as Buffer);
    return { statusCode: res.statusCode, headers: multiValue(res.headers), body: Buffer.concat(chunks) };
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

function multiValue(headers: IncomingHttpHeaders): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v : [v];
  }
  return out;
}
