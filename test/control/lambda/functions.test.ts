/**
 * Creating, reading, listing, updating and deleting functions through the genuine Lambda SDK.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  ListFunctionsCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { useGatehouse } from '../../helpers/gatehouse.js';
import { createInput, errorOf, lambdaClient, pythonZip, ROLE } from './helpers.js';

const server = useGatehouse({ inMemory: true });
const lambda = lambdaClient(server);
const ARN = 'arn:aws:lambda:us-east-1:000000000000:function';

describe('CreateFunction', () => {
  test('answers the FunctionConfiguration AWS answers', async () => {
    const zip = pythonZip();
    const fn = await lambda().send(new CreateFunctionCommand(createInput('hello', { Code: { ZipFile: zip }, Environment: { Variables: { STAGE: 'dev' } }, Tags: { team: 'a' } })));
    assert.equal(fn.FunctionName, 'hello');
    assert.equal(fn.FunctionArn, `${ARN}:hello`);
    assert.equal(fn.CodeSha256, createHash('sha256').update(zip).digest('base64'));
    assert.equal(fn.CodeSize, zip.byteLength);
    assert.match(fn.LastModified!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    assert.equal(fn.Timeout, 3);
    assert.equal(fn.MemorySize, 128);
    assert.equal(fn.State, 'Active');
    assert.equal(fn.LastUpdateStatus, 'Successful');
    assert.equal(fn.Version, '$LATEST');
    assert.equal(fn.PackageType, 'Zip');
    assert.deepEqual(fn.Architectures, ['x86_64']);
    assert.deepEqual(fn.EphemeralStorage, { Size: 512 });
    assert.deepEqual(fn.TracingConfig, { Mode: 'PassThrough' });
    assert.deepEqual(fn.Environment, { Variables: { STAGE: 'dev' } });
    assert.match(fn.RevisionId!, /^[0-9a-f-]{36}$/);
  });

  test('a second function of the same name is a ResourceConflictException', async () => {
    const err = await errorOf(lambda().send(new CreateFunctionCommand(createInput('hello'))));
    assert.equal(err.name, 'ResourceConflictException');
    assert.equal(err.message, 'Function already exist: hello');
    assert.equal(err.$metadata.httpStatusCode, 409);
  });

  test('a package that is not a zip is refused as AWS refuses it', async () => {
    const err = await errorOf(lambda().send(new CreateFunctionCommand(createInput('badzip', { Code: { ZipFile: Buffer.from('not a zip') } }))));
    assert.equal(err.name, 'InvalidParameterValueException');
    assert.equal(err.message, 'Could not unzip uploaded file. Please check your file, then try to upload again.');
    assert.equal(err.Type, 'User');
  });

  test('a runtime Gatehouse cannot run is refused; so is code from S3', async () => {
    const java = await errorOf(lambda().send(new CreateFunctionCommand(createInput('javafn', { Runtime: 'java21' }))));
    assert.equal(java.name, 'InvalidParameterValueException');
    assert.match(java.message, /java21/);
    const old = await errorOf(lambda().send(new CreateFunctionCommand(createInput('oldfn', { Runtime: 'python2.7' }))));
    assert.match(old.message, /The runtime parameter of python2.7 is no longer supported/);
    const s3 = await errorOf(lambda().send(new CreateFunctionCommand(createInput('s3fn', { Code: { S3Bucket: 'b', S3Key: 'k.zip' } }))));
    assert.equal(s3.name, 'InvalidParameterValueException');
    assert.match(s3.message, /S3Bucket/);
  });

  test('a Role that is not an IAM role ARN is refused', async () => {
    const err = await errorOf(lambda().send(new CreateFunctionCommand(createInput('norole', { Role: 'lambda-exec' }))));
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.match(err.message, /role/i);
  });

  test('accepts nodejs and provided runtimes', async () => {
    const node = await lambda().send(new CreateFunctionCommand(createInput('nodefn', { Runtime: 'nodejs20.x', Handler: 'index.handler' })));
    assert.equal(node.Runtime, 'nodejs20.x');
    const custom = await lambda().send(new CreateFunctionCommand(createInput('customfn', { Runtime: 'provided.al2023', Handler: 'bootstrap' })));
    assert.equal(custom.Runtime, 'provided.al2023');
  });
});

describe('reading functions', () => {
  test('GetFunction answers the configuration, tags and a Code.Location that downloads the zip', async () => {
    const out = await lambda().send(new GetFunctionCommand({ FunctionName: 'hello' }));
    assert.equal(out.Configuration?.FunctionName, 'hello');
    assert.deepEqual(out.Tags, { team: 'a' });
    assert.equal(out.Code?.RepositoryType, 'S3');
    const res = await fetch(out.Code!.Location!);
    assert.equal(res.status, 200);
    const body = Buffer.from(await res.arrayBuffer());
    assert.equal(createHash('sha256').update(body).digest('base64'), out.Configuration?.CodeSha256);
  });

  test('a function is found by name, partial ARN and full ARN', async () => {
    for (const FunctionName of ['hello', '000000000000:function:hello', `${ARN}:hello`, `${ARN}:hello:$LATEST`]) {
      const fn = await lambda().send(new GetFunctionConfigurationCommand({ FunctionName }));
      assert.equal(fn.FunctionName, 'hello', FunctionName);
    }
  });

  test('a missing function is a ResourceNotFoundException naming its ARN', async () => {
    const err = await errorOf(lambda().send(new GetFunctionCommand({ FunctionName: 'nope' })));
    assert.equal(err.name, 'ResourceNotFoundException');
    assert.equal(err.message, `Function not found: ${ARN}:nope`);
    assert.equal(err.$metadata.httpStatusCode, 404);
    assert.equal(err.Type, 'User');
  });

  test('ListFunctions pages with Marker and MaxItems', async () => {
    const first = await lambda().send(new ListFunctionsCommand({ MaxItems: 2 }));
    assert.equal(first.Functions?.length, 2);
    assert.ok(first.NextMarker);
    const rest = await lambda().send(new ListFunctionsCommand({ Marker: first.NextMarker }));
    const names = [...first.Functions!, ...rest.Functions!].map((f) => f.FunctionName);
    assert.deepEqual(names, ['hello', 'nodefn', 'customfn']);
    assert.equal(rest.NextMarker, undefined);
  });
});

describe('updating and deleting', () => {
  test('UpdateFunctionConfiguration changes what it names and keeps the rest', async () => {
    const before = await lambda().send(new GetFunctionConfigurationCommand({ FunctionName: 'hello' }));
    const fn = await lambda().send(new UpdateFunctionConfigurationCommand({ FunctionName: 'hello', Timeout: 30, MemorySize: 256, Environment: { Variables: { STAGE: 'prod' } }, Description: 'v2', Role: ROLE }));
    assert.equal(fn.Timeout, 30);
    assert.equal(fn.MemorySize, 256);
    assert.equal(fn.Description, 'v2');
    assert.deepEqual(fn.Environment, { Variables: { STAGE: 'prod' } });
    assert.equal(fn.Handler, before.Handler);
    assert.notEqual(fn.RevisionId, before.RevisionId);
  });

  test('a Timeout over 900 seconds is refused', async () => {
    const err = await errorOf(lambda().send(new UpdateFunctionConfigurationCommand({ FunctionName: 'hello', Timeout: 901 })));
    assert.equal(err.name, 'InvalidParameterValueException');
  });

  test('UpdateFunctionCode replaces the package; a bad zip changes nothing', async () => {
    const zip = pythonZip('def lambda_handler(event, context):\n    return 2\n');
    const fn = await lambda().send(new UpdateFunctionCodeCommand({ FunctionName: 'hello', ZipFile: zip }));
    assert.equal(fn.CodeSha256, createHash('sha256').update(zip).digest('base64'));
    const err = await errorOf(lambda().send(new UpdateFunctionCodeCommand({ FunctionName: 'hello', ZipFile: Buffer.from('nope') })));
    assert.equal(err.name, 'InvalidParameterValueException');
    const after = await lambda().send(new GetFunctionConfigurationCommand({ FunctionName: 'hello' }));
    assert.equal(after.CodeSha256, fn.CodeSha256);
  });

  test('Invoke runs the updated package (test/control/lambda/invoke.test.ts covers Invoke)', async () => {
    const out = await lambda().send(new InvokeCommand({ FunctionName: 'hello' }));
    assert.equal(out.StatusCode, 200);
    assert.equal(Buffer.from(out.Payload ?? []).toString('utf8'), '2');
  });

  test('DeleteFunction removes the function and its code', async () => {
    const { Code } = await lambda().send(new GetFunctionCommand({ FunctionName: 'customfn' }));
    const deleted = await lambda().send(new DeleteFunctionCommand({ FunctionName: `${ARN}:customfn` }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    const err = await errorOf(lambda().send(new GetFunctionCommand({ FunctionName: 'customfn' })));
    assert.equal(err.name, 'ResourceNotFoundException');
    assert.equal((await fetch(Code!.Location!)).status, 404);
  });
});
