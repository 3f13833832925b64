/**
 * Access logs and execution logs: a stage's accessLogSettings format, with AWS's `$context`
 * variables substituted, lands in the destination log group for every request (the guide's CLF,
 * JSON, XML and CSV examples), readable at /_gatehouse/logs/{group} with tail and follow and kept
 * as JSON Lines under the data directory; method settings' logging level writes AWS's execution
 * log to API-Gateway-Execution-Logs_{apiId}/{stage}.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateDeploymentCommand,
  CreateResourceCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  UpdateStageCommand,
  type PatchOperation,
} from '@aws-sdk/client-api-gateway';
import { createRestApi, useGatehouse } from '../helpers/gatehouse.js';
import { http, type HttpAnswer } from '../helpers/http.js';
import { LogGroups } from '../../src/gateway/logs/log-groups.js';
import { logGroupOf } from '../../src/gateway/logs/destination.js';
import { compileAccessLogFormat, renderAccessLog } from '../../src/gateway/logs/access-log-format.js';
import type { InvocationContext } from '../../src/gateway/rest/context.js';
import { contextVariables } from '../../src/gateway/rest/context-variables.js';

const ACCOUNT = '000000000000';
const arnOf = (group: string) => `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${group}`;

// The guide's example formats (set-up-logging.md), each on one line as a format must be.
const CLF =
  '$context.identity.sourceIp $context.identity.caller $context.identity.user [$context.requestTime] "$context.httpMethod $context.resourcePath $context.protocol" $context.status $context.responseLength $context.requestId $context.extendedRequestId';
const JSON_FORMAT =
  '{ "requestId":"$context.requestId", "extendedRequestId":"$context.extendedRequestId", "ip": "$context.identity.sourceIp", "caller":"$context.identity.caller", "user":"$context.identity.user", "requestTime":"$context.requestTime", "httpMethod":"$context.httpMethod", "resourcePath":"$context.resourcePath", "status":"$context.status", "protocol":"$context.protocol", "responseLength":"$context.responseLength" }';
const XML =
  '<request id="$context.requestId"> <extendedRequestId>$context.extendedRequestId</extendedRequestId> <ip>$context.identity.sourceIp</ip> <caller>$context.identity.caller</caller> <user>$context.identity.user</user> <requestTime>$context.requestTime</requestTime> <httpMethod>$context.httpMethod</httpMethod> <resourcePath>$context.resourcePath</resourcePath> <status>$context.status</status> <protocol>$context.protocol</protocol> <responseLength>$context.responseLength</responseLength> </request>';
const CSV =
  '$context.identity.sourceIp,$context.identity.caller,$context.identity.user,$context.requestTime,$context.httpMethod,$context.resourcePath,$context.protocol,$context.status,$context.responseLength,$context.requestId,$context.extendedRequestId';

const CLF_TIME = /^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/;

interface LogEvent {
  timestamp: number;
  message: string;
  logStream: string;
}

describe('access and execution logs', () => {
  const server = useGatehouse();
  let n = 0;

  /** A deployed API with GET /pets (MOCK, 200 and a JSON body) and the stage patched as given. */
  async function api(stagePatch: PatchOperation[]) {
    const { restApiId, rootId } = await createRestApi(server.client, `logs-api-${++n}`);
    const c = server.client;
    const pets = await c.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: 'pets' }));
    const resourceId = pets.id!;
    await c.send(new PutMethodCommand({ restApiId, resourceId, httpMethod: 'GET', authorizationType: 'NONE' }));
    await c.send(new PutIntegrationCommand({ restApiId, resourceId, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
    await c.send(new PutMethodResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200' }));
    await c.send(new PutIntegrationResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200', responseTemplates: { 'application/json': '{"pets": ["rex"]}' } }));
    await c.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }));
    if (stagePatch.length) await c.send(new UpdateStageCommand({ restApiId, stageName: 'prod', patchOperations: stagePatch }));
    return restApiId;
  }

  const accessLog = (format: string, group: string): PatchOperation[] => [
    { op: 'replace', path: '/accessLogSettings/destinationArn', value: arnOf(group) },
    { op: 'replace', path: '/accessLogSettings/format', value: format },
  ];

  const call = (restApiId: string, path = '/prod/pets') =>
    http(server.g.url, { path: `/_aws/execute-api/${restApiId}${path}`, headers: { 'user-agent': 'access-log-test/1.0' } });

  async function events(group: string, query = ''): Promise<LogEvent[]> {
    const res = await http(server.g.url, { path: `/_gatehouse/logs/${encodeURIComponent(group)}${query}` });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers['content-type'], 'application/x-ndjson');
    return res.text
      .split('\n')
      .filter((l) => l)
      .map((l) => JSON.parse(l) as LogEvent);
  }

  const ids = (res: HttpAnswer) => ({ requestId: String(res.headers['x-amzn-requestid']), extendedRequestId: String(res.headers['x-amz-apigw-id']) });

  test('the CLF example renders each variable, missing ones as "-"', async () => {
    const restApiId = await api(accessLog(CLF, 'clf-logs'));
    const res = await call(restApiId);
    assert.equal(res.status, 200);
    const [event] = await events('clf-logs');
    const { requestId, extendedRequestId } = ids(res);
    const m = /^(\S+) (\S+) (\S+) \[([^\]]+)\] "(\S+) (\S+) (\S+)" (\d+) (\d+) (\S+) (\S+)$/.exec(event.message);
    assert.ok(m, event.message);
    assert.deepEqual(m.slice(1), ['127.0.0.1', '-', '-', m[4], 'GET', '/pets', 'HTTP/1.1', '200', String(res.body.length), requestId, extendedRequestId]);
    assert.match(m[4], CLF_TIME);
    assert.equal(typeof event.timestamp, 'number');
    assert.match(event.logStream, /^[0-9a-f]{32}$/);
  });

  test('the JSON example is JSON with the request\'s values', async () => {
    const restApiId = await api(accessLog(JSON_FORMAT, 'json-logs'));
    const ok = await call(restApiId);
    const missing = await call(restApiId, '/prod/nothing');
    assert.equal(missing.status, 403);
    const [first, second] = (await events('json-logs')).map((e) => JSON.parse(e.message));
    assert.deepEqual({ ...first, requestTime: 'T' }, {
      ...ids(ok),
      ip: '127.0.0.1',
      caller: '-',
      user: '-',
      requestTime: 'T',
      httpMethod: 'GET',
      resourcePath: '/pets',
      status: '200',
      protocol: 'HTTP/1.1',
      responseLength: String(ok.body.length),
    });
    assert.match(first.requestTime, CLF_TIME);
    // No resource matched: 403 Missing Authentication Token, logged without a resource path.
    assert.equal(second.status, '403');
    assert.equal(second.resourcePath, '-');
    assert.equal(second.responseLength, String(missing.body.length));
  });

  test('the XML and CSV examples render the same values', async () => {
    const restApiId = await api(accessLog(XML, 'xml-logs'));
    const res = await call(restApiId);
    const [xml] = await events('xml-logs');
    const { requestId, extendedRequestId } = ids(res);
    assert.match(xml.message, new RegExp(`^<request id="${requestId}"> <extendedRequestId>${extendedRequestId.replace(/[-=]/g, '\\$&')}</extendedRequestId> <ip>127\\.0\\.0\\.1</ip> <caller>-</caller> <user>-</user> <requestTime>[^<]+</requestTime> <httpMethod>GET</httpMethod> <resourcePath>/pets</resourcePath> <status>200</status> <protocol>HTTP/1\\.1</protocol> <responseLength>${res.body.length}</responseLength> </request>$`));

    const csvApi = await api(accessLog(CSV, 'csv-logs'));
    const csvRes = await call(csvApi);
    const [csv] = await events('csv-logs');
    const fields = csv.message.split(',');
    assert.equal(fields.length, 11);
    assert.match(fields[3], CLF_TIME);
    assert.deepEqual([...fields.slice(0, 3), ...fields.slice(4)], ['127.0.0.1', '-', '-', 'GET', '/pets', 'HTTP/1.1', '200', String(csvRes.body.length), ids(csvRes).requestId, ids(csvRes).extendedRequestId]);
  });

  test('access-logging-only variables: latencies, errors, ids, user agent', async () => {
    const format =
      '$context.apiId $context.stage $context.path $context.domainName $context.identity.userAgent $context.requestTimeEpoch $context.responseLatency $context.integrationLatency $context.integration.status $context.status $context.error.responseType "$context.error.message" $context.xrayTraceId $context.waf.status';
    const restApiId = await api(accessLog(format, 'vars-logs'));
    const ok = await call(restApiId);
    const denied = await call(restApiId, '/prod/pets/1');
    const [a, b] = (await events('vars-logs')).map((e) => e.message);
    const fields = a.split(' ');
    assert.deepEqual(fields.slice(0, 5), [restApiId, 'prod', '/prod/pets', '127.0.0.1', 'access-log-test/1.0']);
    assert.match(fields[5], /^\d{13}$/);
    assert.match(fields[6], /^\d+$/);
    assert.match(fields[7], /^\d+$/); // the MOCK integration ran
    assert.deepEqual(fields.slice(8), ['200', '200', '-', '"-"', '-', '-']);
    assert.equal(ok.status, 200);
    assert.equal(denied.status, 403);
    // No method, so no integration: its latency and status are "-".
    assert.match(b, / \d+ - - 403 MISSING_AUTHENTICATION_TOKEN "Missing Authentication Token" - -$/);
  });

  test('/_gatehouse/logs tails the last N events and follows new ones as they are logged', async () => {
    const restApiId = await api(accessLog('$context.requestId $context.status', 'tail-logs'));
    const sent = [];
    for (let i = 0; i < 3; i++) sent.push(ids(await call(restApiId)).requestId);
    const last2 = await events('tail-logs', '?tail=2');
    assert.deepEqual(
      last2.map((e) => e.message),
      sent.slice(1).map((id) => `${id} 200`),
    );

    // follow=1: the recent event first, then the next request's line on the open answer.
    const lines: string[] = [];
    const url = new URL(`/_gatehouse/logs/tail-logs?tail=1&follow=1`, server.g.url);
    let next: () => void = () => {};
    const req = request({ hostname: url.hostname, port: url.port, path: url.pathname + url.search });
    const done = new Promise<void>((resolve, reject) => {
      req.on('response', (res) => {
        assert.equal(res.statusCode, 200);
        let buffered = '';
        res.on('data', (chunk: Buffer) => {
          buffered += chunk.toString('utf8');
          let nl;
          while ((nl = buffered.indexOf('\n')) >= 0) {
            lines.push((JSON.parse(buffered.slice(0, nl)) as LogEvent).message);
            buffered = buffered.slice(nl + 1);
            next();
          }
        });
        res.on('error', () => {});
        next = () => {
          if (lines.length === 1) void call(restApiId).then((r) => sent.push(ids(r).requestId), reject);
          if (lines.length === 2) resolve();
        };
        // The recent line may have arrived before `next` was set.
        if (lines.length) next();
      });
      req.on('error', reject);
    });
    req.end();
    await done;
    req.destroy();
    assert.deepEqual(lines, [`${sent[2]} 200`, `${sent[3]} 200`]);
  });

  test('log groups are JSON Lines under <dataDir>/logs/<account>/<region>/', async () => {
    const restApiId = await api(accessLog('$context.requestId', 'file/logs'));
    const res = await call(restApiId);
    await events('file/logs'); // reading a group writes what is queued first
    const file = join(server.g.dataDir, 'logs', ACCOUNT, 'us-east-1', `${encodeURIComponent('file/logs')}.jsonl`);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    assert.equal(lines.length, 1);
    const event = JSON.parse(lines[0]) as LogEvent;
    assert.deepEqual(Object.keys(event).sort(), ['logStream', 'message', 'timestamp']);
    assert.equal(event.message, ids(res).requestId);
    const list = await http(server.g.url, { path: '/_gatehouse/logs' });
    assert.ok((list.json() as { logGroups: string[] }).logGroups.includes('file/logs'));
  });

  test('a stage without access log settings logs nothing; an unknown group is 404, a bad name 400', async () => {
    const restApiId = await api([]);
    assert.equal((await call(restApiId)).status, 200);
    const res = await http(server.g.url, { path: `/_gatehouse/logs/${encodeURIComponent(`API-Gateway-Execution-Logs_${restApiId}/prod`)}` });
    assert.equal(res.status, 404);
    assert.deepEqual(res.json(), { message: 'The specified log group does not exist.' });
    const bad = await http(server.g.url, { path: '/_gatehouse/logs/bad%20name' });
    assert.equal(bad.status, 400);
    const badTail = await http(server.g.url, { path: '/_gatehouse/logs/x?tail=many' });
    assert.equal(badTail.status, 400);
  });

  test('execution logs at INFO say what AWS says, with request data only when dataTrace is on', async () => {
    const restApiId = await api([{ op: 'replace', path: '/*/*/logging/loglevel', value: 'INFO' }]);
    const res = await call(restApiId);
    const { requestId, extendedRequestId } = ids(res);
    const group = `API-Gateway-Execution-Logs_${restApiId}/prod`;
    const messages = (await events(group)).map((e) => e.message);
    assert.deepEqual(messages, [
      `(${requestId}) Extended Request Id: ${extendedRequestId}`,
      `(${requestId}) Starting execution for request: ${requestId}`,
      `(${requestId}) HTTP Method: GET, Resource Path: /pets`,
      `(${requestId}) Method request path: {}`,
      `(${requestId}) Method request query string: {}`,
      `(${requestId}) Successfully completed execution`,
      `(${requestId}) Method completed with status: 200`,
    ]);

    await server.client.send(new UpdateStageCommand({ restApiId, stageName: 'prod', patchOperations: [{ op: 'replace', path: '/*/*/logging/dataTrace', value: 'true' }] }));
    const traced = ids(await call(restApiId)).requestId;
    const tracedMessages = (await events(group)).map((e) => e.message).filter((m) => m.startsWith(`(${traced})`));
    assert.ok(tracedMessages.some((m) => m.startsWith(`(${traced}) Method request headers: {`) && m.includes('user-agent=access-log-test/1.0')), tracedMessages.join('\n'));
    assert.ok(tracedMessages.includes(`(${traced}) Method response body after transformations: {"pets": ["rex"]}`), tracedMessages.join('\n'));
  });

  test('execution logs at ERROR log failed requests only', async () => {
    const restApiId = await api([{ op: 'replace', path: '/*/*/logging/loglevel', value: 'ERROR' }]);
    assert.equal((await call(restApiId)).status, 200);
    // A MOCK whose template is not JSON fails the request: a configuration error.
    const group = `API-Gateway-Execution-Logs_${restApiId}/prod`;
    const none = await http(server.g.url, { path: `/_gatehouse/logs/${encodeURIComponent(group)}` });
    assert.equal(none.status, 404, 'nothing logged for a success');
    const missing = await call(restApiId, '/prod/nothing');
    assert.equal(missing.status, 403);
    const messages = (await events(group)).map((e) => e.message);
    const { requestId } = ids(missing);
    assert.deepEqual(messages, [`(${requestId}) Execution failed: Missing Authentication Token`, `(${requestId}) Method completed with status: 403`]);
  });
});

