/**
 * Fuzzes the whole front door - listener, classifier, SigV4 parsing and verification, router,
 * rest-json parser, validation and the handlers behind them - with requests derived from every
 * modelled operation and then broken: garbage paths and %-escapes, huge segments, unicode,
 * random query strings and headers, malformed JSON, wrong types, deep nesting, huge numbers.
 * Whatever arrives, Gatehouse answers a JSON error (never a 500) and stays up.
 * Fixed seed: a failure names the case that reproduces it.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { loadModel, SERVICE_NAMES, type ServiceName } from '../../src/aws/model.js';
import { startTestGatehouse, type TestGatehouse } from '../helpers/gatehouse.js';
import { CreateResourceCommand, CreateRestApiCommand } from '@aws-sdk/client-api-gateway';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { fakeAuthorization, modelRequest, operations, SIGNING_NAME } from '../helpers/model-requests.js';
import { mulberry32, nastyString, randomJson, type Rng } from './prng.js';

// FUZZ_SEED / FUZZ_CASES explore further; the defaults are what CI runs.
const SEED = Number(process.env.FUZZ_SEED ?? 0x6a7e);
const CASES = Number(process.env.FUZZ_CASES ?? 2000);

interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 8 });

function send(base: string, r: RawRequest): Promise<RawResponse> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, hostname: u.hostname, port: u.port, method: r.method, path: r.path, headers: { ...r.headers, ...(r.body ? { 'content-length': String(r.body.length) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(r.body);
  });
}

/** Raw bytes of a UTF-8 string as a latin1 string, so node:http puts unescaped UTF-8 on the wire. */
const rawUtf8 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
/** Header values must be printable: keep only what node:http lets through. */
const headerSafe = (s: string) => rawUtf8(s).replace(/[^\t\x20-\x7e\x80-\xff]/g, '');

function garbageSegment(rng: Rng): string {
  const s = nastyString(rng);
  return rng.chance(0.5) ? encodeURIComponent(s) : rawUtf8(s).replace(/[\s/?#]/g, '_') || '_';
}

function garbageBody(rng: Rng): Buffer {
  switch (rng.int(10)) {
    case 0:
      return Buffer.from('{"name": "x", ');
    case 1:
      return Buffer.from('['.repeat(rng.pick([100, 5000, 100000])) + ']'.repeat(rng.chance(0.5) ? 0 : 100));
    case 2:
      return Buffer.from(`{"a":${'{"a":'.repeat(3000)}1${'}'.repeat(3001)}`);
    case 3:
      return Buffer.from(rng.pick(['1e400', '-1e400', '123456789012345678901234567890', 'null', 'true', '"str"', '[]', '[1,2]', '{}']));
    case 4:
      return Buffer.from(Array.from({ length: rng.int(200) }, () => rng.int(256)));
    case 5:
      return Buffer.from('{"name":"\\ud800\\udfff\\ud800","description":"\\u0000"}');
    case 6:
      return Buffer.from('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"tags":{"__proto__":{"x":1}}}');
    case 7:
      return Buffer.from(`{"name":"${'n'.repeat(rng.pick([1000, 200000]))}"}`);
    default:
      return Buffer.from(JSON.stringify(randomJson(rng)));
  }
}

/** Puts a random, probably wrongly typed, value at a random top-level member of a JSON body. */
function mutateJsonBody(rng: Rng, body: string | undefined, memberNames: string[]): Buffer {
  let json: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(body ?? '{}');
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) json = parsed;
  } catch {
    /* start from an empty object */
  }
  for (let i = 1 + rng.int(3); i > 0; i--) {
    const name = memberNames.length && rng.chance(0.8) ? rng.pick(memberNames) : nastyString(rng);
    json[name] = rng.chance(0.15) ? null : randomJson(rng);
  }
  // JSON.stringify cannot write a number too large for a double; some nulls become one here.
  return Buffer.from(JSON.stringify(json).replace(/null/g, () => (rng.chance(0.3) ? '1e400' : 'null')));
}

/** Real ids in the target Gatehouse, so fuzzed requests get past "not found" into the handlers. */
interface Existing {
  labels: Record<string, string>;
}

