/**
 * Plain HTTP for data-plane tests: node:http, so a test can set any Host header (fetch cannot)
 * and read every header as sent, repeated ones included.
 */
import { request } from 'node:http';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  rawHeaders: string[];
  body: Buffer;
  text: string;
  json<T = unknown>(): T;
}

export interface HttpCall {
  method?: string;
  path?: string;
  host?: string;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
}

/** `base` is Gatehouse's URL (http://127.0.0.1:port); `host` sets the Host header. */
export function http(base: string, call: HttpCall = {}): Promise<HttpAnswer> {
  const url = new URL(call.path ?? '/', base);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname: url.hostname,
        port: url.port,
        method: call.method ?? 'GET',
        path: url.pathname + url.search,
        headers: { ...(call.host ? { host: call.host } : {}), ...(call.headers ?? {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          const text = body.toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, rawHeaders: res.rawHeaders, body, text, json: () => JSON.parse(text) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(call.body);
  });
}
