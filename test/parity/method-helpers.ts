/**
 * Shared by the method / integration parity tests: one Gatehouse per describe block, a fresh REST
 * API per scenario, and a `check` that compares one SDK call with one recorded entry.
 */
import { CreateRestApiCommand } from '@aws-sdk/client-api-gateway';
import { sender, useGatehouse, type Server } from '../helpers/gatehouse.js';
import { Bindings, capture, matchRecorded, recorded } from './snapshot.js';

export const SNAPSHOT_FILE = 'test_apigateway_api.snapshot.json';

/**
 * LocalStack's snapshot library replaces a string holding a JSON object or list by the parsed
 * value before recording (a request template '{"statusCode": 200}' is recorded as an object), so
 * actual results get the same treatment before they are compared.
 */
export function decodeJsonStrings(value: unknown): unknown {
  if (typeof value === 'string') {
    const t = value.trim();
    if (t.startsWith('{') || t.startsWith('[')) {
      try {
        const parsed = JSON.parse(t);
        if (parsed && typeof parsed === 'object') return decodeJsonStrings(parsed);
      } catch {
        return value;
      }
    }
    return value;
  }
  if (Array.isArray(value)) return value.map(decodeJsonStrings);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decodeJsonStrings(v)]));
  }
  return value;
}

export { sender, useGatehouse, type Server };

export interface Scenario {
  apiId: string;
  rootId: string;
  bindings: Bindings;
  /** Runs a call and compares it with the recorded entry of this scenario. */
  check(entry: string, call: () => Promise<unknown>, ignore?: string[]): Promise<Record<string, unknown>>;
}

/** A new REST API and the recorded entries of one LocalStack test. */
export async function scenario(server: Server, testName: string, file = SNAPSHOT_FILE): Promise<Scenario> {
  const rec = recorded(file, testName);
  const bindings = new Bindings();
  const api = await server.client.send(new CreateRestApiCommand({ name: `parity-${testName.split('::').pop()}` }));
  return {
    apiId: api.id!,
    rootId: api.rootResourceId!,
    bindings,
    async check(entry, call, ignore) {
      if (!(entry in rec)) throw new Error(`No recorded entry ${entry} in ${testName}`);
      const actual = decodeJsonStrings(await capture(call)) as Record<string, unknown>;
      matchRecorded(rec[entry], actual, bindings, { ignore });
      return actual;
    },
  };
}
