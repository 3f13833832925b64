/**
 * What a stage names and what names it: a client certificate and a documentation version must
 * exist to be set on a stage (an empty value clears them); a stage or API served by a custom
 * domain's base path mapping cannot be deleted until the mapping goes (AWS's wording as users
 * quote it); deleting a stage takes it out of usage plans.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBasePathMappingCommand,
  CreateDeploymentCommand,
  CreateDocumentationVersionCommand,
  CreateDomainNameCommand,
  CreateStageCommand,
  DeleteBasePathMappingCommand,
  DeleteRestApiCommand,
  DeleteStageCommand,
  GenerateClientCertificateCommand,
  GetStageCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import { createRestApi, useGatehouse } from '../helpers/gatehouse.js';

const server = useGatehouse({ inMemory: true });

async function deployedApi() {
  const client = server.client;
  const { restApiId, rootId } = await createRestApi(client, 'refs');
  await client.send(new PutMethodCommand({ restApiId, resourceId: rootId, httpMethod: 'GET', authorizationType: 'NONE' }));
  await client.send(new PutIntegrationCommand({ restApiId, resourceId: rootId, httpMethod: 'GET', type: 'MOCK' }));
  await client.send(new CreateDeploymentCommand({ restApiId, stageName: 'dev' }));
  return restApiId;
}

const errorOf = async (call: Promise<unknown>) => {
  try {
    await call;
  } catch (err) {
    return err as Error;
  }
  assert.fail('expected a refusal');
};

test('a stage names only client certificates and documentation versions that exist; empty clears them', async () => {
  const client = server.client;
  const restApiId = await deployedApi();
  const { id: deploymentId } = await client.send(new CreateDeploymentCommand({ restApiId }));
  const badCreate = await errorOf(client.send(new CreateStageCommand({ restApiId, stageName: 'x', deploymentId, documentationVersion: 'nope' })));
  assert.equal(badCreate.name, 'BadRequestException');
  assert.equal(badCreate.message, 'Invalid Documentation version specified');
  assert.equal((await errorOf(client.send(new GetStageCommand({ restApiId, stageName: 'x' })))).name, 'NotFoundException', 'nothing created');

  const badCertificate = await errorOf(
    client.send(new UpdateStageCommand({ restApiId, stageName: 'dev', patchOperations: [{ op: 'replace', path: '/clientCertificateId', value: 'nope' }] })),
  );
  assert.equal(badCertificate.message, 'Invalid Client Certificate identifier specified');

  const { clientCertificateId } = await client.send(new GenerateClientCertificateCommand({}));
  await client.send(new CreateDocumentationVersionCommand({ restApiId, documentationVersion: 'v1' }));
  const set = await client.send(
    new UpdateStageCommand({
      restApiId,
      stageName: 'dev',
      patchOperations: [
        { op: 'replace', path: '/clientCertificateId', value: clientCertificateId },
        { op: 'replace', path: '/documentationVersion', value: 'v1' },
      ],
    }),
  );
  assert.equal(set.clientCertificateId, clientCertificateId);
  assert.equal(set.documentationVersion, 'v1');
  const cleared = await client.send(
    new UpdateStageCommand({ restApiId, stageName: 'dev', patchOperations: [{ op: 'replace', path: '/clientCertificateId', value: '' }] }),
  );
  assert.equal(cleared.clientCertificateId, undefined);
});

test('a mapped stage or API cannot be deleted until its base path mapping goes', async () => {
  const client = server.client;
  const restApiId = await deployedApi();
  const domainName = 'refs.example.com';
  await client.send(new CreateDomainNameCommand({ domainName, certificateArn: 'arn:aws:acm:us-east-1:000000000000:certificate/abc' }));
  await client.send(new CreateBasePathMappingCommand({ domainName, basePath: 'v1', restApiId, stage: 'dev' }));

  const stageRefused = await errorOf(client.send(new DeleteStageCommand({ restApiId, stageName: 'dev' })));
  assert.equal(stageRefused.name, 'BadRequestException');
  assert.equal(stageRefused.message, 'Deleting stage dev failed. Please remove all base path mappings related to the stage in your domain.');
  const apiRefused = await errorOf(client.send(new DeleteRestApiCommand({ restApiId })));
  assert.equal(apiRefused.message, `Deleting RestApi ${restApiId} failed. Please remove all base path mappings related to the RestApi in your domains: ${domainName}.`);
  assert.equal((await client.send(new GetStageCommand({ restApiId, stageName: 'dev' }))).stageName, 'dev', 'nothing deleted');

  await client.send(new DeleteBasePathMappingCommand({ domainName, basePath: 'v1' }));
  await client.send(new DeleteStageCommand({ restApiId, stageName: 'dev' }));
  await client.send(new DeleteRestApiCommand({ restApiId }));
});