function generate(rng: Rng, existing: Existing): RawRequest & { service: ServiceName } {
  // Mostly apigateway: that is where the handlers are.
  const service: ServiceName = rng.chance(0.6) ? 'apigateway' : rng.pick(SERVICE_NAMES);
  const op = rng.pick(operations(service));
  const base = modelRequest(service, op, rng.chance(0.7) ? { labels: existing.labels } : {});
  const model = loadModel(service);
  // The JSON names of the input's body members: where wrong types do the most damage.
  const memberNames = Object.entries(op.input ? (model.shapes[op.input.shape].members ?? {}) : {})
    .filter(([, ref]) => !ref.location)
    .map(([name, ref]) => ref.locationName ?? name);
  let [path, qs = ''] = base.target.split('?');
  const query = new URLSearchParams(qs);
  const headers: Record<string, string> = { ...base.headers };
  let body: Buffer | undefined = base.body === undefined ? undefined : Buffer.from(base.body);
  let method = base.method;

  for (let m = rng.int(4); m > 0; m--) {
    switch (rng.int(11)) {
      case 0: {
        const segs = path.split('/');
        segs[1 + rng.int(Math.max(1, segs.length - 1))] = garbageSegment(rng);
        path = segs.join('/');
        break;
      }
      case 1:
        path += '/' + garbageSegment(rng);
        break;
      case 2:
        path = '/' + Array.from({ length: rng.int(6) }, () => (rng.chance(0.5) ? rng.pick(['restapis', 'v2', 'apis', '2015-03-31', 'functions', '@connections', '_gatehouse', '_aws', 'execute-api', '_user_request_', 'resources', 'stages']) : garbageSegment(rng))).join('/');
        break;
      case 3:
        for (let i = 1 + rng.int(3); i > 0; i--) {
          const key = rng.chance(0.3) ? rng.pick(['mode', 'limit', 'position', 'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Expires', 'X-Amz-Date', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'find', 'List', 'Qualifier', 'MaxItems', 'maxResults']) : nastyString(rng);
          query.append(key, rng.chance(0.3) && key === 'X-Amz-Algorithm' ? 'AWS4-HMAC-SHA256' : nastyString(rng));
        }
        break;
      case 4:
        body = garbageBody(rng);
        break;
      case 5:
        body = mutateJsonBody(rng, base.body, memberNames);
        break;
      case 6:
        method = rng.pick(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'PURGE', 'get']);
        break;
      case 7:
        headers.authorization = rng.pick([
          '',
          'AWS4-HMAC-SHA256',
          'Bearer abc',
          fakeAuthorization(rng.pick(SERVICE_NAMES), rng.pick(['123456789012', 'test', 'AKIDSTRICT', headerSafe(nastyString(rng)) || 'k']), rng.pick(['us-east-1', 'eu-west-1', headerSafe(nastyString(rng)) || 'r'])),
          `AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/${rng.pick(['s3', 'sts', 'iam', 'execute-api', 'x'])}/aws4_request, SignedHeaders=host, Signature=abcd`,
          headerSafe(nastyString(rng)),
        ]);
        if (rng.chance(0.5)) headers['x-amz-date'] = rng.pick(['20240101T000000Z', '20241399T996199Z', 'yesterday', new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '')]);
        break;
      case 8:
        for (let i = 1 + rng.int(3); i > 0; i--) {
          const name = rng.pick(['x-amz-invocation-type', 'x-amz-log-type', 'x-amz-client-context', 'x-amz-content-sha256', 'x-amzn-trace-id', 'accept', 'x-amz-meta-a', 'content-encoding', 'x-random']);
          headers[name] = headerSafe(nastyString(rng));
        }
        break;
      case 9:
        headers.host = rng.pick(['abc123.execute-api.localhost', 'ABC.EXECUTE-API.x', 'localhost', '[::1]', headerSafe(nastyString(rng)) || 'h']);
        break;
      default:
        headers['content-type'] = rng.pick(['application/json', 'text/plain', 'application/x-amz-json-1.1', '', 'multipart/form-data; boundary=x']);
    }
  }
  if (method === 'GET' || method === 'HEAD') body = undefined;
  const q = query.toString();
  return { service, method, path: (path || '/') + (q ? `?${q}` : ''), headers, body };
}

/** Strict mode: sign the (already broken) request for real, so it reaches the parser; sometimes break it after. */
async function signForStrict(rng: Rng, g: TestGatehouse, r: RawRequest & { service: ServiceName }): Promise<RawRequest> {
  if (rng.chance(0.25)) return r;
  const u = new URL(`http://x${r.path.startsWith('/') ? '' : '/'}${r.path}`);
  const query: Record<string, string[]> = Object.create(null); // keys such as __proto__ arrive too
  for (const [k, v] of u.searchParams) (query[k] ??= []).push(v);
  const signer = new SignatureV4({
    credentials: { accessKeyId: 'AKIDSTRICT', secretAccessKey: 'secret1' },
    region: 'us-east-1',
    service: SIGNING_NAME[r.service],
    sha256: Sha256,
  });
  const headers: Record<string, string> = { ...r.headers, host: r.headers.host ?? new URL(g.url).host };
  delete headers.authorization;
  delete headers['x-amz-date'];
  let signed;
  try {
    signed = await signer.sign({ method: r.method, protocol: 'http:', hostname: '127.0.0.1', path: u.pathname, query, headers, body: r.body });
  } catch {
    return r; // a header the signer itself cannot handle: send it unsigned
  }
  const out: RawRequest = { ...r, headers: signed.headers as Record<string, string> };
  if (rng.chance(0.2)) out.headers.authorization = out.headers.authorization.replace(/Signature=\w{4}/, 'Signature=0000');
  return out;
}

