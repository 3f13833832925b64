/**
 * Versions and aliases: publishing, listing, addressing by qualifier, and what deleting a version
 * an alias still points to answers.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  DeleteAliasCommand,
  DeleteFunctionCommand,
  GetAliasCommand,
  GetFunctionConfigurationCommand,
  ListAliasesCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import { useGatehouse } from '../../helpers/gatehouse.js';
import { createInput, errorOf, lambdaClient, pythonZip } from './helpers.js';

const server = useGatehouse({ inMemory: true });
const lambda = lambdaClient(server);
const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:orders';

describe('versions', () => {
  test('CreateFunction with Publish answers version 1', async () => {
    const fn = await lambda().send(new CreateFunctionCommand(createInput('orders', { Publish: true })));
    assert.equal(fn.Version, '1');
    assert.equal(fn.FunctionArn, `${ARN}:1`);
  });

  test('publishing an unchanged $LATEST answers the same version; new code makes a new one', async () => {
    const again = await lambda().send(new PublishVersionCommand({ FunctionName: 'orders' }));
    assert.equal(again.Version, '1');
    await lambda().send(new UpdateFunctionCodeCommand({ FunctionName: 'orders', ZipFile: pythonZip('def lambda_handler(e, c):\n    return 2\n') }));
    const v2 = await lambda().send(new PublishVersionCommand({ FunctionName: 'orders', Description: 'second' }));
    assert.equal(v2.Version, '2');
    assert.equal(v2.Description, 'second');
  });

  test('ListVersionsByFunction lists $LATEST then the versions', async () => {
    const out = await lambda().send(new ListVersionsByFunctionCommand({ FunctionName: 'orders' }));
    assert.deepEqual(out.Versions?.map((v) => v.Version), ['$LATEST', '1', '2']);
  });

  test('a version is addressed by Qualifier or by a qualified ARN', async () => {
    const v1 = await lambda().send(new GetFunctionConfigurationCommand({ FunctionName: 'orders', Qualifier: '1' }));
    const v2 = await lambda().send(new GetFunctionConfigurationCommand({ FunctionName: `${ARN}:2` }));
    assert.notEqual(v1.CodeSha256, v2.CodeSha256);
    const missing = await errorOf(lambda().send(new GetFunctionConfigurationCommand({ FunctionName: 'orders', Qualifier: '9' })));
    assert.equal(missing.name, 'ResourceNotFoundException');
    assert.equal(missing.message, `Function not found: ${ARN}:9`);
  });
});

describe('aliases', () => {
  test('CreateAlias, GetAlias and the function through the alias', async () => {
    const alias = await lambda().send(new CreateAliasCommand({ FunctionName: 'orders', Name: 'live', FunctionVersion: '1' }));
    assert.equal(alias.AliasArn, `${ARN}:live`);
    assert.equal((await lambda().send(new GetAliasCommand({ FunctionName: 'orders', Name: 'live' }))).FunctionVersion, '1');
    const fn = await lambda().send(new GetFunctionConfigurationCommand({ FunctionName: 'orders:live' }));
    assert.equal(fn.Version, '1');
    assert.equal(fn.FunctionArn, `${ARN}:live`);
    const dup = await errorOf(lambda().send(new CreateAliasCommand({ FunctionName: 'orders', Name: 'live', FunctionVersion: '1' })));
    assert.equal(dup.name, 'ResourceConflictException');
  });

  test('UpdateAlias moves it and adds routing weights; ListAliases shows it', async () => {
    const moved = await lambda().send(new UpdateAliasCommand({ FunctionName: 'orders', Name: 'live', FunctionVersion: '2', RoutingConfig: { AdditionalVersionWeights: { '1': 0.1 } } }));
    assert.equal(moved.FunctionVersion, '2');
    const list = await lambda().send(new ListAliasesCommand({ FunctionName: 'orders' }));
    assert.deepEqual(list.Aliases?.map((a) => [a.Name, a.FunctionVersion]), [['live', '2']]);
    assert.deepEqual(list.Aliases?.[0].RoutingConfig, { AdditionalVersionWeights: { '1': 0.1 } });
  });

  test('an alias to a version that does not exist is refused', async () => {
    const err = await errorOf(lambda().send(new CreateAliasCommand({ FunctionName: 'orders', Name: 'beta', FunctionVersion: '7' })));
    assert.equal(err.name, 'ResourceNotFoundException');
  });

  test('a version an alias references cannot be deleted; once the alias is gone it can', async () => {
    const err = await errorOf(lambda().send(new DeleteFunctionCommand({ FunctionName: 'orders', Qualifier: '2' })));
    assert.equal(err.name, 'ResourceConflictException');
    await lambda().send(new DeleteAliasCommand({ FunctionName: 'orders', Name: 'live' }));
    await lambda().send(new DeleteFunctionCommand({ FunctionName: 'orders', Qualifier: '2' }));
    const versions = await lambda().send(new ListVersionsByFunctionCommand({ FunctionName: 'orders' }));
    assert.deepEqual(versions.Versions?.map((v) => v.Version), ['$LATEST', '1']);
    const latest = await errorOf(lambda().send(new DeleteFunctionCommand({ FunctionName: 'orders', Qualifier: '$LATEST' })));
    assert.equal(latest.name, 'InvalidParameterValueException');
  });
});
