/**
 * Fuzzes ImportRestApi and PutRestApi with broken definitions: the recorded OpenAPI files
 * (openapi-inputs/) mutated at random - the text cut, bytes changed, members replaced by values
 * of the wrong type, extensions given nonsense - and sent with random parameters. Every answer
 * is a success or an AWS 4xx error with a message, never a 500; after a refused import or put
 * the account holds exactly what it held before (every apigateway document compared).
 * Fixed seed: a failure names the case that reproduces it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { KIND } from '../../src/definitions/apigateway.js';
import { startTestGatehouse, type TestGatehouse } from '../helpers/gatehouse.js';
import { openApiInput, openApiInputFiles } from '../control/openapi-inputs.js';
import { snapshotsAvailable } from '../parity/snapshot.js';
import { accountState as accountStateOf, rawCall, slots } from './import-harness.js';
import { mulberry32, nastyString, randomJson, type Rng } from './prng.js';

const SEED = Number(process.env.FUZZ_SEED ?? 0x0a91);
const CASES = Number(process.env.FUZZ_CASES ?? 300);

const EXTENSIONS = [
  'x-amazon-apigateway-integration', 'x-amazon-apigateway-authorizer', 'x-amazon-apigateway-authtype', 'x-amazon-apigateway-api-key-source',
  'x-amazon-apigateway-binary-media-types', 'x-amazon-apigateway-gateway-responses', 'x-amazon-apigateway-request-validators',
  'x-amazon-apigateway-request-validator', 'x-amazon-apigateway-documentation', 'x-amazon-apigateway-policy',
  'x-amazon-apigateway-endpoint-configuration', 'x-amazon-apigateway-minimum-compression-size', 'x-amazon-apigateway-any-method',
  '$ref', 'responses', 'parameters', 'schema', 'security', 'requestBody', 'paths', 'components', 'definitions', 'basePath', 'servers',
  'statusCode', 'type', 'uri', 'httpMethod', 'requestParameters', 'requestTemplates', 'responseParameters', 'timeoutInMillis', 'swagger', 'openapi',
];
const PARAMETERS = [
  '', 'basepath=prepend', 'basepath=split', 'basepath=ignore', 'basepath=sideways', 'ignore=documentation', 'endpointConfigurationTypes=REGIONAL',
  'endpointConfigurationTypes=PRIVATE', 'endpointConfigurationTypes=NOPE', 'failonwarnings=true', 'failonwarnings=false',
];

let g: TestGatehouse;
let corpus: { file: string; text: string; doc: unknown }[];
before(async () => {
  g = await startTestGatehouse({ inMemory: true });
  corpus = snapshotsAvailable ? openApiInputFiles().map((file) => ({ file, text: openApiInput(file), doc: parseYaml(openApiInput(file)) })) : [];
});
after(() => g.stop());

const call = (method: string, path: string, body: string) => rawCall(g, method, path, body);
const accountState = () => accountStateOf(g, Object.values(KIND));

function mutate(rng: Rng, source: { text: string; doc: unknown }): string {
  if (rng.chance(0.25)) {
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
  for (let n = 1 + rng.int(4); n > 0; n--) {
    const all = slots(doc);
    if (!all.length) break;
    const [container, key] = rng.pick(all);
    const action = rng.int(4);
    if (action === 0 && !Array.isArray(container)) delete (container as Record<string, unknown>)[key as string];
    else if (action === 1 && !Array.isArray(container)) (container as Record<string, unknown>)[rng.pick(EXTENSIONS)] = randomJson(rng);
    else (container as Record<string | number, unknown>)[key] = randomJson(rng);
  }
  const json = JSON.stringify(doc);
  return rng.chance(0.2) ? json.replace(/"/g, rng.pick(['"', "'"])) : json;
}

test(`${CASES} broken definitions through ImportRestApi and PutRestApi: a 2xx or a 4xx, never a 500, and a refusal changes nothing`, { skip: !snapshotsAvailable }, async () => {
  const rng = mulberry32(SEED);
  const target = await call('POST', '/restapis', JSON.stringify({ name: 'put-target' }));
  assert.equal(target.status, 201);
  const failures: string[] = [];
  const outcomes = new Map<string, number>();
  for (let i = 0; i < CASES; i++) {
    const source = rng.pick(corpus);
    const body = mutate(rng, source);
    const query = Array.from({ length: rng.int(3) }, () => rng.pick(PARAMETERS)).filter((p) => p).join('&');
    const put = rng.chance(0.4);
    const path = put ? `/restapis/${target.json.id}?mode=${rng.pick(['merge', 'overwrite'])}${query ? '&' + query : ''}` : `/restapis?mode=import${query ? '&' + query : ''}`;
    const where = `case ${i} (seed ${SEED}) ${put ? 'PutRestApi' : 'ImportRestApi'} from ${source.file} ${path}`;
    const before = await accountState();
    const res = await call(put ? 'PUT' : 'POST', path, body);
    const outcome = res.status < 300 ? 'ok' : String(res.json.message ?? res.text).split('\n')[0].slice(0, 60);
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    if (res.status >= 500 || res.status < 200) failures.push(`${where}: ${res.status} ${res.text.slice(0, 300)}`);
    else if (res.status >= 400) {
      if (typeof res.json.message !== 'string') failures.push(`${where}: ${res.status} without an AWS message: ${res.text.slice(0, 200)}`);
      if ((await accountState()) !== before) failures.push(`${where}: refused with ${res.status} but the account changed`);
    } else if (!put) {
      // A created API is removed again, so the state compared stays small.
      const del = await fetch(`${g.url}/restapis/${res.json.id}`, { method: 'DELETE' });
      assert.ok(del.status < 300, `${where}: could not delete the imported API`);
    }
  }
  if (process.env.FUZZ_VERBOSE) console.log([...outcomes].sort((a, b) => b[1] - a[1]));
  assert.deepEqual(failures, []);
  // The run must reach both sides: some imports succeed, some are refused.
  assert.ok((outcomes.get('ok') ?? 0) > 0, `no import succeeded: ${JSON.stringify([...outcomes])}`);
  assert.ok([...outcomes.keys()].some((k) => k !== 'ok'), 'no import was refused');
});
