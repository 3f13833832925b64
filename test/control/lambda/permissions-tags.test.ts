/**
 * The resource policy (the permission Terraform's aws_lambda_permission creates for API Gateway),
 * reserved concurrency and tags.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddPermissionCommand,
  CreateFunctionCommand,
  DeleteFunctionConcurrencyCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  GetPolicyCommand,
  ListTagsCommand,
  PutFunctionConcurrencyCommand,
  RemovePermissionCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-lambda';
import { useGatehouse } from '../../helpers/gatehouse.js';
import { createInput, errorOf, lambdaClient } from './helpers.js';

const server = useGatehouse({ inMemory: true });
const lambda = lambdaClient(server);
const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:api-handler';
const SOURCE_ARN = 'arn:aws:execute-api:us-east-1:000000000000:abc123/*/*';

describe('permissions', () => {
  before(() => lambda().send(new CreateFunctionCommand(createInput('api-handler', { Tags: { env: 'dev' } }))));

  test('the API Gateway invoke permission is stored and shown as AWS shows it', async () => {
    const added = await lambda().send(new AddPermissionCommand({
      FunctionName: 'api-handler',
      StatementId: 'AllowExecutionFromAPIGateway',
      Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com',
      SourceArn: SOURCE_ARN,
    }));
    const statement = {
      Sid: 'AllowExecutionFromAPIGateway',
      Effect: 'Allow',
      Principal: { Service: 'apigateway.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: ARN,
      Condition: { ArnLike: { 'AWS:SourceArn': SOURCE_ARN } },
    };
    assert.deepEqual(JSON.parse(added.Statement!), statement);
    const policy = await lambda().send(new GetPolicyCommand({ FunctionName: 'api-handler' }));
    assert.deepEqual(JSON.parse(policy.Policy!), { Version: '2012-10-17', Id: 'default', Statement: [statement] });
    assert.ok(policy.RevisionId);
  });

  test('a duplicate StatementId is a ResourceConflictException', async () => {
    const err = await errorOf(lambda().send(new AddPermissionCommand({ FunctionName: 'api-handler', StatementId: 'AllowExecutionFromAPIGateway', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com' })));
    assert.equal(err.name, 'ResourceConflictException');
    assert.equal(err.message, 'The statement id (sid) provided already exists. Please provide a new statement id, or remove the existing statement.');
  });

  test('RemovePermission removes the statement; the empty policy is gone', async () => {
    await lambda().send(new RemovePermissionCommand({ FunctionName: 'api-handler', StatementId: 'AllowExecutionFromAPIGateway' }));
    const err = await errorOf(lambda().send(new GetPolicyCommand({ FunctionName: 'api-handler' })));
    assert.equal(err.name, 'ResourceNotFoundException');
    const again = await errorOf(lambda().send(new RemovePermissionCommand({ FunctionName: 'api-handler', StatementId: 'AllowExecutionFromAPIGateway' })));
    assert.equal(again.name, 'ResourceNotFoundException');
  });
});

describe('concurrency', () => {
  test('reserved concurrency is put, read, shown by GetFunction and deleted', async () => {
    const put = await lambda().send(new PutFunctionConcurrencyCommand({ FunctionName: 'api-handler', ReservedConcurrentExecutions: 10 }));
    assert.equal(put.ReservedConcurrentExecutions, 10);
    assert.equal((await lambda().send(new GetFunctionConcurrencyCommand({ FunctionName: 'api-handler' }))).ReservedConcurrentExecutions, 10);
    assert.deepEqual((await lambda().send(new GetFunctionCommand({ FunctionName: 'api-handler' }))).Concurrency, { ReservedConcurrentExecutions: 10 });
    await lambda().send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'api-handler' }));
    assert.equal((await lambda().send(new GetFunctionConcurrencyCommand({ FunctionName: 'api-handler' }))).ReservedConcurrentExecutions, undefined);
  });

  test('reserving more than leaves 100 unreserved is refused', async () => {
    const err = await errorOf(lambda().send(new PutFunctionConcurrencyCommand({ FunctionName: 'api-handler', ReservedConcurrentExecutions: 950 })));
    assert.equal(err.name, 'InvalidParameterValueException');
  });
});

describe('tags', () => {
  test('TagResource, UntagResource and ListTags by the function ARN', async () => {
    await lambda().send(new TagResourceCommand({ Resource: ARN, Tags: { team: 'payments' } }));
    assert.deepEqual((await lambda().send(new ListTagsCommand({ Resource: ARN }))).Tags, { env: 'dev', team: 'payments' });
    await lambda().send(new UntagResourceCommand({ Resource: ARN, TagKeys: ['env'] }));
    assert.deepEqual((await lambda().send(new ListTagsCommand({ Resource: ARN }))).Tags, { team: 'payments' });
  });

  test('tags of a missing function are a ResourceNotFoundException', async () => {
    const err = await errorOf(lambda().send(new ListTagsCommand({ Resource: 'arn:aws:lambda:us-east-1:000000000000:function:ghost' })));
    assert.equal(err.name, 'ResourceNotFoundException');
  });
});
