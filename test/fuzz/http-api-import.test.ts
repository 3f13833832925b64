/**
 * Fuzzes ImportApi and ReimportApi (HTTP APIs) with broken OpenAPI 3 definitions: the test
 * fixtures (a realistic shop API and AWS's pet store example) mutated at random - the text cut,
 * bytes changed, members replaced by values of the wrong type, extensions given nonsense - and
 * sent with random basepath and failOnWarnings. Every answer is a success or an AWS 4xx error with
 * a message, never a 500; after a refused import or reimport the account holds exactly what it
 * held before (every apigatewayv2 document compared). Fixed seed: a failure names its case.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { KIND } from '../../src/definitions/apigatewayv2.js';
import { startTestGatehouse, type TestGatehouse } from '../helpers/gatehouse.js';
import { PETSTORE_JSON, SHOP_YAML } from '../control/apigatewayv2/openapi-fixtures.js';
import { accountState as accountStateOf, rawCall, slots } from './import-harness.js';
import { mulberry32, nastyString, randomJson, type Rng } from './prng.js';

const SEED = Number(process.env.FUZZ_SEED ?? 0x0b72);
const CASES = Number(process.env.FUZZ_CASES ?? 300);

const KEYS = [
  'x-amazon-apigateway-integration', 'x-amazon-apigateway-integrations', 'x-amazon-apigateway-authorizer', 'x-amazon-apigateway-authtype',
  'x-amazon-apigateway-cors', 'x-amazon-apigateway-any-method', 'x-amazon-apigateway-endpoint-configuration', 'x-amazon-apigateway-importexport-version',
  'x-amazon-apigateway-tag-value', 'isDefaultRoute', '$ref', 'security', 'securitySchemes', 'paths', 'components', 'servers', 'tags', 'info', 'title',
  'type', 'uri', 'httpMethod', 'payloadFormatVersion', 'requestParameters', 'responseParameters', 'timeoutInMillis', 'tlsConfig', 'connectionType',
  'connectionId', 'integrationSubtype', 'credentials', 'identitySource', 'jwtConfiguration', 'issuer', 'audience', 'authorizerUri',
  'authorizerPayloadFormatVersion', 'enableSimpleResponses', 'authorizerResultTtlInSeconds', 'openIdConnectUrl', 'allowOrigins', 'maxAge', 'openapi', 'swagger',
  '/$default', '/{proxy+}', '/a/{b}', '__proto__', 'constructor',
];
const STRINGS = ['aws_proxy', 'http_proxy', 'AWS', 'MOCK', 'jwt', 'request', 'awsSigv4', '2.0', '1.0', '3.0', '$request.header.Authorization', 'https://x.example.com', '#/components/x-amazon-apigateway-integrations/catalog', '#/nowhere', 'VPC_LINK', 'SQS-SendMessage', '/'];

let g: TestGatehouse;
const corpus = [SHOP_YAML, PETSTORE_JSON].map((text) => ({ text, doc: parseYaml(text) as unknown }));
before(async () => {
  g = await startTestGatehouse({ inMemory: true });
});
after(() => g.stop());

const call = (method: string, path: string, body: string) => rawCall(g, method, path, body);
const accountState = () => accountStateOf(g, Object.values(KIND));

function value(rng: Rng): unknown {
  return rng.chance(0.4) ? rng.pick(STRINGS) : randomJson(rng);
}

function mutate(rng: Rng, source: { text: string; doc: unknown }): string {
  if (rng.chance(0.2)) {
    const t = source.text;
    switch (rng.int(4)) {
      case 0:
        return t.slice(0, rng.int(t.length));
      case 1: {
        const at = rng.int(t.length);
        return t.slice(0, at) + rng.pick(['{', '}', '"', ':', '\n', '- ', '\t', '&a', '*a', '!!binary', '\u0000']) + t.slice(at);
      }
      case 2:
        return t.split('').map((c) => (rng.chance(0.01) ? String.fromCharCode(32 + rng.int(95)) : c)).join('');
      default:
        return nastyString(rng);
    }
  }
  const doc = structuredClone(source.doc);
  for (let n = 1 + rng.int(3); n > 0; n--) {
    const all = slots(doc);
    if (!all.length) break;
    const [container, key] = rng.pick(all);
    const action = rng.int(4);
    if (action === 0 && !Array.isArray(container)) delete (container as Record<string, unknown>)[key as string];
    else if (action === 1 && !Array.isArray(container)) Object.defineProperty(container, rng.pick(KEYS), { value: value(rng), enumerable: true, writable: true, configurable: true });
    else (container as Record<string | number, unknown>)[key] = value(rng);
  }
  return rng.chance(0.5) ? JSON.stringify(doc) : JSON.stringify(doc, null, 1);
}

test(`${CASES} broken definitions through ImportApi and ReimportApi: a 2xx or a 4xx, never a 500, and a refusal changes nothing`, async () => {
  const rng = mulberry32(SEED);
  const target = await call('PUT', '/v2/apis', JSON.stringify({ body: SHOP_YAML }));
  assert.equal(target.status, 201, target.text);
  const failures: string[] = [];
  const outcomes = new Map<string, number>();
  for (let i = 0; i < CASES; i++) {
    const source = rng.pick(corpus);
    const body = mutate(rng, source);
    const query = [rng.chance(0.3) ? `basepath=${rng.pick(['ignore', 'prepend', 'split', 'sideways'])}` : '', rng.chance(0.3) ? `failOnWarnings=${rng.pick(['true', 'false'])}` : '']
      .filter((q) => q)
      .join('&');
    const reimport = rng.chance(0.4);
    const path = `${reimport ? `/v2/apis/${target.json.apiId}` : '/v2/apis'}${query ? '?' + query : ''}`;
    const where = `case ${i} (seed ${SEED}) ${reimport ? 'ReimportApi' : 'ImportApi'} ${path}`;
    const before = await accountState();
    const res = await call('PUT', path, JSON.stringify({ body }));
    const outcome = res.status < 300 ? 'ok' : String(res.json.message ?? res.text).split('\n').slice(0, 2).join(' ').slice(0, 70);
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    if (res.status >= 500 || res.status < 200) failures.push(`${where}: ${res.status} ${res.text.slice(0, 300)}`);
    else if (res.status >= 400) {
      if (typeof res.json.message !== 'string') failures.push(`${where}: ${res.status} without an AWS message: ${res.text.slice(0, 200)}`);
      if ((await accountState()) !== before) failures.push(`${where}: refused with ${res.status} but the account changed`);
    } else {
      // What was imported exports, the export imports again, and exports the same document.
      const exported = await fetch(`${g.url}/v2/apis/${res.json.apiId}/exports/OAS30?outputType=YAML`);
      const text = await exported.text();
      if (exported.status !== 200) failures.push(`${where}: the import exports with ${exported.status} ${text.slice(0, 200)}`);
      else {
        const again = await call('PUT', '/v2/apis', JSON.stringify({ body: text }));
        if (again.status !== 201) failures.push(`${where}: its export does not import: ${again.status} ${again.text.slice(0, 300)}`);
        else {
          const twice = await (await fetch(`${g.url}/v2/apis/${again.json.apiId}/exports/OAS30?outputType=YAML`)).text();
          if (twice !== text) failures.push(`${where}: export -> import -> export differs:\n${text}\n---\n${twice}`);
          await fetch(`${g.url}/v2/apis/${again.json.apiId}`, { method: 'DELETE' });
        }
      }
      if (!reimport) {
        const del = await fetch(`${g.url}/v2/apis/${res.json.apiId}`, { method: 'DELETE' });
        assert.ok(del.status < 300, `${where}: could not delete the imported API`);
      }
    }
  }
  if (process.env.FUZZ_VERBOSE) console.log([...outcomes].sort((a, b) => b[1] - a[1]));
  assert.deepEqual(failures, []);
  assert.ok((outcomes.get('ok') ?? 0) > 0, `no import succeeded: ${JSON.stringify([...outcomes])}`);
  assert.ok([...outcomes.keys()].some((k) => k !== 'ok'), 'no import was refused');
});
