/**
 * Hot reload (a Gatehouse extension, LocalStack's convention): Code { S3Bucket: 'hot-reload',
 * S3Key: '/absolute/dir' } runs that directory in place, and an edit to its files is what the
 * next invocation runs. Any other bucket is still refused; a relative or missing path is
 * InvalidParameterValueException.
 * https://docs.localstack.cloud/user-guide/lambda-tools/hot-reloading/
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import {
  CreateFunctionCommand,
  GetFunctionCommand,
  InvokeCommand,
  PublishVersionCommand,
  UpdateFunctionCodeCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { useGatehouse } from '../../helpers/gatehouse.js';
import { deployApi } from '../../helpers/deployed-api.js';
import { writeCode, removeCode } from '../../functions/code.js';
import { createInput, errorOf, lambdaClient, pythonZip } from './helpers.js';

const server = useGatehouse();
const lambda = lambdaClient(server);
after(removeCode);

const nodeHandler = (answer: string) => `export const handler = async () => (${JSON.stringify(answer)});\n`;

async function invoke(client: LambdaClient, name: string, qualifier?: string): Promise<unknown> {
  const out = await client.send(new InvokeCommand({ FunctionName: name, Qualifier: qualifier }));
  assert.equal(out.FunctionError, undefined, Buffer.from(out.Payload ?? []).toString());
  return JSON.parse(Buffer.from(out.Payload!).toString('utf8'));
}

const hotReload = (dir: string) => ({ S3Bucket: 'hot-reload', S3Key: dir });

describe('hot reload from a local directory', () => {
  test('create from a directory, invoke, edit the handler, invoke again: the new answer', async () => {
    const dir = await writeCode({ 'index.mjs': nodeHandler('first') });
    await lambda().send(new CreateFunctionCommand(createInput('hot-node', { Runtime: 'nodejs20.x', Handler: 'index.handler', Code: hotReload(dir) })));
    assert.equal(await invoke(lambda(), 'hot-node'), 'first');
    // Warm now; the edit retires that environment.
    await writeFile(join(dir, 'index.mjs'), nodeHandler('second'));
    assert.equal(await invoke(lambda(), 'hot-node'), 'second');
    // A module the handler imports, in a subdirectory, counts too.
    await mkdir(join(dir, 'lib'), { recursive: true });
    await writeFile(join(dir, 'lib', 'answer.mjs'), `export const answer = 'from lib';\n`);
    await writeFile(join(dir, 'index.mjs'), `import { answer } from './lib/answer.mjs';\nexport const handler = async () => answer;\n`);
    assert.equal(await invoke(lambda(), 'hot-node'), 'from lib');
    await writeFile(join(dir, 'lib', 'answer.mjs'), `export const answer = 'lib edited';\n`);
    assert.equal(await invoke(lambda(), 'hot-node'), 'lib edited');
  });

  test('a Python handler: edits take effect too (its own __pycache__ is no edit)', async () => {
    const dir = await writeCode({ 'app.py': 'def lambda_handler(event, context):\n    return "one"\n' });
    await lambda().send(new CreateFunctionCommand(createInput('hot-python', { Code: hotReload(dir) })));
    assert.equal(await invoke(lambda(), 'hot-python'), 'one');
    assert.equal(await invoke(lambda(), 'hot-python'), 'one');
    await writeFile(join(dir, 'app.py'), 'def lambda_handler(event, context):\n    return "two"\n');
    assert.equal(await invoke(lambda(), 'hot-python'), 'two');
  });

  test("through an AWS_PROXY integration: the API's next request runs the edited code", async () => {
    const dir = await writeCode({ 'index.mjs': `export const handler = async () => ({ statusCode: 200, body: 'v1' });\n` });
    await lambda().send(new CreateFunctionCommand(createInput('hot-api', { Runtime: 'nodejs20.x', Handler: 'index.handler', Code: hotReload(dir) })));
    const api = await deployApi(server, {
      methods: [
        {
          path: '/hot',
          httpMethod: 'GET',
          integration: { type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:hot-api/invocations' },
          responses: [],
        },
      ],
    });
    assert.equal((await api.call('/hot')).text, 'v1');
    await writeFile(join(dir, 'index.mjs'), `export const handler = async () => ({ statusCode: 200, body: 'v2' });\n`);
    assert.equal((await api.call('/hot')).text, 'v2');
  });

  test("GetFunction answers as LocalStack does: the path as Code.Location, the path's hash, size 0", async () => {
    const dir = await writeCode({ 'index.mjs': nodeHandler('x') });
    const created = await lambda().send(new CreateFunctionCommand(createInput('hot-get', { Runtime: 'nodejs20.x', Handler: 'index.handler', Code: hotReload(dir) })));
    assert.equal(created.CodeSha256, createHash('sha256').update(dir).digest('base64'));
    assert.equal(created.CodeSize, 0);
    const got = await lambda().send(new GetFunctionCommand({ FunctionName: 'hot-get' }));
    assert.deepEqual(got.Code, { RepositoryType: 'S3', Location: `Code location: ${dir}` });
    assert.equal(got.Configuration?.CodeSha256, created.CodeSha256);
  });

  test('UpdateFunctionCode moves a zip function to a directory and back; a published version keeps running the directory', async () => {
    await lambda().send(new CreateFunctionCommand(createInput('hot-update', { Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: zipOf(nodeHandler('zipped')) } })));
    assert.equal(await invoke(lambda(), 'hot-update'), 'zipped');
    const dir = await writeCode({ 'index.mjs': nodeHandler('from dir') });
    await lambda().send(new UpdateFunctionCodeCommand({ FunctionName: 'hot-update', ...hotReload(dir) }));
    assert.equal(await invoke(lambda(), 'hot-update'), 'from dir');
    const v1 = await lambda().send(new PublishVersionCommand({ FunctionName: 'hot-update' }));
    await writeFile(join(dir, 'index.mjs'), nodeHandler('edited'));
    assert.equal(await invoke(lambda(), 'hot-update', v1.Version), 'edited');
    await lambda().send(new UpdateFunctionCodeCommand({ FunctionName: 'hot-update', ZipFile: zipOf(nodeHandler('zipped again')) }));
    assert.equal(await invoke(lambda(), 'hot-update'), 'zipped again');
  });

  test('a relative path, a missing path, a file, no S3Key: InvalidParameterValueException, nothing created', async () => {
    const dir = await writeCode({ 'index.mjs': nodeHandler('x') });
    const cases: [Record<string, string>, RegExp][] = [
      [{ S3Bucket: 'hot-reload', S3Key: 'relative/dir' }, /'relative\/dir' is a relative path/],
      [{ S3Bucket: 'hot-reload', S3Key: join(dir, 'missing') }, /does not exist/],
      [{ S3Bucket: 'hot-reload', S3Key: join(dir, 'index.mjs') }, /is not a directory/],
      [{ S3Bucket: 'hot-reload' }, /none was given/],
    ];
    for (const [code, message] of cases) {
      const err = await errorOf(lambda().send(new CreateFunctionCommand(createInput('hot-bad', { Runtime: 'nodejs20.x', Handler: 'index.handler', Code: code }))));
      assert.equal(err.name, 'InvalidParameterValueException');
      assert.equal(err.$metadata.httpStatusCode, 400);
      assert.match(err.message, message);
    }
    const missing = await errorOf(lambda().send(new GetFunctionCommand({ FunctionName: 'hot-bad' })));
    assert.equal(missing.name, 'ResourceNotFoundException');
  });

  test('any other bucket is still refused, as before', async () => {
    const err = await errorOf(lambda().send(new CreateFunctionCommand(createInput('s3-code', { Code: { S3Bucket: 'my-bucket', S3Key: 'code.zip' } }))));
    assert.equal(err.name, 'InvalidParameterValueException');
    assert.match(err.message, /does not support code from Amazon S3/);
  });

  test('ZipFile and the hot-reload bucket together are refused', async () => {
    const dir = await writeCode({ 'app.py': 'x = 1\n' });
    const err = await errorOf(lambda().send(new CreateFunctionCommand(createInput('both-sources', { Code: { ZipFile: pythonZip(), S3Bucket: 'hot-reload', S3Key: dir } }))));
    assert.equal(err.name, 'InvalidParameterValueException');
    assert.match(err.message, /only one source/);
  });
});

function zipOf(source: string): Uint8Array {
  return zipSync({ 'index.mjs': strToU8(source) });
}