describe('log groups', () => {
  const scope = { account: ACCOUNT, region: 'eu-west-1' };
  const event = (i: number) => ({ timestamp: i, message: `line ${i}`, logStream: 's' });

  test('a file past its size is rotated once, and tail reads across the rotation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-logs-'));
    try {
      // 3 events in memory, files of about 4 events each.
      const groups = new LogGroups({ dir, maxFileBytes: 4 * 50, memoryEvents: 3 });
      for (let i = 0; i < 10; i++) {
        groups.put(scope, 'g', event(i));
        await groups.flush();
      }
      const base = join(dir, ACCOUNT, 'eu-west-1', 'g');
      const current = readFileSync(`${base}.jsonl`, 'utf8').trim().split('\n');
      const rotated = readFileSync(`${base}.1.jsonl`, 'utf8').trim().split('\n');
      assert.ok(current.length <= 4 && rotated.length <= 4, `${current.length} + ${rotated.length}`);
      assert.equal(JSON.parse(current[current.length - 1]).message, 'line 9');
      const all = current.length + rotated.length;
      assert.deepEqual((await groups.tail(scope, 'g', 3))?.map((e) => e.message), ['line 7', 'line 8', 'line 9']);
      assert.deepEqual((await groups.tail(scope, 'g', 100))?.map((e) => e.message), Array.from({ length: all }, (_, i) => `line ${10 - all + i}`));
      await groups.close();
      // A new process reads what the old one wrote.
      const again = new LogGroups({ dir });
      assert.deepEqual((await again.tail(scope, 'g', 2))?.map((e) => e.message), ['line 8', 'line 9']);
      assert.deepEqual(await again.names(scope), ['g']);
      assert.equal(await again.tail(scope, 'other', 2), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('in memory, a group keeps its latest events only', async () => {
    const groups = new LogGroups({ memoryEvents: 2 });
    for (let i = 0; i < 5; i++) groups.put(scope, 'm', event(i));
    assert.deepEqual((await groups.tail(scope, 'm', 10))?.map((e) => e.message), ['line 3', 'line 4']);
  });

  test('destination ARNs: a log group (with or without :*), not a Firehose stream', () => {
    assert.deepEqual(logGroupOf('arn:aws:logs:eu-west-1:123456789012:log-group:my-group:*'), { scope: { region: 'eu-west-1', account: '123456789012' }, name: 'my-group' });
    assert.deepEqual(logGroupOf('arn:aws:logs:us-east-1:123456789012:log-group:/aws/apigw/access'), { scope: { region: 'us-east-1', account: '123456789012' }, name: '/aws/apigw/access' });
    assert.equal(logGroupOf('arn:aws:firehose:us-east-1:123456789012:deliverystream/amazon-apigateway-x'), undefined);
    assert.equal(logGroupOf(undefined), undefined);
  });
});

describe('access log format', () => {
  /** A context as the pipeline leaves it after a Lambda-authorized request (built by hand). */
  function context(): InvocationContext {
    return {
      requestId: '6f1c2c1e-3b0a-4c55-9a7e-0d1b2c3d4e5f',
      extendedRequestId: 'ext-1=',
      requestTimeEpoch: Date.UTC(2026, 10, 21, 5, 55, 0),
      target: { apiId: 'abc123', stageName: 'prod' },
      request: {
        httpMethod: 'POST',
        path: '/pets',
        rawPath: '/pets',
        rawQuery: '',
        query: new URLSearchParams(),
        headers: { host: 'abc123.execute-api.localhost:4566' },
        rawHeaders: [],
        body: Buffer.from('{}'),
        sourceIp: '10.1.2.3',
        host: 'abc123.execute-api.localhost:4566',
        protocol: 'HTTP/1.1',
      },
      authorizer: { principalId: 'user-7', context: { tier: 'gold' } },
      response: { statusCode: 201, headers: {}, body: Buffer.from('created') },
      integrationLatency: 12.4,
    } as InvocationContext;
  }

  test('variables end at any character that is not a name; unknown ones and nulls are "-"', () => {
    const ctx = context();
    const f = compileAccessLogFormat('$context.requestId-$context.status. $context.requestTime $context.nosuch.thing $context.identity.caller $context.integrationLatency $context.responseLength $context.domainPrefix\n');
    assert.equal(renderAccessLog(f, ctx, { responseLatency: 20, tracingEnabled: false }), '6f1c2c1e-3b0a-4c55-9a7e-0d1b2c3d4e5f-201. 21/Nov/2026:05:55:00 +0000 - - 12 7 abc123\n');
  });

  test('the authorizer\'s principal and context, and the X-Ray trace id only with tracing on', () => {
    const ctx = context();
    // What the authorize stage leaves in $context (handlers/authorize.ts).
    contextVariables(ctx).authorizer = { principalId: 'user-7', tier: 'gold' };
    const f = compileAccessLogFormat('$context.authorizer.principalId $context.authorizer.tier $context.authorizer.status $context.xrayTraceId');
    const vars = { responseLatency: 20, tracingEnabled: false };
    const rendered = () => renderAccessLog(f, ctx, vars);
    assert.equal(rendered(), 'user-7 gold 200 -');
    assert.match(renderAccessLog(f, ctx, { ...vars, tracingEnabled: true }), /^user-7 gold 200 1-[0-9a-f]{8}-[0-9a-f]{24}$/);
  });
});