let permissive: TestGatehouse;
let strict: TestGatehouse;
const existing = new Map<TestGatehouse, Existing>();
before(async () => {
  permissive = await startTestGatehouse({ inMemory: true });
  strict = await startTestGatehouse({ inMemory: true, auth: 'strict', credentials: 'AKIDSTRICT:secret1:123456789012' });
  for (const g of [permissive, strict]) {
    const client = g.apigateway({ accessKeyId: g === strict ? 'AKIDSTRICT' : 'test', secretAccessKey: 'secret1' });
    const api = await client.send(new CreateRestApiCommand({ name: 'fuzzed' }));
    const child = await client.send(new CreateResourceCommand({ restApiId: api.id!, parentId: api.rootResourceId!, pathPart: 'pets' }));
    existing.set(g, { labels: { restapi_id: api.id!, resource_id: child.id!, parent_id: api.rootResourceId!, http_method: 'GET' } });
  }
});
after(async () => {
  agent.destroy();
  await permissive.stop();
  await strict.stop();
});

test(`${CASES} fuzzed requests: never a 500, every error a JSON body with a message (XML for STS), and the server stays up`, async () => {
  const rng = mulberry32(SEED);
  const cases: RawRequest[] = [];
  for (let i = 0; i < CASES; i++) {
    const target = i % 4 === 3 ? strict : permissive;
    const c = generate(rng, existing.get(target)!);
    cases.push(target === strict ? await signForStrict(rng, target, c) : c);
  }
  const failures: string[] = [];
  const seen = new Map<string, number>();
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const i = next++;
      const c = cases[i];
      const g = i % 4 === 3 ? strict : permissive;
      const describe = () => `case ${i} (seed ${SEED}, ${g === strict ? 'strict' : 'permissive'}): ${c.method} ${c.path.slice(0, 200)} ${JSON.stringify(c.headers).slice(0, 300)} body=${c.body?.toString('utf8').slice(0, 200)}`;
      let res: RawResponse;
      try {
        res = await send(g.url, c);
      } catch (err) {
        failures.push(`${describe()} -> connection failed: ${(err as Error).message}`);
        continue;
      }
      const kind = `${res.status} ${res.headers['x-amzn-errortype'] ?? ''}`;
      seen.set(kind, (seen.get(kind) ?? 0) + 1);
      if (res.status >= 500 && res.status !== 501) failures.push(`${describe()} -> ${res.status} ${res.body.slice(0, 300)}`);
      // What reaches STS (signed for sts, not a data-plane host, valid HTTP) is answered in the
      // query protocol: XML error documents with a Code and a Message.
      const answeredBySts = /\/sts\/aws4_request/.test(String(c.headers.authorization ?? '')) && String(res.headers['content-type']).startsWith('text/xml');
      if (res.status >= 400 && c.method !== 'HEAD' && answeredBySts) {
        if (!/<Error>.*<Code>[^<]+<\/Code><Message>[^<]*<\/Message>/s.test(res.body)) {
          failures.push(`${describe()} -> ${res.status} STS error body is not a query-protocol error document: ${res.body.slice(0, 200)}`);
        }
      } else if (res.status >= 400 && c.method !== 'HEAD') {
        let message: unknown;
        try {
          message = (JSON.parse(res.body) as { message?: unknown }).message;
        } catch {
          /* reported below */
        }
        if (typeof message !== 'string' || !String(res.headers['content-type']).startsWith('application/json')) {
          failures.push(`${describe()} -> ${res.status} error body is not JSON with a message: ${res.body.slice(0, 200)}`);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  if (process.env.FUZZ_STATS) console.log([...seen].sort((a, b) => b[1] - a[1]));
  for (const g of [permissive, strict]) {
    const health = await fetch(`${g.url}/_gatehouse/health`);
    assert.equal(health.status, 200);
  }
  assert.deepEqual(failures.slice(0, 15), [], `${failures.length} failing cases`);
});
