/**
 * GET /_gatehouse/functions/{name}/logs: a function's recent log as plain text, what its
 * environments printed with the START/END/REPORT lines Invoke's LogType Tail shows; by name in
 * the default account and region, in another with ?account=&region=, or by full ARN. An unknown
 * function is 404 with a JSON message.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { strToU8, zipSync } from 'fflate';
import { CreateFunctionCommand, InvokeCommand, LambdaClient, PublishVersionCommand } from '@aws-sdk/client-lambda';
import { useGatehouse } from '../helpers/gatehouse.js';
import { http } from '../helpers/http.js';
import { createInput, lambdaClient } from '../control/lambda/helpers.js';

const server = useGatehouse();
const lambda = lambdaClient(server);

const printing = (line: string) => `export const handler = async (event) => { console.log(${JSON.stringify(line)}, event.n); return 'ok'; };\n`;

async function createPrinting(client: LambdaClient, name: string, line: string): Promise<void> {
  const zip = zipSync({ 'index.mjs': strToU8(printing(line)) });
  await client.send(new CreateFunctionCommand(createInput(name, { Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: zip } })));
}

const logs = (path: string) => http(server.g.url, { path });

describe('/_gatehouse/functions/{name}/logs', () => {
  test("what the function printed, with the START/END/REPORT lines of each invocation, as LogType Tail shows them", async () => {
    await createPrinting(lambda(), 'chatty', 'hello from chatty');
    const first = await lambda().send(new InvokeCommand({ FunctionName: 'chatty', Payload: Buffer.from('{"n":1}'), LogType: 'Tail' }));
    await lambda().send(new InvokeCommand({ FunctionName: 'chatty', Payload: Buffer.from('{"n":2}') }));
    const res = await logs('/_gatehouse/functions/chatty/logs');
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain/);
    const text = res.text;
    assert.match(text, /hello from chatty 1\n/);
    assert.match(text, /hello from chatty 2\n/);
    assert.equal(text.match(/^START RequestId: [0-9a-f-]{36} Version: \$LATEST$/gm)?.length, 2);
    assert.equal(text.match(/^END RequestId: /gm)?.length, 2);
    assert.equal(text.match(/^REPORT RequestId: .*\tDuration: /gm)?.length, 2);
    // The first invocation's Tail is a piece of the same log.
    const tail = Buffer.from(first.LogResult!, 'base64').toString('utf8');
    assert.match(tail, /hello from chatty 1/);
    assert.ok(text.includes(tail.slice(tail.indexOf('START'))), 'the Tail appears in the log as it is');
  });

  test('a published version logs under its own number, after $LATEST', async () => {
    await createPrinting(lambda(), 'versioned', 'versioned says');
    const v1 = await lambda().send(new PublishVersionCommand({ FunctionName: 'versioned' }));
    await lambda().send(new InvokeCommand({ FunctionName: 'versioned', Qualifier: v1.Version, Payload: Buffer.from('{"n":"v1"}') }));
    await lambda().send(new InvokeCommand({ FunctionName: 'versioned', Payload: Buffer.from('{"n":"latest"}') }));
    const text = (await logs('/_gatehouse/functions/versioned/logs')).text;
    const latest = text.indexOf('Version: $LATEST');
    const one = text.indexOf('Version: 1');
    assert.ok(latest >= 0 && one > latest, text);
    assert.match(text, /versioned says latest/);
    assert.match(text, /versioned says v1/);
  });

  test('a function that never ran has an empty log', async () => {
    await createPrinting(lambda(), 'quiet', 'never');
    const res = await logs('/_gatehouse/functions/quiet/logs');
    assert.equal(res.status, 200);
    assert.equal(res.text, '');
  });

  test('another account and region: ?account=&region=, or the full ARN', async () => {
    const other = new LambdaClient({ ...server.g.clientConfig({ region: 'eu-west-1', accessKeyId: '123456789012' }), maxAttempts: 1 });
    try {
      await createPrinting(other, 'elsewhere', 'from eu-west-1');
      await other.send(new InvokeCommand({ FunctionName: 'elsewhere', Payload: Buffer.from('{"n":7}') }));
    } finally {
      other.destroy();
    }
    const byQuery = await logs('/_gatehouse/functions/elsewhere/logs?account=123456789012&region=eu-west-1');
    assert.equal(byQuery.status, 200);
    assert.match(byQuery.text, /from eu-west-1 7/);
    const arn = 'arn:aws:lambda:eu-west-1:123456789012:function:elsewhere';
    const byArn = await logs(`/_gatehouse/functions/${encodeURIComponent(arn)}/logs`);
    assert.equal(byArn.text, byQuery.text);
    const byRawArn = await logs(`/_gatehouse/functions/${arn}/logs`);
    assert.equal(byRawArn.text, byQuery.text);
    // Not in the default account and region.
    const missing = await logs('/_gatehouse/functions/elsewhere/logs');
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.json(), { message: 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:elsewhere' });
  });

  test('an unknown function: 404 with a JSON message; a bad account or a qualified ARN: 400', async () => {
    const res = await logs('/_gatehouse/functions/no-such-function/logs');
    assert.equal(res.status, 404);
    assert.match(String(res.headers['content-type']), /application\/json/);
    assert.deepEqual(res.json(), { message: 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:no-such-function' });
    const badAccount = await logs('/_gatehouse/functions/chatty/logs?account=42');
    assert.equal(badAccount.status, 400);
    assert.match(badAccount.json<{ message: string }>().message, /Invalid account '42'/);
    const qualified = await logs('/_gatehouse/functions/arn:aws:lambda:us-east-1:000000000000:function:chatty:1/logs');
    assert.equal(qualified.status, 400);
    assert.match(qualified.json<{ message: string }>().message, /unqualified function/);
  });
});
