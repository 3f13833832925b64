/**
 * Client certificates, VPC links, the account and tags through the real SDK: the parts of these
 * resources the recordings do not cover (test/parity/domains-vpclinks.test.ts has the VPC link
 * recordings).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import {
  CreateApiKeyCommand,
  CreateDeploymentCommand,
  CreateUsagePlanCommand,
  GetApiKeyCommand,
  GetUsagePlanCommand,
  CreateDomainNameCommand,
  CreateVpcLinkCommand,
  DeleteClientCertificateCommand,
  GenerateClientCertificateCommand,
  GetAccountCommand,
  GetClientCertificateCommand,
  GetClientCertificatesCommand,
  GetRestApiCommand,
  GetStageCommand,
  GetTagsCommand,
  GetVpcLinkCommand,
  GetVpcLinksCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAccountCommand,
  UpdateClientCertificateCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import { createRestApi, useGatehouse } from '../helpers/gatehouse.js';

const REGION = 'us-west-2';
const ACCOUNT = '000000000000';
const server = useGatehouse({ inMemory: true }, { region: REGION });
const nlb = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/net/my-nlb/50dc6c495c0c9188`;

const errorOf = async (call: Promise<unknown>) => {
  try {
    await call;
  } catch (err) {
    return err as Error & { $metadata: { httpStatusCode?: number } };
  }
  assert.fail('expected the call to fail');
};

async function deployedStage(): Promise<{ restApiId: string; stageName: string }> {
  const { restApiId, rootId } = await createRestApi(server.client, 'tagged');
  await server.client.send(new PutMethodCommand({ restApiId, resourceId: rootId, httpMethod: 'GET', authorizationType: 'NONE' }));
  await server.client.send(new PutIntegrationCommand({ restApiId, resourceId: rootId, httpMethod: 'GET', type: 'MOCK' }));
  await server.client.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }));
  return { restApiId, stageName: 'prod' };
}

describe('client certificates', () => {
  test('a generated certificate is a real PEM, valid for one year from its creation', async () => {
    const created = await server.client.send(new GenerateClientCertificateCommand({ description: 'backend auth', tags: { env: 'test' } }));
    assert.match(created.clientCertificateId!, /^[a-z0-9]{6}$/);
    assert.equal(created.description, 'backend auth');
    assert.deepEqual(created.tags, { env: 'test' });
    const cert = new X509Certificate(created.pemEncodedCertificate!);
    assert.equal(new Date(cert.validFrom).getTime(), created.createdDate!.getTime());
    assert.equal(new Date(cert.validTo).getTime(), created.expirationDate!.getTime());
    assert.equal(created.expirationDate!.getTime() - created.createdDate!.getTime(), 365 * 24 * 3600 * 1000);
    assert.ok(cert.verify(cert.publicKey), 'self-signed');
    assert.equal(cert.publicKey.asymmetricKeyType, 'rsa');
    assert.ok(!JSON.stringify(created).includes('PRIVATE KEY'), 'the private key is never answered');

    const got = await server.client.send(new GetClientCertificateCommand({ clientCertificateId: created.clientCertificateId }));
    assert.equal(got.pemEncodedCertificate, created.pemEncodedCertificate);
    const listed = await server.client.send(new GetClientCertificatesCommand({}));
    assert.ok(listed.items?.some((c) => c.clientCertificateId === created.clientCertificateId));
    const updated = await server.client.send(
      new UpdateClientCertificateCommand({ clientCertificateId: created.clientCertificateId, patchOperations: [{ op: 'replace', path: '/description', value: 'renamed' }] }),
    );
    assert.equal(updated.description, 'renamed');
  });

  test('two certificates have different keys', async () => {
    const a = await server.client.send(new GenerateClientCertificateCommand({}));
    const b = await server.client.send(new GenerateClientCertificateCommand({}));
    assert.notEqual(new X509Certificate(a.pemEncodedCertificate!).fingerprint256, new X509Certificate(b.pemEncodedCertificate!).fingerprint256);
  });

  test('a certificate a stage presents cannot be deleted until the stage lets go of it', async () => {
    const { restApiId, stageName } = await deployedStage();
    const { clientCertificateId } = await server.client.send(new GenerateClientCertificateCommand({}));
    await server.client.send(new UpdateStageCommand({ restApiId, stageName, patchOperations: [{ op: 'replace', path: '/clientCertificateId', value: clientCertificateId }] }));
    const refused = await errorOf(server.client.send(new DeleteClientCertificateCommand({ clientCertificateId })));
    assert.equal(refused.name, 'BadRequestException');
    assert.match(refused.message, new RegExp(`${restApiId}:${stageName}`));
    await server.client.send(new UpdateStageCommand({ restApiId, stageName, patchOperations: [{ op: 'replace', path: '/clientCertificateId', value: '' }] }));
    await server.client.send(new DeleteClientCertificateCommand({ clientCertificateId }));
    const gone = await errorOf(server.client.send(new GetClientCertificateCommand({ clientCertificateId })));
    assert.equal(gone.name, 'NotFoundException');
  });
});

describe('vpc links', () => {
  test('tags given at creation are answered; links page with limit and position', async () => {
    const tagged = await server.client.send(new CreateVpcLinkCommand({ name: 'tagged', targetArns: [nlb], tags: { team: 'net' }, description: 'd' }));
    assert.equal(tagged.status, 'PENDING');
    assert.deepEqual(tagged.tags, { team: 'net' });
    await server.client.send(new CreateVpcLinkCommand({ name: 'second', targetArns: [nlb] }));
    const first = await server.client.send(new GetVpcLinksCommand({ limit: 1 }));
    assert.equal(first.items?.length, 1);
    assert.ok(first.position);
    const next = await server.client.send(new GetVpcLinksCommand({ limit: 1, position: first.position }));
    assert.notEqual(next.items?.[0].id, first.items?.[0].id);
    const got = await server.client.send(new GetVpcLinkCommand({ vpcLinkId: tagged.id }));
    assert.deepEqual([got.status, got.statusMessage, got.description], ['AVAILABLE', 'Your vpc link is ready for use', 'd']);
  });
});

describe('account', () => {
  test('a fresh account answers AWS defaults; the CloudWatch role is set and checked', async () => {
    const fresh = await server.client.send(new GetAccountCommand({}));
    assert.deepEqual(
      { throttleSettings: fresh.throttleSettings, features: fresh.features, apiKeyVersion: fresh.apiKeyVersion, cloudwatchRoleArn: fresh.cloudwatchRoleArn },
      { throttleSettings: { burstLimit: 5000, rateLimit: 10000 }, features: ['UsagePlans'], apiKeyVersion: '4', cloudwatchRoleArn: undefined },
    );
    const role = `arn:aws:iam::${ACCOUNT}:role/apigateway-cloudwatch`;
    const updated = await server.client.send(new UpdateAccountCommand({ patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value: role }] }));
    assert.equal(updated.cloudwatchRoleArn, role);
    const bad = await errorOf(server.client.send(new UpdateAccountCommand({ patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value: 'not-an-arn' }] })));
    assert.equal(bad.message, 'The role ARN is not well formed');
    const noRemove = await errorOf(server.client.send(new UpdateAccountCommand({ patchOperations: [{ op: 'remove', path: '/features', value: 'UsagePlans' }] })));
    assert.equal(noRemove.name, 'BadRequestException');
    assert.equal((await server.client.send(new GetAccountCommand({}))).cloudwatchRoleArn, role);
  });

  test('each region has its own account settings', async () => {
    const other = server.g.apigateway({ region: 'eu-central-1' });
    try {
      const got = await other.send(new GetAccountCommand({}));
      assert.equal(got.cloudwatchRoleArn, undefined);
    } finally {
      other.destroy();
    }
  });
});

describe('tags', () => {
  test('a REST API and its stage are tagged, listed and untagged by ARN; the resource shows its tags', async () => {
    const { restApiId, stageName } = await deployedStage();
    const apiArn = `arn:aws:apigateway:${REGION}::/restapis/${restApiId}`;
    await server.client.send(new TagResourceCommand({ resourceArn: apiArn, tags: { owner: 'alice', cost: '42' } }));
    assert.deepEqual((await server.client.send(new GetTagsCommand({ resourceArn: apiArn }))).tags, { owner: 'alice', cost: '42' });
    assert.deepEqual((await server.client.send(new GetRestApiCommand({ restApiId }))).tags, { owner: 'alice', cost: '42' });
    await server.client.send(new UntagResourceCommand({ resourceArn: apiArn, tagKeys: ['cost'] }));
    assert.deepEqual((await server.client.send(new GetTagsCommand({ resourceArn: apiArn }))).tags, { owner: 'alice' });

    const stageArn = `${apiArn}/stages/${stageName}`;
    await server.client.send(new TagResourceCommand({ resourceArn: stageArn, tags: { tier: 'gold' } }));
    assert.deepEqual((await server.client.send(new GetStageCommand({ restApiId, stageName }))).tags, { tier: 'gold' });
    assert.deepEqual((await server.client.send(new GetTagsCommand({ resourceArn: stageArn }))).tags, { tier: 'gold' }, 'no inherited tags');
  });

  test('domain names, client certificates and VPC links take tags by their ARNs', async () => {
    const domain = await server.client.send(
      new CreateDomainNameCommand({ domainName: 'tags.example.com', regionalCertificateArn: `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/abc`, endpointConfiguration: { types: ['REGIONAL'] } }),
    );
    const cert = await server.client.send(new GenerateClientCertificateCommand({}));
    const link = await server.client.send(new CreateVpcLinkCommand({ name: 'l', targetArns: [nlb] }));
    const arns = [
      domain.domainNameArn!,
      `arn:aws:apigateway:${REGION}::/clientcertificates/${cert.clientCertificateId}`,
      `arn:aws:apigateway:${REGION}::/vpclinks/${link.id}`,
    ];
    for (const resourceArn of arns) {
      await server.client.send(new TagResourceCommand({ resourceArn, tags: { k: resourceArn.length.toString() } }));
      assert.deepEqual((await server.client.send(new GetTagsCommand({ resourceArn }))).tags, { k: resourceArn.length.toString() });
    }
    assert.deepEqual((await server.client.send(new GetVpcLinkCommand({ vpcLinkId: link.id }))).tags, { k: arns[2].length.toString() });
  });

  test('API keys and usage plans take tags by their ARNs', async () => {
    const key = await server.client.send(new CreateApiKeyCommand({ name: 'tagged-key' }));
    const plan = await server.client.send(new CreateUsagePlanCommand({ name: 'tagged-plan' }));
    const keyArn = `arn:aws:apigateway:${REGION}::/apikeys/${key.id}`;
    const planArn = `arn:aws:apigateway:${REGION}::/usageplans/${plan.id}`;
    await server.client.send(new TagResourceCommand({ resourceArn: keyArn, tags: { owner: 'key' } }));
    await server.client.send(new TagResourceCommand({ resourceArn: planArn, tags: { owner: 'plan' } }));
    assert.deepEqual((await server.client.send(new GetApiKeyCommand({ apiKey: key.id }))).tags, { owner: 'key' });
    assert.deepEqual((await server.client.send(new GetUsagePlanCommand({ usagePlanId: plan.id }))).tags, { owner: 'plan' });
    await server.client.send(new UntagResourceCommand({ resourceArn: planArn, tagKeys: ['owner'] }));
    assert.deepEqual((await server.client.send(new GetTagsCommand({ resourceArn: planArn }))).tags, {});
  });

  test('AWS limits: no aws: prefix, keys up to 128, values up to 256, at most 50 tags; nothing half-applied', async () => {
    const link = await server.client.send(new CreateVpcLinkCommand({ name: 'limits', targetArns: [nlb] }));
    const resourceArn = `arn:aws:apigateway:${REGION}::/vpclinks/${link.id}`;
    const reserved = await errorOf(server.client.send(new TagResourceCommand({ resourceArn, tags: { ok: '1', 'AWS:name': 'x' } })));
    assert.equal(reserved.message, "Invalid tag key. Tag keys cannot start with 'aws:' (case insensitive)");
    assert.equal(reserved.name, 'BadRequestException');
    assert.equal((await errorOf(server.client.send(new TagResourceCommand({ resourceArn, tags: { ['k'.repeat(129)]: 'v' } })))).name, 'BadRequestException');
    assert.equal((await errorOf(server.client.send(new TagResourceCommand({ resourceArn, tags: { k: 'v'.repeat(257) } })))).name, 'BadRequestException');
    const forty = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`a${i}`, 'v']));
    await server.client.send(new TagResourceCommand({ resourceArn, tags: forty }));
    const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`b${i}`, 'v']));
    const tooMany = await errorOf(server.client.send(new TagResourceCommand({ resourceArn, tags: eleven })));
    assert.equal(tooMany.name, 'BadRequestException');
    assert.equal(Object.keys((await server.client.send(new GetTagsCommand({ resourceArn }))).tags ?? {}).length, 40);
  });

  test('unknown resources are not found; another region is not here; a malformed ARN is a bad request', async () => {
    const missing = await errorOf(server.client.send(new GetTagsCommand({ resourceArn: `arn:aws:apigateway:${REGION}::/restapis/nosuchapi1` })));
    assert.equal(missing.name, 'NotFoundException');
    const link = await server.client.send(new CreateVpcLinkCommand({ name: 'elsewhere', targetArns: [nlb] }));
    const otherRegion = await errorOf(server.client.send(new GetTagsCommand({ resourceArn: `arn:aws:apigateway:eu-west-1::/vpclinks/${link.id}` })));
    assert.equal(otherRegion.name, 'NotFoundException');
    const malformed = await errorOf(server.client.send(new TagResourceCommand({ resourceArn: 'not-an-arn', tags: { a: 'b' } })));
    assert.equal(malformed.name, 'BadRequestException');
    const untaggable = await errorOf(server.client.send(new GetTagsCommand({ resourceArn: `arn:aws:apigateway:${REGION}::/restapis/abc/resources/def` })));
    assert.equal(untaggable.name, 'BadRequestException');
  });
});
