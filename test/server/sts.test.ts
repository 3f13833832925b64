/**
 * STS GetCallerIdentity: the first call Terraform's AWS provider and `aws sts get-caller-identity`
 * make. The account is the one the access key maps to, as for every other service.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { startTestGatehouse, type TestGatehouse } from '../helpers/gatehouse.js';

describe('STS', () => {
  let g: TestGatehouse;
  before(async () => {
    g = await startTestGatehouse({ inMemory: true });
  });
  after(() => g.stop());

  const sts = (accessKeyId: string) => new STSClient({ ...g.clientConfig({ accessKeyId }), maxAttempts: 1 });

  test('GetCallerIdentity names the account the access key maps to', async () => {
    const me = await sts('123456789012').send(new GetCallerIdentityCommand({}));
    assert.equal(me.Account, '123456789012');
    assert.equal(me.Arn, 'arn:aws:iam::123456789012:root');
    const other = await sts('test').send(new GetCallerIdentityCommand({}));
    assert.equal(other.Account, '000000000000');
  });

  test('another STS action answers NotImplemented naming it', async () => {
    await assert.rejects(sts('test').send(new GetSessionTokenCommand({})), (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(err.name, 'NotImplemented');
      assert.match(err.message, /sts operation GetSessionToken/);
      assert.equal(err.$metadata?.httpStatusCode, 501);
      return true;
    });
  });
});

describe('STS in strict mode', () => {
  let g: TestGatehouse;
  before(async () => {
    g = await startTestGatehouse({ inMemory: true, auth: 'strict', credentials: 'AKIDSTS:right-secret:210987654321' });
  });
  after(() => g.stop());

  test('a correctly signed call is answered, a forged one refused', async () => {
    const good = new STSClient({ ...g.clientConfig({ accessKeyId: 'AKIDSTS', secretAccessKey: 'right-secret' }), maxAttempts: 1 });
    assert.equal((await good.send(new GetCallerIdentityCommand({}))).Account, '210987654321');
    const forged = new STSClient({ ...g.clientConfig({ accessKeyId: 'AKIDSTS', secretAccessKey: 'wrong-secret' }), maxAttempts: 1 });
    await assert.rejects(forged.send(new GetCallerIdentityCommand({})), (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(err.$metadata?.httpStatusCode, 403);
      assert.match(err.message, /signature/i);
      return true;
    });
  });
});
